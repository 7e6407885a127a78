//! Deposits (订金): money taken on an order before it is invoiced. Each deposit row keeps what
//! of it was applied to the order's invoices (each application a payment row naming it) and
//! what was refunded (each a `deposit_refunds` row); the rest is unapplied — owed to the customer
//! until an invoice takes it, so it lowers their balance and credit exposure.

use super::{Result, Store, WriteTx, money, money_col, row_date};
use crate::store::db::{OptionalExtension, params};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One deposit taken on an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    pub id: i64,
    pub order_id: i64,
    pub customer_id: i64,
    pub taken_on: NaiveDate,
    pub amount: Decimal,
    pub method: String,
    pub reference: String,
    pub applied: Decimal,
    pub refunded: Decimal,
    pub user: String,
}

impl Deposit {
    /// What is left of it: neither applied to an invoice nor refunded.
    pub fn unapplied(&self) -> Decimal {
        self.amount - self.applied - self.refunded
    }
}

/// An order's deposits together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DepositSums {
    pub taken: Decimal,
    pub applied: Decimal,
    pub refunded: Decimal,
}

impl DepositSums {
    pub fn unapplied(&self) -> Decimal {
        self.taken - self.applied - self.refunded
    }
}

fn map_deposit(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<Deposit> {
    Ok(Deposit {
        id: row.get(0)?,
        order_id: row.get(1)?,
        customer_id: row.get(2)?,
        taken_on: row_date(row.get(3)?)?,
        amount: money(row.get(4)?),
        method: row.get(5)?,
        reference: row.get(6)?,
        applied: money(row.get(7)?),
        refunded: money(row.get(8)?),
        user: row.get(9)?,
    })
}

const DEPOSIT_COLUMNS: &str = "id, order_id, customer_id, taken_on, amount, method, reference, applied, refunded, user_name";

/// An order's deposits, oldest first (read inside a write transaction by the callers that act
/// on them).
pub(crate) fn order_deposits_tx(conn: &crate::store::db::Db, order_id: i64) -> Result<Vec<Deposit>> {
    let mut statement = conn.prepare_cached(&format!("SELECT {DEPOSIT_COLUMNS} FROM deposits WHERE order_id = ?1 ORDER BY id"))?;
    let rows = statement.query_map([order_id], map_deposit)?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// Record a deposit inside `tx`; returns its id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_deposit_tx(
    tx: &WriteTx<'_>,
    order_id: i64,
    customer_id: i64,
    taken_on: NaiveDate,
    amount: Decimal,
    method: &str,
    reference: &str,
    user: &str,
    now: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO deposits (order_id, customer_id, taken_on, amount, method, reference, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![order_id, customer_id, taken_on.to_string(), money_col(amount, "amount")?, method, reference, user, now])?;
    Ok(tx.last_insert_rowid()?)
}

/// Put `amount` of deposit `deposit` onto an invoice inside `tx`: a payment row naming the
/// deposit, the invoice's paid figure and the deposit's applied figure raised together.
pub(crate) fn apply_deposit_tx(
    tx: &WriteTx<'_>,
    deposit: &Deposit,
    invoice: &super::invoices::Invoice,
    paid_on: NaiveDate,
    amount: Decimal,
    (user, now): (&str, &str),
) -> Result<()> {
    let reference =
        format!("deposit #{}{}", deposit.id, if deposit.reference.is_empty() { String::new() } else { format!(" {}", deposit.reference) });
    super::invoices::insert_payment_tx(tx, invoice, paid_on, amount, &deposit.method, &reference, user, now, Some(deposit.id))?;
    tx.prepare_cached("UPDATE deposits SET applied = applied + ?2 WHERE id = ?1")?
        .execute(params![deposit.id, money_col(amount, "amount")?])?;
    Ok(())
}

/// What each deposit has paid on an invoice, net of what went back to it: (deposit, amount).
pub(crate) fn deposit_shares_tx(conn: &crate::store::db::Db, invoice_id: i64) -> Result<Vec<(Deposit, Decimal)>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {DEPOSIT_COLUMNS},
                (SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.invoice_id = ?1 AND p.deposit_id = deposits.id)
                  - (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.invoice_id = ?1 AND r.deposit_id = deposits.id)
         FROM deposits WHERE id IN (SELECT deposit_id FROM payments WHERE invoice_id = ?1 AND deposit_id IS NOT NULL) ORDER BY id"
    ))?;
    let rows = statement.query_map([invoice_id], |row| Ok((map_deposit(row)?, money(row.get(10)?))))?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// Give what deposit `deposit` paid on an invoice back to it inside `tx` (the invoice is being
/// voided): a refund row on the invoice naming the deposit, the invoice's paid figure and the
/// deposit's applied figure lowered together — the money waits for the next invoice.
pub(crate) fn return_to_deposit_tx(
    tx: &WriteTx<'_>,
    deposit: &Deposit,
    invoice: &super::invoices::Invoice,
    on: NaiveDate,
    amount: Decimal,
    reason: &str,
    (user, now): (&str, &str),
) -> Result<()> {
    super::invoices::insert_refund_tx(tx, invoice, on, amount, &deposit.method, reason, user, now, Some(deposit.id))?;
    tx.prepare_cached("UPDATE deposits SET applied = applied - ?2 WHERE id = ?1")?
        .execute(params![deposit.id, money_col(amount, "amount")?])?;
    Ok(())
}

/// Give back `amount` of deposit `deposit` inside `tx`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn refund_deposit_tx(
    tx: &WriteTx<'_>,
    deposit: &Deposit,
    refunded_on: NaiveDate,
    amount: Decimal,
    method: &str,
    reason: &str,
    user: &str,
    now: &str,
) -> Result<()> {
    let scaled = money_col(amount, "amount")?;
    tx.prepare_cached(
        "INSERT INTO deposit_refunds (deposit_id, order_id, customer_id, refunded_on, amount, method, reason, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        deposit.id,
        deposit.order_id,
        deposit.customer_id,
        refunded_on.to_string(),
        scaled,
        method,
        reason,
        user,
        now
    ])?;
    tx.prepare_cached("UPDATE deposits SET refunded = refunded + ?2 WHERE id = ?1")?.execute(params![deposit.id, scaled])?;
    Ok(())
}

impl Store {
    /// An order's deposits, oldest first.
    pub fn order_deposits(&self, order_id: i64) -> Result<Vec<Deposit>> {
        order_deposits_tx(&self.db, order_id)
    }

    /// Taken, applied and refunded over an order's deposits.
    pub fn order_deposit_sums(&self, order_id: i64) -> Result<DepositSums> {
        let (taken, applied, refunded): (i64, i64, i64) = self
            .db
            .prepare_cached(
                "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(applied), 0), COALESCE(SUM(refunded), 0) FROM deposits WHERE order_id = ?1",
            )?
            .query_row([order_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(DepositSums { taken: money(taken), applied: money(applied), refunded: money(refunded) })
    }

    /// What a customer has paid in advance that no invoice has taken yet (and was not refunded).
    pub fn unapplied_deposits_of_customer(&self, customer_id: i64) -> Result<Decimal> {
        let sum: Option<i64> = self
            .db
            .prepare_cached("SELECT SUM(amount - applied - refunded) FROM deposits WHERE customer_id = ?1")?
            .query_row([customer_id], |row| row.get(0))
            .optional()?
            .flatten();
        Ok(money(sum.unwrap_or(0)))
    }

    /// A customer's unapplied deposits split into those of every other order and those of
    /// `order_id` (0: none), and all that was ever taken on `order_id`.
    pub(crate) fn unapplied_deposits_split(&self, customer_id: i64, order_id: i64) -> Result<(Decimal, Decimal, Decimal)> {
        let (others, own, taken): (i64, i64, i64) = self
            .db
            .prepare_cached(
                "SELECT COALESCE(SUM(CASE WHEN order_id <> ?2 THEN amount - applied - refunded ELSE 0 END), 0),
                        COALESCE(SUM(CASE WHEN order_id = ?2 THEN amount - applied - refunded ELSE 0 END), 0),
                        COALESCE(SUM(CASE WHEN order_id = ?2 THEN amount ELSE 0 END), 0)
                 FROM deposits WHERE customer_id = ?1",
            )?
            .query_row(params![customer_id, order_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok((money(others), money(own), money(taken)))
    }
}
