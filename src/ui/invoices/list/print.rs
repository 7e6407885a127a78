//! The invoice's print prompt: where the PDF goes, Print, and the print preview over it (whose
//! "Print these pages" is the prompt's Print).

use super::*;

impl InvoiceList {
    pub(in crate::ui::invoices) fn print_ui(&mut self, ui: &Ui, ctx: &mut TabCtx<'_>) {
        let Some((number, picker)) = self.print.as_mut() else {
            return;
        };
        let lang = ctx.lang;
        let mut close = false;
        let mut chosen = None;
        let mut open_preview = false;
        let modal = egui::Modal::new(egui::Id::unique("kaidan_print_invoice")).show(ui.ctx(), |ui| {
            ui.set_min_width(540.0);
            ui.heading(t::PRINT_TITLE.fill(lang, &[("number", &number.as_str())]));
            picker.ui(ui, lang);
            ui.horizontal(|ui| {
                let ready = !picker.path.trim().is_empty();
                // A typed path over an earlier copy says so on the button, as the slips do.
                let exists = ready && std::path::Path::new(picker.path.trim()).exists();
                let label = if exists { common::REPLACE_AND_PRINT.get(lang) } else { common::PRINT.get(lang) };
                if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
                    chosen = picker.take();
                    close = true;
                }
                if ui.button(common::PREVIEW.get(lang)).clicked() {
                    open_preview = true;
                }
                if ui.button(common::CANCEL.get(lang)).clicked() {
                    close = true;
                }
            });
        });
        if open_preview {
            self.preview = Some(crate::ui::preview::PrintPreview::new(DocKind::Invoice, vec![number.clone()]));
        }
        if crate::ui::preview::show(&mut self.preview, ui, ctx) && !picker.path.trim().is_empty() {
            chosen = picker.take();
            close = true;
        }
        if let Some(path) = chosen {
            ctx.push(Action::Print { kind: DocKind::Invoice, numbers: vec![number.clone()], path });
        }
        if close || (modal.should_close() && self.preview.is_none()) {
            self.print = None;
            self.preview = None;
        }
    }
}
