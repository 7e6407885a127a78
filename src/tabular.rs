//! Tables in and out of files, and the customer/product import formats.
//!
//! This module owns:
//! - reading a CSV (UTF-8 with or without BOM, GBK/GB18030 from Chinese Excel, UTF-16 with BOM)
//!   or XLSX file (first worksheet) into plain text cells with their 1-based row numbers;
//! - writing exports as CSV (UTF-8 with BOM, cells guarded against formula injection) or XLSX
//!   (text cells, bold frozen header row, fitted column widths);
//! - turning customer and product import tables into typed records, validating every field and
//!   reporting *all* problems as `FILE:ROW: field: reason`.
//!
//! It must not touch the database (no SQL) or the UI (no egui): callers decide what to do with
//! the records. Money and quantities are `rust_decimal::Decimal` parsed with
//! [`parse_decimal`]; `f64` appears only transiently, when a spreadsheet float cell is turned
//! into text. No input, however odd, may make it panic.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use calamine::{Data, ExcelDateTime, Reader, SheetType, Xlsx};
use rust_decimal::Decimal;

use crate::domain::money::parse_decimal;
use crate::i18n::Lang;
use crate::i18n::import as msg;

// ---------------------------------------------------------------------------------------------
// Errors and tables
// ---------------------------------------------------------------------------------------------

/// One problem in one row (and usually one field) of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The file name as the user gave it.
    pub file: String,
    /// 1-based row number; the header row is row 1.
    pub row: usize,
    /// The column as written in the file's header (its canonical name when the column is
    /// missing); empty when the problem concerns the whole row.
    pub field: String,
    /// What is wrong, in the requested language.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}:{}: {}", self.file, self.row, self.reason)
        } else {
            write!(f, "{}:{}: {}: {}", self.file, self.row, self.field, self.reason)
        }
    }
}

impl std::error::Error for RowError {}

/// What an import reads: the two master lists a file can bring in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Master {
    Customers,
    Products,
}

impl Master {
    /// The command line's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Master::Customers => "customers",
            Master::Products => "products",
        }
    }
}

/// Why a table could not be read, written or imported.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened, read or written.
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    /// The file is not something this module can read or write: unknown extension, unreadable
    /// workbook, text in an unknown encoding, sheet too large.
    #[error("{file}: {reason}")]
    Format { file: String, reason: String },
    /// Rows or fields that failed validation, every one of them.
    #[error("{}", join_lines(.0))]
    Rows(Vec<RowError>),
}

impl From<Vec<RowError>> for Error {
    fn from(errors: Vec<RowError>) -> Self {
        Error::Rows(errors)
    }
}

/// Every row error on its own line.
fn join_lines(errors: &[RowError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// A table read from a file: header cells and data rows with their 1-based file row numbers.
///
/// The header is the first non-empty row and counts as row 1. Empty rows are left out (but
/// still counted, so row numbers match what the user sees in Excel). Header cells are trimmed
/// and stripped of a byte-order mark; data cells are kept as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The file name as the user gave it, used in every error message.
    pub file: String,
    /// The header row.
    pub headers: Vec<String>,
    /// `(row number, cells)` for every non-empty data row.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The worksheet read (XLSX: the first visible one), named in the import report.
    pub sheet: Option<String>,
    /// SHA-256 of the file's bytes (hex), logged with the import.
    pub sha256: String,
    /// Data rows (same numbering) hidden in the workbook: imported like the others, and said.
    pub hidden_rows: Vec<usize>,
}

/// The largest CSV file read (a million product rows is about 80 MB).
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;
/// The largest XLSX workbook read, counted as its parts' uncompressed size (a zip bomb is
/// refused before anything is inflated).
pub const MAX_XLSX_UNCOMPRESSED_BYTES: u64 = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Xlsx,
}

/// `.csv` or `.xlsx`, case-insensitive.
fn file_kind(path: &Path) -> Option<FileKind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "csv" => Some(FileKind::Csv),
        "xlsx" => Some(FileKind::Xlsx),
        _ => None,
    }
}

/// The path as the user gave it, for messages.
fn path_label(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn format_error(file: &str, reason: String) -> Error {
    Error::Format { file: file.to_string(), reason }
}

/// Read a `.csv` or `.xlsx` file into a [`Table`], with file-level messages in English.
pub fn read_table(path: &Path) -> Result<Table, Error> {
    read_table_in(path, Lang::En)
}

/// Read a `.csv` or `.xlsx` file into a [`Table`], with file-level messages in `lang`.
pub fn read_table_in(path: &Path, lang: Lang) -> Result<Table, Error> {
    let file = path_label(path);
    match file_kind(path) {
        Some(FileKind::Csv) => {
            let bytes = read_csv_bytes(path, &file, lang)?;
            let text = decode_text(&bytes).ok_or_else(|| format_error(&file, msg::BAD_ENCODING.get(lang).to_string()))?;
            let grid = csv_records(&text);
            let mut table = table_from_grid(file, grid, true);
            table.sha256 = sha256_hex(&bytes);
            Ok(table)
        }
        Some(FileKind::Xlsx) => {
            let (sheet, grid, first_row) = read_xlsx_grid(path, &file, lang)?;
            // Hidden rows, in the table's numbering (header = row 1).
            let header_index = grid.iter().position(|cells| !is_blank_row(cells)).unwrap_or(0) as u32;
            let hidden: Vec<usize> = xlsx_hidden_rows(path, &sheet)
                .into_iter()
                .filter_map(|excel_row| excel_row.checked_sub(first_row + header_index))
                .filter(|row| *row > 1)
                .map(|row| row as usize)
                .collect();
            let mut table = table_from_grid(file, grid, false);
            table.hidden_rows = hidden;
            table.sheet = Some(sheet);
            table.sha256 = std::fs::read(path).map(|bytes| sha256_hex(&bytes)).unwrap_or_default();
            Ok(table)
        }
        None => Err(format_error(&file, msg::UNKNOWN_EXTENSION.get(lang).to_string())),
    }
}

/// A CSV file's bytes, at most [`MAX_CSV_BYTES`] (a device or an endless stream is cut there
/// and refused, never read into memory whole).
fn read_csv_bytes(path: &Path, file: &str, lang: Lang) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let io = |source| Error::Io { file: file.to_string(), source };
    let mut bytes = vec![];
    File::open(path).map_err(io)?.take(MAX_CSV_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(format_error(file, msg::TOO_BIG.fill(lang, &[("max", &"256 MiB")])));
    }
    Ok(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Decode CSV bytes: a byte-order mark decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is
/// taken as is and anything else is tried as GB18030 (a superset of GBK, which Chinese Excel
/// writes). `None` when the bytes are malformed in that encoding too.
fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_length..)?;
        return encoding.decode_without_bom_handling_and_without_replacement(body);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Cow::Borrowed(text));
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
}

/// The field separator: a comma, unless the first non-blank line has none but has tabs
/// (Excel "Unicode text") or semicolons (European Excel).
fn sniff_delimiter(text: &str) -> char {
    let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    if first.contains(',') {
        ','
    } else if first.contains('\t') {
        '\t'
    } else if first.contains(';') {
        ';'
    } else {
        ','
    }
}

/// Split CSV text into records the way Excel shows them: every line is a row (blank lines
/// included, so row numbers match), quoted fields may hold separators, doubled quotes and
/// line breaks. Lenient: a stray quote inside an unquoted field is kept as a character and an
/// unterminated quote runs to the end of the text. Never fails.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let delimiter = sniff_delimiter(text);
    let mut position = 0;
    std::iter::from_fn(|| next_csv_record(text, &mut position, delimiter)).collect()
}

/// The record starting at byte `position` of `text` (see [`csv_records`]), moving `position`
/// past it; `None` at the end of the text.
fn next_csv_record(text: &str, position: &mut usize, delimiter: char) -> Option<Vec<String>> {
    let rest = text.get(*position..)?;
    if rest.is_empty() {
        return None;
    }
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut field_was_quoted = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek().map(|(_, next)| *next) == Some('"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        if c == '"' && field.is_empty() && !field_was_quoted {
            in_quotes = true;
            field_was_quoted = true;
        } else if c == '\r' || c == '\n' {
            let mut end = offset + c.len_utf8();
            if c == '\r' && chars.peek().map(|(_, next)| *next) == Some('\n') {
                end += 1;
            }
            record.push(field);
            *position += end;
            return Some(record);
        } else if c == delimiter {
            record.push(std::mem::take(&mut field));
            field_was_quoted = false;
        } else {
            field.push(c);
        }
    }
    *position = text.len();
    if !record.is_empty() || !field.is_empty() || field_was_quoted {
        record.push(field);
        return Some(record);
    }
    None
}

/// The rows of an import file read one at a time (see [`open_rows`]): the header as a
/// [`Table`] without rows, then `(row number, cells)` for every non-blank data row.
pub struct RowStream {
    /// File name, header, sheet and SHA-256 (its `rows` stay empty).
    pub head: Table,
    rows: Box<dyn Iterator<Item = (usize, Vec<String>)> + Send>,
}

impl Iterator for RowStream {
    type Item = (usize, Vec<String>);

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// A CSV file's text and where reading stands in it.
struct CsvRows {
    text: String,
    position: usize,
    delimiter: char,
    /// 0-based index of the next record in the file.
    index: usize,
    header_index: usize,
}

impl Iterator for CsvRows {
    type Item = (usize, Vec<String>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let cells = next_csv_record(&self.text, &mut self.position, self.delimiter)?;
            let index = self.index;
            self.index += 1;
            if !is_blank_row(&cells) {
                return Some((index - self.header_index + 1, cells.into_iter().map(unguard_cell).collect()));
            }
        }
    }
}

/// Open a `.csv` or `.xlsx` file for an import that reads its rows one at a time: a large CSV
/// is never held as a grid of cells (the text is read once, within [`MAX_CSV_BYTES`]), so a
/// million-row file imports in flat memory. Same rows, numbers and messages as [`read_table_in`].
pub fn open_rows(path: &Path, lang: Lang) -> Result<RowStream, Error> {
    let file = path_label(path);
    match file_kind(path) {
        Some(FileKind::Csv) => {
            let bytes = read_csv_bytes(path, &file, lang)?;
            let sha256 = sha256_hex(&bytes);
            let text = match String::from_utf8(bytes) {
                Ok(text) if encoding_rs::Encoding::for_bom(text.as_bytes()).is_none() => text,
                Ok(text) => decode_text(text.as_bytes())
                    .map(|t| t.into_owned())
                    .ok_or_else(|| format_error(&file, msg::BAD_ENCODING.get(lang).to_string()))?,
                Err(error) => decode_text(error.as_bytes())
                    .map(|t| t.into_owned())
                    .ok_or_else(|| format_error(&file, msg::BAD_ENCODING.get(lang).to_string()))?,
            };
            let delimiter = sniff_delimiter(&text);
            let mut rows = CsvRows { text, position: 0, delimiter, index: 0, header_index: 0 };
            let mut headers = vec![];
            while let Some(cells) = next_csv_record(&rows.text, &mut rows.position, delimiter) {
                rows.index += 1;
                if !is_blank_row(&cells) {
                    rows.header_index = rows.index - 1;
                    headers = cells.iter().map(|cell| clean_header(cell)).collect();
                    break;
                }
            }
            while headers.last().is_some_and(|header: &String| header.is_empty()) {
                headers.pop();
            }
            let head = Table { file, headers, rows: vec![], sheet: None, sha256, hidden_rows: vec![] };
            Ok(RowStream { head, rows: Box::new(rows) })
        }
        _ => {
            let mut table = read_table_in(path, lang)?;
            let rows = std::mem::take(&mut table.rows);
            Ok(RowStream { head: table, rows: Box::new(rows.into_iter()) })
        }
    }
}

/// True when every cell is empty or blank.
fn is_blank_row(cells: &[String]) -> bool {
    cells.iter().all(|cell| cell.trim().is_empty())
}

/// A header cell as matched: byte-order mark removed, trimmed.
fn clean_header(raw: &str) -> String {
    raw.trim().trim_start_matches('\u{FEFF}').trim().to_string()
}

/// Build a [`Table`] from raw rows: the first non-empty row is the header (row 1), trailing
/// empty header cells are dropped, blank rows are skipped but counted. `unguard` undoes
/// [`guard_cell`] so a CSV export reads back unchanged.
fn table_from_grid(file: String, grid: Vec<Vec<String>>, unguard: bool) -> Table {
    let mut numbered = grid.into_iter().enumerate();
    let mut header_index = 0;
    let mut raw_headers = Vec::new();
    for (index, cells) in numbered.by_ref() {
        if !is_blank_row(&cells) {
            header_index = index;
            raw_headers = cells;
            break;
        }
    }
    let mut headers: Vec<String> = raw_headers.iter().map(|cell| clean_header(cell)).collect();
    while headers.last().is_some_and(|header| header.is_empty()) {
        headers.pop();
    }
    let rows = numbered
        .filter(|(_, cells)| !is_blank_row(cells))
        .map(|(index, cells)| {
            let cells: Vec<String> = if unguard { cells.into_iter().map(unguard_cell).collect() } else { cells };
            (index.saturating_sub(header_index) + 1, cells)
        })
        .collect();
    Table { file, headers, rows, sheet: None, sha256: String::new(), hidden_rows: vec![] }
}

/// Read the first worksheet of an XLSX workbook as text cells. The spreadsheet parser runs
/// under `catch_unwind` so a damaged file yields an error, never a crash.
fn read_xlsx_grid(path: &Path, file: &str, lang: Lang) -> Result<NamedGrid, Error> {
    let inflated = xlsx_uncompressed_size(path).map_err(|source| Error::Io { file: file.to_string(), source })?;
    if inflated > MAX_XLSX_UNCOMPRESSED_BYTES {
        return Err(format_error(file, msg::TOO_BIG.fill(lang, &[("max", &"256 MiB")])));
    }
    let handle = File::open(path).map_err(|source| Error::Io { file: file.to_string(), source })?;
    let reader = BufReader::new(handle);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| xlsx_first_sheet(reader)));
    match outcome {
        Ok(Ok(Some(grid))) => Ok(grid),
        Ok(Ok(None)) => Err(format_error(file, msg::NO_WORKSHEET.get(lang).to_string())),
        Ok(Err(calamine::XlsxError::Io(source))) => Err(Error::Io { file: file.to_string(), source }),
        Ok(Err(other)) => Err(format_error(file, msg::BAD_XLSX.fill(lang, &[("detail", &other)]))),
        Err(_) => Err(format_error(file, msg::DAMAGED_XLSX.get(lang).to_string())),
    }
}

/// A worksheet's name, its cells as text, and the 0-based sheet row of the first grid row.
type NamedGrid = (String, Vec<Vec<String>>, u32);

/// The 1-based sheet rows marked hidden in the worksheet `sheet` of the workbook at `path`
/// (`<row r="5" hidden="1">`): an import takes them like the others and says so. The
/// workbook's parts are read as text; anything unexpected gives no hidden rows.
fn xlsx_hidden_rows(path: &Path, sheet: &str) -> Vec<u32> {
    use std::io::Read;
    let read = |archive: &mut zip::ZipArchive<File>, name: &str| -> Option<String> {
        let mut text = String::new();
        archive.by_name(name).ok()?.read_to_string(&mut text).ok()?;
        Some(text)
    };
    // `tag` is the text after `<name ` (its first attribute has no blank before it).
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let tag = format!(" {tag}");
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    let Some(mut archive) = File::open(path).ok().and_then(|file| zip::ZipArchive::new(file).ok()) else { return vec![] };
    let (Some(book), Some(rels)) = (read(&mut archive, "xl/workbook.xml"), read(&mut archive, "xl/_rels/workbook.xml.rels")) else {
        return vec![];
    };
    let escaped = sheet.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let Some(relation) = book
        .split("<sheet ")
        .skip(1)
        .find(|tag| attribute(tag, "name").as_deref() == Some(escaped.as_str()))
        .and_then(|tag| attribute(tag, "r:id"))
    else {
        return vec![];
    };
    let Some(target) = rels
        .split("<Relationship ")
        .skip(1)
        .find(|tag| attribute(tag, "Id").as_deref() == Some(relation.as_str()))
        .and_then(|tag| attribute(tag, "Target"))
    else {
        return vec![];
    };
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let Some(xml) = read(&mut archive, &part) else { return vec![] };
    xml.split("<row ")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let hidden = attribute(tag, "hidden").is_some_and(|value| value == "1" || value == "true");
            hidden.then(|| attribute(tag, "r").and_then(|r| r.parse().ok())).flatten()
        })
        .collect()
}

/// The uncompressed size of a workbook's parts, as its zip directory declares them; a file
/// that is not a zip reads as 0 here and is refused by the spreadsheet reader.
fn xlsx_uncompressed_size(path: &Path) -> std::io::Result<u64> {
    let Ok(mut archive) = zip::ZipArchive::new(File::open(path)?) else { return Ok(0) };
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(index) {
            total = total.saturating_add(entry.size());
        }
    }
    Ok(total)
}

/// The name and cells of the first visible worksheet (hidden sheets and chart sheets skipped:
/// a person importing a workbook means the sheet they see), `None` when there is none.
fn xlsx_first_sheet(reader: BufReader<File>) -> Result<Option<NamedGrid>, calamine::XlsxError> {
    let mut book: Xlsx<BufReader<File>> = calamine::open_workbook_from_rs(reader)?;
    let Some(name) = book
        .sheets_metadata()
        .iter()
        .find(|sheet| sheet.typ == SheetType::WorkSheet && sheet.visible == calamine::SheetVisible::Visible)
        .map(|sheet| sheet.name.clone())
    else {
        return Ok(None);
    };
    let range = book.worksheet_range(&name)?;
    let first_row = range.start().map_or(0, |(row, _)| row);
    let grid: Vec<Vec<String>> = range.rows().map(|row| row.iter().map(cell_text).collect::<Vec<String>>()).collect();
    Ok(Some((name, grid, first_row)))
}

/// A spreadsheet cell as text: strings as is, numbers without float noise, booleans as
/// `true`/`false`, dates as ISO, errors as Excel shows them (`#N/A`), empty as `""`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) => float_text(*value),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(value) => excel_datetime_text(value),
        Data::Error(error) => error.to_string(),
    }
}

/// A float cell as the shortest text that reads back to the same value, after rounding to the
/// 15 significant digits Excel keeps (so `0.1 + 0.2` reads "0.3"): 12.5 → "12.5", 3.0 → "3".
fn float_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = format!("{value:.14e}").parse::<f64>().unwrap_or(value);
    let text = rounded.to_string();
    let trimmed = text.strip_suffix(".0").unwrap_or(&text);
    if trimmed == "-0" { "0".to_string() } else { trimmed.to_string() }
}

/// A date cell as `YYYY-MM-DD` (plus ` HH:MM:SS` when it has a time of day); a duration as
/// its number of days.
fn excel_datetime_text(value: &ExcelDateTime) -> String {
    if value.is_duration() {
        return float_text(value.as_f64());
    }
    let (year, month, day, hour, minute, second, milli) = value.to_ymd_hms_milli();
    if hour == 0 && minute == 0 && second == 0 && milli == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// True when a spreadsheet would take the cell for a formula: it starts (after spaces) with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain decimal number.
fn needs_guard(cell: &str) -> bool {
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
fn unguard_cell(cell: String) -> String {
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

fn write_csv(path: &Path, headers: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
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
const XLSX_MAX_ROWS: usize = 1_048_576;
const XLSX_MAX_COLUMNS: usize = 16_384;

fn write_xlsx(path: &Path, headers: &[&str], rows: &[Vec<String>], file: &str, lang: Lang) -> Result<(), Error> {
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
fn display_width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(char_width).sum::<usize>()).max().unwrap_or(0)
}

fn char_width(c: char) -> usize {
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

// ---------------------------------------------------------------------------------------------
// Import formats
// ---------------------------------------------------------------------------------------------

/// Customer columns of the import/export format, in contract order. `code` and `name` are
/// required on import; [`CUSTOMER_EXTRA_COLUMNS`] are accepted too.
pub const CUSTOMER_COLUMNS: &[&str] =
    &["code", "name", "phone", "address", "credit_limit", "payment_terms_days", "discount_pct", "blocked"];

/// Extension columns a customer import also accepts.
pub const CUSTOMER_EXTRA_COLUMNS: &[&str] = &["tax_id"];

/// Product columns of the import/export format, in contract order. `sku`, `name` and `price`
/// are required on import; [`PRODUCT_EXTRA_COLUMNS`] are accepted too. A product export adds
/// [`PRODUCT_EXPORT_ONLY_COLUMNS`] after these.
pub const PRODUCT_COLUMNS: &[&str] =
    &["sku", "name", "spec", "unit", "price", "min_price", "cost", "stock", "reorder_point", "active", "divisible"];

/// Extension columns a product import also accepts.
pub const PRODUCT_EXTRA_COLUMNS: &[&str] = &["barcode"];

/// Read-only columns of a product export; an import accepts and ignores them.
pub const PRODUCT_EXPORT_ONLY_COLUMNS: &[&str] = &["reserved", "available"];

/// One customer row of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRecord {
    /// The file row (header = 1).
    pub row: usize,
    pub code: String,
    pub name: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub tax_id: Option<String>,
    /// `None` = column absent (keep existing), `Some(None)` = no limit.
    pub credit_limit: Option<Option<Decimal>>,
    pub payment_terms_days: Option<i64>,
    pub discount_pct: Option<Decimal>,
    pub blocked: Option<bool>,
}

/// One product row of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRecord {
    /// The file row (header = 1).
    pub row: usize,
    pub sku: String,
    pub name: String,
    pub spec: Option<String>,
    pub unit: Option<String>,
    pub barcode: Option<String>,
    pub price: Decimal,
    /// `None` = column absent (keep existing), `Some(None)` = no minimum.
    pub min_price: Option<Option<Decimal>>,
    /// `None` = column absent (keep existing), `Some(None)` = cost unknown.
    pub cost: Option<Option<Decimal>>,
    /// Opening stock balance.
    pub stock: Option<Decimal>,
    pub reorder_point: Option<Decimal>,
    pub active: Option<bool>,
    /// `Some(false)`: quantities of this product must be whole.
    pub divisible: Option<bool>,
    /// The search key of a new product made from this row, when computed beside the writer
    /// (an import's reading thread); None: the store computes it.
    pub search_key: Option<String>,
}

/// A column of either import format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Code,
    Name,
    Phone,
    Address,
    TaxId,
    CreditLimit,
    PaymentTermsDays,
    DiscountPct,
    Blocked,
    Sku,
    Spec,
    Unit,
    Barcode,
    Price,
    MinPrice,
    Cost,
    Stock,
    ReorderPoint,
    Active,
    Divisible,
    Reserved,
    Available,
}

impl Col {
    /// The canonical (English, file format) column name.
    const fn name(self) -> &'static str {
        match self {
            Col::Code => "code",
            Col::Name => "name",
            Col::Phone => "phone",
            Col::Address => "address",
            Col::TaxId => "tax_id",
            Col::CreditLimit => "credit_limit",
            Col::PaymentTermsDays => "payment_terms_days",
            Col::DiscountPct => "discount_pct",
            Col::Blocked => "blocked",
            Col::Sku => "sku",
            Col::Spec => "spec",
            Col::Unit => "unit",
            Col::Barcode => "barcode",
            Col::Price => "price",
            Col::MinPrice => "min_price",
            Col::Cost => "cost",
            Col::Stock => "stock",
            Col::ReorderPoint => "reorder_point",
            Col::Active => "active",
            Col::Divisible => "divisible",
            Col::Reserved => "reserved",
            Col::Available => "available",
        }
    }
}

/// How a column is recognised in a header row.
struct ColumnSpec {
    col: Col,
    /// Chinese header alias.
    zh: &'static str,
    required: bool,
    /// False for export-only columns that an import accepts and ignores.
    importable: bool,
}

impl ColumnSpec {
    const fn new(col: Col, zh: &'static str, required: bool) -> ColumnSpec {
        ColumnSpec { col, zh, required, importable: true }
    }

    const fn ignored(col: Col, zh: &'static str) -> ColumnSpec {
        ColumnSpec { col, zh, required: false, importable: false }
    }
}

const CUSTOMER_SPECS: &[ColumnSpec] = &[
    ColumnSpec::new(Col::Code, "编码", true),
    ColumnSpec::new(Col::Name, "名称", true),
    ColumnSpec::new(Col::Phone, "电话", false),
    ColumnSpec::new(Col::Address, "地址", false),
    ColumnSpec::new(Col::CreditLimit, "信用额度", false),
    ColumnSpec::new(Col::PaymentTermsDays, "账期天数", false),
    ColumnSpec::new(Col::DiscountPct, "折扣", false),
    ColumnSpec::new(Col::Blocked, "停用", false),
    ColumnSpec::new(Col::TaxId, "税号", false),
];

const PRODUCT_SPECS: &[ColumnSpec] = &[
    ColumnSpec::new(Col::Sku, "编码", true),
    ColumnSpec::new(Col::Name, "名称", true),
    ColumnSpec::new(Col::Spec, "规格", false),
    ColumnSpec::new(Col::Unit, "单位", false),
    ColumnSpec::new(Col::Price, "单价", true),
    ColumnSpec::new(Col::MinPrice, "最低价", false),
    ColumnSpec::new(Col::Cost, "成本", false),
    ColumnSpec::new(Col::Stock, "库存", false),
    ColumnSpec::new(Col::ReorderPoint, "补货点", false),
    ColumnSpec::new(Col::Active, "在售", false),
    ColumnSpec::new(Col::Divisible, "可拆分", false),
    ColumnSpec::new(Col::Barcode, "条码", false),
    ColumnSpec::ignored(Col::Reserved, "已预留"),
    ColumnSpec::ignored(Col::Available, "可用"),
];

/// The header to write for a format column in `lang` (`"price"` → `"单价"` in Chinese), so an
/// export can use Chinese headers and still import back. `None` for an unknown column.
pub fn column_label(column: &str, lang: Lang) -> Option<&'static str> {
    CUSTOMER_SPECS.iter().chain(PRODUCT_SPECS).find(|spec| spec.col.name() == column).map(|spec| match lang {
        Lang::En => spec.col.name(),
        Lang::Zh => spec.zh,
    })
}

/// Which table column holds which format column, and the header as the user wrote it.
struct Layout {
    found: HashMap<Col, (usize, String)>,
    /// Columns whose header cell is empty.
    unnamed: Vec<usize>,
}

fn row_error(file: &str, row: usize, field: &str, reason: String) -> RowError {
    RowError { file: file.to_string(), row, field: field.to_string(), reason }
}

/// The accepted columns, for the "unknown column" message.
fn expected_columns(specs: &[ColumnSpec], lang: Lang) -> String {
    let importable = specs.iter().filter(|spec| spec.importable);
    match lang {
        Lang::En => importable.map(|spec| spec.col.name()).collect::<Vec<_>>().join(", "),
        Lang::Zh => importable.map(|spec| format!("{}({})", spec.zh, spec.col.name())).collect::<Vec<_>>().join("、"),
    }
}

/// Match the header row against `specs`; header problems are reported at row 1. A column
/// without a header is an error only once a row has data in it (see [`RowParser`]).
fn map_headers(table: &Table, specs: &[ColumnSpec], lang: Lang, errors: &mut Vec<RowError>) -> Layout {
    let file = table.file.as_str();
    let mut found: HashMap<Col, (usize, String)> = HashMap::new();
    let mut unnamed = vec![];
    for (index, raw) in table.headers.iter().enumerate() {
        let header = clean_header(raw);
        if header.is_empty() {
            unnamed.push(index);
            continue;
        }
        let lower = header.to_lowercase();
        let spec = specs.iter().find(|spec| spec.col.name() == lower || spec.zh == lower);
        match spec {
            None => {
                let expected = expected_columns(specs, lang);
                let reason = msg::UNKNOWN_COLUMN.fill(lang, &[("expected", &expected)]);
                errors.push(row_error(file, 1, &header, reason));
            }
            Some(spec) if found.contains_key(&spec.col) => {
                let reason = msg::DUPLICATE_COLUMN.get(lang).to_string();
                errors.push(row_error(file, 1, &header, reason));
            }
            Some(spec) => {
                found.insert(spec.col, (index, header));
            }
        }
    }
    for spec in specs.iter().filter(|spec| spec.required) {
        if !found.contains_key(&spec.col) {
            let reason = msg::MISSING_COLUMN.fill(lang, &[("alias", &spec.zh)]);
            errors.push(row_error(file, 1, spec.col.name(), reason));
        }
    }
    Layout { found, unnamed }
}

/// The outcome of reading one cell.
enum Parsed<T> {
    /// The column is not in the file.
    Absent,
    /// The column is there, the cell is empty.
    Empty,
    /// The cell is invalid; the error has been reported.
    Bad,
    Value(T),
}

impl<T> Parsed<T> {
    /// The value, if there is a valid one.
    fn value(self) -> Option<T> {
        match self {
            Parsed::Value(value) => Some(value),
            Parsed::Absent | Parsed::Empty | Parsed::Bad => None,
        }
    }

    /// For clearable fields: absent (or invalid) → `None`, empty → `Some(None)`.
    fn clearable(self) -> Option<Option<T>> {
        match self {
            Parsed::Absent | Parsed::Bad => None,
            Parsed::Empty => Some(None),
            Parsed::Value(value) => Some(Some(value)),
        }
    }
}

/// A value quoted in a message, cut to a readable length.
fn shown(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(LIMIT).collect();
        cut.push('…');
        cut
    }
}

/// `true`/`false`, `1`/`0`, `yes`/`no`, `y`/`n`, `是`/`否`, any case.
fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "是" => Some(true),
        "false" | "0" | "no" | "n" | "否" => Some(false),
        _ => None,
    }
}

/// Digits with an optional leading `+`, spaces, dashes and brackets; 5 to 20 digits.
fn valid_phone(text: &str) -> bool {
    let body = text.strip_prefix('+').unwrap_or(text);
    let mut digits = 0usize;
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, ' ' | '-' | '(' | ')') {
            return false;
        }
    }
    (5..=20).contains(&digits)
}

/// `-0` read as plain zero.
fn without_negative_zero(value: Decimal) -> Decimal {
    if value.is_zero() { value.abs() } else { value }
}

/// Reads and checks the cells of one row, collecting errors.
struct RowCheck<'a> {
    file: &'a str,
    row: usize,
    cells: &'a [String],
    layout: &'a Layout,
    lang: Lang,
    errors: &'a mut Vec<RowError>,
}

impl<'a> RowCheck<'a> {
    /// The trimmed cell of `col`; `None` when the column is absent, `""` when the row is short.
    fn raw(&self, col: Col) -> Option<&'a str> {
        let layout: &'a Layout = self.layout;
        let cells: &'a [String] = self.cells;
        let (index, _) = layout.found.get(&col)?;
        Some(cells.get(*index).map_or("", |cell| cell.trim()))
    }

    /// The column name for messages: as written in the file, else canonical.
    fn field(&self, col: Col) -> String {
        self.layout.found.get(&col).map_or_else(|| col.name().to_string(), |(_, header)| header.clone())
    }

    fn fail(&mut self, col: Col, reason: String) {
        let field = self.field(col);
        self.errors.push(RowError { file: self.file.to_string(), row: self.row, field, reason });
    }

    /// A row with more non-empty cells than the header has columns is an error.
    fn check_width(&mut self, columns: usize) {
        let used = self.cells.iter().rposition(|cell| !cell.trim().is_empty()).map_or(0, |last| last + 1);
        if used > columns {
            let reason = msg::TOO_MANY_CELLS.fill(self.lang, &[("cells", &used), ("columns", &columns)]);
            self.errors.push(row_error(self.file, self.row, "", reason));
        }
    }

    fn text(&self, col: Col) -> Parsed<String> {
        match self.raw(col) {
            None => Parsed::Absent,
            Some("") => Parsed::Empty,
            Some(value) => Parsed::Value(value.to_string()),
        }
    }

    /// A text that must not be empty. `None` (without a row error) when the column is absent:
    /// that was reported once at row 1.
    fn required_text(&mut self, col: Col) -> Option<String> {
        match self.raw(col) {
            None => None,
            Some("") => {
                let reason = msg::REQUIRED.get(self.lang).to_string();
                self.fail(col, reason);
                None
            }
            Some(value) => Some(value.to_string()),
        }
    }

    /// A required key that must be unique within the file; the second occurrence is reported.
    fn key(&mut self, col: Col, seen: &mut foldhash::HashMap<String, usize>) -> Option<String> {
        let value = self.required_text(col)?;
        if let Some(first) = seen.get(&value).copied() {
            let reason = msg::DUPLICATE_KEY.fill(self.lang, &[("value", &shown(&value)), ("first", &first)]);
            self.fail(col, reason);
            return None;
        }
        seen.insert(value.clone(), self.row);
        Some(value)
    }

    fn decimal(&mut self, col: Col) -> Parsed<Decimal> {
        match self.raw(col) {
            None => Parsed::Absent,
            Some("") => Parsed::Empty,
            Some(value) => match parse_decimal(value) {
                Some(number) if number.abs().trunc() > crate::domain::bounds::max_value() || number.normalize().scale() > 4 => {
                    let kind = crate::domain::bounds::Kind::Price;
                    let problem = crate::domain::bounds::check(number, kind).err().unwrap_or(crate::domain::bounds::OutOfBounds::TooLarge);
                    let reason = problem.message(self.lang, number, kind);
                    self.fail(col, reason);
                    Parsed::Bad
                }
                Some(number) => Parsed::Value(without_negative_zero(number)),
                None => {
                    let reason = msg::NOT_A_NUMBER.fill(self.lang, &[("value", &shown(value))]);
                    self.fail(col, reason);
                    Parsed::Bad
                }
            },
        }
    }

    fn non_negative(&mut self, col: Col) -> Parsed<Decimal> {
        let text = self.raw(col).unwrap_or("");
        match self.decimal(col) {
            Parsed::Value(number) if number < Decimal::ZERO => {
                let reason = msg::NEGATIVE.fill(self.lang, &[("value", &shown(text))]);
                self.fail(col, reason);
                Parsed::Bad
            }
            other => other,
        }
    }

    fn in_range(&mut self, col: Col, min: Decimal, max: Decimal) -> Parsed<Decimal> {
        let text = self.raw(col).unwrap_or("");
        match self.decimal(col) {
            Parsed::Value(number) if number < min || number > max => {
                self.out_of_range(col, text, &min, &max);
                Parsed::Bad
            }
            other => other,
        }
    }

    fn whole_in_range(&mut self, col: Col, min: i64, max: i64) -> Parsed<i64> {
        let text = self.raw(col).unwrap_or("");
        match self.decimal(col) {
            Parsed::Absent => Parsed::Absent,
            Parsed::Empty => Parsed::Empty,
            Parsed::Bad => Parsed::Bad,
            Parsed::Value(number) if !number.is_integer() => {
                let reason = msg::NOT_WHOLE.fill(self.lang, &[("value", &shown(text))]);
                self.fail(col, reason);
                Parsed::Bad
            }
            Parsed::Value(number) => match i64::try_from(number) {
                Ok(whole) if (min..=max).contains(&whole) => Parsed::Value(whole),
                _ => {
                    self.out_of_range(col, text, &min, &max);
                    Parsed::Bad
                }
            },
        }
    }

    fn out_of_range(&mut self, col: Col, text: &str, min: &dyn fmt::Display, max: &dyn fmt::Display) {
        let reason = msg::OUT_OF_RANGE.fill(self.lang, &[("value", &shown(text)), ("min", min), ("max", max)]);
        self.fail(col, reason);
    }

    fn boolean(&mut self, col: Col) -> Parsed<bool> {
        match self.raw(col) {
            None => Parsed::Absent,
            Some("") => Parsed::Empty,
            Some(value) => match parse_bool(value) {
                Some(flag) => Parsed::Value(flag),
                None => {
                    let reason = msg::NOT_A_BOOL.fill(self.lang, &[("value", &shown(value))]);
                    self.fail(col, reason);
                    Parsed::Bad
                }
            },
        }
    }

    fn phone(&mut self, col: Col) -> Parsed<String> {
        match self.text(col) {
            Parsed::Value(value) if !valid_phone(&value) => {
                let reason = msg::BAD_PHONE.fill(self.lang, &[("value", &shown(&value))]);
                self.fail(col, reason);
                Parsed::Bad
            }
            other => other,
        }
    }
}

/// Reads the rows of one import file one at a time: the column layout from its header, the keys
/// seen so far (a key may appear once per file), and which unnamed columns were reported.
/// Used for a whole table ([`parse_customers`], [`parse_products`]) and for an import that
/// streams a large file row by row ([`open_rows`]).
pub struct RowParser {
    file: String,
    width: usize,
    layout: Layout,
    lang: Lang,
    seen: foldhash::HashMap<String, usize>,
    unnamed_reported: Vec<usize>,
}

impl RowParser {
    /// A parser for customer rows under `head`'s header, and the header's own problems.
    pub fn customers(head: &Table, lang: Lang) -> (RowParser, Vec<RowError>) {
        RowParser::new(head, CUSTOMER_SPECS, lang)
    }

    /// A parser for product rows under `head`'s header, and the header's own problems.
    pub fn products(head: &Table, lang: Lang) -> (RowParser, Vec<RowError>) {
        RowParser::new(head, PRODUCT_SPECS, lang)
    }

    fn new(head: &Table, specs: &[ColumnSpec], lang: Lang) -> (RowParser, Vec<RowError>) {
        let mut errors = vec![];
        let layout = map_headers(head, specs, lang, &mut errors);
        let parser = RowParser {
            file: head.file.clone(),
            width: head.headers.len(),
            layout,
            lang,
            seen: foldhash::HashMap::default(),
            unnamed_reported: vec![],
        };
        (parser, errors)
    }

    /// Checks every row shares: the row's width and data under a column with no header.
    fn row_check<'a>(
        &'a mut self,
        row: usize,
        cells: &'a [String],
        errors: &'a mut Vec<RowError>,
    ) -> (RowCheck<'a>, &'a mut foldhash::HashMap<String, usize>) {
        for &index in &self.layout.unnamed {
            if !self.unnamed_reported.contains(&index) && cells.get(index).is_some_and(|cell| !cell.trim().is_empty()) {
                self.unnamed_reported.push(index);
                let column = index + 1;
                let reason = msg::UNNAMED_COLUMN.fill(self.lang, &[("column", &column)]);
                errors.push(row_error(&self.file, 1, "", reason));
            }
        }
        let mut check = RowCheck { file: &self.file, row, cells, layout: &self.layout, lang: self.lang, errors };
        check.check_width(self.width);
        (check, &mut self.seen)
    }

    /// One customer row: `Ok(None)` for a blank row, the record, or every problem of the row.
    ///
    /// For `Option` fields: `None` when the column is absent or the cell is empty, except
    /// `credit_limit`, where an empty cell in a present column means `Some(None)` (no limit).
    pub fn customer(&mut self, row: usize, cells: &[String]) -> Result<Option<CustomerRecord>, Vec<RowError>> {
        if is_blank_row(cells) {
            return Ok(None);
        }
        let mut errors = vec![];
        let (mut check, seen) = self.row_check(row, cells, &mut errors);
        let code = check.key(Col::Code, seen);
        let name = check.required_text(Col::Name);
        let phone = check.phone(Col::Phone).value();
        let address = check.text(Col::Address).value();
        let tax_id = check.text(Col::TaxId).value();
        let credit_limit = check.non_negative(Col::CreditLimit).clearable();
        let payment_terms_days = check.whole_in_range(Col::PaymentTermsDays, 0, 3650).value();
        let discount_pct = check.in_range(Col::DiscountPct, Decimal::ZERO, Decimal::ONE_HUNDRED).value();
        let blocked = check.boolean(Col::Blocked).value();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(match (code, name) {
            (Some(code), Some(name)) => {
                Some(CustomerRecord { row, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct, blocked })
            }
            _ => None,
        })
    }

    /// One product row: `Ok(None)` for a blank row, the record, or every problem of the row.
    pub fn product(&mut self, row: usize, cells: &[String]) -> Result<Option<ProductRecord>, Vec<RowError>> {
        if is_blank_row(cells) {
            return Ok(None);
        }
        let lang = self.lang;
        let mut errors = vec![];
        let (mut check, seen) = self.row_check(row, cells, &mut errors);
        let sku = check.key(Col::Sku, seen);
        let name = check.required_text(Col::Name);
        let spec = check.text(Col::Spec).value();
        let unit = check.text(Col::Unit).value();
        let barcode = check.text(Col::Barcode).value();
        let price = match check.non_negative(Col::Price) {
            Parsed::Empty => {
                let reason = msg::REQUIRED.get(lang).to_string();
                check.fail(Col::Price, reason);
                None
            }
            other => other.value(),
        };
        let min_price = match (check.non_negative(Col::MinPrice), price) {
            (Parsed::Value(min), Some(list)) if min > list => {
                let min_text = check.raw(Col::MinPrice).unwrap_or("");
                let price_text = check.raw(Col::Price).unwrap_or("");
                let reason = msg::MIN_ABOVE_PRICE.fill(lang, &[("value", &shown(min_text)), ("price", &shown(price_text))]);
                check.fail(Col::MinPrice, reason);
                Parsed::Bad
            }
            (other, _) => other,
        }
        .clearable();
        let cost = check.non_negative(Col::Cost).clearable();
        let stock = check.non_negative(Col::Stock).value();
        let reorder_point = check.non_negative(Col::ReorderPoint).value();
        let active = check.boolean(Col::Active).value();
        let divisible = check.boolean(Col::Divisible).value();
        if divisible == Some(false) {
            for (col, quantity) in [(Col::Stock, stock), (Col::ReorderPoint, reorder_point)] {
                if quantity.is_some_and(|quantity| !quantity.is_integer()) {
                    let text = check.raw(col).unwrap_or("");
                    let reason = msg::NOT_WHOLE_INDIVISIBLE.fill(lang, &[("value", &shown(text))]);
                    check.fail(col, reason);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(match (sku, name, price) {
            (Some(sku), Some(name), Some(price)) => Some(ProductRecord {
                row,
                sku,
                name,
                spec,
                unit,
                barcode,
                price,
                min_price,
                cost,
                stock,
                reorder_point,
                active,
                divisible,
                search_key: None,
            }),
            _ => None,
        })
    }
}

/// Parse a customer import table. Every problem in the file is returned, not just the first;
/// records are returned only when there is none.
pub fn parse_customers(table: &Table, lang: Lang) -> Result<Vec<CustomerRecord>, Vec<RowError>> {
    let (mut parser, mut errors) = RowParser::customers(table, lang);
    let mut records = vec![];
    for (row, cells) in &table.rows {
        match parser.customer(*row, cells) {
            Ok(record) => records.extend(record),
            Err(problems) => errors.extend(problems),
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(errors) }
}

/// Parse a product import table. Every problem in the file is returned, not just the first;
/// records are returned only when there is none.
pub fn parse_products(table: &Table, lang: Lang) -> Result<Vec<ProductRecord>, Vec<RowError>> {
    let (mut parser, mut errors) = RowParser::products(table, lang);
    let mut records = vec![];
    for (row, cells) in &table.rows {
        match parser.product(*row, cells) {
            Ok(record) => records.extend(record),
            Err(problems) => errors.extend(problems),
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal literal")
    }

    /// A table parsed from CSV text as `read_table` would, under a short file name.
    fn csv_table(file: &str, text: &str) -> Table {
        table_from_grid(file.to_string(), csv_records(text), true)
    }

    fn lines(errors: &[RowError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    fn places(errors: &[RowError]) -> Vec<(usize, &str)> {
        errors.iter().map(|error| (error.row, error.field.as_str())).collect()
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|cell| cell.to_string()).collect()
    }

    #[test]
    fn reads_utf8_csv_with_bom() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("customers.csv");
        fs::write(&path, "\u{FEFF}code,name,phone\r\nC001,Alice,+86 138-0013-8000\r\n").expect("write");
        let table = read_table(&path).expect("readable");
        assert_eq!(table.file, path.to_string_lossy());
        assert_eq!(table.headers, vec!["code", "name", "phone"]);
        assert_eq!(table.rows, vec![(2, strings(&["C001", "Alice", "+86 138-0013-8000"]))]);
        let customers = parse_customers(&table, Lang::En).expect("valid");
        assert_eq!(customers.len(), 1);
        assert_eq!(customers[0].row, 2);
        assert_eq!(customers[0].code, "C001");
        assert_eq!(customers[0].phone.as_deref(), Some("+86 138-0013-8000"));
        assert_eq!(customers[0].credit_limit, None);
        assert_eq!(customers[0].blocked, None);
    }

    #[test]
    fn reads_utf8_csv_without_bom() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("products.CSV");
        fs::write(&path, "sku,name,price\nP1,螺丝,1.20\n").expect("write");
        let table = read_table(&path).expect("readable");
        let products = parse_products(&table, Lang::En).expect("valid");
        assert_eq!(products[0].name, "螺丝");
        assert_eq!(products[0].price, d("1.20"));
    }

    #[test]
    fn strips_bom_from_a_header_given_directly() {
        let table = Table {
            file: "t.csv".to_string(),
            headers: strings(&["\u{FEFF}Code", " 名称 "]),
            rows: vec![(2, strings(&["C1", "甲"]))],
            sheet: None,
            sha256: String::new(),
            hidden_rows: vec![],
        };
        let customers = parse_customers(&table, Lang::En).expect("valid");
        assert_eq!(customers[0].code, "C1");
        assert_eq!(customers[0].name, "甲");
    }

    #[test]
    fn reads_gbk_csv_from_chinese_excel() {
        let text = "编码,名称,电话,地址,信用额度,账期天数,折扣,停用,税号\r\n\
                    C001,张三五金店,0755-1234567,深圳市南山区,5000,30,5,否,91440300MA5XXXX\r\n\
                    C002,李四,,,,,,是,\r\n";
        let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
        assert!(!had_errors);
        assert!(std::str::from_utf8(&bytes).is_err(), "must really be GBK");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("客户.csv");
        fs::write(&path, &bytes).expect("write");

        let table = read_table(&path).expect("GBK decodes");
        assert_eq!(table.headers[1], "名称");
        let customers = parse_customers(&table, Lang::Zh).expect("valid");
        assert_eq!(customers.len(), 2);
        let first = &customers[0];
        assert_eq!(first.name, "张三五金店");
        assert_eq!(first.phone.as_deref(), Some("0755-1234567"));
        assert_eq!(first.address.as_deref(), Some("深圳市南山区"));
        assert_eq!(first.credit_limit, Some(Some(d("5000"))));
        assert_eq!(first.payment_terms_days, Some(30));
        assert_eq!(first.discount_pct, Some(d("5")));
        assert_eq!(first.blocked, Some(false));
        assert_eq!(first.tax_id.as_deref(), Some("91440300MA5XXXX"));
        let second = &customers[1];
        assert_eq!(second.row, 3);
        assert_eq!(second.phone, None);
        assert_eq!(second.credit_limit, Some(None));
        assert_eq!(second.payment_terms_days, None);
        assert_eq!(second.discount_pct, None);
        assert_eq!(second.blocked, Some(true));
        assert_eq!(second.tax_id, None);
    }

    #[test]
    fn reads_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "code\tname\r\nC1\t王五\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("unicode.csv");
        fs::write(&path, &bytes).expect("write");
        let table = read_table(&path).expect("UTF-16 decodes");
        let customers = parse_customers(&table, Lang::En).expect("valid");
        assert_eq!(customers[0].name, "王五");
    }

    #[test]
    fn bad_encoding_names_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bad.csv");
        fs::write(&path, b"code,name\nC1,\xFF\xFE\xFF\n").expect("write");
        match read_table(&path) {
            Err(Error::Format { file, reason }) => {
                assert_eq!(file, path.to_string_lossy());
                assert!(reason.contains("UTF-8"), "{reason}");
            }
            other => panic!("expected an encoding error, got {other:?}"),
        }
        let shown = read_table_in(&path, Lang::Zh).expect_err("bad encoding").to_string();
        assert!(shown.starts_with(&*path.to_string_lossy()), "{shown}");
        assert!(shown.contains("编码"), "{shown}");
    }

    #[test]
    fn unknown_extension_and_missing_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = dir.path().join("list.txt");
        fs::write(&text, "code,name\n").expect("write");
        assert!(matches!(read_table(&text), Err(Error::Format { .. })));
        let ods = dir.path().join("out.ods");
        assert!(matches!(write_table(&ods, &["code"], &[]), Err(Error::Format { .. })));
        let missing = dir.path().join("missing.csv");
        match read_table(&missing) {
            Err(Error::Io { file, .. }) => assert_eq!(file, missing.to_string_lossy()),
            other => panic!("expected an I/O error, got {other:?}"),
        }
        let missing_xlsx = dir.path().join("missing.xlsx");
        assert!(matches!(read_table(&missing_xlsx), Err(Error::Io { .. })));
    }

    #[test]
    fn garbage_xlsx_is_a_format_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fake.xlsx");
        fs::write(&path, "code,name\nC1,A\n").expect("write");
        match read_table(&path) {
            Err(Error::Format { file, .. }) => assert_eq!(file, path.to_string_lossy()),
            other => panic!("expected a format error, got {other:?}"),
        }
    }

    #[test]
    fn chinese_product_headers() {
        let table = csv_table(
            "商品.csv",
            "编码,名称,规格,单位,单价,最低价,成本,库存,补货点,在售,可拆分,条码,已预留,可用\n\
             P001,螺丝,M4×20,盒,12.50,10,8.2,100,20,是,否,6901234567890,5,95\n",
        );
        let products = parse_products(&table, Lang::Zh).expect("valid");
        assert_eq!(
            products,
            vec![ProductRecord {
                row: 2,
                sku: "P001".to_string(),
                name: "螺丝".to_string(),
                spec: Some("M4×20".to_string()),
                unit: Some("盒".to_string()),
                barcode: Some("6901234567890".to_string()),
                price: d("12.50"),
                min_price: Some(Some(d("10"))),
                cost: Some(Some(d("8.2"))),
                stock: Some(d("100")),
                reorder_point: Some(d("20")),
                active: Some(true),
                divisible: Some(false),
                search_key: None,
            }]
        );
    }

    #[test]
    fn headers_are_trimmed_and_case_insensitive() {
        let table = csv_table("p.csv", " SKU , Name,PRICE,Min_Price\nP1,Bolt,2,\n");
        let products = parse_products(&table, Lang::En).expect("valid");
        assert_eq!(products[0].sku, "P1");
        assert_eq!(products[0].min_price, Some(None));
        assert_eq!(products[0].cost, None);
        assert_eq!(products[0].stock, None);
    }

    #[test]
    fn unknown_column_is_reported_at_row_one() {
        let table = csv_table("customers.csv", "code,name,colour\nC1,A,red\n");
        let errors = parse_customers(&table, Lang::En).expect_err("unknown column");
        assert_eq!(errors.len(), 1);
        assert_eq!(places(&errors), vec![(1, "colour")]);
        assert!(errors[0].to_string().starts_with("customers.csv:1: colour: unknown column"), "{}", errors[0]);
        assert!(errors[0].reason.contains("credit_limit"));
    }

    #[test]
    fn missing_required_column_is_one_error() {
        let table = csv_table("products.csv", "sku,name\nP1,X\nP2,Y\n");
        let errors = parse_products(&table, Lang::En).expect_err("price missing");
        assert_eq!(places(&errors), vec![(1, "price")]);
        assert!(errors[0].reason.contains("missing"));

        let table = csv_table("customers.csv", "name\nA\n");
        let errors = parse_customers(&table, Lang::Zh).expect_err("code missing");
        assert_eq!(places(&errors), vec![(1, "code")]);
        assert!(errors[0].reason.contains("编码"));
    }

    #[test]
    fn duplicate_and_unnamed_columns() {
        let table = csv_table("c.csv", "code,编码,name\nC1,C1,A\n");
        let errors = parse_customers(&table, Lang::En).expect_err("duplicate column");
        assert_eq!(places(&errors), vec![(1, "编码")]);

        let table = csv_table("c.csv", "code,,name\nC1,x,A\n");
        let errors = parse_customers(&table, Lang::En).expect_err("unnamed column");
        assert_eq!(lines(&errors), vec!["c.csv:1: column 2 has data but no header"]);

        let table = csv_table("c.csv", "code,,name\nC1,,A\n");
        assert!(parse_customers(&table, Lang::En).is_ok());
    }

    #[test]
    fn every_bad_product_field_is_reported_with_its_row() {
        let table = csv_table(
            "products.csv",
            "sku,name,price,min_price,cost,stock,reorder_point,active,divisible\n\
             P1,Good,12.50,10,8,100,10,yes,true\n\
             ,No sku,1,,,,,,\n\
             P3,,\"12,5x\",,,,,,\n\
             P4,Negative,-1,-2,-3,-4,-5,maybe,perhaps\n\
             P5,Min above,5,6,,,,,\n\
             P6,No price,,,,,,,\n\
             P7,Fraction,2,,,1.5,0.5,,0\n\
             P8,Fraction ok,2,,,1.5,0.5,,1\n",
        );
        let errors = parse_products(&table, Lang::En).expect_err("bad rows");
        assert_eq!(
            places(&errors),
            vec![
                (3, "sku"),
                (4, "name"),
                (4, "price"),
                (5, "price"),
                (5, "min_price"),
                (5, "cost"),
                (5, "stock"),
                (5, "reorder_point"),
                (5, "active"),
                (5, "divisible"),
                (6, "min_price"),
                (7, "price"),
                (8, "stock"),
                (8, "reorder_point"),
            ]
        );
        let shown = lines(&errors);
        assert_eq!(shown[0], "products.csv:3: sku: a value is required");
        assert_eq!(shown[2], "products.csv:4: price: \"12,5x\" is not a number");
        assert_eq!(shown[3], "products.csv:5: price: -1 must not be negative");
        assert_eq!(shown[10], "products.csv:6: min_price: 6 is higher than the price 5");
        assert_eq!(shown[12], "products.csv:8: stock: 1.5 must be a whole number because the product is not divisible");

        let all = Error::Rows(errors.clone()).to_string();
        assert_eq!(all.lines().count(), errors.len());
        assert_eq!(all.lines().next(), Some(shown[0].as_str()));
    }

    #[test]
    fn every_bad_customer_field_is_reported_with_its_row() {
        let table = csv_table(
            "customers.csv",
            "code,name,phone,credit_limit,payment_terms_days,discount_pct,blocked\n\
             C1,A,abc,-1,30.5,120,maybe\n\
             C2,B,123,,4000,-1,\n\
             C3,C,+86 (755) 1234-5678,0,0,0,1\n\
             C4,D,1234567890123456789012,x,,100,no\n",
        );
        let errors = parse_customers(&table, Lang::En).expect_err("bad rows");
        assert_eq!(
            places(&errors),
            vec![
                (2, "phone"),
                (2, "credit_limit"),
                (2, "payment_terms_days"),
                (2, "discount_pct"),
                (2, "blocked"),
                (3, "phone"),
                (3, "payment_terms_days"),
                (3, "discount_pct"),
                (5, "phone"),
                (5, "credit_limit"),
            ]
        );
        let shown = lines(&errors);
        assert_eq!(shown[2], "customers.csv:2: payment_terms_days: 30.5 must be a whole number");
        assert_eq!(shown[6], "customers.csv:3: payment_terms_days: 4000 must be between 0 and 3650");
        assert_eq!(shown[3], "customers.csv:2: discount_pct: 120 must be between 0 and 100");
    }

    #[test]
    fn messages_follow_the_language() {
        let table = csv_table("c.csv", "code,name,credit_limit\nC1,甲,abc\n");
        let errors = parse_customers(&table, Lang::Zh).expect_err("bad number");
        assert_eq!(lines(&errors), vec!["c.csv:2: credit_limit: “abc”不是数字"]);
    }

    #[test]
    fn credit_limit_absent_empty_or_set() {
        let absent = parse_customers(&csv_table("c.csv", "code,name\nC1,A\n"), Lang::En).expect("valid");
        assert_eq!(absent[0].credit_limit, None);
        let set = parse_customers(&csv_table("c.csv", "code,name,credit_limit\nC1,A,\nC2,B,2500.50\nC3,C,0\n"), Lang::En).expect("valid");
        assert_eq!(set[0].credit_limit, Some(None));
        assert_eq!(set[1].credit_limit, Some(Some(d("2500.50"))));
        assert_eq!(set[2].credit_limit, Some(Some(d("0"))));
    }

    #[test]
    fn booleans_in_all_spellings() {
        let table = csv_table("c.csv", "code,name,blocked\nA,a,true\nB,b,FALSE\nC,c,1\nD,d,0\nE,e,Yes\nF,f,no\nG,g,是\nH,h,否\n");
        let flags: Vec<Option<bool>> = parse_customers(&table, Lang::En).expect("valid").iter().map(|customer| customer.blocked).collect();
        let expected = [true, false, true, false, true, false, true, false].map(Some);
        assert_eq!(flags, expected.to_vec());
    }

    #[test]
    fn duplicate_codes_report_the_second_occurrence() {
        let table = csv_table("customers.csv", "code,name\nC1,A\nC2,B\nC1,C\n");
        let errors = parse_customers(&table, Lang::En).expect_err("duplicate");
        assert_eq!(lines(&errors), vec!["customers.csv:4: code: \"C1\" appears more than once in the file (first in row 2)"]);
        let table = csv_table("products.csv", "sku,name,price\nP1,A,1\nP1,B,2\n");
        let errors = parse_products(&table, Lang::En).expect_err("duplicate");
        assert_eq!(places(&errors), vec![(3, "sku")]);
    }

    #[test]
    fn ragged_rows() {
        let table = csv_table("customers.csv", "code,name\nC1,A,extra\nC2\nC3,B,\n");
        let errors = parse_customers(&table, Lang::En).expect_err("ragged");
        assert_eq!(
            lines(&errors),
            vec!["customers.csv:2: the row has 3 cells but the header has only 2 columns", "customers.csv:3: name: a value is required",]
        );
    }

    #[test]
    fn empty_rows_are_skipped_but_counted() {
        let table = csv_table("customers.csv", "\ncode,name\n\n,,\nC1,\r\n\r\nC2,B");
        assert_eq!(table.headers, vec!["code", "name"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].0, 6);
        let errors = parse_customers(&table, Lang::En).expect_err("missing name");
        assert_eq!(lines(&errors), vec!["customers.csv:4: name: a value is required"]);
    }

    #[test]
    fn csv_quoting_and_separators() {
        let records = csv_records("a,\"b\"\"c\",d\r\n\"multi\nline\",x\n\"x\"y,\"\"\n");
        assert_eq!(records, vec![strings(&["a", "b\"c", "d"]), strings(&["multi\nline", "x"]), strings(&["xy", ""]),]);
        assert_eq!(csv_records("code\tname\nC1\tA\n")[1], strings(&["C1", "A"]));
        assert_eq!(csv_records("code;name\nC1;A")[1], strings(&["C1", "A"]));
        // A quoted line break does not shift later row numbers off the record count.
        let table = csv_table("c.csv", "code,name,address\nC1,A,\"line 1\nline 2\"\nC2,\n");
        let errors = parse_customers(&table, Lang::En).expect_err("missing name");
        assert_eq!(places(&errors), vec![(3, "name")]);
    }

    #[test]
    fn odd_input_never_panics() {
        let all_bytes: Vec<u8> = (0..=255u8).collect();
        let mut samples: Vec<Vec<u8>> = vec![
            all_bytes.clone(),
            all_bytes.iter().rev().copied().collect(),
            b"\"unterminated,field\nstill going".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"\xFF\xFE\x00".to_vec(),
            b"\xFE\xFF\x00".to_vec(),
            b"\r\r\r\n\n,,,\"\"\"".to_vec(),
            Vec::new(),
        ];
        samples.push(b"sku,name,price\n".iter().chain(&all_bytes).copied().collect());
        for bytes in &samples {
            if let Some(text) = decode_text(bytes) {
                let table = table_from_grid("odd.csv".to_string(), csv_records(&text), true);
                let _ = parse_customers(&table, Lang::En);
                let _ = parse_products(&table, Lang::Zh);
            }
        }
        let ragged = Table {
            file: "r.csv".to_string(),
            headers: strings(&["sku", "", "name", "price", ""]),
            rows: vec![(2, Vec::new()), (3, strings(&["", "", "", "", "", "", "9"]))],
            sheet: None,
            sha256: String::new(),
            hidden_rows: vec![],
        };
        assert!(parse_products(&ragged, Lang::En).is_err());
    }

    #[test]
    fn formula_guard() {
        assert_eq!(guard_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard_cell("@x"), "'@x");
        assert_eq!(guard_cell("+cmd"), "'+cmd");
        assert_eq!(guard_cell("-2+3"), "'-2+3");
        assert_eq!(guard_cell("\tx"), "'\tx");
        assert_eq!(guard_cell("\r=1"), "'\r=1");
        assert_eq!(guard_cell(" =1+1"), "' =1+1");
        assert_eq!(guard_cell("-"), "'-");
        assert_eq!(guard_cell("-5"), "-5");
        assert_eq!(guard_cell("-12.50"), "-12.50");
        assert_eq!(guard_cell("a=b"), "a=b");
        assert_eq!(guard_cell(""), "");
        assert_eq!(guard_cell("螺丝"), "螺丝");
        assert!(matches!(guard_cell("-5"), Cow::Borrowed(_)));
        assert_eq!(unguard_cell("'=SUM(A1)".to_string()), "=SUM(A1)");
        assert_eq!(unguard_cell("'-5".to_string()), "'-5");
        assert_eq!(unguard_cell("'quoted".to_string()), "'quoted");
    }

    #[test]
    fn csv_export_has_bom_guards_formulas_and_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("export.csv");
        let headers = ["code", "name", "credit_limit"];
        let rows = vec![strings(&["C1", "=SUM(A1)", "-5"]), strings(&["C2", "张三, \"老店\"", "-12.50"]), strings(&["C3", "@x", ""])];
        write_table(&path, &headers, &rows).expect("written");
        let bytes = fs::read(&path).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(text.contains("'=SUM(A1)"));
        assert!(text.contains("'@x"));
        assert!(text.contains(",-5\r\n"));
        assert!(!text.contains("'-"));

        let table = read_table(&path).expect("read back");
        assert_eq!(table.headers, headers);
        assert_eq!(table.rows, vec![(2, rows[0].clone()), (3, rows[1].clone()), (4, rows[2].clone())]);
    }

    #[test]
    fn xlsx_round_trip_with_chinese_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("商品.XLSX");
        let headers = ["sku", "name", "price", "stock"];
        let rows = vec![
            strings(&["P001", "螺丝 M4×20（不锈钢）", "12.50", "100"]),
            strings(&["P002", "=SUM(A1)", "-5", ""]),
            strings(&["P003", "多行\n文本", "0.10", "2.5"]),
        ];
        write_table(&path, &headers, &rows).expect("written");
        let table = read_table(&path).expect("read back");
        assert_eq!(table.file, path.to_string_lossy());
        assert_eq!(table.headers, headers);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0], (2, rows[0].clone()));
        assert_eq!(table.rows[1].0, 3);
        assert_eq!(table.rows[1].1[..3], rows[1][..3]);
        assert!(table.rows[1].1.get(3).is_none_or(|cell| cell.is_empty()));
        assert_eq!(table.rows[2], (4, rows[2].clone()));
        let products = parse_products(&table, Lang::En).expect_err("negative price");
        assert_eq!(places(&products), vec![(3, "price")]);
    }

    #[test]
    fn xlsx_number_and_bool_cells_become_clean_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("numbers.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (col, header) in ["sku", "name", "price", "stock", "active", "barcode"].iter().enumerate() {
            let col = u16::try_from(col).expect("small");
            sheet.write_string(0, col, *header).expect("header");
        }
        sheet.write_string(1, 0, "P1").expect("cell");
        sheet.write_string(1, 1, "Bolt").expect("cell");
        sheet.write_number(1, 2, 12.5).expect("cell");
        sheet.write_number(1, 3, 3.0).expect("cell");
        sheet.write_boolean(1, 4, true).expect("cell");
        sheet.write_number(1, 5, 6_901_234_567_890.0).expect("cell");
        workbook.save(&path).expect("saved");

        let table = read_table(&path).expect("read");
        assert_eq!(table.rows, vec![(2, strings(&["P1", "Bolt", "12.5", "3", "true", "6901234567890"]))]);
        let products = parse_products(&table, Lang::En).expect("valid");
        assert_eq!(products[0].price, d("12.5"));
        assert_eq!(products[0].stock, Some(d("3")));
        assert_eq!(products[0].active, Some(true));
    }

    #[test]
    fn float_cells_without_noise() {
        assert_eq!(float_text(12.5), "12.5");
        assert_eq!(float_text(3.0), "3");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(-7.25), "-7.25");
        assert_eq!(float_text(13_800_138_000.0), "13800138000");
    }

    #[test]
    fn export_columns_import_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("products.csv");
        let headers: Vec<&str> = PRODUCT_COLUMNS.iter().chain(PRODUCT_EXPORT_ONLY_COLUMNS).copied().collect();
        let rows = vec![strings(&["P1", "Bolt", "M4", "box", "2.00", "1.50", "", "10", "2", "true", "false", "3", "7"])];
        write_table(&path, &headers, &rows).expect("written");
        let table = read_table(&path).expect("read");
        let products = parse_products(&table, Lang::En).expect("valid");
        assert_eq!(products[0].cost, Some(None));
        assert_eq!(products[0].divisible, Some(false));

        let customers = Table {
            file: "c.csv".to_string(),
            headers: CUSTOMER_COLUMNS.iter().chain(CUSTOMER_EXTRA_COLUMNS).map(|column| column.to_string()).collect(),
            rows: vec![(2, strings(&["C1", "A", "", "", "", "", "", "", ""]))],
            sheet: None,
            sha256: String::new(),
            hidden_rows: vec![],
        };
        assert!(parse_customers(&customers, Lang::En).is_ok());
    }

    #[test]
    fn column_lists_match_the_specs() {
        for column in CUSTOMER_COLUMNS.iter().chain(CUSTOMER_EXTRA_COLUMNS) {
            assert!(CUSTOMER_SPECS.iter().any(|spec| spec.col.name() == *column), "{column}");
        }
        let product_columns = PRODUCT_COLUMNS.iter().chain(PRODUCT_EXTRA_COLUMNS).chain(PRODUCT_EXPORT_ONLY_COLUMNS);
        for column in product_columns {
            assert!(PRODUCT_SPECS.iter().any(|spec| spec.col.name() == *column), "{column}");
        }
        assert_eq!(column_label("price", Lang::Zh), Some("单价"));
        assert_eq!(column_label("credit_limit", Lang::En), Some("credit_limit"));
        assert_eq!(column_label("colour", Lang::En), None);
        // A Chinese-headed export imports back.
        let headers: Vec<String> =
            ["sku", "name", "price"].iter().filter_map(|column| column_label(column, Lang::Zh)).map(str::to_string).collect();
        let table = Table {
            file: "zh.csv".to_string(),
            headers,
            rows: vec![(2, strings(&["P1", "钉子", "0.05"]))],
            sheet: None,
            sha256: String::new(),
            hidden_rows: vec![],
        };
        assert!(parse_products(&table, Lang::Zh).is_ok());
    }
}
