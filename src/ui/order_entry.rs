//! The Order entry tab: a keyboard-first order form checked live on every edit (findings on the
//! very field or line, one-click fixes), a customer card, templates and repeat orders, the draft
//! kept in the database so nothing typed is lost, and the order list to reopen, confirm, approve,
//! amend, cancel, ship, invoice and print an order. Writes only through Actions.

use super::TabCtx;
use super::widgets::{self, PathPicker, Sort, severity_color};
use crate::action::Action;
use crate::documents::DocKind;
use crate::domain::checks::{CustomerFacts, Finding};
use crate::domain::master::{Customer, Product};
use crate::domain::money::{fmt_money, fmt_qty, parse_decimal};
use crate::domain::order::{LineInput, OrderInput, PaymentInput, Totals};
use crate::domain::{Code, Delivery, OrderStatus, PaymentMethod, Permission, Priority, Severity};
use crate::i18n::{Lang, Tx, ui as t};
use crate::store::Store;
use crate::store::orders::{Order, OrderEvent, OrderFilter, OrderSummary};
use chrono::NaiveDate;
use egui::{Color32, Key, KeyboardShortcut, Modifiers, RichText, Ui};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

const SUBMIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
const DELETE_LINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Delete);
const NEW_LINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
const NEW_ORDER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const DRAFT_SLOT: &str = "order_entry";

/// One order line as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineForm {
    pub sku: String,
    pub qty: String,
    /// Empty: the agreed or catalogue price.
    pub unit_price: String,
    /// Empty: the customer's agreed discount.
    pub discount_pct: String,
}

impl LineForm {
    fn is_blank(&self) -> bool {
        self.sku.trim().is_empty() && self.qty.trim().is_empty() && self.unit_price.trim().is_empty() && self.discount_pct.trim().is_empty()
    }
}

/// The order form as typed: every field text, so nothing is lost while it is not yet valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderForm {
    pub customer: String,
    pub order_date: String,
    pub delivery_date: String,
    pub delivery: Delivery,
    pub priority: Priority,
    pub payment_method: Option<PaymentMethod>,
    pub payment_reference: String,
    pub payment_amount: String,
    pub note: String,
    pub lines: Vec<LineForm>,
}

impl Default for OrderForm {
    fn default() -> Self {
        OrderForm {
            customer: String::new(),
            order_date: String::new(),
            delivery_date: String::new(),
            delivery: Delivery::Pickup,
            priority: Priority::Normal,
            payment_method: None,
            payment_reference: String::new(),
            payment_amount: String::new(),
            note: String::new(),
            lines: vec![LineForm::default()],
        }
    }
}

/// A field that does not parse, shown under the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: &'static str,
    pub line: Option<usize>,
    pub text: Tx,
}

impl OrderForm {
    /// Fill a form from a saved order.
    pub fn from_order(order: &Order) -> OrderForm {
        let mut lines: Vec<LineForm> = order
            .lines
            .iter()
            .map(|line| LineForm {
                sku: line.sku.clone(),
                qty: fmt_qty(line.qty),
                unit_price: line.unit_price.normalize().to_string(),
                discount_pct: fmt_qty(line.discount_pct),
            })
            .collect();
        lines.push(LineForm::default());
        OrderForm {
            customer: order.customer_code.clone(),
            order_date: order.order_date.to_string(),
            delivery_date: order.delivery_date.map(|d| d.to_string()).unwrap_or_default(),
            delivery: order.delivery,
            priority: order.priority,
            payment_method: order.payment_method,
            payment_reference: order.payment_reference.clone(),
            payment_amount: order.payment_amount.map(|a| a.normalize().to_string()).unwrap_or_default(),
            note: order.note.clone(),
            lines,
        }
    }

    /// Parse into typed input plus every field that did not parse. Blank lines are skipped;
    /// an unreadable quantity counts as 0 so its line is still checked (QTY_INVALID).
    pub fn parse(&self) -> (OrderInput, Vec<FormError>) {
        let mut errors = vec![];
        let mut date = |field: &'static str, text: &str| -> Option<NaiveDate> {
            if text.trim().is_empty() {
                return None;
            }
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().or_else(|| {
                errors.push(FormError { field, line: None, text: t::ERR_DATE });
                None
            })
        };
        let order_date = date("order_date", &self.order_date);
        let delivery_date = date("delivery_date", &self.delivery_date);
        let mut number = |field: &'static str, line: Option<usize>, text: &str| -> Option<Decimal> {
            if text.trim().is_empty() {
                return None;
            }
            parse_decimal(text).or_else(|| {
                errors.push(FormError { field, line, text: t::ERR_NUMBER });
                None
            })
        };
        let amount = number("payment.amount", None, &self.payment_amount);
        let mut lines = vec![];
        for line in self.lines.iter().filter(|line| !line.is_blank()) {
            let line_no = Some(lines.len() + 1);
            let qty = number("qty", line_no, &line.qty).unwrap_or(Decimal::ZERO);
            let unit_price = number("unit_price", line_no, &line.unit_price);
            let discount_pct = number("discount_pct", line_no, &line.discount_pct);
            lines.push(LineInput { sku: line.sku.trim().to_string(), qty, unit_price, discount_pct, line_total: None });
        }
        let payment = (self.payment_method.is_some() || amount.is_some()).then(|| PaymentInput {
            method: self.payment_method,
            reference: self.payment_reference.trim().to_string(),
            amount,
        });
        let input = OrderInput {
            customer: self.customer.trim().to_string(),
            order_date,
            delivery_date,
            delivery: Some(self.delivery),
            priority: Some(self.priority),
            payment,
            note: self.note.trim().to_string(),
            lines,
        };
        (input, errors)
    }

    /// Index in `lines` of the n-th (1-based) non-blank line.
    fn line_index(&self, line_no: usize) -> Option<usize> {
        self.lines.iter().enumerate().filter(|(_, line)| !line.is_blank()).nth(line_no.checked_sub(1)?).map(|(index, _)| index)
    }
}

/// What is being edited: a saved order (its number, version, state and author) or a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editing {
    pub number: String,
    pub version: i64,
    pub status: OrderStatus,
    pub created_by: String,
}

/// The draft kept in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    form: OrderForm,
    editing: Option<Editing>,
}

/// The last live check.
#[derive(Debug, Clone, Default)]
struct CheckView {
    findings: Vec<Finding>,
    errors: Vec<FormError>,
    totals: Totals,
    /// Per non-blank line: (name, spec, unit, unit price used, discount used, line total, available).
    lines: Vec<LineView>,
    customer: Option<CustomerFacts>,
    /// Fingerprints of findings approved for the saved order (shown as approved).
    approved: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct LineView {
    name: String,
    unit: String,
    unit_price: Decimal,
    discount_pct: Decimal,
    line_total: Decimal,
    available: Option<Decimal>,
    /// For a saved order's line: (ordered, shipped) as stored.
    shipped: Option<(Decimal, Decimal)>,
}

/// Where the keyboard focus should go next frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Customer,
    Field(&'static str),
    Line(usize, &'static str),
}

/// Which prompt is open.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Prompt {
    Approve,
    Cancel,
    Amend,
    Complaint,
    Template,
}

/// The order list view.
#[derive(Debug, Default)]
struct ListView {
    filter: OrderFilter,
    status: Option<OrderStatus>,
    from: String,
    to: String,
    rows: Vec<OrderSummary>,
    loaded: Option<(u64, OrderFilter)>,
    sort: Sort,
}

/// The Order entry tab.
#[derive(Default)]
pub struct OrderEntryTab {
    form: OrderForm,
    editing: Option<Editing>,
    show_list: bool,
    check: CheckView,
    checked: Option<(OrderForm, u64)>,
    persisted: Option<Draft>,
    /// The form as a backorder split leaves it, shown once the split went through.
    split_form: Option<OrderForm>,
    /// The last read the form needed and could not make (the check, a search, the list): shown
    /// above the form in red, never swallowed into an empty list.
    read_error: Option<String>,
    customer_results: Vec<Customer>,
    customer_query: Option<String>,
    customer_focused: bool,
    /// The highlighted customer suggestion (arrow keys).
    customer_pick: usize,
    /// Whether the order and delivery date fields had the focus last frame.
    date_focus: [bool; 2],
    product_results: Vec<Product>,
    product_query: Option<(usize, String)>,
    active_sku_line: Option<usize>,
    last_orders: Vec<OrderSummary>,
    last_orders_for: Option<(String, u64)>,
    templates: Option<(u64, Vec<(String, String)>)>,
    history: Option<(String, u64, Vec<OrderEvent>)>,
    focus: Option<Focus>,
    prompt: Option<Prompt>,
    prompt_text: String,
    print: Option<(DocKind, PathPicker)>,
    /// The ship panel: (SKU, product name, quantity to ship as typed, still open).
    ship_lines: Option<Vec<(String, String, String, Decimal)>>,
    list: ListView,
    /// The print prompt is for the batch of all dispatch slips, not the open order.
    batch: bool,
    /// The orders of that batch, read when its panel opened.
    batch_numbers: Option<Vec<String>>,
    aftersales: Option<(String, u64, AfterSales)>,
    /// The form as loaded from a saved order, to tell unsaved edits.
    loaded_form: Option<OrderForm>,
    /// "New order" waits for the clerk to confirm that unsaved typing may go.
    confirm_discard: bool,
}

/// Shipments and returns of the open order, with the delivery and return forms.
#[derive(Debug, Default, Clone)]
struct AfterSales {
    shipments: Vec<crate::store::aftersales::Shipment>,
    returns: Vec<crate::store::aftersales::Return>,
    received_by: Vec<String>,
    return_open: bool,
    return_lines: Vec<(String, String)>,
    return_reason: String,
}

/// The translated name of an order state, as a list shows it.
pub fn status_text(status: OrderStatus, lang: Lang) -> String {
    crate::i18n::labels::order_status_title(status, lang)
}

/// The colour of an order state.
pub fn status_color(status: OrderStatus) -> Color32 {
    match status {
        OrderStatus::AwaitingCorrection => widgets::BLOCK,
        OrderStatus::AwaitingApproval | OrderStatus::AwaitingRestock => widgets::WARN,
        OrderStatus::Cancelled => widgets::INFO,
        _ => widgets::OK,
    }
}

fn method_text(method: PaymentMethod, lang: Lang) -> &'static str {
    crate::i18n::labels::payment_method(method, lang)
}

fn arg<'a>(finding: &'a Finding, name: &str) -> Option<&'a str> {
    finding.message.args.iter().find(|(key, _)| *key == name).map(|(_, value)| value.as_str())
}

impl OrderEntryTab {
    /// Bring back the user's draft after a restart or crash. A draft that cannot be read is
    /// said (the form starts empty), never dropped silently.
    pub fn restore_draft(&mut self, store: &Store, user: &str) -> Result<(), String> {
        let body = match store.get_draft(user, DRAFT_SLOT) {
            Ok(Some(body)) => body,
            Ok(None) => return Ok(()),
            Err(error) => return Err(error.to_string()),
        };
        if let Ok(draft) = serde_json::from_str::<Draft>(&body) {
            self.form = draft.form;
            self.editing = draft.editing;
            self.persisted = Some(Draft { form: self.form.clone(), editing: self.editing.clone() });
            // The order may have moved on since the draft was kept (a scan, another counter):
            // show its state as it is now. The version stays, so a save still detects a conflict.
            if let Some(editing) = &mut self.editing
                && let Ok(order) = store.get_order(&editing.number)
            {
                editing.status = order.status;
                self.loaded_form = Some(OrderForm::from_order(&order));
            }
        }
        Ok(())
    }

    /// The draft to keep when the form changed since it was last kept (never every frame): an
    /// action for the window to apply, with no body when the form is empty (the kept draft is
    /// cleared).
    pub fn draft_change(&self) -> Option<Action> {
        let draft = Draft { form: self.form.clone(), editing: self.editing.clone() };
        if self.persisted.as_ref() == Some(&draft) {
            return None;
        }
        let body =
            if draft.form == OrderForm::default() && draft.editing.is_none() { None } else { Some(serde_json::to_string(&draft).ok()?) };
        Some(Action::KeepDraft { slot: DRAFT_SLOT, body })
    }

    /// The form as it is now has been kept (or its keeping was reported): wait for the next change.
    pub fn draft_kept(&mut self) {
        self.persisted = Some(Draft { form: self.form.clone(), editing: self.editing.clone() });
    }

    /// After a successful save: show the saved order (its number and state) in the form.
    pub fn after_save(&mut self, store: &Store, saved: &crate::ops::Saved) {
        if let Ok(order) = store.get_order(&saved.number) {
            self.load(&order);
        }
    }

    /// After a backorder was split off: a saved original is shown as saved (its line reduced);
    /// an unsaved form keeps the clerk's typing with the line reduced (as the split left it).
    pub fn after_split(&mut self, store: &Store, original: Option<&str>) {
        let kept_form = self.split_form.take();
        match original.and_then(|number| store.get_order(number).ok()) {
            Some(order) => self.load(&order),
            None => {
                if let Some(form) = kept_form {
                    self.form = form;
                }
                self.checked = None;
            }
        }
    }

    /// The order form's draft slot (one per user).
    pub const DRAFT_SLOT: &'static str = DRAFT_SLOT;

    /// Whether the form shows this order.
    pub fn is_showing(&self, number: &str) -> bool {
        self.editing.as_ref().is_some_and(|editing| editing.number == number)
    }

    fn load(&mut self, order: &Order) {
        self.form = OrderForm::from_order(order);
        self.loaded_form = Some(self.form.clone());
        self.editing = Some(Editing {
            number: order.number.clone(),
            version: order.version,
            status: order.status,
            created_by: order.created_by.clone(),
        });
        self.checked = None;
        self.history = None;
        self.show_list = false;
    }

    /// Show a saved order in the form.
    pub fn open_order(&mut self, _store: &Store, order: &Order, _today: NaiveDate) {
        self.load(order);
    }

    /// Start a new order with the lines of an earlier one (repeat order).
    pub fn copy_order(&mut self, order: &Order, _today: NaiveDate) {
        let mut form = OrderForm::from_order(order);
        form.order_date.clear();
        form.delivery_date.clear();
        form.payment_method = None;
        form.payment_reference.clear();
        form.payment_amount.clear();
        // Prices are re-derived from today's terms (agreed or catalogue); the discount the
        // line was given is kept, as the customer expects it again.
        for line in &mut form.lines {
            line.unit_price.clear();
        }
        self.form = form;
        self.editing = None;
        self.checked = None;
        self.show_list = false;
    }

    /// "New order" (button or Ctrl+N): at once when nothing typed would be lost, else only
    /// after the clerk confirms that the unsaved changes may go.
    fn request_new_order(&mut self) {
        self.show_list = false;
        let unsaved = match &self.editing {
            None => self.form != OrderForm::default(),
            Some(_) => self.loaded_form.as_ref().is_some_and(|loaded| *loaded != self.form),
        };
        if unsaved {
            self.confirm_discard = true;
        } else {
            self.new_order();
        }
    }

    fn new_order(&mut self) {
        self.confirm_discard = false;
        self.loaded_form = None;
        self.form = OrderForm::default();
        self.editing = None;
        self.checked = None;
        self.history = None;
        self.focus = Some(Focus::Customer);
    }

    fn editable(&self) -> bool {
        self.editing.as_ref().is_none_or(|editing| editing.status.is_pre_confirmation() || editing.status == OrderStatus::Confirmed)
    }

    /// Re-run the live checks when the form or the data changed.
    fn recheck(&mut self, ctx: &TabCtx<'_>) {
        if self.checked.as_ref().is_some_and(|(form, generation)| *form == self.form && *generation == ctx.generation) {
            return;
        }
        let (input, errors) = self.form.parse();
        self.read_error = None;
        let saved = match self.editing.as_ref().map(|editing| ctx.store.get_order(&editing.number)) {
            Some(Ok(order)) => Some(order),
            Some(Err(error)) => {
                self.read_error = Some(error.to_string());
                None
            }
            None => None,
        };
        let editing_id = saved.as_ref().map(|order| order.id);
        // The badge follows the order's state as stored (a scan or another counter may have
        // moved it); the version is kept so that saving over someone else's change conflicts.
        if let (Some(editing), Some(order)) = (&mut self.editing, &saved) {
            editing.status = order.status;
        }
        let mut view = CheckView { errors, ..Default::default() };
        let checked = crate::ops::check_order(ctx.store, &input, ctx.today, editing_id);
        if let Err(error) = &checked {
            self.read_error = Some(error.to_string());
        }
        if let Ok(checked) = checked {
            // A block already approved for this order is shown as approved, not as a block:
            // the order, the Approve button and the inbox then say the same thing.
            let approvals = match saved.as_ref().map(|order| ctx.store.list_approvals(order.id)) {
                Some(Ok(approvals)) => approvals,
                Some(Err(error)) => {
                    self.read_error = Some(error.to_string());
                    vec![]
                }
                None => vec![],
            };
            view.findings = checked.findings;
            for finding in &mut view.findings {
                if approvals.iter().any(|approval| finding.approved_by(&approval.fingerprint)) {
                    view.approved.push(finding.fingerprint());
                    finding.severity = Severity::Info;
                }
            }
            // This order's own reservation is not "reserved by others" (as in the check).
            let own = |sku: &str| -> Decimal {
                saved
                    .as_ref()
                    .filter(|order| order.status.reserves_stock())
                    .map(|order| order.lines.iter().filter(|l| l.sku == sku).map(|l| (l.qty - l.shipped_qty).max(Decimal::ZERO)).sum())
                    .unwrap_or_default()
            };
            view.totals = checked.priced.totals;
            view.customer = checked.customer;
            for line in &checked.priced.lines {
                let product = ctx.store.get_product_by_sku(&line.sku).unwrap_or_else(|error| {
                    self.read_error = Some(error.to_string());
                    None
                });
                view.lines.push(LineView {
                    name: product
                        .as_ref()
                        .map(|p| if p.spec.is_empty() { p.name.clone() } else { format!("{} {}", p.name, p.spec) })
                        .unwrap_or_default(),
                    unit: product.as_ref().map(|p| p.unit.clone()).unwrap_or_default(),
                    unit_price: line.unit_price,
                    discount_pct: line.discount_pct,
                    line_total: line.line_total,
                    available: product.as_ref().map(|p| (p.available() + own(&p.sku)).max(Decimal::ZERO)),
                    shipped: saved
                        .as_ref()
                        .and_then(|order| order.lines.iter().find(|l| l.line_no == line.line_no && l.sku == line.sku))
                        .filter(|l| l.shipped_qty > Decimal::ZERO)
                        .map(|l| (l.qty, l.shipped_qty)),
                });
            }
        }
        if self.editing.is_none() && self.form == OrderForm::default() {
            // A blank new form: nothing to complain about yet.
            view.findings.clear();
        }
        self.check = view;
        self.checked = Some((self.form.clone(), ctx.generation));
    }

    fn findings_for(&self, field: &str, line: Option<usize>) -> Vec<&Finding> {
        self.check
            .findings
            .iter()
            .filter(|f| f.line == line && (f.field == field || (field == "sku" && f.field == "lines" && line.is_some())))
            .collect()
    }

    fn worst(&self, field: &str, line: Option<usize>) -> Option<Severity> {
        let from_findings = self.findings_for(field, line).iter().map(|f| f.severity).min_by_key(|s| match s {
            Severity::Block => 0,
            Severity::Warn => 1,
            Severity::Info => 2,
        });
        let parse_error = self.check.errors.iter().any(|e| e.field == field && e.line == line);
        if parse_error { Some(Severity::Block) } else { from_findings }
    }

    /// Ask before unsaved typing is thrown away by "New order".
    fn discard_ui(&mut self, ui: &mut Ui, lang: crate::i18n::Lang) {
        if !self.confirm_discard {
            return;
        }
        let mut discard = false;
        let modal = egui::Modal::new(egui::Id::unique("discard_order")).show(ui.ctx(), |ui| {
            ui.heading(t::DISCARD_TITLE.get(lang));
            ui.label(t::DISCARD_HINT.get(lang));
            ui.horizontal(|ui| {
                if ui.button(t::DISCARD.get(lang)).clicked() {
                    discard = true;
                }
                if ui.button(t::KEEP_EDITING.get(lang)).clicked() {
                    ui.close();
                }
            });
        });
        if discard {
            self.new_order();
        } else if modal.should_close() {
            self.confirm_discard = false;
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
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
        if self.list.loaded.as_ref() != Some(&(ctx.generation, filter.clone())) {
            self.list.rows = ctx.store.list_orders(&filter).unwrap_or_else(|error| {
                self.read_error = Some(error.to_string());
                vec![]
            });
            self.list.loaded = Some((ctx.generation, filter));
            self.apply_list_sort();
        }
        ui.horizontal(|ui| {
            ui.label(RichText::new(t::ROWS.fill(lang, &[("count", &self.list.rows.len())])).small());
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
    fn batch_print_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let Some((_, picker)) = &mut self.print else {
            self.batch = false;
            return;
        };
        let mut done = None;
        // How many slips, read once when the panel opens (not every frame).
        let read_error = &mut self.read_error;
        let numbers = self
            .batch_numbers
            .get_or_insert_with(|| {
                crate::documents::dispatch_batch(ctx.store).unwrap_or_else(|error| {
                    *read_error = Some(error.to_string());
                    vec![]
                })
            })
            .clone();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(t::PRINT_ALL_DISPATCH.get(lang)).strong());
            ui.label(t::BATCH_COUNT.fill(lang, &[("count", &numbers.len())]));
            picker.ui(ui, lang);
            let exists = std::path::Path::new(picker.path.trim()).exists();
            ui.horizontal(|ui| {
                let label = if exists { t::REPLACE_AND_PRINT.get(lang) } else { t::PRINT.get(lang) };
                if ui.add_enabled(!numbers.is_empty(), egui::Button::new(label)).clicked() {
                    done = Some(picker.take());
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    done = Some(None);
                }
            });
        });
        if let Some(path) = done {
            if let Some(path) = path {
                ctx.push(Action::Print { kind: DocKind::Dispatch, numbers, path });
            }
            self.print = None;
            self.batch = false;
            self.batch_numbers = None;
        }
    }

    fn apply_list_sort(&mut self) {
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

    fn form_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.handle_shortcuts(ui, ctx);
        self.recheck(ctx);
        // The customer card gives way on a small screen so the order grid keeps its columns.
        // Its content wraps inside it: a card wider than its panel would paint over the grid's
        // last columns.
        let (card_width, card_max) = if ui.available_width() < 1100.0 { (230.0, 250.0) } else { (300.0, 460.0) };
        egui::Panel::right("customer_card").resizable(true).default_size(card_width).size_range(180.0..=card_max).show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("card_scroll").show(ui, |ui| {
                self.customer_card_ui(ui, ctx);
            });
        });
        egui::Panel::bottom("findings_panel").resizable(true).default_size(170.0).show(ui, |ui| {
            self.findings_list_ui(ui, ctx);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("form_scroll").show(ui, |ui| {
                self.header_ui(ui, ctx);
                ui.add_enabled_ui(self.editable(), |ui| {
                    self.fields_ui(ui, ctx);
                    ui.add_space(6.0);
                    self.lines_ui(ui, ctx);
                });
                ui.add_space(6.0);
                self.totals_ui(ui, ctx);
                ui.add_space(6.0);
                self.buttons_ui(ui, ctx);
                self.aftersales_ui(ui, ctx);
                self.history_ui(ui, ctx);
            });
        });
    }

    fn handle_shortcuts(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        if ui.input_mut(|i| i.consume_shortcut(&SUBMIT)) {
            self.submit(ctx);
        }
        if ui.input_mut(|i| i.consume_shortcut(&NEW_ORDER)) {
            self.request_new_order();
        }
        if ui.input_mut(|i| i.consume_shortcut(&NEW_LINE)) {
            self.form.lines.push(LineForm::default());
            self.focus = Some(Focus::Line(self.form.lines.len() - 1, "sku"));
        }
        if ui.input_mut(|i| i.consume_shortcut(&DELETE_LINE))
            && let Some(index) = self.active_sku_line
            && index < self.form.lines.len()
        {
            self.form.lines.remove(index);
            if self.form.lines.is_empty() {
                self.form.lines.push(LineForm::default());
            }
        }
    }

    fn header_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
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

    fn field_messages_ui(&self, ui: &mut Ui, field: &str, line: Option<usize>, lang: Lang) {
        for error in self.check.errors.iter().filter(|e| e.field == field && e.line == line) {
            ui.label(RichText::new(error.text.get(lang)).color(widgets::BLOCK).small());
        }
        for finding in self.findings_for(field, line) {
            ui.label(RichText::new(finding.message.render(lang)).color(severity_color(finding.severity)).small());
        }
    }

    fn fields_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        // Customer with its picker.
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new(ctx.t(t::CUSTOMER)).strong());
            let id = ui.make_persistent_id("customer_field");
            let response = framed(ui, self.worst("customer", None).map(severity_color), |ui| {
                ui.add(egui::TextEdit::singleline(&mut self.form.customer).id(id).desired_width(260.0).hint_text(ctx.t(t::CUSTOMER_HINT)))
                    .labelled_by(label.id)
            });
            if self.focus == Some(Focus::Customer) {
                response.request_focus();
                self.focus = None;
            }
            self.customer_focused = response.has_focus();
            if response.has_focus() && self.customer_query.as_deref() != Some(self.form.customer.as_str()) {
                self.customer_results = ctx.store.search_customers(&self.form.customer, 8, false).unwrap_or_else(|error| {
                    self.read_error = Some(error.to_string());
                    vec![]
                });
                self.customer_query = Some(self.form.customer.clone());
                self.customer_pick = 0;
            }
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
            if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                if let Some(picked) = self.customer_results.get(self.customer_pick).or(self.customer_results.first())
                    && !self.customer_results.iter().any(|c| c.code == self.form.customer.trim())
                {
                    self.form.customer = picked.code.clone();
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
                ui.add(egui::TextEdit::singleline(&mut self.form.order_date).desired_width(100.0).hint_text(ctx.today.to_string()))
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
                    egui::TextEdit::singleline(&mut self.form.delivery_date).desired_width(100.0).hint_text(t::DATE_PLACEHOLDER.get(lang)),
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
            widgets::combo(ui, "payment_method", ctx.t(t::PAYMENT))
                .selected_text(self.form.payment_method.map(|m| method_text(m, lang)).unwrap_or(t::NONE.get(lang)))
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
                    ui.add(egui::TextEdit::singleline(&mut self.form.payment_reference).desired_width(120.0)).labelled_by(label.id)
                });
            });
            let amount_color = self.worst("payment.amount", None).map(severity_color);
            widgets::keep_together(ui, 180.0);
            ui.horizontal(|ui| {
                let label = ui.label(ctx.t(t::PAYMENT_AMOUNT));
                framed(ui, amount_color, |ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.form.payment_amount).desired_width(90.0)).labelled_by(label.id)
                });
            });
        });
        self.field_messages_ui(ui, "payment.reference", None, lang);
        self.field_messages_ui(ui, "payment.amount", None, lang);
        ui.horizontal(|ui| {
            let label = ui.label(ctx.t(t::NOTE));
            ui.add(egui::TextEdit::singleline(&mut self.form.note).desired_width(480.0)).labelled_by(label.id);
        });
    }

    fn lines_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        self.field_messages_ui(ui, "lines", None, lang);
        let mut remove = None;
        let mut add_line = false;
        let line_count = self.form.lines.len();
        // Column widths fit the window: at 1024×768 (many shop PCs) every column, the line total,
        // the available figure and the delete button stay visible; the product name takes what
        // is left.
        let spacing = ui.spacing().item_spacing.x * 9.0;
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
                let sku_id = ui.make_persistent_id(("sku", index));
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
                    let query = self.form.lines[index].sku.clone();
                    if self.product_query.as_ref() != Some(&(index, query.clone())) {
                        self.product_results = if query.trim().is_empty() {
                            vec![]
                        } else {
                            ctx.store.search_products(&query, 8, true).unwrap_or_else(|error| {
                                self.read_error = Some(error.to_string());
                                vec![]
                            })
                        };
                        self.product_query = Some((index, query));
                    }
                }
                if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    let typed = self.form.lines[index].sku.trim().to_string();
                    if let Some(first) = self.product_results.first()
                        && !self.product_results.iter().any(|p| p.sku == typed)
                    {
                        self.form.lines[index].sku = first.sku.clone();
                    }
                    next_focus = Some(Focus::Line(index, "qty"));
                }
                self.take_focus(&response, index, "sku");
                sku_response = Some(response);
                cell(ui, widths[2], |ui| {
                    ui.add(egui::Label::new(&view.name).truncate()).on_hover_text(&view.name);
                });
                for (field, width) in [("qty", widths[3]), ("unit_price", widths[5]), ("discount_pct", widths[6])] {
                    let color = self.line_color(number, &[field]);
                    let hint = match field {
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
                            ui.add(
                                egui::TextEdit::singleline(value)
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

    fn line_color(&self, number: Option<usize>, fields: &[&str]) -> Option<Color32> {
        let number = number?;
        fields.iter().filter_map(|field| self.worst(field, Some(number))).min_by_key(|s| *s as u8).map(severity_color)
    }

    fn take_focus(&mut self, response: &egui::Response, index: usize, field: &'static str) {
        if self.focus == Some(Focus::Line(index, field)) {
            response.request_focus();
            self.focus = None;
        }
    }

    /// The one-click fix a finding offers, if its fix is obvious.
    fn fix_button_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>, index: usize, finding: &Finding) {
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
                if short > Decimal::ZERO
                    && ui
                        .small_button(t::FIX_BACKORDER.fill(lang, &[("short", &fmt_qty(short))]))
                        .on_hover_text(t::FIX_BACKORDER_HINT.get(lang))
                        .clicked()
                {
                    // Nothing changes here, in the middle of drawing the lines: the split is one
                    // action, applied after the frame in one transaction, and the form follows
                    // only when it succeeded (see `after_split`).
                    let (mut backorder, _) = self.form.parse();
                    let sku = self.form.lines[index].sku.trim().to_string();
                    backorder.lines = vec![LineInput { sku, qty: short, unit_price: None, discount_pct: None, line_total: None }];
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
                    ctx.push(Action::SplitBackorder { original, kept, backorder });
                }
            }
            _ => {}
        }
    }

    fn totals_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let totals = self.check.totals;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{} {}", ctx.t(t::SUBTOTAL), fmt_money(totals.subtotal))));
            ui.separator();
            ui.label(RichText::new(format!("{} {}", ctx.t(t::TAX), fmt_money(totals.tax))));
            ui.separator();
            ui.label(RichText::new(format!("{} {}", ctx.t(t::TOTAL), fmt_money(totals.total))).size(19.0).strong());
        });
    }

    fn submit(&mut self, ctx: &mut TabCtx<'_>) {
        let (input, _) = self.form.parse();
        match &self.editing {
            None => ctx.push(Action::SubmitOrder(input)),
            Some(editing) if editing.status == OrderStatus::Confirmed => {
                self.prompt = Some(Prompt::Amend);
                self.prompt_text.clear();
            }
            Some(editing) if editing.status.is_pre_confirmation() => {
                ctx.push(Action::UpdateOrder { number: editing.number.clone(), input, version: editing.version, reason: String::new() });
            }
            Some(_) => {}
        }
    }

    fn buttons_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let shortcut = ui.ctx().format_shortcut(&SUBMIT);
        ui.horizontal_wrapped(|ui| {
            let (label, enabled) = match &self.editing {
                None => (t::SUBMIT.get(lang), true),
                Some(editing) if editing.status.is_pre_confirmation() => (t::SAVE_CHANGES.get(lang), true),
                Some(editing) if editing.status == OrderStatus::Confirmed => (t::AMEND.get(lang), true),
                Some(_) => (t::SAVE_CHANGES.get(lang), false),
            };
            let may_enter = crate::domain::permits(ctx.role, Permission::EnterOrders);
            if ui
                .add_enabled(enabled && may_enter, egui::Button::new(RichText::new(label).strong()).fill(widgets::OK.gamma_multiply(0.25)))
                .on_hover_text(format!("{label} ({shortcut})"))
                .on_disabled_hover_text(t::NOT_ALLOWED.get(lang))
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
                if ui.add_enabled(!blocked && may_confirm, egui::Button::new(t::CONFIRM.get(lang))).on_disabled_hover_text(why).clicked() {
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
                    && let Ok(order) = ctx.store.get_order(&editing.number)
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
            if ui.button(t::COPY_AS_NEW.get(lang)).clicked()
                && let Ok(order) = ctx.store.get_order(&editing.number)
            {
                self.copy_order(&order, ctx.today);
            }
            if ui.button(t::LOG_COMPLAINT.get(lang)).clicked() {
                self.prompt = Some(Prompt::Complaint);
                self.prompt_text.clear();
            }
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
        if let Some((kind, picker)) = self.print.as_mut().filter(|_| !self.batch) {
            let mut done = None;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                picker.ui(ui, lang);
                // A typed path over an earlier slip says so on the button (the system dialog asks itself).
                let exists = std::path::Path::new(picker.path.trim()).exists();
                ui.horizontal(|ui| {
                    let label = if exists { t::REPLACE_AND_PRINT.get(lang) } else { t::PRINT.get(lang) };
                    if ui.button(label).clicked() {
                        done = Some(picker.take());
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
            }
        }
    }

    fn templates_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        if self.templates.as_ref().is_none_or(|(generation, _)| *generation != ctx.generation) {
            self.templates = Some((ctx.generation, ctx.store.list_templates().unwrap_or_default()));
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

    fn prompts_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
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

    fn customer_card_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
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
        ui.label(RichText::new(t::LAST_ORDERS.get(lang)).strong());
        if self.last_orders_for.as_ref() != Some(&(customer.code.clone(), ctx.generation)) {
            self.last_orders = ctx.store.list_customer_orders(&customer.code, 8).unwrap_or_default();
            self.last_orders_for = Some((customer.code.clone(), ctx.generation));
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

    fn findings_list_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
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

    fn aftersales_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let Some(editing) = self.editing.clone() else { return };
        if !matches!(editing.status, OrderStatus::PartiallyShipped | OrderStatus::Shipped | OrderStatus::Invoiced | OrderStatus::Paid) {
            return;
        }
        let lang = ctx.lang;
        if self.aftersales.as_ref().is_none_or(|(number, generation, _)| *number != editing.number || *generation != ctx.generation) {
            let mut view = AfterSales::default();
            if let Ok(order) = ctx.store.get_order(&editing.number) {
                view.shipments = ctx.store.list_shipments(order.id).unwrap_or_default();
                view.returns = ctx.store.list_returns(order.id).unwrap_or_default();
                view.received_by = vec![String::new(); view.shipments.len()];
                view.return_lines =
                    order.lines.iter().filter(|l| l.shipped_qty > Decimal::ZERO).map(|l| (l.sku.clone(), String::new())).collect();
            }
            self.aftersales = Some((editing.number.clone(), ctx.generation, view));
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

    fn history_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let Some(editing) = &self.editing else { return };
        let lang = ctx.lang;
        if self.history.as_ref().is_none_or(|(number, generation, _)| number != &editing.number || *generation != ctx.generation) {
            let events = ctx.store.get_order(&editing.number).and_then(|order| ctx.store.list_order_events(order.id)).unwrap_or_default();
            self.history = Some((editing.number.clone(), ctx.generation, events));
        }
        egui::CollapsingHeader::new(t::HISTORY.get(lang)).default_open(false).show(ui, |ui| {
            if let Some((_, _, events)) = &self.history {
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

/// A fixed-width cell of a form row, so the rows line up as columns.
fn cell<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.allocate_ui_with_layout(egui::vec2(width, 26.0), egui::Layout::left_to_right(egui::Align::Center), |ui| {
        ui.set_min_width(width);
        ui.set_max_width(width);
        add(ui)
    })
    .inner
}

/// Draw an input inside a coloured frame (red block, amber warning).
fn framed(ui: &mut Ui, color: Option<Color32>, add: impl FnOnce(&mut Ui) -> egui::Response) -> egui::Response {
    let stroke = color.map(|c| egui::Stroke::new(2.0, c)).unwrap_or(egui::Stroke::NONE);
    egui::Frame::new().stroke(stroke).corner_radius(3).inner_margin(1).show(ui, add).inner
}

impl crate::ui::TabView for OrderEntryTab {
    /// Draw the tab.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        ui.horizontal(|ui| {
            if ui.add(egui::Button::selectable(!self.show_list, RichText::new(ctx.t(t::ORDER_FORM)).strong())).clicked() {
                self.show_list = false;
            }
            if ui.add(egui::Button::selectable(self.show_list, RichText::new(ctx.t(t::ORDER_LIST)).strong())).clicked() {
                self.show_list = true;
            }
            ui.separator();
            if ui
                .button(ctx.t(t::NEW_ORDER))
                .on_hover_text(format!("{} ({})", ctx.t(t::NEW_ORDER), ui.ctx().format_shortcut(&NEW_ORDER)))
                .clicked()
            {
                self.request_new_order();
            }
        });
        if let Some(error) = &self.read_error {
            super::widgets::load_error_ui(ui, error, ctx.lang);
        }
        ui.separator();
        if self.show_list {
            self.list_ui(ui, ctx);
        } else {
            self.form_ui(ui, ctx);
        }
        self.prompts_ui(ui, ctx);
        self.discard_ui(ui, ctx.lang);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_parses_and_reports_bad_fields() {
        let form = OrderForm {
            customer: " C001 ".into(),
            order_date: "2026-11-20".into(),
            delivery_date: "tomorrow".into(),
            payment_amount: "12,5x".into(),
            lines: vec![
                LineForm { sku: "P001".into(), qty: "10".into(), unit_price: "".into(), discount_pct: "5".into() },
                LineForm::default(),
                LineForm { sku: "P002".into(), qty: "abc".into(), unit_price: "9.5".into(), discount_pct: "".into() },
            ],
            ..Default::default()
        };
        let (input, errors) = form.parse();
        assert_eq!(input.customer, "C001");
        assert_eq!(input.lines.len(), 2, "blank lines are skipped");
        assert_eq!(input.lines[1].qty, Decimal::ZERO);
        assert_eq!(input.lines[0].unit_price, None);
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.line)).collect();
        assert_eq!(fields, vec![("delivery_date", None), ("payment.amount", None), ("qty", Some(2))]);
        assert_eq!(form.line_index(2), Some(2));
    }
}
