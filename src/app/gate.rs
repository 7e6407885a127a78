//! The sign-in gate: who may open the window, the idle lock and switching users.

use super::*;

impl App {
    /// The gate the window opens on (see [`Gate`]).
    pub(super) fn start_gate(&self, is_demo: bool, preselect: Option<&str>) -> Gate {
        if is_demo {
            return Gate::Open;
        }
        // A shop whose users cannot be read is not opened unasked.
        let Ok(users) = self.store.list_users() else {
            return Gate::SignIn { name: preselect.unwrap_or_default().to_string(), pin: String::new(), error: None };
        };
        if users.iter().any(|user| user.has_pin) {
            return Gate::SignIn { name: preselect.unwrap_or_default().to_string(), pin: String::new(), error: None };
        }
        match users.iter().find(|user| user.role == Role::Owner && user.active) {
            Some(owner) => Gate::SetOwnerPin { owner: owner.name.clone(), pin: String::new(), repeat: String::new(), error: None },
            None => Gate::Open,
        }
    }

    /// Lock the window after the owner's idle time, when any user has a PIN (not the demo).
    pub(super) fn lock_when_idle(&mut self, ctx: &egui::Context) {
        if ctx.input(|input| !input.events.is_empty() || input.pointer.is_moving()) {
            self.last_input = Instant::now();
        }
        if self.gate != Gate::Open || self.is_demo {
            return;
        }
        // Read again (off the window's thread) when something was written; the minutes known
        // so far hold meanwhile.
        if self.lock_minutes.is_none_or(|(generation, _)| generation != self.generation) {
            let at = ui::fetch::At { reader: &self.reader, store: &self.store, lang: self.lang };
            self.lock_fetch.ask_once(at, self.generation, |store| {
                Ok::<_, String>(store.get_setting("security.lock_after_minutes").ok().and_then(|m| m.parse().ok()).unwrap_or(10))
            });
        }
        if let Some((generation, minutes)) = self.lock_fetch.answer() {
            let known = self.lock_minutes.map_or(10, |(_, minutes)| minutes);
            self.lock_minutes = Some((generation, minutes.unwrap_or(known)));
        }
        let minutes = self.lock_minutes.map_or(10, |(_, minutes)| minutes);
        if minutes == 0 {
            return;
        }
        let limit = Duration::from_secs(minutes * 60);
        let idle = self.last_input.elapsed();
        if idle < limit {
            // An untouched window draws no frames (the next is due for the 5-minute scan): wake
            // up when the time is up, so the lock is not late.
            ctx.request_repaint_after(limit - idle);
            return;
        }
        if self.store.list_users().unwrap_or_default().iter().any(|user| user.has_pin) {
            self.gate = Gate::SignIn { name: self.user.clone(), pin: String::new(), error: None };
        }
    }

    /// The sign-in screen, or the owner's first PIN: the only thing shown until it is passed.
    pub(super) fn gate_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let mut signed_in: Option<(String, Role)> = None;
        egui::CentralPanel::default().show(ui, |ui| {
            let mut switch = None;
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading(egui::RichText::new("kaidan 开单").size(30.0).strong());
                ui.label(crate::local::db_label(&self.db_path));
                // The language can be chosen before anyone signs in.
                let other = if lang == Lang::En { Lang::Zh } else { Lang::En };
                if ui.button(if lang == Lang::En { "中文" } else { "English" }).on_hover_text(t::LANGUAGE.get(lang)).clicked() {
                    switch = Some(other);
                }
                ui.add_space(24.0);
            });
            if let Some(other) = switch {
                // Only for this window until someone signs in (settings are written by users).
                self.lang = other;
                self.notice = None;
            }
            let width = 320.0;
            ui.vertical_centered(|ui| {
                ui.set_max_width(width);
                match &mut self.gate {
                    Gate::Open => {}
                    Gate::SignIn { name, pin, error } => {
                        ui.heading(t::SIGN_IN.get(lang));
                        let label = ui.label(t::USER.get(lang));
                        let name_field = ui.add(egui::TextEdit::singleline(name).desired_width(width)).labelled_by(label.id);
                        let label = ui.label(t::PIN.get(lang));
                        let pin_field = ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(width)).labelled_by(label.id);
                        if name.is_empty() && !name_field.has_focus() && !pin_field.has_focus() {
                            name_field.request_focus();
                        } else if !name.is_empty() && pin.is_empty() && !name_field.has_focus() && !pin_field.has_focus() {
                            pin_field.request_focus();
                        }
                        let enter = (name_field.lost_focus() || pin_field.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if ui.button(t::SIGN_IN.get(lang)).clicked() || enter {
                            match ops::switch_user(&self.store, lang, name, pin) {
                                Ok(role) => signed_in = Some((name.trim().to_string(), role)),
                                Err(refused) => {
                                    *error = Some(refused.say(lang));
                                    pin.clear();
                                }
                            }
                        }
                        if let Some(error) = error {
                            ui.label(egui::RichText::new(error.as_str()).color(ui::widgets::BLOCK));
                        }
                    }
                    Gate::SetOwnerPin { owner, pin, repeat, error } => {
                        ui.heading(t::SET_OWNER_PIN.get(lang));
                        ui.label(t::SET_OWNER_PIN_HINT.fill(lang, &[("user", owner)]));
                        let label = ui.label(t::NEW_PIN.get(lang));
                        let first = ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(width)).labelled_by(label.id);
                        let label = ui.label(t::REPEAT_PIN.get(lang));
                        let second = ui.add(egui::TextEdit::singleline(repeat).password(true).desired_width(width)).labelled_by(label.id);
                        let enter = second.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if pin.is_empty() && !first.has_focus() && !second.has_focus() {
                            first.request_focus();
                        }
                        if ui.button(t::SET_PIN.get(lang)).clicked() || enter {
                            if pin != repeat {
                                *error = Some(t::PINS_DIFFER.get(lang).to_string());
                            } else {
                                let now = now_on(self.today_override.unwrap_or_else(crate::local::today));
                                match self.store.set_pin(owner, Some(pin.trim()), owner, &now) {
                                    Ok(()) => signed_in = Some((owner.clone(), Role::Owner)),
                                    Err(refused) => *error = Some(refused.say(lang)),
                                }
                            }
                        }
                        if let Some(error) = error {
                            ui.label(egui::RichText::new(error.as_str()).color(ui::widgets::BLOCK));
                        }
                    }
                }
            });
        });
        if let Some((name, role)) = signed_in {
            if name != self.user {
                self.user = name;
                self.fresh_order_entry();
                self.restore_draft();
            }
            self.role = role;
            self.gate = Gate::Open;
            self.last_input = Instant::now();
            self.generation += 1;
        }
    }

    /// Treat the last input as `by` longer ago (the idle lock's clock, for tests that cannot
    /// wait ten minutes).
    #[doc(hidden)]
    pub fn backdate_last_input(&mut self, by: Duration) {
        self.last_input = self.last_input.checked_sub(by).unwrap_or(self.last_input);
    }

    /// Show a saved order in the order entry tab, as clicking it in a list does (applied
    /// after the next frame, like every action).
    pub fn open_order(&mut self, number: &str) {
        self.tab = Tab::OrderEntry;
        self.actions.push(Action::OpenOrder(number.to_string()));
    }

    /// Where the window stands: open for work, or waiting at the sign-in.
    /// The shop open now: a file's path or a server database's URL.
    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    pub fn gate(&self) -> &Gate {
        &self.gate
    }
}
