//! The window's dialogs: settings, users, backup and restore, import prompts, the crash and
//! damaged-file notices.

use super::*;

impl App {
    /// This PC works in the shop on the server at `url` from now on (remembered for the next
    /// start); its own sign-in follows.
    fn use_server(&mut self, url: PathBuf, store: Store, ctx: &egui::Context) {
        self.store = store;
        self.db_path = url;
        self.is_demo = false;
        self.fresh_order_entry();
        self.rewatch(ctx);
        self.generation += 1;
        self.user = "admin".into();
        self.role = self.store.get_user(&self.user).ok().flatten().map_or(Role::Clerk, |found| found.role);
        self.gate = self.start_gate(false, None);
        let label = crate::local::db_label(&self.db_path);
        match crate::local::remember_shop(Some(&self.db_path)) {
            Ok(()) => self.tell(t::SERVER_CONNECTED.fill(self.lang, &[("db", &label)]), false),
            Err(error) => self.tell(t::SERVER_NOT_REMEMBERED.fill(self.lang, &[("error", &error)]), true),
        }
    }

    pub(super) fn open_settings(&mut self) {
        self.settings = Some(ui::settings_dialog::SettingsDialog::open(&self.store));
    }

    pub(super) fn dialogs_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        if self.shortcuts_open {
            let mut open = true;
            egui::Window::new(t::SHORTCUTS.get(lang)).id(egui::Id::unique("kaidan_shortcuts")).open(&mut open).resizable(false).show(
                ui.ctx(),
                |ui| {
                    egui::Grid::new("kaidan_shortcut_grid").num_columns(2).striped(true).show(ui, |ui| {
                        for (keys, what) in shortcut_sheet() {
                            ui.label(egui::RichText::new(keys).monospace());
                            ui.label(what.get(lang));
                            ui.end_row();
                        }
                    });
                },
            );
            self.shortcuts_open = open;
        }
        if let Some((name, pin)) = &mut self.switch_user {
            let mut close = false;
            let mut chosen = None;
            let modal = egui::Modal::new(egui::Id::unique("switch_user")).show(ui.ctx(), |ui| {
                ui.heading(t::SWITCH_USER.get(lang));
                let label = ui.label(t::USER.get(lang));
                ui.add(egui::TextEdit::singleline(name).desired_width(200.0)).labelled_by(label.id);
                let label = ui.label(t::PIN.get(lang));
                let pin_field = ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(120.0)).labelled_by(label.id);
                let enter = pin_field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button(t::OK.get(lang)).clicked() || enter {
                        chosen = Some((name.clone(), pin.clone()));
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        close = true;
                    }
                });
            });
            if let Some((name, pin)) = chosen {
                self.actions.push(Action::SwitchUser { name, pin });
                close = true;
            }
            if close || modal.should_close() {
                self.switch_user = None;
            }
        }
        if let Some(dialog) = &mut self.settings {
            match dialog.ui(ui.ctx(), lang) {
                ui::settings_dialog::Outcome::Open => {}
                ui::settings_dialog::Outcome::Closed => self.settings = None,
                ui::settings_dialog::Outcome::Save(changes) => {
                    self.actions.extend(changes.into_iter().map(|(key, value)| Action::SetSetting { key, value }));
                    self.settings = None;
                }
            }
        }
        if let Some(dialog) = &mut self.server {
            match dialog.ui(ui.ctx(), lang) {
                ui::server_dialog::Outcome::Open => {}
                ui::server_dialog::Outcome::Closed => self.server = None,
                ui::server_dialog::Outcome::Connected(url, store) => {
                    self.server = None;
                    self.use_server(url, *store, &ui.ctx().clone());
                }
                ui::server_dialog::Outcome::UseFile => {
                    self.server = None;
                    if let Err(error) = crate::local::remember_shop(None) {
                        self.tell(error.to_string(), true);
                    }
                    self.actions.push(Action::StartOwnShop);
                }
            }
        }
        if let Some(dialog) = &mut self.users {
            let mut close = false;
            let users = dialog.users.clone();
            let modal = egui::Modal::new(egui::Id::unique("users")).show(ui.ctx(), |ui| {
                ui.heading(t::USERS.get(lang));
                egui::Grid::new("users_grid").num_columns(3).striped(true).show(ui, |ui| {
                    for user in &users {
                        ui.label(&user.name);
                        ui.label(crate::i18n::labels::role(user.role, lang));
                        ui.label(if user.has_pin { "PIN" } else { "" });
                        ui.end_row();
                    }
                });
                ui.separator();
                // Set a PIN: one's own, or (owner) anyone's, e.g. when someone forgot theirs.
                let owner = crate::domain::permits(self.role, Permission::ManageUsers);
                if dialog.pin_for.is_empty() || !owner {
                    dialog.pin_for = self.user.clone();
                }
                ui.horizontal(|ui| {
                    if owner {
                        ui::widgets::combo(ui, "pin_for", t::SET_PIN_FOR.get(lang)).selected_text(dialog.pin_for.clone()).show_ui(
                            ui,
                            |ui| {
                                for user in &users {
                                    ui.selectable_value(&mut dialog.pin_for, user.name.clone(), &user.name);
                                }
                            },
                        );
                    } else {
                        ui.label(t::SET_PIN_FOR.get(lang));
                        ui.label(&dialog.pin_for);
                    }
                    let label = ui.label(t::NEW_PIN.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut dialog.new_pin).password(true).desired_width(120.0)).labelled_by(label.id);
                    if ui.add_enabled(!dialog.new_pin.trim().is_empty(), egui::Button::new(t::SET_PIN.get(lang))).clicked() {
                        self.actions.push(Action::SetPin { name: dialog.pin_for.clone(), pin: dialog.new_pin.trim().to_string() });
                        dialog.new_pin.clear();
                        close = true;
                    }
                });
                ui.separator();
                let label = ui.label(t::NEW_USER.get(lang));
                ui.add(egui::TextEdit::singleline(&mut dialog.name).desired_width(160.0)).labelled_by(label.id);
                ui::widgets::combo(ui, "new_user_role", t::ROLE.get(lang))
                    .selected_text(dialog.role.map(|r| crate::i18n::labels::role(r, lang)).unwrap_or("-"))
                    .show_ui(ui, |ui| {
                        for role in Role::ALL {
                            ui.selectable_value(&mut dialog.role, Some(*role), crate::i18n::labels::role(*role, lang));
                        }
                    });
                let label = ui.label(t::PIN_OPTIONAL.get(lang));
                ui.add(egui::TextEdit::singleline(&mut dialog.pin).password(true).desired_width(120.0)).labelled_by(label.id);
                ui.horizontal(|ui| {
                    let ready = !dialog.name.trim().is_empty() && dialog.role.is_some();
                    if ui.add_enabled(ready, egui::Button::new(t::ADD.get(lang))).clicked()
                        && let Some(role) = dialog.role
                    {
                        self.actions.push(Action::AddUser { name: dialog.name.trim().to_string(), role, pin: dialog.pin.clone() });
                        close = true;
                    }
                    if ui.button(t::CLOSE.get(lang)).clicked() {
                        close = true;
                    }
                });
            });
            if close || modal.should_close() {
                self.users = None;
            }
        }
        for restoring in [false, true] {
            let slot = if restoring { &mut self.restore } else { &mut self.backup };
            let Some(picker) = slot else { continue };
            let mut close = false;
            let mut chosen = None;
            let title = if restoring { t::RESTORE.get(lang) } else { t::BACKUP_NOW.get(lang) };
            let modal = egui::Modal::new(egui::Id::unique(title)).show(ui.ctx(), |ui| {
                ui.heading(title);
                if restoring {
                    ui.label(t::RESTORE_HINT.get(lang));
                }
                picker.ui(ui, lang);
                ui.horizontal(|ui| {
                    if ui.button(t::OK.get(lang)).clicked() {
                        chosen = picker.take();
                        close = true;
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        close = true;
                    }
                });
            });
            if let Some(path) = chosen {
                self.actions.push(if restoring { Action::Restore { path } } else { Action::Backup { path } });
            }
            if close || modal.should_close() {
                *slot = None;
            }
        }
    }
}

impl App {
    /// While the file is being checked: a note in the corner. When it is damaged: a modal that
    /// says so plainly and offers the newest good backup.
    pub(super) fn integrity_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        match &self.integrity {
            Integrity::Ok => {}
            Integrity::Checking(_) => {
                egui::Area::new(egui::Id::unique("integrity_note")).anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0]).show(
                    ui.ctx(),
                    |ui| {
                        ui::widgets::tag(ui, t::CHECKING_FILE.get(lang), ui::widgets::INFO);
                    },
                );
            }
            Integrity::Damaged(message, backup) => {
                let (message, backup) = (message.clone(), backup.clone());
                let mut restore = None;
                egui::Modal::new(egui::Id::unique("damaged_file")).show(ui.ctx(), |ui| {
                    ui.set_max_width(560.0);
                    ui.heading(RichTextExt::strong_red(t::DAMAGED_TITLE.get(lang)));
                    ui.label(&message);
                    ui.label(t::DAMAGED_NO_WRITES.get(lang));
                    match &backup {
                        Some(path) => {
                            ui.label(t::NEWEST_BACKUP_IS.fill(lang, &[("path", &path.display())]));
                            if ui.button(t::RESTORE_THIS_BACKUP.get(lang)).clicked() {
                                restore = Some(path.clone());
                            }
                        }
                        None => {
                            ui.label(t::NO_GOOD_BACKUP.get(lang));
                        }
                    }
                });
                if let Some(path) = restore {
                    self.integrity = Integrity::Ok;
                    self.actions.push(Action::Restore { path });
                }
            }
        }
    }
}

/// Red, strong text for the damaged-file heading.
pub(super) struct RichTextExt;

impl RichTextExt {
    pub(super) fn strong_red(text: &str) -> egui::RichText {
        egui::RichText::new(text).strong().color(ui::widgets::BLOCK)
    }
}
