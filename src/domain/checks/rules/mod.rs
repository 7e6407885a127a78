//! One small pure function per live check code (`check_<code>`), each returning its findings.
//! The registry in `mod.rs` runs them all; tests below give each one a case that fires, one that
//! must not, and an edge.

use super::{CheckContext, Finding, Message, ProductFacts, median};
use crate::domain::money::{fmt_money, fmt_qty, round_cents};
use crate::domain::order::{PricedLine, PricedOrder, net_unit_price};
use crate::domain::{Code, Delivery, PaymentMethod};
use crate::i18n::Tx;
use crate::i18n::checks as text;
use rust_decimal::Decimal;
use std::collections::HashMap;

type Check = fn(&PricedOrder, &CheckContext) -> Vec<Finding>;

/// Every live check, in the order docs/cli.md lists them.
const CHECKS: &[Check] = &[
    check_empty_order,
    check_customer,
    check_customer_incomplete,
    check_products,
    check_qty_invalid,
    check_qty_unusual,
    check_price_mismatch,
    check_price_below_floor,
    check_price_above_last,
    check_discount_not_applied,
    check_discount_too_high,
    check_line_total_mismatch,
    check_date_invalid,
    check_date_unusual,
    check_duplicate_order,
    check_stock_short,
    check_credit_limit_exceeded,
    check_overdue_balance,
    check_payment_info_missing,
    check_payment_amount_mismatch,
    check_review_required,
];

pub(super) fn all(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    CHECKS.iter().flat_map(|check| check(order, context)).collect()
}

fn finding(code: Code, field: &'static str, line: Option<usize>, text: Tx, args: Vec<(&'static str, String)>) -> Finding {
    let (severity, approvable) = code.default_rule();
    Finding { code, severity, approvable, field, line, message: Message { text, args }, owner_only: false }
}

/// Lines whose product is known, with its facts.
fn known_lines<'a>(order: &'a PricedOrder, context: &'a CheckContext) -> impl Iterator<Item = (&'a PricedLine, &'a ProductFacts)> {
    order.lines.iter().filter_map(|line| context.products.get(&line.sku).map(|product| (line, product)))
}

fn check_empty_order(order: &PricedOrder, _: &CheckContext) -> Vec<Finding> {
    if order.lines.is_empty() { vec![finding(Code::EmptyOrder, "lines", None, text::EMPTY_ORDER, vec![])] } else { vec![] }
}

/// CUSTOMER_MISSING, CUSTOMER_UNKNOWN and CUSTOMER_BLOCKED: at most one of them applies.
fn check_customer(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    if order.customer.is_empty() {
        return vec![finding(Code::CustomerMissing, "customer", None, text::CUSTOMER_MISSING, vec![])];
    }
    match &context.customer {
        None => vec![finding(Code::CustomerUnknown, "customer", None, text::CUSTOMER_UNKNOWN, vec![("code", order.customer.clone())])],
        Some(customer) if customer.blocked => vec![finding(
            Code::CustomerBlocked,
            "customer",
            None,
            text::CUSTOMER_BLOCKED,
            vec![("name", customer.name.clone()), ("reason", customer.blocked_reason.clone())],
        )],
        Some(_) => vec![],
    }
}

fn check_customer_incomplete(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let Some(customer) = &context.customer else { return vec![] };
    let mut missing = vec![];
    if customer.phone.trim().is_empty() {
        missing.push(text::NO_PHONE);
    }
    if order.delivery == Delivery::Delivery && customer.address.trim().is_empty() {
        missing.push(text::NO_ADDRESS);
    }
    missing
        .into_iter()
        .map(|what| finding(Code::CustomerIncomplete, "customer", None, what, vec![("name", customer.name.clone())]))
        .collect()
}

/// PRODUCT_UNKNOWN and PRODUCT_INACTIVE, one per line.
fn check_products(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    order
        .lines
        .iter()
        .filter_map(|line| match context.products.get(&line.sku) {
            None => Some(finding(
                Code::ProductUnknown,
                "sku",
                Some(line.line_no),
                if line.sku.is_empty() { text::PRODUCT_EMPTY } else { text::PRODUCT_UNKNOWN },
                vec![("sku", line.sku.clone())],
            )),
            Some(product) if !product.active => Some(finding(
                Code::ProductInactive,
                "sku",
                Some(line.line_no),
                text::PRODUCT_INACTIVE,
                vec![("sku", line.sku.clone()), ("name", product.name.clone())],
            )),
            Some(_) => None,
        })
        .collect()
}

fn check_qty_invalid(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    order
        .lines
        .iter()
        .filter_map(|line| {
            if line.qty <= Decimal::ZERO {
                return Some(finding(
                    Code::QtyInvalid,
                    "qty",
                    Some(line.line_no),
                    text::QTY_NOT_POSITIVE,
                    vec![("qty", fmt_qty(line.qty))],
                ));
            }
            let product = context.products.get(&line.sku)?;
            (!product.divisible && !line.qty.fract().is_zero()).then(|| {
                finding(
                    Code::QtyInvalid,
                    "qty",
                    Some(line.line_no),
                    text::QTY_NOT_WHOLE,
                    vec![("qty", fmt_qty(line.qty)), ("unit", product.unit.clone()), ("sku", line.sku.clone())],
                )
            })
        })
        .collect()
}

fn check_qty_unusual(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let factor = context.settings.unusual_qty_factor;
    known_lines(order, context)
        .filter_map(|(line, product)| {
            let (typical, whose) = if product.customer_history.len() >= 3 {
                (median(&product.customer_history)?, text::HISTORY_CUSTOMER)
            } else if product.product_history.len() >= 3 {
                (median(&product.product_history)?, text::HISTORY_ALL)
            } else {
                return None;
            };
            (line.qty > typical * factor).then(|| {
                finding(
                    Code::QtyUnusual,
                    "qty",
                    Some(line.line_no),
                    text::QTY_UNUSUAL,
                    vec![
                        ("qty", fmt_qty(line.qty)),
                        ("unit", product.unit.clone()),
                        ("typical", fmt_qty(typical)),
                        ("whose", whose.en.to_string()),
                        ("whose_zh", whose.zh.to_string()),
                        ("factor", fmt_qty(factor)),
                    ],
                )
            })
        })
        .collect()
}

/// The known lines that carry a price: gifts are free by design, so the price and discount
/// checks leave them out.
fn priced_lines<'a>(order: &'a PricedOrder, context: &'a CheckContext) -> impl Iterator<Item = (&'a PricedLine, &'a ProductFacts)> {
    known_lines(order, context).filter(|(line, _)| !line.gift)
}

fn reference_price(product: &ProductFacts) -> Decimal {
    product.agreed_price.unwrap_or(product.price)
}

fn check_price_mismatch(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let tolerance = context.settings.price_tolerance_pct;
    priced_lines(order, context)
        .filter_map(|(line, product)| {
            let reference = reference_price(product);
            let allowed = reference * tolerance / Decimal::ONE_HUNDRED;
            ((line.unit_price - reference).abs() > allowed).then(|| {
                let which = if product.agreed_price.is_some() { text::PRICE_AGREED } else { text::PRICE_CATALOGUE };
                finding(
                    Code::PriceMismatch,
                    "unit_price",
                    Some(line.line_no),
                    text::PRICE_MISMATCH,
                    vec![
                        ("price", fmt_money(line.unit_price)),
                        ("reference", fmt_money(reference)),
                        ("which", which.en.to_string()),
                        ("which_zh", which.zh.to_string()),
                    ],
                )
            })
        })
        .collect()
}

fn check_price_below_floor(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    priced_lines(order, context)
        .filter_map(|(line, product)| {
            let floor = product.min_price.or(product.cost)?;
            let net = net_unit_price(line.unit_price, line.discount_pct);
            (net < floor).then(|| {
                finding(
                    Code::PriceBelowFloor,
                    "unit_price",
                    Some(line.line_no),
                    if product.min_price.is_some() { text::BELOW_MIN_PRICE } else { text::BELOW_COST },
                    vec![("net", fmt_money(round_cents(net))), ("floor", fmt_money(floor))],
                )
            })
        })
        .collect()
}

/// The net price is above the net price this customer paid for the product on their latest
/// order of it (the order checked left out by the store): the clerk hears it before the customer.
fn check_price_above_last(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let Some(customer) = &context.customer else { return vec![] };
    priced_lines(order, context)
        .filter_map(|(line, product)| {
            let last = product.last_prices.first()?;
            let net = net_unit_price(line.unit_price, line.discount_pct);
            (net > last.net()).then(|| {
                finding(
                    Code::PriceAboveLast,
                    "unit_price",
                    Some(line.line_no),
                    text::ABOVE_LAST_PRICE,
                    vec![
                        ("net", fmt_money(round_cents(net))),
                        ("last", fmt_money(round_cents(last.net()))),
                        ("customer", customer.code.clone()),
                        ("order", last.order.clone()),
                        ("date", last.date.to_string()),
                    ],
                )
            })
        })
        .collect()
}

fn check_discount_not_applied(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let Some(customer) = &context.customer else { return vec![] };
    if customer.discount_pct <= Decimal::ZERO {
        return vec![];
    }
    order
        .lines
        .iter()
        .filter(|line| !line.gift && line.discount_pct < customer.discount_pct)
        .map(|line| {
            finding(
                Code::DiscountNotApplied,
                "discount_pct",
                Some(line.line_no),
                text::DISCOUNT_NOT_APPLIED,
                vec![("given", fmt_qty(line.discount_pct)), ("agreed", fmt_qty(customer.discount_pct))],
            )
        })
        .collect()
}

fn check_discount_too_high(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let agreed = context.customer.as_ref().map(|customer| customer.discount_pct).unwrap_or_default();
    let max = context.settings.max_discount_pct;
    order
        .lines
        .iter()
        .filter(|line| !line.gift && line.discount_pct > max && line.discount_pct > agreed)
        .map(|line| {
            finding(
                Code::DiscountTooHigh,
                "discount_pct",
                Some(line.line_no),
                text::DISCOUNT_TOO_HIGH,
                vec![("given", fmt_qty(line.discount_pct)), ("max", fmt_qty(max.max(agreed)))],
            )
        })
        .collect()
}

fn check_line_total_mismatch(order: &PricedOrder, _: &CheckContext) -> Vec<Finding> {
    order
        .lines
        .iter()
        .filter_map(|line| {
            let given = line.given_total?;
            (round_cents(given) != line.line_total).then(|| {
                finding(
                    Code::LineTotalMismatch,
                    "line_total",
                    Some(line.line_no),
                    text::LINE_TOTAL_MISMATCH,
                    vec![("given", fmt_money(given)), ("computed", fmt_money(line.line_total))],
                )
            })
        })
        .collect()
}

fn check_date_invalid(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let mut findings = vec![];
    if order.order_date > context.today {
        findings.push(finding(
            Code::DateInvalid,
            "order_date",
            None,
            text::ORDER_DATE_FUTURE,
            vec![("date", order.order_date.to_string()), ("today", context.today.to_string())],
        ));
    }
    if let Some(delivery) = order.delivery_date
        && delivery < order.order_date
    {
        findings.push(finding(
            Code::DateInvalid,
            "delivery_date",
            None,
            text::DELIVERY_BEFORE_ORDER,
            vec![("delivery", delivery.to_string()), ("date", order.order_date.to_string())],
        ));
    }
    findings
}

fn check_date_unusual(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let age = (context.today - order.order_date).num_days();
    if age > context.settings.backdate_days {
        vec![finding(
            Code::DateUnusual,
            "order_date",
            None,
            text::DATE_UNUSUAL,
            vec![("date", order.order_date.to_string()), ("days", age.to_string())],
        )]
    } else {
        vec![]
    }
}

/// The order's lines as a sorted multiset of (SKU, quantity), for duplicate comparison.
fn line_signature(lines: impl Iterator<Item = (String, Decimal)>) -> Vec<(String, Decimal)> {
    let mut signature: Vec<(String, Decimal)> = lines.map(|(sku, qty)| (sku, qty.normalize())).collect();
    signature.sort();
    signature
}

fn check_duplicate_order(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    if order.lines.is_empty() || context.customer.is_none() {
        return vec![];
    }
    let window = context.settings.duplicate_window_days;
    let mine = line_signature(order.lines.iter().map(|line| (line.sku.clone(), line.qty)));
    context
        .recent_orders
        .iter()
        .filter(|other| (other.order_date - order.order_date).num_days().abs() <= window)
        .find(|other| line_signature(other.lines.iter().cloned()) == mine)
        .map(|other| {
            vec![finding(
                Code::DuplicateOrder,
                "lines",
                None,
                text::DUPLICATE_ORDER,
                vec![("number", other.number.clone()), ("date", other.order_date.to_string())],
            )]
        })
        .unwrap_or_default()
}

fn check_stock_short(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let mut taken: HashMap<&str, Decimal> = HashMap::new();
    known_lines(order, context)
        .filter(|(line, _)| line.qty > Decimal::ZERO)
        .filter_map(|(line, product)| {
            let before = taken.get(line.sku.as_str()).copied().unwrap_or_default();
            taken.insert(line.sku.as_str(), before + line.qty);
            let available = (product.available() - before).max(Decimal::ZERO);
            (line.qty > available).then(|| {
                let reserved_for = if product.reserved_for.is_empty() { "—".to_string() } else { product.reserved_for.join(", ") };
                finding(
                    Code::StockShort,
                    "qty",
                    Some(line.line_no),
                    if product.reserved > Decimal::ZERO { text::STOCK_SHORT_RESERVED } else { text::STOCK_SHORT },
                    vec![
                        ("on_hand", fmt_qty(product.on_hand)),
                        ("unit", product.unit.clone()),
                        ("reserved", fmt_qty(product.reserved)),
                        ("orders", reserved_for),
                        ("available", fmt_qty(available)),
                        ("qty", fmt_qty(line.qty)),
                        ("short", fmt_qty(line.qty - available)),
                    ],
                )
            })
        })
        .collect()
}

/// What the order brings paid in advance by a method that is not credit: the deposits it holds
/// (not yet applied nor refunded), plus what of the prepayment typed with it has not become a
/// deposit yet (a prepayment is recorded as a deposit when the order is saved: the same money,
/// counted once; a refunded deposit no longer counts, whatever the typed figure says).
fn paid_in_advance(order: &PricedOrder, context: &CheckContext) -> Decimal {
    let typed = order
        .payment
        .as_ref()
        .filter(|payment| !matches!(payment.method, None | Some(PaymentMethod::Credit) | Some(PaymentMethod::Cod)))
        .and_then(|payment| payment.amount)
        .unwrap_or_default()
        .max(Decimal::ZERO);
    let (held, taken) =
        context.customer.as_ref().map(|customer| (customer.order_deposit, customer.order_deposit_taken)).unwrap_or_default();
    held + (typed - taken).max(Decimal::ZERO)
}

fn check_credit_limit_exceeded(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let Some(customer) = &context.customer else { return vec![] };
    let Some(limit) = customer.credit_limit else { return vec![] };
    // Paid in full up front: it adds nothing to what is owed.
    let advance = paid_in_advance(order, context);
    if advance >= order.totals.total {
        return vec![];
    }
    let after = customer.exposure + order.totals.total - advance;
    if after > limit {
        vec![finding(
            Code::CreditLimitExceeded,
            "customer",
            None,
            text::CREDIT_LIMIT_EXCEEDED,
            vec![
                ("limit", fmt_money(limit)),
                ("exposure", fmt_money(customer.exposure)),
                ("total", fmt_money(order.totals.total - advance)),
                ("over", fmt_money(after - limit)),
            ],
        )]
    } else {
        vec![]
    }
}

fn check_overdue_balance(_: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let Some(customer) = &context.customer else { return vec![] };
    let grace = context.settings.overdue_grace_days;
    let overdue: Vec<_> = customer.overdue.iter().filter(|invoice| (context.today - invoice.due_date).num_days() > grace).collect();
    let Some(oldest) = overdue.iter().min_by_key(|invoice| invoice.due_date) else { return vec![] };
    let amount: Decimal = overdue.iter().map(|invoice| invoice.balance).sum();
    vec![finding(
        Code::OverdueBalance,
        "customer",
        None,
        text::OVERDUE_BALANCE,
        vec![
            ("amount", fmt_money(amount)),
            ("count", overdue.len().to_string()),
            ("number", oldest.number.clone()),
            ("days", (context.today - oldest.due_date).num_days().to_string()),
        ],
    )]
}

fn check_payment_info_missing(order: &PricedOrder, _: &CheckContext) -> Vec<Finding> {
    match &order.payment {
        Some(payment) if payment.method == Some(PaymentMethod::BankTransfer) && payment.reference.trim().is_empty() => {
            vec![finding(Code::PaymentInfoMissing, "payment.reference", None, text::PAYMENT_INFO_MISSING, vec![])]
        }
        _ => vec![],
    }
}

fn check_payment_amount_mismatch(order: &PricedOrder, _: &CheckContext) -> Vec<Finding> {
    let Some(amount) = order.payment.as_ref().and_then(|payment| payment.amount) else { return vec![] };
    if amount != order.totals.total {
        vec![finding(
            Code::PaymentAmountMismatch,
            "payment.amount",
            None,
            text::PAYMENT_AMOUNT_MISMATCH,
            vec![("amount", fmt_money(amount)), ("total", fmt_money(order.totals.total))],
        )]
    } else {
        vec![]
    }
}

fn check_review_required(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let total = order.totals.total;
    let settings = &context.settings;
    if let Some(owner_above) = settings.review_owner_above
        && total > owner_above
    {
        let mut found = finding(
            Code::ReviewRequired,
            "total",
            None,
            text::REVIEW_OWNER,
            vec![("total", fmt_money(total)), ("limit", fmt_money(owner_above))],
        );
        found.owner_only = true;
        return vec![found];
    }
    match settings.review_manager_above {
        Some(manager_above) if total > manager_above => vec![finding(
            Code::ReviewRequired,
            "total",
            None,
            text::REVIEW_MANAGER,
            vec![("total", fmt_money(total)), ("limit", fmt_money(manager_above))],
        )],
        _ => vec![],
    }
}

#[cfg(test)]
mod tests;
