//! The Reconciliation view: ordered vs shipped vs invoiced vs paid per order and per customer,
//! the differences in amber/red, each order with its live exception and an "Open order" button.

use super::*;

/// What a reconciliation was loaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ReconKey {
    stamp: Stamp,
    per_customer: bool,
    show_all: bool,
    from: NaiveDate,
    to: NaiveDate,
}

pub(super) struct ReconView {
    loaded: Option<ReconKey>,
    per_customer: bool,
    show_all: bool,
    /// The orders' dates (the last 90 days until another period is chosen).
    period: widgets::PeriodBar,
    range: Option<(NaiveDate, NaiveDate)>,
    orders: Vec<ReconOrder>,
    customers: Vec<ReconCustomer>,
    error: Option<String>,
    export: ExportPrompt,
    /// The rows on their way: per customer or per order.
    fetch: Fetch<Result<Vec<ReconCustomer>, Vec<ReconOrder>>, ReconKey>,
}

impl Default for ReconView {
    fn default() -> Self {
        ReconView {
            loaded: None,
            per_customer: false,
            show_all: false,
            period: widgets::PeriodBar::new(widgets::PeriodStart::LastDays(90)),
            range: None,
            orders: vec![],
            customers: vec![],
            error: None,
            export: ExportPrompt::default(),
            fetch: Fetch::default(),
        }
    }
}

pub(super) const RECON_ORDER_HEADERS: [Tx; 11] = [
    t::COL_ORDER,
    t::COL_CUSTOMER,
    t::COL_STATUS,
    t::COL_ORDER_DATE,
    t::COL_ORDERED,
    t::COL_SHIPPED,
    t::COL_INVOICED,
    t::COL_INVOICED_TOTAL,
    t::COL_PAID,
    t::COL_EXCEPTION,
    t::COL_ACTION,
];

pub(super) const RECON_CUSTOMER_HEADERS: [Tx; 10] = [
    t::COL_CODE,
    t::COL_CUSTOMER,
    t::COL_ORDERS,
    t::COL_WITH_DIFFERENCE,
    t::COL_ORDERED,
    t::COL_SHIPPED,
    t::COL_INVOICED,
    t::COL_INVOICED_TOTAL,
    t::COL_PAID,
    t::COL_OVERDUE,
];

pub(super) fn diff_color(diff: Diff) -> Option<Color32> {
    match diff {
        Diff::Matches => None,
        Diff::Behind => Some(WARN),
        Diff::Excess => Some(BLOCK),
    }
}

/// A money cell coloured by its flag, explaining the flag on hover.
pub(super) fn diff_cell(ui: &mut Ui, value: Decimal, diff: Diff, why: &str) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let text = RichText::new(fmt_money(value));
        match diff_color(diff) {
            Some(color) => {
                ui.label(text.color(color).strong()).on_hover_text(why);
            }
            None => {
                ui.label(text);
            }
        }
    });
}

pub(super) fn shipped_why(row: &ReconOrder, lang: Lang) -> &'static str {
    match row.shipped_diff {
        Diff::Excess => t::DIFF_SHIP_OVER.get(lang),
        _ if row.status == OrderStatus::Cancelled => t::DIFF_SHIP_CANCELLED.get(lang),
        _ => t::DIFF_SHIP_SHORT.get(lang),
    }
}

pub(super) fn invoiced_why(diff: Diff, lang: Lang) -> &'static str {
    if diff == Diff::Excess { t::DIFF_INV_OVER.get(lang) } else { t::DIFF_INV_SHORT.get(lang) }
}

pub(super) fn paid_why(diff: Diff, overdue: Decimal, lang: Lang) -> String {
    if diff == Diff::Excess {
        t::DIFF_PAY_OVER.get(lang).to_string()
    } else {
        t::DIFF_PAY_OVERDUE.fill(lang, &[("amount", &fmt_money(overdue))])
    }
}

impl ReconView {
    pub(super) fn key(&self, ctx: &TabCtx<'_>) -> ReconKey {
        let (from, to) = self.range.unwrap_or((ctx.today - Duration::days(89), ctx.today));
        ReconKey { stamp: stamp(ctx), per_customer: self.per_customer, show_all: self.show_all, from, to }
    }

    /// Ask for the rows when the data or the choices changed; take them when they come.
    pub(super) fn load(&mut self, ctx: &TabCtx<'_>) {
        let key = self.key(ctx);
        if self.loaded != Some(key) {
            let (from, today, show_all, per_customer) = (key.from, key.to, self.show_all, self.per_customer);
            self.fetch.ask_once(ctx.at(), key, move |store| {
                if per_customer {
                    store.reconcile_customers(from, today, show_all, RECON_CAP).map(Ok)
                } else {
                    store.reconcile_orders(from, today, show_all, RECON_CAP).map(Err)
                }
            });
        }
        let Some((key, answer)) = self.fetch.answer() else { return };
        self.loaded = Some(key);
        self.error = None;
        match answer {
            Ok(Ok(customers)) => self.customers = customers,
            Ok(Err(orders)) => self.orders = orders,
            Err(error) => {
                if key.per_customer {
                    self.customers.clear();
                } else {
                    self.orders.clear();
                }
                self.error = Some(error);
            }
        }
    }

    pub(super) fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.per_customer, false, t::PER_ORDER.get(lang));
            ui.selectable_value(&mut self.per_customer, true, t::PER_CUSTOMER.get(lang));
            ui.separator();
            ui.checkbox(&mut self.show_all, t::SHOW_ALL.get(lang));
            ui.separator();
            ui.label(t::PERIOD.get(lang));
        });
        self.range = Some(self.period.ui(ui, ctx.today, lang, |_| {}));
        self.load(ctx);
        if let Some(error) = &self.error {
            widgets::load_error_ui(ui, error, lang);
        }
        if self.fetch.is_waiting() {
            crate::ui::fetch::loading_ui(ui, lang);
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak(t::RECON_NOTE.get(lang));
        });
        let shown = if self.per_customer { self.customers.len() } else { self.orders.len() };
        ui.horizontal_wrapped(|ui| {
            ui.label(common::ROWS.fill(lang, &[("count", &shown)]));
            if shown >= RECON_CAP {
                ui.colored_label(WARN, t::ROWS_CAPPED.fill(lang, &[("count", &RECON_CAP)]));
            }
            let today = ctx.today;
            let name = if self.per_customer {
                format!("reconciliation-customers-{today}.xlsx")
            } else {
                format!("reconciliation-orders-{today}.xlsx")
            };
            let (per_customer, orders, customers) = (self.per_customer, &self.orders, &self.customers);
            self.export.button_ui(ui, lang, &name, shown > 0, ctx.actions, || {
                if per_customer { recon_customer_table(customers, lang) } else { recon_order_table(orders, lang) }
            });
        });
        if shown == 0 {
            if self.error.is_none() {
                ui.label(t::NO_DIFFERENCES.get(lang));
            }
            return;
        }
        if self.per_customer {
            self.customers_ui(ui, lang);
        } else {
            self.orders_ui(ui, ctx);
        }
    }

    pub(super) fn orders_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let row_h = row_height(ui);
        let mut open: Option<String> = None;
        TableBuilder::new(ui)
            .id_salt("kaidan_recon_orders")
            .striped(true)
            .column(Column::initial(150.0).resizable(true))
            .column(Column::initial(190.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(100.0).resizable(true))
            .column(Column::initial(90.0))
            .columns(Column::initial(100.0), 5)
            .column(Column::initial(170.0).clip(true).resizable(true))
            .column(Column::remainder().at_least(100.0))
            .header(row_h, |mut header| crate::ui::widgets::head_row(&mut header, RECON_ORDER_HEADERS, lang))
            .body(|body| {
                body.rows(row_h, self.orders.len(), |mut row| {
                    let Some(item) = self.orders.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&item.number);
                    });
                    order_cells(&mut row, &item.customer_code, &item.customer_name, item.status, item.order_date, lang);
                    row.col(|ui| widgets::money_cell(ui, item.ordered));
                    row.col(|ui| diff_cell(ui, item.shipped, item.shipped_diff, shipped_why(item, lang)));
                    row.col(|ui| diff_cell(ui, item.invoiced, item.invoiced_diff, invoiced_why(item.invoiced_diff, lang)));
                    row.col(|ui| widgets::money_cell(ui, item.invoiced_total));
                    row.col(|ui| diff_cell(ui, item.paid, item.paid_diff, &paid_why(item.paid_diff, item.overdue, lang)));
                    row.col(|ui| {
                        if let Some(exception) = &item.exception {
                            let message = if lang == Lang::Zh { &exception.message_zh } else { &exception.message_en };
                            ui.label(RichText::new(format!("{} #{}", exception.code, exception.id)).color(WARN)).on_hover_text(message);
                        }
                    });
                    row.col(|ui| {
                        if ui.small_button(t::OPEN_ORDER.get(lang)).clicked() {
                            open = Some(item.number.clone());
                        }
                    });
                });
            });
        if let Some(number) = open {
            ctx.push(Action::OpenOrder(number));
        }
    }

    pub(super) fn customers_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let row_h = row_height(ui);
        TableBuilder::new(ui)
            .id_salt("kaidan_recon_customers")
            .striped(true)
            .column(Column::initial(90.0).resizable(true))
            .column(Column::initial(200.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(70.0))
            .column(Column::initial(90.0))
            .columns(Column::initial(105.0), 5)
            .column(Column::remainder().at_least(100.0))
            .header(row_h, |mut header| crate::ui::widgets::head_row(&mut header, RECON_CUSTOMER_HEADERS, lang))
            .body(|body| {
                body.rows(row_h, self.customers.len(), |mut row| {
                    let Some(item) = self.customers.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&item.customer_code);
                    });
                    row.col(|ui| {
                        ui.label(&item.customer_name);
                    });
                    row.col(|ui| widgets::right_cell(ui, item.orders.to_string()));
                    row.col(|ui| {
                        let text = RichText::new(item.orders_with_difference.to_string());
                        let text = if item.orders_with_difference > 0 { text.color(WARN).strong() } else { text };
                        widgets::right_cell(ui, text);
                    });
                    row.col(|ui| widgets::money_cell(ui, item.ordered));
                    row.col(|ui| diff_cell(ui, item.shipped, item.shipped_diff, t::DIFF_CUSTOMER_SHIPPED.get(lang)));
                    row.col(|ui| diff_cell(ui, item.invoiced, item.invoiced_diff, invoiced_why(item.invoiced_diff, lang)));
                    row.col(|ui| widgets::money_cell(ui, item.invoiced_total));
                    row.col(|ui| diff_cell(ui, item.paid, item.paid_diff, &paid_why(item.paid_diff, item.overdue, lang)));
                    row.col(|ui| money_text_cell(ui, item.overdue, if item.overdue.is_zero() { None } else { Some(WARN) }, false));
                });
            });
    }
}

/// The flag of an amount as an export cell: empty, "behind" or "excess" in the UI language.
pub(super) fn diff_text(diff: Diff, lang: Lang) -> String {
    match diff {
        Diff::Matches => String::new(),
        Diff::Behind => t::FLAG_BEHIND.get(lang).to_string(),
        Diff::Excess => t::FLAG_EXCESS.get(lang).to_string(),
    }
}

pub(super) fn recon_order_table(rows: &[ReconOrder], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = header_texts(&RECON_ORDER_HEADERS[..10], lang);
    headers.extend([t::COL_SHIPPED_FLAG, t::COL_INVOICED_FLAG, t::COL_PAID_FLAG].iter().map(|text| text.get(lang).to_string()));
    let out = rows
        .iter()
        .map(|row| {
            vec![
                row.number.clone(),
                customer_label(&row.customer_code, &row.customer_name),
                order_status_text(row.status, lang),
                row.order_date.to_string(),
                fmt_money(row.ordered),
                fmt_money(row.shipped),
                fmt_money(row.invoiced),
                fmt_money(row.invoiced_total),
                fmt_money(row.paid),
                row.exception.as_ref().map(|exception| format!("{} #{}", exception.code, exception.id)).unwrap_or_default(),
                diff_text(row.shipped_diff, lang),
                diff_text(row.invoiced_diff, lang),
                diff_text(row.paid_diff, lang),
            ]
        })
        .collect();
    (headers, out)
}

pub(super) fn recon_customer_table(rows: &[ReconCustomer], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let out = rows
        .iter()
        .map(|row| {
            vec![
                row.customer_code.clone(),
                row.customer_name.clone(),
                row.orders.to_string(),
                row.orders_with_difference.to_string(),
                fmt_money(row.ordered),
                fmt_money(row.shipped),
                fmt_money(row.invoiced),
                fmt_money(row.invoiced_total),
                fmt_money(row.paid),
                fmt_money(row.overdue),
            ]
        })
        .collect();
    (header_texts(&RECON_CUSTOMER_HEADERS, lang), out)
}
