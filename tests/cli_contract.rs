//! The public CLI contract (docs/cli.md) exercised through the real binary on temporary
//! databases: exit codes, JSON shapes, refusals by role, bad input naming file/row/field, and
//! nothing written on exit code 2.

use serde_json::Value;

mod common;

use assert_cmd::Command;
use common::{Shop, TODAY};

fn codes(value: &Value) -> Vec<String> {
    value["findings"].as_array().map(|list| list.iter().map(|f| f["code"].as_str().unwrap_or("").to_string()).collect()).unwrap_or_default()
}

#[test]
fn init_prints_the_path_and_config_validates() {
    let shop = Shop::new();
    let out = shop.ok(&["init"]);
    assert_eq!(out.trim(), kaidan::local::db_label(&shop.db), "the file's path, or the server database's URL without its password");
    assert_eq!(shop.ok(&["config", "get", "checks.duplicate_window_days"]).trim(), "3");
    shop.ok(&["config", "set", "checks.max_discount_pct", "15"]);
    assert_eq!(shop.ok(&["config", "get", "checks.max_discount_pct"]).trim(), "15");
    let (_, stderr) = shop.code(&["config", "set", "checks.max_discount_pct", "150"], 2);
    assert!(stderr.contains("checks.max_discount_pct"), "{stderr}");
    shop.code(&["config", "set", "no.such.key", "1"], 2);
    shop.code(&["config", "get", "no.such.key"], 2);
    assert_eq!(shop.ok(&["config", "get", "checks.max_discount_pct"]).trim(), "15", "a bad value changed nothing");
}

#[test]
fn check_contract_example_and_exit_codes() {
    let shop = Shop::new();
    let order = shop.order(
        "order.json",
        r#"{"customer": "C001", "order_date": "2026-11-20", "delivery_date": "2026-11-25", "delivery": "delivery", "priority": "urgent",
            "payment": {"method": "bank_transfer", "reference": "TX-889", "amount": "118.75"}, "note": "call before delivery",
            "lines": [{"sku": "P001", "qty": "10", "unit_price": "12.50", "discount_pct": "5", "line_total": "118.75"}]}"#,
    );
    let value = shop.json(&["check", &order, "--json"], 0);
    assert_eq!(value["ok"], true);
    assert_eq!(value["totals"]["total"], "118.75");
    assert_eq!(value["totals"]["subtotal"], "118.75");
    assert_eq!(value["totals"]["tax"], "0.00");
    assert_eq!(shop.count("orders"), 0, "check saves nothing");

    let blocked = shop.order("blocked.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 100, "unit_price": 12.5}]}"#);
    let value = shop.json(&["check", &blocked, "--json"], 1);
    assert_eq!(value["ok"], false);
    let finding = &value["findings"][0];
    assert_eq!(finding["code"], "CREDIT_LIMIT_EXCEEDED");
    assert_eq!(finding["severity"], "block");
    assert_eq!(finding["approvable"], true);
    assert_eq!(finding["field"], "customer");
    assert!(finding["line"].is_null());
    assert!(finding["message"].as_str().unwrap_or("").contains("1000.00"));
}

#[test]
fn every_live_check_code_fires_through_check() {
    let shop = Shop::new();
    shop.ok(&["config", "set", "review.manager_above", "500"]);
    let cases: &[(&str, &str)] = &[
        ("EMPTY_ORDER", r#"{"customer": "C001", "lines": []}"#),
        ("CUSTOMER_MISSING", r#"{"customer": "", "lines": [{"sku": "P001", "qty": 1}]}"#),
        ("CUSTOMER_UNKNOWN", r#"{"customer": "C999", "lines": [{"sku": "P001", "qty": 1}]}"#),
        ("CUSTOMER_BLOCKED", r#"{"customer": "C003", "lines": [{"sku": "P001", "qty": 1}]}"#),
        ("CUSTOMER_INCOMPLETE", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": 1}]}"#),
        ("PRODUCT_UNKNOWN", r#"{"customer": "C001", "lines": [{"sku": "NOPE", "qty": 1}]}"#),
        ("PRODUCT_INACTIVE", r#"{"customer": "C001", "lines": [{"sku": "P003", "qty": 1}]}"#),
        ("QTY_INVALID", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "1.5"}]}"#),
        ("PRICE_MISMATCH", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 1, "unit_price": "13"}]}"#),
        ("PRICE_BELOW_FLOOR", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 1, "unit_price": "9"}]}"#),
        ("DISCOUNT_NOT_APPLIED", r#"{"customer": "C002", "lines": [{"sku": "P002", "qty": 1, "discount_pct": "0"}]}"#),
        ("DISCOUNT_TOO_HIGH", r#"{"customer": "C001", "lines": [{"sku": "P002", "qty": 1, "discount_pct": "20"}]}"#),
        ("LINE_TOTAL_MISMATCH", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 2, "line_total": "20"}]}"#),
        ("DATE_INVALID", r#"{"customer": "C001", "order_date": "2026-11-21", "lines": [{"sku": "P001", "qty": 1}]}"#),
        ("DATE_UNUSUAL", r#"{"customer": "C001", "order_date": "2026-11-01", "lines": [{"sku": "P001", "qty": 1}]}"#),
        ("STOCK_SHORT", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": 60}, {"sku": "P001", "qty": 60}]}"#),
        ("PAYMENT_INFO_MISSING", r#"{"customer": "C001", "payment": {"method": "bank_transfer"}, "lines": [{"sku": "P001", "qty": 1}]}"#),
        (
            "PAYMENT_AMOUNT_MISMATCH",
            r#"{"customer": "C001", "payment": {"method": "cash", "amount": "5"}, "lines": [{"sku": "P001", "qty": 1}]}"#,
        ),
        ("REVIEW_REQUIRED", r#"{"customer": "C002", "lines": [{"sku": "P002", "qty": 200}]}"#),
        ("CREDIT_LIMIT_EXCEEDED", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 90}]}"#),
    ];
    for (code, json) in cases {
        let file = shop.order(&format!("{code}.json"), json);
        let output = Command::cargo_bin("kaidan")
            .expect("binary")
            .args(["--db", shop.db.to_str().expect("utf8"), "--today", TODAY, "check", &file, "--json"])
            .output()
            .expect("run");
        let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert!(codes(&value).iter().any(|c| c == code), "{code} did not fire: {value}");
    }
    // STOCK_SHORT reports every short line, not only the first.
    let value = shop.json(&["check", &shop.path("STOCK_SHORT.json").display().to_string(), "--json"], 1);
    let short: Vec<&Value> = value["findings"].as_array().expect("list").iter().filter(|f| f["code"] == "STOCK_SHORT").collect();
    assert_eq!(short.len(), 1, "line 1 fits (60 of 100), line 2 does not: {value}");
    assert_eq!(short[0]["line"], 2);
}

#[test]
fn quantity_unusual_duplicate_and_overdue_need_history() {
    let shop = Shop::new();
    let order = shop.order("small.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 2}]}"#);
    for _ in 0..3 {
        let value = shop.json(&["submit", &order, "--json"], 0);
        let number = value["number"].as_str().expect("number").to_string();
        shop.ok(&["cancel", &number, "--reason", "test history"]);
    }
    // Cancelled orders still count as history for QTY_UNUSUAL? No: cancelled lines are excluded.
    let big = shop.order("big.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 25}]}"#);
    let value = shop.json(&["check", &big, "--json"], 0);
    assert!(!codes(&value).contains(&"QTY_UNUSUAL".to_string()), "cancelled history does not count: {value}");
    let mut numbers = vec![];
    for _ in 0..3 {
        let value = shop.json(&["submit", &order, "--json"], 0);
        numbers.push(value["number"].as_str().expect("number").to_string());
    }
    let value = shop.json(&["check", &big, "--json"], 0);
    assert!(codes(&value).contains(&"QTY_UNUSUAL".to_string()), "{value}");
    let value = shop.json(&["check", &order, "--json"], 0);
    assert!(codes(&value).contains(&"DUPLICATE_ORDER".to_string()), "{value}");
    // An overdue invoice: ship and invoice an order dated long ago, then check later.
    shop.ok(&["confirm", &numbers[0]]);
    shop.ok(&["ship", &numbers[0]]);
    let invoice = shop.json(&["invoice", &numbers[0], "--json"], 0);
    assert_eq!(invoice["amount"], "25.00");
    assert_eq!(invoice["due_date"], "2026-12-20");
    let later = Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "--today", "2027-01-05", "check", &order, "--json"])
        .output()
        .expect("run");
    let value: Value = serde_json::from_slice(&later.stdout).expect("json");
    assert!(codes(&value).contains(&"OVERDUE_BALANCE".to_string()), "{value}");
}

#[test]
fn submit_states_confirm_ship_invoice_pay_show() {
    let shop = Shop::new();
    let order = shop.order(
        "order.json",
        r#"{"customer": "C001", "delivery_date": "2026-11-25", "lines": [{"sku": "P001", "qty": "10"}, {"sku": "P002", "qty": "2.5"}]}"#,
    );
    let value = shop.json(&["submit", &order, "--json"], 0);
    assert_eq!(value["status"], "open");
    let number = value["number"].as_str().expect("number").to_string();
    assert_eq!(number, "SO-2026-00001");
    assert_eq!(value["totals"]["total"], "133.00");
    shop.ok(&["confirm", &number]);
    let (_, stderr) = shop.code(&["confirm", &number], 1);
    assert!(stderr.contains(&number), "{stderr}");
    shop.ok(&["ship", &number, "--line", "P001=4"]);
    let shown = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(shown["kind"], "order");
    assert_eq!(shown["status"], "partially_shipped");
    assert_eq!(shown["lines"][0]["shipped_qty"], "4");
    assert_eq!(shown["lines"][0]["line_total"], "125.00");
    let invoice = shop.json(&["invoice", &number, "--json"], 0);
    assert_eq!(invoice["number"], "INV-2026-00001");
    assert_eq!(invoice["amount"], "50.00");
    shop.code(&["invoice", &number], 1);
    shop.ok(&["pay", "INV-2026-00001", "20", "--method", "cash"]);
    let inv = shop.json(&["show", "INV-2026-00001", "--json"], 0);
    assert_eq!(inv["kind"], "invoice");
    assert_eq!(inv["order"], number);
    assert_eq!(inv["status"], "partly_paid");
    assert_eq!(inv["paid"], "20.00");
    assert_eq!(inv["amount"], "50.00");
    shop.ok(&["ship", &number]);
    shop.ok(&["invoice", &number]);
    let shown = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(shown["status"], "invoiced");
    assert_eq!(shown["invoiced"], "133.00");
    shop.ok(&["pay", "INV-2026-00001", "30"]);
    shop.ok(&["pay", "INV-2026-00002", "83"]);
    let shown = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(shown["status"], "paid");
    assert_eq!(shown["paid"], "133.00");
    // Stock went down through the ledger.
    let conn = common::books_of(&shop.db);
    let (on_hand, ledger, reserved): (i64, i64, i64) = conn
        .query_row(
            "SELECT on_hand, (SELECT SUM(qty) FROM stock_movements WHERE product_id = p.id), reserved FROM products p WHERE sku = 'P001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row");
    assert_eq!(on_hand, 90_000);
    assert_eq!(ledger, on_hand);
    assert_eq!(reserved, 0);
}

#[test]
fn blocked_submit_exits_one_and_approval_rules_hold() {
    let shop = Shop::new();
    shop.ok(&["user", "add", "wang", "--role", "clerk"]);
    shop.ok(&["user", "add", "li", "--role", "manager", "--pin", "1234"]);
    let order = shop.order("order.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "90"}]}"#);
    let (stdout, _) = shop.code(&["--user", "wang", "submit", &order, "--json"], 1);
    let value: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(value["status"], "awaiting_approval");
    let number = value["number"].as_str().expect("number").to_string();
    let (_, stderr) = shop.code(&["confirm", &number], 1);
    assert!(stderr.contains("Over credit limit"), "{stderr}");
    let (_, stderr) = shop.code(&["--user", "wang", "approve", &number, "--reason", "ok"], 1);
    assert!(stderr.contains("wang"), "a clerk may not approve: {stderr}");
    // A user with a PIN is never acted as without it: missing or wrong, exit 1, nothing written.
    let (_, stderr) = shop.code(&["--user", "li", "approve", &number, "--reason", "no pin"], 1);
    assert!(stderr.contains("PIN"), "{stderr}");
    let (_, stderr) = shop.code(&["--user", "li", "--pin", "9999", "approve", &number, "--reason", "wrong pin"], 1);
    assert!(stderr.contains("PIN"), "{stderr}");
    let (_, stderr) = shop.code(&["--user", "li", "show", &number], 1);
    assert!(stderr.contains("PIN"), "reading needs the PIN too: {stderr}");
    assert_eq!(shop.json(&["show", &number, "--json"], 0)["status"], "awaiting_approval");
    shop.code(&["--user", "li", "--pin", "1234", "approve", &number, "--reason", ""], 2);
    shop.ok(&["--user", "li", "--pin", "1234", "approve", &number, "--reason", "paid cash on pickup"]);
    let shown = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(shown["status"], "open");
    shop.ok(&["--user", "wang", "confirm", &number]);
    // The author may not approve their own order.
    let own = shop.json(&["--user", "li", "--pin", "1234", "submit", &order, "--json"], 1);
    let own_number = own["number"].as_str().expect("number").to_string();
    let (_, stderr) = shop.code(&["--user", "li", "--pin", "1234", "approve", &own_number, "--reason", "mine"], 1);
    assert!(stderr.contains("li"), "{stderr}");
    // Roles enforced through --user.
    shop.ok(&["user", "add", "zhao", "--role", "warehouse"]);
    shop.ok(&["user", "add", "chen", "--role", "bookkeeper"]);
    shop.code(&["--user", "zhao", "submit", &order], 1);
    shop.code(&["--user", "chen", "ship", &number], 1);
    shop.code(&["--user", "wang", "config", "set", "checks.backdate_days", "3"], 1);
    shop.code(&["--user", "wang", "user", "add", "x", "--role", "clerk"], 1);
    shop.code(&["--user", "li", "--pin", "1234", "user", "add", "x", "--role", "clerk"], 1);
    shop.code(&["--user", "nobody", "confirm", &number], 1);
    shop.ok(&["--user", "zhao", "ship", &number]);
}

#[test]
fn bad_order_json_is_exit_two_naming_the_field_and_writes_nothing() {
    let shop = Shop::new();
    let cases = [
        (r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "abc"}]}"#, "lines[1].qty"),
        (r#"{"customer": "C001", "colour": "red", "lines": []}"#, "colour"),
        (r#"{"customer": 5, "lines": []}"#, "customer"),
        (r#"{"customer": "C001", "lines": [{"sku": "P001"}]}"#, "lines[1].qty"),
        (r#"{"customer": "C001", "order_date": "20/11/2026", "lines": []}"#, "order_date"),
        (r#"{"customer": "C001", "payment": {"method": "paypal"}, "lines": []}"#, "payment.method"),
        ("{not json", "json"),
    ];
    for (json, field) in cases {
        let file = shop.order("bad.json", json);
        let (_, stderr) = shop.code(&["submit", &file], 2);
        assert!(stderr.contains(field), "{json}: {stderr}");
        assert!(stderr.contains("bad.json"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(shop.count("orders"), 0);
    shop.code(&["submit", "/no/such/file.json"], 2);
    shop.code(&["--today", "yesterday", "init"], 2);
    shop.code(&["frobnicate"], 2);
}

#[test]
fn import_errors_name_file_row_field_and_import_nothing() {
    let shop = Shop::new();
    let bad = shop.write("products_bad.csv", "sku,name,price\nP100,Good,1\nP101,Bad,12,5x\nP102,,3\nP103,Neg,-1\n");
    let (_, stderr) = shop.code(&["import", "products", bad.to_str().expect("utf8")], 2);
    assert!(stderr.contains("products_bad.csv:3"), "{stderr}");
    assert!(stderr.contains("products_bad.csv:4: name"), "{stderr}");
    assert!(stderr.contains("products_bad.csv:5: price"), "{stderr}");
    let bad = shop.write("products_bad2.csv", "sku,name,price\nP100,Good,1\nP101,Bad,\"12,5x\"\n");
    let (_, stderr) = shop.code(&["import", "products", bad.to_str().expect("utf8")], 2);
    assert!(stderr.contains("products_bad2.csv:3: price: \"12,5x\" is not a number"), "{stderr}");
    assert_eq!(shop.count("products"), 3, "nothing imported");
    let unknown = shop.write("unknown.csv", "sku,name,price,colour\nP9,X,1,red\n");
    let (_, stderr) = shop.code(&["import", "products", unknown.to_str().expect("utf8")], 2);
    assert!(stderr.contains("colour"), "{stderr}");
    // Chinese headers and GBK bytes from Chinese Excel.
    let (gbk, _, _) = encoding_rs::GBK.encode("编码,名称,单价,库存\nP200,铜线,5.5,20\n");
    std::fs::write(shop.path("gbk.csv"), &gbk).expect("write");
    shop.ok(&["import", "products", shop.path("gbk.csv").to_str().expect("utf8")]);
    assert_eq!(shop.count("products"), 4);
    // Existing product: stock is not applied, a warning is printed.
    let again = shop.write("again.csv", "sku,name,price,stock\nP001,不锈钢螺栓,12.50,5\n");
    let (_, stderr) = shop.code(&["import", "products", again.to_str().expect("utf8")], 0);
    assert!(stderr.contains("again.csv:2: stock"), "{stderr}");
}

#[test]
fn export_round_trips_and_guards_formulas() {
    let shop = Shop::new();
    let evil = shop.write("evil.csv", "code,name\nC010,=HYPERLINK(\"x\")\n");
    shop.ok(&["import", "customers", evil.to_str().expect("utf8")]);
    let out = shop.path("customers.csv");
    shop.ok(&["export", "customers", out.to_str().expect("utf8")]);
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("张三五金店"));
    shop.ok(&["import", "customers", out.to_str().expect("utf8")]);
    assert_eq!(shop.count("customers"), 4);
    for kind in ["products", "orders", "invoices", "exceptions"] {
        let xlsx = shop.path(&format!("{kind}.xlsx"));
        shop.ok(&["export", kind, xlsx.to_str().expect("utf8")]);
        assert!(std::fs::metadata(&xlsx).expect("file").len() > 0);
    }
}

#[test]
fn stock_receive_adjust_and_scan_exceptions() {
    let shop = Shop::new();
    shop.ok(&["receive", "P001", "10", "--ref", "PO-1"]);
    shop.ok(&["adjust", "P001", "-3", "--reason", "broken"]);
    shop.code(&["adjust", "P001", "2", "--reason", ""], 2);
    shop.code(&["receive", "P001", "abc"], 2);
    shop.code(&["receive", "NOPE", "1"], 2);
    let conn = common::books_of(&shop.db);
    let on_hand: i64 = conn.query_row("SELECT on_hand FROM products WHERE sku = 'P001'", [], |r| r.get(0)).expect("row");
    assert_eq!(on_hand, 107_000);
    // Make P002 fall under its reorder point and a confirmed order run late.
    shop.ok(&["adjust", "P002", "-460", "--reason", "count"]);
    let order = shop.order(
        "late.json",
        r#"{"customer": "C001", "order_date": "2026-11-10", "delivery_date": "2026-11-12", "lines": [{"sku": "P001", "qty": 1}]}"#,
    );
    // Entered on the 10th, still not confirmed on the 20th: a missed order.
    let output = Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "--today", "2026-11-10", "submit", &order, "--json"])
        .output()
        .expect("run");
    let number = serde_json::from_slice::<Value>(&output.stdout).expect("json")["number"].as_str().expect("number").to_string();
    let value = shop.json(&["scan", "--json"], 0);
    let list: Vec<String> =
        value["exceptions"].as_array().expect("list").iter().map(|e| e["code"].as_str().unwrap_or("").to_string()).collect();
    assert!(list.contains(&"STOCK_BELOW_REORDER".to_string()), "{value}");
    assert!(list.contains(&"ORDER_NOT_CONFIRMED".to_string()), "{value}");
    // Rescan: no duplicates.
    shop.ok(&["scan"]);
    let again = shop.json(&["exceptions", "--json"], 0);
    let below: Vec<&Value> = again.as_array().expect("list").iter().filter(|e| e["code"] == "STOCK_BELOW_REORDER").collect();
    assert_eq!(below.len(), 1);
    // Confirming clears ORDER_NOT_CONFIRMED; lateness then shows as ORDER_NOT_SHIPPED.
    shop.ok(&["confirm", &number]);
    shop.ok(&["scan"]);
    let all = shop.json(&["exceptions", "--json", "--all", "--code", "ORDER_NOT_CONFIRMED"], 0);
    assert_eq!(all[0]["status"], "resolved", "{all}");
    let open = shop.json(&["exceptions", "--json", "--code", "ORDER_NOT_SHIPPED"], 0);
    assert_eq!(open.as_array().map(|l| l.len()), Some(1), "{open}");
    // Handling cycle.
    let id = open[0]["id"].as_i64().expect("id").to_string();
    shop.ok(&["exception", &id, "assign", "admin"]);
    shop.ok(&["exception", &id, "comment", "called the customer"]);
    shop.code(&["exception", &id, "resolve", "--cause", "nonsense", "--action", "x"], 2);
    shop.ok(&["exception", &id, "resolve", "--cause", "supplier_delay", "--action", "new delivery date agreed"]);
    let resolved = shop.json(&["exceptions", "--json", "--status", "resolved", "--code", "ORDER_NOT_SHIPPED"], 0);
    assert_eq!(resolved[0]["root_cause"], "supplier_delay");
}

#[test]
fn print_gate_copies_and_pdf_text() {
    let shop = Shop::new();
    let order = shop.order("order.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "3"}]}"#);
    let number = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    let out = shop.path("slip.pdf");
    let out_text = out.to_str().expect("utf8");
    let (_, stderr) = shop.code(&["print", "dispatch", &number, "-o", out_text], 1);
    assert!(stderr.contains(&number), "refused before confirmation: {stderr}");
    assert!(!out.exists());
    shop.ok(&["print", "order", &number, "-o", out_text]);
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF"));
    shop.ok(&["confirm", &number]);
    shop.ok(&["print", "dispatch", &number, "-o", out_text]);
    shop.ok(&["print", "dispatch", &number, "-o", out_text]);
    let conn = common::books_of(&shop.db);
    let prints: i64 = conn.query_row("SELECT COUNT(*) FROM order_events WHERE kind = 'printed'", [], |r| r.get(0)).expect("count");
    assert_eq!(prints, 3, "every print is in the order's history");
}

#[test]
fn backup_restore_and_audit_verify() {
    let shop = Shop::new();
    let backup = shop.path("backup.sqlite3");
    shop.ok(&["backup", backup.to_str().expect("utf8")]);
    shop.ok(&["receive", "P001", "1"]);
    let out = shop.ok(&["restore", backup.to_str().expect("utf8")]);
    assert!(out.contains("replaced"), "{out}");
    let conn = common::books_of(&shop.db);
    let on_hand: i64 = conn.query_row("SELECT on_hand FROM products WHERE sku = 'P001'", [], |r| r.get(0)).expect("row");
    assert_eq!(on_hand, 100_000, "restored");
    drop(conn);
    shop.code(&["restore", shop.path("missing.sqlite3").to_str().expect("utf8")], 2);
    let junk = shop.write("junk.sqlite3", "this is not a database");
    shop.code(&["restore", junk.to_str().expect("utf8")], 2);
    assert!(shop.ok(&["audit", "verify"]).contains("intact"));
    // Tamper with the audit log outside kaidan (drop the guard trigger first, as an attacker would).
    common::edit_outside(
        &shop.db,
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = 'forged' WHERE id = 2;",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET after = 'forged' WHERE id = 2;",
    );
    let (_, stderr) = shop.code(&["audit", "verify"], 1);
    assert!(stderr.contains('2'), "{stderr}");
}

#[test]
fn delivery_and_returns_with_credit_notes() {
    let shop = Shop::new();
    let order = shop.order("order.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "10"}]}"#);
    let number = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &number]);
    let out = shop.ok(&["ship", &number, "--line", "P001=6"]);
    let shipment = out.split_whitespace().next().expect("shipment number").to_string();
    assert!(shipment.starts_with("SH-2026-"), "{out}");
    shop.code(&["deliver", &shipment, "--by", ""], 2);
    shop.ok(&["deliver", &shipment, "--by", "王师傅"]);
    // Two units back before invoicing: taken off the order, stock back.
    shop.ok(&["return", &number, "--line", "P001=2", "--reason", "damaged in transit"]);
    let shown = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(shown["lines"][0]["qty"], "8");
    assert_eq!(shown["lines"][0]["shipped_qty"], "4");
    assert_eq!(shown["totals"]["total"], "100.00");
    // Invoice what shipped (4), then return 1 invoiced unit: a credit note settles 12.50.
    let invoice = shop.json(&["invoice", &number, "--json"], 0);
    assert_eq!(invoice["amount"], "50.00");
    let out = shop.ok(&["return", &number, "--line", "P001=1", "--reason", "wrong size"]);
    assert!(out.contains("CN-2026-00001") && out.contains("12.50"), "{out}");
    let inv = shop.json(&["show", invoice["number"].as_str().expect("number"), "--json"], 0);
    assert_eq!(inv["paid"], "12.50", "the credit note reduces what is owed");
    shop.code(&["return", &number, "--line", "P001=9", "--reason", "too many"], 1);
    shop.code(&["return", &number, "--line", "P001=1", "--reason", ""], 2);
    let conn = common::books_of(&shop.db);
    let (on_hand, ledger): (i64, i64) = conn
        .query_row(
            "SELECT on_hand, (SELECT SUM(qty) FROM stock_movements WHERE product_id = p.id) FROM products p WHERE sku = 'P001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(on_hand, 97_000, "100 − 6 shipped + 2 + 1 back");
    assert_eq!(on_hand, ledger);
}

#[test]
fn stock_edited_outside_kaidan_is_caught_by_the_scan() {
    let shop = Shop::new();
    shop.ok(&["scan"]);
    let none = shop.json(&["exceptions", "--json", "--code", "STOCK_OUT_OF_SYNC"], 0);
    assert_eq!(none.as_array().map(|l| l.len()), Some(0));
    let edit = "UPDATE products SET on_hand = on_hand + 5000 WHERE sku = 'P001';
                UPDATE stock_movements SET qty = qty - 1000 WHERE product_id = (SELECT id FROM products WHERE sku = 'P002');";
    common::edit_outside(&shop.db, edit, edit);
    shop.ok(&["scan"]);
    let found = shop.json(&["exceptions", "--json", "--code", "STOCK_OUT_OF_SYNC"], 0);
    let subjects: Vec<&str> = found.as_array().expect("list").iter().filter_map(|e| e["subject"].as_str()).collect();
    assert_eq!(subjects, vec!["P001", "P002"], "{found}");
    // Fixing it through kaidan (a count) clears the P001 exception on the next scan.
    let undo = "UPDATE products SET on_hand = on_hand - 5000 WHERE sku = 'P001'";
    common::edit_outside(&shop.db, undo, undo);
    shop.ok(&["scan"]);
    let all = shop.json(&["exceptions", "--json", "--all", "--code", "STOCK_OUT_OF_SYNC"], 0);
    let p001 = all.as_array().expect("list").iter().find(|e| e["subject"] == "P001").expect("P001");
    assert_eq!(p001["status"], "resolved");
}

#[test]
fn stock_arriving_moves_a_waiting_order_on_and_over_payment_is_flagged() {
    let shop = Shop::new();
    let order = shop.order("short.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "70"}]}"#);
    let first = shop.json(&["submit", &order, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &first]);
    let again = shop.order("short2.json", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "40"}]}"#);
    let value = shop.json(&["submit", &again, "--json"], 0);
    assert_eq!(value["status"], "awaiting_restock", "{value}");
    let waiting = value["number"].as_str().expect("number").to_string();
    shop.ok(&["receive", "P001", "50", "--ref", "PO-7"]);
    shop.ok(&["scan"]);
    let shown = shop.json(&["show", &waiting, "--json"], 0);
    assert_eq!(shown["status"], "open", "stock arrived: the order moves on by itself");
    let all = shop.json(&["exceptions", "--json", "--all", "--code", "STOCK_SHORT"], 0);
    let entry = all.as_array().expect("list").iter().find(|e| e["subject"] == waiting.as_str()).expect("exception");
    assert_eq!(entry["status"], "resolved");
    // Over-payment is refused naming the open balance; nothing is written.
    shop.ok(&["ship", &first]);
    let invoice = shop.json(&["invoice", &first, "--json"], 0);
    let number = invoice["number"].as_str().expect("number").to_string();
    assert_eq!(invoice["amount"], "875.00");
    let (_, stderr) = shop.code(&["pay", &number, "900"], 1);
    assert!(stderr.contains("875.00"), "{stderr}");
    shop.ok(&["pay", &number, "875"]);
    let (_, stderr) = shop.code(&["pay", &number, "0.01"], 1);
    assert!(stderr.contains("0.00"), "a second click pays nothing more: {stderr}");
    let inv = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(inv["paid"], "875.00");
    // A paid invoice cannot be voided (the money would vanish): refund first, then void.
    let (_, stderr) = shop.code(&["void", &number, "--reason", "wrong customer reference"], 1);
    assert!(stderr.contains("875.00") && stderr.contains("refund"), "{stderr}");
    shop.code(&["refund", &number, "900", "--method", "cash", "--reason", "too much"], 1);
    shop.code(&["refund", &number, "-5", "--method", "cash", "--reason", "negative"], 2);
    shop.ok(&["refund", &number, "875", "--method", "bank_transfer", "--reason", "wrong customer reference"]);
    let inv = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(inv["paid"], "0.00");
    assert_eq!(inv["refunded"], "875.00");
    // Void and re-issue: both stay in history.
    shop.ok(&["void", &number, "--reason", "wrong customer reference"]);
    let reissued = shop.json(&["invoice", &first, "--json"], 0);
    assert_ne!(reissued["number"], invoice["number"]);
    let old = shop.json(&["show", &number, "--json"], 0);
    assert_eq!(old["status"], "void");
}
