//! The import formats of customers and products: their columns (English or Chinese headers),
//! and every row checked field by field, each problem named by file, row and field.

use super::*;

/// Customer columns of the import/export format, in contract order. `code` and `name` are
/// required on import; [`CUSTOMER_EXTRA_COLUMNS`] are accepted too.
pub const CUSTOMER_COLUMNS: &[&str] =
    &["code", "name", "phone", "address", "credit_limit", "payment_terms_days", "discount_pct", "blocked", "account"];

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
    pub account: Option<crate::domain::master::Account>,
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
pub(super) enum Col {
    Code,
    Name,
    Phone,
    Address,
    TaxId,
    CreditLimit,
    PaymentTermsDays,
    DiscountPct,
    Blocked,
    Account,
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
    pub(super) const fn name(self) -> &'static str {
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
            Col::Account => "account",
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
pub(super) struct ColumnSpec {
    pub(super) col: Col,
    /// Chinese header alias.
    pub(super) zh: &'static str,
    pub(super) required: bool,
    /// False for export-only columns that an import accepts and ignores.
    pub(super) importable: bool,
}

impl ColumnSpec {
    pub(super) const fn new(col: Col, zh: &'static str, required: bool) -> ColumnSpec {
        ColumnSpec { col, zh, required, importable: true }
    }

    pub(super) const fn ignored(col: Col, zh: &'static str) -> ColumnSpec {
        ColumnSpec { col, zh, required: false, importable: false }
    }
}

pub(super) const CUSTOMER_SPECS: &[ColumnSpec] = &[
    ColumnSpec::new(Col::Code, "编码", true),
    ColumnSpec::new(Col::Name, "名称", true),
    ColumnSpec::new(Col::Phone, "电话", false),
    ColumnSpec::new(Col::Address, "地址", false),
    ColumnSpec::new(Col::CreditLimit, "信用额度", false),
    ColumnSpec::new(Col::PaymentTermsDays, "账期天数", false),
    ColumnSpec::new(Col::DiscountPct, "折扣", false),
    ColumnSpec::new(Col::Blocked, "停用", false),
    ColumnSpec::new(Col::Account, "结算方式", false),
    ColumnSpec::new(Col::TaxId, "税号", false),
];

pub(super) const PRODUCT_SPECS: &[ColumnSpec] = &[
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
pub(super) struct Layout {
    pub(super) found: HashMap<Col, (usize, String)>,
    /// Columns whose header cell is empty.
    pub(super) unnamed: Vec<usize>,
}

pub(super) fn row_error(file: &str, row: usize, field: &str, reason: String) -> RowError {
    RowError { file: file.to_string(), row, field: field.to_string(), reason }
}

/// The accepted columns, for the "unknown column" message.
pub(super) fn expected_columns(specs: &[ColumnSpec], lang: Lang) -> String {
    let importable = specs.iter().filter(|spec| spec.importable);
    match lang {
        Lang::En => importable.map(|spec| spec.col.name()).collect::<Vec<_>>().join(", "),
        Lang::Zh => importable.map(|spec| format!("{}({})", spec.zh, spec.col.name())).collect::<Vec<_>>().join("、"),
    }
}

/// Match the header row against `specs`; header problems are reported at row 1. A column
/// without a header is an error only once a row has data in it (see [`RowParser`]).
pub(super) fn map_headers(table: &Table, specs: &[ColumnSpec], lang: Lang, errors: &mut Vec<RowError>) -> Layout {
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
pub(super) enum Parsed<T> {
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
    pub(super) fn value(self) -> Option<T> {
        match self {
            Parsed::Value(value) => Some(value),
            Parsed::Absent | Parsed::Empty | Parsed::Bad => None,
        }
    }

    /// For clearable fields: absent (or invalid) → `None`, empty → `Some(None)`.
    pub(super) fn clearable(self) -> Option<Option<T>> {
        match self {
            Parsed::Absent | Parsed::Bad => None,
            Parsed::Empty => Some(None),
            Parsed::Value(value) => Some(Some(value)),
        }
    }
}

/// A value quoted in a message, cut to a readable length.
pub(super) fn shown(text: &str) -> String {
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
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "是" => Some(true),
        "false" | "0" | "no" | "n" | "否" => Some(false),
        _ => None,
    }
}

/// Digits with an optional leading `+`, spaces, dashes and brackets; 5 to 20 digits.
pub(super) fn valid_phone(text: &str) -> bool {
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
pub(super) fn without_negative_zero(value: Decimal) -> Decimal {
    if value.is_zero() { value.abs() } else { value }
}

/// Reads and checks the cells of one row, collecting errors.
pub(super) struct RowCheck<'a> {
    pub(super) file: &'a str,
    pub(super) row: usize,
    pub(super) cells: &'a [String],
    pub(super) layout: &'a Layout,
    pub(super) lang: Lang,
    pub(super) errors: &'a mut Vec<RowError>,
}

impl<'a> RowCheck<'a> {
    /// The trimmed cell of `col`; `None` when the column is absent, `""` when the row is short.
    pub(super) fn raw(&self, col: Col) -> Option<&'a str> {
        let layout: &'a Layout = self.layout;
        let cells: &'a [String] = self.cells;
        let (index, _) = layout.found.get(&col)?;
        Some(cells.get(*index).map_or("", |cell| cell.trim()))
    }

    /// The column name for messages: as written in the file, else canonical.
    pub(super) fn field(&self, col: Col) -> String {
        self.layout.found.get(&col).map_or_else(|| col.name().to_string(), |(_, header)| header.clone())
    }

    pub(super) fn fail(&mut self, col: Col, reason: String) {
        let field = self.field(col);
        self.errors.push(RowError { file: self.file.to_string(), row: self.row, field, reason });
    }

    /// A row with more non-empty cells than the header has columns is an error.
    pub(super) fn check_width(&mut self, columns: usize) {
        let used = self.cells.iter().rposition(|cell| !cell.trim().is_empty()).map_or(0, |last| last + 1);
        if used > columns {
            let reason = msg::TOO_MANY_CELLS.fill(self.lang, &[("cells", &used), ("columns", &columns)]);
            self.errors.push(row_error(self.file, self.row, "", reason));
        }
    }

    pub(super) fn text(&self, col: Col) -> Parsed<String> {
        match self.raw(col) {
            None => Parsed::Absent,
            Some("") => Parsed::Empty,
            Some(value) => Parsed::Value(value.to_string()),
        }
    }

    /// A text that must not be empty. `None` (without a row error) when the column is absent:
    /// that was reported once at row 1.
    pub(super) fn required_text(&mut self, col: Col) -> Option<String> {
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
    pub(super) fn key(&mut self, col: Col, seen: &mut foldhash::HashMap<String, usize>) -> Option<String> {
        let value = self.required_text(col)?;
        if let Some(first) = seen.get(&value).copied() {
            let reason = msg::DUPLICATE_KEY.fill(self.lang, &[("value", &shown(&value)), ("first", &first)]);
            self.fail(col, reason);
            return None;
        }
        seen.insert(value.clone(), self.row);
        Some(value)
    }

    pub(super) fn decimal(&mut self, col: Col) -> Parsed<Decimal> {
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

    pub(super) fn non_negative(&mut self, col: Col) -> Parsed<Decimal> {
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

    pub(super) fn in_range(&mut self, col: Col, min: Decimal, max: Decimal) -> Parsed<Decimal> {
        let text = self.raw(col).unwrap_or("");
        match self.decimal(col) {
            Parsed::Value(number) if number < min || number > max => {
                self.out_of_range(col, text, &min, &max);
                Parsed::Bad
            }
            other => other,
        }
    }

    pub(super) fn whole_in_range(&mut self, col: Col, min: i64, max: i64) -> Parsed<i64> {
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

    pub(super) fn out_of_range(&mut self, col: Col, text: &str, min: &dyn fmt::Display, max: &dyn fmt::Display) {
        let reason = msg::OUT_OF_RANGE.fill(self.lang, &[("value", &shown(text)), ("min", min), ("max", max)]);
        self.fail(col, reason);
    }

    pub(super) fn boolean(&mut self, col: Col) -> Parsed<bool> {
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

    pub(super) fn account(&mut self, col: Col) -> Parsed<crate::domain::master::Account> {
        match self.raw(col) {
            None => Parsed::Absent,
            Some("") => Parsed::Empty,
            Some(value) => match crate::domain::master::Account::parse(value) {
                Some(account) => Parsed::Value(account),
                None => {
                    let reason = msg::NOT_AN_ACCOUNT.fill(self.lang, &[("value", &shown(value))]);
                    self.fail(col, reason);
                    Parsed::Bad
                }
            },
        }
    }

    pub(super) fn phone(&mut self, col: Col) -> Parsed<String> {
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
    pub(super) file: String,
    pub(super) width: usize,
    pub(super) layout: Layout,
    pub(super) lang: Lang,
    pub(super) seen: foldhash::HashMap<String, usize>,
    pub(super) unnamed_reported: Vec<usize>,
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

    pub(super) fn new(head: &Table, specs: &[ColumnSpec], lang: Lang) -> (RowParser, Vec<RowError>) {
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
    pub(super) fn row_check<'a>(
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
        let account = check.account(Col::Account).value();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(match (code, name) {
            (Some(code), Some(name)) => Some(CustomerRecord {
                row,
                code,
                name,
                phone,
                address,
                tax_id,
                credit_limit,
                payment_terms_days,
                discount_pct,
                blocked,
                account,
            }),
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
        let barcode = check.text(Col::Barcode).value().and_then(|list| match crate::domain::barcode::normalise(&list) {
            Ok(list) => Some(list),
            Err((code, problem)) => {
                let several = crate::domain::barcode::split(&list).len() > 1;
                let reason = if several { format!("{code}: {}", problem.reason(lang)) } else { problem.reason(lang) };
                check.fail(Col::Barcode, reason);
                None
            }
        });
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
