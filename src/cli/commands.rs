//! The longer commands, each in its own function: import, export, config, show and the
//! exception steps.

use super::*;

pub(super) fn import(db: &Path, user: &str, today: NaiveDate, lang: Lang, kind: crate::tabular::Master, file: &Path) -> Outcome {
    let mut store = open_for_write(db)?;
    let ctx = context(&store, user, today, lang)?;
    let bar = progress(0, &file.display().to_string());
    let never = std::sync::atomic::AtomicBool::new(false);
    let result = ops::import_file(&mut store, &ctx, kind, file, &mut || bar.inc(1), &never);
    bar.finish_and_clear();
    let rows_failure =
        |errors: Vec<crate::tabular::RowError>| Failure { code: 2, lines: errors.iter().map(|e| e.to_string()).collect(), damage: None };
    match result {
        Ok(imported) => {
            for warning in imported.glyph_warnings.iter().chain(&imported.report.warnings) {
                eprintln!("{warning}");
            }
            if let Some(sheet) = &imported.sheet {
                println!("{}", text::IMPORT_SHEET.fill(lang, &[("file", &imported.file), ("sheet", sheet)]));
            }
            let report = &imported.report;
            println!(
                "{}",
                text::IMPORT_DONE
                    .fill(lang, &[("inserted", &report.inserted), ("updated", &report.updated), ("unchanged", &report.unchanged)])
            );
            Ok(0)
        }
        Err(ops::ImportFailure::Rows(errors)) => Err(rows_failure(errors)),
        Err(ops::ImportFailure::File(error)) => {
            Err(Failure { code: 2, lines: error.to_string().lines().map(String::from).collect(), damage: None })
        }
        Err(ops::ImportFailure::Ops(error)) => Err(error.into()),
        Err(ops::ImportFailure::Cancelled) => Err(Failure::refused("cancelled")),
    }
}

pub(super) fn export(db: &Path, today: NaiveDate, lang: Lang, kind: crate::exports::List, file: &Path) -> Outcome {
    let store = open(db)?;
    let count = crate::exports::write(&store, kind, file, today, lang).map_err(|error| match error {
        crate::exports::Error::Store(error) => error.into(),
        crate::exports::Error::File(error) => Failure::usage(error.to_string()),
    })?;
    println!("{} ({count})", file.display());
    Ok(0)
}

pub(super) fn config(db: &Path, user: &str, today: NaiveDate, lang: Lang, action: ConfigAction) -> Outcome {
    use crate::domain::settings::{Invalid, validate};
    let mut store = open_for_write(db)?;
    match action {
        ConfigAction::Get { key } => {
            if crate::domain::settings::lookup(&key).is_none() {
                return Err(Failure::usage(text::UNKNOWN_KEY.fill(lang, &[("key", &key)])));
            }
            println!("{}", store.get_setting(&key)?);
        }
        ConfigAction::Set { key, value } => {
            let ctx = context(&store, user, today, lang)?;
            let normalised = match validate(&key, &value) {
                Ok(normalised) => normalised,
                Err(Invalid::UnknownKey) => return Err(Failure::usage(text::UNKNOWN_KEY.fill(lang, &[("key", &key)]))),
                Err(Invalid::BadValue(expected)) => {
                    return Err(Failure::usage(
                        text::BAD_VALUE.fill(lang, &[("key", &key), ("value", &format!("\"{value}\"")), ("expected", &expected)]),
                    ));
                }
            };
            ctx.require(crate::domain::Permission::ChangeSettings)?;
            store.set_setting(&key, &normalised, &ctx.user, &ctx.now)?;
            println!("{key} = {normalised}");
        }
        ConfigAction::List => {
            for setting in crate::domain::settings::SETTINGS {
                println!("{} = {}", setting.key, store.get_setting(setting.key)?);
            }
            for code in Code::live_checks() {
                let key = format!("rules.{code}.severity");
                let value = store.get_setting(&key)?;
                let (severity, _) = code.default_rule();
                println!("{key} = {}", if value.is_empty() { format!("{severity} (default)") } else { value });
            }
        }
    }
    Ok(0)
}

pub(super) fn show(db: &Path, today: NaiveDate, lang: Lang, number: &str, json: bool) -> Outcome {
    let store = open(db)?;
    let number = number.trim();
    if number.starts_with("INV-") {
        let invoice = store.get_invoice(number)?;
        if json {
            print_json(&json!({
                "kind": "invoice",
                "number": invoice.number,
                "order": invoice.order_number,
                "customer": invoice.customer_code,
                "status": invoice.status(today),
                "issue_date": invoice.issue_date.to_string(),
                "due_date": invoice.due_date.to_string(),
                "subtotal": fmt_money(invoice.subtotal),
                "tax": fmt_money(invoice.tax),
                "amount": fmt_money(invoice.total),
                "paid": fmt_money(invoice.paid),
                "refunded": fmt_money(store.refunded(invoice.id)?),
                "voided_on": invoice.voided_on.map(|day| day.to_string()),
            }));
        } else {
            println!("{} {} {} {}", invoice.number, invoice.status(today), invoice.order_number, invoice.customer_name);
            println!(
                "issued {} due {}  amount {} paid {}",
                invoice.issue_date,
                invoice.due_date,
                fmt_money(invoice.total),
                fmt_money(invoice.paid)
            );
            if let Some(day) = invoice.voided_on {
                println!("voided {day}: {}", invoice.void_reason);
            }
        }
        return Ok(0);
    }
    let order = store.get_order(number)?;
    let findings = ops::current_findings(&store, &order, today)?;
    let (invoiced, paid) = store.order_money(order.id)?;
    let deposits = store.order_deposit_sums(order.id)?;
    if json {
        print_json(&json!({
            "kind": "order",
            "number": order.number,
            "status": order.status.as_str(),
            "customer": order.customer_code,
            "order_date": order.order_date.to_string(),
            "delivery_date": order.delivery_date.map(|d| d.to_string()),
            "delivery": order.delivery.as_str(),
            "priority": order.priority.as_str(),
            "payment": {
                "method": order.payment_method.map(|method| method.as_str()),
                "reference": order.payment_reference,
                "amount": order.payment_amount.map(fmt_money),
            },
            "lines": order.lines.iter().map(|l| json!({
                "sku": l.sku,
                "qty": fmt_qty(l.qty),
                "shipped_qty": fmt_qty(l.shipped_qty),
                "invoiced_qty": fmt_qty(l.invoiced_qty),
                "unit_price": fmt_money(l.unit_price),
                "discount_pct": fmt_qty(l.discount_pct),
                "line_total": fmt_money(l.line_total),
                "gift": l.gift,
            })).collect::<Vec<_>>(),
            "totals": {"subtotal": fmt_money(order.subtotal), "tax": fmt_money(order.tax), "total": fmt_money(order.total)},
            "invoiced": fmt_money(invoiced),
            "paid": fmt_money(paid),
            "deposit": {
                "taken": fmt_money(deposits.taken),
                "applied": fmt_money(deposits.applied),
                "refunded": fmt_money(deposits.refunded),
                "unapplied": fmt_money(deposits.unapplied()),
            },
            "findings": findings.iter().map(|f| finding_json(f, lang)).collect::<Vec<_>>(),
        }));
    } else {
        println!("{} {} {} {} {}", order.number, order.status, order.customer_code, order.customer_name, order.order_date);
        for line in &order.lines {
            println!(
                "  {:>3} {:<10} {:>8} {:>10} {:>6}% {:>12}  shipped {}{}",
                line.line_no,
                line.sku,
                fmt_qty(line.qty),
                fmt_money(line.unit_price),
                fmt_qty(line.discount_pct),
                fmt_money(line.line_total),
                fmt_qty(line.shipped_qty),
                if line.gift { "  (gift)" } else { "" }
            );
        }
        print_findings(&findings, &Totals { subtotal: order.subtotal, tax: order.tax, total: order.total }, lang);
        println!("invoiced {}  paid {}", fmt_money(invoiced), fmt_money(paid));
        if deposits.taken > Decimal::ZERO {
            println!(
                "deposit {}  applied {}  refunded {}  unapplied {}",
                fmt_money(deposits.taken),
                fmt_money(deposits.applied),
                fmt_money(deposits.refunded),
                fmt_money(deposits.unapplied())
            );
        }
    }
    Ok(0)
}

pub(super) fn exception(db: &Path, user: &str, today: NaiveDate, lang: Lang, id: i64, action: ExceptionAction) -> Outcome {
    let mut store = open_for_write(db)?;
    let ctx = context(&store, user, today, lang)?;
    let step = match action {
        ExceptionAction::Show { json } => {
            let exception = store.get_exception(id)?;
            let events = store.list_exception_events(id)?;
            if json {
                let mut value = exception_json(&exception, lang);
                value["history"] =
                    Value::Array(events.iter().map(|e| json!({"at": e.at, "user": e.user, "kind": e.kind, "detail": e.detail})).collect());
                print_json(&value);
            } else {
                println!("{} {} {} {}", exception.id, exception.code, exception.status, exception.subject);
                println!("{}", if lang == Lang::Zh { &exception.message_zh } else { &exception.message_en });
                for event in events {
                    println!("  {} {:<10} {:<14} {}", event.at, event.user, event.kind, event.detail);
                }
            }
            return Ok(0);
        }
        ExceptionAction::Assign { who } => Handle::Assign(who),
        ExceptionAction::Comment { text: note } => Handle::Comment(note),
        ExceptionAction::Start => Handle::Start,
        ExceptionAction::Resolve { cause, action, note } => {
            let cause = RootCause::parse(&cause).ok_or_else(|| Failure::usage(crate::i18n::ops::CAUSE_REQUIRED.get(lang)))?;
            Handle::Resolve { cause, cause_note: note, action }
        }
        ExceptionAction::Waive { reason } => Handle::Waive(reason),
    };
    let updated = ops::handle_exception(&mut store, &ctx, id, step)?;
    println!("{} {}", updated.id, updated.status);
    Ok(0)
}
