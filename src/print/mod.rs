//! PDF documents for the shop: order confirmations ("order slips"), picking and delivery notes
//! ("dispatch slips") and invoices, in English or Simplified Chinese, on A4, A5 or 80 mm receipt
//! paper.
//!
//! This module owns the public printing API ([`Printer`]), the plain data the documents are
//! printed from ([`OrderDoc`], [`InvoiceDoc`], [`PrintLine`], [`Company`]) and the [`Error`] type.
//! The shared page layout lives in [`layout`], one document per submodule. It must not read the
//! database, compute money (every amount arrives already computed and rounded) or translate
//! domain values: it only lays out what it is given, with the labels from `crate::i18n::print`.
//!
//! Fonts are parsed once in [`Printer::new`] and reused for every document; every PDF embeds only
//! the glyphs it uses.

mod dispatch_slip;
mod invoice;
pub(crate) mod layout;
mod order_slip;
pub mod spool;
mod statement;

use chrono::NaiveDate;
use printpdf::{PdfDocument, PdfParseErrorSeverity, PdfSaveOptions};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Tx};

/// Why a document could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bundled font could not be parsed or lacks basic glyphs.
    #[error("font {name} could not be loaded: {detail}")]
    Font { name: &'static str, detail: String },
    /// The order number could not be encoded as a QR code (far too long).
    #[error("order number {number:?} cannot be encoded as a QR code: {source}")]
    Qr {
        number: String,
        #[source]
        source: qrcode::types::QrError,
    },
    /// The caller asked for a PDF with no document in it.
    #[error("nothing to print: the list of documents is empty")]
    NothingToPrint,
    /// The PDF writer reported a problem (for example a font that could not be subset).
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The shop printed in the letterhead of every document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_id: String,
}

/// Paper the documents are laid out for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaperSize {
    /// 210 × 297 mm, 15 mm margins.
    #[default]
    A4,
    /// 148 × 210 mm, 10 mm margins; product and specification share one column.
    A5,
    /// Thermal receipt roll, 80 mm wide. Each document is ONE page whose height grows with its
    /// content (no page breaks on a roll), with the narrow columns item / qty / amount.
    Receipt80,
}

impl PaperSize {
    /// Every paper size, in the order a settings screen lists them.
    pub const ALL: [PaperSize; 3] = [PaperSize::A4, PaperSize::A5, PaperSize::Receipt80];

    /// The spelling stored in settings and accepted on the command line.
    pub fn code(self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::A5 => "a5",
            PaperSize::Receipt80 => "receipt80",
        }
    }

    /// Parse [`PaperSize::code`] (case-insensitive; `80mm` and `receipt` also mean the receipt).
    pub fn parse(text: &str) -> Option<PaperSize> {
        match text.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(PaperSize::A4),
            "a5" => Some(PaperSize::A5),
            "receipt80" | "receipt" | "80mm" | "80" => Some(PaperSize::Receipt80),
            _ => None,
        }
    }
}

/// One order or invoice line as printed. Amounts are already computed and rounded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintLine {
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub qty: Decimal,
    pub unit: String,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub line_total: Decimal,
    /// A free gift (赠品): printed as such instead of a price.
    #[serde(default)]
    pub gift: bool,
}

/// Everything an order slip or a dispatch slip prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDoc {
    pub number: String,
    pub order_date: NaiveDate,
    pub delivery_date: Option<NaiveDate>,
    pub customer_code: String,
    pub customer_name: String,
    pub phone: String,
    pub address: String,
    /// Already translated text, e.g. "Delivery" / "送货".
    pub delivery_method: String,
    pub urgent: bool,
    pub payment_terms_days: i64,
    pub payment_method: String,
    pub note: String,
    pub lines: Vec<PrintLine>,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    /// Deposit (订金) held on the order: taken less refunded. The order slip prints it and
    /// what is left to pay; the dispatch slip prints no money.
    #[serde(default)]
    pub deposit: Decimal,
    /// For a monthly-account customer (月结): previous balance, this order, new balance (累计欠款).
    #[serde(default)]
    pub running: Option<Running>,
    /// Which part of a multi-part set (存根 / 客户联 / 仓库联), already translated.
    #[serde(default)]
    pub part: Option<String>,
    /// Prices include tax (含税价): the unit price column says so and the tax is shown as the
    /// part of the total it is.
    #[serde(default)]
    pub prices_include_tax: bool,
    /// 0 = original; n >= 1 prints "COPY n" / "副本 n" on every page.
    pub copy_number: u32,
}

/// A monthly-account customer's running balance on a slip or invoice: what they owed before
/// this document, what it adds, and what they owe with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Running {
    pub previous: Decimal,
    pub this: Decimal,
    pub new: Decimal,
}

impl OrderDoc {
    /// The delivery date as printed, or "not set".
    pub(crate) fn delivery_text(&self, lang: Lang) -> String {
        match self.delivery_date {
            Some(date) => layout::fmt_date(date),
            None => crate::i18n::print::DATE_NOT_SET.get(lang).to_string(),
        }
    }
}

/// Everything an invoice prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDoc {
    pub number: String,
    pub order_number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub customer_code: String,
    pub customer_name: String,
    pub address: String,
    pub tax_id: String,
    pub lines: Vec<PrintLine>,
    pub subtotal: Decimal,
    pub tax_rate_pct: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub paid: Decimal,
    /// Of what is paid, what came from the order's deposit.
    #[serde(default)]
    pub deposit_applied: Decimal,
    pub due: Decimal,
    /// For a monthly-account customer: previous balance, this invoice, new balance.
    #[serde(default)]
    pub running: Option<Running>,
    /// Which part of a multi-part set, already translated.
    #[serde(default)]
    pub part: Option<String>,
    /// Prices include tax (含税价).
    #[serde(default)]
    pub prices_include_tax: bool,
    /// Prints a large "VOID" / "作废" mark on every page.
    pub void: bool,
    /// 0 = original; n >= 1 prints "COPY n" / "副本 n" on every page.
    pub copy_number: u32,
}

/// One line of a customer statement, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub date: NaiveDate,
    /// Already translated: "Invoice" / "发票", "Payment" / "收款" …
    pub what: String,
    pub number: String,
    pub detail: String,
    pub debit: Decimal,
    pub credit: Decimal,
    pub balance: Decimal,
}

/// Everything a customer statement prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementDoc {
    pub customer_code: String,
    pub customer_name: String,
    pub phone: String,
    pub address: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: Decimal,
    pub lines: Vec<StatementLine>,
    pub closing: Decimal,
    /// Open on the last day: current, 1–30, 31–60, 61–90, over 90 days past due.
    pub ageing: [Decimal; 5],
}

/// The documents of one print: one kind, any number.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Docs<'a> {
    Orders(&'a [OrderDoc]),
    Dispatch(&'a [OrderDoc]),
    Invoices(&'a [InvoiceDoc]),
    Statements(&'a [StatementDoc]),
}

/// A batch this long is laid out on several threads, at most this many.
const PARALLEL_FROM: usize = 16;
const MAX_LAYOUT_THREADS: usize = 4;

impl Docs<'_> {
    fn len(&self) -> usize {
        match self {
            Docs::Orders(docs) | Docs::Dispatch(docs) => docs.len(),
            Docs::Invoices(docs) => docs.len(),
            Docs::Statements(docs) => docs.len(),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn file_title(&self) -> Tx {
        match self {
            Docs::Orders(_) => crate::i18n::print::ORDER_SLIPS_FILE_TITLE,
            Docs::Dispatch(_) => crate::i18n::print::DISPATCH_SLIPS_FILE_TITLE,
            Docs::Invoices(_) => crate::i18n::print::INVOICES_FILE_TITLE,
            Docs::Statements(_) => crate::i18n::print::STATEMENTS_FILE_TITLE,
        }
    }
}

/// Renders documents to PDF bytes. Create one and keep it: it holds the parsed fonts.
pub struct Printer {
    fonts: layout::Fonts,
}

impl Printer {
    /// Parse the bundled regular and bold fonts (about 10 ms each). Do this once.
    pub fn new() -> Result<Printer, Error> {
        Ok(Printer { fonts: layout::Fonts::load(crate::fonts::REGULAR, crate::fonts::BOLD)? })
    }

    /// One PDF with one order slip per doc (each slip starts on a new page), in the given order.
    pub fn order_slips(&self, docs: &[OrderDoc], company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<u8>, Error> {
        self.pdf(Docs::Orders(docs), company, paper, lang).map(|(bytes, _)| bytes)
    }

    /// One PDF with one dispatch slip per doc (each slip starts on a new page; its pages are
    /// numbered "Page x of y" within the slip), in the given order. No prices are printed.
    pub fn dispatch_slips(&self, docs: &[OrderDoc], company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<u8>, Error> {
        self.pdf(Docs::Dispatch(docs), company, paper, lang).map(|(bytes, _)| bytes)
    }

    /// One PDF with one invoice per doc (each invoice starts on a new page), in the given order.
    pub fn invoices(&self, docs: &[InvoiceDoc], company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<u8>, Error> {
        self.pdf(Docs::Invoices(docs), company, paper, lang).map(|(bytes, _)| bytes)
    }

    /// One PDF with one statement per doc (each starts on a new page), in the given order.
    pub fn statements(&self, docs: &[StatementDoc], company: &Company, lang: Lang) -> Result<Vec<u8>, Error> {
        self.pdf(Docs::Statements(docs), company, PaperSize::A4, lang).map(|(bytes, _)| bytes)
    }

    /// Lay out every doc, each starting on a new page: the pages the PDF is made of and the
    /// window's print preview draws.
    pub(crate) fn pages(&self, docs: Docs<'_>, company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<layout::LaidPage>, Error> {
        if docs.is_empty() {
            return Err(Error::NothingToPrint);
        }
        // A batch is laid out on every core, in runs of documents kept in their order (a
        // thousand dispatch slips are a thousand QR codes and tables to measure).
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_LAYOUT_THREADS);
        let count = docs.len();
        if threads < 2 || count < PARALLEL_FROM {
            return self.lay_out_range(docs, 0..count, company, paper, lang);
        }
        let chunk = count.div_ceil(threads);
        let parts: Vec<Result<Vec<layout::LaidPage>, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..count)
                .step_by(chunk)
                .map(|start| {
                    let range = start..(start + chunk).min(count);
                    scope.spawn(move || self.lay_out_range(docs, range, company, paper, lang))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_else(|_| Err(Error::Pdf("a layout thread failed".to_string()))))
                .collect()
        });
        let mut pages = Vec::new();
        for part in parts {
            pages.extend(part?);
        }
        Ok(pages)
    }

    /// Lay out the docs at `range`, in order.
    fn lay_out_range(
        &self,
        docs: Docs<'_>,
        range: std::ops::Range<usize>,
        company: &Company,
        paper: PaperSize,
        lang: Lang,
    ) -> Result<Vec<layout::LaidPage>, Error> {
        let fonts = &self.fonts;
        let mut pages = Vec::new();
        match docs {
            Docs::Orders(docs) => {
                for doc in &docs[range] {
                    pages.extend(order_slip::render(fonts, doc, company, paper, lang)?);
                }
            }
            Docs::Dispatch(docs) => {
                for doc in &docs[range] {
                    pages.extend(dispatch_slip::render(fonts, doc, company, paper, lang)?);
                }
            }
            Docs::Invoices(docs) => {
                for doc in &docs[range] {
                    pages.extend(invoice::render(fonts, doc, company, paper, lang)?);
                }
            }
            Docs::Statements(docs) => {
                for doc in &docs[range] {
                    pages.extend(statement::render(fonts, doc, company, lang)?);
                }
            }
        }
        Ok(pages)
    }

    /// One PDF of every doc and its page count.
    pub(crate) fn pdf(&self, docs: Docs<'_>, company: &Company, paper: PaperSize, lang: Lang) -> Result<(Vec<u8>, usize), Error> {
        let title = docs.file_title();
        let pages = self.pages(docs, company, paper, lang)?;
        let count = pages.len();
        Ok((self.assemble(pages, title, lang)?, count))
    }

    /// Write one PDF of laid-out pages with the fonts subset to the glyphs actually used.
    fn assemble(&self, pages: Vec<layout::LaidPage>, title: Tx, lang: Lang) -> Result<Vec<u8>, Error> {
        let mut pdf = PdfDocument::new(title.get(lang));
        let ids = layout::FontIds { regular: pdf.add_font(self.fonts.regular()), bold: pdf.add_font(self.fonts.bold()) };
        pdf.with_pages(layout::emit_pages(pages, &ids));
        let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
        let mut warnings = Vec::new();
        let bytes = pdf.save(&options, &mut warnings);
        let errors: Vec<String> = warnings.into_iter().filter(|w| w.severity == PdfParseErrorSeverity::Error).map(|w| w.msg).collect();
        if !errors.is_empty() {
            return Err(Error::Pdf(errors.join("; ")));
        }
        if !bytes.starts_with(b"%PDF") {
            return Err(Error::Pdf("the writer produced no PDF bytes".to_string()));
        }
        Ok(bytes)
    }
}

/// Sample documents shared by the unit tests of the document modules.
#[cfg(test)]
pub(crate) mod samples {
    use super::*;
    use printpdf::PdfPage;

    /// A decimal from a literal, for tests.
    pub(crate) fn dec(text: &str) -> Decimal {
        text.parse().expect("test literal is a decimal")
    }

    /// A fixed date, for tests.
    pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    pub(crate) fn company() -> Company {
        Company {
            name: "Golden Lotus Trading 金莲商行".to_string(),
            address: "88 Nanjing Road, Huangpu, Shanghai 上海市黄浦区南京路88号".to_string(),
            phone: "021-5555-0188".to_string(),
            tax_id: "91310000MA1FL0XX1X".to_string(),
        }
    }

    /// A line with a distinct SKU `S{i:04}`, unit price 12.34 and a 5 % discount.
    pub(crate) fn line(i: usize) -> PrintLine {
        PrintLine {
            sku: format!("S{i:04}"),
            name: format!("Jasmine tea 茉莉花茶 {i}"),
            spec: "250g".to_string(),
            qty: dec("2"),
            unit: "box".to_string(),
            unit_price: dec("12.34"),
            discount_pct: dec("5"),
            line_total: dec("23.45"),
            gift: false,
        }
    }

    /// An order with `n` lines (given in reverse SKU order, so sorting is visible).
    pub(crate) fn order(n: usize) -> OrderDoc {
        OrderDoc {
            number: "SO-2024-000123".to_string(),
            order_date: date(2024, 5, 6),
            delivery_date: Some(date(2024, 5, 9)),
            customer_code: "C0042".to_string(),
            customer_name: "Happy Noodle House 快乐面馆".to_string(),
            phone: "138 0013 8000".to_string(),
            address: "12 Fuxing Road, Xuhui District, Shanghai 徐汇区复兴路12号".to_string(),
            delivery_method: "Delivery".to_string(),
            urgent: false,
            payment_terms_days: 30,
            payment_method: "Bank transfer".to_string(),
            note: "Please deliver before 10 am. 请上午十点前送达。".to_string(),
            lines: (1..=n).rev().map(line).collect(),
            subtotal: dec("987.65"),
            tax: dec("128.39"),
            total: dec("1116.04"),
            deposit: Decimal::ZERO,
            running: None,
            part: None,
            prices_include_tax: false,
            copy_number: 0,
        }
    }

    pub(crate) fn invoice(n: usize) -> InvoiceDoc {
        InvoiceDoc {
            number: "INV-2024-000077".to_string(),
            order_number: "SO-2024-000123".to_string(),
            issue_date: date(2024, 5, 10),
            due_date: date(2024, 6, 9),
            customer_code: "C0042".to_string(),
            customer_name: "Happy Noodle House 快乐面馆".to_string(),
            address: "12 Fuxing Road, Xuhui District, Shanghai 徐汇区复兴路12号".to_string(),
            tax_id: "91310104MA1K000001".to_string(),
            lines: (1..=n).map(line).collect(),
            subtotal: dec("987.65"),
            tax_rate_pct: dec("13"),
            tax: dec("128.39"),
            total: dec("1116.04"),
            paid: dec("100.00"),
            deposit_applied: Decimal::ZERO,
            running: None,
            part: None,
            prices_include_tax: false,
            due: dec("1016.04"),
            void: false,
            copy_number: 0,
        }
    }

    /// Number of pages of a PDF, read back with lopdf.
    pub(crate) fn page_count(bytes: &[u8]) -> usize {
        lopdf::Document::load_mem(bytes).expect("printed bytes are a readable PDF").get_pages().len()
    }

    /// Font ids for laying out pages without a `PdfDocument`.
    pub(crate) fn ids() -> layout::FontIds {
        layout::FontIds { regular: printpdf::FontId("FREG".to_string()), bold: printpdf::FontId("FBLD".to_string()) }
    }

    /// The PDF pages of laid-out pages (for the tests that read their text runs).
    pub(crate) fn laid(pages: Vec<layout::LaidPage>) -> Vec<PdfPage> {
        layout::emit_pages(pages, &ids())
    }

    /// The text runs of each laid-out page (one entry per drawn string).
    pub(crate) fn texts(pages: &[PdfPage]) -> Vec<Vec<String>> {
        let resources = printpdf::PdfResources::default();
        pages.iter().map(|page| page.extract_text(&resources)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;

    #[test]
    fn paper_codes_round_trip() {
        for paper in PaperSize::ALL {
            assert_eq!(PaperSize::parse(paper.code()), Some(paper));
        }
        assert_eq!(PaperSize::parse("80mm"), Some(PaperSize::Receipt80));
        assert_eq!(PaperSize::parse("letter"), None);
    }

    #[test]
    fn empty_batch_is_refused() {
        let printer = Printer::new().expect("fonts load");
        let result = printer.order_slips(&[], &company(), PaperSize::A4, Lang::En);
        assert!(matches!(result, Err(Error::NothingToPrint)));
    }

    #[test]
    fn every_document_kind_prints_on_every_paper() {
        let printer = Printer::new().expect("fonts load");
        for paper in PaperSize::ALL {
            for lang in [Lang::En, Lang::Zh] {
                let orders = [order(3)];
                let bytes = printer.order_slips(&orders, &company(), paper, lang).expect("order slip prints");
                assert!(bytes.starts_with(b"%PDF"));
                assert_eq!(page_count(&bytes), 1, "{paper:?} {lang:?}");
                let bytes = printer.dispatch_slips(&orders, &company(), paper, lang).expect("dispatch slip prints");
                assert_eq!(page_count(&bytes), 1, "{paper:?} {lang:?}");
                let bytes = printer.invoices(&[invoice(3)], &company(), paper, lang).expect("invoice prints");
                assert_eq!(page_count(&bytes), 1, "{paper:?} {lang:?}");
            }
        }
    }

    #[test]
    fn a_batch_laid_out_on_several_threads_keeps_its_order() {
        let printer = Printer::new().expect("fonts load");
        let docs: Vec<OrderDoc> = (0..PARALLEL_FROM * 3 + 1).map(|i| OrderDoc { number: format!("SO-2026-{i:05}"), ..order(2) }).collect();
        let pages = printer.pages(Docs::Dispatch(&docs), &company(), PaperSize::A5, Lang::En).expect("laid out");
        assert_eq!(pages.len(), docs.len());
        for (i, texts) in texts(&laid(pages)).iter().enumerate() {
            assert!(texts.contains(&format!("SO-2026-{i:05}")), "page {i} is slip {i}");
        }
    }

    #[test]
    fn fonts_are_subset() {
        let printer = Printer::new().expect("fonts load");
        let bytes = printer.order_slips(&[order(5)], &company(), PaperSize::A4, Lang::Zh).expect("order slip prints");
        // Two embedded ~5 MB fonts must shrink to the few glyphs used.
        assert!(bytes.len() < 300_000, "PDF is {} bytes", bytes.len());
    }
}
