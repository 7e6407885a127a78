//! The margin report and the stock summary as the user gets them: a table (shown in the window,
//! written to CSV/XLSX by `report … -o` and the window's export) and the JSON of `report --json`.
//! The figures come from `store::costing`; this only lays them out, the same for both.

use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, Tx, ui_finance as t};
use crate::store::costing::{MarginReport, MarginRow, StockFigure, StockRow, StockSummary};

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

/// A margin row in JSON: its key and name under the list's own field names, the figures as exact
/// decimal strings. Serialized on the fly, so a year of a large shop's orders is never a tree of
/// JSON values in memory.
struct MarginJson<'a> {
    row: &'a MarginRow,
    key: &'static str,
    name: &'static str,
    with_qty: bool,
}

impl serde::Serialize for MarginJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let row = self.row;
        let mut map = serializer.serialize_map(None)?;
        if !self.key.is_empty() {
            map.serialize_entry(self.key, &row.key)?;
            map.serialize_entry(self.name, &row.name)?;
        }
        if self.with_qty {
            map.serialize_entry("qty", &fmt_qty(row.qty))?;
        }
        map.serialize_entry("revenue", &fmt_money(row.revenue))?;
        map.serialize_entry("cost", &fmt_money(row.cost))?;
        map.serialize_entry("margin", &fmt_money(row.margin()))?;
        map.serialize_entry("margin_pct", &row.margin_pct().map(|pct| format!("{pct:.1}")))?;
        map.serialize_entry("lines_without_cost", &row.without_cost)?;
        map.end()
    }
}

/// A list of margin rows in JSON.
struct MarginList<'a> {
    rows: &'a [MarginRow],
    key: &'static str,
    name: &'static str,
    with_qty: bool,
}

impl serde::Serialize for MarginList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.rows.iter().map(|row| MarginJson { row, key: self.key, name: self.name, with_qty: self.with_qty }))
    }
}

/// `report margin --json`, written as it is serialized.
pub fn write_margin_json(report: &MarginReport, out: impl std::io::Write) -> serde_json::Result<()> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        from: String,
        to: String,
        total: MarginJson<'a>,
        orders: MarginList<'a>,
        products: MarginList<'a>,
        customers: MarginList<'a>,
    }
    let report = Report {
        from: report.from.to_string(),
        to: report.to.to_string(),
        total: MarginJson { row: &report.total, key: "", name: "", with_qty: false },
        orders: MarginList { rows: &report.orders, key: "number", name: "customer", with_qty: false },
        products: MarginList { rows: &report.products, key: "sku", name: "name", with_qty: true },
        customers: MarginList { rows: &report.customers, key: "code", name: "name", with_qty: false },
    };
    serde_json::to_writer_pretty(out, &report)
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

/// A stock summary row in JSON: SKU, name and unit (products only), then each column's quantity
/// (`opening`…) and value (`opening_value`…); the total has the values only.
struct StockJson<'a> {
    row: &'a StockRow,
    total: bool,
}

impl serde::Serialize for StockJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let row = self.row;
        let mut map = serializer.serialize_map(None)?;
        if !self.total {
            map.serialize_entry("sku", &row.sku)?;
            map.serialize_entry("name", &row.name)?;
            map.serialize_entry("unit", &row.unit)?;
        }
        for (key, _, figure) in stock_columns(row) {
            if !self.total {
                map.serialize_entry(key, &fmt_qty(figure.qty))?;
            }
            map.serialize_entry(&format!("{key}_value"), &fmt_money(figure.value))?;
        }
        map.end()
    }
}

/// `report stock --json`, written as it is serialized.
pub fn write_stock_json(summary: &StockSummary, out: impl std::io::Write) -> serde_json::Result<()> {
    struct Products<'a>(&'a [StockRow]);
    impl serde::Serialize for Products<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.iter().map(|row| StockJson { row, total: false }))
        }
    }
    #[derive(serde::Serialize)]
    struct Summary<'a> {
        from: String,
        to: String,
        products: Products<'a>,
        total: StockJson<'a>,
    }
    let summary = Summary {
        from: summary.from.to_string(),
        to: summary.to.to_string(),
        products: Products(&summary.products),
        total: StockJson { row: &summary.total, total: true },
    };
    serde_json::to_writer_pretty(out, &summary)
}
