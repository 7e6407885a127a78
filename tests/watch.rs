//! Other counters' writes reach a window: the watcher (`store::watch`) that every window runs
//! notices a write made through another connection within a couple of seconds, on a SQLite file
//! (data_version and the books' fingerprint) and on a server database (LISTEN/NOTIFY, when
//! `KAIDAN_TEST_POSTGRES` names one). A colleague's kept draft alone reloads nothing.

mod common;

use kaidan::store::Store;
use kaidan::store::watch::Watcher;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").expect("date")
}

/// Whether the watcher reports a change within `within`.
fn noticed(watcher: &Watcher, within: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < within {
        if watcher.take() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn another_counters_write_is_noticed_within_seconds_and_a_draft_is_not() {
    let dir = tempfile::tempdir().expect("dir");
    let path = common::shop_db(dir.path());
    common::seed_shop(&path, today(), None, &[("P1", "Hinge", "10", "5")]);
    let wakes = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&wakes);
    let watcher = Watcher::start(&path, move || {
        counted.fetch_add(1, Ordering::SeqCst);
    });
    // The watcher takes its first look (or starts listening) before anything is written.
    std::thread::sleep(Duration::from_millis(1500));
    let mut store = Store::open(&path).expect("another counter's connection");
    let clerk =
        kaidan::ops::ctx_for(&store, "admin", today(), format!("{}T10:00:00", common::TODAY), kaidan::i18n::Lang::En).expect("admin");
    assert!(!watcher.take(), "nothing written yet");

    if common::server().is_none() {
        // A draft kept as someone types is not news for the other windows. (On a server the
        // notification channel is the database's, shared with the tests running beside this one.)
        kaidan::ops::keep_draft(&mut store, &clerk, "order", Some("{\"customer\": \"C1\"}")).expect("draft");
        assert!(!noticed(&watcher, Duration::from_millis(1500)), "a draft reloaded the window");
    }

    kaidan::ops::receive(&mut store, &clerk, "P1", "3".parse().expect("qty"), "PO-1").expect("receive");
    assert!(noticed(&watcher, Duration::from_secs(5)), "a receipt at another counter was not noticed");
    assert!(wakes.load(Ordering::SeqCst) >= 1, "the window was not woken to repaint");

    // And again for the next write: the watch goes on.
    let order = kaidan::domain::order::OrderInput {
        customer: "C1".into(),
        lines: vec![kaidan::domain::order::LineInput { sku: "P1".into(), qty: "1".parse().expect("qty"), ..Default::default() }],
        ..Default::default()
    };
    kaidan::ops::submit_order(&mut store, &clerk, &order).expect("submit");
    assert!(noticed(&watcher, Duration::from_secs(5)), "an order from another counter was not noticed");
}
