//! Exceptions and their history: one live row per (code, subject, line), opened, updated,
//! resolved automatically when the condition clears, or handled by people (assign, comment,
//! resolve with a root cause, waive). Role rules are applied in `crate::ops`, not here.

use super::{Error, Result, Store, WriteTx};
use crate::domain::{Code, Department, ExceptionStatus, RootCause, Severity};
use crate::store::db::{OptionalExtension, params};

/// An exception as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub id: i64,
    pub code: String,
    pub severity: Severity,
    pub approvable: bool,
    pub subject_kind: String,
    pub subject: String,
    pub line: Option<i64>,
    pub customer_code: String,
    pub entered_by: String,
    pub department: Department,
    pub status: ExceptionStatus,
    pub opened: String,
    pub opened_at: String,
    pub assignee: Option<String>,
    pub root_cause: Option<RootCause>,
    pub root_cause_note: String,
    pub corrective_action: String,
    pub message_en: String,
    pub message_zh: String,
    pub closed_at: Option<String>,
    pub version: i64,
}

/// One step in an exception's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionEvent {
    pub at: String,
    pub user: String,
    pub kind: String,
    pub detail: String,
}

/// A condition found now (by a check or a scan), to be opened or kept open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub code: Code,
    pub severity: Severity,
    pub approvable: bool,
    pub subject_kind: &'static str,
    pub subject: String,
    pub line: Option<i64>,
    pub customer_code: String,
    pub entered_by: String,
    pub message_en: String,
    pub message_zh: String,
}

/// Filters of the exception list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionFilter {
    /// Include resolved and waived ones.
    pub all: bool,
    pub code: Option<String>,
    pub status: Option<ExceptionStatus>,
    pub subject: Option<String>,
    pub department: Option<Department>,
    pub limit: usize,
}

const EXCEPTION_COLUMNS: &str =
    "id, code, severity, approvable, subject_kind, subject, line, customer_code, entered_by, department, status,
    opened, opened_at, assignee, root_cause, root_cause_note, corrective_action, message_en, message_zh, closed_at, version";

fn map_exception(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<Exception> {
    let severity: String = row.get(2)?;
    let department: String = row.get(9)?;
    let status: String = row.get(10)?;
    let cause: Option<String> = row.get(14)?;
    Ok(Exception {
        id: row.get(0)?,
        code: row.get(1)?,
        severity: Severity::parse(&severity).unwrap_or(Severity::Warn),
        approvable: row.get(3)?,
        subject_kind: row.get(4)?,
        subject: row.get(5)?,
        line: row.get(6)?,
        customer_code: row.get(7)?,
        entered_by: row.get(8)?,
        department: Department::parse(&department).unwrap_or(Department::Sales),
        status: ExceptionStatus::parse(&status).unwrap_or(ExceptionStatus::Open),
        opened: row.get(11)?,
        opened_at: row.get(12)?,
        assignee: row.get(13)?,
        root_cause: cause.as_deref().and_then(RootCause::parse),
        root_cause_note: row.get(15)?,
        corrective_action: row.get(16)?,
        message_en: row.get(17)?,
        message_zh: row.get(18)?,
        closed_at: row.get(19)?,
        version: row.get(20)?,
    })
}

/// What a sync did: (opened, resolved) counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncCount {
    pub opened: usize,
    pub resolved: usize,
}

fn add_event_tx(tx: &WriteTx<'_>, id: i64, at: &str, user: &str, kind: &str, detail: &str) -> Result<()> {
    tx.prepare_cached("INSERT INTO exception_events (exception_id, at, user_name, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, at, user, kind, detail])?;
    Ok(())
}

/// Make the live exceptions with codes in `scope` (and, when given, of `subject`) match
/// `detected`: open what is new, update messages, resolve what has cleared with `clear_reason`.
/// Exceptions a person has waived are not reopened for the same condition while it stands.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sync_tx(
    tx: &WriteTx<'_>,
    scope: &[Code],
    subject: Option<&str>,
    detected: &[Detected],
    clear_reason: &str,
    today: &str,
    now: &str,
    user: &str,
) -> Result<SyncCount> {
    let mut count = SyncCount::default();
    let scope_list: Vec<&str> = scope.iter().map(|code| code.as_str()).collect();
    let scope_json = serde_json::to_string(&scope_list).unwrap_or_else(|_| "[]".into());
    // Two statements, not `?2 IS NULL OR subject = ?2`: with that, SQLite cannot use the
    // subject index and a recheck of one order walked every live exception of the shop.
    let codes = tx.dialect().text_list("?1");
    let mut statement = match subject {
        Some(_) => tx.prepare_cached(&format!(
            "SELECT id, code, subject, COALESCE(line, 0) FROM exceptions INDEXED BY exceptions_by_subject
             WHERE subject = ?2 AND status IN ('open', 'in_progress') AND code IN {codes}"
        ))?,
        None => tx.prepare_cached(&format!(
            "SELECT id, code, subject, COALESCE(line, 0) FROM exceptions
             WHERE status IN ('open', 'in_progress') AND code IN {codes} AND CAST(?2 AS TEXT) IS NULL"
        ))?,
    };
    let live: Vec<(i64, String, String, i64)> = statement
        .query_map(params![scope_json, subject], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    drop(statement);
    let mut live_keys = std::collections::HashMap::new();
    for (id, code, subject, line) in &live {
        live_keys.insert((code.clone(), subject.clone(), *line), *id);
    }
    let mut still = std::collections::HashSet::new();
    for found in detected {
        let key = (found.code.as_str().to_string(), found.subject.clone(), found.line.unwrap_or(0));
        if let Some(id) = live_keys.get(&key) {
            still.insert(*id);
            tx.prepare_cached(
                "UPDATE exceptions SET severity = ?2, approvable = ?3, message_en = ?4, message_zh = ?5, customer_code = ?6
                 WHERE id = ?1 AND (message_en <> ?4 OR severity <> ?2 OR customer_code <> ?6)",
            )?
            .execute(params![
                id,
                found.severity.as_str(),
                found.approvable,
                found.message_en,
                found.message_zh,
                found.customer_code
            ])?;
            continue;
        }
        // A waived exception for the very same condition and message stays waived.
        let waived: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM exceptions WHERE code = ?1 AND subject = ?2 AND COALESCE(line, 0) = ?3 AND status = 'waived' AND message_en = ?4 LIMIT 1",
            )?
            .query_row(params![key.0, key.1, key.2, found.message_en], |row| row.get(0))
            .optional()?;
        if waived.is_some() {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO exceptions (code, severity, approvable, subject_kind, subject, line, customer_code, entered_by, department,
                 status, opened, opened_at, message_en, message_zh)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open', ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            found.code.as_str(),
            found.severity.as_str(),
            found.approvable,
            found.subject_kind,
            found.subject,
            found.line,
            found.customer_code,
            found.entered_by,
            found.code.department().as_str(),
            today,
            now,
            found.message_en,
            found.message_zh
        ])?;
        let id = tx.last_insert_rowid()?;
        add_event_tx(tx, id, now, user, "opened", &found.message_en)?;
        count.opened += 1;
    }
    for (id, _, _, _) in &live {
        if !still.contains(id) {
            tx.prepare_cached("UPDATE exceptions SET status = 'resolved', closed_at = ?2, version = version + 1 WHERE id = ?1")?
                .execute(params![id, now])?;
            add_event_tx(tx, *id, now, user, "auto_resolved", clear_reason)?;
            count.resolved += 1;
        }
    }
    Ok(count)
}

impl Store {
    /// Exceptions, most urgent first: blocks, then warnings, then info; urgent orders first; oldest first.
    pub fn list_exceptions(&self, filter: &ExceptionFilter) -> Result<Vec<Exception>> {
        let sql = format!(
            "SELECT {EXCEPTION_COLUMNS} FROM exceptions e
             WHERE (?1 OR status IN ('open', 'in_progress')) AND (CAST(?2 AS TEXT) IS NULL OR code = ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR status = ?3) AND (CAST(?4 AS TEXT) IS NULL OR subject = ?4)
               AND (CAST(?5 AS TEXT) IS NULL OR department = ?5)
             ORDER BY CASE severity WHEN 'block' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END,
                      EXISTS (SELECT 1 FROM orders o WHERE o.number = e.subject AND o.priority = 'urgent') DESC,
                      opened_at, id
             LIMIT ?6"
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map(
            params![
                filter.all,
                filter.code,
                filter.status.map(|s| s.as_str()),
                filter.subject,
                filter.department.map(|d| d.as_str()),
                if filter.limit == 0 { i64::MAX } else { filter.limit as i64 }
            ],
            map_exception,
        )?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The code of an open or in-progress blocking exception on `subject`, if any (the
    /// dispatch-slip gate; uses the subject index, unlike the general filter).
    pub fn open_block_on(&self, subject: &str) -> Result<Option<String>> {
        Ok(self
            .db
            .prepare_cached(
                "SELECT code FROM exceptions WHERE subject = ?1 AND status IN ('open', 'in_progress') AND severity = 'block' ORDER BY id LIMIT 1",
            )?
            .query_row([subject], |row| row.get(0))
            .optional()?)
    }

    /// One exception by id.
    pub fn get_exception(&self, id: i64) -> Result<Exception> {
        let sql = format!("SELECT {EXCEPTION_COLUMNS} FROM exceptions WHERE id = ?1");
        self.db.prepare_cached(&sql)?.query_row([id], map_exception).optional()?.ok_or_else(|| Error::NotFound(format!("exception {id}")))
    }

    /// The history of an exception, oldest first.
    pub fn list_exception_events(&self, id: i64) -> Result<Vec<ExceptionEvent>> {
        let mut statement =
            self.db.prepare_cached("SELECT at, user_name, kind, detail FROM exception_events WHERE exception_id = ?1 ORDER BY id")?;
        let rows = statement
            .query_map([id], |row| Ok(ExceptionEvent { at: row.get(0)?, user: row.get(1)?, kind: row.get(2)?, detail: row.get(3)? }))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Count of open and in-progress exceptions (the tab badge).
    pub fn count_open_exceptions(&self) -> Result<i64> {
        Ok(self
            .db
            .prepare_cached("SELECT COUNT(*) FROM exceptions WHERE status IN ('open', 'in_progress')")?
            .query_row([], |row| row.get(0))?)
    }

    /// Open one exception by hand (a customer complaint), returning its id.
    pub fn open_exception(&mut self, detected: &Detected, today: &str, now: &str, user: &str) -> Result<i64> {
        let tx = self.write_tx()?;
        sync_tx(&tx, &[], None, std::slice::from_ref(detected), "", today, now, user)?;
        let id = tx.last_insert_rowid()?;
        tx.commit()?;
        Ok(id)
    }
}

/// Apply a handling step to one exception inside `tx`: the change, its history row and its
/// audit entry. `status`, `assignee`, `root_cause`, `cause_note` and `action` are each None = keep.
#[allow(clippy::too_many_arguments)]
pub(crate) fn update_exception_tx(
    tx: &WriteTx<'_>,
    id: i64,
    status: Option<ExceptionStatus>,
    assignee: Option<&str>,
    root_cause: Option<RootCause>,
    cause_note: Option<&str>,
    action: Option<&str>,
    event_kind: &str,
    detail: &str,
    user: &str,
    now: &str,
) -> Result<()> {
    let closing = matches!(status, Some(ExceptionStatus::Resolved | ExceptionStatus::Waived));
    tx.prepare_cached(
        "UPDATE exceptions SET status = COALESCE(?2, status), assignee = COALESCE(?3, assignee), root_cause = COALESCE(?4, root_cause),
             root_cause_note = COALESCE(?5, root_cause_note), corrective_action = COALESCE(?6, corrective_action),
             closed_at = CASE WHEN ?7 THEN ?8 ELSE closed_at END, version = version + 1
         WHERE id = ?1",
    )?
    .execute(params![id, status.map(|s| s.as_str()), assignee, root_cause.map(|c| c.as_str()), cause_note, action, closing, now])?;
    add_event_tx(tx, id, now, user, event_kind, detail)?;
    super::audit::append_tx(tx, now, user, "exception", &id.to_string(), event_kind, "", detail)?;
    Ok(())
}
