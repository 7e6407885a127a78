//! Pieces of the tabs' lists and forms: the in-memory search filter, a form row with its error
//! lines, the row height, a cell that does not wrap, a load error, yes / no.

use super::BLOCK;
use crate::domain::master::FieldError;
use crate::domain::pinyin_key::normalise_query;
use crate::i18n::{Lang, Tx, ui_master as tm};
use egui::{RichText, Ui};
use std::collections::HashMap;

/// Width of a form field.
const FIELD_WIDTH: f32 = 260.0;

/// The indices of `order` (kept in that order) whose search key contains every word of `query`
/// and that `keep` accepts. An empty query matches every row.
pub fn filter_by_key(order: &[usize], keys: &[String], query: &str, keep: impl Fn(usize) -> bool) -> Vec<usize> {
    let query = normalise_query(query);
    let words: Vec<&str> = query.split_whitespace().collect();
    order
        .iter()
        .copied()
        .filter(|&index| keep(index) && keys.get(index).is_some_and(|key| words.iter().all(|word| key.contains(word))))
        .collect()
}

/// Whether `code` (trimmed) is already used by another record than `own_id`.
pub fn is_duplicate(codes: &HashMap<String, i64>, code: &str, own_id: i64) -> bool {
    let code = code.trim();
    !code.is_empty() && codes.get(code).is_some_and(|&id| id != own_id)
}

/// The translated reasons of the errors of one form field.
pub fn field_reasons(errors: &[FieldError], field: &str, lang: Lang) -> Vec<&'static str> {
    errors.iter().filter(|error| error.field == field).map(|error| error.reason.get(lang)).collect()
}

/// The height of a table row.
pub fn row_height(ui: &Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) + 8.0
}

/// One row of a two-column form grid: the label, then the field (named by the label) with its
/// error reasons in red right under it. Returns true when the text changed.
pub fn form_row_ui(ui: &mut Ui, label: &str, text: &mut String, enabled: bool, hint: &'static str, reasons: &[&str]) -> bool {
    form_row_focus_ui(ui, label, text, enabled, hint, reasons, false)
}

/// [`form_row_ui`] whose field takes the keyboard focus when `focus` is set (the first field of
/// a dialog as it opens).
pub fn form_row_focus_ui(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    enabled: bool,
    hint: &'static str,
    reasons: &[&str],
    focus: bool,
) -> bool {
    let label = ui.label(label);
    let changed = ui
        .vertical(|ui| {
            ui.set_max_width(FIELD_WIDTH);
            let mut edit = egui::TextEdit::singleline(text).desired_width(FIELD_WIDTH);
            if !hint.is_empty() {
                edit = edit.hint_text(hint);
            }
            let response = ui.add_enabled(enabled, edit).labelled_by(label.id);
            if focus {
                response.request_focus();
            }
            for reason in reasons {
                ui.add(egui::Label::new(RichText::new(*reason).color(BLOCK).small()).wrap());
            }
            response.changed()
        })
        .inner;
    ui.end_row();
    changed
}

/// Rows just read, or the error that kept them from being read: the rows go to `rows` (none
/// after an error, never stale ones under a red line) and the error, shown above the table, to
/// `error`.
pub fn take_rows<T, E: std::fmt::Display>(loaded: Result<Vec<T>, E>, rows: &mut Vec<T>, error: &mut Option<String>) {
    match loaded {
        Ok(loaded) => {
            *rows = loaded;
            *error = None;
        }
        Err(failure) => {
            rows.clear();
            *error = Some(failure.to_string());
        }
    }
}

/// A table's head row: each title in strong text, in the UI language.
pub fn head_row<T: std::borrow::Borrow<Tx>>(header: &mut egui_extras::TableRow<'_, '_>, titles: impl IntoIterator<Item = T>, lang: Lang) {
    for title in titles {
        header.col(|ui| {
            ui.strong(title.borrow().get(lang));
        });
    }
}

/// A load error in red, with its translated prefix.
pub fn load_error_ui(ui: &mut Ui, error: &str, lang: Lang) {
    ui.colored_label(BLOCK, tm::LOAD_FAILED.fill(lang, &[("error", &error)]));
}

/// A text cell that does not wrap (long text is cut with "…").
pub fn text_cell(ui: &mut Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).truncate());
}

/// Yes / no in the UI language.
pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    if value { tm::YES.get(lang) } else { tm::NO.get(lang) }
}
