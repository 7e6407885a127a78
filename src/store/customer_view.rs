//! Read-only figures of one customer for the customer card: their invoices, what they owe, the
//! ageing of it, their exposure (unpaid invoices plus open orders not yet invoiced) and the
//! credit still available.
//!
//! Owns: the SQL behind the Customers tab's account view. Must not write anything, read the
//! clock (callers pass `today`) or know about egui.

use super::invoices::Invoice;
use super::{Result, Store, money};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The ageing buckets of what a customer owes, by days past the due date.
pub const AGEING_BUCKETS: usize = 5;

/// What a customer owes and may still buy on credit, as of one day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerAccount {
    /// Sum of the unpaid balances of their non-void invoices.
    pub balance: Decimal,
    /// Value of open orders (not cancelled, not fully invoiced) not yet covered by an invoice.
    pub uninvoiced: Decimal,
    /// Deposits taken on their orders and not yet applied to an invoice (owed to them).
    pub deposits: Decimal,
    /// `balance + uninvoiced − deposits`: what the credit limit is measured against.
    pub exposure: Decimal,
    /// `credit limit − exposure` (negative when over the limit); None when there is no limit.
    pub available_credit: Option<Decimal>,
    /// Unpaid balance of invoices whose due date has passed.
    pub overdue: Decimal,
    /// Unpaid balances by days past due: not yet due, 1–30, 31–60, 61–90, more than 90.
    pub ageing: [Decimal; AGEING_BUCKETS],
    /// Every invoice of the customer (void ones too), newest first.
    pub invoices: Vec<Invoice>,
}

/// The ageing bucket of an unpaid balance `days_past_due` days after its due date
/// (0 or less: not yet due).
pub fn ageing_bucket(days_past_due: i64) -> usize {
    match days_past_due {
        i64::MIN..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

use super::invoices::{INVOICE_COLUMNS as COLUMNS, map_invoice as map_row};

impl Store {
    /// Every invoice of one customer (void ones too), newest first.
    pub fn list_customer_invoices(&self, customer_id: i64) -> Result<Vec<Invoice>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM invoices i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = i.customer_id
             WHERE i.customer_id = ?1 ORDER BY i.issue_date DESC, i.id DESC"
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([customer_id], map_row)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Value of a customer's open orders not yet covered by a (non-void) invoice: orders that are
    /// not cancelled, invoiced or paid, each counted at its total less what is invoiced on it.
    pub fn customer_uninvoiced(&self, customer_id: i64) -> Result<Decimal> {
        let scaled: i64 = self
            .db
            .prepare_cached(&format!(
                "SELECT COALESCE(SUM({}), 0)
                 FROM orders o WHERE o.customer_id = ?1 AND o.status NOT IN ('cancelled', 'invoiced', 'paid')",
                self.db
                    .dialect()
                    .greatest("o.total - COALESCE((SELECT SUM(i.total) FROM invoices i WHERE i.order_id = o.id AND i.void = 0), 0)", "0")
            ))?
            .query_row([customer_id], |row| row.get(0))?;
        Ok(money(scaled))
    }

    /// The account of one customer as of `today`: balance, exposure, available credit, overdue
    /// amount, ageing and invoices.
    pub fn customer_account(&self, customer_id: i64, today: NaiveDate) -> Result<CustomerAccount> {
        let customer = self.get_customer(customer_id)?;
        let invoices = self.list_customer_invoices(customer_id)?;
        let uninvoiced = self.customer_uninvoiced(customer_id)?;
        let mut balance = Decimal::ZERO;
        let mut overdue = Decimal::ZERO;
        let mut ageing = [Decimal::ZERO; AGEING_BUCKETS];
        for invoice in invoices.iter().filter(|invoice| !invoice.void) {
            let open = invoice.balance();
            if open.is_zero() {
                continue;
            }
            balance += open;
            let days = (today - invoice.due_date).num_days();
            if days > 0 {
                overdue += open;
            }
            ageing[ageing_bucket(days)] += open;
        }
        let deposits = self.unapplied_deposits_of_customer(customer_id)?;
        let exposure = balance + uninvoiced - deposits;
        Ok(CustomerAccount {
            balance,
            uninvoiced,
            deposits,
            exposure,
            available_credit: customer.credit_limit.map(|limit| limit - exposure),
            overdue,
            ageing,
            invoices,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::params;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("test decimal")
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn customer(store: &Store, code: &str, limit: Option<i64>) -> i64 {
        store
            .db
            .execute(
                "INSERT INTO customers (code, name, credit_limit, updated_at, updated_by) VALUES (?1, ?2, ?3, '2026-01-01T00:00:00', 'test')",
                params![code, format!("Customer {code}"), limit.map(|l| l * 10_000)],
            )
            .expect("insert customer");
        store.db.last_insert_rowid().expect("id")
    }

    fn order(store: &Store, number: &str, customer_id: i64, status: &str, total: i64) -> i64 {
        store
            .db
            .execute(
                "INSERT INTO orders (number, customer_id, customer_code, status, order_date, subtotal, tax, total, created_by, created_at, updated_at)
                 VALUES (?1, ?2, (SELECT code FROM customers WHERE id = ?2), ?3, '2026-01-05', ?4, 0, ?4, 'test', '2026-01-05T09:00:00', '2026-01-05T09:00:00')",
                params![number, customer_id, status, total * 10_000],
            )
            .expect("insert order");
        store.db.last_insert_rowid().expect("id")
    }

    #[allow(clippy::too_many_arguments)]
    fn invoice(store: &Store, number: &str, order_id: i64, customer_id: i64, issued: &str, due: &str, total: i64, paid: i64, void: bool) {
        store
            .db
            .execute(
                "INSERT INTO invoices (number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?6, ?7, ?8, 'test', '2026-01-05T09:00:00')",
                params![number, order_id, customer_id, issued, due, total * 10_000, paid * 10_000, void],
            )
            .expect("insert invoice");
    }

    #[test]
    fn buckets_by_days_past_due() {
        assert_eq!(ageing_bucket(-10), 0);
        assert_eq!(ageing_bucket(0), 0);
        assert_eq!(ageing_bucket(1), 1);
        assert_eq!(ageing_bucket(30), 1);
        assert_eq!(ageing_bucket(31), 2);
        assert_eq!(ageing_bucket(60), 2);
        assert_eq!(ageing_bucket(61), 3);
        assert_eq!(ageing_bucket(90), 3);
        assert_eq!(ageing_bucket(91), 4);
    }

    #[test]
    fn account_sums_balance_exposure_and_ageing() {
        let store = Store::open_in_memory().expect("store");
        let c1 = customer(&store, "C1", Some(1000));
        let c2 = customer(&store, "C2", None);
        // Due today, partly paid: 200 current.
        let o1 = order(&store, "SO-1", c1, "invoiced", 300);
        invoice(&store, "INV-1", o1, c1, "2026-03-01", "2026-03-31", 300, 100, false);
        // 44 days past due: 500 in 31–60.
        let o2 = order(&store, "SO-2", c1, "invoiced", 500);
        invoice(&store, "INV-2", o2, c1, "2026-01-15", "2026-02-15", 500, 0, false);
        // Partly invoiced shipped order: 150 unpaid 120 days past due, 250 still uninvoiced.
        let o3 = order(&store, "SO-3", c1, "shipped", 400);
        invoice(&store, "INV-3", o3, c1, "2025-11-01", "2025-12-01", 150, 0, false);
        // Confirmed, nothing invoiced: 80 uninvoiced.
        order(&store, "SO-4", c1, "confirmed", 80);
        // Cancelled: ignored.
        order(&store, "SO-5", c1, "cancelled", 999);
        // Void invoice: ignored, the order counts as uninvoiced (60).
        let o6 = order(&store, "SO-6", c1, "confirmed", 60);
        invoice(&store, "INV-4", o6, c1, "2026-02-01", "2026-02-02", 60, 0, true);
        // Fully paid: no balance.
        let o7 = order(&store, "SO-7", c1, "paid", 70);
        invoice(&store, "INV-5", o7, c1, "2026-01-01", "2026-01-31", 70, 70, false);
        // Another customer's figures never leak in.
        let o8 = order(&store, "SO-8", c2, "invoiced", 5000);
        invoice(&store, "INV-6", o8, c2, "2025-01-01", "2025-01-31", 5000, 0, false);
        order(&store, "SO-9", c2, "open", 700);

        let account = store.customer_account(c1, day("2026-03-31")).expect("account");
        assert_eq!(account.balance, dec("850"));
        assert_eq!(account.uninvoiced, dec("390"));
        assert_eq!(account.exposure, dec("1240"));
        assert_eq!(account.available_credit, Some(dec("-240")));
        assert_eq!(account.overdue, dec("650"));
        assert_eq!(account.ageing, [dec("200"), dec("0"), dec("500"), dec("0"), dec("150")]);
        assert_eq!(account.invoices.len(), 5);
        assert_eq!(account.invoices[0].number, "INV-1", "newest first");
        assert!(account.invoices.iter().all(|invoice| invoice.customer_code == "C1"));

        let other = store.customer_account(c2, day("2026-03-31")).expect("account");
        assert_eq!(other.balance, dec("5000"));
        assert_eq!(other.exposure, dec("5700"));
        assert_eq!(other.available_credit, None);
        assert_eq!(other.ageing[4], dec("5000"));
    }

    #[test]
    fn a_customer_without_invoices_has_the_full_limit() {
        let store = Store::open_in_memory().expect("store");
        let id = customer(&store, "C9", Some(500));
        let account = store.customer_account(id, day("2026-03-31")).expect("account");
        assert_eq!(account.balance, Decimal::ZERO);
        assert_eq!(account.available_credit, Some(dec("500")));
        assert!(account.invoices.is_empty());
    }
}
