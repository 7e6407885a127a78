//! Files in and out of the tabs: the import dialog (preview with every row error before
//! anything is written), the export dialog for a whole list, and the "Export…" button of a
//! view's table (ageing, reconciliation, reports). None of them writes a file: each hands an
//! [`Action`] to the window, which writes through `exports`, the one export path.

use super::{BLOCK, OK, PathPicker, forms::row_height, forms::text_cell};
use crate::action::Action;
use crate::exports::List;
use crate::i18n::{Lang, Tx, ui as t, ui_finance as tf, ui_master as tm};
use crate::tabular::{Master, RowError, Table};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;

/// The rows of an import file as the preview shows them.
pub struct PreviewTable {
    /// Column titles.
    pub headers: Vec<Tx>,
    /// The first rows, one text per column.
    pub rows: Vec<Vec<String>>,
    /// How many records the whole file holds.
    pub total: usize,
}

impl PreviewTable {
    /// The first rows of `records` as `row` shows them, under `headers`.
    pub fn of<T>(records: &[T], headers: Vec<Tx>, row: impl Fn(&T) -> Vec<String>) -> PreviewTable {
        PreviewTable { headers, rows: records.iter().take(PREVIEW_ROWS).map(row).collect(), total: records.len() }
    }
}

/// Rows of an import file shown in the preview.
const PREVIEW_ROWS: usize = 50;

/// Parse an import table into preview rows, or every row error.
pub type PreviewFn = fn(&Table, Lang) -> Result<PreviewTable, Vec<RowError>>;

/// What a preview found.
enum PreviewOutcome {
    Rows(PreviewTable),
    RowErrors(Vec<String>),
    FileError(String),
}

/// The import dialog: choose a file, preview it (parsed rows and every row error), then import.
/// Nothing is written before the user presses Import; the apply layer validates again.
pub struct ImportDialog {
    kind: Master,
    title: Tx,
    picker: PathPicker,
    preview_fn: PreviewFn,
    /// The previewed path (as typed) and what the preview found.
    preview: Option<(String, PreviewOutcome)>,
}

impl ImportDialog {
    /// A dialog importing `kind`, previewed by `preview_fn`.
    pub fn new(kind: Master, title: Tx, preview_fn: PreviewFn) -> ImportDialog {
        ImportDialog { kind, title, picker: PathPicker::new("", false, &["csv", "xlsx"]), preview_fn, preview: None }
    }

    fn run_preview(&mut self, lang: Lang) {
        let typed = self.picker.path.trim().to_string();
        let outcome = match self.picker.take() {
            None => PreviewOutcome::FileError(tm::NO_FILE.get(lang).to_string()),
            Some(path) => match crate::tabular::read_table_in(&path, lang) {
                Err(error) => PreviewOutcome::FileError(error.to_string()),
                Ok(table) => match (self.preview_fn)(&table, lang) {
                    Ok(rows) => PreviewOutcome::Rows(rows),
                    Err(errors) => PreviewOutcome::RowErrors(errors.iter().map(ToString::to_string).collect()),
                },
            },
        };
        self.preview = Some((typed, outcome));
    }

    /// Draw the dialog. Returns the import action when the user confirms; sets `open` to false
    /// when the dialog closes.
    pub fn ui(&mut self, ui: &Ui, lang: Lang, open: &mut bool) -> Option<Action> {
        let mut action = None;
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique(("kaidan_import_dialog", self.kind))).show(ui.ctx(), |ui| {
            ui.set_min_width(760.0);
            ui.heading(self.title.get(lang));
            ui.label(tm::IMPORT_HELP.get(lang));
            self.picker.ui(ui, lang);
            let ready = self
                .preview
                .as_ref()
                .is_some_and(|(path, outcome)| path == self.picker.path.trim() && matches!(outcome, PreviewOutcome::Rows(_)));
            let mut preview_clicked = false;
            ui.horizontal(|ui| {
                if ui.button(tm::PREVIEW.get(lang)).clicked() {
                    preview_clicked = true;
                }
                let import =
                    ui.add_enabled(ready, egui::Button::new(t::IMPORT.get(lang))).on_disabled_hover_text(tm::PREVIEW_FIRST.get(lang));
                if import.clicked()
                    && let Some(path) = self.picker.take()
                {
                    action = Some(Action::Import { kind: self.kind, path });
                    close = true;
                }
                if ui.button(t::CLOSE.get(lang)).clicked() {
                    close = true;
                }
            });
            if preview_clicked {
                self.run_preview(lang);
            }
            ui.separator();
            match self.preview.as_ref().map(|(_, outcome)| outcome) {
                None => {
                    ui.weak(tm::PREVIEW_HINT.get(lang));
                }
                Some(PreviewOutcome::FileError(error)) => {
                    ui.colored_label(BLOCK, error);
                }
                Some(PreviewOutcome::RowErrors(errors)) => {
                    ui.colored_label(BLOCK, tm::IMPORT_ERRORS.fill(lang, &[("n", &errors.len())]));
                    let height = row_height(ui);
                    egui::ScrollArea::vertical()
                        .id_salt(("kaidan_import_errors", self.kind))
                        .max_height(360.0)
                        .auto_shrink([false, true])
                        .show_rows(ui, height, errors.len(), |ui, range| {
                            for error in errors.get(range).unwrap_or_default() {
                                ui.add(egui::Label::new(RichText::new(error).color(BLOCK)).truncate());
                            }
                        });
                }
                Some(PreviewOutcome::Rows(table)) => {
                    ui.colored_label(OK, tm::IMPORT_READY.fill(lang, &[("n", &table.total), ("shown", &table.rows.len())]));
                    preview_table_ui(ui, table, lang, self.kind);
                }
            }
        });
        if close || modal.should_close() {
            *open = false;
        }
        action
    }
}

/// The parsed rows of a preview in a small table.
fn preview_table_ui(ui: &mut Ui, table: &PreviewTable, lang: Lang, kind: Master) {
    let height = row_height(ui);
    let columns = table.headers.len();
    TableBuilder::new(ui)
        .id_salt(("kaidan_import_preview", kind))
        .striped(true)
        .max_scroll_height(360.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .columns(Column::auto().at_least(40.0).at_most(220.0).clip(true), columns)
        .header(height, |mut header| crate::ui::widgets::head_row(&mut header, &table.headers, lang))
        .body(|body| {
            body.rows(height, table.rows.len(), |mut row| {
                let Some(cells) = table.rows.get(row.index()) else { return };
                for cell in cells.iter().take(columns) {
                    row.col(|ui| text_cell(ui, cell));
                }
            });
        });
}

/// The modal that asks where to save an export: the chosen path once the user confirms, and
/// whether the modal closed.
fn export_modal(ui: &Ui, id: egui::Id, title: &str, picker: &mut PathPicker, lang: Lang) -> (Option<PathBuf>, bool) {
    let mut chosen = None;
    let mut close = false;
    let modal = egui::Modal::new(id).show(ui.ctx(), |ui| {
        ui.set_min_width(560.0);
        ui.heading(title);
        ui.label(tm::EXPORT_HELP.get(lang));
        picker.ui(ui, lang);
        let ready = !picker.path.trim().is_empty();
        ui.horizontal(|ui| {
            if ui.add_enabled(ready, egui::Button::new(t::EXPORT.get(lang))).clicked() {
                chosen = picker.take();
                close = chosen.is_some();
            }
            if ui.button(t::CANCEL.get(lang)).clicked() {
                close = true;
            }
        });
    });
    (chosen, close || modal.should_close())
}

/// The export dialog of a whole list (customers, products, orders, invoices, exceptions).
pub struct ExportDialog {
    kind: List,
    title: Tx,
    picker: PathPicker,
}

impl ExportDialog {
    /// A dialog exporting `kind` to `default_name` in the last folder.
    pub fn new(kind: List, title: Tx, default_name: &str) -> ExportDialog {
        ExportDialog { kind, title, picker: PathPicker::new(default_name, true, &["xlsx", "csv"]) }
    }

    /// Draw the dialog. Returns the export action when the user confirms; sets `open` to false
    /// when the dialog closes.
    pub fn ui(&mut self, ui: &Ui, lang: Lang, open: &mut bool) -> Option<Action> {
        let id = egui::Id::unique(("kaidan_export_dialog", self.kind));
        let (chosen, close) = export_modal(ui, id, self.title.get(lang), &mut self.picker, lang);
        if close {
            *open = false;
        }
        chosen.map(|path| Action::Export { kind: self.kind, path })
    }
}

/// The "Export…" button of a view's table: asks for a file (.xlsx or .csv) and hands the rows
/// as shown to the window ([`Action::ExportTable`]).
#[derive(Default)]
pub struct ExportPrompt {
    picker: Option<PathPicker>,
}

impl ExportPrompt {
    /// The button and, while it is open, the file prompt (named by `default_name`, which differs
    /// between the prompts of a tab). `table` builds the headers and rows, and is only called
    /// when the user confirms; the export action goes to `actions`.
    pub fn button_ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        default_name: &str,
        enabled: bool,
        actions: &mut Vec<Action>,
        table: impl FnOnce() -> (Vec<String>, Vec<Vec<String>>),
    ) {
        if ui.add_enabled(enabled, egui::Button::new(tf::EXPORT_BUTTON.get(lang))).clicked() {
            self.picker = Some(PathPicker::new(default_name, true, &["xlsx", "csv"]));
        }
        let Some(picker) = self.picker.as_mut() else { return };
        let id = egui::Id::unique(("kaidan_table_export", default_name));
        let (chosen, close) = export_modal(ui, id, tf::EXPORT_TITLE.get(lang), picker, lang);
        if let Some(path) = chosen {
            let (headers, rows) = table();
            actions.push(Action::ExportTable { headers, rows, path });
        }
        if close {
            self.picker = None;
        }
    }
}

/// What a master-data tab imports and exports.
pub struct MasterFiles {
    pub import: Master,
    pub import_title: Tx,
    pub preview: PreviewFn,
    pub export: List,
    pub export_title: Tx,
    /// The export's suggested file name.
    pub file_name: &'static str,
}

/// The Import… and Export… buttons of a master-data tab (Customers, Stock) and their dialogs.
#[derive(Default)]
pub struct MasterTransfer {
    import: Option<ImportDialog>,
    export: Option<ExportDialog>,
}

impl MasterTransfer {
    /// The two buttons; Import… only for a role that may edit master data.
    pub fn buttons_ui(&mut self, ui: &mut Ui, lang: Lang, may_import: bool, files: &MasterFiles) {
        let import =
            ui.add_enabled(may_import, egui::Button::new(tm::IMPORT_DOTS.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
        if import.clicked() {
            self.import = Some(ImportDialog::new(files.import, files.import_title, files.preview));
        }
        if ui.button(tm::EXPORT_DOTS.get(lang)).clicked() {
            self.export = Some(ExportDialog::new(files.export, files.export_title, files.file_name));
        }
    }

    /// The open dialog, if any; its action goes to `actions`.
    pub fn dialogs_ui(&mut self, ui: &Ui, lang: Lang, actions: &mut Vec<Action>) {
        if let Some(dialog) = self.import.as_mut() {
            let mut open = true;
            actions.extend(dialog.ui(ui, lang, &mut open));
            if !open {
                self.import = None;
            }
        }
        if let Some(dialog) = self.export.as_mut() {
            let mut open = true;
            actions.extend(dialog.ui(ui, lang, &mut open));
            if !open {
                self.export = None;
            }
        }
    }
}
