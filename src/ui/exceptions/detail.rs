//! One exception opened from the inbox: its facts, the ways out it offers (receive stock, record
//! a payment, contact the customer, approve, waive), the handling form (assign, analyse, note,
//! resolve) and its timeline.

use super::*;

/// The small form opened by a "way out" button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WayOut {
    Receive,
    Payment,
    Contact,
}

/// What the reason modal is asking a reason for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReasonFor {
    Approve,
    Cancel,
    Waive,
}

/// The typed-in state of the detail panel's forms; reset when another exception is opened.
#[derive(Default)]
pub(super) struct DetailForms {
    pub(super) open: Option<WayOut>,
    pub(super) modal: Option<ReasonFor>,
    pub(super) reason: String,
    pub(super) receive_sku: String,
    pub(super) receive_qty: String,
    pub(super) receive_reference: String,
    pub(super) pay_amount: String,
    pub(super) pay_method: Option<PaymentMethod>,
    pub(super) pay_reference: String,
    pub(super) contact_note: String,
    pub(super) assign_to: Option<String>,
    pub(super) comment: String,
    pub(super) cause: Option<RootCause>,
    pub(super) cause_note: String,
    pub(super) action: String,
}

/// The opened exception, its history and customer, loaded once per generation.
pub(super) struct Detail {
    pub(super) id: i64,
    pub(super) loaded_at: Option<u64>,
    pub(super) exception: Option<Exception>,
    pub(super) events: Vec<ExceptionEvent>,
    pub(super) customer: Option<Customer>,
    /// The customer code `customer` was loaded for (loaded once, not per generation).
    pub(super) customer_for: Option<String>,
    pub(super) error: Option<String>,
    pub(super) forms: DetailForms,
    /// The read on its way.
    fetch: crate::ui::fetch::Fetch<Read>,
}

impl Detail {
    pub(super) fn new(id: i64) -> Detail {
        Detail {
            id,
            loaded_at: None,
            exception: None,
            events: Vec::new(),
            customer: None,
            customer_for: None,
            error: None,
            forms: DetailForms::default(),
            fetch: Default::default(),
        }
    }

    /// Ask for the exception, its history and (when not yet read) its customer once per data
    /// generation; take them when they come.
    pub(super) fn refresh(&mut self, ctx: &crate::ui::TabCtx<'_>) {
        if self.loaded_at != Some(ctx.generation) {
            let (id, customer_for, first) = (self.id, self.customer_for.clone(), self.loaded_at.is_none() && self.exception.is_none());
            self.fetch.ask_once(ctx.at(), ctx.generation, move |store| Ok::<_, String>(read(store, id, customer_for.as_deref(), first)));
        }
        if let Some((generation, answer)) = self.fetch.answer() {
            self.loaded_at = Some(generation);
            match answer {
                Ok(read) => self.take(read),
                Err(error) => self.error = Some(error),
            }
        }
    }

    /// Take what [`read`] found.
    fn take(&mut self, read: Read) {
        self.error = None;
        match read.exception {
            Ok(exception) => {
                if let Some(customer) = read.customer {
                    self.customer = customer;
                    self.customer_for = Some(exception.customer_code.clone());
                }
                if let Some(sku) = read.prefill {
                    self.forms.receive_sku = sku;
                }
                self.exception = Some(exception);
            }
            Err(error) => {
                self.exception = None;
                self.error = Some(error);
            }
        }
        match read.events {
            Ok(events) => self.events = events,
            Err(error) => {
                self.events.clear();
                if self.error.is_none() {
                    self.error = Some(error);
                }
            }
        }
    }

    /// Whether a read is on its way.
    pub(super) fn is_loading(&self) -> bool {
        self.fetch.is_waiting()
    }
}

/// What one read of an opened exception found.
pub(super) struct Read {
    exception: Result<Exception, String>,
    /// The customer, when it was read (the exception's customer changed, or first read).
    customer: Option<Option<Customer>>,
    /// The "Receive stock" form's first SKU, on the first read.
    prefill: Option<String>,
    events: Result<Vec<ExceptionEvent>, String>,
}

/// Read exception `id`, its history, its customer unless already read for `customer_for`, and
/// on the `first` read the SKU its "Receive stock" form starts with.
fn read(store: &Store, id: i64, customer_for: Option<&str>, first: bool) -> Read {
    let exception = store.get_exception(id).map_err(|error| error.to_string());
    let (customer, prefill) = match &exception {
        Ok(exception) => (
            (customer_for != Some(exception.customer_code.as_str())).then(|| {
                if exception.customer_code.is_empty() { None } else { store.get_customer_by_code(&exception.customer_code).ok().flatten() }
            }),
            first.then(|| prefill_sku(store, exception)),
        ),
        Err(_) => (None, None),
    };
    let events = store.list_exception_events(id).map_err(|error| error.to_string());
    Read { exception, customer, prefill, events }
}

/// The SKU a "Receive stock" form starts with: the product itself, or the short order line.
pub(super) fn prefill_sku(store: &Store, exception: &Exception) -> String {
    if exception.subject_kind == "product" {
        return exception.subject.clone();
    }
    if exception.subject_kind == "order"
        && exception.code == Code::StockShort.as_str()
        && let Some(line) = exception.line
        && let Ok(order) = store.get_order(&exception.subject)
        && let Some(found) = order.lines.iter().find(|order_line| i64::try_from(order_line.line_no).is_ok_and(|no| no == line))
    {
        return found.sku.clone();
    }
    String::new()
}

/// Draw the detail of the opened exception; returns true when the user closed it.
pub(super) fn detail_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, detail: &mut Detail, users: &[String]) -> bool {
    let lang = ctx.lang;
    let mut close = false;
    ui.horizontal(|ui| {
        ui.heading(text::DETAIL_TITLE.fill(lang, &[("id", &detail.id)]));
        if ui.button(common::CLOSE.get(lang)).clicked() {
            close = true;
        }
    });
    if let Some(error) = &detail.error {
        ui.colored_label(widgets::BLOCK, text::DETAIL_LOADING_FAILED.fill(lang, &[("error", error)]));
    }
    let Some(exception) = detail.exception.clone() else {
        return close;
    };
    let customer = detail.customer.as_ref();
    let events = &detail.events;
    let forms = &mut detail.forms;
    // One scroll position per exception: a newly opened one starts at its headline.
    egui::ScrollArea::vertical().id_salt(("exception_detail_scroll", exception.id)).auto_shrink([false, false]).show(ui, |ui| {
        facts_ui(ui, lang, &exception, customer);
        ui.separator();
        ways_out_ui(ui, ctx, &exception, customer, forms);
        ui.separator();
        handling_ui(ui, ctx, &exception, users, forms);
        ui.separator();
        timeline_ui(ui, lang, events);
    });
    reason_modal_ui(ui, ctx, &exception, forms);
    close
}

/// What is wrong, in big text, and the facts about it.
pub(super) fn facts_ui(ui: &mut Ui, lang: Lang, exception: &Exception, customer: Option<&Customer>) {
    ui.horizontal_wrapped(|ui| {
        widgets::tag(ui, widgets::severity_text(exception.severity, lang), widgets::severity_color(exception.severity));
        ui.label(RichText::new(crate::i18n::labels::code_title_of(&exception.code, lang)).strong()).on_hover_text(exception.code.as_str());
        widgets::tag(ui, status_text(exception.status, lang), status_color(exception.status));
    });
    ui.add(
        egui::Label::new(RichText::new(message(exception, lang)).size(18.0).strong().color(widgets::severity_color(exception.severity)))
            .wrap(),
    );
    ui.add_space(4.0);
    egui::Grid::new("exception_facts").num_columns(2).striped(true).show(ui, |ui| {
        fact_row_ui(
            ui,
            text::DETAIL_SUBJECT.get(lang),
            format!("{} {}", subject_kind_text(&exception.subject_kind, lang), exception.subject),
        );
        if let Some(line) = exception.line {
            fact_row_ui(ui, text::DETAIL_LINE.get(lang), line.to_string());
        }
        let customer_text = match customer {
            Some(found) => format!("{} {}", found.code, found.name),
            None => exception.customer_code.clone(),
        };
        fact_row_ui(ui, text::DETAIL_CUSTOMER.get(lang), customer_text);
        fact_row_ui(ui, text::DETAIL_ENTERED_BY.get(lang), exception.entered_by.clone());
        fact_row_ui(ui, text::DETAIL_OPENED.get(lang), stamp(&exception.opened_at));
        fact_row_ui(ui, text::DETAIL_STATE.get(lang), status_text(exception.status, lang).to_string());
        fact_row_ui(ui, text::DETAIL_DEPARTMENT.get(lang), department_text(exception.department, lang).to_string());
        fact_row_ui(ui, text::DETAIL_ASSIGNEE.get(lang), exception.assignee.clone().unwrap_or_else(|| text::NOBODY.get(lang).to_string()));
        fact_row_ui(
            ui,
            text::DETAIL_ROOT_CAUSE.get(lang),
            exception.root_cause.map_or(text::NOT_YET.get(lang), |cause| cause_text(cause, lang)).to_string(),
        );
        if !exception.root_cause_note.is_empty() {
            fact_row_ui(ui, text::DETAIL_CAUSE_NOTE.get(lang), exception.root_cause_note.clone());
        }
        let action =
            if exception.corrective_action.is_empty() { text::NOT_YET.get(lang).to_string() } else { exception.corrective_action.clone() };
        fact_row_ui(ui, text::DETAIL_ACTION.get(lang), action);
        if let Some(closed) = &exception.closed_at {
            fact_row_ui(ui, text::DETAIL_CLOSED.get(lang), stamp(closed));
        }
    });
}

pub(super) fn fact_row_ui(ui: &mut Ui, label: &str, value: String) {
    ui.strong(label);
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// The buttons that fix the cause: open, approve or cancel the order, receive stock, invoice,
/// record a payment, contact the customer. Disabled buttons say why in a tooltip.
pub(super) fn ways_out_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, customer: Option<&Customer>, forms: &mut DetailForms) {
    let lang = ctx.lang;
    let live = is_live(exception.status);
    let is_order = exception.subject_kind == "order";
    let code = Code::parse(&exception.code);
    ui.strong(text::WAYS_OUT.get(lang));
    ui.horizontal_wrapped(|ui| {
        if is_order && ui.button(text::OPEN_ORDER.get(lang)).clicked() {
            ctx.push(Action::OpenOrder(exception.subject.clone()));
        }
        if live && is_order && exception.severity == Severity::Block && exception.approvable {
            let refusal = approve_refusal(ctx.role, ctx.user, exception);
            let response = ui
                .add_enabled(refusal.is_none(), egui::Button::new(text::APPROVE.get(lang)))
                .on_disabled_hover_text(refusal.map_or("", |why| why.get(lang)));
            if response.clicked() {
                forms.modal = Some(ReasonFor::Approve);
                forms.reason.clear();
            }
        }
        if live
            && is_order
            && ui
                .add_enabled(permits(ctx.role, Permission::EnterOrders), egui::Button::new(text::CANCEL_ORDER.get(lang)))
                .on_disabled_hover_text(text::CANCEL_NOT_ALLOWED.get(lang))
                .clicked()
        {
            forms.modal = Some(ReasonFor::Cancel);
            forms.reason.clear();
        }
        if live && matches!(code, Some(Code::StockShort | Code::StockBelowReorder)) {
            way_out_button_ui(
                ui,
                forms,
                WayOut::Receive,
                text::RECEIVE.get(lang),
                permits(ctx.role, Permission::MoveStock),
                text::RECEIVE_NOT_ALLOWED.get(lang),
            );
        }
        if live
            && code == Some(Code::InvoiceNotIssued)
            && ui
                .add_enabled(permits(ctx.role, Permission::Invoice), egui::Button::new(text::ISSUE_INVOICE.get(lang)))
                .on_disabled_hover_text(text::INVOICE_NOT_ALLOWED.get(lang))
                .clicked()
        {
            ctx.push(Action::IssueInvoice(exception.subject.clone()));
        }
        if live && code == Some(Code::InvoiceOverdue) {
            way_out_button_ui(
                ui,
                forms,
                WayOut::Payment,
                text::RECORD_PAYMENT.get(lang),
                permits(ctx.role, Permission::RecordPayments),
                text::PAY_NOT_ALLOWED.get(lang),
            );
        }
        if !exception.customer_code.is_empty() {
            way_out_button_ui(ui, forms, WayOut::Contact, text::CONTACT.get(lang), true, "");
        }
    });
    match forms.open {
        Some(WayOut::Receive) => receive_form_ui(ui, ctx, forms),
        Some(WayOut::Payment) => payment_form_ui(ui, ctx, exception, forms),
        Some(WayOut::Contact) => contact_form_ui(ui, ctx, exception, customer, forms),
        None => {}
    }
}

/// A toggle button opening (or closing) one of the small way-out forms.
pub(super) fn way_out_button_ui(ui: &mut Ui, forms: &mut DetailForms, which: WayOut, label: &str, allowed: bool, refusal: &str) {
    let open = forms.open == Some(which);
    if ui.add_enabled(allowed, egui::Button::selectable(open, label)).on_disabled_hover_text(refusal).clicked() {
        forms.open = if open { None } else { Some(which) };
    }
}

/// A label and a one-line text field named by it, as one grid row.
pub(super) fn labelled_edit_ui(ui: &mut Ui, label: &str, value: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(220.0)).labelled_by(label.id);
    ui.end_row();
}

pub(super) fn receive_form_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, forms: &mut DetailForms) {
    let lang = ctx.lang;
    egui::Grid::new("exception_receive_form").num_columns(2).show(ui, |ui| {
        labelled_edit_ui(ui, text::RECEIVE_SKU.get(lang), &mut forms.receive_sku);
        labelled_edit_ui(ui, text::RECEIVE_QTY.get(lang), &mut forms.receive_qty);
        labelled_edit_ui(ui, text::RECEIVE_REFERENCE.get(lang), &mut forms.receive_reference);
    });
    let qty = positive(&forms.receive_qty);
    if qty.is_none() && !forms.receive_qty.trim().is_empty() {
        ui.colored_label(widgets::BLOCK, text::ERR_QTY.get(lang));
    }
    let ready = qty.is_some() && !forms.receive_sku.trim().is_empty();
    if ui
        .add_enabled(ready, egui::Button::new(text::RECEIVE_BOOK.get(lang)))
        .on_disabled_hover_text(text::FILL_REQUIRED.get(lang))
        .clicked()
        && let Some(qty) = qty
    {
        let receipt = crate::ops::Receipt { reference: forms.receive_reference.trim().to_string(), ..Default::default() };
        ctx.push(Action::Receive { sku: forms.receive_sku.trim().to_string(), qty, receipt });
        forms.receive_qty.clear();
        forms.receive_reference.clear();
        forms.open = None;
    }
}

pub(super) fn payment_form_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, forms: &mut DetailForms) {
    let lang = ctx.lang;
    let mut method = forms.pay_method.unwrap_or(PaymentMethod::BankTransfer);
    egui::Grid::new("exception_payment_form").num_columns(2).show(ui, |ui| {
        labelled_edit_ui(ui, text::PAY_AMOUNT.get(lang), &mut forms.pay_amount);
        let label = ui.label(text::PAY_METHOD.get(lang));
        egui::ComboBox::from_id_salt("exception_payment_method")
            .selected_text(payment_text(method, lang))
            .show_ui(ui, |ui| {
                for choice in PaymentMethod::ALL {
                    ui.selectable_value(&mut method, *choice, payment_text(*choice, lang));
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        labelled_edit_ui(ui, text::PAY_REFERENCE.get(lang), &mut forms.pay_reference);
    });
    forms.pay_method = Some(method);
    let amount = positive(&forms.pay_amount);
    if amount.is_none() && !forms.pay_amount.trim().is_empty() {
        ui.colored_label(widgets::BLOCK, text::ERR_AMOUNT.get(lang));
    }
    if ui
        .add_enabled(amount.is_some(), egui::Button::new(text::PAY_BOOK.get(lang)))
        .on_disabled_hover_text(text::FILL_REQUIRED.get(lang))
        .clicked()
        && let Some(amount) = amount
    {
        ctx.push(Action::RecordPayment {
            invoice: exception.subject.clone(),
            amount,
            method,
            reference: forms.pay_reference.trim().to_string(),
        });
        forms.pay_amount.clear();
        forms.pay_reference.clear();
        forms.open = None;
    }
}

pub(super) fn contact_form_ui(
    ui: &mut Ui,
    ctx: &mut TabCtx<'_>,
    exception: &Exception,
    customer: Option<&Customer>,
    forms: &mut DetailForms,
) {
    let lang = ctx.lang;
    match customer {
        Some(found) => {
            ui.horizontal_wrapped(|ui| {
                ui.strong(text::CONTACT_PHONE.get(lang));
                if found.phone.trim().is_empty() {
                    ui.label(text::CONTACT_NO_PHONE.get(lang));
                } else {
                    ui.label(RichText::new(found.phone.as_str()).monospace().size(16.0));
                }
                ui.label(found.name.as_str());
            });
        }
        None => {
            ui.label(text::CONTACT_UNKNOWN_CUSTOMER.get(lang));
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label(text::CONTACT_NOTE.get(lang));
        ui.add(egui::TextEdit::singleline(&mut forms.contact_note).desired_width(240.0)).labelled_by(label.id);
    });
    let ready = !forms.contact_note.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new(text::CONTACT_LOG.get(lang))).on_disabled_hover_text(text::FILL_REQUIRED.get(lang)).clicked()
    {
        let note = forms.contact_note.trim().to_string();
        ctx.push(Action::HandleException { id: exception.id, step: Handle::Comment(format!("contacted customer: {note}")) });
        forms.contact_note.clear();
        forms.open = None;
    }
}

/// Assign, start, comment, resolve with a root cause, waive.
pub(super) fn handling_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, users: &[String], forms: &mut DetailForms) {
    let lang = ctx.lang;
    let id = exception.id;
    let live = is_live(exception.status);
    ui.strong(text::HANDLING.get(lang));
    if !live {
        ui.label(RichText::new(text::CLOSED_HINT.get(lang)).weak());
    } else {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(text::ASSIGN_TO.get(lang));
            let chosen = forms.assign_to.clone().unwrap_or_else(|| text::CHOOSE.get(lang).to_string());
            egui::ComboBox::from_id_salt("exception_assign_to")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for name in users {
                        ui.selectable_value(&mut forms.assign_to, Some(name.clone()), name.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.add_enabled(forms.assign_to.is_some(), egui::Button::new(text::ASSIGN.get(lang))).clicked()
                && let Some(who) = forms.assign_to.take()
            {
                ctx.push(Action::HandleException { id, step: Handle::Assign(who) });
            }
            ui.separator();
            if ui
                .add_enabled(exception.status == ExceptionStatus::Open, egui::Button::new(text::START.get(lang)))
                .on_disabled_hover_text(text::START_HINT.get(lang))
                .clicked()
            {
                ctx.push(Action::HandleException { id, step: Handle::Start });
            }
            let refusal = waive_refusal(ctx.role, exception);
            if ui
                .add_enabled(refusal.is_none(), egui::Button::new(text::WAIVE.get(lang)))
                .on_disabled_hover_text(refusal.map_or("", |why| why.get(lang)))
                .clicked()
            {
                forms.modal = Some(ReasonFor::Waive);
                forms.reason.clear();
            }
        });
    }
    ui.horizontal(|ui| {
        let label = ui.label(text::COMMENT.get(lang));
        ui.add(egui::TextEdit::singleline(&mut forms.comment).desired_width(240.0)).labelled_by(label.id);
        let ready = !forms.comment.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new(text::ADD_COMMENT.get(lang))).clicked() {
            ctx.push(Action::HandleException { id, step: Handle::Comment(forms.comment.trim().to_string()) });
            forms.comment.clear();
        }
    });
    if !live {
        return;
    }
    ui.add_space(4.0);
    ui.strong(text::RESOLVE.get(lang));
    egui::Grid::new("exception_resolve_form").num_columns(2).show(ui, |ui| {
        let label = ui.label(text::RESOLVE_CAUSE.get(lang));
        egui::ComboBox::from_id_salt("exception_resolve_cause")
            .selected_text(forms.cause.map_or(text::CHOOSE.get(lang), |cause| cause_text(cause, lang)))
            .show_ui(ui, |ui| {
                for cause in RootCause::ALL {
                    ui.selectable_value(&mut forms.cause, Some(*cause), cause_text(*cause, lang));
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        labelled_edit_ui(ui, text::RESOLVE_NOTE.get(lang), &mut forms.cause_note);
        let label = ui.label(text::RESOLVE_ACTION.get(lang));
        ui.add(egui::TextEdit::multiline(&mut forms.action).desired_rows(2).desired_width(220.0)).labelled_by(label.id);
        ui.end_row();
    });
    let ready = forms.cause.is_some() && !forms.action.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new(text::RESOLVE.get(lang))).on_disabled_hover_text(text::RESOLVE_NEEDS.get(lang)).clicked()
        && let Some(cause) = forms.cause
    {
        ctx.push(Action::HandleException {
            id,
            step: Handle::Resolve { cause, cause_note: forms.cause_note.trim().to_string(), action: forms.action.trim().to_string() },
        });
        forms.cause = None;
        forms.cause_note.clear();
        forms.action.clear();
    }
}

/// The history, oldest first: "at — user — kind — detail".
pub(super) fn timeline_ui(ui: &mut Ui, lang: Lang, events: &[ExceptionEvent]) {
    ui.strong(text::TIMELINE.get(lang));
    if events.is_empty() {
        ui.label(text::TIMELINE_EMPTY.get(lang));
        return;
    }
    for event in events {
        let kind = event_kind_text(&event.kind, lang);
        let line = if event.detail.is_empty() {
            format!("{} — {} — {kind}", stamp(&event.at), event.user)
        } else {
            format!("{} — {} — {kind} — {}", stamp(&event.at), event.user, crate::i18n::labels::history_detail(&event.detail, lang))
        };
        ui.add(egui::Label::new(line).wrap());
    }
}

/// The reason prompt for approve, cancel and waive; pushes the action once confirmed.
pub(super) fn reason_modal_ui(ui: &Ui, ctx: &mut TabCtx<'_>, exception: &Exception, forms: &mut DetailForms) {
    let Some(purpose) = forms.modal else { return };
    let lang = ctx.lang;
    let title = match purpose {
        ReasonFor::Approve => text::APPROVE_TITLE
            .fill(lang, &[("code", &crate::i18n::labels::code_title_of(&exception.code, lang)), ("number", &exception.subject)]),
        ReasonFor::Cancel => text::CANCEL_TITLE.fill(lang, &[("number", &exception.subject)]),
        ReasonFor::Waive => {
            text::WAIVE_TITLE.fill(lang, &[("id", &exception.id), ("code", &crate::i18n::labels::code_title_of(&exception.code, lang))])
        }
    };
    let mut open = true;
    if let Some(reason) = widgets::reason_modal(ui, "exception_reason_modal", &title, &mut forms.reason, &mut open, lang) {
        let action = match purpose {
            ReasonFor::Approve => Action::ApproveOrder { number: exception.subject.clone(), reason, code: Code::parse(&exception.code) },
            ReasonFor::Cancel => Action::CancelOrder { number: exception.subject.clone(), reason },
            ReasonFor::Waive => Action::HandleException { id: exception.id, step: Handle::Waive(reason) },
        };
        ctx.push(action);
    }
    if !open {
        forms.modal = None;
        forms.reason.clear();
    }
}
