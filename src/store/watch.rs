//! Noticing what other counters write, so every window shows it within a second or two without
//! querying the database each frame. A thread with its own connection watches the shop:
//!
//! - on a SQLite file it reads `PRAGMA data_version` (which moves when another connection
//!   commits) twice a second and, when it moved, a fingerprint of the books — the newest id of
//!   each log table and the change notes the triggers keep — so a colleague's typing (the kept
//!   order draft) does not reload every list here;
//! - on a server database it LISTENs to `kaidan_changed`, which the schema's statement triggers
//!   NOTIFY at the commit of any write to the books (drafts left out).
//!
//! The window asks [`Watcher::take`] once a frame (an atomic flag, no query) and reloads what it
//! shows when it is set; the thread wakes the window through `wake`.

use super::db::Db;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often a file is looked at; how long a server connection waits for a notification
/// before looking at its stop flag.
const TICK: Duration = Duration::from_millis(500);

/// What a file's fingerprint reads: the newest row of each table that every kind of write adds
/// to, and the change notes the triggers keep.
const FINGERPRINT: &str = "SELECT (SELECT MAX(id) FROM audit_log), (SELECT MAX(id) FROM order_events),
    (SELECT MAX(id) FROM exception_events), (SELECT MAX(id) FROM exceptions), (SELECT MAX(id) FROM stock_movements),
    (SELECT MAX(id) FROM orders), (SELECT MAX(id) FROM shipments), (SELECT MAX(id) FROM invoices),
    (SELECT MAX(id) FROM payments), (SELECT MAX(id) FROM refunds), (SELECT MAX(id) FROM credit_notes),
    (SELECT MAX(id) FROM approvals), (SELECT SUM(n) FROM change_counters), (SELECT COUNT(*) FROM check_dirty),
    (SELECT COUNT(*) FROM invoice_scan_dirty)";

/// A running watch on one shop; stops when dropped.
pub struct Watcher {
    changed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl Watcher {
    /// Watch the shop at `db` (a file or a server URL); `wake` is called from the watching
    /// thread after each change found (the window asks for a repaint).
    pub fn start(db: &Path, wake: impl Fn() + Send + 'static) -> Watcher {
        let changed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (flag, halt, db) = (Arc::clone(&changed), Arc::clone(&stop), db.to_path_buf());
        let spawned = std::thread::Builder::new().name("kaidan-watch".into()).spawn(move || {
            let found = || {
                flag.store(true, Ordering::Release);
                wake();
            };
            match super::server_url(&db) {
                Some(url) => listen(url, &halt, found),
                None => poll(&db, &halt, found),
            }
        });
        // Without the thread the window still shows its own writes and the scans' results.
        drop(spawned);
        Watcher { changed, stop }
    }

    /// Whether another connection changed the books since the last call.
    pub fn take(&self) -> bool {
        self.changed.swap(false, Ordering::AcqRel)
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

/// Watch a SQLite file until `stop`.
fn poll(path: &PathBuf, stop: &AtomicBool, found: impl Fn()) {
    let mut conn = None;
    let mut version = None;
    let mut print: Option<Vec<Option<i64>>> = None;
    while !stop.load(Ordering::Acquire) {
        std::thread::sleep(TICK);
        if conn.is_none() {
            conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok();
        }
        let Some(open) = &conn else { continue };
        let Ok(now) = open.query_row("PRAGMA data_version", [], |row| row.get::<_, i64>(0)) else {
            conn = None;
            continue;
        };
        if version == Some(now) {
            continue;
        }
        version = Some(now);
        let Ok(fresh) = open.query_row(FINGERPRINT, [], |row| (0..15).map(|at| row.get::<_, Option<i64>>(at)).collect()) else {
            continue;
        };
        if print.as_ref().is_some_and(|old| *old != fresh) {
            found();
        }
        print = Some(fresh);
    }
}

/// Listen to a server database until `stop`; a lost connection is made again.
fn listen(url: &str, stop: &AtomicBool, found: impl Fn()) {
    use postgres::fallible_iterator::FallibleIterator;
    while !stop.load(Ordering::Acquire) {
        let Ok(mut client) = Db::listener(url) else {
            std::thread::sleep(TICK * 4);
            continue;
        };
        if client.batch_execute("LISTEN kaidan_changed").is_err() {
            std::thread::sleep(TICK * 4);
            continue;
        }
        while !stop.load(Ordering::Acquire) {
            let heard = client.notifications().timeout_iter(TICK).next().map(|note| note.is_some());
            match heard {
                Ok(true) => {
                    // What else arrived with it is the same news.
                    let drained: Result<(), postgres::Error> = (|| {
                        let mut notifications = client.notifications();
                        let mut pending = notifications.iter();
                        while pending.next()?.is_some() {}
                        Ok(())
                    })();
                    found();
                    if drained.is_err() {
                        break;
                    }
                }
                Ok(false) => {}
                Err(_) => break,
            }
            if client.is_closed() {
                break;
            }
        }
    }
}
