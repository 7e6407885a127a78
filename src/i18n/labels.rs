//! One place for the label of every enum a person sees — order and exception states, roles,
//! payment methods, root causes, departments — in both languages. The window, the apply layer's
//! messages, the CLI and the PDFs all take their wording from here, so a state never shows up
//! as its stored spelling (`awaiting_approval`) in a sentence. Only the wording lives here.

use super::{Lang, ui, ui_exceptions};
use crate::domain::{Code, Department, ExceptionStatus, OrderStatus, PaymentMethod, Role, RootCause};

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

/// An order state as a table cell or a list shows it, with a capital in English ("Awaiting
/// approval"); sentences use [`order_status`].
pub fn order_status_title(status: OrderStatus, lang: Lang) -> String {
    let text = order_status(status, lang);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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

/// The short title of a check or scan code ("Over credit limit", "超出信用额度"): what the window
/// shows instead of the code itself (the code stays in the CLI, JSON and hover text).
pub fn code_title(code: Code, lang: Lang) -> &'static str {
    let (en, zh) = match code {
        Code::EmptyOrder => ("No lines", "订单无明细"),
        Code::CustomerMissing => ("No customer", "未选客户"),
        Code::CustomerUnknown => ("Unknown customer", "客户不存在"),
        Code::CustomerBlocked => ("Customer blocked", "客户已停用"),
        Code::CustomerIncomplete => ("Customer details incomplete", "客户资料不全"),
        Code::ProductUnknown => ("Unknown product", "商品不存在"),
        Code::ProductInactive => ("Product discontinued", "商品已停售"),
        Code::QtyInvalid => ("Invalid quantity", "数量无效"),
        Code::QtyUnusual => ("Unusual quantity", "数量异常"),
        Code::PriceMismatch => ("Price differs", "价格不符"),
        Code::PriceBelowFloor => ("Price below minimum", "低于最低价"),
        Code::PriceAboveLast => ("Price above last time", "高于上次成交价"),
        Code::DiscountNotApplied => ("Discount not applied", "未给协议折扣"),
        Code::DiscountTooHigh => ("Discount too high", "折扣过高"),
        Code::LineTotalMismatch => ("Line total wrong", "行金额不符"),
        Code::DateInvalid => ("Invalid date", "日期无效"),
        Code::DateUnusual => ("Unusual date", "日期异常"),
        Code::DuplicateOrder => ("Possible duplicate", "疑似重复订单"),
        Code::StockShort => ("Stock short", "库存不足"),
        Code::CreditLimitExceeded => ("Over credit limit", "超出信用额度"),
        Code::OverdueBalance => ("Overdue balance", "有逾期欠款"),
        Code::PaymentInfoMissing => ("Payment details missing", "付款信息缺失"),
        Code::PaymentAmountMismatch => ("Prepayment differs", "预付金额不符"),
        Code::ReviewRequired => ("Needs review", "需要复核"),
        Code::OrderNotConfirmed => ("Order not confirmed", "订单未确认"),
        Code::OrderNotShipped => ("Order not shipped", "订单未发货"),
        Code::InvoiceNotIssued => ("Invoice not issued", "未开发票"),
        Code::InvoiceMismatch => ("Invoice differs", "发票金额不符"),
        Code::InvoiceOverdue => ("Invoice overdue", "发票逾期"),
        Code::PaymentUnmatched => ("Overpayment", "多收款项"),
        Code::StockOutOfSync => ("Stock out of sync", "库存账实不符"),
        Code::StockBelowReorder => ("Below reorder point", "低于补货点"),
        Code::DeliveryNotConfirmed => ("Signed slip not back", "回单未返回"),
        Code::CustomerComplaint => ("Customer complaint", "客户投诉"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// [`code_title`] for a stored code, falling back to the code for one this build does not know.
pub fn code_title_of(code: &str, lang: Lang) -> String {
    Code::parse(code).map_or_else(|| code.to_string(), |known| code_title(known, lang).to_string())
}

/// The name of a step in an order's history (`created`, `shipped`, …); an unknown one as stored.
pub fn order_event(kind: &str, lang: Lang) -> &str {
    let (en, zh) = match kind {
        "created" => ("created", "创建"),
        "edited" => ("edited", "修改"),
        "amended" => ("amended", "变更"),
        "approved" => ("approved", "审批"),
        "confirmed" => ("confirmed", "确认"),
        "cancelled" => ("cancelled", "取消"),
        "shipped" => ("shipped", "发货"),
        "delivered" => ("delivered", "签收"),
        "returned" => ("returned", "退货"),
        "invoiced" => ("invoiced", "开票"),
        "invoice_void" => ("invoice voided", "发票作废"),
        "payment" => ("payment", "收款"),
        "refund" => ("refund", "退款"),
        "printed" => ("printed", "打印"),
        "rechecked" => ("rechecked", "复查"),
        other => return other,
    };
    if lang == Lang::Zh { zh } else { en }
}

/// What an audit entry's action says, as people say it: the verbs kaidan writes (`approve`,
/// `void`, `set PIN`, a stock movement's kind before its reference …) named in `lang`, any
/// text a person typed after them kept as typed.
pub fn audit_action(action: &str, lang: Lang) -> String {
    let whole = |en: &str, zh: &str| if lang == Lang::Zh { zh.to_string() } else { en.to_string() };
    match action {
        "set PIN" => return whole("set PIN", "设置 PIN 码"),
        "remove PIN" => return whole("removed PIN", "删除 PIN 码"),
        _ => {}
    }
    let (head, rest) = action.split_once(' ').unwrap_or((action, ""));
    let (en, zh) = match head {
        "create" => ("created", "新建"),
        "update" => ("changed", "修改"),
        "edited" => ("edited", "修改"),
        "amended" => ("amended", "变更"),
        "approve" => ("approved", "审批"),
        "confirm" => ("confirmed", "确认"),
        "cancel" => ("cancelled", "取消"),
        "ship" => ("shipped", "发货"),
        "issue" => ("invoiced", "开票"),
        "payment" => ("payment", "收款"),
        "refund" => ("refund", "退款"),
        "void" => ("voided", "作废"),
        "return" => ("returned", "退货"),
        "fill" => ("filled", "生成"),
        "set" => ("set", "设置"),
        "agreed_price" => ("agreed price", "协议价"),
        "import" => ("imported", "导入"),
        "opening" => ("opening stock", "期初库存"),
        "receipt" => ("received", "入库"),
        "adjustment" => ("corrected", "调整"),
        "count" => ("counted", "盘点"),
        "shipment" => ("shipped", "发货"),
        "opened" => ("opened", "开启"),
        "assigned" => ("assigned", "指派"),
        "commented" | "comment" => ("comment", "备注"),
        "started" => ("started", "开始处理"),
        "resolved" => ("resolved", "已解决"),
        "waived" => ("waived", "已豁免"),
        _ => return action.to_string(),
    };
    let named = if lang == Lang::Zh { zh } else { en };
    if rest.is_empty() { named.to_string() } else { format!("{named} {rest}") }
}

/// A stored history detail with every order state named as people say it (`awaiting_restock →
/// open` becomes `待补货 → 待确认`); the rest stays as stored.
pub fn order_history_detail(detail: &str, lang: Lang) -> String {
    let mut text = detail.to_string();
    // Longest spellings first, so `partially_shipped` is not half-replaced as `shipped`.
    let mut states: Vec<&OrderStatus> = OrderStatus::ALL.iter().collect();
    states.sort_by_key(|state| std::cmp::Reverse(state.as_str().len()));
    for state in states {
        let (stored, said) = (state.as_str(), order_status(*state, lang));
        if stored.contains('_') {
            text = text.replace(stored, said);
        } else if lang == Lang::Zh {
            // A one-word state only where kaidan wrote it (`status=open`, `open → …`, `… → open`),
            // never inside a person's reason.
            for (from, to) in [
                (format!("={stored};"), format!("={said};")),
                (format!("{stored} →"), format!("{said} →")),
                (format!("→ {stored}"), format!("→ {said}")),
            ] {
                text = text.replace(&from, &to);
            }
            if text.ends_with(&format!("={stored}")) {
                text = format!("{}={said}", &text[..text.len() - stored.len() - 1]);
            }
        }
    }
    text
}

/// The sentences kaidan writes into an exception's history (stored once, in English, so the
/// log reads the same for everyone), said in `lang`. Free text a person typed (a reason, a
/// comment, a corrective action) stays as typed.
pub fn history_detail(detail: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    const FIXED: &[(&str, &str)] = &[
        ("condition cleared: the order was corrected", "条件已消除：订单已更正"),
        ("condition cleared: found fixed on recheck", "条件已消除：复查时已不存在"),
        ("condition cleared: the order was confirmed or cancelled", "条件已消除：订单已确认或取消"),
        ("condition cleared: the order was shipped, re-dated or cancelled", "条件已消除：订单已发货、改期或取消"),
        ("condition cleared: the shipped goods were invoiced", "条件已消除：已发货物已开票"),
        ("condition cleared: the invoice now matches the shipped lines", "条件已消除：发票与发货明细已一致"),
        ("condition cleared: the invoice was paid", "条件已消除：发票已付清"),
        ("condition cleared: the payments no longer exceed the invoice", "条件已消除：收款不再超过发票金额"),
        ("condition cleared: on hand matches the ledger again", "条件已消除：库存与台账重新一致"),
        ("condition cleared: stock arrived", "条件已消除：货已到"),
        ("condition cleared", "条件已消除"),
    ];
    if let Some((_, zh)) = FIXED.iter().find(|(en, _)| *en == detail) {
        return (*zh).to_string();
    }
    if let Some(rest) = detail.strip_prefix("approved by ")
        && let Some((user, reason)) = rest.split_once(": ")
    {
        return format!("已由 {user} 审批：{reason}");
    }
    if let Some(rest) = detail.strip_prefix("order cancelled by ")
        && let Some((user, reason)) = rest.split_once(": ")
    {
        return format!("订单已由 {user} 取消：{reason}");
    }
    if let Some(user) = detail.strip_prefix("accepted when ").and_then(|rest| rest.strip_suffix(" confirmed the order")) {
        return format!("{user} 确认订单时已接受");
    }
    if let Some(rest) = detail.strip_prefix("cause: ") {
        let (cause, action) = rest.split_once("; action: ").unwrap_or((rest, ""));
        let (cause, note) = match cause.split_once(" (") {
            Some((cause, note)) => (cause, format!("（{}）", note.trim_end_matches(')'))),
            None => (cause, String::new()),
        };
        let cause = RootCause::parse(cause).map_or(cause.to_string(), |known| root_cause(known, lang).to_string());
        return format!("原因：{cause}{note}；措施：{action}");
    }
    detail.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_in_a_table_starts_with_a_capital() {
        assert_eq!(order_status_title(OrderStatus::AwaitingApproval, Lang::En), "Awaiting approval");
        assert_eq!(order_status_title(OrderStatus::AwaitingApproval, Lang::Zh), "待审批");
        assert_eq!(order_status(OrderStatus::AwaitingApproval, Lang::En), "awaiting approval", "sentences keep the small letter");
    }

    #[test]
    fn every_audit_action_kaidan_writes_has_a_chinese_name() {
        for action in [
            "create",
            "update",
            "approve",
            "confirm",
            "cancel",
            "ship",
            "issue",
            "payment",
            "refund",
            "void",
            "return",
            "fill",
            "set",
            "agreed_price",
            "import",
            "receipt PO-7",
            "adjustment breakage",
            "count",
            "set PIN",
            "remove PIN",
            "assigned",
            "started",
            "resolved",
            "waived",
            "edited",
            "amended",
        ] {
            let zh = audit_action(action, Lang::Zh);
            assert!(!zh.starts_with(action.split(' ').next().unwrap_or(action)), "{action} → {zh}");
        }
        assert_eq!(audit_action("receipt PO-7", Lang::Zh), "入库 PO-7", "what a person typed stays");
    }

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
        for code in Code::ALL {
            assert!(!code_title(*code, Lang::Zh).is_ascii(), "{code}");
            assert!(!code_title(*code, Lang::En).contains('_'), "{code}");
        }
        assert_eq!(history_detail("condition cleared: the invoice was paid", Lang::Zh), "条件已消除：发票已付清");
        assert_eq!(
            order_history_detail("awaiting_restock → open", Lang::Zh),
            format!("{} → {}", order_status(OrderStatus::AwaitingRestock, Lang::Zh), order_status(OrderStatus::Open, Lang::Zh))
        );
        assert_eq!(order_history_detail("reason: please open the box", Lang::Zh), "reason: please open the box");
        assert_eq!(order_history_detail("awaiting_restock → open", Lang::En), "awaiting restock → open");
        assert_eq!(history_detail("approved by li: regular customer", Lang::Zh), "已由 li 审批：regular customer");
        assert_eq!(
            history_detail("cause: input_error (typo); action: fixed the qty", Lang::Zh),
            "原因：录入错误（typo）；措施：fixed the qty"
        );
        assert_eq!(history_detail("cause: input_error; action: fixed", Lang::En), "cause: input_error; action: fixed");
        for cause in RootCause::ALL {
            assert!(!root_cause(*cause, Lang::Zh).contains('_'));
        }
    }
}
