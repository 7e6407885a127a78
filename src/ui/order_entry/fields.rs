//! The form's header fields (customer with its suggestions, dates, payment, note) and their
//! messages from the live check.

use super::*;

impl OrderEntryTab {
    pub(super) fn header_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal(|ui| match &self.editing {
            Some(editing) => {
                ui.heading(RichText::new(t::ORDER_NUMBER.fill(lang, &[("number", &editing.number)])).strong());
                widgets::tag(ui, &status_text(editing.status, lang), status_color(editing.status));
                ui.label(RichText::new(t::ENTERED_BY_NAME.fill(lang, &[("user", &editing.created_by)])).small());
            }
            None => {
                ui.heading(RichText::new(ctx.t(t::NEW_ORDER)).strong());
            }
        });
    }

    pub(super) fn field_messages_ui(&self, ui: &mut Ui, field: &str, line: Option<usize>, lang: Lang) {
        for error in self.check.errors.iter().filter(|e| e.field == field && e.line == line) {
            ui.label(RichText::new(error.text.get(lang)).color(widgets::BLOCK).small());
        }
        for finding in self.findings_for(field, line) {
            ui.label(RichText::new(finding.message.render(lang)).color(severity_color(finding.severity)).small());
        }
    }

    pub(super) fn fields_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        // Customer with its picker.
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new(ctx.t(t::CUSTOMER)).strong());
            // Fixed ids for the form's fields (see `lines_ui`): the focus stays while answers come.
            let id = egui::Id::unique("kaidan_order_customer");
            let response = framed(ui, self.worst("customer", None).map(severity_color), |ui| {
                ui.add(egui::TextEdit::singleline(&mut self.form.customer).id(id).desired_width(260.0).hint_text(ctx.t(t::CUSTOMER_HINT)))
                    .labelled_by(label.id)
            });
            if self.focus == Some(Focus::Customer) {
                response.request_focus();
                self.focus = None;
            }
            self.customer_focused = response.has_focus();
            if response.has_focus() {
                self.ask_customers(ctx);
            }
            self.take_customers();
            // Arrow keys move through the suggestions; Enter takes the highlighted one.
            if response.has_focus() && !self.customer_results.is_empty() {
                let last = self.customer_results.len() - 1;
                if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowDown)) {
                    self.customer_pick = (self.customer_pick + 1).min(last);
                }
                if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowUp)) {
                    self.customer_pick = self.customer_pick.saturating_sub(1);
                }
            }
            if let Some(customer) = &self.check.customer {
                ui.label(RichText::new(&customer.name).strong());
            }
            if let Some(number) = self.latest_order_of_customer() {
                let date = self
                    .last_orders
                    .iter()
                    .find(|order| order.number == number)
                    .map(|order| order.order_date.to_string())
                    .unwrap_or_default();
                if ui
                    .small_button(t::SAME_AS_LAST.get(lang))
                    .on_hover_text(t::SAME_AS_LAST_HINT.fill(lang, &[("number", &number), ("date", &date)]))
                    .clicked()
                {
                    ctx.push(Action::CopyOrder(number));
                }
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                if self.customer_query.as_deref() == Some(self.form.customer.as_str()) {
                    self.pick_customer();
                } else if !self.form.customer.trim().is_empty() {
                    // Typed faster than the suggestions came: the first one is taken when they do.
                    self.ask_customers(ctx);
                    self.pick_when_answered = Some(Focus::Customer);
                }
                self.focus = Some(Focus::Line(0, "sku"));
            }
        });
        if self.customer_focused
            && !self.customer_results.is_empty()
            && self.customer_results.iter().all(|c| c.code != self.form.customer.trim())
        {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                for (index, customer) in self.customer_results.clone().into_iter().enumerate() {
                    let text = format!("{}  {}  {}", customer.code, customer.name, customer.phone);
                    if ui.selectable_label(index == self.customer_pick, text).clicked() {
                        self.form.customer = customer.code.clone();
                        self.customer_results.clear();
                        self.focus = Some(Focus::Line(0, "sku"));
                    }
                }
            });
        }
        // While the clerk is still choosing among suggestions, "does not exist" would be wrong.
        let choosing = self.customer_focused && !self.customer_results.is_empty();
        if !choosing {
            self.field_messages_ui(ui, "customer", None, lang);
        }
        ui.horizontal_wrapped(|ui| {
            // Dates as clerks type them (12-5, 5/12, today, +3): written out in full on leaving the field.
            let label = ui.label(ctx.t(t::ORDER_DATE));
            let order_date = framed(ui, self.worst("order_date", None).map(severity_color), |ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.form.order_date)
                        .id(egui::Id::unique("kaidan_order_date"))
                        .desired_width(100.0)
                        .hint_text(ctx.today.to_string()),
                )
                .labelled_by(label.id)
                .on_hover_text(t::DATE_HINT.get(lang))
            });
            // Normalised when the field is left (tracked here: a field left by a click elsewhere
            // does not always report lost focus).
            if self.date_focus[0]
                && !order_date.has_focus()
                && let Some(date) = crate::domain::dates::parse_date_input(&self.form.order_date, ctx.today)
            {
                self.form.order_date = date.to_string();
            }
            widgets::calendar_ui(ui, "order_calendar", &mut self.form.order_date, ctx.today, lang);
            self.date_focus[0] = order_date.has_focus();
            let label = ui.label(ctx.t(t::DELIVERY_DATE));
            let delivery_date = framed(ui, self.worst("delivery_date", None).map(severity_color), |ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.form.delivery_date)
                        .id(egui::Id::unique("kaidan_order_delivery"))
                        .desired_width(100.0)
                        .hint_text(t::DATE_PLACEHOLDER.get(lang)),
                )
                .labelled_by(label.id)
                .on_hover_text(t::DATE_HINT.get(lang))
            });
            widgets::calendar_ui(ui, "delivery_calendar", &mut self.form.delivery_date, ctx.today, lang);
            if self.date_focus[1]
                && !delivery_date.has_focus()
                && let Some(date) = crate::domain::dates::parse_date_input(&self.form.delivery_date, ctx.today)
            {
                self.form.delivery_date = date.to_string();
            }
            self.date_focus[1] = delivery_date.has_focus();
            // A label and its drop-down wrap to the next line together, never apart.
            widgets::keep_together(ui, 190.0);
            ui.horizontal(|ui| {
                widgets::combo(ui, "delivery_method", ctx.t(t::DELIVERY))
                    .selected_text(if self.form.delivery == Delivery::Delivery {
                        t::DELIVERY_DELIVERY.get(lang)
                    } else {
                        t::DELIVERY_PICKUP.get(lang)
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.form.delivery, Delivery::Pickup, t::DELIVERY_PICKUP.get(lang));
                        ui.selectable_value(&mut self.form.delivery, Delivery::Delivery, t::DELIVERY_DELIVERY.get(lang));
                    });
            });
        });
        self.field_messages_ui(ui, "order_date", None, lang);
        self.field_messages_ui(ui, "delivery_date", None, lang);
        ui.horizontal_wrapped(|ui| {
            // Priority opens this row: at 1024 wide the date row has no room left for it, and a
            // label wrapped away from its dropdown reads as belonging to nothing.
            widgets::combo(ui, "priority", ctx.t(t::PRIORITY))
                .selected_text(if self.form.priority == Priority::Urgent { t::URGENT.get(lang) } else { t::NORMAL.get(lang) })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.form.priority, Priority::Normal, t::NORMAL.get(lang));
                    ui.selectable_value(&mut self.form.priority, Priority::Urgent, t::URGENT.get(lang));
                });
            // Left open, the order takes the customer's habit: cash (现结) or on account (月结).
            let habit = self
                .check
                .customer
                .as_ref()
                .map(|customer| t::PAYMENT_HABIT.fill(lang, &[("method", &method_text(customer.account.default_payment(), lang))]));
            widgets::combo(ui, "payment_method", ctx.t(t::PAYMENT))
                .selected_text(
                    self.form.payment_method.map(|m| method_text(m, lang).to_string()).or(habit).unwrap_or(t::NONE.get(lang).to_string()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.form.payment_method, None, t::NONE.get(lang));
                    for method in PaymentMethod::ALL {
                        ui.selectable_value(&mut self.form.payment_method, Some(*method), method_text(*method, lang));
                    }
                });
            let reference_color = self.worst("payment.reference", None).map(severity_color);
            widgets::keep_together(ui, 220.0);
            ui.horizontal(|ui| {
                let label = ui.label(ctx.t(t::PAYMENT_REFERENCE));
                framed(ui, reference_color, |ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.form.payment_reference)
                            .id(egui::Id::unique("kaidan_order_reference"))
                            .desired_width(120.0),
                    )
                    .labelled_by(label.id)
                });
            });
            let amount_color = self.worst("payment.amount", None).map(severity_color);
            widgets::keep_together(ui, 180.0);
            ui.horizontal(|ui| {
                let label = ui.label(ctx.t(t::PAYMENT_AMOUNT));
                framed(ui, amount_color, |ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.form.payment_amount)
                            .id(egui::Id::unique("kaidan_order_prepaid"))
                            .desired_width(90.0),
                    )
                    .labelled_by(label.id)
                });
            });
        });
        self.field_messages_ui(ui, "payment.reference", None, lang);
        self.field_messages_ui(ui, "payment.amount", None, lang);
        ui.horizontal(|ui| {
            let label = ui.label(ctx.t(t::NOTE));
            ui.add(egui::TextEdit::singleline(&mut self.form.note).id(egui::Id::unique("kaidan_order_note")).desired_width(480.0))
                .labelled_by(label.id);
        });
    }
}

impl OrderEntryTab {
    /// Ask for the customers matching what is typed, unless they are shown or on their way.
    fn ask_customers(&mut self, ctx: &TabCtx<'_>) {
        if self.customer_query.as_deref() != Some(self.form.customer.as_str()) {
            let query = self.form.customer.clone();
            self.fetches.customers.ask_once(ctx.at(), query.clone(), move |store| store.search_customers(&query, 8, false));
        }
    }

    /// Take the customer suggestions that came (and the pick Enter left waiting for them).
    fn take_customers(&mut self) {
        let Some((query, answer)) = self.fetches.customers.answer() else { return };
        self.customer_results = self.read_or_say(answer);
        self.customer_query = Some(query);
        self.customer_pick = 0;
        if self.pick_when_answered == Some(Focus::Customer) && self.customer_query.as_deref() == Some(self.form.customer.as_str()) {
            self.pick_when_answered = None;
            self.pick_customer();
        }
    }

    /// Enter in the customer field: the highlighted suggestion, unless the code typed is one.
    fn pick_customer(&mut self) {
        if let Some(picked) = self.customer_results.get(self.customer_pick).or(self.customer_results.first())
            && !self.customer_results.iter().any(|c| c.code == self.form.customer.trim())
        {
            self.form.customer = picked.code.clone();
        }
    }
}
