//! Reading the shop for the window without making the window wait. A tab asks for what it shows
//! ([`Fetch::ask`]) and takes the answer when it has come ([`Fetch::answer`]); meanwhile it
//! draws what it had, with "Loading…". In the real window the reads run in order on one thread
//! of the window's own, with its own connection ([`Reader::start`]): on a server each read is a
//! round trip, and a busy or vanished server makes that thread wait, never the window. Tests
//! that step frames read inline on the window's connection, so an answer is there in the same
//! frame it was asked in.

use crate::store::Store;
use std::fmt::Display;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// One read asked of the thread: given the shop (or why it could not be opened).
type Job = Box<dyn FnOnce(Result<&Store, &str>) + Send>;

/// Where the window's reads run.
#[derive(Default)]
pub enum Reader {
    /// On the window's own connection, at once (tests that step frames).
    #[default]
    Inline,
    /// On the window's reading thread; `wake` asks the window to draw the answer.
    Thread { jobs: Sender<Job> },
}

impl Reader {
    /// Start the reading thread on the shop at `db`.
    pub fn start(db: PathBuf, wake: impl Fn() + Send + Sync + 'static) -> Reader {
        let (jobs, inbox) = channel::<Job>();
        let wake = std::sync::Arc::new(wake);
        let spawned = std::thread::Builder::new().name("kaidan-read".into()).spawn(move || {
            let mut store: Option<Store> = None;
            let mut failed = String::new();
            while let Ok(job) = inbox.recv() {
                // Opened on the first read, and again after a failed opening (the server may be back).
                if store.is_none() {
                    match Store::open_unchecked(&db) {
                        Ok(opened) => store = Some(opened),
                        Err(error) => failed = error.to_string(),
                    }
                }
                // A read that panics loses its own answer (said as such), not the thread.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &store {
                    Some(store) => job(Ok(store)),
                    None => job(Err(&failed)),
                }));
                wake();
            }
        });
        match spawned {
            Ok(_) => Reader::Thread { jobs },
            // No thread to be had: read on the window's own.
            Err(_) => Reader::Inline,
        }
    }

    /// Whether reads run on the reading thread.
    pub fn is_threaded(&self) -> bool {
        matches!(self, Reader::Thread { .. })
    }
}

/// Where a read is asked: the reader, the window's own connection (read inline) and the
/// language its failure is said in.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub reader: &'a Reader,
    pub store: &'a Store,
    pub lang: crate::i18n::Lang,
}

/// One read a view keeps asking for (its rows, its card): the answer on its way, if any, with
/// the key it was asked at (the data generation, a record id, what the filters were).
pub struct Fetch<T, K = u64> {
    asked: Option<(K, Receiver<Result<T, String>>)>,
    /// The language a lost answer is said in.
    lang: crate::i18n::Lang,
}

impl<T, K> Default for Fetch<T, K> {
    fn default() -> Self {
        Fetch { asked: None, lang: crate::i18n::Lang::En }
    }
}

impl<T, K: std::fmt::Debug> std::fmt::Debug for Fetch<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetch").field("waiting_for", &self.asked.as_ref().map(|(key, _)| key)).finish()
    }
}

impl<T: Send + 'static, K: Clone + PartialEq> Fetch<T, K> {
    /// Ask for `read` at `key` (the answer to an earlier ask still on its way is dropped):
    /// inline on `store`, or on the reading thread.
    pub fn ask<E: Display>(&mut self, at: At<'_>, key: K, read: impl FnOnce(&Store) -> Result<T, E> + Send + 'static) {
        let At { reader, store, lang } = at;
        self.lang = lang;
        let (answer, answered) = channel();
        match reader {
            Reader::Inline => {
                let _ = answer.send(read(store).map_err(|error| error.to_string()));
            }
            Reader::Thread { jobs } => {
                let job: Job = Box::new(move |store| {
                    let result = match store {
                        Ok(store) => read(store).map_err(|error| error.to_string()),
                        Err(failed) => Err(failed.to_string()),
                    };
                    let _ = answer.send(result);
                });
                if let Err(refused) = jobs.send(job) {
                    // The thread is gone: read here rather than never.
                    (refused.0)(Ok(store));
                }
            }
        }
        self.asked = Some((key, answered));
    }

    /// Ask unless an answer for `key` is already on its way.
    pub fn ask_once<E: Display>(&mut self, at: At<'_>, key: K, read: impl FnOnce(&Store) -> Result<T, E> + Send + 'static) {
        if self.waiting_for() != Some(&key) {
            self.ask(at, key, read);
        }
    }

    /// The answer and the key it was asked at, once it has come.
    pub fn answer(&mut self) -> Option<(K, Result<T, String>)> {
        let (_, answered) = self.asked.as_ref()?;
        let result = match answered.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(crate::i18n::ui::READ_LOST.get(self.lang).to_string()),
        };
        self.asked.take().map(|(key, _)| (key, result))
    }

    /// The key of the answer on its way, if any.
    pub fn waiting_for(&self) -> Option<&K> {
        self.asked.as_ref().map(|(key, _)| key)
    }

    /// Whether an answer is on its way.
    pub fn is_waiting(&self) -> bool {
        self.asked.is_some()
    }

    /// Drop the answer on its way (what it was for is gone).
    pub fn forget(&mut self) {
        self.asked = None;
    }
}

/// "Loading…", weak, shown while an answer is on its way.
pub fn loading_ui(ui: &mut egui::Ui, lang: crate::i18n::Lang) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.weak(crate::i18n::ui::LOADING.get(lang));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_answers_at_once_and_the_thread_answers_later_in_order() {
        let store = Store::open_in_memory().expect("store");
        let mut fetch = Fetch::default();
        fetch.ask(At { reader: &Reader::Inline, store: &store, lang: crate::i18n::Lang::En }, 3, |store| store.list_customers());
        let (key, rows) = fetch.answer().expect("inline answers in the same frame");
        assert_eq!(key, 3);
        assert!(rows.expect("rows").is_empty());
        assert!(fetch.answer().is_none(), "one answer per ask");

        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("shop.sqlite3");
        drop(Store::open(&path).expect("file"));
        let reader = Reader::start(path, || {});
        let at = At { reader: &reader, store: &store, lang: crate::i18n::Lang::En };
        let mut first = Fetch::default();
        let mut second = Fetch::default();
        first.ask(at, 1, |store| store.count_open_exceptions());
        second.ask(at, 2, |store| store.list_products());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut answers = (None, None);
        while (answers.0.is_none() || answers.1.is_none()) && std::time::Instant::now() < deadline {
            if let Some(answer) = first.answer() {
                answers.0 = Some(answer);
            }
            if let Some(answer) = second.answer() {
                answers.1 = Some(answer);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(answers.0.map(|(key, count)| (key, count.expect("count"))), Some((1, 0)));
        assert_eq!(answers.1.map(|(key, rows)| (key, rows.expect("rows").len())), Some((2, 0)));
    }

    #[test]
    fn a_shop_that_cannot_be_opened_is_an_error_answer_not_a_hang() {
        let dir = tempfile::tempdir().expect("dir");
        // A folder is no shop file.
        let reader = Reader::start(dir.path().to_path_buf(), || {});
        let store = Store::open_in_memory().expect("store");
        let mut fetch = Fetch::default();
        fetch.ask(At { reader: &reader, store: &store, lang: crate::i18n::Lang::En }, 1, |store| store.list_customers());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let answer = loop {
            if let Some(answer) = fetch.answer() {
                break answer;
            }
            assert!(std::time::Instant::now() < deadline, "no answer");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert!(answer.1.is_err());
    }
}
