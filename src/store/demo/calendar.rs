//! Instants as minutes relative to today 00:00, and the dates and their text around today.

use super::*;

pub(super) fn day_of(stamp: i32) -> i32 {
    stamp.div_euclid(MINUTES_PER_DAY)
}

pub(super) fn minute_of(stamp: i32) -> i32 {
    stamp.rem_euclid(MINUTES_PER_DAY)
}

pub(super) fn at(day: i32, hour: i32, minute: i32) -> i32 {
    day * MINUTES_PER_DAY + hour * 60 + minute
}

/// An instant `days` after `from`: the same day a little later (rolling to the next morning
/// after hours), or some time during the working day `days` later.
pub(super) fn later(rng: &mut Rng, from: i32, days: i32) -> i32 {
    let day = day_of(from);
    if days <= 0 {
        let minute = minute_of(from) + 5 + rng.below(90) as i32;
        if minute <= DAY_END {
            return day * MINUTES_PER_DAY + minute;
        }
        return (day + 1) * MINUTES_PER_DAY + DAY_START + rng.below(60) as i32;
    }
    (day + days) * MINUTES_PER_DAY + DAY_START + rng.below(600) as i32
}

pub(super) fn shift(date: NaiveDate, days: i32) -> NaiveDate {
    date.checked_add_signed(chrono::Duration::days(i64::from(days))).unwrap_or(date)
}

/// Dates and their text around `today`, computed once.
pub(super) struct Calendar {
    pub(super) today: NaiveDate,
    pub(super) dates: Vec<NaiveDate>,
    pub(super) texts: Vec<String>,
}

pub(super) const CALENDAR_FROM: i32 = -800;
pub(super) const CALENDAR_TO: i32 = 400;

impl Calendar {
    pub(super) fn new(today: NaiveDate) -> Calendar {
        let dates: Vec<NaiveDate> = (CALENDAR_FROM..=CALENDAR_TO).map(|day| shift(today, day)).collect();
        let texts = dates.iter().map(|date| date.to_string()).collect();
        Calendar { today, dates, texts }
    }

    pub(super) fn slot(&self, day: i32) -> Option<usize> {
        usize::try_from(day - CALENDAR_FROM).ok().filter(|slot| *slot < self.dates.len())
    }

    pub(super) fn date(&self, day: i32) -> NaiveDate {
        self.slot(day).and_then(|slot| self.dates.get(slot)).copied().unwrap_or_else(|| shift(self.today, day))
    }

    pub(super) fn text(&self, day: i32) -> Cow<'_, str> {
        match self.slot(day).and_then(|slot| self.texts.get(slot)) {
            Some(text) => Cow::Borrowed(text.as_str()),
            None => Cow::Owned(shift(self.today, day).to_string()),
        }
    }

    pub(super) fn year(&self, stamp: i32) -> i32 {
        self.date(day_of(stamp)).year()
    }

    /// `2026-03-14T09:20:00`
    pub(super) fn stamp(&self, stamp: i32) -> String {
        let minute = minute_of(stamp);
        format!("{}T{:02}:{:02}:00", self.text(day_of(stamp)), minute / 60, minute % 60)
    }
}
