//! The store's one door to the database engine. Every statement of the store goes through these
//! types — [`Db`] (a connection), [`Stmt`] (a prepared statement), [`Row`] (a result row), the
//! [`params!`](crate::store_params) list and [`Error`] — never through a driver's own types, so
//! that a second engine (PostgreSQL, for a shop with several counters) slots in behind the same
//! calls, with the differences between the engines kept here.
//!
//! Today the engine is SQLite (rusqlite, bundled). The calls mirror rusqlite's, so the SQLite
//! path costs nothing: a statement is rusqlite's cached statement, a row is rusqlite's row.

mod pg;

use std::fmt;

/// What went wrong in the engine.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// A query that must return a row returned none.
    NoRows,
    /// A value could not be read as the type asked for.
    Conversion(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(error) => error.fmt(f),
            Error::Postgres(error) => match error.as_db_error() {
                // A restart or an administrator ended the connection: the next step connects again.
                Some(db)
                    if [
                        postgres::error::SqlState::ADMIN_SHUTDOWN,
                        postgres::error::SqlState::CRASH_SHUTDOWN,
                        postgres::error::SqlState::CANNOT_CONNECT_NOW,
                        postgres::error::SqlState::IDLE_SESSION_TIMEOUT,
                    ]
                    .contains(db.code()) =>
                {
                    write!(f, "the database server ended the connection ({}); nothing of this step was kept, try again", db.message())
                }
                // The server's own words (with its detail) say more than the client's summary.
                Some(db) => match db.detail() {
                    Some(detail) => write!(f, "{} ({detail})", db.message()),
                    None => f.write_str(db.message()),
                },
                None if error.is_closed() => {
                    write!(f, "the connection to the database server was lost ({error}); nothing of this step was kept, try again")
                }
                None => error.fmt(f),
            },
            Error::NoRows => f.write_str("no row found"),
            Error::Conversion(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(error) => Some(error),
            Error::Postgres(error) => Some(error),
            Error::NoRows | Error::Conversion(_) => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            error => Error::Sqlite(error),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(error: postgres::Error) -> Self {
        Error::Postgres(error)
    }
}

impl Error {
    /// Whether a UNIQUE constraint refused the write.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) => failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE,
            Error::Postgres(error) => error.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION),
            _ => false,
        }
    }

    /// Whether a query that must return a row returned none.
    pub fn is_no_rows(&self) -> bool {
        matches!(self, Error::NoRows | Error::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Whether the server went away or could not be reached (not a refusal of the statement).
    pub fn is_connection_lost(&self) -> bool {
        match self {
            Error::Postgres(error) => {
                error.is_closed() || std::error::Error::source(error).is_some_and(|source| source.is::<std::io::Error>())
            }
            _ => false,
        }
    }
}

/// Result of an engine call.
pub type Result<T> = std::result::Result<T, Error>;

/// A value the store binds to a statement: anything SQLite takes. PostgreSQL gets the same
/// value, converted to the type the server expects for that placeholder (see `pg::Param`), so
/// both engines store the same thing.
pub trait ToDb {
    /// The value as SQLite takes it.
    fn sqlite(&self) -> &dyn rusqlite::ToSql;
}

impl<T: rusqlite::ToSql> ToDb for T {
    fn sqlite(&self) -> &dyn rusqlite::ToSql {
        self
    }
}

/// A value the store reads from a row: anything SQLite gives. A PostgreSQL column is first read
/// as the value SQLite would hold (`pg::Cell`), then converted by the same rules.
pub trait FromDb: Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self>;
    fn from_value(value: rusqlite::types::ValueRef<'_>) -> std::result::Result<Self, String>;
}

impl<T: rusqlite::types::FromSql> FromDb for T {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }

    fn from_value(value: rusqlite::types::ValueRef<'_>) -> std::result::Result<Self, String> {
        T::column_result(value).map_err(|error| error.to_string())
    }
}

/// The values bound to a statement: `params![a, b]`, an array of one type (`[id]`), or `[]` /
/// `()` for none.
pub trait Params {
    /// Each value, in order.
    fn each(&self) -> impl Iterator<Item = &dyn ToDb>;
}

impl Params for () {
    fn each(&self) -> impl Iterator<Item = &dyn ToDb> {
        std::iter::empty()
    }
}

impl Params for [&dyn ToDb; 0] {
    fn each(&self) -> impl Iterator<Item = &dyn ToDb> {
        std::iter::empty()
    }
}

impl Params for &[&dyn ToDb] {
    fn each(&self) -> impl Iterator<Item = &dyn ToDb> {
        self.iter().copied()
    }
}

macro_rules! params_for_arrays {
    ($($n:literal)*) => {$(
        impl<T: ToDb> Params for [T; $n] {
            fn each(&self) -> impl Iterator<Item = &dyn ToDb> {
                self.iter().map(|value| value as &dyn ToDb)
            }
        }
    )*};
}

params_for_arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Bind values for a statement, in order (`?1`, `?2`, …).
#[macro_export]
#[doc(hidden)]
macro_rules! store_params {
    () => { &[] as &[&dyn $crate::store::db::ToDb] };
    ($($value:expr),+ $(,)?) => { &[$(&$value as &dyn $crate::store::db::ToDb),+] as &[&dyn $crate::store::db::ToDb] };
}

pub(crate) use crate::store_params as params;

/// A column's place in a row (0-based).
pub trait ColumnIndex {
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// A result row.
pub struct Row<'a> {
    inner: RowInner<'a>,
}

enum RowInner<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `index` (0-based) as `T`.
    pub fn get<I: ColumnIndex, T: FromDb>(&self, index: I) -> Result<T> {
        let index = index.index();
        match self.inner {
            RowInner::Sqlite(row) => T::from_sqlite(row, index),
            RowInner::Postgres(row) => {
                let cell: pg::Cell = row.try_get(index)?;
                T::from_value((&cell.0).into()).map_err(|error| Error::Conversion(format!("column {index}: {error}")))
            }
        }
    }
}

fn sqlite_params(params: &impl Params) -> rusqlite::ParamsFromIter<impl Iterator<Item = &dyn rusqlite::ToSql>> {
    rusqlite::params_from_iter(params.each().map(|param| param.sqlite()))
}

/// A prepared statement: kept by the connection for the next use, or for this use only.
pub struct Stmt<'c> {
    inner: StmtInner<'c>,
}

enum StmtInner<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Once(rusqlite::Statement<'c>),
    Postgres { conn: &'c pg::Conn, statement: postgres::Statement },
}

/// A lazily read result set.
type Rows<'s, T> = Box<dyn Iterator<Item = Result<T>> + 's>;

impl Stmt<'_> {
    /// Run an INSERT; the id of the new row.
    pub fn insert(&mut self, params: impl Params) -> Result<i64> {
        count_statement();
        match &mut self.inner {
            StmtInner::Postgres { conn, statement } => {
                conn.execute(statement, &params)?;
                conn.last_id()
            }
            StmtInner::Cached(statement) => Ok(statement.insert(sqlite_params(&params))?),
            StmtInner::Once(statement) => Ok(statement.insert(sqlite_params(&params))?),
        }
    }

    /// Run it; the number of rows changed.
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        count_statement();
        match &mut self.inner {
            StmtInner::Postgres { conn, statement } => Ok(usize::try_from(conn.execute(statement, &params)?).unwrap_or(usize::MAX)),
            StmtInner::Cached(statement) => Ok(statement.execute(sqlite_params(&params))?),
            StmtInner::Once(statement) => Ok(statement.execute(sqlite_params(&params))?),
        }
    }

    /// The first row, mapped; [`Error::is_no_rows`] when there is none (see [`OptionalExtension`]).
    pub fn query_row<T>(&mut self, params: impl Params, map: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        count_statement();
        match &mut self.inner {
            StmtInner::Postgres { conn, statement } => match conn.query(statement, &params)?.first() {
                Some(row) => map(&Row { inner: RowInner::Postgres(row) }),
                None => Err(Error::NoRows),
            },
            StmtInner::Cached(statement) => sqlite_first(statement, &params, map),
            StmtInner::Once(statement) => sqlite_first(statement, &params, map),
        }
    }

    /// Every row, mapped, in order; read as the caller goes (PostgreSQL: read whole, then
    /// mapped as the caller goes).
    pub fn query_map<'s, T: 's>(&'s mut self, params: impl Params, mut map: impl FnMut(&Row<'_>) -> Result<T> + 's) -> Result<Rows<'s, T>> {
        count_statement();
        match &mut self.inner {
            StmtInner::Postgres { conn, statement } => {
                let rows = conn.query(statement, &params)?;
                Ok(Box::new(rows.into_iter().map(move |row| map(&Row { inner: RowInner::Postgres(&row) }))))
            }
            StmtInner::Cached(statement) => Ok(sqlite_rows(statement, &params, map)?),
            StmtInner::Once(statement) => Ok(sqlite_rows(statement, &params, map)?),
        }
    }

    /// Whether it returns any row.
    pub fn exists(&mut self, params: impl Params) -> Result<bool> {
        count_statement();
        match &mut self.inner {
            StmtInner::Postgres { conn, statement } => Ok(!conn.query(statement, &params)?.is_empty()),
            StmtInner::Cached(statement) => Ok(statement.exists(sqlite_params(&params))?),
            StmtInner::Once(statement) => Ok(statement.exists(sqlite_params(&params))?),
        }
    }
}

fn sqlite_first<T>(statement: &mut rusqlite::Statement<'_>, params: &impl Params, map: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
    let mut rows = statement.query(sqlite_params(params))?;
    match rows.next()? {
        Some(row) => map(&Row { inner: RowInner::Sqlite(row) }),
        None => Err(Error::NoRows),
    }
}

fn sqlite_rows<'s, T: 's>(
    statement: &'s mut rusqlite::Statement<'_>,
    params: &impl Params,
    mut map: impl FnMut(&Row<'_>) -> Result<T> + 's,
) -> Result<Rows<'s, T>> {
    let mut rows = statement.query(sqlite_params(params))?;
    Ok(Box::new(std::iter::from_fn(move || match rows.next() {
        Ok(Some(row)) => Some(map(&Row { inner: RowInner::Sqlite(row) })),
        Ok(None) => None,
        Err(error) => Some(Err(error.into())),
    })))
}

/// `query_row(...).optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.is_no_rows() => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// A connection to the shop's database: a SQLite file, or a PostgreSQL server database.
pub struct Db {
    engine: Engine,
}

enum Engine {
    Sqlite(rusqlite::Connection),
    /// Boxed: a client with its cache is several times a SQLite handle's size.
    Postgres(Box<pg::Conn>),
}

/// Whether `text` (a `--db` value) names a PostgreSQL server database rather than a file.
pub fn is_server_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

impl Db {
    pub(crate) fn sqlite(conn: rusqlite::Connection) -> Db {
        Db { engine: Engine::Sqlite(conn) }
    }

    /// Connect to the PostgreSQL database named by `url` (a `postgres://` URL).
    pub(crate) fn postgres(url: &str) -> Result<Db> {
        Ok(Db { engine: Engine::Postgres(Box::new(pg::Conn::connect(url)?)) })
    }

    /// A connection of its own to the server database at `url`, for LISTEN (`store::watch`).
    pub(crate) fn listener(url: &str) -> Result<postgres::Client> {
        pg::Conn::client(url)
    }

    /// How this connection's engine spells what engines spell differently.
    pub fn dialect(&self) -> super::dialect::Dialect {
        match self.engine {
            Engine::Sqlite(_) => super::dialect::Dialect::Sqlite,
            Engine::Postgres(_) => super::dialect::Dialect::Postgres,
        }
    }

    /// The SQLite connection underneath, if the engine is SQLite (opening, pragmas, backups:
    /// the store's own plumbing in `store::mod` and `store::backups`).
    pub(crate) fn sqlite_conn(&self) -> Option<&rusqlite::Connection> {
        match &self.engine {
            Engine::Sqlite(conn) => Some(conn),
            Engine::Postgres(_) => None,
        }
    }

    /// A statement prepared for one use (SQL made per call).
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(Stmt { inner: StmtInner::Once(conn.prepare(sql)?) }),
            // A server prepares in a round trip of its own: every statement is kept.
            Engine::Postgres(conn) => Ok(Stmt { inner: StmtInner::Postgres { conn, statement: conn.prepare(sql)? } }),
        }
    }

    /// A statement, prepared once per connection and kept.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(Stmt { inner: StmtInner::Cached(conn.prepare_cached(sql)?) }),
            Engine::Postgres(conn) => Ok(Stmt { inner: StmtInner::Postgres { conn, statement: conn.prepare(sql)? } }),
        }
    }

    /// Run one statement; the number of rows changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// The first row of one statement, mapped.
    pub fn query_row<T>(&self, sql: &str, params: impl Params, map: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, map)
    }

    /// Several statements without parameters (migrations, trigger switches).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Engine::Postgres(conn) => conn.batch(sql),
        }
    }

    /// The id of the row the last INSERT made.
    pub fn last_insert_rowid(&self) -> Result<i64> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn.last_insert_rowid()),
            Engine::Postgres(conn) => conn.last_id(),
        }
    }

    /// Begin the one write transaction of the shop: it waits for any other writer (SQLite's
    /// write lock; on PostgreSQL a transaction-scoped advisory lock that every kaidan writer
    /// takes first), so what it reads cannot change under it until it ends.
    pub(crate) fn begin_write(&self) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn.execute_batch("BEGIN IMMEDIATE")?),
            Engine::Postgres(conn) => conn.begin_write(),
        }
    }

    /// Whether no transaction is open on this connection.
    pub fn is_autocommit(&self) -> bool {
        match &self.engine {
            Engine::Sqlite(conn) => conn.is_autocommit(),
            Engine::Postgres(conn) => !conn.in_transaction(),
        }
    }

    /// End the open transaction, keeping its writes.
    pub(crate) fn commit(&self) -> Result<()> {
        self.execute_batch("COMMIT")?;
        if let Engine::Postgres(conn) = &self.engine {
            conn.set_in_transaction(false);
        }
        Ok(())
    }

    /// End the open transaction, dropping its writes.
    pub(crate) fn rollback(&self) -> Result<()> {
        if let Engine::Postgres(conn) = &self.engine {
            conn.set_in_transaction(false);
        }
        self.execute_batch("ROLLBACK")
    }
}

impl Db {
    /// Run a `COPY … FROM STDIN` statement, `feed` writing its rows (PostgreSQL's COPY text
    /// format) as it reads them: the bulk load of a restore into a server database, streamed.
    pub(crate) fn copy_in(&self, sql: &str, feed: impl FnOnce(&mut dyn std::io::Write) -> Result<()>) -> Result<u64> {
        match &self.engine {
            Engine::Postgres(conn) => conn.copy_in(sql, feed),
            Engine::Sqlite(_) => Err(Error::Conversion("COPY is a PostgreSQL statement".to_string())),
        }
    }
}

#[cfg(feature = "test-support")]
thread_local! {
    static STATEMENTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Count one statement run on this thread (test builds: a test proves a screen reads set-based,
/// not once per line).
#[inline]
fn count_statement() {
    #[cfg(feature = "test-support")]
    STATEMENTS.with(|count| count.set(count.get() + 1));
}

/// How many statements this thread has run so far (test builds only).
#[cfg(feature = "test-support")]
pub fn statements_run() -> u64 {
    STATEMENTS.with(|count| count.get())
}
