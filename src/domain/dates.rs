//! Dates as a clerk types them: `2026-12-05`, `2026/12/5`, `12-5` or `12/5` (month, day: this
//! year), `5` (a day of this month), `today`/`今天`, `tomorrow`/`明天`, `+3`/`-2` (days from
//! today). Pure: today is passed in.

use chrono::{Datelike, Duration, NaiveDate};

/// The date `text` means on `today`, or None when it means none.
pub fn parse_date_input(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = text.trim().to_lowercase();
    match text.as_str() {
        "" => return None,
        "today" | "今天" | "今日" => return Some(today),
        "tomorrow" | "明天" | "明日" => return today.checked_add_signed(Duration::days(1)),
        "yesterday" | "昨天" | "昨日" => return today.checked_sub_signed(Duration::days(1)),
        _ => {}
    }
    if let Some(days) = text.strip_prefix('+').and_then(|d| d.parse::<i64>().ok()) {
        return (days.abs() <= 3650).then(|| today.checked_add_signed(Duration::days(days))).flatten();
    }
    if let Some(days) = text.strip_prefix('-').and_then(|d| d.parse::<i64>().ok()) {
        return (days.abs() <= 3650).then(|| today.checked_sub_signed(Duration::days(days))).flatten();
    }
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    match numbers?.as_slice() {
        [year, month, day] if *year >= 1900 => NaiveDate::from_ymd_opt(*year as i32, *month, *day),
        [month, day] => NaiveDate::from_ymd_opt(today.year(), *month, *day),
        [day] if *day <= 31 => NaiveDate::from_ymd_opt(today.year(), today.month(), *day),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn what_clerks_type() {
        let today = day(2026, 11, 20);
        for (text, expected) in [
            ("2026-12-05", Some(day(2026, 12, 5))),
            ("2026/12/5", Some(day(2026, 12, 5))),
            ("12-5", Some(day(2026, 12, 5))),
            ("5/12", Some(day(2026, 5, 12))),
            ("2026年12月5日", Some(day(2026, 12, 5))),
            ("12月5日", Some(day(2026, 12, 5))),
            ("25", Some(day(2026, 11, 25))),
            ("today", Some(today)),
            ("今天", Some(today)),
            ("明天", Some(day(2026, 11, 21))),
            ("+3", Some(day(2026, 11, 23))),
            ("-2", Some(day(2026, 11, 18))),
            ("2-30", None),
            ("abc", None),
            ("", None),
            ("+99999", None),
        ] {
            assert_eq!(parse_date_input(text, today), expected, "{text}");
        }
    }
}
