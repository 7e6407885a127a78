//! The window's frame around the tabs: the tab bar with its shortcuts and the menu, and the
//! status bar.

use super::*;

impl App {
    pub(super) fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        // Keyboard first: each tab's Ctrl+digit and function key (ui::TABS), F1 the shortcut sheet.
        for entry in &ui::TABS {
            let pressed = ui.input_mut(|input| {
                input.consume_key(egui::Modifiers::COMMAND, entry.digit) || input.consume_key(egui::Modifiers::NONE, entry.function)
            });
            if pressed {
                self.tab = entry.tab;
            }
        }
        if ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::F1)) {
            self.shortcuts_open = !self.shortcuts_open;
        }
        ui.horizontal(|ui| {
            ui.heading(egui::RichText::new("kaidan 开单").strong());
            ui.separator();
            for entry in &ui::TABS {
                let tab = entry.tab;
                let title = entry.title.get(lang);
                if ui
                    .add(egui::Button::selectable(self.tab == tab, egui::RichText::new(title).size(16.0)))
                    .on_hover_text(tab.hint())
                    .clicked()
                {
                    self.tab = tab;
                }
                if tab == Tab::Exceptions && self.open_exceptions > 0 {
                    ui::widgets::tag(ui, &self.open_exceptions.to_string(), ui::widgets::WARN);
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button(t::MENU.get(lang), |ui| {
                    if ui.button(t::SHORTCUTS.get(lang)).clicked() {
                        self.shortcuts_open = true;
                        ui.close();
                    }
                    if ui.button(t::SWITCH_USER.get(lang)).clicked() {
                        self.switch_user = Some((String::new(), String::new()));
                        ui.close();
                    }
                    let may_configure = crate::domain::permits(self.role, crate::domain::Permission::ChangeSettings);
                    if ui
                        .add_enabled(may_configure, egui::Button::new(t::SETTINGS.get(lang)))
                        .on_disabled_hover_text(t::NOT_ALLOWED.get(lang))
                        .clicked()
                    {
                        self.open_settings();
                        ui.close();
                    }
                    if ui
                        .add_enabled(may_configure, egui::Button::new(t::SERVER_MENU.get(lang)))
                        .on_disabled_hover_text(t::NOT_ALLOWED.get(lang))
                        .clicked()
                    {
                        self.server = Some(ui::server_dialog::ServerDialog::open(&self.db_path));
                        ui.close();
                    }
                    if ui.button(t::USERS.get(lang)).clicked() {
                        self.users = Some(UsersDialog { users: self.store.list_users().unwrap_or_default(), ..Default::default() });
                        ui.close();
                    }
                    if ui.button(crate::i18n::ui_audit::TITLE.get(lang)).clicked() {
                        self.audit_open = true;
                        ui.close();
                    }
                    ui.separator();
                    if ui.button(t::BACKUP_NOW.get(lang)).clicked() {
                        let name = format!("kaidan-{}.sqlite3", self.today());
                        self.backup = Some(ui::widgets::PathPicker::new(&name, true, &["sqlite3"]));
                        ui.close();
                    }
                    if ui.button(t::RESTORE.get(lang)).clicked() {
                        self.restore = Some(ui::widgets::PathPicker::new("", false, &["sqlite3"]));
                        ui.close();
                    }
                    ui.separator();
                    if ui.button(if self.dark { t::LIGHT_MODE.get(lang) } else { t::DARK_MODE.get(lang) }).clicked() {
                        self.actions.push(Action::SetDarkMode(!self.dark));
                        ui.close();
                    }
                });
                let other = if lang == Lang::En { Lang::Zh } else { Lang::En };
                if ui.button(if lang == Lang::En { "中文" } else { "English" }).on_hover_text(t::LANGUAGE.get(lang)).clicked() {
                    self.actions.push(Action::SetLanguage(other));
                }
                if self.is_demo && ui.button(t::START_OWN_SHOP.get(lang)).on_hover_text(t::START_OWN_SHOP_HINT.get(lang)).clicked() {
                    self.actions.push(Action::StartOwnShop);
                }
            });
        });
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.horizontal_wrapped(|ui| {
            if self.is_demo {
                ui::widgets::tag(ui, t::DEMO.get(lang), ui::widgets::WARN);
            }
            // The file name only (the whole path on hover): the status bar stays one line.
            let file = crate::local::db_short_label(&self.db_path);
            ui.label(egui::RichText::new(file).small()).on_hover_text(crate::local::db_label(&self.db_path));
            ui.separator();
            ui.label(format!("{}: {} ({})", t::USER.get(lang), self.user, crate::i18n::labels::role(self.role, lang)));
            ui.separator();
            let color = if self.open_exceptions > 0 { ui::widgets::WARN } else { ui::widgets::OK };
            ui.label(egui::RichText::new(t::OPEN_EXCEPTIONS.fill(lang, &[("count", &self.open_exceptions)])).color(color));
            ui.separator();
            // Date and minute are enough here (the folder is in the backup dialog).
            let backup = if self.last_backup.is_empty() {
                t::NEVER.get(lang).to_string()
            } else {
                self.last_backup.replace('T', " ").chars().take(16).collect()
            };
            ui.label(format!("{}: {backup}", t::LAST_BACKUP.get(lang)));
            ui.separator();
            ui.label(format!("{}: {}", t::TODAY.get(lang), self.today()));
            self.saving_ui(ui);
            if let Some(id) = self.audit_broken {
                ui.separator();
                ui.label(egui::RichText::new(crate::i18n::cli::AUDIT_BROKEN.fill(lang, &[("id", &id)])).color(ui::widgets::BLOCK).strong());
            }
        });
        if let Some(notice) = &self.notice {
            let color = if notice.error { ui::widgets::BLOCK } else { ui::widgets::OK };
            let mut dismiss = false;
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&notice.text).color(color).strong());
                if ui.small_button(t::CLOSE.get(lang)).clicked() {
                    dismiss = true;
                }
            });
            if dismiss {
                self.notice = None;
            }
        }
    }
}
