//! At the counter, through the real window (egui_kittest, headless), checked in the database:
//!
//! | action | test |
//! |---|---|
//! | A keyboard-wedge scan adds a line, or one more of it, from any field; typing is never a scan | `a_scanned_barcode_adds_the_product_and_never_lands_in_the_field` |
//! | Ctrl+V of 100 spreadsheet rows: checked lines, rows not matched listed, one Ctrl+Z undoes it | `a_hundred_pasted_rows_are_checked_lines_and_one_ctrl_z_takes_them_back` |
//! | A gift line, a deposit taken and refunded from the order form | `a_gift_line_and_a_deposit_from_the_order_form` |
//! | F8 "same as last time": the customer's latest order with its discounts, gifts and note | `same_as_last_time_copies_the_customers_latest_order_with_its_gifts_and_note` |
//!
//! Both languages; the books are checked after each.

mod common;

use common::window::*;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kaidan::app::App;
use kaidan::i18n::{Lang, ui as t};
use kaidan::ops;
use kaidan::store::Store;

/// Give product `sku` the barcode `code`, as the product card does.
fn with_barcode(path: &std::path::Path, sku: &str, code: &str) {
    let mut store = Store::open(path).expect("store");
    let admin = admin(&store);
    let mut product = store.get_product_by_sku(sku).expect("read").expect("product");
    product.barcode = code.into();
    ops::save_product(&mut store, &admin, &product, Default::default()).expect("barcode saved");
}

/// A scanner: one key per character, 4 ms apart, then Enter — spread over frames as a fast
/// machine draws them (a frame every 12 ms).
fn scan(harness: &mut Harness<'static, App>, code: &str) {
    let start = harness.ctx.input(|i| i.time) + 0.5;
    let mut keys: Vec<egui::Event> = code.chars().map(|c| egui::Event::Text(c.to_string())).collect();
    keys.push(egui::Event::Key {
        key: egui::Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    for (frame, chunk) in keys.chunks(3).enumerate() {
        harness.input_mut().time = Some(start + 0.012 * frame as f64);
        harness.input_mut().events.extend(chunk.iter().cloned());
        harness.step();
    }
    harness.input_mut().time = None;
    harness.run_steps(4);
}

fn value(harness: &Harness<'static, App>, label: &str) -> String {
    harness.get_by_role_and_label(Role::TextInput, label).value().unwrap_or_default()
}

fn lines_of(path: &std::path::Path) -> Vec<(String, i64, i64, i64)> {
    let conn = common::books_of(path);
    common::rows(&conn, "SELECT sku, qty, unit_price, gift FROM order_lines ORDER BY order_id, line_no", |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
    })
}

#[test]
fn a_scanned_barcode_adds_the_product_and_never_lands_in_the_field() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        with_barcode(&path, "P1", "6901234567892");
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        let (customer, sku, qty) = (t::CUSTOMER.get(lang), t::SKU.get(lang), t::QTY.get(lang));
        type_into(&mut harness, customer, "C1");
        // Scanned with the focus in the first SKU field: the product, not the digits.
        harness.get_by_role_and_label(Role::TextInput, &format!("{sku} 1")).focus();
        harness.run_steps(1);
        scan(&mut harness, "6901234567892");
        assert_eq!(value(&harness, &format!("{sku} 1")), "P1", "{lang:?}");
        assert_eq!(value(&harness, &format!("{qty} 1")), "1");
        // Again, with the focus on the customer: one more on the same line, the customer kept.
        harness.get_by_role_and_label(Role::TextInput, customer).focus();
        harness.run_steps(1);
        scan(&mut harness, "6901234567892");
        assert_eq!(value(&harness, &format!("{qty} 1")), "2");
        assert_eq!(value(&harness, customer), "C1", "the scanner's digits never land in the field");
        // A code no product carries is said, and nothing is added.
        scan(&mut harness, "4006381333931");
        let unknown = t::SCAN_NO_PRODUCT.fill(lang, &[("code", &"4006381333931")]);
        assert!(harness.query_by_label_contains(&unknown).is_some(), "{lang:?}: {unknown}");
        assert_eq!(value(&harness, &format!("{sku} 2")), "");
        // Scanned into the payment reference (a transfer's number), the code is its text.
        let reference = t::PAYMENT_REFERENCE.get(lang);
        harness.get_by_role_and_label(Role::TextInput, reference).focus();
        harness.run_steps(1);
        scan(&mut harness, "6901234567892");
        assert_eq!(value(&harness, reference), "6901234567892", "{lang:?}: the reference keeps it");
        assert_eq!(value(&harness, &format!("{qty} 1")), "2", "no product added");
        // Two lines pasted into the note are the note's, not order rows.
        let note = t::NOTE.get(lang);
        harness.get_by_role_and_label(Role::TextInput, note).focus();
        harness.run_steps(1);
        harness.event(egui::Event::Paste("back door\nring twice".into()));
        harness.run_steps(3);
        assert_eq!(value(&harness, &format!("{sku} 2")), "", "{lang:?}: no rows from the note's paste");
        assert!(value(&harness, note).contains("back door"), "{lang:?}: the note has it");
        // A person typing the same digits, a key at a time, types them.
        harness.get_by_role_and_label(Role::TextInput, note).focus();
        harness.run_steps(1);
        for c in "6901234567892".chars() {
            harness.event(egui::Event::Text(c.to_string()));
            harness.run_steps(1);
        }
        harness.key_press(egui::Key::Enter);
        harness.run_steps(2);
        assert!(value(&harness, note).ends_with("6901234567892"), "typing is no scan: {}", value(&harness, note));
        assert_eq!(value(&harness, &format!("{qty} 1")), "2");
        click(&mut harness, t::SUBMIT.get(lang));
        run_until(&mut harness, |_| !lines_of(&path).is_empty());
        assert_eq!(lines_of(&path), vec![("P1".to_string(), 2000, 100000, 0)], "{lang:?}");
        books(&path, "after scanning");
    }
}

#[test]
fn a_hundred_pasted_rows_are_checked_lines_and_one_ctrl_z_takes_them_back() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = common::shop_db(dir.path());
        let products: Vec<(String, String, String, String)> =
            (1..=120).map(|i| (format!("S{i:03}"), format!("螺栓 {i} 号"), "2.50".to_string(), "1000".to_string())).collect();
        let refs: Vec<(&str, &str, &str, &str)> =
            products.iter().map(|(sku, name, price, stock)| (sku.as_str(), name.as_str(), price.as_str(), stock.as_str())).collect();
        common::seed_shop(&path, today(), Some("1000000"), &refs);
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        let (customer, sku, qty) = (t::CUSTOMER.get(lang), t::SKU.get(lang), t::QTY.get(lang));
        type_into(&mut harness, customer, "C1");
        // Typed before the paste: kept.
        type_into(&mut harness, &format!("{sku} 1"), "S120");
        type_into(&mut harness, &format!("{qty} 1"), "7");
        harness.run_steps(2);
        let typed = value(&harness, &format!("{sku} 1"));

        // As Excel copies it: a header, 100 rows (a name instead of a SKU, a formatted price),
        // a row no product matches and one whose quantity is no number.
        let mut sheet = String::from("SKU\tQty\tPrice\tDiscount\r\n");
        for i in 1..=100 {
            let key = if i == 50 { "螺栓 50 号".to_string() } else { format!("S{i:03}") };
            let price = if i == 3 { "¥2.40" } else { "" };
            sheet.push_str(&format!("{key}\t{}\t{price}\t\r\n", i % 9 + 1));
        }
        sheet.push_str("NOPE-1\t2\t\t\r\nS001\tabc\t\t\r\n");
        let before = kaidan::store::db::statements_run();
        harness.event(egui::Event::Paste(sheet.clone()));
        harness.run_steps(4);
        let reads = kaidan::store::db::statements_run() - before;
        eprintln!("{lang:?}: {reads} statements for the paste of 100 rows and its check");
        assert_eq!(value(&harness, &format!("{sku} 1")), typed, "{lang:?}: what was typed stays first");
        assert_eq!(value(&harness, &format!("{sku} 2")), "S001");
        assert_eq!(value(&harness, &format!("{sku} 51")), "S050", "matched by its exact name");
        assert_eq!(value(&harness, &format!("{sku} 101")), "S100");
        assert_eq!(value(&harness, &format!("{qty} 101")), "2");
        assert_eq!(value(&harness, &format!("{} 4", t::UNIT_PRICE.get(lang))), "2.40", "the sheet's price, unformatted");
        let report = t::PASTE_ADDED.fill(lang, &[("added", &100), ("skipped", &2)]);
        assert!(harness.query_by_label_contains(&report).is_some(), "{lang:?}: {report}");
        assert!(harness.query_by_label_contains(&t::PASTE_NO_PRODUCT.fill(lang, &[("row", &102), ("key", &"NOPE-1")])).is_some());
        assert!(harness.query_by_label_contains(&t::PASTE_BAD_QTY.fill(lang, &[("row", &103), ("qty", &"abc")])).is_some());
        // Checked at once, and read set-based: the paste, the check of 101 lines and the frames
        // around them take far fewer statements than one per line.
        assert!(reads < 40, "{reads} statements for a paste of 100 rows");
        // 497 at 2.50 less 0.40 on row 3, and the 7 typed before: checked and totalled.
        let total = format!("{} 1259.60", t::TOTAL.get(lang));
        assert!(harness.query_by_label_contains(&total).is_some(), "{lang:?}: {total}");

        // One Ctrl+Z takes the whole paste back; the typing before it stays.
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run_steps(3);
        assert_eq!(value(&harness, &format!("{sku} 1")), typed);
        assert_eq!(value(&harness, &format!("{sku} 2")), "", "{lang:?}: the paste is gone");
        assert!(harness.query_by_role_and_label(Role::TextInput, &format!("{sku} 3")).is_none());

        // Pasted again and submitted (Ctrl+Enter: the button is below a hundred lines): saved.
        harness.event(egui::Event::Paste(sheet));
        harness.run_steps(4);
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
        run_until(&mut harness, |_| !lines_of(&path).is_empty());
        let saved = lines_of(&path);
        assert_eq!(saved.len(), 101, "{lang:?}");
        assert_eq!(saved[3], ("S003".to_string(), 4000, 24000, 0));
        books(&path, "after the paste");
    }
}

#[test]
fn a_gift_line_and_a_deposit_from_the_order_form() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        // Tall enough that the deposit panel under the buttons is on screen without scrolling.
        let mut harness = window_sized(&path, lang, 1280.0, 1100.0);
        harness.run_steps(2);
        let (customer, sku, qty) = (t::CUSTOMER.get(lang), t::SKU.get(lang), t::QTY.get(lang));
        type_into(&mut harness, customer, "C1");
        type_into(&mut harness, &format!("{sku} 1"), "P1");
        type_into(&mut harness, &format!("{qty} 1"), "2");
        type_into(&mut harness, &format!("{sku} 2"), "P1");
        type_into(&mut harness, &format!("{qty} 2"), "1");
        harness.get_by_role_and_label(Role::Button, &format!("{} 2", t::GIFT.get(lang))).click();
        harness.run_steps(3);
        click(&mut harness, t::SUBMIT.get(lang));
        run_until(&mut harness, |_| lines_of(&path).len() == 2);
        assert_eq!(lines_of(&path), vec![("P1".to_string(), 2000, 100000, 0), ("P1".to_string(), 1000, 0, 1)], "{lang:?}");
        run_until(&mut harness, |harness| harness.query_by_label(t::TAKE_DEPOSIT.get(lang)).is_some());

        // A deposit of 5.00 in cash on the saved order.
        click(&mut harness, t::TAKE_DEPOSIT.get(lang));
        type_into(&mut harness, t::DEPOSIT_AMOUNT.get(lang), "5");
        assert_eq!(value(&harness, t::DEPOSIT_AMOUNT.get(lang)), "5");
        let save = harness.get_by_role_and_label(Role::Button, t::DEPOSIT_SAVE.get(lang));
        assert!(!save.accesskit_node().is_disabled(), "{lang:?}: Take deposit ready");
        click(&mut harness, t::DEPOSIT_SAVE.get(lang));
        let held = |path: &std::path::Path| {
            let store = Store::open(path).expect("store");
            let order = store.get_order("SO-2026-00001").expect("order");
            store.order_deposit_sums(order.id).expect("deposits")
        };
        run_until(&mut harness, |_| held(&path).taken == dec("5"));
        assert_eq!(held(&path).unapplied(), dec("5"), "{lang:?}: said {:?}", harness.state().notice());
        let shown = t::DEPOSIT_HELD.fill(lang, &[("taken", &"5.00"), ("applied", &"0.00"), ("held", &"5.00")]);
        run_until(&mut harness, |harness| harness.query_by_label_contains(&shown).is_some());
        assert!(harness.query_by_label_contains(&shown).is_some(), "{lang:?}: {shown}");
        books(&path, "deposit taken in the window");

        // Given back in full, with a reason (the amount comes filled in).
        click(&mut harness, t::REFUND_DEPOSIT.get(lang));
        type_into(&mut harness, t::DEPOSIT_REASON.get(lang), "customer changed their mind");
        click(&mut harness, t::DEPOSIT_REFUND_SAVE.get(lang));
        run_until(&mut harness, |_| held(&path).refunded == dec("5"));
        assert_eq!(held(&path).unapplied(), dec("0"), "{lang:?}");
        books(&path, "deposit refunded in the window");
    }
}

#[test]
fn same_as_last_time_copies_the_customers_latest_order_with_its_gifts_and_note() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        {
            let mut store = Store::open(&path).expect("store");
            let admin = admin(&store);
            let line = |qty: &str, discount: &str, gift: bool| kaidan::domain::order::LineInput {
                sku: "P1".into(),
                qty: dec(qty),
                discount_pct: Some(dec(discount)),
                gift,
                ..Default::default()
            };
            let input = kaidan::domain::order::OrderInput {
                customer: "C1".into(),
                note: "back door, before 10".into(),
                lines: vec![line("2", "5", false), line("1", "0", true)],
                ..Default::default()
            };
            ops::submit_order(&mut store, &admin, &input).expect("last time's order");
        }
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        type_into(&mut harness, t::CUSTOMER.get(lang), "C1");
        run_until(&mut harness, |harness| harness.query_by_label(t::SAME_AS_LAST.get(lang)).is_some());
        harness.key_press(egui::Key::F8);
        harness.run_steps(4);
        let (sku, qty) = (t::SKU.get(lang), t::QTY.get(lang));
        assert_eq!(value(&harness, &format!("{sku} 1")), "P1", "{lang:?}");
        assert_eq!(value(&harness, &format!("{qty} 2")), "1");
        assert_eq!(value(&harness, &format!("{} 1", t::DISCOUNT.get(lang))), "5", "the discount kept");
        assert_eq!(value(&harness, t::NOTE.get(lang)), "back door, before 10", "the note kept");
        // The gift kept: its price field rests (a gift has none), the paid line's does not.
        let price_label = |line: usize| format!("{} {line}", t::UNIT_PRICE.get(lang));
        assert!(harness.get_by_role_and_label(Role::TextInput, &price_label(2)).accesskit_node().is_disabled(), "{lang:?}: the gift kept");
        assert!(!harness.get_by_role_and_label(Role::TextInput, &price_label(1)).accesskit_node().is_disabled());
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
        run_until(&mut harness, |_| lines_of(&path).len() == 4);
        let lines = lines_of(&path);
        assert_eq!(lines[2..], lines[..2], "{lang:?}: the same lines again");
        books(&path, "same as last time");
    }
}
