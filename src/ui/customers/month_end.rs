//! The month-end run of statements in the window (月末对账): every customer with a line in the
//! period or a balance at its end, as one PDF to print in one go, or one file each in a folder
//! (PDF, XLSX or CSV) to send. The same run as `statement --all`; the window writes it off its
//! thread and says how many went where, and what they add up to.

use super::*;
use crate::statements::{Format, MonthEnd};
use crate::ui::widgets::PathPicker;

/// The month-end dialog, while open.
pub(super) struct MonthEndPanel {
    from: String,
    to: String,
    /// One PDF for all (else a folder of files).
    one_pdf: bool,
    picker: PathPicker,
    folder: String,
    format: Format,
    /// Whether the folder typed holds files, for the text it was read for: the disk is asked
    /// when the text changes, not every frame.
    folder_has_files: Option<(String, bool)>,
}

impl MonthEndPanel {
    /// Last month, as one PDF `statements-<YYYY-MM>.pdf` (or the folder `statements-<YYYY-MM>`)
    /// in the last folder used.
    pub(super) fn new(today: NaiveDate) -> MonthEndPanel {
        use chrono::Datelike;
        let first_this = today.with_day(1).unwrap_or(today);
        let to = first_this.pred_opt().unwrap_or(first_this);
        let from = to.with_day(1).unwrap_or(to);
        let stem = format!("statements-{}", from.format("%Y-%m"));
        MonthEndPanel {
            from: from.to_string(),
            to: to.to_string(),
            one_pdf: true,
            picker: PathPicker::new(&format!("{stem}.pdf"), true, &["pdf"]),
            folder: widgets::last_folder().join(stem).display().to_string(),
            format: Format::Pdf,
            folder_has_files: None,
        }
    }

    /// The dialog; `Some(action)` when the run is to be written, `Some(None)` when closed.
    pub(super) fn ui(&mut self, ui: &Ui, today: NaiveDate, lang: Lang) -> Option<Option<Action>> {
        let mut done = None;
        let modal = egui::Modal::new(egui::Id::unique("kaidan_month_end")).show(ui.ctx(), |ui| {
            ui.set_min_width(520.0);
            ui.heading(tm::MONTH_END_TITLE.get(lang));
            ui.label(tm::MONTH_END_HINT.get(lang));
            let period = super::statement::period_ui(ui, &mut self.from, &mut self.to, today, lang);
            ui.radio_value(&mut self.one_pdf, true, tm::MONTH_END_ONE_PDF.get(lang));
            ui.radio_value(&mut self.one_pdf, false, tm::MONTH_END_FOLDER.get(lang));
            let target = if self.one_pdf {
                self.picker.ui(ui, lang);
                // A PDF file: a name ending in .pdf that is not a folder.
                let typed = std::path::Path::new(self.picker.path.trim());
                let fits = Format::of(typed) == Some(Format::Pdf) && !typed.is_dir();
                if !fits {
                    ui.colored_label(widgets::BLOCK, tm::MONTH_END_NEEDS_PDF.get(lang));
                }
                fits.then_some(())
            } else {
                ui.horizontal(|ui| {
                    let label = ui.label(tm::MONTH_END_FOLDER_FIELD.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut self.folder).desired_width(340.0)).labelled_by(label.id);
                    if ui.button(t::BROWSE.get(lang)).clicked()
                        && let Some(chosen) = rfd::FileDialog::new().set_directory(widgets::last_folder()).pick_folder()
                    {
                        self.folder = chosen.display().to_string();
                    }
                });
                ui.horizontal(|ui| {
                    ui.label(tm::MONTH_END_FORMAT.get(lang));
                    for format in [Format::Pdf, Format::Xlsx, Format::Csv] {
                        ui.radio_value(&mut self.format, format, format.extension().to_uppercase());
                    }
                });
                // Files of an earlier run there are written over: said before, never silently.
                let typed = self.folder.trim();
                if self.folder_has_files.as_ref().is_none_or(|(read_for, _)| read_for != typed) {
                    let folder = std::path::Path::new(typed);
                    let has_files = folder.is_dir() && std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some());
                    self.folder_has_files = Some((typed.to_string(), has_files));
                }
                if self.folder_has_files.as_ref().is_some_and(|(_, has_files)| *has_files) {
                    ui.colored_label(widgets::WARN, tm::MONTH_END_FOLDER_HAS_FILES.get(lang));
                }
                if self.folder.trim().is_empty() {
                    ui.colored_label(widgets::BLOCK, tm::MONTH_END_NEEDS_FOLDER.get(lang));
                }
                (!self.folder.trim().is_empty()).then_some(())
            };
            ui.horizontal(|ui| {
                let ready = period.is_some() && target.is_some();
                if ui.add_enabled(ready, egui::Button::new(tm::MONTH_END_WRITE.get(lang))).clicked()
                    && let Some((from, to)) = period
                {
                    let target = if self.one_pdf {
                        self.picker.take().map(MonthEnd::OnePdf)
                    } else {
                        Some(MonthEnd::Folder(widgets::take_folder(&self.folder), self.format))
                    };
                    if let Some(target) = target {
                        done = Some(Some(Action::WriteMonthEnd { from, to, target }));
                    }
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    done = Some(None);
                }
            });
        });
        if done.is_none() && modal.should_close() {
            done = Some(None);
        }
        done
    }
}
