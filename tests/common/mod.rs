//! Test support shared by the integration tests: the books' invariants (shared/INVARIANTS.md)
//! checked from the raw records of a database, and small query helpers. Each test file that
//! uses it says `mod common;`; not every file uses every helper.
#![allow(dead_code)]

pub mod window;

use assert_cmd::Command;
use kaidan::domain::OrderStatus;
use kaidan::store;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

/// Every row of `sql`, mapped; a failing query panics naming it.
pub fn rows<T>(conn: &rusqlite::Connection, sql: &str, map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> Vec<T> {
    let mut statement = conn.prepare(sql).unwrap_or_else(|error| panic!("{error}: {sql}"));
    let values = statement.query_map([], map).and_then(|mapped| mapped.collect::<rusqlite::Result<Vec<T>>>());
    values.unwrap_or_else(|error| panic!("{error}: {sql}"))
}

pub const TODAY: &str = "2026-11-20";

/// The PostgreSQL database the suite's server half runs on: `KAIDAN_TEST_POSTGRES`, a URL of a
/// database the test role may create schemas in (README: "Testing on PostgreSQL").
pub fn server() -> Option<String> {
    std::env::var("KAIDAN_TEST_POSTGRES").ok().filter(|url| !url.trim().is_empty())
}

/// Where a test's shop lives: `shop.sqlite3` in `dir`, or — when [`server`] names a database —
/// a new, empty schema of it (one per call, so tests never share a shop), as the `--db` URL
/// that works in it. The whole test database is made anew by `.ci/run`.
pub fn shop_db(dir: &std::path::Path) -> PathBuf {
    match server() {
        None => dir.join("shop.sqlite3"),
        Some(base) => PathBuf::from(fresh_schema(&base)),
    }
}

/// A new schema in the server database `base`; the URL that works in it.
pub fn fresh_schema(base: &str) -> String {
    store::server::fresh_schema(base).expect("KAIDAN_TEST_POSTGRES: a fresh schema")
}

/// Write to the database at `db` outside kaidan, as another tool or an attacker would: the
/// statements `sqlite` on a file, `postgres` on a server database.
pub fn edit_outside(db: &std::path::Path, sqlite: &str, postgres: &str) {
    match store::server_url(db) {
        None => rusqlite::Connection::open(db).expect("open").execute_batch(sqlite).expect(sqlite),
        Some(url) => postgres::Client::connect(url, postgres::NoTls).expect("connect").batch_execute(postgres).expect(postgres),
    }
}

/// Raw read access to a store's books: its own SQLite connection, or for a server database a
/// snapshot of it (see [`books_of`]).
pub enum Books<'a> {
    Own(&'a rusqlite::Connection),
    Snapshot(rusqlite::Connection),
}

impl std::ops::Deref for Books<'_> {
    type Target = rusqlite::Connection;

    fn deref(&self) -> &rusqlite::Connection {
        match self {
            Books::Own(conn) => conn,
            Books::Snapshot(conn) => conn,
        }
    }
}

/// The books of an open store (see [`Books`]).
pub fn books_of_store(store: &store::Store) -> Books<'_> {
    match store.server() {
        None => Books::Own(store.connection()),
        Some(url) => Books::Snapshot(books_of(std::path::Path::new(url))),
    }
}

/// Raw read access to the books of `db`: the SQLite file itself, or for a server database a
/// consistent snapshot of it (kaidan's own `backup`, loaded into memory), so the invariant and
/// dump checks read the same rows on both engines.
pub fn books_of(db: &std::path::Path) -> rusqlite::Connection {
    if store::server_url(db).is_none() {
        return rusqlite::Connection::open(db).expect("open");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("snapshot.sqlite3");
    store::Store::open(db).expect("open the server database").backup_to(&file).expect("snapshot");
    let source = rusqlite::Connection::open(&file).expect("open the snapshot");
    let mut memory = rusqlite::Connection::open_in_memory().expect("memory");
    rusqlite::backup::Backup::new(&source, &mut memory)
        .expect("copy")
        .run_to_completion(1024, std::time::Duration::ZERO, None)
        .expect("copy the snapshot");
    memory
}

/// `user`'s acting context on `store` on [`TODAY`] at 09:00, messages in English.
pub fn ctx(store: &store::Store, user: &str) -> kaidan::ops::Ctx {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("TODAY");
    kaidan::ops::ctx_for(store, user, today, format!("{TODAY}T09:00:00"), kaidan::i18n::Lang::En).expect("a known user")
}

/// A shop file made through the CLI (customers C001–C003, products P001–P003), and the real
/// binary run on it.
pub struct Shop {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub root: PathBuf,
}

impl Shop {
    /// The shop on the suite's engine (a file, or the server database of [`server`]).
    pub fn new() -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = shop_db(dir.path());
        Shop::made(dir, db)
    }

    /// The shop in a SQLite file whatever the suite's engine (tests of what only a file has:
    /// damage, other programs' files, the file's anchor).
    pub fn file() -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("shop.sqlite3");
        Shop::made(dir, db)
    }

    /// The shop in the server database at `url`.
    pub fn new_on(url: &str) -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        Shop::made(dir, PathBuf::from(url))
    }

    fn made(dir: tempfile::TempDir, db: PathBuf) -> Shop {
        let root = dir.path().to_path_buf();
        let shop = Shop { _dir: dir, db, root };
        shop.ok(&["init"]);
        shop.write("customers.csv", "code,name,phone,address,credit_limit,payment_terms_days,discount_pct,blocked\nC001,张三五金店,13800138000,上海市浦东新区,1000,30,0,false\nC002,Harbour Hardware,,,,,5,no\nC003,停用客户,13900000000,北京,,,,yes\n");
        shop.write("products.csv", "sku,name,spec,unit,price,min_price,cost,stock,reorder_point,active,divisible\nP001,不锈钢螺栓,M8×40,盒,12.50,10,8,100,5,true,false\nP002,电线,2.5mm²,m,3.20,3,2,500,50,true,true\nP003,旧款锁,,pcs,30,,20,10,0,false,false\n");
        shop.ok(&["import", "customers", shop.path("customers.csv").to_str().expect("utf8")]);
        shop.ok(&["import", "products", shop.path("products.csv").to_str().expect("utf8")]);
        shop
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write file");
        path
    }

    pub fn cmd(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("kaidan")
            .expect("binary")
            .args(["--db", self.db.to_str().expect("utf8"), "--today", TODAY, "--lang", "en"])
            .args(args)
            .assert()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd(args).success().get_output().stdout.clone();
        String::from_utf8(output).expect("utf8")
    }

    pub fn code(&self, args: &[&str], code: i32) -> (String, String) {
        let assert = self.cmd(args).code(code);
        let output = assert.get_output();
        (String::from_utf8_lossy(&output.stdout).to_string(), String::from_utf8_lossy(&output.stderr).to_string())
    }

    pub fn json(&self, args: &[&str], code: i32) -> Value {
        let (stdout, stderr) = self.code(args, code);
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout} / {stderr}"))
    }

    pub fn order(&self, name: &str, json: &str) -> String {
        self.write(name, json).to_str().expect("utf8").to_string()
    }

    /// Run a command that must be refused with `code` and must change nothing at all (the whole
    /// database compared before and after); returns its stderr.
    pub fn refused(&self, args: &[&str], code: i32) -> String {
        let before = self.dump();
        let (_, stderr) = self.code(args, code);
        assert_eq!(before, self.dump(), "{args:?} was refused but wrote: {stderr}");
        assert!(!stderr.trim().is_empty(), "{args:?} was refused without a reason");
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        stderr
    }

    /// Every row of the shop's database (see [`dump`]).
    pub fn dump(&self) -> Vec<String> {
        dump(&books_of(&self.db))
    }

    pub fn count(&self, table: &str) -> i64 {
        let conn = books_of(&self.db);
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| row.get(0)).expect("count")
    }
}

fn triple(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, i64)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

/// The text of a PDF as `pdftotext -layout` reads it (None when poppler-utils is missing).
pub fn pdftotext(pdf: &std::path::Path) -> Option<String> {
    let output = std::process::Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).to_string())
}

/// Every row of every table as text, in a stable order: two equal dumps mean nothing was
/// written (used to prove that a refusal changed nothing).
pub fn dump(conn: &rusqlite::Connection) -> Vec<String> {
    let tables: Vec<String> =
        rows(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", |row| row.get(0));
    let mut out = vec![];
    for table in tables {
        let columns = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("table").column_count();
        let order = (1..=columns).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT * FROM \"{table}\" ORDER BY {order}");
        let mut statement = conn.prepare(&sql).unwrap_or_else(|error| panic!("{error}: {sql}"));
        let mut query = statement.query([]).expect("query");
        while let Some(row) = query.next().expect("row") {
            let values: Vec<String> = (0..columns).map(|i| format!("{:?}", row.get_ref(i).expect("value"))).collect();
            out.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    out
}

/// One order line with what its shipments and live invoices say.
pub struct LineRow {
    number: String,
    status: OrderStatus,
    line_no: i64,
    qty: i64,
    shipped: i64,
    invoiced: i64,
    in_shipments: i64,
    in_invoices: i64,
    unit_price: i64,
    discount_pct: i64,
}

/// Check every invariant of shared/INVARIANTS.md that the raw records can show, panicking with
/// `context` and the broken figure. Run after every step of property tests, race tests and walks.
pub fn check_books(conn: &rusqlite::Connection, context: &str) {
    let ledger = "SELECT p.sku, p.on_hand, IFNULL((SELECT SUM(m.qty) FROM stock_movements m WHERE m.product_id = p.id), 0) FROM products p";
    for (code, on_hand, sum) in rows(conn, ledger, triple) {
        assert_eq!(on_hand, sum, "{code}: on hand {on_hand} but its ledger sums to {sum}; {context}");
    }
    // Every ledger row's value is its quantity at the unit cost it moved at (money's four
    // decimals, half away from zero); a row with no cost is worth nothing.
    // A revaluation (quantity 0) moves only value: stock that came in before any cost was known,
    // valued at the first cost given.
    let valued = "SELECT p.sku || ' #' || m.id, m.qty, IFNULL(m.unit_cost, -1), m.value FROM stock_movements m JOIN products p ON p.id = m.product_id
                  WHERE NOT (m.qty = 0 AND m.reason = 'revaluation')";
    for (row, quantity, unit_cost, value) in
        rows(conn, valued, |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?)))
    {
        let expected = if unit_cost < 0 {
            0
        } else {
            let scaled = i128::from(quantity) * i128::from(unit_cost);
            ((scaled + if scaled < 0 { -500 } else { 500 }) / 1000) as i64
        };
        assert_eq!(value, expected, "{row}: value {value} is not qty {quantity} at unit cost {unit_cost}; {context}");
    }
    let open_confirmed =
        "SELECT p.sku, p.reserved, IFNULL((SELECT SUM(l.qty - l.shipped_qty) FROM order_lines l JOIN orders o ON o.id = l.order_id
                        WHERE l.product_id = p.id AND o.status IN ('confirmed', 'partially_shipped')), 0) FROM products p";
    for (code, reserved, open) in rows(conn, open_confirmed, triple) {
        assert_eq!(reserved, open, "{code}: reserved {reserved} but confirmed orders still need {open}; {context}");
    }

    let lines = rows(
        conn,
        "SELECT o.number, o.status, l.line_no, l.qty, l.shipped_qty, l.invoiced_qty,
                IFNULL((SELECT SUM(s.qty) FROM shipment_lines s WHERE s.order_line_id = l.id), 0)
                  - IFNULL((SELECT SUM(r.qty) FROM returns r WHERE r.order_line_id = l.id AND r.credit_note_id IS NULL), 0),
                IFNULL((SELECT SUM(il.qty) FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
                        WHERE il.order_line_id = l.id AND i.void = 0), 0),
                l.unit_price, l.discount_pct
         FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY l.id",
        |row| {
            let status: String = row.get(1)?;
            Ok(LineRow {
                number: row.get(0)?,
                status: OrderStatus::parse(&status).unwrap_or(OrderStatus::Cancelled),
                line_no: row.get(2)?,
                qty: row.get(3)?,
                shipped: row.get(4)?,
                invoiced: row.get(5)?,
                in_shipments: row.get(6)?,
                in_invoices: row.get(7)?,
                unit_price: row.get(8)?,
                discount_pct: row.get(9)?,
            })
        },
    );
    // Per order: (something shipped, something still open, value of what shipped).
    let mut per_order: HashMap<String, (bool, bool, Decimal)> = HashMap::new();
    for line in &lines {
        let at = format!("{} line {} ({})", line.number, line.line_no, line.status);
        assert!(
            0 <= line.invoiced && line.invoiced <= line.shipped && line.shipped <= line.qty,
            "{at}: invoiced {} ≤ shipped {} ≤ ordered {} broken; {context}",
            line.invoiced,
            line.shipped,
            line.qty
        );
        assert_eq!(line.shipped, line.in_shipments, "{at}: shipped_qty differs from its shipment lines; {context}");
        assert_eq!(line.invoiced, line.in_invoices, "{at}: invoiced_qty differs from its live invoice lines; {context}");
        if line.status.is_pre_confirmation() || line.status == OrderStatus::Confirmed || line.status == OrderStatus::Cancelled {
            assert_eq!(line.shipped, 0, "{at}: shipped before it could be; {context}");
        }
        if matches!(line.status, OrderStatus::Shipped | OrderStatus::Invoiced | OrderStatus::Paid) {
            assert_eq!(line.shipped, line.qty, "{at}: not fully shipped; {context}");
        }
        if matches!(line.status, OrderStatus::Invoiced | OrderStatus::Paid) {
            assert_eq!(line.invoiced, line.qty, "{at}: not fully invoiced; {context}");
        }
        let value = store::qty(line.shipped) * store::money(line.unit_price) * (Decimal::ONE_HUNDRED - store::pct(line.discount_pct))
            / Decimal::ONE_HUNDRED;
        let entry = per_order.entry(line.number.clone()).or_insert((false, false, Decimal::ZERO));
        entry.0 |= line.shipped > 0;
        entry.1 |= line.shipped < line.qty;
        entry.2 += value;
    }

    let invoices = rows(
        conn,
        "SELECT i.number, i.subtotal, i.tax, i.total, i.paid,
                IFNULL((SELECT SUM(il.line_total) FROM invoice_lines il WHERE il.invoice_id = i.id), 0),
                IFNULL((SELECT SUM(p.amount) FROM payments p WHERE p.invoice_id = i.id), 0)
                  - IFNULL((SELECT SUM(r.amount) FROM refunds r WHERE r.invoice_id = i.id), 0),
                (SELECT o.prices_include_tax FROM orders o WHERE o.id = i.order_id)
         FROM invoices i",
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                [
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                ],
            ))
        },
    );
    for (number, [subtotal, tax, total, paid, lines_total, payments, included]) in invoices {
        assert_eq!(subtotal, lines_total, "{number}: subtotal differs from the sum of its lines; {context}");
        // Under the rule of the order it bills: tax added on top, or already in the prices.
        let expected = if included == 1 { subtotal } else { subtotal + tax };
        assert_eq!(total, expected, "{number}: total is not subtotal + tax (tax included: {included}); {context}");
        assert_eq!(paid, payments, "{number}: paid {paid} but its payments less refunds sum to {payments}; {context}");
        assert!(paid >= 0, "{number}: paid {paid} is negative; {context}");
    }

    let void_with_money: Vec<(String, i64)> = rows(conn, "SELECT number, paid FROM invoices WHERE void = 1 AND paid <> 0", |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    });
    assert!(void_with_money.is_empty(), "void invoices still hold payments: {void_with_money:?}; {context}");
    // A voided invoice has the day it was voided (its statements show the void then), never
    // before its issue; one in force has none.
    let void_days: Vec<(String, i64)> =
        rows(conn, "SELECT number, void FROM invoices WHERE (void = 1) <> (voided_on IS NOT NULL) OR voided_on < issue_date", |row| {
            Ok((row.get(0)?, row.get(1)?))
        });
    assert!(void_days.is_empty(), "invoices whose void day does not fit: {void_days:?}; {context}");

    let orders = rows(
        conn,
        "SELECT o.number, o.status,
                IFNULL((SELECT SUM(i.total) FROM invoices i WHERE i.order_id = o.id AND i.void = 0), 0),
                (SELECT COUNT(*) FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id WHERE i.order_id = o.id AND i.void = 0),
                IFNULL((SELECT SUM(i.paid) FROM invoices i WHERE i.order_id = o.id AND i.void = 0), 0),
                IFNULL((SELECT SUM(i.subtotal) FROM invoices i WHERE i.order_id = o.id AND i.void = 0), 0)
         FROM orders o",
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                [row.get::<_, i64>(2)?, row.get::<_, i64>(3)?, row.get::<_, i64>(4)?, row.get::<_, i64>(5)?],
            ))
        },
    );
    for (number, status, [invoiced, invoice_lines, paid, invoiced_goods]) in orders {
        let (any_shipped, any_open, shipped_value) = per_order.get(&number).copied().unwrap_or((false, false, Decimal::ZERO));
        // The goods' value the invoices bill (their subtotals: before tax added on top, or with
        // the tax the prices include, as the order lines are priced). Each invoice line is
        // rounded to cents once: at most half a cent above the exact value.
        let rounding = Decimal::new(5, 3) * Decimal::from(invoice_lines);
        assert!(
            store::money(invoiced_goods) <= shipped_value + rounding,
            "{number}: invoiced goods worth {} but only {shipped_value} worth has shipped; {context}",
            store::money(invoiced_goods)
        );
        if status == "partially_shipped" {
            assert!(any_shipped && any_open, "{number} is partially shipped but shipped={any_shipped}, open={any_open}; {context}");
        }
        if status == "paid" {
            assert!(paid >= invoiced, "{number} is paid but only {paid} of {invoiced} is; {context}");
        }
    }

    // Deposits: what each says was applied and refunded is its payments and refund rows; a
    // cancelled order holds no unapplied deposit; a gift line is free.
    let deposits = rows(
        conn,
        "SELECT d.id, o.number, o.status, d.amount, d.applied, d.refunded,
                IFNULL((SELECT SUM(p.amount) FROM payments p WHERE p.deposit_id = d.id), 0)
                  - IFNULL((SELECT SUM(r.amount) FROM refunds r WHERE r.deposit_id = d.id), 0),
                IFNULL((SELECT SUM(r.amount) FROM deposit_refunds r WHERE r.deposit_id = d.id), 0)
         FROM deposits d JOIN orders o ON o.id = d.order_id",
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                [row.get::<_, i64>(3)?, row.get::<_, i64>(4)?, row.get::<_, i64>(5)?, row.get::<_, i64>(6)?, row.get::<_, i64>(7)?],
            ))
        },
    );
    for (id, number, status, [amount, applied, refunded, in_payments, in_refunds]) in deposits {
        let at = format!("deposit #{id} of {number}");
        assert_eq!(applied, in_payments, "{at}: applied {applied} but its payments less what went back sum to {in_payments}; {context}");
        assert_eq!(refunded, in_refunds, "{at}: refunded {refunded} but its refund rows sum to {in_refunds}; {context}");
        assert!(0 <= applied && 0 <= refunded && applied + refunded <= amount, "{at}: {applied} + {refunded} > {amount}; {context}");
        if status == "cancelled" {
            assert_eq!(applied + refunded, amount, "{at}: a cancelled order still holds money; {context}");
        }
    }
    let paid_gifts: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM order_lines WHERE gift = 1 AND (unit_price <> 0 OR discount_pct <> 0 OR line_total <> 0)",
            [],
            |row| row.get(0),
        )
        .expect("gift lines");
    assert_eq!(paid_gifts, 0, "a gift line carries a price; {context}");

    // Numbers run per year (SO-2026-00001 …): each year's numbers are 1…last, none missing.
    for (kind, table) in [("order", "orders"), ("invoice", "invoices"), ("shipment", "shipments")] {
        let years: Vec<(i64, i64)> = rows(conn, &format!("SELECT year, last FROM sequences WHERE kind = '{kind}' ORDER BY year"), |row| {
            Ok((row.get(0)?, row.get(1)?))
        });
        let total: i64 = years.iter().map(|(_, last)| last).sum();
        let count: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| row.get(0)).expect("count");
        assert_eq!(count, total, "{kind} numbers are not gap-free ({years:?}); {context}");
        for (year, last) in years {
            let in_year: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table} WHERE number LIKE '%-{year}-%'"), [], |row| row.get(0))
                .expect("count in year");
            assert_eq!(in_year, last, "{kind} numbers of {year} are not 1…{last}; {context}");
        }
    }
}

/// Seed a shop file through the public operations, as the owner `admin` on `today`: customer C1
/// ("Walk-in hardware", 30 days' terms, `credit_limit` if any) and each product as
/// (SKU, name, price, on hand). The tests' usual small shops differ only in these.
pub fn seed_shop(path: &std::path::Path, today: chrono::NaiveDate, credit_limit: Option<&str>, products: &[(&str, &str, &str, &str)]) {
    use kaidan::domain::master::{Customer, Product};
    let dec = |text: &str| -> Decimal { text.parse().expect("decimal") };
    let mut store = store::Store::open(path).expect("store");
    let admin = kaidan::ops::ctx_for(&store, "admin", today, format!("{today}T09:00:00"), kaidan::i18n::Lang::En).expect("admin");
    let customer = Customer {
        code: "C1".into(),
        name: "Walk-in hardware".into(),
        phone: "13800138000".into(),
        address: "1 Market Street".into(),
        credit_limit: credit_limit.map(dec),
        payment_terms_days: 30,
        ..Customer::default()
    };
    kaidan::ops::save_customer(&mut store, &admin, &customer).expect("customer");
    for (sku, name, price, stock) in products {
        let product =
            Product { sku: (*sku).into(), name: (*name).into(), unit: "pcs".into(), price: dec(price), active: true, ..Product::default() };
        kaidan::ops::save_product(&mut store, &admin, &product, dec(stock)).expect("product");
    }
}
