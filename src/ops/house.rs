//! The shop's own records: customers, products, agreed prices, settings, users and PINs,
//! drafts, templates, restoring a backup, and the demo shop.

use super::*;

/// Create or edit a customer. Clerks may edit contact data; changing a credit limit or an agreed
/// discount needs an owner or manager.
pub fn save_customer(store: &mut Store, ctx: &Ctx, customer: &crate::domain::master::Customer) -> Result<crate::domain::master::Customer> {
    ctx.require(Permission::EditMasterData)?;
    let before = if customer.id == 0 { None } else { Some(store.get_customer(customer.id)?) };
    let credit_changed = match &before {
        None => customer.credit_limit.is_some() || !customer.discount_pct.is_zero(),
        Some(old) => old.credit_limit != customer.credit_limit || old.discount_pct != customer.discount_pct,
    };
    if credit_changed {
        ctx.require(Permission::ChangeCredit)?;
    }
    Ok(store.save_customer(customer, &ctx.user, &ctx.now)?)
}

/// Block or unblock a customer (owner or manager), with a reason.
pub fn set_customer_blocked(store: &mut Store, ctx: &Ctx, code: &str, blocked: bool, reason: &str) -> Result<()> {
    ctx.require(Permission::ChangeCredit)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    Ok(store.set_customer_blocked(code, blocked, reason, &ctx.user, &ctx.now)?)
}

/// Archive (or bring back) a customer: customers are never deleted.
pub fn archive_customer(store: &mut Store, ctx: &Ctx, code: &str, archived: bool) -> Result<()> {
    ctx.require(Permission::EditMasterData)?;
    let mut customer = store.get_customer_by_code(code)?.ok_or_else(|| store::Error::NotFound(format!("customer {code}")))?;
    customer.archived = archived;
    store.save_customer(&customer, &ctx.user, &ctx.now)?;
    Ok(())
}

/// Set or remove an agreed price (owner or manager).
pub fn set_agreed_price(store: &mut Store, ctx: &Ctx, customer_id: i64, sku: &str, price: Option<Decimal>) -> Result<()> {
    ctx.require(Permission::ChangePrices)?;
    if price.is_some_and(|p| p < Decimal::ZERO) {
        return Err(Error::Invalid(ctx.say(text::AMOUNT_POSITIVE, &[])));
    }
    Ok(store.set_agreed_price(customer_id, sku, price, &ctx.user, &ctx.now)?)
}

/// Create or edit a product. Changing prices (price, minimum, cost) needs an owner or manager.
pub fn save_product(
    store: &mut Store,
    ctx: &Ctx,
    product: &crate::domain::master::Product,
    opening_stock: Decimal,
) -> Result<crate::domain::master::Product> {
    ctx.require(Permission::EditMasterData)?;
    if product.id != 0 {
        let before = store.get_product_by_sku(&product.sku)?;
        let changed =
            before.as_ref().is_none_or(|old| old.price != product.price || old.min_price != product.min_price || old.cost != product.cost);
        if changed {
            ctx.require(Permission::ChangePrices)?;
        }
        if let Some(old) = &before
            && !old.on_hand.is_zero()
            && old.cost.is_some()
            && old.cost != product.cost
            && product.cost.is_none()
        {
            let cost = old.cost.map_or_else(String::new, crate::domain::money::fmt_money);
            return Err(Error::Invalid(ctx.say(
                text::COST_FOLLOWS_RECEIPTS,
                &[("sku", &old.sku), ("on_hand", &crate::domain::money::fmt_qty(old.on_hand)), ("cost", &cost)],
            )));
        }
    } else {
        ctx.require(Permission::ChangePrices)?;
        if !opening_stock.is_zero() {
            ctx.require(Permission::MoveStock)?;
        }
    }
    if opening_stock < Decimal::ZERO {
        return Err(Error::Invalid(ctx.say(text::QTY_POSITIVE, &[])));
    }
    let mut product = product.clone();
    // In stock, a product's cost is its moving average: the card shows it and cannot change it,
    // so a card opened before the last receipt saves the cost the receipt made, not its own.
    if product.id != 0
        && let Some(old) = store.get_product_by_sku(&product.sku)?
        && !old.on_hand.is_zero()
        && old.cost.is_some()
        && product.cost.is_some()
    {
        product.cost = old.cost;
    }
    product.barcode = crate::domain::barcode::normalise(&product.barcode).map_err(|(code, problem)| {
        Error::Invalid(format!("{}: {code}: {}", crate::i18n::ui_master::F_BARCODE.get(ctx.lang), problem.reason(ctx.lang)))
    })?;
    match store.save_product(&product, opening_stock, &ctx.user, &ctx.now) {
        Err(crate::store::Error::BarcodeTaken { barcode, owner }) => {
            Err(Error::Invalid(ctx.say(crate::i18n::checks::BARCODE_TAKEN, &[("barcode", &barcode), ("other", &owner)])))
        }
        other => Ok(other?),
    }
}

/// Keep the acting user's draft in `slot` (the order form's typing, kept across restarts and
/// crashes), or clear it (`None`). Drafts are each user's own scratch: not part of the books,
/// not audited, and nobody else's to read.
pub fn keep_draft(store: &mut Store, ctx: &Ctx, slot: &str, body: Option<&str>) -> Result<()> {
    match body {
        Some(body) => store.save_draft(&ctx.user, slot, body, &ctx.now)?,
        None => store.delete_draft(&ctx.user, slot)?,
    }
    Ok(())
}

/// Save (or replace) an order template under `name`: what the form holds, to start the next
/// order from.
pub fn save_template(store: &mut Store, ctx: &Ctx, name: &str, body: &str) -> Result<()> {
    ctx.require(Permission::EnterOrders)?;
    if name.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::TEMPLATE_NAME_REQUIRED, &[])));
    }
    store.save_template(name.trim(), body, &ctx.user, &ctx.now)?;
    Ok(())
}

/// Whether a user of `role` may restore a backup over the shop's database: the owner only.
/// `None`: the current file cannot say who is who (damaged or not a shop), and restoring is
/// how it is replaced.
pub fn may_restore(role: Option<Role>, lang: Lang) -> Result<()> {
    match role {
        Some(Role::Owner) | None => Ok(()),
        Some(_) => Err(Error::Refused(text::RESTORE_OWNER_ONLY.get(lang).to_string())),
    }
}

/// Replace the database at `db` with the backup `input` (checked first; what it replaced is
/// kept as a file, and its path returned; none when there was nothing to replace). The caller has asked [`may_restore`] and holds no
/// connection to `db`.
pub fn restore(db: &std::path::Path, input: &std::path::Path, stamp: &str) -> Result<Option<std::path::PathBuf>> {
    Ok(store::restore(db, input, stamp)?)
}

/// Change a setting after validation (owner or manager).
pub fn set_setting(store: &mut Store, ctx: &Ctx, key: &str, value: &str) -> Result<String> {
    use crate::domain::settings::{Invalid, validate};
    ctx.require(Permission::ChangeSettings)?;
    let normalised = match validate(key, value) {
        Ok(normalised) => normalised,
        Err(Invalid::UnknownKey) => return Err(Error::Invalid(crate::i18n::cli::UNKNOWN_KEY.fill(ctx.lang, &[("key", &key)]))),
        Err(Invalid::BadValue(expected)) => {
            return Err(Error::Invalid(
                crate::i18n::cli::BAD_VALUE.fill(ctx.lang, &[("key", &key), ("value", &format!("\"{value}\"")), ("expected", &expected)]),
            ));
        }
    };
    store.set_setting(key, &normalised, &ctx.user, &ctx.now)?;
    Ok(normalised)
}

/// Add a user (owner only).
pub fn add_user(store: &mut Store, ctx: &Ctx, name: &str, role: Role, pin: &str) -> Result<()> {
    ctx.require(Permission::ManageUsers)?;
    let pin = (!pin.trim().is_empty()).then_some(pin.trim());
    store.insert_user(name, role, pin, &ctx.user, &ctx.now).map_err(|error| match error {
        store::Error::Invalid(message) => Error::Invalid(message),
        other => Error::Store(other),
    })
}

/// Set a user's PIN: anyone for their own (knowing it is checked at sign-in), the owner for
/// anyone (a reset when someone forgot theirs). `None` removes it (owner only).
pub fn set_pin(store: &mut Store, ctx: &Ctx, name: &str, pin: Option<&str>) -> Result<()> {
    if name.trim() != ctx.user || pin.is_none() {
        ctx.require(Permission::ManageUsers)?;
    }
    store.set_pin(name, pin.map(str::trim), &ctx.user, &ctx.now).map_err(|error| match error {
        store::Error::Invalid(message) => Error::Invalid(message),
        other => Error::Store(other),
    })
}

/// Check a user's PIN before switching to them.
pub fn switch_user(store: &Store, lang: Lang, name: &str, pin: &str) -> Result<Role> {
    let Some(user) = store.get_user(name.trim())? else {
        return Err(Error::Refused(text::UNKNOWN_USER.fill(lang, &[("user", &name.trim())])));
    };
    if !user.active || !store.verify_pin(&user.name, pin)? {
        return Err(Error::Refused(text::WRONG_PIN.fill(lang, &[("user", &user.name)])));
    }
    Ok(user.role)
}

/// Fill an empty database with the demo shop (`store::demo` writes it), then check its newest
/// unconfirmed orders as the window would have while they were typed (their state follows their
/// findings, each block or warning an open exception) and run the first scan.
pub fn fill_demo(store: &mut Store, seed: u64, size: &store::demo::DemoSize, today: NaiveDate) -> Result<store::demo::DemoReport> {
    fill_demo_with_progress(store, seed, size, today, &mut |_, _| true)
}

/// The demo on a server database: built in a file beside it first, then moved onto the server
/// in one streamed restore (row by row over the network a large demo takes hours; this way it
/// is the file's build time plus the restore's). The server database must be empty, as for
/// any demo. `store` is opened anew afterwards (its tables were made anew under its prepared
/// statements).
fn fill_server_demo(
    store: &mut Store,
    url: &str,
    seed: u64,
    size: &store::demo::DemoSize,
    today: NaiveDate,
    progress: &mut dyn FnMut(store::demo::DemoStage, u8) -> bool,
) -> Result<store::demo::DemoReport> {
    if !store.is_empty()? {
        return Err(store::Error::Invalid("the database is not empty; demo fills only an empty one".into()).into());
    }
    // A folder of its own (unique across processes by the id, across builds of one process by
    // the counter) for the file and for what the restore keeps of the empty server database.
    static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let build = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let folder = std::env::temp_dir().join(format!("kaidan-demo-{}-{build}", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(|error| store::Error::Invalid(format!("{}: {error}", folder.display())))?;
    let file = folder.join("demo.sqlite3");
    let built = (|| {
        let mut local = Store::open(&file)?;
        let report = fill_demo_with_progress(&mut local, seed, size, today, progress)?;
        drop(local);
        store::server::restore_from_file(url, &file, &folder.join("replaced.sqlite3"))?;
        *store = Store::open_unchecked(std::path::Path::new(url))?;
        Ok(report)
    })();
    let _ = std::fs::remove_dir_all(&folder);
    built
}

/// [`fill_demo`], telling `progress` the stage and the percent of the whole done (at most once
/// per percent). While the shop is planned and written, `progress` answering false stops the
/// build with nothing written; once written, the rest runs to its end.
pub fn fill_demo_with_progress(
    store: &mut Store,
    seed: u64,
    size: &store::demo::DemoSize,
    today: NaiveDate,
    progress: &mut dyn FnMut(store::demo::DemoStage, u8) -> bool,
) -> Result<store::demo::DemoReport> {
    use store::demo::DemoStage;
    if let Some(url) = store.server().map(str::to_string) {
        return fill_server_demo(store, &url, seed, size, today, progress);
    }
    let mut report = store.write_demo_shop(seed, size, today, progress)?;
    // Written: from here the build runs to its end whatever `progress` answers.
    progress(DemoStage::Checking, 90);
    let now = format!("{today}T19:00:00");
    let mut checked = vec![];
    for number in store.demo_orders_to_check()? {
        let order = store.get_order(&number)?;
        let findings = current_findings(store, &order, today)?;
        checked.push((order, findings));
    }
    let tx = store.write_tx()?;
    for (order, findings) in &checked {
        store::demo::set_checked_status_tx(&tx, order, status_from_findings(findings, |_| false))?;
        let detected = order_detections(&order.number, &order.customer_code, &order.created_by, findings, &[]);
        sync_tx(&tx, Code::live_checks(), Some(&order.number), &detected, "", &today.to_string(), &now, &order.created_by)?;
    }
    tx.commit()?;
    progress(DemoStage::Scanning, 95);
    store.run_scans(today, &now, "admin")?;
    store.checkpoint()?;
    report.exceptions = usize::try_from(store.count_open_exceptions()?).unwrap_or(0);
    progress(DemoStage::Scanning, 100);
    Ok(report)
}
