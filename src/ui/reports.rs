//! The owner's Reports tab: revenue (live invoice totals by issue date) and order counts
//! (non-cancelled orders by order date) per week or per month as bar charts, the top ten
//! customers and products of the last twelve months, and the receivables at each month end as a
//! line; every table and series exportable to .xlsx/.csv.
//!
//! Owns its cached report data (loaded once per data generation, and again when the period
//! toggle changes) and its export prompts. Must not write to the store, hold SQL (the queries
//! live in `store::finance`) or query every frame; money stays `Decimal` until it is handed to
//! egui_plot, converted to f64 at the very end.

use super::TabCtx;
use super::widgets::BLOCK;
use super::widgets::ExportPrompt;
use crate::action::Action;
use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, Tx, ui_finance as t};
use crate::store::Store;
use crate::store::finance::{Period, PeriodPoint, ReceivablePoint, TopCustomer, TopProduct};
use chrono::{Duration, Months, NaiveDate};
use egui::Ui;
use egui_plot::{Bar, BarChart, GridMark, Line, Plot};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::ops::RangeInclusive;

/// Weeks shown per week.
const WEEKS: usize = 26;
/// Months shown per month, and months of receivables.
const MONTHS: usize = 12;
/// Rows of the top lists.
const TOP: usize = 10;
/// Height of a chart.
const PLOT_HEIGHT: f32 = 220.0;

/// Everything the tab shows, loaded in one go.
#[derive(Default)]
struct ReportData {
    as_of: Option<NaiveDate>,
    series: Vec<PeriodPoint>,
    /// Axis labels of `series`: `MM-DD` of the Monday, or `YYYY-MM`.
    series_labels: Vec<String>,
    top_from: Option<NaiveDate>,
    customers: Vec<TopCustomer>,
    products: Vec<TopProduct>,
    receivables: Vec<ReceivablePoint>,
    receivable_labels: Vec<String>,
}

fn load_data(store: &Store, period: Period, today: NaiveDate) -> crate::store::Result<ReportData> {
    let count = match period {
        Period::Week => WEEKS,
        Period::Month => MONTHS,
    };
    let series = store.period_series(period, today, count)?;
    let series_labels = series
        .iter()
        .map(|point| match period {
            Period::Week => point.start.format("%m-%d").to_string(),
            Period::Month => point.key.clone(),
        })
        .collect();
    // The last twelve months: the day after the same date a year ago, through today.
    let from = today.checked_sub_months(Months::new(12)).map_or(today, |date| date + Duration::days(1));
    let customers = store.top_customers(from, today, TOP)?;
    let products = store.top_products(from, today, TOP)?;
    let receivables = store.receivables_series(today, MONTHS)?;
    let receivable_labels = receivables.iter().map(|point| point.date.format("%Y-%m").to_string()).collect();
    Ok(ReportData { as_of: Some(today), series, series_labels, top_from: Some(from), customers, products, receivables, receivable_labels })
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

/// The Reports tab.
#[derive(Default)]
pub struct ReportsTab {
    period: Period,
    loaded: Option<(u64, NaiveDate, Period)>,
    /// The reports on their way, for a generation, day and period.
    fetch: crate::ui::fetch::Fetch<ReportData, (u64, NaiveDate, Period)>,
    data: ReportData,
    error: Option<String>,
    series_export: ExportPrompt,
    customers_export: ExportPrompt,
    products_export: ExportPrompt,
    receivables_export: ExportPrompt,
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
        let name = match (self.period, data.as_of) {
            (Period::Week, Some(day)) => format!("revenue-orders-weekly-{day}.xlsx"),
            (Period::Month, Some(day)) => format!("revenue-orders-monthly-{day}.xlsx"),
            (_, None) => "revenue-orders.xlsx".to_string(),
        };
        self.series_export.button_ui(ui, lang, &name, !data.series.is_empty(), actions, || {
            let rows =
                data.series.iter().map(|point| vec![point.key.clone(), fmt_money(point.revenue), point.orders.to_string()]).collect();
            (texts(&[t::R_COL_PERIOD, t::R_REVENUE, t::R_ORDERS], lang), rows)
        });
    }

    fn top_customers_ui(&mut self, ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
        let data = &self.data;
        ui.heading(t::R_TOP_CUSTOMERS.fill(lang, &[("from", &date_text(data.top_from)), ("to", &date_text(data.as_of))]));
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
        let name = format!("top-customers-{}.xlsx", date_text(data.as_of));
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
        ui.heading(t::R_TOP_PRODUCTS.fill(lang, &[("from", &date_text(data.top_from)), ("to", &date_text(data.as_of))]));
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
        let name = format!("top-products-{}.xlsx", date_text(data.as_of));
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
        let name = format!("receivables-{}.xlsx", date_text(data.as_of));
        self.receivables_export.button_ui(ui, lang, &name, !data.receivables.is_empty(), actions, || {
            let rows = data.receivables.iter().map(|point| vec![point.date.to_string(), fmt_money(point.balance)]).collect();
            (texts(&[t::R_COL_DATE, t::R_RECEIVABLES_LINE], lang), rows)
        });
    }
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|day| day.to_string()).unwrap_or_default()
}

impl crate::ui::TabView for ReportsTab {
    /// Draw the tab; loads the reports when the data generation, the day or the period changed.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal(|ui| {
            ui.label(t::R_PERIOD.get(lang));
            ui.selectable_value(&mut self.period, Period::Week, t::R_WEEK.get(lang));
            ui.selectable_value(&mut self.period, Period::Month, t::R_MONTH.get(lang));
        });
        let key = (ctx.generation, ctx.today, self.period);
        if self.loaded != Some(key) {
            let (period, today) = (self.period, ctx.today);
            self.fetch.ask_once(ctx.at(), key, move |store| load_data(store, period, today));
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
        if let Some(error) = &self.error {
            ui.colored_label(BLOCK, t::LOAD_FAILED.fill(lang, &[("error", error)]));
        }
        if self.fetch.is_waiting() {
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
        let data = load_data(&store, Period::Week, today).expect("data");
        assert_eq!(data.series.len(), WEEKS);
        assert_eq!(data.series_labels.last().map(String::as_str), Some("03-09"));
        assert_eq!(data.receivables.len(), MONTHS);
        assert_eq!(data.top_from, NaiveDate::from_ymd_opt(2025, 3, 16));
        assert!(data.customers.is_empty() && data.products.is_empty());
    }
}
