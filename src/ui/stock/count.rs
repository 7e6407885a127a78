//! The stock count sheet: counted quantities typed beside the list, checked as typed, booked
//! in one go as corrections.

use super::*;

/// One cell of the count sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Count {
    Empty,
    Value(Decimal),
    Bad,
}

/// Parse a counted quantity: empty is no count; a count is a number of 0 or more with at most
/// the stored decimals, whole when the product is not divisible.
pub(super) fn parse_count(text: &str, divisible: bool) -> Count {
    if text.trim().is_empty() {
        return Count::Empty;
    }
    match check_qty(text, divisible) {
        Ok(qty) if qty >= Decimal::ZERO => Count::Value(qty),
        _ => Count::Bad,
    }
}

/// One product to book in a stock count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CountLine {
    pub(super) id: i64,
    pub(super) sku: String,
    pub(super) qty: Decimal,
}

/// Every product with a counted value, in list order; or the SKUs whose value is not a count.
pub(super) fn collect_counts(products: &[Product], counted: &HashMap<i64, String>) -> Result<Vec<CountLine>, Vec<String>> {
    let mut lines = vec![];
    let mut bad = vec![];
    for product in products {
        let Some(text) = counted.get(&product.id) else { continue };
        match parse_count(text, product.divisible) {
            Count::Empty => {}
            Count::Value(qty) => lines.push(CountLine { id: product.id, sku: product.sku.clone(), qty }),
            Count::Bad => bad.push(product.sku.clone()),
        }
    }
    if bad.is_empty() { Ok(lines) } else { Err(bad) }
}

impl StockTab {
    pub(super) fn count_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_count = permits(ctx.role, Permission::MoveStock);
        ui.label(tm::COUNT_HELP.get(lang));
        let mut book = false;
        ui.horizontal_wrapped(|ui| {
            let ready = can_count && !self.counted.is_empty();
            let button = ui.add_enabled(ready, egui::Button::new(tm::BOOK_COUNT.get(lang)));
            if button.clicked() {
                book = true;
            }
            if ui.add_enabled(!self.counted.is_empty(), egui::Button::new(tm::CLEAR_COUNTS.get(lang))).clicked() {
                self.counted.clear();
                self.count_message = None;
            }
            ui.weak(tm::COUNTED_N.fill(lang, &[("n", &self.counted.len())]));
        });
        if !can_count {
            ui.weak(tm::NOT_ALLOWED.get(lang));
        }
        if book {
            match collect_counts(self.card.list.rows(), &self.counted) {
                Ok(lines) if lines.is_empty() => self.count_message = Some(tm::NOTHING_COUNTED.get(lang).to_string()),
                Ok(lines) => {
                    self.pending_count = lines.iter().map(|line| (line.id, line.qty)).collect();
                    self.pending_since = ctx.generation;
                    ctx.push(Action::BookCount(lines.into_iter().map(|line| (line.sku, line.qty)).collect()));
                    self.count_message = None;
                }
                Err(bad) => self.count_message = Some(tm::COUNT_BAD.fill(lang, &[("skus", &bad.join(", "))])),
            }
        }
        if let Some(message) = &self.count_message {
            ui.colored_label(widgets::BLOCK, message);
        }
        ui.separator();
        if self.card.list.shown() == 0 {
            let text = if self.card.list.rows().is_empty() { tm::NO_PRODUCTS } else { tm::NO_MATCH };
            ui.weak(text.get(lang));
            return;
        }
        let height = row_height(ui) + 4.0;
        let list = &self.card.list;
        let counted = &mut self.counted;
        TableBuilder::new(ui)
            .id_salt("kaidan_count_table")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(110.0).at_least(50.0).resizable(true).clip(true))
            .column(Column::initial(220.0).at_least(80.0).resizable(true).clip(true))
            .column(Column::initial(60.0).at_least(36.0).resizable(true).clip(true))
            .column(Column::initial(90.0).at_least(50.0).resizable(true).clip(true))
            .column(Column::initial(120.0).at_least(80.0).resizable(true))
            .column(Column::remainder().at_least(80.0).clip(true))
            .header(height, |mut header| {
                crate::ui::widgets::head_row(
                    &mut header,
                    [tm::COL_SKU, tm::COL_NAME, tm::COL_UNIT, tm::COL_ON_HAND, tm::COL_COUNTED, tm::COL_DIFFERENCE],
                    lang,
                )
            })
            .body(|body| {
                body.rows(height, list.shown(), |mut row| {
                    let Some(product) = list.shown_row(row.index()) else { return };
                    row.col(|ui| text_cell(ui, &product.sku));
                    row.col(|ui| text_cell(ui, &product.name));
                    row.col(|ui| text_cell(ui, &product.unit));
                    row.col(|ui| widgets::right_cell(ui, fmt_qty(product.on_hand)));
                    row.col(|ui| {
                        let mut text = counted.get(&product.id).cloned().unwrap_or_default();
                        let bad = parse_count(&text, product.divisible) == Count::Bad;
                        let edit = egui::TextEdit::singleline(&mut text)
                            .desired_width(100.0)
                            .id(egui::Id::unique(("kaidan_stock_count", product.id)))
                            .text_color_opt(bad.then_some(widgets::BLOCK));
                        let response =
                            ui.add_enabled(can_count, edit).accessible_name(tm::COUNTED_FOR.fill(lang, &[("sku", &product.sku)]));
                        if response.changed() {
                            if text.trim().is_empty() {
                                counted.remove(&product.id);
                            } else {
                                counted.insert(product.id, text);
                            }
                        }
                    });
                    row.col(|ui| {
                        let cell = counted.get(&product.id).map(|text| parse_count(text, product.divisible)).unwrap_or(Count::Empty);
                        match cell {
                            Count::Empty => {}
                            Count::Value(qty) => {
                                let difference = qty - product.on_hand;
                                let text = RichText::new(signed_qty(difference));
                                let text = if difference.is_zero() { text.weak() } else { text.color(widgets::WARN).strong() };
                                widgets::right_cell(ui, text);
                            }
                            Count::Bad => {
                                ui.colored_label(widgets::BLOCK, tm::ERR_COUNT.get(lang));
                            }
                        }
                    });
                });
            });
    }
}
