//! Races between processes: at least eight `kaidan` processes started together on the same
//! record, for each of confirm, ship, invoice, pay, refund, void, cancel (against ship), return,
//! approve, deliver, stock moves (receive and adjust on one product; receipts at different costs,
//! whose moving average must replay over the ledger), deposits (taking, refunding,
//! and against a cancel) and one barcode given to several products at once. Each state change reads its preconditions inside its write transaction, so the
//! commands behave as if run one after the other: exactly as many succeed as the record allows,
//! the others are refused with exit 1 and a reason, and afterwards every invariant of the books
//! holds (`common::check_books`: shipped ≤ ordered, invoiced ≤ shipped, paid = payments −
//! refunds, reserved = confirmed-unshipped, on hand = ledger, gap-free numbers, no cancelled
//! order with a shipment).

mod common;

use chrono::NaiveDate;
use kaidan::i18n::Lang;
use kaidan::ops::{self, Ctx};
use kaidan::store::Store;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Barrier};

const RACERS: usize = 8;
const TODAY: &str = "2026-11-20";

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal literal")
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("date")
}

/// A shop file with customer C1 and products P1 (stock 100, price 13.00) and P2 (stock 100,
/// price 0.50), plus an order of `qty` P1 submitted by admin; returns the file and the order.
fn shop(dir: &Path, qty: &str) -> (PathBuf, String) {
    let path = common::shop_db(dir);
    common::seed_shop(&path, today(), None, &[("P1", "Item P1", "13.00", "100"), ("P2", "Item P2", "0.50", "100")]);
    let mut store = Store::open(&path).expect("store");
    let admin = admin(&store);
    let input = kaidan::domain::order::OrderInput {
        customer: "C1".into(),
        lines: vec![kaidan::domain::order::LineInput { sku: "P1".into(), qty: dec(qty), ..Default::default() }],
        ..Default::default()
    };
    let saved = ops::submit_order(&mut store, &admin, &input).expect("submit");
    (path, saved.number)
}

fn admin(store: &Store) -> Ctx {
    ops::ctx_for(store, "admin", today(), format!("{TODAY}T09:00:00"), Lang::En).expect("admin")
}

fn kaidan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaidan"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY, "--lang", "en"])
        .args(args)
        .env_remove("KAIDAN_PIN")
        .output()
        .expect("run kaidan")
}

fn run_ok(db: &Path, args: &[&str]) -> String {
    let output = kaidan(db, args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Start every command at the same moment (one thread each, released by a barrier) and return
/// each one's exit code, with the stderr of any that failed in another way than exit 1.
fn race(db: &Path, commands: Vec<Vec<String>>) -> Vec<i32> {
    race_refused_with(db, commands, 1)
}

/// [`race`] for commands refused with exit code `refused` (an import's bad input is exit 2).
fn race_refused_with(db: &Path, commands: Vec<Vec<String>>, refused: i32) -> Vec<i32> {
    let barrier = Arc::new(Barrier::new(commands.len()));
    let handles: Vec<_> = commands
        .into_iter()
        .map(|args| {
            let barrier = Arc::clone(&barrier);
            let db = db.to_path_buf();
            std::thread::spawn(move || {
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                barrier.wait();
                let output = kaidan(&db, &refs);
                let code = output.status.code().unwrap_or(-1);
                assert!(
                    code == 0 || code == refused,
                    "{args:?} exited {code}: {}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                );
                if code == refused {
                    assert!(!output.stderr.is_empty(), "{args:?} was refused without a reason");
                }
                code
            })
        })
        .collect();
    handles.into_iter().map(|handle| handle.join().expect("racer thread")).collect()
}

fn times(count: usize, args: &[&str]) -> Vec<Vec<String>> {
    (0..count).map(|_| args.iter().map(|a| a.to_string()).collect()).collect()
}

fn successes(codes: &[i32]) -> usize {
    codes.iter().filter(|code| **code == 0).count()
}

fn books(db: &Path, context: &str) -> rusqlite::Connection {
    let conn = common::books_of(db);
    common::check_books(&conn, context);
    conn
}

fn number(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).expect(sql)
}

#[test]
fn confirm_reserves_once() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, order) = shop(dir.path(), "3");
    let codes = race(&db, times(RACERS, &["confirm", &order]));
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&db, "after racing confirms");
    assert_eq!(number(&conn, "SELECT reserved FROM products WHERE sku = 'P1'"), 3_000, "reserved once");
}

#[test]
fn ship_whole_order_once_and_partial_lines_add_up() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, order) = shop(dir.path(), "2");
    run_ok(&db, &["confirm", &order]);
    let codes = race(&db, times(RACERS, &["ship", &order]));
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&db, "after racing whole shipments");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM shipments"), 1);
    assert_eq!(number(&conn, "SELECT SUM(shipped_qty) FROM order_lines"), 2_000);

    let dir = tempfile::tempdir().expect("dir");
    let (db, order) = shop(dir.path(), "3");
    run_ok(&db, &["confirm", &order]);
    let codes = race(&db, times(RACERS, &["ship", &order, "--line", "P1=1"]));
    assert_eq!(successes(&codes), 3, "three units, three shipments: {codes:?}");
    let conn = books(&db, "after racing partial shipments");
    assert_eq!(number(&conn, "SELECT SUM(shipped_qty) FROM order_lines"), 3_000);
    assert_eq!(number(&conn, "SELECT status = 'shipped' FROM orders"), 1);
}

#[test]
fn invoice_once() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, order) = shop(dir.path(), "4");
    run_ok(&db, &["confirm", &order]);
    run_ok(&db, &["ship", &order]);
    let codes = race(&db, times(RACERS, &["invoice", &order]));
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&db, "after racing invoices");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM invoices"), 1);
    assert_eq!(number(&conn, "SELECT total FROM invoices"), 520_000);
}

/// A shipped and invoiced order of 4 × 13.00 = 52.00: (file, invoice number).
fn invoiced(dir: &Path) -> (PathBuf, String) {
    let (db, order) = shop(dir, "4");
    run_ok(&db, &["confirm", &order]);
    run_ok(&db, &["ship", &order]);
    let invoice = run_ok(&db, &["invoice", &order]);
    let invoice = invoice.split_whitespace().next().expect("invoice number").to_string();
    (db, invoice)
}

#[test]
fn pay_never_takes_more_than_the_balance() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, invoice) = invoiced(dir.path());
    let codes = race(&db, times(RACERS, &["pay", &invoice, "52.00"]));
    assert_eq!(successes(&codes), 1, "a double click pays once: {codes:?}");
    let conn = books(&db, "after racing full payments");
    assert_eq!(number(&conn, "SELECT paid FROM invoices"), 520_000);

    let dir = tempfile::tempdir().expect("dir");
    let (db, invoice) = invoiced(dir.path());
    let codes = race(&db, times(RACERS, &["pay", &invoice, "10.00"]));
    assert_eq!(successes(&codes), 5, "five tens fit in 52.00: {codes:?}");
    let conn = books(&db, "after racing partial payments");
    assert_eq!(number(&conn, "SELECT paid FROM invoices"), 500_000);
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM payments"), 5);
}

#[test]
fn refund_never_gives_back_more_than_was_paid() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, invoice) = invoiced(dir.path());
    run_ok(&db, &["pay", &invoice, "52.00", "--method", "cash"]);
    let codes = race(&db, times(RACERS, &["refund", &invoice, "20", "--method", "cash", "--reason", "goodwill"]));
    assert_eq!(successes(&codes), 2, "two twenties fit in 52.00: {codes:?}");
    let conn = books(&db, "after racing refunds");
    assert_eq!(number(&conn, "SELECT paid FROM invoices"), 120_000);
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM refunds"), 2);
}

#[test]
fn void_once_and_never_with_payments() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, invoice) = invoiced(dir.path());
    let codes = race(&db, times(RACERS, &["void", &invoice, "--reason", "typo"]));
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&db, "after racing voids");
    assert_eq!(number(&conn, "SELECT void FROM invoices"), 1);
    assert_eq!(number(&conn, "SELECT SUM(invoiced_qty) FROM order_lines"), 0);

    // Payments and voids racing: either the payment lands and the void is refused, or the
    // void lands first and the payments are refused; never a void invoice holding money.
    let dir = tempfile::tempdir().expect("dir");
    let (db, invoice) = invoiced(dir.path());
    let mut commands = times(RACERS / 2, &["pay", &invoice, "52.00"]);
    commands.extend(times(RACERS / 2, &["void", &invoice, "--reason", "typo"]));
    let codes = race(&db, commands);
    assert_eq!(successes(&codes), 1, "{codes:?}");
    books(&db, "after payments racing voids");
}

#[test]
fn cancel_racing_ship_never_leaves_a_cancelled_order_with_a_shipment() {
    for round in 0..2 {
        let dir = tempfile::tempdir().expect("dir");
        let (db, order) = shop(dir.path(), "2");
        run_ok(&db, &["confirm", &order]);
        let mut commands = times(RACERS / 2, &["cancel", &order, "--reason", "customer called"]);
        commands.extend(times(RACERS / 2, &["ship", &order]));
        if round == 1 {
            commands.reverse();
        }
        let codes = race(&db, commands);
        assert_eq!(successes(&codes), 1, "either the cancel or one shipment: {codes:?}");
        let conn = books(&db, "after cancels racing shipments");
        let (status, shipped): (String, i64) = conn
            .query_row("SELECT o.status, SUM(l.shipped_qty) FROM orders o JOIN order_lines l ON l.order_id = o.id", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .expect("order");
        assert!(
            (status == "cancelled" && shipped == 0) || (status == "shipped" && shipped == 2_000),
            "round {round}: {status} with {shipped} shipped"
        );
        assert_eq!(number(&conn, "SELECT reserved FROM products WHERE sku = 'P1'"), 0);
    }
}

#[test]
fn return_never_takes_back_more_than_shipped() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, order) = shop(dir.path(), "3");
    run_ok(&db, &["confirm", &order]);
    run_ok(&db, &["ship", &order]);
    let codes = race(&db, times(RACERS, &["return", &order, "--line", "P1=1", "--reason", "damaged"]));
    assert_eq!(successes(&codes), 3, "three units shipped, three returns: {codes:?}");
    let conn = books(&db, "after racing returns");
    assert_eq!(number(&conn, "SELECT on_hand FROM products WHERE sku = 'P1'"), 100_000, "all stock back, once");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM returns"), 3);
}

#[test]
fn approve_once_and_confirm_reserves_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = common::shop_db(dir.path());
    common::seed_shop(&path, today(), None, &[("P1", "Item P1", "13.00", "100")]);
    let mut store = Store::open(&path).expect("store");
    let admin = admin(&store);
    ops::add_user(&mut store, &admin, "li", kaidan::domain::Role::Manager, "").expect("manager");
    let input = kaidan::domain::order::OrderInput {
        customer: "C1".into(),
        lines: vec![kaidan::domain::order::LineInput {
            sku: "P1".into(),
            qty: dec("2"),
            discount_pct: Some(dec("50")),
            ..Default::default()
        }],
        ..Default::default()
    };
    let order = ops::submit_order(&mut store, &admin, &input).expect("submit").number;
    drop(store);
    let codes = race(&path, times(RACERS, &["--user", "li", "approve", &order, "--reason", "clearance sale"]));
    assert_eq!(successes(&codes), 1, "one approval, the rest find nothing to approve: {codes:?}");
    let conn = books(&path, "after racing approvals");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM approvals"), 1);
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM audit_log WHERE action LIKE '%approv%'"), 1, "one approval in the log");
    drop(conn);
    let codes = race(&path, times(RACERS, &["confirm", &order]));
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&path, "after racing confirms of the approved order");
    assert_eq!(number(&conn, "SELECT reserved FROM products WHERE sku = 'P1'"), 2_000);
    drop(conn);

    // Waiving the block in the inbox is an approval too: four waives racing four approves of a
    // second order settle it once, and the inbox agrees with the order.
    let mut store = Store::open(&path).expect("store");
    let second = ops::submit_order(&mut store, &admin, &input).expect("submit").number;
    drop(store);
    let exception: i64 = common::books_of(&path)
        .query_row("SELECT id FROM exceptions WHERE subject = ?1 AND severity = 'block' AND status = 'open'", [&second], |row| row.get(0))
        .expect("the order's open exception");
    let exception = exception.to_string();
    let mut commands = times(RACERS / 2, &["--user", "li", "exception", &exception, "waive", "--reason", "clearance sale"]);
    commands.extend(times(RACERS / 2, &["--user", "li", "approve", &second, "--reason", "clearance sale"]));
    let codes = race(&path, commands);
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&path, "after waives racing approvals");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM approvals"), 2, "one approval per order");
    assert_eq!(
        number(
            &conn,
            &format!(
                "SELECT COUNT(*) FROM exceptions WHERE subject = '{second}' AND severity = 'block' AND status IN ('open', 'in_progress')"
            )
        ),
        0,
        "the inbox agrees with the approved order"
    );
}

#[test]
fn deliver_once() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, order) = shop(dir.path(), "2");
    run_ok(&db, &["confirm", &order]);
    run_ok(&db, &["ship", &order]);
    let shipment: String = common::books_of(&db).query_row("SELECT number FROM shipments", [], |row| row.get(0)).expect("shipment");
    let commands: Vec<Vec<String>> = (0..RACERS)
        .map(|racer| ["deliver", shipment.as_str(), "--by", &format!("receiver {racer}")].iter().map(|a| a.to_string()).collect())
        .collect();
    let codes = race(&db, commands);
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&db, "after racing deliveries");
    let receiver: String = conn.query_row("SELECT received_by FROM shipments", [], |row| row.get(0)).expect("receiver");
    let winner = codes.iter().position(|code| *code == 0).expect("one delivery");
    assert_eq!(receiver, format!("receiver {winner}"), "the delivery that succeeded is the one recorded");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM order_events WHERE kind = 'delivered'"), 1);
}

#[test]
fn stock_moves_on_one_product_all_count_and_never_go_below_zero() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, _order) = shop(dir.path(), "1");
    // Four receipts of 5 and four corrections of -3 at once: every one lands.
    let mut commands = times(RACERS / 2, &["receive", "P1", "5", "--ref", "delivery note"]);
    commands.extend(times(RACERS / 2, &["adjust", "P1", "-3", "--reason", "breakage"]));
    let codes = race(&db, commands);
    assert_eq!(successes(&codes), RACERS, "{codes:?}");
    let conn = books(&db, "after racing receipts and corrections");
    assert_eq!(number(&conn, "SELECT on_hand FROM products WHERE sku = 'P1'"), 108_000);
    drop(conn);
    // Eight corrections of -30 on 108: three fit, the others would leave less than nothing.
    let codes = race(&db, times(RACERS, &["adjust", "P1", "-30", "--reason", "write-off"]));
    assert_eq!(successes(&codes), 3, "{codes:?}");
    let conn = books(&db, "after racing write-offs");
    assert_eq!(number(&conn, "SELECT on_hand FROM products WHERE sku = 'P1'"), 18_000);
}

/// Receipts at different costs and write-offs racing on one product: each reads the product's
/// on hand and cost inside its write transaction, so the product's cost ends as the moving
/// average replayed over the ledger in the order the movements were booked, and every write-off
/// left at the cost of its moment. A receipt that averaged against a stale on hand or cost would
/// break the replay.
#[test]
fn receipts_with_costs_average_as_if_one_after_the_other() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, _order) = shop(dir.path(), "1");
    // The first cost given to stock that had none: one receipt before the race.
    run_ok(&db, &["receive", "P1", "10", "--cost", "8", "--supplier", "Opening"]);
    for round in 0..2 {
        let mut commands: Vec<Vec<String>> = (0..RACERS as u32 - 2)
            .map(|racer| {
                let (qty, cost) = (1 + racer + round * 3, format!("{}.{:02}", 7 + racer, 13 * racer % 100));
                ["receive", "P1", &qty.to_string(), "--cost", &cost, "--supplier", &format!("Supplier {racer}")]
                    .iter()
                    .map(|a| a.to_string())
                    .collect()
            })
            .collect();
        commands.extend(times(2, &["adjust", "P1", "-1", "--reason", "breakage"]));
        let codes = race(&db, commands);
        assert_eq!(successes(&codes), RACERS, "round {round}: {codes:?}");
    }
    let conn = books(&db, "after racing receipts with costs");
    let ledger: Vec<(String, i64, Option<i64>, String)> = conn
        .prepare(
            "SELECT m.kind, m.qty, m.unit_cost, m.reason FROM stock_movements m JOIN products p ON p.id = m.product_id
              WHERE p.sku = 'P1' ORDER BY m.id",
        )
        .expect("prepare")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .expect("ledger")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    let (mut on_hand, mut cost): (Decimal, Option<Decimal>) = (Decimal::ZERO, None);
    let (mut receipts, mut write_offs) = (0, 0);
    for (at, (kind, qty, unit_cost, reason)) in ledger.into_iter().enumerate() {
        let qty = Decimal::new(qty, 3);
        let unit_cost = unit_cost.map(|scaled| Decimal::new(scaled, 4));
        match kind.as_str() {
            "receipt" if unit_cost.is_some() => {
                let incoming = unit_cost.expect("a receipt's cost");
                cost = Some(kaidan::store::products::moving_average(on_hand, cost, qty, incoming));
                receipts += 1;
            }
            // The first cost given to stock that had none revalues it (a row of quantity 0).
            "adjustment" if qty.is_zero() => assert_eq!(reason, "revaluation", "row {at}"),
            "adjustment" => {
                assert_eq!(unit_cost, cost, "row {at}: a write-off leaves at the cost of its moment");
                write_offs += 1;
            }
            _ => assert_eq!(unit_cost, cost, "row {at} ({kind}): moved at the cost of its moment"),
        }
        on_hand += qty;
    }
    assert_eq!((receipts, write_offs), (1 + 2 * (RACERS - 2), 4));
    let (stored_on_hand, stored_cost): (i64, Option<i64>) =
        conn.query_row("SELECT on_hand, cost FROM products WHERE sku = 'P1'", [], |row| Ok((row.get(0)?, row.get(1)?))).expect("product");
    assert_eq!(Decimal::new(stored_on_hand, 3), on_hand, "on hand is the ledger's");
    assert_eq!(stored_cost.map(|scaled| Decimal::new(scaled, 4)), cost, "the cost is the moving average replayed in booking order");
}

#[test]
fn deposits_never_exceed_what_is_open_and_refunds_never_what_is_held() {
    let dir = tempfile::tempdir().expect("dir");
    // 4 × 13.00 = 52.00 open on the order.
    let (db, order) = shop(dir.path(), "4");
    let codes = race(&db, times(RACERS, &["deposit", &order, "10", "--method", "cash"]));
    assert_eq!(successes(&codes), 5, "five tens fit in 52.00: {codes:?}");
    let conn = books(&db, "after racing deposits");
    assert_eq!(number(&conn, "SELECT SUM(amount) FROM deposits"), 500_000);

    let codes = race(&db, times(RACERS, &["refund", &order, "20", "--method", "cash", "--reason", "asked back"]));
    assert_eq!(successes(&codes), 2, "two twenties fit in the 50.00 held: {codes:?}");
    let conn = books(&db, "after racing deposit refunds");
    assert_eq!(number(&conn, "SELECT SUM(refunded) FROM deposits"), 400_000);
    assert_eq!(number(&conn, "SELECT SUM(amount) FROM deposit_refunds"), 400_000);
}

#[test]
fn a_cancel_racing_deposits_never_leaves_money_on_a_cancelled_order() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("dir");
        let (db, order) = shop(dir.path(), "4");
        let mut commands = times(RACERS - 1, &["deposit", &order, "5", "--method", "wechat"]);
        commands.insert(RACERS / 2, ["cancel", order.as_str(), "--reason", "customer left"].iter().map(|a| a.to_string()).collect());
        race(&db, commands);
        let conn = books(&db, "after a cancel raced deposits");
        let status: String = conn.query_row("SELECT status FROM orders", [], |row| row.get(0)).expect("status");
        let held = number(&conn, "SELECT COALESCE(SUM(amount - applied - refunded), 0) FROM deposits");
        assert!(status != "cancelled" || held == 0, "cancelled with {held} held");
    }
}

#[test]
fn one_barcode_given_to_several_products_at_once_ends_with_one() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, _) = shop(dir.path(), "1");
    let commands: Vec<Vec<String>> = (0..RACERS)
        .map(|racer| {
            let file = dir.path().join(format!("codes{racer}.csv"));
            std::fs::write(&file, format!("sku,name,price,barcode\nB{racer},Item {racer},1,6901234567892\n")).expect("file");
            vec!["import".to_string(), "products".to_string(), file.to_str().expect("utf8").to_string()]
        })
        .collect();
    let codes = race_refused_with(&db, commands, 2);
    assert_eq!(successes(&codes), 1, "{codes:?}");
    let conn = books(&db, "after racing barcode imports");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM products WHERE barcode = '6901234567892'"), 1);
}
