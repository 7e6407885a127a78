//! Every user intent that changes something, as data. Tabs push actions; `App` applies them
//! once per frame after the panels are drawn, through the same `ops` functions the CLI uses.

use crate::documents::DocKind;
use crate::domain::master::{Customer, Product};
use crate::domain::order::OrderInput;
use crate::domain::{Code, PaymentMethod, Role};
use crate::i18n::Lang;
use crate::ops::Handle;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// How an action pushed by a view ended, for that view: it keeps what was typed until the
/// answer, clears it when the action was done, and leaves it to be put right when refused.
#[derive(Debug, Clone, Default)]
pub struct Outcome(std::sync::Arc<std::sync::atomic::AtomicU8>);

impl Outcome {
    const WAITING: u8 = 0;
    const DONE: u8 = 1;
    const REFUSED: u8 = 2;

    /// Said once the action ran; the first answer stands.
    pub fn tell(&self, done: bool) {
        let answer = if done { Outcome::DONE } else { Outcome::REFUSED };
        let _ =
            self.0.compare_exchange(Outcome::WAITING, answer, std::sync::atomic::Ordering::AcqRel, std::sync::atomic::Ordering::Acquire);
    }

    /// None while waiting; then whether it was done.
    pub fn answer(&self) -> Option<bool> {
        match self.0.load(std::sync::atomic::Ordering::Acquire) {
            Outcome::WAITING => None,
            state => Some(state == Outcome::DONE),
        }
    }

    /// The answer's guard for the code that runs the action: told there, or "refused" when it is
    /// dropped untold (the write was lost: a panic, a store that would not open, a damaged file),
    /// so a view never waits forever.
    pub fn guard(self) -> OutcomeGuard {
        OutcomeGuard(self)
    }
}

/// See [`Outcome::guard`].
#[derive(Debug)]
pub struct OutcomeGuard(Outcome);

impl OutcomeGuard {
    pub fn tell(&self, done: bool) {
        self.0.tell(done);
    }
}

impl Drop for OutcomeGuard {
    fn drop(&mut self) {
        self.0.tell(false);
    }
}

/// A user intent.
#[derive(Debug, Clone)]
pub enum Action {
    SubmitOrder(OrderInput),
    UpdateOrder {
        number: String,
        input: OrderInput,
        version: i64,
        reason: String,
    },
    /// Split a line's short quantity off into a backorder: the original (a saved order's number
    /// and version, or None for an unsaved form) keeps `kept`; `kept_form` is the form to show
    /// afterwards when the original was not saved.
    SplitBackorder {
        original: Option<(String, i64)>,
        kept: OrderInput,
        backorder: OrderInput,
    },
    /// Keep the acting user's draft in `slot` (a form's typing, kept across restarts and
    /// crashes); no body clears it.
    KeepDraft {
        slot: &'static str,
        body: Option<String>,
    },
    /// Set a user's PIN (one's own, or anyone's as the owner: a reset).
    SetPin {
        name: String,
        pin: String,
    },
    ConfirmOrder(String),
    ApproveOrder {
        number: String,
        reason: String,
        code: Option<Code>,
    },
    CancelOrder {
        number: String,
        reason: String,
    },
    ShipOrder {
        number: String,
        lines: Vec<(String, Decimal)>,
    },
    /// Load an order into the order entry tab (to view, edit or amend it).
    OpenOrder(String),
    /// Copy an order's lines into a new draft (repeat order).
    CopyOrder(String),
    RecordDelivery {
        shipment: String,
        on: chrono::NaiveDate,
        received_by: String,
        /// Told how it ended, for a view that keeps what was typed until then.
        outcome: Option<Outcome>,
    },
    RecordReturn {
        number: String,
        lines: Vec<(String, Decimal)>,
        reason: String,
    },
    IssueInvoice(String),
    IssueInvoices(Vec<String>),
    VoidInvoice {
        number: String,
        reason: String,
    },
    /// Money given back on an invoice (at most what was paid on it).
    Refund {
        invoice: String,
        amount: Decimal,
        method: PaymentMethod,
        reason: String,
    },
    /// A customer's statement for a period written to a file (PDF, XLSX or CSV by extension).
    WriteStatement {
        customer: String,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        path: std::path::PathBuf,
    },
    /// The month-end run of statements: every customer with something to say, as one PDF or a
    /// folder of files.
    WriteMonthEnd {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        target: crate::statements::MonthEnd,
    },
    /// A deposit (订金) taken on an order.
    TakeDeposit {
        number: String,
        amount: Decimal,
        method: PaymentMethod,
        reference: String,
    },
    /// Money of an order's unapplied deposit given back.
    RefundDeposit {
        number: String,
        amount: Decimal,
        method: PaymentMethod,
        reason: String,
    },
    RecordPayment {
        invoice: String,
        amount: Decimal,
        method: PaymentMethod,
        reference: String,
    },
    /// One payment spread over several invoices: all shares are recorded, or none.
    RecordPayments {
        shares: Vec<(String, Decimal)>,
        method: PaymentMethod,
        reference: String,
    },
    Receive {
        sku: String,
        qty: Decimal,
        receipt: crate::ops::Receipt,
    },
    Adjust {
        sku: String,
        qty: Decimal,
        reason: String,
    },
    BookCount(Vec<(String, Decimal)>),
    SaveCustomer(Customer),
    SetCustomerBlocked {
        code: String,
        blocked: bool,
        reason: String,
    },
    ArchiveCustomer {
        code: String,
        archived: bool,
    },
    SetAgreedPrice {
        customer_id: i64,
        sku: String,
        price: Option<Decimal>,
    },
    SaveProduct {
        product: Product,
        opening_stock: Decimal,
    },
    HandleException {
        id: i64,
        step: Handle,
    },
    LogComplaint {
        number: String,
        text: String,
    },
    RunScans,
    /// Save the order form as a named template.
    SetTemplate {
        name: String,
        body: String,
    },
    Print {
        kind: DocKind,
        numbers: Vec<String>,
        path: PathBuf,
    },
    Export {
        kind: crate::exports::List,
        path: PathBuf,
    },
    /// A view's table as shown (ageing, reconciliation, a report), written to `path`.
    ExportTable {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        path: PathBuf,
    },
    Import {
        kind: crate::tabular::Master,
        path: PathBuf,
    },
    SetSetting {
        key: String,
        value: String,
    },
    AddUser {
        name: String,
        role: Role,
        pin: String,
    },
    SwitchUser {
        name: String,
        pin: String,
    },
    SetLanguage(Lang),
    SetDarkMode(bool),
    StartOwnShop,
    Backup {
        path: PathBuf,
    },
    Restore {
        path: PathBuf,
    },
}

#[cfg(test)]
mod outcome_tests {
    use super::Outcome;

    /// A view's wait always ends: told by the write, or "refused" when the write's answer was
    /// dropped untold (the writer could not open the store, or the write panicked).
    #[test]
    fn a_views_wait_always_ends() {
        let view = Outcome::default();
        let guard = view.clone().guard();
        let then: Box<dyn FnOnce(bool)> = Box::new(move |done| guard.tell(done));
        assert_eq!(view.answer(), None, "waiting");
        then(true);
        assert_eq!(view.answer(), Some(true), "told, and the guard's drop after it changes nothing");

        let view = Outcome::default();
        let guard = view.clone().guard();
        let then: Box<dyn FnOnce(bool)> = Box::new(move |done| guard.tell(done));
        drop(then);
        assert_eq!(view.answer(), Some(false), "dropped untold: refused");

        let view = Outcome::default();
        let guard = view.clone().guard();
        let lost = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let _held = guard;
            panic!("a write that panics");
        }));
        assert!(lost.is_err());
        assert_eq!(view.answer(), Some(false), "lost to a panic: refused");
    }
}
