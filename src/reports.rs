//! The margin report and the stock summary as the user gets them: a table (shown in the window,
//! written to CSV/XLSX by `report … -o` and the window's export) and the JSON of `report --json`.
//! The figures come from `store::costing`; this only lays them out, the same for both.

use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, Tx, ui_finance as t};
use crate::store::costing::{MarginReport, MarginRow, StockFigure, StockRow, StockSummary};
use serde_json::{Value, json};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Margin,
    Stock,
}

/// A margin percentage as text ("" without revenue).
pub fn pct_text(row: &MarginRow) -> String {
    row.margin_pct().map(|pct| format!("{pct:.1}%")).unwrap_or_default()
}

/// Header of a margin table.
pub fn margin_headers(lang: Lang) -> Vec<String> {
    [
        t::R_COL_SECTION,
        t::R_COL_KEY,
        t::R_COL_NAME,
        t::R_COL_QTY,
        t::R_COL_REVENUE,
        t::R_COL_COST,
        t::R_COL_MARGIN,
        t::R_COL_MARGIN_PCT,
        t::R_COL_NO_COST,
    ]
    .iter()
    .map(|title| title.get(lang).to_string())
    .collect()
}

/// One margin row as text, under `section`.
pub fn margin_cells(section: &str, row: &MarginRow, with_qty: bool) -> Vec<String> {
    vec![
        section.to_string(),
        row.key.clone(),
        row.name.clone(),
        if with_qty { fmt_qty(row.qty) } else { String::new() },
        fmt_money(row.revenue),
        fmt_money(row.cost),
        fmt_money(row.margin()),
        pct_text(row),
        row.without_cost.to_string(),
    ]
}

/// The whole margin report as one table: the total, then every order, product and customer.
pub fn margin_table(report: &MarginReport, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = vec![margin_cells(t::R_TOTAL.get(lang), &report.total, false)];
    rows.extend(report.orders.iter().map(|row| margin_cells(t::R_BY_ORDER.get(lang), row, false)));
    rows.extend(report.products.iter().map(|row| margin_cells(t::R_BY_PRODUCT.get(lang), row, true)));
    rows.extend(report.customers.iter().map(|row| margin_cells(t::R_BY_CUSTOMER.get(lang), row, false)));
    (margin_headers(lang), rows)
}

fn margin_figures(row: &MarginRow) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("revenue".into(), json!(fmt_money(row.revenue)));
    map.insert("cost".into(), json!(fmt_money(row.cost)));
    map.insert("margin".into(), json!(fmt_money(row.margin())));
    map.insert("margin_pct".into(), row.margin_pct().map_or(Value::Null, |pct| json!(format!("{pct:.1}"))));
    map.insert("lines_without_cost".into(), json!(row.without_cost));
    map
}

/// `report margin --json`.
pub fn margin_json(report: &MarginReport) -> Value {
    let keyed = |rows: &[MarginRow], key: &str, name: &str, with_qty: bool| -> Vec<Value> {
        rows.iter()
            .map(|row| {
                let mut map = serde_json::Map::new();
                map.insert(key.into(), json!(row.key));
                map.insert(name.into(), json!(row.name));
                if with_qty {
                    map.insert("qty".into(), json!(fmt_qty(row.qty)));
                }
                map.extend(margin_figures(row));
                Value::Object(map)
            })
            .collect()
    };
    json!({
        "from": report.from.to_string(),
        "to": report.to.to_string(),
        "total": Value::Object(margin_figures(&report.total)),
        "orders": keyed(&report.orders, "number", "customer", false),
        "products": keyed(&report.products, "sku", "name", true),
        "customers": keyed(&report.customers, "code", "name", false),
    })
}

/// The stock summary's columns, in order, with their figure.
fn stock_columns(row: &StockRow) -> [(&'static str, Tx, &StockFigure); 6] {
    [
        ("opening", t::R_COL_OPENING, &row.opening),
        ("received", t::R_COL_RECEIVED, &row.received),
        ("returned", t::R_COL_RETURNED, &row.returned),
        ("shipped", t::R_COL_SHIPPED, &row.shipped),
        ("adjusted", t::R_COL_ADJUSTED, &row.adjusted),
        ("closing", t::R_COL_CLOSING, &row.closing),
    ]
}

/// Header of the stock summary: SKU, name, unit, then quantity and value of each column.
pub fn stock_headers(lang: Lang) -> Vec<String> {
    let mut headers = vec![t::R_COL_SKU.get(lang).to_string(), t::R_COL_NAME.get(lang).to_string(), t::R_COL_UNIT.get(lang).to_string()];
    for (_, title, _) in stock_columns(&StockRow::default()) {
        headers.push(title.get(lang).to_string());
        headers.push(t::R_COL_VALUE_OF.fill(lang, &[("column", &title.get(lang))]));
    }
    headers
}

/// One stock summary row as text.
pub fn stock_cells(row: &StockRow) -> Vec<String> {
    let mut cells = vec![row.sku.clone(), row.name.clone(), row.unit.clone()];
    for (_, _, figure) in stock_columns(row) {
        cells.push(fmt_qty(figure.qty));
        cells.push(fmt_money(figure.value));
    }
    cells
}

/// The stock summary as a table: every product, then the total (values; quantities of
/// different units are summed as they are).
pub fn stock_table(summary: &StockSummary, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows: Vec<Vec<String>> = summary.products.iter().map(stock_cells).collect();
    let mut total = stock_cells(&summary.total);
    total[0] = t::R_TOTAL.get(lang).to_string();
    rows.push(total);
    (stock_headers(lang), rows)
}

fn stock_figures(row: &StockRow) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    for (key, _, figure) in stock_columns(row) {
        map.insert(key.into(), json!(fmt_qty(figure.qty)));
        map.insert(format!("{key}_value"), json!(fmt_money(figure.value)));
    }
    map
}

/// `report stock --json`: per product each column's quantity (`opening`…) and value
/// (`opening_value`…), and the total of the values.
pub fn stock_json(summary: &StockSummary) -> Value {
    let products: Vec<Value> = summary
        .products
        .iter()
        .map(|row| {
            let mut map = serde_json::Map::new();
            map.insert("sku".into(), json!(row.sku));
            map.insert("name".into(), json!(row.name));
            map.insert("unit".into(), json!(row.unit));
            map.extend(stock_figures(row));
            Value::Object(map)
        })
        .collect();
    let total: serde_json::Map<String, Value> =
        stock_figures(&summary.total).into_iter().filter(|(key, _)| key.ends_with("_value")).collect();
    json!({
        "from": summary.from.to_string(),
        "to": summary.to.to_string(),
        "products": products,
        "total": Value::Object(total),
    })
}
