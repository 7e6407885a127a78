//! Orders from typing to confirmation: price and check an order, submit, amend (with its
//! reason), split a backorder, approve a block, confirm (reserving stock), cancel, and the
//! re-check of waiting orders when the day or the data moved.

use super::*;

/// An order priced and checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub priced: PricedOrder,
    pub findings: Vec<Finding>,
    /// What the checks knew about the customer (credit, exposure, overdue): the customer card.
    pub customer: Option<crate::domain::checks::CustomerFacts>,
    /// What this customer paid for each product of the order on their latest orders of it
    /// (newest first, at most three), by SKU: the order form shows them on each line.
    pub last_prices: std::collections::HashMap<String, Vec<crate::domain::checks::LastPrice>>,
}

impl Checked {
    /// No block finding at all.
    pub fn ok(&self) -> bool {
        !self.findings.iter().any(|finding| finding.severity == Severity::Block)
    }
}

/// Price an input with the customer's terms and the catalogue (the same pricing a check uses).
pub fn price(store: &Store, input: &OrderInput, today: NaiveDate) -> Result<PricedOrder> {
    let context = load_context(store, input, today, None)?;
    price_from(store, input, today, &context)
}

/// The check context for an input: loaded from its customer, SKUs and date.
pub(super) fn load_context(
    store: &Store,
    input: &OrderInput,
    today: NaiveDate,
    editing: Option<i64>,
) -> Result<crate::domain::checks::CheckContext> {
    let sketch = price_order(input, today, Decimal::ZERO, Default::default(), |_| None);
    Ok(store.load_check_context(&sketch, editing, today)?)
}

/// Price an input from the terms and prices a check context holds: the one pricing path.
pub(super) fn price_from(
    store: &Store,
    input: &OrderInput,
    today: NaiveDate,
    context: &crate::domain::checks::CheckContext,
) -> Result<PricedOrder> {
    let discount = context.customer.as_ref().map(|customer| customer.discount_pct).unwrap_or_default();
    let mut priced = price_order(input, today, discount, store.tax_rule()?, |sku| {
        context.products.get(sku).map(|product| PriceFacts { catalogue_price: product.price, agreed_price: product.agreed_price })
    });
    // A payment method left out is the customer's habit: cash (现结) or on account (月结).
    if let Some(customer) = &context.customer {
        let payment = priced.payment.get_or_insert_with(Default::default);
        payment.method.get_or_insert(customer.account.default_payment());
    }
    Ok(priced)
}

/// Put the SKU of each line that gave a barcode (lines `barcode_lines`, their `sku` holding the
/// barcode) in its place; a barcode no product carries stays as typed, so the checks say the
/// product is unknown, naming it.
pub fn resolve_barcodes(store: &Store, input: &mut OrderInput, barcode_lines: &[usize]) -> Result<()> {
    for &index in barcode_lines {
        let Some(line) = input.lines.get_mut(index) else { continue };
        if let Some(product) = store.get_product_by_barcode(&line.sku)? {
            line.sku = product.sku;
        }
    }
    Ok(())
}

/// Run every live check on an input without saving anything (`check`, and the GUI as you type).
pub fn check_order(store: &Store, input: &OrderInput, today: NaiveDate, editing: Option<i64>) -> Result<Checked> {
    // The context holds the prices and terms too: load it once (from the customer, SKUs and
    // date of the input), then price from it, so a check reads the database in one pass.
    let context = load_context(store, input, today, editing)?;
    let priced = price_from(store, input, today, &context)?;
    let findings = run_checks(&priced, &context);
    let last_prices = context.products.into_iter().map(|(sku, facts)| (sku, facts.last_prices)).collect();
    Ok(Checked { priced, findings, customer: context.customer, last_prices })
}

/// Whether an approval recorded for this order still covers `finding`.
pub(super) fn is_approved(approvals: &[store::orders::Approval], finding: &Finding) -> bool {
    approvals.iter().any(|approval| finding.approved_by(&approval.fingerprint))
}

/// The exceptions a saved order's findings stand for (blocks and warnings, not yet approved).
pub(super) fn order_detections(
    number: &str,
    customer: &str,
    author: &str,
    findings: &[Finding],
    approvals: &[store::orders::Approval],
) -> Vec<Detected> {
    findings
        .iter()
        .filter(|finding| finding.severity != Severity::Info && !is_approved(approvals, finding))
        .map(|finding| Detected {
            code: finding.code,
            severity: finding.severity,
            approvable: finding.approvable,
            subject_kind: "order",
            subject: number.to_string(),
            line: finding.line.map(|line| line as i64),
            customer_code: customer.to_string(),
            entered_by: author.to_string(),
            message_en: finding.message.render(Lang::En),
            message_zh: finding.message.render(Lang::Zh),
        })
        .collect()
}

/// The outcome of saving an order.
#[derive(Debug, Clone)]
pub struct Saved {
    pub number: String,
    pub status: OrderStatus,
    pub totals: Totals,
    pub findings: Vec<Finding>,
}

/// Save a new order whatever its checks find (nothing typed is lost), in the state its findings
/// prescribe, opening an exception per block or warning.
pub fn submit_order(store: &mut Store, ctx: &Ctx, input: &OrderInput) -> Result<Saved> {
    // The checks (credit exposure, stock, duplicates) read inside the write transaction, so
    // two counters submitting at once judge each other's orders.
    let tx = store.write_tx()?;
    let saved = submit_order_tx(store, &tx, ctx, input)?;
    tx.commit()?;
    Ok(saved)
}

/// [`submit_order`] inside the caller's write transaction.
pub(super) fn submit_order_tx(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, input: &OrderInput) -> Result<Saved> {
    use chrono::Datelike;
    ctx.require(Permission::EnterOrders)?;
    let checked = check_order(store, input, ctx.today, None)?;
    ensure_within_bounds(&checked.priced, ctx.lang)?;
    let status = status_from_findings(&checked.findings, |_| false);
    let customer_id = store.get_customer_by_code(&checked.priced.customer)?.map(|c| c.id);
    let number = store::next_number_tx(tx, "order", "SO", checked.priced.order_date.year())?;
    let write = OrderWrite { priced: &checked.priced, customer_id, status, user: &ctx.user, now: &ctx.now };
    let id = store::orders::insert_order_tx(tx, &number, &write)?;
    store::orders::add_event_tx(
        tx,
        id,
        &ctx.now,
        &ctx.user,
        "created",
        &format!("status={}; total={}", status, fmt_money(checked.priced.totals.total)),
    )?;
    let detections = order_detections(&number, &checked.priced.customer, &ctx.user, &checked.findings, &[]);
    sync_tx(tx, Code::live_checks(), Some(&number), &detections, "", &ctx.today.to_string(), &ctx.now, &ctx.user)?;
    store::note_checked_on_tx(tx, checked_day(ctx))?;
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "order", &number, "create", "", status.as_str())?;
    record_prepayment_tx(store, tx, ctx, &number, &checked.priced)?;
    Ok(Saved { number, status, totals: checked.priced.totals, findings: checked.findings })
}

/// A prepayment given with the order (the form's Prepaid field, ORDER.json `payment.amount`, by a
/// method that is money in hand) is the money the credit check counted: record what of it the
/// order's deposits do not hold yet as a deposit, so the books see it too.
pub(super) fn record_prepayment_tx(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, number: &str, priced: &PricedOrder) -> Result<()> {
    use crate::domain::PaymentMethod;
    let Some(payment) = &priced.payment else { return Ok(()) };
    let Some(method) = payment.method.filter(|method| !matches!(method, PaymentMethod::Credit | PaymentMethod::Cod)) else { return Ok(()) };
    let Some(amount) = payment.amount.filter(|amount| *amount > Decimal::ZERO) else { return Ok(()) };
    let order = store::orders::get_order_tx(tx, number)?;
    let Some(customer_id) = order.customer_id else { return Ok(()) };
    let held = store.order_deposit_sums(order.id)?;
    // Never more than is still open on the order: a slip of the finger (12500 for 125) is not
    // booked as money held (PAYMENT_AMOUNT_MISMATCH says the figures differ).
    let (_, paid) = store::invoices::order_money_tx(tx, order.id)?;
    let open = (order.total - paid - held.unapplied()).max(Decimal::ZERO);
    let more = (amount - held.taken).min(open);
    if more > Decimal::ZERO {
        super::money::record_deposit_tx(store, tx, ctx, &order, customer_id, more, method, &payment.reference)?;
    }
    Ok(())
}

/// A readable list of what changed between two versions of an order (for the revision history).
pub(super) fn describe_changes(before: &Order, after: &PricedOrder) -> String {
    let mut changes = vec![];
    if before.customer_code != after.customer {
        changes.push(format!("customer {} → {}", before.customer_code, after.customer));
    }
    if before.order_date != after.order_date {
        changes.push(format!("order_date {} → {}", before.order_date, after.order_date));
    }
    if before.delivery_date != after.delivery_date {
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        changes.push(format!("delivery_date {} → {}", show(before.delivery_date), show(after.delivery_date)));
    }
    let old_lines: Vec<String> = before
        .lines
        .iter()
        .map(|l| format!("{}×{}@{}-{}%", l.sku, fmt_qty(l.qty), fmt_money(l.unit_price), fmt_qty(l.discount_pct)))
        .collect();
    let new_lines: Vec<String> = after
        .lines
        .iter()
        .map(|l| format!("{}×{}@{}-{}%", l.sku, fmt_qty(l.qty), fmt_money(l.unit_price), fmt_qty(l.discount_pct)))
        .collect();
    if old_lines != new_lines {
        changes.push(format!("lines [{}] → [{}]", old_lines.join(", "), new_lines.join(", ")));
    }
    if before.total != after.totals.total {
        changes.push(format!("total {} → {}", fmt_money(before.total), fmt_money(after.totals.total)));
    }
    if before.note != after.note {
        changes.push(format!("note \"{}\" → \"{}\"", before.note, after.note));
    }
    if changes.is_empty() { "no change".into() } else { changes.join("; ") }
}

/// Edit a saved order. Before confirmation the checks re-run and the state follows them. A
/// confirmed order may be amended with a reason: reservations are released, checks and
/// approvals run again, and it stays confirmed only if nothing blocks it.
pub fn update_order(store: &mut Store, ctx: &Ctx, number: &str, input: &OrderInput, expected_version: i64, reason: &str) -> Result<Saved> {
    let tx = store.write_tx()?;
    let saved = update_order_tx(store, &tx, ctx, number, input, expected_version, reason)?;
    tx.commit()?;
    Ok(saved)
}

/// [`update_order`] inside the caller's write transaction.
pub(super) fn update_order_tx(
    store: &Store,
    tx: &store::WriteTx<'_>,
    ctx: &Ctx,
    number: &str,
    input: &OrderInput,
    expected_version: i64,
    reason: &str,
) -> Result<Saved> {
    ctx.require(Permission::EnterOrders)?;
    let order = store.get_order(number)?;
    let amendment = order.status == OrderStatus::Confirmed;
    if !order.status.is_pre_confirmation() && !amendment {
        return Err(ctx.refuse_state(&order, text::DO_EDIT));
    }
    if amendment && reason.trim().is_empty() {
        return Err(ctx.refuse(text::AMEND_REASON, &[("number", &order.number)]));
    }
    // A confirmed order whose shipped goods all came back keeps its shipments' history on its
    // lines: it is not rewritten (cancel it, or take a new order).
    if amendment && store::orders::has_shipments_tx(tx, order.id)? {
        return Err(ctx.refuse(text::AMEND_AFTER_SHIPMENT, &[("number", &order.number)]));
    }
    let checked = check_order(store, input, ctx.today, Some(order.id))?;
    ensure_within_bounds(&checked.priced, ctx.lang)?;
    if amendment {
        ensure_not_below_shipped(ctx, &order, &checked.priced)?;
    }
    let approvals = store.list_approvals(order.id)?;
    let mut status = status_from_findings(&checked.findings, |finding| is_approved(&approvals, finding));
    if amendment && status != OrderStatus::AwaitingCorrection && status != OrderStatus::AwaitingApproval {
        status = OrderStatus::Confirmed;
    }
    let customer_id = store.get_customer_by_code(&checked.priced.customer)?.map(|c| c.id);
    if customer_id != order.customer_id && store.order_deposit_sums(order.id)?.taken > Decimal::ZERO {
        return Err(ctx.refuse(text::DEPOSIT_CUSTOMER, &[("number", &order.number), ("customer", &order.customer_code)]));
    }
    let changes = describe_changes(&order, &checked.priced);
    if amendment {
        for line in &order.lines {
            if let Some(product_id) = line.product_id {
                store::products::reserve_tx(tx, product_id, -(line.qty - line.shipped_qty))?;
            }
        }
    }
    let write = OrderWrite { priced: &checked.priced, customer_id, status, user: &ctx.user, now: &ctx.now };
    store::orders::update_order_tx(tx, &order, expected_version, &write)?;
    if status == OrderStatus::Confirmed {
        let fresh = store::orders::get_order_tx(tx, &order.number)?;
        for line in &fresh.lines {
            if let Some(product_id) = line.product_id {
                store::products::reserve_tx(tx, product_id, line.qty - line.shipped_qty)?;
            }
        }
    }
    let kind = if amendment { "amended" } else { "edited" };
    let detail = if reason.trim().is_empty() { changes.clone() } else { format!("{changes} — reason: {}", reason.trim()) };
    store::orders::add_event_tx(tx, order.id, &ctx.now, &ctx.user, kind, &detail)?;
    let detections = order_detections(&order.number, &checked.priced.customer, &order.created_by, &checked.findings, &approvals);
    sync_tx(
        tx,
        Code::live_checks(),
        Some(&order.number),
        &detections,
        "condition cleared: the order was corrected",
        &ctx.today.to_string(),
        &ctx.now,
        &ctx.user,
    )?;
    store::note_checked_on_tx(tx, checked_day(ctx))?;
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "order", &order.number, kind, order.status.as_str(), &format!("{status}; {detail}"))?;
    record_prepayment_tx(store, tx, ctx, &order.number, &checked.priced)?;
    Ok(Saved { number: order.number, status, totals: checked.priced.totals, findings: checked.findings })
}

/// Split the short part of a line off into a backorder, in one transaction: the backorder is
/// saved as a new order and, when the original is a saved order, the original is saved with
/// the line reduced — so the quantities of both add up to what was ordered before, never more.
/// `original` is the saved order's (number, version), None for a form not yet saved (then only
/// the backorder is written and the caller reduces its form).
pub fn split_backorder(
    store: &mut Store,
    ctx: &Ctx,
    original: Option<(&str, i64)>,
    kept: &OrderInput,
    backorder: &OrderInput,
    reason: &str,
) -> Result<Saved> {
    let tx = store.write_tx()?;
    if let Some((number, version)) = original {
        update_order_tx(store, &tx, ctx, number, kept, version, reason)?;
    }
    let saved = submit_order_tx(store, &tx, ctx, backorder)?;
    tx.commit()?;
    Ok(saved)
}

/// Turn a saved order back into input (to edit it, copy it as a new order, or re-check it).
pub fn order_to_input(order: &Order) -> OrderInput {
    use crate::domain::order::{LineInput, PaymentInput};
    OrderInput {
        customer: order.customer_code.clone(),
        order_date: Some(order.order_date),
        delivery_date: order.delivery_date,
        delivery: Some(order.delivery),
        priority: Some(order.priority),
        payment: (order.payment_method.is_some() || order.payment_amount.is_some()).then(|| PaymentInput {
            method: order.payment_method,
            reference: order.payment_reference.clone(),
            amount: order.payment_amount,
        }),
        note: order.note.clone(),
        lines: order
            .lines
            .iter()
            .map(|line| LineInput {
                sku: line.sku.clone(),
                qty: line.qty,
                unit_price: Some(line.unit_price),
                discount_pct: Some(line.discount_pct),
                line_total: None,
                gift: line.gift,
            })
            .collect(),
    }
}

/// The findings of a saved order as they stand today (for `show` and the order view).
pub fn current_findings(store: &Store, order: &Order, today: NaiveDate) -> Result<Vec<Finding>> {
    if matches!(order.status, OrderStatus::Cancelled) {
        return Ok(vec![]);
    }
    Ok(check_order(store, &order_to_input(order), today, Some(order.id))?.findings)
}

/// Approve an order's approvable blocks (all, or one code) as a manager or the owner who did
/// not enter it, with a reason.
pub fn approve(store: &mut Store, ctx: &Ctx, number: &str, reason: &str, code: Option<Code>) -> Result<OrderStatus> {
    let tx = store.write_tx()?;
    let status = approve_tx(store, &tx, ctx, number, reason, code)?;
    tx.commit()?;
    Ok(status)
}

/// [`approve`] inside the caller's write transaction (also used when an approvable block is
/// waived or resolved from the inbox: that is an approval and follows the same rules).
pub(super) fn approve_tx(
    store: &Store,
    tx: &store::WriteTx<'_>,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    code: Option<Code>,
) -> Result<OrderStatus> {
    ctx.require(Permission::Approve)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    let order = store.get_order(number)?;
    if !order.status.is_pre_confirmation() {
        return Err(ctx.refuse_state(&order, text::DO_APPROVE));
    }
    if order.created_by == ctx.user {
        return Err(ctx.refuse(text::OWN_ORDER, &[("user", &ctx.user), ("number", &order.number)]));
    }
    let findings = current_findings(store, &order, ctx.today)?;
    let approvals = store.list_approvals(order.id)?;
    let targets: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Block && f.approvable && code.is_none_or(|c| c == f.code) && !is_approved(&approvals, f))
        .collect();
    if targets.is_empty() {
        let which = code.map(|c| format!(" ({})", crate::i18n::labels::code_title(c, ctx.lang))).unwrap_or_default();
        return Err(ctx.refuse(text::NOTHING_TO_APPROVE, &[("number", &order.number), ("which", &which)]));
    }
    if let Some(owner_only) = targets.iter().find(|f| f.owner_only)
        && ctx.role != Role::Owner
    {
        return Err(ctx.refuse(
            text::OWNER_ONLY,
            &[("code", &crate::i18n::labels::code_title(owner_only.code, ctx.lang)), ("number", &order.number)],
        ));
    }
    for finding in &targets {
        store::orders::add_approval_tx(tx, order.id, finding.code.as_str(), &finding.fingerprint(), &ctx.user, &ctx.now, reason.trim())?;
        store::orders::add_event_tx(
            tx,
            order.id,
            &ctx.now,
            &ctx.user,
            "approved",
            &format!("{}: {} — reason: {}", finding.code, finding.message.render(Lang::En), reason.trim()),
        )?;
    }
    let mut all_approvals = approvals.clone();
    all_approvals.extend(targets.iter().map(|f| store::orders::Approval {
        code: f.code.as_str().into(),
        fingerprint: f.fingerprint(),
        user: ctx.user.clone(),
        at: ctx.now.clone(),
        reason: reason.into(),
    }));
    let status = status_from_findings(&findings, |f| is_approved(&all_approvals, f));
    store::orders::set_status_tx(tx, order.id, status, &ctx.now)?;
    let detections = order_detections(&order.number, &order.customer_code, &order.created_by, &findings, &all_approvals);
    let reason_text = format!("approved by {}: {}", ctx.user, reason.trim());
    sync_tx(tx, Code::live_checks(), Some(&order.number), &detections, &reason_text, &ctx.today.to_string(), &ctx.now, &ctx.user)?;
    store::note_checked_on_tx(tx, checked_day(ctx))?;
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "order", &order.number, "approve", order.status.as_str(), status.as_str())?;
    Ok(status)
}

/// Confirm an order: refused while an unapproved block remains; reserves its stock.
pub fn confirm(store: &mut Store, ctx: &Ctx, number: &str) -> Result<OrderStatus> {
    ctx.require(Permission::EnterOrders)?;
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    if !order.status.is_pre_confirmation() {
        return Err(ctx.refuse_state(&order, text::DO_CONFIRM));
    }
    let findings = current_findings(store, &order, ctx.today)?;
    let approvals = store.list_approvals(order.id)?;
    if let Some(block) = findings.iter().find(|f| f.severity == Severity::Block && !(f.approvable && is_approved(&approvals, f))) {
        return Err(ctx.refuse(
            text::UNAPPROVED_BLOCK,
            &[
                ("number", &order.number),
                ("code", &crate::i18n::labels::code_title(block.code, ctx.lang)),
                ("message", &block.message.render(ctx.lang)),
            ],
        ));
    }
    for line in &order.lines {
        if let Some(product_id) = line.product_id {
            store::products::reserve_tx(&tx, product_id, line.qty)?;
        }
    }
    store::orders::confirm_tx(&tx, order.id, &ctx.now)?;
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "confirmed", "stock reserved")?;
    // What remains (warnings) has been seen and accepted by confirming.
    let detections = order_detections(&order.number, &order.customer_code, &order.created_by, &findings, &approvals)
        .into_iter()
        .filter(|d| d.code == Code::StockShort)
        .collect::<Vec<_>>();
    sync_tx(
        &tx,
        Code::live_checks(),
        Some(&order.number),
        &detections,
        &format!("accepted when {} confirmed the order", ctx.user),
        &ctx.today.to_string(),
        &ctx.now,
        &ctx.user,
    )?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "order", &order.number, "confirm", order.status.as_str(), "confirmed")?;
    tx.commit()?;
    Ok(OrderStatus::Confirmed)
}

/// Cancel an order with a reason, releasing its reservations and closing its exceptions.
pub fn cancel(store: &mut Store, ctx: &Ctx, number: &str, reason: &str) -> Result<()> {
    ctx.require(Permission::EnterOrders)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    let shipped = order.lines.iter().any(|line| line.shipped_qty > Decimal::ZERO);
    if !(order.status.is_pre_confirmation() || order.status == OrderStatus::Confirmed) || shipped {
        return Err(ctx.refuse_state(&order, text::DO_CANCEL));
    }
    // No money is left hanging on a cancelled order.
    let deposit = store.order_deposit_sums(order.id)?.unapplied();
    if deposit > Decimal::ZERO {
        return Err(ctx.refuse(text::CANCEL_HAS_DEPOSIT, &[("number", &order.number), ("amount", &fmt_money(deposit))]));
    }
    if order.status.reserves_stock() {
        for line in &order.lines {
            if let Some(product_id) = line.product_id {
                store::products::reserve_tx(&tx, product_id, -(line.qty - line.shipped_qty))?;
            }
        }
    }
    store::orders::set_status_tx(&tx, order.id, OrderStatus::Cancelled, &ctx.now)?;
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "cancelled", reason.trim())?;
    let every_code: Vec<Code> = Code::ALL.iter().copied().filter(|c| *c != Code::CustomerComplaint).collect();
    sync_tx(
        &tx,
        &every_code,
        Some(&order.number),
        &[],
        &format!("order cancelled by {}: {}", ctx.user, reason.trim()),
        &ctx.today.to_string(),
        &ctx.now,
        &ctx.user,
    )?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "order", &order.number, "cancel", order.status.as_str(), reason.trim())?;
    tx.commit()?;
    Ok(())
}

/// Refuse an order whose line or order total is past the bounds (exit 2 naming the line).
pub fn ensure_within_bounds(priced: &PricedOrder, lang: Lang) -> Result<()> {
    let mut problems = vec![];
    for line in &priced.lines {
        if let Err(problem) = bounds::check(line.line_total.abs(), bounds::Kind::Total) {
            problems.push(format!("lines[{}].line_total: {}", line.line_no, problem.message(lang, line.line_total, bounds::Kind::Total)));
        }
    }
    if let Err(problem) = bounds::check(priced.totals.total.abs(), bounds::Kind::Total) {
        problems.push(format!("total: {}", problem.message(lang, priced.totals.total, bounds::Kind::Total)));
    }
    if problems.is_empty() { Ok(()) } else { Err(Error::Invalid(problems.join("\n"))) }
}

/// An amendment may not take a line below what has already left the warehouse.
pub(super) fn ensure_not_below_shipped(ctx: &Ctx, order: &Order, after: &PricedOrder) -> Result<()> {
    for line in order.lines.iter().filter(|l| l.shipped_qty > Decimal::ZERO) {
        let kept: Decimal = after.lines.iter().filter(|l| l.sku == line.sku).map(|l| l.qty).sum();
        if kept < line.shipped_qty {
            return Err(ctx.refuse(
                text::AMEND_BELOW_SHIPPED,
                &[("number", &order.number), ("sku", &line.sku), ("shipped", &fmt_qty(line.shipped_qty))],
            ));
        }
    }
    Ok(())
}

/// Re-run the live checks of every order not yet confirmed, as a scan does: an order waiting
/// for stock that has arrived becomes open, one corrected elsewhere (the customer unblocked, a
/// price agreed) leaves awaiting_correction, and exceptions whose condition cleared resolve
/// themselves with that reason. Returns how many orders changed state.
///
/// One write transaction for the whole pass, over only the waiting orders whose inputs changed
/// since the last pass: those of the customers and products written since (noted by triggers,
/// from any window, command or outside tool), or all of them on a new day. The scan a window
/// runs every few minutes over an unchanged shop costs two row reads.
pub fn recheck_pending_orders(store: &mut Store, ctx: &Ctx) -> Result<usize> {
    let day = checked_day(ctx);
    let tx = store.write_tx()?;
    let pending = store.orders_to_recheck(day)?;
    // What the dated checks read besides the order: today and the settings.
    let dated_context = crate::domain::checks::CheckContext { today: ctx.today, settings: store.check_settings()?, ..Default::default() };
    let mut changed = 0;
    for (number, how) in pending {
        let order = store.get_order(&number)?;
        if how == store::Recheck::Dates && recheck_dates(store, &tx, ctx, &order, &dated_context)? {
            continue;
        }
        let findings = current_findings(store, &order, ctx.today)?;
        let approvals = store.list_approvals(order.id)?;
        let status = status_from_findings(&findings, |finding| is_approved(&approvals, finding));
        let detections = order_detections(&order.number, &order.customer_code, &order.created_by, &findings, &approvals);
        if status != order.status {
            store::orders::set_status_tx(&tx, order.id, status, &ctx.now)?;
            store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "rechecked", &format!("{} → {status}", order.status))?;
            changed += 1;
        }
        sync_rechecked_tx(&tx, ctx, Code::live_checks(), &order.number, &detections)?;
    }
    store::record_recheck_tx(&tx, day)?;
    tx.commit()?;
    Ok(changed)
}

/// The day a check made now is current for (the re-check's day numbering).
fn checked_day(ctx: &Ctx) -> i64 {
    use chrono::Datelike;
    i64::from(ctx.today.num_days_from_ce())
}

/// The checks that read today's date.
pub(super) const DATED_CHECKS: [Code; 2] = [Code::DateInvalid, Code::DateUnusual];

/// Re-check only the dated checks of a waiting order for which only the day moved, when that
/// cannot move its state: it holds no block and no approval, and the dated checks find no block
/// today (then only warnings come or go, and the state follows from blocks and stock alone).
/// Returns false, having written nothing, when the whole check is needed.
pub(super) fn recheck_dates(
    store: &Store,
    tx: &store::WriteTx<'_>,
    ctx: &Ctx,
    order: &Order,
    context: &crate::domain::checks::CheckContext,
) -> Result<bool> {
    if !matches!(order.status, OrderStatus::Open | OrderStatus::AwaitingRestock) || !store.list_approvals(order.id)?.is_empty() {
        return Ok(false);
    }
    let priced = price_order(&order_to_input(order), ctx.today, Decimal::ZERO, Default::default(), |_| None);
    let findings: Vec<Finding> = run_checks(&priced, context).into_iter().filter(|f| DATED_CHECKS.contains(&f.code)).collect();
    if findings.iter().any(|finding| finding.severity == Severity::Block) {
        return Ok(false);
    }
    let detections = order_detections(&order.number, &order.customer_code, &order.created_by, &findings, &[]);
    sync_rechecked_tx(tx, ctx, &DATED_CHECKS, &order.number, &detections)?;
    Ok(true)
}

/// Bring a re-checked order's exceptions of the codes in `scope` in line with what was found.
pub(super) fn sync_rechecked_tx(tx: &store::WriteTx<'_>, ctx: &Ctx, scope: &[Code], number: &str, found: &[Detected]) -> Result<()> {
    let reason = "condition cleared: found fixed on recheck";
    sync_tx(tx, scope, Some(number), found, reason, &ctx.today.to_string(), &ctx.now, &ctx.user)?;
    Ok(())
}
