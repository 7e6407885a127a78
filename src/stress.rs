//! A crash-test workload for the hidden `kaidan stress` command.
//!
//! On a database (created and migrated if needed) it makes sure a small fixed catalogue exists
//! (customer [`CUSTOMER`] without a credit limit, products [`PRODUCTS`] with ample stock), then
//! loops: submit an order of one to three random lines, confirm it, ship it whole or in part —
//! through the same `ops` functions the GUI and the CLI use, as user `admin`, dated 2026-11-20.
//!
//! After every step has committed it writes one line to `out` and flushes it:
//! `saved SO-… <status>`, `confirmed SO-…`, `shipped SO-…` (and `received S… <on hand>` when a
//! product is restocked). A test that kills the process at any moment therefore knows which
//! steps the database must still show after the crash. The orders are deterministic for a seed
//! (the demo's seeded generator, [`crate::domain::rng::Rng`]); nothing here reads the clock.

use crate::domain::master::{Customer, Product};
use crate::domain::money::fmt_qty;
use crate::domain::order::{LineInput, OrderInput};
use crate::domain::rng::Rng;
use crate::i18n::Lang;
use crate::ops::{self, Ctx};
use crate::store::{self, Store};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::io::Write;
use std::path::Path;

/// The customer every stress order is for.
pub const CUSTOMER: &str = "C1";

/// The stress catalogue: SKU and unit price in cents.
pub const PRODUCTS: [(&str, i64); 5] = [("S1", 1250), ("S2", 320), ("S3", 9999), ("S4", 50), ("S5", 1875)];

/// Opening stock of each product, and what a restock books in again.
pub const OPENING_STOCK: i64 = 1_000_000;

/// A product with fewer available units than this is restocked before the next order.
const RESTOCK_BELOW: i64 = 1_000;

/// The acting user of every step.
const USER: &str = "admin";

/// Run the workload: `orders` rounds of submit → confirm → ship on the database at `db`, one
/// flushed line on `out` after each committed step. Any refusal or store error ends the run
/// with its message (the caller turns it into a non-zero exit).
pub fn run(db: &Path, seed: u64, orders: usize, out: &mut dyn Write) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|error| error.to_string())?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or_else(|| "2026-11-20 is not a date".to_string())?;
    let ctx = ops::ctx_for(&store, USER, today, format!("{today}T12:00:00"), Lang::En).map_err(|error| error.to_string())?;
    ensure_catalogue(&mut store, &ctx)?;
    let mut rng = Rng::new(seed, 0);
    for _ in 0..orders {
        restock(&mut store, &ctx, out)?;
        let input = random_order(&mut rng);
        let saved = ops::submit_order(&mut store, &ctx, &input).map_err(|error| format!("submit: {error}"))?;
        emit(out, &format!("saved {} {}", saved.number, saved.status))?;
        ops::confirm(&mut store, &ctx, &saved.number).map_err(|error| format!("confirm {}: {error}", saved.number))?;
        emit(out, &format!("confirmed {}", saved.number))?;
        // One time in three ship a single unit of the first line only (a partial shipment).
        let partial: Vec<(String, Decimal)> = match input.lines.first() {
            Some(first) if rng.below(3) == 0 => vec![(first.sku.clone(), Decimal::ONE)],
            _ => vec![],
        };
        ops::ship(&mut store, &ctx, &saved.number, &partial).map_err(|error| format!("ship {}: {error}", saved.number))?;
        emit(out, &format!("shipped {}", saved.number))?;
    }
    Ok(())
}

/// Create whatever part of the fixed catalogue is missing. Each record is its own transaction,
/// so this is idempotent and also completes a catalogue whose creation was cut short by a kill.
fn ensure_catalogue(store: &mut Store, ctx: &Ctx) -> Result<(), String> {
    let fail = |error: store::Error| format!("catalogue: {error}");
    if store.get_customer_by_code(CUSTOMER).map_err(fail)?.is_none() {
        let customer = Customer {
            code: CUSTOMER.to_string(),
            name: "Stress test customer".to_string(),
            phone: "13800138000".to_string(),
            address: "1 Test Road".to_string(),
            payment_terms_days: 30,
            ..Customer::default()
        };
        store.save_customer(&customer, &ctx.user, &ctx.now).map_err(fail)?;
    }
    for (sku, cents) in PRODUCTS {
        if store.get_product_by_sku(sku).map_err(fail)?.is_none() {
            let product = Product {
                sku: sku.to_string(),
                name: format!("Stress item {sku}"),
                unit: "pcs".to_string(),
                price: Decimal::new(cents, 2),
                active: true,
                ..Product::default()
            };
            store.save_product(&product, Decimal::from(OPENING_STOCK), &ctx.user, &ctx.now).map_err(fail)?;
        }
    }
    Ok(())
}

/// Book stock in for every product running low, so a long run never fails for lack of stock.
fn restock(store: &mut Store, ctx: &Ctx, out: &mut dyn Write) -> Result<(), String> {
    for (sku, _) in PRODUCTS {
        let product = store
            .get_product_by_sku(sku)
            .map_err(|error| format!("restock {sku}: {error}"))?
            .ok_or_else(|| format!("restock: product {sku} is missing"))?;
        if product.available() < Decimal::from(RESTOCK_BELOW) {
            let after = ops::receive(store, ctx, sku, Decimal::from(OPENING_STOCK), "stress restock")
                .map_err(|error| format!("restock {sku}: {error}"))?;
            emit(out, &format!("received {sku} {}", fmt_qty(after.on_hand)))?;
        }
    }
    Ok(())
}

/// One to three lines of random catalogue products, one to five units each.
fn random_order(rng: &mut Rng) -> OrderInput {
    let count = 1 + rng.below(3);
    let lines = (0..count)
        .map(|_| {
            let index = rng.below(PRODUCTS.len() as u64) as usize;
            let sku = PRODUCTS.get(index).map(|(sku, _)| *sku).unwrap_or("S1");
            LineInput { sku: sku.to_string(), qty: Decimal::from(1 + rng.below(5)), ..LineInput::default() }
        })
        .collect();
    OrderInput { customer: CUSTOMER.to_string(), lines, ..OrderInput::default() }
}

/// Write one progress line in a single write and flush it, so a reader never sees half a
/// report of a step that committed.
fn emit(out: &mut dyn Write, line: &str) -> Result<(), String> {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|error| format!("writing progress: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_run_reports_every_step_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stress.sqlite3");
        let mut out = Vec::new();
        run(&db, 3, 4, &mut out).expect("stress run");
        let text = String::from_utf8(out).expect("utf-8");
        let kinds: Vec<&str> = text.lines().filter_map(|line| line.split_whitespace().next()).collect();
        assert_eq!(kinds.len(), 12, "{text}");
        assert!(kinds.chunks(3).all(|step| step == ["saved", "confirmed", "shipped"]), "{text}");
        // A second run on the same file reuses the catalogue and keeps numbering.
        let mut again = Vec::new();
        run(&db, 4, 1, &mut again).expect("second run");
        assert!(String::from_utf8_lossy(&again).starts_with("saved SO-2026-00005 "), "{}", String::from_utf8_lossy(&again));
    }
}
