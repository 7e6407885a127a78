//! After-sales rows: deliveries recorded on shipments, goods returned against an order, and the
//! credit notes that reduce what is owed on an invoice. An issued invoice is never edited: a
//! credit note is booked against it as a settlement (method `credit`, reference = the note).

use super::{Result, Store, WriteTx, money, money_col, qty, qty_col, row_date};
use crate::store::db::{OptionalExtension, params};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A shipment of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    pub number: String,
    pub shipped_on: NaiveDate,
    pub user: String,
    pub delivered_on: Option<NaiveDate>,
    pub received_by: String,
}

/// A return as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Return {
    pub sku: String,
    pub qty: Decimal,
    pub reason: String,
    pub credit_note: Option<String>,
    pub returned_on: NaiveDate,
    pub user: String,
}

impl Store {
    /// Shipments of an order, oldest first.
    pub fn list_shipments(&self, order_id: i64) -> Result<Vec<Shipment>> {
        let mut statement = self.db.prepare_cached(
            "SELECT number, shipped_on, user_name, delivered_on, received_by FROM shipments WHERE order_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([order_id], |row| {
            Ok(Shipment {
                number: row.get(0)?,
                shipped_on: row_date(row.get(1)?)?,
                user: row.get(2)?,
                delivered_on: row.get::<_, Option<String>>(3)?.map(row_date).transpose()?,
                received_by: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Returns booked against an order.
    pub fn list_returns(&self, order_id: i64) -> Result<Vec<Return>> {
        let mut statement = self.db.prepare_cached(
            "SELECT l.sku, r.qty, r.reason, c.number, r.returned_on, r.user_name FROM returns r
             JOIN order_lines l ON l.id = r.order_line_id LEFT JOIN credit_notes c ON c.id = r.credit_note_id
             WHERE r.order_id = ?1 ORDER BY r.id",
        )?;
        let rows = statement.query_map([order_id], |row| {
            Ok(Return {
                sku: row.get(0)?,
                qty: qty(row.get(1)?),
                reason: row.get(2)?,
                credit_note: row.get(3)?,
                returned_on: row_date(row.get(4)?)?,
                user: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// A shipment's order id and its delivery so far: (order id, delivered on, received by).
    pub fn get_shipment_delivery(&self, shipment: &str) -> Result<Option<(i64, Option<String>, String)>> {
        Ok(self
            .db
            .prepare_cached("SELECT order_id, delivered_on, received_by FROM shipments WHERE number = ?1")?
            .query_row([shipment.trim()], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?)
    }

    /// The day shipment `number` left, if there is such a shipment.
    pub fn shipped_on(&self, number: &str) -> Result<Option<NaiveDate>> {
        let day: Option<String> = self
            .db
            .prepare_cached("SELECT shipped_on FROM shipments WHERE number = ?1")?
            .query_row([number.trim()], |row| row.get(0))
            .optional()?;
        Ok(day.map(row_date).transpose()?)
    }

    /// The shipments of order `number` whose delivery is not recorded yet, oldest first.
    pub fn undelivered_shipments(&self, number: &str) -> Result<Vec<String>> {
        let mut statement = self.db.prepare_cached(
            "SELECT s.number FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.number = ?1 AND s.delivered_on IS NULL ORDER BY s.id",
        )?;
        let rows = statement.query_map([number.trim()], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Units of an order line already returned against invoiced goods (credited).
    pub fn credited_qty(&self, order_line_id: i64) -> Result<Decimal> {
        let sum: i64 = self
            .db
            .prepare_cached("SELECT COALESCE(SUM(qty), 0) FROM returns WHERE order_line_id = ?1 AND credit_note_id IS NOT NULL")?
            .query_row([order_line_id], |row| row.get(0))?;
        Ok(qty(sum))
    }

    /// The newest non-void invoice covering an order line, if any: (invoice id, number).
    pub fn invoice_of_line(&self, order_line_id: i64) -> Result<Option<(i64, String)>> {
        Ok(self
            .db
            .prepare_cached(
                "SELECT i.id, i.number FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
                 WHERE il.order_line_id = ?1 AND i.void = 0 ORDER BY i.id DESC LIMIT 1",
            )?
            .query_row([order_line_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }
}

/// Issue a credit note against an invoice inside `tx`, settling `amount` of it. Returns its
/// number and id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn credit_note_tx(
    tx: &WriteTx<'_>,
    invoice_id: i64,
    customer_id: i64,
    amount: Decimal,
    reason: &str,
    day: NaiveDate,
    user: &str,
    now: &str,
) -> Result<(String, i64)> {
    let number = super::next_number_tx(tx, "credit_note", "CN", day.year())?;
    let scaled = money_col(amount, "amount")?;
    tx.prepare_cached("INSERT INTO credit_notes (number, invoice_id, issue_date, amount, reason, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![number, invoice_id, day.to_string(), scaled, reason, user, now])?;
    let id = tx.last_insert_rowid()?;
    tx.prepare_cached(
        "INSERT INTO payments (invoice_id, customer_id, paid_on, amount, method, reference, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, 'credit', ?5, ?6, ?7)",
    )?
    .execute(params![invoice_id, customer_id, day.to_string(), scaled, number, user, now])?;
    tx.prepare_cached("UPDATE invoices SET paid = paid + ?2 WHERE id = ?1")?.execute(params![invoice_id, scaled])?;
    Ok((number, id))
}

/// Book returned units of one order line inside `tx`: stock back through the ledger, the
/// return row, and — for goods not yet invoiced — the line reduced so nothing bills them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn return_line_tx(
    tx: &WriteTx<'_>,
    order_id: i64,
    order_number: &str,
    line: &super::orders::OrderLine,
    quantity: Decimal,
    uninvoiced_part: Decimal,
    reason: &str,
    credit_note_id: Option<i64>,
    day: NaiveDate,
    user: &str,
    now: &str,
) -> Result<()> {
    // The goods come back at the cost they left at: the line's shipments, weighted by quantity.
    let left_at = shipped_cost_tx(tx, line.id)?;
    let mut unit_cost = left_at;
    if let Some(product_id) = line.product_id {
        let inflow = super::products::Inflow { cost: left_at, supplier: "" };
        unit_cost = super::products::move_stock_tx(
            tx,
            product_id,
            super::products::MovementKind::Return,
            quantity,
            inflow,
            order_number,
            reason,
            user,
            now,
        )?;
    }
    tx.prepare_cached(
        "INSERT INTO returns (order_id, order_line_id, qty, reason, credit_note_id, returned_on, user_name, unit_cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        order_id,
        line.id,
        qty_col(quantity, "qty")?,
        reason,
        credit_note_id,
        day.to_string(),
        user,
        unit_cost.map(|cost| money_col(cost, "cost")).transpose()?
    ])?;
    if uninvoiced_part > Decimal::ZERO {
        // Read the line as it stands now: one return may take from the same line twice.
        let current: i64 = tx.prepare_cached("SELECT qty FROM order_lines WHERE id = ?1")?.query_row([line.id], |row| row.get(0))?;
        let new_qty = qty(current) - uninvoiced_part;
        let new_total = crate::domain::order::line_total(new_qty, line.unit_price, line.discount_pct);
        tx.prepare_cached("UPDATE order_lines SET qty = ?2, shipped_qty = shipped_qty - ?3, line_total = ?4 WHERE id = ?1")?
            .execute(params![line.id, qty_col(new_qty, "qty")?, qty_col(uninvoiced_part, "qty")?, money_col(new_total, "line_total")?])?;
    }
    Ok(())
}

/// The unit cost an order line's goods left at: its shipment lines' costs weighted by quantity
/// (four decimals, half away from zero); None when none of them carries a cost.
fn shipped_cost_tx(tx: &WriteTx<'_>, order_line_id: i64) -> Result<Option<Decimal>> {
    let mut statement =
        tx.prepare_cached("SELECT qty, unit_cost FROM shipment_lines WHERE order_line_id = ?1 AND unit_cost IS NOT NULL")?;
    let rows = statement.query_map([order_line_id], |row| Ok((qty(row.get(0)?), money(row.get(1)?))))?;
    let (mut units, mut value) = (Decimal::ZERO, Decimal::ZERO);
    for row in rows {
        let (units_here, cost) = row?;
        units += units_here;
        value += units_here * cost;
    }
    Ok((units > Decimal::ZERO).then(|| (value / units).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)))
}

/// Recompute an order's totals from its lines inside `tx` (after a line was reduced).
pub(crate) fn retotal_tx(tx: &WriteTx<'_>, order_id: i64, tax: crate::domain::order::TaxRule) -> Result<()> {
    let mut statement = tx.prepare_cached("SELECT line_total FROM order_lines WHERE order_id = ?1")?;
    let totals: Vec<Decimal> = statement.query_map([order_id], |row| Ok(money(row.get(0)?)))?.collect::<crate::store::db::Result<_>>()?;
    let sums = crate::domain::order::totals(totals, tax);
    tx.prepare_cached("UPDATE orders SET subtotal = ?2, tax = ?3, total = ?4, version = version + 1 WHERE id = ?1")?.execute(params![
        order_id,
        money_col(sums.subtotal, "subtotal")?,
        money_col(sums.tax, "tax")?,
        money_col(sums.total, "total")?
    ])?;
    Ok(())
}

/// Record inside `tx` that a shipment of order `order_id` was delivered (date and who received it).
pub(crate) fn record_delivery_tx(
    tx: &WriteTx<'_>,
    order_id: i64,
    shipment: &str,
    delivered_on: NaiveDate,
    received_by: &str,
    user: &str,
    now: &str,
) -> Result<()> {
    tx.prepare_cached("UPDATE shipments SET delivered_on = ?2, received_by = ?3 WHERE number = ?1")?.execute(params![
        shipment.trim(),
        delivered_on.to_string(),
        received_by.trim()
    ])?;
    super::orders::add_event_tx(
        tx,
        order_id,
        now,
        user,
        "delivered",
        &format!("{}: {delivered_on}, {}", shipment.trim(), received_by.trim()),
    )?;
    super::audit::append_tx(
        tx,
        now,
        user,
        "shipment",
        shipment.trim(),
        "delivered",
        "",
        &format!("{delivered_on} {}", received_by.trim()),
    )?;
    Ok(())
}

/// A shipment sent out whose signed slip (回单) is not back yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaitingSlip {
    pub shipment: String,
    pub order: String,
    pub customer_code: String,
    pub customer_name: String,
    pub shipped_on: NaiveDate,
}

impl Store {
    /// Shipments sent out and still waiting for their signed slip, oldest first (at most
    /// `limit`), through the partial index of those waiting.
    pub fn awaiting_signature(&self, limit: usize) -> Result<Vec<AwaitingSlip>> {
        let mut statement = self.db.prepare_cached(
            "SELECT s.number, o.number, o.customer_code, COALESCE(c.name, ''), s.shipped_on
             FROM shipments s JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id
             WHERE s.awaits_signature = 1 AND s.delivered_on IS NULL ORDER BY s.shipped_on, s.id LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |row| {
            Ok(AwaitingSlip {
                shipment: row.get(0)?,
                order: row.get(1)?,
                customer_code: row.get(2)?,
                customer_name: row.get(3)?,
                shipped_on: row_date(row.get(4)?)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }
}
