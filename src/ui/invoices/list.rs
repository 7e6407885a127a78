//! The Invoices view: every invoice with its state, a state filter, search and sortable columns;
//! the selected invoice's lines, payments and, for a problem invoice, the line-by-line
//! difference; record a payment (one invoice, or one amount split oldest-due-first over several
//! unpaid invoices of one customer), void with a reason, print.

use super::*;

mod print;

/// The selected invoice's lines, payments and line checks.
pub(super) struct Detail {
    number: String,
    stamp: Stamp,
    lines: Vec<InvoiceLine>,
    payments: Vec<Payment>,
    checks: Vec<InvoiceLineCheck>,
    error: Option<String>,
}

impl Detail {
    /// Read the lines, payments and checks of invoice `id` (numbered `number`) at `stamp`.
    fn read(store: &crate::store::Store, id: i64, number: String, stamp: Stamp) -> Detail {
        let mut errors = vec![];
        let lines = store.list_invoice_lines(id).unwrap_or_else(|error| {
            errors.push(error.to_string());
            vec![]
        });
        let payments = store.list_payments(id).unwrap_or_else(|error| {
            errors.push(error.to_string());
            vec![]
        });
        let checks = store.invoice_line_checks(id).unwrap_or_else(|error| {
            errors.push(error.to_string());
            vec![]
        });
        Detail { number, stamp, lines, payments, checks, error: if errors.is_empty() { None } else { Some(errors.join("; ")) } }
    }
}

/// The payment prompt: one invoice, or several of one customer sharing one amount.
pub(super) struct PaymentForm {
    customer: String,
    targets: Vec<PayTarget>,
    amount: String,
    method: PaymentMethod,
    reference: String,
    error: Option<Tx>,
}

pub(super) enum Outcome {
    Open,
    Closed,
    Confirmed(Vec<Action>),
}

pub(super) fn payable(row: &InvoiceRow) -> bool {
    !row.invoice.void && row.invoice.balance() > Decimal::ZERO
}

pub(super) fn pay_target(row: &InvoiceRow) -> PayTarget {
    let invoice = &row.invoice;
    PayTarget { number: invoice.number.clone(), issue_date: invoice.issue_date, due_date: invoice.due_date, balance: invoice.balance() }
}

/// Sort order of the invoice list: column `column` ascending, then by id.
pub(super) fn compare_invoices(a: (&InvoiceRow, InvoiceState), b: (&InvoiceRow, InvoiceState), column: usize) -> Ordering {
    let (x, y) = (&a.0.invoice, &b.0.invoice);
    let primary = match column {
        1 => x.order_number.cmp(&y.order_number),
        2 => x.customer_code.cmp(&y.customer_code),
        3 => x.issue_date.cmp(&y.issue_date),
        4 => x.due_date.cmp(&y.due_date),
        5 => x.total.cmp(&y.total),
        6 => x.paid.cmp(&y.paid),
        7 => x.balance().cmp(&y.balance()),
        8 => a.1.cmp(&b.1),
        _ => Ordering::Equal,
    };
    primary.then(x.id.cmp(&y.id))
}

pub(super) struct InvoiceList {
    loaded: Option<Stamp>,
    rows: Vec<InvoiceRow>,
    states: Vec<InvoiceState>,
    /// Lowercase "number order customer-code customer-name" per row, for the search.
    keys: Vec<String>,
    index: HashMap<String, usize>,
    visible: Vec<usize>,
    dirty: bool,
    filter: Option<InvoiceState>,
    search: String,
    sort: Sort,
    selected: Option<String>,
    detail: Option<Detail>,
    pay_selection: BTreeSet<String>,
    pay_customer: Option<i64>,
    payment: Option<PaymentForm>,
    void_open: bool,
    void_reason: String,
    /// The refund dialog of the selected invoice: (amount, method, reason) as typed.
    refund: Option<(String, PaymentMethod, String)>,
    print: Option<(String, PathPicker)>,
    /// The print preview of that invoice, over its print prompt.
    preview: Option<crate::ui::preview::PrintPreview>,
    error: Option<String>,
    /// The rows on their way (asked at a stamp) and the selected invoice's detail on its way.
    rows_fetch: Fetch<Vec<InvoiceRow>, Stamp>,
    detail_fetch: Fetch<Detail, (String, Stamp)>,
}

impl Default for InvoiceList {
    fn default() -> Self {
        InvoiceList {
            loaded: None,
            rows: vec![],
            states: vec![],
            keys: vec![],
            index: HashMap::new(),
            visible: vec![],
            dirty: true,
            filter: None,
            search: String::new(),
            sort: Sort { column: 0, descending: true, chosen: true },
            selected: None,
            detail: None,
            pay_selection: BTreeSet::new(),
            pay_customer: None,
            payment: None,
            void_open: false,
            void_reason: String::new(),
            refund: None,
            print: None,
            preview: None,
            error: None,
            rows_fetch: Fetch::default(),
            detail_fetch: Fetch::default(),
        }
    }
}

impl InvoiceList {
    /// Show every invoice of one customer (the Ageing view's "Invoices" button).
    pub(super) fn show_customer(&mut self, code: String) {
        self.search = code;
        self.filter = None;
        self.dirty = true;
    }

    /// Ask for the invoices when older than the data; take them when they come.
    pub(super) fn load(&mut self, ctx: &TabCtx<'_>) {
        if self.loaded != Some(stamp(ctx)) {
            self.rows_fetch.ask_once(ctx.at(), stamp(ctx), |store| store.list_invoice_rows(INVOICE_CAP));
        }
        let Some((stamp, answer)) = self.rows_fetch.answer() else { return };
        self.loaded = Some(stamp);
        crate::ui::widgets::take_rows(answer, &mut self.rows, &mut self.error);
        let today = stamp.1;
        self.states = self.rows.iter().map(|row| row.state(today)).collect();
        self.keys = self
            .rows
            .iter()
            .map(|row| {
                let invoice = &row.invoice;
                format!("{} {} {} {}", invoice.number, invoice.order_number, invoice.customer_code, invoice.customer_name).to_lowercase()
            })
            .collect();
        self.index = self.rows.iter().enumerate().map(|(index, row)| (row.invoice.number.clone(), index)).collect();
        let (rows, index) = (&self.rows, &self.index);
        self.pay_selection.retain(|number| index.get(number).and_then(|&at| rows.get(at)).is_some_and(payable));
        if self.pay_selection.is_empty() {
            self.pay_customer = None;
        }
        self.detail = None;
        self.dirty = true;
    }

    pub(super) fn refresh(&mut self) {
        self.dirty = false;
        let needle = self.search.trim().to_lowercase();
        let filter = self.filter;
        let mut visible: Vec<usize> = self
            .states
            .iter()
            .zip(&self.keys)
            .enumerate()
            .filter(|(_, (state, key))| filter.is_none_or(|wanted| wanted == **state) && (needle.is_empty() || key.contains(&needle)))
            .map(|(index, _)| index)
            .collect();
        let (rows, states, sort) = (&self.rows, &self.states, self.sort);
        visible.sort_by(|&a, &b| sort.order(compare_invoices((&rows[a], states[a]), (&rows[b], states[b]), sort.column)));
        self.visible = visible;
    }

    pub(super) fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.load(ctx);
        self.toolbar_ui(ui, ctx);
        if self.dirty {
            self.refresh();
        }
        if let Some(error) = &self.error {
            widgets::load_error_ui(ui, error, ctx.lang);
        }
        if self.rows_fetch.is_waiting() || self.detail_fetch.is_waiting() {
            crate::ui::fetch::loading_ui(ui, ctx.lang);
        }
        egui::Panel::right("kaidan_invoice_detail").resizable(true).default_size(DETAIL_WIDTH).show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("kaidan_invoice_detail_scroll").show(ui, |ui| self.detail_ui(ui, ctx));
        });
        let lang = ctx.lang;
        egui::CentralPanel::no_frame().show(ui, |ui| self.table_ui(ui, lang));
        self.payment_ui(ui, ctx);
        self.void_ui(ui, ctx);
        self.refund_ui(ui, ctx);
        self.print_ui(ui, ctx);
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let lang = ctx.lang;
        let can_pay = permits(ctx.role, Permission::RecordPayments);
        ui.horizontal_wrapped(|ui| {
            let selected_text = self.filter.map_or(t::ALL_STATES.get(lang), |state| state_text(state, lang));
            widgets::combo(ui, "kaidan_invoice_state_filter", t::FILTER_STATE.get(lang)).selected_text(selected_text).show_ui(ui, |ui| {
                if ui.selectable_value(&mut self.filter, None, t::ALL_STATES.get(lang)).changed() {
                    self.dirty = true;
                }
                for state in InvoiceState::ALL {
                    if ui.selectable_value(&mut self.filter, Some(state), state_text(state, lang)).changed() {
                        self.dirty = true;
                    }
                }
            });
            let label = ui.label(common::SEARCH.get(lang));
            let search = ui
                .add(egui::TextEdit::singleline(&mut self.search).desired_width(220.0).hint_text(t::SEARCH_HINT.get(lang)))
                .labelled_by(label.id);
            if search.changed() {
                self.dirty = true;
            }
            ui.label(t::SHOWN.fill(lang, &[("shown", &self.visible.len()), ("total", &self.rows.len())]));
            if self.rows.len() >= INVOICE_CAP {
                ui.colored_label(WARN, t::CAPPED.fill(lang, &[("count", &INVOICE_CAP)]));
            }
            if !self.pay_selection.is_empty() {
                ui.separator();
                let pay = ui
                    .add_enabled(can_pay, egui::Button::new(t::PAY_SELECTED.fill(lang, &[("count", &self.pay_selection.len())])))
                    .on_disabled_hover_text(common::NOT_ALLOWED.get(lang));
                if pay.clicked() {
                    self.open_payment(None);
                }
                if ui.button(t::SELECT_NONE.get(lang)).clicked() {
                    self.pay_selection.clear();
                    self.pay_customer = None;
                }
            } else {
                ui.weak(t::PAY_HINT.get(lang));
            }
        });
    }

    /// Open the payment prompt for one invoice (`Some(row index)`) or the ticked ones.
    pub(super) fn open_payment(&mut self, single: Option<usize>) {
        let rows: Vec<&InvoiceRow> = match single {
            Some(index) => self.rows.get(index).into_iter().collect(),
            None => self.pay_selection.iter().filter_map(|number| self.index.get(number).and_then(|&at| self.rows.get(at))).collect(),
        };
        let mut targets: Vec<PayTarget> = rows.iter().filter(|row| payable(row)).map(|row| pay_target(row)).collect();
        targets.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.issue_date.cmp(&b.issue_date)).then(a.number.cmp(&b.number)));
        let Some(first) = rows.first() else {
            return;
        };
        if targets.is_empty() {
            return;
        }
        let open: Decimal = targets.iter().map(|target| target.balance).sum();
        self.payment = Some(PaymentForm {
            customer: customer_label(&first.invoice.customer_code, &first.invoice.customer_name),
            targets,
            amount: fmt_money(open),
            method: PaymentMethod::BankTransfer,
            reference: String::new(),
            error: None,
        });
    }

    pub(super) fn table_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let row_h = row_height(ui);
        let mut clicked: Option<usize> = None;
        let mut toggled: Option<(usize, bool)> = None;
        let mut sort = self.sort;
        let mut sort_changed = false;
        let headers = [
            t::COL_INVOICE,
            t::COL_ORDER,
            t::COL_CUSTOMER,
            t::COL_ISSUED,
            t::COL_DUE,
            t::COL_TOTAL,
            t::COL_PAID,
            t::COL_BALANCE,
            t::COL_STATE,
        ];
        let selected_index = self.selected.as_ref().and_then(|number| self.index.get(number)).copied();
        TableBuilder::new(ui)
            .id_salt("kaidan_invoice_table")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::initial(175.0).at_least(120.0).resizable(true))
            .column(Column::initial(130.0).resizable(true))
            .column(Column::initial(200.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(90.0))
            .column(Column::initial(90.0))
            .column(Column::initial(95.0))
            .column(Column::initial(95.0))
            .column(Column::initial(95.0))
            .column(Column::remainder().at_least(90.0))
            .header(row_h, |mut header| {
                for (column, text) in headers.iter().enumerate() {
                    header.col(|ui| {
                        sort_changed |= sort.header(ui, column, text.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(row_h, self.visible.len(), |mut row| {
                    let Some(&index) = self.visible.get(row.index()) else {
                        return;
                    };
                    let (Some(item), Some(&state)) = (self.rows.get(index), self.states.get(index)) else {
                        return;
                    };
                    let invoice = &item.invoice;
                    row.set_selected(selected_index == Some(index));
                    row.col(|ui| {
                        if payable(item) {
                            let mut checked = self.pay_selection.contains(&invoice.number);
                            let allowed = self.pay_customer.is_none_or(|customer| customer == invoice.customer_id);
                            let response = ui
                                .add_enabled(allowed, egui::Checkbox::new(&mut checked, invoice.number.as_str()))
                                .on_disabled_hover_text(t::ONE_CUSTOMER_ONLY.get(lang));
                            if response.changed() {
                                toggled = Some((index, checked));
                            }
                        } else {
                            ui.label(&invoice.number);
                        }
                    });
                    row.col(|ui| {
                        ui.label(&invoice.order_number);
                    });
                    row.col(|ui| {
                        ui.label(customer_label(&invoice.customer_code, &invoice.customer_name));
                    });
                    row.col(|ui| {
                        ui.label(invoice.issue_date.to_string());
                    });
                    row.col(|ui| {
                        ui.label(invoice.due_date.to_string());
                    });
                    row.col(|ui| widgets::money_cell(ui, invoice.total));
                    row.col(|ui| widgets::money_cell(ui, invoice.paid));
                    row.col(|ui| widgets::money_cell(ui, invoice.balance()));
                    row.col(|ui| widgets::tag(ui, state_text(state, lang), state_color(state)));
                    if row.response().clicked() {
                        clicked = Some(index);
                    }
                });
            });
        if sort_changed {
            self.sort = sort;
            self.dirty = true;
        }
        if let Some((index, checked)) = toggled
            && let Some(row) = self.rows.get(index)
        {
            if checked {
                self.pay_selection.insert(row.invoice.number.clone());
                self.pay_customer = Some(row.invoice.customer_id);
            } else {
                self.pay_selection.remove(&row.invoice.number);
                if self.pay_selection.is_empty() {
                    self.pay_customer = None;
                }
            }
        }
        if let Some(index) = clicked {
            self.selected = self.rows.get(index).map(|row| row.invoice.number.clone());
        }
    }

    pub(super) fn detail_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let Some(index) = self.selected.as_ref().and_then(|number| self.index.get(number)).copied() else {
            ui.label(t::SELECT_INVOICE.get(lang));
            return;
        };
        let Some(row) = self.rows.get(index) else {
            ui.label(t::SELECT_INVOICE.get(lang));
            return;
        };
        let fresh = self.detail.as_ref().is_some_and(|detail| detail.number == row.invoice.number && detail.stamp == stamp(ctx));
        if !fresh {
            let (id, number, at) = (row.invoice.id, row.invoice.number.clone(), stamp(ctx));
            self.detail_fetch.ask_once(ctx.at(), (number.clone(), at), move |store| Ok::<_, String>(Detail::read(store, id, number, at)));
        }
        if let Some((_, answer)) = self.detail_fetch.answer() {
            self.detail = answer.ok();
        }
        // Another invoice's lines never show under this one's number.
        let Some(detail) = self.detail.as_ref().filter(|detail| detail.number == row.invoice.number) else {
            return;
        };
        let invoice = &row.invoice;
        let number = invoice.number.clone();
        let state = self.states.get(index).copied().unwrap_or(InvoiceState::Issued);
        let can_pay = permits(ctx.role, Permission::RecordPayments);
        let can_invoice = permits(ctx.role, Permission::Invoice);
        let (mut open_pay, mut open_void, mut open_print) = (false, false, false);

        ui.horizontal(|ui| {
            ui.heading(&invoice.number);
            widgets::tag(ui, state_text(state, lang), state_color(state));
        });
        if let Some(error) = &detail.error {
            widgets::load_error_ui(ui, error, lang);
        }
        egui::Grid::new("kaidan_invoice_head").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
            ui.label(t::COL_ORDER.get(lang));
            ui.horizontal(|ui| {
                ui.label(&invoice.order_number);
                if ui.small_button(t::OPEN_ORDER.get(lang)).clicked() {
                    ctx.push(Action::OpenOrder(invoice.order_number.clone()));
                }
            });
            ui.end_row();
            ui.label(t::COL_CUSTOMER.get(lang));
            ui.label(customer_label(&invoice.customer_code, &invoice.customer_name));
            ui.end_row();
            ui.label(t::COL_ISSUED.get(lang));
            ui.label(invoice.issue_date.to_string());
            ui.end_row();
            ui.label(t::COL_DUE.get(lang));
            ui.label(invoice.due_date.to_string());
            ui.end_row();
            for (text, value) in [
                (common::SUBTOTAL, invoice.subtotal),
                (common::TAX, invoice.tax),
                (t::COL_TOTAL, invoice.total),
                (t::COL_PAID, invoice.paid),
            ] {
                ui.label(text.get(lang));
                ui.label(fmt_money(value));
                ui.end_row();
            }
            ui.label(t::COL_BALANCE.get(lang));
            ui.strong(fmt_money(invoice.balance()));
            ui.end_row();
            if invoice.paid > invoice.total {
                ui.label(t::COL_CREDIT.get(lang));
                ui.colored_label(WARN, fmt_money(invoice.paid - invoice.total));
                ui.end_row();
            }
        });
        if invoice.void {
            ui.colored_label(
                VOID_GREY,
                t::VOID_REASON.fill(
                    lang,
                    &[("reason", &invoice.void_reason), ("date", &invoice.voided_on.map(|day| day.to_string()).unwrap_or_default())],
                ),
            );
        }
        ui.horizontal_wrapped(|ui| {
            let pay = ui
                .add_enabled(can_pay && !invoice.void, egui::Button::new(t::RECORD_PAYMENT.get(lang)))
                .on_disabled_hover_text(if invoice.void { t::IS_VOID.get(lang) } else { common::NOT_ALLOWED.get(lang) });
            open_pay = pay.clicked();
            // Money never vanishes: an invoice with payments on it is voided only after they
            // were refunded.
            let paid = invoice.paid > Decimal::ZERO;
            let refund = ui
                .add_enabled(can_pay && !invoice.void && paid, egui::Button::new(t::REFUND.get(lang)))
                .on_disabled_hover_text(if can_pay { t::NOTHING_TO_REFUND.get(lang) } else { common::NOT_ALLOWED.get(lang) });
            if refund.clicked() {
                self.refund = Some((fmt_money(invoice.paid), PaymentMethod::Cash, String::new()));
            }
            let void = ui.add_enabled(can_invoice && !invoice.void && !paid, egui::Button::new(t::VOID.get(lang))).on_disabled_hover_text(
                if invoice.void {
                    t::IS_VOID.get(lang)
                } else if paid {
                    t::REFUND_FIRST.get(lang)
                } else {
                    common::NOT_ALLOWED.get(lang)
                },
            );
            open_void = void.clicked();
            open_print = ui.button(t::PRINT_INVOICE.get(lang)).clicked();
        });

        if row.problem && !invoice.void {
            ui.separator();
            ui.label(RichText::new(t::PROBLEM_HEAD.get(lang)).color(BLOCK).strong());
            for sentence in problem_sentences(row, &detail.checks, lang) {
                ui.label(sentence);
            }
        }

        ui.separator();
        ui.strong(t::DETAIL_LINES.get(lang));
        lines_ui(ui, &detail.lines, &detail.checks, lang);
        ui.separator();
        ui.strong(t::DETAIL_PAYMENTS.get(lang));
        payments_ui(ui, &detail.payments, lang);

        if open_void {
            self.void_open = true;
            self.void_reason.clear();
        }
        if open_print {
            let picker = PathPicker::new(&format!("{number}.pdf"), true, &["pdf"]);
            self.print = Some((number, picker));
        }
        if open_pay {
            self.open_payment(Some(index));
        }
    }

    pub(super) fn payment_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
        let Some(form) = self.payment.as_mut() else {
            return;
        };
        let several = form.targets.len() > 1;
        match payment_modal_ui(ui, form, ctx.lang) {
            Outcome::Open => {}
            Outcome::Closed => self.payment = None,
            Outcome::Confirmed(actions) => {
                for action in actions {
                    ctx.push(action);
                }
                if several {
                    self.pay_selection.clear();
                    self.pay_customer = None;
                }
                self.payment = None;
            }
        }
    }

    /// Money given back on the selected invoice: amount (at most what was paid), method, reason.
    pub(super) fn refund_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
        let (Some((amount, method, reason)), Some(number)) = (self.refund.as_mut(), self.selected.clone()) else {
            self.refund = None;
            return;
        };
        let lang = ctx.lang;
        let mut done = None;
        let modal = egui::Modal::new(egui::Id::unique("kaidan_refund")).show(ui.ctx(), |ui| {
            ui.heading(t::REFUND_TITLE.fill(lang, &[("number", &number)]));
            let label = ui.label(t::REFUND_AMOUNT.get(lang));
            ui.add(egui::TextEdit::singleline(amount).desired_width(120.0)).labelled_by(label.id);
            widgets::combo(ui, "kaidan_refund_method", common::PAYMENT.get(lang)).selected_text(method_text(*method, lang)).show_ui(
                ui,
                |ui| {
                    for choice in PaymentMethod::ALL {
                        ui.selectable_value(method, *choice, method_text(*choice, lang));
                    }
                },
            );
            let label = ui.label(common::REASON.get(lang));
            ui.add(egui::TextEdit::singleline(reason).desired_width(300.0)).labelled_by(label.id);
            let parsed = parse_decimal(amount).filter(|value| *value > Decimal::ZERO);
            ui.horizontal(|ui| {
                let ready = parsed.is_some() && !reason.trim().is_empty();
                if ui.add_enabled(ready, egui::Button::new(common::OK.get(lang))).clicked()
                    && let Some(value) = parsed
                {
                    done = Some(Some(Action::Refund {
                        invoice: number.clone(),
                        amount: value,
                        method: *method,
                        reason: reason.trim().to_string(),
                    }));
                }
                if ui.button(common::CANCEL.get(lang)).clicked() {
                    done = Some(None);
                }
            });
        });
        if modal.should_close() && done.is_none() {
            done = Some(None);
        }
        if let Some(action) = done {
            if let Some(action) = action {
                ctx.push(action);
            }
            self.refund = None;
        }
    }

    pub(super) fn void_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
        if !self.void_open {
            return;
        }
        let Some(number) = self.selected.clone() else {
            self.void_open = false;
            return;
        };
        let lang = ctx.lang;
        let title = t::VOID_TITLE.fill(lang, &[("number", &number)]);
        if let Some(reason) = widgets::reason_modal(ui, "kaidan_void_invoice", &title, &mut self.void_reason, &mut self.void_open, lang) {
            ctx.push(Action::VoidInvoice { number, reason });
            self.void_reason.clear();
        }
    }
}

/// The sentences explaining why an invoice is a problem.
pub(super) fn problem_sentences(row: &InvoiceRow, checks: &[InvoiceLineCheck], lang: Lang) -> Vec<String> {
    let invoice = &row.invoice;
    let mut sentences = vec![t::PROBLEM_VALUE.fill(
        lang,
        &[
            ("amount", &fmt_money(invoice.subtotal)),
            ("value", &fmt_money(row.lines_value)),
            ("diff", &fmt_money(invoice.subtotal - row.lines_value)),
        ],
    )];
    if row.line_count == 0 {
        sentences.push(t::PROBLEM_NO_LINES.get(lang).to_string());
    } else if row.lines_sum != invoice.subtotal {
        sentences.push(t::PROBLEM_LINES_SUM.fill(lang, &[("sum", &fmt_money(row.lines_sum)), ("amount", &fmt_money(invoice.subtotal))]));
    }
    for check in checks {
        let (line, sku) = (check.line_no, check.sku.as_str());
        if check.price_differs() {
            sentences.push(t::LINE_PRICE.fill(
                lang,
                &[
                    ("line", &line),
                    ("sku", &sku),
                    ("invoiced", &fmt_price(check.unit_price)),
                    ("ordered", &fmt_price(check.order_unit_price)),
                ],
            ));
        }
        if check.discount_differs() {
            sentences.push(t::LINE_DISCOUNT.fill(
                lang,
                &[
                    ("line", &line),
                    ("sku", &sku),
                    ("invoiced", &fmt_pct(check.discount_pct)),
                    ("ordered", &fmt_pct(check.order_discount_pct)),
                ],
            ));
        }
        if check.over_invoiced() {
            sentences.push(t::LINE_OVER.fill(
                lang,
                &[("line", &line), ("sku", &sku), ("invoiced", &fmt_qty(check.invoiced_qty)), ("shipped", &fmt_qty(check.shipped_qty))],
            ));
        }
        if check.amount_differs() && !check.price_differs() && !check.discount_differs() {
            sentences.push(t::LINE_AMOUNT.fill(
                lang,
                &[
                    ("line", &line),
                    ("sku", &sku),
                    ("qty", &fmt_qty(check.qty)),
                    ("amount", &fmt_money(check.line_total)),
                    ("value", &fmt_money(check.value)),
                ],
            ));
        }
    }
    sentences
}

pub(super) fn lines_ui(ui: &mut Ui, lines: &[InvoiceLine], checks: &[InvoiceLineCheck], lang: Lang) {
    if lines.is_empty() {
        ui.weak(t::NO_LINES.get(lang));
        return;
    }
    egui::Grid::new("kaidan_invoice_lines").num_columns(6).striped(true).show(ui, |ui| {
        for text in [t::COL_SKU, t::COL_PRODUCT, t::COL_QTY, t::COL_PRICE, t::COL_DISCOUNT, t::COL_AMOUNT] {
            ui.strong(text.get(lang));
        }
        ui.end_row();
        for (position, line) in lines.iter().enumerate() {
            // Lines and checks come in the same order (order line number); a problem line is red.
            let problem = checks.get(position).is_some_and(|check| check.sku == line.sku && check.is_problem());
            let paint = |text: String| if problem { RichText::new(text).color(BLOCK) } else { RichText::new(text) };
            ui.label(paint(line.sku.clone()));
            ui.label(paint(if line.spec.is_empty() { line.name.clone() } else { format!("{} {}", line.name, line.spec) }));
            ui.label(paint(format!("{} {}", fmt_qty(line.qty), line.unit)));
            ui.label(paint(fmt_price(line.unit_price)));
            ui.label(paint(fmt_pct(line.discount_pct)));
            ui.label(paint(fmt_money(line.line_total)));
            ui.end_row();
        }
    });
}

pub(super) fn payments_ui(ui: &mut Ui, payments: &[Payment], lang: Lang) {
    if payments.is_empty() {
        ui.weak(t::NO_PAYMENTS.get(lang));
        return;
    }
    egui::Grid::new("kaidan_invoice_payments").num_columns(5).striped(true).show(ui, |ui| {
        for text in [t::COL_DATE, t::COL_AMOUNT, t::COL_METHOD, t::COL_REFERENCE, t::COL_USER] {
            ui.strong(text.get(lang));
        }
        ui.end_row();
        for payment in payments {
            ui.label(payment.paid_on.to_string());
            ui.label(fmt_money(payment.amount));
            ui.label(PaymentMethod::parse(&payment.method).map_or(payment.method.as_str(), |method| method_text(method, lang)));
            ui.label(&payment.reference);
            ui.label(&payment.user);
            ui.end_row();
        }
    });
}

/// The payment prompt. Confirming pushes one RecordPayment per invoice that gets a share.
pub(super) fn payment_modal_ui(ui: &Ui, form: &mut PaymentForm, lang: Lang) -> Outcome {
    let mut outcome = Outcome::Open;
    let modal = egui::Modal::new(egui::Id::unique("kaidan_record_payment")).show(ui.ctx(), |ui| {
        ui.set_min_width(520.0);
        let title = match form.targets.as_slice() {
            [one] => t::PAY_TITLE.fill(lang, &[("number", &one.number)]),
            many => t::MULTI_TITLE.fill(lang, &[("count", &many.len()), ("customer", &form.customer)]),
        };
        ui.heading(title);
        let open: Decimal = form.targets.iter().map(|target| target.balance).sum();
        ui.label(t::BALANCE_IS.fill(lang, &[("balance", &fmt_money(open))]));
        ui.horizontal(|ui| {
            let label = ui.label(t::AMOUNT.get(lang));
            let amount = ui.add(egui::TextEdit::singleline(&mut form.amount).desired_width(140.0)).labelled_by(label.id);
            if amount.changed() {
                form.error = None;
            }
        });
        widgets::combo(ui, "kaidan_payment_method", t::METHOD.get(lang)).selected_text(method_text(form.method, lang)).show_ui(ui, |ui| {
            for &method in PaymentMethod::ALL {
                ui.selectable_value(&mut form.method, method, method_text(method, lang));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(t::REFERENCE.get(lang));
            ui.add(egui::TextEdit::singleline(&mut form.reference).desired_width(240.0)).labelled_by(label.id);
        });
        if let Some(amount) = parse_amount(&form.amount) {
            let shares = split_payment(&form.targets, amount);
            ui.add_space(4.0);
            if form.targets.len() > 1 {
                ui.label(t::SPLIT_HEAD.get(lang));
            }
            egui::Grid::new("kaidan_payment_split").num_columns(4).striped(true).show(ui, |ui| {
                for text in [t::COL_INVOICE, t::COL_DUE, t::COL_BALANCE, t::COL_APPLIED] {
                    ui.strong(text.get(lang));
                }
                ui.end_row();
                for target in &form.targets {
                    let share = shares.iter().find(|(number, _)| *number == target.number).map_or(Decimal::ZERO, |(_, share)| *share);
                    ui.label(&target.number);
                    ui.label(target.due_date.to_string());
                    ui.label(fmt_money(target.balance));
                    if share > target.balance {
                        ui.colored_label(WARN, fmt_money(share));
                    } else {
                        ui.label(fmt_money(share));
                    }
                    ui.end_row();
                }
            });
            if amount > open {
                ui.colored_label(BLOCK, t::OVERPAY_NOTE.fill(lang, &[("credit", &fmt_money(amount - open)), ("open", &fmt_money(open))]));
            }
        }
        if let Some(error) = form.error {
            ui.colored_label(BLOCK, error.get(lang));
        }
        // More than is open is refused by the books (a double click or a typo must not take
        // money twice); say so here instead of offering it.
        let over = parse_amount(&form.amount).is_some_and(|amount| amount > form.targets.iter().map(|target| target.balance).sum());
        ui.horizontal(|ui| {
            if ui.add_enabled(!over, egui::Button::new(t::RECORD.get(lang))).clicked() {
                match parse_amount(&form.amount) {
                    Some(amount) => {
                        let reference = form.reference.trim().to_string();
                        // One payment: its shares are booked together or not at all.
                        let actions =
                            vec![Action::RecordPayments { shares: split_payment(&form.targets, amount), method: form.method, reference }];
                        outcome = Outcome::Confirmed(actions);
                        ui.close();
                    }
                    None => form.error = Some(t::ERR_AMOUNT),
                }
            }
            if ui.button(common::CANCEL.get(lang)).clicked() {
                ui.close();
            }
        });
    });
    if matches!(outcome, Outcome::Open) && modal.should_close() {
        outcome = Outcome::Closed;
    }
    outcome
}
