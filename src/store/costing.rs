//! Cost and margin (成本, 毛利) and the stock summary (进销存汇总), read from the records the
//! writes keep: each shipment line and return carries the unit cost its goods moved at, each
//! ledger row its value (qty × unit cost). Nothing here writes.
//!
//! Margin: revenue is the net value (before tax) of the goods shipped in the period less the
//! goods returned in it, at the order's prices; cost is what those goods left (and came back) at.
//! Stock summary: per product, the ledger before the period (opening), its movements in the
//! period by kind, and the sum (closing) — quantity and value, so every figure is the ledger's.

use super::{Result, Store, money, qty};
use crate::domain::money::round_cents;
use crate::store::db::params;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The page cache the margin report's connection keeps (64 MiB, as the scans do).
const REPORT_CACHE_KIB: i64 = 64 * 1024;

/// One line of a margin report: an order, a product or a customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MarginRow {
    /// Order number, SKU or customer code.
    pub key: String,
    /// The customer's name (orders, customers) or the product's (products).
    pub name: String,
    /// Units shipped less units returned (products only; 0 elsewhere).
    pub qty: Decimal,
    pub revenue: Decimal,
    pub cost: Decimal,
    /// Lines shipped or returned whose cost is not known (counted at 0).
    pub without_cost: u32,
}

impl MarginRow {
    pub fn margin(&self) -> Decimal {
        self.revenue - self.cost
    }

    /// Margin as a percentage of revenue (None when there is no revenue).
    pub fn margin_pct(&self) -> Option<Decimal> {
        (!self.revenue.is_zero()).then(|| (self.margin() * Decimal::ONE_HUNDRED / self.revenue).round_dp(1))
    }

    fn add(&mut self, units: Decimal, revenue: Decimal, cost: Decimal, known: bool) {
        self.qty += units;
        self.revenue += revenue;
        self.cost += cost;
        self.without_cost += u32::from(!known);
    }
}

/// Gross margin of a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarginReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: MarginRow,
    /// By order number.
    pub orders: Vec<MarginRow>,
    /// By revenue, largest first.
    pub products: Vec<MarginRow>,
    /// By revenue, largest first.
    pub customers: Vec<MarginRow>,
}

/// Goods shipped in the period (+) and returned in it (−), with the order's prices and figures.
const MOVED: &str = "
    SELECT o.id, o.number, o.customer_code, COALESCE(c.name, ''), l.sku, COALESCE(p.name, ''), sl.qty, l.unit_price, l.discount_pct,
           sl.unit_cost, o.tax_rate, o.prices_include_tax, 1
      FROM shipments s
      JOIN shipment_lines sl ON sl.shipment_id = s.id
      JOIN order_lines l ON l.id = sl.order_line_id
      JOIN orders o ON o.id = s.order_id
      LEFT JOIN customers c ON c.id = o.customer_id
      LEFT JOIN products p ON p.id = l.product_id
     WHERE s.shipped_on >= ?1 AND s.shipped_on <= ?2
    UNION ALL
    SELECT o.id, o.number, o.customer_code, COALESCE(c.name, ''), l.sku, COALESCE(p.name, ''), r.qty, l.unit_price, l.discount_pct,
           r.unit_cost, o.tax_rate, o.prices_include_tax, -1
      FROM returns r
      JOIN order_lines l ON l.id = r.order_line_id
      JOIN orders o ON o.id = r.order_id
      LEFT JOIN customers c ON c.id = o.customer_id
      LEFT JOIN products p ON p.id = l.product_id
     WHERE r.returned_on >= ?1 AND r.returned_on <= ?2";

/// The part of an order's prices that is not tax, under the rule it was priced under: 1 when tax
/// is added on top, 100 / (100 + rate) when the prices include it.
fn net_share(rate_pct: Decimal, prices_include_tax: bool) -> Decimal {
    if prices_include_tax && rate_pct > Decimal::ZERO { Decimal::ONE_HUNDRED / (Decimal::ONE_HUNDRED + rate_pct) } else { Decimal::ONE }
}

/// One shipment line or return of the margin report, priced.
struct Moved {
    order_id: i64,
    number: String,
    code: String,
    customer: String,
    sku: String,
    product: String,
    units: Decimal,
    revenue: Decimal,
    cost: Decimal,
    known: bool,
}

/// Margin rows found by their key (an order's id, or a SKU or customer code), in the order they
/// first came; a key's text is kept once, in its row.
#[derive(Default)]
struct Grouped {
    ids: HashMap<i64, usize>,
    texts: HashMap<String, usize>,
    rows: Vec<MarginRow>,
}

impl Grouped {
    fn push(&mut self, key: String, name: String) -> usize {
        self.rows.push(MarginRow { key, name, ..Default::default() });
        self.rows.len() - 1
    }

    /// The row of order `id`, made with `key` and `name` the first time.
    fn by_id(&mut self, id: i64, key: String, name: &str) -> &mut MarginRow {
        let at = match self.ids.get(&id) {
            Some(at) => *at,
            None => {
                let at = self.push(key, name.to_string());
                self.ids.insert(id, at);
                at
            }
        };
        &mut self.rows[at]
    }

    /// The row of `key`, made with `name` the first time.
    fn by_text(&mut self, key: String, name: String) -> &mut MarginRow {
        let at = match self.texts.get(key.as_str()) {
            Some(at) => *at,
            None => {
                let at = self.push(key.clone(), name);
                self.texts.insert(key, at);
                at
            }
        };
        &mut self.rows[at]
    }
}

/// Sort by revenue, largest first, then key.
fn by_revenue(mut rows: Vec<MarginRow>) -> Vec<MarginRow> {
    rows.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// One product's stock figures of a period: quantity and value of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockFigure {
    pub qty: Decimal,
    pub value: Decimal,
}

impl StockFigure {
    fn add(&mut self, units: Decimal, value: Decimal) {
        self.qty += units;
        self.value += value;
    }
}

/// A row of the stock summary. Shipped is counted out (a positive figure is goods gone);
/// adjusted holds corrections, counts and opening balances entered in the period, with their sign.
/// closing = opening + received + returned − shipped + adjusted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockRow {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub opening: StockFigure,
    pub received: StockFigure,
    pub returned: StockFigure,
    pub shipped: StockFigure,
    pub adjusted: StockFigure,
    pub closing: StockFigure,
}

/// The stock summary of a period: every product with stock or a movement in it, by SKU.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub products: Vec<StockRow>,
    /// The sums of every column (quantities of different units add up only as a count).
    pub total: StockRow,
}

impl Store {
    /// Gross margin of the goods shipped from `from` to `to` (both included), less returns.
    /// One pass over the period's shipment lines and returns; each order, product and customer is
    /// one row, found by its key (the text of a key and a name is kept once).
    pub fn margin_report(&self, from: NaiveDate, to: NaiveDate) -> Result<MarginReport> {
        // A year of a large shop reads its orders, customers and products over and over.
        self.set_cache_kib(REPORT_CACHE_KIB)?;
        let mut orders = Grouped::default();
        let mut products = Grouped::default();
        let mut customers = Grouped::default();
        let mut total = MarginRow::default();
        let mut statement = self.db.prepare_cached(MOVED)?;
        let rows = statement.query_map(params![from.to_string(), to.to_string()], |row| {
            let sign = Decimal::from(row.get::<_, i64>(12)?);
            let units = qty(row.get(6)?) * sign;
            let net_unit = crate::domain::order::net_unit_price(money(row.get(7)?), super::pct(row.get(8)?));
            let unit_cost: Option<i64> = row.get(9)?;
            let share = net_share(super::pct(row.get(10)?), row.get::<_, i64>(11)? == 1);
            Ok(Moved {
                order_id: row.get(0)?,
                number: row.get(1)?,
                code: row.get(2)?,
                customer: row.get(3)?,
                sku: row.get(4)?,
                product: row.get(5)?,
                units,
                revenue: round_cents(units * net_unit * share),
                // At the ledger's precision: the cost of the period is the ledger's value of the
                // shipments less the returns, to the cent.
                cost: super::products::movement_value(units, unit_cost.map(money)),
                known: unit_cost.is_some(),
            })
        })?;
        for moved in rows {
            let Moved { order_id, number, code, customer, sku, product, units, revenue, cost, known } = moved?;
            orders.by_id(order_id, number, &customer).add(Decimal::ZERO, revenue, cost, known);
            products.by_text(sku, product).add(units, revenue, cost, known);
            customers.by_text(code, customer).add(Decimal::ZERO, revenue, cost, known);
            total.add(Decimal::ZERO, revenue, cost, known);
        }
        let mut orders = orders.rows;
        orders.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(MarginReport { from, to, total, orders, products: by_revenue(products.rows), customers: by_revenue(customers.rows) })
    }

    /// The stock summary from `from` to `to` (both included): opening, received, returned,
    /// shipped, adjusted and closing of every product with stock or a movement then.
    pub fn stock_summary(&self, from: NaiveDate, to: NaiveDate) -> Result<StockSummary> {
        let start = from.to_string();
        // Movements are stamped with a date and time: everything before the next day's date.
        let end = to.succ_opt().unwrap_or(to).to_string();
        let mut statement = self.db.prepare_cached(
            "SELECT p.sku, p.name, p.unit, m.kind, m.before, m.qty, m.value
               FROM (SELECT product_id, kind, CASE WHEN at < ?1 THEN 1 ELSE 0 END AS before, SUM(qty) AS qty, SUM(value) AS value
                       FROM stock_movements WHERE at < ?2
                      GROUP BY product_id, kind, 3) m
               JOIN products p ON p.id = m.product_id
              ORDER BY p.sku",
        )?;
        let rows = statement.query_map(params![start, end], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
                qty(row.get(5)?),
                money(row.get(6)?),
            ))
        })?;
        let mut products: Vec<StockRow> = Vec::new();
        for row in rows {
            let (sku, name, unit, kind, before, units, value) = row?;
            if products.last().is_none_or(|last| last.sku != sku) {
                products.push(StockRow { sku, name, unit, ..Default::default() });
            }
            let Some(product) = products.last_mut() else { continue };
            let figure = if before == 1 {
                &mut product.opening
            } else {
                match kind.as_str() {
                    "receipt" => &mut product.received,
                    "return" => &mut product.returned,
                    "shipment" => {
                        product.shipped.add(-units, -value);
                        continue;
                    }
                    _ => &mut product.adjusted,
                }
            };
            figure.add(units, value);
        }
        let mut total = StockRow::default();
        products.retain_mut(|product| {
            product.closing = StockFigure {
                qty: product.opening.qty + product.received.qty + product.returned.qty - product.shipped.qty + product.adjusted.qty,
                value: product.opening.value + product.received.value + product.returned.value - product.shipped.value
                    + product.adjusted.value,
            };
            let figures = [&product.opening, &product.received, &product.returned, &product.shipped, &product.adjusted, &product.closing];
            let any = figures.iter().any(|figure| !figure.qty.is_zero() || !figure.value.is_zero());
            if any {
                for (sum, figure) in [
                    (&mut total.opening, &product.opening),
                    (&mut total.received, &product.received),
                    (&mut total.returned, &product.returned),
                    (&mut total.shipped, &product.shipped),
                    (&mut total.adjusted, &product.adjusted),
                    (&mut total.closing, &product.closing),
                ] {
                    sum.add(figure.qty, figure.value);
                }
            }
            any
        });
        Ok(StockSummary { from, to, products, total })
    }
}
