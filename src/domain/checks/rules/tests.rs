//! Tests of the check rules: each code fires where it must and stays quiet where it must not.

use super::super::{CustomerFacts, OverdueInvoice, RecentOrder, run_checks, status_from_findings};
use super::*;
use crate::domain::order::{LineInput, OrderInput, PaymentInput, PriceFacts, TaxRule, price_order};
use crate::domain::{OrderStatus, RuleSetting, Severity};
use crate::i18n::Lang;
use chrono::NaiveDate;

fn d(text: &str) -> Decimal {
    text.parse().expect("test literal")
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

fn product(sku: &str) -> ProductFacts {
    ProductFacts {
        sku: sku.into(),
        name: format!("Product {sku}"),
        unit: "roll".into(),
        active: true,
        divisible: false,
        price: d("12.50"),
        min_price: Some(d("10")),
        cost: Some(d("8")),
        on_hand: d("100"),
        ..Default::default()
    }
}

fn context() -> CheckContext {
    let mut products = HashMap::new();
    products.insert("P001".to_string(), product("P001"));
    products.insert("P002".to_string(), product("P002"));
    CheckContext {
        today: day("2026-11-20"),
        customer: Some(CustomerFacts {
            code: "C001".into(),
            name: "张三五金店".into(),
            phone: "13800138000".into(),
            address: "上海市".into(),
            ..Default::default()
        }),
        products,
        ..Default::default()
    }
}

fn line(sku: &str, qty: &str) -> LineInput {
    LineInput { sku: sku.into(), qty: d(qty), ..Default::default() }
}

fn order(lines: Vec<LineInput>) -> OrderInput {
    OrderInput { customer: "C001".into(), order_date: Some(day("2026-11-20")), lines, ..Default::default() }
}

fn run(input: &OrderInput, context: &CheckContext) -> Vec<Finding> {
    let customer_discount = context.customer.as_ref().map(|c| c.discount_pct).unwrap_or_default();
    let priced = price_order(input, context.today, customer_discount, TaxRule::default(), |sku| {
        context.products.get(sku).map(|p| PriceFacts { catalogue_price: p.price, agreed_price: p.agreed_price })
    });
    run_checks(&priced, context)
}

fn codes(findings: &[Finding]) -> Vec<(Code, Option<usize>)> {
    findings.iter().map(|f| (f.code, f.line)).collect()
}

#[test]
fn a_clean_order_has_no_findings() {
    assert_eq!(codes(&run(&order(vec![line("P001", "10")]), &context())), vec![]);
}

#[test]
fn empty_order() {
    assert_eq!(codes(&run(&order(vec![]), &context())), vec![(Code::EmptyOrder, None)]);
}

#[test]
fn customer_missing_unknown_blocked() {
    let mut input = order(vec![line("P001", "1")]);
    input.customer = " ".into();
    let mut ctx = context();
    ctx.customer = None;
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::CustomerMissing, None)]);
    input.customer = "C999".into();
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::CustomerUnknown, None)]);
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.blocked = true;
        c.blocked_reason = "unpaid".into();
    }
    let findings = run(&order(vec![line("P001", "1")]), &ctx);
    assert_eq!(codes(&findings), vec![(Code::CustomerBlocked, None)]);
    assert!(findings[0].message.render(Lang::En).contains("unpaid"));
}

#[test]
fn customer_incomplete_only_asks_for_address_on_delivery() {
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.address.clear();
    }
    let mut input = order(vec![line("P001", "1")]);
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    input.delivery = Some(Delivery::Delivery);
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::CustomerIncomplete, None)]);
    if let Some(c) = ctx.customer.as_mut() {
        c.phone.clear();
    }
    assert_eq!(run(&input, &ctx).len(), 2);
}

#[test]
fn product_unknown_and_inactive_per_line() {
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P002") {
        p.active = false;
    }
    let findings = run(&order(vec![line("P001", "1"), line("X9", "1"), line("P002", "1")]), &ctx);
    assert_eq!(codes(&findings), vec![(Code::ProductUnknown, Some(2)), (Code::ProductInactive, Some(3))]);
}

#[test]
fn qty_invalid_zero_negative_and_fractions() {
    let findings = run(&order(vec![line("P001", "0"), line("P001", "-1"), line("P002", "1.5")]), &context());
    assert_eq!(codes(&findings), vec![(Code::QtyInvalid, Some(1)), (Code::QtyInvalid, Some(2)), (Code::QtyInvalid, Some(3))]);
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P002") {
        p.divisible = true;
    }
    assert_eq!(codes(&run(&order(vec![line("P002", "1.5")]), &ctx)), vec![]);
}

#[test]
fn qty_unusual_uses_customer_then_product_history() {
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P001") {
        p.customer_history = vec![d("2"), d("3"), d("4")];
        p.product_history = vec![d("50"); 5];
        p.on_hand = d("1000");
    }
    // customer median 3, × 10 = 30: 31 fires, 30 does not (boundary)
    assert_eq!(codes(&run(&order(vec![line("P001", "31")]), &ctx)), vec![(Code::QtyUnusual, Some(1))]);
    assert_eq!(codes(&run(&order(vec![line("P001", "30")]), &ctx)), vec![]);
    // two customer lines only: the product median 50 applies
    if let Some(p) = ctx.products.get_mut("P001") {
        p.customer_history.truncate(2);
    }
    assert_eq!(codes(&run(&order(vec![line("P001", "31")]), &ctx)), vec![]);
    // no history at all: no finding
    if let Some(p) = ctx.products.get_mut("P001") {
        p.product_history.clear();
    }
    assert_eq!(codes(&run(&order(vec![line("P001", "999")]), &ctx)), vec![]);
}

#[test]
fn price_mismatch_against_agreed_or_catalogue_with_tolerance() {
    let mut input = order(vec![line("P001", "1")]);
    input.lines[0].unit_price = Some(d("13"));
    let findings = run(&input, &context());
    assert_eq!(codes(&findings), vec![(Code::PriceMismatch, Some(1))]);
    assert!(findings[0].approvable);
    let mut ctx = context();
    ctx.settings.price_tolerance_pct = d("4");
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P001") {
        p.agreed_price = Some(d("11"));
    }
    // defaulted price is the agreed one: no finding; typing the catalogue price is a mismatch
    assert_eq!(codes(&run(&order(vec![line("P001", "1")]), &ctx)), vec![]);
    input.lines[0].unit_price = Some(d("12.50"));
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::PriceMismatch, Some(1))]);
}

#[test]
fn price_below_floor_uses_min_price_then_cost() {
    let mut ctx = context();
    ctx.settings.rules.insert(Code::PriceMismatch, RuleSetting::Off);
    let mut input = order(vec![line("P001", "1")]);
    input.lines[0].unit_price = Some(d("9.99"));
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::PriceBelowFloor, Some(1))]);
    input.lines[0].unit_price = Some(d("10"));
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    if let Some(p) = ctx.products.get_mut("P001") {
        p.min_price = None;
    }
    input.lines[0].unit_price = Some(d("9"));
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    input.lines[0].unit_price = Some(d("7.99"));
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::PriceBelowFloor, Some(1))]);
}

#[test]
fn discounts_not_applied_and_too_high() {
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.discount_pct = d("5");
    }
    // defaulted: the agreed discount applies, no finding
    assert_eq!(codes(&run(&order(vec![line("P001", "1")]), &ctx)), vec![]);
    let mut input = order(vec![line("P001", "1")]);
    input.lines[0].discount_pct = Some(d("0"));
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::DiscountNotApplied, Some(1))]);
    input.lines[0].discount_pct = Some(d("10"));
    assert_eq!(codes(&run(&input, &ctx)), vec![], "10 % is the maximum, not above it");
    input.lines[0].discount_pct = Some(d("10.01"));
    let found = codes(&run(&input, &ctx));
    assert!(found.contains(&(Code::DiscountTooHigh, Some(1))), "{found:?}");
}

#[test]
fn line_total_mismatch_after_rounding() {
    let mut input = order(vec![line("P001", "10")]);
    input.lines[0].discount_pct = Some(d("5"));
    input.lines[0].unit_price = Some(d("12.50"));
    input.lines[0].line_total = Some(d("118.75"));
    assert_eq!(codes(&run(&input, &context())), vec![]);
    input.lines[0].line_total = Some(d("118.749"));
    assert_eq!(codes(&run(&input, &context())), vec![]);
    input.lines[0].line_total = Some(d("118.70"));
    assert_eq!(codes(&run(&input, &context())), vec![(Code::LineTotalMismatch, Some(1))]);
}

#[test]
fn dates_invalid_and_unusual() {
    let mut input = order(vec![line("P001", "1")]);
    input.order_date = Some(day("2026-11-21"));
    assert_eq!(codes(&run(&input, &context())), vec![(Code::DateInvalid, None)]);
    input.order_date = Some(day("2026-11-20"));
    input.delivery_date = Some(day("2026-11-19"));
    let findings = run(&input, &context());
    assert_eq!(findings[0].field, "delivery_date");
    input.delivery_date = Some(day("2026-11-20"));
    assert_eq!(codes(&run(&input, &context())), vec![]);
    input.order_date = Some(day("2026-11-13"));
    input.delivery_date = None;
    assert_eq!(codes(&run(&input, &context())), vec![], "7 days back is allowed");
    input.order_date = Some(day("2026-11-12"));
    assert_eq!(codes(&run(&input, &context())), vec![(Code::DateUnusual, None)]);
}

#[test]
fn duplicate_order_same_lines_in_window() {
    let mut ctx = context();
    ctx.recent_orders = vec![RecentOrder {
        number: "SO-2026-00001".into(),
        order_date: day("2026-11-18"),
        lines: vec![("P002".into(), d("2.000")), ("P001".into(), d("10"))],
    }];
    let findings = run(&order(vec![line("P001", "10"), line("P002", "2")]), &ctx);
    assert_eq!(codes(&findings), vec![(Code::DuplicateOrder, None)]);
    assert!(findings[0].message.render(Lang::En).contains("SO-2026-00001"));
    assert_eq!(codes(&run(&order(vec![line("P001", "10"), line("P002", "3")]), &ctx)), vec![]);
    ctx.recent_orders[0].order_date = day("2026-11-16");
    assert_eq!(codes(&run(&order(vec![line("P001", "10"), line("P002", "2")]), &ctx)), vec![]);
}

#[test]
fn stock_short_reports_every_short_line() {
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P001") {
        p.on_hand = d("5");
        p.reserved = d("3");
        p.reserved_for = vec!["SO-2026-00012".into()];
    }
    if let Some(p) = ctx.products.get_mut("P002") {
        p.on_hand = d("0");
    }
    let findings = run(&order(vec![line("P001", "3"), line("P002", "1"), line("P001", "1")]), &ctx);
    assert_eq!(codes(&findings), vec![(Code::StockShort, Some(1)), (Code::StockShort, Some(2)), (Code::StockShort, Some(3))]);
    let message = findings[0].message.render(Lang::En);
    assert!(message.contains("Only 5 roll in stock, 3 of them reserved for SO-2026-00012. Available: 2"), "{message}");
    assert_eq!(status_from_findings(&findings, |_| false), OrderStatus::AwaitingRestock);
    assert_eq!(codes(&run(&order(vec![line("P001", "2")]), &ctx)), vec![]);
}

#[test]
fn credit_limit_counts_exposure_and_prepayment() {
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.credit_limit = Some(d("200"));
        c.exposure = d("100");
    }
    // 8 × 12.50 = 100 → exactly at the limit: fine
    assert_eq!(codes(&run(&order(vec![line("P001", "8")]), &ctx)), vec![]);
    let mut input = order(vec![line("P001", "9")]);
    let findings = run(&input, &ctx);
    assert_eq!(codes(&findings), vec![(Code::CreditLimitExceeded, None)]);
    assert_eq!(status_from_findings(&findings, |_| false), OrderStatus::AwaitingApproval);
    assert_eq!(status_from_findings(&findings, |_| true), OrderStatus::Open);
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::Cash), reference: String::new(), amount: Some(d("112.50")) });
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::Cod), reference: String::new(), amount: Some(d("112.50")) });
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::CreditLimitExceeded, None)]);
    if let Some(c) = ctx.customer.as_mut() {
        c.credit_limit = Some(Decimal::ZERO);
        c.exposure = Decimal::ZERO;
    }
    assert_eq!(codes(&run(&order(vec![line("P001", "1")]), &ctx)), vec![(Code::CreditLimitExceeded, None)]);
}

#[test]
fn overdue_balance_after_grace() {
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.overdue = vec![OverdueInvoice { number: "INV-2026-00003".into(), due_date: day("2026-11-10"), balance: d("50") }];
    }
    assert_eq!(codes(&run(&order(vec![line("P001", "1")]), &ctx)), vec![(Code::OverdueBalance, None)]);
    ctx.settings.overdue_grace_days = 10;
    assert_eq!(codes(&run(&order(vec![line("P001", "1")]), &ctx)), vec![]);
}

#[test]
fn payment_checks() {
    let mut input = order(vec![line("P001", "1")]);
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::BankTransfer), reference: " ".into(), amount: None });
    assert_eq!(codes(&run(&input, &context())), vec![(Code::PaymentInfoMissing, None)]);
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::BankTransfer), reference: "TX-1".into(), amount: Some(d("12.50")) });
    assert_eq!(codes(&run(&input, &context())), vec![]);
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::Wechat), reference: String::new(), amount: Some(d("12.49")) });
    assert_eq!(codes(&run(&input, &context())), vec![(Code::PaymentAmountMismatch, None)]);
}

#[test]
fn review_thresholds_manager_then_owner() {
    let mut ctx = context();
    ctx.settings.review_manager_above = Some(d("100"));
    ctx.settings.review_owner_above = Some(d("1000"));
    assert_eq!(codes(&run(&order(vec![line("P001", "8")]), &ctx)), vec![], "exactly 100 is not above");
    let findings = run(&order(vec![line("P001", "9")]), &ctx);
    assert_eq!(codes(&findings), vec![(Code::ReviewRequired, None)]);
    assert!(!findings[0].owner_only);
    if let Some(p) = ctx.products.get_mut("P001") {
        p.on_hand = d("1000");
    }
    let findings = run(&order(vec![line("P001", "81")]), &ctx);
    assert!(findings[0].owner_only);
}

#[test]
fn severity_settings_override_or_switch_off() {
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P001") {
        p.on_hand = d("0");
    }
    ctx.settings.rules.insert(Code::StockShort, RuleSetting::Severity(Severity::Block));
    let findings = run(&order(vec![line("P001", "1")]), &ctx);
    assert_eq!(findings[0].severity, Severity::Block);
    assert!(!findings[0].approvable);
    assert_eq!(status_from_findings(&findings, |_| false), OrderStatus::AwaitingCorrection);
    ctx.settings.rules.insert(Code::StockShort, RuleSetting::Off);
    assert_eq!(codes(&run(&order(vec![line("P001", "1")]), &ctx)), vec![]);
}

#[test]
fn messages_exist_in_both_languages() {
    let mut ctx = context();
    if let Some(p) = ctx.products.get_mut("P001") {
        p.on_hand = d("0");
    }
    let findings = run(&order(vec![line("P001", "1")]), &ctx);
    let zh = findings[0].message.render(Lang::Zh);
    assert!(zh.contains("库存"), "{zh}");
    assert!(!zh.contains('{'), "placeholder left: {zh}");
}

fn sale(order: &str, date: &str, price: &str, discount: &str) -> crate::domain::checks::LastPrice {
    crate::domain::checks::LastPrice {
        order: order.into(),
        customer: "C001".into(),
        date: day(date),
        qty: d("5"),
        unit_price: d(price),
        discount_pct: d(discount),
    }
}

#[test]
fn price_above_last_compares_net_prices_with_the_latest_order_only() {
    // Table: (what the line asks, what the last order paid, fires?)
    let cases: &[(&str, &str, &str, &str, bool, &str)] = &[
        // line price, line discount, last price, last discount, fires, why
        ("12.50", "0", "12.50", "0", false, "the same price"),
        ("12.50", "0", "12.00", "0", true, "higher than last time"),
        ("12.00", "0", "12.50", "0", false, "lower than last time"),
        ("12.50", "4", "12.00", "0", false, "the same net price (12.50 less 4 % = 12.00)"),
        ("12.50", "3", "12.50", "5", true, "a smaller discount is a higher net price"),
        ("12.01", "0", "12.00", "0", true, "a cent more"),
    ];
    for (price, discount, last_price, last_discount, fires, why) in cases {
        let mut ctx = context();
        ctx.settings.rules.insert(Code::PriceMismatch, RuleSetting::Off);
        ctx.settings.rules.insert(Code::PriceBelowFloor, RuleSetting::Off);
        ctx.settings.rules.insert(Code::DiscountTooHigh, RuleSetting::Off);
        if let Some(p) = ctx.products.get_mut("P001") {
            p.last_prices = vec![sale("SO-2026-00009", "2026-11-02", last_price, last_discount)];
        }
        let mut input = order(vec![line("P001", "1")]);
        input.lines[0].unit_price = Some(d(price));
        input.lines[0].discount_pct = Some(d(discount));
        let findings = run(&input, &ctx);
        let expected = if *fires { vec![(Code::PriceAboveLast, Some(1))] } else { vec![] };
        assert_eq!(codes(&findings), expected, "{why}");
        if *fires {
            let finding = &findings[0];
            assert_eq!(finding.severity, Severity::Warn, "a warning by default, not approvable");
            assert!(!finding.approvable);
            let text = finding.message.render(Lang::En);
            assert!(text.contains("SO-2026-00009") && text.contains("2026-11-02") && text.contains("C001"), "{text}");
            assert!(!finding.message.render(Lang::Zh).is_empty());
        }
    }
}

#[test]
fn price_above_last_is_quiet_without_history_or_customer_and_follows_its_severity() {
    let mut ctx = context();
    let mut input = order(vec![line("P001", "1"), line("P002", "1")]);
    input.lines[0].unit_price = Some(d("12.50"));
    assert_eq!(codes(&run(&input, &ctx)), vec![], "no history: nothing to compare with");
    if let Some(p) = ctx.products.get_mut("P001") {
        // Newest first: only the first (latest) order counts, even if an older one was dearer.
        p.last_prices = vec![sale("SO-2026-00009", "2026-11-02", "12.00", "0"), sale("SO-2026-00003", "2026-10-01", "13.00", "0")];
    }
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::PriceAboveLast, Some(1))], "P002 has no history; P001 is above its latest");
    ctx.settings.rules.insert(Code::PriceAboveLast, RuleSetting::Severity(Severity::Block));
    let findings = run(&input, &ctx);
    assert_eq!(findings[0].severity, Severity::Block, "rules.PRICE_ABOVE_LAST.severity");
    ctx.settings.rules.insert(Code::PriceAboveLast, RuleSetting::Off);
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    ctx.settings.rules.clear();
    ctx.customer = None;
    assert!(!codes(&run(&input, &ctx)).contains(&(Code::PriceAboveLast, Some(1))), "no customer: whose last price?");
}

#[test]
fn a_gift_line_is_free_and_left_out_of_the_price_and_discount_checks_only() {
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.discount_pct = d("5");
    }
    if let Some(p) = ctx.products.get_mut("P001") {
        p.last_prices = vec![sale("SO-2026-00001", "2026-11-01", "11.00", "0")];
    }
    let mut input = order(vec![line("P001", "2")]);
    input.lines[0].gift = true;
    // A price and discount given on a gift are not charged: it is priced 0 with no discount.
    input.lines[0].unit_price = Some(d("12.50"));
    input.lines[0].discount_pct = Some(d("0"));
    let priced = price_order(&input, ctx.today, d("5"), TaxRule::default(), |_| None);
    assert_eq!((priced.lines[0].unit_price, priced.lines[0].discount_pct, priced.lines[0].line_total), (d("0"), d("0"), d("0")));
    // Below min price and cost, under the agreed discount, below last time: none of it fires.
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    // The same line paid for: all of it does.
    input.lines[0].gift = false;
    input.lines[0].unit_price = Some(d("0"));
    let found = codes(&run(&input, &ctx));
    for code in [Code::PriceMismatch, Code::PriceBelowFloor, Code::DiscountNotApplied] {
        assert!(found.contains(&(code, Some(1))), "{code:?} in {found:?}");
    }
    // A gift still needs stock, and still counts as a line of the order.
    input.lines[0].gift = true;
    input.lines[0].qty = d("101");
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::StockShort, Some(1))]);
}

#[test]
fn deposits_on_the_order_count_once_against_the_credit_limit() {
    let mut ctx = context();
    if let Some(c) = ctx.customer.as_mut() {
        c.credit_limit = Some(d("200"));
        c.exposure = d("100");
        c.order_deposit = d("25");
        c.order_deposit_taken = d("25");
    }
    // A part paid up front differs from the total by design here.
    ctx.settings.rules.insert(Code::PaymentAmountMismatch, RuleSetting::Off);
    // 10 × 12.50 = 125, less the 25 held: 100 + 100 = 200, at the limit.
    let mut input = order(vec![line("P001", "10")]);
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    // A prepayment typed as well is the same money, counted once: what is held, plus what of
    // the typed amount has not become a deposit yet.
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::Cash), reference: String::new(), amount: Some(d("20")) });
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    input.lines[0].qty = d("11");
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::CreditLimitExceeded, None)], "137.50 − 25 + 100 > 200");
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::Cash), reference: String::new(), amount: Some(d("40")) });
    assert_eq!(codes(&run(&input, &ctx)), vec![], "137.50 − 40 + 100 ≤ 200");
    // Paid in full up front: the order adds nothing, whatever is owed already.
    if let Some(c) = ctx.customer.as_mut() {
        c.exposure = d("500");
        c.order_deposit = d("137.50");
        c.order_deposit_taken = d("137.50");
    }
    input.payment = Some(PaymentInput { method: Some(PaymentMethod::Cash), reference: String::new(), amount: Some(d("137.50")) });
    assert_eq!(codes(&run(&input, &ctx)), vec![]);
    // The deposit given back: the typed prepayment no longer counts (it became that deposit).
    if let Some(c) = ctx.customer.as_mut() {
        c.order_deposit = Decimal::ZERO;
    }
    assert_eq!(codes(&run(&input, &ctx)), vec![(Code::CreditLimitExceeded, None)], "refunded money pays for nothing");
}
