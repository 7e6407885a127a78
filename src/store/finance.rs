//! Read models for money, for the bookkeeper's invoices tab and the owner's reports tab: what waits
//! to be invoiced, invoices with their "problem" check, customer ageing, the order/customer
//! reconciliation and the report series. Owns only set-based, indexed SELECTs (GROUP BY in SQL,
//! sums kept as scale-4 integers until mapped to `Decimal`, never a query per row in a loop).
//! Must not write, must not know egui, and must not read the clock: callers pass `today`.

use super::invoices::Invoice;
use super::{Result, Store, money, pct, qty, row_date};
use crate::domain::OrderStatus;
use chrono::{Datelike, Duration, Months, NaiveDate};
use rusqlite::params;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How far (scale-4 integer, i.e. 0.0101) one line's invoiced amount may be off the order line's
/// value for the same quantity: two roundings to the cent (half a cent each) plus the last digit
/// SQL integer division drops. Anything larger is a real difference.
const LINE_TOLERANCE: i64 = 101;

/// Statuses whose shipped goods may still wait for an invoice (a cancelled order keeps what it
/// shipped before the cancellation; `ops::invoice` accepts it).
const INVOICEABLE_STATUSES: &str = "('partially_shipped', 'shipped', 'cancelled')";

// ---------------------------------------------------------------------------------------------
// To issue

/// An order with shipped goods that are not invoiced yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToIssue {
    pub order_id: i64,
    pub number: String,
    /// None: the order has no customer record and cannot be invoiced until it has one.
    pub customer_id: Option<i64>,
    pub customer_code: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub order_date: NaiveDate,
    pub last_shipped: Option<NaiveDate>,
    /// Lines with shipped quantity not yet invoiced.
    pub lines: i64,
    /// Σ line_total × (shipped − invoiced) / qty over those lines (before tax).
    pub value: Decimal,
}

// ---------------------------------------------------------------------------------------------
// Invoices with their check

/// The state of an invoice as the bookkeeper thinks of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InvoiceState {
    Issued,
    PartlyPaid,
    Overdue,
    Paid,
    /// The amount differs from the value of the shipped lines it covers.
    Problem,
    Void,
}

impl InvoiceState {
    /// Every state, in filter order.
    pub const ALL: [InvoiceState; 6] = [
        InvoiceState::Issued,
        InvoiceState::PartlyPaid,
        InvoiceState::Overdue,
        InvoiceState::Paid,
        InvoiceState::Problem,
        InvoiceState::Void,
    ];

    /// Void first, then a problem, then the payment state of [`Invoice::status`].
    pub fn of(invoice: &Invoice, problem: bool, today: NaiveDate) -> InvoiceState {
        if invoice.void {
            return InvoiceState::Void;
        }
        if problem {
            return InvoiceState::Problem;
        }
        match invoice.status(today) {
            "paid" => InvoiceState::Paid,
            "overdue" => InvoiceState::Overdue,
            "partly_paid" => InvoiceState::PartlyPaid,
            _ => InvoiceState::Issued,
        }
    }

    /// The code spelling (`issued`, `partly_paid`, …, `problem`).
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceState::Issued => "issued",
            InvoiceState::PartlyPaid => "partly_paid",
            InvoiceState::Overdue => "overdue",
            InvoiceState::Paid => "paid",
            InvoiceState::Problem => "problem",
            InvoiceState::Void => "void",
        }
    }
}

/// An invoice with the comparison against the order lines it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    pub invoice: Invoice,
    /// Σ of the invoice's own line totals.
    pub lines_sum: Decimal,
    /// Σ invoice_lines.qty × order_lines.line_total / order_lines.qty: what the shipped lines
    /// it covers are worth at the order's prices.
    pub lines_value: Decimal,
    /// Lines whose price or discount differs from the order line, or whose order line is
    /// invoiced beyond what shipped.
    pub differing_lines: i64,
    pub line_count: i64,
    /// The invoice amount does not match its lines or the shipped value (rule: `is_mismatch`).
    pub problem: bool,
}

impl InvoiceRow {
    /// The state on `today`.
    pub fn state(&self, today: NaiveDate) -> InvoiceState {
        InvoiceState::of(&self.invoice, self.problem, today)
    }
}

/// The problem rule on scale-4 integers: a differing line, a subtotal that is not the sum of the
/// lines, or a subtotal off the shipped value by more than the rounding of its lines.
fn is_mismatch(subtotal: i64, lines_sum: i64, lines_value: i64, differing: i64, line_count: i64) -> bool {
    differing > 0 || subtotal != lines_sum || (subtotal - lines_value).abs() > LINE_TOLERANCE * line_count.max(1)
}

/// One invoice line next to the order line it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLineCheck {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub order_unit_price: Decimal,
    pub discount_pct: Decimal,
    pub order_discount_pct: Decimal,
    pub line_total: Decimal,
    /// The order line's value for this quantity: qty × order line total / order qty.
    pub value: Decimal,
    pub order_qty: Decimal,
    pub shipped_qty: Decimal,
    pub invoiced_qty: Decimal,
}

impl InvoiceLineCheck {
    /// Invoiced at another unit price than ordered.
    pub fn price_differs(&self) -> bool {
        self.unit_price != self.order_unit_price
    }

    /// Invoiced with another discount than ordered.
    pub fn discount_differs(&self) -> bool {
        self.discount_pct != self.order_discount_pct
    }

    /// The order line is invoiced (by all live invoices) beyond what shipped.
    pub fn over_invoiced(&self) -> bool {
        self.invoiced_qty > self.shipped_qty
    }

    /// The amount differs from the order line's value by more than rounding.
    pub fn amount_differs(&self) -> bool {
        (self.line_total - self.value).abs() > money(LINE_TOLERANCE)
    }

    /// Any of the above.
    pub fn is_problem(&self) -> bool {
        self.price_differs() || self.discount_differs() || self.over_invoiced() || self.amount_differs()
    }
}

// ---------------------------------------------------------------------------------------------
// Ageing

/// One customer's open balance split by days past the due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeingRow {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    /// Live invoices with something left to pay.
    pub open_invoices: i64,
    /// Not yet due (due today or later).
    pub current: Decimal,
    pub days_1_30: Decimal,
    pub days_31_60: Decimal,
    pub days_61_90: Decimal,
    pub over_90: Decimal,
    /// Over-payments on live invoices plus payments not tied to an invoice.
    pub credit: Decimal,
    pub oldest_due: Option<NaiveDate>,
}

impl AgeingRow {
    /// The five buckets: current, 1–30, 31–60, 61–90, over 90 days past due.
    pub fn buckets(&self) -> [Decimal; 5] {
        [self.current, self.days_1_30, self.days_31_60, self.days_61_90, self.over_90]
    }

    /// Everything still to pay.
    pub fn open(&self) -> Decimal {
        self.buckets().iter().copied().sum()
    }

    /// Open minus credit (negative: the shop owes the customer).
    pub fn balance(&self) -> Decimal {
        self.open() - self.credit
    }
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

/// How a reconciled amount compares with what it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Diff {
    /// As expected.
    #[default]
    Matches,
    /// Less than expected, still to be done: shipped short on a finished order, goods shipped on
    /// a cancelled order, shipped not invoiced, unpaid past the due date.
    Behind,
    /// More than allowed: shipped more than ordered, invoiced more than shipped, paid more than
    /// invoiced.
    Excess,
}

impl Diff {
    fn from_flag(flag: i64) -> Diff {
        match flag {
            2.. => Diff::Excess,
            1 => Diff::Behind,
            _ => Diff::Matches,
        }
    }
}

/// A live (open or in progress) exception about a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveException {
    pub id: i64,
    pub code: String,
    pub message_en: String,
    pub message_zh: String,
}

/// One order: ordered vs shipped vs invoiced vs paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconOrder {
    pub order_id: i64,
    pub number: String,
    pub customer_code: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub order_date: NaiveDate,
    /// Order subtotal (line values before tax).
    pub ordered: Decimal,
    /// Σ shipped_qty × line_total / qty.
    pub shipped: Decimal,
    /// Σ subtotal of live invoices (line values before tax).
    pub invoiced: Decimal,
    /// Σ total of live invoices (with tax).
    pub invoiced_total: Decimal,
    pub paid: Decimal,
    /// Unpaid on live invoices past their due date.
    pub overdue: Decimal,
    pub shipped_diff: Diff,
    pub invoiced_diff: Diff,
    pub paid_diff: Diff,
    /// The oldest live exception whose subject is the order number.
    pub exception: Option<LiveException>,
}

impl ReconOrder {
    /// Whether any amount is flagged.
    pub fn has_difference(&self) -> bool {
        self.shipped_diff != Diff::Matches || self.invoiced_diff != Diff::Matches || self.paid_diff != Diff::Matches
    }
}

/// The orders of one customer (by customer code) added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconCustomer {
    pub customer_code: String,
    pub customer_name: String,
    pub orders: i64,
    pub ordered: Decimal,
    pub shipped: Decimal,
    pub invoiced: Decimal,
    pub invoiced_total: Decimal,
    pub paid: Decimal,
    pub overdue: Decimal,
    /// Orders with at least one flagged amount.
    pub orders_with_difference: i64,
    /// The worst flag among the customer's orders, per column.
    pub shipped_diff: Diff,
    pub invoiced_diff: Diff,
    pub paid_diff: Diff,
}

/// The per-order reconciliation with its flags, shared by the order and customer queries.
/// ?1 = first order date, ?2 = today.
const RECON_CTE: &str = "
WITH lines AS (
    SELECT l.order_id AS order_id,
           SUM(CASE WHEN l.qty > 0 THEN l.shipped_qty * l.line_total / l.qty ELSE 0 END) AS shipped,
           COUNT(*) AS n
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.order_date >= ?1
    GROUP BY l.order_id
),
billed AS (
    SELECT i.order_id AS order_id, SUM(i.subtotal) AS net, SUM(i.total) AS gross, SUM(i.paid) AS paid,
           SUM(CASE WHEN i.due_date < ?2 AND i.paid < i.total THEN i.total - i.paid ELSE 0 END) AS overdue,
           SUM((SELECT COUNT(*) FROM invoice_lines x WHERE x.invoice_id = i.id)) AS n
    FROM orders o JOIN invoices i ON i.order_id = o.id
    WHERE o.order_date >= ?1 AND i.void = 0
    GROUP BY i.order_id
),
base AS (
    SELECT o.id AS id, o.number AS number, o.customer_code AS customer_code, IFNULL(c.name, '') AS customer_name,
           o.status AS status, o.order_date AS order_date, o.subtotal AS ordered,
           IFNULL(lines.shipped, 0) AS shipped, IFNULL(billed.net, 0) AS invoiced, IFNULL(billed.gross, 0) AS invoiced_total,
           IFNULL(billed.paid, 0) AS paid, IFNULL(billed.overdue, 0) AS overdue,
           101 * (IFNULL(lines.n, 0) + IFNULL(billed.n, 0)) AS tolerance
    FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
    LEFT JOIN lines ON lines.order_id = o.id
    LEFT JOIN billed ON billed.order_id = o.id
    WHERE o.order_date >= ?1
),
flagged AS (
    SELECT base.*,
           CASE WHEN shipped > ordered + tolerance THEN 2
                WHEN status = 'cancelled' AND shipped > 0 THEN 1
                WHEN status IN ('shipped', 'invoiced', 'paid') AND shipped < ordered - tolerance THEN 1
                ELSE 0 END AS ship_flag,
           CASE WHEN invoiced > shipped + tolerance THEN 2
                WHEN invoiced < shipped - tolerance THEN 1
                ELSE 0 END AS invoice_flag,
           CASE WHEN paid > invoiced_total THEN 2
                WHEN overdue > 0 THEN 1
                ELSE 0 END AS pay_flag
    FROM base
)";

// ---------------------------------------------------------------------------------------------
// Reports

/// The step of a report series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Period {
    Week,
    #[default]
    Month,
}

impl Period {
    /// The first day of the period holding `date` (Monday for weeks).
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Period::Month => date.with_day(1).unwrap_or(date),
        }
    }

    /// The start of the period `steps` periods before the one starting at `start`.
    fn back(self, start: NaiveDate, steps: u32) -> NaiveDate {
        match self {
            Period::Week => start - Duration::weeks(i64::from(steps)),
            Period::Month => start.checked_sub_months(Months::new(steps)).unwrap_or(start),
        }
    }

    /// The grouping key SQL produces for a period start: `YYYY-MM-DD` (Monday) or `YYYY-MM`.
    fn key(self, start: NaiveDate) -> String {
        match self {
            Period::Week => start.format("%Y-%m-%d").to_string(),
            Period::Month => start.format("%Y-%m").to_string(),
        }
    }

    /// SQL turning the date column `column` into the grouping key of `key`.
    fn sql_key(self, column: &str) -> String {
        match self {
            Period::Week => format!("date({column}, 'weekday 0', '-6 days')"),
            Period::Month => format!("substr({column}, 1, 7)"),
        }
    }
}

/// Revenue and order count of one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodPoint {
    pub start: NaiveDate,
    /// `YYYY-MM-DD` of the Monday, or `YYYY-MM`.
    pub key: String,
    /// Σ totals of live invoices issued in the period.
    pub revenue: Decimal,
    /// Orders dated in the period, cancelled ones excluded.
    pub orders: i64,
}

/// A customer ranked by revenue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopCustomer {
    pub code: String,
    pub name: String,
    /// Σ totals of live invoices.
    pub revenue: Decimal,
    pub invoices: i64,
}

/// A product (by SKU) ranked by invoiced line value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopProduct {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty: Decimal,
    /// Σ invoice line totals on live invoices.
    pub revenue: Decimal,
}

/// The open balance on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivablePoint {
    /// A month end, or today for the current month.
    pub date: NaiveDate,
    /// Σ live invoice totals issued up to the date − Σ payments (not on void invoices) up to it.
    pub balance: Decimal,
}

/// Orders that are not cancelled (matches `orders_by_status (status, order_date)`).
const LIVE_ORDER_STATUSES: &str = "('awaiting_correction', 'awaiting_approval', 'awaiting_restock', 'open', 'confirmed',
    'partially_shipped', 'shipped', 'invoiced', 'paid')";

fn status_of(text: &str) -> OrderStatus {
    OrderStatus::parse(text).unwrap_or(OrderStatus::AwaitingCorrection)
}

use super::invoices::map_invoice as map_invoice_head;

impl Store {
    /// Orders with shipped goods not yet invoiced, oldest order first (at most `limit`).
    pub fn list_to_issue(&self, limit: usize) -> Result<Vec<ToIssue>> {
        let sql = format!(
            "SELECT o.id, o.number, o.customer_id, o.customer_code, IFNULL(c.name, ''), o.status, o.order_date,
                    (SELECT MAX(s.shipped_on) FROM shipments s WHERE s.order_id = o.id),
                    COUNT(*),
                    SUM(CASE WHEN l.qty > 0 THEN (l.shipped_qty - l.invoiced_qty) * l.line_total / l.qty ELSE 0 END)
             FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN customers c ON c.id = o.customer_id
             WHERE o.status IN {INVOICEABLE_STATUSES} AND l.shipped_qty > l.invoiced_qty
             GROUP BY o.id
             ORDER BY o.order_date, o.id
             LIMIT ?1"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([limit as i64], |row| {
            let status: String = row.get(5)?;
            Ok(ToIssue {
                order_id: row.get(0)?,
                number: row.get(1)?,
                customer_id: row.get(2)?,
                customer_code: row.get(3)?,
                customer_name: row.get(4)?,
                status: status_of(&status),
                order_date: row_date(row.get(6)?)?,
                last_shipped: row.get::<_, Option<String>>(7)?.map(row_date).transpose()?,
                lines: row.get(8)?,
                value: money(row.get::<_, Option<i64>>(9)?.unwrap_or(0)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest `limit` invoices (void ones too), newest first, each with its check against
    /// the order lines it covers. One GROUP BY over the lines of exactly those invoices.
    pub fn list_invoice_rows(&self, limit: usize) -> Result<Vec<InvoiceRow>> {
        let floor: i64 = self
            .conn
            .prepare_cached("SELECT IFNULL(MIN(id), 0) FROM (SELECT id FROM invoices ORDER BY id DESC LIMIT ?1)")?
            .query_row([limit as i64], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(
            "SELECT i.id, i.number, i.order_id, o.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date,
                    i.subtotal, i.tax, i.total, i.paid, i.void, i.void_reason,
                    IFNULL(a.lines_sum, 0), IFNULL(a.lines_value, 0), IFNULL(a.differing, 0), IFNULL(a.line_count, 0)
             FROM invoices i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN (
                 SELECT il.invoice_id AS invoice_id,
                        SUM(il.line_total) AS lines_sum,
                        SUM(CASE WHEN ol.qty > 0 THEN il.qty * ol.line_total / ol.qty ELSE il.line_total END) AS lines_value,
                        SUM(CASE WHEN il.unit_price <> ol.unit_price OR il.discount_pct <> ol.discount_pct
                                      OR ol.invoiced_qty > ol.shipped_qty THEN 1 ELSE 0 END) AS differing,
                        COUNT(*) AS line_count
                 FROM invoice_lines il JOIN order_lines ol ON ol.id = il.order_line_id
                 WHERE il.invoice_id >= ?2
                 GROUP BY il.invoice_id
             ) a ON a.invoice_id = i.id
             WHERE i.id >= ?2
             ORDER BY i.id DESC
             LIMIT ?1",
        )?;
        let rows = statement.query_map(params![limit as i64, floor], |row| {
            let invoice = map_invoice_head(row)?;
            let subtotal: i64 = row.get(9)?;
            let (lines_sum, lines_value, differing, line_count): (i64, i64, i64, i64) =
                (row.get(15)?, row.get(16)?, row.get(17)?, row.get(18)?);
            Ok(InvoiceRow {
                invoice,
                lines_sum: money(lines_sum),
                lines_value: money(lines_value),
                differing_lines: differing,
                line_count,
                problem: is_mismatch(subtotal, lines_sum, lines_value, differing, line_count),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The lines of one invoice next to their order lines (for the difference explanation).
    pub fn invoice_line_checks(&self, invoice_id: i64) -> Result<Vec<InvoiceLineCheck>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT ol.line_no, ol.sku, IFNULL(p.name, ''), il.qty, il.unit_price, ol.unit_price, il.discount_pct, ol.discount_pct,
                    il.line_total, CASE WHEN ol.qty > 0 THEN il.qty * ol.line_total / ol.qty ELSE il.line_total END,
                    ol.qty, ol.shipped_qty, ol.invoiced_qty
             FROM invoice_lines il JOIN order_lines ol ON ol.id = il.order_line_id LEFT JOIN products p ON p.id = ol.product_id
             WHERE il.invoice_id = ?1
             ORDER BY ol.line_no, il.id",
        )?;
        let rows = statement.query_map([invoice_id], |row| {
            Ok(InvoiceLineCheck {
                line_no: row.get(0)?,
                sku: row.get(1)?,
                name: row.get(2)?,
                qty: qty(row.get(3)?),
                unit_price: money(row.get(4)?),
                order_unit_price: money(row.get(5)?),
                discount_pct: pct(row.get(6)?),
                order_discount_pct: pct(row.get(7)?),
                line_total: money(row.get(8)?),
                value: money(row.get(9)?),
                order_qty: qty(row.get(10)?),
                shipped_qty: qty(row.get(11)?),
                invoiced_qty: qty(row.get(12)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every customer with something open or a credit, largest balance first; days past due
    /// are counted on `today` (due today = current, 30 days = 1–30, 31 = 31–60, 91 = over 90).
    pub fn ageing(&self, today: NaiveDate) -> Result<Vec<AgeingRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.id, c.code, c.name,
                    SUM(CASE WHEN x.open > 0 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN x.open > 0 AND x.days <= 0 THEN x.open ELSE 0 END),
                    SUM(CASE WHEN x.open > 0 AND x.days BETWEEN 1 AND 30 THEN x.open ELSE 0 END),
                    SUM(CASE WHEN x.open > 0 AND x.days BETWEEN 31 AND 60 THEN x.open ELSE 0 END),
                    SUM(CASE WHEN x.open > 0 AND x.days BETWEEN 61 AND 90 THEN x.open ELSE 0 END),
                    SUM(CASE WHEN x.open > 0 AND x.days > 90 THEN x.open ELSE 0 END),
                    SUM(x.credit),
                    MIN(CASE WHEN x.open > 0 THEN x.due_date END)
             FROM (
                 SELECT customer_id, MAX(total - paid, 0) AS open, MAX(paid - total, 0) AS credit, due_date,
                        IFNULL(CAST(julianday(?1) - julianday(due_date) AS INTEGER), 0) AS days
                 FROM invoices WHERE void = 0 AND paid <> total
                 UNION ALL
                 SELECT customer_id, 0, amount, NULL, 0 FROM payments WHERE invoice_id IS NULL
             ) x JOIN customers c ON c.id = x.customer_id
             GROUP BY c.id
             ORDER BY SUM(x.open) - SUM(x.credit) DESC, c.code",
        )?;
        let rows = statement.query_map([today.to_string()], |row| {
            Ok(AgeingRow {
                customer_id: row.get(0)?,
                code: row.get(1)?,
                name: row.get(2)?,
                open_invoices: row.get(3)?,
                current: money(row.get(4)?),
                days_1_30: money(row.get(5)?),
                days_31_60: money(row.get(6)?),
                days_61_90: money(row.get(7)?),
                over_90: money(row.get(8)?),
                credit: money(row.get(9)?),
                oldest_due: row.get::<_, Option<String>>(10)?.map(row_date).transpose()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Orders dated `from` or later with ordered, shipped, invoiced and paid amounts and their
    /// flags; only flagged ones unless `show_all`. Newest first, at most `limit`.
    pub fn reconcile_orders(&self, from: NaiveDate, today: NaiveDate, show_all: bool, limit: usize) -> Result<Vec<ReconOrder>> {
        let sql = format!(
            "{RECON_CTE}
             SELECT f.id, f.number, f.customer_code, f.customer_name, f.status, f.order_date, f.ordered, f.shipped, f.invoiced,
                    f.invoiced_total, f.paid, f.overdue, f.ship_flag, f.invoice_flag, f.pay_flag,
                    e.id, e.code, e.message_en, e.message_zh
             FROM flagged f
             LEFT JOIN exceptions e ON e.id = (SELECT MIN(x.id) FROM exceptions x WHERE x.subject = f.number AND x.status IN ('open', 'in_progress'))
             WHERE ?3 = 1 OR f.ship_flag + f.invoice_flag + f.pay_flag > 0
             ORDER BY f.order_date DESC, f.id DESC
             LIMIT ?4"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![from.to_string(), today.to_string(), i64::from(show_all), limit as i64], |row| {
            let status: String = row.get(4)?;
            let exception_id: Option<i64> = row.get(15)?;
            let exception = exception_id
                .map(|id| -> rusqlite::Result<LiveException> {
                    Ok(LiveException { id, code: row.get(16)?, message_en: row.get(17)?, message_zh: row.get(18)? })
                })
                .transpose()?;
            Ok(ReconOrder {
                order_id: row.get(0)?,
                number: row.get(1)?,
                customer_code: row.get(2)?,
                customer_name: row.get(3)?,
                status: status_of(&status),
                order_date: row_date(row.get(5)?)?,
                ordered: money(row.get(6)?),
                shipped: money(row.get(7)?),
                invoiced: money(row.get(8)?),
                invoiced_total: money(row.get(9)?),
                paid: money(row.get(10)?),
                overdue: money(row.get(11)?),
                shipped_diff: Diff::from_flag(row.get(12)?),
                invoiced_diff: Diff::from_flag(row.get(13)?),
                paid_diff: Diff::from_flag(row.get(14)?),
                exception,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The same reconciliation added up per customer code; only customers with a flagged order
    /// unless `show_all`. Most flagged orders first, at most `limit`.
    pub fn reconcile_customers(&self, from: NaiveDate, today: NaiveDate, show_all: bool, limit: usize) -> Result<Vec<ReconCustomer>> {
        let sql = format!(
            "{RECON_CTE}
             SELECT f.customer_code, MAX(f.customer_name), COUNT(*), SUM(f.ordered), SUM(f.shipped), SUM(f.invoiced),
                    SUM(f.invoiced_total), SUM(f.paid), SUM(f.overdue),
                    SUM(CASE WHEN f.ship_flag + f.invoice_flag + f.pay_flag > 0 THEN 1 ELSE 0 END),
                    MAX(f.ship_flag), MAX(f.invoice_flag), MAX(f.pay_flag)
             FROM flagged f
             GROUP BY f.customer_code
             HAVING ?3 = 1 OR SUM(CASE WHEN f.ship_flag + f.invoice_flag + f.pay_flag > 0 THEN 1 ELSE 0 END) > 0
             ORDER BY 10 DESC, f.customer_code
             LIMIT ?4"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![from.to_string(), today.to_string(), i64::from(show_all), limit as i64], |row| {
            Ok(ReconCustomer {
                customer_code: row.get(0)?,
                customer_name: row.get(1)?,
                orders: row.get(2)?,
                ordered: money(row.get(3)?),
                shipped: money(row.get(4)?),
                invoiced: money(row.get(5)?),
                invoiced_total: money(row.get(6)?),
                paid: money(row.get(7)?),
                overdue: money(row.get(8)?),
                orders_with_difference: row.get(9)?,
                shipped_diff: Diff::from_flag(row.get(10)?),
                invoiced_diff: Diff::from_flag(row.get(11)?),
                paid_diff: Diff::from_flag(row.get(12)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Revenue (live invoice totals by issue date) and order counts (non-cancelled orders by
    /// order date) for the `count` periods ending with the one holding `today`, oldest first;
    /// periods without data are zero.
    pub fn period_series(&self, period: Period, today: NaiveDate, count: usize) -> Result<Vec<PeriodPoint>> {
        let count = count.max(1);
        let current = period.start_of(today);
        let starts: Vec<NaiveDate> = (0..count).rev().map(|back| period.back(current, back as u32)).collect();
        let first = starts.first().copied().unwrap_or(current).to_string();
        let last = today.to_string();
        // due_date >= issue_date always (schema CHECK): the extra bound lets invoices_by_due narrow the scan.
        let revenue_sql = format!(
            "SELECT {key} AS k, SUM(total) FROM invoices
             WHERE void = 0 AND issue_date >= ?1 AND issue_date <= ?2 AND due_date >= ?1
             GROUP BY k",
            key = period.sql_key("issue_date")
        );
        let revenue: BTreeMap<String, i64> = self
            .conn
            .prepare_cached(&revenue_sql)?
            .query_map(params![first, last], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let orders_sql = format!(
            "SELECT {key} AS k, COUNT(*) FROM orders
             WHERE status IN {LIVE_ORDER_STATUSES} AND order_date >= ?1 AND order_date <= ?2
             GROUP BY k",
            key = period.sql_key("order_date")
        );
        let orders: BTreeMap<String, i64> = self
            .conn
            .prepare_cached(&orders_sql)?
            .query_map(params![first, last], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(starts
            .into_iter()
            .map(|start| {
                let key = period.key(start);
                PeriodPoint {
                    start,
                    revenue: money(revenue.get(&key).copied().unwrap_or(0)),
                    orders: orders.get(&key).copied().unwrap_or(0),
                    key,
                }
            })
            .collect())
    }

    /// The `limit` customers with the most revenue (live invoice totals) issued from `from` to `to`.
    pub fn top_customers(&self, from: NaiveDate, to: NaiveDate, limit: usize) -> Result<Vec<TopCustomer>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.code, c.name, SUM(i.total) AS revenue, COUNT(*)
             FROM invoices i JOIN customers c ON c.id = i.customer_id
             WHERE i.void = 0 AND i.issue_date >= ?1 AND i.issue_date <= ?2 AND i.due_date >= ?1
             GROUP BY i.customer_id
             ORDER BY revenue DESC, c.code
             LIMIT ?3",
        )?;
        let rows = statement.query_map(params![from.to_string(), to.to_string(), limit as i64], |row| {
            Ok(TopCustomer { code: row.get(0)?, name: row.get(1)?, revenue: money(row.get(2)?), invoices: row.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `limit` products (by SKU) with the most invoiced line value on live invoices issued
    /// from `from` to `to`.
    pub fn top_products(&self, from: NaiveDate, to: NaiveDate, limit: usize) -> Result<Vec<TopProduct>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT ol.sku, IFNULL(MAX(p.name), ''), IFNULL(MAX(p.unit), ''), SUM(il.qty), SUM(il.line_total) AS revenue
             FROM invoices i JOIN invoice_lines il ON il.invoice_id = i.id
             JOIN order_lines ol ON ol.id = il.order_line_id LEFT JOIN products p ON p.id = ol.product_id
             WHERE i.void = 0 AND i.issue_date >= ?1 AND i.issue_date <= ?2 AND i.due_date >= ?1
             GROUP BY ol.sku
             ORDER BY revenue DESC, ol.sku
             LIMIT ?3",
        )?;
        let rows = statement.query_map(params![from.to_string(), to.to_string(), limit as i64], |row| {
            Ok(TopProduct { sku: row.get(0)?, name: row.get(1)?, unit: row.get(2)?, qty: qty(row.get(3)?), revenue: money(row.get(4)?) })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open balance at the end of each of the `months` months ending with the current one
    /// (today for the current month), oldest first: Σ live invoice totals issued up to the day
    /// − Σ payments up to the day (payments on void invoices excluded).
    pub fn receivables_series(&self, today: NaiveDate, months: usize) -> Result<Vec<ReceivablePoint>> {
        let months = months.max(1);
        let current = Period::Month.start_of(today);
        let today_text = today.to_string();
        let invoiced: BTreeMap<String, i64> = self
            .conn
            .prepare_cached(
                "SELECT substr(issue_date, 1, 7) AS m, SUM(total) FROM invoices WHERE void = 0 AND issue_date <= ?1 GROUP BY m",
            )?
            .query_map([&today_text], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let paid: BTreeMap<String, i64> = self
            .conn
            .prepare_cached(
                "SELECT substr(p.paid_on, 1, 7) AS m, SUM(p.amount) FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
                 WHERE IFNULL(i.void, 0) = 0 AND p.paid_on <= ?1 GROUP BY m",
            )?
            .query_map([&today_text], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((0..months)
            .rev()
            .map(|back| {
                let start = Period::Month.back(current, back as u32);
                let key = Period::Month.key(start);
                let month_end = start.checked_add_months(Months::new(1)).map(|next| next - Duration::days(1)).unwrap_or(start);
                let upto = |map: &BTreeMap<String, i64>| -> i64 { map.range(..=key.clone()).map(|(_, value)| *value).sum() };
                ReceivablePoint { date: month_end.min(today), balance: money(upto(&invoiced) - upto(&paid)) }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn exec(store: &Store, sql: &str, values: &[&dyn rusqlite::ToSql]) -> i64 {
        store.conn.execute(sql, values).expect(sql);
        store.conn.last_insert_rowid()
    }

    fn customer(store: &Store, code: &str) -> i64 {
        exec(
            store,
            "INSERT INTO customers (code, name, updated_at, updated_by) VALUES (?1, ?2, 't', 'test')",
            &[&code, &format!("Name {code}")],
        )
    }

    fn order(store: &Store, number: &str, customer_id: i64, status: &str, date: &str, subtotal: i64) -> i64 {
        exec(
            store,
            "INSERT INTO orders (number, customer_id, customer_code, status, order_date, subtotal, tax, total, created_by, created_at, updated_at)
             VALUES (?1, ?2, (SELECT code FROM customers WHERE id = ?2), ?3, ?4, ?5, 0, ?5, 'test', 't', 't')",
            &[&number, &customer_id, &status, &date, &subtotal],
        )
    }

    /// (order, line_no, qty, unit_price, line_total, shipped, invoiced), scaled integers.
    #[allow(clippy::too_many_arguments)]
    fn line(store: &Store, order_id: i64, line_no: i64, quantity: i64, price: i64, total: i64, shipped: i64, invoiced: i64) -> i64 {
        exec(
            store,
            "INSERT INTO order_lines (order_id, line_no, sku, qty, unit_price, discount_pct, line_total, shipped_qty, invoiced_qty)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8)",
            &[&order_id, &line_no, &format!("SKU{line_no}"), &quantity, &price, &total, &shipped, &invoiced],
        )
    }

    struct Inv<'a> {
        number: &'a str,
        order_id: i64,
        customer_id: i64,
        issue: &'a str,
        due: &'a str,
        subtotal: i64,
        paid: i64,
        void: bool,
    }

    fn invoice(store: &Store, inv: Inv<'_>) -> i64 {
        exec(
            store,
            "INSERT INTO invoices (number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?6, ?7, ?8, 'test', 't')",
            &[&inv.number, &inv.order_id, &inv.customer_id, &inv.issue, &inv.due, &inv.subtotal, &inv.paid, &i64::from(inv.void)],
        )
    }

    fn invoice_line(store: &Store, invoice_id: i64, order_line_id: i64, quantity: i64, price: i64, total: i64) {
        exec(
            store,
            "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_pct, line_total) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
            &[&invoice_id, &order_line_id, &quantity, &price, &total],
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn ageing_invoice(
        store: &Store,
        number: &str,
        order_id: i64,
        customer_id: i64,
        today: NaiveDate,
        days_past_due: i64,
        amount: i64,
        paid: i64,
    ) {
        let due = today - Duration::days(days_past_due);
        let issue = due - Duration::days(30);
        invoice(
            store,
            Inv { number, order_id, customer_id, issue: &issue.to_string(), due: &due.to_string(), subtotal: amount, paid, void: false },
        );
    }

    #[test]
    fn ageing_buckets_fall_on_their_boundaries() {
        let store = Store::open_in_memory().expect("store");
        let today = day("2026-06-30");
        let c = customer(&store, "C1");
        let o = order(&store, "SO-1", c, "invoiced", "2026-01-01", 0);
        // Amounts are powers of two so each bucket's sum names exactly its invoices.
        for (number, days, amount) in [
            ("I-0", 0, 1),
            ("I-1", 1, 2),
            ("I-30", 30, 4),
            ("I-31", 31, 8),
            ("I-60", 60, 16),
            ("I-61", 61, 32),
            ("I-90", 90, 64),
            ("I-91", 91, 128),
            ("I-F", -5, 256),
        ] {
            ageing_invoice(&store, number, o, c, today, days, amount * 10_000, 0);
        }
        // Paid in full: not open. Partly paid: only the rest is open. Over-paid: credit.
        ageing_invoice(&store, "I-PAID", o, c, today, 45, 1_000_000, 1_000_000);
        ageing_invoice(&store, "I-PART", o, c, today, 45, 1_000_000, 990_000);
        ageing_invoice(&store, "I-OVER", o, c, today, 10, 100_000, 130_000);
        // Void: ignored entirely.
        invoice(
            &store,
            Inv {
                number: "I-VOID",
                order_id: o,
                customer_id: c,
                issue: "2026-01-01",
                due: "2026-01-31",
                subtotal: 5_000_000,
                paid: 0,
                void: true,
            },
        );
        // A customer without anything open is left out.
        customer(&store, "C2");

        let rows = store.ageing(today).expect("ageing");
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.code, "C1");
        assert_eq!(row.current, money((1 + 256) * 10_000), "due today and due later are current");
        assert_eq!(row.days_1_30, money((2 + 4) * 10_000), "1 and 30 days");
        assert_eq!(row.days_31_60, money((8 + 16) * 10_000 + 10_000), "31, 60 and the partly paid 45");
        assert_eq!(row.days_61_90, money((32 + 64) * 10_000), "61 and 90 days");
        assert_eq!(row.over_90, money(128 * 10_000), "91 days");
        assert_eq!(row.credit, money(30_000));
        assert_eq!(row.open_invoices, 10);
        assert_eq!(row.balance(), row.open() - money(30_000));
        assert_eq!(row.oldest_due, Some(today - Duration::days(91)));
    }

    #[test]
    fn problem_invoices_are_detected_and_explained() {
        let store = Store::open_in_memory().expect("store");
        let c = customer(&store, "C1");
        let o = order(&store, "SO-1", c, "invoiced", "2026-01-01", 0);
        // 10 @ 5.00 = 50.00, invoiced correctly.
        let good_line = line(&store, o, 1, 10_000, 50_000, 500_000, 10_000, 10_000);
        let good = invoice(
            &store,
            Inv {
                number: "INV-GOOD",
                order_id: o,
                customer_id: c,
                issue: "2026-02-01",
                due: "2026-03-01",
                subtotal: 500_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, good, good_line, 10_000, 50_000, 500_000);
        // 3 @ 3.335 = 10.01; one unit invoiced at 3.34: rounding only, not a problem.
        let round_line = line(&store, o, 2, 3_000, 33_350, 100_100, 3_000, 1_000);
        let rounded = invoice(
            &store,
            Inv {
                number: "INV-ROUND",
                order_id: o,
                customer_id: c,
                issue: "2026-02-02",
                due: "2026-03-02",
                subtotal: 33_400,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, rounded, round_line, 1_000, 33_350, 33_400);
        // Invoiced at 6.00 while ordered at 5.00.
        let price_line = line(&store, o, 3, 2_000, 50_000, 100_000, 2_000, 2_000);
        let priced = invoice(
            &store,
            Inv {
                number: "INV-PRICE",
                order_id: o,
                customer_id: c,
                issue: "2026-02-03",
                due: "2026-03-03",
                subtotal: 120_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, priced, price_line, 2_000, 60_000, 120_000);
        // The head says 60.00 while its one line is 50.00.
        let head_line = line(&store, o, 4, 10_000, 50_000, 500_000, 10_000, 10_000);
        let head = invoice(
            &store,
            Inv {
                number: "INV-HEAD",
                order_id: o,
                customer_id: c,
                issue: "2026-02-04",
                due: "2026-03-04",
                subtotal: 600_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, head, head_line, 10_000, 50_000, 500_000);
        // Invoices 4 of the 2 shipped.
        let over_line = line(&store, o, 5, 4_000, 10_000, 40_000, 2_000, 4_000);
        let over = invoice(
            &store,
            Inv {
                number: "INV-OVER",
                order_id: o,
                customer_id: c,
                issue: "2026-02-05",
                due: "2026-03-05",
                subtotal: 40_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, over, over_line, 4_000, 10_000, 40_000);

        let rows = store.list_invoice_rows(100).expect("rows");
        let problem = |number: &str| rows.iter().find(|row| row.invoice.number == number).map(|row| row.problem);
        assert_eq!(rows.first().map(|row| row.invoice.number.as_str()), Some("INV-OVER"), "newest first");
        assert_eq!(problem("INV-GOOD"), Some(false));
        assert_eq!(problem("INV-ROUND"), Some(false));
        assert_eq!(problem("INV-PRICE"), Some(true));
        assert_eq!(problem("INV-HEAD"), Some(true));
        assert_eq!(problem("INV-OVER"), Some(true));
        let today = day("2026-02-10");
        let state = |number: &str| rows.iter().find(|row| row.invoice.number == number).map(|row| row.state(today));
        assert_eq!(state("INV-GOOD"), Some(InvoiceState::Issued));
        assert_eq!(state("INV-PRICE"), Some(InvoiceState::Problem));

        let checks = store.invoice_line_checks(priced).expect("checks");
        assert_eq!(checks.len(), 1);
        assert!(checks[0].price_differs() && checks[0].amount_differs() && checks[0].is_problem());
        assert_eq!(checks[0].value, money(100_000));
        let checks = store.invoice_line_checks(rounded).expect("checks");
        assert!(!checks[0].is_problem(), "{:?}", checks[0]);
        let checks = store.invoice_line_checks(over).expect("checks");
        assert!(checks[0].over_invoiced() && !checks[0].price_differs());

        // The cap takes the newest invoices only.
        let capped = store.list_invoice_rows(2).expect("rows");
        assert_eq!(capped.iter().map(|row| row.invoice.number.as_str()).collect::<Vec<_>>(), vec!["INV-OVER", "INV-HEAD"]);
        assert!(capped.iter().all(|row| row.problem));
    }

    #[test]
    fn reconciliation_flags_differences_and_links_exceptions() {
        let store = Store::open_in_memory().expect("store");
        let today = day("2026-06-30");
        let c1 = customer(&store, "C1");
        let c2 = customer(&store, "C2");
        // A: shipped, invoiced and paid in full: no difference.
        let a = order(&store, "SO-A", c1, "paid", "2026-06-01", 100_000);
        let a_line = line(&store, a, 1, 1_000, 100_000, 100_000, 1_000, 1_000);
        let a_inv = invoice(
            &store,
            Inv {
                number: "INV-A",
                order_id: a,
                customer_id: c1,
                issue: "2026-06-02",
                due: "2026-07-02",
                subtotal: 100_000,
                paid: 100_000,
                void: false,
            },
        );
        invoice_line(&store, a_inv, a_line, 1_000, 100_000, 100_000);
        // B: shipped, not invoiced (amber), with a live exception.
        let b = order(&store, "SO-B", c1, "shipped", "2026-06-02", 200_000);
        line(&store, b, 1, 2_000, 100_000, 200_000, 2_000, 0);
        exec(
            &store,
            "INSERT INTO exceptions (code, severity, subject_kind, subject, department, opened, opened_at, message_en, message_zh)
             VALUES ('INVOICE_NOT_ISSUED', 'warn', 'order', 'SO-B', 'finance', '2026-06-20', 't', 'not invoiced', '未开票')",
            &[],
        );
        // C: invoiced more than shipped (red).
        let c = order(&store, "SO-C", c2, "partially_shipped", "2026-06-03", 200_000);
        let c_line = line(&store, c, 1, 2_000, 100_000, 200_000, 1_000, 2_000);
        let c_inv = invoice(
            &store,
            Inv {
                number: "INV-C",
                order_id: c,
                customer_id: c2,
                issue: "2026-06-04",
                due: "2026-07-04",
                subtotal: 200_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, c_inv, c_line, 2_000, 100_000, 200_000);
        // D: paid more than invoiced (red); its void invoice does not count.
        let d = order(&store, "SO-D", c2, "paid", "2026-06-04", 100_000);
        let d_line = line(&store, d, 1, 1_000, 100_000, 100_000, 1_000, 1_000);
        let d_inv = invoice(
            &store,
            Inv {
                number: "INV-D",
                order_id: d,
                customer_id: c2,
                issue: "2026-06-05",
                due: "2026-07-05",
                subtotal: 100_000,
                paid: 150_000,
                void: false,
            },
        );
        invoice_line(&store, d_inv, d_line, 1_000, 100_000, 100_000);
        invoice(
            &store,
            Inv {
                number: "INV-D0",
                order_id: d,
                customer_id: c2,
                issue: "2026-06-05",
                due: "2026-07-05",
                subtotal: 100_000,
                paid: 0,
                void: true,
            },
        );
        // E: invoiced, unpaid past due (amber).
        let e = order(&store, "SO-E", c2, "invoiced", "2026-05-01", 100_000);
        let e_line = line(&store, e, 1, 1_000, 100_000, 100_000, 1_000, 1_000);
        let e_inv = invoice(
            &store,
            Inv {
                number: "INV-E",
                order_id: e,
                customer_id: c2,
                issue: "2026-05-02",
                due: "2026-06-01",
                subtotal: 100_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, e_inv, e_line, 1_000, 100_000, 100_000);
        // F: older than the period.
        let f = order(&store, "SO-F", c2, "shipped", "2025-01-01", 100_000);
        line(&store, f, 1, 1_000, 100_000, 100_000, 1_000, 0);

        let from = day("2026-04-01");
        let rows = store.reconcile_orders(from, today, false, 100).expect("orders");
        let find = |number: &str| rows.iter().find(|row| row.number == number);
        assert!(find("SO-A").is_none(), "no difference, not listed");
        assert!(find("SO-F").is_none(), "outside the period");
        let row_b = find("SO-B").expect("B");
        assert_eq!((row_b.shipped_diff, row_b.invoiced_diff, row_b.paid_diff), (Diff::Matches, Diff::Behind, Diff::Matches));
        assert_eq!(row_b.shipped, money(200_000));
        assert_eq!(row_b.exception.as_ref().map(|e| e.code.as_str()), Some("INVOICE_NOT_ISSUED"));
        let row_c = find("SO-C").expect("C");
        assert_eq!(row_c.invoiced_diff, Diff::Excess);
        assert_eq!(row_c.shipped, money(100_000));
        let row_d = find("SO-D").expect("D");
        assert_eq!(row_d.paid_diff, Diff::Excess);
        assert_eq!(row_d.invoiced, money(100_000), "void invoice left out");
        let row_e = find("SO-E").expect("E");
        assert_eq!((row_e.paid_diff, row_e.overdue), (Diff::Behind, money(100_000)));
        assert_eq!(rows.len(), 4);

        let all = store.reconcile_orders(from, today, true, 100).expect("all");
        assert_eq!(all.len(), 5);
        assert!(!all.iter().any(|row| row.number == "SO-A" && row.has_difference()));

        let customers = store.reconcile_customers(from, today, false, 100).expect("customers");
        let c2_row = customers.iter().find(|row| row.customer_code == "C2").expect("C2");
        assert_eq!((c2_row.orders, c2_row.orders_with_difference), (3, 3));
        assert_eq!((c2_row.invoiced_diff, c2_row.paid_diff), (Diff::Excess, Diff::Excess));
        let c1_row = customers.iter().find(|row| row.customer_code == "C1").expect("C1");
        assert_eq!((c1_row.orders, c1_row.orders_with_difference, c1_row.invoiced_diff), (2, 1, Diff::Behind));
        assert_eq!(customers[0].customer_code, "C2", "most differences first");

        let to_issue = store.list_to_issue(100).expect("to issue");
        let numbers: Vec<&str> = to_issue.iter().map(|row| row.number.as_str()).collect();
        assert_eq!(numbers, vec!["SO-F", "SO-B"]);
        assert_eq!(to_issue[1].value, money(200_000));
    }

    #[test]
    fn report_series_and_receivables() {
        let store = Store::open_in_memory().expect("store");
        let today = day("2026-03-15");
        let c = customer(&store, "C1");
        let o = order(&store, "SO-1", c, "invoiced", "2026-02-10", 300_000);
        order(&store, "SO-2", c, "cancelled", "2026-02-11", 100_000);
        order(&store, "SO-3", c, "open", "2026-03-02", 100_000);
        let ol = line(&store, o, 1, 3_000, 100_000, 300_000, 3_000, 3_000);
        let i1 = invoice(
            &store,
            Inv {
                number: "INV-1",
                order_id: o,
                customer_id: c,
                issue: "2026-01-20",
                due: "2026-02-20",
                subtotal: 100_000,
                paid: 0,
                void: false,
            },
        );
        invoice_line(&store, i1, ol, 1_000, 100_000, 100_000);
        invoice(
            &store,
            Inv {
                number: "INV-2",
                order_id: o,
                customer_id: c,
                issue: "2026-03-02",
                due: "2026-04-02",
                subtotal: 200_000,
                paid: 0,
                void: false,
            },
        );
        invoice(
            &store,
            Inv {
                number: "INV-V",
                order_id: o,
                customer_id: c,
                issue: "2026-03-03",
                due: "2026-04-03",
                subtotal: 900_000,
                paid: 0,
                void: true,
            },
        );
        exec(
            &store,
            "INSERT INTO payments (invoice_id, customer_id, paid_on, amount, method, user_name, created_at) VALUES (?1, ?2, '2026-02-05', 40000, 'cash', 'test', 't')",
            &[&i1, &c],
        );

        let months = store.period_series(Period::Month, today, 3).expect("months");
        assert_eq!(months.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), vec!["2026-01", "2026-02", "2026-03"]);
        assert_eq!(months.iter().map(|p| p.revenue).collect::<Vec<_>>(), vec![money(100_000), money(0), money(200_000)]);
        assert_eq!(months.iter().map(|p| p.orders).collect::<Vec<_>>(), vec![0, 1, 1], "cancelled left out");

        let weeks = store.period_series(Period::Week, today, 2).expect("weeks");
        assert_eq!(weeks.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), vec!["2026-03-02", "2026-03-09"]);
        assert_eq!((weeks[0].revenue, weeks[0].orders), (money(200_000), 1));

        let receivables = store.receivables_series(today, 3).expect("receivables");
        assert_eq!(receivables.iter().map(|p| p.date).collect::<Vec<_>>(), vec![day("2026-01-31"), day("2026-02-28"), today]);
        assert_eq!(receivables.iter().map(|p| p.balance).collect::<Vec<_>>(), vec![money(100_000), money(60_000), money(260_000)]);

        let top = store.top_customers(day("2025-03-15"), today, 10).expect("top");
        assert_eq!((top.len(), top[0].revenue, top[0].invoices), (1, money(300_000), 2));
        let products = store.top_products(day("2025-03-15"), today, 10).expect("products");
        assert_eq!((products.len(), products[0].sku.as_str(), products[0].revenue), (1, "SKU1", money(100_000)));
    }
}
