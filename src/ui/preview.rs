//! The print preview: the pages a print would put on paper now, drawn from the very page layout
//! the PDF is emitted from (`print::layout::LaidPage`: text runs, rules, boxes and QR codes in
//! millimetres), so the preview and the paper cannot differ — same parts, same COPY mark, same
//! page breaks. Page through (buttons, Page Up / Page Down), zoom (fit the width, or steps from
//! 50 % to 200 %), then Print or Close. The pages are laid out off the window's thread; nothing
//! is recorded until Print.

use crate::documents::DocKind;
use crate::i18n::{Lang, ui as t};
use crate::print::layout::{Cmd, LaidPage, PT_MM, Weight};
use egui::{Align2, Color32, FontFamily, FontId, Pos2, Rect, Stroke, Ui, Vec2};

/// The zoom steps, in percent of the page's real size on a 96 dpi screen.
const ZOOMS: [u32; 6] = [50, 75, 100, 125, 150, 200];
/// Logical pixels per millimetre at 100 %.
const PX_PER_MM: f32 = 96.0 / 25.4;

/// The named font families the preview draws with: the PDF's own faces (Noto Sans CJK SC).
pub const PRINT_REGULAR: &str = "kaidan-print";
pub const PRINT_BOLD: &str = "kaidan-print-bold";

/// What the user did with the preview this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Close,
    Print,
}

/// One print preview: a kind of document and its numbers.
pub struct PrintPreview {
    kind: DocKind,
    numbers: Vec<String>,
    fetch: super::fetch::Fetch<Vec<LaidPage>, (DocKind, Vec<String>)>,
    pages: Option<Result<Vec<LaidPage>, String>>,
    page: usize,
    /// None: fit the width of the window.
    zoom: Option<u32>,
    /// The percentage fitting the width came to when last drawn (the zoom steps go on from it).
    fit_percent: f32,
}

impl PrintPreview {
    pub fn new(kind: DocKind, numbers: Vec<String>) -> PrintPreview {
        PrintPreview { kind, numbers, fetch: Default::default(), pages: None, page: 0, zoom: None, fit_percent: 100.0 }
    }

    /// How many pages the preview has (None while they are being laid out or failed).
    pub fn page_count(&self) -> Option<usize> {
        self.pages.as_ref().and_then(|pages| pages.as_ref().ok()).map(Vec::len)
    }

    /// The preview in a window over everything.
    pub fn ui(&mut self, ui: &Ui, ctx: &super::TabCtx<'_>) -> Outcome {
        let lang = ctx.lang;
        if self.pages.is_none() {
            let key = (self.kind, self.numbers.clone());
            let (kind, numbers, user, today) = (self.kind, self.numbers.clone(), ctx.user.to_string(), ctx.today);
            self.fetch.ask_once(ctx.at(), key, move |store| -> Result<Vec<LaidPage>, String> {
                let ctx = crate::ops::ctx_for(store, &user, today, crate::local::now_on(today), lang).map_err(|error| error.to_string())?;
                let printer = crate::print::Printer::new().map_err(|error| error.to_string())?;
                crate::documents::preview(store, &ctx, &printer, kind, &numbers).map_err(|error| error.to_string())
            });
            if let Some((_, answer)) = self.fetch.answer() {
                self.pages = Some(answer);
            }
        }
        let mut outcome = Outcome::Open;
        let screen = ui.ctx().content_rect();
        let modal = egui::Modal::new(egui::Id::unique("kaidan_print_preview")).show(ui.ctx(), |ui| {
            ui.set_width((screen.width() - 80.0).max(320.0));
            ui.set_height((screen.height() - 80.0).max(240.0));
            outcome = self.bar_ui(ui, lang);
            ui.separator();
            match &self.pages {
                None => super::fetch::loading_ui(ui, lang),
                Some(Err(error)) => {
                    ui.colored_label(super::widgets::BLOCK, error);
                }
                Some(Ok(pages)) => {
                    if let Some(page) = pages.get(self.page) {
                        let zoom = self.zoom;
                        let scale = egui::ScrollArea::both()
                            .id_salt("kaidan_preview_scroll")
                            .auto_shrink([false, false])
                            .show(ui, |ui| page_ui(ui, page, zoom))
                            .inner;
                        if zoom.is_none() {
                            self.fit_percent = scale / PX_PER_MM * 100.0;
                        }
                    }
                }
            }
        });
        if outcome == Outcome::Open && modal.should_close() {
            outcome = Outcome::Close;
        }
        outcome
    }

    /// Page x of y with its arrows, the zoom, Print and Close.
    fn bar_ui(&mut self, ui: &mut Ui, lang: Lang) -> Outcome {
        let mut outcome = Outcome::Open;
        let count = self.page_count().unwrap_or(0);
        ui.horizontal(|ui| {
            ui.heading(t::PREVIEW_TITLE.get(lang));
            ui.separator();
            let (up, down) = ui.input(|input| (input.key_pressed(egui::Key::PageUp), input.key_pressed(egui::Key::PageDown)));
            if (ui.add_enabled(self.page > 0, egui::Button::new("◀")).on_hover_text(t::PREVIEW_PREVIOUS.get(lang)).clicked() || up)
                && self.page > 0
            {
                self.page -= 1;
            }
            ui.label(t::PREVIEW_PAGE.fill(lang, &[("x", &(self.page + 1).min(count.max(1))), ("y", &count)]));
            if (ui.add_enabled(self.page + 1 < count, egui::Button::new("▶")).on_hover_text(t::PREVIEW_NEXT.get(lang)).clicked() || down)
                && self.page + 1 < count
            {
                self.page += 1;
            }
            ui.separator();
            let current = self.zoom;
            let at = current.map_or(self.fit_percent, |zoom| zoom as f32);
            let smaller = ZOOMS.iter().rev().find(|step| (**step as f32) < at - 0.5).copied();
            let larger = ZOOMS.iter().find(|step| (**step as f32) > at + 0.5).copied();
            if ui.add_enabled(smaller.is_some(), egui::Button::new("−")).on_hover_text(t::PREVIEW_ZOOM_OUT.get(lang)).clicked() {
                self.zoom = smaller;
            }
            ui.label(format!("{:.0}%", at));
            if ui.add_enabled(larger.is_some(), egui::Button::new("+")).on_hover_text(t::PREVIEW_ZOOM_IN.get(lang)).clicked() {
                self.zoom = larger;
            }
            if ui.add_enabled(current.is_some(), egui::Button::new(t::PREVIEW_FIT.get(lang))).clicked() {
                self.zoom = None;
            }
            ui.separator();
            if ui.add_enabled(count > 0, egui::Button::new(t::PREVIEW_PRINT.get(lang))).clicked() {
                outcome = Outcome::Print;
            }
            if ui.button(t::CLOSE.get(lang)).clicked() {
                outcome = Outcome::Close;
            }
        });
        outcome
    }
}

/// The preview in `slot`, when one is open: Close and Print take it away; true when its Print
/// ("Print these pages") was pressed — the prompt under it prints.
pub fn show(slot: &mut Option<PrintPreview>, ui: &Ui, ctx: &super::TabCtx<'_>) -> bool {
    let Some(preview) = slot.as_mut() else { return false };
    match preview.ui(ui, ctx) {
        Outcome::Open => false,
        Outcome::Close => {
            *slot = None;
            false
        }
        Outcome::Print => {
            *slot = None;
            true
        }
    }
}

/// A grey level of the layout (0 black … 1 white) as a colour.
fn grey(level: f32) -> Color32 {
    Color32::from_gray((level.clamp(0.0, 1.0) * 255.0).round() as u8)
}

/// Draw one page, white on the window, `zoom` percent (None: as wide as there is room); returns
/// the pixels per millimetre it was drawn at.
fn page_ui(ui: &mut Ui, page: &LaidPage, zoom: Option<u32>) -> f32 {
    let scale = match zoom {
        Some(zoom) => PX_PER_MM * zoom as f32 / 100.0,
        None => ((ui.available_width() - 24.0) / page.width.max(1.0)).max(0.5),
    };
    let size = Vec2::new(page.width * scale, page.height * scale);
    let (response, painter) = ui.allocate_painter(size + Vec2::splat(12.0), egui::Sense::hover());
    let origin = response.rect.min + Vec2::splat(6.0);
    let sheet = Rect::from_min_size(origin, size);
    painter.rect_filled(sheet.translate(Vec2::splat(3.0)), 0.0, Color32::from_black_alpha(60));
    painter.rect_filled(sheet, 0.0, Color32::WHITE);
    let at = |x: f32, y: f32| Pos2::new(origin.x + x * scale, origin.y + y * scale);
    let font = |size: f32, weight: Weight| {
        let family = match weight {
            Weight::Regular => PRINT_REGULAR,
            Weight::Bold => PRINT_BOLD,
        };
        FontId::new((size * PT_MM * scale).max(1.0), FontFamily::Name(family.into()))
    };
    // A line width in points, never thinner than a pixel on the screen.
    let stroke = |width: f32, level: f32| Stroke::new((width * PT_MM * scale).max(0.6), grey(level));
    for cmd in &page.cmds {
        match cmd {
            Cmd::Text { x, y, size, weight, grey: level, text } => {
                // The layout's y is the baseline; egui places the bottom of the line box, which
                // sits a descent (about 0.12 em for this font) below it.
                let font = font(*size, *weight);
                let descent = font.size * 0.12;
                let position = at(*x, *y) + Vec2::new(0.0, descent);
                painter.text(position, Align2::LEFT_BOTTOM, text, font, grey(*level));
            }
            Cmd::Rotated { x, y, angle, size, weight, grey: level, text } => {
                let font = font(*size, *weight);
                let ascent = font.size * 0.88;
                let galley = painter.layout_no_wrap(text.clone(), font, grey(*level));
                // The PDF turns counter-clockwise about the baseline's start; the screen's y
                // points down, so the turn is clockwise here, about the text's top-left corner.
                let radians = angle.to_radians();
                let base = at(*x, *y);
                let top_left = Pos2::new(base.x - ascent * radians.sin(), base.y - ascent * radians.cos());
                painter.add(egui::epaint::TextShape::new(top_left, galley, grey(*level)).with_angle(-radians));
            }
            Cmd::Line { x1, y1, x2, y2, width, grey: level } => {
                painter.line_segment([at(*x1, *y1), at(*x2, *y2)], stroke(*width, *level));
            }
            Cmd::Rect { x, y, w, h, fill, stroke: outline } => {
                let rect = Rect::from_min_size(at(*x, *y), Vec2::new(w * scale, h * scale));
                if let Some(level) = fill {
                    painter.rect_filled(rect, 0.0, grey(*level));
                }
                if let Some((width, level)) = outline {
                    painter.rect_stroke(rect, 0.0, stroke(*width, *level), egui::StrokeKind::Middle);
                }
            }
            Cmd::Qr { x, y, size, qr } => {
                let module = size / qr.modules;
                for run in qr.runs.iter() {
                    let top = y + (qr.modules - run.y - 1.0) * module;
                    let rect = Rect::from_min_size(at(x + run.x * module, top), Vec2::new(run.len * module * scale, module * scale));
                    painter.rect_filled(rect.expand(0.2), 0.0, Color32::BLACK);
                }
            }
        }
    }
    scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greys_map_black_to_white() {
        assert_eq!(grey(0.0), Color32::from_gray(0));
        assert_eq!(grey(1.0), Color32::from_gray(255));
        assert_eq!(grey(7.0), Color32::from_gray(255));
    }
}
