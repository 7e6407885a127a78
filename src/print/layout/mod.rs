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
//!
//! One file per stage: `text` (measuring and wrapping), `sketch` (drawing commands), `blocks`
//! (header, info blocks, table, totals), `pager` (pages and the second pass), `emit` (to PDF
//! operations); this one holds the paper, the units and the shared helpers.

use std::sync::Arc;

use chrono::NaiveDate;
use printpdf::{
    Color, CurTransMat, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfFontHandle, PdfPage, Point, Pt, Rect,
    TextItem, TextMatrix, WindingOrder,
};

use super::{Company, Error, PaperSize};
use crate::i18n::{Lang, print as t};

mod blocks;
mod emit;
mod pager;
mod sketch;
mod text;

pub(crate) use blocks::*;
use emit::*;
pub(crate) use pager::*;
pub(crate) use sketch::*;
pub(crate) use text::*;

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

/// A laid-out page: its size in mm and what is drawn on it. One layout makes both the PDF page
/// ([`emit`]) and the print preview in the window, so the two cannot differ.
#[derive(Debug, Clone)]
pub(crate) struct LaidPage {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) cmds: Vec<Cmd>,
}

/// The PDF pages of laid-out pages.
pub(crate) fn emit_pages(pages: Vec<LaidPage>, ids: &FontIds) -> Vec<PdfPage> {
    pages.into_iter().map(|page| emit(page.cmds, page.width, page.height, ids)).collect()
}

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
// ------------------------------------------------------------------------------------------------
// ------------------------------------------------------------------------------------------------
// ------------------------------------------------------------------------------------------------
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
        let pages = emit_pages(pager.finish(Lang::En, &Marks::default()), &ids);
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
            let pages = emit_pages(pager.finish(Lang::En, &Marks::default()), &ids);
            assert_eq!(pages.len(), 1);
            assert!((pages[0].media_box.width.0 - 80.0 * MM_PT).abs() < 0.5);
            pages[0].media_box.height.0
        };
        assert!(height(60) > height(3) + 100.0);
    }
}
