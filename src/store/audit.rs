//! The append-only audit log: every change as (who, when, what, before → after), each row
//! hash-chained to the previous one so that an edit made outside kaidan is detected.

use super::{Result, Store, WriteTx, money};
use crate::store::db::{OptionalExtension, params};
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
    tx: &WriteTx<'_>,
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
            .db
            .prepare("SELECT id, at, user_name, entity, entity_key, action, before, after, prev_hash, hash FROM audit_log ORDER BY id")?;
        let rows = statement.query_map([], |row| {
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
            Ok((entry, row.get::<_, String>(8)?, row.get::<_, String>(9)?))
        })?;
        let mut prev = String::new();
        for row in rows {
            let (entry, stored_prev, stored_hash) = row?;
            if stored_prev != prev || chain_hash(&prev, &entry) != stored_hash {
                return Ok(Some(entry.id));
            }
            prev = stored_hash;
        }
        Ok(None)
    }

    /// Audit rows, newest first, filtered by user, entity and key (empty = any).
    pub fn list_audit(&self, user: &str, entity: &str, key: &str, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut statement = self.db.prepare_cached(
            "SELECT id, at, user_name, entity, entity_key, action, before, after FROM audit_log
             WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR entity = ?2) AND (?3 = '' OR entity_key = ?3)
             ORDER BY id DESC LIMIT ?4",
        )?;
        let rows = statement.query_map(params![user, entity, key, limit as i64], map_entry)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Audit rows, newest first, filtered like [`Store::list_audit`] and by day: `from` and `to`
    /// are `YYYY-MM-DD` (empty = no bound), both days included — a row counts by the date its
    /// `at` stamp starts with.
    pub fn list_audit_between(&self, user: &str, entity: &str, key: &str, from: &str, to: &str, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut statement = self.db.prepare_cached(
            "SELECT id, at, user_name, entity, entity_key, action, before, after FROM audit_log
             WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR entity = ?2) AND (?3 = '' OR entity_key = ?3)
               AND (?4 = '' OR at >= ?4) AND (?5 = '' OR at <= (?5 || 'T99'))
             ORDER BY id DESC LIMIT ?6",
        )?;
        let rows = statement.query_map(params![user, entity, key, from, to, limit as i64], map_entry)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// The newest audit row: (id, hash), None for an empty log. Anchored outside the database
    /// after each command (see `crate::anchor`), so a cut or a rewrite of the chain shows.
    pub fn audit_head(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .db
            .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// The hash stored for audit row `id`, None when the row is gone.
    pub fn audit_hash(&self, id: i64) -> Result<Option<String>> {
        Ok(self.db.prepare_cached("SELECT hash FROM audit_log WHERE id = ?1")?.query_row([id], |row| row.get(0)).optional()?)
    }

    /// The books cross-checked against their own records, each problem as a sentence: order
    /// totals against their lines, invoice paid against payments less refunds, on hand against
    /// the ledger. Edits made outside kaidan that keep the audit chain intact still show here.
    pub fn cross_check_books(&self) -> Result<Vec<String>> {
        let mut problems = vec![];
        let mut statement = self.db.prepare(
            "SELECT o.number, o.subtotal, COALESCE(SUM(l.line_total), 0) FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
             GROUP BY o.id HAVING o.subtotal <> COALESCE(SUM(l.line_total), 0)",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?)))?;
        for row in rows {
            let (number, subtotal, lines) = row?;
            problems.push(format!("{number}: subtotal {} but its lines add up to {}", money(subtotal), money(lines)));
        }
        let mut statement = self.db.prepare(
            "SELECT number, paid, net FROM (
                 SELECT i.number, i.paid,
                        COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.invoice_id = i.id), 0)
                          - COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.invoice_id = i.id), 0) AS net
                 FROM invoices i
             ) AS x WHERE paid <> net",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?)))?;
        for row in rows {
            let (number, paid, net) = row?;
            problems.push(format!("{number}: paid {} but its payments less refunds are {}", money(paid), money(net)));
        }
        for (sku, on_hand, ledger) in self.ledger_mismatches()? {
            problems.push(format!("{sku}: on hand {on_hand} but its stock ledger adds up to {ledger}"));
        }
        Ok(problems)
    }

    /// How many rows the audit log holds.
    pub fn count_audit(&self) -> Result<i64> {
        Ok(self.db.prepare_cached("SELECT COUNT(*) FROM audit_log")?.query_row([], |row| row.get(0))?)
    }
}

/// One `SELECT id, at, user_name, entity, entity_key, action, before, after` row.
fn map_entry(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<AuditEntry> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store with five audit rows over three days (the chain written as the app writes it).
    fn store_with_rows() -> Store {
        let store = Store::open_in_memory().expect("store");
        let tx = store.write_tx().expect("tx");
        let rows = [
            ("2026-03-01T09:00:00", "li", "customer", "C001", "create", "", "code=C001; name=A"),
            ("2026-03-01T18:59:59", "wang", "order", "SO-2026-00001", "create", "", "open"),
            ("2026-03-02T08:00:00", "li", "customer", "C001", "update", "code=C001; name=A", "code=C001; name=B"),
            ("2026-03-03T00:00:00", "chen", "invoice", "INV-2026-00001", "issue", "", "120.00"),
            ("2026-03-03T23:59:59", "li", "customer", "C002", "create", "", "code=C002; name=C"),
        ];
        for (at, user, entity, key, action, before, after) in rows {
            append_tx(&tx, at, user, entity, key, action, before, after).expect("append");
        }
        tx.commit().expect("commit");
        store
    }

    fn keys(entries: &[AuditEntry]) -> Vec<String> {
        entries.iter().map(|entry| format!("{} {}", entry.at, entry.entity_key)).collect()
    }

    #[test]
    fn between_filters_by_whole_days_newest_first() {
        let store = store_with_rows();
        let all = store.list_audit_between("", "", "", "2026-03-01", "2026-03-03", 100).expect("all days");
        assert_eq!(all.len(), 5);
        assert!(all.windows(2).all(|pair| pair[0].id > pair[1].id), "newest first");

        let first_day = store.list_audit_between("", "", "", "2026-03-01", "2026-03-01", 100).expect("one day");
        assert_eq!(keys(&first_day), ["2026-03-01T18:59:59 SO-2026-00001", "2026-03-01T09:00:00 C001"]);

        let from_only = store.list_audit_between("", "", "", "2026-03-03", "", 100).expect("from");
        assert_eq!(keys(&from_only), ["2026-03-03T23:59:59 C002", "2026-03-03T00:00:00 INV-2026-00001"]);

        let to_only = store.list_audit_between("", "customer", "", "", "2026-03-02", 100).expect("to");
        assert_eq!(keys(&to_only), ["2026-03-02T08:00:00 C001", "2026-03-01T09:00:00 C001"]);

        let narrowed = store.list_audit_between("li", "customer", "C001", "2026-03-02", "2026-03-31", 100).expect("narrowed");
        assert_eq!(keys(&narrowed), ["2026-03-02T08:00:00 C001"]);

        assert!(store.list_audit_between("", "", "", "2026-03-04", "", 100).expect("later").is_empty());
        assert_eq!(store.list_audit_between("", "", "", "", "", 2).expect("limit").len(), 2);
        assert_eq!(
            keys(&store.list_audit_between("", "", "", "", "", 100).expect("open")),
            keys(&store.list_audit("", "", "", 100).expect("list"))
        );
    }

    #[test]
    fn the_chain_of_written_rows_verifies() {
        let store = store_with_rows();
        assert_eq!(store.verify_audit().expect("verify"), None);
        assert_eq!(store.count_audit().expect("count"), 5);
    }
}
