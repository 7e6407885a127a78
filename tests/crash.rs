//! Crash safety: `kaidan stress` (submit → confirm → ship in a loop, one flushed line after each
//! committed step) is killed with SIGKILL at a different moment in every round, on one database
//! that accumulates across rounds. After every kill the file must pass `PRAGMA integrity_check`,
//! every step the child reported must still be there (a reported `saved` order exists, a
//! `confirmed` one is confirmed or further, a `shipped` one is shipped at least in part), and
//! the books must balance: on hand equals the ledger sum, reserved equals the open confirmed
//! quantities, nothing is shipped beyond what was ordered, and order and shipment numbers are
//! gap-free. Rounds: 40, or `KAIDAN_CRASH_ROUNDS`.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Kills when `KAIDAN_CRASH_ROUNDS` is not set.
const DEFAULT_ROUNDS: usize = 40;

/// At most this many progress lines are read before a kill (at least one).
const MAX_LINES: u64 = 30;

/// A child that prints nothing for this long is hung: the test fails instead of waiting forever.
const LINE_TIMEOUT: Duration = Duration::from_secs(30);

/// splitmix64 of `x`: how many lines to wait for in a round, the same in every run.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Every step the children reported, over all rounds.
#[derive(Debug, Default)]
struct Reported {
    saved: BTreeSet<String>,
    confirmed: BTreeSet<String>,
    shipped: BTreeSet<String>,
    steps: usize,
}

impl Reported {
    /// Take one progress line (`saved SO-… open`, `confirmed SO-…`, `shipped SO-…`; others ignored).
    fn record(&mut self, line: &str) {
        let mut words = line.split_whitespace();
        let set = match words.next() {
            Some("saved") => &mut self.saved,
            Some("confirmed") => &mut self.confirmed,
            Some("shipped") => &mut self.shipped,
            _ => return,
        };
        if let Some(number) = words.next() {
            set.insert(number.to_string());
            self.steps += 1;
        }
    }
}

fn rows<T>(conn: &rusqlite::Connection, sql: &str, map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> Vec<T> {
    let mut statement = conn.prepare(sql).unwrap_or_else(|error| panic!("{error}: {sql}"));
    let values = statement.query_map([], map).and_then(|mapped| mapped.collect::<rusqlite::Result<Vec<T>>>());
    values.unwrap_or_else(|error| panic!("{error}: {sql}"))
}

fn scalar(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap_or_else(|error| panic!("{error}: {sql}"))
}

/// Check the database after a kill; returns how many orders it holds.
fn check_database(db: &Path, reported: &Reported, round: usize) -> usize {
    let conn = rusqlite::Connection::open(db).expect("open the database after the kill");
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("integrity_check");
    assert_eq!(integrity, "ok", "round {round}: integrity_check");

    let statuses: HashMap<String, String> =
        rows(&conn, "SELECT number, status FROM orders", |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .into_iter()
            .collect();
    for number in &reported.saved {
        assert!(statuses.contains_key(number), "round {round}: {number} was reported saved but is missing");
    }
    for number in &reported.confirmed {
        let status = statuses.get(number).map(String::as_str).unwrap_or("missing");
        assert!(
            matches!(status, "confirmed" | "partially_shipped" | "shipped"),
            "round {round}: {number} was reported confirmed but is {status}"
        );
    }
    for number in &reported.shipped {
        let status = statuses.get(number).map(String::as_str).unwrap_or("missing");
        assert!(matches!(status, "partially_shipped" | "shipped"), "round {round}: {number} was reported shipped but is {status}");
    }

    let ledger = rows(
        &conn,
        "SELECT p.sku, p.on_hand, IFNULL((SELECT SUM(m.qty) FROM stock_movements m WHERE m.product_id = p.id), 0) FROM products p",
        |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?)),
    );
    for (sku, on_hand, sum) in &ledger {
        assert_eq!(on_hand, sum, "round {round}: {sku} on hand differs from the sum of its ledger");
    }

    let reserved = rows(
        &conn,
        "SELECT p.sku, p.reserved, IFNULL((SELECT SUM(l.qty - l.shipped_qty) FROM order_lines l JOIN orders o ON o.id = l.order_id
             WHERE l.product_id = p.id AND o.status IN ('confirmed', 'partially_shipped')), 0) FROM products p",
        |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?)),
    );
    for (sku, reserved, open) in &reserved {
        assert_eq!(reserved, open, "round {round}: {sku} reserved differs from the open confirmed quantities");
    }

    let lines = rows(
        &conn,
        "SELECT o.number, l.line_no, l.qty, l.shipped_qty, IFNULL((SELECT SUM(s.qty) FROM shipment_lines s WHERE s.order_line_id = l.id), 0)
         FROM order_lines l JOIN orders o ON o.id = l.order_id",
        |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?, row.get::<_, i64>(4)?)),
    );
    for (number, line_no, qty, shipped, in_shipments) in &lines {
        assert!(shipped <= qty, "round {round}: {number} line {line_no} shipped {shipped} of {qty}");
        assert_eq!(shipped, in_shipments, "round {round}: {number} line {line_no} shipped_qty differs from its shipment lines");
    }

    let count = scalar(&conn, "SELECT COUNT(*) FROM orders");
    let last = scalar(&conn, "SELECT IFNULL(MAX(last), 0) FROM sequences WHERE kind = 'order'");
    let highest: Option<String> = conn.query_row("SELECT MAX(number) FROM orders", [], |row| row.get(0)).expect("max number");
    let highest_sequence =
        highest.as_deref().map(|number| number.rsplit('-').next().and_then(|tail| tail.parse::<i64>().ok()).unwrap_or(-1)).unwrap_or(0);
    assert_eq!(highest_sequence, last, "round {round}: the highest order number {highest:?} does not match sequences.last");
    assert_eq!(count, last, "round {round}: {count} orders but the order sequence is at {last}: a gap or a reuse");
    let shipments = scalar(&conn, "SELECT COUNT(*) FROM shipments");
    let shipment_last = scalar(&conn, "SELECT IFNULL(MAX(last), 0) FROM sequences WHERE kind = 'shipment'");
    assert_eq!(shipments, shipment_last, "round {round}: shipment numbers are not gap-free");
    statuses.len()
}

#[test]
fn killed_at_any_moment_the_database_stays_consistent() {
    let rounds = std::env::var("KAIDAN_CRASH_ROUNDS").ok().and_then(|value| value.trim().parse::<usize>().ok()).unwrap_or(DEFAULT_ROUNDS);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crash.sqlite3");
    let db_arg = db.to_str().expect("utf-8 temp path").to_string();
    let binary = assert_cmd::cargo::cargo_bin("kaidan");
    let started = Instant::now();
    let mut reported = Reported::default();
    let mut orders = 0;
    for round in 0..rounds {
        let target = 1 + mix(round as u64) % MAX_LINES;
        let mut child = Command::new(&binary)
            .args(["--db", &db_arg, "--lang", "en", "stress", "--seed", &round.to_string(), "--orders", "100000"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kaidan stress");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let (sender, receiver) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    // A line without its newline was cut by the kill: not a report of a step.
                    Ok(_) if !line.ends_with('\n') => break,
                    Ok(_) => {
                        if sender.send(line.trim_end().to_string()).is_err() {
                            break;
                        }
                    }
                }
            }
        });

        let mut seen = 0;
        let mut ended_by_itself = false;
        while seen < target {
            match receiver.recv_timeout(LINE_TIMEOUT) {
                Ok(line) => {
                    reported.record(&line);
                    seen += 1;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("round {round}: no progress line for {LINE_TIMEOUT:?} (after {seen} lines)");
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    ended_by_itself = true;
                    break;
                }
            }
        }
        if !ended_by_itself {
            // std's Child::kill is SIGKILL on Unix: no destructor, no flush, no rollback by us.
            child.kill().expect("SIGKILL the stress run");
        }
        let status = child.wait().expect("reap the stress run");
        reader.join().expect("stdout reader");
        // Lines the child wrote after our last read and before it died also report committed steps.
        while let Ok(line) = receiver.try_recv() {
            reported.record(&line);
        }
        let mut errors = String::new();
        let _ = stderr.read_to_string(&mut errors);
        assert!(!ended_by_itself, "round {round}: the stress run ended by itself after {seen} lines ({status}): {errors}");
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "round {round}: the stress run was not killed but ended with {status}: {errors}");
        }

        orders = check_database(&db, &reported, round);
    }

    // The crate's own checks agree: healthy file, current schema, no ledger mismatch.
    kaidan::store::verify_file(&db).expect("verify_file after the last kill");
    let store = kaidan::store::Store::open(&db).expect("kaidan opens the file after the last kill");
    assert!(store.ledger_mismatches().expect("ledger check").is_empty(), "ledger mismatches after the last kill");
    assert!(reported.saved.len() <= orders, "more orders reported than stored");

    let summary = format!("crash test: {rounds} kills survived, {orders} orders checked");
    println!("{summary}");
    eprintln!("{summary}");
    eprintln!(
        "crash test: {} committed steps reported ({} saved, {} confirmed, {} shipped) in {:.1} s",
        reported.steps,
        reported.saved.len(),
        reported.confirmed.len(),
        reported.shipped.len(),
        started.elapsed().as_secs_f64()
    );
}
