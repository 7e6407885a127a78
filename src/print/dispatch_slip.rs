//! The dispatch slip: picking list and delivery note in one. Shows the order number as text and
//! as a QR code, an URGENT mark when urgent, the customer with the delivery address and phone in
//! a large font, the lines sorted by SKU with an empty tick box each, the line count, and
//! signature lines for the picker and the receiver.
//!
//! It must print NO money at all: no unit price, no discount, no totals, no payment details —
//! drivers and pickers handle these slips. Positions and page breaks belong to
//! [`super::layout`].

use super::layout::{Align, Column, Fonts, Header, InfoBlock, LaidPage, Pager, QrMark, Table, Weight, fmt_date};
use super::order_slip::name_and_spec;
use super::{Company, Error, OrderDoc, PaperSize, PrintLine};
use crate::domain::money::fmt_qty;
use crate::i18n::{Lang, print as t};

/// Lay out one dispatch slip; its pages are numbered within the slip.
pub(crate) fn render(fonts: &Fonts, doc: &OrderDoc, company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<LaidPage>, Error> {
    let title = t::DISPATCH_SLIP_TITLE.get(lang);
    let delivery = doc.delivery_text(lang);
    let mut header = Header::new(company, lang, title)
        .meta(t::ORDER_NO.get(lang), doc.number.as_str(), true)
        .meta(t::ORDER_DATE.get(lang), fmt_date(doc.order_date), false)
        .meta(t::DELIVERY_DATE.get(lang), delivery, false)
        .meta(t::DELIVERY_METHOD.get(lang), doc.delivery_method.trim(), false)
        .qr(QrMark::encode(&doc.number)?);
    if doc.urgent {
        header = header.badge(t::URGENT.get(lang));
    }
    let mut pager = Pager::new(fonts, paper, header);
    let spec = pager.spec;

    let mut to = InfoBlock::new(t::DELIVER_TO.get(lang));
    to.plain(&doc.customer_name, spec.body + 3.0, Weight::Bold);
    to.row(t::CUSTOMER_CODE.get(lang), &doc.customer_code, spec.body, Weight::Regular);
    to.row(t::ADDRESS.get(lang), &doc.address, spec.large, Weight::Bold);
    to.row(t::PHONE.get(lang), &doc.phone, spec.large, Weight::Bold);
    pager.info_blocks(&[to]);
    pager.notes(t::NOTES.get(lang), &doc.note);

    let mut lines: Vec<&PrintLine> = doc.lines.iter().collect();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku));
    let table = Table::new(&pager, columns(paper, lang));
    table.draw_head(&mut pager);
    for line in lines {
        table.row(&mut pager, &cells(line, paper, lang));
    }
    pager.gap(1.5);
    pager.text_line(&t::LINE_COUNT.fill(lang, &[("n", &doc.lines.len())]), spec.body, Weight::Bold);
    pager.gap(3.0);
    pager.signatures(&[t::PICKED_BY.get(lang), t::RECEIVED_BY.get(lang)], t::SIGNATURE_DATE.get(lang));

    Ok(pager.finish(lang, &super::order_slip::order_marks(doc, title, lang)))
}

/// Columns of the picking table; never a price column.
fn columns(paper: PaperSize, lang: Lang) -> Vec<Column> {
    match paper {
        PaperSize::A4 => vec![
            Column::fixed(t::COL_SKU.get(lang), 28.0, Align::Left),
            Column::flex(t::COL_NAME.get(lang)),
            Column::fixed(t::COL_SPEC.get(lang), 32.0, Align::Left),
            Column::fixed(t::COL_QTY.get(lang), 17.0, Align::Right),
            Column::fixed(t::COL_UNIT.get(lang), 14.0, Align::Left),
            Column::checkbox(t::COL_PICKED.get(lang), 14.0),
        ],
        PaperSize::A5 => vec![
            Column::fixed(t::COL_SKU.get(lang), 21.0, Align::Left),
            Column::flex(t::COL_NAME_SPEC.get(lang)),
            Column::fixed(t::COL_QTY.get(lang), 13.0, Align::Right),
            Column::fixed(t::COL_UNIT.get(lang), 11.0, Align::Left),
            Column::checkbox(t::COL_PICKED.get(lang), 11.0),
        ],
        PaperSize::Receipt80 => vec![
            Column::flex(t::COL_ITEM.get(lang)),
            Column::fixed(t::COL_QTY.get(lang), 17.0, Align::Right),
            Column::checkbox(t::COL_PICKED.get(lang), 9.0),
        ],
    }
}

/// Cells of one line, matching [`columns`] (the tick box cell stays empty). A gift says so
/// after its name, so the warehouse packs it and the customer knows it is free.
fn cells(line: &PrintLine, paper: PaperSize, lang: Lang) -> Vec<String> {
    let marked;
    let line = if line.gift {
        marked = PrintLine { name: format!("{} {}", line.name, t::GIFT_MARK.get(lang)), ..line.clone() };
        &marked
    } else {
        line
    };
    match paper {
        PaperSize::A4 => vec![line.sku.clone(), line.name.clone(), line.spec.clone(), fmt_qty(line.qty), line.unit.clone(), String::new()],
        PaperSize::A5 => vec![line.sku.clone(), name_and_spec(line), fmt_qty(line.qty), line.unit.clone(), String::new()],
        PaperSize::Receipt80 => {
            let reference = [line.sku.trim(), line.spec.trim()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("  ");
            let item = if reference.is_empty() { line.name.clone() } else { format!("{}\n{reference}", line.name) };
            vec![item, format!("{} {}", fmt_qty(line.qty), line.unit).trim().to_string(), String::new()]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Printer;
    use super::super::samples::*;
    use super::*;
    use printpdf::PdfPage;

    fn texts_of(pages: &[PdfPage]) -> Vec<String> {
        texts(pages).concat()
    }

    fn render_on(printer: &Printer, doc: &OrderDoc, paper: PaperSize, lang: Lang) -> Vec<PdfPage> {
        laid(render(&printer.fonts, doc, &company(), paper, lang).expect("renders"))
    }

    #[test]
    fn prints_no_money_anywhere() {
        let printer = Printer::new().expect("fonts load");
        let doc = order(5);
        for paper in [PaperSize::A4, PaperSize::A5, PaperSize::Receipt80] {
            for lang in [Lang::En, Lang::Zh] {
                let texts = texts_of(&render_on(&printer, &doc, paper, lang));
                for money in ["12.34", "23.45", "987.65", "128.39", "1116.04", "5%"] {
                    assert!(!texts.iter().any(|t| t.contains(money)), "{paper:?} {lang:?} shows {money}");
                }
                for label in [
                    t::COL_UNIT_PRICE,
                    t::COL_DISCOUNT,
                    t::COL_LINE_TOTAL,
                    t::SUBTOTAL,
                    t::TAX,
                    t::TOTAL,
                    t::PAYMENT_METHOD,
                    t::PAYMENT_TERMS,
                ] {
                    assert!(!texts.iter().any(|text| text == label.get(lang)), "{paper:?} {lang:?} shows {}", label.get(lang));
                }
            }
        }
    }

    #[test]
    fn shows_delivery_details() {
        let printer = Printer::new().expect("fonts load");
        let texts = texts_of(&render_on(&printer, &order(3), PaperSize::A4, Lang::En));
        for expected in [
            "Dispatch Slip",
            "SO-2024-000123",
            "Happy Noodle House 快乐面馆",
            "138 0013 8000",
            "Picked by",
            "Received by",
            "Lines: 3",
            "Page 1 of 1",
        ] {
            assert!(texts.iter().any(|t| t.contains(expected)), "missing {expected}: {texts:?}");
        }
        assert!(!texts.iter().any(|t| t == "URGENT"));
    }

    #[test]
    fn urgent_mark_on_every_page() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(90);
        doc.urgent = true;
        for (lang, mark) in [(Lang::En, "URGENT"), (Lang::Zh, "加急")] {
            let pages = texts(&render_on(&printer, &doc, PaperSize::A4, lang));
            assert!(pages.len() > 1);
            for page in &pages {
                assert!(page.iter().any(|t| t == mark));
            }
        }
    }

    #[test]
    fn hundred_twenty_lines_print_each_line_once_sorted_across_pages() {
        let printer = Printer::new().expect("fonts load");
        let doc = order(120);
        for paper in [PaperSize::A4, PaperSize::A5] {
            let pages = render_on(&printer, &doc, paper, Lang::En);
            let per_page = texts(&pages);
            let total = per_page.len();
            assert!(total >= 3, "{paper:?}: {total} pages");
            let mut seen = Vec::new();
            for (i, page) in per_page.iter().enumerate() {
                assert!(page.iter().any(|t| t == "Dispatch Slip"), "{paper:?} header on page {}", i + 1);
                assert!(page.iter().any(|t| t == "SO-2024-000123"), "{paper:?} number on page {}", i + 1);
                assert!(
                    // every page that carries table rows repeats the table head
                    !page.iter().any(|t| t.len() == 5 && t.starts_with('S')) || page.iter().any(|t| t == "SKU"),
                    "{paper:?} table head on page {}",
                    i + 1
                );
                assert!(page.contains(&format!("Page {} of {total}", i + 1)), "{paper:?}");
                seen.extend(page.iter().filter(|t| t.len() == 5 && t.starts_with('S')).cloned());
            }
            let expected: Vec<String> = (1..=120).map(|i| format!("S{i:04}")).collect();
            assert_eq!(seen, expected, "{paper:?}: every line once, sorted by SKU");
        }
    }

    #[test]
    fn page_numbers_count_the_pages_of_each_slip() {
        let printer = Printer::new().expect("fonts load");
        let long = order(120);
        let mut short = order(2);
        short.number = "SO-2024-000124".to_string();
        let long_pages = render_on(&printer, &long, PaperSize::A4, Lang::En).len();
        let short_pages = texts(&render_on(&printer, &short, PaperSize::A4, Lang::En));
        assert_eq!(short_pages.len(), 1);
        assert!(short_pages[0].contains(&"Page 1 of 1".to_string()));
        let bytes = printer.dispatch_slips(&[long, short], &company(), PaperSize::A4, Lang::En).expect("prints");
        assert_eq!(page_count(&bytes), long_pages + 1);
    }

    #[test]
    fn receipt_is_one_long_page() {
        let printer = Printer::new().expect("fonts load");
        let pages = render_on(&printer, &order(120), PaperSize::Receipt80, Lang::Zh);
        assert_eq!(pages.len(), 1);
        let texts = texts_of(&pages);
        for i in 1..=120 {
            let sku = format!("S{i:04}");
            assert_eq!(texts.iter().filter(|t| t.starts_with(&sku)).count(), 1, "{sku}");
        }
        assert!(texts.iter().any(|t| t == "第 1 页，共 1 页"));
    }

    #[test]
    fn copies_are_marked() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(3);
        doc.copy_number = 3;
        let texts = texts_of(&render_on(&printer, &doc, PaperSize::A5, Lang::Zh));
        assert!(texts.iter().any(|t| t == "副本 3"));
    }

    #[test]
    fn an_absurdly_long_order_number_is_an_error_not_a_panic() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(1);
        doc.number = "9".repeat(8000);
        let result = render(&printer.fonts, &doc, &company(), PaperSize::A4, Lang::En);
        assert!(matches!(result, Err(Error::Qr { .. })));
    }

    #[test]
    fn a_thousand_slips_stay_small() {
        let printer = Printer::new().expect("fonts load");
        let docs: Vec<OrderDoc> = (0..200)
            .map(|i| {
                let mut doc = order(8);
                doc.number = format!("SO-2024-{i:06}");
                doc
            })
            .collect();
        let bytes = printer.dispatch_slips(&docs, &company(), PaperSize::A4, Lang::Zh).expect("prints");
        assert_eq!(page_count(&bytes), 200);
        // 5 MB for 1,000 slips means at most 5 kB per slip.
        assert!(bytes.len() < 200 * 5_000, "{} bytes for 200 slips", bytes.len());
    }
}
