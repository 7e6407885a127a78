//! The owner's Reports tab, for any period (two dates typed, or this month, last month, this
//! year, the last twelve months): revenue (live invoice totals by issue date) and order counts
//! (non-cancelled orders by order date) per week or per month as bar charts, the top ten
//! customers and products, the receivables at each month end as a line, the gross margin by
//! order, product or customer, and the stock summary (进销存汇总); every table and series
//! exportable to .xlsx/.csv (the margin and stock summary exports hold every row).
//!
//! Owns its cached report data (loaded once per data generation, and again when the period
//! toggle changes) and its export prompts. Must not write to the store, hold SQL (the queries
//! live in `store::finance`) or query every frame; money stays `Decimal` until it is handed to
//! egui_plot, converted to f64 at the very end.

use super::TabCtx;
use super::widgets::BLOCK;
use super::widgets::{ExportPrompt, PeriodBar};
use crate::action::Action;
use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, Tx, ui_finance as t};
use crate::store::Store;
use crate::store::costing::{MarginReport, MarginRow, StockSummary};
use crate::store::finance::{Period, PeriodPoint, ReceivablePoint, TopCustomer, TopProduct};
use chrono::{Datelike, NaiveDate};
use egui::Ui;
use egui_plot::{Bar, BarChart, GridMark, Line, Plot};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::ops::RangeInclusive;

/// The most weeks or months a chart shows (the latest of a longer period).
const MOST_BARS: usize = 260;
/// Rows of the margin and stock tables drawn (the export has them all).
const SHOWN_ROWS: usize = 200;
/// Rows of the top lists.
const TOP: usize = 10;
/// Height of a chart.
const PLOT_HEIGHT: f32 = 220.0;
/// Height of the margin and stock tables (each scrolls on its own).
const TABLE_HEIGHT: f32 = 320.0;

/// Everything the tab shows for a period, loaded in one go off the window's thread.
#[derive(Default)]
struct ReportData {
    range: Option<(NaiveDate, NaiveDate)>,
    series: Vec<PeriodPoint>,
    /// Axis labels of `series`: `MM-DD` of the Monday, or `YYYY-MM`.
    series_labels: Vec<String>,
    customers: Vec<TopCustomer>,
    products: Vec<TopProduct>,
    receivables: Vec<ReceivablePoint>,
    receivable_labels: Vec<String>,
}

/// The margin and the stock summary of a period, loaded on their own: on a large shop a year of
/// them takes seconds, so they follow every change only while they load fast (see
/// [`LIVE_COSTING`]); otherwise they stay as of their loading until Refresh.
#[derive(Default)]
struct Costing {
    range: Option<(NaiveDate, NaiveDate)>,
    margin: MarginReport,
    stock: StockSummary,
    /// How long the last load took.
    took: std::time::Duration,
}

/// How many weeks or months from the one holding `from` to the one holding `to`.
fn bars_between(period: Period, from: NaiveDate, to: NaiveDate) -> usize {
    let count = match period {
        Period::Week => ((period.start_of(to) - period.start_of(from)).num_days() / 7 + 1) as usize,
        Period::Month => ((to.year() * 12 + to.month() as i32) - (from.year() * 12 + from.month() as i32) + 1).max(1) as usize,
    };
    count.clamp(1, MOST_BARS)
}

fn load_data(store: &Store, period: Period, from: NaiveDate, to: NaiveDate) -> crate::store::Result<ReportData> {
    let series = store.period_series(period, to, bars_between(period, from, to))?;
    let series_labels = series
        .iter()
        .map(|point| match period {
            Period::Week => point.start.format("%m-%d").to_string(),
            Period::Month => point.key.clone(),
        })
        .collect();
    let customers = store.top_customers(from, to, TOP)?;
    let products = store.top_products(from, to, TOP)?;
    let receivables = store.receivables_series(to, bars_between(Period::Month, from, to))?;
    let receivable_labels = receivables.iter().map(|point| point.date.format("%Y-%m").to_string()).collect();
    Ok(ReportData { range: Some((from, to)), series, series_labels, customers, products, receivables, receivable_labels })
}

/// Margin and stock summary loads quicker than this follow every change of the books.
const LIVE_COSTING: std::time::Duration = std::time::Duration::from_millis(1500);

fn load_costing(store: &Store, from: NaiveDate, to: NaiveDate) -> crate::store::Result<Costing> {
    let started = std::time::Instant::now();
    let margin = store.margin_report(from, to)?;
    let stock = store.stock_summary(from, to)?;
    Ok(Costing { range: Some((from, to)), margin, stock, took: started.elapsed() })
}

/// Money for the chart (the only place money becomes f64).
fn to_plot(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// The label of the whole-number axis position `x`, empty between bars and outside.
fn label_at(labels: &[String], x: f64) -> String {
    let index = x.round();
    if (x - index).abs() > 1e-6 || index < 0.0 {
        return String::new();
    }
    labels.get(index as usize).cloned().unwrap_or_default()
}

/// The smallest step of 1, 2 or 5 × 10ⁿ that is at least `at_least` (1 for nothing to show).
pub(crate) fn nice_step(at_least: f64) -> f64 {
    if !at_least.is_finite() || at_least <= 0.0 {
        return 1.0;
    }
    let power = 10_f64.powf(at_least.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|factor| factor * power).find(|step| *step >= at_least).unwrap_or(10.0 * power)
}

/// A value on the y axis, short enough to read at a glance: 850, 12.5k, 3.2M.
pub(crate) fn axis_value(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1_000_000.0 {
        format!("{:.1}M", value / 1_000_000.0)
    } else if magnitude >= 10_000.0 {
        format!("{:.0}k", value / 1_000.0)
    } else if magnitude >= 1_000.0 {
        format!("{:.1}k", value / 1_000.0)
    } else {
        format!("{value:.0}")
    }
}

/// A chart with category labels on the x axis, values on the y axis, fixed in place (no zoom
/// or drag). One series per chart, so no legend covers the newest bars.
fn chart<'a>(id: &'static str, labels: &'a [String], x_title: &str, y_title: &str) -> Plot<'a> {
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .y_axis_min_width(48.0)
        .y_axis_formatter(|mark: GridMark, _range: &RangeInclusive<f64>| axis_value(mark.value))
        // Steps of 1, 2 or 5 × 10ⁿ, two to five to a chart: with powers of ten alone a chart
        // reaching 90,000 had a step of 10,000 too dense to label and one of 100,000 past its top,
        // and showed only 0.
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            let step = nice_step((input.bounds.1 - input.bounds.0).abs() / 5.0);
            [step / 5.0, step, step * 5.0]
        }))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_y(0.0)
        .x_axis_label(x_title.to_string())
        .y_axis_label(y_title.to_string())
        .x_axis_formatter(move |mark: GridMark, _range: &RangeInclusive<f64>| label_at(labels, mark.value))
}

fn texts(headers: &[Tx], lang: Lang) -> Vec<String> {
    headers.iter().map(|text| text.get(lang).to_string()).collect()
}

/// Which list of the margin report is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum MarginBy {
    #[default]
    Order,
    Product,
    Customer,
}

/// The Reports tab.
#[derive(Default)]
pub struct ReportsTab {
    period: Period,
    /// The period (the last twelve months until another is chosen).
    range: PeriodBar,
    loaded: Option<(u64, NaiveDate, NaiveDate, Period)>,
    /// The reports on their way, for a generation, period and bar width.
    fetch: crate::ui::fetch::Fetch<ReportData, (u64, NaiveDate, NaiveDate, Period)>,
    data: ReportData,
    error: Option<String>,
    margin_by: MarginBy,
    costing: Costing,
    /// What the costing shown was loaded at: period, data generation (0 when it does not follow
    /// changes) and Refresh count.
    costing_loaded: Option<(NaiveDate, NaiveDate, u64, u64)>,
    costing_fetch: crate::ui::fetch::Fetch<Costing, (NaiveDate, NaiveDate, u64, u64)>,
    costing_error: Option<String>,
    /// The last load was quick: follow every change of the books.
    costing_live: bool,
    refreshes: u64,
    series_export: ExportPrompt,
    customers_export: ExportPrompt,
    products_export: ExportPrompt,
    receivables_export: ExportPrompt,
    margin_export: ExportPrompt,
    stock_export: ExportPrompt,
}

impl ReportsTab {
    fn series_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.data;
        let x_title = match self.period {
            Period::Week => t::R_X_WEEK.get(lang),
            Period::Month => t::R_X_MONTH.get(lang),
        };
        ui.heading(t::R_REVENUE_TITLE.get(lang));
        let revenue: Vec<Bar> =
            data.series.iter().enumerate().map(|(index, point)| Bar::new(index as f64, to_plot(point.revenue)).name(&point.key)).collect();
        chart("kaidan_revenue_plot", &data.series_labels, x_title, t::R_REVENUE.get(lang))
            .show(ui, |plot| plot.bar_chart(BarChart::new(t::R_REVENUE.get(lang), revenue).width(0.7)));
        ui.heading(t::R_ORDERS_TITLE.get(lang));
        let orders: Vec<Bar> =
            data.series.iter().enumerate().map(|(index, point)| Bar::new(index as f64, point.orders as f64).name(&point.key)).collect();
        chart("kaidan_orders_plot", &data.series_labels, x_title, t::R_ORDERS.get(lang))
            .show(ui, |plot| plot.bar_chart(BarChart::new(t::R_ORDERS.get(lang), orders).width(0.7).color(super::widgets::INFO)));
        let name = match self.period {
            Period::Week => format!("revenue-orders-weekly-{}.xlsx", range_name(data.range)),
            Period::Month => format!("revenue-orders-monthly-{}.xlsx", range_name(data.range)),
        };
        self.series_export.button_ui(ui, lang, &name, !data.series.is_empty(), actions, || {
            let rows =
                data.series.iter().map(|point| vec![point.key.clone(), fmt_money(point.revenue), point.orders.to_string()]).collect();
            (texts(&[t::R_COL_PERIOD, t::R_REVENUE, t::R_ORDERS], lang), rows)
        });
    }

    fn top_customers_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.data;
        let (from, to) = range_texts(data.range);
        ui.heading(t::R_TOP_CUSTOMERS.fill(lang, &[("from", &from), ("to", &to)]));
        if data.customers.is_empty() {
            ui.weak(t::R_NO_DATA.get(lang));
        } else {
            egui::Grid::new("kaidan_top_customers").num_columns(5).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                for text in [t::R_COL_RANK, t::R_COL_CODE, t::R_COL_CUSTOMER, t::R_REVENUE, t::R_COL_INVOICES] {
                    ui.strong(text.get(lang));
                }
                ui.end_row();
                for (rank, customer) in data.customers.iter().enumerate() {
                    ui.label((rank + 1).to_string());
                    ui.label(&customer.code);
                    ui.label(&customer.name);
                    ui.label(fmt_money(customer.revenue));
                    ui.label(customer.invoices.to_string());
                    ui.end_row();
                }
            });
        }
        let name = format!("top-customers-{}.xlsx", range_name(data.range));
        self.customers_export.button_ui(ui, lang, &name, !data.customers.is_empty(), actions, || {
            let rows = data
                .customers
                .iter()
                .enumerate()
                .map(|(rank, customer)| {
                    vec![
                        (rank + 1).to_string(),
                        customer.code.clone(),
                        customer.name.clone(),
                        fmt_money(customer.revenue),
                        customer.invoices.to_string(),
                    ]
                })
                .collect();
            (texts(&[t::R_COL_RANK, t::R_COL_CODE, t::R_COL_CUSTOMER, t::R_REVENUE, t::R_COL_INVOICES], lang), rows)
        });
    }

    fn top_products_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.data;
        let (from, to) = range_texts(data.range);
        ui.heading(t::R_TOP_PRODUCTS.fill(lang, &[("from", &from), ("to", &to)]));
        if data.products.is_empty() {
            ui.weak(t::R_NO_DATA.get(lang));
        } else {
            egui::Grid::new("kaidan_top_products").num_columns(5).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                for text in [t::R_COL_RANK, t::R_COL_SKU, t::R_COL_PRODUCT, t::R_COL_QTY, t::R_COL_LINE_REVENUE] {
                    ui.strong(text.get(lang));
                }
                ui.end_row();
                for (rank, product) in data.products.iter().enumerate() {
                    ui.label((rank + 1).to_string());
                    ui.label(&product.sku);
                    ui.label(&product.name);
                    ui.label(format!("{} {}", fmt_qty(product.qty), product.unit));
                    ui.label(fmt_money(product.revenue));
                    ui.end_row();
                }
            });
        }
        let name = format!("top-products-{}.xlsx", range_name(data.range));
        self.products_export.button_ui(ui, lang, &name, !data.products.is_empty(), actions, || {
            let rows = data
                .products
                .iter()
                .enumerate()
                .map(|(rank, product)| {
                    vec![
                        (rank + 1).to_string(),
                        product.sku.clone(),
                        product.name.clone(),
                        fmt_qty(product.qty),
                        product.unit.clone(),
                        fmt_money(product.revenue),
                    ]
                })
                .collect();
            (texts(&[t::R_COL_RANK, t::R_COL_SKU, t::R_COL_PRODUCT, t::R_COL_QTY, t::R_COL_UNIT, t::R_COL_LINE_REVENUE], lang), rows)
        });
    }

    fn receivables_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.data;
        ui.heading(t::R_RECEIVABLES.get(lang));
        let points: Vec<[f64; 2]> =
            data.receivables.iter().enumerate().map(|(index, point)| [index as f64, to_plot(point.balance)]).collect();
        chart("kaidan_receivables_plot", &data.receivable_labels, t::R_X_MONTH.get(lang), t::R_RECEIVABLES_LINE.get(lang))
            .show(ui, |plot| plot.line(Line::new(t::R_RECEIVABLES_LINE.get(lang), points).width(2.0).color(BLOCK)));
        let name = format!("receivables-{}.xlsx", range_name(data.range));
        self.receivables_export.button_ui(ui, lang, &name, !data.receivables.is_empty(), actions, || {
            let rows = data.receivables.iter().map(|point| vec![point.date.to_string(), fmt_money(point.balance)]).collect();
            (texts(&[t::R_COL_DATE, t::R_RECEIVABLES_LINE], lang), rows)
        });
    }

    fn margin_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.costing;
        let (from, to) = range_texts(data.range);
        ui.heading(t::R_MARGIN_TITLE.fill(lang, &[("from", &from), ("to", &to)]));
        ui.weak(t::R_MARGIN_NOTE.get(lang));
        if data.took >= LIVE_COSTING {
            ui.horizontal(|ui| {
                ui.weak(t::R_AS_LOADED.fill(lang, &[("seconds", &format!("{:.1}", data.took.as_secs_f32()))]));
                if ui.button(t::R_REFRESH.get(lang)).clicked() {
                    self.refreshes += 1;
                }
            });
        }
        let total = &data.margin.total;
        egui::Grid::new("kaidan_margin_total").num_columns(4).spacing([16.0, 4.0]).show(ui, |ui| {
            for title in [t::R_COL_REVENUE, t::R_COL_COST, t::R_COL_MARGIN, t::R_COL_MARGIN_PCT] {
                ui.strong(title.get(lang));
            }
            ui.end_row();
            ui.label(fmt_money(total.revenue));
            ui.label(fmt_money(total.cost));
            ui.strong(fmt_money(total.margin()));
            ui.label(crate::reports::pct_text(total));
            ui.end_row();
        });
        if total.without_cost > 0 {
            ui.colored_label(BLOCK, t::R_WITHOUT_COST.fill(lang, &[("count", &total.without_cost)]));
        }
        ui.horizontal(|ui| {
            ui.label(t::R_MARGIN_BY.get(lang));
            ui.selectable_value(&mut self.margin_by, MarginBy::Order, t::R_BY_ORDER.get(lang));
            ui.selectable_value(&mut self.margin_by, MarginBy::Product, t::R_BY_PRODUCT.get(lang));
            ui.selectable_value(&mut self.margin_by, MarginBy::Customer, t::R_BY_CUSTOMER.get(lang));
        });
        let (rows, key_title, name_title): (&[MarginRow], Tx, Tx) = match self.margin_by {
            MarginBy::Order => (&data.margin.orders, t::R_BY_ORDER, t::R_COL_CUSTOMER),
            MarginBy::Product => (&data.margin.products, t::R_COL_SKU, t::R_COL_PRODUCT),
            MarginBy::Customer => (&data.margin.customers, t::R_COL_CODE, t::R_COL_CUSTOMER),
        };
        if rows.is_empty() {
            ui.weak(t::R_NO_DATA.get(lang));
        } else {
            // A table of its own height: the page scrolls past it to the stock summary.
            egui::ScrollArea::vertical()
                .id_salt("kaidan_margin_rows_scroll")
                .max_height(TABLE_HEIGHT)
                .min_scrolled_height(TABLE_HEIGHT)
                .show(ui, |ui| {
                    egui::Grid::new("kaidan_margin_rows").num_columns(7).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                        for title in
                            [key_title, name_title, t::R_COL_QTY, t::R_COL_REVENUE, t::R_COL_COST, t::R_COL_MARGIN, t::R_COL_MARGIN_PCT]
                        {
                            ui.strong(title.get(lang));
                        }
                        ui.end_row();
                        for row in rows.iter().take(SHOWN_ROWS) {
                            ui.label(&row.key);
                            ui.label(&row.name);
                            ui.label(if self.margin_by == MarginBy::Product { fmt_qty(row.qty) } else { String::new() });
                            ui.label(fmt_money(row.revenue));
                            ui.label(fmt_money(row.cost));
                            ui.label(fmt_money(row.margin()));
                            ui.label(crate::reports::pct_text(row));
                            ui.end_row();
                        }
                    });
                });
            shown_note(ui, rows.len(), lang);
        }
        let name = format!("margin-{}.xlsx", range_name(data.range));
        self.margin_export
            .button_ui(ui, lang, &name, !data.margin.orders.is_empty(), actions, || crate::reports::margin_table(&data.margin, lang));
    }

    fn stock_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.costing;
        let (from, to) = range_texts(data.range);
        ui.heading(t::R_STOCK_TITLE.fill(lang, &[("from", &from), ("to", &to)]));
        ui.weak(t::R_STOCK_NOTE.get(lang));
        let summary = &data.stock;
        if summary.products.is_empty() {
            ui.weak(t::R_NO_DATA.get(lang));
        } else {
            egui::ScrollArea::vertical()
                .id_salt("kaidan_stock_summary_scroll")
                .max_height(TABLE_HEIGHT)
                .min_scrolled_height(TABLE_HEIGHT)
                .show(ui, |ui| {
                    egui::Grid::new("kaidan_stock_summary").num_columns(10).striped(true).spacing([12.0, 4.0]).show(ui, |ui| {
                        for title in [
                            t::R_COL_SKU,
                            t::R_COL_PRODUCT,
                            t::R_COL_OPENING,
                            t::R_COL_RECEIVED,
                            t::R_COL_RETURNED,
                            t::R_COL_SHIPPED,
                            t::R_COL_ADJUSTED,
                            t::R_COL_CLOSING,
                        ] {
                            ui.strong(title.get(lang));
                        }
                        ui.strong(t::R_COL_VALUE_OF.fill(lang, &[("column", &t::R_COL_OPENING.get(lang))]));
                        ui.strong(t::R_COL_VALUE_OF.fill(lang, &[("column", &t::R_COL_CLOSING.get(lang))]));
                        ui.end_row();
                        for row in summary.products.iter().take(SHOWN_ROWS) {
                            ui.label(&row.sku);
                            ui.label(&row.name);
                            for figure in [&row.opening, &row.received, &row.returned, &row.shipped, &row.adjusted, &row.closing] {
                                ui.label(fmt_qty(figure.qty));
                            }
                            ui.label(fmt_money(row.opening.value));
                            ui.label(fmt_money(row.closing.value));
                            ui.end_row();
                        }
                        ui.strong(t::R_TOTAL.get(lang));
                        for _ in 0..7 {
                            ui.label("");
                        }
                        ui.strong(fmt_money(summary.total.opening.value));
                        ui.strong(fmt_money(summary.total.closing.value));
                        ui.end_row();
                    });
                });
            shown_note(ui, summary.products.len(), lang);
        }
        let name = format!("stock-summary-{}.xlsx", range_name(data.range));
        self.stock_export.button_ui(ui, lang, &name, !summary.products.is_empty(), actions, || crate::reports::stock_table(summary, lang));
    }
}

/// "N of M rows shown" under a table cut at [`SHOWN_ROWS`].
fn shown_note(ui: &mut Ui, count: usize, lang: Lang) {
    if count > SHOWN_ROWS {
        ui.weak(t::R_ROWS_SHOWN.fill(lang, &[("shown", &SHOWN_ROWS), ("count", &count)]));
    }
}

fn range_texts(range: Option<(NaiveDate, NaiveDate)>) -> (String, String) {
    range.map(|(from, to)| (from.to_string(), to.to_string())).unwrap_or_default()
}

/// The period in a file name: `2026-01-01_2026-12-31`.
fn range_name(range: Option<(NaiveDate, NaiveDate)>) -> String {
    range.map(|(from, to)| format!("{from}_{to}")).unwrap_or_default()
}

impl crate::ui::TabView for ReportsTab {
    /// Draw the tab; loads the reports when the data generation, the period or the bar width changed.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let period = &mut self.period;
        let (from, to) = self.range.ui(ui, ctx.today, lang, |ui| {
            ui.separator();
            ui.label(t::R_PERIOD.get(lang));
            ui.selectable_value(period, Period::Week, t::R_WEEK.get(lang));
            ui.selectable_value(period, Period::Month, t::R_MONTH.get(lang));
        });
        let key = (ctx.generation, from, to, self.period);
        if self.loaded != Some(key) {
            let period = self.period;
            self.fetch.ask_once(ctx.at(), key, move |store| load_data(store, period, from, to));
        }
        if let Some((key, answer)) = self.fetch.answer() {
            self.loaded = Some(key);
            match answer {
                Ok(data) => {
                    self.data = data;
                    self.error = None;
                }
                Err(error) => {
                    self.data = ReportData::default();
                    self.error = Some(error);
                }
            }
        }
        // Margin and stock summary: live once a load has been quick, else as of their loading;
        // never asked again while a load is on its way (a busy shop's changes would queue load
        // after load on the reading thread).
        let costing_key = (from, to, if self.costing_live { ctx.generation } else { 0 }, self.refreshes);
        if self.costing_loaded != Some(costing_key) && !self.costing_fetch.is_waiting() {
            self.costing_fetch.ask(ctx.at(), costing_key, move |store| load_costing(store, from, to));
        }
        if let Some((key, answer)) = self.costing_fetch.answer() {
            self.costing_loaded = Some(key);
            match answer {
                Ok(costing) => {
                    // Following changes, or not, from the last load's time on (without loading
                    // again for the switch).
                    self.costing_live = costing.took < LIVE_COSTING;
                    if !self.costing_live {
                        self.costing_loaded = Some((key.0, key.1, 0, key.3));
                    }
                    self.costing = costing;
                    self.costing_error = None;
                }
                Err(error) => {
                    self.costing = Costing::default();
                    self.costing_error = Some(error);
                }
            }
        }
        if let Some(error) = self.error.as_ref().or(self.costing_error.as_ref()) {
            ui.colored_label(BLOCK, t::LOAD_FAILED.fill(lang, &[("error", error)]));
        }
        if self.fetch.is_waiting() || self.costing_fetch.is_waiting() {
            crate::ui::fetch::loading_ui(ui, lang);
        }
        ui.separator();
        egui::ScrollArea::vertical().id_salt("kaidan_reports_scroll").auto_shrink([false, false]).show(ui, |ui| {
            self.series_ui(ui, lang, ctx.actions);
            ui.separator();
            self.top_customers_ui(ui, lang, ctx.actions);
            ui.separator();
            self.top_products_ui(ui, lang, ctx.actions);
            ui.separator();
            self.receivables_ui(ui, lang, ctx.actions);
            ui.separator();
            self.margin_ui(ui, lang, ctx.actions);
            ui.separator();
            self.stock_ui(ui, lang, ctx.actions);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_steps_are_round_and_two_to_five_to_a_chart() {
        // A year of monthly revenue reaching 90,000: steps of 20,000.
        assert_eq!(nice_step(90_000.0 / 5.0), 20_000.0);
        assert_eq!(nice_step(160.0 / 5.0), 50.0);
        assert_eq!(nice_step(35.0), 50.0);
        assert_eq!(nice_step(20.0), 20.0);
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
        for span in [7.0, 93.0, 1_234.0, 89_859.83, 4.5e6] {
            let step = nice_step(span / 5.0);
            let marks = span / step;
            assert!((2.0..=5.0).contains(&marks), "{span}: step {step} gives {marks} labelled marks");
        }
    }

    #[test]
    fn axis_labels_only_on_whole_positions() {
        let labels = vec!["2026-01".to_string(), "2026-02".to_string()];
        assert_eq!(label_at(&labels, 1.0), "2026-02");
        assert_eq!(label_at(&labels, 0.5), "");
        assert_eq!(label_at(&labels, -1.0), "");
        assert_eq!(label_at(&labels, 7.0), "");
    }

    #[test]
    fn reports_load_from_an_empty_store() {
        let store = Store::open_in_memory().expect("store");
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).expect("date");
        let (from, to) = crate::ui::widgets::preset(t::R_LAST_12, today);
        assert_eq!(from, NaiveDate::from_ymd_opt(2025, 3, 16).expect("date"));
        let data = load_data(&store, Period::Week, from, to).expect("data");
        assert_eq!(data.series.len(), 53);
        assert_eq!(data.series_labels.last().map(String::as_str), Some("03-09"));
        assert_eq!(data.receivables.len(), 13);
        assert!(data.customers.is_empty() && data.products.is_empty());
        let costing = load_costing(&store, from, to).expect("costing");
        assert!(costing.margin.orders.is_empty() && costing.stock.products.is_empty());
    }

    #[test]
    fn bars_between_periods() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(bars_between(Period::Month, date(2025, 11, 30), date(2026, 2, 1)), 4);
        assert_eq!(bars_between(Period::Week, date(2026, 3, 9), date(2026, 3, 15)), 1);
        assert_eq!(bars_between(Period::Week, date(2026, 3, 8), date(2026, 3, 15)), 2);
        assert_eq!(bars_between(Period::Month, date(1990, 1, 1), date(2026, 1, 1)), MOST_BARS);
    }
}
