//! The customer card: the edit form validated as the user types, block / unblock with a reason,
//! archive, and the read-only account: balance, available credit, ageing, the last orders,
//! invoices, agreed prices and the change history.

use super::*;
use crate::domain::master::Account;
use crate::ui::record_editor::{Editable, RecordEditor};

/// The translated name and colour of an invoice state (`Invoice::status`).
pub(super) fn invoice_status(status: &str) -> (Tx, Color32) {
    match status {
        "void" => (tm::IS_VOID, ARCHIVED_GREY),
        "paid" => (tm::IS_PAID, widgets::OK),
        "overdue" => (tm::IS_OVERDUE, widgets::BLOCK),
        "partly_paid" => (tm::IS_PARTLY_PAID, widgets::WARN),
        _ => (tm::IS_ISSUED, widgets::INFO),
    }
}

/// A credit limit as shown: the amount, or "No limit".
pub(super) fn limit_text(limit: Option<Decimal>, lang: Lang) -> String {
    limit.map(fmt_money).unwrap_or_else(|| tm::NO_LIMIT.get(lang).to_string())
}

/// The customer being edited in the card.
pub(super) type Editor = RecordEditor<Customer>;

impl Editable for Customer {
    type Form = CustomerForm;
    type Extra = ();

    fn new_form() -> CustomerForm {
        CustomerForm { payment_terms_days: "30".into(), discount_pct: "0".into(), ..CustomerForm::default() }
    }

    fn to_form(&self) -> CustomerForm {
        CustomerForm::from_customer(self)
    }

    fn parse(form: &CustomerForm, base: &Customer) -> Result<Customer, Vec<FieldError>> {
        form.parse(base)
    }

    fn form_code(form: &CustomerForm) -> &str {
        &form.code
    }

    fn code(&self) -> &str {
        &self.code
    }
}

/// The read-only parts of the customer card, loaded when a customer is selected.
#[derive(Default)]
pub(super) struct Detail {
    pub(super) account: CustomerAccount,
    pub(super) orders: Vec<OrderSummary>,
    pub(super) prices: Vec<(String, String, Decimal)>,
    pub(super) history: Vec<AuditEntry>,
    pub(super) error: Option<String>,
}

pub(super) fn try_load_detail(store: &Store, customer: &Customer, today: NaiveDate) -> crate::store::Result<Detail> {
    Ok(Detail {
        account: store.customer_account(customer.id, today)?,
        orders: store.list_customer_orders(&customer.code, ORDERS_SHOWN)?,
        prices: store.list_agreed_prices(customer.id)?,
        history: store.list_audit("", "customer", &customer.code, HISTORY_ROWS)?,
        error: None,
    })
}

/// The read of a customer's card, to run off the window's thread.
pub(super) fn detail_read(customer: &Customer, today: NaiveDate) -> crate::ui::master_card::DetailRead<Detail> {
    let customer = customer.clone();
    Box::new(move |store| try_load_detail(store, &customer, today))
}

/// The card of a customer whose figures could not be read: the reason.
pub(super) fn failed_detail(error: String) -> Detail {
    Detail { error: Some(error), ..Detail::default() }
}

/// The parts of the customer card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Section {
    #[default]
    Details,
    Orders,
    Invoices,
    Prices,
    History,
}

/// A block / unblock waiting for its reason.
pub(super) struct BlockPrompt {
    pub(super) code: String,
    pub(super) block: bool,
    pub(super) reason: String,
}

/// What the user asked for on the card this frame.
pub(super) enum Intent {
    Save(Box<Customer>),
    Revert,
    Close,
    Block { code: String, block: bool },
    Archive { code: String, archived: bool },
}

/// Balance, limit, exposure, available credit, overdue and the ageing of a customer.
pub(super) fn account_ui(ui: &mut Ui, account: &CustomerAccount, customer: &Customer, lang: Lang) {
    ui.strong(tm::ACCOUNT.get(lang));
    egui::Grid::new("kaidan_customer_account").spacing([16.0, 4.0]).show(ui, |ui| {
        ui.label(tm::BALANCE_OWED.get(lang));
        widgets::money_cell(ui, account.balance);
        ui.end_row();
        ui.label(tm::OPEN_ORDERS_VALUE.get(lang));
        widgets::money_cell(ui, account.uninvoiced);
        ui.end_row();
        if account.deposits > Decimal::ZERO {
            ui.label(tm::DEPOSITS_HELD.get(lang));
            widgets::money_cell(ui, -account.deposits);
            ui.end_row();
        }
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
    egui::Grid::new("kaidan_customer_ageing").striped(true).spacing([14.0, 4.0]).show(ui, |ui| {
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
pub(super) fn invoices_ui(ui: &mut Ui, account: &CustomerAccount, today: chrono::NaiveDate, lang: Lang) {
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
            crate::ui::widgets::head_row(
                &mut header,
                [tm::COL_INVOICE, tm::COL_DATE, tm::COL_DUE, tm::COL_AMOUNT, tm::COL_PAID, tm::COL_STATUS],
                lang,
            )
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

impl CustomersTab {
    pub(super) fn card_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let Some(editor) = &self.card.editor else { return };
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
            self.card.close();
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
        if let Some(error) = self.card.detail.as_ref().and_then(|detail| detail.error.as_deref()) {
            load_error_ui(ui, error, lang);
        }
        match self.section {
            Section::Details => {
                let mut intent = None;
                egui::ScrollArea::vertical().id_salt("kaidan_customer_details").auto_shrink([false, false]).show(ui, |ui| {
                    intent = self.form_ui(ui, ctx);
                    if let (Some(detail), Some(editor)) = (&self.card.detail, &self.card.editor)
                        && !editor.is_new()
                    {
                        ui.separator();
                        account_ui(ui, &detail.account, &editor.base, lang);
                        let code = editor.base.code.clone();
                        match &mut self.statement {
                            None => {
                                if ui.button(tm::STATEMENT_BUTTON.get(lang)).clicked() {
                                    self.statement = Some(statement::StatementPanel::new(&code, ctx.today));
                                }
                            }
                            Some(panel) => {
                                if let Some(done) = panel.ui(ui, &code, ctx.today, lang) {
                                    if let Some(action) = done {
                                        ctx.push(action);
                                    }
                                    self.statement = None;
                                }
                            }
                        }
                    }
                });
                if let Some(intent) = intent {
                    self.apply_intent(intent, ctx);
                }
            }
            Section::Orders => self.orders_ui(ui, ctx),
            Section::Invoices => {
                if let Some(detail) = &self.card.detail {
                    invoices_ui(ui, &detail.account, ctx.today, lang);
                }
            }
            Section::Prices => self.prices_ui(ui, ctx),
            Section::History => {
                if let Some(detail) = &self.card.detail {
                    history_ui(ui, &detail.history, lang, "kaidan_customer_history");
                }
            }
        }
    }

    /// The edit form with its errors, Save / Revert, and Block / Archive for a stored customer.
    pub(super) fn form_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) -> Option<Intent> {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        let can_credit = permits(ctx.role, Permission::ChangeCredit);
        let codes = &self.card.codes;
        let editor = self.card.editor.as_mut()?;
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
            // Cash (现结) or monthly account (月结): an order's default payment.
            ui.label(t::ACCOUNT.get(lang));
            ui.add_enabled_ui(can_edit, |ui| {
                ui.horizontal(|ui| {
                    for (account, text) in [(Account::Monthly, t::ACCOUNT_MONTHLY), (Account::Cash, t::ACCOUNT_CASH)] {
                        if ui.radio(form.account == account, text.get(lang)).clicked() && form.account != account {
                            form.account = account;
                            changed = true;
                        }
                    }
                });
            });
            ui.end_row();
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

    pub(super) fn apply_intent(&mut self, intent: Intent, ctx: &mut TabCtx<'_>) {
        match intent {
            Intent::Save(customer) => {
                if let Some(editor) = self.card.editor.as_mut() {
                    editor.saving = true;
                }
                ctx.push(Action::SaveCustomer(*customer));
            }
            Intent::Revert => {
                if let Some(editor) = self.card.editor.as_mut() {
                    *editor = Editor::new(editor.base.clone(), &self.card.codes);
                }
            }
            Intent::Close => self.card.close(),
            Intent::Block { code, block } => self.block_prompt = Some(BlockPrompt { code, block, reason: String::new() }),
            Intent::Archive { code, archived } => ctx.push(Action::ArchiveCustomer { code, archived }),
        }
    }

    pub(super) fn orders_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_order = permits(ctx.role, Permission::EnterOrders);
        let Some(detail) = &self.card.detail else { return };
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

    pub(super) fn prices_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_price = permits(ctx.role, Permission::ChangePrices);
        let Some(customer_id) = self.card.editor.as_ref().map(|editor| editor.base.id) else { return };
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
        let Some(detail) = &self.card.detail else { return };
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
    pub(super) fn check_agreed_price(&self, ctx: &TabCtx<'_>) -> Result<(String, Decimal), String> {
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
}
