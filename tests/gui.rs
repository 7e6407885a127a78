//! The real App in a headless egui_kittest harness on a temporary demo database: every tab
//! opens and lists rows, the language switches at runtime and Chinese renders, and a bad order
//! typed into the order form shows its finding live, which goes away once fixed.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, AppOptions};
use kaidan::store::Store;

fn demo_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("demo.sqlite3");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    kaidan::app::prepare_demo(&path, today).expect("demo");
    path
}

fn harness(path: std::path::PathBuf, lang: kaidan::i18n::Lang) -> Harness<'static, App> {
    let options = AppOptions {
        db_path: path,
        is_demo: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        user: Some("admin".into()),
        lang: Some(lang),
        background_scans: false,
        check_in_background: false,
    };
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .with_max_steps(12)
        .with_context_setup(kaidan::app::install_fonts)
        .build_eframe(move |cc| App::new(cc, options).expect("app opens"))
}

#[test]
fn every_tab_opens_and_language_switches() {
    let dir = tempfile::tempdir().expect("dir");
    let path = demo_db(&dir);
    let mut harness = harness(path, kaidan::i18n::Lang::En);
    harness.run_steps(3);
    for title in ["Exceptions", "Stock", "Customers", "Invoices", "Reports", "Order entry"] {
        harness.get_by_role_and_label(Role::Button, title).click();
        harness.run_steps(3);
    }
    // Switch to Chinese at runtime: the tab bar speaks Chinese and CJK glyphs render.
    harness.get_by_role_and_label(Role::Button, "中文").click();
    harness.run_steps(3);
    assert_eq!(harness.state().lang(), kaidan::i18n::Lang::Zh);
    assert!(harness.query_by_label("开单").is_some() || harness.query_by_label_contains("开单").is_some());
    harness.get_by_role_and_label(Role::Button, "客户").click();
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("张三五金店").is_some(), "the customers tab lists C001");
    let store = Store::open(&dir.path().join("demo.sqlite3")).expect("store");
    assert_eq!(store.get_setting("ui.lang").expect("setting"), "zh", "the language is remembered");
}

#[test]
fn a_bad_order_shows_its_finding_live_and_the_fix_clears_it() {
    let dir = tempfile::tempdir().expect("dir");
    let path = demo_db(&dir);
    let mut harness = harness(path, kaidan::i18n::Lang::En);
    harness.run_steps(2);
    harness.get_by_role_and_label(Role::TextInput, "Customer").focus();
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::TextInput, "Customer").type_text("C001");
    harness.run_steps(2);
    harness.get_by_role_and_label(Role::TextInput, "SKU 1").focus();
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::TextInput, "SKU 1").type_text("P001");
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::TextInput, "Qty 1").focus();
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::TextInput, "Qty 1").type_text("1.5");
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Invalid quantity").is_some(), "the finding appears while typing");
    // Fix it: a whole quantity.
    harness.get_by_role_and_label(Role::TextInput, "Qty 1").focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::TextInput, "Qty 1").type_text("2");
    harness.run_steps(3);
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "Qty 1").value().as_deref(), Some("2"));
    assert!(harness.query_by_label_contains("Invalid quantity").is_none(), "the finding goes once fixed");
}
