//! The command line as clap reads it: the global options and every command with its arguments
//! and help text (docs/cli.md says the same in prose).

use super::*;

/// kaidan (开单): order entry with live checks, an exception inbox and PDF slips.
/// With no command it opens the window; with a command it runs headless.
#[derive(Debug, Parser)]
#[command(name = "kaidan", version, about, long_about = None, args_override_self = true)]
pub struct Cli {
    /// The SQLite database file, or a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DBNAME)
    /// for a shop with several counters; created and migrated on first use
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
    /// Record that a shipment was delivered and signed for (date and who received it); the
    /// order number of a signed dispatch slip (its QR code) delivers every shipment of it still
    /// waiting for its slip
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
        #[arg(long, value_parser = payment_method)]
        method: PaymentMethod,
        #[arg(long)]
        reason: String,
    },
    /// Take a deposit (订金) on an order: it lowers the customer's balance and credit exposure
    /// and is applied to the order's invoices, the first one first
    Deposit {
        number: String,
        amount: String,
        #[arg(long, default_value = "cash", value_parser = payment_method)]
        method: PaymentMethod,
        #[arg(long = "ref", default_value = "")]
        reference: String,
        /// Print the order's deposits as JSON
        #[arg(long)]
        json: bool,
    },
    /// Record a payment against an invoice; more than its open balance is refused (exit 1)
    Pay {
        invoice: String,
        amount: String,
        #[arg(long, default_value = "bank_transfer", value_parser = payment_method)]
        method: PaymentMethod,
        #[arg(long = "ref", default_value = "")]
        reference: String,
    },
    /// Book received stock
    #[command(allow_negative_numbers = true)]
    Receive {
        sku: String,
        qty: String,
        #[arg(long = "ref", default_value = "")]
        reference: String,
        /// Unit cost paid (the product's cost becomes the moving average)
        #[arg(long)]
        cost: Option<String>,
        /// Who delivered it
        #[arg(long, default_value = "")]
        supplier: String,
    },
    /// Correct stock with a reason (QTY may be negative; never to less than zero on hand)
    #[command(allow_negative_numbers = true)]
    Adjust {
        sku: String,
        qty: String,
        #[arg(long)]
        reason: String,
    },
    /// A customer statement (对账单) for a period: opening balance, every invoice, credit note,
    /// payment, refund and deposit with the running balance, closing balance and ageing; PDF,
    /// XLSX or CSV by OUT's extension. `--all`: OUT is a folder, one file per customer with a
    /// line in the period or a balance at its end
    /// Gross margin or the stock summary of a period
    Report {
        kind: crate::reports::Kind,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::local::parse_today)]
        from: NaiveDate,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::local::parse_today)]
        to: NaiveDate,
        #[arg(long)]
        json: bool,
        /// Also write the report to OUT (.csv or .xlsx)
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: Option<PathBuf>,
    },
    Statement {
        /// A customer code (or `--all`)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        customer: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::local::parse_today)]
        from: NaiveDate,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::local::parse_today)]
        to: NaiveDate,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        /// pdf, xlsx or csv (default: OUT's extension; for `--all`, pdf)
        #[arg(long)]
        format: Option<String>,
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
        #[arg(long, value_parser = check_code)]
        code: Option<Code>,
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
        #[arg(long, value_parser = check_code)]
        code: Option<Code>,
        #[arg(long, value_parser = exception_status)]
        status: Option<ExceptionStatus>,
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
        #[arg(value_parser = doc_kind)]
        kind: DocKind,
        #[arg(required = true)]
        numbers: Vec<String>,
        #[arg(short = 'o', long = "out", value_name = "OUT.pdf")]
        out: PathBuf,
        /// Each slip N times, labelled 存根 / 客户联 / 仓库联 / 财务联 (1–4) [default: the
        /// setting print.copies.<kind>]
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4))]
        copies: Option<u32>,
        /// Also send the PDF to this printer of the system's print service (CUPS `lp`)
        #[arg(long, value_name = "NAME")]
        printer: Option<String>,
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
    /// Load workload: one counter taking orders through to payment for SECONDS on a shared,
    /// scarce product range, printing its counts and latencies as JSON (test builds only);
    /// `--setup` makes the shop first
    #[cfg(feature = "test-support")]
    #[command(hide = true)]
    Load {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        #[arg(long)]
        setup: bool,
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
        #[arg(long, value_parser = role)]
        role: Role,
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

/// `--method`: how money was paid.
fn payment_method(text: &str) -> Result<PaymentMethod, String> {
    PaymentMethod::parse(text).ok_or_else(|| format!("\"{text}\" is not one of cash, bank_transfer, wechat, alipay, card, credit, cod"))
}

/// `--code`: a check or scan code.
fn check_code(text: &str) -> Result<Code, String> {
    Code::parse(text).ok_or_else(|| format!("\"{text}\" is not a check or scan code"))
}

/// `--status` of an exception.
fn exception_status(text: &str) -> Result<ExceptionStatus, String> {
    ExceptionStatus::parse(text).ok_or_else(|| format!("\"{text}\" is not one of open, in_progress, resolved, waived"))
}

/// `--role` of a user.
fn role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("\"{text}\" is not one of owner, manager, clerk, warehouse, bookkeeper"))
}

/// The kind of document `print` makes.
fn doc_kind(text: &str) -> Result<DocKind, String> {
    DocKind::parse(text).ok_or_else(|| format!("\"{text}\" is not order, dispatch or invoice"))
}
