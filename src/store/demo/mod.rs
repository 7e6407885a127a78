//! The demo shop: fills an EMPTY database with a year of believable history — customers,
//! products, agreed prices, orders in every state with their shipments, invoices and payments,
//! the stock ledger, a year of handled (resolved and waived) exceptions with their history for
//! the statistics — and a sprinkling of real, open problems, so that every tab and every scan
//! has something to show.
//!
//! Owns: the generator (the shared seeded SplitMix64, `domain::rng`, so a seed always gives the same shop: no `rand`,
//! no clock, no hash-map iteration; every instant is derived from `today`) and the bulk writer
//! (cached statements inside one transaction, documents numbered gap-free per year exactly as
//! the app numbers them, `products.on_hand` equal to the ledger sum and `reserved` equal to the
//! open quantities of confirmed orders).
//!
//! Must not: touch a database that already holds customers, products or orders; call `ops` (the
//! live checks of the newest unconfirmed orders and the first scan are `ops::fill_demo`'s part,
//! after this writer) or read rows back per order (too slow for a million orders); write audit
//! rows for generated history (one "demo" row sums the fill up); use floating point for money.
//!
//! One file per stage: `words` (the vocabulary, data), `calendar`, `masters`, `orders` (the
//! plan), `numbers`, `write` (the bulk writer) and `history` (handled exceptions); this one
//! holds the entry point, its sizes and stages, and the tests.

use super::orders::Order;
use super::{Error, Result, Store, WriteTx, money_col};
use crate::domain::checks::Message;
use crate::domain::money::{fmt_money, fmt_qty};
use crate::domain::order::{TaxRule, line_total, totals};
use crate::domain::pinyin_key::search_key;
use crate::domain::rng::Rng;
use crate::domain::{Code, Department, RootCause, Severity};
use crate::i18n::Lang;
use crate::i18n::checks as check_text;
use crate::store::db::params;
use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;

mod calendar;
mod history;
mod masters;
mod numbers;
mod orders;
mod words;
mod write;

use calendar::*;
use history::*;
use masters::*;
use numbers::*;
use orders::*;
use words::*;
use write::*;

/// The demo shop's company settings.
const DEMO_COMPANY: [(&str, &str); 4] = [
    ("company.name", "开单演示五金店 Kaidan Demo Hardware"),
    ("company.address", "上海市浦东新区张杨路 100 号 / 100 Zhangyang Rd, Pudong, Shanghai"),
    ("company.phone", "021-5888 0000"),
    ("company.tax_id", "91310115MA1K4XXXXX"),
];

/// Why a demo build stopped when its progress said so.
pub const CANCELLED: &str = "the demo build was cancelled; nothing was written";

/// A stage of a demo build, for its progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStage {
    /// Making up customers, products and a year of orders in memory.
    Planning,
    /// Writing them into the database.
    Writing,
    /// Checking the newest orders as the window would have while they were typed.
    Checking,
    /// The first scan.
    Scanning,
}

impl DemoStage {
    /// What the build is doing, for its progress bar (the enum lives here, above `i18n`).
    pub fn label(self, lang: Lang) -> &'static str {
        use crate::i18n::cli as text;
        match self {
            DemoStage::Planning => text::DEMO_PLANNING,
            DemoStage::Writing => text::DEMO_WRITING,
            DemoStage::Checking => text::DEMO_CHECKING,
            DemoStage::Scanning => text::DEMO_SCANNING,
        }
        .get(lang)
    }
}

/// How big a demo shop to make. Sizes below the minimum the built-in scenarios need
/// (20 customers, 20 products, 40 orders) are raised to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSize {
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize { customers: 60, products: 120, orders: 1500 }
    }
}

/// What was made (for the CLI to print).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
    pub invoices: usize,
    pub payments: usize,
    /// Open exceptions after the live checks of unconfirmed orders and the scans.
    pub exceptions: usize,
}

const MIN_CUSTOMERS: usize = 20;
const MIN_PRODUCTS: usize = 20;
const MIN_ORDERS: usize = 40;
/// Unconfirmed orders whose live checks are run after the fill (the newest ones).
const LIVE_CHECK_LIMIT: i64 = 2000;

/// One unit in a quantity column (scale 3).
const UNIT: i64 = 1000;
/// One cent in a money column (scale 4).
const CENT: i64 = 100;
/// One yuan in a money column.
const YUAN: i64 = 10_000;
const NO_TAX: TaxRule = TaxRule { rate_pct: Decimal::ZERO, prices_include_tax: false };

const MINUTES_PER_DAY: i32 = 1440;
/// Working day: events happen between 08:00 and 18:59 (the fill's "now" is 19:00).
const DAY_START: i32 = 8 * 60;
const DAY_END: i32 = 18 * 60 + 59;

/// A demo order checked after it was written: its state follows its findings, and its
/// "created" history entry says the state it was saved in (as if checked while typed).
pub(crate) fn set_checked_status_tx(tx: &WriteTx<'_>, order: &Order, status: crate::domain::OrderStatus) -> Result<()> {
    tx.prepare_cached("UPDATE orders SET status = ?2 WHERE id = ?1")?.execute(params![order.id, status.as_str()])?;
    tx.prepare_cached("UPDATE order_events SET detail = ?2 WHERE order_id = ?1 AND kind = 'created'")?
        .execute(params![order.id, format!("status={status}; total={}", fmt_money(order.total))])?;
    Ok(())
}

impl Store {
    /// Write a realistic shop into an EMPTY database, the same for the same seed, with `today`
    /// as the last day of a year of history: customers, products, agreed prices, users (wang,
    /// li, zhao, chen), orders in every state with shipments, invoices, payments and the stock
    /// ledger, a year of resolved and waived exceptions consistent with that history. The newest
    /// unconfirmed orders are not yet checked and nothing is scanned: `ops::fill_demo` does both
    /// (the checks live above the store). Refuses a database that already holds customers,
    /// products or orders. `progress` hears the stage and the percent done (0 to 80); while the
    /// shop is planned and written, its answering false stops the build with nothing written
    /// (one transaction).
    pub fn write_demo_shop(
        &mut self,
        seed: u64,
        size: &DemoSize,
        today: NaiveDate,
        progress: &mut dyn FnMut(DemoStage, u8) -> bool,
    ) -> Result<DemoReport> {
        if !progress(DemoStage::Planning, 0) {
            return Err(Error::Invalid(CANCELLED.into()));
        }
        if !self.is_empty()? {
            return Err(Error::Invalid("the database is not empty; demo fills only an empty one".into()));
        }
        let customer_count = size.customers.max(MIN_CUSTOMERS);
        let product_count = size.products.max(MIN_PRODUCTS);
        let order_count = size.orders.max(MIN_ORDERS);
        let calendar = Calendar::new(today);
        let now = format!("{today}T19:00:00");

        let products = make_products(&mut Rng::new(seed, 1), product_count);
        let mut customers = make_customers(&mut Rng::new(seed, 2), customer_count);
        add_agreed_prices(&mut Rng::new(seed, 3), &mut customers, &products);
        let mut book = make_orders(&mut Rng::new(seed, 4), &calendar, &customers, &products, order_count)?;
        let numbers = number_documents(&calendar, &mut book.plans);
        let past = plan_past_exceptions(&mut Rng::new(seed, EXCEPTION_STREAM), &customers, &products, &book)?;
        let orders = book.plans.len();

        // A big page cache while the bulk goes in (index pages stay hot), restored afterwards
        // (a file's: a server keeps its own cache).
        let cache: Option<i64> = match self.server() {
            None => Some(self.db.query_row("PRAGMA cache_size", [], |row| row.get(0))?),
            Some(_) => None,
        };
        if cache.is_some() {
            self.db.execute_batch("PRAGMA cache_size = -262144")?;
        }
        if !progress(DemoStage::Writing, 10) {
            return Err(Error::Invalid(CANCELLED.into()));
        }
        let written = self.write_demo(seed, &calendar, &now, &customers, &products, &book, &numbers, &past, progress);
        if let Some(cache) = cache {
            self.db.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        }
        let (invoices, payments) = written?;
        drop(book);
        drop(numbers);
        drop(past);
        Ok(DemoReport { customers: customer_count, products: product_count, orders, invoices, payments, exceptions: 0 })
    }

    /// The newest unconfirmed orders of a freshly written demo, the ones `ops::fill_demo` checks
    /// as the window would have while they were typed.
    pub fn demo_orders_to_check(&self) -> Result<Vec<String>> {
        let mut statement = self.db.prepare_cached(
            "SELECT number FROM orders WHERE status IN ('awaiting_correction', 'awaiting_approval', 'awaiting_restock', 'open')
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([LIVE_CHECK_LIMIT], |row| row.get(0))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Fold the log into the file (after a bulk write, so the file stands alone).
    pub fn checkpoint(&self) -> Result<()> {
        if self.server().is_none() {
            self.db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        }
        Ok(())
    }

    /// Everything in one transaction; returns (invoices, payments).
    #[allow(clippy::too_many_arguments)]
    fn write_demo(
        &mut self,
        seed: u64,
        calendar: &Calendar,
        now: &str,
        customers: &[DemoCustomer],
        products: &[DemoProduct],
        book: &OrderBook,
        numbers: &Numbers,
        past: &[PastException],
        progress: &mut dyn FnMut(DemoStage, u8) -> bool,
    ) -> Result<(usize, usize)> {
        let tx = self.write_tx()?;
        write_masters(&tx, calendar, customers, products)?;
        let mut reserved = vec![0_i64; products.len()];
        let payments = write_orders(&tx, calendar, customers, products, book, numbers, &mut reserved, progress)?;
        if !progress(DemoStage::Writing, 80) {
            return Err(Error::Invalid(CANCELLED.into()));
        }
        let on_hand = write_stock(&tx, calendar, products, book, numbers)?;
        {
            let mut update = tx.prepare_cached("UPDATE products SET on_hand = ?2, reserved = ?3 WHERE id = ?1")?;
            for (index, (stock, held)) in on_hand.iter().zip(&reserved).enumerate() {
                update.execute(params![index as i64 + 1, stock, held])?;
            }
        }
        let handled = write_past_exceptions(&tx, calendar, customers, products, book, numbers, past)?;
        write_sequence(&tx, "order", &numbers.order_last)?;
        write_sequence(&tx, "invoice", &numbers.invoice_last)?;
        write_sequence(&tx, "shipment", &numbers.shipment_last)?;
        let invoices = numbers.invoices.len();
        let summary = format!(
            "customers={}; products={}; orders={}; invoices={invoices}; payments={payments}; handled_exceptions={handled}",
            customers.len(),
            products.len(),
            book.plans.len()
        );
        super::audit::append_tx(&tx, now, "admin", "demo", &format!("seed {seed}"), "fill", "", &summary)?;
        // The demo shop's letterhead, printed on its slips and invoices.
        for (key, value) in DEMO_COMPANY {
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING", params![key, value])?;
        }
        tx.commit()?;
        Ok((invoices, payments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).expect("valid date")
    }

    fn small() -> DemoSize {
        DemoSize { customers: 30, products: 40, orders: 300 }
    }

    #[test]
    fn a_demo_build_tells_its_progress_from_0_to_100_in_order() {
        let mut store = Store::open_in_memory().expect("store");
        let mut told: Vec<(DemoStage, u8)> = vec![];
        crate::ops::fill_demo_with_progress(&mut store, 2, &small(), today(), &mut |stage, percent| {
            told.push((stage, percent));
            true
        })
        .expect("demo");
        assert_eq!(told.first(), Some(&(DemoStage::Planning, 0)));
        assert_eq!(told.last(), Some(&(DemoStage::Scanning, 100)));
        assert!(told.windows(2).all(|pair| pair[0].1 <= pair[1].1), "never backwards: {told:?}");
        assert!(told.iter().filter(|(stage, _)| *stage == DemoStage::Writing).count() > 20, "the long part moves: {told:?}");
    }

    #[test]
    fn a_demo_build_stopped_while_writing_leaves_the_database_empty() {
        let mut store = Store::open_in_memory().expect("store");
        let stopped = crate::ops::fill_demo_with_progress(&mut store, 2, &small(), today(), &mut |stage, percent| {
            !(stage == DemoStage::Writing && percent >= 40)
        });
        assert!(stopped.is_err(), "stopped");
        assert!(store.is_empty().expect("empty"), "nothing of it stands");
        crate::ops::fill_demo(&mut store, 2, &small(), today()).expect("and a later build fills it");
    }

    fn filled(seed: u64) -> (Store, DemoReport) {
        let mut store = Store::open_in_memory().expect("store");
        let report = crate::ops::fill_demo(&mut store, seed, &small(), today()).expect("demo fills an empty database");
        (store, report)
    }

    fn text(store: &Store, sql: &str) -> String {
        store.db.query_row(sql, [], |row| row.get::<_, Option<String>>(0)).expect(sql).unwrap_or_default()
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.db.query_row(sql, [], |row| row.get(0)).expect(sql)
    }

    /// Each table's rows, in id order, as one text (the shop's fingerprint), per table: the
    /// table and what of each row goes in.
    const FINGERPRINTS: &[(&str, &str)] = &[
        (
            "customers",
            "code || '|' || name || '|' || phone || '|' || address || '|' || COALESCE(CAST(credit_limit AS TEXT), '-') || '|' || discount_pct",
        ),
        ("products", "sku || '|' || name || '|' || spec || '|' || price || '|' || on_hand || '|' || reserved"),
        ("orders", "number || '|' || customer_code || '|' || status || '|' || order_date || '|' || total"),
        ("invoices", "number || '|' || issue_date || '|' || total || '|' || paid"),
        (
            "exceptions",
            "code || '|' || subject || '|' || status || '|' || opened_at || '|' || COALESCE(closed_at, '-') || '|'
             || COALESCE(assignee, '-') || '|' || COALESCE(root_cause, '-') || '|' || message_zh",
        ),
    ];

    fn fingerprint(store: &Store, which: usize) -> String {
        let (table, row) = FINGERPRINTS[which];
        let sql = match store.db.dialect() {
            crate::store::dialect::Dialect::Sqlite => {
                format!("SELECT group_concat({row}, ';') FROM (SELECT * FROM {table} ORDER BY id) AS t")
            }
            crate::store::dialect::Dialect::Postgres => format!("SELECT string_agg({row}, ';' ORDER BY id) FROM {table}"),
        };
        text(store, &sql)
    }

    #[test]
    fn the_same_seed_makes_the_same_shop() {
        let (first, first_report) = filled(7);
        let (second, second_report) = filled(7);
        assert_eq!(first_report, second_report);
        for (which, (table, _)) in FINGERPRINTS.iter().enumerate() {
            let print = fingerprint(&first, which);
            assert!(!print.is_empty(), "{table}");
            assert_eq!(print, fingerprint(&second, which), "{table}");
        }
    }

    #[test]
    fn different_seeds_make_different_shops() {
        let (first, _) = filled(1);
        let (second, _) = filled(2);
        assert_ne!(fingerprint(&first, 0), fingerprint(&second, 0));
        assert_ne!(fingerprint(&first, 2), fingerprint(&second, 2));
    }

    #[test]
    fn stock_figures_match_the_ledger_and_the_open_orders() {
        let (store, report) = filled(3);
        assert_eq!(report.customers, 30);
        assert_eq!(report.products, 40);
        assert_eq!(report.orders, 300);
        assert!(store.ledger_mismatches().expect("ledger").is_empty());
        let negative = count(
            &store,
            "SELECT COUNT(*) FROM (SELECT SUM(qty) OVER (PARTITION BY product_id ORDER BY id) AS balance FROM stock_movements) AS b WHERE balance < 0",
        );
        assert_eq!(negative, 0, "the running balance never goes below zero");
        let wrong_reserved = count(
            &store,
            "SELECT COUNT(*) FROM products p WHERE p.reserved <> COALESCE((SELECT SUM(l.qty - l.shipped_qty) FROM order_lines l
                 JOIN orders o ON o.id = l.order_id WHERE l.product_id = p.id AND o.status IN ('confirmed', 'partially_shipped')), 0)",
        );
        assert_eq!(wrong_reserved, 0);
        assert!(count(&store, "SELECT COUNT(*) FROM products WHERE on_hand = 0") >= 1, "a few products are sold out");
        assert_eq!(count(&store, "SELECT COUNT(*) FROM products WHERE on_hand < 0 OR on_hand > 1000000"), 0);
        assert!(count(&store, "SELECT COUNT(*) FROM stock_movements WHERE kind = 'receipt'") > 0);
        let unmatched_shipments = count(
            &store,
            "SELECT COUNT(*) FROM order_lines l WHERE l.shipped_qty <> COALESCE((SELECT SUM(sl.qty) FROM shipment_lines sl WHERE sl.order_line_id = l.id), 0)",
        );
        assert_eq!(unmatched_shipments, 0);
    }

    #[test]
    fn order_states_agree_with_their_rows() {
        let (store, report) = filled(5);
        let checks = [
            "SELECT COUNT(*) FROM orders o JOIN invoices i ON i.order_id = o.id WHERE o.status = 'paid' AND i.paid < i.total",
            "SELECT COUNT(*) FROM order_lines WHERE shipped_qty > qty OR invoiced_qty > shipped_qty",
            "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status IN ('shipped', 'invoiced', 'paid') AND l.shipped_qty <> l.qty",
            "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status IN ('invoiced', 'paid') AND l.invoiced_qty <> l.qty",
            "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.status IN ('confirmed', 'cancelled', 'open', 'awaiting_correction', 'awaiting_approval', 'awaiting_restock') AND l.shipped_qty > 0",
            "SELECT COUNT(*) FROM orders o WHERE o.status = 'invoiced' AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id AND i.paid < i.total)",
            "SELECT COUNT(*) FROM invoices i WHERE i.paid <> COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.invoice_id = i.id), 0)",
            "SELECT COUNT(*) FROM invoices i WHERE i.subtotal <> (SELECT SUM(il.line_total) FROM invoice_lines il WHERE il.invoice_id = i.id)",
            "SELECT COUNT(*) FROM orders o WHERE o.total <> (SELECT SUM(l.line_total) FROM order_lines l WHERE l.order_id = o.id)",
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'created')",
            "SELECT COUNT(*) FROM orders o WHERE o.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'cancelled')",
        ];
        for sql in checks {
            assert_eq!(count(&store, sql), 0, "{sql}");
        }
        for status in
            ["paid", "invoiced", "shipped", "partially_shipped", "confirmed", "cancelled", "awaiting_approval", "awaiting_correction"]
        {
            let found = count(&store, &format!("SELECT COUNT(*) FROM orders WHERE status = '{status}'"));
            assert!(found > 0, "no {status} order");
        }
        assert!(count(&store, "SELECT COUNT(*) FROM orders WHERE status IN ('open', 'awaiting_restock')") > 0);
        assert_eq!(report.invoices as i64, count(&store, "SELECT COUNT(*) FROM invoices"));
        assert_eq!(report.payments as i64, count(&store, "SELECT COUNT(*) FROM payments"));
        assert_eq!(store.verify_audit().expect("audit"), None);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM audit_log WHERE entity = 'demo'"), 1);
    }

    #[test]
    fn numbers_are_gap_free_and_match_the_sequences() {
        let (store, _) = filled(11);
        for (kind, table, prefix) in [("order", "orders", "SO-"), ("invoice", "invoices", "INV-"), ("shipment", "shipments", "SH-")] {
            let year_at = prefix.len() + 1;
            let seq_at = year_at + 5;
            let gaps = count(
                &store,
                &format!(
                    "SELECT COUNT(*) FROM (SELECT substr(number, {year_at}, 4) AS year, COUNT(*) AS n, MAX(CAST(substr(number, {seq_at}) AS INTEGER)) AS top
                     FROM {table} GROUP BY year) AS g WHERE n <> top"
                ),
            );
            assert_eq!(gaps, 0, "{table} numbers have gaps");
            let mismatched = count(
                &store,
                &format!(
                    "SELECT COUNT(*) FROM sequences s WHERE s.kind = '{kind}'
                       AND s.last <> (SELECT COUNT(*) FROM {table} t WHERE substr(t.number, {year_at}, 4) = CAST(s.year AS TEXT))"
                ),
            );
            assert_eq!(mismatched, 0, "{kind} sequence");
            let years = count(&store, &format!("SELECT COUNT(DISTINCT substr(number, {year_at}, 4)) FROM {table}"));
            assert_eq!(years, count(&store, &format!("SELECT COUNT(*) FROM sequences WHERE kind = '{kind}'")));
        }
    }

    #[test]
    fn the_demo_refuses_a_database_that_is_not_empty() {
        let (mut store, _) = filled(1);
        match crate::ops::fill_demo(&mut store, 1, &small(), today()) {
            Err(crate::ops::Error::Store(Error::Invalid(message))) => assert!(message.contains("not empty"), "{message}"),
            other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn a_year_of_handled_exceptions_feeds_the_statistics() {
        let mut store = Store::open_in_memory().expect("store");
        let size = DemoSize { customers: 30, products: 40, orders: 1000 };
        let report = crate::ops::fill_demo(&mut store, 4, &size, today()).expect("demo fills an empty database");
        let stats = store.exception_stats(today()).expect("stats");
        let busy_weeks = stats.weekly.iter().filter(|(_, counts)| !counts.is_empty()).count();
        assert!(busy_weeks >= 8, "only {busy_weeks} weeks with exceptions: {:?}", stats.weekly);
        assert!(stats.overall_median_hours.is_some_and(|hours| hours > 0.0), "a median resolve time");
        assert!(stats.root_causes.len() >= 3, "root causes: {:?}", stats.root_causes);
        assert!(!stats.by_clerk.is_empty());
        assert!(!stats.resolve_hours.is_empty());

        // Only closed ones were added: the open count is still what the checks and scans found.
        assert_eq!(report.exceptions as i64, store.count_open_exceptions().expect("count"));
        let closed = "status IN ('resolved', 'waived')";
        let live_codes = "('PRICE_MISMATCH', 'DISCOUNT_NOT_APPLIED', 'STOCK_SHORT', 'CREDIT_LIMIT_EXCEEDED', 'CUSTOMER_INCOMPLETE',
                           'DUPLICATE_ORDER', 'QTY_UNUSUAL')";
        let live = count(&store, &format!("SELECT COUNT(*) FROM exceptions WHERE {closed} AND code IN {live_codes}"));
        assert!((50..=180).contains(&live), "{live} live-check exceptions for 1000 orders: about one in ten");
        for scan in ["INVOICE_NOT_ISSUED", "INVOICE_OVERDUE", "ORDER_NOT_SHIPPED"] {
            assert!(count(&store, &format!("SELECT COUNT(*) FROM exceptions WHERE {closed} AND code = '{scan}'")) > 0, "no past {scan}");
        }
        let rules = [
            // Opened on its day, closed after it opened and before the fill's "now".
            format!(
                "SELECT COUNT(*) FROM exceptions WHERE {closed} AND (closed_at IS NULL OR closed_at <= opened_at
                   OR closed_at > '2026-03-15T19:00:00' OR substr(opened_at, 1, 10) <> opened)"
            ),
            // Waived only when approvable or a warning.
            "SELECT COUNT(*) FROM exceptions WHERE status = 'waived' AND severity = 'block' AND approvable = 0".to_string(),
            // Resolved by hand means a root cause and a corrective action.
            "SELECT COUNT(*) FROM exceptions e WHERE status = 'resolved' AND (root_cause IS NULL OR corrective_action = '')
               AND NOT EXISTS (SELECT 1 FROM exception_events v WHERE v.exception_id = e.id AND v.kind = 'auto_resolved')"
                .to_string(),
            // Severity, approvability and department as the code says.
            format!(
                "SELECT COUNT(*) FROM exceptions WHERE {closed} AND (
                   (code = 'PRICE_MISMATCH' AND (severity <> 'block' OR approvable <> 1 OR department <> 'sales'))
                   OR (code = 'STOCK_SHORT' AND (severity <> 'warn' OR department <> 'warehouse'))
                   OR (code = 'INVOICE_OVERDUE' AND (department <> 'finance' OR subject_kind <> 'invoice')))"
            ),
            // One history row per version, opened first and closed last, in time order.
            format!(
                "SELECT COUNT(*) FROM exceptions e WHERE {closed}
                   AND version <> (SELECT COUNT(*) FROM exception_events v WHERE v.exception_id = e.id)"
            ),
            format!(
                "SELECT COUNT(*) FROM exceptions e WHERE {closed}
                   AND (SELECT kind FROM exception_events v WHERE v.exception_id = e.id ORDER BY v.id LIMIT 1) <> 'opened'"
            ),
            "SELECT COUNT(*) FROM exception_events a JOIN exception_events b ON b.exception_id = a.exception_id AND b.id > a.id
             WHERE b.at < a.at"
                .to_string(),
            // About documents that exist, and live checks only about orders past their checks.
            format!(
                "SELECT COUNT(*) FROM exceptions e WHERE {closed} AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.number = e.subject)
                   AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.number = e.subject)"
            ),
            format!(
                "SELECT COUNT(*) FROM exceptions e JOIN orders o ON o.number = e.subject WHERE e.{closed} AND e.code IN {live_codes}
                   AND o.status IN ('open', 'awaiting_correction', 'awaiting_approval', 'awaiting_restock')"
            ),
            // Assigned within the department.
            format!(
                "SELECT COUNT(*) FROM exceptions WHERE {closed} AND NOT (
                   (department = 'sales' AND assignee IN ('wang', 'li', 'admin'))
                   OR (department = 'warehouse' AND assignee IN ('zhao', 'li'))
                   OR (department = 'finance' AND assignee IN ('chen', 'admin')))"
            ),
        ];
        for sql in &rules {
            assert_eq!(count(&store, sql), 0, "{sql}");
        }
    }

    #[test]
    fn every_problem_shows_up_in_the_inbox() {
        let (store, report) = filled(9);
        let open: Vec<String> = {
            let mut statement =
                store.db.prepare("SELECT DISTINCT code FROM exceptions WHERE status = 'open' ORDER BY code").expect("prepare");
            let rows = statement.query_map([], |row| row.get(0)).expect("query");
            rows.collect::<crate::store::db::Result<_>>().expect("rows")
        };
        for code in [
            "INVOICE_OVERDUE",
            "PAYMENT_UNMATCHED",
            "ORDER_NOT_SHIPPED",
            "INVOICE_NOT_ISSUED",
            "ORDER_NOT_CONFIRMED",
            "STOCK_BELOW_REORDER",
            "DUPLICATE_ORDER",
            "STOCK_SHORT",
            "CREDIT_LIMIT_EXCEEDED",
            "CUSTOMER_BLOCKED",
            "CUSTOMER_INCOMPLETE",
            "PRICE_MISMATCH",
        ] {
            assert!(open.iter().any(|found| found == code), "no open {code} in {open:?}");
        }
        for code in ["INVOICE_MISMATCH", "STOCK_OUT_OF_SYNC"] {
            assert!(!open.iter().any(|found| found == code), "unexpected {code}");
        }
        assert_eq!(report.exceptions as i64, store.count_open_exceptions().expect("count"));
        let c001 = store.get_customer_by_code("C001").expect("query").expect("C001 exists");
        assert_eq!(c001.name, "张三五金店");
        assert_eq!(c001.phone, "13800138000");
        assert!(!c001.address.is_empty());
        let p001 = store.get_product_by_sku("P001").expect("query").expect("P001 exists");
        assert_eq!(p001.unit, "盒");
        assert!(store.search_customers("zswj", 5, false).expect("search").iter().any(|c| c.code == "C001"));
        assert!(store.get_user("zhao").expect("user").is_some());
        let over_limit = count(
            &store,
            "SELECT COUNT(*) FROM customers c WHERE c.credit_limit IS NOT NULL
               AND c.credit_limit < (SELECT COALESCE(SUM(i.total - i.paid), 0) FROM invoices i WHERE i.customer_id = c.id AND i.paid < i.total)",
        );
        assert!(over_limit >= 1, "one customer owes more than their limit");
    }
}
