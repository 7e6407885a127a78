//! The settings of docs/cli.md ("Settings") and kaidan's own additions: their defaults and the
//! validation of a new value. Pure; the store keeps the values, `config set` and the Settings
//! screen both go through [`validate`].

use super::money::parse_decimal;
use super::{Code, RuleSetting};
use rust_decimal::Decimal;

/// The kind of value a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number of days, 0..=3650.
    Days,
    /// A decimal ≥ 0 (factor, percentage ≤ 100 when `Percent`).
    Decimal,
    Percent,
    /// Money or empty (empty = off).
    OptionalMoney,
    Text,
    /// The name of a printer of the operating system's print service (CUPS queue or Windows
    /// printer), or empty (no printer: prints are saved and opened).
    Printer,
    Bool,
    Choice(&'static [&'static str]),
}

/// Whether `name` can be a printer's name: up to 127 characters, no control characters or
/// double quotes, not starting with `-` (never taken for an option of `lp`). Spaces are allowed
/// (Windows names its printers "HP LaserJet Pro M404n"); the print service says whether it knows it.
pub fn valid_printer_name(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= 127 && !name.starts_with('-') && !name.chars().any(|c| c.is_control() || c == '"')
}

/// One known setting key.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    pub default: &'static str,
    pub kind: Kind,
}

/// Every fixed setting key, in the order they are listed.
pub const SETTINGS: &[Setting] = &[
    Setting { key: "checks.duplicate_window_days", default: "3", kind: Kind::Days },
    Setting { key: "checks.unusual_qty_factor", default: "10", kind: Kind::Decimal },
    Setting { key: "checks.backdate_days", default: "7", kind: Kind::Days },
    Setting { key: "checks.max_discount_pct", default: "10", kind: Kind::Percent },
    Setting { key: "checks.price_tolerance_pct", default: "0", kind: Kind::Percent },
    Setting { key: "checks.overdue_grace_days", default: "0", kind: Kind::Days },
    Setting { key: "scans.confirm_within_days", default: "1", kind: Kind::Days },
    Setting { key: "scans.invoice_within_days", default: "3", kind: Kind::Days },
    Setting { key: "scans.delivery_confirm_days", default: "7", kind: Kind::Days },
    Setting { key: "review.manager_above", default: "", kind: Kind::OptionalMoney },
    Setting { key: "review.owner_above", default: "", kind: Kind::OptionalMoney },
    Setting { key: "tax.rate_pct", default: "0", kind: Kind::Percent },
    Setting { key: "tax.prices_include_tax", default: "false", kind: Kind::Bool },
    Setting { key: "company.name", default: "", kind: Kind::Text },
    Setting { key: "company.address", default: "", kind: Kind::Text },
    Setting { key: "company.phone", default: "", kind: Kind::Text },
    Setting { key: "company.tax_id", default: "", kind: Kind::Text },
    Setting { key: "print.paper", default: "a4", kind: Kind::Choice(&["a4", "a5", "receipt80"]) },
    Setting { key: "print.copies.order", default: "1", kind: Kind::Choice(&["1", "2", "3", "4"]) },
    Setting { key: "print.copies.dispatch", default: "1", kind: Kind::Choice(&["1", "2", "3", "4"]) },
    Setting { key: "print.copies.invoice", default: "1", kind: Kind::Choice(&["1", "2", "3", "4"]) },
    // The printer each kind of document goes to (empty: the shop's printer, print.printer).
    Setting { key: "print.printer", default: "", kind: Kind::Printer },
    Setting { key: "print.printer.order", default: "", kind: Kind::Printer },
    Setting { key: "print.printer.dispatch", default: "", kind: Kind::Printer },
    Setting { key: "print.printer.invoice", default: "", kind: Kind::Printer },
    Setting { key: "ui.lang", default: "", kind: Kind::Choice(&["", "en", "zh"]) },
    Setting { key: "ui.theme", default: "light", kind: Kind::Choice(&["light", "dark"]) },
    Setting { key: "backup.folder", default: "", kind: Kind::Text },
    // Minutes without input after which the window locks (when any user has a PIN); 0 = never.
    Setting { key: "security.lock_after_minutes", default: "10", kind: Kind::Days },
];

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    UnknownKey,
    BadValue(String),
}

/// Look up a key: a fixed one, or `rules.<CODE>.severity` for a live check code.
pub fn lookup(key: &str) -> Option<Setting> {
    if let Some(setting) = SETTINGS.iter().find(|setting| setting.key == key) {
        return Some(*setting);
    }
    let code = key.strip_prefix("rules.")?.strip_suffix(".severity")?;
    let code = Code::parse(code)?;
    code.live_checks_contains().then_some(Setting {
        key: "rules.*.severity",
        default: "",
        kind: Kind::Choice(&["", "block", "warn", "info", "off"]),
    })
}

impl Code {
    fn live_checks_contains(self) -> bool {
        Code::live_checks().contains(&self)
    }
}

/// The default value of a key (empty for rule overrides: the code's own default applies).
pub fn default_of(key: &str) -> Option<&'static str> {
    lookup(key).map(|setting| setting.default)
}

/// Check and normalise a value for `key`.
pub fn validate(key: &str, value: &str) -> Result<String, Invalid> {
    let setting = lookup(key).ok_or(Invalid::UnknownKey)?;
    let value = value.trim();
    let bad = |reason: &str| Err(Invalid::BadValue(reason.to_string()));
    match setting.kind {
        Kind::Days => match value.parse::<i64>() {
            Ok(days) if (0..=3650).contains(&days) => Ok(days.to_string()),
            _ => bad("a whole number of days from 0 to 3650"),
        },
        Kind::Decimal => match parse_decimal(value) {
            Some(number) if number >= Decimal::ZERO => Ok(number.normalize().to_string()),
            _ => bad("a number ≥ 0"),
        },
        Kind::Percent => match parse_decimal(value) {
            Some(number) if number >= Decimal::ZERO && number <= Decimal::ONE_HUNDRED => Ok(number.normalize().to_string()),
            _ => bad("a percentage from 0 to 100"),
        },
        Kind::OptionalMoney => {
            if value.is_empty() {
                return Ok(String::new());
            }
            match parse_decimal(value) {
                Some(number) if number >= Decimal::ZERO => Ok(number.normalize().to_string()),
                _ => bad("an amount ≥ 0, or empty for none"),
            }
        }
        Kind::Printer => {
            if value.is_empty() || valid_printer_name(value) {
                Ok(value.to_string())
            } else {
                bad("a printer's name: no double quotes, not starting with -")
            }
        }
        Kind::Text => {
            if value.chars().count() > 500 {
                bad("at most 500 characters")
            } else {
                Ok(value.to_string())
            }
        }
        Kind::Bool => match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok("true".into()),
            "false" | "0" | "no" => Ok("false".into()),
            _ => bad("true or false"),
        },
        Kind::Choice(choices) => {
            let lower = value.to_ascii_lowercase();
            if choices.contains(&lower.as_str()) {
                Ok(lower)
            } else {
                Err(Invalid::BadValue(format!(
                    "one of: {}",
                    choices.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(", ")
                )))
            }
        }
    }
}

/// A rule override value as stored (empty = default).
pub fn parse_rule(value: &str) -> Option<RuleSetting> {
    if value.is_empty() { None } else { RuleSetting::parse(value) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_each_kind() {
        assert_eq!(validate("checks.duplicate_window_days", " 5 "), Ok("5".into()));
        assert!(validate("checks.duplicate_window_days", "-1").is_err());
        assert!(validate("checks.duplicate_window_days", "2.5").is_err());
        assert_eq!(validate("checks.max_discount_pct", "12.50"), Ok("12.5".into()));
        assert!(validate("checks.max_discount_pct", "101").is_err());
        assert_eq!(validate("review.owner_above", ""), Ok(String::new()));
        assert!(validate("review.owner_above", "lots").is_err());
        assert_eq!(validate("company.name", "张三五金"), Ok("张三五金".into()));
        assert_eq!(validate("rules.STOCK_SHORT.severity", "BLOCK"), Ok("block".into()));
        assert!(validate("rules.STOCK_SHORT.severity", "maybe").is_err());
        assert_eq!(validate("rules.ORDER_NOT_SHIPPED.severity", "off"), Err(Invalid::UnknownKey));
        assert_eq!(validate("no.such.key", "1"), Err(Invalid::UnknownKey));
    }

    #[test]
    fn every_default_is_valid() {
        for setting in SETTINGS {
            assert_eq!(validate(setting.key, setting.default).as_deref(), Ok(setting.default), "{}", setting.key);
        }
    }
}
