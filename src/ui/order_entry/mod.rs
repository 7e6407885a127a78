//! The Order entry tab: a keyboard-first order form checked live on every edit (findings on the
//! very field or line, one-click fixes), a customer card, templates and repeat orders, the draft
//! kept in the database so nothing typed is lost, and the order list to reopen, confirm, approve,
//! amend, cancel, ship, invoice and print an order. Writes only through Actions.
//!
//! One file per part: `form` (the typed form and its parsing), `fields` (the header fields),
//! `lines` (the line grid), `side` (totals, buttons, card, findings, after-sales, history) and
//! `list` (the order list); this one holds the tab's state, the draft and the live check.

use super::TabCtx;
use super::fetch::Fetch;
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

pub mod checker;
mod fields;
mod form;
mod intake;
mod lines;
mod list;
mod side;

pub use form::{FormError, LineForm, OrderForm};
use lines::framed;
use list::ListView;
use side::AfterSales;

const SUBMIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
const DELETE_LINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Delete);
const NEW_LINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
const NEW_ORDER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const SAME_AS_LAST: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F8);
const DRAFT_SLOT: &str = "order_entry";

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
    /// The saved order's deposits.
    deposit: crate::store::deposits::DepositSums,
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
    sku: String,
    /// What this customer paid for the product on their latest orders of it (newest first).
    last_prices: Vec<crate::domain::checks::LastPrice>,
    /// The product's latest sale to anyone.
    last_sold: Option<crate::domain::checks::LastPrice>,
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

/// The Order entry tab.
#[derive(Default)]
pub struct OrderEntryTab {
    form: OrderForm,
    editing: Option<Editing>,
    show_list: bool,
    check: CheckView,
    checked: Option<(OrderForm, u64)>,
    /// The form last asked of the check thread (when there is one).
    asked: Option<(OrderForm, u64)>,
    /// The window's live-check thread; none: checks run inline (tests stepping frames).
    checker: Option<checker::Checker>,
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
    /// The print preview of that slip, over the window.
    preview: Option<crate::ui::preview::PrintPreview>,
    /// The deposit panel: taking a deposit on the order or giving one back.
    money: Option<MoneyPanel>,
    /// The ship panel: (SKU, product name, quantity to ship as typed, still open).
    ship_lines: Option<Vec<(String, String, String, Decimal)>>,
    list: ListView,
    /// The print prompt is for the batch of all dispatch slips, not the open order.
    batch: bool,
    /// The orders of that batch, read when its panel opened.
    batch_numbers: Option<Vec<String>>,
    batch_fetch: Fetch<Vec<String>, ()>,
    aftersales: Option<(String, u64, AfterSales)>,
    /// The form's reads on their way (see [`super::fetch`]), each with what it was asked for.
    fetches: Fetches,
    /// The order being edited as the newest check read it (the Ship and Copy buttons use it).
    saved: Option<Order>,
    /// Enter was pressed in the customer field (or a line's SKU field) before the
    /// suggestions for what was typed had come: the first one is taken when they come.
    pick_when_answered: Option<Focus>,
    /// A save of the form (submit, save changes, amend, a backorder split) is on its way: the
    /// form as it was sent, and the form's epoch then.
    saving: Option<(OrderForm, u64)>,
    /// Bumped whenever the form starts on another order (new, opened, copied, saved): a save
    /// that comes back to another epoch leaves the form alone.
    epoch: u64,
    /// The form as loaded from a saved order, to tell unsaved edits.
    loaded_form: Option<OrderForm>,
    /// "New order" waits for the clerk to confirm that unsaved typing may go.
    confirm_discard: bool,
    /// Barcode scans and spreadsheet pastes on their way into the form.
    intake: intake::Intake,
}

/// The deposit panel as typed: take or refund, amount, method, reference (take) or reason (refund).
#[derive(Debug, Clone, PartialEq, Eq)]
struct MoneyPanel {
    /// Scrolled into view once, when it opens (it opens under the buttons, below the fold at 1024×768).
    shown: bool,
    refund: bool,
    amount: String,
    method: PaymentMethod,
    text: String,
}

/// What the after-sales panel reads: the order, its shipments and its returns.
type AfterSalesRead = (Order, Vec<crate::store::aftersales::Shipment>, Vec<crate::store::aftersales::Return>);

/// The order form's reads on their way.
#[derive(Debug, Default)]
struct Fetches {
    customers: Fetch<Vec<Customer>, String>,
    products: Fetch<Vec<Product>, (usize, String)>,
    last_orders: Fetch<Vec<OrderSummary>, (String, u64)>,
    templates: Fetch<Vec<(String, String)>, u64>,
    history: Fetch<Vec<OrderEvent>, (String, u64)>,
    aftersales: Fetch<AfterSalesRead, (String, u64)>,
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

    /// Run the live checks on `checker`'s thread from now on (the window does, tests may).
    pub fn check_on(&mut self, checker: checker::Checker) {
        self.checker = Some(checker);
        self.asked = None;
        self.checked = None;
    }

    /// Whether the live checks run on a thread of their own.
    pub fn is_checking_off_thread(&self) -> bool {
        self.checker.is_some()
    }

    /// The check thread, taken out (the window keeps it for a fresh form).
    pub fn take_checker(&mut self) -> Option<checker::Checker> {
        self.checker.take()
    }

    /// The form as it is now has been kept (or its keeping was reported): wait for the next change.
    pub fn draft_kept(&mut self) {
        self.persisted = Some(Draft { form: self.form.clone(), editing: self.editing.clone() });
    }

    /// The form's save came back (saved or refused): it may be saved again. What was sent,
    /// if the form still works on the same order (else the answer is not the form's business:
    /// the clerk went on to another order, or another user signed in).
    pub fn save_done(&mut self) -> Option<OrderForm> {
        let (sent, epoch) = self.saving.take()?;
        (epoch == self.epoch).then_some(sent)
    }

    /// Mark a save of the form as on its way (the form's own buttons wait for it).
    pub(super) fn start_saving(&mut self) {
        self.saving = Some((self.form.clone(), self.epoch));
    }

    /// After a successful save of `sent` (see [`Self::save_done`]): show the saved order (as
    /// read right after the save) in the form. Typing that went on while the save was on its
    /// way stays, as unsaved changes of the saved order (its number, state and version), for
    /// the next "Save changes".
    pub fn after_save(&mut self, order: &Order, sent: &OrderForm) {
        if *sent == self.form {
            return self.load(order);
        }
        let typed = self.form.clone();
        self.load(order);
        self.form = typed;
    }

    /// After a backorder was split off: a saved original is shown as saved (its line reduced);
    /// an unsaved form keeps the clerk's typing with the line reduced (as the split left it).
    pub fn after_split(&mut self, original: Option<&Order>) {
        let kept_form = self.split_form.take();
        match original {
            Some(order) => self.load(order),
            None => {
                if let Some(form) = kept_form {
                    self.form = form;
                }
                self.checked = None;
            }
        }
    }

    /// A read the form needs: its value, or (after a failure, which is shown above the form)
    /// the empty value.
    fn read_or_say<T: Default, E: std::fmt::Display>(&mut self, read: Result<T, E>) -> T {
        read.unwrap_or_else(|error| {
            self.read_error = Some(error.to_string());
            T::default()
        })
    }

    /// The order form's draft slot (one per user).
    pub const DRAFT_SLOT: &'static str = DRAFT_SLOT;

    /// What the last check found for form line `index` (blank lines have none).
    fn line_view(&self, index: usize) -> Option<&LineView> {
        let line = self.form.lines.get(index)?;
        if line.is_blank() {
            return None;
        }
        let number = self.form.lines[..index].iter().filter(|line| !line.is_blank()).count();
        self.check.lines.get(number)
    }

    /// Whether the form shows this order.
    pub fn is_showing(&self, number: &str) -> bool {
        self.editing.as_ref().is_some_and(|editing| editing.number == number)
    }

    fn load(&mut self, order: &Order) {
        self.epoch += 1;
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
        self.money = None;
    }

    /// Show a saved order in the form.
    pub fn open_order(&mut self, order: &Order, _today: NaiveDate) {
        self.load(order);
    }

    /// Start a new order with the lines of an earlier one (repeat order).
    pub fn copy_order(&mut self, order: &Order, _today: NaiveDate) {
        self.epoch += 1;
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
        self.epoch += 1;
        self.confirm_discard = false;
        self.loaded_form = None;
        self.form = OrderForm::default();
        self.editing = None;
        self.checked = None;
        self.history = None;
        self.money = None;
        self.focus = Some(Focus::Customer);
    }

    /// The latest order of the customer typed, for "same as last time" — offered on a new order
    /// with no line typed yet (a copy replaces the lines).
    fn latest_order_of_customer(&self) -> Option<String> {
        let customer = self.check.customer.as_ref()?;
        if self.editing.is_some() || !self.form.lines.iter().all(LineForm::is_blank) {
            return None;
        }
        if self.last_orders_for.as_ref().is_none_or(|(code, _)| *code != customer.code) {
            return None;
        }
        self.last_orders.iter().find(|order| order.status != OrderStatus::Cancelled).map(|order| order.number.clone())
    }

    fn editable(&self) -> bool {
        self.editing.as_ref().is_none_or(|editing| editing.status.is_pre_confirmation() || editing.status == OrderStatus::Confirmed)
    }

    /// Re-run the live checks when the form or the data changed: inline, or on the window's
    /// check thread (see [`checker`]), showing the newest answer when it comes.
    fn recheck(&mut self, ctx: &TabCtx<'_>) {
        let current = |checked: &Option<(OrderForm, u64)>| {
            checked.as_ref().is_some_and(|(form, generation)| *form == self.form && *generation == ctx.generation)
        };
        if current(&self.checked) {
            return;
        }
        let editing = self.editing.as_ref().map(|editing| editing.number.clone());
        let Some(checker) = &mut self.checker else {
            let (input, _) = self.form.parse();
            let reads = checker::read(ctx.store, &input, ctx.today, editing.as_deref());
            self.show_check(reads, self.form.clone(), ctx.generation);
            return;
        };
        if !current(&self.asked) {
            let (input, _) = self.form.parse();
            checker.ask(input, ctx.today, editing);
            self.asked = Some((self.form.clone(), ctx.generation));
        }
        if let Some(reads) = checker.answer()
            && let Some((form, generation)) = self.asked.clone()
        {
            self.show_check(reads, form, generation);
        }
    }

    /// Whether the findings shown are older than the form (a check is on its way).
    pub(super) fn checking(&self) -> bool {
        self.checker.is_some() && self.checked != self.asked
    }

    /// Show what a check of `form` (at data `generation`) read.
    fn show_check(&mut self, reads: checker::Reads, form: OrderForm, generation: u64) {
        let (_, errors) = form.parse();
        self.read_error = None;
        let saved = match reads.saved {
            Some(Ok(order)) => Some(order),
            Some(Err(error)) => {
                self.read_error = Some(error);
                None
            }
            None => None,
        };
        // The badge follows the order's state as stored (a scan or another counter may have
        // moved it); the version is kept so that saving over someone else's change conflicts.
        if let (Some(editing), Some(order)) = (&mut self.editing, &saved) {
            editing.status = order.status;
        }
        self.saved = saved.clone();
        let mut view = CheckView { errors, ..Default::default() };
        view.deposit = reads.deposit.unwrap_or_else(|error| {
            self.read_error = Some(error);
            Default::default()
        });
        if let Err(error) = &reads.checked {
            self.read_error = Some(error.clone());
        }
        if let Ok(checked) = reads.checked {
            // A block already approved for this order is shown as approved, not as a block:
            // the order, the Approve button and the inbox then say the same thing.
            let approvals = reads.approvals.unwrap_or_else(|error| {
                self.read_error = Some(error);
                vec![]
            });
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
            let mut last_sold = reads.last_sold.into_iter();
            for (line, product) in checked.priced.lines.iter().zip(reads.products) {
                let product = product.unwrap_or_else(|error| {
                    self.read_error = Some(error);
                    None
                });
                let sold = last_sold.next().and_then(|sold| {
                    sold.unwrap_or_else(|error| {
                        self.read_error = Some(error);
                        None
                    })
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
                    sku: line.sku.clone(),
                    last_prices: checked.last_prices.get(&line.sku).cloned().unwrap_or_default(),
                    last_sold: sold,
                });
            }
        }
        if self.editing.is_none() && form == OrderForm::default() {
            // A blank new form: nothing to complain about yet.
            view.findings.clear();
        }
        self.check = view;
        self.checked = Some((form, generation));
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

    fn form_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.intake_ui(ui, ctx);
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
                    self.intake_report_ui(ui, ctx.lang);
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
        if ui.input_mut(|i| i.consume_shortcut(&SAME_AS_LAST))
            && let Some(number) = self.latest_order_of_customer()
        {
            ctx.push(Action::CopyOrder(number));
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
                LineForm { sku: "P001".into(), qty: "10".into(), unit_price: "".into(), discount_pct: "5".into(), gift: false },
                LineForm::default(),
                LineForm { sku: "P002".into(), qty: "abc".into(), unit_price: "9.5".into(), discount_pct: "".into(), gift: false },
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
