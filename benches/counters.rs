//! Several counters on one shop, measured as the shop runs them: COUNTERS `kaidan load`
//! processes (default 8) take orders for SECONDS (default 60) on a shared, scarce product range,
//! each carrying its orders through submit, confirm, ship, invoice and pay while deliveries come
//! in — once on one SQLite file and once on a PostgreSQL server database when
//! `KAIDAN_TEST_POSTGRES` names one (a fresh schema of it). Prints, per engine and step, how
//! many went through and were refused, the rate per second and the p50/p99/max latency of one
//! step as the counter saw it (the whole call: checks, locks, writes, commit).
//!
//! `cargo bench --bench counters` (environment: `KAIDAN_LOAD_COUNTERS`, `KAIDAN_LOAD_SECONDS`).
//! The books are checked by `tests/counters.rs` (the same load for ten seconds in `cargo test`).

use kaidan::load::{Report, percentile, run_counters};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn env_number(name: &str, default: f64) -> f64 {
    std::env::var(name).ok().and_then(|text| text.parse().ok()).unwrap_or(default)
}

fn table(engine: &str, reports: &[Report], seconds: f64) {
    let mut steps: BTreeMap<String, (u64, u64, u64, Vec<u64>)> = BTreeMap::new();
    for report in reports {
        for (step, stats) in &report.steps {
            let entry = steps.entry(step.clone()).or_default();
            entry.0 += stats.ok;
            entry.1 += stats.refused;
            entry.2 += stats.failed;
            entry.3.extend(&stats.micros);
        }
    }
    println!("\n{engine}: {} counters, {seconds} s", reports.len());
    println!("| step | done | refused | failed | per second | p50 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for report in reports {
        for (step, stats) in &report.steps {
            for error in &stats.errors {
                println!("failed {step}: {error}");
            }
        }
    }
    for (step, (ok, refused, failed, micros)) in &mut steps {
        let max = micros.iter().copied().max().unwrap_or(0);
        println!(
            "| {step} | {ok} | {refused} | {failed} | {:.1} | {:.1} | {:.1} | {:.1} |",
            *ok as f64 / seconds,
            percentile(micros, 50.0) as f64 / 1000.0,
            percentile(micros, 99.0) as f64 / 1000.0,
            max as f64 / 1000.0
        );
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs this once quickly.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let counters = env_number("KAIDAN_LOAD_COUNTERS", 8.0) as usize;
    let seconds = if quick { 1.0 } else { env_number("KAIDAN_LOAD_SECONDS", 60.0) };
    let dir = tempfile::tempdir().expect("dir");
    let file: PathBuf = dir.path().join("counters.sqlite3");
    let program = Path::new(env!("CARGO_BIN_EXE_kaidan"));
    table("SQLite file", &run_counters(program, &file, counters, seconds).expect("the counters on a file"), seconds);
    if let Some(base) = std::env::var("KAIDAN_TEST_POSTGRES").ok().filter(|url| !url.trim().is_empty()) {
        let url = PathBuf::from(kaidan::store::server::fresh_schema(&base).expect("a fresh schema"));
        table("PostgreSQL (local server)", &run_counters(program, &url, counters, seconds).expect("the counters on the server"), seconds);
    } else {
        println!("\nPostgreSQL: KAIDAN_TEST_POSTGRES is not set; only the file was measured.");
    }
}
