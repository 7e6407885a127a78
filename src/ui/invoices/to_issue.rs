//! The To issue view: orders with shipped goods not invoiced yet; issue one, or tick several
//! and issue them in one batch after a preview of what will be invoiced and the total.

use super::*;

#[derive(Default)]
pub(super) struct ToIssueView {
    loaded: Option<Stamp>,
    rows: Vec<ToIssue>,
    total: Decimal,
    tax: TaxRule,
    selected: BTreeSet<String>,
    /// Indices into `rows` shown in the batch preview; Some while it is open.
    preview: Option<Vec<usize>>,
    error: Option<String>,
    /// The rows and the tax rule on their way.
    fetch: Fetch<(crate::store::Result<Vec<ToIssue>>, crate::store::Result<TaxRule>), Stamp>,
}

impl ToIssueView {
    /// Ask for the rows when older than the data; take them when they come.
    pub(super) fn load(&mut self, ctx: &TabCtx<'_>) {
        if self.loaded != Some(stamp(ctx)) {
            self.fetch.ask_once(ctx.at(), stamp(ctx), |store| Ok::<_, String>((store.list_to_issue(TO_ISSUE_CAP), store.tax_rule())));
        }
        let Some((stamp, answer)) = self.fetch.answer() else { return };
        self.loaded = Some(stamp);
        self.preview = None;
        let (rows, tax) = match answer {
            Ok((rows, tax)) => (rows.map_err(|error| error.to_string()), tax.map_err(|error| error.to_string())),
            Err(error) => (Err(error), Ok(self.tax)),
        };
        crate::ui::widgets::take_rows(rows, &mut self.rows, &mut self.error);
        match tax {
            Ok(tax) => self.tax = tax,
            Err(error) => self.error = Some(error.to_string()),
        }
        self.total = self.rows.iter().map(|row| row.value).sum();
        let issuable: HashSet<&str> = self.rows.iter().filter(|row| row.customer_id.is_some()).map(|row| row.number.as_str()).collect();
        self.selected.retain(|number| issuable.contains(number.as_str()));
    }

    pub(super) fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.load(ctx);
        let lang = ctx.lang;
        let can_invoice = permits(ctx.role, Permission::Invoice);
        if let Some(error) = &self.error {
            widgets::load_error_ui(ui, error, lang);
        }
        if self.fetch.is_waiting() {
            crate::ui::fetch::loading_ui(ui, lang);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(t::TO_ISSUE_COUNT.fill(lang, &[("count", &self.rows.len()), ("value", &fmt_money(self.total))]));
            if ui.add_enabled(!self.rows.is_empty(), egui::Button::new(t::SELECT_ALL.get(lang))).clicked() {
                self.selected = self.rows.iter().filter(|row| row.customer_id.is_some()).map(|row| row.number.clone()).collect();
            }
            if ui.add_enabled(!self.selected.is_empty(), egui::Button::new(t::SELECT_NONE.get(lang))).clicked() {
                self.selected.clear();
            }
            let batch = ui
                .add_enabled(
                    can_invoice && !self.selected.is_empty(),
                    egui::Button::new(t::ISSUE_SELECTED.fill(lang, &[("count", &self.selected.len())])),
                )
                .on_disabled_hover_text(if can_invoice { t::SELECT_FIRST.get(lang) } else { common::NOT_ALLOWED.get(lang) });
            if batch.clicked() {
                let picked: Vec<usize> =
                    self.rows.iter().enumerate().filter(|(_, row)| self.selected.contains(&row.number)).map(|(index, _)| index).collect();
                self.preview = Some(picked);
            }
        });
        if self.rows.len() >= TO_ISSUE_CAP {
            ui.colored_label(WARN, t::ROWS_CAPPED.fill(lang, &[("count", &TO_ISSUE_CAP)]));
        }
        if self.rows.is_empty() && self.error.is_none() {
            ui.label(t::NOTHING_TO_ISSUE.get(lang));
            return;
        }
        self.table_ui(ui, ctx, can_invoice);
        self.preview_ui(ui, ctx);
    }

    pub(super) fn table_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>, can_invoice: bool) {
        let lang = ctx.lang;
        let row_h = row_height(ui);
        let mut toggled: Option<(String, bool)> = None;
        let mut issue: Option<String> = None;
        let headers = [
            t::COL_ORDER,
            t::COL_CUSTOMER,
            t::COL_STATUS,
            t::COL_ORDER_DATE,
            t::COL_LAST_SHIPPED,
            t::COL_LINES,
            t::COL_VALUE,
            t::COL_ACTION,
        ];
        TableBuilder::new(ui)
            .id_salt("kaidan_to_issue_table")
            .striped(true)
            // Fits 1024 wide with the action column whole (the customer name is clipped first).
            .column(Column::initial(150.0).at_least(120.0).resizable(true))
            .column(Column::initial(190.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(100.0).clip(true).resizable(true))
            .column(Column::initial(90.0))
            .column(Column::initial(90.0))
            .column(Column::initial(50.0))
            .column(Column::initial(100.0))
            .column(Column::remainder().at_least(110.0))
            .header(row_h, |mut header| crate::ui::widgets::head_row(&mut header, headers, lang))
            .body(|body| {
                body.rows(row_h, self.rows.len(), |mut row| {
                    let Some(item) = self.rows.get(row.index()) else {
                        return;
                    };
                    let has_customer = item.customer_id.is_some();
                    row.col(|ui| {
                        let mut checked = self.selected.contains(&item.number);
                        let response = ui
                            .add_enabled(has_customer, egui::Checkbox::new(&mut checked, item.number.as_str()))
                            .on_disabled_hover_text(t::NO_CUSTOMER.get(lang));
                        if response.changed() {
                            toggled = Some((item.number.clone(), checked));
                        }
                    });
                    order_cells(&mut row, &item.customer_code, &item.customer_name, item.status, item.order_date, lang);
                    row.col(|ui| {
                        ui.label(item.last_shipped.map(|date| date.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| widgets::right_cell(ui, item.lines.to_string()));
                    row.col(|ui| widgets::money_cell(ui, item.value));
                    row.col(|ui| {
                        let button = ui
                            .add_enabled(can_invoice && has_customer, egui::Button::new(common::ISSUE_INVOICE.get(lang)).small())
                            .on_disabled_hover_text(if can_invoice { t::NO_CUSTOMER.get(lang) } else { common::NOT_ALLOWED.get(lang) });
                        if button.clicked() {
                            issue = Some(item.number.clone());
                        }
                    });
                });
            });
        if let Some((number, checked)) = toggled {
            if checked {
                self.selected.insert(number);
            } else {
                self.selected.remove(&number);
            }
        }
        if let Some(number) = issue {
            self.selected.remove(&number);
            ctx.push(Action::IssueInvoice(number));
        }
    }

    pub(super) fn preview_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
        let Some(indices) = &self.preview else {
            return;
        };
        let lang = ctx.lang;
        let picked: Vec<&ToIssue> = indices.iter().filter_map(|&index| self.rows.get(index)).collect();
        let total: Decimal = picked.iter().map(|row| row.value).sum();
        let mut confirm = false;
        let modal = egui::Modal::new(egui::Id::unique("kaidan_issue_preview")).show(ui.ctx(), |ui| {
            ui.set_min_width(600.0);
            ui.heading(t::PREVIEW_TITLE.fill(lang, &[("count", &picked.len())]));
            ui.label(t::PREVIEW_HELP.get(lang));
            let row_h = row_height(ui);
            TableBuilder::new(ui)
                .id_salt("kaidan_issue_preview_table")
                .striped(true)
                .max_scroll_height(320.0)
                .column(Column::initial(170.0))
                .column(Column::initial(260.0).clip(true))
                .column(Column::remainder().at_least(110.0))
                .header(row_h, |mut header| crate::ui::widgets::head_row(&mut header, [t::COL_ORDER, t::COL_CUSTOMER, t::COL_VALUE], lang))
                .body(|body| {
                    body.rows(row_h, picked.len(), |mut row| {
                        let Some(item) = picked.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(&item.number);
                        });
                        row.col(|ui| {
                            ui.label(customer_label(&item.customer_code, &item.customer_name));
                        });
                        row.col(|ui| widgets::money_cell(ui, item.value));
                    });
                });
            ui.separator();
            ui.strong(t::PREVIEW_TOTAL.fill(lang, &[("value", &fmt_money(total))]));
            if let Some(note) = tax_note(&self.tax, lang) {
                ui.label(note);
            }
            ui.horizontal(|ui| {
                let go = ui.add_enabled(!picked.is_empty(), egui::Button::new(t::CONFIRM_ISSUE.fill(lang, &[("count", &picked.len())])));
                if go.clicked() {
                    confirm = true;
                    ui.close();
                }
                if ui.button(common::CANCEL.get(lang)).clicked() {
                    ui.close();
                }
            });
        });
        if confirm {
            let numbers: Vec<String> = picked.iter().map(|row| row.number.clone()).collect();
            for number in &numbers {
                self.selected.remove(number);
            }
            ctx.push(Action::IssueInvoices(numbers));
        }
        if confirm || modal.should_close() {
            self.preview = None;
        }
    }
}

/// What the tax rule adds to the values shown (before tax), if anything.
pub(super) fn tax_note(tax: &TaxRule, lang: Lang) -> Option<String> {
    if tax.rate_pct.is_zero() {
        None
    } else if tax.prices_include_tax {
        Some(t::TAX_INCLUDED.fill(lang, &[("rate", &fmt_pct(tax.rate_pct))]))
    } else {
        Some(t::TAX_ADDED.fill(lang, &[("rate", &fmt_pct(tax.rate_pct))]))
    }
}
