//! Shared set-up of the benches (not a bench itself): the large demo database, built once and
//! reused by every bench; a small one for smoke runs; temporary copies for benches that write;
//! the realistic 50-line order of the live-check benches; the column lists of the raw-SQLite
//! reference queries; and a per-call latency printer (criterion reports means and medians of
//! samples, not p99 of single calls).
//!
//! Environment:
//! - `KAIDAN_BENCH_DB=PATH`: the large database (default `target/bench/large.sqlite3` under the
//!   crate). When the file does not exist it is built once: seed 7, 100,000 customers, 50,000
//!   products, 1,000,000 orders, today 2026-11-20. The build writes `PATH.partial` and renames it
//!   at the end, so an interrupted build is never reused.
//!   It may also be a PostgreSQL URL of a server database holding that shop (moved there with
//!   `kaidan --db URL restore large.sqlite3`): the benches that read then run on the server.
//! - `KAIDAN_BENCH_SMALL=1`: every bench uses the small default-size demo
//!   (`target/bench/small.sqlite3`) instead, for a quick smoke run.

#![allow(dead_code)]

use chrono::NaiveDate;
use kaidan::domain::order::{LineInput, OrderInput};
use kaidan::store::Store;
use kaidan::store::demo::DemoSize;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The demo seed of the bench databases.
pub const SEED: u64 = 7;

/// The "today" of the bench databases and of every call measured on them.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("2026-11-20 is a valid date")
}

/// The instant written into rows by benches that write (the demo's own "now").
pub fn now() -> String {
    format!("{}T19:00:00", today())
}

/// The size of the large demo shop.
pub fn large_size() -> DemoSize {
    DemoSize { customers: 100_000, products: 50_000, orders: 1_000_000 }
}

/// `target/bench` under the crate: bench databases, the import CSV and temporary copies.
pub fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("bench")
}

/// Whether `KAIDAN_BENCH_SMALL` asks for the small database.
pub fn small_requested() -> bool {
    std::env::var("KAIDAN_BENCH_SMALL").is_ok_and(|value| !value.trim().is_empty() && value.trim() != "0")
}

/// The large demo database (see the module docs), built on first use.
pub fn large_db() -> PathBuf {
    if small_requested() {
        eprintln!("kaidan bench: KAIDAN_BENCH_SMALL is set: using the small demo database, not the large one");
        return small_db();
    }
    let path = std::env::var_os("KAIDAN_BENCH_DB").map(PathBuf::from).unwrap_or_else(|| bench_dir().join("large.sqlite3"));
    // A server database (the large file moved there with `restore`) is used as it is.
    if kaidan::store::server_url(&path).is_none() {
        ensure_demo(&path, &large_size(), "large");
    }
    path
}

/// The small demo database (default demo size, seed 7, same today), built on first use.
pub fn small_db() -> PathBuf {
    let path = bench_dir().join("small.sqlite3");
    ensure_demo(&path, &DemoSize::default(), "small");
    path
}

/// `path` with `suffix` appended to its file name (`x.sqlite3` → `x.sqlite3.partial`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The size of a file in bytes (0 when it cannot be read).
pub fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0)
}

/// `123456789 bytes (117.7 MiB)`.
pub fn size_text(bytes: u64) -> String {
    format!("{bytes} bytes ({:.1} MiB)", bytes as f64 / (1024.0 * 1024.0))
}

/// Build the demo database at `path` unless it already exists.
fn ensure_demo(path: &Path, size: &DemoSize, label: &str) {
    if path.is_file() {
        return;
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("cannot create {}: {error}", parent.display()));
    }
    let partial = with_suffix(path, ".partial");
    for stale in [partial.clone(), with_suffix(&partial, "-wal"), with_suffix(&partial, "-shm")] {
        if stale.exists() {
            std::fs::remove_file(&stale).unwrap_or_else(|error| panic!("cannot remove the interrupted build {}: {error}", stale.display()));
        }
    }
    eprintln!(
        "kaidan bench: building the {label} demo database {} (seed {SEED}, {} customers, {} products, {} orders, today {}); \
         this happens once",
        path.display(),
        size.customers,
        size.products,
        size.orders,
        today()
    );
    let started = Instant::now();
    {
        let mut store = Store::open(&partial).unwrap_or_else(|error| panic!("cannot create {}: {error}", partial.display()));
        let report = kaidan::ops::fill_demo(&mut store, SEED, size, today())
            .unwrap_or_else(|error| panic!("the demo fill of {} failed: {error}", partial.display()));
        eprintln!(
            "kaidan bench: filled {} customers, {} products, {} orders, {} invoices, {} payments; {} open exceptions",
            report.customers, report.products, report.orders, report.invoices, report.payments, report.exceptions
        );
        // Dropping the store closes the last connection: SQLite checkpoints the WAL into the
        // main file and deletes it (fill_demo already ended with a TRUNCATE checkpoint).
    }
    let took = started.elapsed();
    // Should a WAL survive the close, it must travel with the main file.
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(&partial, suffix);
        if side.exists() {
            let target = with_suffix(path, suffix);
            std::fs::rename(&side, &target)
                .unwrap_or_else(|error| panic!("cannot rename {} to {}: {error}", side.display(), target.display()));
        }
    }
    std::fs::rename(&partial, path).unwrap_or_else(|error| panic!("cannot rename {} to {}: {error}", partial.display(), path.display()));
    eprintln!("kaidan bench: demo build of {} took {:.1} s; file size {}", path.display(), took.as_secs_f64(), size_text(file_size(path)));
}

/// Open a bench database as the app does (migrations, `PRAGMA quick_check`, WAL).
pub fn open(path: &Path) -> Store {
    let started = Instant::now();
    let store = Store::open(path).unwrap_or_else(|error| panic!("cannot open {}: {error}", path.display()));
    eprintln!("kaidan bench: Store::open({}) took {:.2} s (includes PRAGMA quick_check)", path.display(), started.elapsed().as_secs_f64());
    store
}

/// A temporary directory under `target/bench/tmp` (same disk as the databases, never a tmpfs),
/// removed when dropped.
pub fn temp_dir(prefix: &str) -> tempfile::TempDir {
    let root = bench_dir().join("tmp");
    std::fs::create_dir_all(&root).unwrap_or_else(|error| panic!("cannot create {}: {error}", root.display()));
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(&root)
        .unwrap_or_else(|error| panic!("cannot create a temporary directory in {}: {error}", root.display()))
}

/// A private copy of a bench database for benches that write. Drop every `Store` opened on
/// `path` before dropping the copy (declare the copy first).
pub struct DbCopy {
    pub path: PathBuf,
    /// How long the online backup took (`Store::backup_to`, what `kaidan backup` runs).
    pub took: Duration,
    pub dir: tempfile::TempDir,
}

/// Copy `source` with `Store::backup_to` (SQLite's online backup API) into a temporary
/// directory, printing how long the backup took: the "backup of the large file" figure.
pub fn copy_db(source: &Path) -> DbCopy {
    let dir = temp_dir("copy-");
    let path = dir.path().join("copy.sqlite3");
    let store = open(source);
    let started = Instant::now();
    store.backup_to(&path).unwrap_or_else(|error| panic!("cannot back {} up to {}: {error}", source.display(), path.display()));
    let took = started.elapsed();
    drop(store);
    eprintln!(
        "kaidan bench: backup of {} ({}) with Store::backup_to took {:.2} s",
        source.display(),
        size_text(file_size(source)),
        took.as_secs_f64()
    );
    DbCopy { path, took, dir }
}

/// The columns `Store` reads for a customer (keep in step with `src/store/customers.rs`).
pub const CUSTOMER_COLUMNS: &str = "id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct, blocked, blocked_reason, archived, version, updated_at, updated_by";
/// How many columns [`CUSTOMER_COLUMNS`] has.
pub const CUSTOMER_COLUMN_COUNT: usize = 15;
/// The columns `Store` reads for a product (keep in step with `src/store/products.rs`).
pub const PRODUCT_COLUMNS: &str =
    "id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point, active, divisible, version, updated_at";
/// How many columns [`PRODUCT_COLUMNS`] has.
pub const PRODUCT_COLUMN_COUNT: usize = 16;

/// Read the first `columns` columns of a row as owned values (text is copied out, as the store
/// does into `String`s) and fold them into a number, so nothing is optimised away.
pub fn read_row(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<i64> {
    use rusqlite::types::Value;
    let mut sum = 0_i64;
    for index in 0..columns {
        let part = match row.get::<_, Value>(index)? {
            Value::Null => 0,
            Value::Integer(number) => number,
            Value::Real(real) => real as i64,
            Value::Text(text) => text.len() as i64,
            Value::Blob(blob) => blob.len() as i64,
        };
        sum = sum.wrapping_add(part);
    }
    Ok(sum)
}

/// A realistic order for the live checks: the first customer (C000001 in the large shop, C001
/// in the small one: a regular with agreed prices and a credit limit) and the first `lines`
/// active products (P00001… in the large shop), quantities 1–5, prices and discounts left for
/// the pricing rules to fill, as the clerk types them.
pub fn order_input(store: &Store, lines: usize) -> OrderInput {
    let (customer, skus): (String, Vec<String>) = match store.server() {
        // The same two queries on a server database, through a client of the bench's own.
        Some(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect to the bench server");
            let customer = client.query_one("SELECT code FROM customers ORDER BY id LIMIT 1", &[]).expect("customers").get(0);
            let rows = client.query("SELECT sku FROM products WHERE active = 1 ORDER BY id LIMIT $1", &[&(lines as i64)]).expect("SKUs");
            (customer, rows.iter().map(|row| row.get(0)).collect())
        }
        None => {
            let conn = store.connection();
            let customer: String = conn
                .query_row("SELECT code FROM customers ORDER BY id LIMIT 1", [], |row| row.get(0))
                .expect("the bench database has customers");
            let mut statement =
                conn.prepare("SELECT sku FROM products WHERE active = 1 ORDER BY id LIMIT ?1").expect("prepare the SKU query");
            let skus = statement
                .query_map([lines as i64], |row| row.get(0))
                .expect("query the SKUs")
                .collect::<rusqlite::Result<Vec<String>>>()
                .expect("read the SKUs");
            (customer, skus)
        }
    };
    assert_eq!(skus.len(), lines, "the bench database must have {lines} active products");
    let lines: Vec<LineInput> = skus
        .into_iter()
        .enumerate()
        .map(|(index, sku)| LineInput { sku, qty: Decimal::from(1 + (index % 5) as i64), ..Default::default() })
        .collect();
    OrderInput { customer, lines, ..Default::default() }
}

/// `1.234 ms`.
pub fn ms(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1e3)
}

/// Time `runs` single calls of `call` (after `runs / 10` unmeasured warm-up calls) and print
/// p50, p90, p99 and max: the per-call latency figures criterion does not give.
pub fn latency_report<T>(label: &str, runs: usize, mut call: impl FnMut() -> T) {
    assert!(runs > 0, "latency_report needs at least one run");
    for _ in 0..runs / 10 {
        std::hint::black_box(call());
    }
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(call());
        times.push(started.elapsed());
    }
    times.sort();
    let at = |quantile: f64| times[((times.len() - 1) as f64 * quantile).round() as usize];
    eprintln!(
        "latency {label}: n={runs} p50={} p90={} p99={} max={}",
        ms(at(0.50)),
        ms(at(0.90)),
        ms(at(0.99)),
        ms(times[times.len() - 1])
    );
}
