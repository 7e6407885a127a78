//! The apply layer: every rule-bearing write, shared by the GUI's actions and the CLI. It checks
//! the acting user's role here (never only in the UI), runs the checks, decides states, and asks
//! the store to write each change in one transaction. Messages come back in the user's language.

use crate::domain::bounds;
use crate::domain::checks::{Finding, run_checks, status_from_findings};
use crate::domain::money::{fmt_money, fmt_qty};
use crate::domain::order::{OrderInput, PriceFacts, PricedOrder, Totals, line_total, price_order, totals};
use crate::domain::{Code, ExceptionStatus, OrderStatus, Permission, Role, RootCause, Severity, permits};
use crate::i18n::{Lang, Tx, ops as text};
use crate::store::exceptions::{Detected, Exception, sync_tx};
use crate::store::invoices::{InvoiceHead, LineToInvoice};
use crate::store::orders::{Order, OrderWrite};
use crate::store::{self, Store};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Who acts, when, and in which language messages are wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    pub user: String,
    pub role: Role,
    pub today: NaiveDate,
    /// The instant written into history rows (ISO 8601).
    pub now: String,
    pub lang: Lang,
}

/// Why an operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The role may not do this, or the state does not allow it: a clear sentence for the user.
    #[error("{0}")]
    Refused(String),
    /// Input the operation cannot take (exit code 2 in the CLI).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// Result of an operation.
pub type Result<T> = std::result::Result<T, Error>;

impl Ctx {
    fn say(&self, tx: Tx, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        tx.fill(self.lang, args)
    }

    fn refuse(&self, tx: Tx, args: &[(&str, &dyn std::fmt::Display)]) -> Error {
        Error::Refused(self.say(tx, args))
    }

    /// Refuse unless the acting user's role permits `permission`.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if permits(self.role, permission) {
            return Ok(());
        }
        let action = action_text(permission);
        Err(self.refuse(
            text::FORBIDDEN,
            &[("user", &self.user), ("role", &crate::i18n::labels::role(self.role, self.lang)), ("action", &action.get(self.lang))],
        ))
    }
}

/// What a permission lets a person do, as the end of "… may not {action}".
pub fn action_text(permission: Permission) -> Tx {
    match permission {
        Permission::EnterOrders => text::ACT_ENTER_ORDERS,
        Permission::Approve => text::ACT_APPROVE,
        Permission::Waive => text::ACT_WAIVE,
        Permission::ChangeSettings => text::ACT_SETTINGS,
        Permission::ChangePrices => text::ACT_PRICES,
        Permission::ChangeCredit => text::ACT_CREDIT,
        Permission::ManageUsers => text::ACT_USERS,
        Permission::Ship => text::ACT_SHIP,
        Permission::MoveStock => text::ACT_STOCK,
        Permission::Invoice => text::ACT_INVOICE,
        Permission::RecordPayments => text::ACT_PAY,
        Permission::EditMasterData => text::ACT_MASTER,
        Permission::HandleExceptions | Permission::Print => text::ACT_ENTER_ORDERS,
    }
}

/// Build the acting context for `user` from the database (unknown users are refused).
pub fn ctx_for(store: &Store, user: &str, today: NaiveDate, now: String, lang: Lang) -> Result<Ctx> {
    match store.get_user(user)? {
        Some(found) if found.active => Ok(Ctx { user: found.name, role: found.role, today, now, lang }),
        _ => Err(Error::Refused(text::UNKNOWN_USER.fill(lang, &[("user", &user)]))),
    }
}

/// An order priced and checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub priced: PricedOrder,
    pub findings: Vec<Finding>,
    /// What the checks knew about the customer (credit, exposure, overdue): the customer card.
    pub customer: Option<crate::domain::checks::CustomerFacts>,
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
fn load_context(store: &Store, input: &OrderInput, today: NaiveDate, editing: Option<i64>) -> Result<crate::domain::checks::CheckContext> {
    let sketch = price_order(input, today, Decimal::ZERO, Default::default(), |_| None);
    Ok(store.load_check_context(&sketch, editing, today)?)
}

/// Price an input from the terms and prices a check context holds: the one pricing path.
fn price_from(store: &Store, input: &OrderInput, today: NaiveDate, context: &crate::domain::checks::CheckContext) -> Result<PricedOrder> {
    let discount = context.customer.as_ref().map(|customer| customer.discount_pct).unwrap_or_default();
    Ok(price_order(input, today, discount, store.tax_rule()?, |sku| {
        context.products.get(sku).map(|product| PriceFacts { catalogue_price: product.price, agreed_price: product.agreed_price })
    }))
}

/// Run every live check on an input without saving anything (`check`, and the GUI as you type).
pub fn check_order(store: &Store, input: &OrderInput, today: NaiveDate, editing: Option<i64>) -> Result<Checked> {
    // The context holds the prices and terms too: load it once (from the customer, SKUs and
    // date of the input), then price from it, so a check reads the database in one pass.
    let context = load_context(store, input, today, editing)?;
    let priced = price_from(store, input, today, &context)?;
    let findings = run_checks(&priced, &context);
    Ok(Checked { priced, findings, customer: context.customer })
}

/// Whether an approval recorded for this order still covers `finding`.
fn is_approved(approvals: &[store::orders::Approval], finding: &Finding) -> bool {
    approvals.iter().any(|approval| finding.approved_by(&approval.fingerprint))
}

/// The exceptions a saved order's findings stand for (blocks and warnings, not yet approved).
fn order_detections(
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
fn submit_order_tx(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, input: &OrderInput) -> Result<Saved> {
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
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "order", &number, "create", "", status.as_str())?;
    Ok(Saved { number, status, totals: checked.priced.totals, findings: checked.findings })
}

/// A readable list of what changed between two versions of an order (for the revision history).
fn describe_changes(before: &Order, after: &PricedOrder) -> String {
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
fn update_order_tx(
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
        return Err(ctx.refuse(
            text::STATE_REFUSED,
            &[
                ("number", &order.number),
                ("status", &crate::i18n::labels::order_status(order.status, ctx.lang)),
                ("action", &text::DO_EDIT.get(ctx.lang)),
            ],
        ));
    }
    if amendment && reason.trim().is_empty() {
        return Err(ctx.refuse(text::AMEND_REASON, &[("number", &order.number)]));
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
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "order", &order.number, kind, order.status.as_str(), &format!("{status}; {detail}"))?;
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
fn approve_tx(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, number: &str, reason: &str, code: Option<Code>) -> Result<OrderStatus> {
    ctx.require(Permission::Approve)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    let order = store.get_order(number)?;
    if !order.status.is_pre_confirmation() {
        return Err(ctx.refuse(
            text::STATE_REFUSED,
            &[
                ("number", &order.number),
                ("status", &crate::i18n::labels::order_status(order.status, ctx.lang)),
                ("action", &text::DO_APPROVE.get(ctx.lang)),
            ],
        ));
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
    store::audit::append_tx(tx, &ctx.now, &ctx.user, "order", &order.number, "approve", order.status.as_str(), status.as_str())?;
    Ok(status)
}

/// Confirm an order: refused while an unapproved block remains; reserves its stock.
pub fn confirm(store: &mut Store, ctx: &Ctx, number: &str) -> Result<OrderStatus> {
    ctx.require(Permission::EnterOrders)?;
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    if !order.status.is_pre_confirmation() {
        return Err(ctx.refuse(
            text::STATE_REFUSED,
            &[
                ("number", &order.number),
                ("status", &crate::i18n::labels::order_status(order.status, ctx.lang)),
                ("action", &text::DO_CONFIRM.get(ctx.lang)),
            ],
        ));
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
        return Err(ctx.refuse(
            text::STATE_REFUSED,
            &[
                ("number", &order.number),
                ("status", &crate::i18n::labels::order_status(order.status, ctx.lang)),
                ("action", &text::DO_CANCEL.get(ctx.lang)),
            ],
        ));
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

/// Ship a confirmed order: everything still open, or the given (SKU, qty) lines (a SKU given
/// more than once adds up). Everything is read inside the write transaction: a second caller
/// sees the first's shipment and is refused when nothing (or too little) remains.
pub fn ship(store: &mut Store, ctx: &Ctx, number: &str, lines: &[(String, Decimal)]) -> Result<(String, OrderStatus)> {
    ctx.require(Permission::Ship)?;
    for (sku, qty) in lines {
        bounded(ctx, *qty, bounds::Kind::PositiveQty, &format!("--line {sku}"))?;
    }
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    if !order.status.reserves_stock() {
        return Err(ctx.refuse(
            text::STATE_REFUSED,
            &[
                ("number", &order.number),
                ("status", &crate::i18n::labels::order_status(order.status, ctx.lang)),
                ("action", &text::DO_SHIP.get(ctx.lang)),
            ],
        ));
    }
    // Planned quantity per order line id, in line order.
    let mut planned: std::collections::BTreeMap<i64, Decimal> = Default::default();
    if lines.is_empty() {
        for line in &order.lines {
            let open = line.qty - line.shipped_qty;
            if open > Decimal::ZERO {
                planned.insert(line.id, open);
            }
        }
    } else {
        for (sku, qty) in lines {
            if !order.lines.iter().any(|l| l.sku == *sku) {
                return Err(Error::Invalid(ctx.say(text::SHIP_LINE_UNKNOWN, &[("number", &order.number), ("sku", sku)])));
            }
            if let Some(product) = store.get_product_by_sku(sku)? {
                bounded_for(ctx, *qty, bounds::Kind::PositiveQty, product.divisible, &format!("--line {sku}"))?;
            }
            let mut remaining = *qty;
            for line in order.lines.iter().filter(|l| l.sku == *sku) {
                let already = planned.get(&line.id).copied().unwrap_or_default();
                let take = remaining.min(line.qty - line.shipped_qty - already);
                if take > Decimal::ZERO {
                    planned.insert(line.id, already + take);
                    remaining -= take;
                }
            }
            if remaining > Decimal::ZERO {
                let asked: Decimal = lines.iter().filter(|(other, _)| other == sku).map(|(_, q)| *q).sum();
                let open: Decimal = order.lines.iter().filter(|l| l.sku == *sku).map(|l| l.qty - l.shipped_qty).sum();
                return Err(ctx.refuse(
                    text::SHIP_TOO_MUCH,
                    &[("sku", sku), ("open", &fmt_qty(open)), ("number", &order.number), ("qty", &fmt_qty(asked))],
                ));
            }
        }
    }
    let to_ship: Vec<(i64, Option<i64>, String, Decimal)> =
        order.lines.iter().filter_map(|line| planned.get(&line.id).map(|qty| (line.id, line.product_id, line.sku.clone(), *qty))).collect();
    if to_ship.is_empty() {
        return Err(ctx.refuse(text::SHIP_NOTHING, &[("number", &order.number)]));
    }
    let mut per_sku: std::collections::BTreeMap<&str, Decimal> = Default::default();
    for (_, product_id, sku, qty) in &to_ship {
        if product_id.is_some() {
            *per_sku.entry(sku.as_str()).or_default() += *qty;
        }
    }
    for (sku, qty) in &per_sku {
        if let Some(product) = store.get_product_by_sku(sku)?
            && product.on_hand < *qty
        {
            return Err(ctx.refuse(text::SHIP_NO_STOCK, &[("sku", sku), ("on_hand", &fmt_qty(product.on_hand)), ("qty", &fmt_qty(*qty))]));
        }
    }
    let rows: Vec<(i64, Option<i64>, Decimal)> = to_ship.iter().map(|(id, product, _, qty)| (*id, *product, *qty)).collect();
    let shipment = store::orders::ship_tx(&tx, &order, &rows, ctx.today, &ctx.user, &ctx.now)?;
    let fresh = store::orders::get_order_tx(&tx, &order.number)?;
    let status = if fresh.lines.iter().all(|l| l.shipped_qty >= l.qty) { OrderStatus::Shipped } else { OrderStatus::PartiallyShipped };
    store::orders::set_status_tx(&tx, order.id, status, &ctx.now)?;
    let detail = to_ship.iter().map(|(_, _, sku, qty)| format!("{sku}×{}", fmt_qty(*qty))).collect::<Vec<_>>().join(", ");
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "shipped", &format!("{shipment}: {detail}"))?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "order", &order.number, "ship", &shipment, &detail)?;
    tx.commit()?;
    Ok((shipment, status))
}

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
fn pay_tx(
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
fn log_money_tx(
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

/// Book received stock (a whole number for a product that cannot be split).
pub fn receive(store: &mut Store, ctx: &Ctx, sku: &str, qty: Decimal, reference: &str) -> Result<crate::domain::master::Product> {
    ctx.require(Permission::MoveStock)?;
    bounded(ctx, qty, bounds::Kind::PositiveQty, "QTY")?;
    move_stock(store, ctx, sku, store::products::MovementKind::Receipt, qty, bounds::Kind::PositiveQty, reference, "")
}

/// Correct stock with a mandatory reason (qty may be negative, not zero).
pub fn adjust(store: &mut Store, ctx: &Ctx, sku: &str, qty: Decimal, reason: &str) -> Result<crate::domain::master::Product> {
    ctx.require(Permission::MoveStock)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    bounded(ctx, qty, bounds::Kind::SignedQty, "QTY")?;
    move_stock(store, ctx, sku, store::products::MovementKind::Adjustment, qty, bounds::Kind::SignedQty, "", reason.trim())
}

/// One stock movement, its product read and its result checked inside the write transaction:
/// a fraction of a product that cannot be split, or an on-hand figure past the bounds, is
/// refused and nothing is written.
#[allow(clippy::too_many_arguments)]
fn move_stock(
    store: &Store,
    ctx: &Ctx,
    sku: &str,
    kind: store::products::MovementKind,
    qty: Decimal,
    bound: bounds::Kind,
    reference: &str,
    reason: &str,
) -> Result<crate::domain::master::Product> {
    let tx = store.write_tx()?;
    let product = store.get_product_by_sku(sku.trim())?.ok_or_else(|| store::Error::NotFound(format!("product {}", sku.trim())))?;
    bounded_for(ctx, qty, bound, product.divisible, "QTY")?;
    bounded(ctx, product.on_hand + qty, bounds::Kind::OrderQty, &format!("{} on hand", product.sku))?;
    if product.on_hand + qty < Decimal::ZERO {
        return Err(
            ctx.refuse(text::STOCK_BELOW_ZERO, &[("sku", &product.sku), ("on_hand", &fmt_qty(product.on_hand)), ("qty", &fmt_qty(-qty))])
        );
    }
    store::products::move_stock_tx(&tx, product.id, kind, qty, reference.trim(), reason, &ctx.user, &ctx.now)?;
    tx.commit()?;
    Ok(store.get_product_by_sku(&product.sku)?.ok_or_else(|| store::Error::NotFound(format!("product {}", product.sku)))?)
}

/// Refuse (exit 2) a number outside the domain's bounds, naming the field.
fn bounded(ctx: &Ctx, value: Decimal, kind: bounds::Kind, field: &str) -> Result<Decimal> {
    bounds::field(value, kind, field, ctx.lang).map_err(Error::Invalid)
}

/// [`bounded`] for a quantity of a product that may not be split.
fn bounded_for(ctx: &Ctx, value: Decimal, kind: bounds::Kind, divisible: bool, field: &str) -> Result<Decimal> {
    bounds::check_qty_for(value, kind, divisible)
        .map_err(|problem| Error::Invalid(format!("{field}: {}", problem.message(ctx.lang, value, kind))))
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
fn ensure_not_below_shipped(ctx: &Ctx, order: &Order, after: &PricedOrder) -> Result<()> {
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

/// Handling steps on one exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handle {
    Assign(String),
    Comment(String),
    Start,
    Resolve { cause: RootCause, cause_note: String, action: String },
    Waive(String),
}

/// Apply a handling step to an exception, honouring the role rules, inside one write
/// transaction that also reads the exception (a second caller sees the first's step).
///
/// The inbox and the order never disagree: resolving or waiving a block that an order still
/// has settles the condition instead of hiding it. An approvable block is approved (same
/// rules as `approve`: owner or manager, never the order's author); a block that cannot be
/// approved is refused with the reason (the order must be corrected).
pub fn handle_exception(store: &mut Store, ctx: &Ctx, id: i64, step: Handle) -> Result<Exception> {
    use store::exceptions::update_exception_tx;
    let tx = store.write_tx()?;
    let exception = store.get_exception(id)?;
    let closed = matches!(exception.status, ExceptionStatus::Resolved | ExceptionStatus::Waived);
    if closed && !matches!(step, Handle::Comment(_)) {
        return Err(ctx.refuse(
            text::EXCEPTION_CLOSED,
            &[("id", &id), ("status", &crate::i18n::labels::exception_status(exception.status, ctx.lang))],
        ));
    }
    let (now, user) = (ctx.now.clone(), ctx.user.clone());
    match step {
        Handle::Assign(who) => {
            let who = who.trim();
            if store.get_user(who)?.is_none() {
                return Err(ctx.refuse(text::UNKNOWN_USER, &[("user", &who)]));
            }
            let status = (exception.status == ExceptionStatus::Open).then_some(ExceptionStatus::InProgress);
            update_exception_tx(&tx, id, status, Some(who), None, None, None, "assigned", &format!("→ {who}"), &user, &now)?;
        }
        Handle::Comment(note) => {
            if note.trim().is_empty() {
                return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
            }
            update_exception_tx(&tx, id, None, None, None, None, None, "comment", note.trim(), &user, &now)?;
        }
        Handle::Start => {
            update_exception_tx(&tx, id, Some(ExceptionStatus::InProgress), None, None, None, None, "started", "", &user, &now)?;
        }
        Handle::Resolve { cause, cause_note, action } => {
            if action.trim().is_empty() {
                return Err(Error::Invalid(ctx.say(text::ACTION_REQUIRED, &[])));
            }
            let detail = format!(
                "cause: {cause}{}; action: {}",
                if cause_note.trim().is_empty() { String::new() } else { format!(" ({})", cause_note.trim()) },
                action.trim()
            );
            update_exception_tx(
                &tx,
                id,
                Some(ExceptionStatus::Resolved),
                None,
                Some(cause),
                Some(cause_note.trim()),
                Some(action.trim()),
                "resolved",
                &detail,
                &user,
                &now,
            )?;
            settle_order_block(store, &tx, ctx, &exception, action.trim())?;
        }
        Handle::Waive(reason) => {
            ctx.require(Permission::Waive)?;
            if reason.trim().is_empty() {
                return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
            }
            if exception.severity == Severity::Block && !exception.approvable {
                return Err(ctx.refuse(
                    text::WAIVE_NOT_APPROVABLE,
                    &[("id", &id), ("code", &crate::i18n::labels::code_title_of(&exception.code, ctx.lang))],
                ));
            }
            update_exception_tx(&tx, id, Some(ExceptionStatus::Waived), None, None, None, None, "waived", reason.trim(), &user, &now)?;
            settle_order_block(store, &tx, ctx, &exception, reason.trim())?;
        }
    }
    tx.commit()?;
    Ok(store.get_exception(id)?)
}

/// When a closed exception is a live-check block of an order that still waits for approval or
/// correction, settle the order's condition in the same transaction: approve an approvable
/// block (the approval rules apply: a waiver by the order's author is refused), and refuse to
/// close a block that only a correction can clear.
fn settle_order_block(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, exception: &Exception, reason: &str) -> Result<()> {
    let Some(code) = Code::parse(&exception.code) else { return Ok(()) };
    if exception.subject_kind != "order" || exception.severity != Severity::Block || !Code::live_checks().contains(&code) {
        return Ok(());
    }
    let order = store.get_order(&exception.subject)?;
    if !order.status.is_pre_confirmation() {
        return Ok(());
    }
    let findings = current_findings(store, &order, ctx.today)?;
    let approvals = store.list_approvals(order.id)?;
    let standing = findings.iter().any(|f| f.code == code && f.severity == Severity::Block && !is_approved(&approvals, f));
    if !standing {
        return Ok(());
    }
    if !exception.approvable || !findings.iter().any(|f| f.code == code && f.approvable) {
        return Err(ctx.refuse(
            text::WAIVE_NOT_APPROVABLE,
            &[("id", &exception.id), ("code", &crate::i18n::labels::code_title_of(&exception.code, ctx.lang))],
        ));
    }
    if order.created_by == ctx.user {
        return Err(ctx.refuse(text::WAIVE_OWN_ORDER, &[("user", &ctx.user), ("number", &order.number)]));
    }
    approve_tx(store, tx, ctx, &order.number, reason, Some(code))?;
    Ok(())
}

/// Log a customer complaint about an order as an exception on it.
pub fn log_complaint(store: &mut Store, ctx: &Ctx, number: &str, complaint: &str) -> Result<i64> {
    if complaint.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    let order = store.get_order(number)?;
    let line = store
        .list_exceptions(&store::exceptions::ExceptionFilter {
            all: true,
            code: Some(Code::CustomerComplaint.as_str().into()),
            subject: Some(order.number.clone()),
            ..Default::default()
        })?
        .len() as i64
        + 1;
    let message = |lang| crate::i18n::checks::COMPLAINT.fill(lang, &[("text", &complaint.trim())]);
    let detected = Detected {
        code: Code::CustomerComplaint,
        severity: Severity::Warn,
        approvable: false,
        subject_kind: "order",
        subject: order.number.clone(),
        line: Some(line),
        customer_code: order.customer_code.clone(),
        entered_by: order.created_by.clone(),
        message_en: message(Lang::En),
        message_zh: message(Lang::Zh),
    };
    Ok(store.open_exception(&detected, &ctx.today.to_string(), &ctx.now, &ctx.user)?)
}

/// Why a dispatch slip may not be printed for this order, if it may not.
pub fn dispatch_gate(store: &Store, ctx: &Ctx, order: &Order) -> Result<Option<String>> {
    if !order.status.reserves_stock() {
        return Ok(Some(ctx.say(
            text::PRINT_NOT_CONFIRMED,
            &[("number", &order.number), ("status", &crate::i18n::labels::order_status(order.status, ctx.lang))],
        )));
    }
    if let Some(code) = store.open_block_on(&order.number)? {
        let title = crate::i18n::labels::code_title_of(&code, ctx.lang);
        return Ok(Some(ctx.say(text::PRINT_BLOCKED, &[("number", &order.number), ("code", &title)])));
    }
    Ok(None)
}

/// Create or edit a customer. Clerks may edit contact data; changing a credit limit or an agreed
/// discount needs an owner or manager.
pub fn save_customer(store: &mut Store, ctx: &Ctx, customer: &crate::domain::master::Customer) -> Result<crate::domain::master::Customer> {
    ctx.require(Permission::EditMasterData)?;
    let before = if customer.id == 0 { None } else { Some(store.get_customer(customer.id)?) };
    let credit_changed = match &before {
        None => customer.credit_limit.is_some() || !customer.discount_pct.is_zero(),
        Some(old) => old.credit_limit != customer.credit_limit || old.discount_pct != customer.discount_pct,
    };
    if credit_changed {
        ctx.require(Permission::ChangeCredit)?;
    }
    Ok(store.save_customer(customer, &ctx.user, &ctx.now)?)
}

/// Block or unblock a customer (owner or manager), with a reason.
pub fn set_customer_blocked(store: &mut Store, ctx: &Ctx, code: &str, blocked: bool, reason: &str) -> Result<()> {
    ctx.require(Permission::ChangeCredit)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    Ok(store.set_customer_blocked(code, blocked, reason, &ctx.user, &ctx.now)?)
}

/// Archive (or bring back) a customer: customers are never deleted.
pub fn archive_customer(store: &mut Store, ctx: &Ctx, code: &str, archived: bool) -> Result<()> {
    ctx.require(Permission::EditMasterData)?;
    let mut customer = store.get_customer_by_code(code)?.ok_or_else(|| store::Error::NotFound(format!("customer {code}")))?;
    customer.archived = archived;
    store.save_customer(&customer, &ctx.user, &ctx.now)?;
    Ok(())
}

/// Set or remove an agreed price (owner or manager).
pub fn set_agreed_price(store: &mut Store, ctx: &Ctx, customer_id: i64, sku: &str, price: Option<Decimal>) -> Result<()> {
    ctx.require(Permission::ChangePrices)?;
    if price.is_some_and(|p| p < Decimal::ZERO) {
        return Err(Error::Invalid(ctx.say(text::AMOUNT_POSITIVE, &[])));
    }
    Ok(store.set_agreed_price(customer_id, sku, price, &ctx.user, &ctx.now)?)
}

/// Create or edit a product. Changing prices (price, minimum, cost) needs an owner or manager.
pub fn save_product(
    store: &mut Store,
    ctx: &Ctx,
    product: &crate::domain::master::Product,
    opening_stock: Decimal,
) -> Result<crate::domain::master::Product> {
    ctx.require(Permission::EditMasterData)?;
    if product.id != 0 {
        let before = store.get_product_by_sku(&product.sku)?;
        let changed = before.is_none_or(|old| old.price != product.price || old.min_price != product.min_price || old.cost != product.cost);
        if changed {
            ctx.require(Permission::ChangePrices)?;
        }
    } else {
        ctx.require(Permission::ChangePrices)?;
        if !opening_stock.is_zero() {
            ctx.require(Permission::MoveStock)?;
        }
    }
    if opening_stock < Decimal::ZERO {
        return Err(Error::Invalid(ctx.say(text::QTY_POSITIVE, &[])));
    }
    Ok(store.save_product(product, opening_stock, &ctx.user, &ctx.now)?)
}

/// Book a stock count: the differences to on hand become `count` movements.
pub fn book_count(store: &mut Store, ctx: &Ctx, counted: &[(String, Decimal)]) -> Result<usize> {
    ctx.require(Permission::MoveStock)?;
    if counted.iter().any(|(_, qty)| *qty < Decimal::ZERO) {
        return Err(Error::Invalid(ctx.say(text::QTY_POSITIVE, &[])));
    }
    Ok(store.book_count(counted, &format!("count {}", ctx.today), &ctx.user, &ctx.now)?)
}

/// Keep the acting user's draft in `slot` (the order form's typing, kept across restarts and
/// crashes), or clear it (`None`). Drafts are each user's own scratch: not part of the books,
/// not audited, and nobody else's to read.
pub fn keep_draft(store: &mut Store, ctx: &Ctx, slot: &str, body: Option<&str>) -> Result<()> {
    match body {
        Some(body) => store.save_draft(&ctx.user, slot, body, &ctx.now)?,
        None => store.delete_draft(&ctx.user, slot)?,
    }
    Ok(())
}

/// Save (or replace) an order template under `name`: what the form holds, to start the next
/// order from.
pub fn save_template(store: &mut Store, ctx: &Ctx, name: &str, body: &str) -> Result<()> {
    ctx.require(Permission::EnterOrders)?;
    if name.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::TEMPLATE_NAME_REQUIRED, &[])));
    }
    store.save_template(name.trim(), body, &ctx.user, &ctx.now)?;
    Ok(())
}

/// Whether a user of `role` may restore a backup over the shop's database: the owner only.
/// `None`: the current file cannot say who is who (damaged or not a shop), and restoring is
/// how it is replaced.
pub fn may_restore(role: Option<Role>, lang: Lang) -> Result<()> {
    match role {
        Some(Role::Owner) | None => Ok(()),
        Some(_) => Err(Error::Refused(text::RESTORE_OWNER_ONLY.get(lang).to_string())),
    }
}

/// Replace the database at `db` with the backup `input` (checked first; the replaced file is
/// kept beside it, and its path returned). The caller has asked [`may_restore`] and holds no
/// connection to `db`.
pub fn restore(db: &std::path::Path, input: &std::path::Path, stamp: &str) -> Result<std::path::PathBuf> {
    Ok(store::restore(db, input, stamp)?)
}

/// Change a setting after validation (owner or manager).
pub fn set_setting(store: &mut Store, ctx: &Ctx, key: &str, value: &str) -> Result<String> {
    use crate::domain::settings::{Invalid, validate};
    ctx.require(Permission::ChangeSettings)?;
    let normalised = match validate(key, value) {
        Ok(normalised) => normalised,
        Err(Invalid::UnknownKey) => return Err(Error::Invalid(crate::i18n::cli::UNKNOWN_KEY.fill(ctx.lang, &[("key", &key)]))),
        Err(Invalid::BadValue(expected)) => {
            return Err(Error::Invalid(
                crate::i18n::cli::BAD_VALUE.fill(ctx.lang, &[("key", &key), ("value", &format!("\"{value}\"")), ("expected", &expected)]),
            ));
        }
    };
    store.set_setting(key, &normalised, &ctx.user, &ctx.now)?;
    Ok(normalised)
}

/// Add a user (owner only).
pub fn add_user(store: &mut Store, ctx: &Ctx, name: &str, role: Role, pin: &str) -> Result<()> {
    ctx.require(Permission::ManageUsers)?;
    let pin = (!pin.trim().is_empty()).then_some(pin.trim());
    store.insert_user(name, role, pin, &ctx.user, &ctx.now).map_err(|error| match error {
        store::Error::Invalid(message) => Error::Invalid(message),
        other => Error::Store(other),
    })
}

/// Set a user's PIN: anyone for their own (knowing it is checked at sign-in), the owner for
/// anyone (a reset when someone forgot theirs). `None` removes it (owner only).
pub fn set_pin(store: &mut Store, ctx: &Ctx, name: &str, pin: Option<&str>) -> Result<()> {
    if name.trim() != ctx.user || pin.is_none() {
        ctx.require(Permission::ManageUsers)?;
    }
    store.set_pin(name, pin.map(str::trim), &ctx.user, &ctx.now).map_err(|error| match error {
        store::Error::Invalid(message) => Error::Invalid(message),
        other => Error::Store(other),
    })
}

/// Check a user's PIN before switching to them.
pub fn switch_user(store: &Store, lang: Lang, name: &str, pin: &str) -> Result<Role> {
    let Some(user) = store.get_user(name.trim())? else {
        return Err(Error::Refused(text::UNKNOWN_USER.fill(lang, &[("user", &name.trim())])));
    };
    if !user.active || !store.verify_pin(&user.name, pin)? {
        return Err(Error::Refused(text::WRONG_PIN.fill(lang, &[("user", &user.name)])));
    }
    Ok(user.role)
}

/// Record that a shipment reached the customer.
pub fn record_delivery(store: &mut Store, ctx: &Ctx, shipment: &str, delivered_on: NaiveDate, received_by: &str) -> Result<()> {
    ctx.require(Permission::Ship)?;
    if received_by.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::RECEIVER_REQUIRED, &[])));
    }
    let tx = store.write_tx()?;
    let (order_id, already, by) =
        store.get_shipment_delivery(shipment)?.ok_or_else(|| store::Error::NotFound(format!("shipment {}", shipment.trim())))?;
    if let Some(on) = already {
        return Err(ctx.refuse(text::ALREADY_DELIVERED, &[("shipment", &shipment.trim()), ("on", &on), ("by", &by)]));
    }
    store::aftersales::record_delivery_tx(&tx, order_id, shipment, delivered_on, received_by, &ctx.user, &ctx.now)?;
    tx.commit()?;
    Ok(())
}

/// What a return did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// The credit note issued for returned goods that had been invoiced, and its amount.
    pub credit_note: Option<(String, Decimal)>,
}

/// Take goods back against a shipped order: stock comes back through the ledger; goods not yet
/// invoiced are taken off the order; goods already invoiced get a credit note on their invoice
/// (an over-credit stays as customer credit and is flagged by the scans).
pub fn record_return(store: &mut Store, ctx: &Ctx, number: &str, lines: &[(String, Decimal)], reason: &str) -> Result<Returned> {
    if !(permits(ctx.role, Permission::MoveStock) || permits(ctx.role, Permission::Invoice)) {
        ctx.require(Permission::MoveStock)?;
    }
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    for (sku, quantity) in lines {
        bounded(ctx, *quantity, bounds::Kind::PositiveQty, &format!("--line {sku}"))?;
    }
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    let tax = store.tax_rule()?;
    // Plan per line: (line, qty, uninvoiced part, invoiced part, invoice). A SKU given more
    // than once adds up: what one entry takes from a line is not there for the next.
    let mut plan = vec![];
    let mut taken: std::collections::HashMap<i64, (Decimal, Decimal)> = Default::default();
    for (sku, quantity) in lines {
        if let Some(product) = store.get_product_by_sku(sku)? {
            bounded_for(ctx, *quantity, bounds::Kind::PositiveQty, product.divisible, &format!("--line {sku}"))?;
        }
        let mut remaining = *quantity;
        let mut matched = false;
        for line in order.lines.iter().filter(|l| l.sku == *sku) {
            matched = true;
            let (taken_uninvoiced, taken_invoiced) = taken.get(&line.id).copied().unwrap_or_default();
            let uninvoiced = (line.shipped_qty - line.invoiced_qty - taken_uninvoiced).max(Decimal::ZERO);
            let credited = store.credited_qty(line.id)?;
            let invoiced_left = (line.invoiced_qty - credited - taken_invoiced).max(Decimal::ZERO);
            let from_uninvoiced = remaining.min(uninvoiced);
            let from_invoiced = (remaining - from_uninvoiced).min(invoiced_left);
            if from_uninvoiced + from_invoiced > Decimal::ZERO {
                let invoice = if from_invoiced > Decimal::ZERO { store.invoice_of_line(line.id)? } else { None };
                plan.push((line.clone(), from_uninvoiced, from_invoiced, invoice));
                taken.insert(line.id, (taken_uninvoiced + from_uninvoiced, taken_invoiced + from_invoiced));
                remaining -= from_uninvoiced + from_invoiced;
            }
        }
        if !matched {
            return Err(Error::Invalid(ctx.say(text::SHIP_LINE_UNKNOWN, &[("number", &order.number), ("sku", sku)])));
        }
        if remaining > Decimal::ZERO {
            let asked: Decimal = lines.iter().filter(|(other, _)| other == sku).map(|(_, q)| *q).sum();
            let mut returnable = Decimal::ZERO;
            for line in order.lines.iter().filter(|l| l.sku == *sku) {
                let credited = store.credited_qty(line.id)?;
                returnable += (line.shipped_qty - line.invoiced_qty).max(Decimal::ZERO) + (line.invoiced_qty - credited).max(Decimal::ZERO);
            }
            return Err(ctx.refuse(text::RETURN_TOO_MUCH, &[("sku", sku), ("qty", &fmt_qty(asked)), ("max", &fmt_qty(returnable))]));
        }
    }
    let needs_credit = plan.iter().any(|(_, _, invoiced, _)| *invoiced > Decimal::ZERO);
    if needs_credit {
        ctx.require(Permission::Invoice)?;
    }
    let customer_id = order.customer_id.unwrap_or(0);
    // One credit note per invoice concerned.
    let mut credits: std::collections::BTreeMap<i64, (String, Decimal)> = Default::default();
    for (line, _, invoiced, invoice) in &plan {
        if let Some((invoice_id, invoice_number)) = invoice {
            let value = line_total(*invoiced, line.unit_price, line.discount_pct);
            let entry = credits.entry(*invoice_id).or_insert((invoice_number.clone(), Decimal::ZERO));
            entry.1 += value;
        }
    }
    let mut issued = None;
    let mut note_ids = std::collections::BTreeMap::new();
    for (invoice_id, (_, net)) in &credits {
        let amount = totals([*net], tax).total;
        let (note, id) =
            store::aftersales::credit_note_tx(&tx, *invoice_id, customer_id, amount, reason.trim(), ctx.today, &ctx.user, &ctx.now)?;
        note_ids.insert(*invoice_id, id);
        issued = Some((note, amount));
    }
    for (line, uninvoiced, invoiced, invoice) in &plan {
        let note_id = invoice.as_ref().and_then(|(id, _)| note_ids.get(id).copied());
        if *uninvoiced > Decimal::ZERO {
            store::aftersales::return_line_tx(
                &tx,
                order.id,
                &order.number,
                line,
                *uninvoiced,
                *uninvoiced,
                reason.trim(),
                None,
                ctx.today,
                &ctx.user,
                &ctx.now,
            )?;
        }
        if *invoiced > Decimal::ZERO {
            store::aftersales::return_line_tx(
                &tx,
                order.id,
                &order.number,
                line,
                *invoiced,
                Decimal::ZERO,
                reason.trim(),
                note_id,
                ctx.today,
                &ctx.user,
                &ctx.now,
            )?;
        }
    }
    if plan.iter().any(|(_, uninvoiced, ..)| *uninvoiced > Decimal::ZERO) {
        store::aftersales::retotal_tx(&tx, order.id, tax)?;
        let fresh = store::orders::get_order_tx(&tx, &order.number)?;
        let all_invoiced = fresh.lines.iter().all(|l| l.invoiced_qty >= l.qty);
        if order.status == OrderStatus::Shipped && all_invoiced && fresh.lines.iter().any(|l| l.invoiced_qty > Decimal::ZERO) {
            store::orders::set_status_tx(&tx, order.id, OrderStatus::Invoiced, &ctx.now)?;
        }
    }
    let detail = plan.iter().map(|(l, a, b, _)| format!("{}×{}", l.sku, fmt_qty(*a + *b))).collect::<Vec<_>>().join(", ");
    let credit_text = issued.as_ref().map(|(n, a)| format!("; credit note {n} {}", fmt_money(*a))).unwrap_or_default();
    store::orders::add_event_tx(
        &tx,
        order.id,
        &ctx.now,
        &ctx.user,
        "returned",
        &format!("{detail} — reason: {}{credit_text}", reason.trim()),
    )?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "order", &order.number, "return", "", &format!("{detail}{credit_text}"))?;
    tx.commit()?;
    Ok(Returned { credit_note: issued })
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
    use chrono::Datelike;
    let day = i64::from(ctx.today.num_days_from_ce());
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

/// The checks that read today's date.
const DATED_CHECKS: [Code; 2] = [Code::DateInvalid, Code::DateUnusual];

/// Re-check only the dated checks of a waiting order for which only the day moved, when that
/// cannot move its state: it holds no block and no approval, and the dated checks find no block
/// today (then only warnings come or go, and the state follows from blocks and stock alone).
/// Returns false, having written nothing, when the whole check is needed.
fn recheck_dates(
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
fn sync_rechecked_tx(tx: &store::WriteTx<'_>, ctx: &Ctx, scope: &[Code], number: &str, found: &[Detected]) -> Result<()> {
    let reason = "condition cleared: found fixed on recheck";
    sync_tx(tx, scope, Some(number), found, reason, &ctx.today.to_string(), &ctx.now, &ctx.user)?;
    Ok(())
}

/// Fill an empty database with the demo shop (`store::demo` writes it), then check its newest
/// unconfirmed orders as the window would have while they were typed (their state follows their
/// findings, each block or warning an open exception) and run the first scan.
pub fn fill_demo(store: &mut Store, seed: u64, size: &store::demo::DemoSize, today: NaiveDate) -> Result<store::demo::DemoReport> {
    fill_demo_with_progress(store, seed, size, today, &mut |_, _| true)
}

/// [`fill_demo`], telling `progress` the stage and the percent of the whole done (at most once
/// per percent). While the shop is planned and written, `progress` answering false stops the
/// build with nothing written; once written, the rest runs to its end.
pub fn fill_demo_with_progress(
    store: &mut Store,
    seed: u64,
    size: &store::demo::DemoSize,
    today: NaiveDate,
    progress: &mut dyn FnMut(store::demo::DemoStage, u8) -> bool,
) -> Result<store::demo::DemoReport> {
    use store::demo::DemoStage;
    let mut report = store.write_demo_shop(seed, size, today, progress)?;
    // Written: from here the build runs to its end whatever `progress` answers.
    progress(DemoStage::Checking, 90);
    let now = format!("{today}T19:00:00");
    let mut checked = vec![];
    for number in store.demo_orders_to_check()? {
        let order = store.get_order(&number)?;
        let findings = current_findings(store, &order, today)?;
        checked.push((order, findings));
    }
    let tx = store.write_tx()?;
    for (order, findings) in &checked {
        store::demo::set_checked_status_tx(&tx, order, status_from_findings(findings, |_| false))?;
        let detected = order_detections(&order.number, &order.customer_code, &order.created_by, findings, &[]);
        sync_tx(&tx, Code::live_checks(), Some(&order.number), &detected, "", &today.to_string(), &now, &order.created_by)?;
    }
    tx.commit()?;
    progress(DemoStage::Scanning, 95);
    store.run_scans(today, &now, "admin")?;
    store.checkpoint()?;
    report.exceptions = usize::try_from(store.count_open_exceptions()?).unwrap_or(0);
    progress(DemoStage::Scanning, 100);
    Ok(report)
}

/// What `import` brought in.
#[derive(Debug, Clone)]
pub struct Imported {
    pub report: store::import::ImportReport,
    /// The file as named in messages.
    pub file: String,
    /// The worksheet read (XLSX).
    pub sheet: Option<String>,
    /// `file:row: …` lines the import went on despite: characters no font can show, rows
    /// hidden in the workbook.
    pub glyph_warnings: Vec<String>,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Not allowed, or the store failed.
    Ops(Error),
    /// The file could not be read (size, format, encoding).
    File(crate::tabular::Error),
    /// Every bad row of the file, `file:row: field: problem`.
    Rows(Vec<crate::tabular::RowError>),
    /// Stopped by the person who started it; nothing was written.
    Cancelled,
}

/// One row of an import file as read (number and cells), or the problems that stand for it.
type FileLine = std::result::Result<(usize, Vec<String>), Vec<crate::tabular::RowError>>;

/// A checked row of an import file, or the problems that stand for it.
type FileRecord<R> = std::result::Result<R, Vec<crate::tabular::RowError>>;

/// Rows sent from the reading thread to the writing one at a time.
const IMPORT_BATCH: usize = 1024;

/// Read and check an import file's rows on a second thread while `write` takes the records
/// in the calling one (the file's text, number parsing, duplicate keys and glyph checks run
/// beside SQLite's inserts; a bounded channel of batches keeps memory flat). `stop` is asked
/// before each row: a `Some` ends the rows with its problems. `tick` is called once per row
/// read, on the calling thread (progress). If `write` returns early, reading stops.
fn read_beside<R: Send, T>(
    lines: impl Iterator<Item = FileLine> + Send,
    mut parse: impl FnMut(usize, &[String]) -> FileRecord<Option<R>> + Send,
    stop: impl Fn() -> Option<Vec<crate::tabular::RowError>> + Sync,
    tick: &mut dyn FnMut(),
    write: impl FnOnce(&mut dyn Iterator<Item = FileRecord<R>>) -> T,
) -> T {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<(usize, Vec<FileRecord<R>>)>(8);
        let stop = &stop;
        scope.spawn(move || {
            let (mut read, mut batch) = (0, Vec::with_capacity(IMPORT_BATCH));
            for line in lines {
                if let Some(problems) = stop() {
                    batch.push(Err(problems));
                    break;
                }
                read += 1;
                match line.and_then(|(row, cells)| parse(row, &cells)) {
                    Ok(None) => {}
                    Ok(Some(record)) => batch.push(Ok(record)),
                    Err(problems) => batch.push(Err(problems)),
                }
                if read == IMPORT_BATCH {
                    if sender.send((read, std::mem::take(&mut batch))).is_err() {
                        return;
                    }
                    read = 0;
                }
            }
            // An error here means the writer has returned: nothing is left to do.
            let _ = sender.send((read, batch));
        });
        // `stop` is asked again here for each batch: a small file may be read to its end before
        // the person presses Cancel, and the rows not yet written must still not stand.
        let (mut pending, mut stopped) = (Vec::new().into_iter(), false);
        let mut records = std::iter::from_fn(|| {
            loop {
                if let Some(record) = pending.next() {
                    return Some(record);
                }
                if stopped {
                    return None;
                }
                let (read, batch) = receiver.recv().ok()?;
                for _ in 0..read {
                    tick();
                }
                if let Some(problems) = stop() {
                    stopped = true;
                    return Some(Err(problems));
                }
                pending = batch.into_iter();
            }
        });
        write(&mut records)
    })
}

/// At most this many glyph warnings are kept (a file with a million odd names still says so).
const MAX_GLYPH_WARNINGS: usize = 100;

/// Import customers or products from a CSV or XLSX file, for the CLI and the window alike:
/// rows are read, checked and written one at a time in one transaction (a million-row file
/// never sits in memory as a grid), and any bad row — or `cancel` set meanwhile — drops the
/// transaction, so nothing is written; every bad row of the file is reported. `tick` is called
/// once per row read (progress).
pub fn import_file(
    store: &mut Store,
    ctx: &Ctx,
    kind: crate::tabular::Master,
    path: &std::path::Path,
    tick: &mut dyn FnMut(),
    cancel: &std::sync::atomic::AtomicBool,
) -> std::result::Result<Imported, ImportFailure> {
    use crate::tabular::{RowError, RowParser, open_rows};
    use std::sync::atomic::Ordering;
    let products = kind == crate::tabular::Master::Products;
    ctx.require(Permission::EditMasterData).map_err(ImportFailure::Ops)?;
    // An import sets prices (products) or credit terms (customers).
    ctx.require(if products { Permission::ChangePrices } else { Permission::ChangeCredit }).map_err(ImportFailure::Ops)?;
    let rows = open_rows(path, ctx.lang).map_err(ImportFailure::File)?;
    let head = rows.head.clone();
    let (mut parser, header_errors) = if products { RowParser::products(&head, ctx.lang) } else { RowParser::customers(&head, ctx.lang) };
    let header: Option<FileLine> = (!header_errors.is_empty()).then_some(Err(header_errors));
    // Rows hidden in the workbook are imported like the others, and said (a person importing
    // a sheet may not see them).
    let mut glyph_warnings: Vec<String> = head
        .hidden_rows
        .iter()
        .take(MAX_GLYPH_WARNINGS)
        .map(|row| format!("{}:{row}: {}", head.file, crate::i18n::import::HIDDEN_ROW.get(ctx.lang)))
        .collect();
    let mut glyphs = |row: usize, field: &str, text: &str| {
        let missing = crate::fonts::missing_glyphs(text);
        if !missing.is_empty() && glyph_warnings.len() < MAX_GLYPH_WARNINGS {
            let chars: String = missing.iter().collect();
            glyph_warnings.push(format!(
                "{}:{row}: {field}: {}",
                head.file,
                crate::i18n::ui::WARN_GLYPHS.fill(ctx.lang, &[("chars", &chars)])
            ));
        }
    };
    // A cancel ends the rows with one problem, so the store drops its transaction and nothing
    // is written (ending them quietly would commit the rows read so far).
    let cancelled = std::sync::atomic::AtomicBool::new(false);
    let file = head.file.clone();
    let lines = header.into_iter().chain(rows.map(Ok));
    let stop = || {
        if cancel.load(Ordering::Relaxed) {
            cancelled.store(true, Ordering::Relaxed);
            return Some(vec![RowError { file: file.clone(), row: 0, field: String::new(), reason: "cancelled".into() }]);
        }
        None
    };
    let result = if products {
        // Once a row is bad nothing will be written: then only the checks go on.
        let mut failed = false;
        let parse = move |row: usize, cells: &[String]| {
            let mut record = parser.product(row, cells).inspect_err(|_| failed = true)?;
            if let Some(record) = &mut record {
                glyphs(record.row, "name", &record.name);
                glyphs(record.row, "spec", record.spec.as_deref().unwrap_or(""));
                // The pinyin search key of a new product, here beside the writer.
                record.search_key = (!failed).then(|| {
                    store::products::product_search_key(
                        &record.sku,
                        &record.name,
                        record.spec.as_deref().unwrap_or(""),
                        record.barcode.as_deref().unwrap_or(""),
                    )
                });
            }
            Ok(record)
        };
        read_beside(lines, parse, stop, tick, |records| store.import_products_iter(&head.file, &head.sha256, records, &ctx.user, &ctx.now))
    } else {
        let parse = |row: usize, cells: &[String]| {
            let record = parser.customer(row, cells)?;
            if let Some(record) = &record {
                glyphs(record.row, "name", &record.name);
                glyphs(record.row, "address", record.address.as_deref().unwrap_or(""));
            }
            Ok(record)
        };
        read_beside(lines, parse, stop, tick, |records| store.import_customers_iter(&head.file, &head.sha256, records, &ctx.user, &ctx.now))
    };
    let cancelled = cancelled.load(Ordering::Relaxed);
    match result {
        // A cancel drops the rows still to come: the partial import must not stand.
        _ if cancelled => Err(ImportFailure::Cancelled),
        Ok(report) => Ok(Imported { report, file: head.file.clone(), sheet: head.sheet.clone(), glyph_warnings }),
        Err(store::import::ImportError::Rows(errors)) => Err(ImportFailure::Rows(errors)),
        Err(store::import::ImportError::Store(error)) => Err(ImportFailure::Ops(Error::Store(error))),
    }
}
