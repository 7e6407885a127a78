//! Work that runs off the frame: the five-minute scans on their own connection, the file's
//! integrity check, prints, imports, backups and the first-start demo build, each a [`Job`] with
//! its progress, cancel button and outcome.

use super::*;

impl App {
    pub(super) fn start_background_scan(&mut self) {
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
    pub(super) fn newest_backup(&self) -> Option<PathBuf> {
        crate::store::backups::backup_folder(&self.store, &self.db_path).ok().and_then(|folder| Store::newest_good_backup(&folder))
    }

    /// Follow the start-up check; once it passes, make today's backup and let writes through.
    pub(super) fn poll_integrity(&mut self) {
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

    pub(super) fn poll_background_scan(&mut self) {
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

    pub(super) fn refresh_counts(&mut self) {
        if self.counts_generation != self.generation {
            let at = ui::fetch::At { reader: &self.reader, store: &self.store, lang: self.lang };
            self.counts_fetch.ask_once(at, self.generation, |store| store.count_open_exceptions());
        }
        if let Some((generation, count)) = self.counts_fetch.answer() {
            self.open_exceptions = count.unwrap_or(self.open_exceptions);
            self.counts_generation = generation;
        }
    }

    pub(super) fn print(&mut self, ctx: &Ctx, kind: crate::documents::DocKind, numbers: &[String], path: PathBuf) {
        // A batch (the day's dispatch slips) goes to the background with progress and Cancel.
        if numbers.len() > BACKGROUND_PRINT_FROM {
            return self.start_print(ctx, kind, numbers.to_vec(), path);
        }
        // The fonts are parsed once and lent to each print (a second print asked while one is
        // on its way parses its own).
        let printer = match self.printer.take().map_or_else(crate::print::Printer::new, Ok) {
            Ok(printer) => printer,
            Err(error) => return self.tell(error.to_string(), true),
        };
        let numbers = numbers.to_vec();
        self.write(
            true,
            move |store, ctx| {
                let result = print_and_send(store, ctx, &printer, kind, &numbers, &path, &|| false);
                (result, printer, path, numbers.len())
            },
            |app, (result, printer, path, count)| {
                app.printer = Some(printer);
                match result {
                    Ok(said) => {
                        app.generation += 1;
                        app.tell(said.text(app.lang, count, &path), false);
                        if said.sent.is_none() {
                            open_in_viewer(&path);
                        }
                    }
                    Err(error) => app.tell(error, true),
                }
            },
        );
    }

    /// Print a batch in the background on its own connection. Cancel takes effect before the
    /// file is written: then nothing is written and no print is recorded.
    pub(super) fn start_print(&mut self, ctx: &Ctx, kind: crate::documents::DocKind, numbers: Vec<String>, path: PathBuf) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let (done, cancel) = (std::sync::Arc::new(AtomicU64::new(0)), std::sync::Arc::new(AtomicBool::new(false)));
        let (sender, outcome) = channel();
        let (db, ctx, lang) = (self.db_path.clone(), ctx.clone(), self.lang);
        let stop = cancel.clone();
        let title = t::PRINTING.fill(lang, &[("count", &numbers.len()), ("path", &path.display())]);
        std::thread::spawn(move || {
            let result = Store::open_unchecked(&db).map_err(|error| error.to_string()).and_then(|mut store| {
                let printer = crate::print::Printer::new().map_err(|error| error.to_string())?;
                // Cancel counts until the file is written: checked again just before it is.
                print_and_send(&mut store, &ctx, &printer, kind, &numbers, &path, &|| stop.load(Ordering::Relaxed))
            });
            let outcome = match result {
                Ok(said) => {
                    if said.sent.is_none() {
                        open_in_viewer(&path);
                    }
                    JobOutcome { text: said.text(lang, numbers.len(), &path), error: false, backup_at: None, reopen: false }
                }
                Err(error) => JobOutcome { text: error, error: true, backup_at: None, reopen: false },
            };
            let _ = sender.send(outcome);
        });
        self.job = Some(Job { title, done, percent: false, cancel, outcome, cancellable: true });
    }

    /// Import a file in the background on its own connection (one write transaction; nothing
    /// written when it is cancelled or any row is bad).
    pub(super) fn start_import(&mut self, ctx: &Ctx, kind: crate::tabular::Master, path: PathBuf) {
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
                Ok(Err(ops::ImportFailure::Ops(error))) => (error.say(lang), true),
                Ok(Err(ops::ImportFailure::Cancelled)) => (t::CANCELLED.get(lang).to_string(), true),
            };
            let _ = sender.send(JobOutcome { text, error, backup_at: None, reopen: false });
        });
        self.job = Some(Job { title, done, percent: false, cancel, outcome, cancellable: true });
    }

    /// Back up in the background on its own connection (the online backup API), with progress.
    pub(super) fn start_backup(&mut self, ctx: &Ctx, path: PathBuf) {
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
    pub(super) fn start_demo_build(&mut self) {
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
    pub(super) fn job_ui(&mut self, ui: &mut egui::Ui) {
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
                        // The threads' connections start again on the restored shop (a server's
                        // tables were made anew under their prepared statements).
                        self.rewatch(&ui.ctx().clone());
                    }
                    Err(error) => return self.tell(error.say(self.lang), true),
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
}

/// Open a file in the system viewer, if there is one; failure is harmless (the file is saved).
/// What a print from the window did: its pages, and the job when it went to a printer.
struct Printed {
    pages: usize,
    sent: Option<crate::print::spool::Sent>,
}

impl Printed {
    fn text(&self, lang: Lang, docs: usize, path: &std::path::Path) -> String {
        let path = path.display();
        match &self.sent {
            Some(sent) => crate::i18n::print::SENT_TO_PRINTER
                .fill(lang, &[("docs", &docs), ("pages", &self.pages), ("printer", &sent.printer), ("job", &sent.job), ("path", &path)]),
            None => crate::i18n::print::SAVED_PAGES.fill(lang, &[("docs", &docs), ("pages", &self.pages), ("path", &path)]),
        }
    }
}

/// Print `numbers` into `path` and, when the settings name a printer for the kind, hand the PDF
/// to it (a printer refusing the job leaves the PDF but records no print).
fn print_and_send(
    store: &mut Store,
    ctx: &Ctx,
    printer: &crate::print::Printer,
    kind: crate::documents::DocKind,
    numbers: &[String],
    path: &std::path::Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<Printed, String> {
    let queue = crate::documents::printer_for(store, kind).map_err(|error| error.to_string())?;
    let mut sent = None;
    let title = crate::print::spool::job_title(kind.as_str(), numbers);
    let write = |bytes: &[u8]| {
        if cancelled() {
            return Err(t::CANCELLED.get(ctx.lang).to_string());
        }
        std::fs::write(path, bytes).map_err(|error| format!("{}: {error}", path.display()))?;
        if let Some(queue) = &queue {
            sent = Some(crate::print::spool::send(path, queue, &title, ctx.lang)?);
        }
        Ok(())
    };
    let pages = crate::documents::print(store, ctx, printer, kind, numbers, write).map_err(|error| error.to_string())?;
    Ok(Printed { pages, sent })
}

pub(super) fn open_in_viewer(path: &std::path::Path) {
    #[cfg(target_os = "linux")]
    let command = "xdg-open";
    #[cfg(target_os = "macos")]
    let command = "open";
    #[cfg(target_os = "windows")]
    let command = "explorer";
    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    let _ = std::process::Command::new(command).arg(path).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn();
}
