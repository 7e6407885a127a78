//! The full background scan on the large demo database: `Store::detect_scans(today)` (every
//! set-based scan query, read only) and `Store::run_scans` (detect, then bring the exception
//! inbox in line in one transaction), as the app's background thread runs it every 5 minutes.
//! Both run on a private COPY of the large database (run_scans writes), made once per process
//! with `Store::backup_to`; the time of that copy is printed as the "backup of the large file"
//! figure. The demo fill already ran the scans for the same day, so the measured runs are the
//! steady state: every condition re-detected, few exceptions opened or resolved.
//!
//! Run: `cargo bench --bench scans`.

mod support;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::time::Instant;

fn scans(c: &mut Criterion) {
    let large = support::large_db();
    // Declared before the store so that the store is closed before the copy is deleted.
    let copy = support::copy_db(&large);
    let mut store = support::open(&copy.path);
    let today = support::today();
    let now = support::now();

    let started = Instant::now();
    let found = store.detect_scans(today).expect("detect_scans on the copy");
    let detect_took = started.elapsed();
    let total: usize = found.iter().map(|found| found.hits.len()).sum();
    let per_code: Vec<String> = found.iter().map(|found| format!("{}={}", found.code.as_str(), found.hits.len())).collect();
    eprintln!("kaidan bench: detect_scans found {total} subjects in {} (first run): {}", support::ms(detect_took), per_code.join(", "));
    let started = Instant::now();
    let report = store.run_scans(today, &now, "admin").expect("run_scans on the copy");
    eprintln!(
        "kaidan bench: run_scans opened {} and resolved {} exceptions in {} (first run)",
        report.opened(),
        report.resolved(),
        support::ms(started.elapsed())
    );

    let mut group = c.benchmark_group("scans");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("detect_scans (read only)", |b| b.iter(|| store.detect_scans(today).expect("detect_scans")));
    group.bench_function("run_scans (detect + sync, one transaction)", |b| {
        b.iter(|| store.run_scans(today, &now, "admin").expect("run_scans"))
    });
    group.finish();

    drop(store);
    drop(copy);
}

criterion_group!(benches, scans);
criterion_main!(benches);
