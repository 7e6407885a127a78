//! What kaidan takes from the machine it runs on, in one place for the window and the command
//! line: where its files live (the per-user data folder), today's date and the wall clock, and
//! how `--today`, `--lang` and `--db` are read. Nothing else in the program asks the operating
//! system for a path or the time of day, so tests can pin both.

use crate::i18n::Lang;
use chrono::NaiveDate;
use std::path::PathBuf;

/// The shop database's default path in the per-user data folder
/// (`~/.local/share/kaidan/kaidan.sqlite3` on Linux).
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "kaidan")
        .map(|dirs| dirs.data_dir().join("kaidan.sqlite3"))
        .unwrap_or_else(|| PathBuf::from("kaidan.sqlite3"))
}

/// The shop this PC opens when no `--db` is given: the one remembered by the window's "Shop on
/// a server…" (a server database's URL, in `shop-location.txt` of the per-user data folder), else
/// the default file.
pub fn default_shop() -> PathBuf {
    remembered_shop().unwrap_or_else(default_db_path)
}

/// The remembered shop location, if any.
pub fn remembered_shop() -> Option<PathBuf> {
    let text = std::fs::read_to_string(data_file("shop-location.txt")).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Remember `db` as the shop this PC opens (none: forget it, the default file again). The file
/// holds the server's login like PostgreSQL's own password file does: readable by this user only.
pub fn remember_shop(db: Option<&std::path::Path>) -> std::io::Result<()> {
    let file = data_file("shop-location.txt");
    let Some(db) = db else {
        return match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        };
    };
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(&file, format!("{}\n", db.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// The URL of a server database from its parts, the login and password written so that any
/// character in them survives (`postgres://li:p%40ss@192.168.1.10:5432/shop`).
pub fn server_url(host: &str, port: u16, database: &str, login: &str, password: &str) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|byte| match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
                other => format!("%{other:02X}"),
            })
            .collect()
    };
    let login = if password.is_empty() { encode(login) } else { format!("{}:{}", encode(login), encode(password)) };
    let host = if host.contains(':') && !host.starts_with('[') { format!("[{}]", host.trim()) } else { host.trim().to_string() };
    format!("postgres://{login}@{host}:{port}/{}", encode(database.trim()))
}

/// The address, port, database and login of a server database's URL (not its password).
pub fn server_parts(url: &str) -> Option<(String, u16, String, String)> {
    let config: postgres::Config = url.parse().ok()?;
    let host = match config.get_hosts().first()? {
        postgres::config::Host::Tcp(host) => host.clone(),
        #[cfg(unix)]
        postgres::config::Host::Unix(path) => path.display().to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    Some((host, port, config.get_dbname().unwrap_or_default().to_string(), config.get_user().unwrap_or_default().to_string()))
}

/// The demo shop's database, beside the real one.
pub fn demo_db_path() -> PathBuf {
    data_file("demo.sqlite3")
}

/// A file or folder of kaidan's own in the per-user data folder (crash reports, the last folder
/// a file dialog used).
pub fn data_file(name: &str) -> PathBuf {
    default_db_path().with_file_name(name)
}

/// The local date.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The instant for history rows: `today` with the local wall-clock time (ISO 8601).
pub fn now_on(today: NaiveDate) -> String {
    format!("{today}T{}", chrono::Local::now().format("%H:%M:%S"))
}

/// A file-name-safe stamp of the local date and time (`2026-12-04T22-35-12`).
pub fn file_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H-%M-%S").to_string()
}

/// `--today`: a date written YYYY-MM-DD.
pub fn parse_today(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| format!("\"{text}\" is not a date (YYYY-MM-DD)"))
}

/// `--lang`: en or zh (and the usual locale spellings of them).
pub fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("\"{text}\" is not en or zh"))
}

/// The language a run uses: the one asked for, else the operating system's.
pub fn lang_or_system(asked: Option<Lang>) -> Lang {
    asked.unwrap_or_else(Lang::from_environment)
}

/// `url` without its password, for messages and titles (`postgres://clerk:***@host/shop`).
pub fn display_name(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _password)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = tail.split_once('?').map_or(tail, |(path, _)| path);
    format!("{scheme}://{authority}{tail}")
}

/// How a `--db` value is shown: a file's path, or a server database's URL without its password.
pub fn db_label(db: &std::path::Path) -> String {
    let text = db.to_string_lossy();
    if text.starts_with("postgres://") || text.starts_with("postgresql://") { display_name(&text) } else { db.display().to_string() }
}

/// The short name of a `--db` value for the status bar: a file's name, or a server database's
/// name (`shop` of `postgres://clerk@host/shop`).
pub fn db_short_label(db: &std::path::Path) -> String {
    let label = db_label(db);
    if label.contains("://") {
        return label.rsplit('/').next().unwrap_or_default().to_string();
    }
    db.file_name().map(|name| name.to_string_lossy().to_string()).unwrap_or_default()
}

/// The folder on this PC for a server database's own local files (the copy a restore keeps of
/// what it replaced, backups when no folder is set): `servers/<host>-<port>-<database>` in the
/// per-user data folder; never the password.
pub fn server_folder(url: &str) -> PathBuf {
    let config: Option<postgres::Config> = url.parse().ok();
    let name = match config {
        Some(config) => {
            let host = config.get_hosts().first().map(|host| match host {
                postgres::config::Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                postgres::config::Host::Unix(path) => path.display().to_string(),
            });
            format!(
                "{}-{}-{}",
                host.unwrap_or_else(|| "localhost".to_string()),
                config.get_ports().first().copied().unwrap_or(5432),
                config.get_dbname().unwrap_or("postgres")
            )
        }
        None => "server".to_string(),
    };
    let safe: String = name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).collect();
    data_file("servers").join(safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_flags() {
        assert_eq!(parse_today(" 2026-12-04 "), Ok(NaiveDate::from_ymd_opt(2026, 12, 4).expect("date")));
        assert!(parse_today("4.12.2026").expect_err("not a date").contains("4.12.2026"));
        assert_eq!(parse_lang("zh"), Ok(Lang::Zh));
        assert!(parse_lang("fr").is_err());
        assert_eq!(display_name("postgres://clerk:secret@host:5433/shop?sslmode=disable"), "postgres://clerk:***@host:5433/shop");
        assert_eq!(display_name("postgresql://clerk@host/shop"), "postgresql://clerk@host/shop");
        assert_eq!(db_label(std::path::Path::new("shop.sqlite3")), "shop.sqlite3");
        assert_eq!(db_short_label(std::path::Path::new("/home/li/kaidan.sqlite3")), "kaidan.sqlite3");
        assert_eq!(db_short_label(std::path::Path::new("postgres://li:pw@host/shop?options=-c%20x")), "shop");
        assert_eq!(server_url("192.168.1.10", 5432, "shop", "li", "p@ss:/w"), "postgres://li:p%40ss%3A%2Fw@192.168.1.10:5432/shop");
        assert_eq!(server_url("main-pc", 5433, "店", "kaidan", ""), "postgres://kaidan@main-pc:5433/%E5%BA%97");
        let parsed: postgres::Config = server_url("h", 5432, "shop", "li", "p@ss:/w").parse().expect("the client reads it");
        assert_eq!(parsed.get_password(), Some(&b"p@ss:/w"[..]));
        assert_eq!(
            server_parts("postgres://li:secret@192.168.1.10:5433/shop"),
            Some(("192.168.1.10".to_string(), 5433, "shop".to_string(), "li".to_string()))
        );
        let folder = server_folder("postgres://clerk:secret@192.168.1.10:5433/shop");
        assert!(folder.ends_with("servers/192.168.1.10-5433-shop"), "{}", folder.display());
        assert!(!folder.to_string_lossy().contains("secret"));
        assert_eq!(demo_db_path().parent(), default_db_path().parent());
    }
}
