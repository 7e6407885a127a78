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
//! One file per view (`to_issue`, `list`, `ageing`, `recon`); this one holds the tab and what
//! the views share. Owns its cached rows (loaded per data generation and only for the view on
//! screen) and its prompts. Must not write to the store or hold SQL (reads come from `store::finance` and
//! `store::invoices`), must not query every frame, and must not show text that is not a [`Tx`]
//! (data and codes aside); every change goes out as an [`Action`], exports too.

mod ageing;
mod list;
mod recon;
mod to_issue;

use super::TabCtx;
use super::fetch::Fetch;
use super::widgets::{self, BLOCK, ExportPrompt, INFO, OK, PathPicker, Sort, WARN, row_height};
use crate::action::Action;
use crate::documents::DocKind;
use crate::domain::money::{fmt_money, fmt_qty, parse_decimal};
use crate::domain::order::TaxRule;
use crate::domain::{OrderStatus, PaymentMethod, Permission, permits};
use crate::i18n::{Lang, Tx, ui as common, ui_finance as t};
use crate::store::finance::{AgeingRow, Diff, InvoiceLineCheck, InvoiceRow, InvoiceState, ReconCustomer, ReconOrder, ToIssue};
use crate::store::invoices::{InvoiceLine, Payment};
use ageing::AgeingView;
use chrono::{Duration, NaiveDate};
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use list::InvoiceList;
use recon::ReconView;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use to_issue::ToIssueView;

/// Invoices loaded into the list (newest first).
const INVOICE_CAP: usize = 200_000;
/// Orders loaded into the "to issue" list (oldest first).
const TO_ISSUE_CAP: usize = 100_000;
/// Rows loaded into the reconciliation.
const RECON_CAP: usize = 50_000;
/// Default width of the invoice detail panel.
const DETAIL_WIDTH: f32 = 470.0;
/// Grey for void invoices.
const VOID_GREY: Color32 = Color32::from_rgb(0x75, 0x75, 0x75);

/// When a cache was loaded: the data generation and the day.
type Stamp = (u64, NaiveDate);

fn stamp(ctx: &TabCtx<'_>) -> Stamp {
    (ctx.generation, ctx.today)
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

/// The customer, state and date cells of an order's row.
fn order_cells(row: &mut egui_extras::TableRow<'_, '_>, code: &str, name: &str, status: OrderStatus, date: NaiveDate, lang: Lang) {
    row.col(|ui| {
        ui.label(customer_label(code, name));
    });
    row.col(|ui| {
        ui.label(order_status_text(status, lang));
    });
    row.col(|ui| {
        ui.label(date.to_string());
    });
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
                    self.list.show_customer(code);
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
