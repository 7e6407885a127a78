//! Read models for money, for the bookkeeper's invoices tab and the owner's reports tab: what waits
//! to be invoiced, invoices with their "problem" check, customer ageing, the order/customer
//! reconciliation and the report series. Owns only set-based, indexed SELECTs (GROUP BY in SQL,
//! sums kept as scale-4 integers until mapped to `Decimal`, never a query per row in a loop).
//! Must not write, must not know egui, and must not read the clock: callers pass `today`.

use super::invoices::Invoice;
use super::{Result, Store, money, pct, qty, row_date};
use crate::domain::OrderStatus;
use crate::store::db::params;
use chrono::{Datelike, Duration, Months, NaiveDate};
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
    /// Over-payments on live invoices, payments not tied to an invoice, and deposits not yet
    /// applied to one.
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
    SELECT o.id AS id, o.number AS number, o.customer_code AS customer_code, COALESCE(c.name, '') AS customer_name,
           o.status AS status, o.order_date AS order_date, o.subtotal AS ordered,
           COALESCE(lines.shipped, 0) AS shipped, COALESCE(billed.net, 0) AS invoiced, COALESCE(billed.gross, 0) AS invoiced_total,
           COALESCE(billed.paid, 0) AS paid, COALESCE(billed.overdue, 0) AS overdue,
           101 * (COALESCE(lines.n, 0) + COALESCE(billed.n, 0)) AS tolerance
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
    fn sql_key(self, column: &str, dialect: crate::store::dialect::Dialect) -> String {
        match self {
            Period::Week => dialect.week_start(column),
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
            "SELECT o.id, o.number, o.customer_id, o.customer_code, COALESCE(c.name, ''), o.status, o.order_date,
                    (SELECT MAX(s.shipped_on) FROM shipments s WHERE s.order_id = o.id),
                    COUNT(*),
                    SUM(CASE WHEN l.qty > 0 THEN (l.shipped_qty - l.invoiced_qty) * l.line_total / l.qty ELSE 0 END)
             FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN customers c ON c.id = o.customer_id
             WHERE o.status IN {INVOICEABLE_STATUSES} AND l.shipped_qty > l.invoiced_qty
             GROUP BY o.id, c.name
             ORDER BY o.order_date, o.id
             LIMIT ?1"
        );
        let mut statement = self.db.prepare_cached(&sql)?;
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The newest `limit` invoices (void ones too), newest first, each with its check against
    /// the order lines it covers. One GROUP BY over the lines of exactly those invoices.
    pub fn list_invoice_rows(&self, limit: usize) -> Result<Vec<InvoiceRow>> {
        let floor: i64 = self
            .db
            .prepare_cached("SELECT COALESCE(MIN(id), 0) FROM (SELECT id FROM invoices ORDER BY id DESC LIMIT ?1) AS newest")?
            .query_row([limit as i64], |row| row.get(0))?;
        let mut statement = self.db.prepare_cached(
            "SELECT i.id, i.number, i.order_id, o.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date,
                    i.subtotal, i.tax, i.total, i.paid, i.void, i.void_reason, i.voided_on,
                    COALESCE(a.lines_sum, 0), COALESCE(a.lines_value, 0), COALESCE(a.differing, 0), COALESCE(a.line_count, 0)
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
                (row.get(16)?, row.get(17)?, row.get(18)?, row.get(19)?);
            Ok(InvoiceRow {
                invoice,
                lines_sum: money(lines_sum),
                lines_value: money(lines_value),
                differing_lines: differing,
                line_count,
                problem: is_mismatch(subtotal, lines_sum, lines_value, differing, line_count),
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The lines of one invoice next to their order lines (for the difference explanation).
    pub fn invoice_line_checks(&self, invoice_id: i64) -> Result<Vec<InvoiceLineCheck>> {
        let mut statement = self.db.prepare_cached(
            "SELECT ol.line_no, ol.sku, COALESCE(p.name, ''), il.qty, il.unit_price, ol.unit_price, il.discount_pct, ol.discount_pct,
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Every customer with something open or a credit, largest balance first; days past due
    /// are counted on `today` (due today = current, 30 days = 1–30, 31 = 31–60, 91 = over 90).
    pub fn ageing(&self, today: NaiveDate) -> Result<Vec<AgeingRow>> {
        let days = self.db.dialect().days_between("?1", "due_date");
        let mut statement = self.db.prepare_cached(&format!(
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
                 SELECT customer_id, CASE WHEN total > paid THEN total - paid ELSE 0 END AS open,
                        CASE WHEN paid > total THEN paid - total ELSE 0 END AS credit, due_date,
                        COALESCE({days}, 0) AS days
                 FROM invoices WHERE void = 0 AND paid <> total
                 UNION ALL
                 SELECT customer_id, 0, amount, NULL, 0 FROM payments WHERE invoice_id IS NULL
                 UNION ALL
                 SELECT customer_id, 0, amount - applied - refunded, NULL, 0 FROM deposits WHERE amount > applied + refunded
             ) x JOIN customers c ON c.id = x.customer_id
             GROUP BY c.id
             ORDER BY SUM(x.open) - SUM(x.credit) DESC, c.code"
        ))?;
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
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
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map(params![from.to_string(), today.to_string(), i64::from(show_all), limit as i64], |row| {
            let status: String = row.get(4)?;
            let exception_id: Option<i64> = row.get(15)?;
            let exception = exception_id
                .map(|id| -> crate::store::db::Result<LiveException> {
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
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
        let mut statement = self.db.prepare_cached(&sql)?;
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
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
            key = period.sql_key("issue_date", self.db.dialect())
        );
        let revenue: BTreeMap<String, i64> = self
            .db
            .prepare_cached(&revenue_sql)?
            .query_map(params![first, last], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<crate::store::db::Result<_>>()?;
        let orders_sql = format!(
            "SELECT {key} AS k, COUNT(*) FROM orders
             WHERE status IN {LIVE_ORDER_STATUSES} AND order_date >= ?1 AND order_date <= ?2
             GROUP BY k",
            key = period.sql_key("order_date", self.db.dialect())
        );
        let orders: BTreeMap<String, i64> = self
            .db
            .prepare_cached(&orders_sql)?
            .query_map(params![first, last], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<crate::store::db::Result<_>>()?;
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
        let mut statement = self.db.prepare_cached(
            "SELECT c.code, c.name, SUM(i.total) AS revenue, COUNT(*)
             FROM invoices i JOIN customers c ON c.id = i.customer_id
             WHERE i.void = 0 AND i.issue_date >= ?1 AND i.issue_date <= ?2 AND i.due_date >= ?1
             GROUP BY c.id
             ORDER BY revenue DESC, c.code
             LIMIT ?3",
        )?;
        let rows = statement.query_map(params![from.to_string(), to.to_string(), limit as i64], |row| {
            Ok(TopCustomer { code: row.get(0)?, name: row.get(1)?, revenue: money(row.get(2)?), invoices: row.get(3)? })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The `limit` products (by SKU) with the most invoiced line value on live invoices issued
    /// from `from` to `to`.
    pub fn top_products(&self, from: NaiveDate, to: NaiveDate, limit: usize) -> Result<Vec<TopProduct>> {
        let mut statement = self.db.prepare_cached(
            "SELECT ol.sku, COALESCE(MAX(p.name), ''), COALESCE(MAX(p.unit), ''), SUM(il.qty), SUM(il.line_total) AS revenue
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The open balance at the end of each of the `months` months ending with the current one
    /// (today for the current month), oldest first: Σ live invoice totals issued up to the day
    /// − Σ payments up to the day (payments on void invoices excluded).
    pub fn receivables_series(&self, today: NaiveDate, months: usize) -> Result<Vec<ReceivablePoint>> {
        let months = months.max(1);
        let current = Period::Month.start_of(today);
        let today_text = today.to_string();
        let invoiced: BTreeMap<String, i64> = self
            .db
            .prepare_cached(
                "SELECT substr(issue_date, 1, 7) AS m, SUM(total) FROM invoices WHERE void = 0 AND issue_date <= ?1 GROUP BY m",
            )?
            .query_map([&today_text], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<crate::store::db::Result<_>>()?;
        let paid: BTreeMap<String, i64> = self
            .db
            .prepare_cached(
                "SELECT substr(p.paid_on, 1, 7) AS m, SUM(p.amount) FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
                 WHERE COALESCE(i.void, 0) = 0 AND p.paid_on <= ?1 GROUP BY m",
            )?
            .query_map([&today_text], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
            .collect::<crate::store::db::Result<_>>()?;
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
mod tests;
