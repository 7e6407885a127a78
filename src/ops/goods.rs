//! Goods moving: ship (whole or by line, never more than on hand at that moment), deliveries and
//! returns, the dispatch gate, receipts, corrections and stock counts.

use super::*;

/// Ship a confirmed order: everything still open, or the given (SKU, qty) lines (a SKU given
/// more than once adds up). Everything is read inside the write transaction: a second caller
/// sees the first's shipment and is refused when nothing (or too little) remains.
pub fn ship(store: &mut Store, ctx: &Ctx, number: &str, lines: &[(String, Decimal)]) -> Result<(String, OrderStatus)> {
    ctx.require(Permission::Ship)?;
    for (sku, qty) in lines {
        bounded(ctx, *qty, bounds::Kind::PositiveQty, &format!("--line {sku}"))?;
    }
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    if !order.status.reserves_stock() {
        return Err(ctx.refuse_state(&order, text::DO_SHIP));
    }
    // Planned quantity per order line id, in line order.
    let mut planned: std::collections::BTreeMap<i64, Decimal> = Default::default();
    if lines.is_empty() {
        for line in &order.lines {
            let open = line.qty - line.shipped_qty;
            if open > Decimal::ZERO {
                planned.insert(line.id, open);
            }
        }
    } else {
        for (sku, qty) in lines {
            if !order.lines.iter().any(|l| l.sku == *sku) {
                return Err(Error::Invalid(ctx.say(text::SHIP_LINE_UNKNOWN, &[("number", &order.number), ("sku", sku)])));
            }
            if let Some(product) = store.get_product_by_sku(sku)? {
                bounded_for(ctx, *qty, bounds::Kind::PositiveQty, product.divisible, &format!("--line {sku}"))?;
            }
            let mut remaining = *qty;
            for line in order.lines.iter().filter(|l| l.sku == *sku) {
                let already = planned.get(&line.id).copied().unwrap_or_default();
                let take = remaining.min(line.qty - line.shipped_qty - already);
                if take > Decimal::ZERO {
                    planned.insert(line.id, already + take);
                    remaining -= take;
                }
            }
            if remaining > Decimal::ZERO {
                let asked: Decimal = lines.iter().filter(|(other, _)| other == sku).map(|(_, q)| *q).sum();
                let open: Decimal = order.lines.iter().filter(|l| l.sku == *sku).map(|l| l.qty - l.shipped_qty).sum();
                return Err(ctx.refuse(
                    text::SHIP_TOO_MUCH,
                    &[("sku", sku), ("open", &fmt_qty(open)), ("number", &order.number), ("qty", &fmt_qty(asked))],
                ));
            }
        }
    }
    let to_ship: Vec<(i64, Option<i64>, String, Decimal)> =
        order.lines.iter().filter_map(|line| planned.get(&line.id).map(|qty| (line.id, line.product_id, line.sku.clone(), *qty))).collect();
    if to_ship.is_empty() {
        return Err(ctx.refuse(text::SHIP_NOTHING, &[("number", &order.number)]));
    }
    let mut per_sku: std::collections::BTreeMap<&str, Decimal> = Default::default();
    for (_, product_id, sku, qty) in &to_ship {
        if product_id.is_some() {
            *per_sku.entry(sku.as_str()).or_default() += *qty;
        }
    }
    for (sku, qty) in &per_sku {
        if let Some(product) = store.get_product_by_sku(sku)?
            && product.on_hand < *qty
        {
            return Err(ctx.refuse(text::SHIP_NO_STOCK, &[("sku", sku), ("on_hand", &fmt_qty(product.on_hand)), ("qty", &fmt_qty(*qty))]));
        }
    }
    let rows: Vec<(i64, Option<i64>, Decimal)> = to_ship.iter().map(|(id, product, _, qty)| (*id, *product, *qty)).collect();
    let shipment = store::orders::ship_tx(&tx, &order, &rows, ctx.today, &ctx.user, &ctx.now)?;
    let fresh = store::orders::get_order_tx(&tx, &order.number)?;
    let status = if fresh.lines.iter().all(|l| l.shipped_qty >= l.qty) { OrderStatus::Shipped } else { OrderStatus::PartiallyShipped };
    store::orders::set_status_tx(&tx, order.id, status, &ctx.now)?;
    let detail = to_ship.iter().map(|(_, _, sku, qty)| format!("{sku}×{}", fmt_qty(*qty))).collect::<Vec<_>>().join(", ");
    store::orders::add_event_tx(&tx, order.id, &ctx.now, &ctx.user, "shipped", &format!("{shipment}: {detail}"))?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "order", &order.number, "ship", &shipment, &detail)?;
    tx.commit()?;
    Ok((shipment, status))
}

/// What a receipt says besides product and quantity.
#[derive(Debug, Clone, Default)]
pub struct Receipt {
    pub reference: String,
    /// The unit cost paid: the product's cost becomes the moving average. None: the receipt
    /// is valued at the product's cost and leaves it as it is.
    pub cost: Option<Decimal>,
    pub supplier: String,
}

impl From<&str> for Receipt {
    /// A receipt with only its reference (valued at the product's cost).
    fn from(reference: &str) -> Receipt {
        Receipt { reference: reference.to_string(), ..Receipt::default() }
    }
}

/// Book received stock (a whole number for a product that cannot be split).
pub fn receive(
    store: &mut Store,
    ctx: &Ctx,
    sku: &str,
    qty: Decimal,
    receipt: impl Into<Receipt>,
) -> Result<crate::domain::master::Product> {
    let receipt = receipt.into();
    ctx.require(Permission::MoveStock)?;
    bounded(ctx, qty, bounds::Kind::PositiveQty, "QTY")?;
    if let Some(cost) = receipt.cost {
        bounded(ctx, cost, bounds::Kind::Price, "--cost")?;
    }
    let inflow = store::products::Inflow { cost: receipt.cost, supplier: receipt.supplier.trim() };
    move_stock(store, ctx, sku, store::products::MovementKind::Receipt, qty, bounds::Kind::PositiveQty, inflow, &receipt.reference, "")
}

/// Correct stock with a mandatory reason (qty may be negative, not zero).
pub fn adjust(store: &mut Store, ctx: &Ctx, sku: &str, qty: Decimal, reason: &str) -> Result<crate::domain::master::Product> {
    ctx.require(Permission::MoveStock)?;
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    bounded(ctx, qty, bounds::Kind::SignedQty, "QTY")?;
    let inflow = store::products::Inflow::default();
    move_stock(store, ctx, sku, store::products::MovementKind::Adjustment, qty, bounds::Kind::SignedQty, inflow, "", reason.trim())
}

/// One stock movement, its product read and its result checked inside the write transaction:
/// a fraction of a product that cannot be split, or an on-hand figure past the bounds, is
/// refused and nothing is written.
#[allow(clippy::too_many_arguments)]
pub(super) fn move_stock(
    store: &Store,
    ctx: &Ctx,
    sku: &str,
    kind: store::products::MovementKind,
    qty: Decimal,
    bound: bounds::Kind,
    inflow: store::products::Inflow<'_>,
    reference: &str,
    reason: &str,
) -> Result<crate::domain::master::Product> {
    let tx = store.write_tx()?;
    let product = store.get_product_by_sku(sku.trim())?.ok_or_else(|| store::Error::NotFound(format!("product {}", sku.trim())))?;
    bounded_for(ctx, qty, bound, product.divisible, "QTY")?;
    bounded(ctx, product.on_hand + qty, bounds::Kind::OrderQty, &format!("{} on hand", product.sku))?;
    if product.on_hand + qty < Decimal::ZERO {
        return Err(
            ctx.refuse(text::STOCK_BELOW_ZERO, &[("sku", &product.sku), ("on_hand", &fmt_qty(product.on_hand)), ("qty", &fmt_qty(-qty))])
        );
    }
    store::products::move_stock_tx(&tx, product.id, kind, qty, inflow, reference.trim(), reason, &ctx.user, &ctx.now)?;
    tx.commit()?;
    Ok(store.get_product_by_sku(&product.sku)?.ok_or_else(|| store::Error::NotFound(format!("product {}", product.sku)))?)
}

/// Why a dispatch slip may not be printed for this order, if it may not.
pub fn dispatch_gate(store: &Store, ctx: &Ctx, order: &Order) -> Result<Option<String>> {
    if !order.status.reserves_stock() {
        return Ok(Some(ctx.say(
            text::PRINT_NOT_CONFIRMED,
            &[("number", &order.number), ("status", &crate::i18n::labels::order_status(order.status, ctx.lang))],
        )));
    }
    if let Some(code) = store.open_block_on(&order.number)? {
        let title = crate::i18n::labels::code_title_of(&code, ctx.lang);
        return Ok(Some(ctx.say(text::PRINT_BLOCKED, &[("number", &order.number), ("code", &title)])));
    }
    Ok(None)
}

/// Book a stock count: the differences to on hand become `count` movements.
pub fn book_count(store: &mut Store, ctx: &Ctx, counted: &[(String, Decimal)]) -> Result<usize> {
    ctx.require(Permission::MoveStock)?;
    if counted.iter().any(|(_, qty)| *qty < Decimal::ZERO) {
        return Err(Error::Invalid(ctx.say(text::QTY_POSITIVE, &[])));
    }
    Ok(store.book_count(counted, &format!("count {}", ctx.today), &ctx.user, &ctx.now)?)
}

/// Record that a shipment reached the customer.
pub fn record_delivery(store: &mut Store, ctx: &Ctx, shipment: &str, delivered_on: NaiveDate, received_by: &str) -> Result<Vec<String>> {
    ctx.require(Permission::Ship)?;
    if received_by.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::RECEIVER_REQUIRED, &[])));
    }
    let tx = store.write_tx()?;
    // The signed dispatch slip's QR code (or its typed number) names the order: its one shipment
    // still waiting for its slip is delivered (several: the shipment number says which).
    let numbers = if shipment.trim().starts_with("SO-") {
        let order = store.get_order(shipment)?;
        let waiting = store.undelivered_shipments(&order.number)?;
        match waiting.len() {
            0 => return Err(ctx.refuse(text::NOTHING_AWAITS_SIGNATURE, &[("number", &order.number)])),
            1 => waiting,
            // Which of its slips came back, the order's number cannot say.
            _ => return Err(ctx.refuse(text::SEVERAL_AWAIT_SIGNATURE, &[("number", &order.number), ("shipments", &waiting.join(", "))])),
        }
    } else {
        vec![shipment.trim().to_string()]
    };
    for number in &numbers {
        let (order_id, already, by) =
            store.get_shipment_delivery(number)?.ok_or_else(|| store::Error::NotFound(format!("shipment {number}")))?;
        if let Some(on) = already {
            return Err(ctx.refuse(text::ALREADY_DELIVERED, &[("shipment", number), ("on", &on), ("by", &by)]));
        }
        if let Some(shipped) = store.shipped_on(number)?
            && delivered_on < shipped
        {
            return Err(ctx.refuse(text::DELIVERED_BEFORE_SHIPPED, &[("shipment", number), ("on", &delivered_on), ("shipped", &shipped)]));
        }
        store::aftersales::record_delivery_tx(&tx, order_id, number, delivered_on, received_by, &ctx.user, &ctx.now)?;
    }
    tx.commit()?;
    Ok(numbers)
}

/// What a return did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// The credit note issued for returned goods that had been invoiced, and its amount.
    pub credit_note: Option<(String, Decimal)>,
}

/// Take goods back against a shipped order: stock comes back through the ledger; goods not yet
/// invoiced are taken off the order; goods already invoiced get a credit note on their invoice
/// (an over-credit stays as customer credit and is flagged by the scans).
pub fn record_return(store: &mut Store, ctx: &Ctx, number: &str, lines: &[(String, Decimal)], reason: &str) -> Result<Returned> {
    if !(permits(ctx.role, Permission::MoveStock) || permits(ctx.role, Permission::Invoice)) {
        ctx.require(Permission::MoveStock)?;
    }
    if reason.trim().is_empty() {
        return Err(Error::Invalid(ctx.say(text::REASON_REQUIRED, &[])));
    }
    for (sku, quantity) in lines {
        bounded(ctx, *quantity, bounds::Kind::PositiveQty, &format!("--line {sku}"))?;
    }
    let tx = store.write_tx()?;
    let order = store.get_order(number)?;
    let tax = order.tax_rule;
    // Plan per line: (line, qty, uninvoiced part, invoiced part, invoice). A SKU given more
    // than once adds up: what one entry takes from a line is not there for the next.
    let mut plan = vec![];
    let mut taken: std::collections::HashMap<i64, (Decimal, Decimal)> = Default::default();
    for (sku, quantity) in lines {
        if let Some(product) = store.get_product_by_sku(sku)? {
            bounded_for(ctx, *quantity, bounds::Kind::PositiveQty, product.divisible, &format!("--line {sku}"))?;
        }
        let mut remaining = *quantity;
        let mut matched = false;
        for line in order.lines.iter().filter(|l| l.sku == *sku) {
            matched = true;
            let (taken_uninvoiced, taken_invoiced) = taken.get(&line.id).copied().unwrap_or_default();
            let uninvoiced = (line.shipped_qty - line.invoiced_qty - taken_uninvoiced).max(Decimal::ZERO);
            let credited = store.credited_qty(line.id)?;
            let invoiced_left = (line.invoiced_qty - credited - taken_invoiced).max(Decimal::ZERO);
            let from_uninvoiced = remaining.min(uninvoiced);
            let from_invoiced = (remaining - from_uninvoiced).min(invoiced_left);
            if from_uninvoiced + from_invoiced > Decimal::ZERO {
                let invoice = if from_invoiced > Decimal::ZERO { store.invoice_of_line(line.id)? } else { None };
                plan.push((line.clone(), from_uninvoiced, from_invoiced, invoice));
                taken.insert(line.id, (taken_uninvoiced + from_uninvoiced, taken_invoiced + from_invoiced));
                remaining -= from_uninvoiced + from_invoiced;
            }
        }
        if !matched {
            return Err(Error::Invalid(ctx.say(text::SHIP_LINE_UNKNOWN, &[("number", &order.number), ("sku", sku)])));
        }
        if remaining > Decimal::ZERO {
            let asked: Decimal = lines.iter().filter(|(other, _)| other == sku).map(|(_, q)| *q).sum();
            let mut returnable = Decimal::ZERO;
            for line in order.lines.iter().filter(|l| l.sku == *sku) {
                let credited = store.credited_qty(line.id)?;
                returnable += (line.shipped_qty - line.invoiced_qty).max(Decimal::ZERO) + (line.invoiced_qty - credited).max(Decimal::ZERO);
            }
            return Err(ctx.refuse(text::RETURN_TOO_MUCH, &[("sku", sku), ("qty", &fmt_qty(asked)), ("max", &fmt_qty(returnable))]));
        }
    }
    let needs_credit = plan.iter().any(|(_, _, invoiced, _)| *invoiced > Decimal::ZERO);
    if needs_credit {
        ctx.require(Permission::Invoice)?;
    }
    let customer_id = order.customer_id.unwrap_or(0);
    // One credit note per invoice concerned.
    let mut credits: std::collections::BTreeMap<i64, (String, Decimal)> = Default::default();
    for (line, _, invoiced, invoice) in &plan {
        if let Some((invoice_id, invoice_number)) = invoice {
            let value = line_total(*invoiced, line.unit_price, line.discount_pct);
            let entry = credits.entry(*invoice_id).or_insert((invoice_number.clone(), Decimal::ZERO));
            entry.1 += value;
        }
    }
    let mut issued = None;
    let mut note_ids = std::collections::BTreeMap::new();
    for (invoice_id, (_, net)) in &credits {
        let amount = totals([*net], tax).total;
        let (note, id) =
            store::aftersales::credit_note_tx(&tx, *invoice_id, customer_id, amount, reason.trim(), ctx.today, &ctx.user, &ctx.now)?;
        note_ids.insert(*invoice_id, id);
        issued = Some((note, amount));
    }
    for (line, uninvoiced, invoiced, invoice) in &plan {
        let note_id = invoice.as_ref().and_then(|(id, _)| note_ids.get(id).copied());
        if *uninvoiced > Decimal::ZERO {
            store::aftersales::return_line_tx(
                &tx,
                order.id,
                &order.number,
                line,
                *uninvoiced,
                *uninvoiced,
                reason.trim(),
                None,
                ctx.today,
                &ctx.user,
                &ctx.now,
            )?;
        }
        if *invoiced > Decimal::ZERO {
            store::aftersales::return_line_tx(
                &tx,
                order.id,
                &order.number,
                line,
                *invoiced,
                Decimal::ZERO,
                reason.trim(),
                note_id,
                ctx.today,
                &ctx.user,
                &ctx.now,
            )?;
        }
    }
    if plan.iter().any(|(_, uninvoiced, ..)| *uninvoiced > Decimal::ZERO) {
        store::aftersales::retotal_tx(&tx, order.id, tax)?;
        let fresh = store::orders::get_order_tx(&tx, &order.number)?;
        let all_invoiced = fresh.lines.iter().all(|l| l.invoiced_qty >= l.qty);
        if order.status == OrderStatus::Shipped && all_invoiced && fresh.lines.iter().any(|l| l.invoiced_qty > Decimal::ZERO) {
            store::orders::set_status_tx(&tx, order.id, OrderStatus::Invoiced, &ctx.now)?;
        }
        // Everything that had left of a partly shipped order came back unbilled: nothing has
        // shipped any more, and the order waits for its goods as a confirmed one.
        if order.status == OrderStatus::PartiallyShipped && fresh.lines.iter().all(|l| l.shipped_qty.is_zero()) {
            store::orders::set_status_tx(&tx, order.id, OrderStatus::Confirmed, &ctx.now)?;
        }
    }
    let detail = plan.iter().map(|(l, a, b, _)| format!("{}×{}", l.sku, fmt_qty(*a + *b))).collect::<Vec<_>>().join(", ");
    let credit_text = issued.as_ref().map(|(n, a)| format!("; credit note {n} {}", fmt_money(*a))).unwrap_or_default();
    store::orders::add_event_tx(
        &tx,
        order.id,
        &ctx.now,
        &ctx.user,
        "returned",
        &format!("{detail} — reason: {}{credit_text}", reason.trim()),
    )?;
    store::audit::append_tx(&tx, &ctx.now, &ctx.user, "order", &order.number, "return", "", &format!("{detail}{credit_text}"))?;
    tx.commit()?;
    Ok(Returned { credit_note: issued })
}
