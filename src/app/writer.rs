//! The window's writes, off its thread. Every action that writes (and the reads that must
//! follow a write in order, such as opening an order) goes through [`App::write`]: in the real
//! window it runs on a thread of the window's own with its own connection, one after another in
//! the order they were asked, and what it came to is said back on the window's thread. Meanwhile
//! the window goes on drawing and taking keystrokes, and says "Saving…" (with the seconds once
//! it takes longer than a moment: another counter holds the shop or the server is slow). Tests
//! that step frames write inline on the window's own connection.

use super::*;
use std::sync::mpsc::Sender;

/// What a write came to, said on the window's thread.
pub(super) type Then = Box<dyn FnOnce(&mut App) + Send>;

/// One write asked of the thread: given the shop (or why it could not be opened), it says
/// what to do on the window's thread.
type Work = Box<dyn FnOnce(Result<&mut Store, String>) -> Then + Send>;

/// The writing thread of one window.
pub(super) struct Writer {
    jobs: Sender<(Work, bool)>,
}

/// What every write of a window came to, whichever writing thread made it (the window keeps
/// one for all of them, so a thread replaced by another — a new shop — still reports back).
pub(super) struct WriteResults {
    outbox: Sender<Then>,
    done: Receiver<Then>,
}

impl Default for WriteResults {
    fn default() -> Self {
        let (outbox, done) = channel();
        WriteResults { outbox, done }
    }
}

/// What a write that could not be made comes to: the reason said, and the order form free to
/// save again (its save never came to anything).
fn failed(reason: String) -> Then {
    Box::new(move |app: &mut App| {
        app.tabs.order_entry.save_done();
        app.tell(reason, true);
    })
}

/// What a write that panicked comes to (said in the window's language).
fn lost() -> Then {
    Box::new(|app: &mut App| {
        app.tabs.order_entry.save_done();
        let text = crate::i18n::ui::WRITE_LOST.get(app.lang);
        app.tell(text, true);
    })
}

impl Writer {
    /// Start the thread on the shop at `db`, reporting to `outbox`; `wake` asks the window to
    /// draw what came back.
    pub(super) fn start(db: PathBuf, outbox: Sender<Then>, wake: impl Fn() + Send + 'static) -> Option<Writer> {
        let (jobs, inbox) = channel::<(Work, bool)>();
        let spawned = std::thread::Builder::new().name("kaidan-write".into()).spawn(move || {
            let mut store: Option<Store> = None;
            while let Ok((work, anchor)) = inbox.recv() {
                // Opened on the first write, and again after a failed opening (the server may be back).
                let mut failed_open = String::new();
                if store.is_none() {
                    match Store::open_unchecked(&db) {
                        Ok(opened) => store = Some(opened),
                        Err(error) => failed_open = error.to_string(),
                    }
                }
                let then = match store.as_mut() {
                    Some(store) => {
                        // A write that panics rolls back (its transaction is dropped) and is
                        // said; the thread goes on with the next.
                        let then =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(Ok(&mut *store)))).unwrap_or_else(|_| lost());
                        // The window's writes move the audit chain's anchor too (see `crate::anchor`).
                        if anchor {
                            crate::anchor::update(&db, store, false);
                        }
                        then
                    }
                    None => work(Err(failed_open)),
                };
                if outbox.send(then).is_err() {
                    return;
                }
                wake();
            }
        });
        spawned.ok().map(|_| Writer { jobs })
    }
}

impl App {
    /// Write with `work` (on the writing thread, or inline in tests), then do `then` with what
    /// it came to on the window's thread. `anchor`: the write touches the books (a draft does
    /// not), so the audit chain's anchor follows it.
    pub(super) fn write<R: Send + 'static>(
        &mut self,
        anchor: bool,
        work: impl FnOnce(&mut Store, &Ctx) -> R + Send + 'static,
        then: impl FnOnce(&mut App, R) + Send + 'static,
    ) {
        let ctx = self.ctx();
        let Some(writer) = &self.writer else {
            let result = work(&mut self.store, &ctx);
            self.wrote |= anchor;
            return then(self, result);
        };
        let job: Work = Box::new(move |store| match store {
            Ok(store) => {
                let result = work(store, &ctx);
                Box::new(move |app: &mut App| then(app, result))
            }
            Err(error) => failed(error),
        });
        match writer.jobs.send((job, anchor)) {
            Ok(()) => {
                if self.in_flight == 0 {
                    self.in_flight_since = Some(Instant::now());
                }
                self.in_flight += 1;
            }
            // The thread is gone: write here from now on.
            Err(refused) => {
                self.writer = None;
                let then = (refused.0.0)(Ok(&mut self.store));
                if refused.0.1 {
                    crate::anchor::update(&self.db_path, &self.store, false);
                }
                then(self);
            }
        }
    }

    /// Say what the writes that came back came to (each frame; nothing waits).
    pub(super) fn poll_writes(&mut self) {
        loop {
            let Ok(then) = self.write_results.done.try_recv() else { return };
            self.in_flight = self.in_flight.saturating_sub(1);
            self.in_flight_since = if self.in_flight == 0 { None } else { Some(Instant::now()) };
            then(self);
        }
    }

    /// Write on a thread of the window's own from now on (the real window does from the start;
    /// a test may ask for it). Writes still on their way on an earlier thread are made there
    /// and still come back.
    pub fn write_off_thread(&mut self, ctx: &egui::Context) {
        let wake = ctx.clone();
        self.writer = Writer::start(self.db_path.clone(), self.write_results.outbox.clone(), move || wake.request_repaint());
    }

    /// Whether writes of this window are on their way.
    pub fn is_saving(&self) -> bool {
        self.in_flight > 0
    }

    /// "Saving…" while writes are on their way, with the seconds once it takes a while.
    pub(super) fn saving_ui(&self, ui: &mut egui::Ui) {
        let Some(since) = self.in_flight_since else { return };
        let waited = since.elapsed();
        ui.separator();
        ui.spinner();
        let text = if waited < Duration::from_secs(1) {
            t::SAVING.get(self.lang).to_string()
        } else {
            t::SAVING_WAITS.fill(self.lang, &[("seconds", &waited.as_secs())])
        };
        ui.label(egui::RichText::new(text).color(ui::widgets::WARN));
        ui.ctx().request_repaint_after(Duration::from_millis(250));
    }
}
