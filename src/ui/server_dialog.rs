//! "Shop on a server…" (Menu, owner and manager): where this PC's shop lives — a PostgreSQL
//! server database shared by several counters, or the PC's own file. The person types the
//! server's address, port, database, login and password as whoever set up the server gave them;
//! Connect tries them on a thread of its own (a wrong address waits for its timeout without
//! freezing the window) and hands the opened shop to the window, which remembers it for this PC.
//! Owns only the typed values and the attempt in flight.

use crate::i18n::{Lang, ui as t};
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// The dialog's fields, as typed, and a connection attempt in flight.
pub struct ServerDialog {
    host: String,
    port: String,
    database: String,
    login: String,
    password: String,
    /// The shop open now, as shown (never with its password).
    open_now: String,
    attempt: Option<(String, Receiver<Result<Store, crate::store::Error>>)>,
    error: Option<String>,
}

/// What the person did with the dialog this frame.
pub enum Outcome {
    Open,
    Closed,
    /// The server database at this URL is open: use it from now on.
    Connected(PathBuf, Box<Store>),
    /// Go back to this PC's own shop file.
    UseFile,
}

/// A failed connection in the person's language (the server's own words kept as they came).
fn said(error: &crate::store::Error, lang: Lang) -> String {
    match error {
        crate::store::Error::ServerUnreachable { name, detail } => t::SERVER_UNREACHABLE.fill(lang, &[("db", name), ("detail", detail)]),
        crate::store::Error::ServerRefused { name, detail } => t::SERVER_REFUSED.fill(lang, &[("db", name), ("detail", detail)]),
        other => other.to_string(),
    }
}

impl ServerDialog {
    /// The dialog, filled in from the shop open now when it is on a server.
    pub fn open(db: &Path) -> ServerDialog {
        let mut dialog = ServerDialog {
            host: String::new(),
            port: "5432".to_string(),
            database: "shop".to_string(),
            login: "kaidan".to_string(),
            password: String::new(),
            open_now: crate::local::db_label(db),
            attempt: None,
            error: None,
        };
        if let Some((host, port, database, login)) = crate::store::server_url(db).and_then(crate::local::server_parts) {
            (dialog.host, dialog.port, dialog.database, dialog.login) = (host, port.to_string(), database, login);
        }
        dialog
    }

    /// The URL the fields make, if the port is a number and the address and database are there.
    fn url(&self) -> Option<String> {
        let port: u16 = self.port.trim().parse().ok()?;
        (!self.host.trim().is_empty() && !self.database.trim().is_empty())
            .then(|| crate::local::server_url(&self.host, port, &self.database, self.login.trim(), &self.password))
    }

    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Outcome {
        let mut outcome = Outcome::Open;
        if let Some((url, receiver)) = &self.attempt
            && let Ok(result) = receiver.try_recv()
        {
            let url = url.clone();
            self.attempt = None;
            match result {
                Ok(store) => return Outcome::Connected(PathBuf::from(url), Box::new(store)),
                Err(error) => self.error = Some(said(&error, lang)),
            }
        }
        let connecting = self.attempt.is_some();
        let modal = egui::Modal::new(egui::Id::unique("kaidan_server_dialog")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(t::SERVER_TITLE.get(lang));
            ui.label(t::SERVER_HINT.get(lang));
            ui.label(egui::RichText::new(t::SERVER_NOW_OPEN.fill(lang, &[("db", &self.open_now)])).small());
            ui.add_space(6.0);
            egui::Grid::new("kaidan_server_grid").num_columns(2).show(ui, |ui| {
                let fields: [(&crate::i18n::Tx, &mut String, bool); 5] = [
                    (&t::SERVER_HOST, &mut self.host, false),
                    (&t::SERVER_PORT, &mut self.port, false),
                    (&t::SERVER_DATABASE, &mut self.database, false),
                    (&t::SERVER_LOGIN, &mut self.login, false),
                    (&t::SERVER_PASSWORD, &mut self.password, true),
                ];
                for (label, value, secret) in fields {
                    let label = ui.label(label.get(lang));
                    ui.add_enabled(!connecting, egui::TextEdit::singleline(value).password(secret).desired_width(260.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
            });
            if let Some((url, _)) = &self.attempt {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t::SERVER_CONNECTING.fill(lang, &[("db", &crate::local::display_name(url))]));
                });
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let url = self.url();
                if ui.add_enabled(!connecting && url.is_some(), egui::Button::new(t::SERVER_CONNECT.get(lang))).clicked()
                    && let Some(url) = url
                {
                    self.error = None;
                    let (sender, receiver) = channel();
                    let target = url.clone();
                    std::thread::spawn(move || {
                        let opened = Store::open(Path::new(&target));
                        let _ = sender.send(opened);
                    });
                    self.attempt = Some((url, receiver));
                }
                if ui.add_enabled(!connecting, egui::Button::new(t::SERVER_USE_FILE.get(lang))).clicked() {
                    outcome = Outcome::UseFile;
                }
                if ui.button(t::CANCEL.get(lang)).clicked() {
                    outcome = Outcome::Closed;
                }
            });
        });
        if modal.should_close() && !connecting {
            return Outcome::Closed;
        }
        outcome
    }
}
