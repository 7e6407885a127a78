//! The only place with SQL. `Store` owns the one `Connection` (WAL, foreign keys, busy timeout,
//! cached statements), applies the numbered migrations, and maps every row type in exactly one
//! function. Multi-table writes run in one transaction (private `*_tx` helpers). Must not know
//! about egui or PDFs, and must not read the clock: callers pass `today` and `now`.

pub mod aftersales;
pub mod audit;
pub mod backups;
pub mod costing;
pub mod customer_view;
pub mod customers;
pub mod db;
pub mod demo;
pub mod deposits;
pub mod dialect;
mod error;
pub mod exceptions;
pub mod finance;
pub mod import;
pub mod invoices;
pub mod last_sales;
pub mod orders;
pub mod products;
pub mod scans;
pub mod search;
pub mod server;
pub mod settings;
pub mod statements;
pub mod stats;
pub mod users;
pub mod watch;

#[cfg(test)]
mod migration_tests;

use chrono::NaiveDate;
use db::Db;
pub use error::Error;
use rusqlite::{Connection, OpenFlags};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema, one SQL file per version, applied in order.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_indexes.sql"),
    include_str!("../../migrations/0003_returns.sql"),
    include_str!("../../migrations/0004_fast_scans.sql"),
    include_str!("../../migrations/0005_check_history.sql"),
    include_str!("../../migrations/0006_search_generation.sql"),
    include_str!("../../migrations/0007_history_generation.sql"),
    include_str!("../../migrations/0008_refunds.sql"),
    include_str!("../../migrations/0009_check_dirty.sql"),
    include_str!("../../migrations/0010_shop_id.sql"),
    include_str!("../../migrations/0011_invoice_scan_dirty.sql"),
    include_str!("../../migrations/0012_gifts_accounts_deposits.sql"),
    include_str!("../../migrations/0013_deposit_returns_signed_slips.sql"),
    include_str!("../../migrations/0014_costs.sql"),
    include_str!("../../migrations/0015_void_dates.sql"),
];

/// Version 13 on SQLite: a refund may name a deposit, and an exception's subject may be a
/// shipment (`DELIVERY_NOT_CONFIRMED`).
/// SQLite cannot alter a CHECK constraint; the table's definition is edited in place the way its
/// documentation describes for a constraint that only admits more (every stored row still
/// holds), and the schema version is bumped so every connection reads the new definition.
fn widen_exception_subjects(tx: &WriteTx<'_>) -> Result<()> {
    const BEFORE: &str = "'product', 'customer'))";
    const AFTER: &str = "'product', 'customer', 'shipment'))";
    // A refund naming the deposit it went back to (some development builds added it at 12).
    let has_deposit: i64 =
        tx.query_row("SELECT COUNT(*) FROM pragma_table_info('refunds') WHERE name = 'deposit_id'", [], |row| row.get(0))?;
    if has_deposit == 0 {
        tx.execute_batch("ALTER TABLE refunds ADD COLUMN deposit_id INTEGER REFERENCES deposits (id)")?;
    }
    let widened: i64 = tx.query_row(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'exceptions' AND instr(sql, ?1) > 0",
        [AFTER],
        |row| row.get(0),
    )?;
    if widened == 1 {
        return Ok(());
    }
    let schema: i64 = tx.query_row("PRAGMA schema_version", [], |row| row.get(0))?;
    tx.execute_batch("PRAGMA writable_schema = ON")?;
    let changed = tx.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2) WHERE type = 'table' AND name = 'exceptions' AND instr(sql, ?1) > 0",
        crate::store::db::params![BEFORE, AFTER],
    );
    let bumped = tx.execute_batch(&format!("PRAGMA schema_version = {}", schema + 1));
    tx.execute_batch("PRAGMA writable_schema = OFF")?;
    if changed? != 1 {
        return Err(Error::Invalid("migration 13: the exceptions table's subject kinds were not as expected".to_string()));
    }
    bumped?;
    Ok(())
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Result of store operations.
pub type Result<T> = std::result::Result<T, Error>;

/// One write transaction, begun by [`Store::write_tx`]: the apply layer passes it to the
/// store's `*_tx` functions and commits it, and never sees the engine behind it (its statements
/// are the store's business). Dropped without [`WriteTx::commit`], everything in it rolls back.
pub struct WriteTx<'a> {
    db: &'a Db,
    open: bool,
}

impl WriteTx<'_> {
    /// Make every write of this transaction permanent.
    pub fn commit(mut self) -> Result<()> {
        // Should COMMIT fail (the disk, a busy reader at checkpoint), the transaction is still
        // open: dropping `self` then rolls it back, so the connection is never left inside it.
        self.db.commit()?;
        self.open = false;
        Ok(())
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        if self.open {
            // A failed rollback leaves the transaction to the connection's end; nothing more
            // can be done from a destructor.
            let _ = self.db.rollback();
        }
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Db;

    fn deref(&self) -> &Db {
        self.db
    }
}

/// The shop database.
pub struct Store {
    db: Db,
    path: Option<PathBuf>,
    /// The server database's URL, when the shop is on PostgreSQL.
    server: Option<String>,
    search: search::SearchIndexes,
}

impl Store {
    /// Open (creating if needed) and migrate the database at `path`, first checking the file
    /// with `PRAGMA quick_check`. Refuses a file made by a newer kaidan and a damaged file,
    /// writing nothing to either. The check reads the whole file (seconds on gigabytes): the GUI
    /// uses [`Store::open_unchecked`] and runs [`check_file`] in the background instead.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(url) = server_url(path) {
            return server::open(url, true);
        }
        if path.exists() {
            check_file(path)?;
        }
        Store::open_unchecked(path)
    }

    /// Open and migrate without the whole-file check (fast start; see [`Store::open`]).
    pub fn open_unchecked(path: &Path) -> Result<Store> {
        if let Some(url) = server_url(path) {
            return server::open(url, true);
        }
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|error| Error::Invalid(format!("{}: {error}", parent.display())))?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_handler(Some(wait_for_the_writer))?;
        let mut store = Store { db: Db::sqlite(conn), path: Some(path.to_path_buf()), server: None, search: Default::default() };
        store.prepare(&path.display().to_string())?;
        Ok(store)
    }

    /// Open an existing kaidan database read-only (no migration, nothing written): for reading
    /// the users before a command runs. Refuses files that are not kaidan's or too new.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if let Some(url) = server_url(path) {
            return server::open(url, false);
        }
        let name = path.display().to_string();
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew { path: name, found: version, known: SCHEMA_VERSION });
        }
        if version < 1 {
            return Err(Error::NotKaidan { path: name });
        }
        Ok(Store { db: Db::sqlite(conn), path: Some(path.to_path_buf()), server: None, search: Default::default() })
    }

    /// A fresh in-memory database (tests, benches). In a test build with the environment variable
    /// `KAIDAN_TEST_POSTGRES` naming a server database, a fresh schema of that database instead:
    /// the store's own tests then run on the server engine (README: "Testing on PostgreSQL").
    pub fn open_in_memory() -> Result<Store> {
        #[cfg(any(test, feature = "test-support"))]
        if let Some(base) = std::env::var("KAIDAN_TEST_POSTGRES").ok().filter(|url| !url.trim().is_empty()) {
            return server::open(&server::fresh_schema(&base)?, true);
        }
        let conn = Connection::open_in_memory()?;
        let mut store = Store { db: Db::sqlite(conn), path: None, server: None, search: Default::default() };
        store.prepare(":memory:")?;
        Ok(store)
    }

    /// The SQLite connection of a file store (its pragmas and backup API).
    fn sqlite(&self) -> Result<&Connection> {
        self.db.sqlite_conn().ok_or_else(|| Error::Invalid("a SQLite file operation on a server database".to_string()))
    }

    fn prepare(&mut self, name: &str) -> Result<()> {
        self.sqlite()?.set_prepared_statement_cache_capacity(128);
        let version: i64 = self.db.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew { path: name.to_string(), found: version, known: SCHEMA_VERSION });
        }
        // A file with tables but no kaidan schema version belongs to another program: refuse it
        // before anything (even the journal mode) is written to it.
        let tables: i64 = self.db.query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get(0))?;
        if version == 0 && tables > 0 {
            return Err(Error::NotKaidan { path: name.to_string() });
        }
        self.sqlite()?.pragma_update(None, "journal_mode", "WAL")?;
        self.sqlite()?.pragma_update(None, "synchronous", "NORMAL")?;
        self.sqlite()?.pragma_update(None, "foreign_keys", "ON")?;
        self.migrate(version)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self.write_tx()?;
        // Another process may have migrated between our read and the lock.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(sql)?;
            if index + 1 == 13 {
                widen_exception_subjects(&tx)?;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
        }
        tx.commit()
    }

    /// Set SQLite's page cache of this connection to `kib` KiB (long passes over a large shop
    /// read far more pages than the default 2 MB-ish cache holds).
    pub fn set_cache_kib(&self, kib: i64) -> Result<()> {
        // A server keeps its own cache.
        if let Some(conn) = self.db.sqlite_conn() {
            conn.pragma_update(None, "cache_size", -kib)?;
        }
        Ok(())
    }

    /// The file behind the store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The server database's URL, when the shop is on a PostgreSQL server.
    pub fn server(&self) -> Option<&str> {
        self.server.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        if self.server.is_some() {
            return server::schema_version(&self.db);
        }
        Ok(self.db.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Raw access to the connection for tests and benches (test support only: the shipped
    /// program has no way around the store's functions).
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        self.db.sqlite_conn().expect("test support reads SQLite stores only")
    }

    /// Begin an immediate (write-locking) transaction. It takes the database's write lock at
    /// once (waiting up to the busy timeout for another writer), so everything read after it —
    /// through the transaction or through `&self` reads of this store — sees the latest
    /// committed state and cannot change until commit: the rule that every state change reads
    /// its preconditions inside its own write transaction. It borrows the store shared, so the
    /// apply layer can keep using the store's read methods while it holds the lock; a store
    /// method that opens its own transaction must not be called meanwhile (SQLite refuses a
    /// nested BEGIN, so a mistake fails loudly, never silently).
    pub(crate) fn write_tx(&self) -> Result<WriteTx<'_>> {
        self.db.begin_write()?;
        Ok(WriteTx { db: &self.db, open: true })
    }

    /// Take the shop's write lock as every writer does and hold it until the transaction is
    /// dropped (tests: another counter busy for a while, on either engine).
    #[cfg(feature = "test-support")]
    pub fn hold_write_lock(&self) -> Result<WriteTx<'_>> {
        self.write_tx()
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        if self.server.is_some() {
            // The server checks its own pages (data checksums, WAL); nothing to read here.
            return Ok("ok".to_string());
        }
        Ok(self.db.query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }

    /// A consistent online copy of the database to `out` (SQLite backup API).
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        self.backup_with_progress(out, |_, _| true)
    }

    /// [`Store::backup_to`], telling `progress(pages copied, pages in all)` as it goes (a
    /// backup of a large shop takes seconds); `progress` returning false stops it, and the
    /// unfinished copy is removed.
    pub fn backup_with_progress(&self, out: &Path, mut progress: impl FnMut(u64, u64) -> bool) -> Result<()> {
        use rusqlite::backup::StepResult;
        if self.server.is_some() {
            return server::backup_to_file(&self.db, out, progress);
        }
        let mut target = Connection::open(out)?;
        let backup = rusqlite::backup::Backup::new(self.sqlite()?, &mut target)?;
        loop {
            let step = backup.step(1024)?;
            let done = backup.progress();
            let total = u64::try_from(done.pagecount).unwrap_or_default();
            if !progress(total.saturating_sub(u64::try_from(done.remaining).unwrap_or_default()), total) {
                drop(backup);
                drop(target);
                let _ = std::fs::remove_file(out);
                return Err(Error::Invalid(format!("{}: cancelled; nothing was kept", out.display())));
            }
            match step {
                StepResult::Done => return Ok(()),
                StepResult::Busy | StepResult::Locked => std::thread::sleep(Duration::from_millis(20)),
                _ => {}
            }
        }
    }

    /// Whether the database holds no customers, products or orders yet.
    pub fn is_empty(&self) -> Result<bool> {
        let count: i64 = self.db.query_row(
            "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders)",
            [],
            |row| row.get(0),
        )?;
        Ok(count == 0)
    }
}

// ---- exact decimal <-> integer columns (see migrations/0001_init.sql) ----

/// Scale of money columns (ten-thousandths).
pub const MONEY_SCALE: u32 = 4;
/// Scale of quantity columns (thousandths).
pub const QTY_SCALE: u32 = 3;
/// Scale of percentage columns (hundredths).
pub const PCT_SCALE: u32 = 2;

/// Decimal → scaled integer. Refuses values with more decimals than the column keeps or too large.
pub fn to_scaled(value: Decimal, scale: u32, what: &str) -> Result<i64> {
    let scaled = value * Decimal::from(10_i64.pow(scale));
    if !scaled.fract().is_zero() {
        return Err(Error::Invalid(format!("{what}: {value} has more than {scale} decimals")));
    }
    i64::try_from(scaled.trunc()).map_err(|_| Error::Invalid(format!("{what}: {value} is too large")))
}

/// Scaled integer → decimal.
pub fn from_scaled(value: i64, scale: u32) -> Decimal {
    Decimal::new(value, scale)
}

/// Money column value.
pub fn money(value: i64) -> Decimal {
    from_scaled(value, MONEY_SCALE)
}

/// Quantity column value.
pub fn qty(value: i64) -> Decimal {
    from_scaled(value, QTY_SCALE)
}

/// Percentage column value.
pub fn pct(value: i64) -> Decimal {
    from_scaled(value, PCT_SCALE)
}

/// Money → column.
pub fn money_col(value: Decimal, what: &str) -> Result<i64> {
    to_scaled(value, MONEY_SCALE, what)
}

/// Quantity → column.
pub fn qty_col(value: Decimal, what: &str) -> Result<i64> {
    to_scaled(value, QTY_SCALE, what)
}

/// Percentage → column.
pub fn pct_col(value: Decimal, what: &str) -> Result<i64> {
    to_scaled(value, PCT_SCALE, what)
}

/// Parse a stored date; a malformed one (edited outside kaidan) is reported, not panicked on.
pub fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Error::Invalid(format!("stored date \"{text}\" is malformed")))
}

/// Parse a stored date inside a row mapper.
pub(crate) fn row_date(text: String) -> db::Result<NaiveDate> {
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|error| db::Error::Conversion(format!("\"{text}\" is not a date: {error}")))
}

impl Store {
    /// Whether the waiting orders were re-checked on `day` with nothing a check reads written
    /// since (see migration 0009).
    pub fn recheck_is_current(&self, day: i64) -> Result<bool> {
        let (dirty, seen_day): (i64, i64) = self
            .db
            .prepare_cached("SELECT (SELECT COUNT(*) FROM check_dirty), (SELECT n FROM change_counters WHERE name = 'recheck_day')")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(dirty == 0 && seen_day == day)
    }

    /// The numbers of the orders waiting for approval, correction or stock (or open) whose
    /// checks may have changed since the last re-check, with how much to re-check: all of them
    /// after a change that can touch any order or a long gap, else those of the customers and
    /// products written since ([`Recheck::Full`]) and, on a new day, those whose answer to a
    /// dated check moves that day ([`Recheck::Dates`] when only the day moved for them).
    pub fn orders_to_recheck(&self, day: i64) -> Result<Vec<(String, Recheck)>> {
        const WAITING: &str = "('awaiting_correction', 'awaiting_approval', 'awaiting_restock', 'open')";
        let (everything, seen_day): (bool, i64) = self
            .db
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM check_dirty WHERE kind = 'all'), (SELECT n FROM change_counters WHERE name = 'recheck_day')",
            )?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        // A new day moves only the checks that read today: an order dated in the future
        // (DATE_INVALID), one crossing the back-dating limit (DATE_UNUSUAL) and a customer's
        // invoice crossing its overdue grace (OVERDUE_BALANCE, which needs the whole check). Those
        // orders are added to the ones whose inputs were written; a long gap or a day back
        // re-checks everything.
        let dated = |days: i64| NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).unwrap_or(i32::MAX)).map(|d| d.to_string());
        let gap = day - seen_day;
        let everything = everything || seen_day < 0 || !(0..=31).contains(&gap);
        if everything {
            return self.orders_to_recheck_all();
        }
        let mut params: Vec<String> = vec![];
        let (overdue_clause, dates_clause) = if gap > 0 {
            let settings = self.check_settings()?;
            let (backdate, grace) = (settings.backdate_days, settings.overdue_grace_days);
            let window = |from: i64, to: i64| -> Option<(String, String)> { Some((dated(from)?, dated(to)?)) };
            // Exactly the dates whose answer differs between the two days (one day of margin):
            // in the future on the last pass (order date in (seen, day]), crossing the back-dating
            // limit (order date in [seen − b, day − b − 1]), an invoice crossing its grace (due in
            // [seen − g, day − g − 1]).
            match (window(seen_day, day), window(seen_day - backdate - 1, day - backdate), window(seen_day - grace - 1, day - grace)) {
                (Some(future), Some(backdated), Some(overdue)) => {
                    params.extend([future.0, future.1, backdated.0, backdated.1, overdue.0, overdue.1]);
                    (
                        "OR o.customer_id IN (SELECT customer_id FROM invoices WHERE void = 0 AND paid < total AND due_date BETWEEN ?5 AND ?6)",
                        "o.order_date BETWEEN ?1 AND ?2 OR o.order_date BETWEEN ?3 AND ?4",
                    )
                }
                _ => return self.orders_to_recheck_all(),
            }
        } else {
            ("", "1 = 0")
        };
        let inputs = format!(
            "(o.customer_id IN (SELECT id FROM check_dirty WHERE kind = 'customer')
              OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
                         AND l.product_id IN (SELECT id FROM check_dirty WHERE kind = 'product'))
              {overdue_clause})"
        );
        let sql = format!(
            "SELECT o.number, CASE WHEN {inputs} THEN 1 ELSE 0 END FROM orders o WHERE o.status IN {WAITING} AND ({inputs} OR {dates_clause}) ORDER BY o.id"
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let values: Vec<&dyn db::ToDb> = params.iter().map(|param| param as &dyn db::ToDb).collect();
        let rows =
            statement.query_map(values.as_slice(), |row| Ok((row.get(0)?, if row.get(1)? { Recheck::Full } else { Recheck::Dates })))?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Every waiting order, wholly.
    fn orders_to_recheck_all(&self) -> Result<Vec<(String, Recheck)>> {
        const WAITING: &str = "('awaiting_correction', 'awaiting_approval', 'awaiting_restock', 'open')";
        let sql = format!("SELECT number FROM orders WHERE status IN {WAITING} ORDER BY id");
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, Recheck::Full)))?;
        Ok(rows.collect::<db::Result<_>>()?)
    }
}

/// How much of a waiting order a re-check must look at again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recheck {
    /// Its inputs were written: every live check.
    Full,
    /// Only the day moved: the checks that read today's date.
    Dates,
}

/// Record inside `tx`, after a re-check pass and its own writes, that everything is checked.
pub(crate) fn record_recheck_tx(tx: &WriteTx<'_>, day: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM check_dirty")?.execute([])?;
    tx.prepare_cached("UPDATE change_counters SET n = ?1 WHERE name = 'recheck_day'")?.execute([day])?;
    Ok(())
}

/// An order's live checks were just run as of `day`. The re-check assumes every waiting order's
/// findings are current as of the last pass's day; an order checked on an earlier day (a clerk
/// whose `--today` or clock lags the last scan) would break that, so the next pass then looks
/// at every waiting order.
pub(crate) fn note_checked_on_tx(tx: &WriteTx<'_>, day: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO check_dirty (kind, id) SELECT 'all', 0
         WHERE (SELECT n FROM change_counters WHERE name = 'recheck_day') > ?1 ON CONFLICT DO NOTHING",
    )?
    .execute([day])?;
    Ok(())
}

/// Take the next number of a gap-free yearly sequence inside `tx`: `SO-2026-00001`.
pub(crate) fn next_number_tx(tx: &WriteTx<'_>, kind: &str, prefix: &str, year: i32) -> Result<String> {
    tx.execute(
        "INSERT INTO sequences (kind, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last = sequences.last + 1",
        db::params![kind, year],
    )?;
    let last: i64 = tx.query_row("SELECT last FROM sequences WHERE kind = ?1 AND year = ?2", db::params![kind, year], |row| row.get(0))?;
    Ok(format!("{prefix}-{year}-{last:05}"))
}

/// While another connection holds the file's write lock: look again every millisecond, for up to
/// about half a minute. SQLite's own busy timeout sleeps ever longer between looks (up to 100
/// ms), so with eight counters writing at once a waiter could keep losing the lock to newcomers
/// for seconds and, past its timeout, fail a step (measured: `benches/counters.rs`).
fn wait_for_the_writer(attempt: i32) -> bool {
    std::thread::sleep(Duration::from_millis(1));
    attempt < 25_000
}

/// The PostgreSQL URL a `--db` value names, if it names a server database rather than a file.
pub fn server_url(db: &Path) -> Option<&str> {
    db.to_str().filter(|text| db::is_server_url(text))
}

/// Whether `db` holds no shop yet: a file that does not exist, or a server database without
/// kaidan's tables (a server that cannot be reached is not new: opening it says why).
pub fn is_new(db: &Path) -> bool {
    match server_url(db) {
        Some(url) => server::is_empty(url),
        None => !db.exists(),
    }
}

/// Stops a running [`check_file_cancellable`] (used when the window closes mid-check).
pub struct CheckCancel(rusqlite::InterruptHandle);

impl CheckCancel {
    /// Interrupt the check; it then ends with an error that nobody waits for.
    pub fn cancel(&self) {
        self.0.interrupt();
    }
}

/// [`check_file`], handing out a [`CheckCancel`] before the long read starts.
pub fn check_file_cancellable(path: &Path, ready: impl FnOnce(CheckCancel)) -> Result<()> {
    if server_url(path).is_some() {
        return Ok(());
    }
    let name = path.display().to_string();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|error| Error::Damaged { path: name.clone(), detail: error.to_string() })?;
    ready(CheckCancel(conn.get_interrupt_handle()));
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|error| Error::Damaged { path: name.clone(), detail: error.to_string() })?;
    if check == "ok" { Ok(()) } else { Err(Error::Damaged { path: name, detail: check }) }
}

/// `PRAGMA quick_check` on an existing file, read-only: Ok when healthy or not yet a database
/// (an empty new file), [`Error::Damaged`] otherwise.
pub fn check_file(path: &Path) -> Result<()> {
    if server_url(path).is_some() {
        return Ok(());
    }
    let name = path.display().to_string();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|error| Error::Damaged { path: name.clone(), detail: error.to_string() })?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|error| Error::Damaged { path: name.clone(), detail: error.to_string() })?;
    if check == "ok" { Ok(()) } else { Err(Error::Damaged { path: name, detail: check }) }
}

/// Files up to this size are checked whole (`PRAGMA quick_check`) before every command that
/// writes; it takes milliseconds. Larger ones trust a good check younger than [`HEALTH_TTL_SECS`]
/// (the window checks the whole file at every start, `audit verify` on demand, and SQLite itself
/// refuses to write through a damaged page it meets).
pub const FULL_CHECK_MAX_BYTES: u64 = 32 * 1024 * 1024;
/// How long a good check of a large file is trusted by commands that write: a working day.
pub const HEALTH_TTL_SECS: u64 = 12 * 3600;

/// The file beside the database holding its last check: `ok <unix seconds>` or `damaged <detail>`.
pub fn health_marker(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".health");
    db.with_file_name(name)
}

/// Record the result of a whole-file check (the window's background check, `audit verify`).
pub fn record_health(db: &Path, result: &Result<()>) {
    if server_url(db).is_some() {
        return;
    }
    let text = match result {
        Ok(()) => format!("ok {}", unix_now()),
        Err(Error::Damaged { detail, .. }) => format!("damaged {detail}"),
        Err(_) => return,
    };
    // A marker that cannot be written only costs a re-check next time.
    let _ = std::fs::write(health_marker(db), text);
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

/// Refuse writes to a damaged file: a small file is checked whole every time; a large one when
/// its last good check is older than [`HEALTH_TTL_SECS`]; one last found damaged is checked again (and
/// stays refused until the check passes, e.g. after `restore`). The result is cached beside the
/// file (see [`health_marker`]).
pub fn ensure_healthy(db: &Path) -> Result<()> {
    if server_url(db).is_some() {
        return Ok(());
    }
    let Ok(metadata) = std::fs::metadata(db) else { return Ok(()) };
    if metadata.len() == 0 {
        return Ok(());
    }
    if metadata.len() > FULL_CHECK_MAX_BYTES
        && let Ok(text) = std::fs::read_to_string(health_marker(db))
        && let Some(at) = text.strip_prefix("ok ").and_then(|at| at.trim().parse::<u64>().ok())
        && unix_now().saturating_sub(at) < HEALTH_TTL_SECS
    {
        return Ok(());
    }
    let result = check_file(db);
    record_health(db, &result);
    result
}

/// Check that `file` is a healthy kaidan database this build can open: integrity and schema.
pub fn verify_file(file: &Path) -> Result<i64> {
    let name = file.display().to_string();
    if !file.is_file() {
        return Err(Error::NotFound(name));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|error| Error::Damaged { path: name.clone(), detail: error.to_string() })?;
    if version > SCHEMA_VERSION {
        return Err(Error::TooNew { path: name, found: version, known: SCHEMA_VERSION });
    }
    if version < 1 {
        return Err(Error::Invalid(format!("{name}: not a kaidan database")));
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|error| Error::Damaged { path: name.clone(), detail: error.to_string() })?;
    if check != "ok" {
        return Err(Error::Damaged { path: name, detail: check });
    }
    Ok(version)
}

/// Replace the database at `db` with the backup `input` after checking the backup's integrity
/// and schema; the replaced file is first copied beside it (`…replaced-STAMP.sqlite3`), and that
/// path is returned (none when there was nothing to replace). For a server database, its
/// contents are replaced and the copy of what was there goes to the server's folder on this PC
/// (see [`crate::local::server_folder`]). Nothing is replaced when the backup is unfit.
pub fn restore(db: &Path, input: &Path, stamp: &str) -> Result<Option<PathBuf>> {
    if let Some(url) = server_url(db) {
        let kept = crate::local::server_folder(url).join(format!("replaced-{stamp}.sqlite3"));
        return server::restore_from_file(url, input, &kept);
    }
    verify_file(input)?;
    let kept = db.with_file_name(format!(
        "{}.replaced-{stamp}.sqlite3",
        db.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "kaidan".into())
    ));
    let existed = db.exists();
    if existed {
        let current = Connection::open(db)?;
        let mut copy = Connection::open(&kept)?;
        rusqlite::backup::Backup::new(&current, &mut copy)?.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    let source = Connection::open_with_flags(input, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut target = Connection::open(db)?;
    target.busy_timeout(Duration::from_secs(10))?;
    rusqlite::backup::Backup::new(&source, &mut target)?.run_to_completion(256, Duration::from_millis(0), None)?;
    drop(target);
    record_health(db, &check_file(db));
    Ok(existed.then_some(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_transaction_commits_or_rolls_back_whole() {
        let store = Store::open_in_memory().expect("store");
        let count = |store: &Store| -> i64 {
            store.db.query_row("SELECT COUNT(*) FROM settings WHERE key = 'x'", [], |r| r.get(0)).expect("count")
        };
        {
            let tx = store.write_tx().expect("begin");
            tx.execute("INSERT INTO settings (key, value) VALUES ('x', '1')", []).expect("insert");
            // Dropped without commit: gone, and the connection is out of the transaction.
        }
        assert_eq!(count(&store), 0);
        assert!(store.db.is_autocommit(), "no transaction left open");
        let tx = store.write_tx().expect("begin again");
        tx.execute("INSERT INTO settings (key, value) VALUES ('x', '1')", []).expect("insert");
        tx.commit().expect("commit");
        assert_eq!(count(&store), 1);
        assert!(store.db.is_autocommit());
    }

    #[test]
    fn migrations_apply_from_empty_and_twice() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("shop.sqlite3");
        let store = Store::open(&path).expect("first open migrates");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        drop(store);
        let store = Store::open(&path).expect("second open is a no-op");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let admins: i64 = store.db.query_row("SELECT COUNT(*) FROM users WHERE name = 'admin'", [], |r| r.get(0)).expect("count");
        assert_eq!(admins, 1);
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("new.sqlite3");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", 99).expect("set version");
        }
        match Store::open(&path) {
            Err(Error::TooNew { found: 99, .. }) => {}
            other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
        }
        let conn = Connection::open(&path).expect("reopen");
        let tables: i64 = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0)).expect("count");
        assert_eq!(tables, 0, "nothing was written");
    }

    #[test]
    fn scaled_integers_are_exact() {
        let value: Decimal = "12.5".parse().expect("decimal");
        assert_eq!(money_col(value, "price").expect("fits"), 125_000);
        assert_eq!(money(125_000), value);
        assert!(qty_col("0.0001".parse().expect("decimal"), "qty").is_err());
    }

    #[test]
    fn numbers_are_gap_free_per_year() {
        let store = Store::open_in_memory().expect("store");
        let tx = store.write_tx().expect("tx");
        assert_eq!(next_number_tx(&tx, "order", "SO", 2026).expect("n"), "SO-2026-00001");
        assert_eq!(next_number_tx(&tx, "order", "SO", 2026).expect("n"), "SO-2026-00002");
        assert_eq!(next_number_tx(&tx, "order", "SO", 2027).expect("n"), "SO-2027-00001");
        tx.commit().expect("commit");
    }
}
