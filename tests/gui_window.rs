//! The window as its users live in it, driven through the real App (egui_kittest, headless) and
//! checked in the database afterwards:
//!
//! | action | test |
//! |---|---|
//! | Split a short line into a backorder, new order | `split_on_a_new_order_keeps_the_quantities` |
//! | Split a short line into a backorder, saved order | `split_on_a_saved_order_never_creates_goods` |
//! | Sign in (wrong PIN, right PIN, `--user` preselects) | `a_shop_with_pins_opens_on_the_sign_in` |
//! | The owner's first PIN on a new real shop | `a_new_real_shop_asks_its_owner_for_a_pin` |
//! | Approve from the order form | `an_approved_order_no_longer_offers_approve` |
//! | Buttons the role may not use | `a_warehouse_user_is_not_offered_order_entry` |
//! | New order / Ctrl+N with unsaved typing | `new_order_asks_before_unsaved_typing_goes` |
//! | Customer suggestions by arrow keys | `customer_suggestions_follow_the_arrow_keys` |
//! | Ship…, Record shipment, Issue invoice, pay ticked invoices | `an_order_is_shipped_invoiced_and_paid_from_the_window` |
//! | The same in Chinese at 1024×768 | `in_chinese_at_1024_an_order_is_shipped_invoiced_and_paid` |
//! | Cancel order…, Receive… | `an_order_is_cancelled_and_stock_received_from_the_window` |
//! | Record delivery; Return goods… (more than shipped refused, nothing written; one back with a credit note) | `delivery_and_return_from_the_window_credit_note_and_never_more_than_shipped` |
//! | Order slip…, Dispatch slip… (twice) → PDFs written, prints recorded | `order_and_dispatch_slips_are_printed_from_the_order_form` |
//! | Void… an unpaid invoice (reason kept, goods invoiceable again) | `an_unpaid_invoice_is_voided_from_the_window_and_its_goods_can_be_invoiced_again` |
//! | Refund…, Void… disabled while paid | `a_paid_invoice_is_refunded_before_it_can_be_voided` |
//! | Import… in the background | `a_big_import_runs_in_the_background_with_progress` |
//! | Menu → Restore a backup… in the background | `a_backup_is_restored_from_the_window_in_the_background` |
//! | Menu → Users… (add a clerk with a PIN), Block… a customer, Adjust… stock | `users_customers_and_stock_are_managed_from_the_window` |
//! | Waive… an order's approvable block in the inbox (= approval; a scan does not reopen it) | `waiving_an_orders_block_in_the_inbox_approves_the_order` |
//! | F1, Ctrl+1…6 / F2…F7, typed dates | `keyboard_first_tabs_shortcut_sheet_and_forgiving_dates` |
//! | The order draft: kept across a restart, cleared by a submit, a failed keep said | `the_typing_is_kept_across_a_restart_and_a_failed_keep_is_said` |
//! | A read the order form cannot make is shown, not an empty list | `a_failed_read_in_the_order_form_is_said` |
//! | A busy shop: Submit waits with "Saving…", the window draws on, typing stays, one order | `a_busy_shop_is_a_wait_with_a_message_never_a_frozen_window` |
//! | Every tab's reads off the window's thread (lists, cards, reports, audit) | `every_tab_reads_off_the_windows_thread` |
//! | A save that comes back after the next order was started leaves that order alone | `a_save_that_comes_back_after_the_next_order_was_started_leaves_that_order_alone` |
//! | What the customer paid last time beside the line typed; PRICE_ABOVE_LAST; both languages | `the_line_being_typed_shows_what_the_customer_paid_last_time` |
//! | Every tab of the one tab list: click, Ctrl+digit, function key, both languages | `every_tab_of_the_list_opens_by_click_and_by_both_keys` |
//! | Rare hanzi in the form and lists | `a_name_of_rare_hanzi_shows_in_the_window` |
//! | Layout at 1024×768 / 1280×800, both languages | `every_column_and_button_fits_at_1024_and_1280_in_both_languages` |
//! | No codes or identifiers in the Chinese window | `in_chinese_no_text_is_a_code_or_an_identifier` |
//! | Any enabled button, any field, Enter, Escape, tabs (inline, and with the threads of the real window) | `a_random_walk_never_panics_and_keeps_the_books`, `a_random_walk_with_reads_and_writes_off_the_windows_thread_keeps_the_books` |
//!
//! Elsewhere: amend, repeat, complaint, templates, new product, stock count, scan now, batch
//! invoicing, backup, settings and the idle lock (`tests/gui_actions.rs`, its own table); the
//! inbox walk (`tests/gui_workflows.rs`), customer creation with validation
//! (`tests/gui_workflows.rs`), live findings while typing and the language switch (`tests/gui.rs`).

mod common;

use common::window::*;

use egui::accesskit::Role;
use egui_kittest::kittest::{By, NodeT, Queryable};
use kaidan::app::Gate;
use kaidan::domain::master::Customer;
use kaidan::i18n::Lang;
use kaidan::ops;
use kaidan::store::Store;

#[test]
fn split_on_a_new_order_keeps_the_quantities() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_order(&mut harness, "C1", "P1", "9");
    harness.run_steps(2);
    click(&mut harness, "Split 4 into a backorder");
    assert_eq!(order_quantities(&path), vec![("SO-2026-00001".to_string(), 4_000)], "the backorder holds the short part");
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("5"), "the form keeps what is there");
    click(&mut harness, "Submit order");
    let saved = order_quantities(&path);
    assert_eq!(saved.iter().map(|(_, qty)| qty).sum::<i64>(), 9_000, "4 + 5 = the 9 that were typed: {saved:?}");
    books(&path, "after a split of a new order");
}

#[test]
fn split_on_a_saved_order_never_creates_goods() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_order(&mut harness, "C1", "P1", "9");
    click(&mut harness, "Submit order");
    assert_eq!(order_quantities(&path), vec![("SO-2026-00001".to_string(), 9_000)]);
    harness.run_steps(2);
    click(&mut harness, "Split 4 into a backorder");
    let saved = order_quantities(&path);
    assert_eq!(saved, vec![("SO-2026-00001".to_string(), 5_000), ("SO-2026-00002".to_string(), 4_000)], "9 ordered: 5 + 4, not 14");
    books(&path, "after a split of a saved order");
}

#[test]
fn a_shop_with_pins_opens_on_the_sign_in() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        ops::set_pin(&mut store, &admin, "admin", Some("2468")).expect("owner pin");
        ops::set_pin(&mut store, &admin, "li", Some("1357")).expect("manager pin");
    }
    // --user li only preselects: the PIN is still asked for.
    let mut harness = window(&path, false, "li");
    harness.run_steps(3);
    assert!(matches!(harness.state().gate(), Gate::SignIn { name, .. } if name == "li"));
    assert!(harness.query_by_role_and_label(Role::Button, "Order entry").is_none(), "nothing behind the sign-in is reachable");
    // The language is chosen before signing in.
    click(&mut harness, "中文");
    assert!(harness.query_by_role_and_label(Role::Button, "登录").is_some(), "the sign-in speaks Chinese");
    click(&mut harness, "English");
    type_into(&mut harness, "PIN", "0000");
    click(&mut harness, "Sign in");
    assert!(matches!(harness.state().gate(), Gate::SignIn { .. }), "a wrong PIN does not open the window");
    assert!(harness.query_by_label_contains("Wrong PIN").is_some());
    type_into(&mut harness, "PIN", "1357");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().gate(), &Gate::Open, "Enter signs in");
    assert!(harness.query_by_label_contains("User: li (manager)").is_some(), "the status bar names the signed-in user");
    assert!(harness.query_by_role_and_label(Role::Button, "Order entry").is_some());
}

#[test]
fn a_new_real_shop_asks_its_owner_for_a_pin() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, false, "admin");
    harness.run_steps(3);
    assert!(matches!(harness.state().gate(), Gate::SetOwnerPin { .. }));
    type_into(&mut harness, "New PIN (4 to 12 digits)", "2468");
    type_into(&mut harness, "Repeat the PIN", "2469");
    click(&mut harness, "Set PIN");
    assert!(harness.query_by_label_contains("differ").is_some());
    type_into(&mut harness, "Repeat the PIN", "2468");
    click(&mut harness, "Set PIN");
    assert_eq!(harness.state().gate(), &Gate::Open);
    let store = Store::open(&path).expect("store");
    assert!(store.verify_pin("admin", "2468").expect("verify"), "the PIN is stored");
    assert!(!store.verify_pin("admin", "").expect("verify"), "and needed from now on");
}

#[test]
fn an_approved_order_no_longer_offers_approve() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    // An order over C1's credit limit of 100 entered by admin: li (manager) approves it.
    let number = {
        let line = kaidan::domain::order::LineInput { sku: "P1".into(), qty: dec("5"), unit_price: Some(dec("30")), ..Default::default() };
        let saved = submitted_line(&path, line);
        assert_eq!(saved.status, kaidan::domain::OrderStatus::AwaitingApproval);
        saved.number
    };
    let mut harness = window(&path, true, "li");
    harness.run_steps(2);
    harness.state_mut().open_order(&number);
    harness.run_steps(3);
    click(&mut harness, "Approve…");
    type_into(&mut harness, "Reason", "long-standing customer");
    click(&mut harness, "OK");
    let store = Store::open(&path).expect("store");
    assert_eq!(store.get_order(&number).expect("order").status, kaidan::domain::OrderStatus::Open);
    assert!(harness.query_by_role_and_label(Role::Button, "Approve…").is_none(), "nothing left to approve");
    assert!(!harness.get_by_role_and_label(Role::Button, "Confirm order").accesskit_node().is_disabled(), "and it may be confirmed");
    assert!(harness.query_by_label_contains("(approved)").is_some(), "the approved finding says so");
}

#[test]
fn a_warehouse_user_is_not_offered_order_entry() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "zhao");
    harness.run_steps(3);
    let submit = harness.get_by_role_and_label(Role::Button, "Submit order");
    assert!(submit.accesskit_node().is_disabled(), "a warehouse hand does not enter orders");
}

#[test]
fn new_order_asks_before_unsaved_typing_goes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_order(&mut harness, "C1", "P1", "2");
    click(&mut harness, "New order");
    assert!(harness.query_by_label_contains("Discard the unsaved order?").is_some(), "asked first");
    click(&mut harness, "Keep editing");
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("2"), "nothing lost");
    click(&mut harness, "New order");
    click(&mut harness, "Discard and start a new order");
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Customer").value().as_deref(), Some(""), "a fresh form");
    assert!(order_quantities(&path).is_empty(), "nothing was saved");
}

#[test]
fn customer_suggestions_follow_the_arrow_keys() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        let second = Customer { code: "C2".into(), name: "Walk-in tools".into(), phone: "13900139000".into(), ..Customer::default() };
        ops::save_customer(&mut store, &admin, &second).expect("customer");
    }
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_into(&mut harness, "Customer", "walk");
    assert!(harness.query_by_label_contains("does not exist").is_none(), "no 'unknown' while choosing");
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Customer").value().as_deref(), Some("C2"), "the second suggestion");
}

#[test]
fn a_name_of_rare_hanzi_shows_in_the_window() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        let rare = Customer {
            code: "C088".into(), name: "王喆堃犇垚镕珺商行".into(), phone: "13800138000".into(), ..Customer::default()
        };
        ops::save_customer(&mut store, &admin, &rare).expect("customer");
    }
    // kittest panics on any glyph its fonts lack: finding the name proves every character draws.
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_into(&mut harness, "Customer", "C088");
    harness.run_steps(2);
    assert!(harness.query_all_by_label_contains("王喆堃犇垚镕珺商行").next().is_some(), "the order form shows the whole name");
    click(&mut harness, "Customers");
    assert!(harness.query_all_by_label_contains("王喆堃犇垚镕珺商行").next().is_some(), "the customer list shows it");
}

#[test]
fn every_column_and_button_fits_at_1024_and_1280_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let number = confirmed_order(&path);
    // A customer card as full as a real one: a long address and a list of last orders.
    for _ in 0..6 {
        submitted_order(&path, "1");
    }
    let long = "UPDATE customers SET address = '上海市浦东新区张杨路1088号东方大厦十二层1205室' WHERE code = 'C1'";
    common::edit_outside(&path, long, long);
    for (width, height) in [(1024.0, 768.0), (1280.0, 800.0)] {
        for lang in [Lang::En, Lang::Zh] {
            let mut harness = window_sized(&path, lang, width, height);
            harness.run_steps(2);
            harness.state_mut().open_order(&number);
            harness.run_steps(4);
            let t = kaidan::i18n::ui::SKU;
            let headers = [
                t,
                kaidan::i18n::ui::PRODUCT,
                kaidan::i18n::ui::QTY,
                kaidan::i18n::ui::UNIT_PRICE,
                kaidan::i18n::ui::DISCOUNT,
                kaidan::i18n::ui::LINE_TOTAL,
                kaidan::i18n::ui::AVAILABLE,
            ];
            // The grid must not run under the customer card on the right.
            let card_left = harness.get_by_label(kaidan::i18n::ui::CUSTOMER_CARD.get(lang)).rect().min.x;
            for header in headers {
                let node = harness.get_by_label(header.get(lang));
                let rect = node.rect();
                assert!(
                    rect.max.x <= card_left && rect.min.x >= 0.0,
                    "{width}×{height} {lang:?}: column {} at {rect:?} is hidden (card from x = {card_left})",
                    header.get(lang)
                );
            }
            // Nothing of the card reaches over the form: its widest rows wrap inside it.
            for repeat in harness.query_all_by_label(kaidan::i18n::ui::REPEAT.get(lang)) {
                assert!(repeat.rect().min.x >= card_left - 0.5, "{width}×{height} {lang:?}: the card's rows reach over the grid");
            }
            let delivery = harness.get_by_role_and_label(Role::ComboBox, kaidan::i18n::ui::DELIVERY.get(lang)).rect();
            assert!(delivery.max.x <= card_left, "{width}×{height} {lang:?}: the delivery drop-down at {delivery:?} runs under the card");
            for button in harness.query_all_by_role(Role::Button) {
                let rect = button.rect();
                let label = button.accesskit_node().label().unwrap_or_default();
                assert!(
                    rect.max.x <= width + 0.5 && rect.min.x >= -0.5 && rect.max.y <= height + 0.5,
                    "{width}×{height} {lang:?}: button {label:?} at {rect:?} lies outside the window"
                );
            }
        }
    }
}

#[test]
fn long_findings_wrap_beside_the_customer_card_at_1024() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    // Short of stock and over the credit limit: the longest findings there are.
    let number = submitted_order(&path, "900").number;
    for lang in [Lang::En, Lang::Zh] {
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        harness.state_mut().open_order(&number);
        harness.run_steps(4);
        let card_left = harness.get_by_label(kaidan::i18n::ui::CUSTOMER_CARD.get(lang)).rect().min.x;
        let heading = harness.get_by_label(kaidan::i18n::ui::FINDINGS.get(lang)).rect().min.y;
        let findings: Vec<_> = harness.query_all_by_role(Role::Link).filter(|node| node.rect().min.y > heading).collect();
        assert!(findings.len() >= 2, "{lang:?}: stock and credit findings listed, got {}", findings.len());
        for node in findings {
            let rect = node.rect();
            assert!(
                rect.max.x <= card_left + 0.5,
                "{lang:?}: finding {:?} at {rect:?} runs under the customer card (from x = {card_left})",
                node.accesskit_node().label()
            );
        }
        // Nor does any text of the form (line messages under the grid included).
        for node in harness.query_all_by_role(Role::Label).filter(|node| node.rect().min.x < card_left) {
            let rect = node.rect();
            assert!(
                rect.max.x <= card_left + 0.5,
                "{lang:?}: text {:?} at {rect:?} runs under the customer card (from x = {card_left})",
                node.accesskit_node().label()
            );
        }
    }
}

#[test]
fn in_chinese_no_text_is_a_code_or_an_identifier() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let number = confirmed_order(&path);
    // An order that waits for approval (over C1's credit limit) gives findings and an exception.
    submitted_order(&path, "20");
    let mut harness = window_sized(&path, Lang::Zh, 1280.0, 800.0);
    harness.run_steps(2);
    let code = |text: &str| {
        text.split_whitespace().any(|word| word.len() > 3 && word.chars().all(|c| c.is_ascii_uppercase() || c == '_') && word.contains('_'))
    };
    let snake = |text: &str| {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|word| word.contains('_') && word.chars().all(|c| c.is_ascii_lowercase() || c == '_') && word.len() > 3)
    };
    let mut screens = vec![("订单 SO-2026-00002", "SO-2026-00002".to_string())];
    screens.push(("订单 confirmed", number.clone()));
    for (what, order) in screens {
        harness.state_mut().open_order(&order);
        harness.run_steps(4);
        for node in harness.query_all(By::new()) {
            let node = node.accesskit_node();
            for text in [node.label(), node.value()].into_iter().flatten() {
                let text: String = text;
                // The shop's own database name (the status bar) is the user's word, not a code.
                if text == kaidan::local::db_short_label(&path) {
                    continue;
                }
                assert!(!code(&text) && !snake(&text), "{what}: {text:?} is a code or identifier in the Chinese window");
            }
        }
    }
    for tab in ["异常", "库存", "客户", "发票", "报表"] {
        {
            harness.get_by_role_and_label(Role::Button, tab).click();
            harness.run_steps(4);
            for node in harness.query_all(By::new()) {
                let node = node.accesskit_node();
                for text in [node.label(), node.value()].into_iter().flatten() {
                    let text: String = text;
                    if text == kaidan::local::db_short_label(&path) {
                        continue;
                    }
                    assert!(!code(&text) && !snake(&text), "tab {tab}: {text:?} is a code or identifier in the Chinese window");
                }
            }
        }
    }
}

/// A seeded random walk through the real App, as a hurried person would use it: clicking any
/// enabled button, typing odd or ordinary text into any field, pressing Enter and Escape,
/// switching tabs. After every step: no panic, and every invariant of the books holds (ledger =
/// on hand, reservations = confirmed-unshipped, shipped ≤ ordered, invoiced ≤ shipped, paid =
/// payments − refunds, gap-free numbers). Buttons that leave the shop file or open the system's
/// file dialogs and viewers are left out.
#[test]
fn a_random_walk_never_panics_and_keeps_the_books() {
    random_walk(false, 0x5eed_2026_1204);
}

/// The same walk with the window's reads and writes on their threads, as in the real window:
/// answers and saves come frames later, clicks land on what is drawn meanwhile.
#[test]
fn a_random_walk_with_reads_and_writes_off_the_windows_thread_keeps_the_books() {
    random_walk(true, 0x5eed_2026_1205);
}

fn random_walk(off_thread: bool, mut seed: u64) {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    confirmed_order(&path);
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    if off_thread {
        let ctx = harness.ctx.clone();
        harness.state_mut().work_off_thread(&ctx);
    }
    let mut next = move |bound: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let texts = ["C1", "P1", "2", "9", "-1", "1.5", "0", "999999999999999", "abc", "王喆堃", "", "10", "2026-11-21", "Walk"];
    let mut acted = 0;
    let avoid = ["Browse", "Start my own shop", "Restore", "Print", "print", "Save as…", "Export", "中文", "Switch user", "Dark"];
    for step in 0..400 {
        let choice = next(10);
        let description = match choice {
            0..=4 => {
                let buttons: Vec<(String, egui::Rect)> = harness
                    .query_all_by_role(Role::Button)
                    .filter(|b| !b.accesskit_node().is_disabled())
                    .map(|b| (b.accesskit_node().label().unwrap_or_default(), b.rect()))
                    .filter(|(label, _)| !label.is_empty() && !avoid.iter().any(|a| label.contains(a)))
                    .collect();
                if buttons.is_empty() {
                    "no button".to_string()
                } else {
                    let (label, _) = buttons[next(buttons.len())].clone();
                    if let Some(button) = harness.query_all_by_role_and_label(Role::Button, &label).next() {
                        button.click();
                    }
                    format!("click {label:?}")
                }
            }
            5..=7 => {
                let fields: Vec<String> = harness
                    .query_all_by_role(Role::TextInput)
                    .map(|f| f.accesskit_node().label().unwrap_or_default())
                    .filter(|label| !label.is_empty())
                    .collect();
                if fields.is_empty() {
                    "no field".to_string()
                } else {
                    let label = fields[next(fields.len())].clone();
                    let text = texts[next(texts.len())];
                    if let Some(field) = harness.query_all_by_role_and_label(Role::TextInput, &label).next() {
                        field.focus();
                    }
                    harness.run_steps(1);
                    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
                    if let Some(field) = harness.query_all_by_role_and_label(Role::TextInput, &label).next() {
                        field.type_text(text);
                    }
                    format!("type {text:?} into {label:?}")
                }
            }
            8 => {
                harness.key_press(egui::Key::Enter);
                "Enter".to_string()
            }
            _ => {
                harness.key_press(egui::Key::Escape);
                "Escape".to_string()
            }
        };
        harness.run_steps(3);
        if description.starts_with("click") || description.starts_with("type") {
            acted += 1;
        }
        books(&path, &format!("walk step {step}: {description}"));
    }
    run_until(&mut harness, |harness| !harness.state().is_saving());
    assert!(!harness.state().is_saving(), "every save came back");
    books(&path, "after the walk");
    assert!(acted > 150, "the walk clicked and typed only {acted} times");
}

#[test]
fn keyboard_first_tabs_shortcut_sheet_and_forgiving_dates() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    assert!(harness.query_by_label("Keyboard shortcuts").is_some(), "F1 opens the shortcut sheet");
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    harness.run_steps(3);
    assert!(harness.query_by_role_and_label(Role::Button, "New product").is_some(), "Ctrl+3 opens the Stock tab");
    harness.key_press(egui::Key::F2);
    harness.run_steps(3);
    type_into(&mut harness, "Delivery date", "12-5");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        harness.get_by_role_and_label(Role::TextInput, "Delivery date").value().as_deref(),
        Some("2026-12-05"),
        "written out in full"
    );
    type_into(&mut harness, "Delivery date", "+3");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Delivery date").value().as_deref(), Some("2026-11-23"));
    // Or picked from the calendar beside the field.
    harness.query_all_by_role_and_label(Role::Button, "Calendar…").last().expect("the delivery calendar").click();
    harness.run_steps(3);
    harness.query_all_by_label("27").last().expect("the 27th").click();
    harness.run_steps(3);
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Delivery date").value().as_deref(), Some("2026-11-27"));
    // The order date has its own calendar (first of the two), for orders taken down on paper yesterday.
    harness.query_all_by_role_and_label(Role::Button, "Calendar…").next().expect("the order-date calendar").click();
    harness.run_steps(3);
    harness.query_all_by_label("19").last().expect("the 19th").click();
    harness.run_steps(3);
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Order date").value().as_deref(), Some("2026-11-19"));
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Delivery date").value().as_deref(), Some("2026-11-27"), "untouched");
}

#[test]
fn a_paid_invoice_is_refunded_before_it_can_be_voided() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let number = confirmed_order(&path);
    let invoice = {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        ops::ship(&mut store, &admin, &number, &[]).expect("ship");
        let issued = ops::invoice(&mut store, &admin, &number).expect("invoice");
        ops::pay(&mut store, &admin, &issued.number, dec("20"), kaidan::domain::PaymentMethod::Cash, "").expect("pay");
        issued.number
    };
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    click(&mut harness, "Invoices");
    // The tab's own view of issued invoices (the tab button and the view share a name).
    harness.query_all_by_role_and_label(Role::Button, "Invoices").last().expect("the invoices view").click();
    harness.run_steps(3);
    harness.query_all_by_label(&invoice).next().expect("the invoice row").click();
    harness.run_steps(4);
    use egui_kittest::kittest::NodeT as _;
    let void = harness.get_by_role_and_label(Role::Button, "Void…");
    assert!(void.accesskit_node().is_disabled(), "a paid invoice is not offered for voiding");
    click(&mut harness, "Refund…");
    type_into(&mut harness, "Reason", "returned in cash");
    click(&mut harness, "OK");
    let conn = common::books_of(&path);
    let (paid, refunds): (i64, i64) = conn
        .query_row("SELECT paid, (SELECT COUNT(*) FROM refunds) FROM invoices WHERE number = ?1", [&invoice], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("invoice");
    assert_eq!((paid, refunds), (0, 1), "the whole payment came back as one refund");
    books(&path, "after a refund in the window");
}

#[test]
fn delivery_and_return_from_the_window_credit_note_and_never_more_than_shipped() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let number = confirmed_order(&path);
    {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        ops::ship(&mut store, &admin, &number, &[]).expect("ship");
        ops::invoice(&mut store, &admin, &number).expect("invoice");
    }
    let on_hand = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT on_hand FROM products WHERE sku = 'P1'", [], |row| row.get(0)).expect("P1")
    };
    // The books, without the window's own traces (the autosaved draft, the user's last sign-in).
    let books_dump = |conn: &rusqlite::Connection| -> Vec<String> {
        common::dump(conn).into_iter().filter(|row| !row.starts_with("drafts:") && !row.starts_with("users:")).collect()
    };
    let stock_before = {
        let conn = common::books_of(&path);
        on_hand(&conn)
    };
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    harness.state_mut().open_order(&number);
    harness.run_steps(4);
    // The customer signed for the goods.
    type_into(&mut harness, "Received by", "Ms Wang");
    click(&mut harness, "Record delivery");
    harness.run_steps(3);
    {
        let conn = common::books_of(&path);
        let (on, by): (Option<String>, String) =
            conn.query_row("SELECT delivered_on, received_by FROM shipments", [], |row| Ok((row.get(0)?, row.get(1)?))).expect("shipment");
        assert_eq!((on.as_deref(), by.as_str()), (Some("2026-11-20"), "Ms Wang"), "delivery recorded with who signed");
        assert!(harness.query_by_label("Record delivery").is_none(), "a delivered shipment is not offered again");
    }
    let before = {
        let conn = common::books_of(&path);
        books_dump(&conn)
    };
    click(&mut harness, "Return goods…");
    // Two shipped; five back is refused and writes nothing.
    type_into(&mut harness, "Qty back 1", "5");
    type_into(&mut harness, "Reason", "damaged in transit");
    click(&mut harness, "Record return");
    harness.run_steps(3);
    {
        let conn = common::books_of(&path);
        assert!(books_dump(&conn) == before, "a refused return changes nothing");
    }
    assert!(harness.query_by_label_contains("P1: 5 cannot come back; at most 2").is_some(), "the refusal says how many may come back");
    click(&mut harness, "Return goods…");
    type_into(&mut harness, "Qty back 1", "1");
    type_into(&mut harness, "Reason", "damaged in transit");
    click(&mut harness, "Record return");
    harness.run_steps(3);
    let conn = common::books_of(&path);
    let (returns, notes): (i64, i64) = conn
        .query_row("SELECT (SELECT COUNT(*) FROM returns), (SELECT COUNT(*) FROM credit_notes)", [], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("counts");
    assert_eq!((returns, notes), (1, 1), "one return, credited because the goods were invoiced");
    assert!(on_hand(&conn) > stock_before, "the returned box is back on the shelf");
    books(&path, "after a return in the window");
}

#[test]
fn order_and_dispatch_slips_are_printed_from_the_order_form() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let number = confirmed_order(&path);
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    harness.state_mut().open_order(&number);
    harness.run_steps(4);
    let order_pdf = dir.path().join("order.pdf");
    let dispatch_pdf = dir.path().join("dispatch.pdf");
    click(&mut harness, "Order slip…");
    type_into(&mut harness, "File", &order_pdf.display().to_string());
    click(&mut harness, "Print");
    harness.run_steps(4);
    // The second time the file is there already: the button says it will be replaced.
    for button in ["Print", "Replace and print"] {
        click(&mut harness, "Dispatch slip…");
        type_into(&mut harness, "File", &dispatch_pdf.display().to_string());
        click(&mut harness, button);
        harness.run_steps(4);
    }
    for pdf in [&order_pdf, &dispatch_pdf] {
        let bytes = std::fs::read(pdf).unwrap_or_else(|e| panic!("{} written: {e}", pdf.display()));
        assert!(bytes.starts_with(b"%PDF"), "{} is a PDF", pdf.display());
    }
    let conn = common::books_of(&path);
    let printed = |detail: &str| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM order_events WHERE kind = 'printed' AND detail LIKE ?1", [format!("{detail}%")], |row| {
            row.get(0)
        })
        .expect("count")
    };
    assert_eq!(printed("order"), 1, "one order slip recorded");
    assert_eq!(printed("dispatch"), 2, "two dispatch slips recorded (the second is a copy)");
    books(&path, "after printing from the window");
}

#[test]
fn an_unpaid_invoice_is_voided_from_the_window_and_its_goods_can_be_invoiced_again() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness, number, invoice) = window_on_an_unpaid_invoice(dir.path());
    click(&mut harness, "Void…");
    type_into(&mut harness, "Reason", "wrong unit price");
    click(&mut harness, "OK");
    harness.run_steps(3);
    let conn = common::books_of(&path);
    let (void, reason): (i64, String) = conn
        .query_row("SELECT void, void_reason FROM invoices WHERE number = ?1", [&invoice], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("invoice");
    assert_eq!((void, reason.as_str()), (1, "wrong unit price"), "voided with its reason, never deleted");
    // The invoice says when and why, from the day the window works on.
    harness.run_steps(3);
    let said = format!("Voided on {}: wrong unit price", today());
    assert!(harness.query_by_label(&said).is_some(), "the invoice shows {said}");
    let store = Store::open(&path).expect("store");
    let order = store.get_order(&number).expect("order");
    assert!(order.lines.iter().all(|line| line.invoiced_qty.is_zero()), "its goods are open for invoicing again");
    books(&path, "after a void in the window");
}

#[test]
fn a_big_import_runs_in_the_background_with_progress() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let file = dir.path().join("many.csv");
    let mut csv = String::from("sku,name,price,stock\n");
    for i in 0..3000 {
        csv.push_str(&format!("B{i:05},Bolt {i},1.50,10\n"));
    }
    std::fs::write(&file, csv).expect("write");
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    click(&mut harness, "Stock");
    click(&mut harness, "Import…");
    type_into(&mut harness, "File", file.to_str().expect("utf8"));
    click(&mut harness, "Preview");
    harness.get_by_role_and_label(Role::Button, "Import").click();
    harness.run_steps(2);
    let mut waited = 0;
    // A server database takes longer (it keeps a copy of what it replaces, then loads the file).
    while harness.state().job_running() && waited < 1500 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
        waited += 1;
    }
    assert!(!harness.state().job_running(), "the import finished");
    harness.run_steps(2);
    let conn = common::books_of(&path);
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM products WHERE sku LIKE 'B%'", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 3000);
    assert!(harness.query_by_label_contains("3000 new").is_some(), "the outcome is told");
    books(&path, "after a background import");
}

#[test]
fn an_order_is_shipped_invoiced_and_paid_from_the_window() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness) = window_on_a_confirmed_order(dir.path());
    click(&mut harness, "Ship…");
    click(&mut harness, "Record shipment");
    assert_eq!(one(&path, "SELECT SUM(shipped_qty) FROM order_lines"), 2_000, "both units left");
    assert_eq!(one(&path, "SELECT reserved FROM products WHERE sku = 'P1'"), 0);
    harness.run_steps(2);
    click(&mut harness, "Issue invoice");
    assert_eq!(one(&path, "SELECT COUNT(*) FROM invoices"), 1);
    click(&mut harness, "Invoices");
    harness.query_all_by_role_and_label(Role::Button, "Invoices").last().expect("the invoices view").click();
    harness.run_steps(3);
    // Tick the invoice in the list and pay the ticked ones, as the bookkeeper does.
    harness.get_by_role_and_label(Role::CheckBox, "INV-2026-00001").click();
    harness.run_steps(3);
    click(&mut harness, "Pay ticked invoices (1)…");
    type_into(&mut harness, "Amount", "25");
    use egui_kittest::kittest::NodeT as _;
    assert!(
        harness.get_by_role_and_label(Role::Button, "Record payment").accesskit_node().is_disabled(),
        "more than the 20.00 open is not offered"
    );
    type_into(&mut harness, "Amount", "20");
    click(&mut harness, "Record payment");
    assert_eq!(one(&path, "SELECT paid FROM invoices"), 200_000);
    assert_eq!(one(&path, "SELECT status = 'paid' FROM orders"), 1);
    books(&path, "after shipping, invoicing and paying in the window");
}

#[test]
fn in_chinese_at_1024_an_order_is_shipped_invoiced_and_paid() {
    use kaidan::i18n::{ui, ui_finance};
    let lang = Lang::Zh;
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let number = confirmed_order(&path);
    let mut harness = window_sized(&path, lang, 1024.0, 768.0);
    harness.run_steps(2);
    harness.state_mut().open_order(&number);
    harness.run_steps(4);
    click(&mut harness, ui::SHIP.get(lang));
    click(&mut harness, ui::SHIP_NOW.get(lang));
    assert_eq!(one(&path, "SELECT SUM(shipped_qty) FROM order_lines"), 2_000, "发货两件");
    harness.run_steps(2);
    click(&mut harness, ui::ISSUE_INVOICE.get(lang));
    assert_eq!(one(&path, "SELECT COUNT(*) FROM invoices"), 1);
    click(&mut harness, ui::TAB_INVOICES.get(lang));
    harness.query_all_by_role_and_label(Role::Button, ui_finance::VIEW_INVOICES.get(lang)).last().expect("发票列表").click();
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::CheckBox, "INV-2026-00001").click();
    harness.run_steps(3);
    click(&mut harness, &ui_finance::PAY_SELECTED.fill(lang, &[("count", &1)]));
    type_into(&mut harness, ui_finance::AMOUNT.get(lang), "20");
    click(&mut harness, ui_finance::RECORD.get(lang));
    assert_eq!(one(&path, "SELECT paid FROM invoices"), 200_000);
    assert_eq!(one(&path, "SELECT status = 'paid' FROM orders"), 1);
    books(&path, "after shipping, invoicing and paying in the Chinese window at 1024×768");
}

#[test]
fn an_order_is_cancelled_and_stock_received_from_the_window() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness) = window_on_a_confirmed_order(dir.path());
    click(&mut harness, "Cancel order…");
    type_into(&mut harness, "Reason", "customer called");
    click(&mut harness, "OK");
    assert_eq!(one(&path, "SELECT status = 'cancelled' FROM orders"), 1);
    assert_eq!(one(&path, "SELECT reserved FROM products WHERE sku = 'P1'"), 0, "the reservation went back");
    click(&mut harness, "Stock");
    harness.query_all_by_label("P1").next().expect("the product row").click();
    harness.run_steps(3);
    click(&mut harness, "Receive…");
    type_into(&mut harness, "Quantity", "7");
    click(&mut harness, "OK");
    assert_eq!(one(&path, "SELECT on_hand FROM products WHERE sku = 'P1'"), 12_000, "5 + 7 on hand");
    books(&path, "after cancelling and receiving in the window");
}

#[test]
fn a_backup_is_restored_from_the_window_in_the_background() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let copy = dir.path().join("copy.sqlite3");
    Store::open(&path).expect("store").backup_to(&copy).expect("backup");
    confirmed_order(&path);
    assert_eq!(one(&path, "SELECT COUNT(*) FROM orders"), 1);
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    click(&mut harness, "Menu");
    click(&mut harness, "Restore a backup…");
    type_into(&mut harness, "File", copy.to_str().expect("utf8"));
    click(&mut harness, "OK");
    let mut waited = 0;
    // A server database takes longer (it keeps a copy of what it replaces, then loads the file).
    while harness.state().job_running() && waited < 1500 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
        waited += 1;
    }
    harness.run_steps(3);
    assert!(!harness.state().job_running());
    assert_eq!(one(&path, "SELECT COUNT(*) FROM orders"), 0, "the shop is back to the backup");
    assert!(harness.query_by_label_contains("Restored from").is_some(), "the outcome is told");
    // The window works on the restored file again.
    click(&mut harness, "Stock");
    assert!(harness.query_all_by_label("P1").next().is_some());
}

#[test]
fn users_customers_and_stock_are_managed_from_the_window() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    // Menu → Users…: a new clerk with a PIN.
    click(&mut harness, "Menu");
    click(&mut harness, "Users…");
    type_into(&mut harness, "New user", "wang");
    harness.get_by_label("Role").click();
    harness.run_steps(2);
    harness.query_all_by_label("clerk").last().expect("the clerk role").click();
    harness.run_steps(2);
    type_into(&mut harness, "PIN (optional)", "4321");
    click(&mut harness, "Add");
    let store = Store::open(&path).expect("store");
    assert_eq!(store.get_user("wang").expect("user").map(|user| user.role), Some(kaidan::domain::Role::Clerk));
    assert!(store.verify_pin("wang", "4321").expect("pin"));
    drop(store);
    // Customers: block C1 with a reason.
    click(&mut harness, "Customers");
    harness.query_all_by_label("Walk-in hardware").next().expect("the customer row").click();
    harness.run_steps(3);
    click(&mut harness, "Block…");
    type_into(&mut harness, "Reason", "unpaid since June");
    click(&mut harness, "OK");
    assert_eq!(one(&path, "SELECT blocked FROM customers WHERE code = 'C1'"), 1);
    // Stock: adjust P1 down by one with a reason.
    click(&mut harness, "Stock");
    harness.query_all_by_label("P1").next().expect("the product row").click();
    harness.run_steps(3);
    click(&mut harness, "Adjust…");
    type_into(&mut harness, "Quantity", "-1");
    type_into(&mut harness, "Reason (required)", "broken in the shop");
    harness.run_steps(2);
    click(&mut harness, "OK");
    assert_eq!(one(&path, "SELECT on_hand FROM products WHERE sku = 'P1'"), 4_000, "5 − 1");
    assert_eq!(one(&path, "SELECT COUNT(*) FROM audit_log WHERE entity = 'stock'"), 1, "the adjustment is in the audit log");
    books(&path, "after managing users, customers and stock in the window");
}

#[test]
fn waiving_an_orders_block_in_the_inbox_approves_the_order() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    // 11 × 10.00 = 110.00 over C1's credit limit of 100 (and more than the 5 in stock).
    let number = submitted_order(&path, "11").number;
    let waiting = kaidan::domain::OrderStatus::AwaitingRestock;
    // li, a manager who did not enter the order, waives its credit block from the inbox.
    let mut harness = open_window(&path, true, "li", Lang::En, [1280.0, 800.0]);
    harness.run_steps(2);
    click(&mut harness, "Exceptions");
    click_row(&mut harness, "Over credit limit");
    click(&mut harness, "Waive…");
    type_into(&mut harness, "Reason", "pays cash on delivery");
    click(&mut harness, "OK");
    let store = Store::open(&path).expect("store");
    assert_eq!(store.get_order(&number).expect("order").status, waiting, "the waiver approved the order (it now waits for stock only)");
    assert_eq!(store.list_approvals(store.get_order(&number).expect("order").id).expect("approvals").len(), 1);
    drop(store);
    // The inbox and the order agree: a scan does not reopen it.
    {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        ops::recheck_pending_orders(&mut store, &admin).expect("recheck");
        assert_eq!(store.get_order(&number).expect("order").status, waiting);
        let open = one(&path, "SELECT COUNT(*) FROM exceptions WHERE code = 'CREDIT_LIMIT_EXCEEDED' AND status IN ('open', 'in_progress')");
        assert_eq!(open, 0, "not reopened");
    }
    books(&path, "after a waiver in the inbox");
}

#[test]
fn every_tab_of_the_list_opens_by_click_and_by_both_keys() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    for lang in [Lang::En, Lang::Zh] {
        let mut harness = open_window(&path, true, "admin", lang, [1024.0, 768.0]);
        harness.run_steps(2);
        for entry in kaidan::ui::TABS.iter().rev() {
            harness.key_press(entry.function);
            harness.run_steps(2);
            assert_eq!(harness.state().tab(), entry.tab, "{} opens {:?}", entry.function.name(), entry.tab);
        }
        for entry in &kaidan::ui::TABS {
            harness.key_press_modifiers(egui::Modifiers::COMMAND, entry.digit);
            harness.run_steps(2);
            assert_eq!(harness.state().tab(), entry.tab, "Ctrl+{} opens {:?}", entry.digit.name(), entry.tab);
        }
        for entry in kaidan::ui::TABS.iter().rev() {
            harness.get_by_role_and_label(Role::Button, entry.title.get(lang)).click();
            harness.run_steps(3);
            assert_eq!(harness.state().tab(), entry.tab, "the {:?} title opens it in {lang:?}", entry.tab);
        }
        // The shortcut sheet lists the tab keys from the same list.
        harness.key_press(egui::Key::F1);
        harness.run_steps(2);
        let (first, last) = (&kaidan::ui::TABS[0], &kaidan::ui::TABS[kaidan::ui::TABS.len() - 1]);
        let keys = format!("Ctrl+{}…{}, {}…{}", first.digit.name(), last.digit.name(), first.function.name(), last.function.name());
        assert!(harness.query_by_label(&keys).is_some(), "the sheet shows {keys}");
    }
    common::check_books(&common::books_of(&path), "after walking the tabs");
}

#[test]
fn the_typing_is_kept_across_a_restart_and_a_failed_keep_is_said() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_order(&mut harness, "C1", "P1", "3");
    harness.run_steps(2);
    drop(harness);
    assert_eq!(one(&path, "SELECT COUNT(*) FROM drafts WHERE user_name = 'admin'"), 1, "the typing is kept as it is typed");
    let mut harness = window(&path, true, "admin");
    harness.run_steps(3);
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Customer").value().as_deref(), Some("C1"), "after a restart");
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "SKU 1").value().as_deref(), Some("P1"));
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("3"));
    drop(harness);
    // A draft that cannot be written (here a full disk, played by a trigger) is said in the
    // status bar, and the typing goes on.
    common::edit_outside(
        &path,
        "CREATE TRIGGER full_disk BEFORE UPDATE ON drafts BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'database or disk is full'; END $$;
         CREATE TRIGGER full_disk BEFORE UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION full_disk();",
    );
    let mut harness = window(&path, true, "admin");
    harness.run_steps(3);
    type_into(&mut harness, "Qty 1", "4");
    harness.run_steps(2);
    assert!(
        harness.query_by_label_contains("The order draft could not be kept").is_some(),
        "a draft that was not kept is said, not dropped"
    );
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("4"), "the typing stays");
    books(&path, "after the drafts");
}

#[test]
fn a_failed_read_in_the_order_form_is_said() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    type_into(&mut harness, "Customer", "C1");
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("Could not load").is_none(), "nothing to say yet");
    // Another program takes the products table away under the window.
    common::edit_outside(&path, "ALTER TABLE products RENAME TO products_gone", "ALTER TABLE products RENAME TO products_gone");
    type_into(&mut harness, "SKU 1", "P1");
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Could not load").is_some(), "the failed read is said, not an empty suggestion list");
}

#[test]
fn live_checks_run_off_the_windows_thread_and_the_newest_typing_wins() {
    // The real window checks on a thread of its own (typing never waits for the database, which
    // on a server is a round trip per read); the findings follow the newest typing.
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    harness.state_mut().check_off_thread(&ctx);
    type_order(&mut harness, "C1", "P1", "20");
    run_until(&mut harness, |harness| harness.query_by_label_contains("Over credit limit").is_some());
    assert!(harness.query_by_label_contains("Over credit limit").is_some(), "20 × 10.00 is over C1's limit of 100");
    // Typing on: the answers to the earlier quantities are dropped, the newest one stays.
    for qty in ["2", "3", "1"] {
        type_into(&mut harness, "Qty 1", qty);
    }
    run_until(&mut harness, |harness| {
        harness.query_by_label_contains("Checking…").is_none() && harness.query_by_label_contains("No problems found.").is_some()
    });
    assert!(harness.query_by_label_contains("Over credit limit").is_none(), "1 × 10.00 is within the limit");
    assert!(harness.query_by_label_contains("No problems found.").is_some());
    // And what it saves is what was checked last.
    click(&mut harness, "Submit order");
    run_until(&mut harness, |harness| harness.query_all_by_label_contains("SO-2026-00001").next().is_some());
    assert_eq!(order_quantities(&path), vec![("SO-2026-00001".to_string(), 1000)]);
}

#[test]
fn a_busy_shop_is_a_wait_with_a_message_never_a_frozen_window() {
    // Another counter holds the shop's write lock (a long import, a slow server): the window
    // sends its save to its writing thread and goes on drawing and taking typing; it says it
    // is saving, a second press does not save twice, and what was typed meanwhile stays.
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness) = typing_an_order_off_the_windows_thread(dir.path());

    let (release, holder) = hold_the_write_lock(&path);

    click(&mut harness, "Submit order");
    let started = std::time::Instant::now();
    harness.run_steps(4);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "frames do not wait for the busy shop");
    assert!(harness.query_by_label_contains("Saving…").is_some(), "the wait is said");
    assert!(harness.state().is_saving());
    assert!(
        harness.get_by_role_and_label(Role::Button, "Submit order").accesskit_node().is_disabled(),
        "a second press cannot save the order twice"
    );
    harness.get_by_role_and_label(Role::Button, "Submit order").click();
    harness.run_steps(2);
    // The clerk types on meanwhile: nothing of it is lost.
    type_into(&mut harness, "Qty 1", "3");
    harness.run_steps(2);
    assert_eq!(order_quantities(&path), vec![], "nothing saved while the lock is held");

    release.send(()).expect("release the lock");
    holder.join().expect("holder");
    run_until(&mut harness, |harness| {
        !harness.state().is_saving() && harness.query_all_by_label_contains("SO-2026-00001").next().is_some()
    });
    assert_eq!(order_quantities(&path), vec![("SO-2026-00001".to_string(), 2000)], "one order, as it was sent");
    assert!(harness.query_by_label_contains("Saving…").is_none());
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("3"), "the typing stays");
    // It is the saved order's unsaved change now: "Save changes" saves it.
    click(&mut harness, "Save changes");
    run_until(&mut harness, |harness| !harness.state().is_saving() && order_quantities(&path) == vec![("SO-2026-00001".to_string(), 3000)]);
    assert_eq!(order_quantities(&path), vec![("SO-2026-00001".to_string(), 3000)], "the change saved onto the same order");
    books(&path, "after the busy save");
}

#[test]
fn every_tab_reads_off_the_windows_thread() {
    // The real window reads for its tabs on a thread of its own: each tab says it is loading,
    // then shows what it read; a card opened shows its own record's figures.
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    submitted_order(&path, "2");
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    harness.state_mut().work_off_thread(&ctx);
    harness.state_mut().set_tab(kaidan::ui::Tab::Customers);
    run_until(&mut harness, |harness| {
        harness.query_by_label_contains("Loading…").is_none() && harness.query_all_by_label_contains("C1").next().is_some()
    });
    click_row(&mut harness, "C1");
    run_until(&mut harness, |harness| harness.query_by_label("Open orders not yet invoiced").is_some());
    assert!(harness.query_by_label("Open orders not yet invoiced").is_some(), "the card's account came");
    click(&mut harness, "Orders");
    run_until(&mut harness, |harness| harness.query_all_by_label_contains("SO-2026-00001").next().is_some());
    assert!(harness.query_all_by_label_contains("SO-2026-00001").next().is_some(), "the card's orders came");
    harness.state_mut().set_tab(kaidan::ui::Tab::Stock);
    run_until(&mut harness, |harness| harness.query_all_by_label_contains("P1").next().is_some());
    assert!(harness.query_all_by_label_contains("P1").next().is_some(), "the products came");
    harness.state_mut().set_tab(kaidan::ui::Tab::Reports);
    run_until(&mut harness, |harness| harness.query_by_label_contains("Loading…").is_none());
    harness.state_mut().set_tab(kaidan::ui::Tab::Invoices);
    run_until(&mut harness, |harness| harness.query_by_label_contains("Loading…").is_none());
    harness.state_mut().set_tab(kaidan::ui::Tab::OrderEntry);
    run_until(&mut harness, |harness| harness.query_by_label_contains("Loading…").is_none());
    assert!(harness.query_by_label_contains("Loading…").is_none(), "every read came back");
    assert_eq!(harness.state().store().count_open_exceptions().expect("count"), 0);
}

#[test]
fn the_line_being_typed_shows_what_the_customer_paid_last_time() {
    let dir = tempfile::tempdir().expect("dir");
    let path = shop(dir.path());
    let earlier = submitted_order(&path, "2").number;
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    type_order(&mut harness, "C1", "P1", "3");
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("What C1 paid for P1").is_some(), "shown beside the line being typed");
    assert!(harness.query_by_label_contains("2026-11-20  × 2  10.00").is_some(), "when, how many, at what price");
    assert!(harness.query_by_label_contains("Last sold to anyone: 10.00 net").is_some());
    // A dearer price than last time is said while it is typed.
    type_into(&mut harness, "Unit price 1", "11");
    harness.run_steps(3);
    let above = format!("above the 10.00 C1 paid on {earlier}");
    assert!(harness.query_all_by_label_contains(&above).next().is_some(), "PRICE_ABOVE_LAST as a finding");
    // In Chinese too.
    harness.get_by_role_and_label(Role::Button, "中文").click();
    harness.run_steps(4);
    assert!(harness.query_by_label_contains("C1 购买 P1 的历史价格").is_some());
    assert!(harness.query_all_by_label_contains("高于 C1 上次的成交价").next().is_some());
}

#[test]
fn a_save_that_comes_back_after_the_next_order_was_started_leaves_that_order_alone() {
    // On a busy shop the clerk submits, starts the next order at once and types it; when the
    // first save comes back, the form stays on the new order (it must not become an edit of
    // the saved one), and saving it makes a second order.
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness) = typing_an_order_off_the_windows_thread(dir.path());
    let (release, holder) = hold_the_write_lock(&path);
    click(&mut harness, "Submit order");
    harness.run_steps(2);
    click(&mut harness, "New order");
    // The unsaved typing of the order on its way is asked about first.
    run_until(&mut harness, |harness| harness.query_by_label_contains("Discard the unsaved order?").is_some());
    click(&mut harness, "Discard and start a new order");
    run_until(&mut harness, |harness| harness.get_by_role_and_label(Role::TextInput, "Customer").value().as_deref() == Some(""));
    type_order(&mut harness, "C1", "P1", "5");
    release.send(()).expect("release the lock");
    holder.join().expect("holder");
    run_until(&mut harness, |harness| !harness.state().is_saving());
    assert_eq!(order_quantities(&path), vec![("SO-2026-00001".to_string(), 2000)], "the first order, as sent");
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("5"), "the new order's typing");
    assert_eq!(harness.query_all_by_label("New order").count(), 2, "the heading still says New order (beside the button)");
    assert!(harness.query_by_label("Submit order").is_some(), "offered as a new order's submit, not Save changes");
    run_until(&mut harness, |harness| !harness.get_by_role_and_label(Role::Button, "Submit order").accesskit_node().is_disabled());
    click(&mut harness, "Submit order");
    run_until(&mut harness, |harness| !harness.state().is_saving() && order_quantities(&path).len() == 2);
    assert_eq!(
        order_quantities(&path),
        vec![("SO-2026-00001".to_string(), 2000), ("SO-2026-00002".to_string(), 5000)],
        "two orders, the first unchanged (said: {:?})",
        harness.state().notice()
    );
    books(&path, "after the overlapping saves");
}

/// A window working off its thread as the real one does, with an order of 2 × P1 for C1 typed
/// and checked (not saved).
fn typing_an_order_off_the_windows_thread(dir: &std::path::Path) -> (std::path::PathBuf, egui_kittest::Harness<'static, kaidan::app::App>) {
    let path = shop(dir);
    let mut harness = window(&path, true, "admin");
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    harness.state_mut().work_off_thread(&ctx);
    type_order(&mut harness, "C1", "P1", "2");
    run_until(&mut harness, |harness| harness.query_by_label_contains("No problems found.").is_some());
    (path, harness)
}
