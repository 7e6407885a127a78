//! The exception inbox's steps (assign, analyse, note, approve, waive, resolve) and complaints.

use super::*;

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
pub(super) fn settle_order_block(store: &Store, tx: &store::WriteTx<'_>, ctx: &Ctx, exception: &Exception, reason: &str) -> Result<()> {
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
