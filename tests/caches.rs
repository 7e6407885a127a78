//! The in-memory caches behind live checks and search (product quantity history, search keys)
//! never serve stale data: a write through this store, another store on the same file, or a
//! tool outside kaidan moves the trigger-kept counters and the next read rebuilds.

use kaidan::domain::Code;
use kaidan::domain::order::{LineInput, OrderInput};
use kaidan::store::Store;
use rust_decimal::Decimal;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

fn order(qty: i64) -> OrderInput {
    OrderInput {
        customer: "C2".into(),
        lines: vec![LineInput { sku: "P1".into(), qty: Decimal::from(qty), ..Default::default() }],
        ..Default::default()
    }
}

#[test]
fn quantity_history_follows_new_order_lines_from_any_connection() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.sqlite3");
    let mut store = Store::open(&path).expect("store");
    for code in ["C1", "C2"] {
        let customer = kaidan::domain::master::Customer {
            code: code.into(),
            name: format!("Customer {code}"),
            phone: "13800138000".into(),
            payment_terms_days: 30,
            ..Default::default()
        };
        store.save_customer(&customer, "admin", "2026-11-20T09:00:00").expect("customer");
    }
    let product = kaidan::domain::master::Product {
        sku: "P1".into(),
        name: "Bolt".into(),
        unit: "pcs".into(),
        price: Decimal::ONE,
        active: true,
        ..Default::default()
    };
    store.save_product(&product, Decimal::from(100_000), "admin", "2026-11-20T09:00:00").expect("product");
    let ctx = kaidan::ops::ctx_for(&store, "admin", today(), "2026-11-20T10:00:00".into(), kaidan::i18n::Lang::En).expect("ctx");
    let unusual = |store: &Store| {
        kaidan::ops::check_order(store, &order(50), today(), None).expect("check").findings.iter().any(|f| f.code == Code::QtyUnusual)
    };
    assert!(!unusual(&store), "no history yet");
    // Three small orders of another customer, through this store: the cached history is refreshed.
    let small = OrderInput { customer: "C1".into(), ..order(2) };
    for _ in 0..3 {
        kaidan::ops::submit_order(&mut store, &ctx, &small).expect("submit");
    }
    assert!(unusual(&store), "50 is more than 10 × the median 2");
    // Another connection (another window, the CLI) cancels them: the next check sees it.
    let mut other = Store::open(&path).expect("other");
    for number in ["SO-2026-00001", "SO-2026-00002", "SO-2026-00003"] {
        kaidan::ops::cancel(&mut other, &ctx, number, "customer changed their mind").expect("cancel");
    }
    assert!(!unusual(&store), "cancelled lines leave the history");
    // A tool outside kaidan adds lines: still seen.
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute("UPDATE orders SET status = 'open' WHERE number IN ('SO-2026-00001', 'SO-2026-00002', 'SO-2026-00003')", [])
        .expect("raw edit");
    drop(conn);
    assert!(unusual(&store));
}

#[test]
fn search_follows_writes_from_outside_kaidan() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.sqlite3");
    let mut store = Store::open(&path).expect("store");
    let customer =
        kaidan::domain::master::Customer {
            code: "C1".into(), name: "张三五金店".into(), payment_terms_days: 30, ..Default::default()
        };
    store.save_customer(&customer, "admin", "2026-11-20T09:00:00").expect("customer");
    assert_eq!(store.search_customers("zswj", 8, false).expect("search").len(), 1);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute("UPDATE customers SET archived = 1 WHERE code = 'C1'", []).expect("raw edit");
    drop(conn);
    assert_eq!(store.search_customers("zswj", 8, false).expect("search").len(), 0, "archived outside kaidan");
}
