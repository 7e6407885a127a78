//! Money and quantities: exact decimals, rounded to cents half away from zero at defined points
//! (line total, tax, total). Never `f64`. Parsing of user text into decimals lives here so every
//! edge (forms, ORDER.json, CSV, XLSX) accepts and rejects the same spellings.

use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// Round to cents, half away from zero (0.005 → 0.01, −0.005 → −0.01).
pub fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Format money with exactly two decimals, as output always shows it ("118.75", "0.00").
pub fn fmt_money(value: Decimal) -> String {
    format!("{:.2}", round_cents(value))
}

/// Format a quantity without trailing zeros ("10", "2.5").
pub fn fmt_qty(value: Decimal) -> String {
    let normal = value.normalize();
    if normal.is_zero() { "0".to_string() } else { normal.to_string() }
}

/// Parse a decimal typed by a person or read from a file: optional sign, digits, one optional
/// dot; surrounding blanks ignored; full-width digits (１２．５) accepted as typed by Chinese
/// input methods. Thousands separators, exponents, `NaN` and anything else are refused.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let normalised: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            other => other,
        })
        .collect();
    let body = normalised.strip_prefix(['+', '-']).unwrap_or(&normalised);
    let valid = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    if !valid || body.len() > 26 {
        return None;
    }
    Decimal::from_str(&normalised).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        /// Build a decimal from a literal string in tests.
        pub fn dec(text: &str) -> rust_decimal::Decimal {
            text.parse().expect("test literal is a decimal")
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_cents(dec("0.005")), dec("0.01"));
        assert_eq!(round_cents(dec("-0.005")), dec("-0.01"));
        assert_eq!(round_cents(dec("2.344")), dec("2.34"));
        assert_eq!(fmt_money(dec("118.75")), "118.75");
        assert_eq!(fmt_money(dec("0")), "0.00");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_decimal(" 12.50 "), Some(dec("12.50")));
        assert_eq!(parse_decimal("-3"), Some(dec("-3")));
        assert_eq!(parse_decimal("１２．５"), Some(dec("12.5")));
        assert_eq!(parse_decimal(".5"), Some(dec("0.5")));
        for bad in ["12,5x", "", "1e5", "NaN", "1.2.3", "-", ".", "1,000", "99999999999999999999999999999"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_quantities_without_trailing_zeros() {
        assert_eq!(fmt_qty(dec("10.00")), "10");
        assert_eq!(fmt_qty(dec("2.50")), "2.5");
    }
}
