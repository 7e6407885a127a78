//! Import of 100,000 products from CSV into a fresh, empty database, as `kaidan import products`
//! does it: `tabular::read_table` (read, decode, split), `tabular::parse_products` (validate
//! every row) and `Store::import_products` (one transaction: insert each product with its search
//! key, opening-stock ledger row and audit row). Each iteration gets a new file-backed Store in
//! `target/bench/tmp` (created and migrated outside the timing).
//!
//! The CSV is generated once into `target/bench/products100k.csv` (columns sku, name, spec,
//! unit, price, min_price, cost, stock, reorder_point, active, divisible; Chinese and English
//! names mixed). Reference, printed once before criterion runs: when the `sqlite3` command-line
//! tool is on PATH, `sqlite3 NEW.db ".import --csv FILE products_raw"` (a raw load of the same
//! file, no validation, no indexes) is timed next to one run of ours and the ratio printed.
//!
//! Run: `cargo bench --bench import`.

mod support;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use kaidan::i18n::Lang;
use kaidan::store::Store;
use kaidan::tabular;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const ROWS: usize = 100_000;
const FILE_NAME: &str = "products100k.csv";

const NAMES: &[&str] = &[
    "不锈钢螺栓",
    "六角螺母",
    "膨胀螺丝",
    "自攻螺丝",
    "铜芯电线",
    "LED灯泡",
    "签字笔",
    "A4复印纸",
    "电工胶带",
    "PVC水管",
    "Packing Tape",
    "Cordless Drill",
    "Safety Helmet",
    "活动扳手",
    "卷尺",
    "矿泉水",
    "Stainless Steel Bolt",
    "食用花生油",
];
const SPECS: &[&str] =
    &["M6×30 (100个/盒)", "M8×40 (100个/盒)", "18mm×10m 黑色", "DN25", "E27 12W 冷白", "0.5mm 黑色 (12支/盒)", "5m×19mm", "48mm×100m", ""];
/// (unit, divisible)
const UNITS: &[(&str, bool)] = &[("盒", false), ("pcs", false), ("箱", false), ("roll", false), ("m", true), ("kg", true), ("瓶", false)];

/// The CSV path, generated on first use.
fn csv_path() -> PathBuf {
    let path = support::bench_dir().join(FILE_NAME);
    if !path.is_file() {
        write_csv(&path);
    }
    path
}

/// `1234` cents → `12.34`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Write the 100k-row CSV to `PATH.partial`, then rename it.
fn write_csv(path: &Path) {
    std::fs::create_dir_all(support::bench_dir()).expect("create target/bench");
    let partial = path.with_extension("csv.partial");
    let started = Instant::now();
    {
        let mut writer = csv::Writer::from_path(&partial).unwrap_or_else(|error| panic!("cannot create {}: {error}", partial.display()));
        writer
            .write_record(["sku", "name", "spec", "unit", "price", "min_price", "cost", "stock", "reorder_point", "active", "divisible"])
            .expect("write the CSV header");
        for index in 0..ROWS {
            // A cheap deterministic mix (Knuth's multiplicative hash) for varied but fixed values.
            let mix = (index as u64).wrapping_mul(2_654_435_761) % 1_000_003;
            let name = format!("{} {:05}", NAMES[mix as usize % NAMES.len()], index + 1);
            let spec = SPECS[(mix / 7) as usize % SPECS.len()];
            let (unit, divisible) = UNITS[(mix / 13) as usize % UNITS.len()];
            let price = 50 + mix % 200_000;
            let min_price = price * 70 / 100;
            let cost = min_price * 85 / 100;
            let stock = if divisible { format!("{}.5", mix % 500) } else { (mix % 500).to_string() };
            let record = [
                format!("Q{:06}", index + 1),
                name,
                spec.to_string(),
                unit.to_string(),
                money(price),
                if mix.is_multiple_of(10) { String::new() } else { money(min_price) },
                if mix.is_multiple_of(20) { String::new() } else { money(cost) },
                stock,
                (mix % 50).to_string(),
                if index % 200 == 199 { "false".to_string() } else { "true".to_string() },
                divisible.to_string(),
            ];
            writer.write_record(&record).expect("write a CSV row");
        }
        writer.flush().expect("flush the CSV");
    }
    std::fs::rename(&partial, path).unwrap_or_else(|error| panic!("cannot rename {} to {}: {error}", partial.display(), path.display()));
    eprintln!(
        "kaidan bench: wrote {} ({ROWS} products, {}) in {:.2} s",
        path.display(),
        support::size_text(support::file_size(path)),
        started.elapsed().as_secs_f64()
    );
}

/// A new, empty, migrated database file (the Store first, so it is closed before its directory
/// is removed).
fn fresh_store() -> (Store, tempfile::TempDir) {
    let dir = support::temp_dir("import-");
    let path = dir.path().join("import.sqlite3");
    let store = Store::open(&path).unwrap_or_else(|error| panic!("cannot create {}: {error}", path.display()));
    (store, dir)
}

/// Read, parse and import the CSV; returns how many products were inserted.
fn import_all(store: &mut Store, csv: &Path, now: &str) -> usize {
    let table = tabular::read_table(csv).unwrap_or_else(|error| panic!("cannot read {}: {error}", csv.display()));
    let records = tabular::parse_products(&table, Lang::En).unwrap_or_else(|errors| {
        let first: Vec<String> = errors.iter().take(5).map(ToString::to_string).collect();
        panic!("{} rows of {} failed to parse, e.g.:\n{}", errors.len(), csv.display(), first.join("\n"))
    });
    let report = store.import_products(FILE_NAME, "", &records, "admin", now).unwrap_or_else(|error| panic!("import failed: {error}"));
    report.inserted
}

/// The `sqlite3 .import` reference (see the module docs); printed, not a criterion bench.
fn reference_sqlite3(csv: &Path, now: &str) {
    let available = Command::new("sqlite3").arg("--version").output().map(|output| output.status.success()).unwrap_or(false);
    if !available {
        eprintln!("kaidan bench: no sqlite3 command-line tool on PATH (which sqlite3); skipping the .import reference");
        return;
    }
    let (mut store, dir) = fresh_store();
    let started = Instant::now();
    let inserted = import_all(&mut store, csv, now);
    let ours = started.elapsed();
    drop(store);
    drop(dir);

    let dir = support::temp_dir("sqlite3-import-");
    let db = dir.path().join("raw.sqlite3");
    let started = Instant::now();
    let output = Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv \"{}\" products_raw", csv.display()))
        .output()
        .expect("run sqlite3 .import");
    let raw = started.elapsed();
    if !output.status.success() || !output.stderr.is_empty() {
        eprintln!(
            "kaidan bench: sqlite3 .import failed or complained ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
        return;
    }
    let counted = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT COUNT(*) FROM products_raw")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .unwrap_or_default();
    eprintln!(
        "kaidan bench: import reference, one run each: kaidan {inserted} products in {:.2} s; sqlite3 .import {counted} rows in {:.2} s; \
         ratio kaidan / sqlite3 = {:.1}",
        ours.as_secs_f64(),
        raw.as_secs_f64(),
        ours.as_secs_f64() / raw.as_secs_f64().max(1e-9)
    );
}

fn import(c: &mut Criterion) {
    let csv = csv_path();
    let now = support::now();
    reference_sqlite3(&csv, &now);

    let mut group = c.benchmark_group("import");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("100k products from CSV (read_table + parse_products + import_products)", |b| {
        b.iter_batched(
            fresh_store,
            |(mut store, dir)| {
                let inserted = import_all(&mut store, &csv, &now);
                assert_eq!(inserted, ROWS, "every product is new");
                (store, dir)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
