//! Signed slips back (回单): the warehouse scans the QR code of a signed dispatch slip (or types
//! its order or shipment number), says who signed and when, and the delivery is recorded; below,
//! the shipments still waiting for their slip, oldest first, those past
//! `scans.delivery_confirm_days` in amber (the scan `DELIVERY_NOT_CONFIRMED` flags them).
//!
//! Owns: what is typed and the waiting list as last read. Must not write to the store (it pushes
//! [`Action::RecordDelivery`]).

use super::*;
use crate::store::aftersales::AwaitingSlip;
use crate::ui::fetch::Fetch;

/// How many waiting shipments the list shows.
const SHOWN: usize = 200;

/// The "Signed slips" view of the Stock tab.
#[derive(Default)]
pub(super) struct SlipsView {
    number: String,
    received_by: String,
    on: String,
    waiting: Vec<AwaitingSlip>,
    read_at: Option<u64>,
    fetch: Fetch<(Vec<AwaitingSlip>, i64), u64>,
    error: Option<String>,
    /// Put the focus back in the number field (after a slip was recorded: the next scan).
    focus_number: bool,
    /// `scans.delivery_confirm_days` as last read.
    within: Option<i64>,
    /// The slip sent to be recorded, while its answer is awaited: what was typed stays (and
    /// Record waits) until it is done, then clears for the next scan; a refused one stays to be
    /// put right, the reason said by the window.
    sent: Option<(crate::action::Outcome, String, String)>,
}

impl SlipsView {
    pub(super) fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        if self.read_at != Some(ctx.generation) {
            self.fetch.ask_once(ctx.at(), ctx.generation, |store| -> crate::store::Result<_> {
                let days = store.get_setting("scans.delivery_confirm_days")?.trim().parse::<i64>().unwrap_or(7);
                Ok((store.awaiting_signature(SHOWN)?, days))
            });
        }
        if let Some((generation, answer)) = self.fetch.answer() {
            match answer {
                Ok((waiting, within)) => {
                    self.waiting = waiting;
                    self.within = Some(within);
                    self.error = None;
                }
                Err(error) => self.error = Some(error),
            }
            self.read_at = Some(generation);
        }
        ui.heading(t::SLIPS_TITLE.get(lang));
        ui.label(t::SLIPS_HINT.get(lang));
        let may = ctx.may(Permission::Ship);
        let number_id = egui::Id::unique("kaidan_slip_number");
        let mut record = false;
        egui::Grid::new("kaidan_slip_form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            let label = ui.label(t::SLIP_NUMBER.get(lang));
            let number = ui
                .add(egui::TextEdit::singleline(&mut self.number).id(number_id).desired_width(220.0).hint_text("SO-… / SH-…"))
                .labelled_by(label.id);
            let by_id = egui::Id::unique("kaidan_slip_signed_by");
            if number.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !self.number.trim().is_empty() {
                // Scanned before the signer was typed: the signer is asked next.
                if self.received_by.trim().is_empty() {
                    ui.memory_mut(|memory| memory.request_focus(by_id));
                } else {
                    record = true;
                }
            }
            ui.end_row();
            let label = ui.label(t::SLIP_RECEIVED_BY.get(lang));
            let by = ui.add(egui::TextEdit::singleline(&mut self.received_by).id(by_id).desired_width(220.0)).labelled_by(label.id);
            if by.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !self.number.trim().is_empty() {
                record = true;
            }
            ui.end_row();
            let label = ui.label(t::SLIP_ON.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.on).desired_width(120.0).hint_text(ctx.today.to_string()))
                .labelled_by(label.id)
                .on_hover_text(t::DATE_HINT.get(lang));
            ui.end_row();
        });
        let on = if self.on.trim().is_empty() { Some(ctx.today) } else { crate::domain::dates::parse_date_input(&self.on, ctx.today) };
        if on.is_none() {
            ui.colored_label(widgets::BLOCK, t::ERR_DATE.get(lang));
        }
        if let Some((outcome, number, by)) = &self.sent
            && let Some(done) = outcome.answer()
        {
            if done && self.number == *number && self.received_by == *by {
                self.number.clear();
                self.received_by.clear();
            }
            self.focus_number = true;
            self.sent = None;
        }
        let waiting = self.sent.is_some();
        let ready = may && !waiting && on.is_some() && !self.number.trim().is_empty() && !self.received_by.trim().is_empty();
        let button = ui.add_enabled(ready, egui::Button::new(t::SLIP_RECORD.get(lang)));
        let button = if may { button } else { button.on_disabled_hover_text(ctx.forbidden(Permission::Ship)) };
        if (button.clicked() || record)
            && ready
            && let Some(on) = on
        {
            let outcome = crate::action::Outcome::default();
            ctx.push(Action::RecordDelivery {
                shipment: self.number.trim().to_uppercase(),
                on,
                received_by: self.received_by.trim().to_string(),
                outcome: Some(outcome.clone()),
            });
            self.sent = Some((outcome, self.number.clone(), self.received_by.clone()));
        }
        if std::mem::take(&mut self.focus_number) {
            ui.memory_mut(|memory| memory.request_focus(number_id));
        }
        if let Some(error) = &self.error {
            ui.colored_label(widgets::BLOCK, error);
        }
        ui.separator();
        ui.label(RichText::new(t::SLIPS_WAITING.fill(lang, &[("count", &self.waiting.len())])).strong());
        if self.waiting.is_empty() {
            ui.weak(t::SLIPS_NONE.get(lang));
            return;
        }
        egui::ScrollArea::vertical().id_salt("kaidan_slips_waiting").show(ui, |ui| {
            egui::Grid::new("kaidan_slips_table").num_columns(5).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                for title in [t::SLIP_SHIPMENT, t::SLIP_ORDER, t::SLIP_CUSTOMER, t::SLIP_SHIPPED_ON, t::SLIP_DAYS] {
                    ui.label(RichText::new(title.get(lang)).strong());
                }
                ui.end_row();
                for slip in self.waiting.clone() {
                    let waited = (ctx.today - slip.shipped_on).num_days();
                    let color = if waited > self.within.unwrap_or(7) { widgets::WARN } else { ui.visuals().text_color() };
                    if ui.link(&slip.shipment).on_hover_text(t::SLIP_USE.get(lang)).clicked() {
                        self.number = slip.shipment.clone();
                    }
                    if ui.link(&slip.order).on_hover_text(t::SLIP_USE.get(lang)).clicked() {
                        self.number = slip.order.clone();
                    }
                    ui.label(format!("{} {}", slip.customer_code, slip.customer_name));
                    ui.label(slip.shipped_on.to_string());
                    ui.label(RichText::new(waited.to_string()).color(color));
                    ui.end_row();
                }
            });
        });
    }
}
