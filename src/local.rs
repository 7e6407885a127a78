//! What kaidan takes from the machine it runs on, in one place for the window and the command
//! line: where its files live (the per-user data folder), today's date and the wall clock, and
//! how `--today`, `--lang` and `--db` are read. Nothing else in the program asks the operating
//! system for a path or the time of day, so tests can pin both.

use crate::i18n::{Lang, cli as text};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The shop database's default path in the per-user data folder
/// (`~/.local/share/kaidan/kaidan.sqlite3` on Linux).
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "kaidan")
        .map(|dirs| dirs.data_dir().join("kaidan.sqlite3"))
        .unwrap_or_else(|| PathBuf::from("kaidan.sqlite3"))
}

/// The demo shop's database, beside the real one.
pub fn demo_db_path() -> PathBuf {
    data_file("demo.sqlite3")
}

/// A file or folder of kaidan's own in the per-user data folder (crash reports, the last folder
/// a file dialog used).
pub fn data_file(name: &str) -> PathBuf {
    default_db_path().with_file_name(name)
}

/// The local date.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The instant for history rows: `today` with the local wall-clock time (ISO 8601).
pub fn now_on(today: NaiveDate) -> String {
    format!("{today}T{}", chrono::Local::now().format("%H:%M:%S"))
}

/// A file-name-safe stamp of the local date and time (`2026-12-04T22-35-12`).
pub fn file_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H-%M-%S").to_string()
}

/// `--today`: a date written YYYY-MM-DD.
pub fn parse_today(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| format!("\"{text}\" is not a date (YYYY-MM-DD)"))
}

/// `--lang`: en or zh (and the usual locale spellings of them).
pub fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("\"{text}\" is not en or zh"))
}

/// The language a run uses: the one asked for, else the operating system's.
pub fn lang_or_system(asked: Option<Lang>) -> Lang {
    asked.unwrap_or_else(Lang::from_environment)
}

/// `--db` names a SQLite file in this build. A PostgreSQL URL (for a shop with several
/// counters) is refused plainly rather than taken as a file name — which would create folders
/// named after the password.
pub fn refuse_server_url(db: &Path, lang: Lang) -> Result<(), String> {
    let text = db.to_string_lossy();
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        return Err(text::NO_SERVER.get(lang).to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_flags() {
        assert_eq!(parse_today(" 2026-12-04 "), Ok(NaiveDate::from_ymd_opt(2026, 12, 4).expect("date")));
        assert!(parse_today("4.12.2026").expect_err("not a date").contains("4.12.2026"));
        assert_eq!(parse_lang("zh"), Ok(Lang::Zh));
        assert!(parse_lang("fr").is_err());
        assert!(refuse_server_url(Path::new("postgres://u:p@h/db"), Lang::En).is_err());
        assert!(refuse_server_url(Path::new("shop.sqlite3"), Lang::En).is_ok());
        assert_eq!(demo_db_path().parent(), default_db_path().parent());
    }
}
