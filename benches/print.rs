//! PDF printing on the large demo database, in Chinese (the demo shop's language; CJK glyphs are
//! subset into every PDF): one order slip and one dispatch slip of a 10-line order, one dispatch
//! slip including loading the order from the database (what a click on "Print" costs), and
//! 1,000 dispatch slips in one PDF, both from prepared print data and including loading the
//! 1,000 orders. The size of the 1,000-slip PDF is printed once.
//!
//! The demo writes orders of 1–8 lines, so the 10-line document is the first 8-line order of
//! the database topped up with real lines of the newest orders (subtotal and total recomputed);
//! the layout code only lays out what it is given.
//!
//! Run: `cargo bench --bench print`.

mod support;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use kaidan::documents;
use kaidan::i18n::Lang;
use kaidan::print::{Company, OrderDoc, PaperSize, Printer};
use kaidan::store::Store;
use rusqlite::OptionalExtension;
use std::hint::black_box;
use std::time::Instant;

const LANG: Lang = Lang::Zh;
const SLIP_LINES: usize = 10;
const BATCH: usize = 1_000;

/// The number of the first order with the most lines (at most 8 in the demo).
fn longest_order(store: &Store) -> String {
    let conn = store.connection();
    for line_no in (1..=8_i64).rev() {
        let found: Option<String> = conn
            .query_row(
                "SELECT o.number FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.line_no = ?1 ORDER BY l.id LIMIT 1",
                [line_no],
                |row| row.get(0),
            )
            .optional()
            .expect("query an order by line count");
        if let Some(number) = found {
            return number;
        }
    }
    panic!("the bench database has no order lines");
}

/// The newest `count` order numbers.
fn newest_orders(store: &Store, count: usize) -> Vec<String> {
    let mut statement = store.connection().prepare("SELECT number FROM orders ORDER BY id DESC LIMIT ?1").expect("prepare the order query");
    let numbers: Vec<String> = statement
        .query_map([count as i64], |row| row.get(0))
        .expect("query the newest orders")
        .collect::<rusqlite::Result<Vec<String>>>()
        .expect("read the newest orders");
    numbers
}

/// Print data of one stored order, as `documents::print` builds it.
fn doc_of(store: &Store, number: &str) -> OrderDoc {
    let order = store.get_order(number).unwrap_or_else(|error| panic!("order {number}: {error}"));
    documents::order_doc(store, &order, LANG, 0).unwrap_or_else(|error| panic!("print data of {number}: {error}"))
}

/// A 10-line order document (see the module docs).
fn ten_line_doc(store: &Store, base: &str) -> OrderDoc {
    let mut doc = doc_of(store, base);
    if doc.lines.len() < SLIP_LINES {
        for number in newest_orders(store, 50) {
            if doc.lines.len() >= SLIP_LINES {
                break;
            }
            if number == base {
                continue;
            }
            for line in doc_of(store, &number).lines {
                if doc.lines.len() < SLIP_LINES {
                    doc.lines.push(line);
                }
            }
        }
    }
    doc.lines.truncate(SLIP_LINES);
    assert_eq!(doc.lines.len(), SLIP_LINES, "could not gather {SLIP_LINES} order lines");
    doc.subtotal = doc.lines.iter().map(|line| line.line_total).sum();
    doc.total = doc.subtotal + doc.tax;
    doc
}

/// One dispatch slip straight from the database: load the order, build its print data, render.
fn dispatch_from_db(store: &Store, printer: &Printer, company: &Company, paper: PaperSize, number: &str) -> Vec<u8> {
    let doc = doc_of(store, number);
    printer.dispatch_slips(std::slice::from_ref(&doc), company, paper, LANG).expect("dispatch slip")
}

/// 1,000 dispatch slips straight from the database.
fn batch_from_db(store: &Store, printer: &Printer, company: &Company, paper: PaperSize, numbers: &[String]) -> Vec<u8> {
    let docs: Vec<OrderDoc> = numbers.iter().map(|number| doc_of(store, number)).collect();
    printer.dispatch_slips(&docs, company, paper, LANG).expect("1,000 dispatch slips")
}

fn print(c: &mut Criterion) {
    let path = support::large_db();
    let store = support::open(&path);
    let started = Instant::now();
    let printer = Printer::new().expect("the bundled fonts load");
    eprintln!("kaidan bench: Printer::new took {}", support::ms(started.elapsed()));
    let company = documents::company(&store).expect("company settings");
    let paper = documents::paper(&store).expect("paper setting");

    let base = longest_order(&store);
    let ten = ten_line_doc(&store, &base);
    let numbers = newest_orders(&store, BATCH);
    assert_eq!(numbers.len(), BATCH, "the bench database must have {BATCH} orders");
    let batch: Vec<OrderDoc> = numbers.iter().map(|number| doc_of(&store, number)).collect();
    let batch_lines: usize = batch.iter().map(|doc| doc.lines.len()).sum();

    // Once, for the report: sizes and a first (cold) timing.
    let order_slip = printer.order_slips(std::slice::from_ref(&ten), &company, paper, LANG).expect("order slip");
    let dispatch_slip = printer.dispatch_slips(std::slice::from_ref(&ten), &company, paper, LANG).expect("dispatch slip");
    eprintln!(
        "kaidan bench: 10-line slips on {} ({} lines, base {base}): order slip {}, dispatch slip {}",
        paper.code(),
        ten.lines.len(),
        support::size_text(order_slip.len() as u64),
        support::size_text(dispatch_slip.len() as u64)
    );
    let started = Instant::now();
    let pdf = printer.dispatch_slips(&batch, &company, paper, LANG).expect("1,000 dispatch slips");
    eprintln!(
        "kaidan bench: {BATCH} dispatch slips ({batch_lines} lines, newest orders) in one PDF: {} in {:.2} s (first run)",
        support::size_text(pdf.len() as u64),
        started.elapsed().as_secs_f64()
    );
    drop(pdf);

    let mut group = c.benchmark_group("print one slip");
    group.bench_function("order slip, 10 lines", |b| {
        b.iter(|| printer.order_slips(std::slice::from_ref(black_box(&ten)), &company, paper, LANG).expect("order slip"))
    });
    group.bench_function("dispatch slip, 10 lines", |b| {
        b.iter(|| printer.dispatch_slips(std::slice::from_ref(black_box(&ten)), &company, paper, LANG).expect("dispatch slip"))
    });
    group.bench_function("dispatch slip from the database (get_order + order_doc + PDF)", |b| {
        b.iter(|| dispatch_from_db(&store, &printer, &company, paper, black_box(&base)))
    });
    group.finish();

    let mut group = c.benchmark_group("print batch");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("1,000 dispatch slips in one PDF", |b| {
        b.iter(|| printer.dispatch_slips(black_box(&batch), &company, paper, LANG).expect("1,000 dispatch slips"))
    });
    group.bench_function("1,000 dispatch slips from the database", |b| {
        b.iter(|| batch_from_db(&store, &printer, &company, paper, black_box(&numbers)))
    });
    group.finish();
}

criterion_group!(benches, print);
criterion_main!(benches);
