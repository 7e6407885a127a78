//! Two writers on one database file: (a) a stale customer edit (both sides read version 1, one
//! saves, then the other) is refused with `store::Error::Conflict` naming who saved first and
//! when, and the first edit survives; (b) a stale order edit through `ops::update_order` is
//! refused with a conflict, and a stale amendment of a confirmed order leaves its reservation
//! alone; (c) a writer that meets a held write lock waits (busy timeout) and then succeeds
//! instead of failing with "database is locked", and neither write is lost; (d) the CLI and an
//! open `Store` (the GUI's situation) write the same file, also while the store holds the lock.

use chrono::NaiveDate;
use kaidan::domain::master::{Customer, Product};
use kaidan::domain::order::{LineInput, OrderInput};
use kaidan::domain::{OrderStatus, Role};
use kaidan::i18n::Lang;
use kaidan::ops::{self, Ctx};
use kaidan::store::{self, Store};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-20";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date")
}

fn ctx(store: &Store, user: &str, now: &str) -> Ctx {
    ops::ctx_for(store, user, today(), now.to_string(), Lang::En).expect("a known user")
}

/// A shop file with customer C1 and product S1 (100 in stock); the creating connection is closed.
fn shop() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("shop.sqlite3");
    let mut store = Store::open(&db).expect("create the shop database");
    let customer = Customer {
        code: "C1".into(),
        name: "Harbour Hardware".into(),
        phone: "13800138000".into(),
        address: "1 Quay Street".into(),
        payment_terms_days: 30,
        ..Customer::default()
    };
    store.save_customer(&customer, "admin", "2026-11-20T08:00:00").expect("save C1");
    let product = Product {
        sku: "S1".into(),
        name: "Steel bolt".into(),
        unit: "pcs".into(),
        price: Decimal::new(1250, 2),
        active: true,
        ..Product::default()
    };
    store.save_product(&product, Decimal::from(100), "admin", "2026-11-20T08:00:00").expect("save S1");
    (dir, db)
}

fn order(qty: i64) -> OrderInput {
    OrderInput {
        customer: "C1".into(),
        lines: vec![LineInput { sku: "S1".into(), qty: Decimal::from(qty), ..LineInput::default() }],
        ..OrderInput::default()
    }
}

fn s1(store: &Store) -> kaidan::domain::master::Product {
    store.get_product_by_sku("S1").expect("read S1").expect("S1 exists")
}

fn assert_ledger_balances(store: &Store) {
    let mismatches = store.ledger_mismatches().expect("ledger check");
    assert!(mismatches.is_empty(), "on hand differs from the ledger: {mismatches:?}");
}

fn cli(db: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("kaidan").expect("the kaidan binary");
    command.args(["--db", db.to_str().expect("utf-8 temp path"), "--today", TODAY, "--lang", "en", "--user", "admin"]);
    command
}

#[test]
fn a_stale_customer_edit_is_a_conflict_naming_who_and_when() {
    let (_dir, db) = shop();
    let mut first = Store::open(&db).expect("first connection");
    let mut second = Store::open(&db).expect("second connection");
    let mut mine = first.get_customer_by_code("C1").expect("read").expect("C1 exists");
    let mut theirs = second.get_customer_by_code("C1").expect("read").expect("C1 exists");
    assert_eq!((mine.version, theirs.version), (1, 1));

    mine.phone = "13900000001".into();
    first.save_customer(&mine, "wang", "2026-11-20T09:15:00").expect("the first edit saves");
    theirs.address = "99 Other Road".into();
    let error = second.save_customer(&theirs, "li", "2026-11-20T09:16:00").expect_err("the stale edit must be refused");
    let message = error.to_string();
    match &error {
        store::Error::Conflict { what, by, at } => {
            assert!(what.contains("C1"), "{message}");
            assert_eq!(by.as_str(), "wang", "names who saved first: {message}");
            assert_eq!(at.as_str(), "2026-11-20T09:15:00", "names when: {message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(message.contains("wang") && message.contains("2026-11-20T09:15:00"), "{message}");

    let stored = second.get_customer_by_code("C1").expect("read").expect("C1 exists");
    assert_eq!(stored.phone, "13900000001", "the first edit survives");
    assert_eq!(stored.address, "1 Quay Street", "the stale edit wrote nothing");
    assert_eq!((stored.version, stored.updated_by.as_str()), (2, "wang"));

    // The apply layer passes the same refusal through.
    let admin = ctx(&second, "admin", "2026-11-20T09:17:00");
    match ops::save_customer(&mut second, &admin, &theirs) {
        Err(ops::Error::Store(store::Error::Conflict { by, .. })) => assert_eq!(by, "wang"),
        other => panic!("expected a conflict through ops, got {other:?}"),
    }
}

#[test]
fn a_stale_order_edit_is_refused_and_the_first_edit_survives() {
    let (_dir, db) = shop();
    let mut first = Store::open(&db).expect("first connection");
    let mut second = Store::open(&db).expect("second connection");
    let admin = ctx(&first, "admin", "2026-11-20T10:00:00");
    ops::add_user(&mut first, &admin, "wang", Role::Clerk, "").expect("add a clerk");
    let saved = ops::submit_order(&mut first, &admin, &order(2)).expect("submit");
    let seen_by_first = first.get_order(&saved.number).expect("read").version;
    let seen_by_second = second.get_order(&saved.number).expect("read").version;
    assert_eq!(seen_by_first, seen_by_second);

    let editor = ctx(&first, "admin", "2026-11-20T10:05:00");
    ops::update_order(&mut first, &editor, &saved.number, &order(3), seen_by_first, "").expect("the first edit saves");
    let wang = ctx(&second, "wang", "2026-11-20T10:06:00");
    let error = ops::update_order(&mut second, &wang, &saved.number, &order(9), seen_by_second, "").expect_err("a stale edit is refused");
    let message = error.to_string();
    assert!(matches!(error, ops::Error::Store(store::Error::Conflict { .. })), "expected a conflict: {message}");
    assert!(message.contains(&saved.number) && message.contains("2026-11-20T10:05:00"), "names the order and when: {message}");
    let stored = second.get_order(&saved.number).expect("read");
    assert_eq!(stored.lines.len(), 1);
    assert_eq!(stored.lines[0].qty, Decimal::from(3), "the first edit survives");
    assert_eq!(stored.version, seen_by_first + 1);

    // A stale amendment of a confirmed order: refused, and its reservation is left as it was
    // (the release runs inside the refused transaction and is rolled back).
    ops::confirm(&mut first, &editor, &saved.number).expect("confirm");
    assert_eq!(s1(&second).reserved, Decimal::from(3));
    let error = ops::update_order(&mut second, &wang, &saved.number, &order(1), stored.version, "customer called")
        .expect_err("a stale amendment is refused");
    assert!(matches!(error, ops::Error::Store(store::Error::Conflict { .. })), "expected a conflict: {error}");
    let after = second.get_order(&saved.number).expect("read");
    assert_eq!(after.status, OrderStatus::Confirmed);
    assert_eq!(after.lines[0].qty, Decimal::from(3));
    assert_eq!(s1(&second).reserved, Decimal::from(3), "the refused amendment released nothing");
}

#[test]
fn a_held_write_lock_makes_a_writer_wait_not_fail() {
    let (_dir, db) = shop();
    let holder = Store::open(&db).expect("holding connection");
    let mut waiter = Store::open(&db).expect("waiting connection");
    let admin = ctx(&waiter, "admin", "2026-11-20T11:00:00");
    let (locked, is_locked) = mpsc::channel();
    let hold = thread::spawn(move || {
        holder.connection().execute_batch("BEGIN IMMEDIATE").expect("take the write lock");
        holder.connection().execute("UPDATE products SET reorder_point = 5000 WHERE sku = 'S1'", []).expect("write inside the lock");
        locked.send(()).expect("tell the waiter");
        thread::sleep(Duration::from_millis(300));
        let releasing = Instant::now();
        holder.connection().execute_batch("COMMIT").expect("release the lock");
        (holder, releasing)
    });
    is_locked.recv().expect("the lock is taken");
    let started = Instant::now();
    let product = ops::receive(&mut waiter, &admin, "S1", Decimal::from(5), "PO-WAIT")
        .expect("receive waits for the lock (busy timeout) instead of failing with \"database is locked\"");
    let finished = Instant::now();
    let (holder, releasing) = hold.join().expect("holder thread");
    assert!(finished >= releasing, "the receipt cannot have committed while the lock was held");
    assert!(finished - started < Duration::from_secs(10), "waited longer than the busy timeout");
    eprintln!("concurrency: the writer waited {:?} for the lock", finished - started);

    assert_eq!(product.on_hand, Decimal::from(105));
    let both = s1(&holder);
    assert_eq!(both.on_hand, Decimal::from(105), "the receipt landed");
    assert_eq!(both.reorder_point, Decimal::from(5), "the lock holder's write landed too");
    assert_ledger_balances(&holder);
}

#[test]
fn the_cli_and_an_open_store_write_the_same_file() {
    let (_dir, db) = shop();
    let mut store = Store::open(&db).expect("the GUI's connection");
    let admin = ctx(&store, "admin", "2026-11-20T11:30:00");

    let assert = cli(&db).args(["receive", "S1", "7", "--ref", "CLI-1"]).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("S1 107"), "{stdout}");
    ops::receive(&mut store, &admin, "S1", Decimal::from(3), "GUI-1").expect("the store writes after the CLI");
    assert_eq!(s1(&store).on_hand, Decimal::from(110), "both receipts landed");

    // The store holds the write lock while the CLI writes: the CLI waits, then succeeds.
    store.connection().execute_batch("BEGIN IMMEDIATE").expect("take the write lock");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kaidan"))
        .args(["--db", db.to_str().expect("utf-8 temp path"), "--today", TODAY, "--lang", "en", "receive", "S1", "2", "--ref", "CLI-2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the CLI");
    thread::sleep(Duration::from_millis(400));
    let still_running = child.try_wait().expect("poll the CLI").is_none();
    store.connection().execute_batch("COMMIT").expect("release the lock");
    let output = child.wait_with_output().expect("the CLI finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the CLI failed instead of waiting: {stderr}");
    assert!(still_running, "the CLI ended while the lock was held: {stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("S1 112"), "{}", String::from_utf8_lossy(&output.stdout));

    assert_eq!(s1(&store).on_hand, Decimal::from(112));
    assert_ledger_balances(&store);
    let references: Vec<String> = {
        let mut statement =
            store.connection().prepare("SELECT reference FROM stock_movements WHERE kind = 'receipt' ORDER BY id").expect("prepare");
        let rows = statement.query_map([], |row| row.get::<_, String>(0)).and_then(|mapped| mapped.collect::<rusqlite::Result<Vec<_>>>());
        rows.expect("receipts")
    };
    assert_eq!(references, ["CLI-1", "GUI-1", "CLI-2"]);
}
