//! The egui front end: one file per tab plus shared widgets. A tab keeps its own cached rows
//! (reloaded only when the data generation changes, never queried every frame), draws from them
//! and from the read-only store, and pushes [`Action`]s; it never writes to the store itself.

pub mod audit;
pub mod customers;
pub mod exceptions;
pub mod invoices;
pub mod order_entry;
pub mod reports;
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
    pub store: &'a Store,
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
                ("role", &crate::app::role_text(self.role, self.lang)),
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

impl Tab {
    /// Every tab, in tab-bar order.
    pub const ALL: [Tab; 6] = [Tab::OrderEntry, Tab::Exceptions, Tab::Stock, Tab::Customers, Tab::Invoices, Tab::Reports];

    /// The tab's label.
    pub fn title(self) -> Tx {
        use crate::i18n::ui as t;
        match self {
            Tab::OrderEntry => t::TAB_ORDERS,
            Tab::Exceptions => t::TAB_EXCEPTIONS,
            Tab::Stock => t::TAB_STOCK,
            Tab::Customers => t::TAB_CUSTOMERS,
            Tab::Invoices => t::TAB_INVOICES,
            Tab::Reports => t::TAB_REPORTS,
        }
    }
}
