//! GUI frame cost on the large demo database, with the real `App` in a headless egui_kittest
//! harness (1280×800, light theme, English UI, no GPU: egui layout and tessellation, the app's
//! own code and the AccessKit tree update kittest does every step, no rasterisation):
//! - "one frame": for each tab, switch with `App::set_tab`, run a few warm-up steps (the first
//!   frames of a tab load its cached rows from the database), then time `harness.step()`, one
//!   idle frame as drawn on every repaint (mouse move, tooltip). Also prints per-frame p50/p99.
//! - "cold start to first frame": from just before `App::new` (open and check the database,
//!   read settings, verify the audit chain, restore the draft) to the end of the app's first
//!   `ui()` call (which includes building the font atlas); a new harness per iteration. Not
//!   included: the window and GL context eframe creates before `App::new`, the first GPU upload.
//!
//! Everything runs on a private COPY of the large database (the app writes drafts and
//! settings), made once per process. `background_scans` is off (no daily backup, no scan thread).
//!
//! Run: `cargo bench --bench frames`.

mod support;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use egui_kittest::Harness;
use kaidan::app::{App, AppOptions};
use kaidan::i18n::Lang;
use kaidan::ui::Tab;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The window size `kaidan` opens with.
const WINDOW: [f32; 2] = [1280.0, 800.0];
/// Frames run after switching tabs before timing (loading caches, sizing passes).
const WARM_UP_STEPS: usize = 6;

fn options(db_path: PathBuf, check_in_background: bool) -> AppOptions {
    AppOptions {
        db_path,
        is_demo: true,
        today: Some(support::today()),
        user: Some("admin".into()),
        lang: Some(Lang::En),
        background_scans: false,
        check_in_background,
    }
}

/// The App in a harness, as `tests/gui.rs` builds it (no accessibility check: not measured).
fn warm_harness(db_path: PathBuf) -> Harness<'static, App> {
    // Checked before the first frame, so the frames measured are the steady state.
    let options = options(db_path, false);
    Harness::builder()
        .with_size(WINDOW)
        .with_theme(egui::Theme::Light)
        .with_max_steps(12)
        .allow_missing_glyphs()
        .with_accessibility_check(false)
        .with_context_setup(kaidan::app::install_fonts)
        .build_eframe(move |cc| App::new(cc, options).expect("the app opens on the bench database"))
}

/// The App wrapped to note when its first `ui()` call ends.
struct FirstFrame {
    app: App,
    /// Just before `App::new`.
    started: Instant,
    /// The end of the first `ui()` call.
    first_frame_end: Option<Instant>,
}

impl eframe::App for FirstFrame {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        if self.first_frame_end.is_none() {
            self.first_frame_end = Some(Instant::now());
        }
    }
}

/// Time from just before `App::new` to the end of the first frame, on a new harness. The
/// harness is built like eframe builds the app: fonts are installed by `App::new` itself.
fn cold_start(db_path: PathBuf) -> Duration {
    let options = options(db_path, true);
    let harness: Harness<'static, FirstFrame> = Harness::builder()
        .with_size(WINDOW)
        .with_theme(egui::Theme::Light)
        .with_max_steps(1)
        .allow_missing_glyphs()
        .with_accessibility_check(false)
        .build_eframe(move |cc| {
            let started = Instant::now();
            let app = App::new(cc, options).expect("the app opens on the bench database");
            FirstFrame { app, started, first_frame_end: None }
        });
    let state = harness.state();
    let end = state.first_frame_end.expect("the harness ran the first frame");
    let took = end.duration_since(state.started);
    drop(harness);
    took
}

fn frames(c: &mut Criterion) {
    let large = support::large_db();
    let copy = support::copy_db(&large);

    let once = cold_start(copy.path.clone());
    eprintln!("kaidan bench: cold start to first frame (first run, warm OS file cache): {}", support::ms(once));

    // The order form holds a 50-line order (as a restored draft), so the Order entry frame is
    // measured with a full form and its live findings, as the issue asks.
    {
        let mut store = kaidan::store::Store::open_unchecked(&copy.path).expect("open the copy");
        let input = support::order_input(&store, 50);
        let lines: Vec<serde_json::Value> = input
            .lines
            .iter()
            .map(|line| serde_json::json!({"sku": line.sku, "qty": line.qty.to_string(), "unit_price": "", "discount_pct": ""}))
            .collect();
        let draft = serde_json::json!({
            "form": {
                "customer": input.customer, "order_date": "", "delivery_date": "", "delivery": "Pickup", "priority": "Normal",
                "payment_method": null, "payment_reference": "", "payment_amount": "", "note": "", "lines": lines,
            },
            "editing": null,
        });
        store.save_draft("admin", "order_entry", &draft.to_string(), "2026-11-20T09:00:00").expect("draft");
    }
    let mut harness = warm_harness(copy.path.clone());
    harness.run_steps(WARM_UP_STEPS);
    {
        use egui_kittest::kittest::Queryable;
        assert!(harness.query_by_label("SKU 50").is_some(), "the 50-line order is in the form");
    }
    let mut group = c.benchmark_group("frames");
    group.sample_size(20);
    for tab in Tab::ALL {
        harness.state_mut().set_tab(tab);
        harness.run_steps(WARM_UP_STEPS);
        support::latency_report(&format!("one frame, {tab:?}"), 200, || harness.step());
        group.bench_function(BenchmarkId::new("one frame", format!("{tab:?}")), |b| b.iter(|| harness.step()));
    }
    group.finish();
    drop(harness);

    let mut group = c.benchmark_group("startup");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("cold start to first frame", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| cold_start(copy.path.clone())).sum::<Duration>())
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
