//! The order list beside the form: filters, sortable rows, open or copy an order, and the
//! batch print of every waiting dispatch slip.

use super::*;

/// The order list view.
#[derive(Debug, Default)]
pub(super) struct ListView {
    filter: OrderFilter,
    status: Option<OrderStatus>,
    from: String,
    to: String,
    rows: Vec<OrderSummary>,
    loaded: Option<(u64, OrderFilter)>,
    sort: Sort,
    /// The rows on their way, for a generation and filter.
    fetch: Fetch<Vec<OrderSummary>, (u64, OrderFilter)>,
}

impl OrderEntryTab {
    pub(super) fn list_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal_wrapped(|ui| {
            widgets::search_box(ui, &mut self.list.filter.text, ctx.t(t::SEARCH));
            widgets::combo(ui, "order_list_status", ctx.t(t::STATUS))
                .selected_text(self.list.status.map(|s| status_text(s, lang)).unwrap_or_else(|| ctx.t(t::ALL).to_string()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.list.status, None, t::ALL.get(lang));
                    for status in OrderStatus::ALL {
                        ui.selectable_value(&mut self.list.status, Some(*status), status_text(*status, lang));
                    }
                });
            let label = ui.label(ctx.t(t::CUSTOMER));
            ui.add(egui::TextEdit::singleline(&mut self.list.filter.customer_code).desired_width(90.0)).labelled_by(label.id);
            let label = ui.label(ctx.t(t::FROM));
            ui.add(egui::TextEdit::singleline(&mut self.list.from).desired_width(95.0).hint_text("YYYY-MM-DD")).labelled_by(label.id);
            let label = ui.label(ctx.t(t::TO));
            ui.add(egui::TextEdit::singleline(&mut self.list.to).desired_width(95.0).hint_text("YYYY-MM-DD")).labelled_by(label.id);
        });
        let mut filter = self.list.filter.clone();
        filter.status = self.list.status;
        filter.from = NaiveDate::parse_from_str(self.list.from.trim(), "%Y-%m-%d").ok();
        filter.to = NaiveDate::parse_from_str(self.list.to.trim(), "%Y-%m-%d").ok();
        filter.limit = 5000;
        let key = (ctx.generation, filter);
        if self.list.loaded.as_ref() != Some(&key) {
            let filter = key.1.clone();
            self.list.fetch.ask_once(ctx.at(), key, move |store| store.list_orders(&filter));
        }
        if let Some((key, answer)) = self.list.fetch.answer() {
            self.list.rows = answer.unwrap_or_else(|error| {
                self.read_error = Some(error);
                vec![]
            });
            self.list.loaded = Some(key);
            self.apply_list_sort();
        }
        ui.horizontal(|ui| {
            ui.label(RichText::new(t::ROWS.fill(lang, &[("count", &self.list.rows.len())])).small());
            if self.list.fetch.is_waiting() {
                crate::ui::fetch::loading_ui(ui, lang);
            }
            ui.separator();
            if ui.button(t::PRINT_ALL_DISPATCH.get(lang)).on_hover_text(t::PRINT_ALL_DISPATCH_HINT.get(lang)).clicked() {
                self.print = Some((DocKind::Dispatch, PathPicker::new(&format!("dispatch-{}.pdf", ctx.today), true, &["pdf"])));
                self.batch = true;
            }
        });
        if self.batch {
            self.batch_print_ui(ui, ctx);
        }
        let mut open = None;
        let mut resort = false;
        egui_extras::TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .column(egui_extras::Column::auto().at_least(120.0))
            .column(egui_extras::Column::auto().at_least(90.0))
            .column(egui_extras::Column::initial(220.0).clip(true))
            .column(egui_extras::Column::auto().at_least(140.0))
            .column(egui_extras::Column::auto().at_least(90.0))
            .column(egui_extras::Column::auto().at_least(90.0))
            .column(egui_extras::Column::auto().at_least(100.0))
            .column(egui_extras::Column::remainder())
            .header(24.0, |mut header| {
                for (index, title) in
                    [t::NUMBER, t::DATE, t::CUSTOMER, t::STATUS, t::DELIVERY_DATE, t::PRIORITY, t::TOTAL, t::ENTERED_BY].iter().enumerate()
                {
                    header.col(|ui| {
                        resort |= self.list.sort.header(ui, index, title.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, self.list.rows.len(), |mut row| {
                    let order = &self.list.rows[row.index()];
                    row.col(|ui| {
                        ui.label(RichText::new(&order.number).monospace());
                    });
                    row.col(|ui| {
                        ui.label(order.order_date.to_string());
                    });
                    row.col(|ui| {
                        ui.label(format!("{} {}", order.customer_code, order.customer_name));
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(status_text(order.status, lang)).color(status_color(order.status)));
                    });
                    row.col(|ui| {
                        ui.label(order.delivery_date.map(|d| d.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        if order.priority == Priority::Urgent {
                            ui.label(RichText::new(t::URGENT.get(lang)).color(widgets::BLOCK).strong());
                        }
                    });
                    row.col(|ui| widgets::money_cell(ui, order.total));
                    row.col(|ui| {
                        ui.label(&order.created_by);
                    });
                    if row.response().clicked() {
                        open = Some(order.number.clone());
                    }
                });
            });
        if resort {
            self.apply_list_sort();
        }
        if let Some(number) = open {
            ctx.push(Action::OpenOrder(number));
        }
    }

    /// The batch of every confirmed, not fully shipped order's dispatch slip, urgent first.
    pub(super) fn batch_print_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let Some((_, picker)) = &mut self.print else {
            self.batch = false;
            return;
        };
        let mut done = None;
        // How many slips, read once when the panel opens (not every frame).
        if self.batch_numbers.is_none() {
            self.batch_fetch.ask_once(ctx.at(), (), crate::documents::dispatch_batch);
        }
        if let Some(((), answer)) = self.batch_fetch.answer() {
            self.batch_numbers = Some(answer.unwrap_or_else(|error| {
                self.read_error = Some(error);
                vec![]
            }));
        }
        let Some(numbers) = self.batch_numbers.clone() else {
            crate::ui::fetch::loading_ui(ui, lang);
            return;
        };
        // The preview of the whole batch; its Print is this prompt's Print.
        let print_now = crate::ui::preview::show(&mut self.preview, ui, ctx);
        let mut open_preview = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(t::PRINT_ALL_DISPATCH.get(lang)).strong());
            ui.label(t::BATCH_COUNT.fill(lang, &[("count", &numbers.len())]));
            picker.ui(ui, lang);
            let exists = std::path::Path::new(picker.path.trim()).exists();
            ui.horizontal(|ui| {
                let label = if exists { t::REPLACE_AND_PRINT.get(lang) } else { t::PRINT.get(lang) };
                if ui.add_enabled(!numbers.is_empty(), egui::Button::new(label)).clicked() || (print_now && !numbers.is_empty()) {
                    done = Some(picker.take());
                }
                if ui.add_enabled(!numbers.is_empty(), egui::Button::new(t::PREVIEW.get(lang))).clicked() {
                    open_preview = true;
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    done = Some(None);
                }
            });
        });
        if open_preview {
            self.preview = Some(crate::ui::preview::PrintPreview::new(DocKind::Dispatch, numbers.clone()));
        }
        if let Some(path) = done {
            if let Some(path) = path {
                ctx.push(Action::Print { kind: DocKind::Dispatch, numbers, path });
            }
            self.print = None;
            self.batch = false;
            self.batch_numbers = None;
            self.preview = None;
        }
    }

    pub(super) fn apply_list_sort(&mut self) {
        let sort = self.list.sort;
        if !sort.chosen {
            return;
        }
        self.list.rows.sort_by(|a, b| {
            let ordering = match sort.column {
                0 => a.number.cmp(&b.number),
                1 => a.order_date.cmp(&b.order_date),
                2 => a.customer_code.cmp(&b.customer_code),
                3 => a.status.cmp(&b.status),
                4 => a.delivery_date.cmp(&b.delivery_date),
                5 => b.priority.cmp(&a.priority),
                6 => a.total.cmp(&b.total),
                _ => a.created_by.cmp(&b.created_by),
            };
            sort.order(ordering)
        });
    }
}
