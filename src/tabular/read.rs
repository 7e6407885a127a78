//! Reading CSV (any common encoding and delimiter, sized before it is read) and XLSX (sized
//! before anything is inflated; hidden rows skipped) into a [`Table`], whole or streamed.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    Csv,
    Xlsx,
}

/// `.csv` or `.xlsx`, case-insensitive.
pub(super) fn file_kind(path: &Path) -> Option<FileKind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "csv" => Some(FileKind::Csv),
        "xlsx" => Some(FileKind::Xlsx),
        _ => None,
    }
}

/// The path as the user gave it, for messages.
pub(super) fn path_label(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub(super) fn format_error(file: &str, reason: String) -> Error {
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
pub(super) fn read_csv_bytes(path: &Path, file: &str, lang: Lang) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let io = |source| Error::Io { file: file.to_string(), source };
    let mut bytes = vec![];
    File::open(path).map_err(io)?.take(MAX_CSV_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(format_error(file, msg::TOO_BIG.fill(lang, &[("max", &"256 MiB")])));
    }
    Ok(bytes)
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Decode CSV bytes: a byte-order mark decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is
/// taken as is and anything else is tried as GB18030 (a superset of GBK, which Chinese Excel
/// writes). `None` when the bytes are malformed in that encoding too.
pub(super) fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
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
pub(super) fn sniff_delimiter(text: &str) -> char {
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
pub(super) fn csv_records(text: &str) -> Vec<Vec<String>> {
    let delimiter = sniff_delimiter(text);
    let mut position = 0;
    std::iter::from_fn(|| next_csv_record(text, &mut position, delimiter)).collect()
}

/// The record starting at byte `position` of `text` (see [`csv_records`]), moving `position`
/// past it; `None` at the end of the text.
pub(super) fn next_csv_record(text: &str, position: &mut usize, delimiter: char) -> Option<Vec<String>> {
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
    pub(super) rows: Box<dyn Iterator<Item = (usize, Vec<String>)> + Send>,
}

impl Iterator for RowStream {
    type Item = (usize, Vec<String>);

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// A CSV file's text and where reading stands in it.
pub(super) struct CsvRows {
    pub(super) text: String,
    pub(super) position: usize,
    pub(super) delimiter: char,
    /// 0-based index of the next record in the file.
    pub(super) index: usize,
    pub(super) header_index: usize,
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
pub(super) fn is_blank_row(cells: &[String]) -> bool {
    cells.iter().all(|cell| cell.trim().is_empty())
}

/// A header cell as matched: byte-order mark removed, trimmed.
pub(super) fn clean_header(raw: &str) -> String {
    raw.trim().trim_start_matches('\u{FEFF}').trim().to_string()
}

/// Build a [`Table`] from raw rows: the first non-empty row is the header (row 1), trailing
/// empty header cells are dropped, blank rows are skipped but counted. `unguard` undoes
/// [`guard_cell`] so a CSV export reads back unchanged.
pub(super) fn table_from_grid(file: String, grid: Vec<Vec<String>>, unguard: bool) -> Table {
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
pub(super) fn read_xlsx_grid(path: &Path, file: &str, lang: Lang) -> Result<NamedGrid, Error> {
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
pub(super) type NamedGrid = (String, Vec<Vec<String>>, u32);

/// The 1-based sheet rows marked hidden in the worksheet `sheet` of the workbook at `path`
/// (`<row r="5" hidden="1">`): an import takes them like the others and says so. The
/// workbook's parts are read as text; anything unexpected gives no hidden rows.
pub(super) fn xlsx_hidden_rows(path: &Path, sheet: &str) -> Vec<u32> {
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
pub(super) fn xlsx_uncompressed_size(path: &Path) -> std::io::Result<u64> {
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
pub(super) fn xlsx_first_sheet(reader: BufReader<File>) -> Result<Option<NamedGrid>, calamine::XlsxError> {
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
pub(super) fn cell_text(cell: &Data) -> String {
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
pub(super) fn float_text(value: f64) -> String {
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
pub(super) fn excel_datetime_text(value: &ExcelDateTime) -> String {
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
