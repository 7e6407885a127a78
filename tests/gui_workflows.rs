//! Whole workflows in the real App (egui_kittest, headless): an exception walked from open to
//! resolved in the inbox, and a customer created through the form with validation as you type.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, AppOptions};
use kaidan::store::Store;
use kaidan::store::exceptions::ExceptionFilter;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

fn open(dir: &tempfile::TempDir) -> (std::path::PathBuf, Harness<'static, App>) {
    let path = dir.path().join("demo.sqlite3");
    kaidan::app::prepare_demo(&path, today()).expect("demo");
    let options = AppOptions {
        db_path: path.clone(),
        is_demo: true,
        today: Some(today()),
        user: Some("admin".into()),
        lang: Some(kaidan::i18n::Lang::En),
        background_scans: false,
        check_in_background: false,
    };
    let harness = Harness::builder()
        .with_size([1500.0, 1000.0])
        .with_theme(egui::Theme::Light)
        .with_max_steps(12)
        .with_context_setup(kaidan::app::install_fonts)
        .build_eframe(move |cc| App::new(cc, options).expect("app opens"));
    (path, harness)
}

#[test]
fn an_exception_is_walked_from_open_to_resolved() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness) = open(&dir);
    let store = Store::open(&path).expect("store");
    let duplicate = store
        .list_exceptions(&ExceptionFilter { code: Some("DUPLICATE_ORDER".into()), ..Default::default() })
        .expect("list")
        .into_iter()
        .next()
        .expect("the demo has a duplicate order");
    drop(store);
    harness.get_by_role_and_label(Role::Button, "Exceptions").click();
    harness.run_steps(3);
    // Click the row like a mouse does: move, press, release on separate frames.
    let centre = harness.query_all_by_label("Possible duplicate").next().expect("a duplicate-order row").rect().center();
    harness.event(egui::Event::PointerMoved(centre));
    harness.run_steps(1);
    harness.event(egui::Event::PointerButton {
        pos: centre,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run_steps(1);
    harness.event(egui::Event::PointerButton {
        pos: centre,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::Button, "Start").click();
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::ComboBox, "Root cause").click();
    harness.run_steps(2);
    harness.get_by_label("Input error").click();
    harness.run_steps(2);
    harness.get_by_role_and_label(Role::MultilineTextInput, "Corrective action").focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Corrective action")
        .type_text("called the customer; cancelled the second order");
    harness.run_steps(2);
    harness.get_by_role_and_label(Role::Button, "Resolve").click();
    harness.run_steps(3);
    let store = Store::open(&path).expect("store");
    let after = store.get_exception(duplicate.id).expect("exception");
    assert_eq!(after.status.as_str(), "resolved", "{:?}", harness.state().notice());
    assert_eq!(after.root_cause.map(|c| c.as_str()), Some("input_error"));
    let kinds: Vec<String> = store.list_exception_events(duplicate.id).expect("events").into_iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"started".to_string()) && kinds.contains(&"resolved".to_string()), "{kinds:?}");
}

#[test]
fn a_customer_is_created_with_validation_as_you_type() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, mut harness) = open(&dir);
    harness.get_by_role_and_label(Role::Button, "Customers").click();
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::Button, "New customer").click();
    harness.run_steps(3);
    let type_into = |harness: &mut Harness<'static, App>, label: &str, text: &str| {
        harness.get_by_role_and_label(Role::TextInput, label).focus();
        harness.run_steps(1);
        harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
        harness.run_steps(2);
    };
    type_into(&mut harness, "Code", "C900");
    type_into(&mut harness, "Name", "李四建材");
    type_into(&mut harness, "Phone", "call me");
    assert!(harness.query_by_label_contains("Not a phone number").is_some(), "the bad phone is flagged on the field");
    harness.get_by_role_and_label(Role::TextInput, "Phone").focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_role_and_label(Role::TextInput, "Phone").type_text("13912345678");
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Not a phone number").is_none());
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run_steps(3);
    let store = Store::open(&path).expect("store");
    let saved = store.get_customer_by_code("C900").expect("query").expect("saved");
    assert_eq!(saved.name, "李四建材");
    assert_eq!(saved.phone, "13912345678");
    let history = store.list_audit("", "customer", "C900", 10).expect("audit");
    assert_eq!(history.len(), 1, "the creation is in the customer's history");
}
