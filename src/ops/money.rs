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
    // Under the tax rule the order was priced under, whatever the setting says today.
    let sums = totals(lines.iter().map(|l| l.line_total), order.tax_rule);
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
    // A deposit taken on the order pays the new invoice as far as it goes.
    apply_deposits_tx(store, &tx, ctx, order.id, &order.number)?;
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
    store::invoices::insert_payment_tx(tx, &invoice, ctx.today, amount, method.as_str(), reference.trim(), &ctx.user, &ctx.now, None)?;
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
    may_give_back(ctx, amount, reason)?;
    let tx = store.write_tx()?;
    let invoice = store.get_invoice(invoice_number)?;
    if amount > invoice.paid {
        return Err(ctx.refuse(
            text::REFUND_TOO_MUCH,
            &[("number", &invoice.number), ("amount", &fmt_money(amount)), ("paid", &fmt_money(invoice.paid.max(Decimal::ZERO)))],
        ));
    }
    store::invoices::insert_refund_tx(&tx, &invoice, ctx.today, amount, method.as_str(), reason.trim(), &ctx.user, &ctx.now, None)?;
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
    // What a deposit paid goes back to the deposit (the next invoice takes it); only money paid
    // otherwise must be refunded before the void.
    let shares = store::deposits::deposit_shares_tx(&tx, invoice.id)?;
    let from_deposits: Decimal = shares.iter().map(|(_, amount)| *amount).sum();
    if invoice.paid - from_deposits > Decimal::ZERO {
        let payments = store
            .list_payments(invoice.id)?
            .iter()
            .map(|p| format!("{} {} {}", p.paid_on, fmt_money(p.amount), p.method))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ctx
            .refuse(text::VOID_HAS_PAYMENTS, &[("number", &invoice.number), ("paid", &fmt_money(invoice.paid)), ("payments", &payments)]));
    }
    let order = store::orders::get_order_tx(&tx, &invoice.order_number)?;
    // At most what is still paid on it: money of a deposit already refunded in cash off this
    // invoice stays refunded.
    let mut left = invoice.paid.max(Decimal::ZERO);
    for (deposit, share) in shares.iter().filter(|(_, amount)| *amount > Decimal::ZERO) {
        let amount = &(*share).min(left);
        if amount.is_zero() {
            continue;
        }
        left -= *amount;
        let why = format!("returned to deposit #{} on void: {}", deposit.id, reason.trim());
        store::deposits::return_to_deposit_tx(&tx, deposit, &invoice, ctx.today, *amount, &why, (&ctx.user, &ctx.now))?;
        let detail = format!("{}: {} back to deposit #{}", invoice.number, fmt_money(*amount), deposit.id);
        store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "deposit_returned", &detail)?;
    }
    store::invoices::void_invoice_tx(&tx, invoice.id, reason.trim(), ctx.today)?;
    if matches!(order.status, OrderStatus::Invoiced | OrderStatus::Paid) {
        store::orders::set_status_tx(&tx, order.id, OrderStatus::Shipped, &ctx.now)?;
    }
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "invoice_void", &format!("{}: {}", invoice.number, reason.trim()))?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "invoice", &invoice.number, "void", "issued", reason.trim())?;
    tx.commit()?;
    Ok(())
}

/// Money given back (an invoice's refund, a deposit's): by whom may, an amount within bounds, and
/// always with a reason.
fn may_give_back(ctx: &Ctx, amount: Decimal, reason: &str) -> Result<()> {
    ctx.require(Permission::RecordPayments)?;
    bounded(ctx, amount, bounds::Kind::Amount, "AMOUNT")?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    Ok(())
}

/// A deposit is money in hand: not on account and not cash on delivery.
fn deposit_method(ctx: &Ctx, method: crate::domain::PaymentMethod) -> Result<()> {
    use crate::domain::PaymentMethod;
    if matches!(method, PaymentMethod::Credit | PaymentMethod::Cod) {
        return Err(ctx.refuse(text::DEPOSIT_METHOD, &[("method", &crate::i18n::labels::payment_method(method, ctx.lang))]));
    }
    Ok(())
}

/// Take a deposit (订金) on an order: at most what is still open on it (its total less what is
/// paid on its invoices and the deposits it already holds), read inside the write transaction.
/// It goes onto the order's open invoices at once, first one first; what is left waits for the
/// next invoice. Returns the order's deposits after it.
pub fn deposit(
    store: &mut Store,
    ctx: &Ctx,
    number: &str,
    amount: Decimal,
    method: crate::domain::PaymentMethod,
    reference: &str,
) -> Result<store::deposits::DepositSums> {
    ctx.require(Permission::RecordPayments)?;
    bounded(ctx, amount, bounds::Kind::Amount, "AMOUNT")?;
    deposit_method(ctx, method)?;
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    if order.status == OrderStatus::Cancelled {
        return Err(ctx.refuse_state(&order, text::DO_DEPOSIT));
    }
    let Some(customer_id) = order.customer_id else {
        return Err(ctx.refuse(text::INVOICE_NO_CUSTOMER, &[("number", &order.number)]));
    };
    let (_, paid) = store::invoices::order_money_tx(&tx, order.id)?;
    let before = store.order_deposit_sums(order.id)?;
    let open = (order.total - paid - before.unapplied()).max(Decimal::ZERO);
    if amount > open {
        return Err(
            ctx.refuse(text::DEPOSIT_TOO_MUCH, &[("number", &order.number), ("amount", &fmt_money(amount)), ("open", &fmt_money(open))])
        );
    }
    record_deposit_tx(store, &tx, ctx, &order, customer_id, amount, method, reference)?;
    let after = store.order_deposit_sums(order.id)?;
    tx.commit()?;
    Ok(after)
}

/// Record a deposit on a saved order inside the caller's transaction (the `deposit` command and
/// a prepayment given with the order), with its history and audit rows, then put it onto the
/// order's open invoices.
#[allow(clippy::too_many_arguments)]
pub(super) fn record_deposit_tx(
    store: &Store,
    tx: &store::WriteTx<'_>,
    ctx: &Ctx,
    order: &Order,
    customer_id: i64,
    amount: Decimal,
    method: crate::domain::PaymentMethod,
    reference: &str,
) -> Result<()> {
    let before = store.order_deposit_sums(order.id)?;
    store::deposits::insert_deposit_tx(
        tx,
        order.id,
        customer_id,
        ctx.today,
        amount,
        method.as_str(),
        reference.trim(),
        &ctx.user,
        &ctx.now,
    )?;
    let detail = format!("{} {} {}", fmt_money(amount), method, reference.trim());
    store::orders::add_event_tx(tx, order.id, &ctx.now, &ctx.user, "deposit", detail.trim())?;
    store::audit::append_tx(
        tx,
        &ctx.now,
        &ctx.user,
        "order",
        &order.number,
        "deposit",
        &fmt_money(before.unapplied()),
        &fmt_money(before.unapplied() + amount),
    )?;
    apply_deposits_tx(store, tx, ctx, order.id, &order.number)?;
    Ok(())
}

/// Put an order's unapplied deposits onto its open invoices: the first invoice first, the
/// oldest deposit first. Each share is a payment naming its deposit; an order whose invoices are
/// then all paid (and which is fully invoiced) becomes paid.
pub(super) fn apply_deposits_tx(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, order_id: i64, number: &str) -> Result<()> {
    let mut deposits: Vec<store::deposits::Deposit> =
        store.order_deposits(order_id)?.into_iter().filter(|deposit| deposit.unapplied() > Decimal::ZERO).collect();
    if deposits.is_empty() {
        return Ok(());
    }
    let invoices = store.list_order_invoices(order_id)?;
    let mut applied_any = false;
    for invoice in invoices.iter().filter(|invoice| !invoice.void) {
        let mut open = invoice.balance();
        let paid_before = invoice.paid;
        for deposit in deposits.iter_mut() {
            let share = open.min(deposit.unapplied());
            if share <= Decimal::ZERO {
                continue;
            }
            store::deposits::apply_deposit_tx(tx, deposit, invoice, ctx.today, share, (&ctx.user, &ctx.now))?;
            deposit.applied += share;
            open -= share;
            let detail = format!("{}: {} deposit #{}", invoice.number, fmt_money(share), deposit.id);
            log_money_tx(tx, ctx, order_id, invoice, "deposit_applied", &detail, paid_before + (invoice.balance() - open))?;
            applied_any = true;
        }
    }
    if applied_any {
        let order = store::orders::get_order_tx(tx, number)?;
        let (invoiced, paid) = store::invoices::order_money_tx(tx, order_id)?;
        if order.status == OrderStatus::Invoiced && paid >= invoiced {
            store::orders::set_status_tx(tx, order_id, OrderStatus::Paid, &ctx.now)?;
        }
    }
    Ok(())
}

/// Give back money of an order's unapplied deposit (`refund ORDER AMOUNT`): at most what no
/// invoice has taken, read inside the write transaction; the latest deposit first. Returns what
/// is left unapplied.
pub fn refund_deposit(
    store: &mut Store,
    ctx: &Ctx,
    number: &str,
    amount: Decimal,
    method: crate::domain::PaymentMethod,
    reason: &str,
) -> Result<Decimal> {
    may_give_back(ctx, amount, reason)?;
    deposit_method(ctx, method)?;
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    let deposits = store.order_deposits(order.id)?;
    let unapplied: Decimal = deposits.iter().map(|deposit| deposit.unapplied()).sum();
    if unapplied <= Decimal::ZERO {
        return Err(ctx.refuse(crate::i18n::cli::NO_DEPOSIT, &[("number", &order.number)]));
    }
    if amount > unapplied {
        return Err(ctx.refuse(
            text::DEPOSIT_REFUND_TOO_MUCH,
            &[("number", &order.number), ("amount", &fmt_money(amount)), ("unapplied", &fmt_money(unapplied))],
        ));
    }
    let mut left = amount;
    for deposit in deposits.iter().rev() {
        let share = left.min(deposit.unapplied());
        if share <= Decimal::ZERO {
            continue;
        }
        store::deposits::refund_deposit_tx(&tx, deposit, ctx.today, share, method.as_str(), reason.trim(), &ctx.user, &ctx.now)?;
        left -= share;
    }
    let detail = format!("{} {} — reason: {}", fmt_money(amount), method, reason.trim());
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "deposit_refund", &detail)?;
    store::audit::append_tx(
        &tx,
        &ctx.now,
        &ctx.user,
        "order",
        &order.number,
        "deposit_refund",
        &fmt_money(unapplied),
        &fmt_money(unapplied - amount),
    )?;
    tx.commit()?;
    Ok(unapplied - amount)
}
