//! The domain's bounds, stated once: the largest quantity, price and amount a shop can mean,
//! which fields may be negative, discounts within 0–100 %, and the decimals each kind keeps.
//! Every edge (ORDER.json, CSV/XLSX, command arguments, window fields) checks its numbers here
//! and reports a field error; inside the bounds no domain arithmetic can overflow (a line of
//! the largest quantity at the largest price is ~10^24, far below `Decimal`'s ~7.9 × 10^28).
//! Pure: no I/O, no database.

use crate::i18n::{Lang, Tx};
use rust_decimal::Decimal;

/// Integer digits a quantity, price or amount may have (docs/cli.md "Bounds": "more than 12 integer
/// digits" is out of bounds).
pub const MAX_INTEGER_DIGITS: u32 = 12;

/// The largest integer part of a quantity, unit price, cost or single amount: 999,999,999,999
/// (decimals may follow).
pub fn max_value() -> Decimal {
    Decimal::from(999_999_999_999_i64)
}

/// The largest line or order total. docs/cli.md "Bounds" allows 15 integer digits; money is stored as
/// ten-thousandths in a 64-bit integer, so the bound is 900 trillion (15 digits), which keeps
/// every stored sum exact.
pub fn max_total() -> Decimal {
    Decimal::from(900_000_000_000_000_i64)
}

/// What kind of number a field holds: decides sign, size and decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An order line's quantity: may be zero or negative here (that is the `QTY_INVALID`
    /// finding, so the clerk's typing is kept), but never past the size bound.
    OrderQty,
    /// A quantity that moves goods (receive, ship, return, count): above zero.
    PositiveQty,
    /// A stock correction: any sign but zero.
    SignedQty,
    /// A counted or opening quantity: zero or more.
    CountQty,
    /// A unit price, minimum price or cost: zero or more.
    Price,
    /// Money received or given back (payment, refund, deposit, prepayment): above zero.
    Amount,
    /// A credit limit or other money setting: zero or more.
    Limit,
    /// A discount or tax rate in percent: 0–100.
    Percent,
    /// A line or order total (may be given in ORDER.json): zero or more.
    Total,
}

impl Kind {
    /// Decimals the kind keeps (the store's column scales).
    pub fn decimals(self) -> u32 {
        match self {
            Kind::OrderQty | Kind::PositiveQty | Kind::SignedQty | Kind::CountQty => 3,
            Kind::Percent => 2,
            Kind::Price | Kind::Amount | Kind::Limit | Kind::Total => 4,
        }
    }
}

/// Why a number is outside the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfBounds {
    TooLarge,
    Negative,
    NotPositive,
    Zero,
    TooManyDecimals,
    PercentRange,
    /// A fraction of a unit of a product that cannot be split.
    Fraction,
}

crate::tx! {
    TOO_LARGE = "{value} is larger than a shop can mean (at most {max})", "{value} 超出合理范围（最大 {max}）";
    NEGATIVE = "{value} may not be negative", "{value} 不能为负数";
    NOT_POSITIVE = "{value} must be above zero", "{value} 必须大于零";
    ZERO = "{value} may not be zero", "{value} 不能为零";
    TOO_MANY_DECIMALS = "{value} has more than {places} decimals", "{value} 的小数位超过 {places} 位";
    PERCENT_RANGE = "{value} must be between 0 and 100 %", "{value} 必须在 0 到 100% 之间";
    FRACTION = "{value} is a fraction, but this product is sold in whole units only", "{value} 含小数，但该商品只能按整数数量";
}

impl OutOfBounds {
    /// The sentence for this problem with `value`, in `lang`.
    pub fn message(self, lang: Lang, value: Decimal, kind: Kind) -> String {
        let max = if kind == Kind::Total { max_total() } else { max_value() };
        let text: Tx = match self {
            OutOfBounds::TooLarge => TOO_LARGE,
            OutOfBounds::Negative => NEGATIVE,
            OutOfBounds::NotPositive => NOT_POSITIVE,
            OutOfBounds::Zero => ZERO,
            OutOfBounds::TooManyDecimals => TOO_MANY_DECIMALS,
            OutOfBounds::PercentRange => PERCENT_RANGE,
            OutOfBounds::Fraction => FRACTION,
        };
        text.fill(lang, &[("value", &value.normalize()), ("max", &max), ("places", &kind.decimals())])
    }
}

/// Check `value` against the bounds of `kind`.
pub fn check(value: Decimal, kind: Kind) -> Result<Decimal, OutOfBounds> {
    let max = if kind == Kind::Total { max_total() } else { max_value() };
    if value.abs().trunc() > max {
        return Err(OutOfBounds::TooLarge);
    }
    if value.normalize().scale() > kind.decimals() {
        return Err(OutOfBounds::TooManyDecimals);
    }
    match kind {
        Kind::OrderQty => {}
        Kind::PositiveQty | Kind::Amount if value <= Decimal::ZERO => return Err(OutOfBounds::NotPositive),
        Kind::SignedQty if value.is_zero() => return Err(OutOfBounds::Zero),
        Kind::CountQty | Kind::Price | Kind::Limit | Kind::Total if value < Decimal::ZERO => return Err(OutOfBounds::Negative),
        Kind::Percent if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => return Err(OutOfBounds::PercentRange),
        _ => {}
    }
    Ok(value)
}

/// Check a quantity of a product that may or may not be split into fractions.
pub fn check_qty_for(value: Decimal, kind: Kind, divisible: bool) -> Result<Decimal, OutOfBounds> {
    let value = check(value, kind)?;
    if !divisible && !value.fract().is_zero() {
        return Err(OutOfBounds::Fraction);
    }
    Ok(value)
}

/// `check`, rendered as a field error `field: problem` in `lang`.
pub fn field(value: Decimal, kind: Kind, field: &str, lang: Lang) -> Result<Decimal, String> {
    check(value, kind).map_err(|problem| format!("{field}: {}", problem.message(lang, value, kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("test literal")
    }

    #[test]
    fn sizes_signs_and_decimals() {
        assert_eq!(check(d("999999999999"), Kind::Price), Ok(d("999999999999")));
        assert_eq!(check(d("1000000000000"), Kind::Price), Err(OutOfBounds::TooLarge));
        assert_eq!(check(d("-1"), Kind::Price), Err(OutOfBounds::Negative));
        assert_eq!(check(d("0"), Kind::Amount), Err(OutOfBounds::NotPositive));
        assert_eq!(check(d("0.00001"), Kind::Amount), Err(OutOfBounds::TooManyDecimals));
        assert_eq!(check(d("1.5000"), Kind::Percent), Ok(d("1.5000")), "trailing zeros are not decimals");
        assert_eq!(check(d("100.01"), Kind::Percent), Err(OutOfBounds::PercentRange));
        assert_eq!(check(d("-0.5"), Kind::Percent), Err(OutOfBounds::PercentRange));
        assert_eq!(check(d("-3"), Kind::OrderQty), Ok(d("-3")), "the checks judge a negative order quantity");
        assert_eq!(check(d("0"), Kind::SignedQty), Err(OutOfBounds::Zero));
        assert_eq!(check(d("899999999999999"), Kind::Total), Ok(d("899999999999999")));
        assert_eq!(check(d("900000000000001"), Kind::Total), Err(OutOfBounds::TooLarge));
        assert_eq!(check_qty_for(d("1.5"), Kind::PositiveQty, false), Err(OutOfBounds::Fraction));
        assert_eq!(check_qty_for(d("1.5"), Kind::PositiveQty, true), Ok(d("1.5")));
    }

    #[test]
    fn the_largest_line_cannot_overflow() {
        let line = crate::domain::order::line_total(max_value(), max_value(), Decimal::ZERO);
        assert!(line > max_total());
    }

    #[test]
    fn messages_name_the_field_in_both_languages() {
        assert_eq!(
            field(d("-5"), Kind::Price, "lines[1].unit_price", Lang::En).unwrap_err(),
            "lines[1].unit_price: -5 may not be negative"
        );
        assert!(field(d("150"), Kind::Percent, "discount_pct", Lang::Zh).unwrap_err().contains("0 到 100%"));
    }
}
