//! The egui front end: one file per tab plus shared widgets. A tab keeps its own cached rows
//! (reloaded only when the data generation changes, never queried every frame), draws from them
//! and from the read-only store, and pushes [`Action`]s; it never writes to the store itself.

pub mod audit;
pub mod customers;
pub mod exceptions;
pub mod fetch;
pub mod invoices;
pub mod list_view;
pub mod master_card;
pub mod order_entry;
pub mod preview;
pub mod record_editor;
pub mod reports;
pub mod server_dialog;
pub mod settings_dialog;
pub mod stock;
pub mod widgets;

use crate::action::Action;
use crate::domain::Role;
use crate::i18n::{Lang, Tx};
use crate::store::Store;
use chrono::NaiveDate;

/// What a tab may use while drawing: read-only data and a place to put actions.
pub struct TabCtx<'a> {
    /// The window's own connection: reads go through [`TabCtx::at`] (off the window's thread
    /// in the real window).
    pub store: &'a Store,
    pub reader: &'a fetch::Reader,
    pub lang: Lang,
    pub user: &'a str,
    pub role: Role,
    pub today: NaiveDate,
    /// Bumped after every applied action or scan: a tab whose cache is older reloads.
    pub generation: u64,
    pub actions: &'a mut Vec<Action>,
}

impl TabCtx<'_> {
    /// A text in the UI language.
    pub fn t(&self, text: Tx) -> &'static str {
        text.get(self.lang)
    }

    /// Where this tab's reads are asked (see [`fetch::Fetch`]).
    pub fn at(&self) -> fetch::At<'_> {
        fetch::At { reader: self.reader, store: self.store, lang: self.lang }
    }

    /// Whether the acting user's role may do this (the window offers only what it may; the
    /// apply layer still enforces every rule).
    pub fn may(&self, permission: crate::domain::Permission) -> bool {
        crate::domain::permits(self.role, permission)
    }

    /// Why a button is disabled for this role: "wang (clerk) may not ship orders."
    pub fn forbidden(&self, permission: crate::domain::Permission) -> String {
        crate::i18n::ops::FORBIDDEN.fill(
            self.lang,
            &[
                ("user", &self.user),
                ("role", &crate::i18n::labels::role(self.role, self.lang)),
                ("action", &crate::ops::action_text(permission).get(self.lang)),
            ],
        )
    }

    /// Queue an action; `App` applies it after this frame.
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }
}

/// The tabs of the main window, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    OrderEntry,
    Exceptions,
    Stock,
    Customers,
    Invoices,
    Reports,
}

/// One entry of the tab list.
pub struct TabEntry {
    pub tab: Tab,
    /// The label on the tab bar.
    pub title: Tx,
    /// Ctrl + this key opens the tab.
    pub digit: egui::Key,
    /// This function key alone opens the tab.
    pub function: egui::Key,
}

/// The one list of tabs: the tab bar, the keyboard shortcuts, the shortcut sheet, the dispatch
/// ([`Tabs::view`]) and the window tests all read it. A new tab is a line here and a field in
/// [`Tabs`].
pub const TABS: [TabEntry; 6] = {
    use crate::i18n::ui as t;
    use egui::Key;
    [
        TabEntry { tab: Tab::OrderEntry, title: t::TAB_ORDERS, digit: Key::Num1, function: Key::F2 },
        TabEntry { tab: Tab::Exceptions, title: t::TAB_EXCEPTIONS, digit: Key::Num2, function: Key::F3 },
        TabEntry { tab: Tab::Stock, title: t::TAB_STOCK, digit: Key::Num3, function: Key::F4 },
        TabEntry { tab: Tab::Customers, title: t::TAB_CUSTOMERS, digit: Key::Num4, function: Key::F5 },
        TabEntry { tab: Tab::Invoices, title: t::TAB_INVOICES, digit: Key::Num5, function: Key::F6 },
        TabEntry { tab: Tab::Reports, title: t::TAB_REPORTS, digit: Key::Num6, function: Key::F7 },
    ]
};

impl Tab {
    /// Every tab, in tab-bar order (from [`TABS`]).
    pub const ALL: [Tab; TABS.len()] = {
        let mut all = [Tab::OrderEntry; TABS.len()];
        let mut index = 0;
        while index < TABS.len() {
            all[index] = TABS[index].tab;
            index += 1;
        }
        all
    };

    /// The tab's entry in [`TABS`].
    pub fn entry(self) -> &'static TabEntry {
        TABS.iter().find(|entry| entry.tab == self).unwrap_or(&TABS[0])
    }

    /// The tab's label.
    pub fn title(self) -> Tx {
        self.entry().title
    }

    /// The tab's shortcuts as a person reads them ("Ctrl+1 / F2").
    pub fn hint(self) -> String {
        let entry = self.entry();
        format!("Ctrl+{} / {}", entry.digit.name(), entry.function.name())
    }
}

/// What every tab is to the window: a view drawn into the central panel with the shared
/// context; it asks for changes by pushing actions, never by writing itself.
pub trait TabView {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut TabCtx<'_>);
}

/// The window's tabs, one field per entry of [`TABS`].
#[derive(Default)]
pub struct Tabs {
    pub order_entry: order_entry::OrderEntryTab,
    pub exceptions: exceptions::ExceptionsTab,
    pub stock: stock::StockTab,
    pub customers: customers::CustomersTab,
    pub invoices: invoices::InvoicesTab,
    pub reports: reports::ReportsTab,
}

impl Tabs {
    /// The view behind `tab`.
    pub fn view(&mut self, tab: Tab) -> &mut dyn TabView {
        match tab {
            Tab::OrderEntry => &mut self.order_entry,
            Tab::Exceptions => &mut self.exceptions,
            Tab::Stock => &mut self.stock,
            Tab::Customers => &mut self.customers,
            Tab::Invoices => &mut self.invoices,
            Tab::Reports => &mut self.reports,
        }
    }
}
