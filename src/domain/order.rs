//! Orders as typed input (what the clerk typed or ORDER.json said, after parsing), the pricing
//! rules that fill what was left out, and the exact totals. Pure: no database, no clock.

use super::money::round_cents;
use super::{Delivery, PaymentMethod, Priority};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A prepayment or payment arrangement given with the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PaymentInput {
    pub method: Option<PaymentMethod>,
    pub reference: String,
    pub amount: Option<Decimal>,
}

/// One typed order line. `None` means "not given": the pricing rules fill it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LineInput {
    pub sku: String,
    pub qty: Decimal,
    pub unit_price: Option<Decimal>,
    pub discount_pct: Option<Decimal>,
    pub line_total: Option<Decimal>,
    /// A free gift (赠品): price 0, exempt from the price and discount checks, counted for stock.
    #[serde(default)]
    pub gift: bool,
}

/// An order as entered, before defaults are applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderInput {
    pub customer: String,
    pub order_date: Option<NaiveDate>,
    pub delivery_date: Option<NaiveDate>,
    pub delivery: Option<Delivery>,
    pub priority: Option<Priority>,
    pub payment: Option<PaymentInput>,
    pub note: String,
    pub lines: Vec<LineInput>,
}

/// What pricing needs to know about a line's product for this customer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PriceFacts {
    pub catalogue_price: Decimal,
    pub agreed_price: Option<Decimal>,
}

/// A line with every value decided: what is saved and what the checks judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PricedLine {
    pub line_no: usize,
    pub sku: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    /// Computed: qty × price × (1 − discount), rounded to cents.
    pub line_total: Decimal,
    /// What the input said the total was, if it said anything.
    pub given_total: Option<Decimal>,
    /// A free gift: priced 0 with no discount, left out of the price and discount checks.
    pub gift: bool,
}

/// Subtotal, tax and total of an order, each rounded to cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// How tax applies to prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TaxRule {
    pub rate_pct: Decimal,
    /// Prices already include tax: the tax is the part of the subtotal that is tax.
    pub prices_include_tax: bool,
}

/// An order with defaults applied and every line priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOrder {
    pub customer: String,
    pub order_date: NaiveDate,
    pub delivery_date: Option<NaiveDate>,
    pub delivery: Delivery,
    pub priority: Priority,
    pub payment: Option<PaymentInput>,
    pub note: String,
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    /// The tax rule the order was priced under (kept with it).
    pub tax: TaxRule,
}

/// The exact line total: qty × price × (1 − discount/100), rounded to cents half away from zero.
/// Never panics: past `Decimal`'s range it saturates, and the total bound then refuses it
/// (inputs within [`super::bounds`] never come near).
pub fn line_total(qty: Decimal, unit_price: Decimal, discount_pct: Decimal) -> Decimal {
    let gross = qty.saturating_mul(unit_price);
    let net = gross.saturating_mul(Decimal::ONE_HUNDRED.saturating_sub(discount_pct)) / Decimal::ONE_HUNDRED;
    round_cents(net)
}

/// The net unit price after the line discount (not rounded: used for floor comparisons).
pub fn net_unit_price(unit_price: Decimal, discount_pct: Decimal) -> Decimal {
    unit_price.saturating_mul(Decimal::ONE_HUNDRED.saturating_sub(discount_pct)) / Decimal::ONE_HUNDRED
}

/// Totals from line totals and the tax rule.
pub fn totals(line_totals: impl IntoIterator<Item = Decimal>, tax: TaxRule) -> Totals {
    let subtotal: Decimal = line_totals.into_iter().fold(Decimal::ZERO, |sum, line| sum.saturating_add(line));
    let subtotal = round_cents(subtotal);
    if tax.rate_pct.is_zero() {
        return Totals { subtotal, tax: Decimal::ZERO, total: subtotal };
    }
    if tax.prices_include_tax {
        let net = subtotal.saturating_mul(Decimal::ONE_HUNDRED) / (Decimal::ONE_HUNDRED + tax.rate_pct);
        let tax_amount = round_cents(subtotal - net);
        Totals { subtotal, tax: tax_amount, total: subtotal }
    } else {
        let tax_amount = round_cents(subtotal.saturating_mul(tax.rate_pct) / Decimal::ONE_HUNDRED);
        Totals { subtotal, tax: tax_amount, total: subtotal.saturating_add(tax_amount) }
    }
}

/// Apply the defaults the GUI would pre-fill and price every line. `price_of` answers the
/// catalogue and agreed price of a SKU for this customer (None for an unknown SKU: price 0).
pub fn price_order(
    input: &OrderInput,
    today: NaiveDate,
    customer_discount: Decimal,
    tax: TaxRule,
    price_of: impl Fn(&str) -> Option<PriceFacts>,
) -> PricedOrder {
    let lines: Vec<PricedLine> = input
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let (unit_price, discount_pct) = if line.gift {
                (Decimal::ZERO, Decimal::ZERO)
            } else {
                let facts = price_of(line.sku.trim()).unwrap_or_default();
                (
                    line.unit_price.unwrap_or(facts.agreed_price.unwrap_or(facts.catalogue_price)),
                    line.discount_pct.unwrap_or(customer_discount),
                )
            };
            PricedLine {
                line_no: index + 1,
                sku: line.sku.trim().to_string(),
                qty: line.qty,
                unit_price,
                discount_pct,
                line_total: line_total(line.qty, unit_price, discount_pct),
                given_total: line.line_total,
                gift: line.gift,
            }
        })
        .collect();
    let totals = totals(lines.iter().map(|line| line.line_total), tax);
    PricedOrder {
        customer: input.customer.trim().to_string(),
        order_date: input.order_date.unwrap_or(today),
        delivery_date: input.delivery_date,
        delivery: input.delivery.unwrap_or(Delivery::Pickup),
        priority: input.priority.unwrap_or(Priority::Normal),
        payment: input.payment.clone(),
        note: input.note.clone(),
        lines,
        totals,
        tax,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("test literal")
    }

    #[test]
    fn contract_example_line_total() {
        assert_eq!(line_total(d("10"), d("12.50"), d("5")), d("118.75"));
    }

    #[test]
    fn line_total_rounds_half_away_from_zero() {
        // 3 × 0.335 = 1.005 → 1.01
        assert_eq!(line_total(d("3"), d("0.335"), d("0")), d("1.01"));
    }

    #[test]
    fn tax_added_or_included() {
        let added = totals([d("100.00"), d("18.75")], TaxRule { rate_pct: d("13"), prices_include_tax: false });
        assert_eq!(added, Totals { subtotal: d("118.75"), tax: d("15.44"), total: d("134.19") });
        let included = totals([d("113.00")], TaxRule { rate_pct: d("13"), prices_include_tax: true });
        assert_eq!(included, Totals { subtotal: d("113.00"), tax: d("13.00"), total: d("113.00") });
        let none = totals([], TaxRule::default());
        assert_eq!(none.total, Decimal::ZERO);
    }

    #[test]
    fn defaults_prefer_agreed_price_and_customer_discount() {
        let input = OrderInput {
            customer: " C001 ".into(),
            lines: vec![
                LineInput { sku: "P001".into(), qty: d("2"), ..Default::default() },
                LineInput { sku: "P002".into(), qty: d("1"), unit_price: Some(d("9")), discount_pct: Some(d("0")), ..Default::default() },
            ],
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date");
        let priced = price_order(&input, today, d("5"), TaxRule::default(), |sku| {
            Some(PriceFacts { catalogue_price: d("10"), agreed_price: (sku == "P001").then(|| d("8")) })
        });
        assert_eq!(priced.customer, "C001");
        assert_eq!(priced.order_date, today);
        assert_eq!(priced.lines[0].unit_price, d("8"));
        assert_eq!(priced.lines[0].discount_pct, d("5"));
        assert_eq!(priced.lines[0].line_total, d("15.20"));
        assert_eq!(priced.lines[1].line_total, d("9.00"));
        assert_eq!(priced.totals.total, d("24.20"));
        assert_eq!(priced.delivery, Delivery::Pickup);
    }
}
