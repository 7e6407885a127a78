//! The one translation layer: every user-facing string is a [`Tx`] holding its English and
//! Simplified Chinese text side by side, so a string without a translation cannot compile.
//! Strings live in one file per area (`ui.rs`, `checks.rs`, `print.rs`, `cli.rs`); this module
//! owns only the language type and the lookup. It must not know about egui, SQLite or PDFs.

pub mod checks;
pub mod cli;
pub mod import;
pub mod labels;
pub mod ops;
pub mod order_json;
pub mod print;
pub mod settings;
pub mod ui;
pub mod ui_audit;
pub mod ui_exceptions;
pub mod ui_finance;
pub mod ui_master;

use serde::{Deserialize, Serialize};

/// A language the UI, messages and documents can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Parse the `--lang` / settings spelling (`en`, `zh`, also `zh-CN`, `zh_CN.UTF-8`).
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        if lower == "en" || lower.starts_with("en_") || lower.starts_with("en-") {
            Some(Lang::En)
        } else if lower == "zh" || lower.starts_with("zh_") || lower.starts_with("zh-") {
            Some(Lang::Zh)
        } else {
            None
        }
    }

    /// The language of the OS locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|key| std::env::var(key).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::parse(&value))
            .unwrap_or(Lang::En)
    }

    /// The code stored in settings and accepted by `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// One user-facing text in both languages. Placeholders are written `{name}` and filled by
/// [`Tx::fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tx {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Tx {
    /// The text in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// The text in `lang` with each `{name}` replaced by its value.
    pub fn fill(self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut text = self.get(lang).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }
}

/// Shorthand for declaring a table of texts: `tx!(NAME, "English", "中文");`
#[macro_export]
macro_rules! tx {
    ($($(#[$meta:meta])* $name:ident = $en:literal, $zh:literal;)*) => {
        $($(#[$meta])* pub const $name: $crate::i18n::Tx = $crate::i18n::Tx { en: $en, zh: $zh };)*

        /// Every text of this table with its name (for the test that checks them all).
        #[cfg(test)]
        pub const ALL_TEXTS: &[(&str, $crate::i18n::Tx)] = &[$((stringify!($name), $name)),*];
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_spellings() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    /// The placeholders of a text (`{name}`; `{name_zh}`, the Chinese form of the same value,
    /// counts as `{name}`), sorted. Braces around anything else are text.
    fn placeholders(text: &str) -> Vec<String> {
        let mut found: Vec<String> = text
            .match_indices('{')
            .filter_map(|(at, _)| text[at + 1..].find('}').map(|end| &text[at + 1..at + 1 + end]))
            .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .map(|name| name.trim_end_matches("_zh").to_string())
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_text_has_both_languages_and_the_same_placeholders() {
        let tables: [(&str, &[(&str, Tx)]); 13] = [
            ("checks", checks::ALL_TEXTS),
            ("cli", cli::ALL_TEXTS),
            ("import", import::ALL_TEXTS),
            ("ops", ops::ALL_TEXTS),
            ("order_json", order_json::ALL_TEXTS),
            ("print", print::ALL_TEXTS),
            ("settings", settings::ALL_TEXTS),
            ("ui", ui::ALL_TEXTS),
            ("ui_audit", ui_audit::ALL_TEXTS),
            ("ui_exceptions", ui_exceptions::ALL_TEXTS),
            ("ui_finance", ui_finance::ALL_TEXTS),
            ("ui_master", ui_master::ALL_TEXTS),
            ("bounds", crate::domain::bounds::ALL_TEXTS),
        ];
        let mut wrong = vec![];
        let mut count = 0;
        for (table, texts) in tables {
            for (name, text) in texts {
                count += 1;
                if text.en.trim().is_empty() || text.zh.trim().is_empty() {
                    wrong.push(format!("{table}::{name}: a language is empty"));
                }
                if placeholders(text.en) != placeholders(text.zh) {
                    wrong.push(format!("{table}::{name}: {:?} vs {:?}", placeholders(text.en), placeholders(text.zh)));
                }
                // Chinese text that is only ASCII is an untranslated English one (codes aside).
                let words: String = text.zh.split(['{', '}']).step_by(2).collect();
                if words.chars().any(|c| c.is_ascii_alphabetic()) && words.is_ascii() && words.len() > 4 {
                    wrong.push(format!("{table}::{name}: \"{}\" is not Chinese", text.zh));
                }
            }
        }
        assert!(count > 500, "the tables were found: {count} texts");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn fills_placeholders() {
        let text = Tx { en: "Only {n} left", zh: "仅剩 {n}" };
        assert_eq!(text.fill(Lang::Zh, &[("n", &5)]), "仅剩 5");
    }
}
