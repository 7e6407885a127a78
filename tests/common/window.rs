//! The window driven through the real App (egui_kittest, headless) for the window tests: a small
//! real shop, a window on it, and hands that type, click and pick rows as a person does.

use super::seed_shop;
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, AppOptions};
use kaidan::i18n::Lang;
use kaidan::ops;
use kaidan::store::Store;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

pub fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// A small real shop: customer C1 (credit limit 100), product P1 with 5 on hand at 10.00.
pub fn shop(dir: &Path) -> PathBuf {
    let path = super::shop_db(dir);
    seed_shop(&path, today(), Some("100"), &[("P1", "Hinge", "10", "5")]);
    let mut store = Store::open(&path).expect("store");
    let admin = admin(&store);
    ops::add_user(&mut store, &admin, "li", kaidan::domain::Role::Manager, "").expect("manager");
    ops::add_user(&mut store, &admin, "zhao", kaidan::domain::Role::Warehouse, "").expect("warehouse");
    path
}

/// The owner's acting context on `store`.
pub fn admin(store: &Store) -> ops::Ctx {
    ops::ctx_for(store, "admin", today(), "2026-11-20T09:00:00".into(), Lang::En).expect("admin")
}

pub fn window(path: &Path, is_demo: bool, user: &str) -> Harness<'static, App> {
    open_window(path, is_demo, user, Lang::En, [1024.0, 768.0])
}

pub fn open_window(path: &Path, is_demo: bool, user: &str, lang: Lang, size: [f32; 2]) -> Harness<'static, App> {
    let options = AppOptions {
        db_path: path.to_path_buf(),
        is_demo,
        today: Some(today()),
        user: Some(user.into()),
        lang: Some(lang),
        background_scans: false,
        check_in_background: false,
    };
    Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .with_max_steps(12)
        .with_context_setup(kaidan::app::install_fonts)
        .build_eframe(move |cc| App::new(cc, options).expect("app opens"))
}

/// Type an order of `qty` × `sku` for `customer` into the form, as a clerk does.
pub fn type_order(harness: &mut Harness<'static, App>, customer: &str, sku: &str, qty: &str) {
    type_into(harness, "Customer", customer);
    type_into(harness, "SKU 1", sku);
    type_into(harness, "Qty 1", qty);
}

/// The text field labelled `label`: single-line, password or multi-line.
pub fn field_role(harness: &Harness<'static, App>, label: &str) -> Role {
    [Role::TextInput, Role::PasswordInput, Role::MultilineTextInput]
        .into_iter()
        .find(|role| harness.query_by_role_and_label(*role, label).is_some())
        .unwrap_or_else(|| panic!("no text field labelled {label:?}"))
}

pub fn type_into(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    let role = field_role(harness, label);
    harness.get_by_role_and_label(role, label).focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(1);
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run_steps(2);
}

pub fn click(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.run_steps(3);
}

pub fn order_quantities(path: &Path) -> Vec<(String, i64)> {
    let conn = super::books_of(path);
    super::rows(&conn, "SELECT o.number, l.qty FROM orders o JOIN order_lines l ON l.order_id = o.id ORDER BY o.id", |row| {
        Ok((row.get(0)?, row.get(1)?))
    })
}

pub fn books(path: &Path, context: &str) {
    super::check_books(&super::books_of(path), context);
}

/// A window of `width`×`height` in `lang`, as admin, on a shop that needs no sign-in.
pub fn window_sized(path: &Path, lang: Lang, width: f32, height: f32) -> Harness<'static, App> {
    open_window(path, true, "admin", lang, [width, height])
}

/// C1 orders `qty` of P1 at the list price, submitted by the owner; the saved order.
pub fn submitted_order(path: &Path, qty: &str) -> ops::Saved {
    submitted_line(path, kaidan::domain::order::LineInput { sku: "P1".into(), qty: dec(qty), ..Default::default() })
}

/// C1 orders one `line`, submitted by the owner; the saved order.
pub fn submitted_line(path: &Path, line: kaidan::domain::order::LineInput) -> ops::Saved {
    let mut store = Store::open(path).expect("store");
    let admin = admin(&store);
    let input = kaidan::domain::order::OrderInput { customer: "C1".into(), lines: vec![line], ..Default::default() };
    ops::submit_order(&mut store, &admin, &input).expect("submit")
}

/// Run the window until `done` holds (work in the background), at most about twenty seconds.
pub fn run_until(harness: &mut Harness<'static, App>, mut done: impl FnMut(&Harness<'static, App>) -> bool) {
    for _ in 0..400 {
        harness.run_steps(2);
        if done(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

pub fn confirmed_order(path: &Path) -> String {
    let number = submitted_order(path, "2").number;
    let mut store = Store::open(path).expect("store");
    let admin = admin(&store);
    ops::confirm(&mut store, &admin, &number).expect("confirm");
    number
}

/// The shop with a confirmed order of 2 × P1, shown in a 1280×800 window.
pub fn window_on_a_confirmed_order(dir: &Path) -> (PathBuf, Harness<'static, App>) {
    let path = shop(dir);
    let number = confirmed_order(&path);
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    harness.state_mut().open_order(&number);
    harness.run_steps(4);
    (path, harness)
}

pub fn one(path: &Path, sql: &str) -> i64 {
    super::books_of(path).query_row(sql, [], |row| row.get(0)).expect(sql)
}

/// Click a row of a table like a mouse does (rows react to the pointer, not to accesskit).
pub fn click_row(harness: &mut Harness<'static, App>, label: &str) {
    let centre = harness.query_all_by_label(label).next().unwrap_or_else(|| panic!("a row {label:?}")).rect().center();
    harness.event(egui::Event::PointerMoved(centre));
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run_steps(1);
    }
    harness.run_steps(2);
}

/// A confirmed order of 2 × P1, shipped and invoiced by the owner, the invoice opened from the
/// Invoices tab as a bookkeeper does (a click on its row's order number; the invoice number of
/// an unpaid invoice is its tick box): (file, window, order number, invoice number).
pub fn window_on_an_unpaid_invoice(dir: &Path) -> (PathBuf, Harness<'static, App>, String, String) {
    let path = shop(dir);
    let number = confirmed_order(&path);
    let invoice = {
        let mut store = Store::open(&path).expect("store");
        let admin = admin(&store);
        ops::ship(&mut store, &admin, &number, &[]).expect("ship");
        ops::invoice(&mut store, &admin, &number).expect("invoice").number
    };
    let mut harness = window_sized(&path, Lang::En, 1280.0, 800.0);
    harness.run_steps(2);
    click(&mut harness, "Invoices");
    harness.query_all_by_role_and_label(Role::Button, "Invoices").last().expect("the invoices view").click();
    harness.run_steps(3);
    let row_y = harness.get_by_label(&invoice).rect().center().y;
    harness
        .query_all_by_label(&number)
        .find(|node| (node.rect().center().y - row_y).abs() < 2.0)
        .expect("the invoice row's order number")
        .click();
    harness.run_steps(4);
    (path, harness, number, invoice)
}

/// Make `dir` this process's home and `dir/data` its per-user data folder (where kaidan keeps
/// the real shop and the remembered shop location); returns the data folder. For a test binary
/// with a single test, called first thing.
pub fn own_data_folder(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    // SAFETY: called by the only test of its binary before that test starts any thread of its
    // own; nothing else in the process reads the environment meanwhile.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("XDG_DATA_HOME", &data);
        std::env::set_var("HOME", dir);
    }
    data
}

/// Another counter takes the shop's write lock (a long import, a slow server) and holds it
/// until the returned sender is dropped or sent to; join the handle afterwards.
pub fn hold_the_write_lock(path: &Path) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let (held, is_held) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder_path = path.to_path_buf();
    let holder = std::thread::spawn(move || {
        let store = Store::open(&holder_path).expect("the other counter");
        let lock = store.hold_write_lock().expect("take the write lock");
        held.send(()).expect("say it is held");
        let _ = released.recv();
        drop(lock);
    });
    is_held.recv().expect("the lock is held");
    (release, holder)
}
