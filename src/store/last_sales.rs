//! What a product last sold for to anyone: beside the line being typed, the order form shows
//! it next to what this customer paid (the customer's own prices come with the live check's
//! context, `orders.rs`).

use super::{Result, Store, money, pct, qty, row_date};
use crate::domain::checks::LastPrice;
use crate::store::db::params;
use std::collections::HashMap;

impl Store {
    /// The latest sale of product `sku` to anyone (the latest non-cancelled order that has it,
    /// by order date then number, its first line; order `exclude` left out), as the customer's
    /// own last prices are ordered: the order form shows it beside them.
    pub fn last_sale(&self, sku: &str, exclude: Option<i64>) -> Result<Option<LastPrice>> {
        Ok(self.last_sales(&[sku.to_string()], exclude)?.remove(sku))
    }

    /// [`Self::last_sale`] of several products in one read (the order form's lines together).
    pub fn last_sales(&self, skus: &[String], exclude: Option<i64>) -> Result<HashMap<String, LastPrice>> {
        if skus.is_empty() {
            return Ok(HashMap::new());
        }
        let mut statement = self.db.prepare_cached(&format!(
            "SELECT sku, number, code, order_date, qty, unit_price, discount_pct FROM (
                 SELECT p.sku AS sku, o.number AS number, COALESCE(c.code, '') AS code, o.order_date AS order_date, l.qty AS qty,
                        l.unit_price AS unit_price, l.discount_pct AS discount_pct,
                        ROW_NUMBER() OVER (PARTITION BY p.sku ORDER BY o.order_date DESC, o.number DESC, l.line_no) AS latest
                 FROM products p JOIN order_lines l ON l.product_id = p.id
                 JOIN orders o ON o.id = l.order_id LEFT JOIN customers c ON c.id = o.customer_id
                 WHERE p.sku IN {} AND l.order_id <> ?2 AND o.status <> 'cancelled' AND l.gift = 0
             ) sales WHERE latest = 1",
            self.db.dialect().text_list("?1")
        ))?;
        let rows = statement.query_map(params![serde_json::to_string(skus).unwrap_or_default(), exclude.unwrap_or(0)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                LastPrice {
                    order: row.get(1)?,
                    customer: row.get(2)?,
                    date: row_date(row.get(3)?)?,
                    qty: qty(row.get(4)?),
                    unit_price: money(row.get(5)?),
                    discount_pct: pct(row.get(6)?),
                },
            ))
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }
}
