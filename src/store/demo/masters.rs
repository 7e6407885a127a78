//! The demo's customers and products, drawn from the vocabulary.

use super::*;

pub(super) struct DemoCustomer {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) phone: String,
    pub(super) address: String,
    pub(super) tax_id: String,
    /// Money column; Some(0) = no credit (pays up front), None = no limit.
    pub(super) credit_limit: Option<i64>,
    pub(super) terms: i64,
    /// Percentage column.
    pub(super) discount: i64,
    pub(super) blocked_reason: Option<&'static str>,
    /// (product index, agreed price as a money column).
    pub(super) agreed: Vec<(u32, i64)>,
}

impl DemoCustomer {
    pub(super) fn prepaid(&self) -> bool {
        self.credit_limit == Some(0)
    }

    pub(super) fn agreed_price(&self, product: usize) -> Option<i64> {
        self.agreed.iter().find(|(index, _)| *index as usize == product).map(|(_, price)| *price)
    }
}

/// How a product is restocked while history is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Restock {
    /// A lot arrives whenever a shipment would take stock below the reorder point.
    Reorder,
    /// A lot arrives only when stock runs out: often ends below the reorder point.
    Lean,
    /// Bought exactly for each order: ends at zero.
    ToOrder,
}

pub(super) struct DemoProduct {
    pub(super) sku: String,
    pub(super) name: String,
    pub(super) spec: String,
    pub(super) unit: &'static str,
    pub(super) barcode: String,
    /// Money columns.
    pub(super) price: i64,
    pub(super) min_price: Option<i64>,
    pub(super) cost: Option<i64>,
    /// Quantity columns.
    pub(super) reorder: i64,
    pub(super) lot: i64,
    pub(super) opening: i64,
    pub(super) active: bool,
    pub(super) divisible: bool,
    pub(super) restock: Restock,
}

pub(super) fn code_width(count: usize) -> usize {
    count.to_string().len().max(3)
}

pub(super) fn chinese_name(rng: &mut Rng, city: &City) -> String {
    let trade = *rng.pick(TRADES);
    match rng.below(100) {
        0..=29 => {
            let surname = *rng.pick(SURNAMES);
            let given = *rng.pick(GIVEN_NAMES);
            let suffix = *rng.pick(SHOP_SUFFIXES);
            format!("{surname}{given}{trade}{suffix}")
        }
        30..=54 => {
            let surname = *rng.pick(SURNAMES);
            let suffix = *rng.pick(SHOP_SUFFIXES);
            format!("{surname}记{trade}{suffix}")
        }
        55..=79 => {
            let brand = *rng.pick(BRANDS);
            let suffix = *rng.pick(SHOP_SUFFIXES);
            format!("{brand}{trade}{suffix}")
        }
        _ => {
            let brand = *rng.pick(BRANDS);
            let suffix = *rng.pick(COMPANY_SUFFIXES);
            format!("{}{brand}{trade}{suffix}", city.short)
        }
    }
}

pub(super) fn english_name(rng: &mut Rng) -> String {
    let first = *rng.pick(EN_FIRST);
    let trade = *rng.pick(EN_TRADES);
    let suffix = *rng.pick(EN_SUFFIXES);
    if trade.ends_with(suffix) { format!("{first} {trade} Ltd") } else { format!("{first} {trade} {suffix}") }
}

pub(super) fn phone_number(rng: &mut Rng, english: bool, city: &City) -> String {
    if english {
        let first = *rng.pick(&["2", "3", "9"]);
        let middle = rng.below(1000);
        let last = rng.below(10_000);
        return format!("+852 {first}{middle:03} {last:04}");
    }
    if rng.percent(75) {
        let second = *rng.pick(&["3", "5", "7", "8", "9"]);
        let rest = rng.below(1_000_000_000);
        format!("1{second}{rest:09}")
    } else {
        let number = 50_000_000 + rng.below(40_000_000);
        format!("{}-{number}", city.area)
    }
}

pub(super) fn chinese_address(rng: &mut Rng, city: &City) -> String {
    let district = rng.pick(city.districts);
    let road = *rng.pick(district.roads);
    let number = rng.range(1, 1999);
    let street = format!("{}{}{road}{number}号", city.name, district.name);
    match rng.below(100) {
        0..=24 => {
            let market = *rng.pick(MARKETS);
            let stall = rng.range(1, 300);
            format!("{street}{market}{stall}号铺")
        }
        25..=49 => {
            let building = rng.range(1, 12);
            let room = rng.range(101, 1808);
            format!("{street}{building}栋{room}室")
        }
        _ => street,
    }
}

pub(super) fn hk_address(rng: &mut Rng) -> String {
    let number = rng.range(1, 388);
    let street = *rng.pick(HK_STREETS);
    format!("{number} {street}, Hong Kong")
}

pub(super) fn tax_number(rng: &mut Rng, english: bool, city: &City) -> String {
    if english {
        return format!("BR {:08}", rng.below(100_000_000));
    }
    let mut id = format!("91{}", city.region);
    for _ in 0..10 {
        id.push(char::from(*rng.pick(TAX_CHARS)));
    }
    id
}

pub(super) fn make_customer(rng: &mut Rng, index: usize, count: usize, width: usize) -> DemoCustomer {
    let code = format!("C{:0width$}", index + 1);
    let english = index == 1 || (index >= 2 && rng.percent(12));
    let city = rng.pick(CITIES);
    let name = match index {
        0 => "张三五金店".to_string(),
        1 => "Harbour Hardware Ltd".to_string(),
        _ if english => english_name(rng),
        _ => chinese_name(rng, city),
    };
    let phone = match index {
        0 => "13800138000".to_string(),
        7 => String::new(),
        _ if index >= MIN_CUSTOMERS && rng.percent(3) => String::new(),
        _ => phone_number(rng, english, city),
    };
    let address = match index {
        0 => "上海市浦东新区张杨路1088号".to_string(),
        1 => "88 Queen's Road Central, Central, Hong Kong".to_string(),
        _ if index >= MIN_CUSTOMERS && rng.percent(2) => String::new(),
        _ if english => hk_address(rng),
        _ => chinese_address(rng, city),
    };
    let company = name.ends_with("公司") || name.ends_with("Ltd") || name.ends_with("Limited");
    let tax_id = if index == 0 || !rng.percent(if company { 90 } else { 20 }) { String::new() } else { tax_number(rng, english, city) };
    let no_credit = index == 4 || (count >= 1000 && index == count / 2);
    let credit_yuan = if no_credit {
        Some(0)
    } else {
        match index {
            0 => Some(50_000),
            1 => Some(30_000),
            8 => Some(5_000),
            _ if rng.percent(25) => None,
            _ => Some(rng.range(5, 50) * 1_000),
        }
    };
    let terms = if no_credit {
        0
    } else {
        match index {
            0 | 1 | 5 | 8 => 30,
            _ => rng.weighted(&[(0_i64, 15), (15, 25), (30, 45), (60, 15)]),
        }
    };
    let discount = 100
        * match index {
            0 => 0,
            1 => 3,
            _ if rng.percent(85) => 0,
            _ => *rng.pick(&[3_i64, 5, 8]),
        };
    let blocked_reason = if index == 9 {
        Some(BLOCK_REASONS[0])
    } else if count >= 100 && index == count * 2 / 3 {
        Some(BLOCK_REASONS[1])
    } else {
        None
    };
    DemoCustomer {
        code,
        name,
        phone,
        address,
        tax_id,
        credit_limit: credit_yuan.map(|yuan| yuan * YUAN),
        terms,
        discount,
        blocked_reason,
        agreed: Vec::new(),
    }
}

pub(super) fn make_customers(rng: &mut Rng, count: usize) -> Vec<DemoCustomer> {
    let width = code_width(count);
    (0..count).map(|index| make_customer(rng, index, count, width)).collect()
}

/// Round a price in cents to what a shop would print: 0.10 below 10 yuan, 0.50 below 100.
pub(super) fn nice_price(cents: i64) -> i64 {
    let step = if cents < 1_000 {
        10
    } else if cents < 10_000 {
        50
    } else {
        100
    };
    ((cents + step / 2) / step * step).max(50)
}

/// A 13-digit EAN with a Chinese (69) prefix and a correct check digit.
pub(super) fn ean13(rng: &mut Rng) -> String {
    let mut digits = [0_u32; 13];
    digits[0] = 6;
    digits[1] = 9;
    for digit in digits.iter_mut().take(12).skip(2) {
        *digit = rng.below(10) as u32;
    }
    const WEIGHTS: [u32; 2] = [1, 3];
    let sum: u32 = digits.iter().take(12).enumerate().map(|(position, digit)| *digit * WEIGHTS[position % 2]).sum();
    digits[12] = (10 - sum % 10) % 10;
    digits.iter().map(|digit| char::from(b'0' + *digit as u8)).collect()
}

pub(super) fn make_product(rng: &mut Rng, index: usize, width: usize) -> DemoProduct {
    let sku = format!("P{:0width$}", index + 1);
    let curated = index < CURATED.len();
    let (name, spec, unit, divisible, cents) = match CURATED.get(index) {
        Some(&(name, spec, unit, divisible, cents)) => (name.to_string(), spec.to_string(), unit, divisible, cents),
        None => {
            let template = rng.pick(TEMPLATES);
            let name = if rng.percent(25) { template.en } else { template.zh };
            let spec = *rng.pick(template.specs);
            let cents = nice_price(rng.range(template.low, template.high));
            (name.to_string(), spec.to_string(), template.unit, template.divisible, cents)
        }
    };
    // Minimum 65–80 % of the price and cost below it: an agreed price (≥ 90 %) with the largest
    // agreed discount (8 %) stays above the floor.
    let min_cents = cents * rng.range(65, 80) / 100;
    let cost_cents = min_cents * rng.range(75, 95) / 100;
    let min_price = (curated || rng.percent(90)).then_some(min_cents * CENT);
    let with_barcode = !divisible && (curated || rng.percent(85));
    let barcode = if with_barcode { ean13(rng) } else { String::new() };
    let lot_units = if divisible {
        rng.range(50, 300)
    } else if cents < 2_000 {
        rng.range(60, 300)
    } else if cents < 20_000 {
        rng.range(20, 100)
    } else {
        rng.range(3, 15)
    };
    let restock = if index == SOLD_OUT {
        Restock::ToOrder
    } else if curated {
        Restock::Reorder
    } else {
        match rng.below(100) {
            0 => Restock::ToOrder,
            1..=5 => Restock::Lean,
            _ => Restock::Reorder,
        }
    };
    let no_reorder_point = !curated && rng.percent(15);
    let reorder_units = match restock {
        Restock::ToOrder if index == SOLD_OUT => 10,
        Restock::ToOrder => rng.range(2, 5),
        Restock::Lean => (lot_units / 3).max(1),
        Restock::Reorder if no_reorder_point => 0,
        Restock::Reorder => (lot_units / 4).max(1),
    };
    let opening_units = match restock {
        Restock::ToOrder => 0,
        Restock::Lean => rng.range(0, lot_units / 2),
        Restock::Reorder => reorder_units + rng.range(0, lot_units),
    };
    let active = !(INACTIVE.contains(&index) || (!curated && rng.below(1000) < 3));
    DemoProduct {
        sku,
        name,
        spec,
        unit,
        barcode,
        price: cents * CENT,
        min_price,
        cost: Some(cost_cents * CENT),
        reorder: reorder_units * UNIT,
        lot: lot_units * UNIT,
        opening: opening_units * UNIT,
        active,
        divisible,
        restock,
    }
}

pub(super) fn make_products(rng: &mut Rng, count: usize) -> Vec<DemoProduct> {
    let width = code_width(count);
    (0..count).map(|index| make_product(rng, index, width)).collect()
}

/// Agreed prices (90–97 % of the catalogue price) for C001, C002 and one customer in ten.
pub(super) fn add_agreed_prices(rng: &mut Rng, customers: &mut [DemoCustomer], products: &[DemoProduct]) {
    let count = products.len() as u64;
    for (index, customer) in customers.iter_mut().enumerate() {
        let picks: Vec<usize> = match index {
            0 => vec![0, 2],
            1 => vec![1, 13],
            _ if rng.percent(10) => {
                let wanted = rng.range(2, 6);
                (0..wanted).map(|_| rng.below(count).min(rng.below(count)) as usize).collect()
            }
            _ => vec![],
        };
        for product in picks {
            if customer.agreed.iter().any(|(known, _)| *known as usize == product) {
                continue;
            }
            let Some(catalogue) = products.get(product) else { continue };
            let pct = rng.range(90, 97);
            let cents = catalogue.price / CENT * pct / 100;
            customer.agreed.push((product as u32, cents * CENT));
        }
    }
}
