//! What reaches the order form other than by typing: a keyboard-wedge barcode scanner and rows
//! pasted from a spreadsheet.
//!
//! A scanner "types" its code one key at a time, far faster than a person (under ~50 ms apart),
//! then Enter. Eight or more such single keys and Enter are a scan wherever the focus is on the
//! form: the characters are taken back out of the field they landed in, and the product is
//! added (or one more of it, when a line has it already). A person's typing, and an input
//! method's committed text (one event of several characters), are never taken for a scan.
//!
//! Ctrl+V of tab-separated rows (Excel, WPS, LibreOffice: SKU, barcode or exact name; quantity;
//! optional price and discount) adds one line per row — matched in one read for all rows, not a
//! query per row — and lists the rows it could not match with the reason. Nothing typed before
//! is lost, and one Ctrl+Z (or the panel's Undo) takes the whole paste back.

use super::*;
use crate::store::products::ProductMatch;
use std::collections::VecDeque;

/// Keys at most this far apart (seconds) belong to one scanner burst.
const SCAN_GAP: f64 = 0.05;
/// A burst shorter than this is typing, not a scan.
const SCAN_MIN_KEYS: usize = 8;
/// A paste of more rows than this is refused as a whole (a sheet copied by mistake).
const PASTE_MAX_ROWS: usize = 1000;

/// One pasted row as typed in the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PasteRow {
    /// The row in the pasted block (1-based).
    pub row: usize,
    pub key: String,
    pub qty: String,
    pub price: String,
    pub discount: String,
}

/// A pasted row that was not added, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Skipped {
    NoProduct { row: usize, key: String },
    Ambiguous { row: usize, key: String, skus: Vec<String> },
    BadQty { row: usize, qty: String },
}

/// What is waiting for the products it names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Waiting {
    Scan(String),
    Paste(Vec<PasteRow>),
}

/// A field of the form a scanner's keys may land in: put back as it was when the burst began.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Landed {
    Customer(String),
    Note(String),
    Line(usize, &'static str, String),
}

/// The line fields, as the grid names them in its widget ids.
const LINE_FIELDS: [&str; 4] = ["sku", "qty", "unit_price", "discount_pct"];

/// The id of a line field's text box (as `lines.rs` gives it).
fn line_field_id(index: usize, field: &'static str) -> egui::Id {
    egui::Id::unique(("kaidan_order_line", field, index))
}

/// The scanner and paste state of the order form.
#[derive(Debug, Default)]
pub(super) struct Intake {
    /// Single keys arriving in a burst: how many, what they spelt, when the last came, and the
    /// form as it was before the first (the burst's characters are taken back out of it).
    burst_keys: usize,
    burst: String,
    last_key: f64,
    /// The field the burst's keys land in, as it was before the first (none: no field had the
    /// focus, the keys went nowhere).
    landed: Option<Landed>,
    /// Whether the burst began where a scan is taken (the lines, customer, note, or nowhere).
    scannable: bool,
    /// Scans and pastes in the order they came, waiting for their products (one read each),
    /// with the form's epoch then: an answer for an order no longer shown is dropped.
    queue: VecDeque<(Waiting, u64)>,
    asked: u64,
    fetch: Fetch<Vec<ProductMatch>, u64>,
    /// The form before the last paste, and as the paste left it: Ctrl+Z goes back while the
    /// form is still as the paste left it.
    undo: Option<(OrderForm, OrderForm)>,
    /// What the last paste added and skipped, and the scans that found nothing.
    pub added: usize,
    pub skipped: Vec<Skipped>,
    pub unknown_scans: Vec<String>,
}

/// Split pasted text into rows of cells: tabs between cells, a line per row (Excel ends each
/// with CR LF); a cell quoted by the spreadsheet (it held a tab or a line break) is unquoted.
/// Blank rows are skipped; a first row whose quantity is no number is the sheet's header.
pub(super) fn parse_paste(text: &str) -> (Vec<PasteRow>, Vec<Skipped>) {
    let mut rows = vec![];
    let mut skipped = vec![];
    for (index, cells) in tsv_rows(text).into_iter().enumerate() {
        let cells: Vec<String> = cells.into_iter().map(|cell| cell.trim().to_string()).collect();
        if cells.iter().all(|cell| cell.is_empty()) {
            continue;
        }
        let cell = |at: usize| cells.get(at).cloned().unwrap_or_default();
        let row = PasteRow {
            row: index + 1,
            key: cell(0),
            qty: clean_number(&cell(1)),
            price: clean_number(&cell(2)),
            discount: clean_number(&cell(3)),
        };
        if !row.qty.is_empty() && parse_decimal(&row.qty).is_none() {
            if rows.is_empty() && skipped.is_empty() {
                continue; // the header
            }
            skipped.push(Skipped::BadQty { row: row.row, qty: cell(1) });
            continue;
        }
        if row.key.is_empty() {
            skipped.push(Skipped::NoProduct { row: row.row, key: String::new() });
            continue;
        }
        rows.push(row);
    }
    (rows, skipped)
}

/// Rows of cells of tab-separated text as spreadsheets copy it: a cell that holds a tab, a line
/// break or a quote comes quoted, its quotes doubled; any other cell is as it is (an inch mark
/// in `1/2" pipe` stays). Line ends are LF or CR LF.
fn tsv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        if at_cell_start && c == '"' {
            // A quoted cell: up to the lone closing quote.
            while let Some(q) = chars.next() {
                if q == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        cell.push('"');
                    } else {
                        break;
                    }
                } else {
                    cell.push(q);
                }
            }
            at_cell_start = false;
            continue;
        }
        at_cell_start = false;
        match c {
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            _ => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// A number as a sheet shows it, as the form reads it: thousands separators, currency signs and
/// a percent sign dropped ("¥1,250.00" → "1250.00", "5%" → "5").
fn clean_number(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ',' | '¥' | '￥' | '$' | '%' | ' ' | '\u{a0}')).collect()
}

impl Intake {
    /// Whether a paste can be taken back with Ctrl+Z: the form is as the paste left it.
    pub(super) fn can_undo(&self, form: &OrderForm) -> bool {
        self.undo.as_ref().is_some_and(|(_, after)| after == form)
    }

    fn ask_next(&mut self, at: crate::ui::fetch::At<'_>) {
        if self.fetch.is_waiting() {
            return;
        }
        let Some((next, _)) = self.queue.front() else { return };
        let keys: Vec<String> = match next {
            Waiting::Scan(code) => vec![code.clone()],
            Waiting::Paste(rows) => rows.iter().map(|row| row.key.clone()).collect(),
        };
        self.asked += 1;
        self.fetch.ask(at, self.asked, move |store| store.match_products(&keys));
    }
}

impl OrderEntryTab {
    /// Before the form's widgets see this frame's input: take scans and spreadsheet pastes out
    /// of it, and Ctrl+Z of the last paste.
    pub(super) fn intake_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        if !self.editable() {
            return;
        }
        let (events, time) = ui.input(|i| (i.events.clone(), i.time));
        let focused = ui.ctx().memory(|memory| memory.focused());
        let mut scanned = false;
        let mut pasted = None;
        let mut undo = false;
        for event in &events {
            match event {
                egui::Event::Text(text) => {
                    // A scanner types printable ASCII one key at a time; an input method's
                    // Chinese, or a paste, is typing.
                    let key = text.chars().count() == 1 && text.chars().all(|c| c.is_ascii_graphic());
                    if !key || time - self.intake.last_key > SCAN_GAP || self.intake.burst_keys == 0 {
                        self.intake.burst_keys = 0;
                        self.intake.burst.clear();
                        self.intake.landed = focused.and_then(|id| self.landed_at(id));
                        self.intake.scannable = focused.is_none() || self.intake.landed.is_some();
                    }
                    if key {
                        self.intake.burst_keys += 1;
                        self.intake.burst.push_str(text);
                        self.intake.last_key = time;
                    } else {
                        self.intake.burst_keys = 0;
                    }
                }
                egui::Event::Key { key: Key::Enter, pressed: true, .. } => {
                    let code = self.intake.burst.trim().to_string();
                    if self.intake.burst_keys >= SCAN_MIN_KEYS && time - self.intake.last_key <= SCAN_GAP && self.intake.scannable {
                        // The keys that landed in a field before this frame come back out.
                        if let Some(landed) = self.intake.landed.take() {
                            self.put_back(landed);
                        }
                        self.intake.queue.push_back((Waiting::Scan(code), self.epoch));
                        scanned = true;
                    }
                    self.intake.burst_keys = 0;
                    self.intake.burst.clear();
                }
                // Rows from a spreadsheet, pasted on the grid (or with no field focused): a
                // multi-line paste into the note or a prompt stays text.
                egui::Event::Paste(text)
                    if (text.contains('\t') || text.trim().contains('\n')) && focused.is_none_or(|id| self.line_field_at(id).is_some()) =>
                {
                    pasted = Some(text.clone())
                }
                egui::Event::Key { key: Key::Z, pressed: true, modifiers, .. }
                    if modifiers.command && !modifiers.shift && self.intake.can_undo(&self.form) =>
                {
                    undo = true;
                }
                _ => {}
            }
        }
        if scanned || pasted.is_some() || undo {
            // The scanner's keys, the rows and the undo are the form's, not the focused field's.
            ui.input_mut(|i| {
                i.events.retain(|event| match event {
                    egui::Event::Text(_) => !scanned,
                    egui::Event::Key { key: Key::Enter, .. } => !scanned,
                    egui::Event::Paste(_) => pasted.is_none(),
                    egui::Event::Key { key: Key::Z, modifiers, .. } => !(undo && modifiers.command),
                    _ => true,
                })
            });
        }
        if undo && let Some((before, _)) = self.intake.undo.take() {
            self.form = before;
            self.intake.added = 0;
            self.intake.skipped.clear();
        }
        if let Some(text) = pasted {
            let (rows, skipped) = parse_paste(&text);
            if rows.len() > PASTE_MAX_ROWS {
                self.read_error = Some(t::PASTE_TOO_MANY.fill(ctx.lang, &[("rows", &rows.len()), ("max", &PASTE_MAX_ROWS)]));
            } else {
                self.intake.skipped = skipped;
                self.intake.added = 0;
                if !rows.is_empty() {
                    self.intake.queue.push_back((Waiting::Paste(rows), self.epoch));
                }
            }
        }
        self.take_matches();
        self.intake.ask_next(ctx.at());
    }

    /// The line field (index, name) whose text box has `id`.
    fn line_field_at(&self, id: egui::Id) -> Option<(usize, &'static str)> {
        (0..self.form.lines.len())
            .flat_map(|index| LINE_FIELDS.map(|field| (index, field)))
            .find(|(index, field)| line_field_id(*index, field) == id)
    }

    /// The field with focus `id` where a scan is taken, with its text now: the lines, the
    /// customer and the note (not the payment reference, the prepaid amount, the dates or a
    /// panel: a code scanned there is their text).
    fn landed_at(&self, id: egui::Id) -> Option<Landed> {
        if id == egui::Id::unique("kaidan_order_customer") {
            return Some(Landed::Customer(self.form.customer.clone()));
        }
        if id == egui::Id::unique("kaidan_order_note") {
            return Some(Landed::Note(self.form.note.clone()));
        }
        let (index, field) = self.line_field_at(id)?;
        let line = &self.form.lines[index];
        let text = match field {
            "sku" => &line.sku,
            "qty" => &line.qty,
            "unit_price" => &line.unit_price,
            _ => &line.discount_pct,
        };
        Some(Landed::Line(index, field, text.clone()))
    }

    /// Put a field back as it was before a scanner's keys landed in it.
    fn put_back(&mut self, landed: Landed) {
        match landed {
            Landed::Customer(text) => self.form.customer = text,
            Landed::Note(text) => self.form.note = text,
            Landed::Line(index, field, text) => {
                if let Some(line) = self.form.lines.get_mut(index) {
                    match field {
                        "sku" => line.sku = text,
                        "qty" => line.qty = text,
                        "unit_price" => line.unit_price = text,
                        _ => line.discount_pct = text,
                    }
                }
            }
        }
    }

    /// Apply the products that came for the oldest scan or paste.
    fn take_matches(&mut self) {
        let Some((_, answer)) = self.intake.fetch.answer() else { return };
        let Some((waiting, epoch)) = self.intake.queue.pop_front() else { return };
        // The clerk has moved on to another order: this scan or paste was not for it.
        if epoch != self.epoch {
            return;
        }
        let matches = self.read_or_say(answer);
        match waiting {
            Waiting::Scan(code) => match matches.into_iter().next() {
                Some(ProductMatch::Found(product)) => self.add_one(&product.sku),
                _ => self.intake.unknown_scans.push(code),
            },
            Waiting::Paste(rows) => {
                let before = self.form.clone();
                // Rows go after what is typed, before the blank line(s) at the end.
                while self.form.lines.last().is_some_and(LineForm::is_blank) {
                    self.form.lines.pop();
                }
                let mut added = 0;
                for (row, found) in rows.into_iter().zip(matches) {
                    match found {
                        ProductMatch::Found(product) => {
                            self.form.lines.push(LineForm {
                                sku: product.sku,
                                qty: row.qty,
                                unit_price: row.price,
                                discount_pct: row.discount,
                                gift: false,
                            });
                            added += 1;
                        }
                        ProductMatch::Ambiguous(skus) => self.intake.skipped.push(Skipped::Ambiguous { row: row.row, key: row.key, skus }),
                        ProductMatch::Missing => self.intake.skipped.push(Skipped::NoProduct { row: row.row, key: row.key }),
                    }
                }
                self.form.lines.push(LineForm::default());
                self.intake.skipped.sort_by_key(|skip| match skip {
                    Skipped::NoProduct { row, .. } | Skipped::Ambiguous { row, .. } | Skipped::BadQty { row, .. } => *row,
                });
                self.intake.added = added;
                self.intake.undo = Some((before, self.form.clone()));
            }
        }
    }

    /// A scanned product: one more on the line that has it (not a gift), else a new line of one.
    fn add_one(&mut self, sku: &str) {
        if let Some(line) = self.form.lines.iter_mut().find(|line| line.sku.trim() == sku && !line.gift) {
            let qty = parse_decimal(&line.qty).unwrap_or_default();
            line.qty = fmt_qty(qty + Decimal::ONE);
            return;
        }
        while self.form.lines.last().is_some_and(LineForm::is_blank) {
            self.form.lines.pop();
        }
        self.form.lines.push(LineForm { sku: sku.to_string(), qty: "1".into(), ..LineForm::default() });
        self.form.lines.push(LineForm::default());
    }

    /// What the last paste added and could not match, and scans that found no product, above
    /// the lines, with Undo while the paste can be taken back.
    pub(super) fn intake_report_ui(&mut self, ui: &mut Ui, lang: crate::i18n::Lang) {
        let intake = &self.intake;
        if intake.added == 0 && intake.skipped.is_empty() && intake.unknown_scans.is_empty() && !intake.can_undo(&self.form) {
            return;
        }
        let mut close = false;
        let mut undo = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if intake.added > 0 || !intake.skipped.is_empty() {
                    ui.label(
                        RichText::new(t::PASTE_ADDED.fill(lang, &[("added", &intake.added), ("skipped", &intake.skipped.len())])).strong(),
                    );
                }
                if intake.can_undo(&self.form) && ui.small_button(t::PASTE_UNDO.get(lang)).clicked() {
                    undo = true;
                }
                if ui.small_button(t::CLOSE.get(lang)).clicked() {
                    close = true;
                }
            });
            for skip in &intake.skipped {
                let text = match skip {
                    Skipped::NoProduct { row, key } if key.is_empty() => t::PASTE_NO_KEY.fill(lang, &[("row", row)]),
                    Skipped::NoProduct { row, key } => t::PASTE_NO_PRODUCT.fill(lang, &[("row", row), ("key", key)]),
                    Skipped::Ambiguous { row, key, skus } => {
                        t::PASTE_AMBIGUOUS.fill(lang, &[("row", row), ("key", key), ("skus", &skus.join(", "))])
                    }
                    Skipped::BadQty { row, qty } => t::PASTE_BAD_QTY.fill(lang, &[("row", row), ("qty", qty)]),
                };
                ui.label(RichText::new(text).color(widgets::WARN).small());
            }
            for code in &intake.unknown_scans {
                ui.label(RichText::new(t::SCAN_NO_PRODUCT.fill(lang, &[("code", code)])).color(widgets::WARN).small());
            }
        });
        if undo && let Some((before, _)) = self.intake.undo.take() {
            self.form = before;
            close = true;
        }
        if close {
            self.intake.added = 0;
            self.intake.skipped.clear();
            self.intake.unknown_scans.clear();
            self.intake.undo = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_from_a_spreadsheet_with_a_header_quotes_and_formatted_numbers() {
        let text = "SKU\tQty\tPrice\r\nP001\t10\t¥1,250.00\t5%\r\n\r\n\"P002\"\t3\r\nP003\tabc\n\t4\nP004\n";
        let (rows, skipped) = parse_paste(text);
        assert_eq!(
            rows,
            vec![
                PasteRow { row: 2, key: "P001".into(), qty: "10".into(), price: "1250.00".into(), discount: "5".into() },
                PasteRow { row: 4, key: "P002".into(), qty: "3".into(), price: String::new(), discount: String::new() },
                PasteRow { row: 7, key: "P004".into(), qty: String::new(), price: String::new(), discount: String::new() },
            ]
        );
        assert_eq!(skipped, vec![Skipped::BadQty { row: 5, qty: "abc".into() }, Skipped::NoProduct { row: 6, key: String::new() }]);
    }

    #[test]
    fn quoted_cells_keep_their_line_breaks_tabs_and_quotes_and_an_inch_mark_stays() {
        let (rows, skipped) = parse_paste("\"Pipe\nsecond line\"\t2\n1/2\" 水管\t3\n\"say \"\"hi\"\"\tx\"\t1\n");
        assert!(skipped.is_empty(), "{skipped:?}");
        let keys: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
        assert_eq!(keys, vec!["Pipe\nsecond line", "1/2\" 水管", "say \"hi\"\tx"]);
        assert_eq!(rows[1].row, 2);
    }

    #[test]
    fn a_first_row_with_a_number_is_no_header() {
        let (rows, skipped) = parse_paste("P001\t2\nP002\tx\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(skipped, vec![Skipped::BadQty { row: 2, qty: "x".into() }]);
    }
}
