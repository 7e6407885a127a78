//! Search as you type on the large demo database: `Store::search_customers(q, 8, false)` over
//! 100k customers and `Store::search_products(q, 8, true)` over 50k products, exactly as the
//! order form calls them on each keystroke, for a Chinese character, pinyin initials, a code
//! prefix, digits of a phone number and a query that matches nothing (the full-scan worst case).
//! References: the same SQL run raw (SQLite's own cost of the store's query, ranking included)
//! and the plain `SELECT … WHERE search_key LIKE ? LIMIT 8` without ranking, which may stop at
//! the first 8 matches. Before criterion runs it prints per-call p50/p99 of every store query.
//!
//! Bench ids use ASCII labels: hanzi-zhang = "张", initials-zs = "zs", code-c0001 = "c0001",
//! phone-138 = "138", no-match = "zzzz"; products: hanzi-luoshuan = "螺栓", initials-bxg = "bxg"
//! (不锈钢), spec-m8 = "m8", sku-p0001 = "p0001", english-bolt = "bolt", no-match = "zzzz".
//!
//! Run: `cargo bench --bench search` (`KAIDAN_BENCH_DB=postgres://…` for a server database:
//! the store's searches only, without the raw SQLite references).

mod support;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const CUSTOMER_QUERIES: &[(&str, &str)] =
    &[("张", "hanzi-zhang"), ("zs", "initials-zs"), ("c0001", "code-c0001"), ("138", "phone-138"), ("zzzz", "no-match")];

const PRODUCT_QUERIES: &[(&str, &str)] = &[
    ("螺栓", "hanzi-luoshuan"),
    ("bxg", "initials-bxg"),
    ("m8", "spec-m8"),
    ("p0001", "sku-p0001"),
    ("bolt", "english-bolt"),
    ("zzzz", "no-match"),
];

/// Results shown in the drop-down.
const LIMIT: i64 = 8;

/// The store's customer search SQL (keep in step with `src/store/customers.rs`).
const CUSTOMER_SEARCH_SQL: &str = "SELECT id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct, blocked, blocked_reason, archived, version, updated_at, updated_by FROM customers
     WHERE (?1 = '' OR search_key LIKE ?2 ESCAPE '\\') AND (?3 OR archived = 0)
     ORDER BY (lower(code) = ?1) DESC, (lower(code) LIKE ?1 || '%') DESC, code LIMIT ?4";
/// The store's product search SQL (keep in step with `src/store/products.rs`).
const PRODUCT_SEARCH_SQL: &str = "SELECT id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point, active, divisible, version, updated_at FROM products
     WHERE (?1 = '' OR search_key LIKE ?2 ESCAPE '\\') AND (NOT ?3 OR active = 1)
     ORDER BY (lower(sku) = ?1) DESC, (lower(sku) LIKE ?1 || '%') DESC, sku LIMIT ?4";
/// Plain LIKE without ranking (archived customers left out, as the store does by default).
const CUSTOMER_LIKE_SQL: &str = "SELECT id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct, blocked, blocked_reason, archived, version, updated_at, updated_by FROM customers
     WHERE search_key LIKE ?1 AND archived = 0 LIMIT ?2";
/// Plain LIKE without ranking (active products only, as the order form asks).
const PRODUCT_LIKE_SQL: &str = "SELECT id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point, active, divisible, version, updated_at FROM products
     WHERE search_key LIKE ?1 AND active = 1 LIMIT ?2";

/// `%query%` for the plain LIKE (the bench queries have no `%`, `_` or `\`).
fn contains_pattern(query: &str) -> String {
    format!("%{}%", query.trim().to_lowercase())
}

/// Run the store's search SQL raw; returns a fold of every column read.
fn raw_ranked(conn: &rusqlite::Connection, sql: &str, query: &str, flag: bool, columns: usize) -> i64 {
    let query = query.trim().to_lowercase();
    let pattern = contains_pattern(&query);
    let mut statement = conn.prepare_cached(sql).expect("prepare the raw ranked search");
    let mut rows = statement.query(rusqlite::params![query, pattern, flag, LIMIT]).expect("run the raw ranked search");
    let mut sum = 0_i64;
    while let Some(row) = rows.next().expect("step the raw ranked search") {
        sum = sum.wrapping_add(support::read_row(row, columns).expect("read a raw row"));
    }
    sum
}

/// Run the plain LIKE … LIMIT 8; returns a fold of every column read.
fn raw_like(conn: &rusqlite::Connection, sql: &str, query: &str, columns: usize) -> i64 {
    let pattern = contains_pattern(query);
    let mut statement = conn.prepare_cached(sql).expect("prepare the raw LIKE search");
    let mut rows = statement.query(rusqlite::params![pattern, LIMIT]).expect("run the raw LIKE search");
    let mut sum = 0_i64;
    while let Some(row) = rows.next().expect("step the raw LIKE search") {
        sum = sum.wrapping_add(support::read_row(row, columns).expect("read a raw row"));
    }
    sum
}

fn search(c: &mut Criterion) {
    let path = support::large_db();
    let store = support::open(&path);
    // The raw SQLite references only where the shop is a file (KAIDAN_BENCH_DB may name a server
    // database: then the store's own search is measured alone).
    let conn = store.server().is_none().then(|| store.connection());

    for (query, label) in CUSTOMER_QUERIES {
        let found = store.search_customers(query, LIMIT as usize, false).expect("search_customers");
        let codes: Vec<&str> = found.iter().map(|customer| customer.code.as_str()).collect();
        eprintln!("kaidan bench: customers {label} ({query:?}): {} results {codes:?}", found.len());
        support::latency_report(&format!("search_customers {label}"), 200, || {
            store.search_customers(query, LIMIT as usize, false).expect("search_customers")
        });
    }
    for (query, label) in PRODUCT_QUERIES {
        let found = store.search_products(query, LIMIT as usize, true).expect("search_products");
        let skus: Vec<&str> = found.iter().map(|product| product.sku.as_str()).collect();
        eprintln!("kaidan bench: products {label} ({query:?}): {} results {skus:?}", found.len());
        support::latency_report(&format!("search_products {label}"), 200, || {
            store.search_products(query, LIMIT as usize, true).expect("search_products")
        });
    }

    let mut group = c.benchmark_group("search customers (100k)");
    for (query, label) in CUSTOMER_QUERIES {
        group.bench_function(BenchmarkId::new("search_customers", label), |b| {
            b.iter(|| store.search_customers(black_box(query), LIMIT as usize, false).expect("search_customers"))
        });
        let Some(conn) = conn else { continue };
        group.bench_function(BenchmarkId::new("raw SQLite, same SQL", label), |b| {
            b.iter(|| raw_ranked(conn, CUSTOMER_SEARCH_SQL, black_box(query), false, support::CUSTOMER_COLUMN_COUNT))
        });
        group.bench_function(BenchmarkId::new("raw SQLite, LIKE LIMIT 8", label), |b| {
            b.iter(|| raw_like(conn, CUSTOMER_LIKE_SQL, black_box(query), support::CUSTOMER_COLUMN_COUNT))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("search products (50k)");
    for (query, label) in PRODUCT_QUERIES {
        group.bench_function(BenchmarkId::new("search_products", label), |b| {
            b.iter(|| store.search_products(black_box(query), LIMIT as usize, true).expect("search_products"))
        });
        let Some(conn) = conn else { continue };
        group.bench_function(BenchmarkId::new("raw SQLite, same SQL", label), |b| {
            b.iter(|| raw_ranked(conn, PRODUCT_SEARCH_SQL, black_box(query), true, support::PRODUCT_COLUMN_COUNT))
        });
        group.bench_function(BenchmarkId::new("raw SQLite, LIKE LIMIT 8", label), |b| {
            b.iter(|| raw_like(conn, PRODUCT_LIKE_SQL, black_box(query), support::PRODUCT_COLUMN_COUNT))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
