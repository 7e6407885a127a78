//! The customer card's statement (对账单): a period (last month by default, dates typed as
//! anywhere else) and where to save it — PDF, XLSX or CSV by the file's extension. The window
//! writes it off its thread and says where it went with the closing balance.

use super::*;
use crate::ui::widgets::PathPicker;

/// The statement being asked for in the card.
pub(super) struct StatementPanel {
    /// Scrolled into view once, when it opens (under the account, often below the fold).
    shown: bool,
    from: String,
    to: String,
    picker: PathPicker,
}

impl StatementPanel {
    /// Last month, saved as `<CODE>-statement-<YYYY-MM>.pdf` in the last folder used.
    pub(super) fn new(code: &str, today: NaiveDate) -> StatementPanel {
        use chrono::Datelike;
        let first_this = today.with_day(1).unwrap_or(today);
        let to = first_this.pred_opt().unwrap_or(first_this);
        let from = to.with_day(1).unwrap_or(to);
        let stem = crate::statements::file_stem(code, &mut Default::default());
        let name = format!("{stem}-statement-{}.pdf", from.format("%Y-%m"));
        StatementPanel {
            shown: false,
            from: from.to_string(),
            to: to.to_string(),
            picker: PathPicker::new(&name, true, &["pdf", "xlsx", "csv"]),
        }
    }

    /// The panel; `Some(action)` when the statement is to be written, `Some(None)` when closed.
    pub(super) fn ui(&mut self, ui: &mut Ui, code: &str, today: NaiveDate, lang: Lang) -> Option<Option<Action>> {
        let mut done = None;
        let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.strong(tm::STATEMENT.get(lang));
            let period = period_ui(ui, &mut self.from, &mut self.to, today, lang);
            self.picker.ui(ui, lang);
            ui.horizontal(|ui| {
                if ui.add_enabled(period.is_some(), egui::Button::new(tm::STATEMENT_SAVE.get(lang))).clicked()
                    && let (Some((from, to)), Some(path)) = (period, self.picker.take())
                {
                    done = Some(Some(Action::WriteStatement { customer: code.to_string(), from, to, path }));
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    done = Some(None);
                }
            });
        });
        if !self.shown {
            self.shown = true;
            frame.response.scroll_to_me(Some(egui::Align::BOTTOM));
        }
        done
    }
}

/// A statement's period as two typed dates (From, To): the period when both read as dates, the
/// first not after the second; else None, and the reason said under them.
pub(super) fn period_ui(ui: &mut Ui, from: &mut String, to: &mut String, today: NaiveDate, lang: Lang) -> Option<(NaiveDate, NaiveDate)> {
    let mut parsed = [None, None];
    ui.horizontal(|ui| {
        for (index, (title, text)) in [(tm::STATEMENT_FROM, from), (tm::STATEMENT_TO, to)].into_iter().enumerate() {
            let label = ui.label(title.get(lang));
            ui.add(egui::TextEdit::singleline(text).desired_width(100.0)).labelled_by(label.id).on_hover_text(t::DATE_HINT.get(lang));
            parsed[index] = crate::domain::dates::parse_date_input(text, today);
        }
    });
    let period = match parsed {
        [Some(from), Some(to)] if from <= to => Some((from, to)),
        _ => None,
    };
    if period.is_none() {
        ui.colored_label(widgets::BLOCK, tm::STATEMENT_BAD_PERIOD.get(lang));
    }
    period
}
