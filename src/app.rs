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
    store: Store,
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
    order_entry: ui::order_entry::OrderEntryTab,
    exceptions: ui::exceptions::ExceptionsTab,
    stock: ui::stock::StockTab,
    customers: ui::customers::CustomersTab,
    invoices: ui::invoices::InvoicesTab,
    reports: ui::reports::ReportsTab,
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
        ctx.set_visuals_of(egui::Theme::Light, egui::Visuals { panel_fill: egui::Color32::from_gray(248), ..egui::Visuals::light() });
    }
}

/// Open the window: `--db` if given, else the shop database if it exists, else the demo shop
/// (created and filled on first run).
pub fn run_gui(cli: Cli) -> Result<(), String> {
    let lang = crate::local::lang_or_system(cli.lang);
    let today = cli.today;
    let (db_path, is_demo) = match &cli.db {
        Some(path) => (path.clone(), false),
        None if default_db_path().exists() => (default_db_path(), false),
        None => (demo_db_path(), true),
    };
    crate::local::refuse_server_url(&db_path, lang)?;
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

/// The keyboard shortcuts, as the F1 sheet lists them.
const SHORTCUT_SHEET: &[(&str, crate::i18n::Tx)] = &[
    ("F1", t::KEY_HELP),
    ("Ctrl+1…6, F2…F7", t::KEY_TABS),
    ("Ctrl+N", t::KEY_NEW_ORDER),
    ("Ctrl+Enter", t::KEY_SUBMIT),
    ("Enter", t::KEY_ENTER),
    ("↑ ↓", t::KEY_ARROWS),
    ("Ctrl+L", t::KEY_NEW_LINE),
    ("Ctrl+Delete", t::KEY_DELETE_LINE),
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
            order_entry: Default::default(),
            exceptions: Default::default(),
            stock: Default::default(),
            customers: Default::default(),
            invoices: Default::default(),
            reports: Default::default(),
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
        };
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
        app.order_entry.restore_draft(&app.store, &app.user);
        Ok(app)
    }

    /// The date the app treats as today.
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(|| crate::local::today())
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

    fn ctx(&self) -> Ctx {
        Ctx { user: self.user.clone(), role: self.role, today: self.today(), now: now_on(self.today()), lang: self.lang }
    }

    fn tell(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice { text: text.into(), error });
    }

    fn start_background_scan(&mut self) {
        if self.scan_result.is_some() {
            return;
        }
        let (sender, receiver) = channel();
        let path = self.db_path.clone();
        let today = self.today();
        let user = self.user.clone();
        std::thread::spawn(move || {
            let result = Store::open_unchecked(&path)
                .map_err(ops::Error::from)
                .and_then(|mut store| {
                    let ctx = ops::ctx_for(&store, &user, today, now_on(today), Lang::En)?;
                    let rechecked = ops::recheck_pending_orders(&mut store, &ctx)?;
                    Ok((store.run_scans(today, &now_on(today), &user)?, rechecked))
                })
                .map(|(report, rechecked)| report.opened() + report.resolved() + rechecked)
                .map_err(|error| error.to_string());
            let _ = sender.send(result);
        });
        self.scan_result = Some(receiver);
        self.last_scan = Some(Instant::now());
    }

    /// The newest backup that passes the integrity check, if any.
    fn newest_backup(&self) -> Option<PathBuf> {
        crate::store::backups::backup_folder(&self.store, &self.db_path).ok().and_then(|folder| Store::newest_good_backup(&folder))
    }

    /// Follow the start-up check; once it passes, make today's backup and let writes through.
    fn poll_integrity(&mut self) {
        let Integrity::Checking(receiver) = &self.integrity else { return };
        match receiver.try_recv() {
            Ok(Ok(backup)) => {
                self.integrity = Integrity::Ok;
                match backup {
                    Some(Ok(_path)) => {
                        let now = now_on(self.today());
                        self.remember("state.last_backup", &now, "system", &now);
                        self.last_backup = now.clone();
                    }
                    Some(Err(message)) => self.tell(message, true),
                    None => {}
                }
            }
            Ok(Err(message)) => self.integrity = Integrity::Damaged(message, self.newest_backup()),
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.integrity = Integrity::Damaged("integrity check stopped".into(), self.newest_backup())
            }
        }
    }

    fn poll_background_scan(&mut self) {
        let Some(receiver) = &self.scan_result else { return };
        match receiver.try_recv() {
            Ok(Ok(changed)) => {
                self.scan_result = None;
                if changed > 0 {
                    self.generation += 1;
                }
            }
            Ok(Err(message)) => {
                self.scan_result = None;
                self.tell(message, true);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.scan_result = None,
        }
    }

    fn refresh_counts(&mut self) {
        if self.counts_generation != self.generation {
            self.open_exceptions = self.store.count_open_exceptions().unwrap_or(0);
            self.counts_generation = self.generation;
        }
    }

    /// Apply every queued action, in order.
    pub fn apply_pending(&mut self, egui_ctx: &egui::Context) {
        match &self.integrity {
            Integrity::Ok => {}
            // Held until the file has been checked.
            Integrity::Checking(_) => return,
            Integrity::Damaged(..) => {
                if !self.actions.is_empty() {
                    self.actions.clear();
                    self.tell(t::DAMAGED_NO_WRITES.get(self.lang), true);
                }
                return;
            }
        }
        let actions = std::mem::take(&mut self.actions);
        let wrote = !actions.is_empty();
        for action in actions {
            self.apply(action, egui_ctx);
        }
        // The window's writes move the audit chain's anchor too (see `crate::anchor`).
        if wrote {
            crate::anchor::update(&self.db_path, &self.store, false);
        }
    }

    /// Keep a window preference or a bookkeeping note (language, theme, last backup); a write
    /// that fails is said in the status bar, never dropped, and the window goes on.
    fn remember(&mut self, key: &str, value: &str, user: &str, at: &str) {
        if let Err(error) = self.store.set_setting(key, value, user, at) {
            self.tell(t::NOT_REMEMBERED.fill(self.lang, &[("error", &error)]), true);
        }
    }

    fn report<T>(&mut self, result: Result<T, ops::Error>, success: impl FnOnce(T, Lang) -> String) {
        match result {
            Ok(value) => {
                let text = success(value, self.lang);
                self.tell(text, false);
                self.generation += 1;
            }
            Err(error) => self.tell(error.to_string(), true),
        }
    }

    fn apply(&mut self, action: Action, egui_ctx: &egui::Context) {
        let ctx = self.ctx();
        match action {
            Action::SubmitOrder(input) => {
                let result = ops::submit_order(&mut self.store, &ctx, &input);
                if let Ok(saved) = &result {
                    self.order_entry.after_save(&mut self.store, &self.user, saved);
                }
                self.report(result, |saved, lang| {
                    t::ORDER_SAVED
                        .fill(lang, &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))])
                });
            }
            Action::UpdateOrder { number, input, version, reason } => {
                let result = ops::update_order(&mut self.store, &ctx, &number, &input, version, &reason);
                if let Ok(saved) = &result {
                    self.order_entry.after_save(&mut self.store, &self.user, saved);
                }
                self.report(result, |saved, lang| {
                    t::ORDER_SAVED
                        .fill(lang, &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))])
                });
            }
            Action::SplitBackorder { original, kept_form, kept, backorder } => {
                let reason = t::BACKORDER_REASON.get(self.lang);
                let result = ops::split_backorder(
                    &mut self.store,
                    &ctx,
                    original.as_ref().map(|(number, version)| (number.as_str(), *version)),
                    &kept,
                    &backorder,
                    reason,
                );
                if result.is_ok() {
                    self.order_entry.after_split(&self.store, original.as_ref().map(|(number, _)| number.as_str()), *kept_form);
                }
                self.report(result, |saved, lang| {
                    t::BACKORDER_SAVED
                        .fill(lang, &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))])
                });
            }
            Action::ConfirmOrder(number) => {
                let result = ops::confirm(&mut self.store, &ctx, &number);
                self.after_order_change(&number);
                self.report(result, |_, lang| t::ORDER_CONFIRMED.fill(lang, &[("number", &number)]));
            }
            Action::ApproveOrder { number, reason, code } => {
                let result = ops::approve(&mut self.store, &ctx, &number, &reason, code);
                self.after_order_change(&number);
                self.report(result, |status, lang| {
                    t::ORDER_APPROVED.fill(lang, &[("number", &number), ("status", &crate::ui::order_entry::status_text(status, lang))])
                });
            }
            Action::CancelOrder { number, reason } => {
                let result = ops::cancel(&mut self.store, &ctx, &number, &reason);
                self.after_order_change(&number);
                self.report(result, |_, lang| t::ORDER_CANCELLED.fill(lang, &[("number", &number)]));
            }
            Action::ShipOrder { number, lines } => {
                let result = ops::ship(&mut self.store, &ctx, &number, &lines);
                self.after_order_change(&number);
                self.report(result, |(shipment, _), lang| t::ORDER_SHIPPED.fill(lang, &[("number", &number), ("shipment", &shipment)]));
            }
            Action::OpenOrder(number) => match self.store.get_order(&number) {
                Ok(order) => {
                    self.order_entry.open_order(&self.store, &order, self.today());
                    self.tab = Tab::OrderEntry;
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::CopyOrder(number) => match self.store.get_order(&number) {
                Ok(order) => {
                    self.order_entry.copy_order(&order, self.today());
                    self.tab = Tab::OrderEntry;
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::RecordDelivery { shipment, on, received_by } => {
                let result = ops::record_delivery(&mut self.store, &ctx, &shipment, on, &received_by);
                self.report(result, |_, lang| t::DELIVERY_RECORDED.fill(lang, &[("shipment", &shipment)]));
            }
            Action::RecordReturn { number, lines, reason } => {
                let result = ops::record_return(&mut self.store, &ctx, &number, &lines, &reason);
                self.after_order_change(&number);
                self.report(result, |returned, lang| match returned.credit_note {
                    Some((note, amount)) => t::RETURN_CREDITED
                        .fill(lang, &[("number", &number), ("note", &note), ("amount", &crate::domain::money::fmt_money(amount))]),
                    None => t::RETURN_RECORDED.fill(lang, &[("number", &number)]),
                });
            }
            Action::IssueInvoice(number) => {
                let result = ops::invoice(&mut self.store, &ctx, &number);
                self.report(result, |issued, lang| {
                    t::INVOICE_ISSUED.fill(lang, &[("number", &issued.number), ("amount", &crate::domain::money::fmt_money(issued.amount))])
                });
            }
            Action::IssueInvoices(numbers) => {
                let mut issued = 0;
                let mut errors = vec![];
                for number in &numbers {
                    match ops::invoice(&mut self.store, &ctx, number) {
                        Ok(_) => issued += 1,
                        Err(error) => errors.push(format!("{number}: {error}")),
                    }
                }
                self.generation += 1;
                let summary = t::INVOICES_ISSUED.fill(self.lang, &[("count", &issued)]);
                if errors.is_empty() {
                    self.tell(summary, false);
                } else {
                    self.tell(format!("{summary}\n{}", errors.join("\n")), true);
                }
            }
            Action::VoidInvoice { number, reason } => {
                let result = ops::void_invoice(&mut self.store, &ctx, &number, &reason);
                self.report(result, |_, lang| t::INVOICE_VOIDED.fill(lang, &[("number", &number)]));
            }
            Action::Refund { invoice, amount, method, reason } => {
                let result = ops::refund(&mut self.store, &ctx, &invoice, amount, method, &reason);
                self.report(result, |_, lang| {
                    t::REFUND_RECORDED.fill(lang, &[("number", &invoice), ("amount", &crate::domain::money::fmt_money(amount))])
                });
            }
            Action::RecordPayment { invoice, amount, method, reference } => {
                let result = ops::pay(&mut self.store, &ctx, &invoice, amount, method, &reference);
                self.report(result, |_, lang| {
                    t::PAYMENT_RECORDED.fill(lang, &[("number", &invoice), ("amount", &crate::domain::money::fmt_money(amount))])
                });
            }
            Action::RecordPayments { shares, method, reference } => {
                let result = ops::pay_many(&mut self.store, &ctx, &shares, method, &reference);
                let total: rust_decimal::Decimal = shares.iter().map(|(_, amount)| *amount).sum();
                self.report(result, |_, lang| match shares.as_slice() {
                    [(invoice, amount)] => {
                        t::PAYMENT_RECORDED.fill(lang, &[("number", invoice), ("amount", &crate::domain::money::fmt_money(*amount))])
                    }
                    _ => t::PAYMENTS_RECORDED.fill(lang, &[("count", &shares.len()), ("amount", &crate::domain::money::fmt_money(total))]),
                });
            }
            Action::Receive { sku, qty, reference } => {
                let result = ops::receive(&mut self.store, &ctx, &sku, qty, &reference);
                self.report(result, |product, lang| {
                    t::STOCK_NOW.fill(lang, &[("sku", &product.sku), ("qty", &crate::domain::money::fmt_qty(product.on_hand))])
                });
            }
            Action::Adjust { sku, qty, reason } => {
                let result = ops::adjust(&mut self.store, &ctx, &sku, qty, &reason);
                self.report(result, |product, lang| {
                    t::STOCK_NOW.fill(lang, &[("sku", &product.sku), ("qty", &crate::domain::money::fmt_qty(product.on_hand))])
                });
            }
            Action::BookCount(counted) => {
                let result = ops::book_count(&mut self.store, &ctx, &counted);
                self.report(result, |changed, lang| t::COUNT_BOOKED.fill(lang, &[("count", &changed)]));
            }
            Action::SaveCustomer(customer) => {
                let result = ops::save_customer(&mut self.store, &ctx, &customer);
                self.report(result, |saved, lang| t::SAVED.fill(lang, &[("what", &saved.code)]));
            }
            Action::SetCustomerBlocked { code, blocked, reason } => {
                let result = ops::set_customer_blocked(&mut self.store, &ctx, &code, blocked, &reason);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &code)]));
            }
            Action::ArchiveCustomer { code, archived } => {
                let result = ops::archive_customer(&mut self.store, &ctx, &code, archived);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &code)]));
            }
            Action::SetAgreedPrice { customer_id, sku, price } => {
                let result = ops::set_agreed_price(&mut self.store, &ctx, customer_id, &sku, price);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &sku)]));
            }
            Action::SaveProduct { product, opening_stock } => {
                let result = ops::save_product(&mut self.store, &ctx, &product, opening_stock);
                self.report(result, |saved, lang| t::SAVED.fill(lang, &[("what", &saved.sku)]));
            }
            Action::HandleException { id, step } => {
                let result = ops::handle_exception(&mut self.store, &ctx, id, step);
                self.report(result, |exception, lang| {
                    t::EXCEPTION_UPDATED.fill(lang, &[("id", &exception.id), ("status", &exception.status)])
                });
            }
            Action::LogComplaint { number, text } => {
                let result = ops::log_complaint(&mut self.store, &ctx, &number, &text);
                self.report(result, |id, lang| t::COMPLAINT_LOGGED.fill(lang, &[("id", &id), ("number", &number)]));
            }
            Action::SetTemplate { name, body } => {
                let result = self.store.save_template(&name, &body, &self.user, &ctx.now).map_err(ops::Error::from);
                self.report(result, |_, lang| t::TEMPLATE_SAVED.fill(lang, &[("name", &name)]));
            }
            Action::RunScans => {
                let result = ops::recheck_pending_orders(&mut self.store, &ctx)
                    .and_then(|_| Ok(self.store.run_scans(self.today(), &ctx.now, &self.user)?));
                self.report(result, |report, lang| {
                    crate::i18n::cli::SCAN_DONE.fill(lang, &[("opened", &report.opened()), ("resolved", &report.resolved()), ("open", &"")])
                });
            }
            Action::Print { kind, numbers, path } => self.print(&ctx, kind, &numbers, path),
            Action::Export { kind, path } => match crate::exports::write(&self.store, kind, &path, self.today(), self.lang) {
                Ok(count) => self.tell(t::EXPORTED.fill(self.lang, &[("count", &count), ("path", &path.display())]), false),
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::Import { kind, path } => self.start_import(&ctx, kind, path),
            Action::SetSetting { key, value } => {
                let result = ops::set_setting(&mut self.store, &ctx, &key, &value);
                let name = crate::i18n::settings::setting_name(&key, self.lang).unwrap_or_else(|| key.clone());
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &name)]));
            }
            Action::SetPin { name, pin } => {
                let result = ops::set_pin(&mut self.store, &ctx, &name, Some(pin.as_str()));
                self.report(result, |_, lang| t::PIN_SET.fill(lang, &[("user", &name)]));
            }
            Action::AddUser { name, role, pin } => {
                let result = ops::add_user(&mut self.store, &ctx, &name, role, &pin);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &name)]));
            }
            Action::SwitchUser { name, pin } => match ops::switch_user(&self.store, self.lang, &name, &pin) {
                Ok(role) => {
                    self.user = name.trim().to_string();
                    self.role = role;
                    self.order_entry = Default::default();
                    self.order_entry.restore_draft(&self.store, &self.user);
                    self.generation += 1;
                    self.tell(t::SWITCHED_USER.fill(self.lang, &[("user", &self.user), ("role", &role_text(role, self.lang))]), false);
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::SetLanguage(lang) => {
                self.lang = lang;
                // A notice was worded in the old language: it goes rather than stay foreign.
                self.notice = None;
                // Remembered per database; a refused write (clerk) still switches for this session.
                self.remember("ui.lang", lang.code(), &self.user.clone(), &ctx.now);
                self.generation += 1;
            }
            Action::SetDarkMode(dark) => {
                self.dark = dark;
                apply_theme(egui_ctx, dark);
                self.remember("ui.theme", if dark { "dark" } else { "light" }, &self.user.clone(), &ctx.now);
            }
            Action::StartOwnShop => {
                let path = default_db_path();
                match Store::open(&path) {
                    Ok(store) => {
                        self.store = store;
                        self.db_path = path;
                        self.is_demo = false;
                        self.user = "admin".into();
                        self.role = Role::Owner;
                        self.order_entry = Default::default();
                        self.generation += 1;
                        // The real shop has its own sign-in: a new one asks its owner for a PIN,
                        // one used before asks who is there. The demo's open door stays behind.
                        self.gate = self.start_gate(false, None);
                        self.tell(t::OWN_SHOP_READY.fill(self.lang, &[("path", &self.db_path.display())]), false);
                    }
                    Err(error) => self.tell(error.to_string(), true),
                }
            }
            Action::Backup { path } => self.start_backup(&ctx, path),
            Action::Restore { path } => {
                if !crate::domain::permits(self.role, Permission::ManageUsers) {
                    self.tell(ctx.require(Permission::ManageUsers).err().map(|e| e.to_string()).unwrap_or_default(), true);
                    return;
                }
                let stamp = ctx.now.replace(':', "");
                // Close our connection first: restore replaces the file under it.
                let placeholder = match Store::open_in_memory() {
                    Ok(store) => store,
                    Err(error) => return self.tell(error.to_string(), true),
                };
                drop(std::mem::replace(&mut self.store, placeholder));
                // The copy runs in the background (a large shop takes seconds); the window
                // reopens the file when it is done (see `job_ui`).
                let (sender, outcome) = channel();
                let (db, lang) = (self.db_path.clone(), self.lang);
                let title = t::RESTORING.fill(lang, &[("from", &path.display())]);
                std::thread::spawn(move || {
                    let outcome = match crate::store::restore(&db, &path, &stamp) {
                        Ok(kept) => JobOutcome {
                            text: crate::i18n::cli::RESTORED.fill(lang, &[("from", &path.display()), ("kept", &kept.display())]),
                            error: false,
                            backup_at: None,
                            reopen: true,
                        },
                        Err(error) => JobOutcome { text: error.to_string(), error: true, backup_at: None, reopen: true },
                    };
                    let _ = sender.send(outcome);
                });
                let counters = (
                    std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0)),
                    std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
                );
                self.job = Some(Job { title, done: counters.0, percent: false, cancel: counters.1, outcome, cancellable: false });
            }
        }
    }

    fn after_order_change(&mut self, number: &str) {
        if self.order_entry.is_showing(number)
            && let Ok(order) = self.store.get_order(number)
        {
            self.order_entry.open_order(&self.store, &order, self.today());
        }
    }

    fn print(&mut self, ctx: &Ctx, kind: crate::documents::DocKind, numbers: &[String], path: PathBuf) {
        // A batch (the day's dispatch slips) goes to the background with progress and Cancel.
        if numbers.len() > BACKGROUND_PRINT_FROM {
            return self.start_print(ctx, kind, numbers.to_vec(), path);
        }
        if self.printer.is_none() {
            match crate::print::Printer::new() {
                Ok(printer) => self.printer = Some(printer),
                Err(error) => return self.tell(error.to_string(), true),
            }
        }
        let Some(printer) = &self.printer else { return };
        let write = |bytes: &[u8]| std::fs::write(&path, bytes).map_err(|error| format!("{}: {error}", path.display()));
        match crate::documents::print(&mut self.store, ctx, printer, kind, numbers, write) {
            Ok(()) => {
                self.generation += 1;
                self.tell(t::PRINTED.fill(self.lang, &[("path", &path.display()), ("count", &numbers.len())]), false);
                open_in_viewer(&path);
            }
            Err(error) => self.tell(error.to_string(), true),
        }
    }

    /// Print a batch in the background on its own connection. Cancel takes effect before the
    /// file is written: then nothing is written and no print is recorded.
    fn start_print(&mut self, ctx: &Ctx, kind: crate::documents::DocKind, numbers: Vec<String>, path: PathBuf) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let (done, cancel) = (std::sync::Arc::new(AtomicU64::new(0)), std::sync::Arc::new(AtomicBool::new(false)));
        let (sender, outcome) = channel();
        let (db, ctx, lang) = (self.db_path.clone(), ctx.clone(), self.lang);
        let stop = cancel.clone();
        let title = t::PRINTING.fill(lang, &[("count", &numbers.len()), ("path", &path.display())]);
        std::thread::spawn(move || {
            let result = Store::open_unchecked(&db).map_err(|error| error.to_string()).and_then(|mut store| {
                let printer = crate::print::Printer::new().map_err(|error| error.to_string())?;
                let write = |bytes: &[u8]| {
                    if stop.load(Ordering::Relaxed) {
                        return Err(t::CANCELLED.get(lang).to_string());
                    }
                    std::fs::write(&path, bytes).map_err(|error| format!("{}: {error}", path.display()))
                };
                crate::documents::print(&mut store, &ctx, &printer, kind, &numbers, write).map_err(|error| error.to_string())
            });
            let outcome = match result {
                Ok(()) => {
                    open_in_viewer(&path);
                    JobOutcome {
                        text: t::PRINTED.fill(lang, &[("path", &path.display()), ("count", &numbers.len())]),
                        error: false,
                        backup_at: None,
                        reopen: false,
                    }
                }
                Err(error) => JobOutcome { text: error, error: true, backup_at: None, reopen: false },
            };
            let _ = sender.send(outcome);
        });
        self.job = Some(Job { title, done, percent: false, cancel, outcome, cancellable: true });
    }

    /// Import a file in the background on its own connection (one write transaction; nothing
    /// written when it is cancelled or any row is bad).
    fn start_import(&mut self, ctx: &Ctx, kind: crate::tabular::Master, path: PathBuf) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let (done, cancel) = (std::sync::Arc::new(AtomicU64::new(0)), std::sync::Arc::new(AtomicBool::new(false)));
        let (sender, outcome) = channel();
        let (db, ctx, lang) = (self.db_path.clone(), ctx.clone(), self.lang);
        let (rows, stop) = (done.clone(), cancel.clone());
        let title = t::IMPORTING.fill(lang, &[("file", &path.display())]);
        std::thread::spawn(move || {
            let result = Store::open_unchecked(&db).map_err(|error| error.to_string()).map(|mut store| {
                ops::import_file(
                    &mut store,
                    &ctx,
                    kind,
                    &path,
                    &mut || {
                        rows.fetch_add(1, Ordering::Relaxed);
                    },
                    &stop,
                )
            });
            let (text, error) = match result {
                Err(error) => (error, true),
                Ok(Ok(imported)) => {
                    let report = &imported.report;
                    let mut text = crate::i18n::cli::IMPORT_DONE
                        .fill(lang, &[("inserted", &report.inserted), ("updated", &report.updated), ("unchanged", &report.unchanged)]);
                    for warning in imported.glyph_warnings.iter().chain(&report.warnings) {
                        text.push('\n');
                        text.push_str(warning);
                    }
                    (text, false)
                }
                Ok(Err(ops::ImportFailure::Rows(errors))) => (errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"), true),
                Ok(Err(ops::ImportFailure::File(error))) => (error.to_string(), true),
                Ok(Err(ops::ImportFailure::Ops(error))) => (error.to_string(), true),
                Ok(Err(ops::ImportFailure::Cancelled)) => (t::CANCELLED.get(lang).to_string(), true),
            };
            let _ = sender.send(JobOutcome { text, error, backup_at: None, reopen: false });
        });
        self.job = Some(Job { title, done, percent: false, cancel, outcome, cancellable: true });
    }

    /// Back up in the background on its own connection (the online backup API), with progress.
    fn start_backup(&mut self, ctx: &Ctx, path: PathBuf) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let (done, cancel) = (std::sync::Arc::new(AtomicU64::new(0)), std::sync::Arc::new(AtomicBool::new(false)));
        let (sender, outcome) = channel();
        let (db, now, lang) = (self.db_path.clone(), ctx.now.clone(), self.lang);
        let (percent, stop) = (done.clone(), cancel.clone());
        let title = t::BACKING_UP.fill(lang, &[("path", &path.display())]);
        std::thread::spawn(move || {
            let result = Store::open_unchecked(&db).and_then(|store| {
                store.backup_with_progress(&path, |copied, total| {
                    percent.store((copied * 100).checked_div(total).unwrap_or(100), Ordering::Relaxed);
                    !stop.load(Ordering::Relaxed)
                })
            });
            let outcome = match result {
                Ok(()) => JobOutcome {
                    text: t::BACKED_UP.fill(lang, &[("path", &path.display())]),
                    error: false,
                    backup_at: Some(now),
                    reopen: false,
                },
                Err(_) if stop.load(Ordering::Relaxed) => {
                    JobOutcome { text: t::CANCELLED.get(lang).to_string(), error: true, backup_at: None, reopen: false }
                }
                Err(error) => JobOutcome { text: error.to_string(), error: true, backup_at: None, reopen: false },
            };
            let _ = sender.send(outcome);
        });
        self.job = Some(Job { title, done, percent: true, cancel, outcome, cancellable: true });
    }

    /// Build the demo shop into the (empty) demo file on a background thread, its percent in
    /// the job modal; Cancel stops it with nothing written (the demo then stays empty).
    fn start_demo_build(&mut self) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let (done, cancel) = (std::sync::Arc::new(AtomicU64::new(0)), std::sync::Arc::new(AtomicBool::new(false)));
        let (sender, outcome) = channel();
        let (db, lang, today) = (self.db_path.clone(), self.lang, self.today());
        let (percent, stop) = (done.clone(), cancel.clone());
        std::thread::spawn(move || {
            let result = Store::open(&db).map_err(ops::Error::from).and_then(|mut store| {
                ops::fill_demo_with_progress(&mut store, 1, &crate::store::demo::DemoSize::default(), today, &mut |_, at| {
                    percent.store(u64::from(at), Ordering::Relaxed);
                    !stop.load(Ordering::Relaxed)
                })
            });
            let outcome = match result {
                Ok(_) => JobOutcome { text: t::DEMO_READY.get(lang).to_string(), error: false, backup_at: None, reopen: true },
                Err(_) if stop.load(Ordering::Relaxed) => {
                    JobOutcome { text: t::DEMO_CANCELLED.get(lang).to_string(), error: true, backup_at: None, reopen: true }
                }
                Err(error) => JobOutcome { text: error.to_string(), error: true, backup_at: None, reopen: true },
            };
            // The window may have closed meanwhile: then no one waits for the outcome.
            let _ = sender.send(outcome);
        });
        self.job = Some(Job { title: t::BUILDING_DEMO.get(lang).to_string(), done, percent: true, cancel, outcome, cancellable: true });
    }

    /// The running job: a modal with its progress and Cancel; its outcome becomes a notice.
    fn job_ui(&mut self, ui: &mut egui::Ui) {
        use std::sync::atomic::Ordering;
        let lang = self.lang;
        let Some(job) = &self.job else { return };
        if let Ok(outcome) = job.outcome.try_recv() {
            self.job = None;
            // This frame's bars were drawn before the outcome came: draw again with it.
            ui.ctx().request_repaint();
            if outcome.reopen {
                match Store::open(&self.db_path) {
                    Ok(store) => {
                        self.store = store;
                        if !outcome.error {
                            // The restored file's chain is the one to anchor now.
                            crate::anchor::update(&self.db_path, &self.store, true);
                        }
                    }
                    Err(error) => return self.tell(error.to_string(), true),
                }
            }
            if let Some(at) = outcome.backup_at {
                self.last_backup = at.clone();
                self.remember("state.last_backup", &at, &self.user.clone(), &at);
            }
            self.generation += 1;
            self.tell(outcome.text, outcome.error);
            return;
        }
        let done = job.done.load(Ordering::Relaxed);
        egui::Modal::new(egui::Id::unique("kaidan_job")).show(ui.ctx(), |ui| {
            ui.set_min_width(420.0);
            ui.heading(&job.title);
            if job.percent {
                ui.add(egui::ProgressBar::new(done as f32 / 100.0).show_percentage());
            } else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    if done > 0 {
                        ui.label(t::ROWS_READ.fill(lang, &[("rows", &done)]));
                    }
                });
            }
            let cancelling = job.cancel.load(Ordering::Relaxed);
            if job.cancellable && ui.add_enabled(!cancelling, egui::Button::new(t::CANCEL.get(lang))).clicked() {
                job.cancel.store(true, Ordering::Relaxed);
            }
        });
        ui.ctx().request_repaint_after(Duration::from_millis(100));
    }

    /// Whether long work is running in the background.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        // Keyboard first: Ctrl+1…6 and F2…F7 open the tabs, F1 the shortcut sheet.
        let keys = [
            (egui::Key::Num1, egui::Key::F2),
            (egui::Key::Num2, egui::Key::F3),
            (egui::Key::Num3, egui::Key::F4),
            (egui::Key::Num4, egui::Key::F5),
            (egui::Key::Num5, egui::Key::F6),
            (egui::Key::Num6, egui::Key::F7),
        ];
        for (tab, (digit, function)) in Tab::ALL.into_iter().zip(keys) {
            let pressed = ui.input_mut(|input| {
                input.consume_key(egui::Modifiers::COMMAND, digit) || input.consume_key(egui::Modifiers::NONE, function)
            });
            if pressed {
                self.tab = tab;
            }
        }
        if ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::F1)) {
            self.shortcuts_open = !self.shortcuts_open;
        }
        ui.horizontal(|ui| {
            ui.heading(egui::RichText::new("kaidan 开单").strong());
            ui.separator();
            for (index, tab) in Tab::ALL.into_iter().enumerate() {
                let title = tab.title().get(lang);
                let hint = format!("Ctrl+{} / F{}", index + 1, index + 2);
                if ui.add(egui::Button::selectable(self.tab == tab, egui::RichText::new(title).size(16.0))).on_hover_text(hint).clicked() {
                    self.tab = tab;
                }
                if tab == Tab::Exceptions && self.open_exceptions > 0 {
                    ui::widgets::tag(ui, &self.open_exceptions.to_string(), ui::widgets::WARN);
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button(t::MENU.get(lang), |ui| {
                    if ui.button(t::SHORTCUTS.get(lang)).clicked() {
                        self.shortcuts_open = true;
                        ui.close();
                    }
                    if ui.button(t::SWITCH_USER.get(lang)).clicked() {
                        self.switch_user = Some((String::new(), String::new()));
                        ui.close();
                    }
                    let may_configure = crate::domain::permits(self.role, crate::domain::Permission::ChangeSettings);
                    if ui
                        .add_enabled(may_configure, egui::Button::new(t::SETTINGS.get(lang)))
                        .on_disabled_hover_text(t::NOT_ALLOWED.get(lang))
                        .clicked()
                    {
                        self.open_settings();
                        ui.close();
                    }
                    if ui.button(t::USERS.get(lang)).clicked() {
                        self.users = Some(UsersDialog { users: self.store.list_users().unwrap_or_default(), ..Default::default() });
                        ui.close();
                    }
                    if ui.button(crate::i18n::ui_audit::TITLE.get(lang)).clicked() {
                        self.audit_open = true;
                        ui.close();
                    }
                    ui.separator();
                    if ui.button(t::BACKUP_NOW.get(lang)).clicked() {
                        let name = format!("kaidan-{}.sqlite3", self.today());
                        self.backup = Some(ui::widgets::PathPicker::new(&name, true, &["sqlite3"]));
                        ui.close();
                    }
                    if ui.button(t::RESTORE.get(lang)).clicked() {
                        self.restore = Some(ui::widgets::PathPicker::new("", false, &["sqlite3"]));
                        ui.close();
                    }
                    ui.separator();
                    if ui.button(if self.dark { t::LIGHT_MODE.get(lang) } else { t::DARK_MODE.get(lang) }).clicked() {
                        self.actions.push(Action::SetDarkMode(!self.dark));
                        ui.close();
                    }
                });
                let other = if lang == Lang::En { Lang::Zh } else { Lang::En };
                if ui.button(if lang == Lang::En { "中文" } else { "English" }).on_hover_text(t::LANGUAGE.get(lang)).clicked() {
                    self.actions.push(Action::SetLanguage(other));
                }
                if self.is_demo && ui.button(t::START_OWN_SHOP.get(lang)).on_hover_text(t::START_OWN_SHOP_HINT.get(lang)).clicked() {
                    self.actions.push(Action::StartOwnShop);
                }
            });
        });
    }

    /// The gate the window opens on (see [`Gate`]).
    fn start_gate(&self, is_demo: bool, preselect: Option<&str>) -> Gate {
        if is_demo {
            return Gate::Open;
        }
        // A shop whose users cannot be read is not opened unasked.
        let Ok(users) = self.store.list_users() else {
            return Gate::SignIn { name: preselect.unwrap_or_default().to_string(), pin: String::new(), error: None };
        };
        if users.iter().any(|user| user.has_pin) {
            return Gate::SignIn { name: preselect.unwrap_or_default().to_string(), pin: String::new(), error: None };
        }
        match users.iter().find(|user| user.role == Role::Owner && user.active) {
            Some(owner) => Gate::SetOwnerPin { owner: owner.name.clone(), pin: String::new(), repeat: String::new(), error: None },
            None => Gate::Open,
        }
    }

    /// Lock the window after the owner's idle time, when any user has a PIN (not the demo).
    fn lock_when_idle(&mut self, ctx: &egui::Context) {
        if ctx.input(|input| !input.events.is_empty() || input.pointer.is_moving()) {
            self.last_input = Instant::now();
        }
        if self.gate != Gate::Open || self.is_demo {
            return;
        }
        let minutes = match self.lock_minutes {
            Some((generation, minutes)) if generation == self.generation => minutes,
            _ => {
                let minutes = self.store.get_setting("security.lock_after_minutes").ok().and_then(|m| m.parse().ok()).unwrap_or(10);
                self.lock_minutes = Some((self.generation, minutes));
                minutes
            }
        };
        if minutes == 0 {
            return;
        }
        let limit = Duration::from_secs(minutes * 60);
        let idle = self.last_input.elapsed();
        if idle < limit {
            // An untouched window draws no frames (the next is due for the 5-minute scan): wake
            // up when the time is up, so the lock is not late.
            ctx.request_repaint_after(limit - idle);
            return;
        }
        if self.store.list_users().unwrap_or_default().iter().any(|user| user.has_pin) {
            self.gate = Gate::SignIn { name: self.user.clone(), pin: String::new(), error: None };
        }
    }

    /// The sign-in screen, or the owner's first PIN: the only thing shown until it is passed.
    fn gate_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let mut signed_in: Option<(String, Role)> = None;
        egui::CentralPanel::default().show(ui, |ui| {
            let mut switch = None;
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading(egui::RichText::new("kaidan 开单").size(30.0).strong());
                ui.label(self.db_path.display().to_string());
                // The language can be chosen before anyone signs in.
                let other = if lang == Lang::En { Lang::Zh } else { Lang::En };
                if ui.button(if lang == Lang::En { "中文" } else { "English" }).on_hover_text(t::LANGUAGE.get(lang)).clicked() {
                    switch = Some(other);
                }
                ui.add_space(24.0);
            });
            if let Some(other) = switch {
                // Only for this window until someone signs in (settings are written by users).
                self.lang = other;
                self.notice = None;
            }
            let width = 320.0;
            ui.vertical_centered(|ui| {
                ui.set_max_width(width);
                match &mut self.gate {
                    Gate::Open => {}
                    Gate::SignIn { name, pin, error } => {
                        ui.heading(t::SIGN_IN.get(lang));
                        let label = ui.label(t::USER.get(lang));
                        let name_field = ui.add(egui::TextEdit::singleline(name).desired_width(width)).labelled_by(label.id);
                        let label = ui.label(t::PIN.get(lang));
                        let pin_field = ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(width)).labelled_by(label.id);
                        if name.is_empty() && !name_field.has_focus() && !pin_field.has_focus() {
                            name_field.request_focus();
                        } else if !name.is_empty() && pin.is_empty() && !name_field.has_focus() && !pin_field.has_focus() {
                            pin_field.request_focus();
                        }
                        let enter = (name_field.lost_focus() || pin_field.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if ui.button(t::SIGN_IN.get(lang)).clicked() || enter {
                            match ops::switch_user(&self.store, lang, name, pin) {
                                Ok(role) => signed_in = Some((name.trim().to_string(), role)),
                                Err(refused) => {
                                    *error = Some(refused.to_string());
                                    pin.clear();
                                }
                            }
                        }
                        if let Some(error) = error {
                            ui.label(egui::RichText::new(error.as_str()).color(ui::widgets::BLOCK));
                        }
                    }
                    Gate::SetOwnerPin { owner, pin, repeat, error } => {
                        ui.heading(t::SET_OWNER_PIN.get(lang));
                        ui.label(t::SET_OWNER_PIN_HINT.fill(lang, &[("user", owner)]));
                        let label = ui.label(t::NEW_PIN.get(lang));
                        let first = ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(width)).labelled_by(label.id);
                        let label = ui.label(t::REPEAT_PIN.get(lang));
                        let second = ui.add(egui::TextEdit::singleline(repeat).password(true).desired_width(width)).labelled_by(label.id);
                        let enter = second.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if pin.is_empty() && !first.has_focus() && !second.has_focus() {
                            first.request_focus();
                        }
                        if ui.button(t::SET_PIN.get(lang)).clicked() || enter {
                            if pin != repeat {
                                *error = Some(t::PINS_DIFFER.get(lang).to_string());
                            } else {
                                let now = now_on(self.today_override.unwrap_or_else(|| crate::local::today()));
                                match self.store.set_pin(owner, Some(pin.trim()), owner, &now) {
                                    Ok(()) => signed_in = Some((owner.clone(), Role::Owner)),
                                    Err(refused) => *error = Some(refused.to_string()),
                                }
                            }
                        }
                        if let Some(error) = error {
                            ui.label(egui::RichText::new(error.as_str()).color(ui::widgets::BLOCK));
                        }
                    }
                }
            });
        });
        if let Some((name, role)) = signed_in {
            if name != self.user {
                self.user = name;
                self.order_entry = Default::default();
                self.order_entry.restore_draft(&self.store, &self.user);
            }
            self.role = role;
            self.gate = Gate::Open;
            self.last_input = Instant::now();
            self.generation += 1;
        }
    }

    /// Treat the last input as `by` longer ago (the idle lock's clock, for tests that cannot
    /// wait ten minutes).
    #[doc(hidden)]
    pub fn backdate_last_input(&mut self, by: Duration) {
        self.last_input = self.last_input.checked_sub(by).unwrap_or(self.last_input);
    }

    /// Show a saved order in the order entry tab, as clicking it in a list does (applied
    /// after the next frame, like every action).
    pub fn open_order(&mut self, number: &str) {
        self.tab = Tab::OrderEntry;
        self.actions.push(Action::OpenOrder(number.to_string()));
    }

    /// Where the window stands: open for work, or waiting at the sign-in.
    pub fn gate(&self) -> &Gate {
        &self.gate
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.horizontal_wrapped(|ui| {
            if self.is_demo {
                ui::widgets::tag(ui, t::DEMO.get(lang), ui::widgets::WARN);
            }
            // The file name only (the whole path on hover): the status bar stays one line.
            let file = self.db_path.file_name().map(|name| name.to_string_lossy().to_string()).unwrap_or_default();
            ui.label(egui::RichText::new(file).small()).on_hover_text(self.db_path.display().to_string());
            ui.separator();
            ui.label(format!("{}: {} ({})", t::USER.get(lang), self.user, role_text(self.role, lang)));
            ui.separator();
            let color = if self.open_exceptions > 0 { ui::widgets::WARN } else { ui::widgets::OK };
            ui.label(egui::RichText::new(t::OPEN_EXCEPTIONS.fill(lang, &[("count", &self.open_exceptions)])).color(color));
            ui.separator();
            // Date and minute are enough here (the folder is in the backup dialog).
            let backup = if self.last_backup.is_empty() {
                t::NEVER.get(lang).to_string()
            } else {
                self.last_backup.replace('T', " ").chars().take(16).collect()
            };
            ui.label(format!("{}: {backup}", t::LAST_BACKUP.get(lang)));
            ui.separator();
            ui.label(format!("{}: {}", t::TODAY.get(lang), self.today()));
            if let Some(id) = self.audit_broken {
                ui.separator();
                ui.label(egui::RichText::new(crate::i18n::cli::AUDIT_BROKEN.fill(lang, &[("id", &id)])).color(ui::widgets::BLOCK).strong());
            }
        });
        if let Some(notice) = &self.notice {
            let color = if notice.error { ui::widgets::BLOCK } else { ui::widgets::OK };
            let mut dismiss = false;
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&notice.text).color(color).strong());
                if ui.small_button(t::CLOSE.get(lang)).clicked() {
                    dismiss = true;
                }
            });
            if dismiss {
                self.notice = None;
            }
        }
    }

    fn open_settings(&mut self) {
        self.settings = Some(ui::settings_dialog::SettingsDialog::open(&self.store));
    }

    fn dialogs_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        if self.shortcuts_open {
            let mut open = true;
            egui::Window::new(t::SHORTCUTS.get(lang)).id(egui::Id::unique("kaidan_shortcuts")).open(&mut open).resizable(false).show(
                ui.ctx(),
                |ui| {
                    egui::Grid::new("kaidan_shortcut_grid").num_columns(2).striped(true).show(ui, |ui| {
                        for (keys, what) in SHORTCUT_SHEET {
                            ui.label(egui::RichText::new(*keys).monospace());
                            ui.label(what.get(lang));
                            ui.end_row();
                        }
                    });
                },
            );
            self.shortcuts_open = open;
        }
        if let Some((name, pin)) = &mut self.switch_user {
            let mut close = false;
            let mut chosen = None;
            let modal = egui::Modal::new(egui::Id::unique("switch_user")).show(ui.ctx(), |ui| {
                ui.heading(t::SWITCH_USER.get(lang));
                let label = ui.label(t::USER.get(lang));
                ui.add(egui::TextEdit::singleline(name).desired_width(200.0)).labelled_by(label.id);
                let label = ui.label(t::PIN.get(lang));
                let pin_field = ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(120.0)).labelled_by(label.id);
                let enter = pin_field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button(t::OK.get(lang)).clicked() || enter {
                        chosen = Some((name.clone(), pin.clone()));
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        close = true;
                    }
                });
            });
            if let Some((name, pin)) = chosen {
                self.actions.push(Action::SwitchUser { name, pin });
                close = true;
            }
            if close || modal.should_close() {
                self.switch_user = None;
            }
        }
        if let Some(dialog) = &mut self.settings {
            match dialog.ui(ui.ctx(), lang) {
                ui::settings_dialog::Outcome::Open => {}
                ui::settings_dialog::Outcome::Closed => self.settings = None,
                ui::settings_dialog::Outcome::Save(changes) => {
                    self.actions.extend(changes.into_iter().map(|(key, value)| Action::SetSetting { key, value }));
                    self.settings = None;
                }
            }
        }
        if let Some(dialog) = &mut self.users {
            let mut close = false;
            let users = dialog.users.clone();
            let modal = egui::Modal::new(egui::Id::unique("users")).show(ui.ctx(), |ui| {
                ui.heading(t::USERS.get(lang));
                egui::Grid::new("users_grid").num_columns(3).striped(true).show(ui, |ui| {
                    for user in &users {
                        ui.label(&user.name);
                        ui.label(role_text(user.role, lang));
                        ui.label(if user.has_pin { "PIN" } else { "" });
                        ui.end_row();
                    }
                });
                ui.separator();
                // Set a PIN: one's own, or (owner) anyone's, e.g. when someone forgot theirs.
                let owner = crate::domain::permits(self.role, Permission::ManageUsers);
                if dialog.pin_for.is_empty() || !owner {
                    dialog.pin_for = self.user.clone();
                }
                ui.horizontal(|ui| {
                    if owner {
                        ui::widgets::combo(ui, "pin_for", t::SET_PIN_FOR.get(lang)).selected_text(dialog.pin_for.clone()).show_ui(
                            ui,
                            |ui| {
                                for user in &users {
                                    ui.selectable_value(&mut dialog.pin_for, user.name.clone(), &user.name);
                                }
                            },
                        );
                    } else {
                        ui.label(t::SET_PIN_FOR.get(lang));
                        ui.label(&dialog.pin_for);
                    }
                    let label = ui.label(t::NEW_PIN.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut dialog.new_pin).password(true).desired_width(120.0)).labelled_by(label.id);
                    if ui.add_enabled(!dialog.new_pin.trim().is_empty(), egui::Button::new(t::SET_PIN.get(lang))).clicked() {
                        self.actions.push(Action::SetPin { name: dialog.pin_for.clone(), pin: dialog.new_pin.trim().to_string() });
                        dialog.new_pin.clear();
                        close = true;
                    }
                });
                ui.separator();
                let label = ui.label(t::NEW_USER.get(lang));
                ui.add(egui::TextEdit::singleline(&mut dialog.name).desired_width(160.0)).labelled_by(label.id);
                ui::widgets::combo(ui, "new_user_role", t::ROLE.get(lang))
                    .selected_text(dialog.role.map(|r| role_text(r, lang)).unwrap_or("-"))
                    .show_ui(ui, |ui| {
                        for role in Role::ALL {
                            ui.selectable_value(&mut dialog.role, Some(*role), role_text(*role, lang));
                        }
                    });
                let label = ui.label(t::PIN_OPTIONAL.get(lang));
                ui.add(egui::TextEdit::singleline(&mut dialog.pin).password(true).desired_width(120.0)).labelled_by(label.id);
                ui.horizontal(|ui| {
                    let ready = !dialog.name.trim().is_empty() && dialog.role.is_some();
                    if ui.add_enabled(ready, egui::Button::new(t::ADD.get(lang))).clicked()
                        && let Some(role) = dialog.role
                    {
                        self.actions.push(Action::AddUser { name: dialog.name.trim().to_string(), role, pin: dialog.pin.clone() });
                        close = true;
                    }
                    if ui.button(t::CLOSE.get(lang)).clicked() {
                        close = true;
                    }
                });
            });
            if close || modal.should_close() {
                self.users = None;
            }
        }
        for restoring in [false, true] {
            let slot = if restoring { &mut self.restore } else { &mut self.backup };
            let Some(picker) = slot else { continue };
            let mut close = false;
            let mut chosen = None;
            let title = if restoring { t::RESTORE.get(lang) } else { t::BACKUP_NOW.get(lang) };
            let modal = egui::Modal::new(egui::Id::unique(title)).show(ui.ctx(), |ui| {
                ui.heading(title);
                if restoring {
                    ui.label(t::RESTORE_HINT.get(lang));
                }
                picker.ui(ui, lang);
                ui.horizontal(|ui| {
                    if ui.button(t::OK.get(lang)).clicked() {
                        chosen = picker.take();
                        close = true;
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        close = true;
                    }
                });
            });
            if let Some(path) = chosen {
                self.actions.push(if restoring { Action::Restore { path } } else { Action::Backup { path } });
            }
            if close || modal.should_close() {
                *slot = None;
            }
        }
    }
}

impl App {
    /// While the file is being checked: a note in the corner. When it is damaged: a modal that
    /// says so plainly and offers the newest good backup.
    fn integrity_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        match &self.integrity {
            Integrity::Ok => {}
            Integrity::Checking(_) => {
                egui::Area::new(egui::Id::unique("integrity_note")).anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0]).show(
                    ui.ctx(),
                    |ui| {
                        ui::widgets::tag(ui, t::CHECKING_FILE.get(lang), ui::widgets::INFO);
                    },
                );
            }
            Integrity::Damaged(message, backup) => {
                let (message, backup) = (message.clone(), backup.clone());
                let mut restore = None;
                egui::Modal::new(egui::Id::unique("damaged_file")).show(ui.ctx(), |ui| {
                    ui.set_max_width(560.0);
                    ui.heading(RichTextExt::strong_red(t::DAMAGED_TITLE.get(lang)));
                    ui.label(&message);
                    ui.label(t::DAMAGED_NO_WRITES.get(lang));
                    match &backup {
                        Some(path) => {
                            ui.label(t::NEWEST_BACKUP_IS.fill(lang, &[("path", &path.display())]));
                            if ui.button(t::RESTORE_THIS_BACKUP.get(lang)).clicked() {
                                restore = Some(path.clone());
                            }
                        }
                        None => {
                            ui.label(t::NO_GOOD_BACKUP.get(lang));
                        }
                    }
                });
                if let Some(path) = restore {
                    self.integrity = Integrity::Ok;
                    self.actions.push(Action::Restore { path });
                }
            }
        }
    }
}

/// Red, strong text for the damaged-file heading.
struct RichTextExt;

impl RichTextExt {
    fn strong_red(text: &str) -> egui::RichText {
        egui::RichText::new(text).strong().color(ui::widgets::BLOCK)
    }
}

/// The translated name of a role.
pub fn role_text(role: Role, lang: Lang) -> &'static str {
    crate::i18n::labels::role(role, lang)
}

/// Open a file in the system viewer, if there is one; failure is harmless (the file is saved).
fn open_in_viewer(path: &std::path::Path) {
    #[cfg(target_os = "linux")]
    let command = "xdg-open";
    #[cfg(target_os = "macos")]
    let command = "open";
    #[cfg(target_os = "windows")]
    let command = "explorer";
    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    let _ = std::process::Command::new(command).arg(path).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn();
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
        let checked = matches!(self.integrity, Integrity::Ok);
        if checked && self.background_scans && self.job.is_none() && self.last_scan.is_none_or(|at| at.elapsed() >= SCAN_INTERVAL) {
            self.start_background_scan();
        }
        self.refresh_counts();
        egui::Panel::top("tabs").show(ui, |ui| self.top_bar_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        let today = self.today();
        egui::CentralPanel::default().show(ui, |ui| {
            let mut tab_ctx = TabCtx {
                store: &self.store,
                lang: self.lang,
                user: &self.user,
                role: self.role,
                today,
                generation: self.generation,
                actions: &mut self.actions,
            };
            match self.tab {
                Tab::OrderEntry => self.order_entry.ui(ui, &mut tab_ctx),
                Tab::Exceptions => self.exceptions.ui(ui, &mut tab_ctx),
                Tab::Stock => self.stock.ui(ui, &mut tab_ctx),
                Tab::Customers => self.customers.ui(ui, &mut tab_ctx),
                Tab::Invoices => self.invoices.ui(ui, &mut tab_ctx),
                Tab::Reports => self.reports.ui(ui, &mut tab_ctx),
            }
        });
        if self.audit_open {
            let mut open = true;
            let mut tab_ctx = TabCtx {
                store: &self.store,
                lang: self.lang,
                user: &self.user,
                role: self.role,
                today,
                generation: self.generation,
                actions: &mut self.actions,
            };
            egui::Window::new(crate::i18n::ui_audit::TITLE.get(self.lang))
                .id(egui::Id::unique("kaidan_audit_window"))
                .open(&mut open)
                .default_size([1000.0, 560.0])
                .show(ui.ctx(), |ui| self.audit.ui(ui, &mut tab_ctx));
            self.audit_open = open;
        }
        self.dialogs_ui(ui);
        self.job_ui(ui);
        if checked {
            self.order_entry.persist_draft(&mut self.store, &self.user, &now_on(today));
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

/// Switch tabs programmatically (tests and keyboard shortcuts).
impl App {
    pub fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }
}
