//! The Customers tab: a list that stays fast with 100 000 customers (every row loaded once per
//! data generation, searched in memory by code, name, phone or pinyin, sorted by any column,
//! drawn virtualised), an editor that validates as the user types, block / unblock with a
//! reason, archive (never delete), and a read-only account card: balance, available credit,
//! ageing, the last orders, invoices, agreed prices and the change history.
//!
//! Also owns the pieces the Stock tab shares: the in-memory filter, form rows with their error
//! lines, the import dialog (preview with every row error before anything is written), the
//! export dialog and the history list.
//!
//! Must not: write to the store (it pushes [`Action`]s), query the store every frame (only on a
//! generation change or a user event such as selecting a row), or show text that is not a
//! [`Tx`] (data and codes aside).

use super::TabCtx;
use super::list_view::{ListRow, ListView, TableLook};
use super::widgets::{
    self, ExportDialog, ImportDialog, PreviewTable, field_reasons, form_row_ui, history_ui, is_duplicate, load_error_ui, row_height,
    text_cell, yes_no,
};
use crate::action::Action;
use crate::domain::master::{Customer, CustomerForm, FieldError};
use crate::domain::money::{fmt_money, parse_decimal};
use crate::domain::pinyin_key::search_key;
use crate::domain::{Permission, permits};
use crate::exports::List;
use crate::i18n::{Lang, Tx, ui as t, ui_master as tm};
use crate::store::audit::AuditEntry;
use crate::store::customer_view::CustomerAccount;
use crate::store::orders::OrderSummary;
use crate::tabular::Master;
use crate::tabular::{RowError, Table};
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Rows of an import file shown in the preview.
const PREVIEW_ROWS: usize = 50;
/// Orders shown on the customer card.
const ORDERS_SHOWN: usize = 20;
/// History rows shown on a card.
const HISTORY_ROWS: usize = super::widgets::HISTORY_ROWS;
/// Grey for archived rows.
const ARCHIVED_GREY: Color32 = Color32::from_rgb(0x75, 0x75, 0x75);

/// Column titles of the customer list, in column order (the sort column index).
const HEADERS: [Tx; 8] =
    [tm::COL_CODE, tm::COL_NAME, tm::COL_PHONE, tm::COL_ADDRESS, tm::COL_CREDIT_LIMIT, tm::COL_TERMS, tm::COL_DISCOUNT, tm::COL_STATE];

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/// 0 active, 1 blocked, 2 archived, 3 archived and blocked.
fn state_rank(customer: &Customer) -> u8 {
    u8::from(customer.archived) * 2 + u8::from(customer.blocked)
}

impl ListRow for Customer {
    fn id(&self) -> i64 {
        self.id
    }

    /// Code, name and phone, with the pinyin of Chinese.
    fn search_key(&self) -> String {
        search_key(&[&self.code, &self.name, &self.phone])
    }

    fn compare(&self, other: &Customer, column: usize) -> Ordering {
        let (a, b) = (self, other);
        match column {
            0 => a.code.cmp(&b.code),
            1 => a.name.cmp(&b.name),
            2 => a.phone.cmp(&b.phone),
            3 => a.address.cmp(&b.address),
            // "No limit" sorts after every limit.
            4 => a.credit_limit.is_none().cmp(&b.credit_limit.is_none()).then(a.credit_limit.cmp(&b.credit_limit)),
            5 => a.payment_terms_days.cmp(&b.payment_terms_days),
            6 => a.discount_pct.cmp(&b.discount_pct),
            _ => state_rank(a).cmp(&state_rank(b)),
        }
    }
}

/// The list's columns.
fn columns() -> [Column; 8] {
    [
        Column::initial(90.0).at_least(50.0).resizable(true).clip(true),
        Column::initial(200.0).at_least(80.0).resizable(true).clip(true),
        Column::initial(120.0).at_least(60.0).resizable(true).clip(true),
        Column::initial(220.0).at_least(60.0).resizable(true).clip(true),
        Column::initial(100.0).at_least(60.0).resizable(true).clip(true),
        Column::initial(60.0).at_least(40.0).resizable(true).clip(true),
        Column::initial(70.0).at_least(40.0).resizable(true).clip(true),
        Column::remainder().at_least(90.0).clip(true),
    ]
}

/// The translated name and colour of an invoice state (`Invoice::status`).
fn invoice_status(status: &str) -> (Tx, Color32) {
    match status {
        "void" => (tm::IS_VOID, ARCHIVED_GREY),
        "paid" => (tm::IS_PAID, widgets::OK),
        "overdue" => (tm::IS_OVERDUE, widgets::BLOCK),
        "partly_paid" => (tm::IS_PARTLY_PAID, widgets::WARN),
        _ => (tm::IS_ISSUED, widgets::INFO),
    }
}

/// A credit limit as shown: the amount, or "No limit".
fn limit_text(limit: Option<Decimal>, lang: Lang) -> String {
    limit.map(fmt_money).unwrap_or_else(|| tm::NO_LIMIT.get(lang).to_string())
}

/// The customer import preview: the first parsed rows, or every row error.
fn preview_customers(table: &Table, lang: Lang) -> Result<PreviewTable, Vec<RowError>> {
    let records = crate::tabular::parse_customers(table, lang)?;
    let rows = records
        .iter()
        .take(PREVIEW_ROWS)
        .map(|record| {
            vec![
                record.row.to_string(),
                record.code.clone(),
                record.name.clone(),
                record.phone.clone().unwrap_or_default(),
                record.address.clone().unwrap_or_default(),
                record.credit_limit.map(|limit| limit_text(limit, lang)).unwrap_or_default(),
                record.payment_terms_days.map(|days| days.to_string()).unwrap_or_default(),
                record.discount_pct.map(|pct| pct.normalize().to_string()).unwrap_or_default(),
                record.blocked.map(|blocked| yes_no(blocked, lang).to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    Ok(PreviewTable {
        headers: vec![
            tm::COL_ROW,
            tm::COL_CODE,
            tm::COL_NAME,
            tm::COL_PHONE,
            tm::COL_ADDRESS,
            tm::COL_CREDIT_LIMIT,
            tm::COL_TERMS,
            tm::COL_DISCOUNT,
            tm::COL_BLOCKED,
        ],
        rows,
        total: records.len(),
    })
}

/// The customer being edited (or created) and the state of its validation.
struct Editor {
    /// The stored customer (id, version, flags), or a default one for a new customer.
    base: Customer,
    form: CustomerForm,
    /// Every field error of the last parse (re-run when a field changes).
    errors: Vec<FieldError>,
    /// Another loaded customer has this code.
    duplicate: bool,
    /// A field was changed since the editor opened (new customers show errors only then).
    touched: bool,
    /// Save was pressed and the reload may bring the saved record.
    saving: bool,
}

impl Editor {
    fn new(base: Customer, codes: &HashMap<String, i64>) -> Editor {
        let form = if base.id == 0 {
            CustomerForm { payment_terms_days: "30".into(), discount_pct: "0".into(), ..CustomerForm::default() }
        } else {
            CustomerForm::from_customer(&base)
        };
        let mut editor = Editor { base, form, errors: vec![], duplicate: false, touched: false, saving: false };
        editor.validate(codes);
        editor
    }

    fn is_new(&self) -> bool {
        self.base.id == 0
    }

    fn validate(&mut self, codes: &HashMap<String, i64>) {
        self.errors = self.form.parse(&self.base).err().unwrap_or_default();
        self.duplicate = is_duplicate(codes, &self.form.code, self.base.id);
    }

    fn shows_errors(&self) -> bool {
        !self.is_new() || self.touched
    }

    /// Nothing was changed since the editor was filled from `base`.
    fn is_clean(&self) -> bool {
        self.form == CustomerForm::from_customer(&self.base)
    }

    /// The form says exactly what `customer` holds.
    fn matches(&self, customer: &Customer) -> bool {
        matches!(self.form.parse(customer), Ok(parsed) if parsed == *customer)
    }
}

/// The read-only parts of the customer card, loaded when a customer is selected.
#[derive(Default)]
struct Detail {
    account: CustomerAccount,
    orders: Vec<OrderSummary>,
    prices: Vec<(String, String, Decimal)>,
    history: Vec<AuditEntry>,
    error: Option<String>,
}

fn try_load_detail(ctx: &TabCtx<'_>, customer: &Customer) -> crate::store::Result<Detail> {
    Ok(Detail {
        account: ctx.store.customer_account(customer.id, ctx.today)?,
        orders: ctx.store.list_customer_orders(&customer.code, ORDERS_SHOWN)?,
        prices: ctx.store.list_agreed_prices(customer.id)?,
        history: ctx.store.list_audit("", "customer", &customer.code, HISTORY_ROWS)?,
        error: None,
    })
}

fn load_detail(ctx: &TabCtx<'_>, customer: &Customer) -> Detail {
    try_load_detail(ctx, customer).unwrap_or_else(|error| Detail { error: Some(error.to_string()), ..Detail::default() })
}

/// The parts of the customer card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    Details,
    Orders,
    Invoices,
    Prices,
    History,
}

/// A block / unblock waiting for its reason.
struct BlockPrompt {
    code: String,
    block: bool,
    reason: String,
}

/// What the user asked for on the card this frame.
enum Intent {
    Save(Box<Customer>),
    Revert,
    Close,
    Block { code: String, block: bool },
    Archive { code: String, archived: bool },
}

/// The Customers tab.
#[derive(Default)]
pub struct CustomersTab {
    /// Every customer, searched, sorted and filtered by the archived switch.
    list: ListView<Customer>,
    /// Code → customer id (duplicate check as you type).
    codes: HashMap<String, i64>,
    show_archived: bool,
    selected: Option<i64>,
    editor: Option<Editor>,
    detail: Option<Detail>,
    section: Section,
    price_sku: String,
    price_text: String,
    price_error: Option<String>,
    block_prompt: Option<BlockPrompt>,
    import: Option<ImportDialog>,
    export: Option<ExportDialog>,
}

impl CustomersTab {
    // ---- data ----

    fn reload(&mut self, ctx: &TabCtx<'_>) {
        let keep = self.keep();
        self.list.load(ctx.generation, ctx.store.list_customers(), keep);
        self.codes = self.list.rows().iter().map(|customer| (customer.code.clone(), customer.id)).collect();
        self.refresh_editor();
        self.reload_detail(ctx);
    }

    /// Which customers the list shows besides the search: archived ones only when asked.
    fn keep(&self) -> impl Fn(&Customer) -> bool + use<> {
        let show_archived = self.show_archived;
        move |customer| show_archived || !customer.archived
    }

    fn customer(&self, id: i64) -> Option<&Customer> {
        self.list.get(id)
    }

    /// After a reload: take over the stored record when it is what the form says (the save went
    /// through) or when the user changed nothing; otherwise keep the edits (a stale save will be
    /// refused by the store).
    fn refresh_editor(&mut self) {
        let Some(editor) = self.editor.as_mut() else { return };
        let id = if !editor.is_new() {
            Some(editor.base.id)
        } else if editor.saving {
            self.codes.get(editor.form.code.trim()).copied()
        } else {
            None
        };
        let reloaded = id.and_then(|id| self.list.get(id));
        match reloaded {
            Some(customer) if editor.matches(customer) || (!editor.is_new() && editor.is_clean()) => {
                *editor = Editor::new(customer.clone(), &self.codes);
                self.selected = Some(customer.id);
            }
            _ => editor.validate(&self.codes),
        }
    }

    fn reload_detail(&mut self, ctx: &TabCtx<'_>) {
        let customer = self.selected.and_then(|id| self.customer(id)).cloned();
        self.detail = customer.map(|customer| load_detail(ctx, &customer));
    }

    fn select(&mut self, id: i64, ctx: &TabCtx<'_>) {
        let Some(customer) = self.customer(id).cloned() else { return };
        self.selected = Some(id);
        self.editor = Some(Editor::new(customer.clone(), &self.codes));
        self.detail = Some(load_detail(ctx, &customer));
        self.price_sku.clear();
        self.price_text.clear();
        self.price_error = None;
    }

    fn new_customer(&mut self) {
        self.selected = None;
        self.detail = None;
        self.section = Section::Details;
        self.editor = Some(Editor::new(Customer::default(), &self.codes));
    }

    fn close_card(&mut self) {
        self.selected = None;
        self.detail = None;
        self.editor = None;
    }

    // ---- drawing ----

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        ui.horizontal_wrapped(|ui| {
            let new =
                ui.add_enabled(can_edit, egui::Button::new(tm::NEW_CUSTOMER.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
            if new.clicked() {
                self.new_customer();
            }
            let import =
                ui.add_enabled(can_edit, egui::Button::new(tm::IMPORT_DOTS.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
            if import.clicked() {
                self.import = Some(ImportDialog::new(Master::Customers, tm::IMPORT_CUSTOMERS, preview_customers));
            }
            if ui.button(tm::EXPORT_DOTS.get(lang)).clicked() {
                self.export = Some(ExportDialog::new(List::Customers, tm::EXPORT_CUSTOMERS, "customers.xlsx"));
            }
            ui.separator();
            self.list.search_ui(ui, lang, self.keep());
            if ui.checkbox(&mut self.show_archived, tm::SHOW_ARCHIVED.get(lang)).changed() {
                self.list.refilter(self.keep());
            }
            self.list.shown_of_ui(ui, lang);
        });
        self.list.load_error_ui(ui, lang);
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let look = TableLook { id_salt: "kaidan_customers_table", columns: &columns(), headers: &HEADERS, empty: tm::NO_CUSTOMERS };
        let keep = self.keep();
        let clicked = self.list.table_ui(ui, lang, &look, self.selected, keep, |row, customer| {
            row.col(|ui| text_cell(ui, &customer.code));
            row.col(|ui| text_cell(ui, &customer.name));
            row.col(|ui| text_cell(ui, &customer.phone));
            row.col(|ui| text_cell(ui, &customer.address));
            row.col(|ui| match customer.credit_limit {
                Some(limit) => widgets::money_cell(ui, limit),
                None => widgets::right_cell(ui, RichText::new(tm::NO_LIMIT.get(lang)).weak()),
            });
            row.col(|ui| widgets::right_cell(ui, customer.payment_terms_days.to_string()));
            row.col(|ui| widgets::right_cell(ui, customer.discount_pct.normalize().to_string()));
            row.col(|ui| {
                if customer.blocked {
                    widgets::tag(ui, tm::STATE_BLOCKED.get(lang), widgets::BLOCK);
                }
                if customer.archived {
                    widgets::tag(ui, tm::STATE_ARCHIVED.get(lang), ARCHIVED_GREY);
                }
            });
        });
        if let Some(id) = clicked {
            self.select(id, ctx);
        }
    }

    fn card_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let Some(editor) = &self.editor else { return };
        let is_new = editor.is_new();
        let title = if is_new { tm::NEW_CUSTOMER.get(lang).to_string() } else { format!("{}  {}", editor.base.code, editor.base.name) };
        let mut close = false;
        ui.horizontal(|ui| {
            ui.heading(title);
            if ui.button(t::CLOSE.get(lang)).clicked() {
                close = true;
            }
        });
        if close {
            self.close_card();
            return;
        }
        if is_new {
            self.section = Section::Details;
        } else {
            ui.horizontal_wrapped(|ui| {
                ui.selectable_value(&mut self.section, Section::Details, tm::SECTION_DETAILS.get(lang));
                ui.selectable_value(&mut self.section, Section::Orders, tm::SECTION_ORDERS.get(lang));
                ui.selectable_value(&mut self.section, Section::Invoices, tm::SECTION_INVOICES.get(lang));
                ui.selectable_value(&mut self.section, Section::Prices, tm::SECTION_PRICES.get(lang));
                ui.selectable_value(&mut self.section, Section::History, tm::SECTION_HISTORY.get(lang));
            });
        }
        ui.separator();
        if let Some(error) = self.detail.as_ref().and_then(|detail| detail.error.as_deref()) {
            load_error_ui(ui, error, lang);
        }
        match self.section {
            Section::Details => {
                let mut intent = None;
                egui::ScrollArea::vertical().id_salt("kaidan_customer_details").auto_shrink([false, false]).show(ui, |ui| {
                    intent = self.form_ui(ui, ctx);
                    if let (Some(detail), Some(editor)) = (&self.detail, &self.editor)
                        && !editor.is_new()
                    {
                        ui.separator();
                        account_ui(ui, &detail.account, &editor.base, lang);
                    }
                });
                if let Some(intent) = intent {
                    self.apply_intent(intent, ctx);
                }
            }
            Section::Orders => self.orders_ui(ui, ctx),
            Section::Invoices => {
                if let Some(detail) = &self.detail {
                    invoices_ui(ui, &detail.account, ctx.today, lang);
                }
            }
            Section::Prices => self.prices_ui(ui, ctx),
            Section::History => {
                if let Some(detail) = &self.detail {
                    history_ui(ui, &detail.history, lang, "kaidan_customer_history");
                }
            }
        }
    }

    /// The edit form with its errors, Save / Revert, and Block / Archive for a stored customer.
    fn form_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) -> Option<Intent> {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        let can_credit = permits(ctx.role, Permission::ChangeCredit);
        let codes = &self.codes;
        let editor = self.editor.as_mut()?;
        let show = editor.shows_errors();
        let shown: &[FieldError] = if show { &editor.errors } else { &[] };
        let mut code_reasons = field_reasons(shown, "code", lang);
        if show && editor.duplicate {
            code_reasons.push(tm::ERR_DUPLICATE_CODE.get(lang));
        }
        let name_reasons = field_reasons(shown, "name", lang);
        let phone_reasons = field_reasons(shown, "phone", lang);
        let limit_reasons = field_reasons(shown, "credit_limit", lang);
        let terms_reasons = field_reasons(shown, "payment_terms_days", lang);
        let discount_reasons = field_reasons(shown, "discount_pct", lang);
        let form = &mut editor.form;
        let mut changed = false;
        egui::Grid::new("kaidan_customer_form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            changed |= form_row_ui(ui, tm::F_CODE.get(lang), &mut form.code, can_edit, "", &code_reasons);
            changed |= form_row_ui(ui, tm::F_NAME.get(lang), &mut form.name, can_edit, "", &name_reasons);
            changed |= form_row_ui(ui, tm::F_PHONE.get(lang), &mut form.phone, can_edit, "", &phone_reasons);
            changed |= form_row_ui(ui, tm::F_ADDRESS.get(lang), &mut form.address, can_edit, "", &[]);
            changed |= form_row_ui(ui, tm::F_TAX_ID.get(lang), &mut form.tax_id, can_edit, "", &[]);
            changed |= form_row_ui(
                ui,
                tm::F_CREDIT_LIMIT.get(lang),
                &mut form.credit_limit,
                can_edit && can_credit,
                tm::HINT_NO_LIMIT.get(lang),
                &limit_reasons,
            );
            changed |= form_row_ui(ui, tm::F_TERMS.get(lang), &mut form.payment_terms_days, can_edit, "", &terms_reasons);
            changed |= form_row_ui(ui, tm::F_DISCOUNT.get(lang), &mut form.discount_pct, can_edit && can_credit, "", &discount_reasons);
        });
        if changed {
            editor.touched = true;
            editor.saving = false;
            editor.validate(codes);
        }
        if !can_credit {
            ui.weak(tm::CREDIT_NEEDS_MANAGER.get(lang));
        }
        // A character no font has is kept as typed but said at once: it shows and prints as □.
        let missing = crate::fonts::missing_glyphs(&format!("{}{}", editor.form.name, editor.form.address));
        if !missing.is_empty() {
            let chars: String = missing.iter().collect();
            ui.colored_label(widgets::WARN, t::WARN_GLYPHS.fill(lang, &[("chars", &chars)]));
        }
        let mut intent = None;
        ui.horizontal(|ui| {
            let ready = can_edit && editor.errors.is_empty() && !editor.duplicate;
            let save = ui.add_enabled(ready, egui::Button::new(t::SAVE.get(lang))).on_disabled_hover_text(tm::FIX_ERRORS.get(lang));
            if save.clicked()
                && let Ok(customer) = editor.form.parse(&editor.base)
            {
                intent = Some(Intent::Save(Box::new(customer)));
            }
            if ui.button(tm::REVERT.get(lang)).clicked() {
                intent = Some(if editor.is_new() { Intent::Close } else { Intent::Revert });
            }
        });
        if !editor.is_new() {
            let base = &editor.base;
            ui.add_space(6.0);
            if base.blocked {
                ui.colored_label(widgets::BLOCK, tm::BLOCKED_BECAUSE.fill(lang, &[("reason", &base.blocked_reason)]));
            }
            if base.archived {
                ui.colored_label(ARCHIVED_GREY, tm::IS_ARCHIVED_NOTE.get(lang));
            }
            ui.horizontal(|ui| {
                let block_text = if base.blocked { tm::UNBLOCK } else { tm::BLOCK };
                let block =
                    ui.add_enabled(can_credit, egui::Button::new(block_text.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
                if block.clicked() {
                    intent = Some(Intent::Block { code: base.code.clone(), block: !base.blocked });
                }
                let archive_text = if base.archived { tm::UNARCHIVE } else { tm::ARCHIVE };
                let archive =
                    ui.add_enabled(can_edit, egui::Button::new(archive_text.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
                if archive.clicked() {
                    intent = Some(Intent::Archive { code: base.code.clone(), archived: !base.archived });
                }
            });
            ui.weak(tm::UPDATED_BY.fill(lang, &[("at", &base.updated_at.replace('T', " ")), ("user", &base.updated_by)]));
        }
        intent
    }

    fn apply_intent(&mut self, intent: Intent, ctx: &mut TabCtx<'_>) {
        match intent {
            Intent::Save(customer) => {
                if let Some(editor) = self.editor.as_mut() {
                    editor.saving = true;
                }
                ctx.push(Action::SaveCustomer(*customer));
            }
            Intent::Revert => {
                if let Some(editor) = self.editor.as_mut() {
                    *editor = Editor::new(editor.base.clone(), &self.codes);
                }
            }
            Intent::Close => self.close_card(),
            Intent::Block { code, block } => self.block_prompt = Some(BlockPrompt { code, block, reason: String::new() }),
            Intent::Archive { code, archived } => ctx.push(Action::ArchiveCustomer { code, archived }),
        }
    }

    fn orders_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_order = permits(ctx.role, Permission::EnterOrders);
        let Some(detail) = &self.detail else { return };
        if detail.orders.is_empty() {
            ui.weak(tm::NO_ORDERS.get(lang));
            return;
        }
        let mut action = None;
        egui::ScrollArea::vertical().id_salt("kaidan_customer_orders").auto_shrink([false, false]).show(ui, |ui| {
            egui::Grid::new("kaidan_customer_orders_grid").num_columns(6).striped(true).spacing([10.0, 4.0]).show(ui, |ui| {
                for title in [tm::COL_ORDER, tm::COL_DATE, tm::COL_STATUS, tm::COL_TOTAL] {
                    ui.strong(title.get(lang));
                }
                ui.label("");
                ui.label("");
                ui.end_row();
                for order in &detail.orders {
                    ui.label(&order.number);
                    ui.label(order.order_date.to_string());
                    ui.label(crate::i18n::labels::order_status_title(order.status, lang));
                    widgets::money_cell(ui, order.total);
                    if ui.button(tm::OPEN.get(lang)).clicked() {
                        action = Some(Action::OpenOrder(order.number.clone()));
                    }
                    let repeat =
                        ui.add_enabled(can_order, egui::Button::new(tm::REPEAT.get(lang))).on_hover_text(tm::REPEAT_HINT.get(lang));
                    if repeat.clicked() {
                        action = Some(Action::CopyOrder(order.number.clone()));
                    }
                    ui.end_row();
                }
            });
        });
        if let Some(action) = action {
            ctx.push(action);
        }
    }

    fn prices_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_price = permits(ctx.role, Permission::ChangePrices);
        let Some(customer_id) = self.editor.as_ref().map(|editor| editor.base.id) else { return };
        let mut set_clicked = false;
        ui.add_enabled_ui(can_price, |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(tm::COL_SKU.get(lang));
                ui.add(egui::TextEdit::singleline(&mut self.price_sku).desired_width(120.0)).labelled_by(label.id);
                let label = ui.label(tm::COL_PRICE.get(lang));
                ui.add(egui::TextEdit::singleline(&mut self.price_text).desired_width(90.0)).labelled_by(label.id);
                if ui.button(tm::SET_PRICE.get(lang)).clicked() {
                    set_clicked = true;
                }
            });
        });
        if !can_price {
            ui.weak(tm::PRICES_NEED_MANAGER.get(lang));
        }
        if set_clicked {
            match self.check_agreed_price(ctx) {
                Ok((sku, price)) => {
                    ctx.push(Action::SetAgreedPrice { customer_id, sku, price: Some(price) });
                    self.price_sku.clear();
                    self.price_text.clear();
                    self.price_error = None;
                }
                Err(message) => self.price_error = Some(message),
            }
        }
        if let Some(error) = &self.price_error {
            ui.colored_label(widgets::BLOCK, error);
        }
        ui.separator();
        let Some(detail) = &self.detail else { return };
        if detail.prices.is_empty() {
            ui.weak(tm::NO_PRICES.get(lang));
            return;
        }
        let mut change = None;
        let mut remove = None;
        egui::ScrollArea::vertical().id_salt("kaidan_customer_prices").auto_shrink([false, false]).show(ui, |ui| {
            egui::Grid::new("kaidan_customer_prices_grid").num_columns(5).striped(true).spacing([10.0, 4.0]).show(ui, |ui| {
                for title in [tm::COL_SKU, tm::COL_NAME, tm::COL_PRICE] {
                    ui.strong(title.get(lang));
                }
                ui.label("");
                ui.label("");
                ui.end_row();
                for (sku, name, price) in &detail.prices {
                    ui.label(sku);
                    ui.label(name);
                    widgets::money_cell(ui, *price);
                    if ui.add_enabled(can_price, egui::Button::new(tm::CHANGE.get(lang))).clicked() {
                        change = Some((sku.clone(), *price));
                    }
                    if ui.add_enabled(can_price, egui::Button::new(tm::REMOVE.get(lang))).clicked() {
                        remove = Some(sku.clone());
                    }
                    ui.end_row();
                }
            });
        });
        if let Some((sku, price)) = change {
            self.price_sku = sku;
            self.price_text = price.normalize().to_string();
            self.price_error = None;
        }
        if let Some(sku) = remove {
            ctx.push(Action::SetAgreedPrice { customer_id, sku, price: None });
        }
    }

    /// Check the agreed-price fields (on the button press, the one moment the store is asked
    /// whether the SKU exists): the product's SKU and the price, or a message.
    fn check_agreed_price(&self, ctx: &TabCtx<'_>) -> Result<(String, Decimal), String> {
        let lang = ctx.lang;
        let sku = self.price_sku.trim();
        if sku.is_empty() {
            return Err(tm::ERR_SKU_REQUIRED.get(lang).to_string());
        }
        let price = match parse_decimal(&self.price_text) {
            Some(price) if price >= Decimal::ZERO && price.normalize().scale() <= crate::store::MONEY_SCALE => price,
            _ => return Err(tm::ERR_PRICE.get(lang).to_string()),
        };
        match ctx.store.get_product_by_sku(sku) {
            Ok(Some(product)) => Ok((product.sku, price)),
            Ok(None) => Err(tm::ERR_UNKNOWN_SKU.fill(lang, &[("sku", &sku)])),
            Err(error) => Err(tm::LOAD_FAILED.fill(lang, &[("error", &error)])),
        }
    }

    fn dialogs_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        if let Some(prompt) = self.block_prompt.as_mut() {
            let title = if prompt.block { tm::BLOCK_TITLE } else { tm::UNBLOCK_TITLE };
            let title = title.fill(lang, &[("code", &prompt.code)]);
            let mut open = true;
            if let Some(reason) = widgets::reason_modal(ui, "kaidan_customer_block", &title, &mut prompt.reason, &mut open, lang) {
                ctx.push(Action::SetCustomerBlocked { code: prompt.code.clone(), blocked: prompt.block, reason });
            }
            if !open {
                self.block_prompt = None;
            }
        }
        if let Some(dialog) = self.import.as_mut() {
            let mut open = true;
            if let Some(action) = dialog.ui(ui, lang, &mut open) {
                ctx.push(action);
            }
            if !open {
                self.import = None;
            }
        }
        if let Some(dialog) = self.export.as_mut() {
            let mut open = true;
            if let Some(action) = dialog.ui(ui, lang, &mut open) {
                ctx.push(action);
            }
            if !open {
                self.export = None;
            }
        }
    }
}

/// Balance, limit, exposure, available credit, overdue and the ageing of a customer.
fn account_ui(ui: &mut Ui, account: &CustomerAccount, customer: &Customer, lang: Lang) {
    ui.strong(tm::ACCOUNT.get(lang));
    egui::Grid::new("kaidan_customer_account").num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
        ui.label(tm::BALANCE_OWED.get(lang));
        widgets::money_cell(ui, account.balance);
        ui.end_row();
        ui.label(tm::OPEN_ORDERS_VALUE.get(lang));
        widgets::money_cell(ui, account.uninvoiced);
        ui.end_row();
        ui.label(tm::EXPOSURE.get(lang));
        widgets::money_cell(ui, account.exposure);
        ui.end_row();
        ui.label(tm::F_CREDIT_LIMIT.get(lang));
        widgets::right_cell(ui, limit_text(customer.credit_limit, lang));
        ui.end_row();
        ui.label(tm::AVAILABLE_CREDIT.get(lang));
        match account.available_credit {
            Some(available) => {
                let color = if available < Decimal::ZERO { widgets::BLOCK } else { widgets::OK };
                widgets::right_cell(ui, RichText::new(fmt_money(available)).color(color).strong());
            }
            None => widgets::right_cell(ui, tm::NO_LIMIT.get(lang)),
        }
        ui.end_row();
        ui.label(tm::OVERDUE.get(lang));
        let color = if account.overdue > Decimal::ZERO { widgets::BLOCK } else { widgets::OK };
        widgets::right_cell(ui, RichText::new(fmt_money(account.overdue)).color(color));
        ui.end_row();
    });
    ui.add_space(6.0);
    ui.strong(tm::AGEING.get(lang));
    let titles = [tm::AGE_CURRENT, tm::AGE_1_30, tm::AGE_31_60, tm::AGE_61_90, tm::AGE_OVER_90];
    egui::Grid::new("kaidan_customer_ageing").num_columns(titles.len()).striped(true).spacing([14.0, 4.0]).show(ui, |ui| {
        for title in titles {
            ui.label(title.get(lang));
        }
        ui.end_row();
        for (bucket, amount) in account.ageing.iter().enumerate() {
            let color = match bucket {
                0 => None,
                1 => Some(widgets::WARN),
                _ => Some(widgets::BLOCK),
            };
            let text = RichText::new(fmt_money(*amount));
            let text = match color {
                Some(color) if !amount.is_zero() => text.color(color),
                _ => text,
            };
            widgets::right_cell(ui, text);
        }
        ui.end_row();
    });
}

/// The customer's invoices, newest first.
fn invoices_ui(ui: &mut Ui, account: &CustomerAccount, today: chrono::NaiveDate, lang: Lang) {
    let invoices = &account.invoices;
    if invoices.is_empty() {
        ui.weak(tm::NO_INVOICES.get(lang));
        return;
    }
    let height = row_height(ui);
    TableBuilder::new(ui)
        .id_salt("kaidan_customer_invoices")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(120.0).at_least(60.0).resizable(true).clip(true))
        .column(Column::initial(90.0).at_least(60.0).resizable(true).clip(true))
        .column(Column::initial(90.0).at_least(60.0).resizable(true).clip(true))
        .column(Column::initial(90.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::initial(90.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::remainder().at_least(70.0).clip(true))
        .header(height, |mut header| {
            for title in [tm::COL_INVOICE, tm::COL_DATE, tm::COL_DUE, tm::COL_AMOUNT, tm::COL_PAID, tm::COL_STATUS] {
                header.col(|ui| {
                    ui.strong(title.get(lang));
                });
            }
        })
        .body(|body| {
            body.rows(height, invoices.len(), |mut row| {
                let Some(invoice) = invoices.get(row.index()) else { return };
                let (status, color) = invoice_status(invoice.status(today));
                row.col(|ui| text_cell(ui, &invoice.number));
                row.col(|ui| text_cell(ui, invoice.issue_date.to_string()));
                row.col(|ui| text_cell(ui, invoice.due_date.to_string()));
                row.col(|ui| widgets::money_cell(ui, invoice.total));
                row.col(|ui| widgets::money_cell(ui, invoice.paid));
                row.col(|ui| text_cell(ui, RichText::new(status.get(lang)).color(color)));
            });
        });
}

impl crate::ui::TabView for CustomersTab {
    /// Draw the tab: toolbar, list, and the card of the selected (or new) customer.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        if self.list.is_stale(ctx.generation) {
            self.reload(ctx);
        }
        self.toolbar_ui(ui, ctx);
        ui.separator();
        if self.editor.is_some() {
            egui::Panel::right("kaidan_customer_card").resizable(true).default_size(540.0).min_size(380.0).show(ui, |ui| {
                self.card_ui(ui, ctx);
            });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            self.table_ui(ui, ctx);
        });
        self.dialogs_ui(ui, ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::{Sort, filter_by_key};

    fn customer(id: i64, code: &str, name: &str, phone: &str) -> Customer {
        Customer { id, code: code.into(), name: name.into(), phone: phone.into(), ..Customer::default() }
    }

    /// Row indices in the list's order for `sort`.
    fn sorted(customers: &[Customer], sort: Sort) -> Vec<usize> {
        let mut order: Vec<usize> = (0..customers.len()).collect();
        order.sort_by(|&a, &b| sort.order(customers[a].compare(&customers[b], sort.column)));
        order
    }

    fn sample() -> Vec<Customer> {
        vec![
            customer(1, "C001", "张三五金店", "13800138000"),
            customer(2, "C002", "李四建材", "021-5555 1234"),
            customer(3, "B777", "Acme Trading", ""),
        ]
    }

    #[test]
    fn pinyin_initials_find_chinese_names() {
        let customers = sample();
        let keys: Vec<String> = customers.iter().map(ListRow::search_key).collect();
        let order: Vec<usize> = (0..customers.len()).collect();
        assert_eq!(filter_by_key(&order, &keys, "zswj", |_| true), vec![0]);
        assert_eq!(filter_by_key(&order, &keys, "zhangsan", |_| true), vec![0]);
        assert_eq!(filter_by_key(&order, &keys, "LSJC", |_| true), vec![1]);
        assert_eq!(filter_by_key(&order, &keys, "5555", |_| true), vec![1]);
        assert_eq!(filter_by_key(&order, &keys, " acme ", |_| true), vec![2]);
        assert_eq!(filter_by_key(&order, &keys, "c00 zs", |_| true), vec![0], "every word must match");
        assert_eq!(filter_by_key(&order, &keys, "", |_| true), vec![0, 1, 2]);
        assert_eq!(filter_by_key(&order, &keys, "", |index| index != 1), vec![0, 2]);
        assert!(filter_by_key(&order, &keys, "nothing", |_| true).is_empty());
    }

    #[test]
    fn filtering_keeps_the_sort_order() {
        let customers = sample();
        let keys: Vec<String> = customers.iter().map(ListRow::search_key).collect();
        let order = sorted(&customers, Sort { column: 0, descending: true, chosen: true });
        assert_eq!(order, vec![1, 0, 2]);
        assert_eq!(filter_by_key(&order, &keys, "c0", |_| true), vec![1, 0]);
    }

    #[test]
    fn no_limit_sorts_last() {
        let mut customers = sample();
        customers[0].credit_limit = Some(Decimal::from(500));
        customers[2].credit_limit = Some(Decimal::ZERO);
        let order = sorted(&customers, Sort { column: 4, descending: false, chosen: true });
        assert_eq!(order, vec![2, 0, 1]);
    }

    #[test]
    fn duplicate_codes_are_another_customers() {
        let codes: HashMap<String, i64> = sample().iter().map(|c| (c.code.clone(), c.id)).collect();
        assert!(is_duplicate(&codes, " C002 ", 0));
        assert!(is_duplicate(&codes, "C002", 1));
        assert!(!is_duplicate(&codes, "C002", 2), "its own code");
        assert!(!is_duplicate(&codes, "C999", 0));
        assert!(!is_duplicate(&codes, "  ", 0));
    }

    #[test]
    fn editor_validates_and_flags_duplicates() {
        let codes: HashMap<String, i64> = sample().iter().map(|c| (c.code.clone(), c.id)).collect();
        let mut editor = Editor::new(Customer::default(), &codes);
        assert!(!editor.shows_errors(), "a new form is quiet until touched");
        assert_eq!(editor.errors.iter().map(|e| e.field).collect::<Vec<_>>(), vec!["code", "name"]);
        editor.form.code = "C001".into();
        editor.form.name = "New".into();
        editor.form.phone = "abc".into();
        editor.validate(&codes);
        assert!(editor.duplicate);
        assert_eq!(editor.errors.iter().map(|e| e.field).collect::<Vec<_>>(), vec!["phone"]);
        let stored = customer(1, "C001", "张三五金店", "13800138000");
        let editor = Editor::new(stored.clone(), &codes);
        assert!(editor.errors.is_empty() && !editor.duplicate);
        assert!(editor.matches(&stored));
        assert!(editor.is_clean());
    }
}
