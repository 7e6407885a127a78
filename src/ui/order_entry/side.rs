//! Around the form: totals, the buttons (submit, confirm, approve, amend, cancel, print),
//! templates, prompts, the customer card, the findings list, after-sales and the history.

use super::*;

/// Shipments and returns of the open order, with the delivery and return forms.
#[derive(Debug, Default, Clone)]
pub(super) struct AfterSales {
    shipments: Vec<crate::store::aftersales::Shipment>,
    returns: Vec<crate::store::aftersales::Return>,
    received_by: Vec<String>,
    return_open: bool,
    return_lines: Vec<(String, String)>,
    return_reason: String,
}

impl OrderEntryTab {
    pub(super) fn totals_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let totals = self.check.totals;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{} {}", ctx.t(t::SUBTOTAL), fmt_money(totals.subtotal))));
            ui.separator();
            ui.label(RichText::new(format!("{} {}", ctx.t(t::TAX), fmt_money(totals.tax))));
            ui.separator();
            ui.label(RichText::new(format!("{} {}", ctx.t(t::TOTAL), fmt_money(totals.total))).size(19.0).strong());
        });
        let deposit = self.check.deposit;
        if self.editing.is_some() && deposit.taken > Decimal::ZERO {
            ui.label(
                RichText::new(t::DEPOSIT_HELD.fill(
                    ctx.lang,
                    &[
                        ("taken", &fmt_money(deposit.taken - deposit.refunded)),
                        ("applied", &fmt_money(deposit.applied)),
                        ("held", &fmt_money(deposit.unapplied())),
                    ],
                ))
                .color(widgets::INFO),
            );
        }
    }

    pub(super) fn submit(&mut self, ctx: &mut TabCtx<'_>) {
        // One save of the form at a time: a second press while the first is on its way (a busy
        // shop, a slow server) would save the same order twice.
        if self.saving.is_some() {
            return;
        }
        let (input, _) = self.form.parse();
        match &self.editing {
            None => {
                self.saving = Some((self.form.clone(), self.epoch));
                ctx.push(Action::SubmitOrder(input));
            }
            Some(editing) if editing.status == OrderStatus::Confirmed => {
                self.prompt = Some(Prompt::Amend);
                self.prompt_text.clear();
            }
            Some(editing) if editing.status.is_pre_confirmation() => {
                self.saving = Some((self.form.clone(), self.epoch));
                ctx.push(Action::UpdateOrder { number: editing.number.clone(), input, version: editing.version, reason: String::new() });
            }
            Some(_) => {}
        }
    }

    pub(super) fn buttons_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let shortcut = ui.ctx().format_shortcut(&SUBMIT);
        // The row keeps its widgets' ids whatever answers change above it, so a click that
        // spans the frame an answer comes in is not lost to the shift.
        ui.horizontal_wrapped(|ui| {
            ui.scope_builder(egui::UiBuilder::new().scope_id(egui::Id::unique("kaidan_order_buttons")), |ui| {
                let (label, enabled) = match &self.editing {
                    None => (t::SUBMIT.get(lang), true),
                    Some(editing) if editing.status.is_pre_confirmation() => (t::SAVE_CHANGES.get(lang), true),
                    Some(editing) if editing.status == OrderStatus::Confirmed => (t::AMEND.get(lang), true),
                    Some(_) => (t::SAVE_CHANGES.get(lang), false),
                };
                let may_enter = crate::domain::permits(ctx.role, Permission::EnterOrders);
                let why = if self.saving.is_some() { t::SAVING.get(lang) } else { t::NOT_ALLOWED.get(lang) };
                if ui
                    .add_enabled(
                        enabled && may_enter && self.saving.is_none(),
                        egui::Button::new(RichText::new(label).strong()).fill(widgets::OK.gamma_multiply(0.25)),
                    )
                    .on_hover_text(format!("{label} ({shortcut})"))
                    .on_disabled_hover_text(why)
                    .clicked()
                {
                    self.submit(ctx);
                }
                let Some(editing) = self.editing.clone() else {
                    self.templates_ui(ui, ctx);
                    return;
                };
                let status = editing.status;
                if status.is_pre_confirmation() {
                    // Every block must be gone or approved: a confirm the apply layer would refuse
                    // is not offered.
                    let blocked = self
                        .check
                        .findings
                        .iter()
                        .any(|f| f.severity == Severity::Block && !(f.approvable && self.check.approved.contains(&f.fingerprint())));
                    let may_confirm = ctx.may(Permission::EnterOrders);
                    let why = if may_confirm { t::CONFIRM_BLOCKED.get(lang).to_string() } else { ctx.forbidden(Permission::EnterOrders) };
                    if ui
                        .add_enabled(!blocked && may_confirm, egui::Button::new(t::CONFIRM.get(lang)))
                        .on_disabled_hover_text(why)
                        .clicked()
                    {
                        ctx.push(Action::ConfirmOrder(editing.number.clone()));
                    }
                    let approvable = self.check.findings.iter().any(|f| f.severity == Severity::Block && f.approvable);
                    let may_approve = crate::domain::permits(ctx.role, Permission::Approve) && editing.created_by != ctx.user;
                    if approvable
                        && ui
                            .add_enabled(may_approve, egui::Button::new(t::APPROVE.get(lang)))
                            .on_disabled_hover_text(t::APPROVE_NOT_ALLOWED.get(lang))
                            .clicked()
                    {
                        self.prompt = Some(Prompt::Approve);
                        self.prompt_text.clear();
                    }
                }
                if status.is_pre_confirmation() || status.reserves_stock() {
                    if status.reserves_stock()
                        && ui
                            .add_enabled(ctx.may(Permission::Ship), egui::Button::new(t::SHIP.get(lang)))
                            .on_disabled_hover_text(ctx.forbidden(Permission::Ship))
                            .clicked()
                        && let Some(order) = self.saved.as_ref().filter(|order| order.number == editing.number)
                    {
                        self.ship_lines = Some(
                            order
                                .lines
                                .iter()
                                .filter(|l| l.qty > l.shipped_qty)
                                .map(|l| (l.sku.clone(), l.name.clone(), fmt_qty(l.qty - l.shipped_qty), l.qty - l.shipped_qty))
                                .collect(),
                        );
                    }
                    // Once goods have left, the order is not cancelled (a return takes them back).
                    let shipped = status == OrderStatus::PartiallyShipped;
                    if !shipped
                        && ui
                            .add_enabled(ctx.may(Permission::EnterOrders), egui::Button::new(t::CANCEL_ORDER.get(lang)))
                            .on_disabled_hover_text(ctx.forbidden(Permission::EnterOrders))
                            .clicked()
                    {
                        self.prompt = Some(Prompt::Cancel);
                        self.prompt_text.clear();
                    }
                }
                if status != OrderStatus::Cancelled {
                    let may_pay = ctx.may(Permission::RecordPayments);
                    if ui
                        .add_enabled(may_pay, egui::Button::new(t::TAKE_DEPOSIT.get(lang)))
                        .on_disabled_hover_text(ctx.forbidden(Permission::RecordPayments))
                        .clicked()
                    {
                        let method = self.form.payment_method.filter(|m| !matches!(m, PaymentMethod::Credit | PaymentMethod::Cod));
                        self.money = Some(MoneyPanel {
                            shown: false,
                            refund: false,
                            amount: String::new(),
                            method: method.unwrap_or(PaymentMethod::Cash),
                            text: String::new(),
                        });
                    }
                    if self.check.deposit.unapplied() > Decimal::ZERO
                        && ui
                            .add_enabled(may_pay, egui::Button::new(t::REFUND_DEPOSIT.get(lang)))
                            .on_disabled_hover_text(ctx.forbidden(Permission::RecordPayments))
                            .clicked()
                    {
                        let held = self.check.deposit.unapplied();
                        self.money = Some(MoneyPanel {
                            shown: false,
                            refund: true,
                            amount: held.normalize().to_string(),
                            method: PaymentMethod::Cash,
                            text: String::new(),
                        });
                    }
                }
                if matches!(status, OrderStatus::PartiallyShipped | OrderStatus::Shipped)
                    && ui
                        .add_enabled(ctx.may(Permission::Invoice), egui::Button::new(t::ISSUE_INVOICE.get(lang)))
                        .on_disabled_hover_text(ctx.forbidden(Permission::Invoice))
                        .clicked()
                {
                    ctx.push(Action::IssueInvoice(editing.number.clone()));
                }
                ui.separator();
                if ui.button(t::PRINT_ORDER_SLIP.get(lang)).clicked() {
                    self.print = Some((DocKind::Order, PathPicker::new(&format!("{}-order.pdf", editing.number), true, &["pdf"])));
                }
                if status.reserves_stock() && ui.button(t::PRINT_DISPATCH.get(lang)).clicked() {
                    self.print = Some((DocKind::Dispatch, PathPicker::new(&format!("{}-dispatch.pdf", editing.number), true, &["pdf"])));
                }
                if ui.button(t::COPY_AS_NEW.get(lang)).clicked() {
                    // The same as "Repeat" elsewhere: the window reads the order and copies it.
                    ctx.push(Action::CopyOrder(editing.number.clone()));
                }
                if ui.button(t::LOG_COMPLAINT.get(lang)).clicked() {
                    self.prompt = Some(Prompt::Complaint);
                    self.prompt_text.clear();
                }
            });
        });
        if let Some(lines) = &mut self.ship_lines {
            let mut done = None;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(t::SHIP.get(lang)).strong());
                egui::Grid::new("ship_lines").num_columns(4).show(ui, |ui| {
                    for (index, (sku, name, qty, open)) in lines.iter_mut().enumerate() {
                        ui.label(sku.as_str());
                        ui.label(name.as_str());
                        ui.add(egui::TextEdit::singleline(qty).desired_width(70.0)).accessible_name(format!(
                            "{} {}",
                            t::QTY.get(lang),
                            index + 1
                        ));
                        ui.label(format!("/ {}", fmt_qty(*open)));
                        ui.end_row();
                    }
                });
                ui.horizontal(|ui| {
                    let parsed: Option<Vec<(String, Decimal)>> =
                        lines.iter().map(|(sku, _, qty, _)| parse_decimal(qty).map(|q| (sku.clone(), q))).collect();
                    if ui.add_enabled(parsed.is_some(), egui::Button::new(t::SHIP_NOW.get(lang))).clicked()
                        && let (Some(parsed), Some(editing)) = (parsed, &self.editing)
                    {
                        let lines: Vec<(String, Decimal)> = parsed.into_iter().filter(|(_, q)| *q > Decimal::ZERO).collect();
                        done = Some(Some(Action::ShipOrder { number: editing.number.clone(), lines }));
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        done = Some(None);
                    }
                });
            });
            if let Some(action) = done {
                if let Some(action) = action {
                    ctx.push(action);
                }
                self.ship_lines = None;
            }
        }
        self.money_panel_ui(ui, ctx);
        if let Some((kind, picker)) = self.print.as_mut().filter(|_| !self.batch) {
            let mut done = None;
            // The preview's Print is this prompt's Print.
            let print_now = crate::ui::preview::show(&mut self.preview, ui, ctx);
            egui::Frame::group(ui.style()).show(ui, |ui| {
                picker.ui(ui, lang);
                // A typed path over an earlier slip says so on the button (the system dialog asks itself).
                let exists = std::path::Path::new(picker.path.trim()).exists();
                ui.horizontal(|ui| {
                    let label = if exists { t::REPLACE_AND_PRINT.get(lang) } else { t::PRINT.get(lang) };
                    if ui.button(label).clicked() || print_now {
                        done = Some(picker.take());
                    }
                    if ui.button(t::PREVIEW.get(lang)).clicked()
                        && let Some(editing) = &self.editing
                    {
                        self.preview = Some(crate::ui::preview::PrintPreview::new(*kind, vec![editing.number.clone()]));
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        done = Some(None);
                    }
                });
            });
            if let Some(path) = done {
                if let (Some(path), Some(editing)) = (path, &self.editing) {
                    ctx.push(Action::Print { kind: *kind, numbers: vec![editing.number.clone()], path });
                }
                self.print = None;
                self.preview = None;
            }
        }
    }

    /// The deposit panel under the buttons: amount, method, and a reference (taking) or a
    /// reason (giving back); the store checks the amount against the order inside its write.
    fn money_panel_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let Some(panel) = &mut self.money else { return };
        let mut done = None;
        let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
            let title = if panel.refund { t::DEPOSIT_REFUND_SAVE } else { t::DEPOSIT_SAVE };
            ui.label(RichText::new(title.get(lang)).strong());
            egui::Grid::new("deposit_panel").num_columns(2).show(ui, |ui| {
                let label = ui.label(t::DEPOSIT_AMOUNT.get(lang));
                ui.add(egui::TextEdit::singleline(&mut panel.amount).desired_width(100.0)).labelled_by(label.id);
                ui.end_row();
                // The combo's own label fills the first column.
                widgets::combo(ui, "deposit_method", t::DEPOSIT_METHOD.get(lang)).selected_text(method_text(panel.method, lang)).show_ui(
                    ui,
                    |ui| {
                        for method in PaymentMethod::ALL.iter().filter(|m| !matches!(m, PaymentMethod::Credit | PaymentMethod::Cod)) {
                            ui.selectable_value(&mut panel.method, *method, method_text(*method, lang));
                        }
                    },
                );
                ui.end_row();
                let label = ui.label(if panel.refund { t::DEPOSIT_REASON.get(lang) } else { t::DEPOSIT_REFERENCE.get(lang) });
                ui.add(egui::TextEdit::singleline(&mut panel.text).desired_width(200.0)).labelled_by(label.id);
                ui.end_row();
            });
            let amount = parse_decimal(&panel.amount).filter(|amount| *amount > Decimal::ZERO);
            let ready = amount.is_some() && (!panel.refund || !panel.text.trim().is_empty());
            if amount.is_none() && !panel.amount.trim().is_empty() {
                ui.label(RichText::new(t::DEPOSIT_NOT_A_NUMBER.get(lang)).color(widgets::BLOCK).small());
            }
            ui.horizontal(|ui| {
                let title = if panel.refund { t::DEPOSIT_REFUND_SAVE } else { t::DEPOSIT_SAVE };
                if ui.add_enabled(ready, egui::Button::new(title.get(lang))).clicked()
                    && let (Some(amount), Some(editing)) = (amount, &self.editing)
                {
                    let number = editing.number.clone();
                    let text = panel.text.trim().to_string();
                    done = Some(Some(if panel.refund {
                        Action::RefundDeposit { number, amount, method: panel.method, reason: text }
                    } else {
                        Action::TakeDeposit { number, amount, method: panel.method, reference: text }
                    }));
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    done = Some(None);
                }
            });
        });
        if !panel.shown {
            panel.shown = true;
            frame.response.scroll_to_me(Some(egui::Align::BOTTOM));
        }
        if let Some(action) = done {
            if let Some(action) = action {
                ctx.push(action);
            }
            self.money = None;
        }
    }

    pub(super) fn templates_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        if self.templates.as_ref().is_none_or(|(generation, _)| *generation != ctx.generation) {
            self.fetches.templates.ask_once(ctx.at(), ctx.generation, |store| store.list_templates());
        }
        if let Some((generation, answer)) = self.fetches.templates.answer() {
            let templates = self.read_or_say(answer);
            self.templates = Some((generation, templates));
        }
        if ui.button(t::SAVE_TEMPLATE.get(lang)).clicked() {
            self.prompt = Some(Prompt::Template);
            self.prompt_text.clear();
        }
        let templates = self.templates.as_ref().map(|(_, list)| list.clone()).unwrap_or_default();
        let mut chosen = None;
        widgets::combo(ui, "from_template", t::FROM_TEMPLATE.get(lang)).selected_text("…").show_ui(ui, |ui| {
            for (name, body) in &templates {
                if ui.selectable_label(false, name).clicked() {
                    chosen = Some(body.clone());
                }
            }
        });
        if let Some(body) = chosen
            && let Ok(mut form) = serde_json::from_str::<OrderForm>(&body)
        {
            form.order_date.clear();
            form.delivery_date.clear();
            if !self.form.customer.trim().is_empty() {
                form.customer = self.form.customer.clone();
            }
            self.form = form;
            self.editing = None;
        }
    }

    pub(super) fn prompts_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let Some(prompt) = self.prompt.clone() else { return };
        let lang = ctx.lang;
        let title = match prompt {
            Prompt::Approve => t::APPROVE,
            Prompt::Cancel => t::CANCEL_ORDER,
            Prompt::Amend => t::AMEND,
            Prompt::Complaint => t::LOG_COMPLAINT,
            Prompt::Template => t::SAVE_TEMPLATE,
        };
        let field = match prompt {
            Prompt::Complaint => t::COMPLAINT_TEXT,
            Prompt::Template => t::TEMPLATE_NAME,
            Prompt::Approve | Prompt::Cancel | Prompt::Amend => t::REASON,
        };
        let mut open = true;
        if let Some(text) =
            widgets::text_modal(ui, "order_prompt", title.get(lang), field.get(lang), &mut self.prompt_text, &mut open, lang)
        {
            let number = self.editing.as_ref().map(|e| e.number.clone()).unwrap_or_default();
            match prompt {
                Prompt::Approve => ctx.push(Action::ApproveOrder { number, reason: text, code: None }),
                Prompt::Cancel => ctx.push(Action::CancelOrder { number, reason: text }),
                Prompt::Amend => {
                    if let Some(editing) = &self.editing {
                        let (input, _) = self.form.parse();
                        self.saving = Some((self.form.clone(), self.epoch));
                        ctx.push(Action::UpdateOrder { number, input, version: editing.version, reason: text });
                    }
                }
                Prompt::Complaint => ctx.push(Action::LogComplaint { number, text }),
                Prompt::Template => {
                    if let Ok(body) = serde_json::to_string(&self.form) {
                        ctx.push(Action::SetTemplate { name: text, body });
                    }
                }
            }
        }
        if !open {
            self.prompt = None;
        }
    }

    pub(super) fn customer_card_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.heading(ctx.t(t::CUSTOMER_CARD));
        let Some(customer) = self.check.customer.clone() else {
            ui.label(RichText::new(ctx.t(t::NO_CUSTOMER_YET)).weak());
            return;
        };
        ui.label(RichText::new(format!("{}  {}", customer.code, customer.name)).strong());
        if customer.blocked {
            widgets::tag(ui, t::BLOCKED.get(lang), widgets::BLOCK);
        }
        ui.label(format!("{} {}", t::PHONE.get(lang), customer.phone));
        ui.label(format!("{} {}", t::ADDRESS.get(lang), customer.address));
        ui.separator();
        egui::Grid::new("card_grid").num_columns(2).show(ui, |ui| {
            ui.label(t::CREDIT_LIMIT.get(lang));
            ui.label(customer.credit_limit.map(fmt_money).unwrap_or_else(|| t::NO_LIMIT.get(lang).to_string()));
            ui.end_row();
            ui.label(t::EXPOSURE.get(lang));
            ui.label(fmt_money(customer.exposure));
            ui.end_row();
            ui.label(t::AVAILABLE_CREDIT.get(lang));
            match customer.credit_limit {
                Some(limit) => {
                    let available = limit - customer.exposure;
                    let color = if available < self.check.totals.total { widgets::BLOCK } else { widgets::OK };
                    ui.label(RichText::new(fmt_money(available)).color(color).strong());
                }
                None => {
                    ui.label(t::NO_LIMIT.get(lang));
                }
            }
            ui.end_row();
            let overdue: Decimal = customer.overdue.iter().map(|i| i.balance).sum();
            ui.label(t::OVERDUE.get(lang));
            ui.label(RichText::new(fmt_money(overdue)).color(if overdue > Decimal::ZERO {
                widgets::WARN
            } else {
                ui.visuals().text_color()
            }));
            ui.end_row();
            ui.label(t::AGREED_DISCOUNT.get(lang));
            ui.label(format!("{} %", fmt_qty(customer.discount_pct)));
            ui.end_row();
        });
        ui.separator();
        self.last_prices_ui(ui, &customer.code, lang);
        ui.label(RichText::new(t::LAST_ORDERS.get(lang)).strong());
        let key = (customer.code.clone(), ctx.generation);
        if self.last_orders_for.as_ref() != Some(&key) {
            let code = customer.code.clone();
            self.fetches.last_orders.ask_once(ctx.at(), key, move |store| store.list_customer_orders(&code, 8));
        }
        if let Some((key, answer)) = self.fetches.last_orders.answer() {
            self.last_orders = self.read_or_say(answer);
            self.last_orders_for = Some(key);
        }
        // Another customer's orders never show under this one.
        if self.last_orders_for.as_ref().is_none_or(|(code, _)| *code != customer.code) {
            self.last_orders.clear();
        }
        for order in self.last_orders.clone() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{} {} {}", order.number, order.order_date, fmt_money(order.total))).small());
                if ui.small_button(t::REPEAT.get(lang)).on_hover_text(t::REPEAT_HINT.get(lang)).clicked() {
                    ctx.push(Action::CopyOrder(order.number.clone()));
                }
            });
        }
    }

    /// What this customer paid for the product of the line being typed, on their last orders
    /// of it, and its latest sale to anyone: shown as soon as the line has the focus.
    fn last_prices_ui(&self, ui: &mut Ui, customer: &str, lang: Lang) {
        let Some(view) = self.active_sku_line.and_then(|index| self.line_view(index)) else { return };
        if view.sku.is_empty() || view.name.is_empty() {
            return;
        }
        ui.add(egui::Label::new(RichText::new(t::LAST_PRICES.fill(lang, &[("sku", &view.sku), ("customer", &customer)])).strong()).wrap());
        if view.last_prices.is_empty() {
            ui.label(RichText::new(t::NO_LAST_PRICES.get(lang)).weak());
        } else {
            // One short line per sale (the panel is narrow at 1024); the order's number on hover.
            for sale in &view.last_prices {
                let price = if sale.discount_pct > Decimal::ZERO {
                    format!("{} −{}%", fmt_money(sale.unit_price), fmt_qty(sale.discount_pct))
                } else {
                    fmt_money(sale.unit_price)
                };
                let text = RichText::new(format!("{}  × {}  {price}", sale.date, fmt_qty(sale.qty))).small();
                ui.add(egui::Label::new(text).wrap()).on_hover_text(&sale.order);
            }
        }
        if let Some(sold) = &view.last_sold {
            let price = crate::domain::money::fmt_money(crate::domain::money::round_cents(sold.net()));
            let text = t::LAST_SOLD.fill(lang, &[("price", &price), ("customer", &sold.customer), ("date", &sold.date)]);
            ui.add(egui::Label::new(RichText::new(text).small().weak()).wrap()).on_hover_text(&sold.order);
        }
        ui.separator();
    }

    pub(super) fn findings_list_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let lang = ctx.lang;
        let blocks = self.check.findings.iter().filter(|f| f.severity == Severity::Block).count();
        let warns = self.check.findings.iter().filter(|f| f.severity == Severity::Warn).count();
        ui.horizontal(|ui| {
            ui.heading(ctx.t(t::FINDINGS));
            if blocks + warns == 0 && self.check.errors.is_empty() {
                ui.label(RichText::new(ctx.t(t::ALL_CLEAR)).color(widgets::OK).strong());
            } else {
                ui.label(RichText::new(t::FINDINGS_COUNT.fill(lang, &[("blocks", &blocks), ("warnings", &warns)])).color(if blocks > 0 {
                    widgets::BLOCK
                } else {
                    widgets::WARN
                }));
            }
            // While a newer check is on its way the findings are of the typing before: said at
            // the end of the row, always with the same widgets (shown or not), so that nothing
            // drawn after them changes its id and a field being typed in keeps the focus.
            let checking = self.checking();
            ui.add_visible(checking, egui::Spinner::new());
            ui.add_visible(checking, egui::Label::new(RichText::new(ctx.t(t::CHECKING)).weak()));
        });
        // While the clerk is still choosing a customer among suggestions, "does not exist"
        // would be wrong; it shows once the field is left.
        let choosing = self.customer_focused && !self.customer_results.is_empty();
        egui::ScrollArea::vertical().id_salt("findings_scroll").show(ui, |ui| {
            for finding in self.check.findings.clone() {
                if choosing && finding.code == Code::CustomerUnknown {
                    continue;
                }
                // Wrapped: a long finding (stock short, with its reservation) must not run under the
                // customer card or widen the panel.
                ui.horizontal_wrapped(|ui| {
                    widgets::tag(ui, widgets::severity_text(finding.severity, lang), severity_color(finding.severity));
                    let place = finding.line.map(|l| t::LINE_N.fill(lang, &[("n", &l)])).unwrap_or_default();
                    let text = format!("{} {place} {}", crate::i18n::labels::code_title(finding.code, lang), finding.message.render(lang));
                    if ui.link(RichText::new(text).color(severity_color(finding.severity))).on_hover_text(t::JUMP_HINT.get(lang)).clicked()
                    {
                        self.focus = Some(match finding.line.and_then(|l| self.form.line_index(l)) {
                            Some(index) => Focus::Line(
                                index,
                                match finding.field {
                                    "qty" => "qty",
                                    "unit_price" => "unit_price",
                                    "discount_pct" => "discount_pct",
                                    _ => "sku",
                                },
                            ),
                            None if finding.field == "customer" => Focus::Customer,
                            None => Focus::Field(finding.field),
                        });
                    }
                    if finding.approvable {
                        ui.label(RichText::new(t::APPROVABLE.get(lang)).small().weak());
                    }
                });
            }
        });
    }

    pub(super) fn aftersales_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let Some(editing) = self.editing.clone() else { return };
        if !matches!(editing.status, OrderStatus::PartiallyShipped | OrderStatus::Shipped | OrderStatus::Invoiced | OrderStatus::Paid) {
            return;
        }
        let lang = ctx.lang;
        let key = (editing.number.clone(), ctx.generation);
        if self.aftersales.as_ref().is_none_or(|(number, generation, _)| (number, generation) != (&key.0, &key.1)) {
            let number = editing.number.clone();
            self.fetches.aftersales.ask_once(ctx.at(), key, move |store| {
                let order = store.get_order(&number)?;
                Ok::<_, crate::store::Error>((store.list_shipments(order.id)?, store.list_returns(order.id)?, order))
                    .map(|(shipments, returns, order)| (order, shipments, returns))
            });
        }
        if let Some(((number, generation), answer)) = self.fetches.aftersales.answer() {
            let mut view = AfterSales::default();
            if let Some((order, shipments, returns)) = self.read_or_say(answer.map(Some)) {
                view.shipments = shipments;
                view.returns = returns;
                view.received_by = vec![String::new(); view.shipments.len()];
                view.return_lines =
                    order.lines.iter().filter(|l| l.shipped_qty > Decimal::ZERO).map(|l| (l.sku.clone(), String::new())).collect();
            }
            self.aftersales = Some((number, generation, view));
        }
        if self.aftersales.as_ref().is_some_and(|(number, _, _)| *number != editing.number) {
            self.aftersales = None;
        }
        let Some((_, _, view)) = &mut self.aftersales else { return };
        let mut actions = vec![];
        egui::CollapsingHeader::new(t::SHIPMENTS.get(lang)).default_open(true).show(ui, |ui| {
            for (index, shipment) in view.shipments.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&shipment.number).monospace().strong());
                    ui.label(t::SHIPPED_ON.fill(lang, &[("date", &shipment.shipped_on), ("user", &shipment.user)]));
                    match shipment.delivered_on {
                        Some(date) => {
                            ui.label(
                                RichText::new(t::DELIVERED_ON.fill(lang, &[("date", &date), ("who", &shipment.received_by)]))
                                    .color(widgets::OK),
                            );
                        }
                        None => {
                            ui.label(RichText::new(t::NOT_DELIVERED.get(lang)).color(widgets::WARN));
                            let label = ui.label(t::RECEIVED_BY.get(lang));
                            ui.add(egui::TextEdit::singleline(&mut view.received_by[index]).desired_width(120.0)).labelled_by(label.id);
                            let ready = !view.received_by[index].trim().is_empty();
                            if ui.add_enabled(ready, egui::Button::new(t::RECORD_DELIVERY.get(lang))).clicked() {
                                actions.push(Action::RecordDelivery {
                                    shipment: shipment.number.clone(),
                                    on: ctx.today,
                                    received_by: view.received_by[index].trim().to_string(),
                                    outcome: None,
                                });
                            }
                        }
                    }
                });
            }
            for returned in &view.returns {
                let mut text = t::RETURNED.fill(
                    lang,
                    &[
                        ("qty", &fmt_qty(returned.qty)),
                        ("sku", &returned.sku),
                        ("date", &returned.returned_on),
                        ("reason", &returned.reason),
                    ],
                );
                if let Some(note) = &returned.credit_note {
                    text.push_str(&format!(" ({note})"));
                }
                ui.label(RichText::new(text).color(widgets::INFO));
            }
            if ui.button(t::RETURN_GOODS.get(lang)).clicked() {
                view.return_open = !view.return_open;
            }
            if view.return_open {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    egui::Grid::new("return_lines").num_columns(2).show(ui, |ui| {
                        for (index, (sku, qty)) in view.return_lines.iter_mut().enumerate() {
                            ui.label(sku.as_str());
                            ui.add(egui::TextEdit::singleline(qty).desired_width(70.0)).accessible_name(format!(
                                "{} {}",
                                t::RETURN_QTY.get(lang),
                                index + 1
                            ));
                            ui.end_row();
                        }
                    });
                    let label = ui.label(t::REASON.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut view.return_reason).desired_width(320.0)).labelled_by(label.id);
                    let lines: Option<Vec<(String, Decimal)>> = view
                        .return_lines
                        .iter()
                        .filter(|(_, qty)| !qty.trim().is_empty())
                        .map(|(sku, qty)| parse_decimal(qty).map(|q| (sku.clone(), q)))
                        .collect();
                    let ready = lines.as_ref().is_some_and(|l| !l.is_empty()) && !view.return_reason.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new(t::RECORD_RETURN.get(lang))).clicked()
                        && let Some(lines) = lines
                    {
                        actions.push(Action::RecordReturn {
                            number: editing.number.clone(),
                            lines,
                            reason: view.return_reason.trim().to_string(),
                        });
                        view.return_open = false;
                    }
                });
            }
        });
        for action in actions {
            ctx.push(action);
        }
    }

    pub(super) fn history_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let Some(editing) = &self.editing else { return };
        let lang = ctx.lang;
        if self.history.as_ref().is_none_or(|(number, generation, _)| number != &editing.number || *generation != ctx.generation) {
            let number = editing.number.clone();
            self.fetches.history.ask_once(ctx.at(), (number.clone(), ctx.generation), move |store| {
                store.get_order(&number).and_then(|order| store.list_order_events(order.id))
            });
        }
        if let Some(((number, generation), answer)) = self.fetches.history.answer() {
            self.history = Some((number, generation, answer.unwrap_or_default()));
        }
        egui::CollapsingHeader::new(t::HISTORY.get(lang)).default_open(false).show(ui, |ui| {
            if let Some((number, _, events)) = &self.history
                && *number == editing.number
            {
                egui::Grid::new("order_history").num_columns(4).striped(true).show(ui, |ui| {
                    for event in events {
                        ui.label(RichText::new(&event.at).small());
                        ui.label(&event.user);
                        let kind = crate::i18n::labels::order_event(&event.kind, lang);
                        ui.label(RichText::new(t::EVENT_REVISION.fill(lang, &[("kind", &kind), ("revision", &event.revision)])).strong());
                        ui.label(crate::i18n::labels::order_history_detail(&event.detail, lang));
                        ui.end_row();
                    }
                });
            }
        });
    }
}
