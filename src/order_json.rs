//! The ORDER.json edge: the text of an order file (CONTRACT.md "ORDER.json") in, a typed
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = Report { lang, errors: Vec::new() };
    match read_json(text) {
        Ok(document) => {
            let order = order_from(&document, &mut report);
            if report.errors.is_empty() { Ok(order) } else { Err(report.errors) }
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
const LINE_FIELDS: &[&str] = &["sku", "qty", "unit_price", "discount_pct", "line_total"];

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
    let lines = items.iter().enumerate().filter_map(|(index, item)| line(item, &format!("{field}[{}]", index + 1), report)).collect();
    Some(lines)
}

fn line(value: &Json, field: &str, report: &mut Report) -> Option<LineInput> {
    let Json::Object(entries) = value else {
        report.say(field, tx::EXPECTED_OBJECT);
        return None;
    };
    let fields = Fields::new(entries, LINE_FIELDS, format!("{field}."), report);
    // Every field is read before any `?`, so all of a line's problems are reported.
    let sku = fields.required("sku", report, text);
    let qty = fields.required("qty", report, bounded(Kind::OrderQty));
    let unit_price = fields.optional("unit_price", report, bounded(Kind::Price));
    let discount_pct = fields.optional("discount_pct", report, bounded(Kind::Percent));
    let line_total = fields.optional("line_total", report, bounded(Kind::Total));
    Some(LineInput { sku: sku?, qty: qty?, unit_price, discount_pct, line_total })
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

/// A decimal within the domain's bounds for `kind` (CONTRACT.md "Bounds"): a price may not be
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
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("test literal")
    }

    fn day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        Some(NaiveDate::from_ymd_opt(year, month, day).expect("valid test date"))
    }

    fn ok(text: &str) -> OrderInput {
        parse_order(text, Lang::En).unwrap_or_else(|errors| panic!("{text}: {errors:?}"))
    }

    fn errors(text: &str) -> Vec<String> {
        match parse_order(text, Lang::En) {
            Ok(order) => panic!("{text}: expected errors, parsed {order:?}"),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    fn contract_order() -> OrderInput {
        OrderInput {
            customer: "C001".into(),
            order_date: day(2026, 11, 20),
            delivery_date: day(2026, 11, 25),
            delivery: Some(Delivery::Delivery),
            priority: Some(Priority::Urgent),
            payment: Some(PaymentInput {
                method: Some(PaymentMethod::BankTransfer),
                reference: "TX-889".into(),
                amount: Some(d("118.75")),
            }),
            note: "call before delivery".into(),
            lines: vec![LineInput {
                sku: "P001".into(),
                qty: d("10"),
                unit_price: Some(d("12.50")),
                discount_pct: Some(d("5")),
                line_total: Some(d("118.75")),
            }],
        }
    }

    #[test]
    fn contract_example_parses_exactly() {
        let order = ok(r#"{
          "customer": "C001",
          "order_date": "2026-11-20",
          "delivery_date": "2026-11-25",
          "delivery": "delivery",
          "priority": "urgent",
          "payment": {"method": "bank_transfer", "reference": "TX-889", "amount": "118.75"},
          "note": "call before delivery",
          "lines": [
            {"sku": "P001", "qty": "10", "unit_price": "12.50", "discount_pct": "5", "line_total": "118.75"}
          ]
        }"#);
        assert_eq!(order, contract_order());
        let line = &order.lines[0];
        assert_eq!(line.line_total.map(|total| total.to_string()), Some("118.75".to_string()));
        assert_eq!(line.unit_price.map(|price| price.to_string()), Some("12.50".to_string()));
    }

    #[test]
    fn json_numbers_are_read_exactly_from_their_text() {
        let order = ok(r#"{
          "customer": "C001", "order_date": "2026-11-20", "delivery_date": "2026-11-25",
          "delivery": "delivery", "priority": "urgent",
          "payment": {"method": "bank_transfer", "reference": "TX-889", "amount": 118.75},
          "note": "call before delivery",
          "lines": [{"sku": "P001", "qty": 10, "unit_price": 12.5, "discount_pct": 5, "line_total": 118.75}]
        }"#);
        assert_eq!(order, contract_order());
        let line = &order.lines[0];
        assert_eq!(line.qty.to_string(), "10");
        assert_eq!(line.unit_price.map(|price| price.to_string()), Some("12.5".to_string()));
        assert_eq!(line.line_total.map(|total| total.to_string()), Some("118.75".to_string()));

        // Digits an f64 cannot hold survive, and 0.1 is 0.1.
        let order = ok(r#"{"customer": "C", "lines": [
            {"sku": "A", "qty": 0.1, "unit_price": 999999999999.9999, "discount_pct": -0}]}"#);
        assert_eq!(order.lines[0].qty.to_string(), "0.1");
        assert_eq!(order.lines[0].unit_price.map(|price| price.to_string()), Some("999999999999.9999".to_string()));
        assert_eq!(order.lines[0].discount_pct, Some(Decimal::ZERO));
    }

    #[test]
    fn minimal_order_leaves_everything_else_unset() {
        let expected = OrderInput {
            customer: "C001".into(),
            lines: vec![LineInput { sku: "P001".into(), qty: d("2"), ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(ok(r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 2}]}"#), expected);
        // null is the same as left out.
        let with_nulls = ok(r#"{"customer": "C001", "order_date": null, "delivery": null,
            "payment": null, "note": null,
            "lines": [{"sku": "P001", "qty": "2", "unit_price": null, "line_total": null}]}"#);
        assert_eq!(with_nulls, expected);
        // No lines at all is the EMPTY_ORDER check's business, not a parse error.
        assert!(ok(r#"{"customer": "C001"}"#).lines.is_empty());
        // An empty payment object is a payment with nothing given.
        let payment = ok(r#"{"customer": "C001", "payment": {}}"#).payment;
        assert_eq!(payment, Some(PaymentInput::default()));
    }

    #[test]
    fn values_the_checks_judge_are_not_parse_errors() {
        let order = ok(r#"{"customer": "", "lines": [
            {"sku": "", "qty": "0"},
            {"sku": "P1", "qty": -3, "unit_price": "0", "discount_pct": "100", "line_total": 0}]}"#);
        assert_eq!(order.customer, "");
        assert_eq!(order.lines[0].qty, Decimal::ZERO);
        assert_eq!(order.lines[1].qty, d("-3"));
        assert_eq!(order.lines[1].discount_pct, Some(d("100")));
    }

    #[test]
    fn values_past_the_domain_are_field_errors() {
        assert_eq!(
            errors(
                r#"{"customer": "C", "payment": {"amount": "-5"}, "lines": [
                {"sku": "P1", "qty": 1, "unit_price": "-1", "discount_pct": "150"},
                {"sku": "P2", "qty": 1, "discount_pct": "-50", "line_total": "1.00001"}]}"#
            ),
            vec![
                "payment.amount: -5 must be above zero",
                "lines[1].unit_price: -1 may not be negative",
                "lines[1].discount_pct: 150 must be between 0 and 100 %",
                "lines[2].discount_pct: -50 must be between 0 and 100 %",
                "lines[2].line_total: 1.00001 has more than 4 decimals",
            ]
        );
    }

    #[test]
    fn unknown_fields_are_named_wherever_they_are() {
        assert_eq!(
            errors(
                r#"{"customer": "C", "colour": "red", "payment": {"method": "cash", "bank": "x"},
                "lines": [{"sku": "P", "qty": 1, "colour": "blue"}], "": 1, "unit price": 2}"#
            ),
            vec![
                "colour: unknown field",
                "\"\": unknown field",
                "\"unit price\": unknown field",
                "payment.bank: unknown field",
                "lines[1].colour: unknown field",
            ]
        );
    }

    #[test]
    fn repeated_fields_are_refused() {
        assert_eq!(
            errors(r#"{"customer": "A", "customer": "B", "lines": [{"sku": "P", "qty": 1, "qty": 2}]}"#),
            vec!["customer: given more than once", "lines[1].qty: given more than once"]
        );
    }

    #[test]
    fn wrong_types_are_named() {
        assert_eq!(
            errors(
                r#"{"customer": 42, "order_date": 20261120, "payment": "cash", "note": 5,
                "lines": "P001"}"#
            ),
            vec![
                "customer: expected text in quotes, found 42",
                "order_date: 20261120 is not a date in the form YYYY-MM-DD",
                "payment: expected an object",
                "note: expected text in quotes, found 5",
                "lines: expected a list",
            ]
        );
        assert_eq!(
            errors(
                r#"{"customer": "C", "payment": {"reference": 889, "amount": "lots"},
                "lines": [{"sku": 1001, "qty": true, "unit_price": [1], "discount_pct": {}}]}"#
            ),
            vec![
                "payment.reference: expected text in quotes, found 889",
                "payment.amount: \"lots\" is not a number",
                "lines[1].sku: expected text in quotes, found 1001",
                "lines[1].qty: true is not a number",
                "lines[1].unit_price: […] is not a number",
                "lines[1].discount_pct: {…} is not a number",
            ]
        );
    }

    #[test]
    fn dates_must_be_real_yyyy_mm_dd() {
        for bad in [
            r#""2026-02-30""#,
            r#""2026-13-01""#,
            r#""2026/11/20""#,
            r#""20261120""#,
            r#""2026-1-20""#,
            r#""2026-11-20T10:00""#,
            r#"" 2026-11-20""#,
            r#""+026-11-20""#,
            r#""""#,
            "true",
        ] {
            let text = format!(r#"{{"customer": "C", "delivery_date": {bad}}}"#);
            assert_eq!(errors(&text), vec![format!("delivery_date: {bad} is not a date in the form YYYY-MM-DD")]);
        }
        assert_eq!(ok(r#"{"customer": "C", "order_date": "2028-02-29"}"#).order_date, day(2028, 2, 29));
    }

    #[test]
    fn spellings_outside_the_list_are_refused() {
        assert_eq!(
            errors(
                r#"{"customer": "C", "delivery": "Delivery", "priority": 1,
                "payment": {"method": "paypal"}}"#
            ),
            vec![
                "delivery: \"Delivery\" is not one of pickup, delivery",
                "priority: 1 is not one of normal, urgent",
                "payment.method: \"paypal\" is not one of cash, bank_transfer, wechat, alipay, card, credit, cod",
            ]
        );
    }

    #[test]
    fn malformed_json_gives_serde_json_message() {
        assert_eq!(errors("{\n\"customer\": \"C001\",\n\"lines\":\n    }"), vec!["(json): expected value at line 4 column 5"]);
        for bad in [r#"{"customer": "C",}"#, r#"{"customer": "C"} x"#, "{", r#"{"customer": 'C'}"#] {
            let found = parse_order(bad, Lang::En).expect_err(bad);
            assert_eq!(found.len(), 1, "{bad}");
            assert_eq!(found[0].field, "(json)", "{bad}");
        }
    }

    #[test]
    fn all_problems_are_reported_together() {
        assert_eq!(
            errors(
                r#"{"colour": "red", "payment": {"method": "paypal"},
                "lines": [{"qty": 1}, {"sku": "P002", "qty": "abc"}]}"#
            ),
            vec![
                "colour: unknown field",
                "customer: required",
                "payment.method: \"paypal\" is not one of cash, bank_transfer, wechat, alipay, card, credit, cod",
                "lines[1].sku: required",
                "lines[2].qty: \"abc\" is not a number",
            ]
        );
        assert_eq!(
            errors(r#"{"customer": null, "lines": [{"sku": null, "qty": null}]}"#),
            vec!["customer: required", "lines[1].sku: required", "lines[1].qty: required"]
        );
    }

    #[test]
    fn exponents_are_refused() {
        assert_eq!(
            errors(
                r#"{"customer": "C", "payment": {"amount": 1.5E2},
                "lines": [{"sku": "P", "qty": 1e3}, {"sku": "Q", "qty": "1e3"}]}"#
            ),
            vec![
                "payment.amount: 1.5E2 is written with an exponent; write it as a plain decimal such as 1000 or 0.5",
                "lines[1].qty: 1e3 is written with an exponent; write it as a plain decimal such as 1000 or 0.5",
                "lines[2].qty: \"1e3\" is not a number",
            ]
        );
    }

    #[test]
    fn long_integers_are_exact_or_refused_never_rounded() {
        // Read exactly, then held to the domain's bounds: twelve integer digits at most.
        let order = ok(r#"{"customer": "C", "lines": [{"sku": "P", "qty": 999999999999}]}"#);
        assert_eq!(order.lines[0].qty.to_string(), "999999999999");
        assert_eq!(
            errors(r#"{"customer": "C", "lines": [{"sku": "P", "qty": 12345678901234567890}]}"#),
            vec!["lines[1].qty: 12345678901234567890 is larger than a shop can mean (at most 999999999999)"]
        );
        // Beyond a decimal's digits: refused, not rounded.
        assert_eq!(
            errors(r#"{"customer": "C", "lines": [{"sku": "P", "qty": 1234567890123456789012345678901}]}"#),
            vec!["lines[1].qty: 1234567890123456789012345678901 has too many digits to be kept exactly"]
        );
    }

    #[test]
    fn top_level_must_be_an_object() {
        for text in ["[]", "null", "42", "\"C001\"", "true", "[{\"customer\": \"C\"}]"] {
            assert_eq!(errors(text), vec!["(json): expected an object"], "{text}");
        }
    }

    #[test]
    fn lines_must_be_a_list_of_objects() {
        assert_eq!(errors(r#"{"customer": "C", "lines": {"sku": "P"}}"#), vec!["lines: expected a list"]);
        assert_eq!(
            errors(r#"{"customer": "C", "lines": [null, 5, "P001", [], {"sku": "P", "qty": 1}]}"#),
            vec![
                "lines[1]: expected an object",
                "lines[2]: expected an object",
                "lines[3]: expected an object",
                "lines[4]: expected an object",
            ]
        );
    }

    #[test]
    fn strings_decode_like_serde_json_and_bom_is_skipped() {
        let order = ok("\u{feff}{\"customer\": \"C\\u0030\\n\\\"x\\\" 张三\", \"note\": \"\\ud83d\\ude00\"}");
        assert_eq!(order.customer, "C0\n\"x\" 张三");
        assert_eq!(order.note, "😀");
    }

    #[test]
    fn messages_speak_chinese() {
        let found = parse_order("{}", Lang::Zh).expect_err("customer missing");
        assert_eq!(found, vec![JsonError { field: "customer".into(), message: "必填".into() }]);
        let found = parse_order("{", Lang::Zh).expect_err("malformed");
        assert!(found[0].message.starts_with("JSON 格式有误："), "{found:?}");
        assert_eq!(found[0].to_string(), format!("(json): {}", found[0].message));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let deep_open = "[".repeat(100_000);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let deep_objects = format!(r#"{{"customer": "C", "note": {}1{}}}"#, "[".repeat(100), "]".repeat(100));
        let long_key = format!(r#"{{"{}": 1}}"#, "k".repeat(500));
        let inputs = [
            "",
            " ",
            "\u{feff}",
            "null",
            "[]",
            "{}",
            "{\"lines\": [null]}",
            "{\"lines\": {}}",
            "{\"lines\": [{}]}",
            "{\"customer\": \"\\ud800\"}",
            "{\"customer\": \"\\u0000\"}",
            "{\"customer\": \"a\u{0}b\"}",
            "1e400",
            "{\"customer\": \"C\", \"lines\": [{\"sku\": \"P\", \"qty\": 1e400}]}",
            "-",
            "\"\\",
            "{\"a\":",
            "{\"payment\": {\"method\": null, \"amount\": \"\"}}",
            "{\"customer\": \"C\", \"lines\": [{\"sku\": \"P\", \"qty\": \"\u{ff11}\u{ff12}\u{ff0e}\u{ff15}\"}]}",
            deep_open.as_str(),
            deep.as_str(),
            deep_objects.as_str(),
            long_key.as_str(),
        ];
        for text in inputs {
            for lang in [Lang::En, Lang::Zh] {
                if let Err(found) = parse_order(text, lang) {
                    assert!(!found.is_empty(), "{text:?}");
                }
            }
        }
        assert_eq!(errors("{\"lines\": [null]}"), vec!["customer: required", "lines[1]: expected an object"]);
    }

    #[test]
    fn reader_keeps_number_text_and_entry_order() {
        let mut reader = Reader { text: r#" {"b": [1.50, -0, 2E+3], "a": {"x": null}, "b": true} "#, pos: 0, depth: 0 };
        let value = reader.value().expect("valid JSON");
        assert_eq!(
            value,
            Json::Object(vec![
                ("b".into(), Json::Array(vec![Json::Number("1.50".into()), Json::Number("-0".into()), Json::Number("2E+3".into()),])),
                ("a".into(), Json::Object(vec![("x".into(), Json::Null)])),
                ("b".into(), Json::Bool(true)),
            ])
        );
    }
}
