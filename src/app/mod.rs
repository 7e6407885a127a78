//! The main window: owns the Store, the acting user, the tabs and the action queue. Draws the
//! tab bar, status bar and dialogs, lets the current tab draw, then applies the queued actions
//! through `ops` (the same code the CLI runs) and bumps the data generation so tabs reload.
//! Background scans run on their own connection in a thread so the window never freezes.

use crate::action::Action;
use crate::cli::Cli;
use crate::domain::{Permission, Role};
use crate::i18n::{Lang, ui as t};
use crate::local::{default_db_path, demo_db_path, now_on};
use crate::ops::{self, Ctx};
use crate::store::Store;
use crate::ui::{self, Tab, TabCtx};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

mod apply;
mod chrome;
mod dialogs;
mod gate;
mod jobs;
mod writer;

/// How often the background scans run while the window is open.
const SCAN_INTERVAL: Duration = Duration::from_secs(300);

/// Where and how the app opens.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub db_path: PathBuf,
    pub is_demo: bool,
    pub today: Option<NaiveDate>,
    pub user: Option<String>,
    pub lang: Option<Lang>,
    /// Run the background scan thread (off in tests, which step frames deterministically).
    pub background_scans: bool,
    /// Check the whole file on a thread while the window opens (the real app); off = check
    /// before the first frame (tests on small files, deterministic).
    pub check_in_background: bool,
}

/// A message shown in the status area after an action.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    error: bool,
}

/// Where the start-up integrity check (`PRAGMA quick_check`) stands. Nothing is written to the
/// file until it has passed; a damaged file is never written to.
enum Integrity {
    /// The check (and then today's backup) running: Ok(Some(Ok(path))) when a backup was made.
    Checking(Receiver<Result<Option<Result<PathBuf, String>>, String>>),
    Ok,
    /// The check's message and the newest good backup found, if any (looked up once).
    Damaged(String, Option<PathBuf>),
}

/// The users dialog.
#[derive(Debug, Clone, Default)]
struct UsersDialog {
    name: String,
    role: Option<Role>,
    pin: String,
    /// Whose PIN to set (one's own; the owner may pick anyone) and the new PIN.
    pin_for: String,
    new_pin: String,
    /// Loaded when the dialog opens (and after adding), not every frame.
    users: Vec<crate::store::users::User>,
}

/// The main application state.
pub struct App {
    /// The window's own connection (reads and writes in tests that step frames; the real
    /// window reads through `reader` and writes through `writer`, each on a thread of its own).
    store: Store,
    reader: ui::fetch::Reader,
    db_path: PathBuf,
    is_demo: bool,
    today_override: Option<NaiveDate>,
    user: String,
    role: Role,
    lang: Lang,
    dark: bool,
    tab: Tab,
    generation: u64,
    actions: Vec<Action>,
    notice: Option<Notice>,
    open_exceptions: i64,
    last_backup: String,
    audit_broken: Option<i64>,
    counts_generation: u64,
    tabs: ui::Tabs,
    printer: Option<crate::print::Printer>,
    scan_result: Option<Receiver<Result<usize, String>>>,
    last_scan: Option<Instant>,
    background_scans: bool,
    switch_user: Option<(String, String)>,
    settings: Option<ui::settings_dialog::SettingsDialog>,
    users: Option<UsersDialog>,
    backup: Option<ui::widgets::PathPicker>,
    restore: Option<ui::widgets::PathPicker>,
    audit: ui::audit::AuditView,
    audit_open: bool,
    /// "Shop on a server…", while open.
    server: Option<ui::server_dialog::ServerDialog>,
    /// Other counters' writes to this shop (the real app; tests step frames deterministically).
    watcher: Option<crate::store::watch::Watcher>,
    integrity: Integrity,
    /// Interrupts the start-up check if the window closes before it ends.
    check_cancel: Option<crate::store::CheckCancel>,
    /// Whether the window is open for work, or waits for a sign-in or the owner's first PIN.
    gate: Gate,
    /// The last time a person touched the window (for the idle lock).
    last_input: Instant,
    /// The idle lock's minutes as read at a data generation (read again only when something was
    /// written, never every frame).
    lock_minutes: Option<(u64, u64)>,
    /// The keyboard shortcut sheet (F1).
    shortcuts_open: bool,
    /// Long work running in the background, if any.
    job: Option<Job>,
    /// The window's writing thread (the real window; tests that step frames write inline).
    writer: Option<writer::Writer>,
    write_results: writer::WriteResults,
    /// Writes sent to it and not yet come back, and since when the oldest waits.
    in_flight: usize,
    in_flight_since: Option<Instant>,
    /// An inline write this frame touched the books (its audit anchor follows).
    wrote: bool,
    /// The open exceptions count and the idle lock's minutes on their way (per data generation).
    counts_fetch: ui::fetch::Fetch<i64>,
    lock_fetch: ui::fetch::Fetch<u64>,
}

/// Long work running off the UI thread on its own connection (an import of a big file, a
/// backup): the window stays responsive, shows how far it got and can cancel it. What it ends
/// with comes back as a notice.
struct Job {
    title: String,
    /// Rows read (`percent` false) or percent done.
    done: std::sync::Arc<std::sync::atomic::AtomicU64>,
    percent: bool,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    outcome: Receiver<JobOutcome>,
    /// A restore cannot stop halfway.
    cancellable: bool,
}

/// How a [`Job`] ended.
struct JobOutcome {
    text: String,
    error: bool,
    /// A backup finished at this instant.
    backup_at: Option<String>,
    /// A restore ended: open the shop's file again (and anchor its chain).
    reopen: bool,
}

/// Who may use the window right now. A shop where any user has a PIN opens on the sign-in
/// screen (`--user` only preselects the name) and locks again after the idle time the owner
/// sets (`security.lock_after_minutes`); a real shop without any PIN first asks its owner to
/// set one. The demo shop opens directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Open,
    SignIn { name: String, pin: String, error: Option<String> },
    SetOwnerPin { owner: String, pin: String, repeat: String, error: Option<String> },
}

/// Install the bundled CJK font as a fallback for every text style, plus Hack for arrows, and
/// a comfortable size. Tests call it too (kittest fails on a missing glyph).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("noto-cjk".into(), std::sync::Arc::new(egui::FontData::from_static(crate::fonts::REGULAR)));
    fonts.font_data.insert("noto-cjk-bold".into(), std::sync::Arc::new(egui::FontData::from_static(crate::fonts::BOLD)));
    // The print preview draws with the PDF's own faces.
    fonts.families.insert(egui::FontFamily::Name(ui::preview::PRINT_REGULAR.into()), vec!["noto-cjk".into(), "Hack".into()]);
    fonts.families.insert(egui::FontFamily::Name(ui::preview::PRINT_BOLD.into()), vec!["noto-cjk-bold".into(), "Hack".into()]);
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        list.push("noto-cjk".into());
        if !list.iter().any(|name| name == "Hack") {
            list.push("Hack".into());
        }
    }
    ctx.set_fonts(fonts);
    ctx.all_styles_mut(|style| {
        use egui::{FontId, TextStyle};
        style.text_styles.insert(TextStyle::Body, FontId::proportional(15.0));
        style.text_styles.insert(TextStyle::Button, FontId::proportional(15.0));
        style.text_styles.insert(TextStyle::Heading, FontId::proportional(21.0));
        style.text_styles.insert(TextStyle::Small, FontId::proportional(12.5));
        style.text_styles.insert(TextStyle::Monospace, FontId::monospace(14.0));
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        // A click on a table row's text selects the row (labels would otherwise take the click
        // to start a text selection).
        style.interaction.selectable_labels = false;
    });
}

/// Apply the light (default) or dark theme.
pub fn apply_theme(ctx: &egui::Context, dark: bool) {
    if dark {
        ctx.set_theme(egui::Theme::Dark);
    } else {
        ctx.set_theme(egui::Theme::Light);
        // Striped rows a shade darker than the panel (egui's light stripe is lighter, 253 on
        // 248, and a white field in such a row, the stock count's, could not be seen).
        ctx.set_visuals_of(
            egui::Theme::Light,
            egui::Visuals {
                panel_fill: egui::Color32::from_gray(248),
                faint_bg_color: egui::Color32::from_gray(240),
                ..egui::Visuals::light()
            },
        );
    }
}

/// Open the window: `--db` if given, else the shop database if it exists, else the demo shop
/// (created and filled on first run).
pub fn run_gui(cli: Cli) -> Result<(), String> {
    let today = cli.today;
    let (db_path, is_demo) = match &cli.db {
        Some(path) => (path.clone(), false),
        // A counter pointed at the shop's server ("Shop on a server…") opens it.
        None if crate::local::remembered_shop().is_some() => (crate::local::default_shop(), false),
        None if default_db_path().exists() => (default_db_path(), false),
        None => (demo_db_path(), true),
    };
    // The demo is built in the window, with its progress (see `App::start_demo_build`).
    let options =
        AppOptions { db_path, is_demo, today, user: cli.user.clone(), lang: cli.lang, background_scans: true, check_in_background: true };
    install_crash_reporter();
    // Open once before the window so a file made by a newer kaidan is refused plainly; the
    // whole-file check runs in the window, in the background.
    Store::open_unchecked(&options.db_path).map_err(|error| error.to_string())?;
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("kaidan 开单")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native("kaidan", native, Box::new(move |cc| Ok(Box::new(App::new(cc, options)?)))).map_err(|error| error.to_string())
}

/// Prints of more documents than this run in the background.
const BACKGROUND_PRINT_FROM: usize = 20;

/// The keyboard shortcuts, as the F1 sheet lists them: the tab keys from the tab list
/// (`ui::TABS`), then the order form's.
fn shortcut_sheet() -> Vec<(String, crate::i18n::Tx)> {
    let (first, last) = (&ui::TABS[0], &ui::TABS[ui::TABS.len() - 1]);
    let tabs = format!("Ctrl+{}…{}, {}…{}", first.digit.name(), last.digit.name(), first.function.name(), last.function.name());
    let mut sheet = vec![("F1".to_string(), t::KEY_HELP), (tabs, t::KEY_TABS)];
    sheet.extend(FORM_SHORTCUTS.iter().map(|(keys, what)| (keys.to_string(), *what)));
    sheet
}

/// The order form's keyboard shortcuts.
const FORM_SHORTCUTS: &[(&str, crate::i18n::Tx)] = &[
    ("Ctrl+N", t::KEY_NEW_ORDER),
    ("Ctrl+Enter", t::KEY_SUBMIT),
    ("Enter", t::KEY_ENTER),
    ("↑ ↓", t::KEY_ARROWS),
    ("Ctrl+L", t::KEY_NEW_LINE),
    ("Ctrl+Delete", t::KEY_DELETE_LINE),
    ("F8", t::KEY_SAME_AS_LAST),
    ("Ctrl+V", t::KEY_PASTE),
    ("Ctrl+Z", t::KEY_UNDO_PASTE),
    ("Esc", t::KEY_ESCAPE),
];

/// Where crash reports go: the per-user data directory's `crashes` folder.
fn crash_folder() -> PathBuf {
    crate::local::data_file("crashes")
}

/// No panic reaches the user silently: a panic writes a report (message, place, backtrace) to
/// the per-user data directory, and the next start says so. The order draft is already safe: it
/// is written to the database whenever it changes. Tests do not install this hook; their code,
/// not the hook, is the defence.
fn install_crash_reporter() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let folder = crash_folder();
        let _ = std::fs::create_dir_all(&folder);
        let stamp = crate::local::file_stamp();
        let report =
            format!("kaidan {} crashed at {stamp}\n{info}\n\n{}\n", env!("CARGO_PKG_VERSION"), std::backtrace::Backtrace::force_capture());
        let _ = std::fs::write(folder.join(format!("crash-{stamp}.txt")), report);
        previous(info);
    }));
}

/// Crash reports not yet mentioned to the user; each is renamed `.seen` once returned.
fn unseen_crash_reports() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(crash_folder()) else { return vec![] };
    let mut found = vec![];
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "txt") {
            let seen = path.with_extension("seen");
            if std::fs::rename(&path, &seen).is_ok() {
                found.push(seen);
            }
        }
    }
    found.sort();
    found
}

/// Create and fill the demo database if it does not exist or is empty.
pub fn prepare_demo(path: &std::path::Path, today: NaiveDate) -> Result<(), String> {
    let mut store = Store::open(path).map_err(|error| error.to_string())?;
    if store.is_empty().map_err(|error| error.to_string())? {
        ops::fill_demo(&mut store, 1, &crate::store::demo::DemoSize::default(), today).map_err(|error| error.to_string())?;
    }
    Ok(())
}

impl App {
    /// Open the app on `options.db_path`.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Result<App, String> {
        install_fonts(&cc.egui_ctx);
        let store = Store::open_unchecked(&options.db_path).map_err(|error| error.to_string())?;
        let saved_lang = store.get_setting("ui.lang").ok().and_then(|code| Lang::parse(&code));
        let lang = options.lang.or(saved_lang).unwrap_or_else(Lang::from_environment);
        let dark = store.get_setting("ui.theme").map(|theme| theme == "dark").unwrap_or(false);
        apply_theme(&cc.egui_ctx, dark);
        let user = options.user.clone().unwrap_or_else(|| "admin".to_string());
        let role = store.get_user(&user).ok().flatten().map(|found| found.role).unwrap_or(Role::Clerk);
        let last_backup = store.get_setting("state.last_backup").unwrap_or_default();
        let mut app = App {
            store,
            reader: Default::default(),
            db_path: options.db_path,
            is_demo: options.is_demo,
            today_override: options.today,
            user,
            role,
            lang,
            dark,
            tab: Tab::OrderEntry,
            generation: 1,
            actions: vec![],
            notice: None,
            open_exceptions: 0,
            last_backup,
            audit_broken: None,
            counts_generation: 0,
            tabs: Default::default(),
            printer: None,
            scan_result: None,
            last_scan: None,
            background_scans: options.background_scans,
            switch_user: None,
            settings: None,
            users: None,
            backup: None,
            restore: None,
            audit: Default::default(),
            audit_open: false,
            integrity: Integrity::Ok,
            check_cancel: None,
            gate: Gate::Open,
            last_input: Instant::now(),
            lock_minutes: None,
            shortcuts_open: false,
            job: None,
            server: None,
            watcher: None,
            writer: None,
            write_results: Default::default(),
            in_flight: 0,
            in_flight_since: None,
            wrote: false,
            counts_fetch: Default::default(),
            lock_fetch: Default::default(),
        };
        if options.background_scans {
            app.watch(&cc.egui_ctx);
        }
        app.gate = app.start_gate(options.is_demo, options.user.as_deref());
        if options.background_scans
            && let Some(report) = unseen_crash_reports().pop()
        {
            app.tell(t::CRASHED_LAST_TIME.fill(app.lang, &[("path", &report.display())]), true);
        }
        if let Gate::SetOwnerPin { owner, .. } = &app.gate {
            app.user = owner.clone();
            app.role = Role::Owner;
        }
        app.audit_broken = app.store.verify_audit().ok().flatten();
        // A first start on the demo builds it in the background with its progress; the file is
        // new and made here, so the start-up check of the whole file is not needed.
        let build_demo = options.is_demo && app.store.is_empty().unwrap_or(false);
        if build_demo {
            app.start_demo_build();
        }
        if options.check_in_background && !build_demo {
            // Check the whole file in the background so the window opens at once; writes wait.
            // Today's rotating backup follows on the same thread once the file is known good.
            let (sender, receiver) = channel();
            let path = app.db_path.clone();
            let folder = crate::store::backups::backup_folder(&app.store, &app.db_path).ok().filter(|_| options.background_scans);
            let today = app.today();
            let (cancel_sender, cancel_receiver) = channel();
            std::thread::spawn(move || {
                let checked = crate::store::check_file_cancellable(&path, |cancel| {
                    let _ = cancel_sender.send(cancel);
                });
                // Commands then trust this check instead of reading the whole file again.
                crate::store::record_health(&path, &checked);
                let result = checked.map_err(|error| error.to_string()).map(|()| {
                    folder.and_then(|folder| {
                        Store::open_unchecked(&path)
                            .and_then(|store| store.daily_backup(&folder, today))
                            .map_err(|error| error.to_string())
                            .transpose()
                    })
                });
                let _ = sender.send(result);
            });
            app.integrity = Integrity::Checking(receiver);
            app.check_cancel = cancel_receiver.recv_timeout(Duration::from_secs(5)).ok();
        } else {
            app.integrity = match crate::store::check_file(&app.db_path) {
                Ok(()) => Integrity::Ok,
                Err(error) => Integrity::Damaged(
                    error.to_string(),
                    crate::store::backups::backup_folder(&app.store, &app.db_path)
                        .ok()
                        .and_then(|folder| Store::newest_good_backup(&folder)),
                ),
            };
        }
        app.restore_draft();
        Ok(app)
    }

    /// The date the app treats as today.
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(crate::local::today)
    }

    /// The currently shown tab.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The last notice shown after an action (for tests).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|notice| notice.text.as_str())
    }

    /// The store (read-only, for tests).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The tabs, the audit view and the context they draw with (read-only data, the action
    /// queue): split borrows of the window.
    fn views(&mut self, today: NaiveDate) -> (&mut ui::Tabs, &mut ui::audit::AuditView, TabCtx<'_>) {
        let tab_ctx = TabCtx {
            store: &self.store,
            reader: &self.reader,
            lang: self.lang,
            user: &self.user,
            role: self.role,
            today,
            generation: self.generation,
            actions: &mut self.actions,
        };
        (&mut self.tabs, &mut self.audit, tab_ctx)
    }

    fn ctx(&self) -> Ctx {
        Ctx { user: self.user.clone(), role: self.role, today: self.today(), now: now_on(self.today()), lang: self.lang }
    }

    fn tell(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice { text: text.into(), error });
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_integrity();
        self.lock_when_idle(&ui.ctx().clone());
        if self.gate != Gate::Open {
            self.gate_ui(ui);
            return;
        }
        self.poll_background_scan();
        self.poll_writes();
        // Another counter wrote to the shop: what this window shows is read again.
        if self.watcher.as_ref().is_some_and(|watcher| watcher.take()) {
            self.generation += 1;
        }
        let checked = matches!(self.integrity, Integrity::Ok);
        if checked && self.background_scans && self.job.is_none() && self.last_scan.is_none_or(|at| at.elapsed() >= SCAN_INTERVAL) {
            self.start_background_scan();
        }
        self.refresh_counts();
        egui::Panel::top("tabs").show(ui, |ui| self.top_bar_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        let today = self.today();
        let tab = self.tab;
        egui::CentralPanel::default().show(ui, |ui| {
            let (tabs, _, mut tab_ctx) = self.views(today);
            tabs.view(tab).ui(ui, &mut tab_ctx);
        });
        if self.audit_open {
            let mut open = true;
            let title = crate::i18n::ui_audit::TITLE.get(self.lang);
            let (_, audit, mut tab_ctx) = self.views(today);
            egui::Window::new(title)
                .id(egui::Id::unique("kaidan_audit_window"))
                .open(&mut open)
                .default_size([1000.0, 560.0])
                .show(ui.ctx(), |ui| audit.ui(ui, &mut tab_ctx));
            self.audit_open = open;
        }
        self.dialogs_ui(ui);
        self.job_ui(ui);
        if checked && let Some(keep) = self.tabs.order_entry.draft_change() {
            self.actions.push(keep);
            // Taken as kept now (a failure is said), so that the next frame does not ask again
            // while this one is on its way.
            self.tabs.order_entry.draft_kept();
        }
        self.integrity_ui(ui);
        let egui_ctx = ui.ctx().clone();
        self.apply_pending(&egui_ctx);
        if self.scan_result.is_some() || matches!(self.integrity, Integrity::Checking(_)) {
            ui.request_repaint_after(Duration::from_millis(250));
        } else if self.background_scans {
            ui.request_repaint_after(SCAN_INTERVAL);
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if matches!(self.integrity, Integrity::Checking(_))
            && let Some(cancel) = &self.check_cancel
        {
            cancel.cancel();
        }
    }
}

impl App {
    /// Start the threads of the shop now open (again after it changed): the watch for other
    /// counters' writes, and the order form's live checks off the window's own thread.
    fn watch(&mut self, ctx: &egui::Context) {
        let wake = ctx.clone();
        self.watcher = Some(crate::store::watch::Watcher::start(&self.db_path, move || wake.request_repaint()));
        self.check_off_thread(ctx);
        self.read_off_thread(ctx);
        self.write_off_thread(ctx);
    }

    /// The shop changed (another file, a server): the threads that work on it start again on
    /// the new one (those the window runs; tests that step frames run none).
    fn rewatch(&mut self, ctx: &egui::Context) {
        if self.watcher.is_some() {
            return self.watch(ctx);
        }
        if self.tabs.order_entry.is_checking_off_thread() {
            self.check_off_thread(ctx);
        }
        if self.reader.is_threaded() {
            self.read_off_thread(ctx);
        }
        if self.writer.is_some() {
            self.write_off_thread(ctx);
        }
    }

    /// Check, read and write on threads of the window's own from now on, as the real window
    /// does (without its watch for other counters): for tests of a busy or slow shop.
    pub fn work_off_thread(&mut self, ctx: &egui::Context) {
        self.check_off_thread(ctx);
        self.read_off_thread(ctx);
        self.write_off_thread(ctx);
    }

    /// Read for the tabs on a thread of the window's own from now on (the real window does from
    /// the start; a test may ask for it).
    pub fn read_off_thread(&mut self, ctx: &egui::Context) {
        let wake = ctx.clone();
        self.reader = ui::fetch::Reader::start(self.db_path.clone(), move || wake.request_repaint());
    }

    /// A new, empty order form (another user, another shop), keeping its check thread.
    fn fresh_order_entry(&mut self) {
        let checker = self.tabs.order_entry.take_checker();
        self.tabs.order_entry = Default::default();
        if let Some(checker) = checker {
            self.tabs.order_entry.check_on(checker);
        }
    }

    /// Run the order form's live checks on a thread of their own, with its own connection (the
    /// real window does from the start; a test may ask for it).
    pub fn check_off_thread(&mut self, ctx: &egui::Context) {
        let wake = ctx.clone();
        let checker = ui::order_entry::checker::Checker::start(self.db_path.clone(), move || wake.request_repaint());
        self.tabs.order_entry.check_on(checker);
    }
}

/// Switch tabs programmatically (tests and keyboard shortcuts).
impl App {
    pub fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }
}
