//! The Customers tab: a list that stays fast with 100 000 customers (every row loaded once per
//! data generation, searched in memory by code, name, phone or pinyin, sorted by any column,
//! drawn virtualised), an editor that validates as the user types, block / unblock with a
//! reason, archive (never delete), and a read-only account card: balance, available credit,
//! ageing, the last orders, invoices, agreed prices and the change history.
//!
//! Must not: write to the store (it pushes [`Action`]s), query the store every frame (only on a
//! generation change or a user event such as selecting a row), or show text that is not a
//! [`Tx`] (data and codes aside).
//!
//! The card (form, account, prices, history) is in `card`; this file holds the list and the tab.

use super::TabCtx;
use super::list_view::{ListRow, TableLook};
use super::master_card::MasterCard;
use super::widgets::{
    self, MasterFiles, PreviewTable, field_reasons, form_row_ui, history_ui, load_error_ui, row_height, text_cell, yes_no,
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

mod card;
mod month_end;
mod statement;

use crate::store::Store;
use card::*;
use chrono::NaiveDate;

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

/// The customer import preview: the first parsed rows, or every row error.
fn preview_customers(table: &Table, lang: Lang) -> Result<PreviewTable, Vec<RowError>> {
    let records = crate::tabular::parse_customers(table, lang)?;
    Ok(PreviewTable::of(
        &records,
        vec![
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
        |record| {
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
        },
    ))
}

/// The Customers tab.
#[derive(Default)]
pub struct CustomersTab {
    /// The list (filtered by the archived switch) and the open card.
    card: MasterCard<Customer, Detail>,
    show_archived: bool,
    section: Section,
    price_sku: String,
    price_text: String,
    price_error: Option<String>,
    block_prompt: Option<BlockPrompt>,
    /// The statement being asked for in the open card.
    statement: Option<statement::StatementPanel>,
    /// The month-end run being asked for.
    month_end: Option<month_end::MonthEndPanel>,
}

impl CustomersTab {
    // ---- data ----

    /// Ask for the customers when they are older than the data; take what has come.
    fn reload(&mut self, ctx: &TabCtx<'_>) {
        let keep = self.keep();
        self.card.refresh(ctx, |store| store.list_customers(), keep, detail_read, failed_detail);
    }

    /// Which customers the list shows besides the search: archived ones only when asked.
    fn keep(&self) -> impl Fn(&Customer) -> bool + use<> {
        let show_archived = self.show_archived;
        move |customer| show_archived || !customer.archived
    }

    fn select(&mut self, id: i64, ctx: &TabCtx<'_>) {
        let Some(customer) = self.card.open(id) else { return };
        // Another customer's figures never show under this one's name meanwhile.
        self.card.detail = None;
        self.card.ask_detail(ctx, &customer, detail_read);
        self.price_sku.clear();
        self.price_text.clear();
        self.price_error = None;
        // A statement asked for the customer before is not this one's.
        self.statement = None;
    }

    fn new_customer(&mut self) {
        self.section = Section::Details;
        self.statement = None;
        self.card.open_new();
    }

    // ---- drawing ----

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        ui.horizontal_wrapped(|ui| {
            if MasterCard::<Customer, Detail>::new_button_ui(ui, lang, can_edit, tm::NEW_CUSTOMER) {
                self.new_customer();
            }
            let files = MasterFiles {
                import: Master::Customers,
                import_title: tm::IMPORT_CUSTOMERS,
                preview: preview_customers,
                export: List::Customers,
                export_title: tm::EXPORT_CUSTOMERS,
                file_name: "customers.xlsx",
            };
            self.card.files.buttons_ui(ui, lang, can_edit, &files);
            if ui.button(tm::MONTH_END_BUTTON.get(lang)).clicked() {
                self.month_end = Some(month_end::MonthEndPanel::new(ctx.today));
            }
            ui.separator();
            self.card.list.search_ui(ui, lang, self.keep());
            if ui.checkbox(&mut self.show_archived, tm::SHOW_ARCHIVED.get(lang)).changed() {
                self.card.list.refilter(self.keep());
            }
            self.card.list.shown_of_ui(ui, lang);
            if self.card.is_loading() {
                crate::ui::fetch::loading_ui(ui, lang);
            }
        });
        self.card.list.load_error_ui(ui, lang);
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let look = TableLook { id_salt: "kaidan_customers_table", columns: &columns(), headers: &HEADERS, empty: tm::NO_CUSTOMERS };
        let keep = self.keep();
        let clicked = self.card.list.table_ui(ui, lang, &look, self.card.selected, keep, |row, customer| {
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
        self.card.files.dialogs_ui(ui, lang, ctx.actions);
        if let Some(panel) = self.month_end.as_mut()
            && let Some(asked) = panel.ui(ui, ctx.today, lang)
        {
            if let Some(action) = asked {
                ctx.push(action);
            }
            self.month_end = None;
        }
    }
}

impl crate::ui::TabView for CustomersTab {
    /// Draw the tab: toolbar, list, and the card of the selected (or new) customer.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.reload(ctx);
        self.toolbar_ui(ui, ctx);
        ui.separator();
        if self.card.editor.is_some() {
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
    use crate::ui::widgets::{Sort, filter_by_key, is_duplicate};
    use std::collections::HashMap;

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
