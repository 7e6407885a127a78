//! One place for the label of every enum a person sees — order and exception states, roles,
//! payment methods, root causes, departments — in both languages. The window, the apply layer's
//! messages, the CLI and the PDFs all take their wording from here, so a state never shows up
//! as its stored spelling (`awaiting_approval`) in a sentence. Only the wording lives here.

use super::{Lang, ui, ui_exceptions};
use crate::domain::{Department, ExceptionStatus, OrderStatus, PaymentMethod, Role, RootCause};

/// The name of an order state ("awaiting approval", "待审批").
pub fn order_status(status: OrderStatus, lang: Lang) -> &'static str {
    let text = match status {
        OrderStatus::AwaitingCorrection => ui::ST_AWAITING_CORRECTION,
        OrderStatus::AwaitingApproval => ui::ST_AWAITING_APPROVAL,
        OrderStatus::AwaitingRestock => ui::ST_AWAITING_RESTOCK,
        OrderStatus::Open => ui::ST_OPEN,
        OrderStatus::Confirmed => ui::ST_CONFIRMED,
        OrderStatus::PartiallyShipped => ui::ST_PARTIALLY_SHIPPED,
        OrderStatus::Shipped => ui::ST_SHIPPED,
        OrderStatus::Invoiced => ui::ST_INVOICED,
        OrderStatus::Paid => ui::ST_PAID,
        OrderStatus::Cancelled => ui::ST_CANCELLED,
    };
    text.get(lang)
}

/// The name of a payment method.
pub fn payment_method(method: PaymentMethod, lang: Lang) -> &'static str {
    let text = match method {
        PaymentMethod::Cash => ui::PAY_CASH,
        PaymentMethod::BankTransfer => ui::PAY_BANK,
        PaymentMethod::Wechat => ui::PAY_WECHAT,
        PaymentMethod::Alipay => ui::PAY_ALIPAY,
        PaymentMethod::Card => ui::PAY_CARD,
        PaymentMethod::Credit => ui::PAY_CREDIT,
        PaymentMethod::Cod => ui::PAY_COD,
    };
    text.get(lang)
}

/// The name of a role.
pub fn role(role: Role, lang: Lang) -> &'static str {
    let text = match role {
        Role::Owner => ui::ROLE_OWNER,
        Role::Manager => ui::ROLE_MANAGER,
        Role::Clerk => ui::ROLE_CLERK,
        Role::Warehouse => ui::ROLE_WAREHOUSE,
        Role::Bookkeeper => ui::ROLE_BOOKKEEPER,
    };
    text.get(lang)
}

/// The name of an exception state.
pub fn exception_status(status: ExceptionStatus, lang: Lang) -> &'static str {
    let text = match status {
        ExceptionStatus::Open => ui_exceptions::STATUS_OPEN,
        ExceptionStatus::InProgress => ui_exceptions::STATUS_IN_PROGRESS,
        ExceptionStatus::Resolved => ui_exceptions::STATUS_RESOLVED,
        ExceptionStatus::Waived => ui_exceptions::STATUS_WAIVED,
    };
    text.get(lang)
}

/// The name of a root cause.
pub fn root_cause(cause: RootCause, lang: Lang) -> &'static str {
    let text = match cause {
        RootCause::InputError => ui_exceptions::CAUSE_INPUT_ERROR,
        RootCause::MasterData => ui_exceptions::CAUSE_MASTER_DATA,
        RootCause::UnclearProcess => ui_exceptions::CAUSE_UNCLEAR_PROCESS,
        RootCause::NotInSync => ui_exceptions::CAUSE_NOT_IN_SYNC,
        RootCause::CustomerChange => ui_exceptions::CAUSE_CUSTOMER_CHANGE,
        RootCause::SupplierDelay => ui_exceptions::CAUSE_SUPPLIER_DELAY,
        RootCause::Other => ui_exceptions::CAUSE_OTHER,
    };
    text.get(lang)
}

/// The name of a department.
pub fn department(department: Department, lang: Lang) -> &'static str {
    let text = match department {
        Department::Sales => ui_exceptions::DEPT_SALES,
        Department::Warehouse => ui_exceptions::DEPT_WAREHOUSE,
        Department::Finance => ui_exceptions::DEPT_FINANCE,
    };
    text.get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_label_is_a_stored_spelling() {
        for status in OrderStatus::ALL {
            for lang in [Lang::En, Lang::Zh] {
                let label = order_status(*status, lang);
                assert!(!label.contains('_'), "{label}");
                if lang == Lang::Zh {
                    assert!(!label.is_ascii(), "{label} is not Chinese");
                }
            }
        }
        for status in [ExceptionStatus::Open, ExceptionStatus::InProgress, ExceptionStatus::Resolved, ExceptionStatus::Waived] {
            assert!(!exception_status(status, Lang::Zh).contains('_'));
        }
        for cause in RootCause::ALL {
            assert!(!root_cause(*cause, Lang::Zh).contains('_'));
        }
    }
}
