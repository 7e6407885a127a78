//! The order slip: the order confirmation sent to the customer, with letterhead, order number
//! and dates, customer, delivery and payment terms, every line with prices and discounts,
//! subtotal / tax / total and the notes. Also owns the priced line table shared with the invoice.
//!
//! It only decides WHAT the slip shows; positions, wrapping and page breaks belong to
//! [`super::layout`]. It must not compute money: every amount is printed as given.

use super::layout::{Align, Column, Fonts, Header, InfoBlock, LaidPage, Marks, Pager, Table, TotalRow, Weight, copy_label, fmt_date};
use super::{Company, Error, OrderDoc, PaperSize, PrintLine};
use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, print as t};

/// The marks of an order's slip (order or dispatch): its copy number, its part, and the footer
/// naming the slip and the order.
pub(super) fn order_marks(doc: &OrderDoc, title: &str, lang: Lang) -> Marks {
    Marks { copy: copy_label(doc.copy_number, lang), part: doc.part.clone(), watermark: None, footer: format!("{title} {}", doc.number) }
}

/// Lay out one order slip; its pages are numbered within the slip.
pub(crate) fn render(fonts: &Fonts, doc: &OrderDoc, company: &Company, paper: PaperSize, lang: Lang) -> Result<Vec<LaidPage>, Error> {
    let title = t::ORDER_SLIP_TITLE.get(lang);
    let delivery = doc.delivery_text(lang);
    let header = Header::new(company, lang, title)
        .meta(t::ORDER_NO.get(lang), doc.number.as_str(), true)
        .meta(t::ORDER_DATE.get(lang), fmt_date(doc.order_date), false)
        .meta(t::DELIVERY_DATE.get(lang), delivery, false);
    let mut pager = Pager::new(fonts, paper, header);
    let body = pager.spec.body;

    let mut customer = InfoBlock::new(t::CUSTOMER_BLOCK.get(lang));
    customer.row(t::CUSTOMER_CODE.get(lang), &doc.customer_code, body, Weight::Regular);
    customer.row(t::CUSTOMER_NAME.get(lang), &doc.customer_name, body, Weight::Bold);
    customer.row(t::PHONE.get(lang), &doc.phone, body, Weight::Regular);
    customer.row(t::ADDRESS.get(lang), &doc.address, body, Weight::Regular);
    let mut terms = InfoBlock::new(t::TERMS_BLOCK.get(lang));
    terms.row(t::DELIVERY_METHOD.get(lang), &doc.delivery_method, body, Weight::Regular);
    terms.row(t::PAYMENT_TERMS.get(lang), &payment_terms(doc.payment_terms_days, lang), body, Weight::Regular);
    terms.row(t::PAYMENT_METHOD.get(lang), &doc.payment_method, body, Weight::Regular);
    pager.info_blocks(&[customer, terms]);

    let table = Table::new(&pager, priced_columns(paper, lang, doc.prices_include_tax));
    table.draw_head(&mut pager);
    for line in &doc.lines {
        table.row(&mut pager, &priced_cells(line, paper, lang));
    }
    pager.gap(1.0);
    let mut totals = money_rows(doc.subtotal, doc.tax, doc.total, t::TAX.get(lang).to_string(), doc.prices_include_tax, lang);
    if doc.deposit > rust_decimal::Decimal::ZERO {
        totals.push(TotalRow::new(t::DEPOSIT_PAID.get(lang), fmt_money(doc.deposit), false));
        totals.push(TotalRow::new(t::TO_PAY.get(lang), fmt_money((doc.total - doc.deposit).max(rust_decimal::Decimal::ZERO)), true));
    }
    pager.totals(&totals);
    running_rows(&mut pager, doc.running, t::THIS_ORDER.get(lang), lang);
    pager.notes(t::NOTES.get(lang), &doc.note);

    Ok(pager.finish(lang, &order_marks(doc, title, lang)))
}

/// The money rows under the lines. Prices without tax: subtotal, tax, total. Prices including
/// tax (含税价): the total first, then the part of it that is tax and what is left net of it.
pub(super) fn money_rows(
    subtotal: rust_decimal::Decimal,
    tax: rust_decimal::Decimal,
    total: rust_decimal::Decimal,
    tax_label: String,
    tax_included: bool,
    lang: Lang,
) -> Vec<TotalRow> {
    if tax_included {
        vec![
            TotalRow::new(t::TOTAL_INCL_TAX.get(lang), fmt_money(total), true),
            TotalRow::new(t::OF_WHICH.fill(lang, &[("tax", &tax_label)]), fmt_money(tax), false),
            TotalRow::new(t::NET_OF_TAX.get(lang), fmt_money(total - tax), false),
        ]
    } else {
        vec![
            TotalRow::new(t::SUBTOTAL.get(lang), fmt_money(subtotal), false),
            TotalRow::new(tax_label, fmt_money(tax), false),
            TotalRow::new(t::TOTAL.get(lang), fmt_money(total), true),
        ]
    }
}

/// A monthly-account customer's running balance (累计欠款) under the totals: previous balance,
/// what this document adds (`this`), and the new balance.
pub(super) fn running_rows(pager: &mut Pager, running: Option<super::Running>, this: &str, lang: Lang) {
    let Some(running) = running else { return };
    pager.gap(1.0);
    pager.totals(&[
        TotalRow::new(t::PREVIOUS_BALANCE.get(lang), fmt_money(running.previous), false),
        TotalRow::new(this, fmt_money(running.this), false),
        TotalRow::new(t::NEW_BALANCE.get(lang), fmt_money(running.new), true),
    ]);
}

/// "30 days" / "30 天", or "Due on receipt" for 0 (or nonsense negative) days.
pub(super) fn payment_terms(days: i64, lang: Lang) -> String {
    if days > 0 { t::PAYMENT_TERMS_DAYS.fill(lang, &[("n", &days)]) } else { t::PAYMENT_TERMS_IMMEDIATE.get(lang).to_string() }
}

/// A discount as printed in the table: "5%".
fn percent(value: rust_decimal::Decimal) -> String {
    format!("{}%", fmt_qty(value))
}

/// Columns of a priced line table (order slip and invoice). A4 shows every field in its own
/// column; A5 puts the specification under the product name; the receipt shows item / qty /
/// amount with the SKU, specification, unit price and discount under the item name.
pub(super) fn priced_columns(paper: PaperSize, lang: Lang, tax_included: bool) -> Vec<Column> {
    let price = if tax_included { t::COL_UNIT_PRICE_INCL } else { t::COL_UNIT_PRICE };
    match paper {
        PaperSize::A4 => vec![
            Column::fixed(t::COL_SKU.get(lang), 24.0, Align::Left),
            Column::flex(t::COL_NAME.get(lang)),
            Column::fixed(t::COL_SPEC.get(lang), 24.0, Align::Left),
            Column::fixed(t::COL_QTY.get(lang), 14.0, Align::Right),
            Column::fixed(t::COL_UNIT.get(lang), 12.0, Align::Left),
            Column::fixed(price.get(lang), 20.0, Align::Right),
            Column::fixed(t::COL_DISCOUNT.get(lang), 14.0, Align::Right),
            Column::fixed(t::COL_LINE_TOTAL.get(lang), 22.0, Align::Right),
        ],
        PaperSize::A5 => vec![
            Column::fixed(t::COL_SKU.get(lang), 17.0, Align::Left),
            Column::flex(t::COL_NAME_SPEC.get(lang)),
            Column::fixed(t::COL_QTY.get(lang), 11.0, Align::Right),
            Column::fixed(t::COL_UNIT.get(lang), 10.0, Align::Left),
            Column::fixed(price.get(lang), 15.0, Align::Right),
            Column::fixed(t::COL_DISCOUNT.get(lang), 11.0, Align::Right),
            Column::fixed(t::COL_LINE_TOTAL.get(lang), 17.0, Align::Right),
        ],
        PaperSize::Receipt80 => vec![
            Column::flex(t::COL_ITEM.get(lang)),
            Column::fixed(t::COL_QTY.get(lang), 14.0, Align::Right),
            Column::fixed(t::COL_LINE_TOTAL.get(lang), 17.0, Align::Right),
        ],
    }
}

/// Name with the specification on a second line (when there is one).
pub(super) fn name_and_spec(line: &PrintLine) -> String {
    if line.spec.trim().is_empty() { line.name.clone() } else { format!("{}\n{}", line.name, line.spec) }
}

/// Cells of one priced line, matching [`priced_columns`]. A gift prints "Gift" / "赠品" where
/// the price would be, no discount, and its total of 0.
pub(super) fn priced_cells(line: &PrintLine, paper: PaperSize, lang: Lang) -> Vec<String> {
    if line.gift {
        let gift = t::GIFT.get(lang).to_string();
        return match paper {
            PaperSize::A4 => {
                vec![
                    line.sku.clone(),
                    line.name.clone(),
                    line.spec.clone(),
                    fmt_qty(line.qty),
                    line.unit.clone(),
                    gift,
                    String::new(),
                    fmt_money(line.line_total),
                ]
            }
            PaperSize::A5 => {
                vec![
                    line.sku.clone(),
                    name_and_spec(line),
                    fmt_qty(line.qty),
                    line.unit.clone(),
                    gift,
                    String::new(),
                    fmt_money(line.line_total),
                ]
            }
            PaperSize::Receipt80 => {
                let reference =
                    [line.sku.trim(), line.spec.trim()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("  ");
                let item =
                    if reference.is_empty() { format!("{}\n{gift}", line.name) } else { format!("{}\n{reference}\n{gift}", line.name) };
                vec![item, format!("{} {}", fmt_qty(line.qty), line.unit).trim().to_string(), fmt_money(line.line_total)]
            }
        };
    }
    match paper {
        PaperSize::A4 => vec![
            line.sku.clone(),
            line.name.clone(),
            line.spec.clone(),
            fmt_qty(line.qty),
            line.unit.clone(),
            fmt_money(line.unit_price),
            percent(line.discount_pct),
            fmt_money(line.line_total),
        ],
        PaperSize::A5 => vec![
            line.sku.clone(),
            name_and_spec(line),
            fmt_qty(line.qty),
            line.unit.clone(),
            fmt_money(line.unit_price),
            percent(line.discount_pct),
            fmt_money(line.line_total),
        ],
        PaperSize::Receipt80 => {
            let mut item = line.name.clone();
            let reference = [line.sku.trim(), line.spec.trim()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("  ");
            if !reference.is_empty() {
                item.push('\n');
                item.push_str(&reference);
            }
            item.push('\n');
            item.push_str(
                &t::RECEIPT_PRICE_DETAIL.fill(lang, &[("price", &fmt_money(line.unit_price)), ("disc", &fmt_qty(line.discount_pct))]),
            );
            vec![item, format!("{} {}", fmt_qty(line.qty), line.unit).trim().to_string(), fmt_money(line.line_total)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Printer;
    use super::super::samples::*;
    use super::*;
    use printpdf::PdfPage;

    fn render_a4(printer: &Printer, doc: &OrderDoc, lang: Lang) -> Vec<PdfPage> {
        laid(render(&printer.fonts, doc, &company(), PaperSize::A4, lang).expect("renders"))
    }

    #[test]
    fn short_order_is_one_page_with_everything() {
        let printer = Printer::new().expect("fonts load");
        let doc = order(3);
        let bytes = printer.order_slips(std::slice::from_ref(&doc), &company(), PaperSize::A4, Lang::En).expect("prints");
        assert!(bytes.starts_with(b"%PDF"));
        assert_eq!(page_count(&bytes), 1);

        let texts = texts_of(&render_a4(&printer, &doc, Lang::En));
        for expected in [
            "Order Confirmation",
            "SO-2024-000123",
            "2024-05-06",
            "2024-05-09",
            "C0042",
            "Happy Noodle House 快乐面馆",
            "138 0013 8000",
            "Delivery",
            "30 days",
            "Bank transfer",
            "S0001",
            "250g",
            "12.34",
            "5%",
            "23.45",
            "987.65",
            "128.39",
            "1116.04",
            "Page 1 of 1",
        ] {
            assert!(texts.iter().any(|t| t.contains(expected)), "missing {expected}: {texts:?}");
        }
        assert!(!texts.iter().any(|t| t.starts_with("COPY")), "an original has no copy mark");
    }

    #[test]
    fn chinese_slip_uses_chinese_labels() {
        let printer = Printer::new().expect("fonts load");
        let texts = texts_of(&render_a4(&printer, &order(2), Lang::Zh));
        for expected in ["订单确认单", "订单号", "30 天", "合计", "第 1 页，共 1 页"] {
            assert!(texts.iter().any(|t| t.contains(expected)), "missing {expected}");
        }
    }

    #[test]
    fn a_gift_prints_as_such_and_a_deposit_with_what_is_left_to_pay() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(2);
        doc.lines[0].gift = true;
        doc.lines[0].unit_price = rust_decimal::Decimal::ZERO;
        doc.lines[0].discount_pct = rust_decimal::Decimal::ZERO;
        doc.lines[0].line_total = rust_decimal::Decimal::ZERO;
        doc.total = "23.45".parse().expect("total");
        doc.deposit = "10.00".parse().expect("deposit");
        for (lang, gift, deposit, left) in [(Lang::En, "Gift", "Deposit paid", "Left to pay"), (Lang::Zh, "赠品", "已付订金", "尚需支付")]
        {
            let texts = texts_of(&render_a4(&printer, &doc, lang));
            for expected in [gift, deposit, left, "10.00", "13.45"] {
                assert!(texts.iter().any(|t| t.contains(expected)), "{lang:?}: missing {expected}: {texts:?}");
            }
        }
        // No deposit: no deposit rows.
        doc.deposit = rust_decimal::Decimal::ZERO;
        let texts = texts_of(&render_a4(&printer, &doc, Lang::En));
        assert!(!texts.iter().any(|t| t.contains("Deposit paid") || t.contains("Left to pay")), "{texts:?}");
    }

    #[test]
    fn prices_with_tax_print_the_total_first_and_the_tax_as_part_of_it() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(2);
        doc.prices_include_tax = true;
        doc.subtotal = "113.00".parse().expect("d");
        doc.tax = "13.00".parse().expect("d");
        doc.total = "113.00".parse().expect("d");
        for (lang, expected) in [
            (Lang::Zh, ["含税单价", "价税合计", "其中税额", "不含税金额"]),
            (Lang::En, ["incl. tax", "Total incl. tax", "of which Tax", "Net of tax"]),
        ] {
            let texts = texts_of(&render_a4(&printer, &doc, lang));
            for text in expected.iter().chain(&["113.00", "13.00", "100.00"]) {
                assert!(texts.iter().any(|t| t.contains(text)), "{lang:?}: missing {text}: {texts:?}");
            }
        }
        // Without tax in the prices: subtotal, tax, total as before.
        doc.prices_include_tax = false;
        let texts = texts_of(&render_a4(&printer, &doc, Lang::Zh));
        assert!(texts.iter().any(|t| t == "单价") && !texts.iter().any(|t| t.contains("价税合计")), "{texts:?}");
    }

    #[test]
    fn empty_notes_print_no_notes_block() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(2);
        doc.note = String::new();
        let texts = texts_of(&render_a4(&printer, &doc, Lang::En));
        assert!(!texts.iter().any(|t| t == "Notes"));
        doc.note = "Leave at the back door".to_string();
        let texts = texts_of(&render_a4(&printer, &doc, Lang::En));
        assert!(texts.iter().any(|t| t == "Notes"));
    }

    fn texts_of(pages: &[PdfPage]) -> Vec<String> {
        texts(pages).concat()
    }

    #[test]
    fn long_order_repeats_header_and_table_head_on_every_page() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(70);
        doc.copy_number = 2;
        let pages = render_a4(&printer, &doc, Lang::En);
        assert!(pages.len() >= 2, "{} pages", pages.len());
        let per_page = texts(&pages);
        let total = per_page.len();
        for (i, page) in per_page.iter().enumerate() {
            assert!(page.iter().any(|t| t == "Order Confirmation"), "title on page {}", i + 1);
            assert!(
                // every page that carries table rows repeats the table head
                !page.iter().any(|t| t.len() == 5 && t.starts_with('S')) || page.iter().any(|t| t == "SKU"),
                "table head on page {}",
                i + 1
            );
            assert!(page.iter().any(|t| t == "COPY 2"), "copy mark on page {}", i + 1);
            assert!(page.contains(&format!("Page {} of {total}", i + 1)));
        }
        let all = per_page.concat();
        for i in 1..=70 {
            let sku = format!("S{i:04}");
            assert_eq!(all.iter().filter(|t| **t == sku).count(), 1, "{sku}");
        }
        let bytes = printer.order_slips(&[doc], &company(), PaperSize::A4, Lang::En).expect("prints");
        assert_eq!(page_count(&bytes), total);
    }

    #[test]
    fn very_long_chinese_name_wraps_inside_its_column() {
        let printer = Printer::new().expect("fonts load");
        let mut doc = order(1);
        let name = "特级福建高山茉莉花茶精选春季嫩芽手工窨制七次香气浓郁持久".repeat(3);
        doc.lines[0].name = name.clone();
        for paper in [PaperSize::A4, PaperSize::A5, PaperSize::Receipt80] {
            let pages = laid(render(&printer.fonts, &doc, &company(), paper, Lang::Zh).expect("renders"));
            let texts = texts_of(&pages);
            let pieces: Vec<&String> = texts.iter().filter(|t| t.contains("茉莉")).collect();
            assert!(!pieces.is_empty());
            assert!(!texts.contains(&name), "{paper:?}: the name was not wrapped");
            let joined: String = texts.iter().filter(|t| name.contains(t.as_str())).cloned().collect();
            assert!(joined.contains(&name[..30]), "{paper:?}: wrapped pieces keep the text");
        }
    }

    #[test]
    fn batch_starts_every_slip_on_a_new_page() {
        let printer = Printer::new().expect("fonts load");
        let mut second = order(2);
        second.number = "SO-2024-000124".to_string();
        let bytes = printer.order_slips(&[order(2), second], &company(), PaperSize::A5, Lang::En).expect("prints");
        assert_eq!(page_count(&bytes), 2);
    }

    #[test]
    fn payment_terms_read_naturally() {
        assert_eq!(payment_terms(30, Lang::En), "30 days");
        assert_eq!(payment_terms(0, Lang::En), "Due on receipt");
        assert_eq!(payment_terms(14, Lang::Zh), "14 天");
    }
}
