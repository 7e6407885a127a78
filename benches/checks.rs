//! Live checks of a 50-line order on the large demo database (100k customers, 50k products,
//! 1M orders): the whole `ops::check_order` the order form runs on every edit (pricing, loading
//! the check context, the rules), its parts (`ops::price`, `Store::load_check_context`, the pure
//! `run_checks`), and a floor for comparison: SQLite's own cost of reading the same customer row
//! and the 50 product rows by key with prepared statements (report the ratio check_order / raw).
//! Before criterion runs it prints per-call latency percentiles (p50/p90/p99/max) of
//! `check_order` and of the raw reads, since the targets are a median and a p99 of single calls.
//!
//! Run: `cargo bench --bench checks` (builds `target/bench/large.sqlite3` on first use).

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use kaidan::domain::checks::run_checks;
use kaidan::ops;
use std::hint::black_box;

/// The customer row by code, as `Store::get_customer_by_code` reads it.
const CUSTOMER_SQL: &str = "SELECT id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct, blocked, blocked_reason, archived, version, updated_at, updated_by FROM customers WHERE code = ?1";
/// A product row by SKU, as `Store::get_product_by_sku` reads it.
const PRODUCT_SQL: &str = "SELECT id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point, active, divisible, version, updated_at FROM products WHERE sku = ?1";

/// SQLite's floor: the customer row and one row per SKU, with cached prepared statements.
fn raw_reads(conn: &rusqlite::Connection, customer: &str, skus: &[String]) -> i64 {
    let mut customer_statement = conn.prepare_cached(CUSTOMER_SQL).expect("prepare the raw customer query");
    let mut product_statement = conn.prepare_cached(PRODUCT_SQL).expect("prepare the raw product query");
    let mut sum = customer_statement
        .query_row([customer], |row| support::read_row(row, support::CUSTOMER_COLUMN_COUNT))
        .expect("the raw customer row");
    for sku in skus {
        let part = product_statement
            .query_row([sku.as_str()], |row| support::read_row(row, support::PRODUCT_COLUMN_COUNT))
            .expect("the raw product row");
        sum = sum.wrapping_add(part);
    }
    sum
}

fn checks(c: &mut Criterion) {
    let path = support::large_db();
    let store = support::open(&path);
    let today = support::today();
    let input = support::order_input(&store, 50);
    let skus: Vec<String> = input.lines.iter().map(|line| line.sku.clone()).collect();

    // One run of each part, to fail early with a clear message and to show what is checked.
    let checked = ops::check_order(&store, &input, today, None).expect("check_order of the 50-line order");
    let priced = ops::price(&store, &input, today).expect("pricing the 50-line order");
    let context = store.load_check_context(&priced, None, today).expect("loading the check context");
    let codes: Vec<&str> = checked.findings.iter().map(|finding| finding.code.as_str()).collect();
    eprintln!(
        "kaidan bench: 50-line order for {} ({} SKUs from {} to {}), total {}: {} findings {:?}",
        input.customer,
        skus.len(),
        skus.first().map(String::as_str).unwrap_or(""),
        skus.last().map(String::as_str).unwrap_or(""),
        checked.priced.totals.total,
        checked.findings.len(),
        codes
    );

    support::latency_report("check_order, 50-line order", 2_000, || ops::check_order(&store, &input, today, None).expect("check_order"));
    if store.server().is_some() {
        eprintln!("kaidan bench: the shop is on a server; the raw SQLite reference is measured on files only");
        return;
    }
    support::latency_report("raw SQLite, customer + 50 products by key", 2_000, || raw_reads(store.connection(), &input.customer, &skus));

    let mut group = c.benchmark_group("checks");
    group.bench_function("live checks, 50-line order (check_order)", |b| {
        b.iter(|| ops::check_order(&store, black_box(&input), today, None).expect("check_order"))
    });
    group.bench_function("price (ops::price)", |b| b.iter(|| ops::price(&store, black_box(&input), today).expect("price")));
    group.bench_function("load_check_context", |b| {
        b.iter(|| store.load_check_context(black_box(&priced), None, today).expect("load_check_context"))
    });
    group.bench_function("run_checks only (pure)", |b| b.iter(|| run_checks(black_box(&priced), black_box(&context))));
    group.bench_function("raw SQLite, customer + 50 products by key", |b| {
        b.iter(|| raw_reads(store.connection(), black_box(&input.customer), black_box(&skus)))
    });
    group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
