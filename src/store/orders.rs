//! Orders: the check context loader (a handful of indexed queries), order rows and lines,
//! events (history), approvals, shipments, drafts and templates. Business rules live in
//! `crate::ops`; this file only reads and writes.

use super::{Error, Result, Store, WriteTx, money, money_col, pct, pct_col, qty, qty_col, row_date};
use crate::domain::checks::{CheckContext, CustomerFacts, LastPrice, OverdueInvoice, ProductFacts, RecentOrder};
use crate::domain::order::PricedOrder;
use crate::domain::{Delivery, OrderStatus, PaymentMethod, Priority};
use crate::store::db::{OptionalExtension, params};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One saved order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub id: i64,
    pub line_no: usize,
    pub product_id: Option<i64>,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub line_total: Decimal,
    pub shipped_qty: Decimal,
    pub invoiced_qty: Decimal,
    /// A free gift line (赠品).
    pub gift: bool,
}

/// A saved order with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub number: String,
    pub customer_id: Option<i64>,
    pub customer_code: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub order_date: NaiveDate,
    pub delivery_date: Option<NaiveDate>,
    pub delivery: Delivery,
    pub priority: Priority,
    pub payment_method: Option<PaymentMethod>,
    pub payment_reference: String,
    pub payment_amount: Option<Decimal>,
    pub note: String,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub created_by: String,
    pub created_at: String,
    pub revision: i64,
    pub version: i64,
    pub updated_at: String,
    pub lines: Vec<OrderLine>,
    /// The tax rule it was priced under: its invoices, returns, slips and margin use it.
    pub tax_rule: crate::domain::order::TaxRule,
}

/// An order as listed (no lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub id: i64,
    pub number: String,
    pub customer_code: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub order_date: NaiveDate,
    pub delivery_date: Option<NaiveDate>,
    pub priority: Priority,
    pub total: Decimal,
    pub created_by: String,
}

/// One history row of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEvent {
    pub at: String,
    pub user: String,
    pub kind: String,
    pub detail: String,
    pub revision: i64,
}

/// A recorded approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub code: String,
    pub fingerprint: String,
    pub user: String,
    pub at: String,
    pub reason: String,
}

/// Filters of the order list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub customer_code: String,
    pub text: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.customer_id, o.customer_code, COALESCE(c.name, ''), o.status, o.order_date, o.delivery_date,
    o.delivery, o.priority, o.payment_method, o.payment_reference, o.payment_amount, o.note, o.subtotal, o.tax, o.total,
    o.created_by, o.created_at, o.revision, o.version, o.updated_at, o.tax_rate, o.prices_include_tax";

fn map_order(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<Order> {
    let status: String = row.get(5)?;
    let delivery: String = row.get(8)?;
    let priority: String = row.get(9)?;
    let method: Option<String> = row.get(10)?;
    Ok(Order {
        id: row.get(0)?,
        number: row.get(1)?,
        customer_id: row.get(2)?,
        customer_code: row.get(3)?,
        customer_name: row.get(4)?,
        status: OrderStatus::parse(&status).unwrap_or(OrderStatus::AwaitingCorrection),
        order_date: row_date(row.get(6)?)?,
        delivery_date: row.get::<_, Option<String>>(7)?.map(row_date).transpose()?,
        delivery: Delivery::parse(&delivery).unwrap_or(Delivery::Pickup),
        priority: Priority::parse(&priority).unwrap_or(Priority::Normal),
        payment_method: method.as_deref().and_then(PaymentMethod::parse),
        payment_reference: row.get(11)?,
        payment_amount: row.get::<_, Option<i64>>(12)?.map(money),
        note: row.get(13)?,
        subtotal: money(row.get(14)?),
        tax: money(row.get(15)?),
        total: money(row.get(16)?),
        created_by: row.get(17)?,
        created_at: row.get(18)?,
        revision: row.get(19)?,
        version: row.get(20)?,
        updated_at: row.get(21)?,
        lines: vec![],
        tax_rule: crate::domain::order::TaxRule { rate_pct: pct(row.get(22)?), prices_include_tax: row.get::<_, i64>(23)? == 1 },
    })
}

fn map_line(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<OrderLine> {
    Ok(OrderLine {
        id: row.get(0)?,
        line_no: row.get::<_, i64>(1)? as usize,
        product_id: row.get(2)?,
        sku: row.get(3)?,
        name: row.get(4)?,
        spec: row.get(5)?,
        unit: row.get(6)?,
        qty: qty(row.get(7)?),
        unit_price: money(row.get(8)?),
        discount_pct: pct(row.get(9)?),
        line_total: money(row.get(10)?),
        shipped_qty: qty(row.get(11)?),
        invoiced_qty: qty(row.get(12)?),
        gift: row.get::<_, i64>(13)? != 0,
    })
}

fn load_lines(conn: &crate::store::db::Db, order_id: i64) -> Result<Vec<OrderLine>> {
    let mut statement = conn.prepare_cached(
        "SELECT l.id, l.line_no, l.product_id, l.sku, COALESCE(p.name, ''), COALESCE(p.spec, ''), COALESCE(p.unit, ''), l.qty,
                l.unit_price, l.discount_pct, l.line_total, l.shipped_qty, l.invoiced_qty, l.gift
         FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = statement.query_map([order_id], map_line)?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

impl Store {
    /// Load everything the live checks need for `order` in a handful of set-based, indexed
    /// queries (one per kind of fact for all the order's SKUs together, never one per line).
    /// `exclude_order` is the order being edited (its own reservations and exposure don't count).
    pub fn load_check_context(&self, order: &PricedOrder, exclude_order: Option<i64>, today: NaiveDate) -> Result<CheckContext> {
        let settings = self.check_settings()?;
        let exclude = exclude_order.unwrap_or(0);
        let customer = if order.customer.is_empty() { None } else { self.get_customer_by_code(&order.customer)? };
        let customer_id = customer.as_ref().map(|c| c.id).unwrap_or(0);
        let customer_facts = match &customer {
            None => None,
            Some(customer) => Some(self.customer_facts(customer, exclude, today)?),
        };
        let mut skus: Vec<&str> = order.lines.iter().map(|line| line.sku.as_str()).filter(|sku| !sku.is_empty()).collect();
        skus.sort_unstable();
        skus.dedup();
        let skus_json = serde_json::to_string(&skus).unwrap_or_else(|_| "[]".into());
        let mut products: HashMap<String, ProductFacts> = HashMap::new();
        let mut by_id: HashMap<i64, String> = HashMap::new();
        {
            let mut statement = self.db.prepare_cached(&format!(
                "SELECT p.id, p.sku, p.name, p.unit, p.active, p.divisible, p.price, p.min_price, p.cost, p.on_hand, p.reserved, cp.price
                 FROM products p LEFT JOIN customer_prices cp ON cp.product_id = p.id AND cp.customer_id = ?2
                 WHERE p.sku IN {}",
                self.db.dialect().text_list("?1")
            ))?;
            let rows = statement.query_map(params![skus_json, customer_id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    ProductFacts {
                        sku: row.get(1)?,
                        name: row.get(2)?,
                        unit: row.get(3)?,
                        active: row.get(4)?,
                        divisible: row.get(5)?,
                        price: money(row.get(6)?),
                        min_price: row.get::<_, Option<i64>>(7)?.map(money),
                        cost: row.get::<_, Option<i64>>(8)?.map(money),
                        on_hand: qty(row.get(9)?),
                        reserved: qty(row.get(10)?),
                        agreed_price: row.get::<_, Option<i64>>(11)?.map(money),
                        ..Default::default()
                    },
                ))
            })?;
            for row in rows {
                let (id, facts) = row?;
                by_id.insert(id, facts.sku.clone());
                products.insert(facts.sku.clone(), facts);
            }
        }
        if products.is_empty() {
            return Ok(CheckContext {
                today,
                settings,
                customer: customer_facts,
                products,
                recent_orders: self.recent_orders(order, customer_id, exclude, 0)?,
            });
        }
        let ids_json = serde_json::to_string(&by_id.keys().collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into());
        // This order's own open reservation is not "reserved by others".
        if exclude != 0 {
            let mut statement = self.db.prepare_cached(
                "SELECT l.product_id, SUM(l.qty - l.shipped_qty) FROM order_lines l JOIN orders o ON o.id = l.order_id
                 WHERE l.order_id = ?1 AND o.status IN ('confirmed', 'partially_shipped') AND l.product_id IS NOT NULL GROUP BY l.product_id",
            )?;
            for row in statement.query_map([exclude], |row| Ok((row.get::<_, i64>(0)?, qty(row.get(1)?))))? {
                let (id, own) = row?;
                if let Some(facts) = by_id.get(&id).and_then(|sku| products.get_mut(sku)) {
                    facts.reserved = (facts.reserved - own).max(Decimal::ZERO);
                }
            }
        }
        // Which orders hold the reservations (largest first, three per product).
        let reserved_ids: Vec<i64> =
            by_id.iter().filter(|(_, sku)| products.get(*sku).is_some_and(|f| f.reserved > Decimal::ZERO)).map(|(id, _)| *id).collect();
        if !reserved_ids.is_empty() {
            let reserved_json = serde_json::to_string(&reserved_ids).unwrap_or_else(|_| "[]".into());
            let mut statement = self.db.prepare_cached(&format!(
                "SELECT l.product_id, o.number, l.qty - l.shipped_qty AS open
                 FROM order_lines l INDEXED BY order_lines_open CROSS JOIN orders o ON o.id = l.order_id
                 WHERE l.product_id IN {} AND l.qty > l.shipped_qty
                   AND o.status IN ('confirmed', 'partially_shipped') AND o.id <> ?2
                 ORDER BY l.product_id, open DESC",
                self.db.dialect().integer_list("?1")
            ))?;
            for row in statement.query_map(params![reserved_json, exclude], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))? {
                let (id, number) = row?;
                if let Some(facts) = by_id.get(&id).and_then(|sku| products.get_mut(sku))
                    && facts.reserved_for.len() < 3
                    && !facts.reserved_for.contains(&number)
                {
                    facts.reserved_for.push(number);
                }
            }
        }
        // This customer's earlier quantities of these products (newest first), and the prices
        // on their latest orders of each (newest order date, then number, first).
        if customer_id != 0 {
            let mut statement = self.db.prepare_cached(&format!(
                "SELECT l.product_id, l.qty, o.number, o.order_date, l.line_no, l.unit_price, l.discount_pct, l.gift
                 FROM orders o JOIN order_lines l ON l.order_id = o.id
                 WHERE o.customer_id = ?1 AND o.id <> ?2 AND o.status <> 'cancelled' AND l.product_id IN {}
                 ORDER BY l.id DESC",
                self.db.dialect().integer_list("?3")
            ))?;
            let code = customer.as_ref().map(|customer| customer.code.clone()).unwrap_or_default();
            let rows = statement.query_map(params![customer_id, exclude, ids_json], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(7)? != 0,
                    LastPrice {
                        order: row.get(2)?,
                        customer: code.clone(),
                        date: row_date(row.get(3)?)?,
                        qty: qty(row.get(1)?),
                        unit_price: money(row.get(5)?),
                        discount_pct: pct(row.get(6)?),
                    },
                ))
            })?;
            let mut latest: HashMap<i64, Vec<(LastPrice, i64)>> = HashMap::new();
            for row in rows {
                let (id, line_no, gift, sale) = row?;
                let Some(facts) = by_id.get(&id).and_then(|sku| products.get_mut(sku)) else { continue };
                if facts.customer_history.len() < 50 {
                    facts.customer_history.push(sale.qty);
                }
                // A gift's price of 0 is no price the customer paid.
                if !gift {
                    keep_latest(latest.entry(id).or_default(), sale, line_no);
                }
            }
            for (id, sales) in latest {
                if let Some(facts) = by_id.get(&id).and_then(|sku| products.get_mut(sku)) {
                    facts.last_prices = sales.into_iter().map(|(sale, _)| sale).collect();
                }
            }
        }
        // The last 100 line quantities of each product over all customers, newest first, read
        // backwards from the covering index (a seek and at most 100 entries per product), only
        // where this customer's own history is too short to judge by. Kept in memory between
        // keystrokes until an order line is written anywhere (trigger-kept counter).
        {
            let generation: i64 =
                self.db.prepare_cached("SELECT n FROM change_counters WHERE name = 'order_lines'")?.query_row([], |row| row.get(0))?;
            let mut cache = self.search.history.borrow_mut();
            if cache.0 != generation || cache.1.len() > 20_000 {
                *cache = (generation, HashMap::new());
            }
            let mut wanted: Vec<i64> = vec![];
            for (id, sku) in &by_id {
                let Some(facts) = products.get_mut(sku) else { continue };
                if facts.customer_history.len() >= 3 {
                    continue;
                }
                match cache.1.get(&(*id, exclude)) {
                    Some(history) => facts.product_history = history.clone(),
                    None => wanted.push(*id),
                }
            }
            let mut read: HashMap<i64, Vec<Decimal>> = HashMap::new();
            if wanted.len() <= 4 {
                // A line or two typed: a seek per product on the covering index.
                let mut statement = self.db.prepare_cached(
                    "SELECT qty FROM order_lines INDEXED BY order_lines_history WHERE product_id = ?1 AND cancelled = 0 AND order_id <> ?2 ORDER BY id DESC LIMIT 100",
                )?;
                for id in &wanted {
                    let history = statement
                        .query_map(params![id, exclude], |row| Ok(qty(row.get(0)?)))?
                        .collect::<crate::store::db::Result<Vec<_>>>()?;
                    read.insert(*id, history);
                }
            } else {
                // Many products at once (a paste, a template): one read for all of them.
                let mut statement = self.db.prepare_cached(&format!(
                    "SELECT product_id, qty FROM (
                         SELECT product_id, qty, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY id DESC) AS newest
                         FROM order_lines WHERE product_id IN {} AND cancelled = 0 AND order_id <> ?2
                     ) history WHERE newest <= 100 ORDER BY product_id, newest",
                    self.db.dialect().integer_list("?1")
                ))?;
                let rows = statement.query_map(params![serde_json::to_string(&wanted).unwrap_or_default(), exclude], |row| {
                    Ok((row.get::<_, i64>(0)?, qty(row.get(1)?)))
                })?;
                for row in rows {
                    let (id, line_qty) = row?;
                    read.entry(id).or_default().push(line_qty);
                }
            }
            for id in wanted {
                let history = read.remove(&id).unwrap_or_default();
                if let Some(facts) = by_id.get(&id).and_then(|sku| products.get_mut(sku)) {
                    facts.product_history = history.clone();
                }
                cache.1.insert((id, exclude), history);
            }
        }
        let recent_orders = self.recent_orders(order, customer_id, exclude, settings.duplicate_window_days)?;
        Ok(CheckContext { today, settings, customer: customer_facts, products, recent_orders })
    }

    /// Credit exposure and overdue invoices of a customer, this order excluded.
    fn customer_facts(&self, customer: &crate::domain::master::Customer, exclude: i64, today: NaiveDate) -> Result<CustomerFacts> {
        // Unpaid invoice balances + open, not yet invoiced order value.
        let unpaid: i64 = self
            .db
            .prepare_cached("SELECT COALESCE(SUM(CASE WHEN total > paid THEN total - paid ELSE 0 END), 0) FROM invoices WHERE customer_id = ?1 AND void = 0")?
            .query_row([customer.id], |row| row.get(0))?;
        let uninvoiced: i64 = self
            .db
            .prepare_cached(
                "SELECT COALESCE(SUM(o.total - COALESCE((SELECT SUM(i.total) FROM invoices i WHERE i.order_id = o.id AND i.void = 0), 0)), 0)
                 FROM orders o WHERE o.customer_id = ?1 AND o.id <> ?2
                   AND o.status NOT IN ('cancelled', 'invoiced', 'paid')",
            )?
            .query_row(params![customer.id, exclude], |row| row.get(0))?;
        // Money taken in advance and not yet applied to an invoice is owed to the customer.
        let (deposits, order_deposit, order_deposit_taken) = self.unapplied_deposits_split(customer.id, exclude)?;
        let mut statement = self.db.prepare_cached(
            "SELECT number, due_date, total - paid FROM invoices
             WHERE customer_id = ?1 AND void = 0 AND paid < total AND due_date < ?2 ORDER BY due_date",
        )?;
        let overdue = statement
            .query_map(params![customer.id, today.to_string()], |row| {
                Ok(OverdueInvoice { number: row.get(0)?, due_date: row_date(row.get(1)?)?, balance: money(row.get(2)?) })
            })?
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        Ok(CustomerFacts {
            code: customer.code.clone(),
            name: customer.name.clone(),
            phone: customer.phone.clone(),
            address: customer.address.clone(),
            blocked: customer.blocked,
            blocked_reason: customer.blocked_reason.clone(),
            credit_limit: customer.credit_limit,
            discount_pct: customer.discount_pct,
            exposure: money(unpaid) + money(uninvoiced).max(Decimal::ZERO) - deposits,
            order_deposit,
            order_deposit_taken,
            account: customer.account,
            overdue,
        })
    }

    /// Non-cancelled orders of the customer within the duplicate window, with their lines, in
    /// one query.
    fn recent_orders(&self, order: &PricedOrder, customer_id: i64, exclude: i64, window: i64) -> Result<Vec<RecentOrder>> {
        if customer_id == 0 {
            return Ok(vec![]);
        }
        let from = order.order_date - chrono::Duration::days(window);
        let to = order.order_date + chrono::Duration::days(window);
        let mut statement = self.db.prepare_cached(
            "SELECT o.id, o.number, o.order_date, l.sku, l.qty FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.customer_id = ?1 AND o.order_date BETWEEN ?2 AND ?3 AND o.status <> 'cancelled' AND o.id <> ?4
             ORDER BY o.id",
        )?;
        let mut recent: Vec<(i64, RecentOrder)> = vec![];
        let rows = statement.query_map(params![customer_id, from.to_string(), to.to_string(), exclude], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row_date(row.get(2)?)?, row.get::<_, String>(3)?, qty(row.get(4)?)))
        })?;
        for row in rows {
            let (id, number, order_date, sku, quantity) = row?;
            match recent.last_mut() {
                Some((last, entry)) if *last == id => entry.lines.push((sku, quantity)),
                _ => recent.push((id, RecentOrder { number, order_date, lines: vec![(sku, quantity)] })),
            }
        }
        Ok(recent.into_iter().map(|(_, entry)| entry).collect())
    }

    /// An order by number, with its lines.
    pub fn get_order(&self, number: &str) -> Result<Order> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.number = ?1");
        let mut order = self
            .db
            .prepare_cached(&sql)?
            .query_row([number.trim()], map_order)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("order {}", number.trim())))?;
        order.lines = load_lines(&self.db, order.id)?;
        Ok(order)
    }

    /// Orders for the list, urgent first then newest, filtered.
    pub fn list_orders(&self, filter: &OrderFilter) -> Result<Vec<OrderSummary>> {
        let text = format!("%{}%", filter.text.trim().to_lowercase());
        let mut statement = self.db.prepare_cached(
            "SELECT o.id, o.number, o.customer_code, COALESCE(c.name, ''), o.status, o.order_date, o.delivery_date, o.priority, o.total, o.created_by
             FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
             WHERE (?1 = '' OR o.status = ?1) AND (?2 = '' OR o.customer_code = ?2)
               AND (?3 = '%%' OR lower(o.number) LIKE ?3 OR lower(o.customer_code) LIKE ?3 OR c.search_key LIKE ?3 OR lower(o.note) LIKE ?3)
               AND (?4 = '' OR o.order_date >= ?4) AND (?5 = '' OR o.order_date <= ?5)
             ORDER BY o.order_date DESC, o.id DESC LIMIT ?6",
        )?;
        let rows = statement.query_map(
            params![
                filter.status.map(|s| s.as_str()).unwrap_or(""),
                filter.customer_code.trim(),
                text,
                filter.from.map(|d| d.to_string()).unwrap_or_default(),
                filter.to.map(|d| d.to_string()).unwrap_or_default(),
                if filter.limit == 0 { 5000 } else { filter.limit } as i64,
            ],
            |row| {
                let status: String = row.get(4)?;
                let priority: String = row.get(7)?;
                Ok(OrderSummary {
                    id: row.get(0)?,
                    number: row.get(1)?,
                    customer_code: row.get(2)?,
                    customer_name: row.get(3)?,
                    status: OrderStatus::parse(&status).unwrap_or(OrderStatus::AwaitingCorrection),
                    order_date: row_date(row.get(5)?)?,
                    delivery_date: row.get::<_, Option<String>>(6)?.map(row_date).transpose()?,
                    priority: Priority::parse(&priority).unwrap_or(Priority::Normal),
                    total: money(row.get(8)?),
                    created_by: row.get(9)?,
                })
            },
        )?;
        let mut orders: Vec<OrderSummary> = rows.collect::<crate::store::db::Result<_>>()?;
        // Urgent first among those still to be handled; the rest keep newest-first.
        orders.sort_by_key(|order| {
            order.priority != Priority::Urgent
                || matches!(order.status, OrderStatus::Cancelled | OrderStatus::Paid | OrderStatus::Invoiced | OrderStatus::Shipped)
        });
        Ok(orders)
    }

    /// The history of an order, oldest first.
    pub fn list_order_events(&self, order_id: i64) -> Result<Vec<OrderEvent>> {
        let mut statement =
            self.db.prepare_cached("SELECT at, user_name, kind, detail, revision FROM order_events WHERE order_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([order_id], |row| {
            Ok(OrderEvent { at: row.get(0)?, user: row.get(1)?, kind: row.get(2)?, detail: row.get(3)?, revision: row.get(4)? })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Approvals recorded for an order.
    pub fn list_approvals(&self, order_id: i64) -> Result<Vec<Approval>> {
        let mut statement =
            self.db.prepare_cached("SELECT code, fingerprint, user_name, at, reason FROM approvals WHERE order_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([order_id], |row| {
            Ok(Approval { code: row.get(0)?, fingerprint: row.get(1)?, user: row.get(2)?, at: row.get(3)?, reason: row.get(4)? })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Save (insert or replace) a draft body for a user and slot.
    pub fn save_draft(&mut self, user: &str, slot: &str, body: &str, now: &str) -> Result<()> {
        self.db
            .prepare_cached(
                "INSERT INTO drafts (user_name, slot, body, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_name, slot) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            )?
            .execute(params![user, slot, body, now])?;
        Ok(())
    }

    /// The saved draft of a user and slot.
    pub fn get_draft(&self, user: &str, slot: &str) -> Result<Option<String>> {
        Ok(self
            .db
            .prepare_cached("SELECT body FROM drafts WHERE user_name = ?1 AND slot = ?2")?
            .query_row(params![user, slot], |row| row.get(0))
            .optional()?)
    }

    /// Forget a draft (after submit).
    pub fn delete_draft(&mut self, user: &str, slot: &str) -> Result<()> {
        self.db.prepare_cached("DELETE FROM drafts WHERE user_name = ?1 AND slot = ?2")?.execute(params![user, slot])?;
        Ok(())
    }

    /// Save an order template by name (replacing one of the same name).
    pub fn save_template(&mut self, name: &str, body: &str, user: &str, now: &str) -> Result<()> {
        self.db
            .prepare_cached(
                "INSERT INTO order_templates (name, body, created_by, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET body = excluded.body, created_by = excluded.created_by, created_at = excluded.created_at",
            )?
            .execute(params![name.trim(), body, user, now])?;
        Ok(())
    }

    /// Every template: (name, body).
    pub fn list_templates(&self) -> Result<Vec<(String, String)>> {
        let mut statement = self.db.prepare_cached("SELECT name, body FROM order_templates ORDER BY name")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The last orders of a customer (for the customer card and "repeat order").
    pub fn list_customer_orders(&self, customer_code: &str, limit: usize) -> Result<Vec<OrderSummary>> {
        self.list_orders(&OrderFilter { customer_code: customer_code.to_string(), limit, ..Default::default() })
    }
}

/// Append a history row for an order inside `tx`.
pub(crate) fn add_event_tx(tx: &WriteTx<'_>, order_id: i64, at: &str, user: &str, kind: &str, detail: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO order_events (order_id, at, user_name, kind, detail, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT revision FROM orders WHERE id = ?1))",
    )?
    .execute(params![order_id, at, user, kind, detail])?;
    Ok(())
}

/// What to write for an order head.
pub(crate) struct OrderWrite<'a> {
    pub priced: &'a PricedOrder,
    pub customer_id: Option<i64>,
    pub status: OrderStatus,
    pub user: &'a str,
    pub now: &'a str,
}

fn product_ids_tx(tx: &WriteTx<'_>, priced: &PricedOrder) -> Result<Vec<Option<i64>>> {
    priced
        .lines
        .iter()
        .map(|line| Ok(tx.prepare_cached("SELECT id FROM products WHERE sku = ?1")?.query_row([&line.sku], |row| row.get(0)).optional()?))
        .collect()
}

fn insert_lines_tx(tx: &WriteTx<'_>, order_id: i64, priced: &PricedOrder) -> Result<()> {
    let ids = product_ids_tx(tx, priced)?;
    for (line, product_id) in priced.lines.iter().zip(ids) {
        tx.prepare_cached(
            "INSERT INTO order_lines (order_id, line_no, product_id, sku, qty, unit_price, discount_pct, line_total, gift)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            order_id,
            line.line_no as i64,
            product_id,
            line.sku,
            qty_col(line.qty, &format!("lines[{}].qty", line.line_no))?,
            money_col(line.unit_price, &format!("lines[{}].unit_price", line.line_no))?,
            pct_col(line.discount_pct, &format!("lines[{}].discount_pct", line.line_no))?,
            money_col(line.line_total, &format!("lines[{}].line_total", line.line_no))?,
            line.gift as i64,
        ])?;
    }
    Ok(())
}

fn head_values(write: &OrderWrite<'_>) -> Result<(Option<&'static str>, String, Option<i64>)> {
    let payment = write.priced.payment.as_ref();
    let method = payment.and_then(|p| p.method).map(|m| m.as_str());
    let reference = payment.map(|p| p.reference.clone()).unwrap_or_default();
    let amount = payment.and_then(|p| p.amount).map(|a| money_col(a, "payment.amount")).transpose()?;
    Ok((method, reference, amount))
}

/// Insert a new order with its number, lines and a "created" event; returns its id.
pub(crate) fn insert_order_tx(tx: &WriteTx<'_>, number: &str, write: &OrderWrite<'_>) -> Result<i64> {
    let priced = write.priced;
    let (method, reference, amount) = head_values(write)?;
    tx.prepare_cached(
        "INSERT INTO orders (number, customer_id, customer_code, status, order_date, delivery_date, delivery, priority,
             payment_method, payment_reference, payment_amount, note, subtotal, tax, total, created_by, created_at, updated_at,
             tax_rate, prices_include_tax)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19)",
    )?
    .execute(params![
        number,
        write.customer_id,
        priced.customer,
        write.status.as_str(),
        priced.order_date.to_string(),
        priced.delivery_date.map(|d| d.to_string()),
        priced.delivery.as_str(),
        priced.priority.as_str(),
        method,
        reference,
        amount,
        priced.note,
        money_col(priced.totals.subtotal, "subtotal")?,
        money_col(priced.totals.tax, "tax")?,
        money_col(priced.totals.total, "total")?,
        write.user,
        write.now,
        pct_col(priced.tax.rate_pct, "tax.rate_pct")?,
        i64::from(priced.tax.prices_include_tax),
    ])?;
    let id = tx.last_insert_rowid()?;
    insert_lines_tx(tx, id, priced)?;
    Ok(id)
}

/// Replace an order's head and lines (an edit or amendment), bumping revision and version.
/// `expected_version` guards against lost updates.
pub(crate) fn update_order_tx(tx: &WriteTx<'_>, order: &Order, expected_version: i64, write: &OrderWrite<'_>) -> Result<()> {
    if order.version != expected_version {
        return Err(Error::Conflict {
            what: format!("order {}", order.number),
            by: order.created_by.clone(),
            at: order.updated_at.clone(),
        });
    }
    let priced = write.priced;
    let (method, reference, amount) = head_values(write)?;
    let changed = tx
        .prepare_cached(
            "UPDATE orders SET customer_id = ?2, customer_code = ?3, status = ?4, order_date = ?5, delivery_date = ?6, delivery = ?7,
             priority = ?8, payment_method = ?9, payment_reference = ?10, payment_amount = ?11, note = ?12, subtotal = ?13,
             tax = ?14, total = ?15, revision = revision + 1, version = version + 1, updated_at = ?16, tax_rate = ?18,
             prices_include_tax = ?19
         WHERE id = ?1 AND version = ?17",
        )?
        .execute(params![
            order.id,
            write.customer_id,
            priced.customer,
            write.status.as_str(),
            priced.order_date.to_string(),
            priced.delivery_date.map(|d| d.to_string()),
            priced.delivery.as_str(),
            priced.priority.as_str(),
            method,
            reference,
            amount,
            priced.note,
            money_col(priced.totals.subtotal, "subtotal")?,
            money_col(priced.totals.tax, "tax")?,
            money_col(priced.totals.total, "total")?,
            write.now,
            expected_version,
            pct_col(priced.tax.rate_pct, "tax.rate_pct")?,
            i64::from(priced.tax.prices_include_tax),
        ])?;
    if changed == 0 {
        return Err(Error::Conflict { what: format!("order {}", order.number), by: "another user".into(), at: write.now.to_string() });
    }
    tx.prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?.execute([order.id])?;
    insert_lines_tx(tx, order.id, priced)?;
    Ok(())
}

/// Set an order's status (and bump version) inside `tx`.
pub(crate) fn set_status_tx(tx: &WriteTx<'_>, order_id: i64, status: OrderStatus, now: &str) -> Result<()> {
    tx.prepare_cached("UPDATE orders SET status = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1")?.execute(params![
        order_id,
        status.as_str(),
        now
    ])?;
    Ok(())
}

/// Read an order inside `tx`.
pub(crate) fn get_order_tx(tx: &WriteTx<'_>, number: &str) -> Result<Order> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.number = ?1");
    let mut order =
        tx.prepare_cached(&sql)?.query_row([number], map_order).optional()?.ok_or_else(|| Error::NotFound(format!("order {number}")))?;
    order.lines = load_lines(tx, order.id)?;
    Ok(order)
}

/// Record an approval inside `tx`.
pub(crate) fn add_approval_tx(
    tx: &WriteTx<'_>,
    order_id: i64,
    code: &str,
    fingerprint: &str,
    user: &str,
    at: &str,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached("INSERT INTO approvals (order_id, code, fingerprint, user_name, at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![order_id, code, fingerprint, user, at, reason])?;
    Ok(())
}

/// Whether the order has ever shipped anything (read inside `tx`).
pub(crate) fn has_shipments_tx(tx: &WriteTx<'_>, order_id: i64) -> Result<bool> {
    Ok(tx.prepare_cached("SELECT 1 FROM shipments WHERE order_id = ?1 LIMIT 1")?.exists([order_id])?)
}

/// Mark an order confirmed inside `tx` (its reservations are the caller's business).
pub(crate) fn confirm_tx(tx: &WriteTx<'_>, order_id: i64, now: &str) -> Result<()> {
    tx.prepare_cached("UPDATE orders SET status = 'confirmed', confirmed_at = ?2, version = version + 1, updated_at = ?2 WHERE id = ?1")?
        .execute(params![order_id, now])?;
    Ok(())
}

/// Record a shipment of `(order_line_id, product_id, qty)` lines inside `tx`: shipment rows,
/// stock movements, shipped quantities, released reservations. Returns the shipment number.
pub(crate) fn ship_tx(
    tx: &WriteTx<'_>,
    order: &Order,
    lines: &[(i64, Option<i64>, Decimal)],
    day: NaiveDate,
    user: &str,
    now: &str,
) -> Result<String> {
    use chrono::Datelike;
    let number = super::next_number_tx(tx, "shipment", "SH", day.year())?;
    // Sent out to the customer, the shipment waits for its signed slip; a pickup is handed over.
    let awaits_signature = i64::from(order.delivery == Delivery::Delivery);
    tx.prepare_cached("INSERT INTO shipments (number, order_id, shipped_on, user_name, awaits_signature) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![number, order.id, day.to_string(), user, awaits_signature])?;
    let shipment_id = tx.last_insert_rowid()?;
    for (line_id, product_id, quantity) in lines {
        let scaled = qty_col(*quantity, "qty")?;
        // The goods leave at the product's cost of the moment; the line keeps it (margin, returns).
        let unit_cost = match product_id {
            Some(product_id) => {
                let cost = super::products::move_stock_tx(
                    tx,
                    *product_id,
                    super::products::MovementKind::Shipment,
                    -*quantity,
                    super::products::Inflow::default(),
                    &order.number,
                    "",
                    user,
                    now,
                )?;
                super::products::reserve_tx(tx, *product_id, -*quantity)?;
                cost
            }
            None => None,
        };
        tx.prepare_cached("INSERT INTO shipment_lines (shipment_id, order_line_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![shipment_id, line_id, scaled, unit_cost.map(|cost| money_col(cost, "cost")).transpose()?])?;
        tx.prepare_cached("UPDATE order_lines SET shipped_qty = shipped_qty + ?2 WHERE id = ?1")?.execute(params![line_id, scaled])?;
    }
    Ok(number)
}

impl Store {
    /// How often a document has been printed for an order (`detail` like "dispatch SO-…").
    pub fn count_prints(&self, order_id: i64, detail: &str) -> Result<u32> {
        let count: i64 = self
            .db
            .prepare_cached("SELECT COUNT(*) FROM order_events WHERE order_id = ?1 AND kind = 'printed' AND detail = ?2")?
            .query_row(params![order_id, detail], |row| row.get(0))?;
        Ok(count as u32)
    }
}

/// How many of a customer's last prices of a product the checks and the order form keep.
pub const LAST_PRICES: usize = 3;

/// Keep `sale` (line `line_no` of its order) among the latest sales in `kept`: newest order
/// date, then order number first, one per order (its first line), at most [`LAST_PRICES`];
/// sales come in any order.
fn keep_latest(kept: &mut Vec<(LastPrice, i64)>, sale: LastPrice, line_no: i64) {
    if let Some(seen) = kept.iter_mut().find(|(seen, _)| seen.order == sale.order) {
        if line_no < seen.1 {
            *seen = (sale, line_no);
        }
        return;
    }
    let newer = |a: &LastPrice, b: &LastPrice| (a.date, &a.order) > (b.date, &b.order);
    let at = kept.iter().position(|(seen, _)| newer(&sale, seen)).unwrap_or(kept.len());
    if at < LAST_PRICES {
        kept.insert(at, (sale, line_no));
        kept.truncate(LAST_PRICES);
    }
}
