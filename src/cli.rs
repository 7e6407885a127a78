//! The headless commands of shared/CONTRACT.md, over the same store, ops and domain code as the
//! GUI. Parses arguments (clap), runs one command, prints its output and returns the exit code:
//! 0 done, 1 ran but found blocking problems or was refused, 2 bad input or usage.

use crate::documents::{self, DocKind};
use crate::domain::checks::Finding;
use crate::domain::money::{fmt_money, fmt_qty, parse_decimal};
use crate::domain::order::Totals;
use crate::domain::{Code, ExceptionStatus, PaymentMethod, Role, RootCause};
use crate::i18n::{Lang, cli as text};
use crate::local::{self, now_on, refuse_server_url};
use crate::ops::{self, Ctx, Handle};
use crate::store::exceptions::{Exception, ExceptionFilter};
use crate::store::{self, Store};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// kaidan (开单): order entry with live checks, an exception inbox and PDF slips.
/// With no command it opens the window; with a command it runs headless.
#[derive(Debug, Parser)]
#[command(name = "kaidan", version, about, long_about = None, args_override_self = true)]
pub struct Cli {
    /// The SQLite database file; created and migrated on first use
    /// [default: the per-user data dir, e.g. ~/.local/share/kaidan/kaidan.sqlite3]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The date that checks, scans and new records treat as today [default: the local date]
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = crate::local::parse_today)]
    pub today: Option<NaiveDate>,
    /// The acting user for commands that write [default: admin]
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Language of messages: en or zh [default: from the OS locale, else en]
    #[arg(long, global = true, value_name = "en|zh", value_parser = crate::local::parse_lang)]
    pub lang: Option<Lang>,
    /// The acting user's PIN (also read from KAIDAN_PIN, or asked for on a terminal). A user
    /// who has a PIN is never acted as without it: missing or wrong, exit 1 and nothing written
    #[arg(long, global = true, value_name = "PIN")]
    pub pin: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or migrate the database; print its path
    Init,
    /// Fill an empty database with a realistic demo shop (same seed, same data)
    Demo {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        customers: Option<usize>,
        #[arg(long)]
        products: Option<usize>,
        #[arg(long)]
        orders: Option<usize>,
    },
    /// Import customers or products from CSV (UTF-8, BOM or GBK) or XLSX; all or nothing
    Import {
        #[arg(value_enum)]
        kind: crate::tabular::Master,
        file: PathBuf,
    },
    /// Export customers, products, orders, invoices or exceptions to CSV or XLSX (by extension)
    Export {
        #[arg(value_enum)]
        kind: crate::exports::List,
        file: PathBuf,
    },
    /// Read or change a setting (`set`: owner or manager only)
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Run every live check on an order draft without saving it
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Save an order whatever its checks find; exit 1 when saved in a blocked state
    Submit {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Confirm an order (reserves stock); refused while an unapproved block remains
    Confirm { number: String },
    /// Cancel an order with a reason (releases reserved stock)
    Cancel {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Record a shipment: the whole order, or some lines with --line SKU=QTY
    Ship {
        number: String,
        #[arg(long = "line", value_name = "SKU=QTY")]
        lines: Vec<String>,
    },
    /// Issue an invoice for what has shipped and is not yet invoiced
    Invoice {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Void an invoice with a reason (it stays in history; its goods can be invoiced again).
    /// Refused while payments remain on it: refund them first
    Void {
        invoice: String,
        #[arg(long)]
        reason: String,
    },
    /// Record that a shipment was delivered (date and who received it)
    Deliver {
        shipment: String,
        /// Delivery date [default: today]
        #[arg(long = "on", value_name = "YYYY-MM-DD", value_parser = crate::local::parse_today)]
        on: Option<NaiveDate>,
        /// Who received the goods
        #[arg(long = "by")]
        by: String,
    },
    /// Take goods back against a shipped order (stock back; credit note for invoiced goods)
    #[command(name = "return")]
    Return {
        number: String,
        #[arg(long = "line", value_name = "SKU=QTY", required = true)]
        lines: Vec<String>,
        #[arg(long)]
        reason: String,
    },
    /// Record money given back on an invoice (at most what was paid on it); the invoice's
    /// paid figure is net of refunds. An order's unapplied deposit is refunded with the order number
    Refund {
        /// INV-… (or SO-… for an order's unapplied deposit)
        target: String,
        amount: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        reason: String,
    },
    /// Record a payment against an invoice; more than its open balance is refused (exit 1)
    Pay {
        invoice: String,
        amount: String,
        #[arg(long, default_value = "bank_transfer")]
        method: String,
        #[arg(long = "ref", default_value = "")]
        reference: String,
    },
    /// Book received stock
    Receive {
        sku: String,
        qty: String,
        #[arg(long = "ref", default_value = "")]
        reference: String,
    },
    /// Correct stock with a reason (QTY may be negative; never to less than zero on hand)
    #[command(allow_negative_numbers = true)]
    Adjust {
        sku: String,
        qty: String,
        #[arg(long)]
        reason: String,
    },
    /// Show one order or invoice
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve an order's approvable blocks (owner/manager, not the order's author)
    Approve {
        number: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        code: Option<String>,
    },
    /// Log a customer complaint about an order as an exception
    Complaint { number: String, text: String },
    /// Manage users (owner only)
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Audit log
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Run the background scans: open new exceptions, resolve those that cleared
    Scan {
        #[arg(long)]
        json: bool,
    },
    /// List open exceptions (--all: every state)
    Exceptions {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        status: Option<String>,
    },
    /// Handle one exception: assign, comment, start, resolve, waive, show
    Exception {
        id: i64,
        #[command(subcommand)]
        action: ExceptionAction,
    },
    /// Print order slips, dispatch slips or invoices into one PDF
    Print {
        /// order, dispatch or invoice
        kind: String,
        #[arg(required = true)]
        numbers: Vec<String>,
        #[arg(short = 'o', long = "out", value_name = "OUT.pdf")]
        out: PathBuf,
    },
    /// Consistent online copy of the database (never onto the database itself)
    Backup { out: PathBuf },
    /// Crash-test workload: submit, confirm and ship orders in a loop, reporting each commit
    /// (test builds only)
    #[cfg(feature = "test-support")]
    #[command(hide = true)]
    Stress {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 1000)]
        orders: usize,
    },
    /// Replace the database with a backup after an integrity check (owner only; the old file is kept)
    Restore {
        #[arg(value_name = "IN")]
        input: PathBuf,
    },
}

/// `config` sub-commands.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print a setting's value
    Get { key: String },
    /// Change a setting
    Set { key: String, value: String },
    /// Print every setting with its value
    List,
}

/// `user` sub-commands.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user with a role and an optional PIN
    Add {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        pin: Option<String>,
    },
    /// List users
    List,
    /// Set a user's PIN (your own, or anyone's as the owner: a reset); --remove takes it away
    Pin {
        name: String,
        /// The new PIN, 4 to 12 digits
        #[arg(long = "set", value_name = "PIN", conflicts_with = "remove")]
        set: Option<String>,
        /// Remove the PIN (owner only)
        #[arg(long)]
        remove: bool,
    },
}

/// `audit` sub-commands.
#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check the whole file (PRAGMA quick_check) and the hash chain; exit 1 naming the first bad entry
    Verify,
}

/// `exception ID …` sub-commands.
#[derive(Debug, Subcommand)]
pub enum ExceptionAction {
    /// Assign to a user
    Assign { who: String },
    /// Add a comment to the history
    Comment { text: String },
    /// Mark as in progress
    Start,
    /// Resolve with a root cause and the corrective action
    Resolve {
        /// input_error, master_data, unclear_process, not_in_sync, customer_change, supplier_delay, other
        #[arg(long)]
        cause: String,
        #[arg(long)]
        action: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Waive with a reason (owner or manager; never a non-approvable block)
    Waive {
        #[arg(long)]
        reason: String,
    },
    /// Show the exception and its history
    Show {
        #[arg(long)]
        json: bool,
    },
}

/// A command's failure: its exit code and the lines for stderr.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub lines: Vec<String>,
}

impl Failure {
    fn usage(line: impl Into<String>) -> Failure {
        Failure { code: 2, lines: vec![line.into()] }
    }

    fn refused(line: impl Into<String>) -> Failure {
        Failure { code: 1, lines: vec![line.into()] }
    }
}

impl From<ops::Error> for Failure {
    fn from(error: ops::Error) -> Self {
        match error {
            ops::Error::Refused(message) => Failure::refused(message),
            ops::Error::Invalid(message) => Failure::usage(message),
            ops::Error::Store(error) => error.into(),
        }
    }
}

impl From<store::Error> for Failure {
    fn from(error: store::Error) -> Self {
        match error {
            store::Error::NotFound(_)
            | store::Error::Invalid(_)
            | store::Error::TooNew { .. }
            | store::Error::Damaged { .. }
            | store::Error::NotKaidan { .. } => Failure::usage(error.to_string()),
            store::Error::Conflict { .. } => Failure::refused(error.to_string()),
            store::Error::Sql(_) => Failure { code: 1, lines: vec![error.to_string()] },
        }
    }
}

impl From<documents::PrintError> for Failure {
    fn from(error: documents::PrintError) -> Self {
        match error {
            documents::PrintError::Refused(message) => Failure::refused(message),
            documents::PrintError::Ops(error) => error.into(),
            documents::PrintError::Pdf(error) => Failure::refused(error.to_string()),
            documents::PrintError::Output(message) => Failure::usage(message),
        }
    }
}

type Outcome = Result<i32, Failure>;

/// Run a parsed command line (with a command) and return the exit code.
pub fn run(cli: Cli) -> i32 {
    let Some(command) = cli.command else { return 0 };
    let lang = local::lang_or_system(cli.lang);
    let today = cli.today.unwrap_or_else(local::today);
    let db = cli.db.clone().unwrap_or_else(local::default_db_path);
    if let Err(message) = refuse_server_url(&db, lang) {
        return report(Failure::usage(message));
    }
    let user = cli.user.clone().unwrap_or_else(|| "admin".to_string());
    let pin = cli.pin.clone().or_else(|| std::env::var("KAIDAN_PIN").ok());
    if let Err(failure) = authenticate(&command, &db, &user, pin, lang) {
        return report(failure);
    }
    let restoring = matches!(command, Command::Restore { .. });
    let outcome = execute(command, &db, &user, today, lang);
    // Anchor the audit chain's head outside the database (see `crate::anchor`).
    if db.exists()
        && let Ok(store) = Store::open_read_only(&db)
    {
        crate::anchor::update(&db, &store, restoring && outcome.is_ok());
    }
    match outcome {
        Ok(code) => code,
        Err(failure) => report(failure),
    }
}

/// Make sure the command acts as `user` rightfully: the user exists and is active, and a user
/// who has a PIN gave it (`--pin`, `KAIDAN_PIN`, or typed at the prompt on a terminal). Skipped
/// for `init` and `demo` on a file that does not exist yet (its only user, admin, has no PIN),
/// and for `restore` onto a file that cannot be opened (restoring is how a damaged file is
/// replaced). Nothing is written here.
fn authenticate(command: &Command, db: &Path, user: &str, pin: Option<String>, lang: Lang) -> Result<(), Failure> {
    if !db.exists() && matches!(command, Command::Init | Command::Demo { .. }) {
        return Ok(());
    }
    if !db.exists() && !matches!(command, Command::Restore { .. }) {
        // A command on a new file creates it; its only user is admin without a PIN.
        return if user == "admin" {
            Ok(())
        } else {
            Err(ops::Error::Refused(crate::i18n::ops::UNKNOWN_USER.fill(lang, &[("user", &user)])).into())
        };
    }
    let store = match Store::open_read_only(db) {
        Ok(store) => store,
        Err(_) if matches!(command, Command::Restore { .. }) => return Ok(()),
        Err(error) => return Err(error.into()),
    };
    let Some(found) = store.get_user(user)?.filter(|found| found.active) else {
        return Err(Failure::refused(crate::i18n::ops::UNKNOWN_USER.fill(lang, &[("user", &user)])));
    };
    if !found.has_pin {
        return Ok(());
    }
    let pin = match pin {
        Some(pin) => pin,
        None => {
            ask_pin(&found.name).ok_or_else(|| Failure::refused(crate::i18n::ops::PIN_REQUIRED.fill(lang, &[("user", &found.name)])))?
        }
    };
    if store.verify_pin(&found.name, pin.trim())? {
        Ok(())
    } else {
        Err(Failure::refused(crate::i18n::ops::WRONG_PIN.fill(lang, &[("user", &found.name)])))
    }
}

/// A progress bar on stderr for long work — only when stderr is a terminal, so scripts and
/// `--json` output stay clean. `len` 0 gives a spinner with a count.
fn progress(len: u64, message: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = if len == 0 {
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        spinner
    } else {
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}%")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Ask for a PIN without echo, only when a person sits at a terminal (never for scripts).
fn ask_pin(user: &str) -> Option<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(format!("PIN for {user}: ")).ok().filter(|pin| !pin.trim().is_empty())
}

fn report(failure: Failure) -> i32 {
    for line in &failure.lines {
        eprintln!("{line}");
    }
    failure.code
}

/// Open for a command. Commands do not read the whole file first (that takes seconds on a
/// large shop); SQLite refuses to write through damage it meets, the window checks the whole
/// file at every start, and `audit verify` checks it on demand.
fn open(db: &Path) -> Result<Store, Failure> {
    Store::open_unchecked(db).map_err(Failure::from)
}

/// Open for a command that writes: a file that fails its integrity check takes no writes (the
/// check's last good result is cached beside the file, see [`store::ensure_healthy`]).
fn open_for_write(db: &Path) -> Result<Store, Failure> {
    store::ensure_healthy(db)?;
    open(db)
}

fn context(store: &Store, user: &str, today: NaiveDate, lang: Lang) -> Result<Ctx, Failure> {
    Ok(ops::ctx_for(store, user, today, now_on(today), lang)?)
}

fn decimal_arg(name: &str, text: &str) -> Result<Decimal, Failure> {
    parse_decimal(text).ok_or_else(|| Failure::usage(format!("{name}: \"{text}\" is not a number")))
}

/// The largest ORDER.json read (an order of thousands of lines is far below it).
pub const MAX_ORDER_JSON_BYTES: u64 = 4 * 1024 * 1024;

fn read_order(file: &Path, lang: Lang) -> Result<crate::domain::order::OrderInput, Failure> {
    use std::io::Read;
    let failed = |error: std::io::Error| Failure::usage(format!("{}: {error}", file.display()));
    let mut bytes = vec![];
    std::fs::File::open(file).map_err(failed)?.take(MAX_ORDER_JSON_BYTES + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() as u64 > MAX_ORDER_JSON_BYTES {
        return Err(Failure::usage(text::TOO_BIG.fill(lang, &[("file", &file.display()), ("max", &"4 MiB")])));
    }
    let text = String::from_utf8(bytes).map_err(|_| Failure::usage(format!("{}: (json): {}", file.display(), text::NOT_UTF8.get(lang))))?;
    crate::order_json::parse_order(&text, lang)
        .map_err(|errors| Failure { code: 2, lines: errors.iter().map(|error| format!("{}: {error}", file.display())).collect() })
}

/// Name the file in every line of a usage failure (`ORDER.json: lines[2].line_total: …`).
fn prefix_file(file: &Path, failure: Failure) -> Failure {
    if failure.code != 2 {
        return failure;
    }
    Failure {
        code: 2,
        lines: failure.lines.iter().flat_map(|l| l.lines().map(|l| format!("{}: {l}", file.display())).collect::<Vec<_>>()).collect(),
    }
}

fn finding_json(finding: &Finding, lang: Lang) -> Value {
    json!({
        "code": finding.code.as_str(),
        "severity": finding.severity.as_str(),
        "approvable": finding.approvable,
        "field": finding.field,
        "line": finding.line,
        "message": finding.message.render(lang),
    })
}

fn totals_json(totals: &Totals) -> Value {
    json!({"subtotal": fmt_money(totals.subtotal), "tax": fmt_money(totals.tax), "total": fmt_money(totals.total)})
}

fn check_json(findings: &[Finding], totals: &Totals, lang: Lang) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("ok".into(), json!(!findings.iter().any(|f| f.severity == crate::domain::Severity::Block)));
    map.insert("totals".into(), totals_json(totals));
    map.insert("findings".into(), Value::Array(findings.iter().map(|f| finding_json(f, lang)).collect()));
    map
}

fn print_findings(findings: &[Finding], totals: &Totals, lang: Lang) {
    for finding in findings {
        let place = match finding.line {
            Some(line) => format!("line {line} {}", finding.field),
            None => finding.field.to_string(),
        };
        println!("{:<5} {:<24} {place}: {}", finding.severity.as_str().to_uppercase(), finding.code.as_str(), finding.message.render(lang));
    }
    if findings.is_empty() {
        println!("{}", text::NO_FINDINGS.get(lang));
    }
    println!(
        "{} {}  {} {}  {} {}",
        text::SUBTOTAL.get(lang),
        fmt_money(totals.subtotal),
        text::TAX.get(lang),
        fmt_money(totals.tax),
        text::TOTAL.get(lang),
        fmt_money(totals.total)
    );
}

fn exception_json(exception: &Exception, lang: Lang) -> Value {
    json!({
        "id": exception.id,
        "code": exception.code,
        "severity": exception.severity.as_str(),
        "subject": exception.subject,
        "line": exception.line,
        "status": exception.status.as_str(),
        "opened": exception.opened,
        "assignee": exception.assignee,
        "root_cause": exception.root_cause.map(|c| c.as_str()),
        "message": if lang == Lang::Zh { &exception.message_zh } else { &exception.message_en },
    })
}

fn print_json(value: &Value) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()));
}

fn execute(command: Command, db: &Path, user: &str, today: NaiveDate, lang: Lang) -> Outcome {
    match command {
        Command::Init => {
            open(db)?;
            println!("{}", db.display());
            Ok(0)
        }
        Command::Demo { seed, customers, products, orders } => {
            let mut store = open_for_write(db)?;
            let defaults = store::demo::DemoSize::default();
            let size = store::demo::DemoSize {
                customers: customers.unwrap_or(defaults.customers),
                products: products.unwrap_or(defaults.products),
                orders: orders.unwrap_or(defaults.orders),
            };
            let bar = progress(100, store::demo::DemoStage::Planning.label(lang));
            let report = ops::fill_demo_with_progress(&mut store, seed, &size, today, &mut |stage, percent| {
                bar.set_message(stage.label(lang));
                bar.set_position(u64::from(percent));
                true
            })?;
            bar.finish_and_clear();
            println!(
                "{}",
                text::DEMO_DONE.fill(
                    lang,
                    &[
                        ("customers", &report.customers),
                        ("products", &report.products),
                        ("orders", &report.orders),
                        ("invoices", &report.invoices),
                        ("exceptions", &report.exceptions),
                        ("path", &db.display())
                    ]
                )
            );
            Ok(0)
        }
        Command::Import { kind, file } => import(db, user, today, lang, kind, &file),
        Command::Export { kind, file } => export(db, today, lang, kind, &file),
        Command::Config { action } => config(db, user, today, lang, action),
        Command::Check { file, json } => {
            let input = read_order(&file, lang)?;
            let store = open(db)?;
            let checked = ops::check_order(&store, &input, today, None)?;
            ops::ensure_within_bounds(&checked.priced, lang).map_err(|error| prefix_file(&file, error.into()))?;
            if json {
                print_json(&Value::Object(check_json(&checked.findings, &checked.priced.totals, lang)));
            } else {
                print_findings(&checked.findings, &checked.priced.totals, lang);
            }
            Ok(if checked.ok() { 0 } else { 1 })
        }
        Command::Submit { file, json } => {
            let input = read_order(&file, lang)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let saved = ops::submit_order(&mut store, &ctx, &input).map_err(|error| prefix_file(&file, error.into()))?;
            if json {
                let mut map = check_json(&saved.findings, &saved.totals, lang);
                map.insert("number".into(), json!(saved.number));
                map.insert("status".into(), json!(saved.status.as_str()));
                print_json(&Value::Object(map));
            } else {
                print_findings(&saved.findings, &saved.totals, lang);
                println!("{} {}", saved.number, saved.status);
            }
            let blocked =
                matches!(saved.status, crate::domain::OrderStatus::AwaitingCorrection | crate::domain::OrderStatus::AwaitingApproval);
            Ok(if blocked { 1 } else { 0 })
        }
        Command::Confirm { number } => {
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let status = ops::confirm(&mut store, &ctx, &number)?;
            println!("{} {status}", number.trim());
            Ok(0)
        }
        Command::Cancel { number, reason } => {
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            ops::cancel(&mut store, &ctx, &number, &reason)?;
            println!("{} cancelled", number.trim());
            Ok(0)
        }
        Command::Deliver { shipment, on, by } => {
            let on = on.unwrap_or(today);
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            ops::record_delivery(&mut store, &ctx, &shipment, on, &by)?;
            println!("{} delivered {on}", shipment.trim());
            Ok(0)
        }
        Command::Return { number, lines, reason } => {
            let parsed = parse_lines(&lines)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let returned = ops::record_return(&mut store, &ctx, &number, &parsed, &reason)?;
            match returned.credit_note {
                Some((note, amount)) => println!("{} returned; credit note {note} {}", number.trim(), fmt_money(amount)),
                None => println!("{} returned", number.trim()),
            }
            Ok(0)
        }
        Command::Ship { number, lines } => {
            let parsed = parse_lines(&lines)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let (shipment, status) = ops::ship(&mut store, &ctx, &number, &parsed)?;
            println!("{shipment} {} {status}", number.trim());
            Ok(0)
        }
        Command::Invoice { number, json } => {
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let issued = ops::invoice(&mut store, &ctx, &number)?;
            if json {
                print_json(&json!({"number": issued.number, "amount": fmt_money(issued.amount), "due_date": issued.due_date.to_string()}));
            } else {
                println!("{} {} {}", issued.number, fmt_money(issued.amount), issued.due_date);
            }
            Ok(0)
        }
        Command::Void { invoice, reason } => {
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            ops::void_invoice(&mut store, &ctx, &invoice, &reason)?;
            println!("{} void", invoice.trim());
            Ok(0)
        }
        Command::Refund { target, amount, method, reason } => {
            let amount = decimal_arg("AMOUNT", &amount)?;
            let method = method_arg(&method)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            if !target.trim().starts_with("INV-") {
                let order = store.get_order(target.trim())?;
                return Err(Failure::refused(text::NO_DEPOSIT.fill(lang, &[("number", &order.number)])));
            }
            let paid = ops::refund(&mut store, &ctx, &target, amount, method, &reason)?;
            println!("{} refunded {}; paid now {}", target.trim(), fmt_money(amount), fmt_money(paid));
            Ok(0)
        }
        Command::Pay { invoice, amount, method, reference } => {
            let amount = decimal_arg("AMOUNT", &amount)?;
            let method = method_arg(&method)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            ops::pay(&mut store, &ctx, &invoice, amount, method, &reference)?;
            let paid = store.get_invoice(&invoice)?;
            println!("{} {} {}/{}", paid.number, paid.status(today), fmt_money(paid.paid), fmt_money(paid.total));
            Ok(0)
        }
        Command::Receive { sku, qty, reference } => {
            let qty = decimal_arg("QTY", &qty)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let product = ops::receive(&mut store, &ctx, &sku, qty, &reference)?;
            println!("{} {}", product.sku, fmt_qty(product.on_hand));
            Ok(0)
        }
        Command::Adjust { sku, qty, reason } => {
            let qty = decimal_arg("QTY", &qty)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let product = ops::adjust(&mut store, &ctx, &sku, qty, &reason)?;
            println!("{} {}", product.sku, fmt_qty(product.on_hand));
            Ok(0)
        }
        Command::Show { number, json } => show(db, today, lang, &number, json),
        Command::Approve { number, reason, code } => {
            let code = match code {
                None => None,
                Some(text) => Some(Code::parse(&text).ok_or_else(|| Failure::usage(format!("--code: \"{text}\" is not a check code")))?),
            };
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let status = ops::approve(&mut store, &ctx, &number, &reason, code)?;
            println!("{} {status}", number.trim());
            Ok(0)
        }
        Command::Complaint { number, text: complaint } => {
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let id = ops::log_complaint(&mut store, &ctx, &number, &complaint)?;
            println!("{id}");
            Ok(0)
        }
        Command::User { action } => {
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            match action {
                UserAction::Add { name, role, pin } => {
                    ctx.require(crate::domain::Permission::ManageUsers)?;
                    let role = Role::parse(&role).ok_or_else(|| {
                        Failure::usage(format!("--role: \"{role}\" is not one of owner, manager, clerk, warehouse, bookkeeper"))
                    })?;
                    store.insert_user(&name, role, pin.as_deref(), &ctx.user, &ctx.now)?;
                    println!("{} {role}", name.trim());
                }
                UserAction::Pin { name, set, remove } => {
                    if set.is_none() && !remove {
                        return Err(Failure::usage("user pin: give --set PIN or --remove"));
                    }
                    ops::set_pin(&mut store, &ctx, &name, set.as_deref())?;
                    println!("{} {}", name.trim(), if remove { "PIN removed" } else { "PIN set" });
                }
                UserAction::List => {
                    for found in store.list_users()? {
                        println!("{:<16} {:<10} {}", found.name, found.role, if found.has_pin { "PIN" } else { "" });
                    }
                }
            }
            Ok(0)
        }
        Command::Audit { action: AuditAction::Verify } => {
            let checked = store::check_file(db);
            store::record_health(db, &checked);
            checked.map_err(|error| Failure::refused(error.to_string()))?;
            let store = open(db)?;
            let mut problems = vec![];
            if let Some(id) = store.verify_audit()? {
                problems.push(text::AUDIT_BROKEN.fill(lang, &[("id", &id)]));
            }
            match crate::anchor::check(db, &store)? {
                crate::anchor::AnchorCheck::Intact => {}
                crate::anchor::AnchorCheck::NotAnchored => eprintln!("{}", text::AUDIT_NOT_ANCHORED.get(lang)),
                crate::anchor::AnchorCheck::Cut { anchored } => problems.push(text::AUDIT_CUT.fill(lang, &[("id", &anchored)])),
                crate::anchor::AnchorCheck::Rewritten { anchored } => problems.push(text::AUDIT_REWRITTEN.fill(lang, &[("id", &anchored)])),
            }
            problems.extend(store.cross_check_books()?);
            if problems.is_empty() {
                println!("{}", text::AUDIT_OK.get(lang));
                Ok(0)
            } else {
                Err(Failure { code: 1, lines: problems })
            }
        }
        Command::Scan { json } => {
            let mut store = open_for_write(db)?;
            store.set_cache_kib(64 * 1024)?;
            let ctx = context(&store, user, today, lang)?;
            ops::recheck_pending_orders(&mut store, &ctx)?;
            let report = store.run_scans(today, &ctx.now, &ctx.user)?;
            if json {
                let open_list = store.list_exceptions(&ExceptionFilter::default())?;
                print_json(&json!({
                    "opened": report.opened(),
                    "resolved": report.resolved(),
                    "exceptions": open_list.iter().map(|e| exception_json(e, lang)).collect::<Vec<_>>(),
                }));
            } else {
                // The count alone: reading every open exception to count them took a tenth of
                // the scan on a large shop.
                let open = store.count_open_exceptions()?;
                println!(
                    "{}",
                    text::SCAN_DONE.fill(lang, &[("opened", &report.opened()), ("resolved", &report.resolved()), ("open", &open)])
                );
            }
            Ok(0)
        }
        Command::Exceptions { json, all, code, status } => {
            let status = match status {
                None => None,
                Some(text) => Some(
                    ExceptionStatus::parse(&text)
                        .ok_or_else(|| Failure::usage(format!("--status: \"{text}\" is not one of open, in_progress, resolved, waived")))?,
                ),
            };
            if let Some(code) = &code
                && Code::parse(code).is_none()
            {
                return Err(Failure::usage(format!("--code: \"{code}\" is not a check or scan code")));
            }
            let store = open(db)?;
            let list = store.list_exceptions(&ExceptionFilter { all: all || status.is_some(), code, status, ..Default::default() })?;
            if json {
                print_json(&Value::Array(list.iter().map(|e| exception_json(e, lang)).collect()));
            } else {
                for e in &list {
                    let line = e.line.map(|l| format!(" #{l}")).unwrap_or_default();
                    let message = if lang == Lang::Zh { &e.message_zh } else { &e.message_en };
                    println!(
                        "{:>6} {:<5} {:<11} {:<24} {}{line}: {message}",
                        e.id,
                        e.severity.as_str(),
                        e.status.as_str(),
                        e.code,
                        e.subject
                    );
                }
            }
            Ok(0)
        }
        Command::Exception { id, action } => exception(db, user, today, lang, id, action),
        Command::Print { kind, numbers, out } => {
            let kind = DocKind::parse(&kind).ok_or_else(|| Failure::usage(format!("\"{kind}\" is not order, dispatch or invoice")))?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let printer = crate::print::Printer::new().map_err(|error| Failure::refused(error.to_string()))?;
            let write = |bytes: &[u8]| std::fs::write(&out, bytes).map_err(|error| format!("{}: {error}", out.display()));
            let bar = progress(0, &format!("{} × {}", numbers.len(), out.display()));
            documents::print(&mut store, &ctx, &printer, kind, &numbers, write)?;
            bar.finish_and_clear();
            println!("{}", out.display());
            Ok(0)
        }
        #[cfg(feature = "test-support")]
        Command::Stress { seed, orders } => {
            let mut stdout = std::io::stdout();
            crate::stress::run(db, seed, orders, &mut stdout).map_err(Failure::refused)?;
            Ok(0)
        }
        Command::Backup { out } => {
            if same_file(db, &out) {
                return Err(Failure::usage(crate::i18n::ops::BACKUP_ONTO_LIVE.fill(lang, &[("path", &out.display())])));
            }
            let store = open(db)?;
            let bar = progress(100, &out.display().to_string());
            store.backup_with_progress(&out, |done, total| {
                bar.set_position((done * 100).checked_div(total).unwrap_or(100));
                true
            })?;
            bar.finish_and_clear();
            println!("{}", out.display());
            Ok(0)
        }
        Command::Restore { input } => {
            // The owner only; when the current file cannot be opened at all (damaged), the
            // restore is its way back and `authenticate` let it through.
            if let Ok(store) = Store::open_read_only(db) {
                // Someone the file does not know is not its owner.
                ops::may_restore(Some(store.get_user(user)?.map_or(Role::Clerk, |found| found.role)), lang)?;
            }
            let kept = ops::restore(db, &input, &now_on(today).replace(':', ""))?;
            println!("{}", text::RESTORED.fill(lang, &[("from", &input.display()), ("kept", &kept.display())]));
            Ok(0)
        }
    }
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Parse `--method`.
fn method_arg(text: &str) -> Result<PaymentMethod, Failure> {
    PaymentMethod::parse(text)
        .ok_or_else(|| Failure::usage(format!("--method: \"{text}\" is not one of cash, bank_transfer, wechat, alipay, card, credit, cod")))
}

/// Parse `--line SKU=QTY` arguments.
fn parse_lines(lines: &[String]) -> Result<Vec<(String, Decimal)>, Failure> {
    lines
        .iter()
        .map(|line| {
            let Some((sku, qty)) = line.split_once('=') else {
                return Err(Failure::usage(format!("--line: \"{line}\" is not SKU=QTY")));
            };
            Ok((sku.trim().to_string(), decimal_arg("--line", qty)?))
        })
        .collect()
}

fn import(db: &Path, user: &str, today: NaiveDate, lang: Lang, kind: crate::tabular::Master, file: &Path) -> Outcome {
    let mut store = open_for_write(db)?;
    let ctx = context(&store, user, today, lang)?;
    let bar = progress(0, &file.display().to_string());
    let never = std::sync::atomic::AtomicBool::new(false);
    let result = ops::import_file(&mut store, &ctx, kind, file, &mut || bar.inc(1), &never);
    bar.finish_and_clear();
    let rows_failure = |errors: Vec<crate::tabular::RowError>| Failure { code: 2, lines: errors.iter().map(|e| e.to_string()).collect() };
    match result {
        Ok(imported) => {
            for warning in imported.glyph_warnings.iter().chain(&imported.report.warnings) {
                eprintln!("{warning}");
            }
            if let Some(sheet) = &imported.sheet {
                println!("{}", text::IMPORT_SHEET.fill(lang, &[("file", &imported.file), ("sheet", sheet)]));
            }
            let report = &imported.report;
            println!(
                "{}",
                text::IMPORT_DONE
                    .fill(lang, &[("inserted", &report.inserted), ("updated", &report.updated), ("unchanged", &report.unchanged)])
            );
            Ok(0)
        }
        Err(ops::ImportFailure::Rows(errors)) => Err(rows_failure(errors)),
        Err(ops::ImportFailure::File(error)) => Err(Failure { code: 2, lines: error.to_string().lines().map(String::from).collect() }),
        Err(ops::ImportFailure::Ops(error)) => Err(error.into()),
        Err(ops::ImportFailure::Cancelled) => Err(Failure::refused("cancelled")),
    }
}

fn export(db: &Path, today: NaiveDate, lang: Lang, kind: crate::exports::List, file: &Path) -> Outcome {
    let store = open(db)?;
    let count = crate::exports::write(&store, kind, file, today, lang).map_err(|error| match error {
        crate::exports::Error::Store(error) => error.into(),
        crate::exports::Error::File(error) => Failure::usage(error.to_string()),
    })?;
    println!("{} ({count})", file.display());
    Ok(0)
}

fn config(db: &Path, user: &str, today: NaiveDate, lang: Lang, action: ConfigAction) -> Outcome {
    use crate::domain::settings::{Invalid, validate};
    let mut store = open_for_write(db)?;
    match action {
        ConfigAction::Get { key } => {
            if crate::domain::settings::lookup(&key).is_none() {
                return Err(Failure::usage(text::UNKNOWN_KEY.fill(lang, &[("key", &key)])));
            }
            println!("{}", store.get_setting(&key)?);
        }
        ConfigAction::Set { key, value } => {
            let ctx = context(&store, user, today, lang)?;
            let normalised = match validate(&key, &value) {
                Ok(normalised) => normalised,
                Err(Invalid::UnknownKey) => return Err(Failure::usage(text::UNKNOWN_KEY.fill(lang, &[("key", &key)]))),
                Err(Invalid::BadValue(expected)) => {
                    return Err(Failure::usage(
                        text::BAD_VALUE.fill(lang, &[("key", &key), ("value", &format!("\"{value}\"")), ("expected", &expected)]),
                    ));
                }
            };
            ctx.require(crate::domain::Permission::ChangeSettings)?;
            store.set_setting(&key, &normalised, &ctx.user, &ctx.now)?;
            println!("{key} = {normalised}");
        }
        ConfigAction::List => {
            for setting in crate::domain::settings::SETTINGS {
                println!("{} = {}", setting.key, store.get_setting(setting.key)?);
            }
            for code in Code::live_checks() {
                let key = format!("rules.{code}.severity");
                let value = store.get_setting(&key)?;
                let (severity, _) = code.default_rule();
                println!("{key} = {}", if value.is_empty() { format!("{severity} (default)") } else { value });
            }
        }
    }
    Ok(0)
}

fn show(db: &Path, today: NaiveDate, lang: Lang, number: &str, json: bool) -> Outcome {
    let store = open(db)?;
    let number = number.trim();
    if number.starts_with("INV-") {
        let invoice = store.get_invoice(number)?;
        if json {
            print_json(&json!({
                "kind": "invoice",
                "number": invoice.number,
                "order": invoice.order_number,
                "customer": invoice.customer_code,
                "status": invoice.status(today),
                "issue_date": invoice.issue_date.to_string(),
                "due_date": invoice.due_date.to_string(),
                "subtotal": fmt_money(invoice.subtotal),
                "tax": fmt_money(invoice.tax),
                "amount": fmt_money(invoice.total),
                "paid": fmt_money(invoice.paid),
                "refunded": fmt_money(store.refunded(invoice.id)?),
            }));
        } else {
            println!("{} {} {} {}", invoice.number, invoice.status(today), invoice.order_number, invoice.customer_name);
            println!(
                "issued {} due {}  amount {} paid {}",
                invoice.issue_date,
                invoice.due_date,
                fmt_money(invoice.total),
                fmt_money(invoice.paid)
            );
        }
        return Ok(0);
    }
    let order = store.get_order(number)?;
    let findings = ops::current_findings(&store, &order, today)?;
    let (invoiced, paid) = store.order_money(order.id)?;
    if json {
        print_json(&json!({
            "kind": "order",
            "number": order.number,
            "status": order.status.as_str(),
            "customer": order.customer_code,
            "order_date": order.order_date.to_string(),
            "delivery_date": order.delivery_date.map(|d| d.to_string()),
            "delivery": order.delivery.as_str(),
            "priority": order.priority.as_str(),
            "lines": order.lines.iter().map(|l| json!({
                "sku": l.sku,
                "qty": fmt_qty(l.qty),
                "shipped_qty": fmt_qty(l.shipped_qty),
                "invoiced_qty": fmt_qty(l.invoiced_qty),
                "unit_price": fmt_money(l.unit_price),
                "discount_pct": fmt_qty(l.discount_pct),
                "line_total": fmt_money(l.line_total),
            })).collect::<Vec<_>>(),
            "totals": {"subtotal": fmt_money(order.subtotal), "tax": fmt_money(order.tax), "total": fmt_money(order.total)},
            "invoiced": fmt_money(invoiced),
            "paid": fmt_money(paid),
            "findings": findings.iter().map(|f| finding_json(f, lang)).collect::<Vec<_>>(),
        }));
    } else {
        println!("{} {} {} {} {}", order.number, order.status, order.customer_code, order.customer_name, order.order_date);
        for line in &order.lines {
            println!(
                "  {:>3} {:<10} {:>8} {:>10} {:>6}% {:>12}  shipped {}",
                line.line_no,
                line.sku,
                fmt_qty(line.qty),
                fmt_money(line.unit_price),
                fmt_qty(line.discount_pct),
                fmt_money(line.line_total),
                fmt_qty(line.shipped_qty)
            );
        }
        print_findings(&findings, &Totals { subtotal: order.subtotal, tax: order.tax, total: order.total }, lang);
        println!("invoiced {}  paid {}", fmt_money(invoiced), fmt_money(paid));
    }
    Ok(0)
}

fn exception(db: &Path, user: &str, today: NaiveDate, lang: Lang, id: i64, action: ExceptionAction) -> Outcome {
    let mut store = open_for_write(db)?;
    let ctx = context(&store, user, today, lang)?;
    let step = match action {
        ExceptionAction::Show { json } => {
            let exception = store.get_exception(id)?;
            let events = store.list_exception_events(id)?;
            if json {
                let mut value = exception_json(&exception, lang);
                value["history"] =
                    Value::Array(events.iter().map(|e| json!({"at": e.at, "user": e.user, "kind": e.kind, "detail": e.detail})).collect());
                print_json(&value);
            } else {
                println!("{} {} {} {}", exception.id, exception.code, exception.status, exception.subject);
                println!("{}", if lang == Lang::Zh { &exception.message_zh } else { &exception.message_en });
                for event in events {
                    println!("  {} {:<10} {:<14} {}", event.at, event.user, event.kind, event.detail);
                }
            }
            return Ok(0);
        }
        ExceptionAction::Assign { who } => Handle::Assign(who),
        ExceptionAction::Comment { text: note } => Handle::Comment(note),
        ExceptionAction::Start => Handle::Start,
        ExceptionAction::Resolve { cause, action, note } => {
            let cause = RootCause::parse(&cause).ok_or_else(|| Failure::usage(crate::i18n::ops::CAUSE_REQUIRED.get(lang)))?;
            Handle::Resolve { cause, cause_note: note, action }
        }
        ExceptionAction::Waive { reason } => Handle::Waive(reason),
    };
    let updated = ops::handle_exception(&mut store, &ctx, id, step)?;
    println!("{} {}", updated.id, updated.status);
    Ok(0)
}
