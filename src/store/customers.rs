//! Customers and their agreed prices: mapping, search (code, name, phone, pinyin), writes with
//! optimistic locking (version column) and history in the audit log.

use super::{Error, Result, Store, WriteTx, money, money_col, pct, pct_col};
use crate::domain::master::Customer;
use crate::domain::pinyin_key::{normalise_query, search_key};
use crate::store::db::{OptionalExtension, params};
use rust_decimal::Decimal;

const CUSTOMER_COLUMNS: &str = "id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct, blocked, blocked_reason, archived, version, updated_at, updated_by, account";

/// The one mapping of a customers row.
fn map_customer(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<Customer> {
    Ok(Customer {
        id: row.get(0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        phone: row.get(3)?,
        address: row.get(4)?,
        tax_id: row.get(5)?,
        credit_limit: row.get::<_, Option<i64>>(6)?.map(money),
        payment_terms_days: row.get(7)?,
        discount_pct: pct(row.get(8)?),
        blocked: row.get(9)?,
        blocked_reason: row.get(10)?,
        archived: row.get(11)?,
        version: row.get(12)?,
        updated_at: row.get(13)?,
        updated_by: row.get(14)?,
        account: crate::domain::master::Account::parse(&row.get::<_, String>(15)?).unwrap_or_default(),
    })
}

/// A compact description of a customer for the audit log ("old → new").
fn describe(customer: &Customer) -> String {
    format!(
        "code={}; name={}; phone={}; address={}; tax_id={}; credit_limit={}; terms={}; discount={}; blocked={}; account={}; archived={}",
        customer.code,
        customer.name,
        customer.phone,
        customer.address,
        customer.tax_id,
        customer.credit_limit.map(|l| l.normalize().to_string()).unwrap_or_else(|| "-".into()),
        customer.payment_terms_days,
        customer.discount_pct.normalize(),
        customer.blocked,
        customer.account.as_str(),
        customer.archived
    )
}

impl Store {
    /// A customer by code.
    pub fn get_customer_by_code(&self, code: &str) -> Result<Option<Customer>> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE code = ?1");
        Ok(self.db.prepare_cached(&sql)?.query_row([code.trim()], map_customer).optional()?)
    }

    /// A customer by id.
    pub fn get_customer(&self, id: i64) -> Result<Customer> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1");
        self.db.prepare_cached(&sql)?.query_row([id], map_customer).optional()?.ok_or_else(|| Error::NotFound(format!("customer #{id}")))
    }

    /// Customers matching `query` by code, name, phone or pinyin (initials or full), the exact
    /// code first, then codes that start with the query. Archived customers only when asked.
    /// Served from the in-memory search index (see `store::search`).
    pub fn search_customers(&self, query: &str, limit: usize, include_archived: bool) -> Result<Vec<Customer>> {
        let ids = self.find_customer_ids(&normalise_query(query), limit, include_archived)?;
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1");
        let mut statement = self.db.prepare_cached(&sql)?;
        ids.into_iter().map(|id| Ok(statement.query_row([id], map_customer)?)).collect()
    }

    /// Every customer (archived too), by code — for the Customers tab and export.
    pub fn list_customers(&self) -> Result<Vec<Customer>> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers ORDER BY code");
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([], map_customer)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Insert a new customer or update an existing one (by id). An update must carry the version
    /// it was read at: a stale edit is a [`Error::Conflict`], never a silent overwrite.
    pub fn save_customer(&mut self, customer: &Customer, user: &str, now: &str) -> Result<Customer> {
        let tx = self.write_tx()?;
        let id = save_customer_tx(&tx, customer, user, now, true)?;
        tx.commit()?;
        self.get_customer(id)
    }

    /// Block or unblock a customer with a reason.
    pub fn set_customer_blocked(&mut self, code: &str, blocked: bool, reason: &str, user: &str, now: &str) -> Result<()> {
        let mut customer = self.get_customer_by_code(code)?.ok_or_else(|| Error::NotFound(format!("customer {code}")))?;
        customer.blocked = blocked;
        customer.blocked_reason = if blocked { reason.trim().to_string() } else { String::new() };
        self.save_customer(&customer, user, now)?;
        Ok(())
    }

    /// Agreed prices of a customer: (SKU, product name, price).
    pub fn list_agreed_prices(&self, customer_id: i64) -> Result<Vec<(String, String, Decimal)>> {
        let mut statement = self.db.prepare_cached(
            "SELECT p.sku, p.name, cp.price FROM customer_prices cp JOIN products p ON p.id = cp.product_id
             WHERE cp.customer_id = ?1 ORDER BY p.sku",
        )?;
        let rows = statement.query_map([customer_id], |row| Ok((row.get(0)?, row.get(1)?, money(row.get(2)?))))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Set (Some) or remove (None) the agreed price of a product for a customer.
    pub fn set_agreed_price(&mut self, customer_id: i64, sku: &str, price: Option<Decimal>, user: &str, now: &str) -> Result<()> {
        let product = self.get_product_by_sku(sku)?.ok_or_else(|| Error::NotFound(format!("product {sku}")))?;
        let customer = self.get_customer(customer_id)?;
        let tx = self.write_tx()?;
        match price {
            Some(price) => {
                // Update, else insert — not an upsert: SQLite lets an upsert's DO UPDATE override
                // the OR IGNORE of the check-input triggers it fires, so changing a price failed
                // whenever the customer was already noted for a re-check.
                let price = money_col(price, "price")?;
                let updated = tx.execute(
                    "UPDATE customer_prices SET price = ?3 WHERE customer_id = ?1 AND product_id = ?2",
                    params![customer_id, product.id, price],
                )?;
                if updated == 0 {
                    tx.execute(
                        "INSERT INTO customer_prices (customer_id, product_id, price) VALUES (?1, ?2, ?3)",
                        params![customer_id, product.id, price],
                    )?;
                }
            }
            None => {
                tx.execute("DELETE FROM customer_prices WHERE customer_id = ?1 AND product_id = ?2", params![customer_id, product.id])?;
            }
        }
        let after = price.map(|p| p.normalize().to_string()).unwrap_or_else(|| "-".into());
        super::audit::append_tx(&tx, now, user, "customer", &customer.code, "agreed_price", sku, &after)?;
        tx.commit()?;
        Ok(())
    }
}

/// Insert or update one customer inside `tx`; returns its id.
/// `log`: write an audit entry for this customer (an import writes one entry for the whole file).
pub(crate) fn save_customer_tx(tx: &WriteTx<'_>, customer: &Customer, user: &str, now: &str, log: bool) -> Result<i64> {
    let key = search_key(&[&customer.code, &customer.name, &customer.phone]);
    let limit = customer.credit_limit.map(|limit| money_col(limit, "credit_limit")).transpose()?;
    let discount = pct_col(customer.discount_pct, "discount_pct")?;
    let duplicate: Option<i64> = tx
        .prepare_cached("SELECT id FROM customers WHERE code = ?1 AND id <> ?2")?
        .query_row(params![customer.code, customer.id], |row| row.get(0))
        .optional()?;
    if duplicate.is_some() {
        return Err(Error::Invalid(format!("code: \"{}\" is already used by another customer", customer.code)));
    }
    if customer.id == 0 {
        tx.prepare_cached(
            "INSERT INTO customers (code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct,
                 blocked, blocked_reason, archived, search_key, version, updated_at, updated_by, account)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15)",
        )?
        .execute(params![
            customer.code,
            customer.name,
            customer.phone,
            customer.address,
            customer.tax_id,
            limit,
            customer.payment_terms_days,
            discount,
            customer.blocked,
            customer.blocked_reason,
            customer.archived,
            key,
            now,
            user,
            customer.account.as_str()
        ])?;
        let id = tx.last_insert_rowid()?;
        if log {
            super::audit::append_tx(tx, now, user, "customer", &customer.code, "create", "", &describe(customer))?;
        }
        return Ok(id);
    }
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1");
    let before = tx
        .prepare_cached(&sql)?
        .query_row([customer.id], map_customer)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("customer #{}", customer.id)))?;
    if before.version != customer.version {
        return Err(Error::Conflict { what: format!("customer {}", before.code), by: before.updated_by, at: before.updated_at });
    }
    tx.prepare_cached(
        "UPDATE customers SET code = ?2, name = ?3, phone = ?4, address = ?5, tax_id = ?6, credit_limit = ?7,
             payment_terms_days = ?8, discount_pct = ?9, blocked = ?10, blocked_reason = ?11, archived = ?12,
             search_key = ?13, version = version + 1, updated_at = ?14, updated_by = ?15, account = ?16
         WHERE id = ?1",
    )?
    .execute(params![
        customer.id,
        customer.code,
        customer.name,
        customer.phone,
        customer.address,
        customer.tax_id,
        limit,
        customer.payment_terms_days,
        discount,
        customer.blocked,
        customer.blocked_reason,
        customer.archived,
        key,
        now,
        user,
        customer.account.as_str()
    ])?;
    let (old, new) = (describe(&before), describe(customer));
    if old != new && log {
        super::audit::append_tx(tx, now, user, "customer", &customer.code, "update", &old, &new)?;
    }
    Ok(customer.id)
}

/// Look up a customer inside a transaction (for imports).
pub(crate) fn get_customer_by_code_tx(tx: &WriteTx<'_>, code: &str) -> Result<Option<Customer>> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE code = ?1");
    Ok(tx.prepare_cached(&sql)?.query_row([code], map_customer).optional()?)
}

impl Store {
    /// The agreed price of a product for a customer, if one is set.
    pub fn agreed_price(&self, customer_id: i64, product_id: i64) -> Result<Option<Decimal>> {
        Ok(self
            .db
            .prepare_cached("SELECT price FROM customer_prices WHERE customer_id = ?1 AND product_id = ?2")?
            .query_row(params![customer_id, product_id], |row| row.get::<_, i64>(0))
            .optional()?
            .map(money))
    }
}
