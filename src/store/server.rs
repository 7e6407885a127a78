//! A shop on a PostgreSQL server (several counters, one shop): opening a server database and
//! bringing its schema up to date, and moving a shop between a server database and a SQLite file
//! — `backup` of a server database writes one SQLite file (a consistent snapshot), `restore` of
//! a SQLite file into a server database replaces its contents. The business queries are the
//! same on both engines (see `store::db` and `store::dialect`); what is here is only what the
//! two engines do differently around them.

use super::db::{self, Db};
use super::{Error, Result, SCHEMA_VERSION, Store};
use rusqlite::types::Value;
use std::path::{Path, PathBuf};

/// The PostgreSQL schema, per version: a server database starts at 11 (everything SQLite's
/// 0001–0011 made, in one file); each later version adds a file for each engine.
const MIGRATIONS: &[(i64, &str)] = &[
    (11, include_str!("../../migrations/postgres/0011_init.sql")),
    (12, include_str!("../../migrations/postgres/0012_gifts_accounts_deposits.sql")),
    (13, include_str!("../../migrations/postgres/0013_deposit_returns_signed_slips.sql")),
    (14, include_str!("../../migrations/postgres/0014_costs.sql")),
    (15, include_str!("../../migrations/postgres/0015_void_dates.sql")),
];

/// Every table of a shop, parents before children: the order a copy fills them in.
pub const TABLES: &[&str] = &[
    "settings",
    "users",
    "sequences",
    "customers",
    "products",
    "customer_prices",
    "stock_movements",
    "orders",
    "order_lines",
    "order_events",
    "approvals",
    "drafts",
    "order_templates",
    "shipments",
    "shipment_lines",
    "invoices",
    "invoice_lines",
    "deposits",
    "payments",
    "deposit_refunds",
    "exceptions",
    "exception_events",
    "audit_log",
    "credit_notes",
    "returns",
    "refunds",
    "change_counters",
    "check_dirty",
    "invoice_scan_dirty",
];

/// The functions the PostgreSQL schema defines (dropped with the tables by a restore).
const FUNCTIONS: &[&str] = &[
    "audit_log_append_only()",
    "stock_movements_ledger()",
    "orders_cancel_lines()",
    "order_lines_born_cancelled()",
    "bump_change_counter()",
    "note_dirty(text, bigint)",
    "dirty_all()",
    "customers_dirty_update()",
    "products_dirty_update()",
    "dirty_own_customer()",
    "order_lines_dirty()",
    "approvals_dirty()",
    "credit_notes_dirty()",
    "note_invoice_scan(bigint)",
    "invoices_scan()",
    "invoice_lines_scan()",
    "order_lines_scan()",
    "notify_change()",
];

pub use crate::local::display_name;

/// Connect to `url`, saying plainly what failed: the server cannot be reached, refused the
/// login, or has no such database.
fn connect(url: &str) -> Result<Db> {
    Db::postgres(url).map_err(|error| {
        let name = display_name(url);
        // The client's summary ("error connecting to server") with its causes (refused, timed out).
        let mut detail = error.to_string();
        let mut source = std::error::Error::source(&error).and_then(std::error::Error::source);
        while let Some(cause) = source {
            detail.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        match &error {
            db::Error::Postgres(pg) if pg.as_db_error().is_some() => Error::ServerRefused { name, detail: error.to_string() },
            db::Error::Postgres(_) => Error::ServerUnreachable { name, detail },
            _ => Error::Invalid(format!("{name}: {error}")),
        }
    })
}

/// Whether the server database at `url` takes a login: an unreachable server or a refused
/// login as [`Error::ServerUnreachable`] / [`Error::ServerRefused`]. The connection is kept for
/// the process's next opening of the shop.
pub fn probe(url: &str) -> Result<()> {
    connect(url).map(drop)
}

/// The kaidan schema version of a server database (0: none yet), and whether it holds tables
/// of another program.
fn version(db: &Db) -> Result<(i64, bool)> {
    let (ours, tables): (i64, i64) = db.query_row(
        "SELECT COUNT(*) FILTER (WHERE table_name = 'kaidan_schema'), COUNT(*) FROM information_schema.tables
         WHERE table_schema = current_schema()",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if ours == 0 {
        return Ok((0, tables > 0));
    }
    let version: Option<i64> = db.query_row("SELECT MAX(version) FROM kaidan_schema", [], |row| row.get(0))?;
    Ok((version.unwrap_or_default(), false))
}

/// A new, empty schema in the server database `base` (tests and benches: one shop each); the
/// URL that works in it.
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub fn fresh_schema(base: &str) -> Result<String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or_default();
    let name = format!("ks_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    connect(base)?.execute_batch(&format!("CREATE SCHEMA {name}"))?;
    let separator = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{separator}options=-c%20search_path%3D{name}"))
}

/// Whether the server database at `url` can be reached and holds no tables yet.
pub(super) fn is_empty(url: &str) -> bool {
    Db::postgres(url).ok().and_then(|db| version(&db).ok()).is_some_and(|(found, foreign)| found == 0 && !foreign)
}

/// The schema version of an open server database.
pub(super) fn schema_version(db: &Db) -> Result<i64> {
    Ok(version(db)?.0)
}

/// Open the server database at `url`; with `migrate`, create or bring up to date its schema
/// (under the shop's write lock, so two counters starting at once migrate once).
pub(super) fn open(url: &str, migrate: bool) -> Result<Store> {
    let name = display_name(url);
    let db = connect(url)?;
    let (found, foreign) = version(&db)?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew { path: name, found, known: SCHEMA_VERSION });
    }
    if foreign {
        return Err(Error::NotKaidan { path: name });
    }
    if found < SCHEMA_VERSION {
        if !migrate {
            return Err(Error::NotKaidan { path: name });
        }
        db.begin_write()?;
        let applied = apply_migrations(&db);
        match applied {
            Ok(()) => db.commit()?,
            Err(error) => {
                let _ = db.rollback();
                return Err(error);
            }
        }
    }
    Ok(Store { db, path: None, server: Some(url.to_string()), search: Default::default() })
}

fn apply_migrations(db: &Db) -> Result<()> {
    let (found, foreign) = version(db)?;
    if foreign {
        return Err(Error::NotKaidan { path: String::new() });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(version, _)| *version > found) {
        db.execute_batch(sql)?;
        db.execute("DELETE FROM kaidan_schema", [])?;
        db.execute("INSERT INTO kaidan_schema (version) VALUES (?1)", [*version])?;
    }
    Ok(())
}

/// The columns of `table` in a SQLite database, in order.
fn sqlite_columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut statement = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// Write a consistent copy of the server database `db` to the new SQLite file `out`: the same
/// schema version, every row of every table with its id. Read in one repeatable-read snapshot,
/// so writes of other counters meanwhile are either wholly in it or not at all.
pub(super) fn backup_to_file(db: &Db, out: &Path, mut progress: impl FnMut(u64, u64) -> bool) -> Result<()> {
    let partial = out.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let result = (|| -> Result<()> {
        let target = Store::open_unchecked(&partial)?;
        drop(target);
        let mut conn = rusqlite::Connection::open(&partial)?;
        let tx = conn.transaction()?;
        let triggers = drop_sqlite_triggers(&tx)?;
        db.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        let copied = (|| -> Result<()> {
            for (done, table) in TABLES.iter().enumerate() {
                if !progress(done as u64, TABLES.len() as u64) {
                    return Err(Error::Invalid(format!("{}: cancelled; nothing was kept", out.display())));
                }
                tx.execute(&format!("DELETE FROM {table}"), [])?;
                let columns = sqlite_columns(&tx, table)?;
                let list = columns.join(", ");
                let marks: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
                let mut insert = tx.prepare(&format!("INSERT INTO {table} ({list}) VALUES ({})", marks.join(", ")))?;
                let mut select = db.prepare(&format!("SELECT {list} FROM {table} ORDER BY 1"))?;
                let rows =
                    select.query_map([], |row| (0..columns.len()).map(|at| row.get::<_, Value>(at)).collect::<db::Result<Vec<_>>>())?;
                for row in rows {
                    insert.execute(rusqlite::params_from_iter(row?))?;
                }
            }
            Ok(())
        })();
        let _ = db.execute_batch("COMMIT");
        copied?;
        for sql in triggers {
            tx.execute_batch(&sql)?;
        }
        tx.commit()?;
        Ok(())
    })();
    match result {
        Ok(()) => {
            std::fs::rename(&partial, out).map_err(|error| Error::Invalid(format!("{}: {error}", out.display())))?;
            Ok(())
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

/// Drop every trigger of a SQLite database inside `tx` (a copy brings derived columns and notes
/// as they are), returning their definitions to create again.
fn drop_sqlite_triggers(tx: &rusqlite::Transaction<'_>) -> Result<Vec<String>> {
    let mut statement = tx.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?;
    let triggers =
        statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    drop(statement);
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// One value in PostgreSQL's COPY text format.
fn copy_text(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("\\N"),
        Value::Integer(n) => out.push_str(&n.to_string()),
        Value::Real(x) => out.push_str(&x.to_string()),
        Value::Text(text) => {
            for c in text.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    c => out.push(c),
                }
            }
        }
        Value::Blob(bytes) => {
            out.push_str("\\\\x");
            for byte in bytes {
                out.push_str(&format!("{byte:02x}"));
            }
        }
    }
}

/// Replace the contents of the server database at `url` with the SQLite backup `input`
/// (checked first, and brought to this build's schema in a scratch copy). The server's current
/// contents are first written to `kept` (a SQLite file) when it holds a shop; that path is
/// returned. One transaction: a failure leaves the server database as it was.
pub fn restore_from_file(url: &str, input: &Path, kept: &Path) -> Result<Option<PathBuf>> {
    super::verify_file(input)?;
    let scratch = tempfile_beside(kept)?;
    {
        let source = rusqlite::Connection::open_with_flags(input, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut copy = rusqlite::Connection::open(&scratch)?;
        rusqlite::backup::Backup::new(&source, &mut copy)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    }
    let result = (|| -> Result<Option<PathBuf>> {
        drop(Store::open_unchecked(&scratch)?);
        let source = rusqlite::Connection::open_with_flags(&scratch, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let db = connect(url)?;
        let (found, foreign) = version(&db)?;
        if foreign {
            return Err(Error::NotKaidan { path: display_name(url) });
        }
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew { path: display_name(url), found, known: SCHEMA_VERSION });
        }
        let kept = if found > 0 {
            backup_to_file(&db, kept, |_, _| true)?;
            Some(kept.to_path_buf())
        } else {
            None
        };
        db.begin_write()?;
        match replace_contents(&db, &source) {
            Ok(()) => db.commit()?,
            Err(error) => {
                let _ = db.rollback();
                return Err(error);
            }
        }
        // The planner's statistics of the tables just filled (autovacuum would take its time);
        // the shop's tables only, not whatever else the database holds.
        db.execute_batch(&format!("ANALYZE kaidan_schema, {}", TABLES.join(", ")))?;
        Ok(kept)
    })();
    let _ = std::fs::remove_file(&scratch);
    result
}

fn tempfile_beside(path: &Path) -> Result<PathBuf> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|error| Error::Invalid(format!("{}: {error}", folder.display())))?;
    // One per restore, also when a process restores several at once (each its own scratch file).
    static RESTORES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let restore = RESTORES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(folder.join(format!(".kaidan-restore-{}-{restore}.sqlite3", std::process::id())))
}

/// Inside the open write transaction of `db`: drop the shop's tables and functions, make the
/// schema anew and fill every table from `source` with COPY, then move each identity past the
/// largest id copied.
fn replace_contents(db: &Db, source: &rusqlite::Connection) -> Result<()> {
    let mut drop = format!("DROP TABLE IF EXISTS kaidan_schema, {} CASCADE;", TABLES.join(", "));
    drop.push_str(&format!(" DROP FUNCTION IF EXISTS {} CASCADE;", FUNCTIONS.join(", ")));
    db.execute_batch(&drop)?;
    apply_migrations(db)?;
    for table in TABLES {
        db.execute_batch(&format!("ALTER TABLE {table} DISABLE TRIGGER USER; DELETE FROM {table}"))?;
    }
    for table in TABLES {
        let columns = sqlite_columns(source, table)?;
        let mut select = source.prepare(&format!("SELECT {} FROM {table} ORDER BY 1", columns.join(", ")))?;
        let mut rows = select.query([])?;
        db.copy_in(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")), |out| {
            let mut line = String::new();
            while let Some(row) = rows.next()? {
                line.clear();
                for at in 0..columns.len() {
                    if at > 0 {
                        line.push('\t');
                    }
                    copy_text(&row.get::<_, Value>(at)?, &mut line);
                }
                line.push('\n');
                out.write_all(line.as_bytes()).map_err(|error| db::Error::Conversion(format!("COPY {table}: {error}")))?;
            }
            Ok(())
        })?;
    }
    // Every window on the server reloads what it shows.
    db.execute_batch("NOTIFY kaidan_changed")?;
    for table in TABLES {
        db.execute_batch(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))?;
        let has_id: bool = db.query_row(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
             AND table_name = ?1 AND column_name = 'id' AND is_identity = 'YES')",
            [table],
            |row| row.get(0),
        )?;
        if has_id {
            db.execute_batch(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_knows_every_table_of_the_schema() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("shop.sqlite3");
        drop(Store::open(&path).expect("a file of this build's schema"));
        let conn = rusqlite::Connection::open(&path).expect("open");
        let mut statement =
            conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").expect("tables");
        let mut found: Vec<String> =
            statement.query_map([], |row| row.get(0)).expect("rows").collect::<rusqlite::Result<_>>().expect("names");
        let mut listed: Vec<String> = TABLES.iter().map(|table| table.to_string()).collect();
        found.sort();
        listed.sort();
        assert_eq!(found, listed, "a table backup and restore would not copy, or one the schema does not have");
    }

    #[test]
    fn copy_text_escapes_what_copy_reads_as_markup() {
        let mut out = String::new();
        for value in [Value::Null, Value::Integer(-5), Value::Text("a\tb\\c\nd\re 张".into())] {
            copy_text(&value, &mut out);
            out.push('|');
        }
        assert_eq!(out, "\\N|-5|a\\tb\\\\c\\nd\\re 张|");
    }
}
