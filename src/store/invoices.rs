//! Invoices, their lines and payments. Numbers are gap-free per year; an issued invoice is never
//! edited or deleted, only voided with a reason.

use super::{Error, Result, Store, WriteTx, money, money_col, pct_col, qty_col, row_date};
use crate::store::db::{OptionalExtension, params};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// An invoice with what has been paid on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub paid: Decimal,
    pub void: bool,
    pub void_reason: String,
    /// The day it was voided (shown on statements from then on).
    pub voided_on: Option<NaiveDate>,
}

impl Invoice {
    /// The state as the bookkeeper thinks of it (docs/cli.md "Order and invoice states").
    pub fn status(&self, today: NaiveDate) -> &'static str {
        if self.void {
            "void"
        } else if self.paid >= self.total {
            "paid"
        } else if self.due_date < today {
            "overdue"
        } else if self.paid > Decimal::ZERO {
            "partly_paid"
        } else {
            "issued"
        }
    }

    /// Amount still to pay (never negative).
    pub fn balance(&self) -> Decimal {
        (self.total - self.paid).max(Decimal::ZERO)
    }
}

/// One invoice line as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub line_total: Decimal,
    pub gift: bool,
}

/// A payment as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub invoice_number: String,
    pub paid_on: NaiveDate,
    pub amount: Decimal,
    pub method: String,
    pub reference: String,
    pub user: String,
}

/// The invoice columns read by [`map_invoice`], in order (aliases: i invoices, o orders, c customers).
pub(crate) const INVOICE_COLUMNS: &str = "i.id, i.number, i.order_id, o.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date,
    i.subtotal, i.tax, i.total, i.paid, i.void, i.void_reason, i.voided_on";

/// The one mapping of an invoice row selected with [`INVOICE_COLUMNS`].
pub(crate) fn map_invoice(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<Invoice> {
    Ok(Invoice {
        id: row.get(0)?,
        number: row.get(1)?,
        order_id: row.get(2)?,
        order_number: row.get(3)?,
        customer_id: row.get(4)?,
        customer_code: row.get(5)?,
        customer_name: row.get(6)?,
        issue_date: row_date(row.get(7)?)?,
        due_date: row_date(row.get(8)?)?,
        subtotal: money(row.get(9)?),
        tax: money(row.get(10)?),
        total: money(row.get(11)?),
        paid: money(row.get(12)?),
        void: row.get(13)?,
        void_reason: row.get(14)?,
        voided_on: row.get::<_, Option<String>>(15)?.map(row_date).transpose()?,
    })
}

const INVOICE_FROM: &str = "FROM invoices i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = i.customer_id";

impl Store {
    /// An invoice by number.
    pub fn get_invoice(&self, number: &str) -> Result<Invoice> {
        let sql = format!("SELECT {INVOICE_COLUMNS} {INVOICE_FROM} WHERE i.number = ?1");
        self.db
            .prepare_cached(&sql)?
            .query_row([number.trim()], map_invoice)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("invoice {}", number.trim())))
    }

    /// Invoices of an order (void ones too), oldest first.
    pub fn list_order_invoices(&self, order_id: i64) -> Result<Vec<Invoice>> {
        let sql = format!("SELECT {INVOICE_COLUMNS} {INVOICE_FROM} WHERE i.order_id = ?1 ORDER BY i.id");
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([order_id], map_invoice)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Invoices, newest first (at most `limit`).
    pub fn list_invoices(&self, limit: usize) -> Result<Vec<Invoice>> {
        let sql = format!("SELECT {INVOICE_COLUMNS} {INVOICE_FROM} ORDER BY i.id DESC LIMIT ?1");
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([limit as i64], map_invoice)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The lines of an invoice.
    pub fn list_invoice_lines(&self, invoice_id: i64) -> Result<Vec<InvoiceLine>> {
        let mut statement = self.db.prepare_cached(
            "SELECT ol.sku, COALESCE(p.name, ''), COALESCE(p.spec, ''), COALESCE(p.unit, ''), il.qty, il.unit_price, il.discount_pct, il.line_total, ol.gift
             FROM invoice_lines il JOIN order_lines ol ON ol.id = il.order_line_id LEFT JOIN products p ON p.id = ol.product_id
             WHERE il.invoice_id = ?1 ORDER BY ol.line_no",
        )?;
        let rows = statement.query_map([invoice_id], |row| {
            Ok(InvoiceLine {
                sku: row.get(0)?,
                name: row.get(1)?,
                spec: row.get(2)?,
                unit: row.get(3)?,
                qty: super::qty(row.get(4)?),
                unit_price: money(row.get(5)?),
                discount_pct: super::pct(row.get(6)?),
                line_total: money(row.get(7)?),
                gift: row.get::<_, i64>(8)? != 0,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Payments recorded against an invoice.
    pub fn list_payments(&self, invoice_id: i64) -> Result<Vec<Payment>> {
        let mut statement = self.db.prepare_cached(
            "SELECT i.number, p.paid_on, p.amount, p.method, p.reference, p.user_name FROM payments p JOIN invoices i ON i.id = p.invoice_id
             WHERE p.invoice_id = ?1 ORDER BY p.id",
        )?;
        let rows = statement.query_map([invoice_id], |row| {
            Ok(Payment {
                invoice_number: row.get(0)?,
                paid_on: row_date(row.get(1)?)?,
                amount: money(row.get(2)?),
                method: row.get(3)?,
                reference: row.get(4)?,
                user: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }
}

/// Money given back on an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub refunded_on: NaiveDate,
    pub amount: Decimal,
    pub method: String,
    pub reason: String,
    pub user: String,
}

/// A line to invoice: order line id, qty and the prices it carries.
pub(crate) struct LineToInvoice {
    pub order_line_id: i64,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub line_total: Decimal,
}

/// What an invoice head holds.
pub(crate) struct InvoiceHead {
    pub order_id: i64,
    pub customer_id: i64,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// Issue an invoice inside `tx`: number, head, lines, invoiced quantities. Returns the number.
pub(crate) fn insert_invoice_tx(tx: &WriteTx<'_>, head: &InvoiceHead, lines: &[LineToInvoice], user: &str, now: &str) -> Result<String> {
    let number = super::next_number_tx(tx, "invoice", "INV", head.issue_date.year())?;
    tx.prepare_cached(
        "INSERT INTO invoices (number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0, ?9, ?10)",
    )?
    .execute(params![
        number,
        head.order_id,
        head.customer_id,
        head.issue_date.to_string(),
        head.due_date.to_string(),
        money_col(head.subtotal, "subtotal")?,
        money_col(head.tax, "tax")?,
        money_col(head.total, "total")?,
        user,
        now
    ])?;
    let invoice_id = tx.last_insert_rowid()?;
    for line in lines {
        let scaled = qty_col(line.qty, "qty")?;
        tx.prepare_cached(
            "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_pct, line_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            invoice_id,
            line.order_line_id,
            scaled,
            money_col(line.unit_price, "unit_price")?,
            pct_col(line.discount_pct, "discount_pct")?,
            money_col(line.line_total, "line_total")?
        ])?;
        tx.prepare_cached("UPDATE order_lines SET invoiced_qty = invoiced_qty + ?2 WHERE id = ?1")?
            .execute(params![line.order_line_id, scaled])?;
    }
    Ok(number)
}

/// Void an invoice inside `tx` on day `on` (never before its issue day: a statement shows the
/// void on that day): its quantities become invoiceable again.
pub(crate) fn void_invoice_tx(tx: &WriteTx<'_>, invoice_id: i64, reason: &str, on: NaiveDate) -> Result<()> {
    tx.prepare_cached(
        "UPDATE invoices SET void = 1, void_reason = ?2, voided_on = CASE WHEN issue_date > ?3 THEN issue_date ELSE ?3 END WHERE id = ?1",
    )?
    .execute(params![invoice_id, reason, on.to_string()])?;
    tx.prepare_cached(
        "UPDATE order_lines SET invoiced_qty = invoiced_qty - (SELECT il.qty FROM invoice_lines il WHERE il.invoice_id = ?1 AND il.order_line_id = order_lines.id)
         WHERE id IN (SELECT order_line_id FROM invoice_lines WHERE invoice_id = ?1)",
    )?
    .execute([invoice_id])?;
    Ok(())
}

/// Record a payment against an invoice inside `tx` (`deposit`: the share of that deposit put
/// onto it).
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_payment_tx(
    tx: &WriteTx<'_>,
    invoice: &Invoice,
    paid_on: NaiveDate,
    amount: Decimal,
    method: &str,
    reference: &str,
    user: &str,
    now: &str,
    deposit: Option<i64>,
) -> Result<()> {
    let scaled = money_col(amount, "amount")?;
    tx.prepare_cached(
        "INSERT INTO payments (invoice_id, customer_id, paid_on, amount, method, reference, user_name, created_at, deposit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![invoice.id, invoice.customer_id, paid_on.to_string(), scaled, method, reference, user, now, deposit])?;
    tx.prepare_cached("UPDATE invoices SET paid = paid + ?2 WHERE id = ?1")?.execute(params![invoice.id, scaled])?;
    Ok(())
}

/// Record a refund on an invoice inside `tx`: the refund row, and the invoice's paid figure
/// lowered by it. `deposit`: the money goes back to that deposit, not out of the till.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_refund_tx(
    tx: &WriteTx<'_>,
    invoice: &Invoice,
    refunded_on: NaiveDate,
    amount: Decimal,
    method: &str,
    reason: &str,
    user: &str,
    now: &str,
    deposit: Option<i64>,
) -> Result<()> {
    let scaled = money_col(amount, "amount")?;
    tx.prepare_cached(
        "INSERT INTO refunds (invoice_id, customer_id, refunded_on, amount, method, reason, user_name, created_at, deposit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![invoice.id, invoice.customer_id, refunded_on.to_string(), scaled, method, reason, user, now, deposit])?;
    tx.prepare_cached("UPDATE invoices SET paid = paid - ?2 WHERE id = ?1")?.execute(params![invoice.id, scaled])?;
    Ok(())
}

impl Store {
    /// Refunds recorded against an invoice, oldest first.
    pub fn list_refunds(&self, invoice_id: i64) -> Result<Vec<Refund>> {
        let mut statement = self
            .db
            .prepare_cached("SELECT refunded_on, amount, method, reason, user_name FROM refunds WHERE invoice_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([invoice_id], |row| {
            Ok(Refund {
                refunded_on: row_date(row.get(0)?)?,
                amount: money(row.get(1)?),
                method: row.get(2)?,
                reason: row.get(3)?,
                user: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// What of an invoice's payments came from its order's deposit.
    pub fn deposit_applied(&self, invoice_id: i64) -> Result<Decimal> {
        let sum: i64 = self
            .db
            .prepare_cached("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE invoice_id = ?1 AND deposit_id IS NOT NULL")?
            .query_row([invoice_id], |row| row.get(0))?;
        Ok(money(sum))
    }

    /// The sum refunded on an invoice.
    pub fn refunded(&self, invoice_id: i64) -> Result<Decimal> {
        let sum: i64 = self
            .db
            .prepare_cached("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE invoice_id = ?1")?
            .query_row([invoice_id], |row| row.get(0))?;
        Ok(money(sum))
    }
}

/// Sum of non-void invoice totals and payments of an order: (invoiced, paid).
pub(crate) fn order_money_tx(conn: &crate::store::db::Db, order_id: i64) -> Result<(Decimal, Decimal)> {
    let (invoiced, paid): (i64, i64) = conn
        .prepare_cached("SELECT COALESCE(SUM(total), 0), COALESCE(SUM(paid), 0) FROM invoices WHERE order_id = ?1 AND void = 0")?
        .query_row([order_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok((money(invoiced), money(paid)))
}

impl Store {
    /// (invoiced, paid) amounts of an order, void invoices excluded.
    pub fn order_money(&self, order_id: i64) -> Result<(Decimal, Decimal)> {
        order_money_tx(&self.db, order_id)
    }
}
