//! Customer statements (对账单) against the raw books, on both engines: over random histories —
//! orders, shipments, invoices, payments, returns with credit notes, deposits, their refunds
//! and voided invoices, spread over two months — every customer's closing balance equals the
//! balance the books hold (invoices − what is paid on them − deposits not yet applied −
//! payments on no invoice), to the cent; a period's closing is the next period's opening; each
//! statement's lines add up to it. Then `statement` through the CLI: PDF read back, CSV, and
//! `--all` writing one file per customer with something to say; and from the customer card in
//! the window, both languages.

mod common;

use chrono::NaiveDate;
use common::{Shop, books_of, check_books, pdftotext};
use kaidan::domain::PaymentMethod;
use kaidan::domain::order::{LineInput, OrderInput};
use kaidan::ops;
use kaidan::store::Store;
use rust_decimal::Decimal;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// admin acting on day `text` (10:00).
fn at(store: &Store, text: &str) -> ops::Ctx {
    ops::ctx_for(store, "admin", day(text), format!("{text}T10:00:00"), kaidan::i18n::Lang::En).expect("ctx")
}

/// An order of 4 × P001 (50.00) for `customer`, confirmed, shipped and invoiced as `ctx`:
/// its number and its invoice's.
fn invoiced_order(store: &mut Store, ctx: &ops::Ctx, customer: &str) -> (String, String) {
    let input = OrderInput {
        customer: customer.into(),
        lines: vec![LineInput { sku: "P001".into(), qty: Decimal::from(4), ..Default::default() }],
        ..Default::default()
    };
    let saved = ops::submit_order(store, ctx, &input).expect("submit");
    ops::confirm(store, ctx, &saved.number).expect("confirm");
    ops::ship(store, ctx, &saved.number, &[]).expect("ship");
    let invoice = ops::invoice(store, ctx, &saved.number).expect("invoice");
    (saved.number, invoice.number)
}

/// In a window test's shop: C1 invoiced 30.00 (3 × P1) on 2026-10-12, last month for the
/// window's today (2026-11-20).
fn invoice_c1_in_october(path: &std::path::Path) {
    let mut store = Store::open(path).expect("store");
    let october = at(&store, "2026-10-12");
    let input = OrderInput {
        customer: "C1".into(),
        lines: vec![LineInput { sku: "P1".into(), qty: Decimal::from(3), ..Default::default() }],
        ..Default::default()
    };
    let saved = ops::submit_order(&mut store, &october, &input).expect("submit");
    ops::confirm(&mut store, &october, &saved.number).expect("confirm");
    ops::ship(&mut store, &october, &saved.number, &[]).expect("ship");
    ops::invoice(&mut store, &october, &saved.number).expect("invoice");
}

/// A small deterministic generator (the same history for a seed on both engines).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// What the books say customer `code` owes now, from the raw rows: invoices less what is paid on
/// them (payments, credit notes and applied deposits less refunds), less deposits not yet on an
/// invoice, less payments on no invoice.
fn books_balance(conn: &rusqlite::Connection, code: &str) -> Decimal {
    let scaled: i64 = conn
        .query_row(
            "SELECT IFNULL((SELECT SUM(i.total - i.paid) FROM invoices i WHERE i.customer_id = c.id AND i.void = 0), 0)
                  - IFNULL((SELECT SUM(d.amount - d.applied - d.refunded) FROM deposits d WHERE d.customer_id = c.id), 0)
                  - IFNULL((SELECT SUM(p.amount) FROM payments p WHERE p.customer_id = c.id AND p.invoice_id IS NULL), 0)
             FROM customers c WHERE c.code = ?1",
            [code],
            |row| row.get(0),
        )
        .expect("balance");
    kaidan::store::money(scaled)
}

/// A random two-month history of C001 and C002 through the public operations. Returns the
/// statements made as it went, every 10 steps, of each customer from the first day to the day
/// before (a period already over, which nothing done later may change).
fn history(shop: &Shop, seed: u64) -> Vec<kaidan::store::statements::Statement> {
    let mut store = Store::open(&shop.db).expect("store");
    let mut rng = Rng(seed);
    let mut orders: Vec<String> = vec![];
    let mut invoices: Vec<String> = vec![];
    let mut today = day("2026-09-01");
    let mut sent = vec![];
    for step in 0..120 {
        today += chrono::Duration::days(rng.below(2) as i64);
        if step % 10 == 9 && today > day("2026-09-01") {
            for code in ["C001", "C002"] {
                let customer = store.get_customer_by_code(code).expect("read").expect("customer");
                let yesterday = today.pred_opt().expect("a day before");
                sent.push(store.statement(customer.id, day("2026-09-01"), yesterday).expect("statement"));
            }
        }
        let ctx = ops::ctx_for(&store, "admin", today, format!("{today}T10:00:00"), kaidan::i18n::Lang::En).expect("ctx");
        let cents = |rng: &mut Rng, most: u64| Decimal::new(100 + rng.below(most * 100) as i64, 2);
        match rng.below(9) {
            0 | 1 => {
                let customer = if rng.below(2) == 0 { "C001" } else { "C002" };
                let input = OrderInput {
                    customer: customer.into(),
                    lines: vec![LineInput { sku: "P002".into(), qty: Decimal::from(1 + rng.below(20)), ..Default::default() }],
                    ..Default::default()
                };
                if let Ok(saved) = ops::submit_order(&mut store, &ctx, &input) {
                    let _ = ops::confirm(&mut store, &ctx, &saved.number);
                    orders.push(saved.number);
                }
            }
            2 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                let _ = ops::ship(&mut store, &ctx, &order, &[]);
            }
            3 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                if let Ok(issued) = ops::invoice(&mut store, &ctx, &order) {
                    invoices.push(issued.number);
                }
            }
            4 if !invoices.is_empty() => {
                let invoice = invoices[rng.below(invoices.len() as u64) as usize].clone();
                let _ = ops::pay(&mut store, &ctx, &invoice, cents(&mut rng, 30), PaymentMethod::Cash, "");
            }
            5 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                let _ = ops::deposit(&mut store, &ctx, &order, cents(&mut rng, 20), PaymentMethod::Wechat, "WX");
            }
            6 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                let _ = ops::refund_deposit(&mut store, &ctx, &order, cents(&mut rng, 10), PaymentMethod::Wechat, "asked back");
            }
            7 if !invoices.is_empty() => {
                let invoice = invoices[rng.below(invoices.len() as u64) as usize].clone();
                if rng.below(3) == 0 {
                    let _ = ops::void_invoice(&mut store, &ctx, &invoice, "wrong address");
                } else {
                    let _ = ops::refund(&mut store, &ctx, &invoice, cents(&mut rng, 5), PaymentMethod::Cash, "goodwill");
                }
            }
            8 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                let _ = ops::record_return(&mut store, &ctx, &order, &[("P002".to_string(), Decimal::ONE)], "damaged");
            }
            _ => {}
        }
    }
    sent
}

#[test]
fn every_statement_closes_on_the_books_balance_and_periods_chain() {
    let mut voids = 0;
    for seed in [1, 7, 42, 13] {
        let shop = Shop::new();
        let sent = history(&shop, seed);
        let conn = books_of(&shop.db);
        check_books(&conn, &format!("history {seed}"));
        let store = Store::open(&shop.db).expect("store");
        // A statement of a period that was over when it was made reads the same made today
        // (voids, payments, refunds and returns since then show in later periods only).
        assert!(sent.len() >= 20, "seed {seed}: {} statements made along the way", sent.len());
        for earlier in &sent {
            let again = store.statement(earlier.customer.id, earlier.from, earlier.to).expect("again");
            assert_eq!(
                &again, earlier,
                "seed {seed}: {} {}..{} changed after it was sent",
                earlier.customer.code, earlier.from, earlier.to
            );
        }
        voids += conn.query_row("SELECT COUNT(*) FROM invoices WHERE void = 1", [], |row| row.get::<_, i64>(0)).expect("voids");
        let mut moved = 0;
        for code in ["C001", "C002"] {
            let customer = store.get_customer_by_code(code).expect("read").expect("customer");
            let whole = store.statement(customer.id, day("2026-09-01"), day("2026-12-31")).expect("statement");
            assert_eq!(whole.opening, Decimal::ZERO, "{seed} {code}: nothing before the shop's first day");
            assert_eq!(whole.closing, books_balance(&conn, code), "seed {seed}: {code}'s closing balance is not the books' balance");
            moved += whole.entries.len();
            // The lines add up, and the running balance ends on the closing balance.
            let sum: Decimal = whole.entries.iter().map(|entry| entry.debit - entry.credit).sum();
            assert_eq!(whole.opening + sum, whole.closing);
            assert_eq!(whole.entries.last().map(|entry| entry.balance).unwrap_or(whole.opening), whole.closing);
            // Split anywhere: one period's closing is the next one's opening, and the lines are the same.
            for cut in ["2026-09-10", "2026-09-30", "2026-10-15", "2026-10-31"] {
                let first = store.statement(customer.id, day("2026-09-01"), day(cut)).expect("first");
                let next = store.statement(customer.id, day(cut) + chrono::Duration::days(1), day("2026-12-31")).expect("next");
                assert_eq!(first.closing, next.opening, "seed {seed} {code} cut {cut}");
                assert_eq!(first.entries.len() + next.entries.len(), whole.entries.len(), "seed {seed} {code} cut {cut}");
            }
        }
        assert!(moved > 20, "seed {seed}: the history moved money ({moved} lines)");
    }
    assert!(voids > 0, "the histories voided an invoice");
}

#[test]
fn statements_come_out_as_pdf_csv_and_one_file_per_customer() {
    let shop = Shop::new();
    history(&shop, 5);
    let store = Store::open(&shop.db).expect("store");
    let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
    let statement = store.statement(c001.id, day("2026-10-01"), day("2026-10-31")).expect("statement");
    drop(store);
    let closing = kaidan::domain::money::fmt_money(statement.closing);

    let pdf = shop.path("c001.pdf");
    let out = shop.ok(&["statement", "C001", "--from", "2026-10-01", "--to", "2026-10-31", "-o", pdf.to_str().expect("utf8")]);
    assert!(out.contains(&closing), "{out}");
    match pdftotext(&pdf) {
        Some(text) => {
            for expected in ["Statement of Account", "C001", "Opening balance", "Closing balance", &closing, "Not yet due"] {
                assert!(text.contains(expected), "missing {expected}: {text}");
            }
        }
        None => eprintln!("pdftotext (poppler-utils) is not installed: the statement PDF was written but not read back"),
    }
    let csv = shop.path("c001.csv");
    let zh = assert_cmd::Command::cargo_bin("kaidan")
        .expect("binary")
        .args([
            "--db",
            shop.db.to_str().expect("utf8"),
            "--lang",
            "zh",
            "statement",
            "C001",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "-o",
        ])
        .arg(&csv)
        .output()
        .expect("run");
    assert!(zh.status.success(), "{}", String::from_utf8_lossy(&zh.stderr));
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.contains("期初余额") && text.contains("期末余额"), "{text}");
    assert!(text.lines().any(|line| line.starts_with("2026-10-31,期末余额") && line.ends_with(&closing)), "{text}");
    // Bad input: a period backwards, an unknown format, an unknown customer — exit 2, no file.
    let bad = shop.path("bad.pdf");
    shop.refused(&["statement", "C001", "--from", "2026-11-01", "--to", "2026-10-01", "-o", bad.to_str().expect("utf8")], 2);
    shop.refused(&["statement", "C001", "--from", "2026-10-01", "--to", "2026-10-31", "-o", shop.path("x.doc").to_str().expect("utf8")], 2);
    shop.refused(&["statement", "C999", "--from", "2026-10-01", "--to", "2026-10-31", "-o", bad.to_str().expect("utf8")], 2);
    assert!(!bad.exists());

    // Month end: every customer with something to say, one file each; C003 (blocked, never
    // ordered) gets none.
    let folder = shop.path("october");
    let out = shop.ok(&[
        "statement",
        "--all",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "-o",
        folder.to_str().expect("utf8"),
        "--format",
        "xlsx",
    ]);
    let mut files: Vec<String> =
        std::fs::read_dir(&folder).expect("folder").map(|entry| entry.expect("entry").file_name().to_string_lossy().to_string()).collect();
    files.sort();
    assert_eq!(files, vec!["C001.xlsx", "C002.xlsx"], "{out}");
    // Month end to print in one go: OUT ending in .pdf is one PDF holding every statement, each
    // on pages of its own.
    let all = shop.path("october.pdf");
    let out = shop.ok(&["statement", "--all", "--from", "2026-10-01", "--to", "2026-10-31", "-o", all.to_str().expect("utf8")]);
    assert!(out.starts_with("2 statements in"), "{out}");
    assert!(all.is_file(), "one file, not a folder");
    let pages = lopdf::Document::load(&all).expect("a PDF").get_pages().len();
    assert_eq!(pages, 2, "one page for each of the two statements");
    // A period with nothing to say: said, and nothing written (no PDF, no empty folder).
    for empty in [shop.path("empty.pdf"), shop.path("empty-folder")] {
        let out = shop.ok(&["statement", "--all", "--from", "2020-01-01", "--to", "2020-01-31", "-o", empty.to_str().expect("utf8")]);
        assert!(out.contains("nothing was written"), "{out}");
        assert!(!empty.exists(), "{}", empty.display());
    }
    if let Some(text) = pdftotext(&all) {
        assert!(text.matches("Statement of Account").count() >= 2, "{text}");
        assert!(text.contains("C001") && text.contains("C002") && !text.contains("C003"), "{text}");
    }
    // A workbook of every statement is not made: said, nothing written.
    let workbook = shop.path("october-all.xlsx");
    let stderr =
        shop.refused(&["statement", "--all", "--from", "2026-10-01", "--to", "2026-10-31", "-o", workbook.to_str().expect("utf8")], 2);
    assert!(stderr.contains("one PDF") && stderr.contains("--format"), "{stderr}");
    assert!(!workbook.exists());
}

#[test]
fn a_statement_is_saved_from_the_customer_card() {
    use common::window::*;
    use egui_kittest::kittest::Queryable;
    use kaidan::i18n::{Lang, ui as t, ui_master as tm};
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        invoice_c1_in_october(&path);
        let mut harness = window_sized(&path, lang, 1280.0, 900.0);
        harness.run_steps(2);
        click(&mut harness, t::TAB_CUSTOMERS.get(lang));
        harness.query_all_by_label("Walk-in hardware").next().expect("the customer row").click();
        harness.run_steps(3);
        click(&mut harness, tm::STATEMENT_BUTTON.get(lang));
        let pdf = dir.path().join(format!("c1-{lang:?}.pdf"));
        type_into(&mut harness, t::FILE.get(lang), &pdf.display().to_string());
        click(&mut harness, tm::STATEMENT_SAVE.get(lang));
        run_until(&mut harness, |_| pdf.exists());
        let bytes = std::fs::read(&pdf).unwrap_or_else(|error| panic!("{lang:?}: {} not written: {error}", pdf.display()));
        assert!(bytes.starts_with(b"%PDF"));
        let said = t::STATEMENT_WRITTEN.fill(lang, &[("path", &pdf.display()), ("closing", &"30.00")]);
        run_until(&mut harness, |harness| harness.state().notice().is_some_and(|notice| notice.contains(&said)));
        assert_eq!(harness.state().notice().map(|notice| notice.contains(&said)), Some(true), "{lang:?}: {:?}", harness.state().notice());
        if let Some(text) = pdftotext(&pdf) {
            assert!(text.contains("2026-10-01") && text.contains("2026-10-31") && text.contains("30.00"), "{text}");
        }
    }
}

/// The bookkeeper's month end in the window: Customers → Month-end statements…, as one PDF to
/// print, then as a folder of CSV files to send; both languages.
#[test]
fn the_month_end_run_is_made_from_the_customers_tab() {
    use common::window::*;
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use kaidan::i18n::{Lang, ui as t, ui_master as tm};
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        invoice_c1_in_october(&path);
        let before = common::dump(&books_of(&path));
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        click(&mut harness, t::TAB_CUSTOMERS.get(lang));
        click(&mut harness, tm::MONTH_END_BUTTON.get(lang));
        assert!(harness.query_by_label(tm::MONTH_END_TITLE.get(lang)).is_some(), "{lang:?}: the dialog opened");
        assert_eq!(harness.get_by_role_and_label(Role::TextInput, tm::STATEMENT_FROM.get(lang)).value().as_deref(), Some("2026-10-01"));
        assert_eq!(harness.get_by_role_and_label(Role::TextInput, tm::STATEMENT_TO.get(lang)).value().as_deref(), Some("2026-10-31"));
        let pdf = dir.path().join("october.pdf");
        type_into(&mut harness, t::FILE.get(lang), &pdf.display().to_string());
        click(&mut harness, tm::MONTH_END_WRITE.get(lang));
        run_until(&mut harness, |harness| harness.state().notice().is_some());
        let said = t::MONTH_END_WRITTEN
            .fill(lang, &[("count", &1), ("path", &pdf.display()), ("from", &"2026-10-01"), ("to", &"2026-10-31"), ("owed", &"30.00")]);
        assert_eq!(harness.state().notice(), Some(said.as_str()), "{lang:?}");
        assert!(std::fs::read(&pdf).expect("the PDF").starts_with(b"%PDF"));
        assert!(harness.query_by_label(tm::MONTH_END_TITLE.get(lang)).is_none(), "{lang:?}: the dialog closed");
        // Again, one CSV file per customer in a folder.
        click(&mut harness, tm::MONTH_END_BUTTON.get(lang));
        harness.get_by_label(tm::MONTH_END_FOLDER.get(lang)).click();
        harness.run_steps(2);
        let folder = dir.path().join("october");
        type_into(&mut harness, tm::MONTH_END_FOLDER_FIELD.get(lang), &folder.display().to_string());
        harness.get_by_label("CSV").click();
        harness.run_steps(2);
        click(&mut harness, tm::MONTH_END_WRITE.get(lang));
        run_until(&mut harness, |_| folder.join("C1.csv").exists());
        let text = std::fs::read_to_string(folder.join("C1.csv")).expect("C1's statement");
        assert!(text.contains("30.00"), "{lang:?}: {text}");
        // A period with nothing to say: told so, nothing written.
        click(&mut harness, tm::MONTH_END_BUTTON.get(lang));
        type_into(&mut harness, tm::STATEMENT_FROM.get(lang), "2020-01-01");
        type_into(&mut harness, tm::STATEMENT_TO.get(lang), "2020-01-31");
        let nothing = dir.path().join("nothing.pdf");
        type_into(&mut harness, t::FILE.get(lang), &nothing.display().to_string());
        click(&mut harness, tm::MONTH_END_WRITE.get(lang));
        let said = t::MONTH_END_NOTHING.fill(lang, &[("from", &"2020-01-01"), ("to", &"2020-01-31")]);
        run_until(&mut harness, |harness| harness.state().notice() == Some(said.as_str()));
        assert_eq!(harness.state().notice(), Some(said.as_str()), "{lang:?}");
        assert!(!nothing.exists());
        assert_eq!(common::dump(&books_of(&path)), before, "{lang:?}: statements write files, never the books");
    }
}

#[test]
fn a_statement_looks_at_the_last_day_even_when_paid_since() {
    let shop = Shop::new();
    {
        let mut store = Store::open(&shop.db).expect("store");
        let october = at(&store, "2026-10-10");
        let (_, invoice) = invoiced_order(&mut store, &october, "C001");
        // Paid in full in November, after the October statement's last day.
        let november = at(&store, "2026-11-05");
        ops::pay(&mut store, &november, &invoice, Decimal::from(50), PaymentMethod::Cash, "").expect("pay");
    }
    let store = Store::open(&shop.db).expect("store");
    let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
    let october = store.statement(c001.id, day("2026-10-01"), day("2026-10-31")).expect("statement");
    assert_eq!(october.closing, Decimal::from(50), "owed on the last day of October");
    assert_eq!(october.ageing.iter().copied().sum::<Decimal>(), Decimal::from(50), "the ageing is of that day, not of today");
    assert_eq!(october.ageing[0], Decimal::from(50), "not yet due on 2026-10-31 (30 days' terms)");
    drop(store);
    // The month-end run of October, made in November, still sends it.
    let folder = shop.path("october");
    shop.ok(&["statement", "--all", "--from", "2026-10-01", "--to", "2026-10-31", "-o", folder.to_str().expect("utf8"), "--format", "csv"]);
    assert!(folder.join("C001.csv").exists(), "paid since, but owed at the end of October");
}

/// A statement sent at the end of October reads the same when made again after the invoice on it
/// was voided in November; November's shows the void as a line of its own, in both languages.
#[test]
fn a_void_after_the_period_leaves_its_statement_as_sent() {
    let shop = Shop::new();
    let mut store = Store::open(&shop.db).expect("store");
    let october = at(&store, "2026-10-10");
    let (_, invoice) = invoiced_order(&mut store, &october, "C001");
    let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
    let sent = store.statement(c001.id, day("2026-10-01"), day("2026-10-31")).expect("statement");
    assert_eq!(sent.closing, Decimal::from(50));
    // C002's October invoice is voided in November with no money ever moving: the void alone
    // must bring C002 into both month-end runs.
    let (_, other_invoice) = invoiced_order(&mut store, &october, "C002");
    // Paid in part, refunded, then voided in November (a void needs its money given back first).
    let november = at(&store, "2026-11-03");
    ops::pay(&mut store, &november, &invoice, Decimal::from(20), PaymentMethod::Cash, "").expect("pay");
    let later = at(&store, "2026-11-04");
    ops::refund(&mut store, &later, &invoice, Decimal::from(20), PaymentMethod::Cash, "wrong invoice").expect("refund");
    ops::void_invoice(&mut store, &later, &invoice, "wrong address").expect("void");
    ops::void_invoice(&mut store, &later, &other_invoice, "duplicate").expect("void C002's");
    assert_eq!(store.statement(c001.id, day("2026-10-01"), day("2026-10-31")).expect("again"), sent, "October as sent");
    assert_eq!(store.get_invoice(&invoice).expect("invoice").voided_on, Some(day("2026-11-04")));
    assert_eq!(shop.json(&["show", &invoice, "--json"], 0)["voided_on"], "2026-11-04", "the contract's invoice says its void day");
    let month = store.statement(c001.id, day("2026-11-01"), day("2026-11-30")).expect("November");
    assert_eq!(month.opening, Decimal::from(50));
    assert_eq!(month.closing, Decimal::ZERO, "nothing owed after the void");
    assert_eq!(month.closing, store.customer_balance(c001.id).expect("balance"));
    assert_eq!(month.ageing, [Decimal::ZERO; 5], "a voided invoice is not open");
    let kinds: Vec<_> = month.entries.iter().map(|entry| (entry.kind, entry.date, entry.debit, entry.credit)).collect();
    use kaidan::store::statements::EntryKind;
    assert_eq!(
        kinds,
        vec![
            (EntryKind::Payment, day("2026-11-03"), Decimal::ZERO, Decimal::from(20)),
            (EntryKind::Refund, day("2026-11-04"), Decimal::from(20), Decimal::ZERO),
            (EntryKind::Void, day("2026-11-04"), Decimal::ZERO, Decimal::from(50)),
        ]
    );
    drop(store);
    check_books(&books_of(&shop.db), "after the void");
    // The month-end runs, made now: October still goes out; November's says the void in words.
    for (lang, said) in [("en", "Invoice voided"), ("zh", "发票作废")] {
        let folder = shop.path(&format!("runs-{lang}"));
        let run = |from: &str, to: &str, into: &std::path::Path| {
            let out = assert_cmd::Command::cargo_bin("kaidan")
                .expect("binary")
                .args(["--db", shop.db.to_str().expect("utf8"), "--lang", lang, "statement", "--all", "--from", from, "--to", to, "-o"])
                .arg(into)
                .args(["--format", "csv"])
                .output()
                .expect("run");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        };
        run("2026-10-01", "2026-10-31", &folder.join("october"));
        let text = std::fs::read_to_string(folder.join("october").join("C001.csv")).expect("October's C001");
        assert!(!text.contains(said), "{text}");
        let text = std::fs::read_to_string(folder.join("october").join("C002.csv")).expect("October's C002, voided since");
        assert!(text.contains(&other_invoice) && !text.contains(said), "{text}");
        run("2026-11-01", "2026-11-30", &folder.join("november"));
        let text = std::fs::read_to_string(folder.join("november").join("C002.csv")).expect("November's C002: its void");
        assert!(text.lines().any(|line| line.contains(said) && line.contains(&other_invoice)), "{text}");
        let text = std::fs::read_to_string(folder.join("november").join("C001.csv")).expect("November's C001");
        let void_line = text.lines().find(|line| line.contains(said)).unwrap_or_else(|| panic!("{lang}: {text}"));
        assert!(void_line.starts_with("2026-11-04,") && void_line.contains(&invoice) && void_line.contains("wrong address"), "{void_line}");
    }
}

/// The order slip's running balance, for a monthly customer, is the books' own: an order shipped
/// and invoiced one piece at a time under 13 % tax (each invoice rounds its tax: 4 × 14.13 =
/// 56.52 where the order says 56.50), then a piece returned for a credit note. At every step the
/// slip's new balance is what the customer owes plus what is not yet invoiced, and once all is
/// invoiced it is the statement's closing balance to the cent; the invoice's block agrees.
#[test]
fn the_slips_running_balance_is_the_statements_to_the_cent() {
    let shop = Shop::new();
    shop.ok(&["config", "set", "tax.rate_pct", "13"]);
    let mut store = Store::open(&shop.db).expect("store");
    let ctx = ops::ctx_for(&store, "admin", day("2026-11-10"), "2026-11-10T10:00:00".to_string(), kaidan::i18n::Lang::En).expect("ctx");
    let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
    assert_eq!(c001.account, kaidan::domain::master::Account::Monthly, "the fixture's C001 is on a monthly account");
    let input = OrderInput {
        customer: "C001".into(),
        lines: vec![LineInput { sku: "P001".into(), qty: Decimal::from(4), ..Default::default() }],
        ..Default::default()
    };
    let saved = ops::submit_order(&mut store, &ctx, &input).expect("submit");
    ops::confirm(&mut store, &ctx, &saved.number).expect("confirm");
    let slip = |store: &Store| {
        let order = store.get_order(&saved.number).expect("order");
        kaidan::documents::order_doc(store, &order, kaidan::i18n::Lang::En, 0).expect("slip").running.expect("a running balance")
    };
    assert_eq!(slip(&store).new, Decimal::new(5650, 2), "nothing invoiced: the order's 56.50");
    let mut invoices = vec![];
    for piece in 1..=4 {
        ops::ship(&mut store, &ctx, &saved.number, &[("P001".to_string(), Decimal::ONE)]).expect("ship one");
        let issued = ops::invoice(&mut store, &ctx, &saved.number).expect("invoice one");
        assert_eq!(issued.amount, Decimal::new(1413, 2));
        invoices.push(issued.number);
        let running = slip(&store);
        let owed = store.customer_balance(c001.id).expect("balance");
        let left = Decimal::new(1250, 2) * Decimal::from(4 - piece);
        let left = if left.is_zero() {
            left
        } else {
            kaidan::domain::order::totals([left], store.get_order(&saved.number).expect("order").tax_rule).total
        };
        assert_eq!(running.new, owed + left, "after {piece} invoiced");
        assert_eq!(running.previous + running.this, running.new);
        assert_eq!(running.previous, Decimal::ZERO, "nothing else owed");
    }
    let statement = store.statement(c001.id, day("2026-11-01"), day("2026-11-30")).expect("statement");
    assert_eq!(statement.closing, Decimal::new(5652, 2), "four invoices of 14.13");
    assert_eq!(slip(&store).new, statement.closing, "the slip says what the statement says");
    // Paid in part, one piece back for a credit note: the slip, the invoice and the statement agree.
    ops::pay(&mut store, &ctx, &invoices[0], Decimal::from(10), PaymentMethod::Cash, "").expect("pay");
    ops::record_return(&mut store, &ctx, &saved.number, &[("P001".to_string(), Decimal::ONE)], "damaged").expect("return");
    let statement = store.statement(c001.id, day("2026-11-01"), day("2026-11-30")).expect("statement");
    assert_eq!(statement.closing, store.customer_balance(c001.id).expect("balance"));
    assert_eq!(slip(&store).new, statement.closing, "after a payment and a return");
    let bill = kaidan::documents::invoice_doc(&store, &invoices[3], 0).expect("invoice").running.expect("a running balance");
    assert_eq!(bill.new, statement.closing);
    drop(store);
    check_books(&books_of(&shop.db), "after the split invoices and the return");
}

/// A deposit paid an invoice that is voided, and the deposit is handed back the same day: the
/// statement lists the void before the deposit refund it made possible, so every running
/// figure is one the customer's account really had.
#[test]
fn a_void_comes_before_the_deposit_refund_it_makes_possible() {
    use kaidan::store::statements::EntryKind;
    let shop = Shop::new();
    let mut store = Store::open(&shop.db).expect("store");
    let october = at(&store, "2026-10-10");
    let input = OrderInput {
        customer: "C001".into(),
        lines: vec![LineInput { sku: "P001".into(), qty: Decimal::from(4), ..Default::default() }],
        ..Default::default()
    };
    let saved = ops::submit_order(&mut store, &october, &input).expect("submit");
    ops::deposit(&mut store, &october, &saved.number, Decimal::from(50), PaymentMethod::Wechat, "WX1").expect("deposit");
    ops::confirm(&mut store, &october, &saved.number).expect("confirm");
    ops::ship(&mut store, &october, &saved.number, &[]).expect("ship");
    let invoice = ops::invoice(&mut store, &october, &saved.number).expect("invoice paid by the deposit");
    let later = at(&store, "2026-10-20");
    ops::void_invoice(&mut store, &later, &invoice.number, "cancelled by phone").expect("void");
    ops::refund_deposit(&mut store, &later, &saved.number, Decimal::from(50), PaymentMethod::Wechat, "cancelled").expect("refund");
    let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
    let month = store.statement(c001.id, day("2026-10-01"), day("2026-10-31")).expect("statement");
    let lines: Vec<_> = month.entries.iter().map(|entry| (entry.kind, entry.balance)).collect();
    assert_eq!(
        lines,
        vec![
            (EntryKind::Invoice, Decimal::from(50)),
            (EntryKind::Deposit, Decimal::ZERO),
            (EntryKind::Void, Decimal::from(-50)),
            (EntryKind::DepositRefund, Decimal::ZERO),
        ],
        "{:?}",
        month.entries
    );
    assert_eq!(month.closing, store.customer_balance(c001.id).expect("balance"));
    drop(store);
    check_books(&books_of(&shop.db), "after a void and a deposit refund on one day");
}

/// LibreOffice opens the XLSX statement and reads back the same lines and closing balance (the
/// file a bookkeeper mails is read by another program than ours). Skipped with a note where
/// LibreOffice is not installed (`.ci/run` installs it).
#[test]
fn an_xlsx_statement_opens_in_libreoffice() {
    let Some(soffice) = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| std::process::Command::new(name).arg("--version").output().is_ok_and(|out| out.status.success()))
    else {
        eprintln!("note: LibreOffice is not installed; the XLSX statement was not opened by it");
        return;
    };
    let shop = Shop::new();
    history(&shop, 9);
    let store = Store::open(&shop.db).expect("store");
    let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
    let statement = store.statement(c001.id, day("2026-09-01"), day("2026-10-31")).expect("statement");
    drop(store);
    let xlsx = shop.path("c001.xlsx");
    shop.ok(&["statement", "C001", "--from", "2026-09-01", "--to", "2026-10-31", "-o", xlsx.to_str().expect("utf8")]);
    // A profile of its own, so the test never meets a LibreOffice the user has open.
    let profile = format!("-env:UserInstallation=file://{}", shop.path("lo-profile").display());
    let out = std::process::Command::new(soffice)
        .args(["--headless", &profile, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir"])
        .arg(&shop.root)
        .arg(&xlsx)
        .output()
        .expect("run LibreOffice");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_to_string(shop.path("c001.csv")).expect("LibreOffice wrote the sheet as CSV");
    let closing = kaidan::domain::money::fmt_money(statement.closing);
    assert!(csv.lines().next().is_some_and(|head| head.starts_with("Date,Entry,Document")), "{csv}");
    assert!(csv.lines().any(|line| line.starts_with("2026-10-31,Closing balance") && line.ends_with(&closing)), "{closing}: {csv}");
    // Every line of the statement is a row of the sheet: opening, entries, closing, ageing.
    assert_eq!(csv.lines().count(), statement.entries.len() + 4, "{csv}");
}
