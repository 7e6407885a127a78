//! The bundled CJK font (Noto Sans CJK SC subset, SIL OFL 1.1, see assets/fonts/OFL.txt),
//! embedded in the binary so Chinese renders on screen and in PDFs on any machine.

/// Regular weight: UI text and PDF body text.
pub static REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// Bold weight: PDF titles and headings.
pub static BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Bold-subset.otf");
