//! The PostgreSQL side of the store's door: a connection with its statement cache, and the two
//! converters that let the store bind and read the same values on both engines — a parameter
//! (`Param`) is written as the type the server expects for its placeholder, a column (`Cell`)
//! is read back as the value SQLite would have given (integers, reals, text, blobs, NULL).

use super::{Error, Params, Result};
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::cell::{Cell as Flag, RefCell};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// The key of the advisory lock every kaidan writer of a server database takes first (advisory
/// locks are per database, so one shop's writers never wait for another's).
const WRITE_LOCK: i64 = 0x6b61_6964_616e; // "kaidan"

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// Connections this process let go, kept for its next opening of the same database: a command
/// opens its shop several times (who acts, the command, the audit anchor), and a login with a
/// password (SCRAM) costs the server and the client milliseconds each time. At most a few, and
/// only between transactions.
static SPARE: std::sync::Mutex<Vec<(String, postgres::Client)>> = std::sync::Mutex::new(Vec::new());

/// One connection to a server database.
pub(crate) struct Conn {
    url: String,
    /// Always there but while the connection is handed back to [`SPARE`] on drop.
    client: RefCell<Option<postgres::Client>>,
    cache: RefCell<HashMap<String, postgres::Statement>>,
    in_transaction: Flag<bool>,
}

impl Conn {
    /// Connect to `url`; a URL without its own `connect_timeout` waits at most 10 seconds for the
    /// server, so a wrong host is an error, not a hang.
    pub(crate) fn connect(url: &str) -> Result<Conn> {
        let client = Conn::pooled(url)?;
        Ok(Conn {
            url: url.to_string(),
            client: RefCell::new(Some(client)),
            cache: RefCell::new(HashMap::new()),
            in_transaction: Flag::new(false),
        })
    }

    /// A client connected to `url`: one this process used before and let go (see [`SPARE`]),
    /// else a new connection.
    fn pooled(url: &str) -> Result<postgres::Client> {
        let spare = SPARE.lock().ok().and_then(|mut spare| {
            let at = spare.iter().position(|(of, client)| of == url && !client.is_closed())?;
            Some(spare.swap_remove(at).1)
        });
        match spare {
            Some(client) => Ok(client),
            None => Conn::client(url),
        }
    }

    /// A client connected to `url` as [`Conn::connect`] connects.
    pub(crate) fn client(url: &str) -> Result<postgres::Client> {
        let mut config = postgres::Config::from_str(url)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("kaidan");
        }
        // A server or network that stops answering is found out within seconds (unacknowledged
        // data for 15 s, or silence probed by keepalives), not after the system's minutes: the
        // step then fails with a message and what was typed stays in the form.
        config.keepalives_idle(Duration::from_secs(15));
        config.keepalives_interval(Duration::from_secs(5));
        config.keepalives_retries(2);
        config.tcp_user_timeout(Duration::from_secs(15));
        Ok(config.connect(postgres::NoTls)?)
    }

    /// The connection's session.
    fn session(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        std::cell::RefMut::filter_map(self.client.borrow_mut(), Option::as_mut)
            .map_err(|_| Error::Conversion("the connection to the database server is closed".to_string()))
    }

    /// After the server went away (restarted, the network dropped), connect again before the
    /// next statement — between transactions only: a transaction cut off is an error for its
    /// caller, who has kept what was typed and tries again.
    fn reconnect_if_lost(&self) -> Result<()> {
        if self.client.borrow().as_ref().is_some_and(|client| !client.is_closed()) {
            return Ok(());
        }
        if self.in_transaction.replace(false) {
            return Err(Error::Conversion("the connection to the database server was lost; nothing of this change was kept".to_string()));
        }
        let client = Conn::client(&self.url)?;
        *self.client.borrow_mut() = Some(client);
        self.cache.borrow_mut().clear();
        Ok(())
    }

    /// `sql` (written with `?N`) prepared on the server, once per connection (a prepare is a
    /// round trip of its own).
    pub(crate) fn prepare(&self, sql: &str) -> Result<postgres::Statement> {
        self.reconnect_if_lost()?;
        if let Some(statement) = self.cache.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let text = super::super::dialect::Dialect::Postgres.statement(sql);
        let statement = self.session()?.prepare(&text).inspect_err(|error| {
            // A statement the server refuses is a bug of kaidan's SQL: KAIDAN_DEBUG_SQL names it.
            if std::env::var_os("KAIDAN_DEBUG_SQL").is_some() {
                eprintln!("PostgreSQL refused: {error:?}\n{text}");
            }
        })?;
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= 512 {
            cache.clear();
        }
        cache.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    pub(crate) fn execute(&self, statement: &postgres::Statement, params: &impl Params) -> Result<u64> {
        let values = values(params)?;
        let bound = bound(&values);
        Ok(self.session()?.execute(statement, &refs(&bound))?)
    }

    pub(crate) fn query(&self, statement: &postgres::Statement, params: &impl Params) -> Result<Vec<postgres::Row>> {
        let values = values(params)?;
        let bound = bound(&values);
        Ok(self.session()?.query(statement, &refs(&bound))?)
    }

    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        self.reconnect_if_lost()?;
        Ok(self.session()?.batch_execute(sql)?)
    }

    /// The id the last INSERT of this session drew from its table's identity.
    pub(crate) fn last_id(&self) -> Result<i64> {
        let row = self.session()?.query_one("SELECT lastval()", &[])?;
        Ok(row.try_get(0)?)
    }

    pub(crate) fn copy_in(&self, sql: &str, feed: impl FnOnce(&mut dyn std::io::Write) -> Result<()>) -> Result<u64> {
        let mut client = self.session()?;
        let mut writer = client.copy_in(sql)?;
        {
            // Rows go out in chunks of about a megabyte, whatever the table's size.
            let mut chunks = std::io::BufWriter::with_capacity(1 << 20, &mut writer);
            feed(&mut chunks)?;
            std::io::Write::flush(&mut chunks).map_err(|error| Error::Conversion(format!("COPY: {error}")))?;
        }
        Ok(writer.finish()?)
    }

    pub(crate) fn begin_write(&self) -> Result<()> {
        self.batch(&format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"))?;
        self.in_transaction.set(true);
        Ok(())
    }

    pub(crate) fn in_transaction(&self) -> bool {
        self.in_transaction.get()
    }

    pub(crate) fn set_in_transaction(&self, open: bool) {
        self.in_transaction.set(open);
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if self.in_transaction.get() {
            return;
        }
        // The statements of this connection go with its cache; the session itself is kept.
        self.cache.get_mut().clear();
        if let Some(client) = self.client.get_mut().take().filter(|client| !client.is_closed())
            && let Ok(mut spare) = SPARE.lock()
        {
            if spare.len() >= 4 {
                spare.remove(0);
            }
            spare.push((self.url.clone(), client));
        }
    }
}

/// Each parameter as the value SQLite would bind.
fn values(params: &impl Params) -> Result<Vec<Value>> {
    params
        .each()
        .map(|param| match param.sqlite().to_sql()? {
            ToSqlOutput::Borrowed(value) => Ok(match value {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Integer(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(bytes) => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
                ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
            }),
            ToSqlOutput::Owned(value) => Ok(value),
            _ => Err(Error::Conversion("a parameter of a kind PostgreSQL cannot take".to_string())),
        })
        .collect()
}

fn bound(values: &[Value]) -> Vec<Param<'_>> {
    values.iter().map(Param).collect()
}

fn refs<'a>(bound: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    bound.iter().map(|param| param as &(dyn ToSql + Sync)).collect()
}

/// A parameter value, written as the type the server inferred for its placeholder.
#[derive(Debug)]
pub(crate) struct Param<'a>(&'a Value);

fn text_like(ty: &Type) -> bool {
    matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN)
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut postgres::types::private::BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                Type::FLOAT4 => (*n as f32).to_sql(ty, out),
                Type::NUMERIC => Decimal::from(*n).to_sql(ty, out),
                _ if text_like(ty) => n.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("an integer cannot be written as {ty}").into()),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                Type::NUMERIC => Decimal::try_from(*x)?.to_sql(ty, out),
                _ if text_like(ty) => x.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("a real number cannot be written as {ty}").into()),
            },
            Value::Text(text) => match *ty {
                Type::INT8 => i64::from_str(text)?.to_sql(ty, out),
                Type::INT4 => i32::from_str(text)?.to_sql(ty, out),
                Type::NUMERIC => Decimal::from_str(text)?.to_sql(ty, out),
                Type::FLOAT8 => f64::from_str(text)?.to_sql(ty, out),
                Type::DATE => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")?.to_sql(ty, out),
                Type::TIMESTAMP => timestamp(text)?.to_sql(ty, out),
                _ => text.as_str().to_sql(&Type::TEXT, out),
            },
            Value::Blob(bytes) => bytes.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// An instant as kaidan writes it (`2026-12-04T09:30:00`, or with a space, fractions allowed).
fn timestamp(text: &str) -> std::result::Result<chrono::NaiveDateTime, chrono::ParseError> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
}

/// A column value as SQLite would have given it.
pub(crate) struct Cell(pub(crate) Value);

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Cell(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            // SUM of integers is NUMERIC on PostgreSQL and INTEGER on SQLite: whole numbers
            // come back as integers, others as reals (as SQLite's AVG gives them).
            Type::NUMERIC => {
                let number = Decimal::from_sql(ty, raw)?;
                match number.fract().is_zero().then(|| number.to_i64()).flatten() {
                    Some(whole) => Value::Integer(whole),
                    None => Value::Real(number.to_f64().unwrap_or(f64::NAN)),
                }
            }
            Type::DATE => Value::Text(chrono::NaiveDate::from_sql(ty, raw)?.format("%Y-%m-%d").to_string()),
            Type::TIMESTAMP => Value::Text(chrono::NaiveDateTime::from_sql(ty, raw)?.format("%Y-%m-%dT%H:%M:%S").to_string()),
            Type::BYTEA => Value::Blob(raw.to_vec()),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Cell(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}
