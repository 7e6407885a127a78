//! The headless commands of docs/cli.md, over the same store, ops and domain code as the
//! GUI. Parses arguments (clap), runs one command, prints its output and returns the exit code:
//! 0 done, 1 ran but found blocking problems or was refused, 2 bad input or usage.
//!
//! The arguments are in `args`, what is printed in `output`, the longer commands in `commands`;
//! this file runs a command and decides its exit code (one place: [`Failure`]).

use crate::documents::{self, DocKind};
use crate::domain::checks::Finding;
use crate::domain::money::{fmt_money, fmt_qty, parse_decimal};
use crate::domain::order::Totals;
use crate::domain::{Code, ExceptionStatus, PaymentMethod, Role, RootCause};
use crate::i18n::{Lang, cli as text};
use crate::local::{self, now_on};
use crate::ops::{self, Ctx, Handle};
use crate::store::exceptions::{Exception, ExceptionFilter};
use crate::store::{self, Store};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod args;
mod commands;
mod output;

pub use args::*;
use commands::*;
use output::*;

/// A command's failure: its exit code and the lines for stderr.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub lines: Vec<String>,
    /// SQLite met a damaged page while the command worked: what it said (the message naming the
    /// file, and the file's health marker, are made where the file is known, in [`run`]).
    pub damage: Option<String>,
}

impl Failure {
    fn usage(line: impl Into<String>) -> Failure {
        Failure { code: 2, lines: vec![line.into()], damage: None }
    }

    fn refused(line: impl Into<String>) -> Failure {
        Failure { code: 1, lines: vec![line.into()], damage: None }
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

/// The language this process's command answers in (set once by [`run`]; a command is one
/// process), for the store's messages that reach the user through `?`.
static SAID_IN: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

fn said_in() -> Lang {
    SAID_IN.get().copied().unwrap_or(Lang::En)
}

impl From<store::Error> for Failure {
    fn from(error: store::Error) -> Self {
        if let Some(detail) = error.damage() {
            return Failure { code: 2, lines: vec![], damage: Some(detail) };
        }
        match error {
            store::Error::NotFound(_)
            | store::Error::Invalid(_)
            | store::Error::BarcodeTaken { .. }
            | store::Error::TooNew { .. }
            | store::Error::Damaged { .. }
            | store::Error::NotKaidan { .. }
            | store::Error::ServerUnreachable { .. }
            | store::Error::ServerRefused { .. } => Failure::usage(error.say(said_in())),
            store::Error::Conflict { .. } => Failure::refused(error.say(said_in())),
            store::Error::Sql(_) => Failure { code: 1, lines: vec![error.to_string()], damage: None },
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
    let _ = SAID_IN.set(lang);
    let today = cli.today.unwrap_or_else(local::today);
    let db = cli.db.clone().unwrap_or_else(local::default_shop);
    // A server that cannot be reached or refuses the login is said once, in the user's language.
    if let Some(url) = store::server_url(&db)
        && let Err(error) = store::server::probe(url)
    {
        let said = match &error {
            store::Error::ServerUnreachable { name, detail } => {
                crate::i18n::ui::SERVER_UNREACHABLE.fill(lang, &[("db", name), ("detail", detail)])
            }
            store::Error::ServerRefused { name, detail } => crate::i18n::ui::SERVER_REFUSED.fill(lang, &[("db", name), ("detail", detail)]),
            other => other.to_string(),
        };
        return report(Failure::usage(said));
    }
    let user = cli.user.clone().unwrap_or_else(|| "admin".to_string());
    let pin = cli.pin.clone().or_else(|| std::env::var("KAIDAN_PIN").ok());
    if let Err(failure) = authenticate(&command, &db, &user, pin, lang) {
        return report(named_damage(failure, &db));
    }
    let restoring = matches!(command, Command::Restore { .. });
    let outcome = execute(command, &db, &user, today, lang);
    // Anchor the audit chain's head outside the database (see `crate::anchor`).
    if !crate::store::is_new(&db)
        && let Ok(store) = Store::open_read_only(&db)
    {
        crate::anchor::update(&db, &store, restoring && outcome.is_ok());
    }
    match outcome {
        Ok(code) => code,
        Err(failure) => report(named_damage(failure, &db)),
    }
}

/// A failure where SQLite met a damaged page: said naming the file, and remembered as damaged
/// beside it so no later command trusts an older good check of it.
fn named_damage(mut failure: Failure, db: &Path) -> Failure {
    if let Some(detail) = failure.damage.take() {
        let damaged = store::Error::Damaged { path: db.display().to_string(), detail };
        failure.lines = vec![damaged.to_string()];
        store::record_health(db, &Err(damaged));
    }
    failure
}

/// Make sure the command acts as `user` rightfully: the user exists and is active, and a user
/// who has a PIN gave it (`--pin`, `KAIDAN_PIN`, or typed at the prompt on a terminal). Skipped
/// for `init` and `demo` on a file that does not exist yet (its only user, admin, has no PIN),
/// and for `restore` onto a file that cannot be opened (restoring is how a damaged file is
/// replaced). Nothing is written here.
fn authenticate(command: &Command, db: &Path, user: &str, pin: Option<String>, lang: Lang) -> Result<(), Failure> {
    let new = crate::store::is_new(db);
    if new && matches!(command, Command::Init | Command::Demo { .. }) {
        return Ok(());
    }
    if new && !matches!(command, Command::Restore { .. }) {
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

fn read_order(file: &Path, lang: Lang) -> Result<(crate::domain::order::OrderInput, Vec<usize>), Failure> {
    use std::io::Read;
    let failed = |error: std::io::Error| Failure::usage(format!("{}: {error}", file.display()));
    let mut bytes = vec![];
    std::fs::File::open(file).map_err(failed)?.take(MAX_ORDER_JSON_BYTES + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() as u64 > MAX_ORDER_JSON_BYTES {
        return Err(Failure::usage(text::TOO_BIG.fill(lang, &[("file", &file.display()), ("max", &"4 MiB")])));
    }
    let text = String::from_utf8(bytes).map_err(|_| Failure::usage(format!("{}: (json): {}", file.display(), text::NOT_UTF8.get(lang))))?;
    crate::order_json::parse_order_with_barcodes(&text, lang).map_err(|errors| Failure {
        code: 2,
        lines: errors.iter().map(|error| format!("{}: {error}", file.display())).collect(),
        damage: None,
    })
}

/// Name the file in every line of a usage failure (`ORDER.json: lines[2].line_total: …`).
fn prefix_file(file: &Path, failure: Failure) -> Failure {
    if failure.code != 2 || failure.damage.is_some() {
        return failure;
    }
    Failure {
        code: 2,
        lines: failure.lines.iter().flat_map(|l| l.lines().map(|l| format!("{}: {l}", file.display())).collect::<Vec<_>>()).collect(),
        damage: None,
    }
}

fn execute(command: Command, db: &Path, user: &str, today: NaiveDate, lang: Lang) -> Outcome {
    match command {
        Command::Init => {
            open(db)?;
            println!("{}", local::db_label(db));
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
                        ("path", &local::db_label(db))
                    ]
                )
            );
            Ok(0)
        }
        Command::Import { kind, file } => import(db, user, today, lang, kind, &file),
        Command::Export { kind, file } => export(db, today, lang, kind, &file),
        Command::Config { action } => config(db, user, today, lang, action),
        Command::Check { file, json } => {
            let (mut input, barcodes) = read_order(&file, lang)?;
            let store = open(db)?;
            ops::resolve_barcodes(&store, &mut input, &barcodes)?;
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
            let (mut input, barcodes) = read_order(&file, lang)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            ops::resolve_barcodes(&store, &mut input, &barcodes)?;
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
            for delivered in ops::record_delivery(&mut store, &ctx, &shipment, on, &by)? {
                println!("{delivered} delivered {on}");
            }
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
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            if !target.trim().starts_with("INV-") {
                let left = ops::refund_deposit(&mut store, &ctx, target.trim(), amount, method, &reason)?;
                println!("{} deposit refunded {}; unapplied now {}", target.trim(), fmt_money(amount), fmt_money(left));
                return Ok(0);
            }
            let paid = ops::refund(&mut store, &ctx, &target, amount, method, &reason)?;
            println!("{} refunded {}; paid now {}", target.trim(), fmt_money(amount), fmt_money(paid));
            Ok(0)
        }
        Command::Statement { customer, all, from, to, out, format } => {
            use crate::statements::Format;
            if from > to {
                return Err(Failure::usage(text::STATEMENT_PERIOD.fill(lang, &[("from", &from), ("to", &to)])));
            }
            let given_format = format.is_some();
            let format = match format.as_deref() {
                Some(text) => {
                    Some(Format::parse(text).ok_or_else(|| Failure::usage(text::STATEMENT_FORMAT.fill(lang, &[("format", &text)])))?)
                }
                None => Format::of(&out),
            };
            let store = open(db)?;
            let printer = crate::print::Printer::new().map_err(|error| Failure::usage(error.to_string()))?;
            if all {
                let Some(target) = crate::statements::MonthEnd::of(&out, format.filter(|_| given_format)) else {
                    return Err(Failure::usage(text::STATEMENT_ALL_OUT.fill(lang, &[("out", &out.display())])));
                };
                let run = crate::statements::write_month_end(&store, &printer, from, to, &target, lang)?;
                if run.statements == 0 {
                    println!("{}", crate::i18n::ui::MONTH_END_NOTHING.fill(lang, &[("from", &from), ("to", &to)]));
                } else {
                    println!("{} statements in {}", run.statements, out.display());
                }
                return Ok(0);
            }
            let Some(format) = format else {
                return Err(Failure::usage(text::STATEMENT_FORMAT.fill(lang, &[("format", &out.display())])));
            };
            let code = customer.unwrap_or_default();
            let found = store.get_customer_by_code(&code)?.ok_or_else(|| store::Error::NotFound(format!("customer {}", code.trim())))?;
            let statement = store.statement(found.id, from, to)?;
            crate::statements::write_statement(&store, &printer, &statement, &out, format, lang)?;
            println!("{} {} {} closing {}", found.code, from, to, crate::domain::money::fmt_money(statement.closing));
            Ok(0)
        }
        Command::Report { kind, from, to, json, out } => {
            if from > to {
                return Err(Failure::usage(text::STATEMENT_PERIOD.fill(lang, &[("from", &from), ("to", &to)])));
            }
            let store = open(db)?;
            let margin = (kind == crate::reports::Kind::Margin).then(|| store.margin_report(from, to)).transpose()?;
            let stock = (kind == crate::reports::Kind::Stock).then(|| store.stock_summary(from, to)).transpose()?;
            // The table is made only when it is written or shown; JSON is written as it is made.
            let table = || match (&margin, &stock) {
                (Some(report), _) => crate::reports::margin_table(report, lang),
                (None, Some(summary)) => crate::reports::stock_table(summary, lang),
                (None, None) => (vec![], vec![]),
            };
            let mut written = None;
            if let Some(out) = &out {
                let (headers, rows) = table();
                crate::exports::write_rows(out, &headers, &rows, lang).map_err(|error| Failure::usage(error.to_string()))?;
                written = Some(rows.len());
            }
            if json {
                let stdout = std::io::stdout();
                let mut writer = std::io::BufWriter::new(stdout.lock());
                let result = match (&margin, &stock) {
                    (Some(report), _) => crate::reports::write_margin_json(report, &mut writer),
                    (None, Some(summary)) => crate::reports::write_stock_json(summary, &mut writer),
                    (None, None) => Ok(()),
                };
                result.map_err(|error| Failure::refused(error.to_string()))?;
                use std::io::Write as _;
                writeln!(writer).and_then(|()| writer.flush()).map_err(|error| Failure::refused(error.to_string()))?;
            } else if let (Some(out), Some(rows)) = (&out, written) {
                println!("{rows} rows in {}", out.display());
            } else {
                let (headers, rows) = table();
                let mut text = headers.join("\t");
                for row in &rows {
                    text.push('\n');
                    text.push_str(&row.join("\t"));
                }
                println!("{text}");
            }
            Ok(0)
        }
        Command::Deposit { number, amount, method, reference, json } => {
            let amount = decimal_arg("AMOUNT", &amount)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let sums = ops::deposit(&mut store, &ctx, number.trim(), amount, method, &reference)?;
            if json {
                print_json(&json!({
                    "number": number.trim(),
                    "deposit": fmt_money(amount),
                    "taken": fmt_money(sums.taken),
                    "applied": fmt_money(sums.applied),
                    "refunded": fmt_money(sums.refunded),
                    "unapplied": fmt_money(sums.unapplied()),
                }));
            } else {
                println!(
                    "{} deposit {}; applied {} unapplied {}",
                    number.trim(),
                    fmt_money(amount),
                    fmt_money(sums.applied),
                    fmt_money(sums.unapplied())
                );
            }
            Ok(0)
        }
        Command::Pay { invoice, amount, method, reference } => {
            let amount = decimal_arg("AMOUNT", &amount)?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            ops::pay(&mut store, &ctx, &invoice, amount, method, &reference)?;
            let paid = store.get_invoice(&invoice)?;
            println!("{} {} {}/{}", paid.number, paid.status(today), fmt_money(paid.paid), fmt_money(paid.total));
            Ok(0)
        }
        Command::Receive { sku, qty, reference, cost, supplier } => {
            let qty = decimal_arg("QTY", &qty)?;
            let cost = cost.map(|cost| decimal_arg("--cost", &cost)).transpose()?;
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let product = ops::receive(&mut store, &ctx, &sku, qty, ops::Receipt { reference, cost, supplier })?;
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
                Err(Failure { code: 1, lines: problems, damage: None })
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
            let store = open(db)?;
            let code = code.map(|code| code.as_str().to_string());
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
        Command::Print { kind, numbers, out, copies, printer: queue } => {
            if let Some(queue) = &queue
                && !crate::domain::settings::valid_printer_name(queue)
            {
                return Err(Failure::usage(format!(
                    "--printer: {}",
                    crate::i18n::print::PRINTER_NAME_BAD.fill(lang, &[("printer", queue)])
                )));
            }
            let mut store = open_for_write(db)?;
            let ctx = context(&store, user, today, lang)?;
            let printer = crate::print::Printer::new().map_err(|error| Failure::refused(error.to_string()))?;
            // The PDF is written, then handed to the printer; a printer that refuses the job
            // leaves the PDF but records no print.
            let mut sent = None;
            let title = crate::print::spool::job_title(kind.as_str(), &numbers);
            let write = |bytes: &[u8]| {
                std::fs::write(&out, bytes).map_err(|error| format!("{}: {error}", out.display()))?;
                if let Some(queue) = &queue {
                    sent = Some(crate::print::spool::send(&out, queue, &title, lang)?);
                }
                Ok(())
            };
            let bar = progress(0, &format!("{} × {}", numbers.len(), out.display()));
            let pages = documents::print_parts(&mut store, &ctx, &printer, kind, &numbers, copies, write)?;
            bar.finish_and_clear();
            let (docs, path) = (numbers.len(), out.display());
            match sent {
                Some(sent) => println!(
                    "{}",
                    crate::i18n::print::SENT_TO_PRINTER
                        .fill(lang, &[("docs", &docs), ("pages", &pages), ("printer", &sent.printer), ("job", &sent.job), ("path", &path)])
                ),
                None => println!("{}", crate::i18n::print::SAVED_PAGES.fill(lang, &[("docs", &docs), ("pages", &pages), ("path", &path)])),
            }
            Ok(0)
        }
        #[cfg(feature = "test-support")]
        Command::Stress { seed, orders } => {
            let mut stdout = std::io::stdout();
            crate::stress::run(db, seed, orders, &mut stdout).map_err(Failure::refused)?;
            Ok(0)
        }
        #[cfg(feature = "test-support")]
        Command::Load { seed, seconds, setup } => {
            if setup {
                crate::load::setup(db).map_err(Failure::refused)?;
                return Ok(0);
            }
            let report = crate::load::run(db, seed, seconds).map_err(Failure::refused)?;
            println!("{}", serde_json::to_string(&report).map_err(|error| Failure::refused(error.to_string()))?);
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
            match ops::restore(db, &input, &now_on(today).replace(':', ""))? {
                Some(kept) => println!("{}", text::RESTORED.fill(lang, &[("from", &input.display()), ("kept", &kept.display())])),
                None => println!("{}", text::RESTORED_NEW.fill(lang, &[("from", &input.display()), ("db", &local::db_label(db))])),
            }
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
