//! Eight counters on one shop at once: eight `kaidan load` processes take orders for ten seconds
//! on a small shared range of products with scarce stock, each carrying its orders through
//! submit, confirm, ship, invoice and pay while deliveries come in (the 60-second version with
//! its figures is `cargo bench --bench counters`). Afterwards the books must read as if one
//! careful person had done everything in turn: no stock oversold at any moment, ledger = on hand,
//! reservations = confirmed-unshipped, gap-free numbers (`common::check_books`), and every step
//! a counter saw go through is in the books exactly once — no lost and no doubled write. On a
//! SQLite file, or on the server database named by `KAIDAN_TEST_POSTGRES`.

mod common;

use kaidan::load::{percentile, run_counters, total};

const COUNTERS: usize = 8;
const SECONDS: f64 = 10.0;

#[test]
fn eight_counters_at_once_keep_the_books_as_one_careful_person_would() {
    let dir = tempfile::tempdir().expect("dir");
    let db = common::shop_db(dir.path());
    let reports = run_counters(std::path::Path::new(env!("CARGO_BIN_EXE_kaidan")), &db, COUNTERS, SECONDS).expect("eight counters");
    for (counter, report) in reports.iter().enumerate() {
        for (step, stats) in &report.steps {
            assert_eq!(stats.failed, 0, "counter {counter}: {step} failed: {:?}", stats.errors);
        }
    }
    let books = common::books_of(&db);
    common::check_books(&books, "after eight counters");
    let count = |sql: &str| -> u64 { books.query_row(sql, [], |row| row.get::<_, i64>(0)).expect(sql) as u64 };
    assert_eq!(count("SELECT COUNT(*) FROM orders"), total(&reports, "submit"), "every order a counter saved, once");
    assert_eq!(count("SELECT COUNT(*) FROM shipments"), total(&reports, "ship"), "every shipment, once");
    assert_eq!(count("SELECT COUNT(*) FROM invoices"), total(&reports, "invoice"), "every invoice, once");
    assert_eq!(count("SELECT COUNT(*) FROM payments"), total(&reports, "pay"), "every payment, once");
    assert_eq!(count("SELECT COUNT(*) FROM stock_movements WHERE kind = 'receipt'"), total(&reports, "receive"), "every delivery, once");
    // Never oversold, at any moment: each product's ledger, read in the order it was written,
    // never runs below zero. (Reserving more than is on hand is allowed — a confirmed order may
    // wait for a delivery — but a shipment takes only what is on hand when it is made.)
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM (SELECT SUM(qty) OVER (PARTITION BY product_id ORDER BY id) AS balance FROM stock_movements) AS b
             WHERE balance < 0"
        ),
        0,
        "stock was oversold"
    );
    assert!(total(&reports, "ship") > 0 && total(&reports, "pay") > 0, "the load went all the way through: {reports:?}");
    let refused: u64 = reports.iter().filter_map(|report| report.steps.get("ship")).map(|stats| stats.refused).sum();
    let shipped_whole = count("SELECT COUNT(*) FROM orders WHERE status IN ('shipped', 'invoiced', 'paid')");
    assert!(shipped_whole > 0);
    // The figures of this run, for whoever reads the test's output.
    let mut all: std::collections::BTreeMap<String, Vec<u64>> = Default::default();
    for report in &reports {
        for (step, stats) in &report.steps {
            all.entry(step.clone()).or_default().extend(&stats.micros);
        }
    }
    for (step, micros) in &mut all {
        eprintln!("{step}: {} in {SECONDS} s, p99 {} µs", micros.len(), percentile(micros, 99.0));
    }
    eprintln!("shipments refused for short stock: {refused}");
}
