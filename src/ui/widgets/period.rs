//! The period of a report: two dates typed as anywhere else (`12-5`, `today`, `+3`…) with Show
//! (or Enter), and the periods a click away — this month, last month, this year, the last twelve
//! months. Every report of the window takes its period from one of these.

use crate::i18n::{Lang, Tx, ui_finance as t};
use chrono::{Datelike, Duration, Months, NaiveDate};
use egui::Ui;

/// The period a report opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The last twelve months, today included.
    Last12Months,
    /// The last `n` days, today included.
    LastDays(i64),
}

/// Two dates and the presets; remembers the period last shown.
#[derive(Debug, Clone)]
pub struct PeriodBar {
    start: Start,
    from: String,
    to: String,
    range: Option<(NaiveDate, NaiveDate)>,
}

/// The period `which` (one of the presets' texts) stands for on `today`.
pub fn preset(which: Tx, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_this = today.with_day(1).unwrap_or(today);
    if which == t::R_LAST_MONTH {
        let to = first_this.pred_opt().unwrap_or(first_this);
        (to.with_day(1).unwrap_or(to), to)
    } else if which == t::R_THIS_YEAR {
        (today.with_ordinal(1).unwrap_or(today), today)
    } else if which == t::R_THIS_MONTH {
        (first_this, today)
    } else {
        // The last twelve months: the day after the same date a year ago, through today.
        (today.checked_sub_months(Months::new(12)).map_or(today, |date| date + Duration::days(1)), today)
    }
}

impl Default for PeriodBar {
    /// The last twelve months.
    fn default() -> PeriodBar {
        PeriodBar::new(Start::Last12Months)
    }
}

impl PeriodBar {
    pub fn new(start: Start) -> PeriodBar {
        PeriodBar { start, from: String::new(), to: String::new(), range: None }
    }

    fn set(&mut self, (from, to): (NaiveDate, NaiveDate)) {
        (self.from, self.to) = (from.to_string(), to.to_string());
        self.range = Some((from, to));
    }

    /// The bar on one wrapped row (`extra` draws more controls after the presets); returns the
    /// period to show. Dates that are no period are said under the bar, and the last period stays.
    pub fn ui(&mut self, ui: &mut Ui, today: NaiveDate, lang: Lang, extra: impl FnOnce(&mut Ui)) -> (NaiveDate, NaiveDate) {
        if self.range.is_none() {
            self.set(match self.start {
                Start::Last12Months => preset(t::R_LAST_12, today),
                Start::LastDays(days) => (today - Duration::days(days.max(1) - 1), today),
            });
        }
        let mut bad = false;
        ui.horizontal_wrapped(|ui| {
            let from_label = ui.label(t::R_FROM.get(lang));
            let from_edit = ui
                .add(egui::TextEdit::singleline(&mut self.from).desired_width(96.0))
                .labelled_by(from_label.id)
                .on_hover_text(crate::i18n::ui::DATE_HINT.get(lang));
            let to_label = ui.label(t::R_TO.get(lang));
            let to_edit = ui
                .add(egui::TextEdit::singleline(&mut self.to).desired_width(96.0))
                .labelled_by(to_label.id)
                .on_hover_text(crate::i18n::ui::DATE_HINT.get(lang));
            let typed = match (
                crate::domain::dates::parse_date_input(&self.from, today),
                crate::domain::dates::parse_date_input(&self.to, today),
            ) {
                (Some(from), Some(to)) if from <= to => Some((from, to)),
                _ => None,
            };
            bad = typed.is_none();
            let entered = (from_edit.lost_focus() || to_edit.lost_focus()) && ui.input(|input| input.key_pressed(egui::Key::Enter));
            if (ui.add_enabled(typed.is_some(), egui::Button::new(t::R_SHOW.get(lang))).clicked() || entered)
                && let Some(range) = typed
            {
                self.range = Some(range);
            }
            ui.separator();
            for which in [t::R_THIS_MONTH, t::R_LAST_MONTH, t::R_THIS_YEAR, t::R_LAST_12] {
                if ui.button(which.get(lang)).clicked() {
                    self.set(preset(which, today));
                }
            }
            extra(ui);
        });
        if bad {
            ui.colored_label(super::BLOCK, t::R_BAD_PERIOD.get(lang));
        }
        self.range.unwrap_or((today, today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_on_a_day() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).expect("date");
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(preset(t::R_THIS_MONTH, today), (date(2026, 3, 1), today));
        assert_eq!(preset(t::R_LAST_MONTH, today), (date(2026, 2, 1), date(2026, 2, 28)));
        assert_eq!(preset(t::R_THIS_YEAR, today), (date(2026, 1, 1), today));
        assert_eq!(preset(t::R_LAST_12, today), (date(2025, 3, 16), today));
    }
}
