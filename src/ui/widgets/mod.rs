//! Shared pieces of the tabs: colours for block / warning / ok, a search box, sortable table
//! headers, right-aligned money, a file path picker with a typed fallback, and a reason prompt;
//! in their own files the list and form pieces (`forms`), a record's change history
//! (`history`) and files in and out (`transfer`).

mod forms;
mod history;
mod period;
mod transfer;

pub use forms::{
    field_reasons, filter_by_key, form_row_focus_ui, form_row_ui, head_row, is_duplicate, load_error_ui, row_height, take_rows, text_cell,
    yes_no,
};
pub use history::{HISTORY_ROWS, audit_change_text, history_ui};
pub use period::{PeriodBar, Start as PeriodStart, preset};
pub use transfer::{ExportDialog, ExportPrompt, ImportDialog, MasterFiles, MasterTransfer, PreviewFn, PreviewTable};

use crate::domain::Severity;
use crate::domain::money::fmt_money;
use crate::i18n::{Lang, ui as t};
use egui::{Color32, RichText, Ui};
use rust_decimal::Decimal;
use std::path::PathBuf;

/// Red for blocks.
pub const BLOCK: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// Amber for warnings.
pub const WARN: Color32 = Color32::from_rgb(0xb2, 0x6a, 0x00);
/// Green for ok.
pub const OK: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
/// Blue-grey for information.
pub const INFO: Color32 = Color32::from_rgb(0x45, 0x5a, 0x64);

/// The colour of a severity.
pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Block => BLOCK,
        Severity::Warn => WARN,
        Severity::Info => INFO,
    }
}

/// The translated name of a severity.
pub fn severity_text(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Block => t::SEV_BLOCK.get(lang),
        Severity::Warn => t::SEV_WARN.get(lang),
        Severity::Info => t::SEV_INFO.get(lang),
    }
}

/// A search box with an accessible name; returns true when the text changed.
pub fn search_box(ui: &mut Ui, text: &mut String, label: &str) -> bool {
    let label_response = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(260.0).hint_text(label)).labelled_by(label_response.id).changed()
}

/// Which column a table is sorted by, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
    /// False until a header is clicked: the rows keep the order the store gave them (e.g.
    /// urgent first), and no header claims to sort them.
    pub chosen: bool,
}

impl Sort {
    /// A clickable column header; clicking sorts by it (again: reverses). Returns true on change.
    pub fn header(&mut self, ui: &mut Ui, column: usize, label: &str) -> bool {
        let marker = if self.chosen && self.column == column { if self.descending { " ▼" } else { " ▲" } } else { "" };
        let clicked = ui.add(egui::Button::new(RichText::new(format!("{label}{marker}")).strong()).frame(false)).clicked();
        if clicked {
            if self.chosen && self.column == column {
                self.descending = !self.descending;
            } else {
                self.column = column;
                self.descending = false;
            }
            self.chosen = true;
        }
        clicked
    }

    /// Apply the direction to an ascending comparison.
    pub fn order(&self, ordering: std::cmp::Ordering) -> std::cmp::Ordering {
        if self.descending { ordering.reverse() } else { ordering }
    }
}

/// In a wrapping row: start the next row unless `width` still fits on this one, so that a
/// label and its field (added next, in one `ui.horizontal`) wrap together, never apart.
pub fn keep_together(ui: &mut Ui, width: f32) {
    if ui.available_width() < width {
        ui.end_row();
    }
}

/// A drop-down with its label before it (egui puts a combo box's own label after it, which
/// reads wrongly in a form). The label names the box for screen readers and tests.
pub fn combo(ui: &mut Ui, id: impl std::hash::Hash + std::fmt::Debug, label: impl Into<egui::WidgetText>) -> Combo {
    let label = ui.label(label);
    Combo { inner: egui::ComboBox::from_id_salt(id), label: label.id }
}

/// A [`combo`] being built: the same calls as `egui::ComboBox`.
pub struct Combo {
    inner: egui::ComboBox<'static>,
    label: egui::Id,
}

impl Combo {
    /// What the closed box shows.
    pub fn selected_text(self, text: impl Into<egui::WidgetText>) -> Combo {
        Combo { inner: self.inner.selected_text(text), ..self }
    }

    /// Show it; the box is labelled by the label drawn before it.
    pub fn show_ui<R>(self, ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> egui::InnerResponse<Option<R>> {
        let mut shown = self.inner.show_ui(ui, add_contents);
        shown.response = shown.response.labelled_by(self.label);
        shown
    }
}

/// A calendar beside a date field: a month of day buttons (Monday first), the previous and
/// next month, and today; a click writes the day into `text` as `YYYY-MM-DD`. Every label is
/// in both languages.
pub fn calendar_ui(ui: &mut Ui, id: &str, text: &mut String, today: chrono::NaiveDate, lang: Lang) {
    use chrono::{Datelike, Months, NaiveDate};
    let key = ui.make_persistent_id(id);
    ui.menu_button(t::CALENDAR.get(lang), |ui| {
        let chosen = crate::domain::dates::parse_date_input(text, today).unwrap_or(today);
        let mut month: NaiveDate = ui.data(|data| data.get_temp(key)).unwrap_or_else(|| chosen.with_day(1).unwrap_or(chosen));
        ui.horizontal(|ui| {
            if ui.button("<").on_hover_text(t::PREVIOUS_MONTH.get(lang)).clicked() {
                month = month.checked_sub_months(Months::new(1)).unwrap_or(month);
            }
            ui.label(RichText::new(format!("{:04}-{:02}", month.year(), month.month())).strong());
            if ui.button(">").on_hover_text(t::NEXT_MONTH.get(lang)).clicked() {
                month = month.checked_add_months(Months::new(1)).unwrap_or(month);
            }
            if ui.button(t::TODAY.get(lang)).clicked() {
                *text = today.to_string();
                ui.close();
            }
        });
        egui::Grid::new((key, "days")).num_columns(7).show(ui, |ui| {
            for name in t::WEEKDAYS.get(lang).split(' ') {
                ui.label(RichText::new(name).small());
            }
            ui.end_row();
            let lead = month.weekday().num_days_from_monday();
            for _ in 0..lead {
                ui.label("");
            }
            let mut day = month;
            let mut column = lead;
            while day.month() == month.month() {
                let selected = day == chosen && !text.trim().is_empty();
                if ui.selectable_label(selected, day.day().to_string()).clicked() {
                    *text = day.to_string();
                    ui.close();
                }
                column += 1;
                if column == 7 {
                    ui.end_row();
                    column = 0;
                }
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        });
        ui.data_mut(|data| data.insert_temp(key, month));
    });
}

/// Money, right-aligned in its cell.
pub fn money_cell(ui: &mut Ui, value: Decimal) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(fmt_money(value));
    });
}

/// Text right-aligned in its cell.
pub fn right_cell(ui: &mut Ui, text: impl Into<egui::WidgetText>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
}

/// A coloured tag (severity, state).
pub fn tag(ui: &mut Ui, text: &str, color: Color32) {
    egui::Frame::new().fill(color.gamma_multiply(0.15)).corner_radius(4).inner_margin(egui::Margin::symmetric(6, 1)).show(ui, |ui| {
        ui.label(RichText::new(text).color(color).strong());
    });
}

/// A file path with a "Browse…" button (system dialog via rfd) and a typed fallback for machines
/// without a dialog service. Returns true when the user pressed the action button.
pub struct PathPicker {
    pub path: String,
    pub save: bool,
    pub extensions: &'static [&'static str],
}

impl PathPicker {
    /// A picker for saving (`save`) or opening files with these extensions.
    pub fn new(default_name: &str, save: bool, extensions: &'static [&'static str]) -> PathPicker {
        let folder = last_folder();
        let path = if default_name.is_empty() { String::new() } else { folder.join(default_name).display().to_string() };
        PathPicker { path, save, extensions }
    }

    /// Draw the path field and browse button.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang) {
        ui.horizontal(|ui| {
            let label = ui.label(t::FILE.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(380.0)).labelled_by(label.id);
            if ui.button(t::BROWSE.get(lang)).clicked() {
                let mut dialog = rfd::FileDialog::new().add_filter(self.extensions.join("/"), self.extensions).set_directory(last_folder());
                let current = PathBuf::from(&self.path);
                if let Some(name) = current.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
                let chosen = if self.save { dialog.save_file() } else { dialog.pick_file() };
                if let Some(chosen) = chosen {
                    self.path = chosen.display().to_string();
                }
            }
        });
        // A file about to be written over is said before, never silently.
        if self.save && !self.path.trim().is_empty() && std::path::Path::new(self.path.trim()).exists() {
            ui.colored_label(WARN, t::FILE_EXISTS.get(lang));
        }
    }

    /// The chosen path, remembering its folder for next time.
    pub fn take(&self) -> Option<PathBuf> {
        if self.path.trim().is_empty() {
            return None;
        }
        let path = resolved(self.path.trim(), &last_folder());
        if let Some(parent) = path.parent() {
            remember_folder(parent);
        }
        Some(path)
    }
}

/// A typed path as the picker takes it: a bare or relative name goes into `folder` (the folder
/// the field started in), never into whatever folder the program happened to start in.
fn resolved(typed: &str, folder: &std::path::Path) -> PathBuf {
    let path = PathBuf::from(typed);
    if path.is_absolute() { path } else { folder.join(path) }
}

/// A typed folder as a save goes into it: a relative one under the last folder used, which then
/// becomes the folder remembered (as [`PathPicker::take`] does for a file).
pub fn take_folder(typed: &str) -> PathBuf {
    let folder = resolved(typed.trim(), &last_folder());
    if let Some(parent) = folder.parent() {
        remember_folder(parent);
    }
    folder
}

fn folder_file() -> PathBuf {
    crate::local::data_file("last_folder.txt")
}

/// The folder the user last saved or opened a file in (home, else the current dir).
pub fn last_folder() -> PathBuf {
    std::fs::read_to_string(folder_file())
        .ok()
        .map(|text| PathBuf::from(text.trim()))
        .filter(|path| path.is_dir())
        .or_else(|| directories::UserDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."))
}

fn remember_folder(folder: &std::path::Path) {
    if folder.is_dir() {
        let _ = std::fs::write(folder_file(), folder.display().to_string());
    }
}

/// A small modal asking for a reason (or other text) before an action; returns Some(text) when
/// confirmed with a non-empty text, and sets `open` to false when closed.
pub fn reason_modal(ui: &Ui, id: &str, title: &str, text: &mut String, open: &mut bool, lang: Lang) -> Option<String> {
    text_modal(ui, id, title, t::REASON.get(lang), text, open, lang)
}

/// [`reason_modal`] for another text than a reason (a complaint, a template's name): `label`
/// names the field.
pub fn text_modal(ui: &Ui, id: &str, title: &str, label: &str, text: &mut String, open: &mut bool, lang: Lang) -> Option<String> {
    let mut result = None;
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ui.ctx(), |ui| {
        ui.set_min_width(360.0);
        ui.heading(title);
        let label = ui.label(label);
        let response = ui.add(egui::TextEdit::multiline(text).desired_rows(2).desired_width(340.0)).labelled_by(label.id);
        response.request_focus();
        ui.horizontal(|ui| {
            let ready = !text.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new(t::OK.get(lang))).clicked() {
                result = Some(text.trim().to_string());
                ui.close();
            }
            if ui.button(t::CANCEL.get(lang)).clicked() {
                ui.close();
            }
        });
    });
    if modal.should_close() || result.is_some() {
        *open = false;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_goes_into_the_pickers_folder() {
        let folder = std::path::Path::new("/home/shop/exports");
        assert_eq!(resolved("ageing.xlsx", folder), folder.join("ageing.xlsx"));
        assert_eq!(resolved("sub/ageing.xlsx", folder), folder.join("sub/ageing.xlsx"));
        assert_eq!(resolved("/tmp/x.csv", folder), PathBuf::from("/tmp/x.csv"));
    }
}
