//! The invoice: invoice and order numbers, issue and due dates, the customer with its tax id,
//! every line with prices and discounts, subtotal, tax with its rate, total, amount paid and
//! amount due; a large "VOID" / "作废" mark across every page of a voided invoice.
//!
//! It only decides WHAT the invoice shows; positions and page breaks belong to
//! [`super::layout`]. It must not compute money: every amount is printed as given.

use super::layout::{Fonts, Header, InfoBlock, LaidPage, Marks, Pager, Table, TotalRow, Weight, copy_label, fmt_date};
use super::order_slip::{priced_cells, priced_columns};
use super::{Company, Error, InvoiceDoc, PaperSize};
use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, print as t};

/// Lay out one invoice; its pages are numbered within the invoice.
pub(crate) fn render(fonts: &Fonts, doc: &InvoiceDoc, company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<LaidPage>, Error> {
    let title = t::INVOICE_TITLE.get(lang);
    let mut header = Header::new(company, lang, title)
        .meta(t::INVOICE_NO.get(lang), doc.number.as_str(), true)
        .meta(t::ORDER_NO.get(lang), doc.order_number.as_str(), false)
        .meta(t::ISSUE_DATE.get(lang), fmt_date(doc.issue_date), false)
        .meta(t::DUE_DATE.get(lang), fmt_date(doc.due_date), false);
    let void = t::VOID.get(lang);
    if doc.void {
        header = header.badge(void);
    }
    let mut pager = Pager::new(fonts, paper, header);
    let body = pager.spec.body;

    let mut bill = InfoBlock::new(t::BILL_TO.get(lang));
    bill.row(t::CUSTOMER_CODE.get(lang), &doc.customer_code, body, Weight::Regular);
    bill.row(t::CUSTOMER_NAME.get(lang), &doc.customer_name, body, Weight::Bold);
    bill.row(t::ADDRESS.get(lang), &doc.address, body, Weight::Regular);
    bill.row(t::TAX_ID.get(lang), &doc.tax_id, body, Weight::Regular);
    pager.info_blocks(&[bill]);

    let table = Table::new(&pager, priced_columns(paper, lang, doc.prices_include_tax));
    table.draw_head(&mut pager);
    for line in &doc.lines {
        table.row(&mut pager, &priced_cells(line, paper, lang));
    }
    pager.gap(1.0);
    let tax_label = t::TAX_WITH_RATE.fill(lang, &[("rate", &fmt_qty(doc.tax_rate_pct))]);
    let mut totals = super::order_slip::money_rows(doc.subtotal, doc.tax, doc.total, tax_label, doc.prices_include_tax, lang);
    if doc.deposit_applied > rust_decimal::Decimal::ZERO {
        totals.push(TotalRow::new(t::DEPOSIT_APPLIED.get(lang), fmt_money(doc.deposit_applied), false));
    }
    totals.push(TotalRow::new(t::PAID.get(lang), fmt_money(doc.paid), false));
    totals.push(TotalRow::new(t::AMOUNT_DUE.get(lang), fmt_money(doc.due), true));
    pager.totals(&totals);
    super::order_slip::running_rows(&mut pager, doc.running, t::THIS_INVOICE.get(lang), lang);

    let marks = Marks {
        copy: copy_label(doc.copy_number, lang),
        part: doc.part.clone(),
        watermark: doc.void.then(|| void.to_string()),
        footer: format!("{title} {}", doc.number),
    };
    Ok(pager.finish(lang, &marks))
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

    fn render_on(printer: &Printer, doc: &InvoiceDoc, paper: PaperSize, lang: Lang) -> Vec<PdfPage> {
        laid(render(&printer.fonts, doc, &company(), paper, lang).expect("renders"))
    }

    #[test]
    fn shows_numbers_dates_customer_and_totals() {
        let printer = Printer::new().expect("fonts load");
        let doc = invoice(4);
        let texts = texts_of(&render_on(&printer, &doc, PaperSize::A4, Lang::En));
        for expected in [
            "Invoice",
            "INV-2024-000077",
            "SO-2024-000123",
            "2024-05-10",
            "2024-06-09",
            "Happy Noodle House 快乐面馆",
            "91310104MA1K000001",
            "S0004",
            "987.65",
            "Tax (13%)",
            "128.39",
            "1116.04",
            "100.00",
            "1016.04",
            "Amount due",
        ] {
            assert!(texts.iter().any(|t| t.contains(expected)), "missing {expected}: {texts:?}");
        }
        assert!(!texts.iter().any(|t| t == "VOID"));
        let bytes = printer.invoices(&[doc], &company(), PaperSize::A4, Lang::En).expect("prints");
        assert_eq!(page_count(&bytes), 1);
    }

    #[test]
    fn void_invoice_is_marked_on_every_page() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = invoice(80);
        doc.void = true;
        for (lang, mark) in [(Lang::En, "VOID"), (Lang::Zh, "作废")] {
            let pages = texts(&render_on(&printer, &doc, PaperSize::A4, lang));
            assert!(pages.len() > 1);
            for page in &pages {
                // The diagonal watermark and the badge in the header.
                assert!(page.iter().filter(|t| *t == mark).count() >= 2, "{page:?}");
            }
        }
        let bytes = printer.invoices(&[doc], &company(), PaperSize::A5, Lang::Zh).expect("prints");
        assert!(page_count(&bytes) > 1);
    }

    #[test]
    fn copies_are_marked_on_every_page() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = invoice(80);
        doc.copy_number = 1;
        let pages = texts(&render_on(&printer, &doc, PaperSize::A4, Lang::Zh));
        for page in &pages {
            assert!(page.iter().any(|t| t == "副本 1"));
        }
    }

    #[test]
    fn prints_on_receipt_paper() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = invoice(12);
        doc.void = true;
        let pages = render_on(&printer, &doc, PaperSize::Receipt80, Lang::Zh);
        assert_eq!(pages.len(), 1);
        let texts = texts_of(&pages);
        assert!(texts.iter().any(|t| t.contains("1016.04")));
        let bytes = printer.invoices(&[doc], &company(), PaperSize::Receipt80, Lang::Zh).expect("prints");
        assert_eq!(page_count(&bytes), 1);
    }
}
