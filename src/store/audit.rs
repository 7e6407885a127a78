//! The append-only audit log: every change as (who, when, what, before → after), each row
//! hash-chained to the previous one so that an edit made outside kaidan is detected.

use super::{Result, Store};
use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

/// One audit row as shown in the audit view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub entity: String,
    pub entity_key: String,
    pub action: String,
    pub before: String,
    pub after: String,
}

fn chain_hash(prev: &str, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    for part in [prev, &entry.at, &entry.user, &entry.entity, &entry.entity_key, &entry.action, &entry.before, &entry.after] {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Append an audit row inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn append_tx(
    tx: &Transaction<'_>,
    at: &str,
    user: &str,
    entity: &str,
    key: &str,
    action: &str,
    before: &str,
    after: &str,
) -> Result<()> {
    let prev: String = tx
        .prepare_cached("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| row.get(0))
        .optional()?
        .unwrap_or_default();
    let entry = AuditEntry {
        id: 0,
        at: at.into(),
        user: user.into(),
        entity: entity.into(),
        entity_key: key.into(),
        action: action.into(),
        before: before.into(),
        after: after.into(),
    };
    let hash = chain_hash(&prev, &entry);
    tx.prepare_cached(
        "INSERT INTO audit_log (at, user_name, entity, entity_key, action, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![at, user, entity, key, action, before, after, prev, hash])?;
    Ok(())
}

impl Store {
    /// Walk the chain; `Ok(None)` when intact, else the id of the first altered or missing row.
    pub fn verify_audit(&self) -> Result<Option<i64>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, at, user_name, entity, entity_key, action, before, after, prev_hash, hash FROM audit_log ORDER BY id")?;
        let mut rows = statement.query([])?;
        let mut prev = String::new();
        while let Some(row) = rows.next()? {
            let entry = AuditEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                user: row.get(2)?,
                entity: row.get(3)?,
                entity_key: row.get(4)?,
                action: row.get(5)?,
                before: row.get(6)?,
                after: row.get(7)?,
            };
            let stored_prev: String = row.get(8)?;
            let stored_hash: String = row.get(9)?;
            if stored_prev != prev || chain_hash(&prev, &entry) != stored_hash {
                return Ok(Some(entry.id));
            }
            prev = stored_hash;
        }
        Ok(None)
    }

    /// Audit rows, newest first, filtered by user, entity and key (empty = any).
    pub fn list_audit(&self, user: &str, entity: &str, key: &str, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, at, user_name, entity, entity_key, action, before, after FROM audit_log
             WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR entity = ?2) AND (?3 = '' OR entity_key = ?3)
             ORDER BY id DESC LIMIT ?4",
        )?;
        let rows = statement.query_map(params![user, entity, key, limit as i64], |row| {
            Ok(AuditEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                user: row.get(2)?,
                entity: row.get(3)?,
                entity_key: row.get(4)?,
                action: row.get(5)?,
                before: row.get(6)?,
                after: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
