//! Customer statements as files: one customer's, or every customer's that a month-end run sends
//! one to, as PDF (the layout family of the slips), XLSX or CSV — the format by the file's
//! extension, or for a run into a folder by `--format`. Shared by `kaidan statement` and the
//! window.

use crate::domain::money::fmt_money;
use crate::i18n::{Lang, print as t};
use crate::ops;
use crate::print::{Printer, StatementDoc, StatementLine};
use crate::store::Store;
use crate::store::statements::{EntryKind, Statement};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The file formats of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
    Csv,
}

impl Format {
    /// `pdf`, `xlsx` or `csv` (any case).
    pub fn parse(text: &str) -> Option<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format a file's extension names.
    pub fn of(path: &Path) -> Option<Format> {
        path.extension().and_then(|extension| Format::parse(&extension.to_string_lossy()))
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

fn entry_text(kind: EntryKind, lang: Lang) -> &'static str {
    match kind {
        EntryKind::Invoice => t::ENTRY_INVOICE.get(lang),
        EntryKind::CreditNote => t::ENTRY_CREDIT_NOTE.get(lang),
        EntryKind::Payment => t::ENTRY_PAYMENT.get(lang),
        EntryKind::Refund => t::ENTRY_REFUND.get(lang),
        EntryKind::Deposit => t::ENTRY_DEPOSIT.get(lang),
        EntryKind::DepositRefund => t::ENTRY_DEPOSIT_REFUND.get(lang),
        EntryKind::Void => t::ENTRY_VOID.get(lang),
    }
}

/// A line's details as a person reads them: the payment method in words, then the reference or
/// reason.
fn detail_text(entry: &crate::store::statements::StatementEntry, lang: Lang) -> String {
    match entry.method {
        Some(method) => format!("{} {}", crate::i18n::labels::payment_method(method, lang), entry.detail).trim().to_string(),
        None => entry.detail.clone(),
    }
}

/// What a statement prints.
pub fn statement_doc(statement: &Statement, lang: Lang) -> StatementDoc {
    StatementDoc {
        customer_code: statement.customer.code.clone(),
        customer_name: statement.customer.name.clone(),
        phone: statement.customer.phone.clone(),
        address: statement.customer.address.clone(),
        from: statement.from,
        to: statement.to,
        opening: statement.opening,
        lines: statement
            .entries
            .iter()
            .map(|entry| StatementLine {
                date: entry.date,
                what: entry_text(entry.kind, lang).to_string(),
                number: entry.number.clone(),
                detail: detail_text(entry, lang),
                debit: entry.debit,
                credit: entry.credit,
                balance: entry.balance,
            })
            .collect(),
        closing: statement.closing,
        ageing: statement.ageing,
    }
}

/// A statement as a sheet: the opening balance, a row per line, the closing balance, and the
/// ageing of what is open on the last day.
pub fn statement_table(statement: &Statement, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = [t::COL_DATE, t::COL_ENTRY, t::COL_DOCUMENT, t::COL_DETAIL, t::COL_DEBIT, t::COL_CREDIT, t::COL_BALANCE]
        .iter()
        .map(|title| title.get(lang).to_string())
        .collect();
    let amount = |value: rust_decimal::Decimal| if value.is_zero() { String::new() } else { fmt_money(value) };
    let mut rows = vec![vec![
        statement.from.to_string(),
        t::OPENING_BALANCE.get(lang).to_string(),
        statement.customer.code.clone(),
        statement.customer.name.clone(),
        String::new(),
        String::new(),
        fmt_money(statement.opening),
    ]];
    for entry in &statement.entries {
        rows.push(vec![
            entry.date.to_string(),
            entry_text(entry.kind, lang).to_string(),
            entry.number.clone(),
            detail_text(entry, lang),
            amount(entry.debit),
            amount(entry.credit),
            fmt_money(entry.balance),
        ]);
    }
    rows.push(vec![
        statement.to.to_string(),
        t::CLOSING_BALANCE.get(lang).to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        fmt_money(statement.closing),
    ]);
    let buckets = [t::AGE_CURRENT, t::AGE_1_30, t::AGE_31_60, t::AGE_61_90, t::AGE_OVER_90];
    let ageing: Vec<String> =
        buckets.iter().zip(statement.ageing).map(|(title, value)| format!("{} {}", title.get(lang), fmt_money(value))).collect();
    rows.push(vec![
        statement.to.to_string(),
        t::AGE_OPEN.get(lang).to_string(),
        String::new(),
        ageing.join("; "),
        String::new(),
        String::new(),
        String::new(),
    ]);
    (headers, rows)
}

/// Write `statement` to `path` as `format`.
pub fn write_statement(
    store: &Store,
    printer: &Printer,
    statement: &Statement,
    path: &Path,
    format: Format,
    lang: Lang,
) -> Result<(), ops::Error> {
    match format {
        Format::Pdf => {
            let company = crate::documents::company(store)?;
            let bytes = printer
                .statements(&[statement_doc(statement, lang)], &company, lang)
                .map_err(|error| ops::Error::Invalid(error.to_string()))?;
            std::fs::write(path, &bytes).map_err(|error| ops::Error::Invalid(format!("{}: {error}", path.display())))
        }
        Format::Xlsx | Format::Csv => {
            let (headers, rows) = statement_table(statement, lang);
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            crate::tabular::write_table_in(path, &headers, &rows, lang).map_err(|error| ops::Error::Invalid(error.to_string()))
        }
    }
}

/// Where a month-end run writes: one PDF holding every statement (each starting on a page of
/// its own, to print in one go), or a folder with a file per customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthEnd {
    OnePdf(PathBuf),
    Folder(PathBuf, Format),
}

impl MonthEnd {
    /// What `statement --all -o OUT [--format F]` asks for: OUT ending in `.pdf` without
    /// `--format` is one PDF; any other OUT is a folder (files as `--format`, PDF by default).
    /// None for OUT ending in `.xlsx` or `.csv` without `--format` (a folder so named is surely
    /// a slip: one workbook of every statement is not made).
    pub fn of(out: &Path, format: Option<Format>) -> Option<MonthEnd> {
        // A folder already there stays a folder, whatever its name (runs made before one PDF was
        // offered wrote into `x.pdf/`).
        if out.is_dir() {
            return Some(MonthEnd::Folder(out.to_path_buf(), format.unwrap_or(Format::Pdf)));
        }
        match (format, Format::of(out)) {
            (Some(format), _) => Some(MonthEnd::Folder(out.to_path_buf(), format)),
            (None, Some(Format::Pdf)) => Some(MonthEnd::OnePdf(out.to_path_buf())),
            (None, Some(_)) => None,
            (None, None) => Some(MonthEnd::Folder(out.to_path_buf(), Format::Pdf)),
        }
    }
}

/// What a month-end run wrote: how many statements, where, and what they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthEndRun {
    pub statements: usize,
    /// The files written (the one PDF, or one per customer).
    pub files: Vec<PathBuf>,
    /// The closing balances added up: what the customers owe, net, at the period's end.
    pub owed: rust_decimal::Decimal,
}

/// The statements of a month-end run for `from`..=`to`, by customer code: every customer with a
/// line in the period or a balance at its end.
pub fn month_end(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Statement>, ops::Error> {
    let mut statements = vec![];
    for id in store.statement_candidates(from, to)? {
        let statement = store.statement(id, from, to)?;
        if statement.is_worth_sending() {
            statements.push(statement);
        }
    }
    Ok(statements)
}

/// Run the month end into `target` (see [`MonthEnd`]). A run with nothing to send writes nothing.
pub fn write_month_end(
    store: &Store,
    printer: &Printer,
    from: NaiveDate,
    to: NaiveDate,
    target: &MonthEnd,
    lang: Lang,
) -> Result<MonthEndRun, ops::Error> {
    match target {
        MonthEnd::Folder(folder, format) => write_all(store, printer, from, to, folder, *format, lang),
        MonthEnd::OnePdf(path) => {
            let statements = month_end(store, from, to)?;
            let owed = statements.iter().map(|statement| statement.closing).sum();
            if statements.is_empty() {
                return Ok(MonthEndRun { statements: 0, files: vec![], owed });
            }
            let company = crate::documents::company(store)?;
            let docs: Vec<_> = statements.iter().map(|statement| statement_doc(statement, lang)).collect();
            let bytes = printer.statements(&docs, &company, lang).map_err(|error| ops::Error::Invalid(error.to_string()))?;
            std::fs::write(path, &bytes).map_err(|error| ops::Error::Invalid(format!("{}: {error}", path.display())))?;
            Ok(MonthEndRun { statements: statements.len(), files: vec![path.clone()], owed })
        }
    }
}

/// The file name (without extension) of customer `code`'s statement in a month-end run: the code
/// with anything but letters, digits, `-` and `_` made `_`, and a name Windows keeps for a device
/// (CON, NUL, COM1…) given a trailing `_`. Two codes that would share a name, also when letter
/// case is ignored (Windows and macOS folders do), get `-2`, `-3`… in the order they come.
pub fn file_stem(code: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let mut stem: String = code.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if stem.is_empty() {
        stem.push('_');
    }
    let upper = stem.to_uppercase();
    let device = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || (upper.len() == 4 && (upper.starts_with("COM") || upper.starts_with("LPT")) && upper.ends_with(|c: char| c.is_ascii_digit()));
    if device {
        stem.push('_');
    }
    let mut name = stem.clone();
    let mut next = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem}-{next}");
        next += 1;
    }
    name
}

/// Every statement of a month-end run into `folder`, one file `<CODE>.<ext>` per customer with a
/// line in the period or a balance at its end (see [`file_stem`] for codes a file name cannot
/// hold as they are); returns the files written.
pub fn write_all(
    store: &Store,
    printer: &Printer,
    from: NaiveDate,
    to: NaiveDate,
    folder: &Path,
    format: Format,
    lang: Lang,
) -> Result<MonthEndRun, ops::Error> {
    let mut written = vec![];
    let mut owed = rust_decimal::Decimal::ZERO;
    let mut taken = std::collections::HashSet::new();
    for id in store.statement_candidates(from, to)? {
        let statement = store.statement(id, from, to)?;
        if !statement.is_worth_sending() {
            continue;
        }
        // The folder is made with the first statement: a run with nothing to send leaves none.
        if written.is_empty() {
            std::fs::create_dir_all(folder).map_err(|error| ops::Error::Invalid(format!("{}: {error}", folder.display())))?;
        }
        let path = folder.join(format!("{}.{}", file_stem(&statement.customer.code, &mut taken), format.extension()));
        write_statement(store, printer, &statement, &path, format, lang)?;
        written.push(path);
        owed += statement.closing;
    }
    Ok(MonthEndRun { statements: written.len(), files: written, owed })
}

#[cfg(test)]
mod tests {
    use super::{Format, MonthEnd, file_stem};
    use std::path::Path;

    #[test]
    fn where_a_month_end_run_goes() {
        let dir = tempfile::tempdir().expect("dir");
        let old_run = dir.path().join("october.pdf");
        std::fs::create_dir(&old_run).expect("a folder named like a PDF");
        let cases: [(&Path, Option<Format>, Option<MonthEnd>); 7] = [
            (Path::new("oct.pdf"), None, Some(MonthEnd::OnePdf("oct.pdf".into()))),
            (Path::new("oct.PDF"), None, Some(MonthEnd::OnePdf("oct.PDF".into()))),
            (Path::new("oct"), None, Some(MonthEnd::Folder("oct".into(), Format::Pdf))),
            (Path::new("oct"), Some(Format::Csv), Some(MonthEnd::Folder("oct".into(), Format::Csv))),
            (Path::new("oct.pdf"), Some(Format::Pdf), Some(MonthEnd::Folder("oct.pdf".into(), Format::Pdf))),
            (Path::new("oct.xlsx"), None, None),
            (&old_run, None, Some(MonthEnd::Folder(old_run.clone(), Format::Pdf))),
        ];
        for (out, format, expected) in cases {
            assert_eq!(MonthEnd::of(out, format), expected, "{} {format:?}", out.display());
        }
    }

    #[test]
    fn month_end_file_names_never_overwrite_one_another() {
        let mut taken = std::collections::HashSet::new();
        let names: Vec<String> = ["A/1", "A_1", "a_1", "CON", "con", "COM1", "COMX", "客户1", "", "..", "A-1"]
            .iter()
            .map(|code| file_stem(code, &mut taken))
            .collect();
        assert_eq!(names, ["A_1", "A_1-2", "a_1-3", "CON_", "con_-2", "COM1_", "COMX", "客户1", "_", "__", "A-1"]);
    }
}
