//! Customer statements (对账单): what a customer owes at the start of a period, every invoice,
//! credit note, payment, refund, deposit and deposit refund in it with the running balance, what
//! they owe at its end, and the ageing of their open invoices on that day.
//!
//! The balance is the books' one (shared/INVARIANTS.md): invoices − credit notes − payments +
//! refunds − deposits not yet on an invoice. A deposit counts when it is taken (and its refund
//! when given back); the payments that carry a deposit onto an invoice, and what a voided
//! invoice gives back to its deposit, move no money and are left out. A voided invoice shows
//! on its issue day and its void as a line of its own on the void day, taking it off again: a
//! statement of a period before the void reads the same when it is made after it. Its payments
//! were refunded before the void, and both show.

use super::{Result, Store, money, row_date};
use crate::domain::master::Customer;
use crate::store::db::params;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What one statement line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Invoice,
    CreditNote,
    Payment,
    Refund,
    Deposit,
    DepositRefund,
    /// An invoice voided: its total off what is owed, on the void day.
    Void,
}

impl EntryKind {
    fn parse(text: &str) -> EntryKind {
        match text {
            "invoice" => EntryKind::Invoice,
            "credit_note" => EntryKind::CreditNote,
            "refund" => EntryKind::Refund,
            "deposit" => EntryKind::Deposit,
            "deposit_refund" => EntryKind::DepositRefund,
            "void" => EntryKind::Void,
            _ => EntryKind::Payment,
        }
    }
}

/// One line of a statement: what it adds to what the customer owes (`debit`) or takes off
/// (`credit`), and the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementEntry {
    pub date: NaiveDate,
    pub kind: EntryKind,
    /// The document: the invoice, credit note or order number.
    pub number: String,
    /// What else says what it was: the order of an invoice, a payment's reference, a refund's
    /// reason.
    pub detail: String,
    /// How the money moved (payments, refunds, deposits).
    pub method: Option<crate::domain::PaymentMethod>,
    pub debit: Decimal,
    pub credit: Decimal,
    pub balance: Decimal,
}

/// A customer's statement for `from`..=`to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub customer: Customer,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: Decimal,
    pub entries: Vec<StatementEntry>,
    pub closing: Decimal,
    /// What was open on invoices on `to`, by days past due then: current, 1–30, 31–60, 61–90,
    /// over 90.
    pub ageing: [Decimal; 5],
}

impl Statement {
    /// Whether a month-end run sends it: a line in the period, or something owed either way at
    /// its end (the candidates may take in a customer whose invoice was paid after the period).
    pub fn is_worth_sending(&self) -> bool {
        !self.entries.is_empty() || !self.closing.is_zero()
    }
}

/// Every money movement of customer ?1 up to day ?2: (date, kind, number, detail, payment
/// method, debit, credit, id).
const ENTRIES: &str = "
    SELECT i.issue_date, 'invoice', i.number, o.number, '', i.total, 0, i.id
      FROM invoices i JOIN orders o ON o.id = i.order_id
     WHERE i.customer_id = ?1 AND i.issue_date <= ?2
    UNION ALL
    SELECT COALESCE(i.voided_on, i.issue_date), 'void', i.number, i.void_reason, '', 0, i.total, i.id
      FROM invoices i
     WHERE i.customer_id = ?1 AND i.void = 1 AND COALESCE(i.voided_on, i.issue_date) <= ?2
    UNION ALL
    SELECT p.paid_on, CASE WHEN p.method = 'credit' AND p.reference LIKE 'CN-%' THEN 'credit_note' ELSE 'payment' END,
           CASE WHEN p.method = 'credit' AND p.reference LIKE 'CN-%' THEN p.reference ELSE COALESCE(i.number, '') END,
           CASE WHEN p.method = 'credit' AND p.reference LIKE 'CN-%' THEN COALESCE(i.number, '') ELSE p.reference END,
           CASE WHEN p.method = 'credit' AND p.reference LIKE 'CN-%' THEN '' ELSE p.method END,
           0, p.amount, p.id
      FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
     WHERE p.customer_id = ?1 AND p.deposit_id IS NULL AND p.paid_on <= ?2
    UNION ALL
    SELECT r.refunded_on, 'refund', i.number, r.reason, r.method, r.amount, 0, r.id
      FROM refunds r JOIN invoices i ON i.id = r.invoice_id
     WHERE r.customer_id = ?1 AND r.deposit_id IS NULL AND r.refunded_on <= ?2
    UNION ALL
    SELECT d.taken_on, 'deposit', o.number, d.reference, d.method, 0, d.amount, d.id
      FROM deposits d JOIN orders o ON o.id = d.order_id
     WHERE d.customer_id = ?1 AND d.taken_on <= ?2
    UNION ALL
    SELECT x.refunded_on, 'deposit_refund', o.number, x.reason, x.method, x.amount, 0, x.id
      FROM deposit_refunds x JOIN orders o ON o.id = x.order_id
     WHERE x.customer_id = ?1 AND x.refunded_on <= ?2";

/// One movement as read: (date, kind, number, detail, method, debit, credit, id).
type Row = (NaiveDate, EntryKind, String, String, Option<crate::domain::PaymentMethod>, Decimal, Decimal, i64);

/// The kinds in the order a day's lines are listed: what is owed first, then what pays it.
fn kind_rank(kind: EntryKind) -> u8 {
    match kind {
        EntryKind::Invoice => 0,
        EntryKind::Refund => 1,
        // After the refunds a void needs first, before the deposit refunds it makes possible.
        EntryKind::Void => 2,
        EntryKind::DepositRefund => 3,
        EntryKind::Deposit => 4,
        EntryKind::CreditNote => 5,
        EntryKind::Payment => 6,
    }
}

impl Store {
    /// The statement of customer `customer_id` for `from`..=`to` (both days included).
    pub fn statement(&self, customer_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Statement> {
        let customer = self.get_customer(customer_id)?;
        let mut statement = self.db.prepare_cached(ENTRIES)?;
        let rows = statement.query_map(params![customer_id, to.to_string()], |row| {
            Ok((
                row_date(row.get(0)?)?,
                EntryKind::parse(&row.get::<_, String>(1)?),
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                crate::domain::PaymentMethod::parse(&row.get::<_, String>(4)?),
                money(row.get(5)?),
                money(row.get(6)?),
                row.get::<_, i64>(7)?,
            ))
        })?;
        let mut all: Vec<Row> = rows.collect::<crate::store::db::Result<_>>()?;
        all.sort_by_key(|(date, kind, _, _, _, _, _, id)| (*date, kind_rank(*kind), *id));
        let mut opening = Decimal::ZERO;
        let mut entries = vec![];
        let mut balance = Decimal::ZERO;
        for (date, kind, number, detail, method, debit, credit, _) in all {
            if date < from {
                opening += debit - credit;
                balance = opening;
                continue;
            }
            balance += debit - credit;
            entries.push(StatementEntry { date, kind, number, detail: detail.trim().to_string(), method, debit, credit, balance });
        }
        let closing = opening + entries.iter().map(|entry| entry.debit - entry.credit).sum::<Decimal>();
        // The ageing of what is open on invoices issued by `to`, by days past due on `to`.
        let mut ageing = [Decimal::ZERO; 5];
        // What was open on each on `to`: its total less what was paid on it by then (payments,
        // credit notes, deposits applied) plus what was refunded by then.
        let mut open = self.db.prepare_cached(
            "SELECT due_date, open FROM (
                 SELECT i.due_date AS due_date,
                        i.total - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.invoice_id = i.id AND p.paid_on <= ?2), 0)
                                + COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.invoice_id = i.id AND r.refunded_on <= ?2), 0) AS open
                 FROM invoices i WHERE i.customer_id = ?1 AND (i.void = 0 OR COALESCE(i.voided_on, i.issue_date) > ?2) AND i.issue_date <= ?2
             ) open_on_the_day WHERE open > 0",
        )?;
        let rows = open.query_map(params![customer_id, to.to_string()], |row| Ok((row_date(row.get(0)?)?, money(row.get(1)?))))?;
        for row in rows {
            let (due, amount) = row?;
            ageing[super::customer_view::ageing_bucket((to - due).num_days())] += amount;
        }
        Ok(Statement { customer, from, to, opening, entries, closing, ageing })
    }

    /// What customer `customer_id` owes now, as the books hold it: invoices less what is paid on
    /// them, less deposits not yet on an invoice, less payments on no invoice (the statement's
    /// closing balance on the last day, in one read).
    pub fn customer_balance(&self, customer_id: i64) -> Result<Decimal> {
        let scaled: i64 = self
            .db
            .prepare_cached(
                "SELECT COALESCE((SELECT SUM(i.total - i.paid) FROM invoices i WHERE i.customer_id = ?1 AND i.void = 0), 0)
                  - COALESCE((SELECT SUM(d.amount - d.applied - d.refunded) FROM deposits d WHERE d.customer_id = ?1), 0)
                  - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.customer_id = ?1 AND p.invoice_id IS NULL), 0)",
            )?
            .query_row([customer_id], |row| row.get(0))?;
        Ok(money(scaled))
    }

    /// The customers a month-end run may send a statement to, by code: a superset of those with
    /// a money movement in `from`..=`to` or a balance other than zero at its end (see
    /// [`Statement::is_worth_sending`]).
    pub fn statement_candidates(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
        let mut statement = self.db.prepare_cached(
            "SELECT c.id FROM customers c WHERE
                 EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.void = 0 AND i.issue_date <= ?2
                         AND (i.issue_date >= ?1 OR i.paid <> i.total))
              -- An invoice voided in the period, or after it (it was owed at its end).
              OR EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.void = 1 AND i.issue_date <= ?2 AND COALESCE(i.voided_on, i.issue_date) >= ?1)
              OR EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = c.id AND p.deposit_id IS NULL AND p.paid_on BETWEEN ?1 AND ?2)
              OR EXISTS (SELECT 1 FROM refunds r WHERE r.customer_id = c.id AND r.deposit_id IS NULL AND r.refunded_on BETWEEN ?1 AND ?2)
              OR EXISTS (SELECT 1 FROM deposits d WHERE d.customer_id = c.id AND d.taken_on <= ?2
                         AND (d.taken_on >= ?1 OR d.amount > d.applied + d.refunded))
              OR EXISTS (SELECT 1 FROM deposit_refunds x WHERE x.customer_id = c.id AND x.refunded_on BETWEEN ?1 AND ?2)
              OR EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = c.id AND p.invoice_id IS NULL)
              -- Money moved after the period: something may have been open at its end.
              OR EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = c.id AND p.paid_on > ?2)
              OR EXISTS (SELECT 1 FROM refunds r WHERE r.customer_id = c.id AND r.refunded_on > ?2)
              OR EXISTS (SELECT 1 FROM deposit_refunds x WHERE x.customer_id = c.id AND x.refunded_on > ?2)
             ORDER BY c.code",
        )?;
        let rows = statement.query_map(params![from.to_string(), to.to_string()], |row| row.get::<_, i64>(0))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }
}
