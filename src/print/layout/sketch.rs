//! Drawing commands in millimetres from the top-left corner: text runs, rules, bands and QR
//! codes, collected per page before they are emitted.

use super::*;

/// One horizontal run of dark QR modules; `y` counts rows from the bottom.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QrRun {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) len: f32,
}

/// A QR code ready to draw: its module count and dark runs (shared by every page it is on).
#[derive(Debug, Clone)]
pub(crate) struct QrMark {
    pub(crate) modules: f32,
    pub(crate) runs: Arc<[QrRun]>,
}

impl QrMark {
    /// Encode `data` (an order number) as a QR code.
    pub(crate) fn encode(data: &str) -> Result<QrMark, Error> {
        let code = qrcode::QrCode::new(data.as_bytes()).map_err(|source| Error::Qr { number: data.chars().take(40).collect(), source })?;
        let n = code.width().max(1);
        let colors = code.to_colors();
        let mut runs = Vec::new();
        for (row, cells) in colors.chunks(n).enumerate() {
            let y = n.saturating_sub(row + 1) as f32;
            let mut start: Option<usize> = None;
            for (x, cell) in cells.iter().enumerate() {
                match (*cell, start) {
                    (qrcode::Color::Dark, None) => start = Some(x),
                    (qrcode::Color::Light, Some(s)) => {
                        runs.push(QrRun { x: s as f32, y, len: (x - s) as f32 });
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                runs.push(QrRun { x: s as f32, y, len: (cells.len() - s) as f32 });
            }
        }
        Ok(QrMark { modules: n as f32, runs: runs.into() })
    }

    /// Number of dark runs (for tests).
    #[cfg(test)]
    pub(crate) fn run_count(&self) -> usize {
        self.runs.len()
    }
}

/// A drawing command in mm from the top-left corner of the page; text `y` is the baseline;
/// sizes and line widths in points, greys from 0 (black) to 1 (white). The PDF and the window's
/// print preview are both drawn from these.
#[derive(Debug, Clone)]
pub(crate) enum Cmd {
    Text { x: f32, y: f32, size: f32, weight: Weight, grey: f32, text: String },
    Rotated { x: f32, y: f32, angle: f32, size: f32, weight: Weight, grey: f32, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32 },
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: Option<(f32, f32)> },
    Qr { x: f32, y: f32, size: f32, qr: QrMark },
}

impl Cmd {
    pub(super) fn shifted(self, dx: f32, dy: f32) -> Cmd {
        match self {
            Cmd::Text { x, y, size, weight, grey, text } => Cmd::Text { x: x + dx, y: y + dy, size, weight, grey, text },
            Cmd::Rotated { x, y, angle, size, weight, grey, text } => {
                Cmd::Rotated { x: x + dx, y: y + dy, angle, size, weight, grey, text }
            }
            Cmd::Line { x1, y1, x2, y2, width, grey } => Cmd::Line { x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, width, grey },
            Cmd::Rect { x, y, w, h, fill, stroke } => Cmd::Rect { x: x + dx, y: y + dy, w, h, fill, stroke },
            Cmd::Qr { x, y, size, qr } => Cmd::Qr { x: x + dx, y: y + dy, size, qr },
        }
    }
}

/// A list of drawing commands being composed, measured before it is placed on a page.
pub(crate) struct Sketch<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) cmds: Vec<Cmd>,
}

impl<'f> Sketch<'f> {
    pub(crate) fn new(fonts: &'f Fonts) -> Sketch<'f> {
        Sketch { fonts, cmds: Vec::new() }
    }

    /// Text with its left end at `x` and its baseline at `y`, in grey `grey` (0 = black).
    pub(crate) fn text_grey(&mut self, x: f32, y: f32, size: f32, weight: Weight, grey: f32, text: &str) {
        let text: String = text.chars().map(clean).collect();
        if text.trim().is_empty() {
            return;
        }
        self.cmds.push(Cmd::Text { x, y, size, weight, grey, text });
    }

    /// Black text with its left end at `x`.
    pub(crate) fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, text: &str) {
        self.text_grey(x, y, size, weight, 0.0, text);
    }

    /// Text aligned inside the box `x .. x + w`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text_aligned(&mut self, align: Align, x: f32, w: f32, y: f32, size: f32, weight: Weight, grey: f32, text: &str) {
        let left = match align {
            Align::Left => x,
            Align::Right => x + w - self.fonts.width(text, size, weight),
            Align::Center => x + (w - self.fonts.width(text, size, weight)) / 2.0,
        };
        self.text_grey(left, y, size, weight, grey, text);
    }

    /// Wrap `text` into the box `x .. x + w`, starting with the line box at `top`. Returns the
    /// top of the next line.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn paragraph(&mut self, x: f32, top: f32, w: f32, size: f32, weight: Weight, grey: f32, align: Align, text: &str) -> f32 {
        let lh = line_height(size);
        let mut y = top;
        for line in self.fonts.wrap(text, size, weight, w) {
            self.text_aligned(align, x, w, baseline(y, size), size, weight, grey, &line);
            y += lh;
        }
        y
    }

    /// A straight line `width` points thick.
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32) {
        self.cmds.push(Cmd::Line { x1, y1, x2, y2, width, grey });
    }

    /// A filled rectangle; `y` is its top edge.
    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        self.cmds.push(Cmd::Rect { x, y, w, h, fill: Some(grey), stroke: None });
    }

    /// An outlined rectangle `width` points thick; `y` is its top edge.
    pub(crate) fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, grey: f32) {
        self.cmds.push(Cmd::Rect { x, y, w, h, fill: None, stroke: Some((width, grey)) });
    }

    /// Size (w, h) of a badge with `text` at `size`.
    pub(crate) fn badge_size(&self, size: f32, text: &str) -> (f32, f32) {
        (self.fonts.width(text, size, Weight::Bold) + 4.0, line_height(size) + 0.6)
    }

    /// White bold text on a black box whose top-left corner is (`x`, `top`): URGENT, VOID.
    pub(crate) fn badge(&mut self, x: f32, top: f32, size: f32, text: &str) -> (f32, f32) {
        let (w, h) = self.badge_size(size, text);
        self.fill_rect(x, top, w, h, 0.0);
        self.text_grey(x + 2.0, baseline(top + 0.3, size), size, Weight::Bold, 1.0, text);
        (w, h)
    }

    /// Black bold text in an outlined box whose top-left corner is (`x`, `top`): COPY n.
    pub(crate) fn framed(&mut self, x: f32, top: f32, size: f32, text: &str) -> (f32, f32) {
        let (w, h) = self.badge_size(size, text);
        self.stroke_rect(x, top, w, h, 1.2, 0.0);
        self.text(x + 2.0, baseline(top + 0.3, size), size, Weight::Bold, text);
        (w, h)
    }

    /// A QR code `size` mm square with its top-left corner at (`x`, `top`).
    pub(crate) fn qr(&mut self, x: f32, top: f32, size: f32, qr: &QrMark) {
        self.cmds.push(Cmd::Qr { x, y: top, size, qr: qr.clone() });
    }

    /// A large diagonal `text` behind the content of a `page_w` × `page_h` page.
    pub(super) fn watermark(&mut self, page_w: f32, page_h: f32, text: &str) {
        let em = self.fonts.width(text, 1.0, Weight::Bold) / PT_MM;
        if em <= 0.0 || page_w <= 0.0 {
            return;
        }
        let angle = (page_h / page_w).atan().to_degrees().min(55.0);
        let (sin, cos) = angle.to_radians().sin_cos();
        let diagonal = (page_w * page_w + page_h * page_h).sqrt();
        let length = (page_w / cos).min(diagonal) * 0.7;
        let size = (length / (em * PT_MM)).min(page_w * 0.3 / PT_MM).max(12.0);
        let w = em * size * PT_MM;
        let middle = 0.36 * size * PT_MM;
        // Start of the baseline in PDF orientation (y up), so the text is centred on the page.
        let (cx, cy) = (page_w / 2.0, page_h / 2.0);
        let sx = cx - cos * w / 2.0 + sin * middle;
        let sy = cy - sin * w / 2.0 - cos * middle;
        self.cmds.push(Cmd::Rotated {
            x: sx,
            y: page_h - sy,
            angle,
            size,
            weight: Weight::Bold,
            grey: GREY_WATERMARK,
            text: text.to_string(),
        });
    }
}
