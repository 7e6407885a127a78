//! The bookkeeper's Invoices tab, in four views:
//! - To issue: orders with shipped goods not invoiced yet; issue one, or tick several and issue
//!   them in one batch after a preview of what will be invoiced and the total.
//! - Invoices: every invoice (the newest 200 000) with its state as the bookkeeper thinks of it
//!   (issued, partly paid, paid, overdue, void, problem), a state filter, search and sortable
//!   columns; the selected invoice's lines, payments and, for a problem invoice, the line-by-line
//!   difference; record a payment (one invoice, or one amount split oldest-due-first over several
//!   unpaid invoices of one customer), void with a reason, print.
//! - Ageing: every customer's open balance by days past due, with a totals row, exportable.
//! - Reconciliation: ordered vs shipped vs invoiced vs paid per order and per customer, the
//!   differences in amber/red, each order with its live exception and an "Open order" button.
//!
//! Owns its cached rows (loaded per data generation and only for the view on screen) and its
//! prompts. Must not write to the store or hold SQL (reads come from `store::finance` and
//! `store::invoices`), must not query every frame, and must not show text that is not a [`Tx`]
//! (data and codes aside); every change goes out as an [`Action`]. The one file write here is an
//! export (`tabular::write_table_in`), which is not a store write.

use super::TabCtx;
use super::widgets::{self, BLOCK, ExportPrompt, INFO, OK, PathPicker, Sort, WARN};
use crate::action::Action;
use crate::documents::DocKind;
use crate::domain::money::{fmt_money, fmt_qty, parse_decimal};
use crate::domain::order::TaxRule;
use crate::domain::{OrderStatus, PaymentMethod, Permission, permits};
use crate::i18n::{Lang, Tx, ui as common, ui_finance as t};
use crate::store::finance::{AgeingRow, Diff, InvoiceLineCheck, InvoiceRow, InvoiceState, ReconCustomer, ReconOrder, ToIssue};
use crate::store::invoices::{InvoiceLine, Payment};
use chrono::{Duration, NaiveDate};
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Invoices loaded into the list (newest first).
const INVOICE_CAP: usize = 200_000;
/// Orders loaded into the "to issue" list (oldest first).
const TO_ISSUE_CAP: usize = 100_000;
/// Rows loaded into the reconciliation.
const RECON_CAP: usize = 50_000;
/// Default width of the invoice detail panel.
const DETAIL_WIDTH: f32 = 470.0;
/// Periods the reconciliation offers, in days back from today.
const RECON_DAYS: [i64; 3] = [30, 90, 365];
/// Grey for void invoices.
const VOID_GREY: Color32 = Color32::from_rgb(0x75, 0x75, 0x75);

/// When a cache was loaded: the data generation and the day.
type Stamp = (u64, NaiveDate);

fn stamp(ctx: &TabCtx<'_>) -> Stamp {
    (ctx.generation, ctx.today)
}

fn row_height(ui: &Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) + 8.0
}

fn customer_label(code: &str, name: &str) -> String {
    if name.is_empty() { code.to_string() } else { format!("{code} {name}") }
}

/// A unit price with at least two decimals and every stored one ("3.335", "5.00").
fn fmt_price(value: Decimal) -> String {
    let normal = value.normalize();
    if normal.scale() < 2 { format!("{normal:.2}") } else { normal.to_string() }
}

/// A percentage without trailing zeros ("5", "12.5").
fn fmt_pct(value: Decimal) -> String {
    fmt_qty(value)
}

fn load_failed_ui(ui: &mut Ui, error: &str, lang: Lang) {
    ui.colored_label(BLOCK, t::LOAD_FAILED.fill(lang, &[("error", &error)]));
}

// ---------------------------------------------------------------------------------------------
// Shared, public helpers
// ---------------------------------------------------------------------------------------------

/// The translated name of an invoice state.
pub fn state_text(state: InvoiceState, lang: Lang) -> &'static str {
    let text = match state {
        InvoiceState::Issued => t::ST_ISSUED,
        InvoiceState::PartlyPaid => t::ST_PARTLY_PAID,
        InvoiceState::Overdue => t::ST_OVERDUE,
        InvoiceState::Paid => t::ST_PAID,
        InvoiceState::Problem => t::ST_PROBLEM,
        InvoiceState::Void => t::ST_VOID,
    };
    text.get(lang)
}

/// The colour of an invoice state.
pub fn state_color(state: InvoiceState) -> Color32 {
    match state {
        InvoiceState::Issued | InvoiceState::PartlyPaid => INFO,
        InvoiceState::Paid => OK,
        InvoiceState::Overdue => WARN,
        InvoiceState::Problem => BLOCK,
        InvoiceState::Void => VOID_GREY,
    }
}

/// The translated name of a payment method (the shared `PAY_*` texts).
pub fn method_text(method: PaymentMethod, lang: Lang) -> &'static str {
    crate::i18n::labels::payment_method(method, lang)
}

fn order_status_text(status: OrderStatus, lang: Lang) -> String {
    crate::i18n::labels::order_status_title(status, lang)
}

pub use crate::domain::payments::{PayTarget, split_payment};

/// A payment amount as typed: above zero, at most two decimals.
fn parse_amount(text: &str) -> Option<Decimal> {
    parse_decimal(text).filter(|amount| *amount > Decimal::ZERO && amount.normalize().scale() <= 2)
}

/// Translated headers for an export.
fn header_texts(headers: &[Tx], lang: Lang) -> Vec<String> {
    headers.iter().map(|text| text.get(lang).to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// The tab
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum View {
    #[default]
    ToIssue,
    Invoices,
    Ageing,
    Reconciliation,
}

/// The Invoices tab.
#[derive(Default)]
pub struct InvoicesTab {
    view: View,
    to_issue: ToIssueView,
    list: InvoiceList,
    ageing: AgeingView,
    recon: ReconView,
}

impl InvoicesTab {}

// ---------------------------------------------------------------------------------------------
// To issue
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct ToIssueView {
    loaded: Option<Stamp>,
    rows: Vec<ToIssue>,
    total: Decimal,
    tax: TaxRule,
    selected: BTreeSet<String>,
    /// Indices into `rows` shown in the batch preview; Some while it is open.
    preview: Option<Vec<usize>>,
    error: Option<String>,
}

impl ToIssueView {
    fn load(&mut self, ctx: &TabCtx<'_>) {
        self.loaded = Some(stamp(ctx));
        self.preview = None;
        match ctx.store.list_to_issue(TO_ISSUE_CAP) {
            Ok(rows) => {
                self.rows = rows;
                self.error = None;
            }
            Err(error) => {
                self.rows.clear();
                self.error = Some(error.to_string());
            }
        }
        self.tax = ctx.store.tax_rule().unwrap_or_default();
        self.total = self.rows.iter().map(|row| row.value).sum();
        let issuable: HashSet<&str> = self.rows.iter().filter(|row| row.customer_id.is_some()).map(|row| row.number.as_str()).collect();
        self.selected.retain(|number| issuable.contains(number.as_str()));
    }

    fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        if self.loaded != Some(stamp(ctx)) {
            self.load(ctx);
        }
        let lang = ctx.lang;
        let can_invoice = permits(ctx.role, Permission::Invoice);
        if let Some(error) = &self.error {
            load_failed_ui(ui, error, lang);
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

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>, can_invoice: bool) {
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
            .header(row_h, |mut header| {
                for text in headers {
                    header.col(|ui| {
                        ui.strong(text.get(lang));
                    });
                }
            })
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
                    row.col(|ui| {
                        ui.label(customer_label(&item.customer_code, &item.customer_name));
                    });
                    row.col(|ui| {
                        ui.label(order_status_text(item.status, lang));
                    });
                    row.col(|ui| {
                        ui.label(item.order_date.to_string());
                    });
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

    fn preview_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
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
                .header(row_h, |mut header| {
                    for text in [t::COL_ORDER, t::COL_CUSTOMER, t::COL_VALUE] {
                        header.col(|ui| {
                            ui.strong(text.get(lang));
                        });
                    }
                })
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
fn tax_note(tax: &TaxRule, lang: Lang) -> Option<String> {
    if tax.rate_pct.is_zero() {
        None
    } else if tax.prices_include_tax {
        Some(t::TAX_INCLUDED.fill(lang, &[("rate", &fmt_pct(tax.rate_pct))]))
    } else {
        Some(t::TAX_ADDED.fill(lang, &[("rate", &fmt_pct(tax.rate_pct))]))
    }
}

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

/// The selected invoice's lines, payments and line checks.
struct Detail {
    number: String,
    stamp: Stamp,
    lines: Vec<InvoiceLine>,
    payments: Vec<Payment>,
    checks: Vec<InvoiceLineCheck>,
    error: Option<String>,
}

impl Detail {
    fn load(ctx: &TabCtx<'_>, row: &InvoiceRow) -> Detail {
        let id = row.invoice.id;
        let store = ctx.store;
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
        Detail {
            number: row.invoice.number.clone(),
            stamp: stamp(ctx),
            lines,
            payments,
            checks,
            error: if errors.is_empty() { None } else { Some(errors.join("; ")) },
        }
    }
}

/// The payment prompt: one invoice, or several of one customer sharing one amount.
struct PaymentForm {
    customer: String,
    targets: Vec<PayTarget>,
    amount: String,
    method: PaymentMethod,
    reference: String,
    error: Option<Tx>,
}

enum Outcome {
    Open,
    Closed,
    Confirmed(Vec<Action>),
}

fn payable(row: &InvoiceRow) -> bool {
    !row.invoice.void && row.invoice.balance() > Decimal::ZERO
}

fn pay_target(row: &InvoiceRow) -> PayTarget {
    let invoice = &row.invoice;
    PayTarget { number: invoice.number.clone(), issue_date: invoice.issue_date, due_date: invoice.due_date, balance: invoice.balance() }
}

/// Sort order of the invoice list: column `column` ascending, then by id.
fn compare_invoices(a: (&InvoiceRow, InvoiceState), b: (&InvoiceRow, InvoiceState), column: usize) -> Ordering {
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

struct InvoiceList {
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
    error: Option<String>,
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
            error: None,
        }
    }
}

impl InvoiceList {
    fn load(&mut self, ctx: &TabCtx<'_>) {
        self.loaded = Some(stamp(ctx));
        match ctx.store.list_invoice_rows(INVOICE_CAP) {
            Ok(rows) => {
                self.rows = rows;
                self.error = None;
            }
            Err(error) => {
                self.rows.clear();
                self.error = Some(error.to_string());
            }
        }
        self.states = self.rows.iter().map(|row| row.state(ctx.today)).collect();
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

    fn refresh(&mut self) {
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

    fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        if self.loaded != Some(stamp(ctx)) {
            self.load(ctx);
        }
        self.toolbar_ui(ui, ctx);
        if self.dirty {
            self.refresh();
        }
        if let Some(error) = &self.error {
            load_failed_ui(ui, error, ctx.lang);
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

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
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
    fn open_payment(&mut self, single: Option<usize>) {
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

    fn table_ui(&mut self, ui: &mut Ui, lang: Lang) {
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

    fn detail_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
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
            self.detail = Some(Detail::load(ctx, row));
        }
        let Some(detail) = &self.detail else {
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
            load_failed_ui(ui, error, lang);
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
            ui.colored_label(VOID_GREY, t::VOID_REASON.fill(lang, &[("reason", &invoice.void_reason)]));
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

    fn payment_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
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
    fn refund_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
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

    fn void_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
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

    fn print_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
        let Some((number, picker)) = self.print.as_mut() else {
            return;
        };
        let lang = ctx.lang;
        let mut close = false;
        let mut chosen = None;
        let modal = egui::Modal::new(egui::Id::unique("kaidan_print_invoice")).show(ui.ctx(), |ui| {
            ui.set_min_width(540.0);
            ui.heading(t::PRINT_TITLE.fill(lang, &[("number", &number.as_str())]));
            picker.ui(ui, lang);
            ui.horizontal(|ui| {
                let ready = !picker.path.trim().is_empty();
                // A typed path over an earlier copy says so on the button, as the slips do.
                let exists = ready && std::path::Path::new(picker.path.trim()).exists();
                let label = if exists { common::REPLACE_AND_PRINT.get(lang) } else { common::PRINT.get(lang) };
                if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
                    chosen = picker.take();
                    close = true;
                }
                if ui.button(common::CANCEL.get(lang)).clicked() {
                    close = true;
                }
            });
        });
        if let Some(path) = chosen {
            ctx.push(Action::Print { kind: DocKind::Invoice, numbers: vec![number.clone()], path });
        }
        if close || modal.should_close() {
            self.print = None;
        }
    }
}

/// The sentences explaining why an invoice is a problem.
fn problem_sentences(row: &InvoiceRow, checks: &[InvoiceLineCheck], lang: Lang) -> Vec<String> {
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

fn lines_ui(ui: &mut Ui, lines: &[InvoiceLine], checks: &[InvoiceLineCheck], lang: Lang) {
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

fn payments_ui(ui: &mut Ui, payments: &[Payment], lang: Lang) {
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
fn payment_modal_ui(ui: &Ui, form: &mut PaymentForm, lang: Lang) -> Outcome {
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

// ---------------------------------------------------------------------------------------------
// Ageing
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct AgeingView {
    loaded: Option<Stamp>,
    rows: Vec<AgeingRow>,
    /// current, 1–30, 31–60, 61–90, over 90, credit, balance.
    totals: [Decimal; 7],
    open_invoices: i64,
    error: Option<String>,
    export: ExportPrompt,
}

const AGEING_HEADERS: [Tx; 11] = [
    t::COL_CODE,
    t::COL_CUSTOMER,
    t::COL_OPEN_INVOICES,
    t::COL_CURRENT,
    t::COL_1_30,
    t::COL_31_60,
    t::COL_61_90,
    t::COL_OVER_90,
    t::COL_CREDIT,
    t::COL_BALANCE,
    t::COL_OLDEST_DUE,
];

fn ageing_amounts(row: &AgeingRow) -> [Decimal; 7] {
    let [current, d30, d60, d90, over] = row.buckets();
    [current, d30, d60, d90, over, row.credit, row.balance()]
}

/// The colour of an ageing amount by its column (0 = current … 4 = over 90).
fn ageing_color(column: usize, value: Decimal) -> Option<Color32> {
    if value.is_zero() {
        return None;
    }
    match column {
        2 | 3 => Some(WARN),
        4 => Some(BLOCK),
        _ => None,
    }
}

fn money_text_cell(ui: &mut Ui, value: Decimal, color: Option<Color32>, strong: bool) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let mut text = RichText::new(fmt_money(value));
        if let Some(color) = color {
            text = text.color(color);
        }
        if strong {
            text = text.strong();
        }
        ui.label(text);
    });
}

impl AgeingView {
    fn load(&mut self, ctx: &TabCtx<'_>) {
        self.loaded = Some(stamp(ctx));
        match ctx.store.ageing(ctx.today) {
            Ok(rows) => {
                self.rows = rows;
                self.error = None;
            }
            Err(error) => {
                self.rows.clear();
                self.error = Some(error.to_string());
            }
        }
        let mut totals = [Decimal::ZERO; 7];
        for row in &self.rows {
            for (total, value) in totals.iter_mut().zip(ageing_amounts(row)) {
                *total += value;
            }
        }
        self.totals = totals;
        self.open_invoices = self.rows.iter().map(|row| row.open_invoices).sum();
    }

    /// Draw the view; returns a customer code when the user asks for its invoices.
    fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) -> Option<String> {
        if self.loaded != Some(stamp(ctx)) {
            self.load(ctx);
        }
        let lang = ctx.lang;
        if let Some(error) = &self.error {
            load_failed_ui(ui, error, lang);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(t::AGEING_NOTE.fill(lang, &[("date", &ctx.today)]));
            ui.separator();
            let today = ctx.today;
            self.export.button_ui(ui, "ageing", lang, &format!("ageing-{today}.xlsx"), !self.rows.is_empty(), ctx.actions, || {
                ageing_table(&self.rows, &self.totals, self.open_invoices, lang)
            });
        });
        if self.rows.is_empty() {
            if self.error.is_none() {
                ui.label(t::NO_BALANCES.get(lang));
            }
            return None;
        }
        let row_h = row_height(ui);
        let mut show: Option<String> = None;
        let count = self.rows.len();
        TableBuilder::new(ui)
            .id_salt("kaidan_ageing_table")
            .striped(true)
            .column(Column::initial(90.0).resizable(true))
            .column(Column::initial(200.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(70.0))
            .columns(Column::initial(100.0), 7)
            .column(Column::initial(95.0))
            .column(Column::remainder().at_least(90.0))
            .header(row_h, |mut header| {
                for text in AGEING_HEADERS {
                    header.col(|ui| {
                        ui.strong(text.get(lang));
                    });
                }
                header.col(|_| {});
            })
            .body(|body| {
                body.rows(row_h, count + 1, |mut row| {
                    let index = row.index();
                    match self.rows.get(index) {
                        Some(item) => {
                            row.col(|ui| {
                                ui.label(&item.code);
                            });
                            row.col(|ui| {
                                ui.label(&item.name);
                            });
                            row.col(|ui| widgets::right_cell(ui, item.open_invoices.to_string()));
                            for (column, value) in ageing_amounts(item).into_iter().enumerate() {
                                row.col(|ui| money_text_cell(ui, value, ageing_color(column, value), column == 6));
                            }
                            row.col(|ui| {
                                ui.label(item.oldest_due.map(|date| date.to_string()).unwrap_or_default());
                            });
                            row.col(|ui| {
                                if ui.small_button(t::SHOW_INVOICES.get(lang)).clicked() {
                                    show = Some(item.code.clone());
                                }
                            });
                        }
                        None => {
                            row.col(|ui| {
                                ui.strong(t::TOTALS.get(lang));
                            });
                            row.col(|ui| {
                                ui.strong(t::CUSTOMER_COUNT.fill(lang, &[("count", &count)]));
                            });
                            row.col(|ui| widgets::right_cell(ui, RichText::new(self.open_invoices.to_string()).strong()));
                            for (column, value) in self.totals.into_iter().enumerate() {
                                row.col(|ui| money_text_cell(ui, value, ageing_color(column, value), true));
                            }
                            row.col(|_| {});
                            row.col(|_| {});
                        }
                    }
                });
            });
        show
    }
}

fn ageing_table(rows: &[AgeingRow], totals: &[Decimal; 7], open_invoices: i64, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.code.clone(), row.name.clone(), row.open_invoices.to_string()];
            cells.extend(ageing_amounts(row).iter().map(|value| fmt_money(*value)));
            cells.push(row.oldest_due.map(|date| date.to_string()).unwrap_or_default());
            cells
        })
        .collect();
    let mut total_row = vec![t::TOTALS.get(lang).to_string(), String::new(), open_invoices.to_string()];
    total_row.extend(totals.iter().map(|value| fmt_money(*value)));
    total_row.push(String::new());
    out.push(total_row);
    (header_texts(&AGEING_HEADERS, lang), out)
}

// ---------------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------------

/// What a reconciliation was loaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ReconKey {
    stamp: Stamp,
    per_customer: bool,
    show_all: bool,
    days: i64,
}

struct ReconView {
    loaded: Option<ReconKey>,
    per_customer: bool,
    show_all: bool,
    days: i64,
    orders: Vec<ReconOrder>,
    customers: Vec<ReconCustomer>,
    error: Option<String>,
    export: ExportPrompt,
}

impl Default for ReconView {
    fn default() -> Self {
        ReconView {
            loaded: None,
            per_customer: false,
            show_all: false,
            days: 90,
            orders: vec![],
            customers: vec![],
            error: None,
            export: ExportPrompt::default(),
        }
    }
}

const RECON_ORDER_HEADERS: [Tx; 11] = [
    t::COL_ORDER,
    t::COL_CUSTOMER,
    t::COL_STATUS,
    t::COL_ORDER_DATE,
    t::COL_ORDERED,
    t::COL_SHIPPED,
    t::COL_INVOICED,
    t::COL_INVOICED_TOTAL,
    t::COL_PAID,
    t::COL_EXCEPTION,
    t::COL_ACTION,
];

const RECON_CUSTOMER_HEADERS: [Tx; 10] = [
    t::COL_CODE,
    t::COL_CUSTOMER,
    t::COL_ORDERS,
    t::COL_WITH_DIFFERENCE,
    t::COL_ORDERED,
    t::COL_SHIPPED,
    t::COL_INVOICED,
    t::COL_INVOICED_TOTAL,
    t::COL_PAID,
    t::COL_OVERDUE,
];

fn diff_color(diff: Diff) -> Option<Color32> {
    match diff {
        Diff::Matches => None,
        Diff::Behind => Some(WARN),
        Diff::Excess => Some(BLOCK),
    }
}

/// A money cell coloured by its flag, explaining the flag on hover.
fn diff_cell(ui: &mut Ui, value: Decimal, diff: Diff, why: &str) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let text = RichText::new(fmt_money(value));
        match diff_color(diff) {
            Some(color) => {
                ui.label(text.color(color).strong()).on_hover_text(why);
            }
            None => {
                ui.label(text);
            }
        }
    });
}

fn shipped_why(row: &ReconOrder, lang: Lang) -> &'static str {
    match row.shipped_diff {
        Diff::Excess => t::DIFF_SHIP_OVER.get(lang),
        _ if row.status == OrderStatus::Cancelled => t::DIFF_SHIP_CANCELLED.get(lang),
        _ => t::DIFF_SHIP_SHORT.get(lang),
    }
}

fn invoiced_why(diff: Diff, lang: Lang) -> &'static str {
    if diff == Diff::Excess { t::DIFF_INV_OVER.get(lang) } else { t::DIFF_INV_SHORT.get(lang) }
}

fn paid_why(diff: Diff, overdue: Decimal, lang: Lang) -> String {
    if diff == Diff::Excess {
        t::DIFF_PAY_OVER.get(lang).to_string()
    } else {
        t::DIFF_PAY_OVERDUE.fill(lang, &[("amount", &fmt_money(overdue))])
    }
}

impl ReconView {
    fn key(&self, ctx: &TabCtx<'_>) -> ReconKey {
        ReconKey { stamp: stamp(ctx), per_customer: self.per_customer, show_all: self.show_all, days: self.days }
    }

    fn load(&mut self, ctx: &TabCtx<'_>) {
        let key = self.key(ctx);
        self.loaded = Some(key);
        let from = ctx.today - Duration::days(self.days);
        self.error = None;
        if self.per_customer {
            match ctx.store.reconcile_customers(from, ctx.today, self.show_all, RECON_CAP) {
                Ok(rows) => self.customers = rows,
                Err(error) => {
                    self.customers.clear();
                    self.error = Some(error.to_string());
                }
            }
        } else {
            match ctx.store.reconcile_orders(from, ctx.today, self.show_all, RECON_CAP) {
                Ok(rows) => self.orders = rows,
                Err(error) => {
                    self.orders.clear();
                    self.error = Some(error.to_string());
                }
            }
        }
    }

    fn view_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.per_customer, false, t::PER_ORDER.get(lang));
            ui.selectable_value(&mut self.per_customer, true, t::PER_CUSTOMER.get(lang));
            ui.separator();
            widgets::combo(ui, "kaidan_recon_period", t::PERIOD.get(lang))
                .selected_text(t::LAST_DAYS.fill(lang, &[("days", &self.days)]))
                .show_ui(ui, |ui| {
                    for days in RECON_DAYS {
                        ui.selectable_value(&mut self.days, days, t::LAST_DAYS.fill(lang, &[("days", &days)]));
                    }
                });
            ui.checkbox(&mut self.show_all, t::SHOW_ALL.get(lang));
        });
        if self.loaded != Some(self.key(ctx)) {
            self.load(ctx);
        }
        if let Some(error) = &self.error {
            load_failed_ui(ui, error, lang);
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak(t::RECON_NOTE.get(lang));
        });
        let shown = if self.per_customer { self.customers.len() } else { self.orders.len() };
        ui.horizontal_wrapped(|ui| {
            ui.label(common::ROWS.fill(lang, &[("count", &shown)]));
            if shown >= RECON_CAP {
                ui.colored_label(WARN, t::ROWS_CAPPED.fill(lang, &[("count", &RECON_CAP)]));
            }
            let today = ctx.today;
            let name = if self.per_customer {
                format!("reconciliation-customers-{today}.xlsx")
            } else {
                format!("reconciliation-orders-{today}.xlsx")
            };
            let (per_customer, orders, customers) = (self.per_customer, &self.orders, &self.customers);
            self.export.button_ui(ui, "reconciliation", lang, &name, shown > 0, ctx.actions, || {
                if per_customer { recon_customer_table(customers, lang) } else { recon_order_table(orders, lang) }
            });
        });
        if shown == 0 {
            if self.error.is_none() {
                ui.label(t::NO_DIFFERENCES.get(lang));
            }
            return;
        }
        if self.per_customer {
            self.customers_ui(ui, lang);
        } else {
            self.orders_ui(ui, ctx);
        }
    }

    fn orders_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let row_h = row_height(ui);
        let mut open: Option<String> = None;
        TableBuilder::new(ui)
            .id_salt("kaidan_recon_orders")
            .striped(true)
            .column(Column::initial(150.0).resizable(true))
            .column(Column::initial(190.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(100.0).resizable(true))
            .column(Column::initial(90.0))
            .columns(Column::initial(100.0), 5)
            .column(Column::initial(170.0).clip(true).resizable(true))
            .column(Column::remainder().at_least(100.0))
            .header(row_h, |mut header| {
                for text in RECON_ORDER_HEADERS {
                    header.col(|ui| {
                        ui.strong(text.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(row_h, self.orders.len(), |mut row| {
                    let Some(item) = self.orders.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&item.number);
                    });
                    row.col(|ui| {
                        ui.label(customer_label(&item.customer_code, &item.customer_name));
                    });
                    row.col(|ui| {
                        ui.label(order_status_text(item.status, lang));
                    });
                    row.col(|ui| {
                        ui.label(item.order_date.to_string());
                    });
                    row.col(|ui| widgets::money_cell(ui, item.ordered));
                    row.col(|ui| diff_cell(ui, item.shipped, item.shipped_diff, shipped_why(item, lang)));
                    row.col(|ui| diff_cell(ui, item.invoiced, item.invoiced_diff, invoiced_why(item.invoiced_diff, lang)));
                    row.col(|ui| widgets::money_cell(ui, item.invoiced_total));
                    row.col(|ui| diff_cell(ui, item.paid, item.paid_diff, &paid_why(item.paid_diff, item.overdue, lang)));
                    row.col(|ui| {
                        if let Some(exception) = &item.exception {
                            let message = if lang == Lang::Zh { &exception.message_zh } else { &exception.message_en };
                            ui.label(RichText::new(format!("{} #{}", exception.code, exception.id)).color(WARN)).on_hover_text(message);
                        }
                    });
                    row.col(|ui| {
                        if ui.small_button(t::OPEN_ORDER.get(lang)).clicked() {
                            open = Some(item.number.clone());
                        }
                    });
                });
            });
        if let Some(number) = open {
            ctx.push(Action::OpenOrder(number));
        }
    }

    fn customers_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let row_h = row_height(ui);
        TableBuilder::new(ui)
            .id_salt("kaidan_recon_customers")
            .striped(true)
            .column(Column::initial(90.0).resizable(true))
            .column(Column::initial(200.0).at_least(80.0).clip(true).resizable(true))
            .column(Column::initial(70.0))
            .column(Column::initial(90.0))
            .columns(Column::initial(105.0), 5)
            .column(Column::remainder().at_least(100.0))
            .header(row_h, |mut header| {
                for text in RECON_CUSTOMER_HEADERS {
                    header.col(|ui| {
                        ui.strong(text.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(row_h, self.customers.len(), |mut row| {
                    let Some(item) = self.customers.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&item.customer_code);
                    });
                    row.col(|ui| {
                        ui.label(&item.customer_name);
                    });
                    row.col(|ui| widgets::right_cell(ui, item.orders.to_string()));
                    row.col(|ui| {
                        let text = RichText::new(item.orders_with_difference.to_string());
                        let text = if item.orders_with_difference > 0 { text.color(WARN).strong() } else { text };
                        widgets::right_cell(ui, text);
                    });
                    row.col(|ui| widgets::money_cell(ui, item.ordered));
                    row.col(|ui| diff_cell(ui, item.shipped, item.shipped_diff, t::DIFF_CUSTOMER_SHIPPED.get(lang)));
                    row.col(|ui| diff_cell(ui, item.invoiced, item.invoiced_diff, invoiced_why(item.invoiced_diff, lang)));
                    row.col(|ui| widgets::money_cell(ui, item.invoiced_total));
                    row.col(|ui| diff_cell(ui, item.paid, item.paid_diff, &paid_why(item.paid_diff, item.overdue, lang)));
                    row.col(|ui| money_text_cell(ui, item.overdue, if item.overdue.is_zero() { None } else { Some(WARN) }, false));
                });
            });
    }
}

/// The flag of an amount as an export cell: empty, "behind" or "excess" in the UI language.
fn diff_text(diff: Diff, lang: Lang) -> String {
    match diff {
        Diff::Matches => String::new(),
        Diff::Behind => t::FLAG_BEHIND.get(lang).to_string(),
        Diff::Excess => t::FLAG_EXCESS.get(lang).to_string(),
    }
}

fn recon_order_table(rows: &[ReconOrder], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = header_texts(&RECON_ORDER_HEADERS[..10], lang);
    headers.extend([t::COL_SHIPPED_FLAG, t::COL_INVOICED_FLAG, t::COL_PAID_FLAG].iter().map(|text| text.get(lang).to_string()));
    let out = rows
        .iter()
        .map(|row| {
            vec![
                row.number.clone(),
                customer_label(&row.customer_code, &row.customer_name),
                order_status_text(row.status, lang),
                row.order_date.to_string(),
                fmt_money(row.ordered),
                fmt_money(row.shipped),
                fmt_money(row.invoiced),
                fmt_money(row.invoiced_total),
                fmt_money(row.paid),
                row.exception.as_ref().map(|exception| format!("{} #{}", exception.code, exception.id)).unwrap_or_default(),
                diff_text(row.shipped_diff, lang),
                diff_text(row.invoiced_diff, lang),
                diff_text(row.paid_diff, lang),
            ]
        })
        .collect();
    (headers, out)
}

fn recon_customer_table(rows: &[ReconCustomer], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let out = rows
        .iter()
        .map(|row| {
            vec![
                row.customer_code.clone(),
                row.customer_name.clone(),
                row.orders.to_string(),
                row.orders_with_difference.to_string(),
                fmt_money(row.ordered),
                fmt_money(row.shipped),
                fmt_money(row.invoiced),
                fmt_money(row.invoiced_total),
                fmt_money(row.paid),
                fmt_money(row.overdue),
            ]
        })
        .collect();
    (header_texts(&RECON_CUSTOMER_HEADERS, lang), out)
}

impl crate::ui::TabView for InvoicesTab {
    /// Draw the tab; reads only what the view on screen needs, when its data generation changed.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal(|ui| {
            for (view, text) in [
                (View::ToIssue, t::VIEW_TO_ISSUE),
                (View::Invoices, t::VIEW_INVOICES),
                (View::Ageing, t::VIEW_AGEING),
                (View::Reconciliation, t::VIEW_RECON),
            ] {
                ui.selectable_value(&mut self.view, view, text.get(lang));
            }
        });
        ui.separator();
        match self.view {
            View::ToIssue => self.to_issue.view_ui(ui, ctx),
            View::Invoices => self.list.view_ui(ui, ctx),
            View::Ageing => {
                if let Some(code) = self.ageing.view_ui(ui, ctx) {
                    self.list.search = code;
                    self.list.filter = None;
                    self.list.dirty = true;
                    self.view = View::Invoices;
                }
            }
            View::Reconciliation => self.recon.view_ui(ui, ctx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_need_cents_at_most() {
        assert_eq!(parse_amount("12.50"), Some(Decimal::new(1250, 2)));
        assert_eq!(parse_amount("12.505"), None);
        assert_eq!(parse_amount("0"), None);
        assert_eq!(parse_amount("-3"), None);
        assert_eq!(parse_amount("abc"), None);
    }
}
