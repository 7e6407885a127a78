//! Products and the stock ledger. Every change of on-hand is a `stock_movements` row written in
//! the same transaction as `products.on_hand`, so the figure always equals the ledger's sum.

use super::{Error, Result, Store, WriteTx, money, money_col, qty, qty_col};
use crate::domain::master::Product;
use crate::domain::money::fmt_qty;
use crate::domain::pinyin_key::{normalise_query, search_key};
use crate::store::db::{OptionalExtension, params};
use rust_decimal::Decimal;

const PRODUCT_COLUMNS: &str =
    "id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point, active, divisible, version, updated_at";

/// The kinds of stock movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementKind {
    Opening,
    Receipt,
    Shipment,
    Adjustment,
    Count,
    Return,
}

impl MovementKind {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Opening => "opening",
            MovementKind::Receipt => "receipt",
            MovementKind::Shipment => "shipment",
            MovementKind::Adjustment => "adjustment",
            MovementKind::Count => "count",
            MovementKind::Return => "return",
        }
    }
}

/// One ledger row with the running balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub id: i64,
    pub kind: String,
    pub qty: Decimal,
    pub balance: Decimal,
    /// The unit cost it moved at (None while the product had no cost) and its value.
    pub unit_cost: Option<Decimal>,
    pub value: Decimal,
    /// The running sum of the values: the stock's worth after it.
    pub worth: Decimal,
    pub supplier: String,
    pub reference: String,
    pub reason: String,
    pub at: String,
    pub user: String,
}

/// The one mapping of a products row.
fn map_product(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<Product> {
    Ok(Product {
        id: row.get(0)?,
        sku: row.get(1)?,
        name: row.get(2)?,
        spec: row.get(3)?,
        unit: row.get(4)?,
        barcode: row.get(5)?,
        price: money(row.get(6)?),
        min_price: row.get::<_, Option<i64>>(7)?.map(money),
        cost: row.get::<_, Option<i64>>(8)?.map(money),
        on_hand: qty(row.get(9)?),
        reserved: qty(row.get(10)?),
        reorder_point: qty(row.get(11)?),
        active: row.get(12)?,
        divisible: row.get(13)?,
        version: row.get(14)?,
        updated_at: row.get(15)?,
    })
}

fn describe(product: &Product) -> String {
    let opt = |value: Option<Decimal>| value.map(|v| v.normalize().to_string()).unwrap_or_else(|| "-".into());
    format!(
        "sku={}; name={}; spec={}; unit={}; barcode={}; price={}; min_price={}; cost={}; reorder_point={}; active={}; divisible={}",
        product.sku,
        product.name,
        product.spec,
        product.unit,
        product.barcode,
        product.price.normalize(),
        opt(product.min_price),
        opt(product.cost),
        product.reorder_point.normalize(),
        product.active,
        product.divisible
    )
}

impl Store {
    /// A product by SKU.
    pub fn get_product_by_sku(&self, sku: &str) -> Result<Option<Product>> {
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE sku = ?1");
        Ok(self.db.prepare_cached(&sql)?.query_row([sku.trim()], map_product).optional()?)
    }

    /// The product that carries barcode `code` (any of its barcodes; letters in any case).
    pub fn get_product_by_barcode(&self, code: &str) -> Result<Option<Product>> {
        let code = code.trim();
        if code.is_empty() {
            return Ok(None);
        }
        let sku: Option<String> =
            self.db.prepare_cached(BARCODE_OWNER)?.query_row(params![barcode_pattern(code), 0], |row| row.get(0)).optional()?;
        match sku {
            Some(sku) => self.get_product_by_sku(&sku),
            None => Ok(None),
        }
    }

    /// Products matching `query` by SKU, name, spec, barcode or pinyin; the exact SKU first,
    /// then SKUs starting with the query. Served from the in-memory search index.
    pub fn search_products(&self, query: &str, limit: usize, only_active: bool) -> Result<Vec<Product>> {
        let ids = self.find_product_ids(&normalise_query(query), limit, only_active)?;
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1");
        let mut statement = self.db.prepare_cached(&sql)?;
        ids.into_iter().map(|id| Ok(statement.query_row([id], map_product)?)).collect()
    }

    /// Every product by SKU, with stock figures.
    pub fn list_products(&self) -> Result<Vec<Product>> {
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products ORDER BY sku");
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([], map_product)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Insert or update a product (optimistic locking on `version`). A new product's
    /// `opening_stock` becomes an opening-balance movement.
    pub fn save_product(&mut self, product: &Product, opening_stock: Decimal, user: &str, now: &str) -> Result<Product> {
        let tx = self.write_tx()?;
        let id = save_product_tx(&tx, product, opening_stock, user, now, true)?;
        tx.commit()?;
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1");
        Ok(self.db.prepare_cached(&sql)?.query_row([id], map_product)?)
    }

    /// Book a stock movement (receipt, adjustment, count difference…) for a SKU.
    #[allow(clippy::too_many_arguments)]
    pub fn move_stock(
        &mut self,
        sku: &str,
        kind: MovementKind,
        qty: Decimal,
        reference: &str,
        reason: &str,
        user: &str,
        now: &str,
    ) -> Result<Product> {
        let product = self.get_product_by_sku(sku)?.ok_or_else(|| Error::NotFound(format!("product {sku}")))?;
        let tx = self.write_tx()?;
        move_stock_tx(&tx, product.id, kind, qty, Inflow::default(), reference, reason, user, now)?;
        tx.commit()?;
        self.get_product_by_sku(sku)?.ok_or_else(|| Error::NotFound(format!("product {sku}")))
    }

    /// A stock count: for each (SKU, counted qty) book the difference to on-hand as a `count`
    /// movement, all in one transaction. Returns how many products changed.
    pub fn book_count(&mut self, counted: &[(String, Decimal)], reference: &str, user: &str, now: &str) -> Result<usize> {
        let tx = self.write_tx()?;
        let mut changed = 0;
        for (sku, counted_qty) in counted {
            let (id, on_hand): (i64, i64) = tx
                .prepare_cached("SELECT id, on_hand FROM products WHERE sku = ?1")?
                .query_row([sku], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("product {sku}")))?;
            let difference = *counted_qty - qty(on_hand);
            if !difference.is_zero() {
                move_stock_tx(&tx, id, MovementKind::Count, difference, Inflow::default(), reference, "stock count", user, now)?;
                changed += 1;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The ledger of one product, oldest first, with the running balance.
    pub fn list_movements(&self, product_id: i64) -> Result<Vec<Movement>> {
        let mut statement = self.db.prepare_cached(
            "SELECT id, kind, qty, SUM(qty) OVER (ORDER BY id), reference, reason, at, user_name, unit_cost, value,
                    SUM(value) OVER (ORDER BY id), supplier
             FROM stock_movements WHERE product_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([product_id], |row| {
            Ok(Movement {
                id: row.get(0)?,
                kind: row.get(1)?,
                qty: qty(row.get(2)?),
                balance: qty(row.get(3)?),
                reference: row.get(4)?,
                reason: row.get(5)?,
                at: row.get(6)?,
                user: row.get(7)?,
                unit_cost: row.get::<_, Option<i64>>(8)?.map(money),
                value: money(row.get(9)?),
                worth: money(row.get(10)?),
                supplier: row.get(11)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Products whose on hand differs from their trigger-kept ledger total, or is negative:
    /// (SKU, on hand, ledger). Two columns per product, so the scan stays fast on any history.
    pub fn ledger_drift(&self) -> Result<Vec<(String, Decimal, Decimal)>> {
        let mut statement =
            self.db.prepare_cached("SELECT sku, on_hand, ledger_qty FROM products WHERE on_hand <> ledger_qty OR on_hand < 0")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, qty(row.get(1)?), qty(row.get(2)?))))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Products whose on-hand differs from the full sum of their movements (recomputed from
    /// every row: the slow, complete check used by tests and verification).
    pub fn ledger_mismatches(&self) -> Result<Vec<(String, Decimal, Decimal)>> {
        let mut statement = self.db.prepare_cached(
            "SELECT p.sku, p.on_hand, COALESCE(m.total, 0) FROM products p
             LEFT JOIN (SELECT product_id, SUM(qty) AS total FROM stock_movements GROUP BY product_id) m ON m.product_id = p.id
             WHERE p.on_hand <> COALESCE(m.total, 0) OR p.on_hand < 0",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, qty(row.get(1)?), qty(row.get(2)?))))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }
}

/// Insert or update one product inside `tx`; returns its id.
/// `log`: write an audit entry for this product (an import writes one entry for the whole file).
pub(crate) fn save_product_tx(
    tx: &WriteTx<'_>,
    product: &Product,
    opening_stock: Decimal,
    user: &str,
    now: &str,
    log: bool,
) -> Result<i64> {
    let key = search_key(&[&product.sku, &product.name, &product.spec, &product.barcode]);
    let price = money_col(product.price, "price")?;
    let min_price = product.min_price.map(|v| money_col(v, "min_price")).transpose()?;
    let cost = product.cost.map(|v| money_col(v, "cost")).transpose()?;
    let reorder = qty_col(product.reorder_point, "reorder_point")?;
    let duplicate_sku = || Error::Invalid(format!("sku: \"{}\" is already used by another product", product.sku));
    if product.id == 0 {
        barcodes_free_tx(tx, product)?;
        let id = NewProducts::prepare(tx)?.insert(product, None, opening_stock, user, now)?;
        if log {
            super::audit::append_tx(tx, now, user, "product", &product.sku, "create", "", &describe(product))?;
        }
        return Ok(id);
    }
    let duplicate: Option<i64> = tx
        .prepare_cached("SELECT id FROM products WHERE sku = ?1 AND id <> ?2")?
        .query_row(params![product.sku, product.id], |row| row.get(0))
        .optional()?;
    if duplicate.is_some() {
        return Err(duplicate_sku());
    }
    barcodes_free_tx(tx, product)?;
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1");
    let before = tx
        .prepare_cached(&sql)?
        .query_row([product.id], map_product)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("product #{}", product.id)))?;
    if before.version != product.version {
        return Err(Error::Conflict { what: format!("product {}", before.sku), by: "another user".into(), at: before.updated_at });
    }
    // Stock on hand is valued at the product's cost: it changes only through receipts — but stock
    // that has no cost yet takes the first one given, and the ledger values it at that.
    let first_cost = before.cost.is_none() && before.on_hand > Decimal::ZERO;
    if let (true, Some(cost)) = (first_cost, product.cost) {
        revalue_tx(tx, product.id, &before.sku, before.on_hand, cost, "", user, now)?;
    } else if !before.on_hand.is_zero() && before.cost != product.cost {
        return Err(Error::Invalid(format!(
            "cost: {} has {} on hand at a cost of {}; its cost changes only through receipts",
            before.sku,
            fmt_qty(before.on_hand),
            before.cost.map_or_else(String::new, |cost| cost.normalize().to_string())
        )));
    }
    tx.prepare_cached(
        "UPDATE products SET sku = ?2, name = ?3, spec = ?4, unit = ?5, barcode = ?6, price = ?7, min_price = ?8, cost = ?9,
             reorder_point = ?10, active = ?11, divisible = ?12, search_key = ?13, version = version + 1, updated_at = ?14
         WHERE id = ?1",
    )?
    .execute(params![
        product.id,
        product.sku,
        product.name,
        product.spec,
        product.unit,
        product.barcode,
        price,
        min_price,
        cost,
        reorder,
        product.active,
        product.divisible,
        key,
        now
    ])?;
    let (old, new) = (describe(&before), describe(product));
    if old != new && log {
        super::audit::append_tx(tx, now, user, "product", &product.sku, "update", &old, &new)?;
    }
    Ok(product.id)
}

/// The product (other than `except`) whose barcode list holds `code` (letters in any case),
/// read inside the caller's transaction or on its own.
const BARCODE_OWNER: &str = "SELECT sku FROM products
     WHERE id <> ?2 AND barcode <> '' AND lower(';' || barcode || ';') LIKE ?1 ESCAPE '\\' ORDER BY id LIMIT 1";

/// The LIKE pattern that finds `code` in a `;`-separated barcode list.
fn barcode_pattern(code: &str) -> String {
    format!("%;{};%", code.to_lowercase().replace('\\', "\\\\").replace('_', "\\_").replace('%', "\\%"))
}

/// Refuse `product`'s barcodes that already belong to another product.
fn barcodes_free_tx(tx: &WriteTx<'_>, product: &Product) -> Result<()> {
    let mut statement = tx.prepare_cached(BARCODE_OWNER)?;
    for code in crate::domain::barcode::split(&product.barcode) {
        let owner: Option<String> = statement.query_row(params![barcode_pattern(code), product.id], |row| row.get(0)).optional()?;
        if let Some(owner) = owner {
            return Err(Error::BarcodeTaken { barcode: code.to_string(), owner });
        }
    }
    Ok(())
}

/// Every barcode of every product (lowercase) with its product's SKU: an import checks the
/// file's barcodes against them in memory.
pub(crate) fn barcode_owners_tx(tx: &WriteTx<'_>) -> Result<foldhash::HashMap<String, String>> {
    let mut statement = tx.prepare_cached("SELECT sku, barcode FROM products WHERE barcode <> ''")?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
    let mut owners = foldhash::HashMap::default();
    for row in rows {
        let (sku, list) = row?;
        for code in crate::domain::barcode::split(&list) {
            owners.entry(code.to_lowercase()).or_insert_with(|| sku.clone());
        }
    }
    Ok(owners)
}

/// Inserting new products, with their statements prepared once (an import of a million
/// products runs them a million times). A new product starts with its opening balance on
/// hand, and the opening movement books the same quantity in the ledger (its trigger keeps
/// `ledger_qty`): one row each, no read-back; a taken SKU is refused by the unique index.
/// A product's search key (SKU, name, spec, barcode; pinyin of the hanzi).
pub fn product_search_key(sku: &str, name: &str, spec: &str, barcode: &str) -> String {
    search_key(&[sku, name, spec, barcode])
}

pub(crate) struct NewProducts<'tx> {
    insert: crate::store::db::Stmt<'tx>,
    opening: crate::store::db::Stmt<'tx>,
}

impl<'tx> NewProducts<'tx> {
    pub(crate) fn prepare(tx: &'tx WriteTx<'_>) -> Result<NewProducts<'tx>> {
        Ok(NewProducts {
            insert: tx.prepare_cached(
                "INSERT INTO products (sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point,
                     active, divisible, search_key, version, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11, ?12, ?13, 1, ?14)",
            )?,
            opening: tx.prepare_cached(
                "INSERT INTO stock_movements (product_id, kind, qty, reference, reason, at, user_name, unit_cost, value)
                 VALUES (?1, 'opening', ?2, '', '', ?3, ?4, ?5, ?6)",
            )?,
        })
    }

    /// As [`NewProducts::prepare`], for a bulk import that has suspended the ledger trigger
    /// inside its transaction (see `store::import`): the product row carries its ledger total.
    pub(crate) fn prepare_bulk(tx: &'tx WriteTx<'_>) -> Result<NewProducts<'tx>> {
        Ok(NewProducts {
            insert: tx.prepare_cached(
                "INSERT INTO products (sku, name, spec, unit, barcode, price, min_price, cost, on_hand, ledger_qty, reserved,
                     reorder_point, active, divisible, search_key, version, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 0, ?10, ?11, ?12, ?13, 1, ?14)",
            )?,
            opening: tx.prepare_cached(
                "INSERT INTO stock_movements (product_id, kind, qty, reference, reason, at, user_name, unit_cost, value)
                 VALUES (?1, 'opening', ?2, '', '', ?3, ?4, ?5, ?6)",
            )?,
        })
    }

    /// Insert `product` (its id is ignored) with `opening_stock` on hand; returns the new id.
    /// `key`: its search key if already computed (it must be [`product_search_key`] of it).
    pub(crate) fn insert(&mut self, product: &Product, key: Option<String>, opening_stock: Decimal, user: &str, now: &str) -> Result<i64> {
        let key = key.unwrap_or_else(|| product_search_key(&product.sku, &product.name, &product.spec, &product.barcode));
        let opening = qty_col(opening_stock, "stock")?;
        let inserted = self.insert.insert(params![
            product.sku,
            product.name,
            product.spec,
            product.unit,
            product.barcode,
            money_col(product.price, "price")?,
            product.min_price.map(|v| money_col(v, "min_price")).transpose()?,
            product.cost.map(|v| money_col(v, "cost")).transpose()?,
            opening,
            qty_col(product.reorder_point, "reorder_point")?,
            product.active,
            product.divisible,
            key,
            now
        ]);
        let id = match inserted {
            Err(error) if error.is_unique_violation() => {
                return Err(Error::Invalid(format!("sku: \"{}\" is already used by another product", product.sku)));
            }
            other => other?,
        };
        if opening != 0 {
            // The opening stock is valued at the cost the product is created with.
            let value = movement_value(opening_stock, product.cost);
            if value.abs() > crate::domain::bounds::max_total() {
                return Err(Error::Invalid(format!(
                    "stock: {opening_stock} at cost {} is past the largest stock value",
                    product.cost.unwrap_or_default()
                )));
            }
            let cost = product.cost.map(|cost| money_col(cost, "cost")).transpose()?;
            self.opening.execute(params![id, opening, now, user, cost, money_col(value, "value")?])?;
        }
        Ok(id)
    }
}

/// What a movement into stock brings with it: the unit cost it comes in at (a receipt's typed
/// cost, a return's cost of leaving) and the supplier it came from. Everything else moves at the
/// product's cost of the moment.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inflow<'a> {
    pub cost: Option<Decimal>,
    pub supplier: &'a str,
}

/// The moving average after `incoming` units at `cost` join `on_hand` units at `average`: with
/// nothing (or less than nothing) on hand, or no cost known, the incoming cost itself. Rounded
/// to money's four decimals, half away from zero.
pub fn moving_average(on_hand: Decimal, average: Option<Decimal>, incoming: Decimal, cost: Decimal) -> Decimal {
    match average {
        Some(average) if on_hand > Decimal::ZERO && incoming > Decimal::ZERO => {
            let value = on_hand.saturating_mul(average).saturating_add(incoming.saturating_mul(cost));
            (value / (on_hand + incoming)).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }
        _ => cost,
    }
}

/// A movement's value: qty × unit cost in money's four decimals, half away from zero.
pub fn movement_value(quantity: Decimal, unit_cost: Option<Decimal>) -> Decimal {
    unit_cost.map_or(Decimal::ZERO, |cost| {
        quantity.saturating_mul(cost).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    })
}

/// Book one movement and move on-hand by the same amount, inside `tx`; valued at the inflow's
/// cost when it brings one (and the product's cost becomes the moving average), else at the
/// product's cost. Returns the unit cost it moved at (None while the product has no cost).
#[allow(clippy::too_many_arguments)]
pub(crate) fn move_stock_tx(
    tx: &WriteTx<'_>,
    product_id: i64,
    kind: MovementKind,
    quantity: Decimal,
    inflow: Inflow<'_>,
    reference: &str,
    reason: &str,
    user: &str,
    now: &str,
) -> Result<Option<Decimal>> {
    let scaled = qty_col(quantity, "qty")?;
    let (sku, on_hand, cost): (String, i64, Option<i64>) = tx
        .prepare_cached("SELECT sku, on_hand, cost FROM products WHERE id = ?1")?
        .query_row([product_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("product #{product_id}")))?;
    // Checked in integers before SQLite sees it: an overflow there would turn on_hand into a
    // floating-point value.
    let after = on_hand
        .checked_add(scaled)
        .filter(|after| after.unsigned_abs() <= 999_999_999_999_000)
        .ok_or_else(|| Error::Invalid(format!("{sku}: on hand {} + {quantity} is past the largest quantity", qty(on_hand))))?;
    let average = cost.map(money);
    let incoming = inflow.cost.filter(|_| quantity > Decimal::ZERO);
    // Stock that came in before any cost was known takes the first cost that comes.
    if let Some(incoming) = incoming
        && average.is_none()
        && on_hand > 0
    {
        revalue_tx(tx, product_id, &sku, qty(on_hand), incoming, reference, user, now)?;
    }
    let unit_cost = incoming.or(average);
    let value = movement_value(quantity, unit_cost);
    if value.abs() > crate::domain::bounds::max_total() {
        return Err(Error::Invalid(format!("{sku}: {quantity} at {} is past the largest stock value", unit_cost.unwrap_or_default())));
    }
    tx.prepare_cached(
        "INSERT INTO stock_movements (product_id, kind, qty, reference, reason, at, user_name, unit_cost, value, supplier)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        product_id,
        kind.as_str(),
        scaled,
        reference,
        reason,
        now,
        user,
        unit_cost.map(|cost| money_col(cost, "cost")).transpose()?,
        money_col(value, "value")?,
        inflow.supplier
    ])?;
    match incoming {
        Some(incoming) => {
            let new_cost = moving_average(qty(on_hand), average, quantity, incoming);
            let new_cost = money_col(new_cost, "cost")?;
            if Some(new_cost) == cost {
                tx.prepare_cached("UPDATE products SET on_hand = ?2 WHERE id = ?1")?.execute(params![product_id, after])?;
            } else {
                // The product's cost is its moving average; the price floor of open orders reads it.
                tx.prepare_cached("UPDATE products SET on_hand = ?2, cost = ?3 WHERE id = ?1")?
                    .execute(params![product_id, after, new_cost])?;
            }
        }
        None => {
            tx.prepare_cached("UPDATE products SET on_hand = ?2 WHERE id = ?1")?.execute(params![product_id, after])?;
        }
    }
    // Every stock change is in the audit log. An opening balance is part of the product's own
    // creation entry (and of an import's single entry).
    if kind != MovementKind::Opening {
        let cost_part = incoming.map(|cost| format!("@{}", cost.normalize())).unwrap_or_default();
        let detail = [kind.as_str(), reference, reason, inflow.supplier, &cost_part]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        super::audit::append_tx(tx, now, user, "stock", &sku, &detail, &fmt_qty(qty(on_hand)), &fmt_qty(qty(after)))?;
    }
    Ok(unit_cost)
}

/// The reason a revaluation row of the ledger carries.
pub const REVALUATION: &str = "revaluation";

/// Value `on_hand` units of a product at `cost` in the ledger: one row of quantity 0 whose value
/// brings the sum of the product's ledger values to on hand × cost (stock that came in before
/// any cost was known, at the first cost given).
#[allow(clippy::too_many_arguments)]
pub(crate) fn revalue_tx(
    tx: &WriteTx<'_>,
    product_id: i64,
    sku: &str,
    on_hand: Decimal,
    cost: Decimal,
    reference: &str,
    user: &str,
    now: &str,
) -> Result<()> {
    let booked: Option<i64> =
        tx.prepare_cached("SELECT SUM(value) FROM stock_movements WHERE product_id = ?1")?.query_row([product_id], |row| row.get(0))?;
    let worth = movement_value(on_hand, Some(cost));
    if worth.abs() > crate::domain::bounds::max_total() {
        return Err(Error::Invalid(format!("{sku}: {on_hand} at {cost} is past the largest stock value")));
    }
    let change = worth - booked.map(money).unwrap_or_default();
    if change.is_zero() {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO stock_movements (product_id, kind, qty, reference, reason, at, user_name, unit_cost, value)
         VALUES (?1, 'adjustment', 0, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![product_id, reference, REVALUATION, now, user, money_col(cost, "cost")?, money_col(change, "value")?])?;
    super::audit::append_tx(tx, now, user, "stock", sku, REVALUATION, "", &format!("{} × {}", fmt_qty(on_hand), cost.normalize()))?;
    Ok(())
}

/// Change a product's reserved figure inside `tx` (confirm +, ship/cancel −), never below zero.
pub(crate) fn reserve_tx(tx: &WriteTx<'_>, product_id: i64, delta: Decimal) -> Result<()> {
    let scaled = qty_col(delta, "qty")?;
    tx.prepare_cached(&format!("UPDATE products SET reserved = {} WHERE id = ?1", tx.dialect().greatest("0", "reserved + ?2")))?
        .execute(params![product_id, scaled])?;
    Ok(())
}

/// Look up a product inside a transaction (for imports).
pub(crate) fn get_product_by_sku_tx(tx: &WriteTx<'_>, sku: &str) -> Result<Option<Product>> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE sku = ?1");
    Ok(tx.prepare_cached(&sql)?.query_row([sku], map_product).optional()?)
}

/// What a SKU, barcode or product name typed, scanned or pasted stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductMatch {
    Found(Box<Product>),
    /// A name that several products share: their SKUs.
    Ambiguous(Vec<String>),
    Missing,
}

impl Store {
    /// The products of several SKUs in one read, by SKU (unknown SKUs left out).
    pub fn products_by_skus(&self, skus: &[String]) -> Result<std::collections::HashMap<String, Product>> {
        if skus.is_empty() {
            return Ok(Default::default());
        }
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE sku IN {}", self.db.dialect().text_list("?1"));
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([serde_json::to_string(skus).unwrap_or_default()], map_product)?;
        let products: Vec<Product> = rows.collect::<crate::store::db::Result<_>>()?;
        Ok(products.into_iter().map(|product| (product.sku.clone(), product)).collect())
    }

    /// The product of each key: its SKU (as given, or in capitals), else a barcode it carries,
    /// else its exact name when only one product has it. Set-based whatever the number of keys
    /// (a paste of a hundred rows): one query for SKUs and names, and only when some key is
    /// neither, one pass over the barcodes — never a query per key.
    pub fn match_products(&self, keys: &[String]) -> Result<Vec<ProductMatch>> {
        let mut wanted: Vec<String> = keys.iter().flat_map(|key| [key.trim().to_string(), key.trim().to_uppercase()]).collect();
        wanted.retain(|key| !key.is_empty());
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(keys.iter().map(|_| ProductMatch::Missing).collect());
        }
        let list = self.db.dialect().text_list("?1");
        let mut by_sku: std::collections::HashMap<String, Product> = Default::default();
        let mut by_name: std::collections::HashMap<String, Vec<Product>> = Default::default();
        {
            let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE sku IN {list} OR name IN {list}");
            let mut statement = self.db.prepare_cached(&sql)?;
            let rows = statement.query_map([serde_json::to_string(&wanted).unwrap_or_default()], map_product)?;
            for product in rows {
                let product = product?;
                if wanted.binary_search(&product.name).is_ok() {
                    by_name.entry(product.name.clone()).or_default().push(product.clone());
                }
                by_sku.insert(product.sku.clone(), product);
            }
        }
        let sku_of = |key: &str| by_sku.get(key.trim()).or_else(|| by_sku.get(&key.trim().to_uppercase())).cloned();
        // Barcodes: letters in any case, several per product.
        let mut by_code: std::collections::HashMap<String, String> = Default::default();
        let unmatched: Vec<String> = keys.iter().filter(|key| sku_of(key).is_none()).map(|key| key.trim().to_lowercase()).collect();
        if !unmatched.is_empty() && unmatched.len() <= 4 {
            // A scan or two: the barcode's owner, found for each.
            let mut statement = self.db.prepare_cached(BARCODE_OWNER)?;
            for code in &unmatched {
                if let Some(sku) = statement.query_row(params![barcode_pattern(code), 0], |row| row.get::<_, String>(0)).optional()? {
                    by_code.insert(code.clone(), sku);
                }
            }
        } else if !unmatched.is_empty() {
            // A paste: one pass over the products that carry barcodes.
            let unmatched: std::collections::HashSet<&String> = unmatched.iter().collect();
            let mut statement = self.db.prepare_cached("SELECT sku, barcode FROM products WHERE barcode <> ''")?;
            let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
            for row in rows {
                let (sku, codes) = row?;
                for code in crate::domain::barcode::split(&codes) {
                    let code = code.to_lowercase();
                    if unmatched.contains(&code) {
                        by_code.insert(code, sku.clone());
                    }
                }
            }
        }
        {
            let skus: Vec<&String> = by_code.values().filter(|sku| !by_sku.contains_key(*sku)).collect();
            if !skus.is_empty() {
                let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE sku IN {list}");
                let mut statement = self.db.prepare_cached(&sql)?;
                let rows = statement.query_map([serde_json::to_string(&skus).unwrap_or_default()], map_product)?;
                let found: Vec<Product> = rows.collect::<crate::store::db::Result<_>>()?;
                for product in found {
                    by_sku.insert(product.sku.clone(), product);
                }
            }
        }
        Ok(keys
            .iter()
            .map(|key| {
                if let Some(product) = by_sku.get(key.trim()).or_else(|| by_sku.get(&key.trim().to_uppercase())) {
                    return ProductMatch::Found(Box::new(product.clone()));
                }
                if let Some(product) = by_code.get(&key.trim().to_lowercase()).and_then(|sku| by_sku.get(sku)) {
                    return ProductMatch::Found(Box::new(product.clone()));
                }
                match by_name.get(key.trim()).map(Vec::as_slice) {
                    Some([one]) => ProductMatch::Found(Box::new(one.clone())),
                    Some(many) if !many.is_empty() => ProductMatch::Ambiguous(many.iter().map(|product| product.sku.clone()).collect()),
                    _ => ProductMatch::Missing,
                }
            })
            .collect())
    }
}
