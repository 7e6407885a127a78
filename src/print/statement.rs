//! The customer statement (对账单): letterhead, customer and period, the opening balance, every
//! line of the period with its running balance, the totals, the closing balance, and the ageing
//! of what is open on the last day. Same layout family as the slips.
//!
//! It only decides WHAT the statement shows; positions and page breaks belong to
//! [`super::layout`]. It must not compute money beyond summing the lines it is given.

use super::layout::{Align, Column, Fonts, Header, InfoBlock, LaidPage, Marks, Pager, Table, TotalRow, Weight, fmt_date};
use super::{Company, Error, StatementDoc};
use crate::domain::money::fmt_money;
use crate::i18n::{Lang, print as t};
use rust_decimal::Decimal;

/// Lay out one statement; its pages are numbered within it.
pub(crate) fn render(fonts: &Fonts, doc: &StatementDoc, company: &Company, lang: Lang) -> Result<Vec<LaidPage>, Error> {
    let title = t::STATEMENT_TITLE.get(lang);
    let period = format!("{} – {}", fmt_date(doc.from), fmt_date(doc.to));
    let header = Header::new(company, lang, title)
        .meta(t::CUSTOMER_CODE.get(lang), doc.customer_code.as_str(), true)
        .meta(t::PERIOD.get(lang), period.clone(), false)
        .meta(t::CLOSING_BALANCE.get(lang), fmt_money(doc.closing), true);
    let mut pager = Pager::new(fonts, super::PaperSize::A4, header);
    let body = pager.spec.body;
    let mut customer = InfoBlock::new(t::CUSTOMER_BLOCK.get(lang));
    customer.row(t::CUSTOMER_NAME.get(lang), &doc.customer_name, body, Weight::Bold);
    customer.row(t::PHONE.get(lang), &doc.phone, body, Weight::Regular);
    customer.row(t::ADDRESS.get(lang), &doc.address, body, Weight::Regular);
    pager.info_blocks(&[customer]);

    let columns = vec![
        Column::fixed(t::COL_DATE.get(lang), 22.0, Align::Left),
        Column::fixed(t::COL_ENTRY.get(lang), 22.0, Align::Left),
        Column::fixed(t::COL_DOCUMENT.get(lang), 30.0, Align::Left),
        Column::flex(t::COL_DETAIL.get(lang)),
        Column::fixed(t::COL_DEBIT.get(lang), 22.0, Align::Right),
        Column::fixed(t::COL_CREDIT.get(lang), 22.0, Align::Right),
        Column::fixed(t::COL_BALANCE.get(lang), 24.0, Align::Right),
    ];
    let table = Table::new(&pager, columns);
    table.draw_head(&mut pager);
    let blank = String::new();
    table.row(
        &mut pager,
        &[
            fmt_date(doc.from),
            t::OPENING_BALANCE.get(lang).to_string(),
            blank.clone(),
            blank.clone(),
            blank.clone(),
            blank.clone(),
            fmt_money(doc.opening),
        ],
    );
    for line in &doc.lines {
        let amount = |value: Decimal| if value.is_zero() { String::new() } else { fmt_money(value) };
        table.row(
            &mut pager,
            &[
                fmt_date(line.date),
                line.what.clone(),
                line.number.clone(),
                line.detail.clone(),
                amount(line.debit),
                amount(line.credit),
                fmt_money(line.balance),
            ],
        );
    }
    pager.gap(1.0);
    let charged: Decimal = doc.lines.iter().map(|line| line.debit).sum();
    let paid: Decimal = doc.lines.iter().map(|line| line.credit).sum();
    pager.totals(&[
        TotalRow::new(t::OPENING_BALANCE.get(lang), fmt_money(doc.opening), false),
        TotalRow::new(t::PERIOD_CHARGES.get(lang), fmt_money(charged), false),
        TotalRow::new(t::PERIOD_PAYMENTS.get(lang), fmt_money(paid), false),
        TotalRow::new(t::CLOSING_BALANCE.get(lang), fmt_money(doc.closing), true),
    ]);
    pager.gap(2.0);
    // The ageing line: what is open on the last day, by days past due.
    let ageing_columns: Vec<Column> = [t::AGE_CURRENT, t::AGE_1_30, t::AGE_31_60, t::AGE_61_90, t::AGE_OVER_90, t::AGE_OPEN]
        .iter()
        .map(|title| Column::fixed(title.get(lang), 28.0, Align::Right))
        .collect();
    let ageing = Table::new(&pager, ageing_columns);
    ageing.draw_head(&mut pager);
    let open: Decimal = doc.ageing.iter().copied().sum();
    let mut cells: Vec<String> = doc.ageing.iter().map(|value| fmt_money(*value)).collect();
    cells.push(fmt_money(open));
    ageing.row(&mut pager, &cells);
    let marks = Marks { copy: None, part: None, watermark: None, footer: format!("{title} {} {period}", doc.customer_code) };
    Ok(pager.finish(lang, &marks))
}
