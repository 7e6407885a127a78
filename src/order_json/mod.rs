//! The ORDER.json edge: the text of an order file (docs/cli.md "ORDER.json") in, a typed
//! [`OrderInput`] out — or every problem found, each naming its field (`customer`,
//! `payment.method`, `lines[2].qty`, 1-based like every "line" of the contract, or `(json)` for
//! the text as a whole).
//!
//! Owns: JSON syntax, which fields exist, their types and spellings (exact decimals,
//! `YYYY-MM-DD` dates, enum spellings). Must not: apply defaults (left-out fields stay `None`;
//! `domain::order::price_order` fills them), judge values (an empty customer, `qty` ≤ 0 or a
//! date in the future are the live checks' business), or do I/O — the
//! caller reads the file and passes its text; no clock, no database.
//!
//! Policies:
//! - `null` means the same as leaving the field out (so a required field given as `null` is
//!   "required").
//! - A field given twice in one object is an error (serde_json would silently keep the last;
//!   for an order that ambiguity matters).
//! - A leading UTF-8 byte-order mark is skipped (Windows editors write one).
//! - Numbers may be JSON numbers or JSON strings; both go through
//!   [`crate::domain::money::parse_decimal`], so every edge accepts the same spellings.
//!   Exponents (`1e3`) are refused, as `parse_decimal` refuses them everywhere. Long integers
//!   such as `12345678901234567890` are kept exactly (a decimal holds 28 digits); numbers
//!   beyond `parse_decimal`'s length limit are refused with "too many digits", never rounded.
//! - Numbers are held to the domain's bounds (`domain::bounds`): a negative price, a discount
//!   outside 0–100 %, a negative prepayment or a value past 12 integer digits is a field error.
//!
//! Why numbers are read from their source text. serde_json (without its `arbitrary_precision`
//! feature, which this crate does not enable) turns every non-integer number into an `f64`
//! while building a `serde_json::Value`, and the source text is gone. Printing the `f64` back
//! with the shortest round-trip form recovers short numbers like `118.75`, but not all: text
//! longer than 17 digits collapses silently (`0.1000000000000000055511151231257827` comes back
//! as `0.1`), and serde_json's default float parsing is not guaranteed correctly rounded
//! (that needs its `float_roundtrip` feature). So reading is done in two passes:
//! 1. `serde_json::from_str::<serde_json::Value>` validates the text. Its error message (with
//!    line and column) is what the user sees for malformed JSON, and its success guarantees
//!    well-formed JSON nested at most 128 deep (serde_json's recursion limit).
//! 2. A small reader walks the now-known-valid text into a `Json` tree, keeping each number as the
//!    exact text written and each object as its entries in document order (so duplicates are
//!    seen and problems are reported in a stable order). Strings are decoded by serde_json
//!    itself (`from_str::<String>` on the quoted slice), so escapes behave exactly as in pass 1.

use crate::domain::bounds::{self, Kind};
use crate::domain::money::parse_decimal;
use crate::domain::order::{LineInput, OrderInput, PaymentInput};
use crate::domain::{Delivery, PaymentMethod, Priority};
use crate::i18n::order_json as tx;
use crate::i18n::{Lang, Tx};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// One problem in an ORDER.json text: the field it concerns and what is wrong, in the caller's
/// language. `field` is a path such as `customer`, `payment.method` or `lines[2].qty` (line
/// numbers 1-based), or `(json)` for the text as a whole. Displays as `field: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Read the text of an ORDER.json file into an [`OrderInput`] with nothing defaulted (fields
/// left out or `null` are `None`, `note` is empty). On failure, every problem found — not only
/// the first — with messages in `lang`. Never panics, whatever the text.
pub fn parse_order(text: &str, lang: Lang) -> Result<OrderInput, Vec<JsonError>> {
    parse_order_with_barcodes(text, lang).map(|(order, _)| order)
}

/// As [`parse_order`], also saying which lines (0-based) gave a `barcode` instead of a `sku`:
/// their `sku` holds the barcode as given, for the caller to look up ([`crate::ops::resolve_barcodes`]).
pub fn parse_order_with_barcodes(text: &str, lang: Lang) -> Result<(OrderInput, Vec<usize>), Vec<JsonError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = Report { lang, errors: Vec::new(), barcode_lines: Vec::new() };
    match read_json(text) {
        Ok(document) => {
            let order = order_from(&document, &mut report);
            if report.errors.is_empty() { Ok((order, report.barcode_lines)) } else { Err(report.errors) }
        }
        Err(ReadError::Syntax(detail)) => {
            let message = tx::MALFORMED.fill(lang, &[("detail", &detail)]);
            report.push(DOCUMENT, message);
            Err(report.errors)
        }
        Err(ReadError::Unreadable) => {
            report.say(DOCUMENT, tx::UNREADABLE);
            Err(report.errors)
        }
    }
}

/// The field name of problems with the text as a whole.
const DOCUMENT: &str = "(json)";

const ORDER_FIELDS: &[&str] = &["customer", "order_date", "delivery_date", "delivery", "priority", "payment", "note", "lines"];
const PAYMENT_FIELDS: &[&str] = &["method", "reference", "amount"];
const LINE_FIELDS: &[&str] = &["sku", "barcode", "qty", "unit_price", "discount_pct", "line_total", "gift"];

// ---- From JSON to the typed order ----------------------------------------------------------

fn order_from(document: &Json, report: &mut Report) -> OrderInput {
    let Json::Object(entries) = document else {
        report.say(DOCUMENT, tx::EXPECTED_OBJECT);
        return OrderInput::default();
    };
    let fields = Fields::new(entries, ORDER_FIELDS, String::new(), report);
    let customer = fields.required("customer", report, text);
    let order_date = fields.optional("order_date", report, date);
    let delivery_date = fields.optional("delivery_date", report, date);
    let delivery =
        fields.optional("delivery", report, |value, field, report| choice(value, field, Delivery::ALL, Delivery::as_str, report));
    let priority =
        fields.optional("priority", report, |value, field, report| choice(value, field, Priority::ALL, Priority::as_str, report));
    let payment = fields.optional("payment", report, payment);
    let note = fields.optional("note", report, text);
    let lines = fields.optional("lines", report, lines);
    OrderInput {
        customer: customer.unwrap_or_default(),
        order_date,
        delivery_date,
        delivery,
        priority,
        payment,
        note: note.unwrap_or_default(),
        lines: lines.unwrap_or_default(),
    }
}

fn payment(value: &Json, field: &str, report: &mut Report) -> Option<PaymentInput> {
    let Json::Object(entries) = value else {
        report.say(field, tx::EXPECTED_OBJECT);
        return None;
    };
    let fields = Fields::new(entries, PAYMENT_FIELDS, format!("{field}."), report);
    let method =
        fields.optional("method", report, |value, field, report| choice(value, field, PaymentMethod::ALL, PaymentMethod::as_str, report));
    let reference = fields.optional("reference", report, text);
    let amount = fields.optional("amount", report, bounded(Kind::Amount));
    Some(PaymentInput { method, reference: reference.unwrap_or_default(), amount })
}

fn lines(value: &Json, field: &str, report: &mut Report) -> Option<Vec<LineInput>> {
    let Json::Array(items) = value else {
        report.say(field, tx::EXPECTED_LIST);
        return None;
    };
    let lines =
        items.iter().enumerate().filter_map(|(index, item)| line(item, index, &format!("{field}[{}]", index + 1), report)).collect();
    Some(lines)
}

fn line(value: &Json, index: usize, field: &str, report: &mut Report) -> Option<LineInput> {
    let Json::Object(entries) = value else {
        report.say(field, tx::EXPECTED_OBJECT);
        return None;
    };
    let fields = Fields::new(entries, LINE_FIELDS, format!("{field}."), report);
    // Every field is read before any `?`, so all of a line's problems are reported.
    // A barcode may stand for the SKU (looked up by the caller), not beside it.
    let barcode = fields.optional("barcode", report, text);
    let sku = match barcode {
        Some(_) if fields.get("sku").is_some() => {
            report.say(&fields.path("barcode"), crate::i18n::checks::SKU_OR_BARCODE);
            None
        }
        Some(barcode) => {
            report.barcode_lines.push(index);
            Some(barcode)
        }
        None => fields.required("sku", report, text),
    };
    let qty = fields.required("qty", report, bounded(Kind::OrderQty));
    let unit_price = fields.optional("unit_price", report, bounded(Kind::Price));
    let discount_pct = fields.optional("discount_pct", report, bounded(Kind::Percent));
    let line_total = fields.optional("line_total", report, bounded(Kind::Total));
    let gift = fields.optional("gift", report, boolean).unwrap_or(false);
    if gift && unit_price.is_some_and(|price| !price.is_zero()) {
        report.say(&fields.path("unit_price"), tx::GIFT_PRICE);
    }
    Some(LineInput { sku: sku?, qty: qty?, unit_price, discount_pct, line_total, gift })
}

/// `true` or `false`.
fn boolean(value: &Json, field: &str, report: &mut Report) -> Option<bool> {
    match value {
        Json::Bool(flag) => Some(*flag),
        _ => {
            report.say(field, tx::EXPECTED_BOOL);
            None
        }
    }
}

/// A string, as given (an empty one is the checks' business).
fn text(value: &Json, field: &str, report: &mut Report) -> Option<String> {
    match value {
        Json::Str(text) => Some(text.clone()),
        other => {
            report.say_value(field, tx::EXPECTED_TEXT, other);
            None
        }
    }
}

/// An exact decimal from a JSON number's source text or from a string.
fn decimal(value: &Json, field: &str, report: &mut Report) -> Option<Decimal> {
    let (parsed, reason) = match value {
        Json::Number(raw) if raw.contains(['e', 'E']) => (None, tx::EXPONENT),
        // The text is a valid JSON number without exponent, so only its length can fail.
        Json::Number(raw) => (parse_decimal(raw), tx::TOO_MANY_DIGITS),
        Json::Str(text) => (parse_decimal(text), tx::NOT_A_NUMBER),
        _ => (None, tx::NOT_A_NUMBER),
    };
    if parsed.is_none() {
        report.say_value(field, reason, value);
    }
    parsed
}

/// A decimal within the domain's bounds for `kind` (docs/cli.md "Bounds"): a price may not be
/// negative, a discount lies within 0–100 %, nothing is larger than a shop can mean.
fn bounded(kind: Kind) -> impl Fn(&Json, &str, &mut Report) -> Option<Decimal> {
    move |value, field, report| {
        let parsed = decimal(value, field, report)?;
        match bounds::check(parsed, kind) {
            Ok(value) => Some(value),
            Err(problem) => {
                let message = problem.message(report.lang, parsed, kind);
                report.push(field, message);
                None
            }
        }
    }
}

/// A `YYYY-MM-DD` string naming a real calendar day; nothing else (no blanks, no time).
fn date(value: &Json, field: &str, report: &mut Report) -> Option<NaiveDate> {
    let parsed = match value {
        Json::Str(text) if is_date_shape(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
        _ => None,
    };
    if parsed.is_none() {
        report.say_value(field, tx::NOT_A_DATE, value);
    }
    parsed
}

/// Exactly ten characters: four digits, dash, two digits, dash, two digits.
fn is_date_shape(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| if index == 4 || index == 7 { byte == b'-' } else { byte.is_ascii_digit() })
}

/// One of a fixed list of spellings, matched exactly.
fn choice<T: Copy>(value: &Json, field: &str, all: &[T], spell: fn(T) -> &'static str, report: &mut Report) -> Option<T> {
    let found = match value {
        Json::Str(text) => all.iter().copied().find(|candidate| spell(*candidate) == text.as_str()),
        _ => None,
    };
    if found.is_some() {
        return found;
    }
    let choices = all.iter().map(|candidate| spell(*candidate)).collect::<Vec<_>>().join(", ");
    let shown = show(value);
    let message = tx::NOT_ONE_OF.fill(report.lang, &[("choices", &choices), ("value", &shown)]);
    report.push(field, message);
    None
}

/// The known fields of one JSON object; unknown and repeated ones are reported on creation.
struct Fields<'a> {
    /// Prepended to a field name to make its path: "", "payment.", "lines[2].".
    prefix: String,
    found: Vec<(&'a str, &'a Json)>,
}

impl<'a> Fields<'a> {
    fn new(entries: &'a [(String, Json)], known: &[&str], prefix: String, report: &mut Report) -> Fields<'a> {
        let mut found: Vec<(&'a str, &'a Json)> = Vec::new();
        for (key, value) in entries {
            let key = key.as_str();
            if !known.contains(&key) {
                report.say(&format!("{prefix}{}", key_name(key)), tx::UNKNOWN_FIELD);
            } else if found.iter().any(|(seen, _)| *seen == key) {
                report.say(&format!("{prefix}{key}"), tx::DUPLICATE_FIELD);
            } else {
                found.push((key, value));
            }
        }
        Fields { prefix, found }
    }

    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// The value of `name`; `null` counts as not given.
    fn get(&self, name: &str) -> Option<&'a Json> {
        self.found.iter().find(|(key, _)| *key == name).map(|(_, value)| *value).filter(|value| !matches!(value, Json::Null))
    }

    /// Read `name` if given; `None` when left out or not readable (then it is reported).
    fn optional<T>(&self, name: &str, report: &mut Report, read: impl FnOnce(&Json, &str, &mut Report) -> Option<T>) -> Option<T> {
        let value = self.get(name)?;
        read(value, &self.path(name), report)
    }

    /// Read `name`, reporting it as required when left out.
    fn required<T>(&self, name: &str, report: &mut Report, read: impl FnOnce(&Json, &str, &mut Report) -> Option<T>) -> Option<T> {
        match self.get(name) {
            Some(value) => read(value, &self.path(name), report),
            None => {
                report.say(&self.path(name), tx::REQUIRED);
                None
            }
        }
    }
}

/// The problems found so far, worded in one language.
struct Report {
    lang: Lang,
    errors: Vec<JsonError>,
    /// The lines (0-based) that gave a barcode instead of a SKU.
    barcode_lines: Vec<usize>,
}

impl Report {
    fn push(&mut self, field: &str, message: String) {
        self.errors.push(JsonError { field: field.to_string(), message });
    }

    fn say(&mut self, field: &str, text: Tx) {
        self.push(field, text.get(self.lang).to_string());
    }

    fn say_value(&mut self, field: &str, text: Tx, value: &Json) {
        let shown = show(value);
        let message = text.fill(self.lang, &[("value", &shown)]);
        self.push(field, message);
    }
}

/// A value as it reads in the file, for messages: strings quoted, containers abbreviated.
fn show(value: &Json) -> String {
    match value {
        Json::Null => "null".to_string(),
        Json::Bool(flag) => flag.to_string(),
        Json::Number(raw) => shorten(raw),
        Json::Str(text) => quote(text),
        Json::Array(_) => "[…]".to_string(),
        Json::Object(_) => "{…}".to_string(),
    }
}

/// A field name as written when it is a plain word, else quoted like a JSON string.
fn key_name(key: &str) -> String {
    let plain =
        !key.is_empty() && key.len() <= MAX_SHOWN && key.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
    if plain { key.to_string() } else { quote(key) }
}

/// Most characters of a value or key repeated in a message.
const MAX_SHOWN: usize = 40;

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_SHOWN {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(MAX_SHOWN).collect();
        short.push('…');
        short
    }
}

fn quote(text: &str) -> String {
    let short = shorten(text);
    serde_json::to_string(&short).unwrap_or_else(|_| format!("\"{short}\""))
}

// ---- Reading the text ----------------------------------------------------------------------

/// A JSON value with numbers kept as their source text and objects in document order.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    /// The number exactly as written, e.g. `118.75`, `-0`, `1e3`.
    Number(String),
    Str(String),
    Array(Vec<Json>),
    /// Entries in document order, repeated keys included.
    Object(Vec<(String, Json)>),
}

enum ReadError {
    /// serde_json's message, with line and column.
    Syntax(String),
    /// Valid JSON that [`Reader`] could not follow (a bug; reported, never a panic).
    Unreadable,
}

/// Validate with serde_json, then read into [`Json`] (see the module comment for why).
fn read_json(text: &str) -> Result<Json, ReadError> {
    if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
        return Err(ReadError::Syntax(error.to_string()));
    }
    let mut reader = Reader { text, pos: 0, depth: 0 };
    let value = reader.value();
    reader.skip_blanks();
    match value {
        Some(value) if reader.pos == text.len() => Ok(value),
        _ => Err(ReadError::Unreadable),
    }
}

/// Most nesting [`Reader`] follows. serde_json's own limit (128) is lower, so validated text
/// never reaches it; it only guarantees the recursion is bounded.
const MAX_DEPTH: usize = 256;

/// A reader for text serde_json has already accepted: it need not diagnose, only follow.
/// Every step returns `None` rather than panicking if the text is not what it expects.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consume `word` if the text continues with it.
    fn take(&mut self, word: &str) -> Option<()> {
        let end = self.pos.checked_add(word.len())?;
        if self.text.as_bytes().get(self.pos..end)? == word.as_bytes() {
            self.pos = end;
            Some(())
        } else {
            None
        }
    }

    fn value(&mut self) -> Option<Json> {
        self.skip_blanks();
        match self.peek()? {
            b'n' => self.take("null").map(|()| Json::Null),
            b't' => self.take("true").map(|()| Json::Bool(true)),
            b'f' => self.take("false").map(|()| Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'-' | b'0'..=b'9' => self.number().map(Json::Number),
            b'[' => self.nested(Self::array),
            b'{' => self.nested(Self::object),
            _ => None,
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Option<Json>) -> Option<Json> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Option<Json> {
        self.take("[")?;
        let mut items = Vec::new();
        self.skip_blanks();
        if self.take("]").is_some() {
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_blanks();
            if self.take(",").is_none() {
                self.take("]")?;
                return Some(Json::Array(items));
            }
        }
    }

    fn object(&mut self) -> Option<Json> {
        self.take("{")?;
        let mut entries = Vec::new();
        self.skip_blanks();
        if self.take("}").is_some() {
            return Some(Json::Object(entries));
        }
        loop {
            self.skip_blanks();
            let key = self.string()?;
            self.skip_blanks();
            self.take(":")?;
            let value = self.value()?;
            entries.push((key, value));
            self.skip_blanks();
            if self.take(",").is_none() {
                self.take("}")?;
                return Some(Json::Object(entries));
            }
        }
    }

    /// A quoted string, decoded by serde_json. `"` and `\` never occur inside a multi-byte
    /// UTF-8 character, so scanning bytes finds the closing quote and slices on char bounds.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.take("\"")?;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        serde_json::from_str(self.text.get(start..self.pos)?).ok()
    }

    /// A number's source text, untouched.
    fn number(&mut self) -> Option<String> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')) {
            self.pos += 1;
        }
        self.text.get(start..self.pos).map(str::to_string)
    }
}

#[cfg(test)]
mod tests;
