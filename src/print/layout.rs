//! The page layout shared by every printed document: paper geometry (A4, A5, 80 mm receipt),
//! text measurement and line wrapping with the bundled CJK fonts, a page builder that tracks the
//! cursor and breaks pages, the letterhead/header block repeated on every page, info blocks, a
//! table with a repeated head row, wrapped cells and right-aligned numbers, totals, notes,
//! signature lines, and the second pass that adds "Page x of y", copy marks and watermarks once
//! the page count of a document is known.
//!
//! Everything here is positioned in millimetres from the TOP-left corner of the page and only
//! converted to PDF points (origin bottom-left) when a page is emitted, so receipt pages can grow
//! with their content. This module must not know about orders, invoices or money: the document
//! modules decide what to print, this one decides where.

use std::rc::Rc;

use chrono::NaiveDate;
use printpdf::{
    Color, CurTransMat, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfFontHandle, PdfPage, Point, Pt, Rect,
    TextItem, TextMatrix, WindingOrder,
};

use super::{Company, Error, PaperSize};
use crate::i18n::{Lang, print as t};

/// Millimetres per typographic point.
pub(crate) const PT_MM: f32 = 25.4 / 72.0;
/// Points per millimetre.
const MM_PT: f32 = 72.0 / 25.4;
/// Height reserved at the bottom of every page for the footer rule and "Page x of y".
const FOOTER_H: f32 = 8.0;
/// Receipt pages never get taller than this (a PDF page may be at most 5080 mm); content beyond
/// it continues on another page.
const RECEIPT_MAX_H: f32 = 5000.0;
/// A receipt is never shorter than this, so a tiny slip still tears off cleanly.
const RECEIPT_MIN_H: f32 = 80.0;
/// Horizontal padding inside table cells.
const CELL_PAD_X: f32 = 1.2;
/// Vertical padding inside table cells.
const CELL_PAD_Y: f32 = 0.9;

/// Grey of secondary text (labels, captions, footer).
pub(crate) const GREY_LABEL: f32 = 0.38;
/// Grey of thin table rules.
const GREY_RULE: f32 = 0.72;
/// Grey of the table head band.
const GREY_BAND: f32 = 0.9;
/// Grey of watermarks drawn behind the content.
const GREY_WATERMARK: f32 = 0.84;

/// Regular or bold face of the bundled font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// Horizontal alignment of text inside a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
}

// ------------------------------------------------------------------------------------------------
// Fonts and text measurement
// ------------------------------------------------------------------------------------------------

/// Advance widths of one face, in em.
struct Metrics {
    units_per_em: f32,
    ascii: [f32; 128],
    fallback: f32,
}

impl Metrics {
    fn of(font: &ParsedFont) -> Metrics {
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em).max(1.0);
        let notdef = f32::from(font.get_horizontal_advance(0)) / units_per_em;
        let fallback = if notdef > 0.0 { notdef } else { 1.0 };
        let mut ascii = [fallback; 128];
        for (code, slot) in (0u32..).zip(ascii.iter_mut()) {
            if let Some(gid) = font.lookup_glyph_index(code) {
                *slot = f32::from(font.get_horizontal_advance(gid)) / units_per_em;
            }
        }
        Metrics { units_per_em, ascii, fallback }
    }

    /// Advance of `c` in em; characters the font lacks measure like the box it draws for them.
    fn advance(&self, font: &ParsedFont, c: char) -> f32 {
        if let Some(width) = self.ascii.get(c as usize) {
            return *width;
        }
        match font.lookup_glyph_index(c as u32) {
            Some(gid) => f32::from(font.get_horizontal_advance(gid)) / self.units_per_em,
            None => self.fallback,
        }
    }
}

/// The two parsed faces (regular and bold) plus their advance tables. Parsed once per
/// [`super::Printer`] and shared by every document.
pub(crate) struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    regular_metrics: Metrics,
    bold_metrics: Metrics,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

/// Parse one face and check it can print both Latin and Chinese text.
fn parse_face(bytes: &[u8], name: &'static str) -> Result<ParsedFont, Error> {
    let mut warnings = Vec::new();
    let Some(font) = ParsedFont::from_bytes(bytes, 0, &mut warnings) else {
        let detail = warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>().join("; ");
        return Err(Error::Font { name, detail: if detail.is_empty() { "not a font".to_string() } else { detail } });
    };
    for probe in ['A', '0', '中', '：'] {
        if font.lookup_glyph_index(probe as u32).is_none() {
            return Err(Error::Font { name, detail: format!("no glyph for {probe:?}") });
        }
    }
    Ok(font)
}

/// Replace control characters (tabs, stray carriage returns) by spaces: the font has no glyph
/// for them.
fn clean(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

/// Characters between which a line may break without a space (CJK ideographs, kana, hangul,
/// full-width forms and CJK punctuation).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Punctuation that must not start a line.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '％'
            | '·'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Punctuation that must not end a line.
fn is_opening(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘' | '(' | '[' | '{')
}

/// May a line break between `a` and `b` (the break goes before `b`)?
fn can_break_between(a: char, b: char) -> bool {
    if b == ' ' {
        // Spaces are handled by the wrapper: a line breaks AFTER a space.
        return false;
    }
    if a == ' ' {
        return true;
    }
    if is_closing(b) || is_opening(a) {
        return false;
    }
    if (a == '-' || a == '/') && b.is_alphanumeric() {
        return true;
    }
    is_cjk(a) || is_cjk(b)
}

impl Fonts {
    /// Parse the regular and bold faces.
    pub(crate) fn load(regular: &[u8], bold: &[u8]) -> Result<Fonts, Error> {
        let regular = parse_face(regular, "regular")?;
        let bold = parse_face(bold, "bold")?;
        Ok(Fonts { regular_metrics: Metrics::of(&regular), bold_metrics: Metrics::of(&bold), regular, bold })
    }

    /// The regular face, for registering in a `PdfDocument`.
    pub(crate) fn regular(&self) -> &ParsedFont {
        &self.regular
    }

    /// The bold face, for registering in a `PdfDocument`.
    pub(crate) fn bold(&self) -> &ParsedFont {
        &self.bold
    }

    fn face(&self, weight: Weight) -> (&ParsedFont, &Metrics) {
        match weight {
            Weight::Regular => (&self.regular, &self.regular_metrics),
            Weight::Bold => (&self.bold, &self.bold_metrics),
        }
    }

    /// Width in mm of `text` set on one line at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        let (font, metrics) = self.face(weight);
        let em: f32 = text.chars().map(|c| metrics.advance(font, clean(c))).sum();
        em * size * PT_MM
    }

    /// Break `text` into lines no wider than `max_width` mm: at spaces for Latin text, between
    /// any two CJK characters (never before closing or after opening punctuation), and inside a
    /// word only when the word alone is too wide. `\n` forces a break. Always at least one line.
    pub(crate) fn wrap(&self, text: &str, size: f32, weight: Weight, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            self.wrap_paragraph(paragraph, size, weight, max_width, &mut lines);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }

    fn wrap_paragraph(&self, paragraph: &str, size: f32, weight: Weight, max_width: f32, out: &mut Vec<String>) {
        let (font, metrics) = self.face(weight);
        let scale = size * PT_MM;
        let first = out.len();
        let mut line = String::new();
        let mut line_w = 0.0f32;
        // Byte offset in `line` where the next line may start, if any.
        let mut last_break: Option<usize> = None;
        let mut prev: Option<char> = None;
        for raw in paragraph.chars() {
            let c = clean(raw);
            let w = metrics.advance(font, c) * scale;
            if line.is_empty() && c == ' ' {
                prev = Some(c);
                continue;
            }
            if let Some(p) = prev
                && !line.is_empty()
                && can_break_between(p, c)
            {
                last_break = Some(line.len());
            }
            if line_w + w > max_width && !line.is_empty() {
                if c == ' ' {
                    out.push(line.trim_end().to_string());
                    line.clear();
                    line_w = 0.0;
                    last_break = None;
                    prev = Some(c);
                    continue;
                }
                match last_break {
                    Some(at) if at > 0 => {
                        let rest = line.split_off(at);
                        out.push(line.trim_end().to_string());
                        line = rest.trim_start().to_string();
                        line_w = self.width(&line, size, weight);
                    }
                    _ => {
                        out.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                }
                last_break = None;
                // The carried-over fragment has no break opportunity left: if it still cannot
                // take `c`, break inside it.
                if line_w + w > max_width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
            }
            line.push(c);
            line_w += w;
            prev = Some(c);
        }
        let last = line.trim_end();
        if !last.is_empty() || out.len() == first {
            out.push(last.to_string());
        }
    }

    /// `text` on one line no wider than `max_width` mm, cut with "…" if needed.
    pub(crate) fn fit(&self, text: &str, size: f32, weight: Weight, max_width: f32) -> String {
        let flat: String = text.chars().map(clean).collect();
        let flat = flat.trim();
        if self.width(flat, size, weight) <= max_width {
            return flat.to_string();
        }
        let (font, metrics) = self.face(weight);
        let scale = size * PT_MM;
        let ellipsis = metrics.advance(font, '…') * scale;
        let mut out = String::new();
        let mut width = 0.0;
        for c in flat.chars() {
            let w = metrics.advance(font, c) * scale;
            if width + w + ellipsis > max_width {
                break;
            }
            out.push(c);
            width += w;
        }
        let mut out = out.trim_end().to_string();
        out.push('…');
        out
    }
}

/// Height in mm of one line of text at `size` points.
pub(crate) fn line_height(size: f32) -> f32 {
    size * PT_MM * 1.32
}

/// Baseline (mm from the top) of a line of text at `size` whose line box starts at `top`.
pub(crate) fn baseline(top: f32, size: f32) -> f32 {
    top + size * PT_MM * 1.02
}

/// Dates as printed on every document (ISO, understood in both languages).
pub(crate) fn fmt_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "Label: value" with the colon of the language.
pub(crate) fn labelled(lang: Lang, label: &str, value: &str) -> String {
    match lang {
        Lang::En => format!("{label}: {value}"),
        Lang::Zh => format!("{label}：{value}"),
    }
}

/// The "COPY n" / "副本 n" mark for a copy number (none for the original, 0).
pub(crate) fn copy_label(copy_number: u32, lang: Lang) -> Option<String> {
    (copy_number > 0).then(|| t::COPY_N.fill(lang, &[("n", &copy_number)]))
}

// ------------------------------------------------------------------------------------------------
// Paper
// ------------------------------------------------------------------------------------------------

/// Geometry and type sizes of one paper size. Lengths in mm, type sizes in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageSpec {
    pub width: f32,
    /// `None`: the page grows with its content (receipt roll).
    pub height: Option<f32>,
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    /// Body text and table cells.
    pub body: f32,
    /// Labels, captions, table head, footer.
    pub small: f32,
    /// Document title.
    pub title: f32,
    /// Company name in the letterhead.
    pub company: f32,
    /// Text that must be read from a distance (delivery address and phone).
    pub large: f32,
    /// Side of the QR code.
    pub qr: f32,
}

impl PageSpec {
    /// The layout of `paper`.
    pub(crate) fn of(paper: PaperSize) -> PageSpec {
        match paper {
            PaperSize::A4 => PageSpec {
                width: 210.0,
                height: Some(297.0),
                margin_x: 15.0,
                margin_top: 15.0,
                margin_bottom: 12.0,
                body: 9.0,
                small: 7.5,
                title: 17.0,
                company: 13.0,
                large: 14.0,
                qr: 25.0,
            },
            PaperSize::A5 => PageSpec {
                width: 148.0,
                height: Some(210.0),
                margin_x: 10.0,
                margin_top: 12.0,
                margin_bottom: 9.0,
                body: 8.0,
                small: 6.8,
                title: 14.0,
                company: 11.0,
                large: 12.0,
                qr: 22.0,
            },
            PaperSize::Receipt80 => PageSpec {
                width: 80.0,
                height: None,
                margin_x: 4.0,
                margin_top: 11.0,
                margin_bottom: 6.0,
                body: 8.0,
                small: 7.0,
                title: 12.0,
                company: 10.5,
                large: 11.0,
                qr: 22.0,
            },
        }
    }

    /// Width between the side margins.
    pub(crate) fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }

    /// Wide enough to set blocks side by side (A4); narrower paper stacks them.
    pub(crate) fn wide(&self) -> bool {
        self.content_width() >= 150.0
    }
}

// ------------------------------------------------------------------------------------------------
// Drawing commands
// ------------------------------------------------------------------------------------------------

/// One horizontal run of dark QR modules; `y` counts rows from the bottom.
#[derive(Debug, Clone, Copy)]
struct QrRun {
    x: f32,
    y: f32,
    len: f32,
}

/// A QR code ready to draw: its module count and dark runs (shared by every page it is on).
#[derive(Debug, Clone)]
pub(crate) struct QrMark {
    modules: f32,
    runs: Rc<[QrRun]>,
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

/// A drawing command in mm from the top-left corner of the page; text `y` is the baseline.
#[derive(Debug, Clone)]
enum Cmd {
    Text { x: f32, y: f32, size: f32, weight: Weight, grey: f32, text: String },
    Rotated { x: f32, y: f32, angle: f32, size: f32, weight: Weight, grey: f32, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32 },
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: Option<(f32, f32)> },
    Qr { x: f32, y: f32, size: f32, qr: QrMark },
}

impl Cmd {
    fn shifted(self, dx: f32, dy: f32) -> Cmd {
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
    fonts: &'f Fonts,
    cmds: Vec<Cmd>,
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
    fn watermark(&mut self, page_w: f32, page_h: f32, text: &str) {
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

// ------------------------------------------------------------------------------------------------
// Header, info blocks, table, totals
// ------------------------------------------------------------------------------------------------

/// One label/value line in the header, right of (or below) the letterhead.
#[derive(Debug, Clone)]
pub(crate) struct MetaRow {
    pub label: String,
    pub value: String,
    pub bold: bool,
}

/// The header repeated at the top of every page of a document: letterhead, title, number and
/// dates, marks such as URGENT/VOID, and an optional QR code at the top right.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub company_name: String,
    pub company_lines: Vec<String>,
    pub title: String,
    pub meta: Vec<MetaRow>,
    pub badges: Vec<String>,
    pub qr: Option<QrMark>,
}

impl Header {
    /// A header with the letterhead of `company` and the document `title`.
    pub(crate) fn new(company: &Company, lang: Lang, title: &str) -> Header {
        let mut company_lines = Vec::new();
        if !company.address.trim().is_empty() {
            company_lines.push(company.address.trim().to_string());
        }
        if !company.phone.trim().is_empty() {
            company_lines.push(labelled(lang, t::COMPANY_PHONE.get(lang), company.phone.trim()));
        }
        if !company.tax_id.trim().is_empty() {
            company_lines.push(labelled(lang, t::COMPANY_TAX_ID.get(lang), company.tax_id.trim()));
        }
        Header {
            company_name: company.name.trim().to_string(),
            company_lines,
            title: title.to_string(),
            meta: Vec::new(),
            badges: Vec::new(),
            qr: None,
        }
    }

    /// Add a label/value line (the document number is the bold one).
    pub(crate) fn meta(mut self, label: &str, value: impl Into<String>, bold: bool) -> Header {
        self.meta.push(MetaRow { label: label.to_string(), value: value.into(), bold });
        self
    }

    /// Add an inverted mark (URGENT, VOID).
    pub(crate) fn badge(mut self, text: &str) -> Header {
        self.badges.push(text.to_string());
        self
    }

    /// Put a QR code at the top right.
    pub(crate) fn qr(mut self, qr: QrMark) -> Header {
        self.qr = Some(qr);
        self
    }
}

/// One line of an info block; a row without label spans the block's width.
#[derive(Debug, Clone)]
pub(crate) struct InfoRow {
    pub label: Option<String>,
    pub value: String,
    pub size: f32,
    pub weight: Weight,
}

/// A captioned block of customer / delivery / payment details.
#[derive(Debug, Clone)]
pub(crate) struct InfoBlock {
    pub caption: String,
    pub rows: Vec<InfoRow>,
}

impl InfoBlock {
    pub(crate) fn new(caption: &str) -> InfoBlock {
        InfoBlock { caption: caption.to_string(), rows: Vec::new() }
    }

    /// A labelled row; skipped when `value` is blank.
    pub(crate) fn row(&mut self, label: &str, value: &str, size: f32, weight: Weight) {
        if !value.trim().is_empty() {
            self.rows.push(InfoRow { label: Some(label.to_string()), value: value.trim().to_string(), size, weight });
        }
    }

    /// A row without label; skipped when `value` is blank.
    pub(crate) fn plain(&mut self, value: &str, size: f32, weight: Weight) {
        if !value.trim().is_empty() {
            self.rows.push(InfoRow { label: None, value: value.trim().to_string(), size, weight });
        }
    }
}

/// One line of the totals block.
#[derive(Debug, Clone)]
pub(crate) struct TotalRow {
    pub label: String,
    pub value: String,
    /// Bold, larger and set off by a rule and a grey band (grand total, amount due).
    pub strong: bool,
}

impl TotalRow {
    pub(crate) fn new(label: impl Into<String>, value: impl Into<String>, strong: bool) -> TotalRow {
        TotalRow { label: label.into(), value: value.into(), strong }
    }
}

/// A table column. `width` in mm; 0 means "take the remaining width" (the product name).
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
    /// Draws an empty tick box instead of text.
    pub checkbox: bool,
}

impl Column {
    pub(crate) fn fixed(title: &str, width: f32, align: Align) -> Column {
        Column { title: title.to_string(), width, align, checkbox: false }
    }

    pub(crate) fn flex(title: &str) -> Column {
        Column { title: title.to_string(), width: 0.0, align: Align::Left, checkbox: false }
    }

    pub(crate) fn checkbox(title: &str, width: f32) -> Column {
        Column { title: title.to_string(), width, align: Align::Center, checkbox: true }
    }
}

#[derive(Debug, Clone)]
struct PlacedColumn {
    column: Column,
    x: f32,
    w: f32,
    head: Vec<String>,
}

/// A table laid across the content width; its head row is drawn again after every page break.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    columns: Vec<PlacedColumn>,
    size: f32,
    head_size: f32,
    head_h: f32,
}

impl Table {
    /// Place `columns` across the content width of `pager`. Fixed columns shrink
    /// proportionally if they would leave the flexible one less than a quarter of the width.
    pub(crate) fn new(pager: &Pager<'_>, columns: Vec<Column>) -> Table {
        let spec = pager.spec;
        let total = spec.content_width();
        let fixed: f32 = columns.iter().filter(|c| c.width > 0.0).map(|c| c.width).sum();
        let flex_count = columns.iter().filter(|c| c.width <= 0.0).count();
        let min_flex = if flex_count > 0 { total * 0.25 } else { 0.0 };
        let scale = if fixed <= 0.0 {
            1.0
        } else if flex_count == 0 || fixed > total - min_flex {
            (total - min_flex) / fixed
        } else {
            1.0
        };
        let flex_w = if flex_count > 0 { ((total - fixed * scale) / flex_count as f32).max(0.0) } else { 0.0 };
        let head_size = spec.small;
        let mut x = spec.margin_x;
        let mut placed = Vec::with_capacity(columns.len());
        let mut head_lines = 1usize;
        for column in columns {
            let w = if column.width > 0.0 { column.width * scale } else { flex_w };
            let head = pager.fonts.wrap(&column.title, head_size, Weight::Bold, (w - 2.0 * CELL_PAD_X).max(1.0));
            head_lines = head_lines.max(head.len());
            placed.push(PlacedColumn { column, x, w, head });
            x += w;
        }
        Table { columns: placed, size: spec.body, head_size, head_h: head_lines as f32 * line_height(head_size) + 2.0 * CELL_PAD_Y }
    }

    /// Draw the head row (grey band with bold titles) at the cursor, breaking the page first if
    /// the head and one row would not fit.
    pub(crate) fn draw_head(&self, pager: &mut Pager<'_>) {
        pager.ensure(self.head_h + line_height(self.size) + 2.0 * CELL_PAD_Y);
        let mut s = Sketch::new(pager.fonts);
        let (left, width) = (pager.left(), pager.width());
        s.fill_rect(left, 0.0, width, self.head_h, GREY_BAND);
        let lh = line_height(self.head_size);
        for col in &self.columns {
            for (i, line) in col.head.iter().enumerate() {
                let y = baseline(CELL_PAD_Y + i as f32 * lh, self.head_size);
                s.text_aligned(col.column.align, col.x + CELL_PAD_X, col.w - 2.0 * CELL_PAD_X, y, self.head_size, Weight::Bold, 0.0, line);
            }
        }
        s.line(left, self.head_h, left + width, self.head_h, 0.7, 0.25);
        let y = pager.y;
        pager.place(s, y);
        pager.y += self.head_h;
    }

    /// Draw one row of `cells` (one per column; tick-box columns ignore theirs). Cells wrap
    /// inside their column; a row never splits across pages (a cell taller than a whole page is
    /// cut with "…").
    pub(crate) fn row(&self, pager: &mut Pager<'_>, cells: &[String]) {
        let fonts = pager.fonts;
        let lh = line_height(self.size);
        let room = pager.body_height() - self.head_h - 2.0 * CELL_PAD_Y;
        let max_lines = ((room / lh).floor() as usize).max(1);
        let mut lines: Vec<Vec<String>> = Vec::with_capacity(self.columns.len());
        for (i, col) in self.columns.iter().enumerate() {
            if col.column.checkbox {
                lines.push(Vec::new());
                continue;
            }
            let text = cells.get(i).map(String::as_str).unwrap_or("");
            let inner = (col.w - 2.0 * CELL_PAD_X).max(1.0);
            let mut wrapped = fonts.wrap(text, self.size, Weight::Regular, inner);
            if wrapped.len() > max_lines {
                wrapped.truncate(max_lines);
                if let Some(last) = wrapped.last_mut() {
                    let cut = format!("{last}…");
                    *last = fonts.fit(&cut, self.size, Weight::Regular, inner);
                }
            }
            lines.push(wrapped);
        }
        let count = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = count as f32 * lh + 2.0 * CELL_PAD_Y;
        if !pager.fits(h) {
            pager.new_page();
            self.draw_head(pager);
        }
        let mut s = Sketch::new(fonts);
        for (col, cell) in self.columns.iter().zip(&lines) {
            if col.column.checkbox {
                let side = (lh * 0.9).min(col.w - 2.0 * CELL_PAD_X).clamp(1.0, 4.0);
                let x = col.x + (col.w - side) / 2.0;
                let top = CELL_PAD_Y + (lh - side) / 2.0;
                s.stroke_rect(x, top, side, side, 0.7, 0.0);
                continue;
            }
            for (i, line) in cell.iter().enumerate() {
                let y = baseline(CELL_PAD_Y + i as f32 * lh, self.size);
                s.text_aligned(col.column.align, col.x + CELL_PAD_X, col.w - 2.0 * CELL_PAD_X, y, self.size, Weight::Regular, 0.0, line);
            }
        }
        let (left, width) = (pager.left(), pager.width());
        s.line(left, h, left + width, h, 0.3, GREY_RULE);
        let y = pager.y;
        pager.place(s, y);
        pager.y += h;
    }
}

// ------------------------------------------------------------------------------------------------
// Pages
// ------------------------------------------------------------------------------------------------

/// Font resources of the PDF being written.
#[derive(Debug, Clone)]
pub(crate) struct FontIds {
    pub regular: FontId,
    pub bold: FontId,
}

/// Marks added to every page of a document in the second pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marks {
    /// "COPY n" framed in the top margin.
    pub copy: Option<String>,
    /// Large diagonal text behind the content (VOID).
    pub watermark: Option<String>,
    /// Left part of the footer (document title and number).
    pub footer: String,
}

#[derive(Debug)]
struct PageBuf {
    cmds: Vec<Cmd>,
    /// Lowest point (mm from the top) the content reached.
    end: f32,
}

/// Builds the pages of ONE document: tracks the cursor, breaks pages, repeats the header.
pub(crate) struct Pager<'f> {
    fonts: &'f Fonts,
    pub spec: PageSpec,
    pages: Vec<PageBuf>,
    /// The cursor: mm from the top of the current page.
    pub y: f32,
    header: Option<Header>,
    body_top: f32,
}

impl<'f> Pager<'f> {
    /// Start the first page of a document on `paper` and draw its header.
    pub(crate) fn new(fonts: &'f Fonts, paper: PaperSize, header: Header) -> Pager<'f> {
        let spec = PageSpec::of(paper);
        let mut pager = Pager { fonts, spec, pages: Vec::new(), y: spec.margin_top, header: Some(header), body_top: spec.margin_top };
        pager.start_page();
        pager.body_top = pager.y;
        pager
    }

    pub(crate) fn left(&self) -> f32 {
        self.spec.margin_x
    }

    pub(crate) fn right(&self) -> f32 {
        self.spec.width - self.spec.margin_x
    }

    pub(crate) fn width(&self) -> f32 {
        self.spec.content_width()
    }

    /// Lowest point content may reach on a page (above the footer).
    pub(crate) fn bottom(&self) -> f32 {
        self.spec.height.unwrap_or(RECEIPT_MAX_H) - self.spec.margin_bottom - FOOTER_H
    }

    /// Height available for content below the header of a fresh page.
    pub(crate) fn body_height(&self) -> f32 {
        (self.bottom() - self.body_top).max(10.0)
    }

    /// Does a block `h` mm tall fit below the cursor?
    pub(crate) fn fits(&self, h: f32) -> bool {
        self.y + h <= self.bottom() + 0.01
    }

    /// Break the page unless a block `h` mm tall fits below the cursor (or the page is still
    /// empty, where breaking would not help). Returns whether a new page was started.
    pub(crate) fn ensure(&mut self, h: f32) -> bool {
        if !self.fits(h) && self.y > self.body_top + 0.01 {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Move the cursor down.
    pub(crate) fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    /// Close the current page and start the next one with the header.
    pub(crate) fn new_page(&mut self) {
        self.close_page();
        self.start_page();
    }

    fn close_page(&mut self) {
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.end = page.end.max(y);
        }
    }

    fn start_page(&mut self) {
        self.pages.push(PageBuf { cmds: Vec::new(), end: 0.0 });
        self.y = self.spec.margin_top;
        if let Some(header) = self.header.take() {
            self.draw_header(&header);
            self.header = Some(header);
        }
    }

    /// Put a sketch drawn with its top at 0 onto the current page, `dy` mm from the top.
    fn place(&mut self, sketch: Sketch<'_>, dy: f32) {
        if let Some(page) = self.pages.last_mut() {
            page.cmds.extend(sketch.cmds.into_iter().map(|cmd| cmd.shifted(0.0, dy)));
        }
    }

    fn draw_header(&mut self, header: &Header) {
        let spec = self.spec;
        let fonts = self.fonts;
        let (left, right, top) = (self.left(), self.right(), self.y);
        let mut s = Sketch::new(fonts);
        let qr_space = if header.qr.is_some() { spec.qr + 4.0 } else { 0.0 };
        let text_right = right - qr_space;
        let mut bottom = if spec.wide() {
            let col = (text_right - left - 8.0) / 2.0;
            let company_end = company_block(&mut s, spec, header, left, top, col);
            let title_end = title_block(&mut s, spec, header, left + col + 8.0, top, col, Align::Right);
            company_end.max(title_end)
        } else {
            let w = text_right - left;
            let company_end = company_block(&mut s, spec, header, left, top, w);
            title_block(&mut s, spec, header, left, company_end + 2.0, w, Align::Left)
        };
        if let Some(qr) = &header.qr {
            s.qr(right - spec.qr, top, spec.qr, qr);
            bottom = bottom.max(top + spec.qr);
        }
        let rule = bottom + 2.0;
        s.line(left, rule, right, rule, 0.9, 0.15);
        self.place(s, 0.0);
        self.y = rule + 4.0;
    }

    /// Captioned detail blocks: side by side on wide paper, stacked otherwise.
    pub(crate) fn info_blocks(&mut self, blocks: &[InfoBlock]) {
        let spec = self.spec;
        let (left, width) = (self.left(), self.width());
        let blocks: Vec<&InfoBlock> = blocks.iter().filter(|b| !b.rows.is_empty()).collect();
        if blocks.is_empty() {
            return;
        }
        const GAP: f32 = 8.0;
        if spec.wide() && blocks.len() > 1 {
            let n = blocks.len() as f32;
            let w = (width - GAP * (n - 1.0)) / n;
            let mut s = Sketch::new(self.fonts);
            let mut h = 0.0f32;
            for (i, block) in blocks.iter().enumerate() {
                let x = left + i as f32 * (w + GAP);
                h = h.max(info_block(&mut s, spec, block, x, w));
            }
            self.ensure(h);
            let y = self.y;
            self.place(s, y);
            self.y += h + 4.0;
        } else {
            for block in blocks {
                let mut s = Sketch::new(self.fonts);
                let h = info_block(&mut s, spec, block, left, width);
                self.ensure(h);
                let y = self.y;
                self.place(s, y);
                self.y += h + 3.0;
            }
        }
    }

    /// The totals block, right-aligned under the table on wide paper, full width otherwise.
    pub(crate) fn totals(&mut self, rows: &[TotalRow]) {
        let spec = self.spec;
        let fonts = self.fonts;
        let width = if spec.wide() { 82.0 } else { self.width() };
        let x = self.right() - width;
        let mut s = Sketch::new(fonts);
        let mut y = 1.5;
        for row in rows {
            let (size, weight) = if row.strong { (spec.body + 1.5, Weight::Bold) } else { (spec.body, Weight::Regular) };
            let lh = line_height(size) + 0.6;
            if row.strong {
                s.line(x, y, x + width, y, 0.7, 0.2);
                y += 0.5;
                s.fill_rect(x, y, width, lh, GREY_BAND);
            }
            let value_w = fonts.width(&row.value, size, weight);
            let label_room = (width - value_w - 5.0).max(5.0);
            let base = baseline(y + 0.3, size);
            s.text(x + 1.5, base, size, weight, &fonts.fit(&row.label, size, weight, label_room));
            s.text(x + width - 1.5 - value_w, base, size, weight, &row.value);
            y += lh;
        }
        self.ensure(y);
        let top = self.y;
        self.place(s, top);
        self.y += y + 3.0;
    }

    /// A small bold grey caption followed by `text` wrapped over the full width; the text may
    /// continue on the next page. Nothing is printed when `text` is blank.
    pub(crate) fn notes(&mut self, caption: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let spec = self.spec;
        let lines = self.fonts.wrap(text, spec.body, Weight::Regular, self.width());
        let cap_h = line_height(spec.small) + 0.5;
        let lh = line_height(spec.body);
        self.ensure(cap_h + lh * lines.len().min(2) as f32);
        let (left, right) = (self.left(), self.right());
        let mut s = Sketch::new(self.fonts);
        s.text_grey(left, baseline(0.0, spec.small), spec.small, Weight::Bold, GREY_LABEL, caption);
        s.line(left, cap_h, right, cap_h, 0.3, GREY_RULE);
        let y = self.y;
        self.place(s, y);
        self.y += cap_h + 0.8;
        for line in lines {
            self.ensure(lh);
            let mut s = Sketch::new(self.fonts);
            s.text(left, baseline(0.0, spec.body), spec.body, Weight::Regular, &line);
            let y = self.y;
            self.place(s, y);
            self.y += lh;
        }
        self.y += 3.0;
    }

    /// One line of text over the full width (wrapped; may continue on the next page).
    pub(crate) fn text_line(&mut self, text: &str, size: f32, weight: Weight) {
        let lh = line_height(size);
        let left = self.left();
        for line in self.fonts.wrap(text, size, weight, self.width()) {
            self.ensure(lh);
            let mut s = Sketch::new(self.fonts);
            s.text(left, baseline(0.0, size), size, weight, &line);
            let y = self.y;
            self.place(s, y);
            self.y += lh;
        }
    }

    /// Signature lines ("Picked by ____  Date ____"), kept together on one page.
    pub(crate) fn signatures(&mut self, signers: &[&str], date_label: &str) {
        let spec = self.spec;
        let fonts = self.fonts;
        let (left, right, width) = (self.left(), self.right(), self.width());
        let size = spec.body;
        let mut s = Sketch::new(fonts);
        let mut y = 0.0;
        if spec.wide() {
            let label_w = signers.iter().map(|l| fonts.width(l, size, Weight::Bold)).fold(0.0f32, f32::max) + 3.0;
            let date_w = fonts.width(date_label, size, Weight::Regular) + 3.0;
            let split = left + width * 0.62;
            for signer in signers {
                let line_y = y + 11.0;
                let base = line_y - 1.0;
                s.text(left, base, size, Weight::Bold, signer);
                s.line(left + label_w, line_y, split - 6.0, line_y, 0.6, 0.0);
                s.text_grey(split, base, size, Weight::Regular, GREY_LABEL, date_label);
                s.line(split + date_w, line_y, right, line_y, 0.6, 0.0);
                y = line_y + 2.0;
            }
        } else {
            let label_w = signers
                .iter()
                .map(|l| fonts.width(l, size, Weight::Bold))
                .chain(std::iter::once(fonts.width(date_label, size, Weight::Regular)))
                .fold(0.0f32, f32::max)
                + 3.0;
            for signer in signers {
                for (label, weight, grey) in [(*signer, Weight::Bold, 0.0), (date_label, Weight::Regular, GREY_LABEL)] {
                    let line_y = y + 9.0;
                    s.text_grey(left, line_y - 1.0, size, weight, grey, label);
                    s.line(left + label_w, line_y, right, line_y, 0.6, 0.0);
                    y = line_y;
                }
                y += 3.0;
            }
        }
        self.ensure(y);
        let top = self.y;
        self.place(s, top);
        self.y += y + 2.0;
    }

    /// Number of pages so far (for tests).
    #[cfg(test)]
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Second pass: now that the page count is known, add the footer ("Page x of y" counting
    /// this document's pages only), the copy mark and the watermark, and emit PDF pages.
    pub(crate) fn finish(mut self, ids: &FontIds, lang: Lang, marks: &Marks) -> Vec<PdfPage> {
        self.close_page();
        let spec = self.spec;
        let fonts = self.fonts;
        let (left, right) = (self.left(), self.right());
        let total = self.pages.len();
        let mut out = Vec::with_capacity(total);
        for (index, page) in self.pages.into_iter().enumerate() {
            let (height, footer_top) = match spec.height {
                Some(h) => (h, h - spec.margin_bottom - FOOTER_H),
                None => {
                    let footer_top = page.end + 1.0;
                    ((footer_top + FOOTER_H + spec.margin_bottom).max(RECEIPT_MIN_H), footer_top)
                }
            };
            let mut below = Sketch::new(fonts);
            if let Some(text) = &marks.watermark {
                below.watermark(spec.width, height, text);
            }
            let mut above = Sketch::new(fonts);
            let rule = footer_top + 2.5;
            above.line(left, rule, right, rule, 0.4, GREY_RULE);
            let base = baseline(rule + 0.8, spec.small);
            let label = t::PAGE_X_OF_Y.fill(lang, &[("x", &(index + 1)), ("y", &total)]);
            let label_w = fonts.width(&label, spec.small, Weight::Regular);
            above.text_grey(right - label_w, base, spec.small, Weight::Regular, GREY_LABEL, &label);
            let room = (right - left - label_w - 4.0).max(0.0);
            let footer = fonts.fit(&marks.footer, spec.small, Weight::Regular, room);
            above.text_grey(left, base, spec.small, Weight::Regular, GREY_LABEL, &footer);
            if let Some(copy) = &marks.copy {
                let size = spec.body + 2.0;
                let h = line_height(size) + 0.6;
                let top = (spec.margin_top - h - 2.0).max(1.0);
                above.framed(left, top, size, copy);
            }
            let mut cmds = below.cmds;
            cmds.reserve(page.cmds.len() + above.cmds.len());
            cmds.extend(page.cmds);
            cmds.extend(above.cmds);
            out.push(emit(cmds, spec.width, height, ids));
        }
        out
    }
}

/// Letterhead: company name, address, phone, tax id. Returns the bottom.
fn company_block(s: &mut Sketch<'_>, spec: PageSpec, header: &Header, x: f32, top: f32, w: f32) -> f32 {
    let mut y = top;
    if !header.company_name.is_empty() {
        y = s.paragraph(x, y, w, spec.company, Weight::Bold, 0.0, Align::Left, &header.company_name);
        y += 0.5;
    }
    for line in &header.company_lines {
        y = s.paragraph(x, y, w, spec.small, Weight::Regular, GREY_LABEL, Align::Left, line);
    }
    y
}

/// Title, label/value grid and badges. Returns the bottom.
fn title_block(s: &mut Sketch<'_>, spec: PageSpec, header: &Header, x: f32, top: f32, w: f32, align: Align) -> f32 {
    let fonts = s.fonts;
    let mut y = s.paragraph(x, top, w, spec.title, Weight::Bold, 0.0, align, &header.title);
    y += 0.8;
    let weight_of = |row: &MetaRow| {
        if row.bold { Weight::Bold } else { Weight::Regular }
    };
    let label_w =
        header.meta.iter().map(|row| fonts.width(&row.label, spec.small, Weight::Regular)).fold(0.0f32, f32::max).min(w * 0.45) + 2.5;
    let value_w = (w - label_w).max(5.0);
    let widest = header.meta.iter().map(|row| fonts.width(&row.value, spec.body, weight_of(row))).fold(0.0f32, f32::max).min(value_w);
    let grid_x = match align {
        Align::Right => x + w - label_w - widest,
        Align::Left | Align::Center => x,
    };
    let lh = line_height(spec.body);
    for row in &header.meta {
        let weight = weight_of(row);
        let label = fonts.fit(&row.label, spec.small, Weight::Regular, label_w - 2.5);
        s.text_grey(grid_x, baseline(y, spec.body), spec.small, Weight::Regular, GREY_LABEL, &label);
        for line in fonts.wrap(&row.value, spec.body, weight, value_w) {
            s.text(grid_x + label_w, baseline(y, spec.body), spec.body, weight, &line);
            y += lh;
        }
    }
    if !header.badges.is_empty() {
        y += 1.5;
        let size = spec.body + 3.0;
        let mut row_h = 0.0f32;
        let mut bx = match align {
            Align::Right => x + w,
            Align::Left | Align::Center => x,
        };
        for badge in &header.badges {
            let (bw, bh) = s.badge_size(size, badge);
            match align {
                Align::Right => {
                    bx -= bw;
                    s.badge(bx, y, size, badge);
                    bx -= 2.0;
                }
                Align::Left | Align::Center => {
                    s.badge(bx, y, size, badge);
                    bx += bw + 2.0;
                }
            }
            row_h = row_h.max(bh);
        }
        y += row_h;
    }
    y
}

/// One captioned info block drawn with its top at 0. Returns its height.
fn info_block(s: &mut Sketch<'_>, spec: PageSpec, block: &InfoBlock, x: f32, w: f32) -> f32 {
    let fonts = s.fonts;
    s.text_grey(x, baseline(0.0, spec.small), spec.small, Weight::Bold, GREY_LABEL, &block.caption);
    let cap_h = line_height(spec.small) + 0.5;
    s.line(x, cap_h, x + w, cap_h, 0.3, GREY_RULE);
    let mut y = cap_h + 1.0;
    let label_w = block
        .rows
        .iter()
        .filter_map(|row| row.label.as_deref())
        .map(|label| fonts.width(label, spec.small, Weight::Regular))
        .fold(0.0f32, f32::max)
        .min(w * 0.4)
        + 2.5;
    for row in &block.rows {
        let lh = line_height(row.size);
        let (vx, vw) = match &row.label {
            Some(label) => {
                let label = fonts.fit(label, spec.small, Weight::Regular, label_w - 2.5);
                s.text_grey(x, baseline(y, row.size), spec.small, Weight::Regular, GREY_LABEL, &label);
                (x + label_w, (w - label_w).max(5.0))
            }
            None => (x, w),
        };
        for line in fonts.wrap(&row.value, row.size, row.weight, vw) {
            s.text(vx, baseline(y, row.size), row.size, row.weight, &line);
            y += lh;
        }
        y += 0.4;
    }
    y
}

// ------------------------------------------------------------------------------------------------
// Emission to printpdf operations
// ------------------------------------------------------------------------------------------------

/// mm to PDF points, rounded to 1/100 pt (keeps content streams short).
fn pt(mm: f32) -> Pt {
    Pt((mm * MM_PT * 100.0).round() / 100.0)
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level.clamp(0.0, 1.0), None))
}

/// Converts commands to printpdf operations, emitting colour, width and font changes only when
/// they change.
struct Emitter<'a> {
    ids: &'a FontIds,
    height: f32,
    ops: Vec<Op>,
    font: Option<(Weight, f32)>,
    fill: Option<f32>,
    stroke: Option<f32>,
    thickness: Option<f32>,
}

impl Emitter<'_> {
    /// y in mm from the top to PDF points from the bottom.
    fn y(&self, y: f32) -> Pt {
        pt(self.height - y)
    }

    fn set_fill(&mut self, level: f32) {
        if self.fill != Some(level) {
            self.ops.push(Op::SetFillColor { col: grey(level) });
            self.fill = Some(level);
        }
    }

    fn set_stroke(&mut self, level: f32, width: f32) {
        if self.stroke != Some(level) {
            self.ops.push(Op::SetOutlineColor { col: grey(level) });
            self.stroke = Some(level);
        }
        if self.thickness != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.thickness = Some(width);
        }
    }

    fn text(&mut self, matrix: TextMatrix, size: f32, weight: Weight, level: f32, text: String) {
        self.set_fill(level);
        self.ops.push(Op::StartTextSection);
        if self.font != Some((weight, size)) {
            let id = match weight {
                Weight::Regular => self.ids.regular.clone(),
                Weight::Bold => self.ids.bold.clone(),
            };
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(id), size: Pt(size) });
            self.font = Some((weight, size));
        }
        self.ops.push(Op::SetTextMatrix { matrix });
        // A character no font has is printed as a visible box, never dropped.
        let text = match crate::fonts::printable(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(replaced) => replaced,
        };
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(text)] });
        self.ops.push(Op::EndTextSection);
    }

    fn point(&self, x: f32, y: f32) -> LinePoint {
        LinePoint { p: Point { x: pt(x), y: self.y(y) }, bezier: false }
    }

    fn cmd(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Text { x, y, size, weight, grey, text } => {
                let matrix = TextMatrix::Translate(pt(x), self.y(y));
                self.text(matrix, size, weight, grey, text);
            }
            Cmd::Rotated { x, y, angle, size, weight, grey, text } => {
                let matrix = TextMatrix::TranslateRotate(pt(x), self.y(y), angle);
                self.text(matrix, size, weight, grey, text);
            }
            Cmd::Line { x1, y1, x2, y2, width, grey } => {
                self.set_stroke(grey, width);
                let line = Line { points: vec![self.point(x1, y1), self.point(x2, y2)], is_closed: false };
                self.ops.push(Op::DrawLine { line });
            }
            Cmd::Rect { x, y, w, h, fill, stroke } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => return,
                };
                if let Some(level) = fill {
                    self.set_fill(level);
                }
                if let Some((width, level)) = stroke {
                    self.set_stroke(level, width);
                }
                let rectangle = Rect {
                    x: pt(x),
                    y: self.y(y + h),
                    width: pt(w),
                    height: pt(h),
                    mode: Some(mode),
                    winding_order: Some(WindingOrder::NonZero),
                };
                self.ops.push(Op::DrawRectangle { rectangle });
            }
            Cmd::Qr { x, y, size, qr } => {
                // Draw in module units: scale the coordinate system so each module is 1 × 1.
                // The fill colour is set before saving the state, so the colour tracked here is
                // still right after the restore.
                self.set_fill(0.0);
                self.ops.push(Op::SaveGraphicsState);
                let module = size / qr.modules * MM_PT;
                let origin = (pt(x).0, self.y(y + size).0);
                self.ops.push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw([module, 0.0, 0.0, module, origin.0, origin.1]) });
                for run in qr.runs.iter() {
                    let rectangle = Rect {
                        x: Pt(run.x),
                        y: Pt(run.y),
                        width: Pt(run.len),
                        height: Pt(1.0),
                        mode: Some(PaintMode::Fill),
                        winding_order: Some(WindingOrder::NonZero),
                    };
                    self.ops.push(Op::DrawRectangle { rectangle });
                }
                self.ops.push(Op::RestoreGraphicsState);
            }
        }
    }
}

/// One PDF page of `width` × `height` mm from its commands.
fn emit(cmds: Vec<Cmd>, width: f32, height: f32, ids: &FontIds) -> PdfPage {
    let mut emitter =
        Emitter { ids, height, ops: Vec::with_capacity(cmds.len() * 4), font: None, fill: None, stroke: None, thickness: None };
    for cmd in cmds {
        emitter.cmd(cmd);
    }
    PdfPage::new(Mm(width), Mm(height), emitter.ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load(crate::fonts::REGULAR, crate::fonts::BOLD).expect("bundled fonts load")
    }

    #[test]
    fn measures_text() {
        let fonts = fonts();
        let narrow = fonts.width("iiii", 10.0, Weight::Regular);
        let wide = fonts.width("WWWW", 10.0, Weight::Regular);
        assert!(narrow > 0.0 && wide > narrow);
        // A CJK ideograph is one em wide: 10 pt = 3.53 mm.
        let han = fonts.width("中", 10.0, Weight::Regular);
        assert!((han - 10.0 * PT_MM).abs() < 0.2, "{han}");
        assert!(fonts.width("Total", 10.0, Weight::Bold) >= fonts.width("Total", 10.0, Weight::Regular));
    }

    #[test]
    fn wraps_latin_at_spaces() {
        let fonts = fonts();
        let text = "Premium jasmine green tea leaves from Fujian province";
        let max = 30.0;
        let lines = fonts.wrap(text, 9.0, Weight::Regular, max);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(fonts.width(line, 9.0, Weight::Regular) <= max + 0.01, "{line}");
            assert_eq!(line.trim(), line);
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn wraps_cjk_anywhere_but_not_before_closing_punctuation() {
        let fonts = fonts();
        let text = "特级福建茉莉花茶，精选春季嫩芽，手工窨制七次，香气浓郁持久。".repeat(3);
        let max = 25.0;
        let lines = fonts.wrap(&text, 9.0, Weight::Regular, max);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(fonts.width(line, 9.0, Weight::Regular) <= max + 0.01, "{line}");
            let first = line.chars().next().expect("no empty line");
            assert!(!is_closing(first), "line starts with {first}: {line}");
        }
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn breaks_overlong_words_and_keeps_forced_breaks() {
        let fonts = fonts();
        let lines = fonts.wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 9.0, Weight::Regular, 12.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(fonts.width(line, 9.0, Weight::Regular) <= 12.01, "{line}");
        }
        assert_eq!(fonts.wrap("one\ntwo", 9.0, Weight::Regular, 100.0), vec!["one", "two"]);
        assert_eq!(fonts.wrap("", 9.0, Weight::Regular, 100.0), vec![""]);
    }

    #[test]
    fn fits_with_ellipsis() {
        let fonts = fonts();
        assert_eq!(fonts.fit("short", 9.0, Weight::Regular, 50.0), "short");
        let cut = fonts.fit("a rather long footer text that cannot fit", 9.0, Weight::Regular, 20.0);
        assert!(cut.ends_with('…'));
        assert!(fonts.width(&cut, 9.0, Weight::Regular) <= 20.01);
    }

    #[test]
    fn qr_runs_stay_inside_the_symbol() {
        let qr = QrMark::encode("SO-2024-000123").expect("encodes");
        assert!(qr.run_count() > 0);
        for run in qr.runs.iter() {
            assert!(run.x >= 0.0 && run.x + run.len <= qr.modules);
            assert!(run.y >= 0.0 && run.y < qr.modules);
        }
    }

    #[test]
    fn pages_break_and_repeat_the_header() {
        let fonts = fonts();
        let company = Company { name: "Shop".into(), ..Company::default() };
        let header = Header::new(&company, Lang::En, "Title");
        let mut pager = Pager::new(&fonts, PaperSize::A5, header);
        let table = Table::new(&pager, vec![Column::fixed("SKU", 20.0, Align::Left), Column::flex("Name"), Column::checkbox("Ok", 10.0)]);
        table.draw_head(&mut pager);
        for i in 0..80 {
            table.row(&mut pager, &[format!("K{i}"), "Name".to_string(), String::new()]);
        }
        assert!(pager.page_count() > 1);
        let ids = FontIds { regular: FontId("R".into()), bold: FontId("B".into()) };
        let pages = pager.finish(&ids, Lang::En, &Marks::default());
        let resources = printpdf::PdfResources::default();
        let total = pages.len();
        for (i, page) in pages.iter().enumerate() {
            let texts = page.extract_text(&resources);
            assert!(texts.iter().any(|t| t == "Title"), "header on page {}", i + 1);
            assert!(texts.iter().any(|t| t == "SKU"), "table head on page {}", i + 1);
            let label = format!("Page {} of {}", i + 1, total);
            assert!(texts.contains(&label), "{label}");
        }
    }

    #[test]
    fn receipt_pages_grow_with_content() {
        let fonts = fonts();
        let header = Header::new(&Company::default(), Lang::En, "Receipt");
        let ids = FontIds { regular: FontId("R".into()), bold: FontId("B".into()) };
        let height = |rows: usize| {
            let mut pager = Pager::new(&fonts, PaperSize::Receipt80, header.clone());
            let table = Table::new(&pager, vec![Column::flex("Item"), Column::fixed("Qty", 12.0, Align::Right)]);
            table.draw_head(&mut pager);
            for i in 0..rows {
                table.row(&mut pager, &[format!("Item {i}"), "1".to_string()]);
            }
            let pages = pager.finish(&ids, Lang::En, &Marks::default());
            assert_eq!(pages.len(), 1);
            assert!((pages[0].media_box.width.0 - 80.0 * MM_PT).abs() < 0.5);
            pages[0].media_box.height.0
        };
        assert!(height(60) > height(3) + 100.0);
    }
}
