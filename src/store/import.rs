//! Applying parsed import files: all-or-nothing in one transaction. New codes are inserted,
//! existing ones updated with the columns the file has; a product's `stock` is an opening
//! balance for a new product only (an existing product's stock changes only through the ledger,
//! so a differing figure is reported as a warning line).

use super::{Error, Store, WriteTx};
use crate::domain::master::{Customer, Product};
use crate::domain::money::fmt_qty;
use crate::tabular::{CustomerRecord, ProductRecord, RowError};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// `FILE:ROW: field: reason` lines that did not stop the import.
    pub warnings: Vec<String>,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Store(#[from] Error),
}

impl From<crate::store::db::Error> for ImportError {
    fn from(error: crate::store::db::Error) -> Self {
        ImportError::Store(Error::Sql(error))
    }
}

fn row_error(file: &str, row: usize, field: &str, reason: String) -> RowError {
    RowError { file: file.to_string(), row, field: field.to_string(), reason }
}

/// Merge an import record into an existing (or new) customer.
fn merge_customer(base: Customer, record: &CustomerRecord) -> Customer {
    Customer {
        code: record.code.clone(),
        name: record.name.clone(),
        phone: record.phone.clone().unwrap_or(base.phone.clone()),
        address: record.address.clone().unwrap_or(base.address.clone()),
        tax_id: record.tax_id.clone().unwrap_or(base.tax_id.clone()),
        credit_limit: record.credit_limit.unwrap_or(base.credit_limit),
        payment_terms_days: record.payment_terms_days.unwrap_or(if base.id == 0 { 30 } else { base.payment_terms_days }),
        discount_pct: record.discount_pct.unwrap_or(base.discount_pct),
        blocked: record.blocked.unwrap_or(base.blocked),
        account: record.account.unwrap_or(base.account),
        ..base
    }
}

fn merge_product(base: Product, record: &ProductRecord) -> Product {
    let is_new = base.id == 0;
    Product {
        sku: record.sku.clone(),
        name: record.name.clone(),
        spec: record.spec.clone().unwrap_or(base.spec.clone()),
        unit: record.unit.clone().unwrap_or(if is_new { "pcs".to_string() } else { base.unit.clone() }),
        barcode: record.barcode.clone().unwrap_or(base.barcode.clone()),
        price: record.price,
        min_price: record.min_price.unwrap_or(base.min_price),
        cost: record.cost.unwrap_or(base.cost),
        reorder_point: record.reorder_point.unwrap_or(base.reorder_point),
        active: record.active.unwrap_or(if is_new { true } else { base.active }),
        divisible: record.divisible.unwrap_or(base.divisible),
        ..base
    }
}

/// A new product from its import row, the row's text moved, not copied.
fn new_product(record: ProductRecord) -> Product {
    Product {
        sku: record.sku,
        name: record.name,
        spec: record.spec.unwrap_or_default(),
        unit: record.unit.unwrap_or_else(|| "pcs".to_string()),
        barcode: record.barcode.unwrap_or_default(),
        price: record.price,
        min_price: record.min_price.unwrap_or_default(),
        cost: record.cost.unwrap_or_default(),
        reorder_point: record.reorder_point.unwrap_or_default(),
        active: record.active.unwrap_or(true),
        divisible: record.divisible.unwrap_or_default(),
        ..Product::default()
    }
}

/// The per-row triggers a bulk import of products suspends inside its own transaction: what
/// they keep (the search index counter, the re-check note, the ledger total) the import does
/// once for the whole file instead of once per row. SQLite's schema changes are part of the
/// transaction, so a failed or interrupted import brings them back with the rollback.
const ROW_TRIGGERS: &[&str] = &["products_changed_insert", "products_dirty_insert", "stock_movements_ledger_insert"];

/// Drop [`ROW_TRIGGERS`] inside `tx`; returns their definitions to restore.
fn suspend_row_triggers_tx(tx: &WriteTx<'_>) -> super::Result<Vec<String>> {
    let mut definitions = vec![];
    for name in ROW_TRIGGERS {
        let sql: String = tx.query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [name], |row| row.get(0))?;
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
        definitions.push(sql);
    }
    Ok(definitions)
}

/// Restore the triggers and do once what they would have done per new product.
fn resume_row_triggers_tx(tx: &WriteTx<'_>, definitions: &[String], inserted: bool) -> super::Result<()> {
    for sql in definitions {
        tx.execute_batch(sql)?;
    }
    if inserted {
        tx.execute("UPDATE change_counters SET n = n + 1 WHERE name = 'products'", [])?;
        tx.execute("INSERT INTO check_dirty (kind, id) VALUES ('all', 0) ON CONFLICT DO NOTHING", [])?;
    }
    Ok(())
}

/// One audit entry for a whole import: the file, its SHA-256 and the counts.
#[allow(clippy::too_many_arguments)]
fn log_import_tx(
    tx: &WriteTx<'_>,
    kind: &str,
    file: &str,
    file_hash: &str,
    rows: usize,
    report: &ImportReport,
    user: &str,
    now: &str,
) -> super::Result<()> {
    let detail = format!(
        "{file} sha256={file_hash} rows={rows} inserted={} updated={} unchanged={}",
        report.inserted, report.updated, report.unchanged
    );
    super::audit::append_tx(tx, now, user, "import", kind, "import", "", &detail)
}

impl Store {
    /// Import customers: insert new codes, update existing ones; nothing is written on any error.
    pub fn import_customers(
        &mut self,
        file: &str,
        file_hash: &str,
        records: &[CustomerRecord],
        user: &str,
        now: &str,
    ) -> std::result::Result<ImportReport, ImportError> {
        self.import_customers_iter(file, file_hash, records.iter().cloned().map(Ok), user, now)
    }

    /// [`Store::import_customers`] over records read one at a time (a large file is never held
    /// whole), each the record or the problems of its row. Every row is read to the end so
    /// that every problem of the file is reported in one pass; everything is written in one
    /// transaction, which is dropped (nothing written) when any row had a problem.
    pub fn import_customers_iter(
        &mut self,
        file: &str,
        file_hash: &str,
        records: impl Iterator<Item = std::result::Result<CustomerRecord, Vec<RowError>>>,
        user: &str,
        now: &str,
    ) -> std::result::Result<ImportReport, ImportError> {
        let mut report = ImportReport::default();
        let mut errors = vec![];
        let mut rows = 0;
        let tx = self.write_tx()?;
        for record in records {
            rows += 1;
            let record = match record {
                Ok(record) => record,
                Err(problems) => {
                    errors.extend(problems);
                    continue;
                }
            };
            if !errors.is_empty() {
                continue;
            }
            let existing = super::customers::get_customer_by_code_tx(&tx, &record.code)?;
            let is_new = existing.is_none();
            let base = existing.clone().unwrap_or_default();
            let merged = merge_customer(base, &record);
            if existing.as_ref() == Some(&merged) {
                report.unchanged += 1;
                continue;
            }
            match super::customers::save_customer_tx(&tx, &merged, user, now, false) {
                Ok(_) if is_new => report.inserted += 1,
                Ok(_) => report.updated += 1,
                Err(Error::Invalid(reason)) => errors.push(row_error(file, record.row, "code", reason)),
                Err(other) => return Err(other.into()),
            }
        }
        if !errors.is_empty() {
            return Err(ImportError::Rows(errors));
        }
        log_import_tx(&tx, "customers", file, file_hash, rows, &report, user, now)?;
        tx.commit()?;
        Ok(report)
    }

    /// Import products likewise; `stock` opens a new product's ledger.
    pub fn import_products(
        &mut self,
        file: &str,
        file_hash: &str,
        records: &[ProductRecord],
        user: &str,
        now: &str,
    ) -> std::result::Result<ImportReport, ImportError> {
        self.import_products_iter(file, file_hash, records.iter().cloned().map(Ok), user, now, crate::i18n::Lang::En)
    }

    /// [`Store::import_products`] over records read one at a time, as [`Store::import_customers_iter`].
    pub fn import_products_iter(
        &mut self,
        file: &str,
        file_hash: &str,
        records: impl Iterator<Item = std::result::Result<ProductRecord, Vec<RowError>>>,
        user: &str,
        now: &str,
        lang: crate::i18n::Lang,
    ) -> std::result::Result<ImportReport, ImportError> {
        let mut report = ImportReport::default();
        let mut errors = vec![];
        let mut rows = 0;
        let tx = self.write_tx()?;
        // The SKUs already known, read once: a new product (most rows of a big import) then
        // needs no lookup of its own.
        let known: foldhash::HashSet<String> = {
            let mut statement = tx.prepare_cached("SELECT sku FROM products")?;
            let skus = statement.query_map([], |row| row.get(0))?;
            skus.collect::<crate::store::db::Result<_>>()?
        };
        // Every barcode already given, read once: a barcode belongs to one product, the first
        // to have it (in the shop, else in the file).
        let mut barcodes = super::products::barcode_owners_tx(&tx)?;
        // On a server, the triggers stay (suspending one there locks the table for every counter
        // until the import commits); each new product then books its opening stock as one
        // movement, as a single save does.
        let on_server = self.server().is_some();
        let suspended = if on_server { vec![] } else { suspend_row_triggers_tx(&tx)? };
        let mut new_products =
            if on_server { super::products::NewProducts::prepare(&tx)? } else { super::products::NewProducts::prepare_bulk(&tx)? };
        for record in records {
            rows += 1;
            let record = match record {
                Ok(record) => record,
                Err(problems) => {
                    errors.extend(problems);
                    continue;
                }
            };
            if let Some(list) = &record.barcode {
                let mut taken = false;
                for code in crate::domain::barcode::split(list) {
                    match barcodes.get(&code.to_lowercase()) {
                        Some(owner) if *owner != record.sku => {
                            let reason = crate::i18n::checks::BARCODE_TAKEN.fill(lang, &[("barcode", &code), ("other", owner)]);
                            errors.push(row_error(file, record.row, "barcode", reason));
                            taken = true;
                        }
                        Some(_) => {}
                        None => {
                            barcodes.insert(code.to_lowercase(), record.sku.clone());
                        }
                    }
                }
                if taken {
                    continue;
                }
            }
            if !errors.is_empty() {
                continue;
            }
            let existing = if known.contains(&record.sku) { super::products::get_product_by_sku_tx(&tx, &record.sku)? } else { None };
            let is_new = existing.is_none();
            let (row, stock) = (record.row, record.stock);
            let key = if is_new { record.search_key.clone() } else { None };
            let mut merged = match &existing {
                Some(existing) => merge_product(existing.clone(), &record),
                None => new_product(record),
            };
            // A product in stock has the cost its receipts made (the moving average the ledger
            // values its stock at): a different cost in the file is reported, not applied.
            if let Some(product) = &existing
                && !product.on_hand.is_zero()
                && product.cost.is_some()
                && merged.cost != product.cost
            {
                let shown = |cost: Option<rust_decimal::Decimal>| cost.map_or_else(String::new, |cost| cost.normalize().to_string());
                report.warnings.push(format!(
                    "{file}:{}: cost: {} differs from the cost of the {} on hand ({}); not applied (the cost follows receipts)",
                    row,
                    shown(merged.cost),
                    fmt_qty(product.on_hand),
                    shown(product.cost)
                ));
                merged.cost = product.cost;
            }
            if let Some(min) = merged.min_price
                && min > merged.price
            {
                errors.push(row_error(
                    file,
                    row,
                    "min_price",
                    format!("{} is above the price {}", min.normalize(), merged.price.normalize()),
                ));
                continue;
            }
            if let (Some(stock), Some(product)) = (stock, &existing)
                && stock != product.on_hand
            {
                report.warnings.push(format!(
                    "{file}:{}: stock: {} differs from on hand {}; not applied (use a receipt, adjustment or count)",
                    row,
                    fmt_qty(stock),
                    fmt_qty(product.on_hand)
                ));
            }
            if existing.as_ref() == Some(&merged) {
                report.unchanged += 1;
                continue;
            }
            let opening = if is_new { stock.unwrap_or_default() } else { rust_decimal::Decimal::ZERO };
            let saved = if is_new {
                new_products.insert(&merged, key, opening, user, now)
            } else {
                super::products::save_product_tx(&tx, &merged, opening, user, now, false)
            };
            match saved {
                Ok(_) if is_new => report.inserted += 1,
                Ok(_) => report.updated += 1,
                Err(Error::Invalid(reason)) => errors.push(row_error(file, row, "sku", reason)),
                Err(other) => return Err(other.into()),
            }
        }
        drop(new_products);
        if !errors.is_empty() {
            // Dropping the transaction also brings the suspended triggers back.
            return Err(ImportError::Rows(errors));
        }
        resume_row_triggers_tx(&tx, &suspended, report.inserted > 0)?;
        log_import_tx(&tx, "products", file, file_hash, rows, &report, user, now)?;
        tx.commit()?;
        Ok(report)
    }
}
