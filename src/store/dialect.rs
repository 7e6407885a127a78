//! The SQL the engines spell differently, in one named place. The store's queries are written
//! once in the subset SQLite and PostgreSQL share (`COALESCE`, `ON CONFLICT DO NOTHING`, `?N`
//! placeholders, dates as `YYYY-MM-DD` text); what they do not share — date arithmetic, the
//! two-argument maximum, the placeholder spelling — is asked of the connection's [`Dialect`].

/// How one engine spells what the others spell differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    /// The server engine of a shop with several counters.
    Postgres,
}

impl Dialect {
    /// Whole days from the date `earlier` to the date `later` (both `YYYY-MM-DD` expressions).
    pub fn days_between(self, later: &str, earlier: &str) -> String {
        match self {
            Dialect::Sqlite => format!("CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"),
            Dialect::Postgres => format!("(CAST({later} AS date) - CAST({earlier} AS date))"),
        }
    }

    /// Hours (with fractions) from the instant `earlier` to `later` (ISO 8601 text).
    pub fn hours_between(self, later: &str, earlier: &str) -> String {
        match self {
            Dialect::Sqlite => format!("(julianday({later}) - julianday({earlier})) * 24.0"),
            Dialect::Postgres => {
                format!("EXTRACT(EPOCH FROM (CAST({later} AS timestamp) - CAST({earlier} AS timestamp))) / 3600.0")
            }
        }
    }

    /// The larger of two values.
    pub fn greatest(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Sqlite => format!("MAX({a}, {b})"),
            Dialect::Postgres => format!("GREATEST({a}, {b})"),
        }
    }

    /// The Monday of the week of a date, as `YYYY-MM-DD`.
    pub fn week_start(self, date: &str) -> String {
        match self {
            Dialect::Sqlite => format!("date({date}, 'weekday 0', '-6 days')"),
            Dialect::Postgres => format!("to_char(date_trunc('week', CAST({date} AS date)), 'YYYY-MM-DD')"),
        }
    }

    /// The texts of a JSON array parameter (`["a","b"]`) as a one-column subquery, for
    /// `x IN (…)` with a list of any length in one prepared statement.
    pub fn text_list(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("(SELECT value FROM json_each({param}))"),
            Dialect::Postgres => format!("(SELECT value FROM json_array_elements_text(CAST({param} AS json)))"),
        }
    }

    /// The integers of a JSON array parameter (`[1,2]`) as a one-column subquery.
    pub fn integer_list(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("(SELECT value FROM json_each({param}))"),
            Dialect::Postgres => {
                format!("(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST({param} AS json)))")
            }
        }
    }

    /// A statement written with `?N` placeholders as this engine takes it (PostgreSQL: `$N`).
    /// Text in quotes is left alone. SQLite's planner hints have no PostgreSQL spelling and are
    /// dropped there (its planner picks its own join order and indexes): `INDEXED BY name`, and
    /// `CROSS JOIN t ON …` (SQLite's fixed join order) becomes a plain `JOIN`.
    pub fn statement(self, sql: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Dialect::Sqlite => std::borrow::Cow::Borrowed(sql),
            Dialect::Postgres => {
                let mut out = String::with_capacity(sql.len());
                let mut quoted = false;
                let mut chars = sql.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '\'' => {
                            quoted = !quoted;
                            out.push(c);
                        }
                        '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
                        _ => out.push(c),
                    }
                }
                std::borrow::Cow::Owned(drop_planner_hints(&out))
            }
        }
    }
}

/// `INDEXED BY name` removed and `CROSS JOIN` made `JOIN`, outside quoted text.
fn drop_planner_hints(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while !rest.is_empty() {
        // Copy quoted text whole.
        if let Some(after) = rest.strip_prefix('\'') {
            let end = after.find('\'').map_or(after.len(), |at| at + 1);
            out.push('\'');
            out.push_str(&after[..end]);
            rest = &after[end..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("INDEXED BY ") {
            let name_end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            rest = &after[name_end..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("CROSS JOIN ") {
            out.push_str("JOIN ");
            rest = after;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_dollars_outside_quotes() {
        let sql = "SELECT * FROM t WHERE a = ?1 AND b = '?2 stays' AND c IN (?2, ?10)";
        assert_eq!(Dialect::Sqlite.statement(sql), sql);
        assert_eq!(Dialect::Postgres.statement(sql), "SELECT * FROM t WHERE a = $1 AND b = '?2 stays' AND c IN ($2, $10)");
        assert_eq!(Dialect::Postgres.statement("SELECT 'it''s' || ?1"), "SELECT 'it''s' || $1");
        assert_eq!(
            Dialect::Postgres.statement("SELECT x FROM t INDEXED BY t_open CROSS JOIN u ON u.id = t.u WHERE n = 'CROSS JOIN '"),
            "SELECT x FROM t  JOIN u ON u.id = t.u WHERE n = 'CROSS JOIN '"
        );
    }

    #[test]
    fn each_engine_spells_date_arithmetic_its_own_way() {
        assert_eq!(Dialect::Sqlite.days_between("?1", "due_date"), "CAST(julianday(?1) - julianday(due_date) AS INTEGER)");
        assert_eq!(Dialect::Postgres.days_between("?1", "due_date"), "(CAST(?1 AS date) - CAST(due_date AS date))");
        assert_eq!(Dialect::Postgres.greatest("total - paid", "0"), "GREATEST(total - paid, 0)");
        assert!(Dialect::Postgres.week_start("order_date").contains("date_trunc('week'"));
    }

    #[test]
    fn the_sqlite_spellings_compute_what_they_say() {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let d = Dialect::Sqlite;
        let sql = format!(
            "SELECT {}, {}, {}, {}",
            d.days_between("'2026-12-04'", "'2026-11-30'"),
            d.hours_between("'2026-12-04T12:00:00'", "'2026-12-04T09:30:00'"),
            d.greatest("3 - 5", "0"),
            d.week_start("'2026-12-06'")
        );
        let row: (i64, f64, i64, String) =
            conn.query_row(&sql, [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))).expect("query");
        assert_eq!(row.0, 4);
        assert!((row.1 - 2.5).abs() < 1e-6, "{}", row.1);
        assert_eq!(row.2, 0);
        assert_eq!(row.3, "2026-11-30", "the Monday of the week of Sunday 6 December");
    }
}
