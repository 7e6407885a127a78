//! The settings dialog (Menu → Settings…, owner and manager): every setting under its own name
//! in the user's language and with the widget its kind needs — a tick box, a drop-down of named
//! choices, a field whose value is checked as it is typed. Saving pushes one `SetSetting` action
//! per changed value; the apply layer checks each again. Owns only the dialog's typed values.

use super::widgets;
use crate::domain::settings::{self, Kind, SETTINGS};
use crate::domain::{Code, Severity};
use crate::i18n::{Lang, settings as ts, ui as t};
use crate::store::Store;
use egui::RichText;

/// The dialog's rows, as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsDialog {
    rows: Vec<Row>,
}

#[derive(Debug, Clone)]
struct Row {
    key: String,
    kind: Kind,
    /// As typed (stored spelling for choices and tick boxes).
    value: String,
    /// As stored when the dialog opened.
    saved: String,
    /// A check's own severity, for its "Default (…)" choice.
    default_severity: Option<Severity>,
    section: Section,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Shop,
    Checks,
    Rules,
}

/// What the person did with the dialog this frame.
pub enum Outcome {
    Open,
    Closed,
    /// Save these (key, value) pairs, then close.
    Save(Vec<(String, String)>),
}

impl SettingsDialog {
    /// The dialog with every setting's stored value (language and theme have their own buttons).
    pub fn open(store: &Store) -> SettingsDialog {
        let mut rows = vec![];
        for setting in SETTINGS.iter().filter(|setting| !setting.key.starts_with("ui.")) {
            let section = if setting.key.starts_with("checks.") || setting.key.starts_with("scans.") || setting.key.starts_with("review.") {
                Section::Checks
            } else {
                Section::Shop
            };
            let saved = store.get_setting(setting.key).unwrap_or_else(|_| setting.default.to_string());
            rows.push(Row {
                key: setting.key.to_string(),
                kind: setting.kind,
                value: saved.clone(),
                saved,
                default_severity: None,
                section,
            });
        }
        for code in Code::live_checks() {
            let key = format!("rules.{code}.severity");
            let Some(setting) = settings::lookup(&key) else { continue };
            let saved = store.get_setting(&key).unwrap_or_default();
            rows.push(Row {
                key,
                kind: setting.kind,
                value: saved.clone(),
                saved,
                default_severity: Some(code.default_rule().0),
                section: Section::Rules,
            });
        }
        SettingsDialog { rows }
    }

    /// Draw the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Outcome {
        let mut outcome = Outcome::Open;
        let modal = egui::Modal::new(egui::Id::unique("kaidan_settings")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading(t::SETTINGS.get(lang));
            egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.65).show(ui, |ui| {
                for (section, title) in
                    [(Section::Shop, ts::S_SECTION_SHOP), (Section::Checks, ts::S_SECTION_CHECKS), (Section::Rules, ts::S_SECTION_RULES)]
                {
                    ui.add_space(4.0);
                    ui.label(RichText::new(title.get(lang)).strong());
                    egui::Grid::new(("kaidan_settings_grid", title.en)).num_columns(2).striped(true).spacing([12.0, 4.0]).show(ui, |ui| {
                        for row in self.rows.iter_mut().filter(|row| row.section == section) {
                            row_ui(ui, row, lang);
                            ui.end_row();
                        }
                    });
                }
            });
            let problems = self.rows.iter().filter(|row| settings::validate(&row.key, &row.value).is_err()).count();
            ui.separator();
            ui.horizontal(|ui| {
                if ui.add_enabled(problems == 0, egui::Button::new(t::SAVE.get(lang))).clicked() {
                    let changes = self
                        .rows
                        .iter()
                        .filter_map(|row| {
                            let value = settings::validate(&row.key, &row.value).ok()?;
                            (value != row.saved).then(|| (row.key.clone(), value))
                        })
                        .collect();
                    outcome = Outcome::Save(changes);
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    outcome = Outcome::Closed;
                }
            });
        });
        if matches!(outcome, Outcome::Open) && modal.should_close() {
            outcome = Outcome::Closed;
        }
        outcome
    }
}

/// One setting: its name, then its widget; a value that will not do says why under it.
fn row_ui(ui: &mut egui::Ui, row: &mut Row, lang: Lang) {
    let name = ts::setting_name(&row.key, lang).unwrap_or_default();
    match row.kind {
        Kind::Bool => {
            let label = ui.label(&name);
            let mut on = row.value == "true";
            if ui.checkbox(&mut on, "").labelled_by(label.id).changed() {
                row.value = on.to_string();
            }
        }
        Kind::Choice(choices) => {
            let shown = ts::choice_name(&row.value, row.default_severity, lang);
            widgets::combo(ui, ("kaidan_setting", row.key.as_str()), &name).selected_text(shown).show_ui(ui, |ui| {
                for choice in choices {
                    ui.selectable_value(&mut row.value, choice.to_string(), ts::choice_name(choice, row.default_severity, lang));
                }
            });
        }
        Kind::Days | Kind::Decimal | Kind::Percent | Kind::OptionalMoney | Kind::Text | Kind::Printer => {
            let label = ui.label(&name);
            ui.vertical(|ui| {
                let bad = settings::validate(&row.key, &row.value).is_err();
                let width = if matches!(row.kind, Kind::Text | Kind::Printer) { 300.0 } else { 120.0 };
                let edit = egui::TextEdit::singleline(&mut row.value).desired_width(width).text_color_opt(bad.then_some(widgets::BLOCK));
                ui.add(edit).labelled_by(label.id);
                if bad {
                    ui.colored_label(widgets::BLOCK, RichText::new(ts::kind_problem(row.kind, lang)).small());
                }
            });
        }
    }
}
