//! Signed slips back (回单) through the contract, on both engines: a shipment sent out to the
//! customer waits for its signed dispatch slip; `scan` flags it with DELIVERY_NOT_CONFIRMED
//! (subject: the shipment) once more than `scans.delivery_confirm_days` have passed, never for a
//! pickup; `deliver` by the shipment or by the slip's order number (its QR code) records it and
//! the next scan resolves the exception. Plus the window's Signed slips view.

mod common;

use assert_cmd::Command;
use common::{Shop, books_of, check_books};
use serde_json::Value;

/// The binary on `shop` on another day than the suite's.
fn on(shop: &Shop, day: &str, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "--today", day, "--lang", "en"])
        .args(args)
        .output()
        .expect("run");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

fn waiting_slips(shop: &Shop, day: &str) -> Vec<Value> {
    let (code, stdout, stderr) = on(shop, day, &["scan", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let value: Value = serde_json::from_str(&stdout).expect("scan json");
    value["exceptions"].as_array().expect("exceptions").iter().filter(|e| e["code"] == "DELIVERY_NOT_CONFIRMED").cloned().collect()
}

fn shipped(shop: &Shop, json: &str, name: &str) -> (String, String) {
    let path = shop.order(name, json);
    let order = shop.json(&["submit", &path, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &order]);
    let out = shop.ok(&["ship", &order]);
    (order, out.split_whitespace().next().expect("shipment").to_string())
}

#[test]
fn a_shipment_sent_out_waits_for_its_signed_slip_and_the_scan_says_so() {
    let shop = Shop::new();
    let (sent, shipment) = shipped(&shop, r#"{"customer":"C001","delivery":"delivery","lines":[{"sku":"P001","qty":"2"}]}"#, "sent.json");
    let (_, picked) = shipped(&shop, r#"{"customer":"C001","lines":[{"sku":"P002","qty":"1"}]}"#, "pickup.json");
    // Shipped on 2026-11-20; seven days later it is not late yet, eight days later it is.
    assert!(waiting_slips(&shop, "2026-11-27").is_empty());
    let late = waiting_slips(&shop, "2026-11-28");
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0]["subject"], shipment.as_str(), "the subject is the shipment");
    assert_eq!(late[0]["severity"], "warn");
    let message = late[0]["message"].as_str().expect("message");
    assert!(message.contains(&sent) && message.contains("8 days"), "{message}");
    assert!(late.iter().all(|e| e["subject"] != picked.as_str()), "a pickup is handed over, no slip to wait for");
    // The shop's own setting moves the line.
    shop.ok(&["config", "set", "scans.delivery_confirm_days", "10"]);
    let (_, stdout, _) = on(&shop, "2026-11-28", &["exceptions", "--json"]);
    assert!(stdout.contains(&shipment), "still open until the condition clears or is handled");
    shop.ok(&["config", "set", "scans.delivery_confirm_days", "7"]);

    // The signed slip comes back: its QR code is the order number.
    let (code, stdout, stderr) = on(&shop, "2026-11-28", &["deliver", &sent, "--by", "王师傅"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&shipment), "{stdout}");
    assert!(waiting_slips(&shop, "2026-11-28").is_empty());
    let (_, stdout, _) = on(&shop, "2026-11-28", &["exceptions", "--json", "--all", "--code", "DELIVERY_NOT_CONFIRMED"]);
    let all: Value = serde_json::from_str(&stdout).expect("json");
    let statuses: Vec<&str> = all.as_array().expect("list").iter().filter_map(|e| e["status"].as_str()).collect();
    assert_eq!(statuses, vec!["resolved"], "{all}");
    // Nothing left to record on that order: refused, nothing written.
    let stderr = shop.refused(&["deliver", &sent, "--by", "王师傅"], 1);
    assert!(stderr.contains("no shipment whose delivery is still to be recorded"), "{stderr}");
    check_books(&books_of(&shop.db), "after the signed slip");
}

#[test]
fn a_signed_slip_is_recorded_from_the_stock_tab_by_its_qr_code() {
    use common::window::*;
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use kaidan::i18n::{Lang, ui as t};
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        let order = {
            let mut store = kaidan::store::Store::open(&path).expect("store");
            let admin = admin(&store);
            let input = kaidan::domain::order::OrderInput {
                customer: "C1".into(),
                delivery: Some(kaidan::domain::Delivery::Delivery),
                lines: vec![kaidan::domain::order::LineInput { sku: "P1".into(), qty: dec("2"), ..Default::default() }],
                ..Default::default()
            };
            let saved = kaidan::ops::submit_order(&mut store, &admin, &input).expect("submit");
            kaidan::ops::confirm(&mut store, &admin, &saved.number).expect("confirm");
            kaidan::ops::ship(&mut store, &admin, &saved.number, &[]).expect("ship");
            saved.number
        };
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        click(&mut harness, t::TAB_STOCK.get(lang));
        harness.get_by_label(t::SLIPS_TITLE.get(lang)).click();
        harness.run_steps(3);
        assert!(harness.query_by_label_contains(&order).is_some(), "{lang:?}: the shipment waits, its order shown");
        // A slip of another shop (an unknown number) is refused and said; what was typed stays
        // to be put right, and nothing is recorded.
        let before = common::dump(&common::books_of(&path));
        type_into(&mut harness, t::SLIP_RECEIVED_BY.get(lang), "王师傅");
        type_into(&mut harness, t::SLIP_NUMBER.get(lang), "SO-2099-00042");
        harness.key_press(egui::Key::Enter);
        run_until(&mut harness, |harness| harness.state().notice().is_some());
        harness.run_steps(2);
        // Said in the window's language (the store's "not found" too).
        let expected = match lang {
            Lang::En => "Order SO-2099-00042 not found.",
            Lang::Zh => "未找到订单 SO-2099-00042。",
        };
        assert_eq!(harness.state().notice(), Some(expected), "{lang:?}");
        for (field, kept) in [(t::SLIP_NUMBER, "SO-2099-00042"), (t::SLIP_RECEIVED_BY, "王师傅")] {
            let value = harness.get_by_role_and_label(Role::TextInput, field.get(lang)).value();
            assert_eq!(value.as_deref(), Some(kept), "{lang:?}: a refused slip keeps what was typed");
        }
        assert_eq!(common::dump(&common::books_of(&path)), before, "{lang:?}: nothing written");
        // A 2D scanner types the QR code's order number and Enter into the slip field.
        type_into(&mut harness, t::SLIP_NUMBER.get(lang), &order);
        harness.key_press(egui::Key::Enter);
        harness.run_steps(3);
        let delivered = one(&path, "SELECT COUNT(*) FROM shipments WHERE delivered_on IS NOT NULL AND received_by = '王师傅'");
        assert_eq!(delivered, 1, "{lang:?}: said {:?}", harness.state().notice());
        run_until(&mut harness, |harness| harness.query_by_label(t::SLIPS_NONE.get(lang)).is_some());
        assert!(harness.query_by_label(t::SLIPS_NONE.get(lang)).is_some(), "{lang:?}: nothing waits any more");
        assert_eq!(
            harness.get_by_role_and_label(Role::TextInput, t::SLIP_NUMBER.get(lang)).value().as_deref(),
            Some(""),
            "ready for the next"
        );
        books(&path, "after a slip recorded in the window");
    }
}

#[test]
fn an_order_number_names_one_waiting_shipment_and_nothing_is_delivered_before_it_left() {
    let shop = Shop::new();
    let path = shop.order("two.json", r#"{"customer":"C001","delivery":"delivery","lines":[{"sku":"P001","qty":"4"}]}"#);
    let order = shop.json(&["submit", &path, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &order]);
    let first = shop.ok(&["ship", &order, "--line", "P001=1"]).split_whitespace().next().expect("shipment").to_string();
    let second = shop.ok(&["ship", &order, "--line", "P001=3"]).split_whitespace().next().expect("shipment").to_string();
    // Two slips out: the order's QR code cannot say which came back.
    let stderr = shop.refused(&["deliver", &order, "--by", "王师傅"], 1);
    assert!(stderr.contains(&first) && stderr.contains(&second), "{stderr}");
    // Not before it left (shipped on 2026-11-20).
    let stderr = shop.refused(&["deliver", &first, "--by", "王师傅", "--on", "2026-11-19"], 1);
    assert!(stderr.contains("2026-11-20"), "{stderr}");
    shop.ok(&["deliver", &first, "--by", "王师傅"]);
    // One left: now the order's number names it.
    let out = shop.ok(&["deliver", &order, "--by", "李师傅"]);
    assert!(out.contains(&second), "{out}");
    check_books(&books_of(&shop.db), "two slips back");
}
