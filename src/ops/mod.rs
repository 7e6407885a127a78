//! The apply layer: every rule-bearing write, shared by the GUI's actions and the CLI. It checks
//! the acting user's role here (never only in the UI), runs the checks, decides states, and asks
//! the store to write each change in one transaction. Messages come back in the user's language.
//!
//! One file per kind of work: `orders` (typing to confirmation), `goods` (shipping, deliveries,
//! returns, stock), `money` (invoices, payments, refunds, voids), `inbox` (exception steps),
//! `house` (customers, products, settings, users, drafts, templates, restore, demo) and
//! `import`; this one holds the acting context, the errors and the bounds every write checks.

use crate::domain::bounds;
use crate::domain::checks::{Finding, run_checks, status_from_findings};
use crate::domain::money::{fmt_money, fmt_qty};
use crate::domain::order::{OrderInput, PriceFacts, PricedOrder, Totals, line_total, price_order, totals};
use crate::domain::{Code, ExceptionStatus, OrderStatus, Permission, Role, RootCause, Severity, permits};
use crate::i18n::{Lang, Tx, ops as text};
use crate::store::exceptions::{Detected, Exception, sync_tx};
use crate::store::invoices::{InvoiceHead, LineToInvoice};
use crate::store::orders::{Order, OrderWrite};
use crate::store::{self, Store};
use chrono::NaiveDate;
use rust_decimal::Decimal;

mod goods;
mod house;
mod import;
mod inbox;
mod money;
mod orders;

pub use goods::*;
pub use house::*;
pub use import::*;
pub use inbox::*;
pub use money::*;
pub use orders::*;

/// Who acts, when, and in which language messages are wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    pub user: String,
    pub role: Role,
    pub today: NaiveDate,
    /// The instant written into history rows (ISO 8601).
    pub now: String,
    pub lang: Lang,
}

/// Why an operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The role may not do this, or the state does not allow it: a clear sentence for the user.
    #[error("{0}")]
    Refused(String),
    /// Input the operation cannot take (exit code 2 in the CLI).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] store::Error),
}

impl Error {
    /// The error as the user reads it, in `lang` (refusals are already in it; see
    /// [`store::Error::say`] for the store's).
    pub fn say(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Error::Store(error) => error.say(lang),
            other => other.to_string(),
        }
    }
}

/// Result of an operation.
pub type Result<T> = std::result::Result<T, Error>;

impl Ctx {
    fn say(&self, tx: Tx, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        tx.fill(self.lang, args)
    }

    fn refuse(&self, tx: Tx, args: &[(&str, &dyn std::fmt::Display)]) -> Error {
        Error::Refused(self.say(tx, args))
    }

    /// Refuse `action` (a `DO_*` text) on an order whose state does not allow it, naming the
    /// order and its state.
    fn refuse_state(&self, order: &Order, action: Tx) -> Error {
        self.refuse(
            text::STATE_REFUSED,
            &[
                ("number", &order.number),
                ("status", &crate::i18n::labels::order_status(order.status, self.lang)),
                ("action", &action.get(self.lang)),
            ],
        )
    }

    /// Refuse unless the acting user's role permits `permission`.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if permits(self.role, permission) {
            return Ok(());
        }
        let action = action_text(permission);
        Err(self.refuse(
            text::FORBIDDEN,
            &[("user", &self.user), ("role", &crate::i18n::labels::role(self.role, self.lang)), ("action", &action.get(self.lang))],
        ))
    }
}

/// What a permission lets a person do, as the end of "… may not {action}".
pub fn action_text(permission: Permission) -> Tx {
    match permission {
        Permission::EnterOrders => text::ACT_ENTER_ORDERS,
        Permission::Approve => text::ACT_APPROVE,
        Permission::Waive => text::ACT_WAIVE,
        Permission::ChangeSettings => text::ACT_SETTINGS,
        Permission::ChangePrices => text::ACT_PRICES,
        Permission::ChangeCredit => text::ACT_CREDIT,
        Permission::ManageUsers => text::ACT_USERS,
        Permission::Ship => text::ACT_SHIP,
        Permission::MoveStock => text::ACT_STOCK,
        Permission::Invoice => text::ACT_INVOICE,
        Permission::RecordPayments => text::ACT_PAY,
        Permission::EditMasterData => text::ACT_MASTER,
        Permission::HandleExceptions | Permission::Print => text::ACT_ENTER_ORDERS,
    }
}

/// Build the acting context for `user` from the database (unknown users are refused).
pub fn ctx_for(store: &Store, user: &str, today: NaiveDate, now: String, lang: Lang) -> Result<Ctx> {
    match store.get_user(user)? {
        Some(found) if found.active => Ok(Ctx { user: found.name, role: found.role, today, now, lang }),
        _ => Err(Error::Refused(text::UNKNOWN_USER.fill(lang, &[("user", &user)]))),
    }
}

/// Refuse (exit 2) a number outside the domain's bounds, naming the field.
fn bounded(ctx: &Ctx, value: Decimal, kind: bounds::Kind, field: &str) -> Result<Decimal> {
    bounds::field(value, kind, field, ctx.lang).map_err(Error::Invalid)
}

/// [`bounded`] for a quantity of a product that may not be split.
fn bounded_for(ctx: &Ctx, value: Decimal, kind: bounds::Kind, divisible: bool, field: &str) -> Result<Decimal> {
    bounds::check_qty_for(value, kind, divisible)
        .map_err(|problem| Error::Invalid(format!("{field}: {}", problem.message(ctx.lang, value, kind))))
}
