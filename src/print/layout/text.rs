//! Text with the bundled CJK fonts: measuring, and wrapping lines where Chinese and English
//! typesetting allow a break (never before closing punctuation, never after opening).

use super::*;

/// Advance widths of one face, in em.
pub(super) struct Metrics {
    pub(super) units_per_em: f32,
    pub(super) ascii: [f32; 128],
    pub(super) fallback: f32,
}

impl Metrics {
    pub(super) fn of(font: &ParsedFont) -> Metrics {
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
    pub(super) fn advance(&self, font: &ParsedFont, c: char) -> f32 {
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
    pub(super) regular: ParsedFont,
    pub(super) bold: ParsedFont,
    pub(super) regular_metrics: Metrics,
    pub(super) bold_metrics: Metrics,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

/// Parse one face and check it can print both Latin and Chinese text.
pub(super) fn parse_face(bytes: &[u8], name: &'static str) -> Result<ParsedFont, Error> {
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
pub(super) fn clean(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

/// Characters between which a line may break without a space (CJK ideographs, kana, hangul,
/// full-width forms and CJK punctuation).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Punctuation that must not start a line.
pub(super) fn is_closing(c: char) -> bool {
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
pub(super) fn is_opening(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘' | '(' | '[' | '{')
}

/// May a line break between `a` and `b` (the break goes before `b`)?
pub(super) fn can_break_between(a: char, b: char) -> bool {
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

    pub(super) fn face(&self, weight: Weight) -> (&ParsedFont, &Metrics) {
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

    pub(super) fn wrap_paragraph(&self, paragraph: &str, size: f32, weight: Weight, max_width: f32, out: &mut Vec<String>) {
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
