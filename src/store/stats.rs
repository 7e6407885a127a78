//! Statistics of the exception inbox: exceptions opened per week by code, time to resolve,
//! root causes, customers, the clerks who entered the orders, and the open backlog by age.
//! Read-only, set-based queries (GROUP BY, one pass each); medians, which SQL cannot give
//! cheaply, are computed here from the durations of closed exceptions. Must not write, know
//! about egui, or read the clock: `today` is passed in.

use super::{Result, Store};
use crate::store::db::params;
use chrono::{Datelike, NaiveDate, TimeDelta};
use std::collections::BTreeMap;

/// How many days back resolve times, root causes, customers and clerks look.
pub const WINDOW_DAYS: i64 = 365;

/// How many ISO weeks the weekly counts cover, this week included.
pub const WEEKS: i64 = 12;

/// The most weeks the weekly counts of a chosen period show (the latest).
pub const MOST_WEEKS: i64 = 260;

/// How many customers the "by customer" list keeps.
pub const TOP_CUSTOMERS: i64 = 10;

/// Figures for the statistics view of the exception inbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExceptionStats {
    /// One entry per ISO week, oldest first, labelled like "2026-W47" (every week of the span,
    /// empty ones too): the codes of the exceptions opened that week, sorted, with their counts.
    pub weekly: Vec<(String, Vec<(String, i64)>)>,
    /// Per code, most closed first: (code, median hours, worst hours, how many were closed).
    /// Durations run from opening to closing of exceptions resolved or waived in the window.
    /// (f64 is fine here: these are durations, not money.)
    pub resolve_hours: Vec<(String, f64, f64, usize)>,
    /// Median time to close over every code; None when nothing was closed in the window.
    pub overall_median_hours: Option<f64>,
    /// Longest time to close over every code.
    pub overall_worst_hours: Option<f64>,
    /// Root cause spelling (see `RootCause::as_str`) and count, most frequent first.
    pub root_causes: Vec<(String, i64)>,
    /// The customers with most exceptions: (code, name or "" when unknown, count).
    pub by_customer: Vec<(String, String, i64)>,
    /// Who entered the orders the exceptions are about, most first.
    pub by_clerk: Vec<(String, i64)>,
    /// Open and in-progress exceptions by age: 0–1 days, 2–7, 8–30, over 30.
    pub backlog: [i64; 4],
}

/// The bucket of the open backlog an exception `days` old falls in (0 = 0–1 d, 1 = 2–7 d,
/// 2 = 8–30 d, 3 = over 30 d). Negative ages (opened "tomorrow" by a wrong clock) count as new.
pub fn age_bucket(days: i64) -> usize {
    match days {
        i64::MIN..=1 => 0,
        2..=7 => 1,
        8..=30 => 2,
        _ => 3,
    }
}

/// The middle value (mean of the two middle ones for an even count); sorts `values`.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) { Some((values[middle - 1] + values[middle]) / 2.0) } else { Some(values[middle]) }
}

/// The ISO week label of a date, e.g. "2026-W47".
pub fn week_label(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// The Monday starting the ISO week of `date`.
fn week_start(date: NaiveDate) -> NaiveDate {
    let back = TimeDelta::days(i64::from(date.weekday().num_days_from_monday()));
    date.checked_sub_signed(back).unwrap_or(date)
}

/// Exception counts of one week, per code.
type WeekCounts = (String, Vec<(String, i64)>);

impl Store {
    /// Every figure of the statistics view, as of `today`: the last [`WEEKS`] weeks by week, the
    /// last [`WINDOW_DAYS`] days for the rest.
    pub fn exception_stats(&self, today: NaiveDate) -> Result<ExceptionStats> {
        let this_week = week_start(today);
        let first_week = this_week.checked_sub_signed(TimeDelta::weeks(WEEKS - 1)).unwrap_or(this_week);
        let since = today.checked_sub_signed(TimeDelta::days(WINDOW_DAYS)).unwrap_or(NaiveDate::MIN);
        self.stats_of(first_week, since, today, today)
    }

    /// Every figure of the statistics view for exceptions opened (or, for the times to close,
    /// closed) from `from` to `to`, both included; the weeks of the period by week (the latest
    /// [`MOST_WEEKS`] of a longer one); the open backlog as it stands on `today`.
    pub fn exception_stats_between(&self, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<ExceptionStats> {
        let last_week = week_start(to);
        let first_week = week_start(from).max(last_week.checked_sub_signed(TimeDelta::weeks(MOST_WEEKS - 1)).unwrap_or(last_week));
        self.stats_of(first_week, from, to, today)
    }

    fn stats_of(&self, first_week: NaiveDate, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<ExceptionStats> {
        let (since, until) = (from.to_string(), to.to_string());
        // Closing stamps carry a time: everything before the next day.
        let until_stamp = to.succ_opt().unwrap_or(to).to_string();
        let (resolve_hours, overall_median_hours, overall_worst_hours) = self.resolve_times(&since, &until_stamp)?;
        Ok(ExceptionStats {
            weekly: self.weekly_counts(first_week, to)?,
            resolve_hours,
            overall_median_hours,
            overall_worst_hours,
            root_causes: self.root_cause_counts(&since, &until)?,
            by_customer: self.customer_counts(&since, &until)?,
            by_clerk: self.clerk_counts(&since, &until)?,
            backlog: self.open_backlog(today)?,
        })
    }

    /// Exceptions opened per ISO week and code, from the week starting `first_week` to `to`.
    fn weekly_counts(&self, first_week: NaiveDate, to: NaiveDate) -> Result<Vec<WeekCounts>> {
        let today = to;
        let weeks_count = (week_start(to).signed_duration_since(first_week).num_weeks() + 1).clamp(1, MOST_WEEKS);
        let mut weeks: Vec<(String, BTreeMap<String, i64>)> = (0..weeks_count)
            .filter_map(|index| first_week.checked_add_signed(TimeDelta::weeks(index)))
            .map(|monday| (week_label(monday), BTreeMap::new()))
            .collect();
        let mut statement = self
            .db
            .prepare_cached("SELECT opened, code, COUNT(*) FROM exceptions WHERE opened >= ?1 AND opened <= ?2 GROUP BY opened, code")?;
        let rows = statement.query_map(params![first_week.to_string(), today.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?))
        })?;
        for row in rows {
            let (opened, code, count) = row?;
            // A date edited outside kaidan into another shape is skipped, not fatal.
            let Ok(date) = NaiveDate::parse_from_str(&opened, "%Y-%m-%d") else { continue };
            let index = week_start(date).signed_duration_since(first_week).num_weeks();
            if let Some((_, counts)) = usize::try_from(index).ok().and_then(|index| weeks.get_mut(index)) {
                *counts.entry(code).or_default() += count;
            }
        }
        Ok(weeks.into_iter().map(|(label, counts)| (label, counts.into_iter().collect())).collect())
    }

    /// Median and worst hours from opening to closing, per code and overall.
    #[allow(clippy::type_complexity)]
    fn resolve_times(&self, since: &str, until: &str) -> Result<(Vec<(String, f64, f64, usize)>, Option<f64>, Option<f64>)> {
        let hours = self.db.dialect().hours_between("closed_at", "opened_at");
        let mut statement = self.db.prepare_cached(&format!(
            "SELECT code, {hours} FROM exceptions
             WHERE status IN ('resolved', 'waived') AND closed_at IS NOT NULL AND closed_at >= ?1 AND closed_at < ?2"
        ))?;
        let rows = statement.query_map(params![since, until], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<f64>>(1)?)))?;
        let mut by_code: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut every = Vec::new();
        for row in rows {
            let (code, hours) = row?;
            // NULL when a stamp is malformed; negative when a clock was wrong: count as instant.
            let Some(hours) = hours.filter(|hours| hours.is_finite()) else { continue };
            let hours = hours.max(0.0);
            by_code.entry(code).or_default().push(hours);
            every.push(hours);
        }
        let mut per_code: Vec<(String, f64, f64, usize)> = by_code
            .into_iter()
            .filter_map(|(code, mut hours)| {
                let count = hours.len();
                let middle = median(&mut hours)?;
                let worst = hours.last().copied().unwrap_or(middle);
                Some((code, middle, worst, count))
            })
            .collect();
        per_code.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
        let overall_median = median(&mut every);
        let overall_worst = every.last().copied();
        Ok((per_code, overall_median, overall_worst))
    }

    /// Root causes recorded on exceptions opened since `since`, most frequent first.
    fn root_cause_counts(&self, since: &str, until: &str) -> Result<Vec<(String, i64)>> {
        let mut statement = self.db.prepare_cached(
            "SELECT root_cause, COUNT(*) AS n FROM exceptions WHERE root_cause IS NOT NULL AND opened >= ?1 AND opened <= ?2
             GROUP BY root_cause ORDER BY n DESC, root_cause",
        )?;
        let rows = statement.query_map(params![since, until], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The customers with most exceptions opened since `since`, with their names.
    fn customer_counts(&self, since: &str, until: &str) -> Result<Vec<(String, String, i64)>> {
        let mut statement = self.db.prepare_cached(
            "SELECT top.code, COALESCE(c.name, ''), top.n
             FROM (SELECT customer_code AS code, COUNT(*) AS n FROM exceptions
                   WHERE customer_code <> '' AND opened >= ?1 AND opened <= ?3
                   GROUP BY customer_code ORDER BY n DESC, customer_code LIMIT ?2) AS top
             LEFT JOIN customers c ON c.code = top.code
             ORDER BY top.n DESC, top.code",
        )?;
        let rows = statement.query_map(params![since, TOP_CUSTOMERS, until], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Who entered the orders behind the exceptions opened since `since`, most first.
    fn clerk_counts(&self, since: &str, until: &str) -> Result<Vec<(String, i64)>> {
        let mut statement = self.db.prepare_cached(
            "SELECT entered_by, COUNT(*) AS n FROM exceptions WHERE entered_by <> '' AND opened >= ?1 AND opened <= ?2
             GROUP BY entered_by ORDER BY n DESC, entered_by LIMIT 50",
        )?;
        let rows = statement.query_map(params![since, until], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Open and in-progress exceptions counted by [`age_bucket`] of their opening date.
    fn open_backlog(&self, today: NaiveDate) -> Result<[i64; 4]> {
        let mut statement =
            self.db.prepare_cached("SELECT opened, COUNT(*) FROM exceptions WHERE status IN ('open', 'in_progress') GROUP BY opened")?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
        let mut backlog = [0_i64; 4];
        for row in rows {
            let (opened, count) = row?;
            // A malformed date cannot be aged; count it as old rather than lose it.
            let days = NaiveDate::parse_from_str(&opened, "%Y-%m-%d").map_or(i64::MAX, |date| today.signed_duration_since(date).num_days());
            backlog[age_bucket(days)] += count;
        }
        Ok(backlog)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        store: &Store,
        code: &str,
        status: &str,
        customer: &str,
        clerk: &str,
        opened_at: &str,
        closed_at: Option<&str>,
        cause: Option<&str>,
    ) {
        let opened = &opened_at[..10];
        store
            .db
            .execute(
                "INSERT INTO exceptions (code, severity, subject_kind, subject, customer_code, entered_by, department, status,
                     opened, opened_at, closed_at, root_cause, message_en, message_zh)
                 VALUES (?1, 'warn', 'order', 'SO-' || ?1 || '-' || ?6, ?3, ?4, 'sales', ?2, ?5, ?6, ?7, ?8, 'm', 'm')",
                params![code, status, customer, clerk, opened, opened_at, closed_at, cause],
            )
            .expect("insert exception");
    }

    #[test]
    fn buckets_split_at_1_7_and_30_days() {
        assert_eq!(age_bucket(-3), 0);
        assert_eq!(age_bucket(0), 0);
        assert_eq!(age_bucket(1), 0);
        assert_eq!(age_bucket(2), 1);
        assert_eq!(age_bucket(7), 1);
        assert_eq!(age_bucket(8), 2);
        assert_eq!(age_bucket(30), 2);
        assert_eq!(age_bucket(31), 3);
        assert_eq!(age_bucket(i64::MAX), 3);
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn week_labels_are_iso() {
        assert_eq!(week_label(day("2026-11-20")), "2026-W47");
        // 2027-01-01 is a Friday: it belongs to the last ISO week of 2026.
        assert_eq!(week_label(day("2027-01-01")), "2026-W53");
        assert_eq!(week_start(day("2026-11-22")), day("2026-11-16"));
    }

    #[test]
    fn stats_of_a_few_exceptions() {
        let store = Store::open_in_memory().expect("store");
        store
            .db
            .execute(
                "INSERT INTO customers (code, name, updated_at, updated_by) VALUES ('C001', '华联超市', '2026-01-01T00:00:00', 'admin')",
                [],
            )
            .expect("customer");
        let today = day("2026-11-20");
        // Open ones: today, 5 days, 20 days and 100 days old.
        insert(&store, "STOCK_SHORT", "open", "C001", "li", "2026-11-20T09:00:00", None, None);
        insert(&store, "PRICE_MISMATCH", "in_progress", "C001", "li", "2026-11-15T09:00:00", None, None);
        insert(&store, "STOCK_SHORT", "open", "C002", "wang", "2026-10-31T09:00:00", None, None);
        insert(&store, "INVOICE_OVERDUE", "open", "", "", "2026-08-12T09:00:00", None, None);
        // Closed ones: 2 h and 10 h for STOCK_SHORT, 30 h waived PRICE_MISMATCH.
        insert(&store, "STOCK_SHORT", "resolved", "C001", "li", "2026-11-18T08:00:00", Some("2026-11-18T10:00:00"), Some("supplier_delay"));
        insert(
            &store,
            "STOCK_SHORT",
            "resolved",
            "C002",
            "wang",
            "2026-11-17T08:00:00",
            Some("2026-11-17T18:00:00"),
            Some("supplier_delay"),
        );
        insert(&store, "PRICE_MISMATCH", "waived", "C001", "li", "2026-11-10T08:00:00", Some("2026-11-11T14:00:00"), Some("input_error"));
        // Closed more than a year ago: outside the window.
        insert(&store, "QTY_UNUSUAL", "resolved", "C003", "zhao", "2025-01-02T08:00:00", Some("2025-01-09T08:00:00"), Some("other"));

        let stats = store.exception_stats(today).expect("stats");

        assert_eq!(stats.backlog, [1, 1, 1, 1]);

        assert_eq!(stats.weekly.len(), WEEKS as usize);
        let (last_label, last_counts) = stats.weekly.last().expect("this week");
        assert_eq!(last_label, "2026-W47");
        assert_eq!(*last_counts, vec![("STOCK_SHORT".to_string(), 3)]);
        let (_, previous) = &stats.weekly[WEEKS as usize - 2];
        assert_eq!(*previous, vec![("PRICE_MISMATCH".to_string(), 2)]);
        let total: i64 = stats.weekly.iter().flat_map(|(_, counts)| counts.iter().map(|(_, n)| n)).sum();
        assert_eq!(total, 6, "the August and 2025 ones are older than 12 weeks");

        assert_eq!(stats.resolve_hours.len(), 2);
        let (code, median_hours, worst_hours, count) = &stats.resolve_hours[0];
        assert_eq!((code.as_str(), *count), ("STOCK_SHORT", 2));
        assert!((median_hours - 6.0).abs() < 1e-6, "median {median_hours}");
        assert!((worst_hours - 10.0).abs() < 1e-6, "worst {worst_hours}");
        assert!(stats.overall_median_hours.is_some_and(|h| (h - 10.0).abs() < 1e-6));
        assert!(stats.overall_worst_hours.is_some_and(|h| (h - 30.0).abs() < 1e-6));

        assert_eq!(stats.root_causes, vec![("supplier_delay".to_string(), 2), ("input_error".to_string(), 1)]);
        assert_eq!(stats.by_customer, vec![("C001".to_string(), "华联超市".to_string(), 4), ("C002".to_string(), String::new(), 2)]);
        assert_eq!(stats.by_clerk, vec![("li".to_string(), 4), ("wang".to_string(), 2)]);
    }

    #[test]
    fn stats_of_an_empty_database() {
        let store = Store::open_in_memory().expect("store");
        let stats = store.exception_stats(day("2026-11-20")).expect("stats");
        assert_eq!(stats.backlog, [0; 4]);
        assert_eq!(stats.weekly.len(), WEEKS as usize);
        assert!(stats.weekly.iter().all(|(_, counts)| counts.is_empty()));
        assert!(stats.resolve_hours.is_empty());
        assert_eq!(stats.overall_median_hours, None);
    }

    #[test]
    fn a_chosen_period_counts_only_what_opened_and_closed_in_it() {
        let store = Store::open_in_memory().expect("store");
        let today = day("2026-11-20");
        insert(&store, "STOCK_SHORT", "resolved", "C001", "li", "2026-03-02T08:00:00", Some("2026-03-02T12:00:00"), Some("input_error"));
        insert(&store, "STOCK_SHORT", "resolved", "C002", "wang", "2026-06-10T08:00:00", Some("2026-06-11T08:00:00"), Some("other"));
        insert(&store, "PRICE_MISMATCH", "open", "C002", "wang", "2026-06-12T08:00:00", None, None);
        // March only: one exception, closed in 4 hours, one March week in the weeks.
        let march = store.exception_stats_between(day("2026-03-01"), day("2026-03-31"), today).expect("stats");
        assert_eq!(march.root_causes, vec![("input_error".to_string(), 1)]);
        assert_eq!(march.by_clerk, vec![("li".to_string(), 1)]);
        assert!(march.overall_median_hours.is_some_and(|hours| (hours - 4.0).abs() < 0.01));
        assert_eq!(march.weekly.first().map(|week| week.0.as_str()), Some("2026-W09"));
        assert_eq!(march.weekly.iter().map(|week| week.1.iter().map(|c| c.1).sum::<i64>()).sum::<i64>(), 1);
        // June: the other two; the closed one counts its 24 hours.
        let june = store.exception_stats_between(day("2026-06-01"), day("2026-06-30"), today).expect("stats");
        assert_eq!(june.by_clerk, vec![("wang".to_string(), 2)]);
        assert!(june.overall_median_hours.is_some_and(|hours| (hours - 24.0).abs() < 0.01));
        // The backlog is today's whatever the period.
        assert_eq!(march.backlog, june.backlog);
        assert_eq!(june.backlog.iter().sum::<i64>(), 1);
    }
}
