//! Writing a table as CSV (with the BOM Excel needs) or XLSX (sized columns, frozen header),
//! with cells that a spreadsheet would run as formulas guarded.

use super::*;

/// True when a spreadsheet would take the cell for a formula: it starts (after spaces) with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain decimal number.
pub(super) fn needs_guard(cell: &str) -> bool {
    let first = cell.trim_start_matches(' ').chars().next();
    matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) && parse_decimal(cell).is_none()
}

/// Guard a CSV cell against formula injection: a cell that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'`, unless it is a plain number such as `-5` or
/// `-12.50`, which must stay a number.
pub fn guard_cell(cell: &str) -> Cow<'_, str> {
    if needs_guard(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Undo [`guard_cell`] on a cell read from CSV, so an export can be imported back unchanged.
pub(super) fn unguard_cell(cell: String) -> String {
    let unguarded = cell.strip_prefix('\'').filter(|rest| needs_guard(rest)).map(str::to_string);
    unguarded.unwrap_or(cell)
}

/// Write an export as `.csv` or `.xlsx` (by extension, case-insensitive), with file-level
/// messages in English. See [`write_table_in`].
pub fn write_table(path: &Path, headers: &[&str], rows: &[Vec<String>]) -> Result<(), Error> {
    write_table_in(path, headers, rows, Lang::En)
}

/// Write an export as `.csv` (UTF-8 with BOM so Excel shows Chinese correctly, CRLF line ends,
/// every cell passed through [`guard_cell`]) or `.xlsx` (every cell a text cell so decimals stay
/// exact, bold header row frozen at the top, column widths fitted to the content).
pub fn write_table_in(path: &Path, headers: &[&str], rows: &[Vec<String>], lang: Lang) -> Result<(), Error> {
    let file = path_label(path);
    match file_kind(path) {
        Some(FileKind::Csv) => write_csv(path, headers, rows).map_err(|source| Error::Io { file, source }),
        Some(FileKind::Xlsx) => write_xlsx(path, headers, rows, &file, lang),
        None => Err(format_error(&file, msg::UNKNOWN_EXTENSION.get(lang).to_string())),
    }
}

pub(super) fn write_csv(path: &Path, headers: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(out);
    let header_cells: Vec<Cow<'_, str>> = headers.iter().map(|cell| guard_cell(cell)).collect();
    writer.write_record(header_cells.iter().map(|cell| cell.as_bytes()))?;
    for row in rows {
        let cells: Vec<Cow<'_, str>> = row.iter().map(|cell| guard_cell(cell)).collect();
        writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

/// Excel's limits for one sheet.
pub(super) const XLSX_MAX_ROWS: usize = 1_048_576;

pub(super) const XLSX_MAX_COLUMNS: usize = 16_384;

pub(super) fn write_xlsx(path: &Path, headers: &[&str], rows: &[Vec<String>], file: &str, lang: Lang) -> Result<(), Error> {
    let too_big = || format_error(file, msg::XLSX_TOO_BIG.get(lang).to_string());
    let library = |error: rust_xlsxwriter::XlsxError| match error {
        rust_xlsxwriter::XlsxError::IoError(source) => Error::Io { file: file.to_string(), source },
        rust_xlsxwriter::XlsxError::RowColumnLimitError => too_big(),
        other => format_error(file, msg::XLSX_WRITE.fill(lang, &[("detail", &other)])),
    };

    let column_count = rows.iter().map(Vec::len).fold(headers.len(), usize::max);
    if column_count > XLSX_MAX_COLUMNS || rows.len() >= XLSX_MAX_ROWS {
        return Err(too_big());
    }

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();

    for (col, header) in headers.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| too_big())?;
        sheet.write_string_with_format(0, col, *header, &bold).map_err(&library)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let row_number = u32::try_from(index + 1).map_err(|_| too_big())?;
        for (col, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let col = u16::try_from(col).map_err(|_| too_big())?;
            sheet.write_string(row_number, col, cell.as_str()).map_err(&library)?;
        }
    }
    for col in 0..column_count {
        let header_width = headers.get(col).map_or(0, |header| display_width(header));
        let widest = rows.iter().filter_map(|row| row.get(col)).map(|cell| display_width(cell)).fold(header_width, usize::max);
        let width = widest.clamp(6, 60) + 2;
        let col = u16::try_from(col).map_err(|_| too_big())?;
        let width = f64::from(u8::try_from(width).unwrap_or(62));
        sheet.set_column_width(col, width).map_err(&library)?;
    }
    if !headers.is_empty() {
        sheet.set_freeze_panes(1, 0).map_err(&library)?;
    }
    workbook.save(path).map_err(&library)?;
    Ok(())
}

/// Width of the widest line of `text` in character cells (CJK and full-width count two).
pub(super) fn display_width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(char_width).sum::<usize>()).max().unwrap_or(0)
}

pub(super) fn char_width(c: char) -> usize {
    let wide = matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x2_0000..=0x3_FFFD
    );
    if wide { 2 } else { 1 }
}
