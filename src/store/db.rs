//! The store's one door to the database engine. Every statement of the store goes through these
//! types — [`Db`] (a connection), [`Stmt`] (a prepared statement), [`Row`] (a result row), the
//! [`params!`](crate::store_params) list and [`Error`] — never through a driver's own types, so
//! that a second engine (PostgreSQL, for a shop with several counters) slots in behind the same
//! calls, with the differences between the engines kept here.
//!
//! Today the engine is SQLite (rusqlite, bundled). The calls mirror rusqlite's, so the SQLite
//! path costs nothing: a statement is rusqlite's cached statement, a row is rusqlite's row.

use std::fmt;

/// What went wrong in the engine.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    /// A value could not be read as the type asked for.
    Conversion(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(error) => error.fmt(f),
            Error::Conversion(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(error) => Some(error),
            Error::Conversion(_) => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Sqlite(error)
    }
}

impl Error {
    /// Whether a UNIQUE constraint refused the write.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Error::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
    }

    /// Whether a query that must return a row returned none.
    pub fn is_no_rows(&self) -> bool {
        matches!(self, Error::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }
}

/// Result of an engine call.
pub type Result<T> = std::result::Result<T, Error>;

/// A value the store binds to a statement.
pub trait ToDb {
    /// The value as SQLite takes it.
    fn sqlite(&self) -> &dyn rusqlite::ToSql;
}

impl<T: rusqlite::ToSql> ToDb for T {
    fn sqlite(&self) -> &dyn rusqlite::ToSql {
        self
    }
}

/// A value the store reads from a row.
pub trait FromDb: Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self>;
}

impl<T: rusqlite::types::FromSql> FromDb for T {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
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
    inner: &'a rusqlite::Row<'a>,
}

impl Row<'_> {
    /// Column `index` (0-based) as `T`.
    pub fn get<I: ColumnIndex, T: FromDb>(&self, index: I) -> Result<T> {
        T::from_sqlite(self.inner, index.index())
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
}

impl<'c> std::ops::Deref for StmtInner<'c> {
    type Target = rusqlite::Statement<'c>;

    fn deref(&self) -> &rusqlite::Statement<'c> {
        match self {
            StmtInner::Cached(statement) => statement,
            StmtInner::Once(statement) => statement,
        }
    }
}

impl std::ops::DerefMut for StmtInner<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            StmtInner::Cached(statement) => statement,
            StmtInner::Once(statement) => statement,
        }
    }
}

impl Stmt<'_> {
    /// Run an INSERT; the id of the new row.
    pub fn insert(&mut self, params: impl Params) -> Result<i64> {
        Ok(self.inner.insert(sqlite_params(&params))?)
    }

    /// Run it; the number of rows changed.
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        Ok(self.inner.execute(sqlite_params(&params))?)
    }

    /// The first row, mapped; [`Error::is_no_rows`] when there is none (see [`OptionalExtension`]).
    pub fn query_row<T>(&mut self, params: impl Params, map: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        let mut rows = self.inner.query(sqlite_params(&params))?;
        match rows.next()? {
            Some(row) => map(&Row { inner: row }),
            None => Err(Error::Sqlite(rusqlite::Error::QueryReturnedNoRows)),
        }
    }

    /// Every row, mapped, in order; read as the caller goes.
    pub fn query_map<'s, T: 's>(
        &'s mut self,
        params: impl Params,
        mut map: impl FnMut(&Row<'_>) -> Result<T> + 's,
    ) -> Result<impl Iterator<Item = Result<T>> + 's> {
        let rows = self.inner.query(sqlite_params(&params))?;
        let mut rows = rows;
        Ok(std::iter::from_fn(move || match rows.next() {
            Ok(Some(row)) => Some(map(&Row { inner: row })),
            Ok(None) => None,
            Err(error) => Some(Err(error.into())),
        }))
    }

    /// Whether it returns any row.
    pub fn exists(&mut self, params: impl Params) -> Result<bool> {
        Ok(self.inner.exists(sqlite_params(&params))?)
    }
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

/// A connection to the shop's database.
pub struct Db {
    conn: rusqlite::Connection,
}

impl Db {
    pub(crate) fn sqlite(conn: rusqlite::Connection) -> Db {
        Db { conn }
    }

    /// How this connection's engine spells what engines spell differently.
    pub fn dialect(&self) -> super::dialect::Dialect {
        super::dialect::Dialect::Sqlite
    }

    /// The SQLite connection underneath (opening, pragmas, backups, transactions: the store's
    /// own plumbing in `store::mod` and `store::backups`).
    pub(crate) fn sqlite_conn(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// A statement prepared for one use (SQL made per call).
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt { inner: StmtInner::Once(self.conn.prepare(sql)?) })
    }

    /// A statement, prepared once per connection and kept.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt { inner: StmtInner::Cached(self.conn.prepare_cached(sql)?) })
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
        Ok(self.conn.execute_batch(sql)?)
    }

    /// The id of the row the last INSERT made.
    pub fn last_insert_rowid(&self) -> i64 {
        self.conn.last_insert_rowid()
    }
}
