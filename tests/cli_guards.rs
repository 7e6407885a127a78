//! The write path guards its own invariants (issue "every write guards its own invariants"):
//! numbers past the domain, money that could vanish, writes on refusal, files that are not
//! kaidan's, input without limits, an audit chain that could be cut or rewritten. Each case was
//! reproduced on an earlier build; each refusal is checked to leave the whole database as it was.

mod common;

use common::Shop;

fn invoiced(shop: &Shop) -> (String, String) {
    let order = shop.order("o.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "4"}]}"#);
    let number = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &number]);
    shop.ok(&["ship", &number]);
    let invoice = shop.json(&["invoice", &number, "--json"], 0)["number"].as_str().expect("invoice").to_string();
    (number, invoice)
}

#[test]
fn numbers_past_the_domain_are_field_errors_never_panics() {
    let shop = Shop::new();
    let cases = [
        (r#"{"customer": "C001", "lines": [{"sku": "P002", "qty": "999999999999", "unit_price": "999999999999"}]}"#, "lines[1].line_total"),
        (r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "99999999999999999999"}]}"#, "lines[1].qty"),
        (r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 1, "unit_price": "-12.50"}]}"#, "lines[1].unit_price"),
        (r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 1, "discount_pct": "150"}]}"#, "lines[1].discount_pct"),
        (r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 1, "discount_pct": "-50"}]}"#, "lines[1].discount_pct"),
        (r#"{"customer": "C001", "payment": {"method": "cash", "amount": "-10"}, "lines": [{"sku": "P001", "qty": 1}]}"#, "payment.amount"),
    ];
    for (index, (json, field)) in cases.iter().enumerate() {
        let file = shop.order(&format!("bad{index}.json"), json);
        for command in ["check", "submit"] {
            let stderr = shop.refused(&[command, &file], 2);
            assert!(stderr.contains(field) && stderr.contains("bad"), "{command} {json}: {stderr}");
        }
    }
    assert_eq!(shop.count("orders"), 0);
}

#[test]
fn stock_stays_integral_and_within_bounds() {
    let shop = Shop::new();
    shop.refused(&["receive", "P002", "99999999999999"], 2);
    shop.refused(&["receive", "P001", "-3"], 2);
    // P001 is sold in whole boxes; P002 (cable) by the metre may be split.
    let stderr = shop.refused(&["receive", "P001", "1.5"], 2);
    assert!(stderr.contains("whole"), "{stderr}");
    shop.refused(&["adjust", "P001", "0.5", "--reason", "count"], 2);
    shop.ok(&["receive", "P002", "1.5"]);
    shop.ok(&["receive", "P002", "999999999000"]);
    let stderr = shop.refused(&["receive", "P002", "999999999000"], 2);
    assert!(stderr.contains("P002"), "{stderr}");
    let conn = common::books_of(&shop.db);
    let kind: String = conn.query_row("SELECT typeof(on_hand) FROM products WHERE sku = 'P002'", [], |r| r.get(0)).expect("on hand");
    assert_eq!(kind, "integer", "on hand never becomes a floating-point value");
    common::check_books(&conn, "after the largest receipts");
    // Receipts and adjustments are in the audit log.
    let logged: i64 =
        conn.query_row("SELECT COUNT(*) FROM audit_log WHERE entity = 'stock' AND entity_key = 'P002'", [], |r| r.get(0)).expect("audit");
    assert_eq!(logged, 2);
}

#[test]
fn a_sku_given_twice_never_ships_or_returns_more_than_ordered() {
    let shop = Shop::new();
    let order = shop.order("o.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "2"}]}"#);
    let number = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &number]);
    shop.refused(&["ship", &number, "--line", "P001=1", "--line", "P001=1", "--line", "P001=1"], 1);
    shop.refused(&["ship", &number, "--line", "P001=0.5"], 2);
    shop.ok(&["ship", &number, "--line", "P001=1", "--line", "P001=1"]);
    shop.refused(&["return", &number, "--line", "P001=1", "--line", "P001=1", "--line", "P001=1", "--reason", "x"], 1);
    shop.ok(&["return", &number, "--line", "P001=1", "--line", "P001=1", "--reason", "damaged"]);
    common::check_books(&common::books_of(&shop.db), "after returns");
}

#[test]
fn payments_never_vanish_and_are_never_taken_twice() {
    let shop = Shop::new();
    let (number, invoice) = invoiced(&shop);
    shop.refused(&["pay", &invoice, "922337203685477"], 2);
    shop.refused(&["pay", &invoice, "-1"], 2);
    let stderr = shop.refused(&["pay", &invoice, "50.01"], 1);
    assert!(stderr.contains("50.00"), "names the open balance: {stderr}");
    shop.ok(&["pay", &invoice, "20"]);
    let stderr = shop.refused(&["void", &invoice, "--reason", "typo"], 1);
    assert!(stderr.contains("20.00"), "names the payment: {stderr}");
    shop.refused(&["refund", &invoice, "20.01", "--method", "cash", "--reason", "x"], 1);
    shop.refused(&["refund", &invoice, "5", "--method", "cash", "--reason", ""], 2);
    shop.refused(&["refund", &number, "5", "--method", "cash", "--reason", "no deposit"], 1);
    shop.ok(&["refund", &invoice, "20", "--method", "cash", "--reason", "typo on the invoice"]);
    shop.ok(&["void", &invoice, "--reason", "typo"]);
    let conn = common::books_of(&shop.db);
    common::check_books(&conn, "after pay, refund and void");
    let payments: i64 = conn.query_row("SELECT COUNT(*) FROM payments", [], |r| r.get(0)).expect("payments");
    assert_eq!(payments, 1, "the payment stays on record; the refund gave it back");
}

#[test]
fn a_failed_print_records_nothing() {
    let shop = Shop::new();
    let (number, _) = invoiced(&shop);
    let missing = shop.path("no/such/folder/slip.pdf");
    shop.refused(&["print", "order", &number, "-o", missing.to_str().expect("utf8")], 2);
    let out = shop.path("slip.pdf");
    shop.ok(&["print", "order", &number, "-o", out.to_str().expect("utf8")]);
    let conn = common::books_of(&shop.db);
    let printed: i64 = conn.query_row("SELECT COUNT(*) FROM order_events WHERE kind = 'printed'", [], |r| r.get(0)).expect("events");
    assert_eq!(printed, 1, "only the print that was written is recorded, so it is the original");
}

#[test]
fn files_that_are_not_kaidans_and_refused_maintenance() {
    let shop = Shop::file();
    // Another program's SQLite file is refused untouched.
    let other = shop.path("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&other).expect("open");
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');").expect("other program");
    }
    let before = common::dump(&rusqlite::Connection::open(&other).expect("open"));
    for args in [vec!["init"], vec!["scan"], vec!["exceptions"]] {
        let output = assert_cmd::Command::cargo_bin("kaidan")
            .expect("binary")
            .args(["--db", other.to_str().expect("utf8")])
            .args(&args)
            .assert()
            .code(2);
        assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("not a kaidan database"));
    }
    assert_eq!(before, common::dump(&rusqlite::Connection::open(&other).expect("open")), "nothing added to it");

    // Backup onto the database itself is refused; restore is the owner's.
    let stderr = shop.refused(&["backup", shop.db.to_str().expect("utf8")], 2);
    assert!(stderr.contains("database itself"), "{stderr}");
    let copy = shop.path("copy.sqlite3");
    shop.ok(&["backup", copy.to_str().expect("utf8")]);
    shop.ok(&["user", "add", "wang", "--role", "clerk"]);
    shop.refused(&["--user", "wang", "restore", copy.to_str().expect("utf8")], 1);
    shop.refused(&["--user", "ghost", "restore", copy.to_str().expect("utf8")], 1);
    shop.ok(&["restore", copy.to_str().expect("utf8")]);
    assert_eq!(shop.count("users"), 1, "the restored file has only admin");
}

#[test]
fn a_damaged_file_takes_no_writes() {
    let shop = Shop::file();
    let (number, _) = invoiced(&shop);
    // Checkpoint the WAL so the pages are in the main file, then damage an index page.
    {
        let conn = common::books_of(&shop.db);
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;").expect("checkpoint");
    }
    let mut bytes = std::fs::read(&shop.db).expect("read");
    let page = 4096;
    let pages = bytes.len() / page;
    // Page headers of a run of pages in the middle: their b-tree type byte and cell counts.
    for index in pages / 2..pages / 2 + 4 {
        for byte in &mut bytes[index * page..index * page + 12] {
            *byte = 0x5a;
        }
    }
    std::fs::write(&shop.db, &bytes).expect("damage");
    let order = shop.order("again.json", r#"{"customer": "C001", "lines": [{"sku": "P002", "qty": "1"}]}"#);
    // Said naming the file, wherever SQLite meets the damage (the check before the command, or a
    // page read while it works), and remembered beside the file.
    let (_, stderr) = shop.code(&["submit", &order], 2);
    assert!(stderr.contains("damaged") && stderr.contains(&shop.db.display().to_string()), "{stderr}");
    let (_, stderr) = shop.code(&["cancel", &number, "--reason", "x"], 2);
    assert!(stderr.contains("damaged") && stderr.contains(&shop.db.display().to_string()), "{stderr}");
    let marker = std::fs::read_to_string(kaidan::store::health_marker(&shop.db)).expect("the health marker");
    assert!(marker.starts_with("damaged"), "{marker}");
}

#[test]
fn endless_or_huge_order_files_are_refused() {
    let shop = Shop::new();
    let stderr = shop.refused(&["check", "/dev/zero"], 2);
    assert!(stderr.contains("larger than"), "{stderr}");
    let big = format!(r#"{{"customer": "C001", "note": "{}", "lines": []}}"#, "x".repeat(5 * 1024 * 1024));
    let file = shop.order("big.json", &big);
    shop.refused(&["submit", &file], 2);
}

/// The audit chain's hash, as kaidan computes it (see `store::audit`).
fn chain_hash(prev: &str, parts: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(prev.as_bytes());
    hasher.update([0x1f]);
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

#[test]
fn the_audit_chain_cannot_be_cut_or_rewritten_quietly() {
    let shop = Shop::file();
    invoiced(&shop);
    shop.ok(&["audit", "verify"]);
    let conn = common::books_of(&shop.db);
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop the guards");

    // Rewrite: change an entry and recompute the whole chain after it.
    let entries =
        common::rows(&conn, "SELECT id, at, user_name, entity, entity_key, action, before, after FROM audit_log ORDER BY id", |row| {
            Ok((row.get::<_, i64>(0)?, (1..8).map(|i| row.get::<_, String>(i)).collect::<rusqlite::Result<Vec<_>>>()?))
        });
    let mut prev = String::new();
    for (id, mut parts) in entries {
        if id == 3 {
            parts[6] = "rewritten".into();
        }
        let hash = chain_hash(&prev, &parts);
        conn.execute(
            "UPDATE audit_log SET after = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            rusqlite::params![id, parts[6], prev, hash],
        )
        .expect("rewrite");
        prev = hash;
    }
    let (_, stderr) = shop.code(&["audit", "verify"], 1);
    assert!(stderr.contains("rewritten"), "{stderr}");

    // Cut: delete the newest entries.
    let shop = Shop::file();
    invoiced(&shop);
    let conn = common::books_of(&shop.db);
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 3 FROM audit_log);")
        .expect("cut");
    let (_, stderr) = shop.code(&["audit", "verify"], 1);
    assert!(stderr.contains("cut"), "{stderr}");

    // Direct edits of the books, chain untouched, are found by the cross-check.
    let shop = Shop::file();
    let (_, invoice) = invoiced(&shop);
    let conn = common::books_of(&shop.db);
    conn.execute("UPDATE orders SET subtotal = subtotal + 10000", []).expect("edit total");
    conn.execute("UPDATE invoices SET paid = 100000 WHERE number = ?1", [&invoice]).expect("edit paid");
    let (_, stderr) = shop.code(&["audit", "verify"], 1);
    assert!(stderr.contains("subtotal") && stderr.contains(&invoice), "{stderr}");
}

#[test]
fn a_workbook_is_read_from_its_first_visible_sheet_and_logged_once() {
    let shop = Shop::new();
    let path = shop.path("products.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let hidden = book.add_worksheet().set_name("old prices").expect("name");
    hidden.write_row(0, 0, ["sku", "name", "price"]).expect("header");
    hidden.write_row(1, 0, ["P001", "old", "1.00"]).expect("row");
    hidden.set_hidden(true);
    let visible = book.add_worksheet().set_name("今日价格").expect("name");
    visible.write_row(0, 0, ["sku", "name", "price"]).expect("header");
    visible.write_row(1, 0, ["P009", "新品", "9.90"]).expect("row");
    visible.write_row(2, 0, ["P010", "隐藏行", "1.00"]).expect("row");
    visible.set_row_hidden(2).expect("hide row 3");
    visible.set_active(true);
    book.save(&path).expect("save");
    let assert = shop.cmd(&["import", "products", path.to_str().expect("utf8")]).success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(out.contains("今日价格"), "the sheet read is named: {out}");
    assert!(err.contains("products.xlsx:3:") && err.contains("hidden"), "a hidden row is said: {err}");
    let conn = common::books_of(&shop.db);
    let price: i64 = conn.query_row("SELECT price FROM products WHERE sku = 'P001'", [], |r| r.get(0)).expect("P001");
    assert_eq!(price, 125_000, "the hidden sheet's price was not applied");
    let entries: Vec<String> =
        common::rows(&conn, "SELECT after FROM audit_log WHERE entity = 'import' AND entity_key = 'products'", |r| r.get(0));
    assert_eq!(entries.len(), 2, "one entry per import file (the fixture's and this one): {entries:?}");
    assert!(entries[1].contains("sha256=") && entries[1].contains("inserted=2"), "{entries:?}");
    let per_row: i64 =
        conn.query_row("SELECT COUNT(*) FROM audit_log WHERE entity = 'product' AND entity_key = 'P009'", [], |r| r.get(0)).expect("rows");
    assert_eq!(per_row, 0, "no audit row per imported product");
}

#[test]
fn import_numbers_past_the_domain_are_row_errors() {
    let shop = Shop::new();
    let file = shop.write("big.csv", "sku,name,price\nP100,a,9999999999999\nP101,b,1.123456\nP102,c,-1\n");
    let stderr = shop.refused(&["import", "products", file.to_str().expect("utf8")], 2);
    for row in ["big.csv:2: price", "big.csv:3: price", "big.csv:4: price"] {
        assert!(stderr.contains(row), "every bad row in one pass: {stderr}");
    }
}

#[test]
fn a_scan_rechecks_waiting_orders_only_after_something_changed() {
    use chrono::Datelike;
    let shop = Shop::new();
    let order = shop.order("short.json", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "60"}]}"#);
    let first = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &first]);
    let waiting = shop.json(&["submit", &order, "--json"], 0);
    assert_eq!(waiting["status"], "awaiting_restock", "{waiting}");
    let day = i64::from(chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").expect("date").num_days_from_ce());
    shop.ok(&["scan"]);
    let current = |shop: &Shop| kaidan::store::Store::open(&shop.db).expect("store").recheck_is_current(day).expect("state");
    assert!(current(&shop), "after a scan, nothing to re-check");
    shop.ok(&["scan"]);
    assert!(current(&shop), "a scan of an unchanged shop changes nothing it watches");
    shop.ok(&["receive", "P001", "100"]);
    assert!(!current(&shop), "a receipt is an input of the stock check");
    shop.ok(&["scan"]);
    let number = waiting["number"].as_str().expect("number");
    assert_eq!(shop.json(&["show", number, "--json"], 0)["status"], "open", "the waiting order moved on");
}

#[test]
fn a_server_that_cannot_be_reached_is_said_without_the_password_and_no_file_is_made() {
    let dir = tempfile::tempdir().expect("dir");
    // Port 1 on this machine: nothing listens there.
    for args in [&["init"][..], &["exceptions"], &["backup", "copy.sqlite3"]] {
        let output = assert_cmd::Command::cargo_bin("kaidan")
            .expect("binary")
            .current_dir(dir.path())
            .args(["--db", "postgres://kaidan:secret@127.0.0.1:1/shop", "--lang", "en"])
            .args(args)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&output.get_output().stderr).to_string();
        assert!(stderr.contains("postgres://kaidan:***@127.0.0.1:1/shop: the server cannot be reached"), "{args:?}: {stderr}");
        assert!(!stderr.contains("secret"), "{args:?}: the password was shown: {stderr}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "no file or folder named after the URL");
    // In Chinese too.
    let output = assert_cmd::Command::cargo_bin("kaidan")
        .expect("binary")
        .current_dir(dir.path())
        .args(["--db", "postgres://kaidan:secret@127.0.0.1:1/shop", "--lang", "zh", "scan"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).to_string();
    assert!(stderr.contains("无法连接服务器"), "{stderr}");
}

#[test]
fn a_new_shop_where_an_old_one_was_is_not_a_rewritten_chain() {
    let shop = Shop::file();
    invoiced(&shop);
    shop.ok(&["audit", "verify"]);
    for suffix in ["", "-wal", "-shm", ".health"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", shop.db.display()));
    }
    shop.ok(&["init"]);
    shop.ok(&["import", "products", shop.path("products.csv").to_str().expect("utf8")]);
    shop.ok(&["receive", "P001", "1"]);
    // The old shop's anchor belongs to the old shop (its id), not to the path.
    let (_, _) = shop.code(&["audit", "verify"], 0);
}

/// `kaidan scan` on another day than the shop's `TODAY`.
fn scan_on(shop: &Shop, day: &str) {
    assert_cmd::Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "--today", day, "--lang", "en", "scan"])
        .assert()
        .success();
}

fn live(shop: &Shop, code: &str, subject: &str) -> i64 {
    let conn = common::books_of(&shop.db);
    conn.query_row(
        "SELECT COUNT(*) FROM exceptions WHERE code = ?1 AND subject = ?2 AND status IN ('open', 'in_progress')",
        [code, subject],
        |row| row.get(0),
    )
    .expect("count")
}

#[test]
fn a_waiting_order_crossing_the_back_dating_limit_is_flagged_and_keeps_its_state() {
    let shop = Shop::new();
    let order = shop.order("o.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "2"}]}"#);
    let number = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    let short = shop.order("short.json", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "500"}]}"#);
    let waiting = shop.json(&["submit", &short, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["scan"]);
    // Day by day, as a shop runs it: only the day moves for these two orders.
    for day in ["2026-11-21", "2026-11-24", "2026-11-27"] {
        scan_on(&shop, day);
        assert_eq!(live(&shop, "DATE_UNUSUAL", &number), 0, "{day}: not yet past the 7-day limit");
    }
    scan_on(&shop, "2026-11-28");
    for (subject, status) in [(&number, "open"), (&waiting, "awaiting_restock")] {
        assert_eq!(live(&shop, "DATE_UNUSUAL", subject), 1, "{subject}: flagged on the day it crosses the limit");
        assert_eq!(shop.json(&["show", subject, "--json"], 0)["status"], status, "a warning does not move the state");
    }
    assert_eq!(live(&shop, "STOCK_SHORT", &waiting), 1, "the other findings stay as they were");
    // A whole re-check the same day (after a settings change every order is re-checked) finds
    // exactly what the day's pass left.
    let before = shop.dump();
    let mark = "INSERT INTO check_dirty (kind, id) VALUES ('all', 0)";
    common::edit_outside(&shop.db, mark, mark);
    scan_on(&shop, "2026-11-28");
    let exceptions = |dump: &[String]| dump.iter().filter(|row| row.starts_with("exceptions")).cloned().collect::<Vec<_>>();
    assert_eq!(exceptions(&before), exceptions(&shop.dump()), "the day's pass and a whole re-check agree");
}

#[test]
fn an_invoice_edited_behind_kaidans_back_is_caught_by_the_next_scan_and_cleared_when_paid() {
    let shop = Shop::new();
    let (_order, invoice) = invoiced(&shop);
    shop.ok(&["scan"]);
    assert_eq!(live(&shop, "INVOICE_MISMATCH", &invoice), 0);
    // An outside tool lowers the invoiced price: the next scan looks at that invoice again.
    common::edit_outside(
        &shop.db,
        "UPDATE invoice_lines SET unit_price = unit_price - 10000",
        "UPDATE invoice_lines SET unit_price = unit_price - 10000",
    );
    shop.ok(&["scan"]);
    assert_eq!(live(&shop, "INVOICE_MISMATCH", &invoice), 1, "caught");
    shop.ok(&["scan"]);
    assert_eq!(live(&shop, "INVOICE_MISMATCH", &invoice), 1, "a scan with nothing written keeps it open");
    // The same through an order line it covers.
    common::edit_outside(
        &shop.db,
        "UPDATE invoice_lines SET unit_price = unit_price + 10000",
        "UPDATE invoice_lines SET unit_price = unit_price + 10000",
    );
    shop.ok(&["scan"]);
    assert_eq!(live(&shop, "INVOICE_MISMATCH", &invoice), 0, "cleared when the lines agree again");
    common::edit_outside(&shop.db, "UPDATE order_lines SET discount_pct = 500", "UPDATE order_lines SET discount_pct = 500");
    shop.ok(&["scan"]);
    assert_eq!(live(&shop, "INVOICE_MISMATCH", &invoice), 1, "an order line the invoice covers changed");
    let amount = shop.json(&["show", &invoice, "--json"], 0)["amount"].clone();
    let amount = amount.as_str().map(str::to_string).unwrap_or_else(|| amount.to_string());
    shop.ok(&["pay", &invoice, &amount]);
    shop.ok(&["scan"]);
    assert_eq!(live(&shop, "INVOICE_MISMATCH", &invoice), 0, "a paid invoice is no longer compared");
}

#[test]
fn an_imported_product_is_found_as_one_entered_by_hand_is() {
    // The import computes search keys on its reading thread; they must be the store's own.
    let shop = Shop::new();
    let conn = common::books_of(&shop.db);
    let rows = common::rows(&conn, "SELECT sku, name, spec, barcode, search_key FROM products ORDER BY sku", |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
        ))
    });
    assert_eq!(rows.len(), 3);
    for (sku, name, spec, barcode, key) in rows {
        assert_eq!(key, kaidan::store::products::product_search_key(&sku, &name, &spec, &barcode), "{sku}");
    }
    drop(conn);
    let store = kaidan::store::Store::open(&shop.db).expect("store");
    let found: Vec<String> = store.search_products("bxgls", 8, false).expect("search").into_iter().map(|p| p.sku).collect();
    assert_eq!(found, vec!["P001".to_string()], "pinyin initials of 不锈钢螺栓 find it");
}

#[test]
fn a_cancelled_import_writes_nothing_even_when_the_file_was_read_to_its_end() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let shop = Shop::new();
    let mut csv = String::from("sku,name,price,stock\n");
    for row in 0..3000 {
        csv.push_str(&format!("N{row:05},Item {row},1.50,2\n"));
    }
    let file = shop.write("many.csv", &csv);
    let before = shop.dump();
    let mut store = kaidan::store::Store::open(&shop.db).expect("store");
    let admin = common::ctx(&store, "admin");
    let cancel = AtomicBool::new(false);
    // Cancel is pressed as the first rows arrive (the reading thread may be done by then).
    let result = kaidan::ops::import_file(
        &mut store,
        &admin,
        kaidan::tabular::Master::Products,
        &file,
        &mut || cancel.store(true, Ordering::Relaxed),
        &cancel,
    );
    assert!(matches!(result, Err(kaidan::ops::ImportFailure::Cancelled)), "{:?}", result.map(|imported| imported.report));
    drop(store);
    assert_eq!(before, shop.dump(), "nothing of a cancelled import stands");
}

#[test]
fn a_setting_and_an_agreed_price_can_be_changed_again_while_a_recheck_is_pending() {
    // Each write notes the shop for a re-check; the second change of the same row used to fail
    // ("UNIQUE constraint failed: check_dirty") until a scan ran.
    let shop = Shop::new();
    for days in ["8", "9", "10"] {
        shop.ok(&["config", "set", "checks.backdate_days", days]);
    }
    assert!(shop.ok(&["config", "get", "checks.backdate_days"]).contains("10"));
    let mut store = kaidan::store::Store::open(&shop.db).expect("store");
    let customer = store.get_customer_by_code("C001").expect("read").expect("C001").id;
    for price in ["11", "11.50", "12"] {
        store.set_agreed_price(customer, "P001", Some(price.parse().expect("price")), "admin", "2026-11-20T10:00:00").expect("price set");
    }
    for lang in ["zh", "en", "zh"] {
        store.set_setting("ui.lang", lang, "admin", "2026-11-20T10:00:00").expect("language kept");
    }
    drop(store);
    let conn = common::books_of(&shop.db);
    let price: i64 = conn.query_row("SELECT price FROM customer_prices", [], |row| row.get(0)).expect("price");
    assert_eq!(price, 120_000);
}

#[test]
fn an_approval_holds_while_only_other_orders_move_the_customers_figures() {
    use kaidan::domain::OrderStatus;
    use kaidan::domain::order::{LineInput, OrderInput};
    let dir = tempfile::tempdir().expect("dir");
    let path = common::shop_db(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    common::seed_shop(&path, today, Some("100"), &[("P1", "Hinge", "10", "50")]);
    let mut store = kaidan::store::Store::open(&path).expect("store");
    let admin = common::ctx(&store, "admin");
    kaidan::ops::add_user(&mut store, &admin, "li", kaidan::domain::Role::Manager, "").expect("manager");
    let order = |qty: &str| OrderInput {
        customer: "C1".into(),
        lines: vec![LineInput { sku: "P1".into(), qty: qty.parse().expect("qty"), ..Default::default() }],
        ..Default::default()
    };
    // 11 × 10.00 over a limit of 100: li approves it.
    let first = kaidan::ops::submit_order(&mut store, &admin, &order("11")).expect("submit").number;
    let li = common::ctx(&store, "li");
    assert_eq!(kaidan::ops::approve(&mut store, &li, &first, "pays on delivery", None).expect("approve"), OrderStatus::Open);
    // Another order of the same customer raises its exposure: the first order's credit message
    // now names another exposure, but nothing of that order changed — it stays approved.
    kaidan::ops::submit_order(&mut store, &admin, &order("3")).expect("second order");
    kaidan::ops::recheck_pending_orders(&mut store, &admin).expect("recheck");
    assert_eq!(store.get_order(&first).expect("order").status, OrderStatus::Open, "still approved");
    // Its own total changing is new data: that needs a new approval.
    let mut bigger = order("12");
    bigger.order_date = Some(today);
    let version = store.get_order(&first).expect("order").version;
    kaidan::ops::update_order(&mut store, &admin, &first, &bigger, version, "").expect("edit");
    assert_eq!(store.get_order(&first).expect("order").status, OrderStatus::AwaitingApproval, "a new amount, a new approval");
}

#[test]
fn an_unknown_list_to_import_or_export_is_a_usage_error_naming_the_choices() {
    let shop = Shop::new();
    let file = shop.path("x.csv");
    let file = file.to_str().expect("utf8");
    let stderr = shop.refused(&["import", "orders", file], 2);
    assert!(stderr.contains("customers") && stderr.contains("products"), "{stderr}");
    let stderr = shop.refused(&["export", "suppliers", file], 2);
    assert!(stderr.contains("exceptions"), "{stderr}");
    shop.ok(&["export", "invoices", file]);
    assert!(std::fs::read_to_string(shop.path("x.csv")).expect("written").starts_with('\u{feff}'), "the export is written");
}

#[test]
fn a_payment_spread_over_invoices_is_booked_whole_or_not_at_all() {
    let shop = Shop::new();
    let (_, first) = invoiced(&shop);
    let (_, second) = invoiced(&shop);
    let mut store = kaidan::store::Store::open(&shop.db).expect("store");
    let admin = common::ctx(&store, "admin");
    let balance = store.get_invoice(&first).expect("invoice").balance();
    let before = shop.dump();
    // The second share is more than its invoice is owed: nothing of the payment is booked.
    let shares = vec![(first.clone(), balance), (second.clone(), balance + rust_decimal::Decimal::ONE)];
    let refused = kaidan::ops::pay_many(&mut store, &admin, &shares, kaidan::domain::PaymentMethod::BankTransfer, "TT 4711");
    assert!(matches!(refused, Err(kaidan::ops::Error::Refused(_))), "{refused:?}");
    drop(store);
    assert_eq!(before, shop.dump(), "not half booked");
    let mut store = kaidan::store::Store::open(&shop.db).expect("store");
    let shares = vec![(first.clone(), balance), (second.clone(), rust_decimal::Decimal::ONE)];
    kaidan::ops::pay_many(&mut store, &admin, &shares, kaidan::domain::PaymentMethod::BankTransfer, "TT 4711").expect("booked");
    assert_eq!(store.get_invoice(&first).expect("invoice").balance(), rust_decimal::Decimal::ZERO);
    assert_eq!(store.get_invoice(&second).expect("invoice").paid, rust_decimal::Decimal::ONE);
}

#[test]
fn every_kind_is_read_by_the_command_line_and_a_wrong_one_is_named() {
    let shop = Shop::new();
    let (number, invoice) = invoiced(&shop);
    let before = common::dump(&common::books_of(&shop.db));
    let cases: [(&[&str], &str); 7] = [
        (&["pay", &invoice, "1", "--method", "bitcoin"], "--method"),
        (&["refund", &invoice, "1", "--method", "gold", "--reason", "x"], "--method"),
        (&["exceptions", "--code", "NOT_A_CODE"], "--code"),
        (&["exceptions", "--status", "sleeping"], "--status"),
        (&["approve", &number, "--reason", "x", "--code", "NOPE"], "--code"),
        (&["user", "add", "li", "--role", "king"], "--role"),
        (&["print", "receipt", &number, "-o", "x.pdf"], "receipt"),
    ];
    for (args, named) in cases {
        let stderr = shop.refused(args, 2);
        assert!(stderr.contains(named), "{args:?}: {stderr}");
    }
    assert_eq!(common::dump(&common::books_of(&shop.db)), before, "a wrong kind writes nothing");
    // The right ones are read as before.
    shop.ok(&["pay", &invoice, "1", "--method", "cash"]);
    shop.ok(&["exceptions", "--status", "open", "--code", "INVOICE_OVERDUE"]);
}

/// A record that is not there is said in the command's language, naming it; nothing written.
#[test]
fn an_unknown_record_is_said_in_the_commands_language() {
    let shop = Shop::new();
    let stderr = shop.refused(&["show", "SO-2099-00042"], 2);
    assert!(stderr.contains("Order SO-2099-00042 not found."), "{stderr}");
    let zh = assert_cmd::Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "--lang", "zh", "pay", "INV-2099-00042", "10"])
        .output()
        .expect("run");
    assert_eq!(zh.status.code(), Some(2));
    let said = String::from_utf8_lossy(&zh.stderr);
    assert!(said.contains("未找到发票 INV-2099-00042。"), "{said}");
}
