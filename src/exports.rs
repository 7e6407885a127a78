//! What `export` writes: each list as header + rows of text, in the import column order for
//! customers and products (so an export can be edited and imported back). No file I/O here:
//! `tabular::write_table` writes CSV or XLSX.

use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::Lang;
use crate::store::{self, Store};
use chrono::NaiveDate;

/// What an export writes: one of the shop's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum List {
    Customers,
    Products,
    Orders,
    Invoices,
    Exceptions,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be written (named in the message).
    #[error(transparent)]
    File(#[from] crate::tabular::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
}

fn opt_money(value: Option<rust_decimal::Decimal>) -> String {
    value.map(|v| v.normalize().to_string()).unwrap_or_default()
}

/// Write the list `kind` to `path` (CSV or XLSX by its extension); returns the number of rows.
/// The one export path of the window and the command line.
pub fn write(store: &Store, kind: List, path: &std::path::Path, today: NaiveDate, lang: Lang) -> Result<usize, Error> {
    let (headers, rows) = table(store, kind, today, lang)?;
    write_rows(path, &headers, &rows, lang)
}

/// Write a table the caller already holds (a view's rows as shown) to `path`, CSV or XLSX by
/// its extension; returns the number of rows.
pub fn write_rows(path: &std::path::Path, headers: &[String], rows: &[Vec<String>], lang: Lang) -> Result<usize, Error> {
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    crate::tabular::write_table_in(path, &headers, rows, lang)?;
    Ok(rows.len())
}

/// Header and rows of an export of `kind`.
pub fn table(store: &Store, kind: List, today: NaiveDate, lang: Lang) -> Result<(Vec<String>, Vec<Vec<String>>), Error> {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match kind {
        List::Customers => {
            let mut headers = strings(crate::tabular::CUSTOMER_COLUMNS);
            headers.extend(strings(crate::tabular::CUSTOMER_EXTRA_COLUMNS));
            let rows = store
                .list_customers()?
                .into_iter()
                .map(|c| {
                    vec![
                        c.code,
                        c.name,
                        c.phone,
                        c.address,
                        opt_money(c.credit_limit),
                        c.payment_terms_days.to_string(),
                        c.discount_pct.normalize().to_string(),
                        c.blocked.to_string(),
                        c.account.as_str().to_string(),
                        c.tax_id,
                    ]
                })
                .collect();
            Ok((headers, rows))
        }
        List::Products => {
            let mut headers = strings(crate::tabular::PRODUCT_COLUMNS);
            headers.extend(strings(crate::tabular::PRODUCT_EXTRA_COLUMNS));
            headers.extend(strings(crate::tabular::PRODUCT_EXPORT_ONLY_COLUMNS));
            let rows = store
                .list_products()?
                .into_iter()
                .map(|p| {
                    let available = p.available();
                    vec![
                        p.sku,
                        p.name,
                        p.spec,
                        p.unit,
                        p.price.normalize().to_string(),
                        opt_money(p.min_price),
                        opt_money(p.cost),
                        fmt_qty(p.on_hand),
                        fmt_qty(p.reorder_point),
                        p.active.to_string(),
                        p.divisible.to_string(),
                        p.barcode,
                        fmt_qty(p.reserved),
                        fmt_qty(available),
                    ]
                })
                .collect();
            Ok((headers, rows))
        }
        List::Orders => {
            let headers = strings(&[
                "number",
                "status",
                "customer",
                "customer_name",
                "order_date",
                "delivery_date",
                "priority",
                "total",
                "created_by",
            ]);
            let rows = store
                .list_orders(&store::orders::OrderFilter { limit: usize::MAX >> 1, ..Default::default() })?
                .into_iter()
                .map(|o| {
                    vec![
                        o.number,
                        o.status.to_string(),
                        o.customer_code,
                        o.customer_name,
                        o.order_date.to_string(),
                        o.delivery_date.map(|d| d.to_string()).unwrap_or_default(),
                        o.priority.to_string(),
                        fmt_money(o.total),
                        o.created_by,
                    ]
                })
                .collect();
            Ok((headers, rows))
        }
        List::Invoices => {
            let headers = strings(&[
                "number",
                "order",
                "customer",
                "customer_name",
                "status",
                "issue_date",
                "due_date",
                "subtotal",
                "tax",
                "amount",
                "paid",
                "balance",
                "void_reason",
            ]);
            let rows = store
                .list_invoices(usize::MAX >> 1)?
                .into_iter()
                .map(|i| {
                    vec![
                        i.number.clone(),
                        i.order_number.clone(),
                        i.customer_code.clone(),
                        i.customer_name.clone(),
                        i.status(today).to_string(),
                        i.issue_date.to_string(),
                        i.due_date.to_string(),
                        fmt_money(i.subtotal),
                        fmt_money(i.tax),
                        fmt_money(i.total),
                        fmt_money(i.paid),
                        fmt_money(i.balance()),
                        i.void_reason.clone(),
                    ]
                })
                .collect();
            Ok((headers, rows))
        }
        List::Exceptions => {
            let headers = strings(&[
                "id",
                "code",
                "severity",
                "status",
                "subject",
                "line",
                "customer",
                "entered_by",
                "department",
                "opened",
                "closed",
                "assignee",
                "root_cause",
                "corrective_action",
                "message",
                "history",
            ]);
            let list = store.list_exceptions(&store::exceptions::ExceptionFilter { all: true, ..Default::default() })?;
            let mut rows = Vec::with_capacity(list.len());
            for e in list {
                let history = store
                    .list_exception_events(e.id)?
                    .into_iter()
                    .map(|ev| format!("{} {} {} {}", ev.at, ev.user, ev.kind, ev.detail))
                    .collect::<Vec<_>>()
                    .join(" | ");
                rows.push(vec![
                    e.id.to_string(),
                    e.code.clone(),
                    e.severity.to_string(),
                    e.status.to_string(),
                    e.subject.clone(),
                    e.line.map(|l| l.to_string()).unwrap_or_default(),
                    e.customer_code.clone(),
                    e.entered_by.clone(),
                    e.department.to_string(),
                    e.opened.clone(),
                    e.closed_at.clone().unwrap_or_default(),
                    e.assignee.clone().unwrap_or_default(),
                    e.root_cause.map(|c| c.to_string()).unwrap_or_default(),
                    e.corrective_action.clone(),
                    if lang == Lang::Zh { e.message_zh.clone() } else { e.message_en.clone() },
                    history,
                ]);
            }
            Ok((headers, rows))
        }
    }
}
