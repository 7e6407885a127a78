//! The Ageing view: every customer's open balance by days past due, with a totals row,
//! exportable as shown.

use super::*;

#[derive(Default)]
pub(super) struct AgeingView {
    loaded: Option<Stamp>,
    rows: Vec<AgeingRow>,
    /// current, 1–30, 31–60, 61–90, over 90, credit, balance.
    totals: [Decimal; 7],
    open_invoices: i64,
    error: Option<String>,
    export: ExportPrompt,
    /// The rows on their way.
    fetch: Fetch<Vec<AgeingRow>, Stamp>,
}

pub(super) const AGEING_HEADERS: [Tx; 11] = [
    t::COL_CODE,
    t::COL_CUSTOMER,
    t::COL_OPEN_INVOICES,
    t::COL_CURRENT,
    t::COL_1_30,
    t::COL_31_60,
    t::COL_61_90,
    t::COL_OVER_90,
    t::COL_CREDIT,
    t::COL_BALANCE,
    t::COL_OLDEST_DUE,
];

pub(super) fn ageing_amounts(row: &AgeingRow) -> [Decimal; 7] {
    let [current, d30, d60, d90, over] = row.buckets();
    [current, d30, d60, d90, over, row.credit, row.balance()]
}

/// The colour of an ageing amount by its column (0 = current … 4 = over 90).
pub(super) fn ageing_color(column: usize, value: Decimal) -> Option<Color32> {
    if value.is_zero() {
        return None;
    }
    match column {
        2 | 3 => Some(WARN),
        4 => Some(BLOCK),
        _ => None,
    }
}

impl AgeingView {
    /// Ask for the rows when older than the data; take them when they come.
    pub(super) fn load(&mut self, ctx: &TabCtx<'_>) {
        if self.loaded != Some(stamp(ctx)) {
            let today = ctx.today;
            self.fetch.ask_once(ctx.at(), stamp(ctx), move |store| store.ageing(today));
        }
        let Some((stamp, answer)) = self.fetch.answer() else { return };
        self.loaded = Some(stamp);
        crate::ui::widgets::take_rows(answer, &mut self.rows, &mut self.error);
        let mut totals = [Decimal::ZERO; 7];
        for row in &self.rows {
            for (total, value) in totals.iter_mut().zip(ageing_amounts(row)) {
                *total += value;
            }
        }
        self.totals = totals;
        self.open_invoices = self.rows.iter().map(|row| row.open_invoices).sum();
    }

    /// Draw the view; returns a customer code when the user asks for its invoices.
    pub(super) fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) -> Option<String> {
        self.load(ctx);
        let lang = ctx.lang;
        if let Some(error) = &self.error {
            widgets::load_error_ui(ui, error, lang);
        }
        if self.fetch.is_waiting() {
            crate::ui::fetch::loading_ui(ui, lang);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(t::AGEING_NOTE.fill(lang, &[("date", &ctx.today)]));
            ui.separator();
            let today = ctx.today;
            self.export.button_ui(ui, lang, &format!("ageing-{today}.xlsx"), !self.rows.is_empty(), ctx.actions, || {
                ageing_table(&self.rows, &self.totals, self.open_invoices, lang)
            });
        });
        if self.rows.is_empty() {
            if self.error.is_none() {
                ui.label(t::NO_BALANCES.get(lang));
            }
            return None;
        }
        let row_h = row_height(ui);
        let mut show: Option<String> = None;
        let count = self.rows.len();
        TableBuilder::new(ui)
            .id_salt("kaidan_ageing_table")
            .striped(true)
            .column(Column::initial(90.0).resizable(true))
            .column(Column::initial(200.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(70.0))
            .columns(Column::initial(100.0), 7)
            .column(Column::initial(95.0))
            .column(Column::remainder().at_least(90.0))
            .header(row_h, |mut header| {
                for text in AGEING_HEADERS {
                    header.col(|ui| {
                        ui.strong(text.get(lang));
                    });
                }
                header.col(|_| {});
            })
            .body(|body| {
                body.rows(row_h, count + 1, |mut row| {
                    let index = row.index();
                    match self.rows.get(index) {
                        Some(item) => {
                            row.col(|ui| {
                                ui.label(&item.code);
                            });
                            row.col(|ui| {
                                ui.label(&item.name);
                            });
                            row.col(|ui| widgets::right_cell(ui, item.open_invoices.to_string()));
                            for (column, value) in ageing_amounts(item).into_iter().enumerate() {
                                row.col(|ui| money_text_cell(ui, value, ageing_color(column, value), column == 6));
                            }
                            row.col(|ui| {
                                ui.label(item.oldest_due.map(|date| date.to_string()).unwrap_or_default());
                            });
                            row.col(|ui| {
                                if ui.small_button(t::SHOW_INVOICES.get(lang)).clicked() {
                                    show = Some(item.code.clone());
                                }
                            });
                        }
                        None => {
                            row.col(|ui| {
                                ui.strong(t::TOTALS.get(lang));
                            });
                            row.col(|ui| {
                                ui.strong(t::CUSTOMER_COUNT.fill(lang, &[("count", &count)]));
                            });
                            row.col(|ui| widgets::right_cell(ui, RichText::new(self.open_invoices.to_string()).strong()));
                            for (column, value) in self.totals.into_iter().enumerate() {
                                row.col(|ui| money_text_cell(ui, value, ageing_color(column, value), true));
                            }
                            row.col(|_| {});
                            row.col(|_| {});
                        }
                    }
                });
            });
        show
    }
}

pub(super) fn ageing_table(rows: &[AgeingRow], totals: &[Decimal; 7], open_invoices: i64, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.code.clone(), row.name.clone(), row.open_invoices.to_string()];
            cells.extend(ageing_amounts(row).iter().map(|value| fmt_money(*value)));
            cells.push(row.oldest_due.map(|date| date.to_string()).unwrap_or_default());
            cells
        })
        .collect();
    let mut total_row = vec![t::TOTALS.get(lang).to_string(), String::new(), open_invoices.to_string()];
    total_row.extend(totals.iter().map(|value| fmt_money(*value)));
    total_row.push(String::new());
    out.push(total_row);
    (header_texts(&AGEING_HEADERS, lang), out)
}
