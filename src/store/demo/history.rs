//! A year of handled exceptions (resolved and waived, with their events) for the statistics,
//! and the open problems left for the inbox.

use super::*;

/// PRNG stream of the handled exceptions (streams 1–4 plan the shop itself, which this step
/// therefore leaves exactly as it was).
pub(super) const EXCEPTION_STREAM: u64 = 5;
/// The last instant of the history: today 18:59 (the fill's "now" is 19:00).
pub(super) const LAST_STAMP: i32 = DAY_END;
/// `scans.invoice_within_days` as shipped: goods not invoiced three days after shipping are flagged.
pub(super) const INVOICE_WITHIN_DAYS: i32 = 3;
/// `checks.unusual_qty_factor` as shipped.
pub(super) const UNUSUAL_FACTOR: i64 = 10;
/// Orders confirmed on a later day than entered (the next morning included): how many were
/// held by an exception (%).
pub(super) const HELD_PCT: u64 = 45;
/// Other confirmed orders: how many raised an exception on entry (%).
pub(super) const RAISED_PCT: u64 = 5;
/// Past scan conditions a scan caught (%), per code: nobody scans every single morning.
/// Goods invoiced late:
pub(super) const NOT_INVOICED_PCT: u64 = 20;
/// Invoices paid three or more days after their due date:
pub(super) const OVERDUE_PCT: u64 = 15;
/// Delivery dates missed:
pub(super) const NOT_SHIPPED_PCT: u64 = 20;
/// Waivable exceptions a manager waived instead of having them fixed (%).
pub(super) const WAIVED_PCT: u64 = 10;
/// Scan exceptions nobody closed by hand: the next morning's scan found the condition gone (%).
pub(super) const CLEARED_PCT: u64 = 25;
/// Exceptions with a comment half-way (%).
pub(super) const COMMENT_PCT: u64 = 30;

/// How a handled exception ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Resolved by hand with a root cause and the corrective action taken.
    Resolved(RootCause, &'static str),
    /// Waived by a manager with this reason (only approvable blocks and warnings).
    Waived(&'static str),
    /// Closed by the next scan once its condition had cleared.
    Cleared,
}

/// When a live-check exception of a confirmed order was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Closing {
    /// Just before the order was confirmed: it was what held the order.
    BeforeConfirm,
    /// When the goods went out: the stock had arrived.
    AtShipment,
    /// Some time later: a warning does not hold an order.
    Later,
}

/// One exception of the past year, planned in full; its texts are rendered when it is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct PastException {
    pub(super) code: Code,
    /// Index of the order's plan, and the shipment / invoice part for scan codes.
    pub(super) order: u32,
    pub(super) part: u8,
    /// 1-based order line, 0 for none.
    pub(super) line: u32,
    /// Code-specific figures of the message (a typed price, quantities, an amount, a variant).
    pub(super) figures: [i64; 3],
    /// Who opened it: the clerk whose entry the check ran on, or "system" for a scan.
    pub(super) opener: &'static str,
    pub(super) opened: i32,
    pub(super) assigned: i32,
    /// A comment half-way by the assignee: (instant, index into the department's comments).
    pub(super) comment: Option<(i32, u8)>,
    pub(super) closed: i32,
    pub(super) outcome: Outcome,
    pub(super) assignee: &'static str,
    pub(super) assigner: &'static str,
    /// Who closed it: the assignee, a manager (waived) or "system" (cleared by a scan).
    pub(super) closer: &'static str,
}

impl PastException {
    /// An exception of `code` about order `order`, opened at `opened` and closed at `closed`.
    pub(super) fn new(code: Code, order: usize, opener: &'static str, opened: i32, closed: i32, outcome: Outcome) -> PastException {
        PastException {
            code,
            order: order as u32,
            part: 0,
            line: 0,
            figures: [0; 3],
            opener,
            opened,
            assigned: opened,
            comment: None,
            closed,
            outcome,
            assignee: "",
            assigner: "",
            closer: "",
        }
    }

    /// Who handled it and when: assigned in the first third of its life (at most 90 minutes
    /// in) to someone of its department, a comment half-way for some, closed by the assignee
    /// (by a manager when waived, by the scan when cleared). Needs `closed >= opened + 2`.
    pub(super) fn staffed(mut self, rng: &mut Rng) -> PastException {
        let choices: &[(&'static str, u64)] = match self.code.department() {
            Department::Sales => &[("wang", 50), ("li", 35), ("admin", 15)],
            Department::Warehouse => &[("zhao", 85), ("li", 15)],
            Department::Finance => &[("chen", 85), ("admin", 15)],
        };
        self.assignee = rng.weighted(choices);
        let manager = *rng.pick(&["li", "admin"]);
        self.assigner = if matches!(self.assignee, "li" | "admin") || rng.percent(40) { self.assignee } else { manager };
        let span = (self.closed - self.opened).max(2);
        self.assigned = self.opened + 1 + rng.below(((span - 1) / 3).clamp(1, 90) as u64) as i32;
        if rng.percent(COMMENT_PCT) && self.closed - self.assigned >= 4 {
            self.comment = Some((self.assigned + (self.closed - self.assigned) / 2, rng.below(4) as u8));
        }
        self.closer = match self.outcome {
            Outcome::Resolved(..) => self.assignee,
            Outcome::Waived(_) => manager,
            Outcome::Cleared => "system",
        };
        self
    }
}

/// How exceptions of a code were resolved: (root cause, corrective action, weight). Typing
/// mistakes and stale master data come first, so that the statistics have a story to tell.
pub(super) fn handlings(code: Code) -> &'static [(RootCause, &'static str, u64)] {
    use RootCause as C;
    match code {
        Code::PriceMismatch => &[
            (C::InputError, "改正输错的单价", 35),
            (C::InputError, "Corrected the mistyped unit price", 15),
            (C::MasterData, "协议价已更新到客户资料", 25),
            (C::MasterData, "Updated the catalogue price", 10),
            (C::CustomerChange, "客户同意按目录价", 10),
            (C::UnclearProcess, "特价须先经经理确认，已告知店员", 5),
        ],
        Code::DiscountNotApplied => &[
            (C::InputError, "补上客户协议折扣", 40),
            (C::MasterData, "客户资料中的折扣已更正", 35),
            (C::MasterData, "Fixed the discount in the customer record", 10),
            (C::UnclearProcess, "折扣规则已写入开单说明", 15),
        ],
        Code::StockShort => &[
            (C::SupplierDelay, "到货后发货", 35),
            (C::SupplierDelay, "Shipped after the supplier's delivery", 10),
            (C::NotInSync, "盘点后更正库存", 25),
            (C::NotInSync, "Counted the shelf: the goods were there", 10),
            (C::CustomerChange, "客户同意分批发货", 15),
            (C::Other, "从其他门店调货", 5),
        ],
        Code::CreditLimitExceeded => &[
            (C::CustomerChange, "客户结清旧欠款后放行", 30),
            (C::MasterData, "信用额度已按合同调整", 30),
            (C::UnclearProcess, "改为款到发货", 20),
            (C::CustomerChange, "Customer paid the old invoices; order released", 10),
            (C::Other, "经理担保后放行", 10),
        ],
        Code::CustomerIncomplete => &[
            (C::MasterData, "补充客户电话", 45),
            (C::MasterData, "补全送货地址", 25),
            (C::MasterData, "Added the missing contact details", 15),
            (C::InputError, "开单时选错了客户，已改正", 15),
        ],
        Code::DuplicateOrder => &[
            (C::InputError, "前一单数量录错，已更正", 25),
            (C::CustomerChange, "与客户确认：需要两批同样的货", 35),
            (C::UnclearProcess, "Confirmed with the customer: two separate deliveries", 15),
            (C::NotInSync, "电话和微信各下了一单，已合并", 25),
        ],
        Code::QtyUnusual => &[
            (C::InputError, "更正数量（多打了0）", 50),
            (C::InputError, "Fixed the quantity typo", 20),
            (C::CustomerChange, "与客户核对后按实际数量开单", 20),
            (C::Other, "单位录错（箱/个），已改正", 10),
        ],
        Code::InvoiceNotIssued => &[
            (C::UnclearProcess, "补开发票；仓库发货后当天通知财务", 45),
            (C::UnclearProcess, "Issued the invoice; the warehouse now tells finance on shipping", 15),
            (C::NotInSync, "补开发票（发货单未同步到财务）", 25),
            (C::Other, "客户要求月底合并开票", 15),
        ],
        Code::InvoiceOverdue => &[
            (C::CustomerChange, "电话催款，客户已付清", 35),
            (C::Other, "Reminder sent; the customer paid", 20),
            (C::UnclearProcess, "上门收款，已入账", 20),
            (C::NotInSync, "款项早已到账，补记收款", 25),
        ],
        Code::OrderNotShipped => &[
            (C::SupplierDelay, "供应商到货后发货", 40),
            (C::SupplierDelay, "Shipped once the supplier delivered", 10),
            (C::UnclearProcess, "安排加急送货", 20),
            (C::CustomerChange, "客户要求推迟送货", 20),
            (C::NotInSync, "货已发出，补录发货", 10),
        ],
        _ => &[(C::Other, "已处理 (handled)", 1)],
    }
}

/// One resolution of a code, in proportion to the weights.
pub(super) fn pick_handling(rng: &mut Rng, code: Code) -> (RootCause, &'static str) {
    let choices = handlings(code);
    let total: u64 = choices.iter().map(|(_, _, weight)| weight).sum();
    let mut roll = rng.below(total);
    for &(cause, action, weight) in choices {
        if roll < weight {
            return (cause, action);
        }
        roll -= weight;
    }
    choices.last().map_or((RootCause::Other, ""), |&(cause, action, _)| (cause, action))
}

/// Why a manager waived an exception of a code; empty for codes that are fixed, never waived.
pub(super) fn waive_reasons(code: Code) -> &'static [&'static str] {
    match code {
        Code::QtyUnusual => {
            &["客户确认大批量采购 (customer confirmed the bulk order)", "Stocking up for a building project; the quantity is right"]
        }
        Code::DuplicateOrder => &["客户确认需要两批同样的货 (two separate orders)", "Second delivery to another site, not a duplicate"],
        Code::StockShort => &["客户接受欠货，到货后补发 (backorder accepted)"],
        Code::CustomerIncomplete => &["自提客户，现场付款，无需补资料 (pickup, pays on the spot)"],
        Code::CreditLimitExceeded => {
            &["老客户，经理同意超额度发货 (long-standing customer)", "Owner approved: the customer pays at month end"]
        }
        _ => &[],
    }
}

/// Comments written while an exception was being handled, per department.
pub(super) fn comments(department: Department) -> &'static [&'static str] {
    match department {
        Department::Sales => &["已电话联系客户", "Called the customer, waiting for an answer", "已与开单店员核对", "客户下午回电"],
        Department::Warehouse => &["已联系供应商，预计明天到货", "Checked the shelf and the back store", "等供应商回复", "已安排盘点"],
        Department::Finance => &["已发催款短信", "Sent a reminder by WeChat", "客户说本周内付款", "已核对银行流水"],
    }
}

/// The history detail of a scan exception closed by the next scan (as `scans::clear_reason`).
pub(super) fn cleared_reason(code: Code) -> &'static str {
    match code {
        Code::OrderNotShipped => "condition cleared: the order was shipped, re-dated or cancelled",
        Code::InvoiceNotIssued => "condition cleared: the shipped goods were invoiced",
        Code::InvoiceOverdue => "condition cleared: the invoice was paid",
        _ => "condition cleared",
    }
}

/// A moment of the morning scan on `day`: 08:05–08:29.
pub(super) fn scan_time(rng: &mut Rng, day: i32) -> i32 {
    at(day, 8, 5) + rng.below(25) as i32
}

/// How long a warning waited for someone, in minutes: an hour to ten days, mostly short.
pub(super) fn handling_minutes(rng: &mut Rng) -> i32 {
    let (low, high) = rng.weighted(&[((60_i64, 240_i64), 40_u64), ((240, 1440), 30), ((1440, 4320), 18), ((4320, 14_400), 12)]);
    rng.range(low, high) as i32
}

/// The same instant, or the next working minute when it falls outside 08:00–18:59.
pub(super) fn working(rng: &mut Rng, stamp: i32) -> i32 {
    let minute = minute_of(stamp);
    if minute < DAY_START {
        at(day_of(stamp), 8, 0) + rng.below(60) as i32
    } else if minute > DAY_END {
        at(day_of(stamp) + 1, 8, 0) + rng.below(60) as i32
    } else {
        stamp
    }
}

/// What the goods of one shipment part are worth: exactly what the invoice of that part bills.
pub(super) fn part_value(plan: &Plan, lines: &[LinePlan], part: usize) -> Result<i64> {
    let mut value = 0_i64;
    for line in lines {
        let quantity = part_qty(line, part);
        if quantity <= 0 {
            continue;
        }
        value += if quantity == line.qty {
            line.total
        } else {
            money_col(
                line_total(crate::store::qty(quantity), crate::store::money(line.unit_price), crate::store::pct(plan.discount)),
                "line_total",
            )?
        };
    }
    Ok(value)
}

pub(super) fn creator_of(plan: &Plan) -> &'static str {
    CREATORS[usize::from(plan.creator) % CREATORS.len()]
}

/// The line and the message figures of a live-check exception; None when the order has no
/// line to point at. The flag says whether it stays waived: a waived unusual quantity needs a
/// line big enough to be a genuine bulk order.
#[allow(clippy::too_many_arguments)]
pub(super) fn live_figures(
    rng: &mut Rng,
    code: Code,
    plan: &Plan,
    lines: &[LinePlan],
    buyer: &DemoCustomer,
    products: &[DemoProduct],
    duplicate_of: Option<usize>,
    waived: bool,
) -> Option<(u32, [i64; 3], bool)> {
    let position = rng.below(lines.len() as u64) as usize;
    let line = lines.get(position)?;
    let product = products.get(line.product as usize)?;
    let line_no = position as u32 + 1;
    match code {
        Code::PriceMismatch => {
            let agreed = buyer.agreed_price(line.product as usize);
            let reference = agreed.unwrap_or(product.price);
            let mut typed = if rng.percent(15) { reference * 10 } else { reference / CENT * rng.range(80, 98) / 100 * CENT };
            if typed == reference || typed <= 0 {
                typed = reference * 10;
            }
            Some((line_no, [typed, reference, i64::from(agreed.is_some())], false))
        }
        Code::DiscountNotApplied => Some((line_no, [0; 3], false)),
        Code::StockShort => {
            let step = if product.divisible { UNIT / 2 } else { UNIT };
            let available = line.qty * rng.range(0, 80) / 100 / step * step;
            Some((line_no, [available, 0, 0], waived))
        }
        Code::CreditLimitExceeded => {
            let limit = buyer.credit_limit.filter(|limit| *limit > 0)?;
            let margin = plan.total * rng.range(5, 60) / 100 / CENT * CENT + CENT;
            let exposure = (limit + margin - plan.total).max(0) / CENT * CENT;
            Some((0, [exposure, 0, 0], waived))
        }
        Code::CustomerIncomplete => {
            let address = plan.delivery && rng.percent(40);
            Some((0, [i64::from(address), 0, 0], waived))
        }
        Code::DuplicateOrder => Some((0, [duplicate_of? as i64, 0, 0], waived)),
        Code::QtyUnusual => {
            let bulk = waived && line.qty >= 20 * UNIT;
            let (typed, typical) = if bulk {
                (line.qty, line.qty / 12 / UNIT * UNIT)
            } else if line.qty >= 10 * UNIT {
                (line.qty * UNUSUAL_FACTOR, line.qty * 8 / 10 / UNIT * UNIT)
            } else {
                (line.qty * 100, line.qty)
            };
            Some((line_no, [typed, typical, i64::from(rng.percent(60))], bulk))
        }
        _ => None,
    }
}

/// The exception a confirmed or cancelled order raised when it was entered, if any: closed at
/// the cancellation when that was what it led to, just before the confirmation when it held the
/// order (every block, and most exceptions of orders confirmed a day or two late), when the
/// goods went out for a stock shortage, or some time later for other warnings.
pub(super) fn live_exception(
    rng: &mut Rng,
    index: usize,
    plan: &Plan,
    lines: &[LinePlan],
    buyer: &DemoCustomer,
    products: &[DemoProduct],
    duplicate_of: Option<usize>,
) -> Option<PastException> {
    let opened = plan.created;
    let opener = creator_of(plan);
    if let Some((cancelled, reason)) = plan.cancel {
        let story = match usize::from(reason) % CANCEL_REASONS.len() {
            1 if duplicate_of.is_some() => Some((Code::DuplicateOrder, 70, RootCause::InputError, "重复下单，作废后录入的一单")),
            2 => Some((Code::StockShort, 70, RootCause::SupplierDelay, "缺货，客户改订其他型号，本单取消")),
            3 => Some((Code::PriceMismatch, 50, RootCause::CustomerChange, "价格未谈妥，订单取消")),
            5 => Some((Code::CustomerIncomplete, 60, RootCause::MasterData, "地址有误，客户重新下单")),
            _ => None,
        };
        if let Some((code, pct, cause, action)) = story
            && rng.percent(pct)
        {
            let (line, figures, _) = live_figures(rng, code, plan, lines, buyer, products, duplicate_of, false)?;
            if cancelled < opened + 2 {
                return None;
            }
            let mut item = PastException::new(code, index, opener, opened, cancelled, Outcome::Resolved(cause, action));
            item.line = line;
            item.figures = figures;
            return Some(item.staffed(rng));
        }
    }
    let confirm = plan.confirm?;
    let credit = u64::from(buyer.credit_limit.is_some_and(|limit| limit > 0));
    let discount = u64::from(buyer.discount > 0);
    let duplicate = u64::from(duplicate_of.is_some());
    let (code, closing) = if day_of(confirm) > day_of(opened) && rng.percent(HELD_PCT) {
        let code = rng.weighted(&[
            (Code::PriceMismatch, 30),
            (Code::CreditLimitExceeded, 25 * credit),
            (Code::StockShort, 20),
            (Code::CustomerIncomplete, 10),
            (Code::QtyUnusual, 10),
            (Code::DuplicateOrder, 5 * duplicate),
        ]);
        (code, Closing::BeforeConfirm)
    } else if rng.percent(RAISED_PCT) {
        let code = rng.weighted(&[
            (Code::PriceMismatch, 22),
            (Code::DiscountNotApplied, 14 * discount),
            (Code::StockShort, 16),
            (Code::CreditLimitExceeded, 8 * credit),
            (Code::CustomerIncomplete, 12),
            (Code::DuplicateOrder, 10 * duplicate),
            (Code::QtyUnusual, 18),
        ]);
        let closing = if code.default_rule().0 == Severity::Block {
            Closing::BeforeConfirm
        } else if code == Code::StockShort {
            Closing::AtShipment
        } else {
            Closing::Later
        };
        (code, closing)
    } else {
        return None;
    };
    let reasons = waive_reasons(code);
    let waive = !reasons.is_empty() && rng.percent(WAIVED_PCT);
    let (line, figures, waived) = live_figures(rng, code, plan, lines, buyer, products, duplicate_of, waive)?;
    let closed = match closing {
        Closing::BeforeConfirm => {
            let gap = confirm - opened;
            confirm - 1 - rng.below((gap - 2).clamp(1, 5) as u64) as i32
        }
        Closing::AtShipment => plan.ships[0]? + 3 + rng.below(30) as i32,
        Closing::Later => {
            let minutes = handling_minutes(rng);
            working(rng, opened + minutes)
        }
    };
    if closed > LAST_STAMP || closed < opened + 2 {
        return None;
    }
    let outcome = if waived {
        Outcome::Waived(rng.pick::<&str>(reasons))
    } else {
        let (cause, action) = pick_handling(rng, code);
        Outcome::Resolved(cause, action)
    };
    let mut item = PastException::new(code, index, opener, opened, closed, outcome);
    item.line = line;
    item.figures = figures;
    Some(item.staffed(rng))
}

/// Close a scan exception whose condition cleared at `cleared`: by hand right after (whoever
/// fixed it records the cause), or by the next morning's scan.
pub(super) fn scan_closed(rng: &mut Rng, mut item: PastException, cleared: i32) -> PastException {
    let next_scan = scan_time(rng, day_of(cleared) + 1);
    if rng.percent(CLEARED_PCT) && next_scan <= LAST_STAMP {
        item.outcome = Outcome::Cleared;
        item.closed = next_scan;
    } else {
        let (cause, action) = pick_handling(rng, item.code);
        item.outcome = Outcome::Resolved(cause, action);
        item.closed = (cleared + 3 + rng.below(40) as i32).min(LAST_STAMP);
    }
    item.staffed(rng)
}

/// The scan exceptions of one order whose condition has since cleared: goods invoiced late,
/// an invoice paid well after its due date, a delivery date missed. Only some are caught (the
/// scans do not run every morning); a condition that still holds is left to today's scan.
pub(super) fn scan_exceptions(
    rng: &mut Rng,
    index: usize,
    plan: &Plan,
    lines: &[LinePlan],
    buyer: &DemoCustomer,
    past: &mut Vec<PastException>,
) -> Result<()> {
    for part in 0..2 {
        let (Some(shipped), Some(invoiced)) = (plan.ships[part], plan.invoices[part]) else { continue };
        let opened = scan_time(rng, day_of(shipped) + INVOICE_WITHIN_DAYS);
        if invoiced > opened + 30 && rng.percent(NOT_INVOICED_PCT) {
            let mut item = PastException::new(Code::InvoiceNotIssued, index, "system", opened, opened, Outcome::Cleared);
            item.part = part as u8;
            item.figures[0] = part_value(plan, lines, part)?;
            past.push(scan_closed(rng, item, invoiced));
            break;
        }
    }
    for part in 0..2 {
        let (Some(issued), Some(pay)) = (plan.invoices[part], plan.pays[part]) else { continue };
        let value = part_value(plan, lines, part)?;
        // As `write_orders` splits a payment: half (in whole cents) first, the rest later.
        let half = value / 200 * 100;
        let split = pay.kind == PayKind::Split && half > 0;
        let Some(settled) = (if split { pay.at[1] } else { pay.at[0] }) else { continue };
        let due = day_of(issued) + buyer.terms as i32;
        if day_of(settled) < due + 3 {
            continue;
        }
        let opened = scan_time(rng, due + 1);
        if settled <= opened + 30 || !rng.percent(OVERDUE_PCT) {
            continue;
        }
        let paid_before = if split && pay.at[0].is_some_and(|first| first < opened) { half } else { 0 };
        let mut item = PastException::new(Code::InvoiceOverdue, index, "system", opened, opened, Outcome::Cleared);
        item.part = part as u8;
        item.figures[0] = value - paid_before;
        past.push(scan_closed(rng, item, settled));
    }
    let fully_shipped = if plan.partial { plan.ships[1] } else { plan.ships[0] };
    if plan.cancel.is_none()
        && let (Some(promised), Some(confirmed), Some(shipped)) = (plan.delivery_day, plan.confirm, fully_shipped)
    {
        let opened = scan_time(rng, (promised + 1).max(day_of(confirmed) + 1));
        if shipped > opened + 30 && rng.percent(NOT_SHIPPED_PCT) {
            let item = PastException::new(Code::OrderNotShipped, index, "system", opened, opened, Outcome::Cleared);
            past.push(scan_closed(rng, item, shipped));
        }
    }
    Ok(())
}

/// Every handled exception of the year, in the order they were opened: for roughly one order in
/// ten a live check when it was entered, plus the scans' finds on late invoices, late payments
/// and late deliveries. All resolved or waived by today (never live, so never in the way of the
/// unique live index or of today's checks and scans).
pub(super) fn plan_past_exceptions(
    rng: &mut Rng,
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    book: &OrderBook,
) -> Result<Vec<PastException>> {
    let mut past = Vec::with_capacity(book.plans.len() / 7);
    let mut last_order: Vec<Option<usize>> = vec![None; customers.len()];
    for (index, plan) in book.plans.iter().enumerate() {
        let customer = plan.customer as usize;
        let Some(buyer) = customers.get(customer) else { continue };
        let start = plan.first_line as usize;
        let Some(lines) = book.lines.get(start..start + plan.line_count as usize) else { continue };
        // The customer's previous order, if entered within the duplicate window and not cancelled.
        let duplicate_of = last_order.get(customer).copied().flatten().filter(|&other| {
            book.plans.get(other).is_some_and(|earlier| earlier.cancel.is_none() && day_of(plan.created) - day_of(earlier.created) <= 3)
        });
        if let Some(slot) = last_order.get_mut(customer) {
            *slot = Some(index);
        }
        if let Some(item) = live_exception(rng, index, plan, lines, buyer, products, duplicate_of) {
            past.push(item);
        }
        scan_exceptions(rng, index, plan, lines, buyer, &mut past)?;
    }
    past.sort_unstable_by_key(|item| (item.opened, item.order, item.code, item.part));
    Ok(past)
}

/// What a handled exception is about and what it said.
pub(super) struct About {
    pub(super) kind: &'static str,
    pub(super) subject: String,
    pub(super) entered_by: &'static str,
    pub(super) message: Message,
}

pub(super) fn money_text(column: i64) -> String {
    fmt_money(crate::store::money(column))
}

pub(super) fn qty_text(column: i64) -> String {
    fmt_qty(crate::store::qty(column))
}

/// The subject and the message of a handled exception, worded by the very texts the live
/// checks and the scans use.
#[allow(clippy::too_many_arguments)]
pub(super) fn describe(
    item: &PastException,
    plan: &Plan,
    lines: &[LinePlan],
    buyer: &DemoCustomer,
    calendar: &Calendar,
    products: &[DemoProduct],
    book: &OrderBook,
    numbers: &Numbers,
) -> Option<About> {
    let number = doc_number("SO", calendar.year(plan.created), plan.seq);
    let part = usize::from(item.part);
    let line = (item.line as usize).checked_sub(1).and_then(|position| lines.get(position));
    let unit = line.and_then(|line| products.get(line.product as usize)).map_or("", |product| product.unit);
    let [first, second, third] = item.figures;
    let (text, args) = match item.code {
        Code::PriceMismatch => {
            let which = if third == 1 { check_text::PRICE_AGREED } else { check_text::PRICE_CATALOGUE };
            let args = vec![
                ("price", money_text(first)),
                ("reference", money_text(second)),
                ("which", which.en.to_string()),
                ("which_zh", which.zh.to_string()),
            ];
            (check_text::PRICE_MISMATCH, args)
        }
        Code::DiscountNotApplied => (
            check_text::DISCOUNT_NOT_APPLIED,
            vec![("given", fmt_qty(Decimal::ZERO)), ("agreed", fmt_qty(crate::store::pct(buyer.discount)))],
        ),
        Code::StockShort => {
            let ordered = line?.qty;
            let args = vec![
                ("on_hand", qty_text(first)),
                ("unit", unit.to_string()),
                ("available", qty_text(first)),
                ("qty", qty_text(ordered)),
                ("short", qty_text(ordered - first)),
            ];
            (check_text::STOCK_SHORT, args)
        }
        Code::CreditLimitExceeded => {
            let limit = buyer.credit_limit.unwrap_or(0);
            let args = vec![
                ("limit", money_text(limit)),
                ("exposure", money_text(first)),
                ("total", money_text(plan.total)),
                ("over", money_text(first + plan.total - limit)),
            ];
            (check_text::CREDIT_LIMIT_EXCEEDED, args)
        }
        Code::CustomerIncomplete => {
            (if first == 1 { check_text::NO_ADDRESS } else { check_text::NO_PHONE }, vec![("name", buyer.name.clone())])
        }
        Code::DuplicateOrder => {
            let other = book.plans.get(usize::try_from(first).ok()?)?;
            let args = vec![
                ("number", doc_number("SO", calendar.year(other.created), other.seq)),
                ("date", calendar.text(day_of(other.created)).into_owned()),
            ];
            (check_text::DUPLICATE_ORDER, args)
        }
        Code::QtyUnusual => {
            let whose = if third == 1 { check_text::HISTORY_CUSTOMER } else { check_text::HISTORY_ALL };
            let args = vec![
                ("qty", qty_text(first)),
                ("unit", unit.to_string()),
                ("typical", qty_text(second)),
                ("whose", whose.en.to_string()),
                ("whose_zh", whose.zh.to_string()),
                ("factor", UNUSUAL_FACTOR.to_string()),
            ];
            (check_text::QTY_UNUSUAL, args)
        }
        Code::InvoiceNotIssued => {
            let shipped = plan.ships.get(part).copied().flatten()?;
            let args =
                vec![("number", number.clone()), ("date", calendar.text(day_of(shipped)).into_owned()), ("value", money_text(first))];
            (check_text::SCAN_INVOICE_NOT_ISSUED, args)
        }
        Code::InvoiceOverdue => {
            let issued = plan.invoices.get(part).copied().flatten()?;
            let invoice = numbered("INV", &numbers.invoice_numbers, *plan.invoice_ids.get(part)?);
            let due = calendar.text(day_of(issued) + buyer.terms as i32).into_owned();
            let args = vec![("number", invoice.clone()), ("date", due), ("balance", money_text(first))];
            // The overdue scan blames nobody's order entry: it leaves `entered_by` empty.
            let message = Message { text: check_text::SCAN_INVOICE_OVERDUE, args };
            return Some(About { kind: "invoice", subject: invoice, entered_by: "", message });
        }
        Code::OrderNotShipped => {
            let promised = calendar.text(plan.delivery_day?).into_owned();
            (check_text::SCAN_ORDER_NOT_SHIPPED, vec![("number", number.clone()), ("date", promised)])
        }
        _ => return None,
    };
    Some(About { kind: "order", subject: number, entered_by: creator_of(plan), message: Message { text, args } })
}

/// The handled exceptions with their history rows (opened, assigned, a comment for some, then
/// resolved, waived or cleared), as the app would have written them; returns how many.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_past_exceptions(
    tx: &WriteTx<'_>,
    calendar: &Calendar,
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    book: &OrderBook,
    numbers: &Numbers,
    past: &[PastException],
) -> Result<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO exceptions (code, severity, approvable, subject_kind, subject, line, customer_code, entered_by, department,
             status, opened, opened_at, assignee, root_cause, corrective_action, message_en, message_zh, closed_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    let mut insert_event =
        tx.prepare_cached("INSERT INTO exception_events (exception_id, at, user_name, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut written = 0_usize;
    for item in past {
        let Some(plan) = book.plans.get(item.order as usize) else { continue };
        let Some(buyer) = customers.get(plan.customer as usize) else { continue };
        let start = plan.first_line as usize;
        let lines = book.lines.get(start..start + plan.line_count as usize).unwrap_or(&[]);
        let Some(about) = describe(item, plan, lines, buyer, calendar, products, book, numbers) else { continue };
        let (severity, approvable) = item.code.default_rule();
        let message_en = about.message.render(Lang::En);
        let message_zh = about.message.render(Lang::Zh);
        let (status, cause, action, closing_kind, closing_detail) = match item.outcome {
            Outcome::Resolved(cause, action) => {
                ("resolved", Some(cause.as_str()), action, "resolved", format!("cause: {cause}; action: {action}"))
            }
            Outcome::Waived(reason) => ("waived", None, "", "waived", reason.to_string()),
            Outcome::Cleared => ("resolved", None, "", "auto_resolved", cleared_reason(item.code).to_string()),
        };
        // Opened is version 1; every later history row bumped it, as `update_exception` does.
        let version = 3 + i64::from(item.comment.is_some());
        written += insert.execute(params![
            item.code.as_str(),
            severity.as_str(),
            approvable,
            about.kind,
            about.subject,
            (item.line > 0).then_some(i64::from(item.line)),
            buyer.code,
            about.entered_by,
            item.code.department().as_str(),
            status,
            calendar.text(day_of(item.opened)),
            calendar.stamp(item.opened),
            item.assignee,
            cause,
            action,
            message_en,
            message_zh,
            calendar.stamp(item.closed),
            version
        ])?;
        let id = tx.last_insert_rowid()?;
        insert_event.execute(params![id, calendar.stamp(item.opened), item.opener, "opened", message_en])?;
        insert_event.execute(params![id, calendar.stamp(item.assigned), item.assigner, "assigned", format!("→ {}", item.assignee)])?;
        if let Some((stamp, which)) = item.comment {
            let texts = comments(item.code.department());
            let text = texts.get(usize::from(which) % texts.len().max(1)).copied().unwrap_or("");
            insert_event.execute(params![id, calendar.stamp(stamp), item.assignee, "comment", text])?;
        }
        insert_event.execute(params![id, calendar.stamp(item.closed), item.closer, closing_kind, closing_detail])?;
    }
    Ok(written)
}
