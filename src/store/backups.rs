//! Automatic rotating backups with SQLite's online backup API: one file a day
//! (`kaidan-YYYY-MM-DD.sqlite3`), keeping the last 7 days and one per month for the last 12
//! months. The folder is a setting (e.g. a USB stick); by default `backups/` beside the database.
//! A server database is backed up the same way, into one SQLite file a day (`Store::backup_to`).

use super::{Result, Store};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// The backup folder: the `backup.folder` setting, else `backups/` beside the database (for a
/// server database, `backups/` in its folder on this PC: each counter keeps its own copies).
pub fn backup_folder(store: &Store, db_path: &Path) -> Result<PathBuf> {
    let configured = store.get_setting("backup.folder")?;
    if !configured.trim().is_empty() {
        return Ok(PathBuf::from(configured.trim()));
    }
    Ok(match super::server_url(db_path) {
        Some(url) => crate::local::server_folder(url).join("backups"),
        None => db_path.with_file_name("backups"),
    })
}

fn backup_date(path: &Path) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let date = name.strip_prefix("kaidan-")?.strip_suffix(".sqlite3")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// Which of these dated backups to keep on `today`: the last 7 days, and the newest of each of
/// the last 12 months.
pub fn to_keep(dates: &[NaiveDate], today: NaiveDate) -> Vec<NaiveDate> {
    let mut keep: Vec<NaiveDate> = dates.iter().copied().filter(|date| (today - *date).num_days() < 7).collect();
    let mut months: std::collections::BTreeMap<(i32, u32), NaiveDate> = std::collections::BTreeMap::new();
    for date in dates {
        let months_ago = (today.year() - date.year()) * 12 + today.month() as i32 - date.month() as i32;
        if (0..12).contains(&months_ago) {
            let entry = months.entry((date.year(), date.month())).or_insert(*date);
            if *date > *entry {
                *entry = *date;
            }
        }
    }
    keep.extend(months.values());
    keep.sort();
    keep.dedup();
    keep
}

impl Store {
    /// Make today's backup if there is none yet, then delete what the rotation no longer keeps.
    /// Returns the new backup's path, if one was made.
    pub fn daily_backup(&self, folder: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
        std::fs::create_dir_all(folder).map_err(|error| super::Error::Invalid(format!("{}: {error}", folder.display())))?;
        let target = folder.join(format!("kaidan-{today}.sqlite3"));
        let made = if target.exists() {
            None
        } else {
            let partial = folder.join(format!("kaidan-{today}.sqlite3.partial"));
            self.backup_to(&partial)?;
            std::fs::rename(&partial, &target).map_err(|error| super::Error::Invalid(format!("{}: {error}", target.display())))?;
            Some(target)
        };
        let entries = std::fs::read_dir(folder).map_err(|error| super::Error::Invalid(format!("{}: {error}", folder.display())))?;
        let files: Vec<(PathBuf, NaiveDate)> = entries
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| backup_date(&entry.path()).map(|date| (entry.path(), date)))
            .collect();
        let dates: Vec<NaiveDate> = files.iter().map(|(_, date)| *date).collect();
        let keep = to_keep(&dates, today);
        for (path, date) in files {
            if !keep.contains(&date) {
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(made)
    }

    /// The newest backup in `folder` that passes the integrity check (offered when the database
    /// is damaged).
    pub fn newest_good_backup(folder: &Path) -> Option<PathBuf> {
        let mut files: Vec<(NaiveDate, PathBuf)> =
            std::fs::read_dir(folder).ok()?.filter_map(|e| e.ok()).filter_map(|e| backup_date(&e.path()).map(|d| (d, e.path()))).collect();
        files.sort();
        files.into_iter().rev().map(|(_, path)| path).find(|path| super::verify_file(path).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    #[test]
    fn keeps_seven_days_and_twelve_months() {
        let today = day("2026-11-23");
        let dates: Vec<NaiveDate> = (0..500).map(|n| today - chrono::Duration::days(n)).collect();
        let keep = to_keep(&dates, today);
        assert!(keep.contains(&today));
        assert!(keep.contains(&day("2026-11-17")));
        assert!(!keep.contains(&day("2026-11-16")));
        assert!(keep.contains(&day("2026-10-31")), "newest of October");
        assert!(keep.contains(&day("2025-12-31")), "12th month back");
        assert!(!keep.contains(&day("2025-11-30")), "13 months ago is dropped");
        assert_eq!(keep.len(), 7 + 11);
    }

    #[test]
    fn daily_backup_rotates_files() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("shop.sqlite3")).expect("store");
        let folder = dir.path().join("backups");
        let today = day("2026-11-23");
        for n in [30, 10, 8, 1] {
            std::fs::create_dir_all(&folder).expect("dir");
            store.backup_to(&folder.join(format!("kaidan-{}.sqlite3", today - chrono::Duration::days(n)))).expect("old backup");
        }
        let made = store.daily_backup(&folder, today).expect("backup").expect("made");
        assert!(made.exists());
        assert!(store.daily_backup(&folder, today).expect("again").is_none(), "one a day");
        let names: Vec<String> =
            std::fs::read_dir(&folder).expect("read").map(|e| e.expect("entry").file_name().to_string_lossy().to_string()).collect();
        assert!(!names.iter().any(|n| n.contains("2026-11-15")), "8 days old, not a month's newest: {names:?}");
        assert!(names.iter().any(|n| n.contains("2026-10-24")), "newest of October: {names:?}");
        assert_eq!(Store::newest_good_backup(&folder), Some(made));
    }
}
