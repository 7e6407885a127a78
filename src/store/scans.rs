//! The background scans of docs/cli.md ("Findings, check codes and scan codes"): each a set-based, indexed query that finds every
//! subject whose condition holds now; `run_scans` opens new exceptions and resolves those whose
//! condition has cleared, one code at a time, in one transaction.

use super::exceptions::{Detected, SyncCount, sync_tx};
use super::{Result, Store, money, qty};
use crate::domain::Code;
use crate::domain::money::{fmt_money, fmt_qty};
use crate::i18n::{Lang, Tx, checks as text};
use crate::store::db::params;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What one scan run did, per code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanReport {
    pub per_code: BTreeMap<&'static str, SyncCount>,
}

impl ScanReport {
    /// Exceptions opened in total.
    pub fn opened(&self) -> usize {
        self.per_code.values().map(|count| count.opened).sum()
    }

    /// Exceptions resolved in total.
    pub fn resolved(&self) -> usize {
        self.per_code.values().map(|count| count.resolved).sum()
    }
}

/// What one scan found: the subjects whose condition holds, out of `within` (the subjects
/// looked at, when only some were; None: every subject of the code).
#[derive(Debug, Clone)]
pub struct ScanHits {
    pub code: Code,
    pub hits: Vec<Detected>,
    pub within: Option<Vec<String>>,
}

fn detected(
    code: Code,
    kind: &'static str,
    subject: String,
    customer: String,
    entered_by: String,
    tx_text: Tx,
    args: &[(&str, String)],
) -> Detected {
    let display: Vec<(&str, &dyn std::fmt::Display)> = args.iter().map(|(name, value)| (*name, value as &dyn std::fmt::Display)).collect();
    let (severity, approvable) = code.default_rule();
    Detected {
        code,
        severity,
        approvable,
        subject_kind: kind,
        subject,
        line: None,
        customer_code: customer,
        entered_by,
        message_en: tx_text.fill(Lang::En, &display),
        message_zh: tx_text.fill(Lang::Zh, &display),
    }
}

/// Why an exception of a scan code resolved itself.
fn clear_reason(code: Code) -> &'static str {
    match code {
        Code::OrderNotConfirmed => "condition cleared: the order was confirmed or cancelled",
        Code::OrderNotShipped => "condition cleared: the order was shipped, re-dated or cancelled",
        Code::InvoiceNotIssued => "condition cleared: the shipped goods were invoiced",
        Code::InvoiceMismatch => "condition cleared: the invoice now matches the shipped lines",
        Code::InvoiceOverdue => "condition cleared: the invoice was paid",
        Code::PaymentUnmatched => "condition cleared: the payments no longer exceed the invoice",
        Code::StockOutOfSync => "condition cleared: on hand matches the ledger again",
        Code::StockBelowReorder => "condition cleared: stock arrived",
        Code::DeliveryNotConfirmed => "condition cleared: the delivery was recorded (signed slip back)",
        _ => "condition cleared",
    }
}

impl Store {
    fn days_ago(&self, today: NaiveDate, key: &str) -> Result<String> {
        let days: i64 = self.get_setting(key)?.parse().unwrap_or(0);
        Ok((today - chrono::Duration::days(days)).to_string())
    }

    /// Every subject whose scan condition holds on `today`, per code. INVOICE_MISMATCH looks
    /// only at the invoices written since the last scan (migration 0011), and says which.
    pub fn detect_scans(&self, today: NaiveDate) -> Result<Vec<ScanHits>> {
        let today_text = today.to_string();
        let mut all = vec![];

        // Missed orders: entered `scans.confirm_within_days` or more days ago and still not confirmed.
        let cutoff = self.days_ago(today, "scans.confirm_within_days")?;
        let mut statement = self.db.prepare_cached(
            "SELECT number, customer_code, created_by, substr(created_at, 1, 10), status FROM orders
             WHERE status IN ('awaiting_correction', 'awaiting_approval', 'awaiting_restock', 'open') AND substr(created_at, 1, 10) <= ?1
             ORDER BY id",
        )?;
        let hits = statement
            .query_map([&cutoff], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .map(|row| {
                row.map(|(number, customer, by, date, status)| {
                    detected(
                        Code::OrderNotConfirmed,
                        "order",
                        number.clone(),
                        customer,
                        by,
                        text::SCAN_ORDER_NOT_CONFIRMED,
                        &[("number", number), ("date", date), ("status", status)],
                    )
                })
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::OrderNotConfirmed, hits, within: None });

        // Confirmed orders past their delivery date, not fully shipped.
        let mut statement = self.db.prepare_cached(
            "SELECT number, customer_code, created_by, delivery_date FROM orders
             WHERE status IN ('confirmed', 'partially_shipped') AND delivery_date IS NOT NULL AND delivery_date < ?1
             ORDER BY id",
        )?;
        let hits = statement
            .query_map([&today_text], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, String>(3)?))
            })?
            .map(|row| {
                row.map(|(number, customer, by, date)| {
                    detected(
                        Code::OrderNotShipped,
                        "order",
                        number.clone(),
                        customer,
                        by,
                        text::SCAN_ORDER_NOT_SHIPPED,
                        &[("number", number), ("date", date)],
                    )
                })
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::OrderNotShipped, hits, within: None });

        // Shipped goods not invoiced within `scans.invoice_within_days`.
        let cutoff = self.days_ago(today, "scans.invoice_within_days")?;
        let mut statement = self.db.prepare_cached(
            "SELECT o.number, o.customer_code, o.created_by,
                    (SELECT MIN(s.shipped_on) FROM shipments s WHERE s.order_id = o.id
                       AND s.shipped_on >= COALESCE((SELECT MAX(i.issue_date) FROM invoices i WHERE i.order_id = o.id AND i.void = 0), '')) AS first_open,
                    (SELECT SUM((l.shipped_qty - l.invoiced_qty) * l.line_total / l.qty) FROM order_lines l WHERE l.order_id = o.id AND l.qty > 0) AS value
             FROM orders o
             WHERE o.status IN ('partially_shipped', 'shipped')
               AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.shipped_qty > l.invoiced_qty)
             ORDER BY o.id",
        )?;
        let hits = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                ))
            })?
            .filter_map(|row| match row {
                Ok((number, customer, by, Some(date), value)) if date <= cutoff => Some(Ok(detected(
                    Code::InvoiceNotIssued,
                    "order",
                    number.clone(),
                    customer,
                    by,
                    text::SCAN_INVOICE_NOT_ISSUED,
                    &[("number", number), ("date", date), ("value", fmt_money(money(value.unwrap_or(0))))],
                ))),
                Ok(_) => None,
                Err(error) => Some(Err(error)),
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::InvoiceNotIssued, hits, within: None });

        // Open invoices whose amount differs from the shipped lines they cover (prices as
        // ordered). Only the invoices noted since the last scan (an invoice or an order line it
        // covers written), or all open ones — driven from their partial index — when 0 is noted.
        let noted: Vec<i64> = self
            .db
            .prepare_cached("SELECT invoice_id FROM invoice_scan_dirty")?
            .query_map([], |row| row.get(0))?
            .collect::<crate::store::db::Result<_>>()?;
        let everything = noted.contains(&0);
        let invoices = if everything {
            "invoices i INDEXED BY invoices_open"
        } else {
            "invoice_scan_dirty d CROSS JOIN invoices i ON i.id = d.invoice_id"
        };
        let sql = format!(
            "SELECT i.number, c.code, o.created_by, i.subtotal, SUM(il.line_total),
                    SUM(CASE WHEN il.unit_price <> ol.unit_price OR il.discount_pct <> ol.discount_pct OR ol.invoiced_qty > ol.shipped_qty THEN 1 ELSE 0 END),
                    SUM(il.qty * ol.line_total / ol.qty)
             FROM {invoices} CROSS JOIN invoice_lines il ON il.invoice_id = i.id
             CROSS JOIN order_lines ol ON ol.id = il.order_line_id
             JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = i.customer_id
             WHERE i.void = 0 AND i.paid < i.total AND ol.qty > 0
             GROUP BY i.id, c.code, o.created_by
             ORDER BY i.id"
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let hits = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(5)?,
                    row.get::<_, i64>(6)?,
                ))
            })?
            .filter_map(|row| match row {
                Ok((number, customer, by, subtotal, lines_sum, differing, value)) if subtotal != lines_sum || differing > 0 => {
                    Some(Ok(detected(
                        Code::InvoiceMismatch,
                        "invoice",
                        number.clone(),
                        customer,
                        by,
                        text::SCAN_INVOICE_MISMATCH,
                        &[("number", number), ("amount", fmt_money(money(subtotal))), ("value", fmt_money(money(value)))],
                    )))
                }
                Ok(_) => None,
                Err(error) => Some(Err(error)),
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        let within = if everything {
            None
        } else {
            let mut statement =
                self.db.prepare_cached("SELECT i.number FROM invoice_scan_dirty d JOIN invoices i ON i.id = d.invoice_id ORDER BY i.id")?;
            Some(statement.query_map([], |row| row.get(0))?.collect::<crate::store::db::Result<Vec<String>>>()?)
        };
        all.push(ScanHits { code: Code::InvoiceMismatch, hits, within });

        // Invoices past due and not fully paid.
        let mut statement = self.db.prepare_cached(
            "SELECT i.number, c.code, i.due_date, i.total - i.paid FROM invoices i JOIN customers c ON c.id = i.customer_id
             WHERE i.void = 0 AND i.paid < i.total AND i.due_date < ?1 ORDER BY i.id",
        )?;
        let hits = statement
            .query_map([&today_text], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, i64>(3)?))
            })?
            .map(|row| {
                row.map(|(number, customer, due, balance)| {
                    detected(
                        Code::InvoiceOverdue,
                        "invoice",
                        number.clone(),
                        customer,
                        String::new(),
                        text::SCAN_INVOICE_OVERDUE,
                        &[("number", number), ("date", due), ("balance", fmt_money(money(balance)))],
                    )
                })
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::InvoiceOverdue, hits, within: None });

        // Over-payments.
        let mut statement = self.db.prepare_cached(
            "SELECT i.number, c.code, i.paid, i.total FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.void = 0 AND i.paid > i.total ORDER BY i.id",
        )?;
        let hits = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?)))?
            .map(|row| {
                row.map(|(number, customer, paid, total)| {
                    detected(
                        Code::PaymentUnmatched,
                        "invoice",
                        number.clone(),
                        customer,
                        String::new(),
                        text::SCAN_PAYMENT_UNMATCHED,
                        &[
                            ("number", number),
                            ("paid", fmt_money(money(paid))),
                            ("amount", fmt_money(money(total))),
                            ("over", fmt_money(money(paid - total))),
                        ],
                    )
                })
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::PaymentUnmatched, hits, within: None });

        // On hand differs from the ledger, or is negative.
        let hits = self
            .ledger_drift()?
            .into_iter()
            .map(|(sku, on_hand, ledger)| {
                if on_hand < rust_decimal::Decimal::ZERO && on_hand == ledger {
                    detected(
                        Code::StockOutOfSync,
                        "product",
                        sku.clone(),
                        String::new(),
                        String::new(),
                        text::SCAN_STOCK_NEGATIVE,
                        &[("sku", sku), ("on_hand", fmt_qty(on_hand))],
                    )
                } else {
                    detected(
                        Code::StockOutOfSync,
                        "product",
                        sku.clone(),
                        String::new(),
                        String::new(),
                        text::SCAN_STOCK_OUT_OF_SYNC,
                        &[("sku", sku), ("on_hand", fmt_qty(on_hand)), ("ledger", fmt_qty(ledger))],
                    )
                }
            })
            .collect();
        all.push(ScanHits { code: Code::StockOutOfSync, hits, within: None });

        // Available at or below a set reorder point.
        let mut statement = self.db.prepare_cached(
            "SELECT sku, name, on_hand - reserved, reorder_point FROM products WHERE active = 1 AND reorder_point > 0 AND on_hand - reserved <= reorder_point ORDER BY id",
        )?;
        let hits = statement
            .query_map(params![], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?))
            })?
            .map(|row| {
                row.map(|(sku, name, available, reorder)| {
                    detected(
                        Code::StockBelowReorder,
                        "product",
                        sku.clone(),
                        String::new(),
                        String::new(),
                        text::SCAN_STOCK_BELOW_REORDER,
                        &[("sku", sku), ("name", name), ("available", fmt_qty(qty(available))), ("reorder", fmt_qty(qty(reorder)))],
                    )
                })
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::StockBelowReorder, hits, within: None });

        // Shipments sent out whose signed slip is not back `scans.delivery_confirm_days` after
        // they left (through the partial index of those awaiting a signature).
        let cutoff = self.days_ago(today, "scans.delivery_confirm_days")?;
        let mut statement = self.db.prepare_cached(
            "SELECT s.number, o.number, o.customer_code, s.user_name, s.shipped_on FROM shipments s JOIN orders o ON o.id = s.order_id
             WHERE s.awaits_signature = 1 AND s.delivered_on IS NULL AND s.shipped_on < ?1 ORDER BY s.id",
        )?;
        let hits = statement
            .query_map([&cutoff], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .map(|row| {
                row.map(|(shipment, number, customer, by, date)| {
                    let days =
                        NaiveDate::parse_from_str(&date, "%Y-%m-%d").map(|day| (today - day).num_days().to_string()).unwrap_or_default();
                    detected(
                        Code::DeliveryNotConfirmed,
                        "shipment",
                        shipment.clone(),
                        customer,
                        by,
                        text::SCAN_DELIVERY_NOT_CONFIRMED,
                        &[("shipment", shipment), ("number", number), ("date", date), ("days", days)],
                    )
                })
            })
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        all.push(ScanHits { code: Code::DeliveryNotConfirmed, hits, within: None });
        Ok(all)
    }

    /// Run every scan and bring the exceptions in line, in one transaction.
    pub fn run_scans(&mut self, today: NaiveDate, now: &str, user: &str) -> Result<ScanReport> {
        // Detected inside the write transaction: a payment or shipment landing meanwhile is
        // either wholly before the scan or wholly after it, never half seen.
        let tx = self.write_tx()?;
        let found = self.detect_scans(today)?;
        let mut report = ScanReport::default();
        let today_text = today.to_string();
        for ScanHits { code, hits, within } in &found {
            let count = match within {
                None => sync_tx(&tx, &[*code], None, hits, clear_reason(*code), &today_text, now, user)?,
                Some(subjects) => {
                    let mut count = SyncCount::default();
                    for subject in subjects {
                        let mine: Vec<Detected> = hits.iter().filter(|hit| hit.subject == *subject).cloned().collect();
                        let one = sync_tx(&tx, &[*code], Some(subject), &mine, clear_reason(*code), &today_text, now, user)?;
                        count.opened += one.opened;
                        count.resolved += one.resolved;
                    }
                    count
                }
            };
            report.per_code.insert(code.as_str(), count);
        }
        tx.prepare_cached("DELETE FROM invoice_scan_dirty")?.execute([])?;
        tx.commit()?;
        Ok(report)
    }
}
