//! The bundled CJK font (Noto Sans CJK SC, SIL OFL 1.1, see assets/fonts/OFL.txt), embedded in
//! the binary so Chinese renders on screen and in PDFs on any machine. The cut covers every hanzi
//! of GB 18030's BMP part (CJK Unified Ideographs and Extension A, compatibility ideographs),
//! Latin, kana, bopomofo, CJK punctuation and full-width forms — far more than a common-character
//! subset, because Chinese names use rare characters (喆 堃 犇 垚 镕 珺). A character it still
//! lacks (e.g. from Extension B) is never dropped silently: [`printable`] shows it as a box, and
//! [`missing_glyphs`] lets entry forms and imports warn about it.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Regular weight: UI text and PDF body text.
pub static REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// Bold weight: PDF titles and headings (same coverage as the regular weight).
pub static BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

/// What is drawn instead of a character no font has.
pub const REPLACEMENT: char = '□';

/// The regular face's character map, read once (an import checks every name it reads).
static CHARMAP: LazyLock<Option<skrifa::charmap::Charmap<'static>>> = LazyLock::new(|| {
    use skrifa::MetadataProvider;
    skrifa::FontRef::new(REGULAR).ok().map(|font| font.charmap())
});

/// Whether the bundled fonts can draw `c` (control characters count as drawable: they are
/// layout, not glyphs).
pub fn can_draw(c: char) -> bool {
    if c.is_ascii() || c.is_control() {
        return true;
    }
    match &*CHARMAP {
        Some(charmap) => charmap.map(c).is_some(),
        None => true,
    }
}

/// The characters of `text` no bundled font can draw, each once, in order of appearance.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut missing: Vec<char> = vec![];
    for c in text.chars() {
        if !can_draw(c) && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

/// `text` with every character no font can draw replaced by a visible box.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().all(can_draw) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(|c| if can_draw(c) { c } else { REPLACEMENT }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_name_hanzi_are_covered() {
        assert!(missing_glyphs("王喆堃犇垚镕珺商行 张三五金店 ABC 123 ¥ 【】").is_empty());
        assert!(missing_glyphs("㐀䶵").is_empty(), "Extension A");
    }

    #[test]
    fn what_no_font_has_becomes_a_visible_box() {
        // U+20000 (Extension B) is outside the cut.
        let text = "张\u{20000}三";
        assert_eq!(missing_glyphs(text), vec!['\u{20000}']);
        assert_eq!(printable(text), "张□三");
        assert!(can_draw(REPLACEMENT));
    }
}
