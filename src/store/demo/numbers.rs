//! Document numbers gap-free per year in the order the events happened, as the app numbers them.

use super::*;

/// Documents numbered gap-free per year in the order they were made.
pub(super) struct Numbers {
    pub(super) order_last: BTreeMap<i32, u32>,
    /// (instant, order index, part), oldest first; a shipment's id is its position + 1.
    pub(super) shipments: Vec<(i32, u32, u8)>,
    /// (year, number) by id − 1.
    pub(super) shipment_numbers: Vec<(i32, u32)>,
    pub(super) shipment_last: BTreeMap<i32, u32>,
    pub(super) invoices: Vec<(i32, u32, u8)>,
    pub(super) invoice_numbers: Vec<(i32, u32)>,
    pub(super) invoice_last: BTreeMap<i32, u32>,
}

pub(super) type Chronology = (Vec<(i32, u32, u8)>, Vec<(i32, u32)>, BTreeMap<i32, u32>);

pub(super) fn chronological(calendar: &Calendar, plans: &[Plan], stamps: impl Fn(&Plan) -> [Option<i32>; 2]) -> Chronology {
    let mut keys = Vec::new();
    for (index, plan) in plans.iter().enumerate() {
        for (part, stamp) in stamps(plan).into_iter().enumerate() {
            if let Some(stamp) = stamp {
                keys.push((stamp, index as u32, part as u8));
            }
        }
    }
    keys.sort_unstable();
    let mut last = BTreeMap::new();
    let mut numbers = Vec::with_capacity(keys.len());
    for &(stamp, _, _) in &keys {
        let year = calendar.year(stamp);
        let counter = last.entry(year).or_insert(0_u32);
        *counter += 1;
        numbers.push((year, *counter));
    }
    (keys, numbers, last)
}

pub(super) fn number_documents(calendar: &Calendar, plans: &mut [Plan]) -> Numbers {
    let mut order_last = BTreeMap::new();
    for plan in plans.iter_mut() {
        let counter = order_last.entry(calendar.year(plan.created)).or_insert(0_u32);
        *counter += 1;
        plan.seq = *counter;
    }
    let (shipments, shipment_numbers, shipment_last) = chronological(calendar, plans, |plan| plan.ships);
    for (position, &(_, order, part)) in shipments.iter().enumerate() {
        plans[order as usize].ship_ids[usize::from(part)] = position as u32 + 1;
    }
    let (invoices, invoice_numbers, invoice_last) = chronological(calendar, plans, |plan| plan.invoices);
    for (position, &(_, order, part)) in invoices.iter().enumerate() {
        plans[order as usize].invoice_ids[usize::from(part)] = position as u32 + 1;
    }
    Numbers { order_last, shipments, shipment_numbers, shipment_last, invoices, invoice_numbers, invoice_last }
}

pub(super) fn doc_number(prefix: &str, year: i32, seq: u32) -> String {
    format!("{prefix}-{year}-{seq:05}")
}

pub(super) fn numbered(prefix: &str, table: &[(i32, u32)], id: u32) -> String {
    table.get(id.saturating_sub(1) as usize).map(|(year, seq)| doc_number(prefix, *year, *seq)).unwrap_or_default()
}

pub(super) fn pay_reference(method: u8, calendar: &Calendar, day: i32, serial: u32) -> String {
    let prefix = match method {
        1 => "TX",
        2 => "WX",
        3 => "AP",
        _ => return String::new(),
    };
    format!("{prefix}{}{serial:06}", calendar.text(day).replace('-', ""))
}

pub(super) fn shipper(order: usize, part: usize) -> &'static str {
    if (order + part) % 10 == 3 { "li" } else { "zhao" }
}
