//! Settings rows: read with defaults, write after validation, and the check thresholds as one
//! typed struct.

use super::{Result, Store};
use crate::domain::Code;
use crate::domain::checks::CheckSettings;
use crate::domain::money::parse_decimal;
use crate::domain::order::TaxRule;
use crate::domain::settings::{default_of, parse_rule};
use crate::store::db::OptionalExtension;

impl Store {
    /// The stored value, else the default ("" for unknown keys).
    pub fn get_setting(&self, key: &str) -> Result<String> {
        let stored: Option<String> =
            self.db.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |row| row.get(0)).optional()?;
        Ok(stored.unwrap_or_else(|| default_of(key).unwrap_or("").to_string()))
    }

    /// Store an already validated value (see `domain::settings::validate`), with an audit row.
    pub fn set_setting(&mut self, key: &str, value: &str, user: &str, now: &str) -> Result<()> {
        let before = self.get_setting(key)?;
        let tx = self.write_tx()?;
        // Update, else insert — not an upsert: SQLite lets an upsert's DO UPDATE override the
        // OR IGNORE of the check-input trigger it fires, so changing a setting a second time
        // failed while a re-check was pending.
        if tx.execute("UPDATE settings SET value = ?2 WHERE key = ?1", [key, value])? == 0 {
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", [key, value])?;
        }
        super::audit::append_tx(&tx, now, user, "setting", key, "set", &before, value)?;
        tx.commit()?;
        Ok(())
    }

    /// The check thresholds and per-code severity overrides, read in one query.
    pub fn check_settings(&self) -> Result<CheckSettings> {
        let mut stored = std::collections::HashMap::new();
        let mut statement = self
            .db
            .prepare_cached("SELECT key, value FROM settings WHERE key LIKE 'checks.%' OR key LIKE 'review.%' OR key LIKE 'rules.%'")?;
        for row in statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))? {
            let (key, value) = row?;
            stored.insert(key, value);
        }
        let text = |key: &str| stored.get(key).cloned().unwrap_or_else(|| default_of(key).unwrap_or("").to_string());
        let days = |key: &str| text(key).parse::<i64>().unwrap_or(0);
        let decimal = |key: &str| parse_decimal(&text(key));
        let defaults = CheckSettings::default();
        let mut rules = std::collections::HashMap::new();
        for (key, value) in &stored {
            let code = key.strip_prefix("rules.").and_then(|rest| rest.strip_suffix(".severity")).and_then(Code::parse);
            if let (Some(code), Some(rule)) = (code, parse_rule(value)) {
                rules.insert(code, rule);
            }
        }
        Ok(CheckSettings {
            duplicate_window_days: days("checks.duplicate_window_days"),
            unusual_qty_factor: decimal("checks.unusual_qty_factor").unwrap_or(defaults.unusual_qty_factor),
            backdate_days: days("checks.backdate_days"),
            max_discount_pct: decimal("checks.max_discount_pct").unwrap_or(defaults.max_discount_pct),
            price_tolerance_pct: decimal("checks.price_tolerance_pct").unwrap_or_default(),
            overdue_grace_days: days("checks.overdue_grace_days"),
            review_manager_above: decimal("review.manager_above"),
            review_owner_above: decimal("review.owner_above"),
            rules,
        })
    }

    fn decimal_setting(&self, key: &str) -> Result<Option<rust_decimal::Decimal>> {
        Ok(parse_decimal(&self.get_setting(key)?))
    }

    /// How tax applies to order prices.
    pub fn tax_rule(&self) -> Result<TaxRule> {
        Ok(TaxRule {
            rate_pct: self.decimal_setting("tax.rate_pct")?.unwrap_or_default(),
            prices_include_tax: self.get_setting("tax.prices_include_tax")? == "true",
        })
    }
}
