//! The counters' load workload for the hidden `kaidan load` command: one process is one counter
//! of a busy shop. Until its time is up it takes orders of one to three lines of a small shared
//! range of products with scarce stock, and carries each as far as the shop allows — submit,
//! confirm, ship, invoice, pay — now and then booking a delivery of stock in. Every step goes
//! through the same `ops` functions as the window and the command line. A refusal (not enough
//! stock to ship at that moment, an order waiting for stock) is part of the day, counted apart
//! from an error (which would be a bug or a lost connection).
//!
//! It prints one JSON object: per step, how many went through, how many were refused, how many
//! failed, and every latency in microseconds — the test and the bench add up the counters,
//! compare them with the books and report throughput and p99. Nothing here reads the clock but
//! to time the steps and to stop.

use crate::domain::master::{Customer, Product};
use crate::domain::order::{LineInput, OrderInput};
use crate::domain::rng::Rng;
use crate::domain::{OrderStatus, PaymentMethod};
use crate::i18n::Lang;
use crate::ops::{self, Ctx};
use crate::store::Store;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The customers the counters sell to (no credit limit: the load is about stock and numbers).
pub const CUSTOMERS: [&str; 4] = ["L1", "L2", "L3", "L4"];

/// How many products share the scarce stock.
pub const PRODUCTS: usize = 12;

/// Opening stock of each product: a few orders' worth, so shipments compete for it.
pub const OPENING_STOCK: i64 = 40;

/// The day every step is dated.
const DAY: (i32, u32, u32) = (2026, 11, 20);

/// The SKU of product `index` (0-based): `K01`, `K02`, …
pub fn sku(index: usize) -> String {
    format!("K{:02}", index + 1)
}

/// What happened to one kind of step in a run.
#[derive(Debug, Default, Serialize, serde::Deserialize, Clone)]
pub struct StepStats {
    pub ok: u64,
    pub refused: u64,
    pub failed: u64,
    /// Microseconds of every step that went through or was refused.
    pub micros: Vec<u64>,
    /// The first few failures' messages.
    pub errors: Vec<String>,
}

/// One counter's run: steps by name (`submit`, `confirm`, `ship`, `invoice`, `pay`, `receive`).
#[derive(Debug, Default, Serialize, serde::Deserialize)]
pub struct Report {
    pub seconds: f64,
    pub steps: BTreeMap<String, StepStats>,
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap_or_default()
}

fn ctx(store: &Store) -> Result<Ctx, String> {
    ops::ctx_for(store, "admin", day(), format!("{}T12:00:00", day()), Lang::En).map_err(|error| error.to_string())
}

/// Make the shop the counters work in (customers, products with their opening stock) on the
/// database at `db`; run once before the counters start.
pub fn setup(db: &Path) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|error| error.to_string())?;
    let ctx = ctx(&store)?;
    for code in CUSTOMERS {
        let customer = Customer {
            code: code.to_string(),
            name: format!("Counter customer {code}"),
            phone: "13800138000".to_string(),
            address: "1 Market Street".to_string(),
            payment_terms_days: 30,
            ..Customer::default()
        };
        ops::save_customer(&mut store, &ctx, &customer).map_err(|error| error.to_string())?;
    }
    for index in 0..PRODUCTS {
        let product = Product {
            sku: sku(index),
            name: format!("Scarce item {}", index + 1),
            unit: "pcs".to_string(),
            price: Decimal::new(1000 + 125 * index as i64, 2),
            active: true,
            ..Product::default()
        };
        ops::save_product(&mut store, &ctx, &product, Decimal::from(OPENING_STOCK)).map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// Run one counter on `db` for `seconds`, its choices drawn from `seed`.
pub fn run(db: &Path, seed: u64, seconds: f64) -> Result<Report, String> {
    let mut store = Store::open(db).map_err(|error| error.to_string())?;
    let ctx = ctx(&store)?;
    let mut rng = Rng::new(seed, 7);
    let mut report = Report::default();
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds.max(0.0));
    while Instant::now() < deadline {
        // One round in six a delivery comes in for one product.
        if rng.below(6) == 0 {
            let sku = sku(rng.below(PRODUCTS as u64) as usize);
            let quantity = Decimal::from(10 + rng.below(20));
            timed(&mut report, "receive", || ops::receive(&mut store, &ctx, &sku, quantity, "delivery").map(|_| ()));
        }
        let input = order(&mut rng);
        let Some(saved) = timed(&mut report, "submit", || ops::submit_order(&mut store, &ctx, &input)) else { continue };
        if saved.status != OrderStatus::Open {
            // Waiting for stock (or another block): it stays in the inbox; the counter moves on.
            continue;
        }
        if timed(&mut report, "confirm", || ops::confirm(&mut store, &ctx, &saved.number)).is_none() {
            continue;
        }
        if timed(&mut report, "ship", || ops::ship(&mut store, &ctx, &saved.number, &[])).is_none() {
            continue;
        }
        let Some(issued) = timed(&mut report, "invoice", || ops::invoice(&mut store, &ctx, &saved.number)) else { continue };
        timed(&mut report, "pay", || ops::pay(&mut store, &ctx, &issued.number, issued.amount, PaymentMethod::Cash, ""));
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// One to three lines of the shared products, one to four units each, for a random customer.
fn order(rng: &mut Rng) -> OrderInput {
    let count = 1 + rng.below(3);
    let lines = (0..count)
        .map(|_| LineInput { sku: sku(rng.below(PRODUCTS as u64) as usize), qty: Decimal::from(1 + rng.below(4)), ..LineInput::default() })
        .collect();
    let customer = CUSTOMERS.get(rng.below(CUSTOMERS.len() as u64) as usize).copied().unwrap_or("L1");
    OrderInput { customer: customer.to_string(), lines, ..OrderInput::default() }
}

/// Run `step`, count its outcome under `name` and keep its latency; its value if it went through.
fn timed<T>(report: &mut Report, name: &str, step: impl FnOnce() -> ops::Result<T>) -> Option<T> {
    let started = Instant::now();
    let outcome = step();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let stats = report.steps.entry(name.to_string()).or_default();
    match outcome {
        Ok(value) => {
            stats.ok += 1;
            stats.micros.push(micros);
            Some(value)
        }
        Err(ops::Error::Refused(_)) => {
            stats.refused += 1;
            stats.micros.push(micros);
            None
        }
        Err(error) => {
            stats.failed += 1;
            if stats.errors.len() < 5 {
                stats.errors.push(error.to_string());
            }
            None
        }
    }
}

/// Start `counters` counters at once — processes of `program` (the kaidan binary) on `db` — for
/// `seconds`, after making their shop; each one's report. Used by `tests/counters.rs` and
/// `benches/counters.rs`.
pub fn run_counters(program: &Path, db: &Path, counters: usize, seconds: f64) -> Result<Vec<Report>, String> {
    let load = |args: &[&str]| {
        std::process::Command::new(program)
            .arg("--db")
            .arg(db)
            .args(["--lang", "en", "load"])
            .args(args)
            .output()
            .map_err(|error| error.to_string())
    };
    let setup = load(&["--setup"])?;
    if !setup.status.success() {
        return Err(format!("setup: {}", String::from_utf8_lossy(&setup.stderr)));
    }
    let seconds = seconds.to_string();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..counters)
            .map(|counter| {
                let (load, seconds) = (&load, &seconds);
                scope.spawn(move || -> Result<Report, String> {
                    let output = load(&["--seed", &(counter + 1).to_string(), "--seconds", seconds])?;
                    if !output.status.success() {
                        return Err(format!("counter {counter}: {}", String::from_utf8_lossy(&output.stderr)));
                    }
                    serde_json::from_slice(&output.stdout).map_err(|error| format!("counter {counter}'s report: {error}"))
                })
            })
            .collect();
        handles.into_iter().map(|handle| handle.join().map_err(|_| "a counter's thread panicked".to_string())?).collect()
    })
}

/// How many `step`s went through in all `reports`.
pub fn total(reports: &[Report], step: &str) -> u64 {
    reports.iter().filter_map(|report| report.steps.get(step)).map(|stats| stats.ok).sum()
}

/// The `p`-th percentile (0–100) of `values` (sorted here), in the values' unit.
pub fn percentile(values: &mut [u64], p: f64) -> u64 {
    if values.is_empty() {
        return 0;
    }
    values.sort_unstable();
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let mut values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&mut values, 50.0), 50);
        assert_eq!(percentile(&mut values, 99.0), 99);
        assert_eq!(percentile(&mut values, 100.0), 100);
        assert_eq!(percentile(&mut [], 99.0), 0);
        assert_eq!(percentile(&mut [7], 99.0), 7);
    }

    #[test]
    fn one_counter_carries_orders_through_and_keeps_the_books() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("load.sqlite3");
        setup(&db).expect("setup");
        let report = run(&db, 3, 0.5).expect("run");
        let submitted = report.steps.get("submit").map_or(0, |s| s.ok);
        assert!(submitted > 0, "{report:?}");
        assert!(report.steps.values().all(|s| s.failed == 0), "{report:?}");
        let store = Store::open(&db).expect("store");
        assert!(store.get_order(&format!("SO-2026-{submitted:05}")).is_ok(), "the last order's number is the count");
        assert!(store.get_order(&format!("SO-2026-{:05}", submitted + 1)).is_err(), "and none beyond it");
    }
}
