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
//!
//! Reading is in `read`, writing in `write`, the import formats in `rules`; this file holds the
//! errors and the table type they share, and the tests of all three.

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

mod read;
mod rules;
mod write;

pub use read::*;
pub use rules::*;
pub use write::*;

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
             P001,螺丝,M4×20,盒,12.50,10,8.2,100,20,是,否,6901234567892,5,95\n",
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
                barcode: Some("6901234567892".to_string()),
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
        sheet.write_number(1, 5, 6_901_234_567_892.0).expect("cell");
        workbook.save(&path).expect("saved");

        let table = read_table(&path).expect("read");
        assert_eq!(table.rows, vec![(2, strings(&["P1", "Bolt", "12.5", "3", "true", "6901234567892"]))]);
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
            rows: vec![(2, strings(&["C1", "A", "", "", "", "", "", "", "", ""]))],
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
