//! What can go wrong in the store, and how it is said to the user.

use super::db;

/// What can go wrong in the store. Messages name the thing concerned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Sql(#[from] db::Error),
    #[error("{path}: made by a newer kaidan (schema {found}, this build knows {known}); update kaidan to open it")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("{path}: the database is damaged ({detail}); restore a backup")]
    Damaged { path: String, detail: String },
    #[error("{0} not found")]
    NotFound(String),
    #[error("{what} was changed by {by} at {at}; reload and try again")]
    Conflict { what: String, by: String, at: String },
    #[error("{0}")]
    Invalid(String),
    /// A barcode given to a product already belongs to another one.
    #[error("barcode {barcode} already belongs to {owner}")]
    BarcodeTaken { barcode: String, owner: String },
    #[error("{path}: not a kaidan database (it holds another program's tables); nothing was changed")]
    NotKaidan { path: String },
    #[error("{name}: cannot reach the database server ({detail})")]
    ServerUnreachable { name: String, detail: String },
    #[error("{name}: the server refused the connection: {detail}")]
    ServerRefused { name: String, detail: String },
}

impl Error {
    /// The error as the user reads it, in `lang`: a record not found and a record changed
    /// meanwhile are said in words of the language ("未找到订单 SO-2026-00042。"); the rest
    /// (file and server trouble, SQL) as they are.
    pub fn say(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::ops as text;
        match self {
            Error::NotFound(what) => text::NOT_FOUND.fill(lang, &[("what", &record_words(what, lang))]),
            Error::Conflict { what, by, at } => {
                text::CHANGED_MEANWHILE.fill(lang, &[("what", &record_words(what, lang)), ("by", by), ("at", at)])
            }
            other => other.to_string(),
        }
    }

    /// What SQLite said when it met a damaged page or a file that is not a database while
    /// working (the check before a command may miss a page it did not read); None for any other
    /// error. The caller names the file (see [`Error::Damaged`]).
    pub fn damage(&self) -> Option<String> {
        let Error::Sql(db::Error::Sqlite(error)) = self else { return None };
        matches!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
            .then(|| error.to_string())
    }
}

/// A record named as the store names it ("order SO-1", "customer #12") in `lang`'s words; the
/// first letter capitalised in English, as a sentence starts.
fn record_words(what: &str, lang: crate::i18n::Lang) -> String {
    let (kind, rest) = what.split_once(' ').unwrap_or((what, ""));
    let zh = match kind {
        "order" => "订单",
        "customer" => "客户",
        "product" => "商品",
        "invoice" => "发票",
        "shipment" => "发货单",
        "user" => "用户",
        "exception" => "异常",
        "deposit" => "订金",
        _ => "",
    };
    match lang {
        crate::i18n::Lang::Zh if !zh.is_empty() => format!("{zh} {rest}"),
        _ => {
            let mut chars = what.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Sql(db::Error::Sqlite(error))
    }
}
