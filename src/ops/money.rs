//! Money: issue an invoice for what was shipped, payments (one invoice or one amount split
//! oldest-due-first), refunds and voids, each logged.

use super::*;

/// An issued invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub number: String,
    pub amount: Decimal,
    pub due_date: NaiveDate,
}

/// Invoice what has shipped and is not yet invoiced on an order.
pub fn invoice(store: &mut Store, ctx: &Ctx, number: &str) -> Result<Issued> {
    ctx.require(Permission::Invoice)?;
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    let Some(customer_id) = order.customer_id else {
        return Err(ctx.refuse(text::INVOICE_NO_CUSTOMER, &[("number", &order.number)]));
    };
    let customer = store.get_customer(customer_id)?;
    let lines: Vec<LineToInvoice> = order
        .lines
        .iter()
        .filter(|l| l.shipped_qty > l.invoiced_qty)
        .map(|l| {
            let qty = l.shipped_qty - l.invoiced_qty;
            LineToInvoice {
                order_line_id: l.id,
                qty,
                unit_price: l.unit_price,
                discount_pct: l.discount_pct,
                line_total: line_total(qty, l.unit_price, l.discount_pct),
            }
        })
        .collect();
    if lines.is_empty() {
        return Err(ctx.refuse(text::INVOICE_NOTHING, &[("number", &order.number)]));
    }
    let sums = totals(lines.iter().map(|l| l.line_total), store.tax_rule()?);
    let due_date = ctx.today + chrono::Duration::days(customer.payment_terms_days);
    let head = InvoiceHead {
        order_id: order.id,
        customer_id,
        issue_date: ctx.today,
        due_date,
        subtotal: sums.subtotal,
        tax: sums.tax,
        total: sums.total,
    };
    let invoice_number = store::invoices::insert_invoice_tx(&tx, &head, &lines, &ctx.user, &ctx.now)?;
    let fresh = store::orders::get_order_tx(&tx, &order.number)?;
    if order.status == OrderStatus::Shipped && fresh.lines.iter().all(|l| l.invoiced_qty >= l.qty) {
        store::orders::set_status_tx(&tx, order.id, OrderStatus::Invoiced, &ctx.now)?;
    }
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "invoiced", &format!("{invoice_number}: {}", fmt_money(sums.total)))?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "invoice", &invoice_number, "issue", "", &fmt_money(sums.total))?;
    tx.commit()?;
    Ok(Issued { number: invoice_number, amount: sums.total, due_date })
}

/// Record a payment against an invoice. More than its open balance is refused (naming the
/// balance), read inside the write transaction, so a double click or two terminals cannot take
/// one payment twice.
pub fn pay(
    store: &mut Store,
    ctx: &Ctx,
    invoice_number: &str,
    amount: Decimal,
    method: crate::domain::PaymentMethod,
    reference: &str,
) -> Result<()> {
    pay_many(store, ctx, &[(invoice_number.to_string(), amount)], method, reference)
}

/// One payment spread over several invoices (`domain::payments::split_payment`), recorded in one
/// write transaction: every share is checked against its invoice's open balance read inside it,
/// and if any is refused none is recorded — a customer's one payment is never half booked.
pub fn pay_many(
    store: &mut Store,
    ctx: &Ctx,
    shares: &[(String, Decimal)],
    method: crate::domain::PaymentMethod,
    reference: &str,
) -> Result<()> {
    ctx.require(Permission::RecordPayments)?;
    for (_, amount) in shares {
        bounded(ctx, *amount, bounds::Kind::Amount, "AMOUNT")?;
    }
    let tx = store.write_tx()?;
    for (invoice_number, amount) in shares {
        pay_tx(store, &tx, ctx, invoice_number, *amount, method, reference)?;
    }
    tx.commit()?;
    Ok(())
}

/// One payment on one invoice inside the caller's write transaction.
pub(super) fn pay_tx(
    store: &Store,
    tx: &store::WriteTx<'_>,
    ctx: &Ctx,
    invoice_number: &str,
    amount: Decimal,
    method: crate::domain::PaymentMethod,
    reference: &str,
) -> Result<()> {
    let invoice = store.get_invoice(invoice_number)?;
    if invoice.void {
        return Err(ctx.refuse(text::INVOICE_VOID, &[("number", &invoice.number)]));
    }
    if amount > invoice.balance() {
        return Err(ctx.refuse(
            text::PAY_TOO_MUCH,
            &[("number", &invoice.number), ("amount", &fmt_money(amount)), ("balance", &fmt_money(invoice.balance()))],
        ));
    }
    store::invoices::insert_payment_tx(tx, &invoice, ctx.today, amount, method.as_str(), reference.trim(), &ctx.user, &ctx.now)?;
    // The order is paid once it is fully invoiced and every invoice is paid.
    let order = store::orders::get_order_tx(tx, &invoice.order_number)?;
    let (invoiced, paid) = store::invoices::order_money_tx(tx, order.id)?;
    if order.status == OrderStatus::Invoiced && paid >= invoiced {
        store::orders::set_status_tx(tx, order.id, OrderStatus::Paid, &ctx.now)?;
    }
    let detail = format!("{}: {} {} {}", invoice.number, fmt_money(amount), method, reference.trim());
    log_money_tx(tx, ctx, order.id, &invoice, "payment", &detail, invoice.paid + amount)?;
    Ok(())
}

/// Record money given back on an invoice: at most what is paid on it (read inside the write
/// transaction). The invoice's paid figure goes down by the refund, so the customer's balance
/// shows it; a paid order whose invoice is no longer settled goes back to invoiced.
pub fn refund(
    store: &mut Store,
    ctx: &Ctx,
    invoice_number: &str,
    amount: Decimal,
    method: crate::domain::PaymentMethod,
    reason: &str,
) -> Result<Decimal> {
    ctx.require(Permission::RecordPayments)?;
    bounded(ctx, amount, bounds::Kind::Amount, "AMOUNT")?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    let tx = store.write_tx()?;
    let invoice = store.get_invoice(invoice_number)?;
    if amount > invoice.paid {
        return Err(ctx.refuse(
            text::REFUND_TOO_MUCH,
            &[("number", &invoice.number), ("amount", &fmt_money(amount)), ("paid", &fmt_money(invoice.paid.max(Decimal::ZERO)))],
        ));
    }
    store::invoices::insert_refund_tx(&tx, &invoice, ctx.today, amount, method.as_str(), reason.trim(), &ctx.user, &ctx.now)?;
    let order = store::orders::get_order_tx(&tx, &invoice.order_number)?;
    if order.status == OrderStatus::Paid {
        store::orders::set_status_tx(&tx, order.id, OrderStatus::Invoiced, &ctx.now)?;
    }
    let detail = format!("{}: {} {} — reason: {}", invoice.number, fmt_money(amount), method, reason.trim());
    log_money_tx(&tx, ctx, order.id, &invoice, "refund", &detail, invoice.paid - amount)?;
    tx.commit()?;
    Ok(invoice.paid - amount)
}

/// The order's history row and the audit entry of money taken or given back on an invoice:
/// the invoice's paid figure before and after.
pub(super) fn log_money_tx(
    tx: &store::WriteTx<'_>,
    ctx: &Ctx,
    order_id: i64,
    invoice: &store::invoices::Invoice,
    kind: &str,
    detail: &str,
    paid_after: Decimal,
) -> Result<()> {
    store::orders::add_event_tx(tx, order_id, &ctx.now, &ctx.user, kind, detail)?;
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "invoice", &invoice.number, kind, &fmt_money(invoice.paid), &fmt_money(paid_after))?;
    Ok(())
}

/// Void an invoice with a reason: it stays in history, and its goods can be invoiced again.
/// Refused while payments remain on it (naming them): refund them first, so no money vanishes.
pub fn void_invoice(store: &mut Store, ctx: &Ctx, invoice_number: &str, reason: &str) -> Result<()> {
    ctx.require(Permission::Invoice)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    let tx = store.write_tx()?;
    let invoice = store.get_invoice(invoice_number)?;
    if invoice.void {
        return Err(ctx.refuse(text::INVOICE_VOID, &[("number", &invoice.number)]));
    }
    if invoice.paid > Decimal::ZERO {
        let payments = store
            .list_payments(invoice.id)?
            .iter()
            .map(|p| format!("{} {} {}", p.paid_on, fmt_money(p.amount), p.method))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ctx
            .refuse(text::VOID_HAS_PAYMENTS, &[("number", &invoice.number), ("paid", &fmt_money(invoice.paid)), ("payments", &payments)]));
    }
    store::invoices::void_invoice_tx(&tx, invoice.id, reason.trim())?;
    let order = store::orders::get_order_tx(&tx, &invoice.order_number)?;
    if matches!(order.status, OrderStatus::Invoiced | OrderStatus::Paid) {
        store::orders::set_status_tx(&tx, order.id, OrderStatus::Shipped, &ctx.now)?;
    }
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "invoice_void", &format!("{}: {}", invoice.number, reason.trim()))?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "invoice", &invoice.number, "void", "issued", reason.trim())?;
    tx.commit()?;
    Ok(())
}
