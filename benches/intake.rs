//! Scanning and pasting into the order form, timed as the clerk waits for them: the real `App`
//! in a headless egui_kittest harness (1280×800, no GPU) on a private copy of the large demo
//! shop (1,000,000 orders), a regular customer typed in the form.
//! - "paste of 100 lines": from the Ctrl+V of 100 spreadsheet rows (SKU, quantity) to the frame
//!   that draws the 100 new lines with their live check done (products matched in one read,
//!   lines added, the whole order checked: prices, stock, credit, last prices) — every frame in
//!   between included. Then Ctrl+Z, untimed, and again.
//! - "scan to line": from a scanner's burst (13 digits and Enter, in one frame) to the frame
//!   that draws the scanned product's new line, checked. Fifty different products, one after
//!   the other, so the order grows to 50 lines as it would at a counter.
//!
//! The checks run on the window's thread here (as the tests step them), so the time is all the
//! work the clerk waits for; in the window they run on the check thread and the frames go on.
//!
//! Run: `cargo bench --bench intake` (`KAIDAN_BENCH_SMALL=1`: the small demo shop).

mod support;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, AppOptions};
use kaidan::i18n::Lang;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn harness(db_path: PathBuf) -> Harness<'static, App> {
    let options = AppOptions {
        db_path,
        is_demo: true,
        today: Some(support::today()),
        user: Some("admin".into()),
        lang: Some(Lang::En),
        background_scans: false,
        check_in_background: false,
    };
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(egui::Theme::Light)
        .with_max_steps(12)
        .allow_missing_glyphs()
        .with_accessibility_check(false)
        .with_context_setup(kaidan::app::install_fonts)
        .build_eframe(move |cc| App::new(cc, options).expect("the app opens on the bench database"))
}

/// Step until `done`, at most 60 frames; panics past that (the bench would measure nothing).
fn step_until(harness: &mut Harness<'static, App>, what: &str, mut done: impl FnMut(&Harness<'static, App>) -> bool) -> usize {
    for frames in 1..=60 {
        harness.step();
        if done(harness) {
            return frames;
        }
    }
    panic!("{what}: not done after 60 frames");
}

fn field(harness: &Harness<'static, App>, label: &str) -> Option<String> {
    harness.query_by_role_and_label(Role::TextInput, label).map(|node| node.value().unwrap_or_default())
}

fn report(label: &str, times: &mut [Duration], frames: &[usize]) {
    times.sort();
    let at = |quantile: f64| times[((times.len() - 1) as f64 * quantile).round() as usize];
    let most = frames.iter().max().copied().unwrap_or(0);
    println!(
        "{label}: n={} p50={} p90={} max={} (at most {most} frames from the key to the checked line)",
        times.len(),
        support::ms(at(0.5)),
        support::ms(at(0.9)),
        support::ms(times[times.len() - 1])
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to filter here.
    let source = support::large_db();
    let copy = support::copy_db(&source);
    let (customer, products) = {
        let conn = rusqlite::Connection::open(&copy.path).expect("open the copy");
        let customer: String = conn
            .query_row("SELECT code FROM customers WHERE blocked = 0 AND credit_limit IS NULL ORDER BY id LIMIT 1", [], |row| row.get(0))
            .expect("a customer with no limit");
        let mut statement = conn
            .prepare("SELECT sku, barcode FROM products WHERE active = 1 AND divisible = 0 AND barcode <> '' AND on_hand > 20 ORDER BY id LIMIT 100")
            .expect("products");
        let products: Vec<(String, String)> = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("products");
        (customer, products)
    };
    assert!(products.len() >= 100, "the bench shop has {} stocked products with a barcode", products.len());
    let mut harness = harness(copy.path.clone());
    harness.run_steps(4);
    harness.get_by_role_and_label(Role::TextInput, "Customer").focus();
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::TextInput, "Customer").type_text(&customer);
    harness.run_steps(6);
    // Pasted on the grid, as a clerk does (Ctrl+V in the first SKU field).
    harness.get_by_role_and_label(Role::TextInput, "SKU 1").focus();
    harness.run_steps(2);

    let mut sheet = String::from("SKU\tQty\r\n");
    for (index, (sku, _)) in products.iter().enumerate() {
        sheet.push_str(&format!("{sku}\t{}\r\n", index % 5 + 1));
    }
    let last_sku = products[99].0.clone();
    let (mut times, mut frames) = (vec![], vec![]);
    for _ in 0..20 {
        let started = Instant::now();
        harness.event(egui::Event::Paste(sheet.clone()));
        frames.push(step_until(&mut harness, "paste", |harness| field(harness, "SKU 100").as_deref() == Some(last_sku.as_str())));
        times.push(started.elapsed());
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run_steps(4);
        assert_eq!(field(&harness, "SKU 2").as_deref().unwrap_or(""), "", "Ctrl+Z took the paste back");
    }
    report("paste of 100 lines", &mut times, &frames);

    let (mut times, mut frames) = (vec![], vec![]);
    for (index, (sku, codes)) in products.iter().take(50).enumerate() {
        let code = codes.split(';').next().unwrap_or_default().to_string();
        let started = Instant::now();
        let input = harness.input_mut();
        input.events.extend(code.chars().map(|c| egui::Event::Text(c.to_string())));
        input.events.push(egui::Event::Key {
            key: egui::Key::Enter,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        });
        let label = format!("SKU {}", index + 1);
        frames.push(step_until(&mut harness, "scan", |harness| field(harness, &label).as_deref() == Some(sku.as_str())));
        times.push(started.elapsed());
    }
    report("scan to line (order growing to 50 lines)", &mut times, &frames);
    drop(harness);
    drop(copy);
}
