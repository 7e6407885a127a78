//! The order's line grid: SKU with suggestions, quantity, price, discount, what each line's
//! check found, the one-click fixes and the backorder split.

use super::*;

/// A fixed-width cell of a form row, so the rows line up as columns.
/// The width of a line's gift toggle.
const GIFT_WIDTH: f32 = 34.0;

pub(super) fn cell<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.allocate_ui_with_layout(egui::vec2(width, 26.0), egui::Layout::left_to_right(egui::Align::Center), |ui| {
        ui.set_min_width(width);
        ui.set_max_width(width);
        add(ui)
    })
    .inner
}

/// Draw an input inside a coloured frame (red block, amber warning).
pub(super) fn framed(ui: &mut Ui, color: Option<Color32>, add: impl FnOnce(&mut Ui) -> egui::Response) -> egui::Response {
    let stroke = color.map(|c| egui::Stroke::new(2.0, c)).unwrap_or(egui::Stroke::NONE);
    egui::Frame::new().stroke(stroke).corner_radius(3).inner_margin(1).show(ui, add).inner
}

impl OrderEntryTab {
    pub(super) fn lines_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        self.field_messages_ui(ui, "lines", None, lang);
        let mut remove = None;
        let mut add_line = false;
        let line_count = self.form.lines.len();
        // Column widths fit the window: at 1024×768 (many shop PCs) every column, the line total,
        // the available figure and the delete button stay visible; the product name takes what
        // is left.
        let spacing = ui.spacing().item_spacing.x * 10.0 + GIFT_WIDTH;
        let compact = ui.available_width() < 940.0;
        let mut widths: [f32; 10] = if compact {
            [22.0, 96.0, 0.0, 60.0, 40.0, 80.0, 52.0, 88.0, 64.0, 26.0]
        } else {
            [24.0, 120.0, 0.0, 70.0, 44.0, 90.0, 60.0, 100.0, 80.0, 28.0]
        };
        let others: f32 = widths.iter().sum();
        widths[2] = (ui.available_width() - others - spacing - 4.0).clamp(80.0, 250.0);
        let widths = widths;
        ui.horizontal(|ui| {
            for (title, width) in [t::LINE_NO, t::SKU, t::PRODUCT, t::QTY, t::UNIT, t::UNIT_PRICE, t::DISCOUNT, t::LINE_TOTAL, t::AVAILABLE]
                .iter()
                .zip(widths)
            {
                cell(ui, width, |ui| {
                    ui.label(RichText::new(title.get(lang)).strong());
                });
            }
        });
        ui.separator();
        let mut line_no = 0;
        for index in 0..line_count {
            let blank = self.form.lines[index].is_blank();
            let number = if blank {
                None
            } else {
                line_no += 1;
                Some(line_no)
            };
            let view = number.and_then(|n| self.check.lines.get(n - 1)).cloned().unwrap_or_default();
            let mut next_focus = None;
            let mut sku_response = None;
            ui.horizontal(|ui| {
                cell(ui, widths[0], |ui| {
                    ui.label(number.map(|n| n.to_string()).unwrap_or_default());
                });
                // SKU with the product picker below the row.
                // Fixed ids: what the live checks show around the grid may change the number of
                // widgets before it between frames (they answer from their thread), and a field
                // keyed by its place would lose the focus while the clerk types in it.
                let sku_id = egui::Id::unique(("kaidan_order_line", "sku", index));
                let color = self.line_color(number, &["sku"]);
                let response = cell(ui, widths[1], |ui| {
                    framed(ui, color, |ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut self.form.lines[index].sku)
                                .id(sku_id)
                                .desired_width(widths[1] - 8.0)
                                .hint_text(ctx.t(t::SKU_HINT)),
                        )
                        .on_hover_text(t::LINE_KEYS_HINT.get(lang))
                        .accessible_name(format!("{} {}", t::SKU.get(lang), index + 1))
                    })
                });
                if response.has_focus() {
                    self.active_sku_line = Some(index);
                    self.ask_products(ctx, index);
                }
                self.take_products();
                if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    if self.product_query.as_ref().is_some_and(|(line, query)| *line == index && *query == self.form.lines[index].sku) {
                        self.pick_product(index);
                    } else if !self.form.lines[index].sku.trim().is_empty() {
                        // Typed faster than the suggestions came: the first one is taken when they do.
                        self.ask_products(ctx, index);
                        self.pick_when_answered = Some(Focus::Line(index, "sku"));
                    }
                    next_focus = Some(Focus::Line(index, "qty"));
                }
                self.take_focus(&response, index, "sku");
                sku_response = Some(response);
                cell(ui, widths[2], |ui| {
                    ui.add(egui::Label::new(&view.name).truncate()).on_hover_text(&view.name);
                });
                let gift = self.form.lines[index].gift;
                for (field, width) in [("qty", widths[3]), ("unit_price", widths[5]), ("discount_pct", widths[6])] {
                    let color = self.line_color(number, &[field]);
                    // A gift has no price or discount to type: the fields say so and rest.
                    let priced = !(gift && field != "qty");
                    let hint = match field {
                        _ if !priced => t::GIFT.get(lang).to_string(),
                        "unit_price" if number.is_some() => view.unit_price.normalize().to_string(),
                        "discount_pct" if number.is_some() => fmt_qty(view.discount_pct),
                        _ => String::new(),
                    };
                    let name = match field {
                        "qty" => t::QTY,
                        "unit_price" => t::UNIT_PRICE,
                        _ => t::DISCOUNT,
                    };
                    let line = &mut self.form.lines[index];
                    let value = match field {
                        "qty" => &mut line.qty,
                        "unit_price" => &mut line.unit_price,
                        _ => &mut line.discount_pct,
                    };
                    let response = cell(ui, width, |ui| {
                        framed(ui, color, |ui| {
                            ui.add_enabled(
                                priced,
                                egui::TextEdit::singleline(value)
                                    .id(egui::Id::unique(("kaidan_order_line", field, index)))
                                    .desired_width(width - 8.0)
                                    .hint_text(hint)
                                    .align(egui::Align2::RIGHT_CENTER),
                            )
                            .accessible_name(format!("{} {}", name.get(lang), index + 1))
                        })
                    });
                    self.take_focus(&response, index, field);
                    if response.has_focus() {
                        self.active_sku_line = Some(index);
                    }
                    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        next_focus = Some(match field {
                            "qty" => Focus::Line(index, "unit_price"),
                            "unit_price" => Focus::Line(index, "discount_pct"),
                            _ => {
                                if index + 1 >= line_count {
                                    add_line = true;
                                }
                                Focus::Line(index + 1, "sku")
                            }
                        });
                    }
                    if field == "qty" {
                        cell(ui, widths[4], |ui| {
                            ui.label(&view.unit);
                        });
                    }
                }
                cell(ui, widths[7], |ui| {
                    if number.is_some() {
                        widgets::money_cell(ui, view.line_total);
                    }
                });
                cell(ui, widths[8], |ui| {
                    if let (Some(_), Some(available)) = (number, view.available) {
                        let qty = parse_decimal(&self.form.lines[index].qty).unwrap_or_default();
                        let color = if qty > available { widgets::WARN } else { ui.visuals().text_color() };
                        widgets::right_cell(ui, RichText::new(fmt_qty(available)).color(color));
                    }
                });
                cell(ui, GIFT_WIDTH, |ui| {
                    let line = &mut self.form.lines[index];
                    let toggled = ui
                        .add(egui::Button::selectable(line.gift, t::GIFT_SHORT.get(lang)).small())
                        .on_hover_text(t::GIFT_HINT.get(lang))
                        .accessible_name(format!("{} {}", t::GIFT.get(lang), index + 1));
                    if toggled.clicked() {
                        line.gift = !line.gift;
                        if line.gift {
                            line.unit_price.clear();
                            line.discount_pct.clear();
                        }
                    }
                });
                if ui
                    .small_button("×")
                    .on_hover_text(format!("{} ({})", t::DELETE_LINE.get(lang), ui.ctx().format_shortcut(&DELETE_LINE)))
                    .clicked()
                {
                    remove = Some(index);
                }
            });
            if let Some(focus) = next_focus {
                self.focus = Some(focus);
            }
            // Product picker under the active SKU field.
            let sku_focused = sku_response.as_ref().is_some_and(|r| r.has_focus());
            if self.active_sku_line == Some(index) && sku_focused && !self.product_results.is_empty() {
                let typed = self.form.lines[index].sku.trim().to_string();
                if !self.product_results.iter().any(|p| p.sku == typed) {
                    ui.indent(("picker", index), |ui| {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            for product in self.product_results.clone() {
                                let text = format!(
                                    "{}  {} {}  {} {}  {}",
                                    product.sku,
                                    product.name,
                                    product.spec,
                                    t::AVAILABLE.get(lang),
                                    fmt_qty(product.available()),
                                    fmt_money(product.price)
                                );
                                if ui.selectable_label(false, text).clicked() {
                                    self.form.lines[index].sku = product.sku.clone();
                                    self.focus = Some(Focus::Line(index, "qty"));
                                }
                            }
                        });
                    });
                }
            }
            // What has left the warehouse of this line, and what is still to ship.
            if let Some((ordered, shipped)) = view.shipped {
                ui.indent(("shipped", index), |ui| {
                    let open = (ordered - shipped).max(Decimal::ZERO);
                    ui.label(
                        RichText::new(
                            t::LINE_SHIPPED
                                .fill(lang, &[("shipped", &fmt_qty(shipped)), ("ordered", &fmt_qty(ordered)), ("open", &fmt_qty(open))]),
                        )
                        .small()
                        .color(widgets::INFO),
                    );
                });
            }
            // Findings of this line, under it, with one-click fixes.
            if let Some(number) = number {
                let line_findings: Vec<Finding> = self.check.findings.iter().filter(|f| f.line == Some(number)).cloned().collect();
                let parse_errors: Vec<FormError> = self.check.errors.iter().filter(|e| e.line == Some(number)).cloned().collect();
                if !line_findings.is_empty() || !parse_errors.is_empty() {
                    ui.indent(("findings", index), |ui| {
                        for error in &parse_errors {
                            ui.label(RichText::new(error.text.get(lang)).color(widgets::BLOCK).small());
                        }
                        for finding in &line_findings {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(finding.message.render(lang)).color(severity_color(finding.severity)).small());
                                if self.check.approved.contains(&finding.fingerprint()) {
                                    ui.label(RichText::new(t::APPROVED_MARK.get(lang)).color(widgets::OK).small());
                                } else {
                                    self.fix_button_ui(ui, ctx, index, finding);
                                }
                            });
                        }
                    });
                }
            }
        }
        if let Some(index) = remove {
            self.form.lines.remove(index);
            if self.form.lines.is_empty() {
                self.form.lines.push(LineForm::default());
            }
        }
        if add_line || self.form.lines.last().is_some_and(|line| !line.is_blank()) {
            self.form.lines.push(LineForm::default());
        }
        ui.horizontal(|ui| {
            if ui.button(ctx.t(t::ADD_LINE)).on_hover_text(ui.ctx().format_shortcut(&NEW_LINE)).clicked() {
                self.form.lines.push(LineForm::default());
                self.focus = Some(Focus::Line(self.form.lines.len() - 1, "sku"));
            }
        });
    }

    pub(super) fn line_color(&self, number: Option<usize>, fields: &[&str]) -> Option<Color32> {
        let number = number?;
        fields.iter().filter_map(|field| self.worst(field, Some(number))).min_by_key(|s| *s as u8).map(severity_color)
    }

    pub(super) fn take_focus(&mut self, response: &egui::Response, index: usize, field: &'static str) {
        if self.focus == Some(Focus::Line(index, field)) {
            response.request_focus();
            self.focus = None;
        }
    }

    /// The one-click fix a finding offers, if its fix is obvious.
    pub(super) fn fix_button_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>, index: usize, finding: &Finding) {
        let lang = ctx.lang;
        match finding.code {
            Code::PriceMismatch => {
                if let Some(reference) = arg(finding, "reference")
                    && ui.small_button(t::FIX_USE_PRICE.fill(lang, &[("price", &reference)])).clicked()
                {
                    self.form.lines[index].unit_price = reference.to_string();
                }
            }
            Code::DiscountNotApplied => {
                if let Some(agreed) = arg(finding, "agreed")
                    && ui.small_button(t::FIX_APPLY_DISCOUNT.fill(lang, &[("pct", &agreed)])).clicked()
                {
                    self.form.lines[index].discount_pct = agreed.to_string();
                }
            }
            Code::DiscountTooHigh => {
                if let Some(max) = arg(finding, "max")
                    && ui.small_button(t::FIX_MAX_DISCOUNT.fill(lang, &[("pct", &max)])).clicked()
                {
                    self.form.lines[index].discount_pct = max.to_string();
                }
            }
            Code::StockShort => {
                let available = arg(finding, "available").and_then(parse_decimal).unwrap_or_default();
                let short = arg(finding, "short").and_then(parse_decimal).unwrap_or_default();
                // One split (or save) of the form at a time: a second press would split twice.
                let idle = self.saving.is_none();
                if short > Decimal::ZERO
                    && ui
                        .add_enabled(idle, egui::Button::new(t::FIX_BACKORDER.fill(lang, &[("short", &fmt_qty(short))])).small())
                        .on_hover_text(t::FIX_BACKORDER_HINT.get(lang))
                        .on_disabled_hover_text(t::SAVING.get(lang))
                        .clicked()
                {
                    // Nothing changes here, in the middle of drawing the lines: the split is one
                    // action, applied after the frame in one transaction, and the form follows
                    // only when it succeeded (see `after_split`).
                    let (mut backorder, _) = self.form.parse();
                    let sku = self.form.lines[index].sku.trim().to_string();
                    backorder.lines = vec![LineInput {
                        sku,
                        qty: short,
                        unit_price: None,
                        discount_pct: None,
                        line_total: None,
                        gift: self.form.lines[index].gift,
                    }];
                    backorder.note = t::BACKORDER_NOTE.fill(lang, &[("note", &backorder.note)]);
                    backorder.payment = None;
                    let mut kept_form = self.form.clone();
                    if available > Decimal::ZERO {
                        kept_form.lines[index].qty = fmt_qty(available);
                    } else {
                        kept_form.lines.remove(index);
                    }
                    let (kept, _) = kept_form.parse();
                    let original = self.editing.as_ref().map(|editing| (editing.number.clone(), editing.version));
                    self.split_form = Some(kept_form);
                    self.start_saving();
                    ctx.push(Action::SplitBackorder { original, kept, backorder });
                }
            }
            _ => {}
        }
    }
}

impl OrderEntryTab {
    /// Ask for the products matching what is typed in line `index`'s SKU field, unless they
    /// are shown or on their way (nothing typed: no suggestions).
    fn ask_products(&mut self, ctx: &TabCtx<'_>, index: usize) {
        // An Enter-pick left waiting on another line is dropped: the clerk has moved on.
        if matches!(self.pick_when_answered, Some(Focus::Line(line, _)) if line != index) {
            self.pick_when_answered = None;
        }
        let Some(line) = self.form.lines.get(index) else { return };
        let key = (index, line.sku.clone());
        if self.product_query.as_ref() == Some(&key) {
            return;
        }
        if key.1.trim().is_empty() {
            self.fetches.products.forget();
            self.product_results.clear();
            self.product_query = Some(key);
            return;
        }
        let query = key.1.clone();
        self.fetches.products.ask_once(ctx.at(), key, move |store| store.search_products(&query, 8, true));
    }

    /// Take the product suggestions that came (and the pick Enter left waiting for them).
    fn take_products(&mut self) {
        let Some((key, answer)) = self.fetches.products.answer() else { return };
        self.product_results = self.read_or_say(answer);
        let index = key.0;
        let current = self.form.lines.get(index).is_some_and(|line| line.sku == key.1);
        self.product_query = Some(key);
        if self.pick_when_answered == Some(Focus::Line(index, "sku")) {
            // Taken only while the line still holds what Enter was pressed on.
            self.pick_when_answered = None;
            if current {
                self.pick_product(index);
            }
        }
    }

    /// Enter in line `index`'s SKU field: the first suggestion, unless the SKU typed is one.
    fn pick_product(&mut self, index: usize) {
        let Some(line) = self.form.lines.get_mut(index) else { return };
        let typed = line.sku.trim().to_string();
        if let Some(first) = self.product_results.first()
            && !self.product_results.iter().any(|p| p.sku == typed)
        {
            line.sku = first.sku.clone();
        }
    }
}
