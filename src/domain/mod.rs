//! Plain domain types and rules: money, orders, checks, roles, states. Pure: no egui, no
//! rusqlite, no printpdf, no clock and no I/O — everything time- or data-dependent is passed in.

pub mod barcode;
pub mod bounds;
pub mod checks;
pub mod dates;
pub mod master;
pub mod money;
pub mod order;
pub mod payments;
pub mod pinyin_key;
pub mod rng;
pub mod settings;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Implements `as_str`/`parse`/`ALL`/`Display` for a fieldless enum with snake_case spellings.
macro_rules! spelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in the database, the CLI and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parse the spelling of [`Self::as_str`].
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

spelled_enum!(
    /// What a user may do is decided by their role, in the apply layer.
    Role { Owner = "owner", Manager = "manager", Clerk = "clerk", Warehouse = "warehouse", Bookkeeper = "bookkeeper" }
);

spelled_enum!(
    /// How serious a finding or exception is.
    Severity { Block = "block", Warn = "warn", Info = "info" }
);

spelled_enum!(
    /// The life of an order (docs/cli.md "Order and invoice states").
    OrderStatus {
        AwaitingCorrection = "awaiting_correction",
        AwaitingApproval = "awaiting_approval",
        AwaitingRestock = "awaiting_restock",
        Open = "open",
        Confirmed = "confirmed",
        PartiallyShipped = "partially_shipped",
        Shipped = "shipped",
        Invoiced = "invoiced",
        Paid = "paid",
        Cancelled = "cancelled",
    }
);

impl OrderStatus {
    /// Before confirmation: the order may still be edited freely and its state follows its checks.
    pub fn is_pre_confirmation(self) -> bool {
        matches!(self, OrderStatus::AwaitingCorrection | OrderStatus::AwaitingApproval | OrderStatus::AwaitingRestock | OrderStatus::Open)
    }

    /// Confirmed and not yet fully shipped: its open quantities reserve stock.
    pub fn reserves_stock(self) -> bool {
        matches!(self, OrderStatus::Confirmed | OrderStatus::PartiallyShipped)
    }
}

spelled_enum!(
    /// How goods reach the customer.
    Delivery { Pickup = "pickup", Delivery = "delivery" }
);

spelled_enum!(
    /// Urgent orders go first in lists, the inbox and batch printing.
    Priority { Normal = "normal", Urgent = "urgent" }
);

spelled_enum!(
    /// How an order is (pre)paid or an invoice is settled.
    PaymentMethod {
        Cash = "cash",
        BankTransfer = "bank_transfer",
        Wechat = "wechat",
        Alipay = "alipay",
        Card = "card",
        Credit = "credit",
        Cod = "cod",
    }
);

spelled_enum!(
    /// Where an exception stands in its handling cycle.
    ExceptionStatus { Open = "open", InProgress = "in_progress", Resolved = "resolved", Waived = "waived" }
);

spelled_enum!(
    /// Why a problem happened, recorded when it is resolved, so the shop can learn from it.
    RootCause {
        InputError = "input_error",
        MasterData = "master_data",
        UnclearProcess = "unclear_process",
        NotInSync = "not_in_sync",
        CustomerChange = "customer_change",
        SupplierDelay = "supplier_delay",
        Other = "other",
    }
);

spelled_enum!(
    /// The team whose queue an exception lands in.
    Department { Sales = "sales", Warehouse = "warehouse", Finance = "finance" }
);

spelled_enum!(
    /// Every check and scan code of docs/cli.md.
    Code {
        EmptyOrder = "EMPTY_ORDER",
        CustomerMissing = "CUSTOMER_MISSING",
        CustomerUnknown = "CUSTOMER_UNKNOWN",
        CustomerBlocked = "CUSTOMER_BLOCKED",
        CustomerIncomplete = "CUSTOMER_INCOMPLETE",
        ProductUnknown = "PRODUCT_UNKNOWN",
        ProductInactive = "PRODUCT_INACTIVE",
        QtyInvalid = "QTY_INVALID",
        QtyUnusual = "QTY_UNUSUAL",
        PriceMismatch = "PRICE_MISMATCH",
        PriceBelowFloor = "PRICE_BELOW_FLOOR",
        PriceAboveLast = "PRICE_ABOVE_LAST",
        DiscountNotApplied = "DISCOUNT_NOT_APPLIED",
        DiscountTooHigh = "DISCOUNT_TOO_HIGH",
        LineTotalMismatch = "LINE_TOTAL_MISMATCH",
        DateInvalid = "DATE_INVALID",
        DateUnusual = "DATE_UNUSUAL",
        DuplicateOrder = "DUPLICATE_ORDER",
        StockShort = "STOCK_SHORT",
        CreditLimitExceeded = "CREDIT_LIMIT_EXCEEDED",
        OverdueBalance = "OVERDUE_BALANCE",
        PaymentInfoMissing = "PAYMENT_INFO_MISSING",
        PaymentAmountMismatch = "PAYMENT_AMOUNT_MISMATCH",
        ReviewRequired = "REVIEW_REQUIRED",
        OrderNotConfirmed = "ORDER_NOT_CONFIRMED",
        OrderNotShipped = "ORDER_NOT_SHIPPED",
        InvoiceNotIssued = "INVOICE_NOT_ISSUED",
        InvoiceMismatch = "INVOICE_MISMATCH",
        InvoiceOverdue = "INVOICE_OVERDUE",
        PaymentUnmatched = "PAYMENT_UNMATCHED",
        StockOutOfSync = "STOCK_OUT_OF_SYNC",
        StockBelowReorder = "STOCK_BELOW_REORDER",
        DeliveryNotConfirmed = "DELIVERY_NOT_CONFIRMED",
        CustomerComplaint = "CUSTOMER_COMPLAINT",
    }
);

impl Code {
    /// The live checks, in the order they are reported.
    pub fn live_checks() -> &'static [Code] {
        &Code::ALL[..24]
    }

    /// Background scan codes.
    pub fn scans() -> &'static [Code] {
        &Code::ALL[24..33]
    }

    /// The default severity and whether an owner/manager may approve it.
    pub fn default_rule(self) -> (Severity, bool) {
        use Code::*;
        match self {
            EmptyOrder | CustomerMissing | CustomerUnknown | CustomerBlocked | ProductUnknown | ProductInactive | QtyInvalid
            | LineTotalMismatch | DateInvalid | PaymentInfoMissing => (Severity::Block, false),
            PriceMismatch | PriceBelowFloor | DiscountTooHigh | CreditLimitExceeded | ReviewRequired => (Severity::Block, true),
            CustomerIncomplete
            | QtyUnusual
            | PriceAboveLast
            | DiscountNotApplied
            | DateUnusual
            | DuplicateOrder
            | StockShort
            | OverdueBalance
            | PaymentAmountMismatch => (Severity::Warn, false),
            OrderNotConfirmed | OrderNotShipped | InvoiceNotIssued | InvoiceMismatch | InvoiceOverdue | PaymentUnmatched
            | StockOutOfSync | DeliveryNotConfirmed | CustomerComplaint => (Severity::Warn, false),
            StockBelowReorder => (Severity::Info, false),
        }
    }

    /// The queue an exception with this code lands in.
    pub fn department(self) -> Department {
        use Code::*;
        match self {
            StockShort | OrderNotShipped | StockOutOfSync | StockBelowReorder | DeliveryNotConfirmed => Department::Warehouse,
            CreditLimitExceeded
            | OverdueBalance
            | PaymentInfoMissing
            | PaymentAmountMismatch
            | InvoiceNotIssued
            | InvoiceMismatch
            | InvoiceOverdue
            | PaymentUnmatched => Department::Finance,
            _ => Department::Sales,
        }
    }
}

/// A severity as configured by the owner: a check may also be switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Severity(Severity),
    Off,
}

impl RuleSetting {
    /// Parse `block`, `warn`, `info` or `off`.
    pub fn parse(text: &str) -> Option<RuleSetting> {
        match text {
            "off" => Some(RuleSetting::Off),
            other => Severity::parse(other).map(RuleSetting::Severity),
        }
    }
}

impl Role {
    /// May approve blocks, waive exceptions and change settings.
    pub fn is_manager(self) -> bool {
        matches!(self, Role::Owner | Role::Manager)
    }
}

/// An action refused for the acting user's role; the apply layer returns it, the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forbidden {
    pub user: String,
    pub role: Role,
    pub action: &'static str,
}

/// Decide whether `role` may perform `permission`. The single place where roles gate actions.
pub fn permits(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match permission {
        EnterOrders => matches!(role, Role::Owner | Role::Manager | Role::Clerk),
        Approve | Waive | ChangeSettings | ChangePrices | ChangeCredit => role.is_manager(),
        ManageUsers => role == Role::Owner,
        Ship | MoveStock => matches!(role, Role::Owner | Role::Manager | Role::Warehouse),
        Invoice | RecordPayments => matches!(role, Role::Owner | Role::Manager | Role::Bookkeeper),
        EditMasterData => matches!(role, Role::Owner | Role::Manager | Role::Clerk),
        HandleExceptions | Print => true,
    }
}

/// What an action needs. See [`permits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    EnterOrders,
    Approve,
    Waive,
    ChangeSettings,
    ChangePrices,
    ChangeCredit,
    ManageUsers,
    Ship,
    MoveStock,
    Invoice,
    RecordPayments,
    EditMasterData,
    HandleExceptions,
    Print,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_split_live_and_scan() {
        assert_eq!(Code::live_checks().len(), 24);
        assert_eq!(Code::live_checks()[23], Code::ReviewRequired);
        assert_eq!(Code::scans()[0], Code::OrderNotConfirmed);
        assert_eq!(Code::scans()[7], Code::StockBelowReorder);
        assert_eq!(Code::scans()[8], Code::DeliveryNotConfirmed);
    }

    #[test]
    fn spellings_round_trip() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(*status));
        }
    }

    #[test]
    fn roles_gate_actions() {
        assert!(!permits(Role::Clerk, Permission::Approve));
        assert!(!permits(Role::Warehouse, Permission::EnterOrders));
        assert!(!permits(Role::Bookkeeper, Permission::Ship));
        assert!(!permits(Role::Manager, Permission::ManageUsers));
        assert!(permits(Role::Owner, Permission::ManageUsers));
        assert!(permits(Role::Manager, Permission::Approve));
    }
}
