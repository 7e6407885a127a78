//! Importing a customers or products file: rows read, checked and keyed on a second thread
//! beside the writer, in batches, all or nothing, with a cancel asked per batch.

use super::*;

/// What `import` brought in.
#[derive(Debug, Clone)]
pub struct Imported {
    pub report: store::import::ImportReport,
    /// The file as named in messages.
    pub file: String,
    /// The worksheet read (XLSX).
    pub sheet: Option<String>,
    /// `file:row: …` lines the import went on despite: characters no font can show, rows
    /// hidden in the workbook.
    pub glyph_warnings: Vec<String>,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Not allowed, or the store failed.
    Ops(Error),
    /// The file could not be read (size, format, encoding).
    File(crate::tabular::Error),
    /// Every bad row of the file, `file:row: field: problem`.
    Rows(Vec<crate::tabular::RowError>),
    /// Stopped by the person who started it; nothing was written.
    Cancelled,
}

/// One row of an import file as read (number and cells), or the problems that stand for it.
pub(super) type FileLine = std::result::Result<(usize, Vec<String>), Vec<crate::tabular::RowError>>;

/// A checked row of an import file, or the problems that stand for it.
pub(super) type FileRecord<R> = std::result::Result<R, Vec<crate::tabular::RowError>>;

/// Rows sent from the reading thread to the writing one at a time.
pub(super) const IMPORT_BATCH: usize = 1024;

/// Read and check an import file's rows on a second thread while `write` takes the records
/// in the calling one (the file's text, number parsing, duplicate keys and glyph checks run
/// beside SQLite's inserts; a bounded channel of batches keeps memory flat). `stop` is asked
/// before each row: a `Some` ends the rows with its problems. `tick` is called once per row
/// read, on the calling thread (progress). If `write` returns early, reading stops.
pub(super) fn read_beside<R: Send, T>(
    lines: impl Iterator<Item = FileLine> + Send,
    mut parse: impl FnMut(usize, &[String]) -> FileRecord<Option<R>> + Send,
    stop: impl Fn() -> Option<Vec<crate::tabular::RowError>> + Sync,
    tick: &mut dyn FnMut(),
    write: impl FnOnce(&mut dyn Iterator<Item = FileRecord<R>>) -> T,
) -> T {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<(usize, Vec<FileRecord<R>>)>(8);
        let stop = &stop;
        scope.spawn(move || {
            let (mut read, mut batch) = (0, Vec::with_capacity(IMPORT_BATCH));
            for line in lines {
                if let Some(problems) = stop() {
                    batch.push(Err(problems));
                    break;
                }
                read += 1;
                match line.and_then(|(row, cells)| parse(row, &cells)) {
                    Ok(None) => {}
                    Ok(Some(record)) => batch.push(Ok(record)),
                    Err(problems) => batch.push(Err(problems)),
                }
                if read == IMPORT_BATCH {
                    if sender.send((read, std::mem::take(&mut batch))).is_err() {
                        return;
                    }
                    read = 0;
                }
            }
            // An error here means the writer has returned: nothing is left to do.
            let _ = sender.send((read, batch));
        });
        // `stop` is asked again here for each batch: a small file may be read to its end before
        // the person presses Cancel, and the rows not yet written must still not stand.
        let (mut pending, mut stopped) = (Vec::new().into_iter(), false);
        let mut records = std::iter::from_fn(|| {
            loop {
                if let Some(record) = pending.next() {
                    return Some(record);
                }
                if stopped {
                    return None;
                }
                let (read, batch) = receiver.recv().ok()?;
                for _ in 0..read {
                    tick();
                }
                if let Some(problems) = stop() {
                    stopped = true;
                    return Some(Err(problems));
                }
                pending = batch.into_iter();
            }
        });
        write(&mut records)
    })
}

/// At most this many glyph warnings are kept (a file with a million odd names still says so).
pub(super) const MAX_GLYPH_WARNINGS: usize = 100;

/// Import customers or products from a CSV or XLSX file, for the CLI and the window alike:
/// rows are read, checked and written one at a time in one transaction (a million-row file
/// never sits in memory as a grid), and any bad row — or `cancel` set meanwhile — drops the
/// transaction, so nothing is written; every bad row of the file is reported. `tick` is called
/// once per row read (progress).
pub fn import_file(
    store: &mut Store,
    ctx: &Ctx,
    kind: crate::tabular::Master,
    path: &std::path::Path,
    tick: &mut dyn FnMut(),
    cancel: &std::sync::atomic::AtomicBool,
) -> std::result::Result<Imported, ImportFailure> {
    use crate::tabular::{RowError, RowParser, open_rows};
    use std::sync::atomic::Ordering;
    let products = kind == crate::tabular::Master::Products;
    ctx.require(Permission::EditMasterData).map_err(ImportFailure::Ops)?;
    // An import sets prices (products) or credit terms (customers).
    ctx.require(if products { Permission::ChangePrices } else { Permission::ChangeCredit }).map_err(ImportFailure::Ops)?;
    let rows = open_rows(path, ctx.lang).map_err(ImportFailure::File)?;
    let head = rows.head.clone();
    let (mut parser, header_errors) = if products { RowParser::products(&head, ctx.lang) } else { RowParser::customers(&head, ctx.lang) };
    let header: Option<FileLine> = (!header_errors.is_empty()).then_some(Err(header_errors));
    // Rows hidden in the workbook are imported like the others, and said (a person importing
    // a sheet may not see them).
    let mut glyph_warnings: Vec<String> = head
        .hidden_rows
        .iter()
        .take(MAX_GLYPH_WARNINGS)
        .map(|row| format!("{}:{row}: {}", head.file, crate::i18n::import::HIDDEN_ROW.get(ctx.lang)))
        .collect();
    let mut glyphs = |row: usize, field: &str, text: &str| {
        let missing = crate::fonts::missing_glyphs(text);
        if !missing.is_empty() && glyph_warnings.len() < MAX_GLYPH_WARNINGS {
            let chars: String = missing.iter().collect();
            glyph_warnings.push(format!(
                "{}:{row}: {field}: {}",
                head.file,
                crate::i18n::ui::WARN_GLYPHS.fill(ctx.lang, &[("chars", &chars)])
            ));
        }
    };
    // A cancel ends the rows with one problem, so the store drops its transaction and nothing
    // is written (ending them quietly would commit the rows read so far).
    let cancelled = std::sync::atomic::AtomicBool::new(false);
    let file = head.file.clone();
    let lines = header.into_iter().chain(rows.map(Ok));
    let stop = || {
        if cancel.load(Ordering::Relaxed) {
            cancelled.store(true, Ordering::Relaxed);
            return Some(vec![RowError { file: file.clone(), row: 0, field: String::new(), reason: "cancelled".into() }]);
        }
        None
    };
    let result = if products {
        // Once a row is bad nothing will be written: then only the checks go on.
        let mut failed = false;
        let parse = move |row: usize, cells: &[String]| {
            let mut record = parser.product(row, cells).inspect_err(|_| failed = true)?;
            if let Some(record) = &mut record {
                glyphs(record.row, "name", &record.name);
                glyphs(record.row, "spec", record.spec.as_deref().unwrap_or(""));
                // The pinyin search key of a new product, here beside the writer.
                record.search_key = (!failed).then(|| {
                    store::products::product_search_key(
                        &record.sku,
                        &record.name,
                        record.spec.as_deref().unwrap_or(""),
                        record.barcode.as_deref().unwrap_or(""),
                    )
                });
            }
            Ok(record)
        };
        read_beside(lines, parse, stop, tick, |records| {
            store.import_products_iter(&head.file, &head.sha256, records, &ctx.user, &ctx.now, ctx.lang)
        })
    } else {
        let parse = |row: usize, cells: &[String]| {
            let record = parser.customer(row, cells)?;
            if let Some(record) = &record {
                glyphs(record.row, "name", &record.name);
                glyphs(record.row, "address", record.address.as_deref().unwrap_or(""));
            }
            Ok(record)
        };
        read_beside(lines, parse, stop, tick, |records| store.import_customers_iter(&head.file, &head.sha256, records, &ctx.user, &ctx.now))
    };
    let cancelled = cancelled.load(Ordering::Relaxed);
    match result {
        // A cancel drops the rows still to come: the partial import must not stand.
        _ if cancelled => Err(ImportFailure::Cancelled),
        Ok(report) => Ok(Imported { report, file: head.file.clone(), sheet: head.sheet.clone(), glyph_warnings }),
        Err(store::import::ImportError::Rows(errors)) => Err(ImportFailure::Rows(errors)),
        Err(store::import::ImportError::Store(error)) => Err(ImportFailure::Ops(Error::Store(error))),
    }
}
