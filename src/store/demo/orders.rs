//! The demo's order book: a year of orders in every state, planned with their shipments,
//! invoices and payments before anything is written.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) struct LinePlan {
    pub(super) product: u32,
    /// Quantity columns: ordered, and shipped with the first shipment.
    pub(super) qty: i64,
    pub(super) first: i64,
    /// Money columns.
    pub(super) unit_price: i64,
    pub(super) total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PayKind {
    /// One payment of the whole invoice.
    Full,
    /// Half, then the rest.
    Split,
    /// Paid in full twice: an over-payment.
    Twice,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct PayPlan {
    pub(super) kind: PayKind,
    pub(super) at: [Option<i32>; 2],
    pub(super) method: u8,
    pub(super) refs: [u32; 2],
}

#[derive(Debug, Clone, Copy)]
pub(super) enum OrderPay {
    OnAccount,
    Cod,
    Prepaid { method: u8, reference: u32 },
}

/// One order and everything that happened to it up to today (later steps are already cut off).
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    pub(super) customer: u32,
    pub(super) created: i32,
    pub(super) first_line: u32,
    pub(super) line_count: u32,
    /// Money columns.
    pub(super) subtotal: i64,
    pub(super) total: i64,
    /// Percentage column.
    pub(super) discount: i64,
    pub(super) delivery: bool,
    pub(super) delivery_day: Option<i32>,
    pub(super) urgent: bool,
    pub(super) note: Option<u8>,
    pub(super) creator: u8,
    pub(super) payment: OrderPay,
    pub(super) confirm: Option<i32>,
    pub(super) cancel: Option<(i32, u8)>,
    /// Shipped in two parts (the second may still be pending).
    pub(super) partial: bool,
    pub(super) ships: [Option<i32>; 2],
    pub(super) invoices: [Option<i32>; 2],
    pub(super) pays: [Option<PayPlan>; 2],
    /// Number within its year, and ids of its shipments and invoices (set by numbering).
    pub(super) seq: u32,
    pub(super) ship_ids: [u32; 2],
    pub(super) invoice_ids: [u32; 2],
}

pub(super) struct OrderBook {
    pub(super) plans: Vec<Plan>,
    pub(super) lines: Vec<LinePlan>,
}

pub(super) fn part_qty(line: &LinePlan, part: usize) -> i64 {
    if part == 0 { line.first } else { line.qty - line.first }
}

pub(super) fn make_line(buyer: &DemoCustomer, index: usize, product: &DemoProduct, quantity: i64, price: Option<i64>) -> Result<LinePlan> {
    let unit_price = price.unwrap_or_else(|| buyer.agreed_price(index).unwrap_or(product.price));
    let total = money_col(
        line_total(crate::store::qty(quantity), crate::store::money(unit_price), crate::store::pct(buyer.discount)),
        "line_total",
    )?;
    Ok(LinePlan { product: index as u32, qty: quantity, first: quantity, unit_price, total })
}

pub(super) fn new_plan(
    buyer: &DemoCustomer,
    customer: usize,
    created: i32,
    first_line: usize,
    lines: &[LinePlan],
    payment: OrderPay,
) -> Result<Plan> {
    let sums = totals(lines.iter().map(|line| crate::store::money(line.total)), NO_TAX);
    Ok(Plan {
        customer: customer as u32,
        created,
        first_line: first_line as u32,
        line_count: lines.len() as u32,
        subtotal: money_col(sums.subtotal, "subtotal")?,
        total: money_col(sums.total, "total")?,
        discount: buyer.discount,
        delivery: false,
        delivery_day: None,
        urgent: false,
        note: None,
        creator: 0,
        payment,
        confirm: None,
        cancel: None,
        partial: false,
        ships: [None; 2],
        invoices: [None; 2],
        pays: [None; 2],
        seq: 0,
        ship_ids: [0; 2],
        invoice_ids: [0; 2],
    })
}

/// Drop every step dated after today, and every step whose predecessor did not happen.
pub(super) fn settle(plan: &mut Plan) {
    let happened = |stamp: Option<i32>| stamp.filter(|stamp| day_of(*stamp) <= 0);
    if plan.cancel.is_some_and(|(stamp, _)| day_of(stamp) > 0) {
        plan.cancel = None;
    }
    plan.confirm = happened(plan.confirm);
    if plan.cancel.is_some() || plan.confirm.is_none() {
        plan.ships = [None; 2];
    }
    plan.ships[0] = happened(plan.ships[0]);
    plan.ships[1] = if plan.ships[0].is_some() { happened(plan.ships[1]) } else { None };
    for part in 0..2 {
        plan.invoices[part] = if plan.ships[part].is_some() { happened(plan.invoices[part]) } else { None };
        if plan.invoices[part].is_none() {
            plan.pays[part] = None;
        }
        if let Some(pay) = plan.pays[part].as_mut() {
            pay.at[0] = happened(pay.at[0]);
            pay.at[1] = if pay.at[0].is_some() { happened(pay.at[1]) } else { None };
        }
    }
}

/// A special order of the built-in scenarios, created at `created` with (product, units) lines.
#[allow(clippy::too_many_arguments)]
pub(super) fn special(
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    lines: &mut Vec<LinePlan>,
    customer: usize,
    created: i32,
    items: &[(usize, i64)],
    cheaper: bool,
) -> Result<Plan> {
    let buyer = &customers[customer];
    let first_line = lines.len();
    for (position, &(product, units)) in items.iter().enumerate() {
        let reference = buyer.agreed_price(product).unwrap_or(products[product].price);
        let price = (cheaper && position == 0).then_some(reference / CENT * 90 / 100 * CENT);
        lines.push(make_line(buyer, product, &products[product], units * UNIT, price)?);
    }
    let payment = if buyer.prepaid() { OrderPay::Prepaid { method: 0, reference: 0 } } else { OrderPay::OnAccount };
    new_plan(buyer, customer, created, first_line, &lines[first_line..], payment)
}

/// The built-in scenarios: the problems every demo shop shows, on fixed customers and products.
pub(super) fn special_plans(customers: &[DemoCustomer], products: &[DemoProduct], lines: &mut Vec<LinePlan>) -> Result<Vec<Plan>> {
    let mut plans = Vec::new();

    // A duplicate pair: the same lines for C003 a day apart, entered by two clerks.
    let mut first = special(customers, products, lines, 2, at(-1, 10, 15), &[(0, 10), (2, 5)], false)?;
    first.delivery = true;
    first.delivery_day = Some(1);
    first.confirm = Some(at(-1, 10, 40));
    plans.push(first);
    let mut second = special(customers, products, lines, 2, at(0, 9, 20), &[(0, 10), (2, 5)], false)?;
    second.delivery = true;
    second.delivery_day = Some(2);
    second.creator = 1;
    plans.push(second);

    // An invoice overdue and unpaid (C006, 30 days' terms).
    let mut overdue = special(customers, products, lines, 5, at(-50, 9, 30), &[(3, 4), (5, 2)], false)?;
    overdue.confirm = Some(at(-50, 9, 45));
    overdue.ships[0] = Some(at(-49, 10, 0));
    overdue.invoices[0] = Some(at(-48, 11, 0));
    plans.push(overdue);

    // An over-payment: C007 paid the same invoice twice.
    let mut twice = special(customers, products, lines, 6, at(-25, 14, 0), &[(1, 6)], false)?;
    twice.confirm = Some(at(-25, 14, 20));
    twice.ships[0] = Some(at(-24, 9, 30));
    twice.invoices[0] = Some(at(-24, 15, 0));
    twice.pays[0] =
        Some(PayPlan { kind: PayKind::Twice, at: [Some(at(-12, 10, 0)), Some(at(-11, 16, 0))], method: 1, refs: [381_204, 381_377] });
    plans.push(twice);

    // Shipped six days ago, never invoiced.
    let mut uninvoiced = special(customers, products, lines, 3, at(-8, 11, 0), &[(4, 3), (7, 12)], false)?;
    uninvoiced.confirm = Some(at(-8, 11, 30));
    uninvoiced.ships[0] = Some(at(-6, 10, 0));
    plans.push(uninvoiced);

    // Confirmed, promised for three days ago, not shipped.
    let mut late = special(customers, products, lines, 11, at(-6, 15, 0), &[(9, 2), (12, 4)], false)?;
    late.delivery = true;
    late.delivery_day = Some(-3);
    late.urgent = true;
    late.note = Some(NOTE_URGENT);
    late.confirm = Some(at(-6, 15, 20));
    plans.push(late);

    // Entered two days ago and still not confirmed.
    plans.push(special(customers, products, lines, 12, at(-2, 16, 40), &[(0, 2)], false)?);

    // Needs the sold-out product: short for an unconfirmed order.
    plans.push(special(customers, products, lines, 13, at(0, 11, 5), &[(SOLD_OUT, 5), (1, 2)], false)?);

    // A price typed 10 % below the reference: awaits approval.
    let mut cheaper = special(customers, products, lines, 14, at(0, 14, 30), &[(5, 3)], true)?;
    cheaper.note = Some(NOTE_LAST_PRICE);
    plans.push(cheaper);

    // A delivery for the customer without a phone number.
    let mut incomplete = special(customers, products, lines, 7, at(0, 10, 0), &[(2, 4)], false)?;
    incomplete.delivery = true;
    incomplete.delivery_day = Some(1);
    plans.push(incomplete);

    // An order for the blocked customer: awaits correction.
    plans.push(special(customers, products, lines, 9, at(0, 15, 10), &[(3, 1)], false)?);

    // C009 (limit 5,000) owes a big invoice, not yet due, and orders again today.
    let mut big = special(customers, products, lines, 8, at(-12, 10, 0), &[(PRINTER, 4)], false)?;
    big.confirm = Some(at(-12, 10, 30));
    big.ships[0] = Some(at(-11, 9, 0));
    big.invoices[0] = Some(at(-11, 14, 0));
    plans.push(big);
    plans.push(special(customers, products, lines, 8, at(0, 16, 20), &[(1, 2)], false)?);

    // Confirmed, then cancelled by the customer.
    let mut cancelled = special(customers, products, lines, 0, at(-3, 9, 0), &[(13, 10)], false)?;
    cancelled.confirm = Some(at(-3, 9, 10));
    cancelled.cancel = Some((at(-2, 10, 0), 0));
    plans.push(cancelled);

    // Partly shipped (4 of 10 boxes), the shipped part invoiced, the rest to follow.
    let mut partial = special(customers, products, lines, 1, at(-4, 10, 0), &[(6, 2), (15, 10)], false)?;
    partial.delivery = true;
    partial.delivery_day = Some(3);
    partial.confirm = Some(at(-4, 10, 20));
    partial.partial = true;
    if let Some(line) = lines.get_mut(partial.first_line as usize + 1) {
        line.first = 4 * UNIT;
    }
    partial.ships[0] = Some(at(-3, 10, 0));
    partial.invoices[0] = Some(at(-3, 16, 0));
    plans.push(partial);

    for plan in &mut plans {
        settle(plan);
    }
    Ok(plans)
}

/// When a random order was entered: a day in the last year (recent days a little busier,
/// Sundays quiet) at a time between 08:00 and 18:29.
pub(super) fn random_created(rng: &mut Rng, calendar: &Calendar) -> i32 {
    loop {
        let age = rng.below(365) as i32;
        let weight = 728 + (364 - age) as u64;
        if rng.below(1092) >= weight {
            continue;
        }
        if calendar.date(-age).weekday() == Weekday::Sun && rng.percent(60) {
            continue;
        }
        return -age * MINUTES_PER_DAY + DAY_START + rng.below(630) as i32;
    }
}

/// A customer, the regulars more often; the blocked ones only long ago.
pub(super) fn pick_customer(rng: &mut Rng, customers: &[DemoCustomer], age: i32) -> usize {
    let count = customers.len() as u64;
    for _ in 0..50 {
        let index = rng.below(count).min(rng.below(count)) as usize;
        if customers[index].blocked_reason.is_none() || age >= 90 {
            return index;
        }
    }
    0
}

pub(super) fn random_qty(rng: &mut Rng, product: &DemoProduct) -> i64 {
    if product.divisible {
        return if rng.percent(70) { rng.range(1, 20) * UNIT / 2 } else { rng.range(1, 50) * UNIT };
    }
    let units = if product.price >= 200 * YUAN {
        rng.weighted(&[(1_i64, 70), (2, 20), (3, 10)])
    } else if product.price >= 50 * YUAN {
        if rng.percent(75) { rng.range(1, 3) } else { rng.range(4, 10) }
    } else {
        match rng.below(100) {
            0..=54 => rng.range(1, 3),
            55..=84 => rng.range(4, 10),
            85..=96 => *rng.pick(&[12_i64, 15, 20, 24, 30]),
            _ => *rng.pick(&[50_i64, 100]),
        }
    };
    units * UNIT
}

/// Ship part of one line first (half of it, or none of it when others go first).
pub(super) fn split(rng: &mut Rng, lines: &mut [LinePlan], products: &[DemoProduct]) -> bool {
    let index = rng.below(lines.len() as u64) as usize;
    let Some(line) = lines.get(index).copied() else { return false };
    let half = if products[line.product as usize].divisible { line.qty / 2 } else { line.qty / UNIT / 2 * UNIT };
    if half >= line.qty || (half == 0 && lines.len() < 2) {
        return false;
    }
    if let Some(target) = lines.get_mut(index) {
        target.first = half;
    }
    true
}

/// When and how an invoice is paid: mostly within terms, some late, a few in two parts, one in
/// a thousand twice; the blocked customers' recent invoices never.
pub(super) fn pay_plan(rng: &mut Rng, buyer: &DemoCustomer, prepaid: Option<u8>, invoice: i32, age: i32) -> Option<PayPlan> {
    if buyer.blocked_reason.is_some() && age < 150 {
        return None;
    }
    if let Some(method) = prepaid {
        let paid = later(rng, invoice, 0);
        let reference = rng.below(1_000_000) as u32;
        return Some(PayPlan { kind: PayKind::Full, at: [Some(paid), None], method, refs: [reference, 0] });
    }
    let terms = buyer.terms as i32;
    let roll = rng.below(1000);
    let delay = if roll < 80 {
        terms + rng.days(5, 40)
    } else if terms == 0 {
        rng.days(0, 2)
    } else {
        terms * 3 / 10 + rng.days(0, terms * 7 / 10)
    };
    let first = later(rng, invoice, delay);
    let method = rng.weighted(&[(1_u8, 45), (2, 20), (3, 15), (0, 20)]);
    let refs = [rng.below(1_000_000) as u32, rng.below(1_000_000) as u32];
    let (kind, second) = if (80..120).contains(&roll) {
        let days = rng.days(7, 30);
        (PayKind::Split, Some(later(rng, first, days)))
    } else if roll == 999 {
        let days = rng.days(1, 10);
        (PayKind::Twice, Some(later(rng, first, days)))
    } else {
        (PayKind::Full, None)
    };
    Some(PayPlan { kind, at: [Some(first), second], method, refs })
}

pub(super) fn random_plan(
    rng: &mut Rng,
    created: i32,
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    lines: &mut Vec<LinePlan>,
    chosen: &mut Vec<usize>,
) -> Result<Plan> {
    let day = day_of(created);
    let age = -day;
    let customer = pick_customer(rng, customers, age);
    let buyer = &customers[customer];
    let count = products.len() as u64;
    let wanted = rng.weighted(&[(1_usize, 30), (2, 25), (3, 18), (4, 10), (5, 7), (6, 5), (7, 3), (8, 2)]);
    chosen.clear();
    for _ in 0..wanted {
        for _ in 0..20 {
            let index = rng.below(count).min(rng.below(count)) as usize;
            // Discontinued two months ago: only older orders carry them.
            if chosen.contains(&index) || (!products[index].active && age < 60) {
                continue;
            }
            chosen.push(index);
            break;
        }
    }
    if chosen.is_empty() {
        chosen.push(0);
    }
    let first_line = lines.len();
    for &index in chosen.iter() {
        let quantity = random_qty(rng, &products[index]);
        lines.push(make_line(buyer, index, &products[index], quantity, None)?);
    }
    let payment = if buyer.prepaid() {
        let method = *rng.pick(&[0_u8, 2, 3]);
        OrderPay::Prepaid { method, reference: rng.below(1_000_000) as u32 }
    } else {
        OrderPay::OnAccount
    };
    let mut plan = new_plan(buyer, customer, created, first_line, &lines[first_line..], payment)?;
    plan.urgent = rng.percent(8);
    plan.delivery = rng.percent(40);
    plan.delivery_day = if plan.delivery {
        Some(day + if plan.urgent { 1 } else { rng.days(1, 3) })
    } else if rng.percent(50) {
        Some(day + rng.days(0, 1))
    } else {
        None
    };
    if plan.delivery && !buyer.prepaid() && rng.percent(4) {
        plan.payment = OrderPay::Cod;
    }
    plan.note = rng.percent(12).then(|| rng.below(RANDOM_NOTES) as u8);
    plan.creator = rng.weighted(&[(0_u8, 60), (1, 25), (2, 15)]);
    let prepaid = match plan.payment {
        OrderPay::Prepaid { method, .. } => Some(method),
        _ => None,
    };

    let cancelled = rng.percent(2);
    // A third of today's orders are still being worked on.
    let confirm_days = if age == 0 && rng.percent(35) { 1 } else { rng.weighted(&[(0_i32, 95), (1, 4), (2, 1)]) };
    let confirm = later(rng, created, confirm_days);
    if cancelled {
        let after_confirm = rng.percent(50);
        let base = if after_confirm { confirm } else { created };
        let days = rng.days(0, 1);
        let cancelled_at = later(rng, base, days);
        plan.confirm = after_confirm.then_some(confirm);
        plan.cancel = Some((cancelled_at, rng.below(CANCEL_REASONS.len() as u64) as u8));
    } else {
        plan.confirm = Some(confirm);
        let pickup_days = rng.weighted(&[(0_i32, 60), (1, 30), (2, 7), (3, 3)]);
        let target = plan.delivery_day.unwrap_or(day_of(confirm) + pickup_days);
        let late = if rng.percent(2) { rng.days(3, 8) } else { 0 };
        let ship = later(rng, confirm, (target - day_of(confirm)).max(0) + late);
        plan.ships[0] = Some(ship);
        if rng.percent(6) && split(rng, &mut lines[first_line..], products) {
            plan.partial = true;
            let days = rng.days(2, 10);
            plan.ships[1] = Some(later(rng, ship, days));
        }
        for part in 0..2 {
            let Some(shipped) = plan.ships[part] else { continue };
            let days = rng.weighted(&[(0_i32, 40), (1, 35), (2, 20), (5, 3), (8, 2)]);
            let invoice = later(rng, shipped, days);
            plan.invoices[part] = Some(invoice);
            plan.pays[part] = pay_plan(rng, buyer, prepaid, invoice, age);
        }
    }
    settle(&mut plan);
    Ok(plan)
}

/// Every order of the year, oldest first: the built-in scenarios among random ones.
pub(super) fn make_orders(
    rng: &mut Rng,
    calendar: &Calendar,
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    count: usize,
) -> Result<OrderBook> {
    let mut lines = Vec::with_capacity(count * 3);
    let specials = special_plans(customers, products, &mut lines)?;
    let randoms = count.saturating_sub(specials.len());
    let mut entries: Vec<(i32, u32)> = Vec::with_capacity(randoms + specials.len());
    for _ in 0..randoms {
        entries.push((random_created(rng, calendar), u32::MAX));
    }
    for (index, plan) in specials.iter().enumerate() {
        entries.push((plan.created, index as u32));
    }
    entries.sort_unstable();
    let mut plans = Vec::with_capacity(entries.len());
    let mut chosen = Vec::new();
    for (created, tag) in entries {
        let plan = match specials.get(tag as usize) {
            Some(special) => *special,
            None => random_plan(rng, created, customers, products, &mut lines, &mut chosen)?,
        };
        plans.push(plan);
    }
    Ok(OrderBook { plans, lines })
}
