//! The demo shop: fills an EMPTY database with a year of believable history — customers,
//! products, agreed prices, orders in every state with their shipments, invoices and payments,
//! the stock ledger, a year of handled (resolved and waived) exceptions with their history for
//! the statistics — and a sprinkling of real, open problems, so that every tab and every scan
//! has something to show.
//!
//! Owns: the generator (its own SplitMix64, so a seed always gives the same shop: no `rand`,
//! no clock, no hash-map iteration; every instant is derived from `today`) and the bulk writer
//! (cached statements inside one transaction, documents numbered gap-free per year exactly as
//! the app numbers them, `products.on_hand` equal to the ledger sum and `reserved` equal to the
//! open quantities of confirmed orders).
//!
//! Must not: touch a database that already holds customers, products or orders; call `ops` (the
//! live checks of the newest unconfirmed orders and the first scan are `ops::fill_demo`'s part,
//! after this writer) or read rows back per order (too slow for a million orders); write audit
//! rows for generated history (one "demo" row sums the fill up); use floating point for money.

use super::orders::Order;
use super::{Error, Result, Store, WriteTx, money_col};
use crate::domain::checks::Message;
use crate::domain::money::{fmt_money, fmt_qty};
use crate::domain::order::{TaxRule, line_total, totals};
use crate::domain::pinyin_key::search_key;
use crate::domain::rng::Rng;
use crate::domain::{Code, Department, RootCause, Severity};
use crate::i18n::Lang;
use crate::i18n::checks as check_text;
use chrono::{Datelike, NaiveDate, Weekday};
use rusqlite::params;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The demo shop's company settings.
const DEMO_COMPANY: [(&str, &str); 4] = [
    ("company.name", "开单演示五金店 Kaidan Demo Hardware"),
    ("company.address", "上海市浦东新区张杨路 100 号 / 100 Zhangyang Rd, Pudong, Shanghai"),
    ("company.phone", "021-5888 0000"),
    ("company.tax_id", "91310115MA1K4XXXXX"),
];

/// Why a demo build stopped when its progress said so.
pub const CANCELLED: &str = "the demo build was cancelled; nothing was written";

/// A stage of a demo build, for its progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStage {
    /// Making up customers, products and a year of orders in memory.
    Planning,
    /// Writing them into the database.
    Writing,
    /// Checking the newest orders as the window would have while they were typed.
    Checking,
    /// The first scan.
    Scanning,
}

impl DemoStage {
    /// What the build is doing, for its progress bar (the enum lives here, above `i18n`).
    pub fn label(self, lang: Lang) -> &'static str {
        use crate::i18n::cli as text;
        match self {
            DemoStage::Planning => text::DEMO_PLANNING,
            DemoStage::Writing => text::DEMO_WRITING,
            DemoStage::Checking => text::DEMO_CHECKING,
            DemoStage::Scanning => text::DEMO_SCANNING,
        }
        .get(lang)
    }
}

/// How big a demo shop to make. Sizes below the minimum the built-in scenarios need
/// (20 customers, 20 products, 40 orders) are raised to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSize {
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize { customers: 60, products: 120, orders: 1500 }
    }
}

/// What was made (for the CLI to print).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
    pub invoices: usize,
    pub payments: usize,
    /// Open exceptions after the live checks of unconfirmed orders and the scans.
    pub exceptions: usize,
}

const MIN_CUSTOMERS: usize = 20;
const MIN_PRODUCTS: usize = 20;
const MIN_ORDERS: usize = 40;
/// Unconfirmed orders whose live checks are run after the fill (the newest ones).
const LIVE_CHECK_LIMIT: i64 = 2000;

/// One unit in a quantity column (scale 3).
const UNIT: i64 = 1000;
/// One cent in a money column (scale 4).
const CENT: i64 = 100;
/// One yuan in a money column.
const YUAN: i64 = 10_000;
const NO_TAX: TaxRule = TaxRule { rate_pct: Decimal::ZERO, prices_include_tax: false };

const MINUTES_PER_DAY: i32 = 1440;
/// Working day: events happen between 08:00 and 18:59 (the fill's "now" is 19:00).
const DAY_START: i32 = 8 * 60;
const DAY_END: i32 = 18 * 60 + 59;

// ---- instants: minutes relative to today 00:00 ----

fn day_of(stamp: i32) -> i32 {
    stamp.div_euclid(MINUTES_PER_DAY)
}

fn minute_of(stamp: i32) -> i32 {
    stamp.rem_euclid(MINUTES_PER_DAY)
}

fn at(day: i32, hour: i32, minute: i32) -> i32 {
    day * MINUTES_PER_DAY + hour * 60 + minute
}

/// An instant `days` after `from`: the same day a little later (rolling to the next morning
/// after hours), or some time during the working day `days` later.
fn later(rng: &mut Rng, from: i32, days: i32) -> i32 {
    let day = day_of(from);
    if days <= 0 {
        let minute = minute_of(from) + 5 + rng.below(90) as i32;
        if minute <= DAY_END {
            return day * MINUTES_PER_DAY + minute;
        }
        return (day + 1) * MINUTES_PER_DAY + DAY_START + rng.below(60) as i32;
    }
    (day + days) * MINUTES_PER_DAY + DAY_START + rng.below(600) as i32
}

fn shift(date: NaiveDate, days: i32) -> NaiveDate {
    date.checked_add_signed(chrono::Duration::days(i64::from(days))).unwrap_or(date)
}

/// Dates and their text around `today`, computed once.
struct Calendar {
    today: NaiveDate,
    dates: Vec<NaiveDate>,
    texts: Vec<String>,
}

const CALENDAR_FROM: i32 = -800;
const CALENDAR_TO: i32 = 400;

impl Calendar {
    fn new(today: NaiveDate) -> Calendar {
        let dates: Vec<NaiveDate> = (CALENDAR_FROM..=CALENDAR_TO).map(|day| shift(today, day)).collect();
        let texts = dates.iter().map(|date| date.to_string()).collect();
        Calendar { today, dates, texts }
    }

    fn slot(&self, day: i32) -> Option<usize> {
        usize::try_from(day - CALENDAR_FROM).ok().filter(|slot| *slot < self.dates.len())
    }

    fn date(&self, day: i32) -> NaiveDate {
        self.slot(day).and_then(|slot| self.dates.get(slot)).copied().unwrap_or_else(|| shift(self.today, day))
    }

    fn text(&self, day: i32) -> Cow<'_, str> {
        match self.slot(day).and_then(|slot| self.texts.get(slot)) {
            Some(text) => Cow::Borrowed(text.as_str()),
            None => Cow::Owned(shift(self.today, day).to_string()),
        }
    }

    fn year(&self, stamp: i32) -> i32 {
        self.date(day_of(stamp)).year()
    }

    /// `2026-03-14T09:20:00`
    fn stamp(&self, stamp: i32) -> String {
        let minute = minute_of(stamp);
        format!("{}T{:02}:{:02}:00", self.text(day_of(stamp)), minute / 60, minute % 60)
    }
}

// ---- vocabulary ----

struct District {
    name: &'static str,
    roads: &'static [&'static str],
}

struct City {
    name: &'static str,
    short: &'static str,
    area: &'static str,
    region: &'static str,
    districts: &'static [District],
}

const CITIES: &[City] = &[
    City {
        name: "上海市",
        short: "上海",
        area: "021",
        region: "310115",
        districts: &[
            District { name: "浦东新区", roads: &["张杨路", "世纪大道", "浦东南路", "金桥路"] },
            District { name: "徐汇区", roads: &["漕溪北路", "肇嘉浜路"] },
            District { name: "静安区", roads: &["南京西路", "延安中路"] },
            District { name: "闵行区", roads: &["漕宝路", "七莘路"] },
        ],
    },
    City {
        name: "北京市",
        short: "北京",
        area: "010",
        region: "110105",
        districts: &[
            District { name: "朝阳区", roads: &["建国路", "朝阳北路", "望京西路"] },
            District { name: "海淀区", roads: &["中关村大街", "学院路"] },
            District { name: "丰台区", roads: &["丰台北路"] },
        ],
    },
    City {
        name: "广州市",
        short: "广州",
        area: "020",
        region: "440106",
        districts: &[
            District { name: "天河区", roads: &["体育西路", "天河北路"] },
            District { name: "越秀区", roads: &["北京路", "中山五路"] },
            District { name: "白云区", roads: &["机场路"] },
        ],
    },
    City {
        name: "深圳市",
        short: "深圳",
        area: "0755",
        region: "440305",
        districts: &[
            District { name: "南山区", roads: &["科技园南路", "南海大道"] },
            District { name: "福田区", roads: &["深南中路", "华强北路"] },
        ],
    },
    City {
        name: "杭州市",
        short: "杭州",
        area: "0571",
        region: "330106",
        districts: &[District { name: "西湖区", roads: &["文三路", "天目山路"] }, District { name: "上城区", roads: &["解放路"] }],
    },
];

const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "梁", "郑",
    "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "潘", "袁", "蔡", "蒋", "余", "叶",
];
const GIVEN_NAMES: &[&str] = &["三", "四", "明", "华", "强", "伟", "军", "平", "东", "海", "林", "峰", "刚", "建国", "志强", "小龙"];
const BRANDS: &[&str] = &[
    "宏达", "鑫源", "恒通", "永盛", "金辉", "华强", "顺发", "利民", "兴隆", "大华", "新华", "福满", "万家", "天成", "嘉禾", "瑞丰", "同创",
    "广源", "荣昌",
];
const TRADES: &[&str] = &["五金", "建材", "电器", "日用", "食品", "文具", "餐饮", "百货", "水暖", "灯饰", "办公用品"];
const SHOP_SUFFIXES: &[&str] = &["店", "商行", "经营部", "批发部", "门市部"];
const COMPANY_SUFFIXES: &[&str] = &["有限公司", "贸易有限公司", "实业有限公司"];
const MARKETS: &[&str] = &["五金机电城", "建材市场", "小商品城", "批发市场"];
const EN_FIRST: &[&str] = &[
    "Harbour",
    "Golden",
    "Pearl River",
    "Kowloon",
    "Victoria",
    "Eastern",
    "Silver Star",
    "Lucky",
    "Dragon Gate",
    "Lotus",
    "Jade",
    "Summit",
    "Orient",
    "Bayview",
    "Sunrise",
    "Evergreen",
];
const EN_TRADES: &[&str] =
    &["Hardware", "Building Supplies", "Electrical", "Trading", "Stationery", "Foods", "Catering", "Household Goods"];
const EN_SUFFIXES: &[&str] = &["Ltd", "Co.", "Limited", "Store", "Supplies"];
const HK_STREETS: &[&str] = &[
    "Queen's Road Central, Central",
    "Nathan Road, Mong Kok, Kowloon",
    "Hennessy Road, Wan Chai",
    "Des Voeux Road West, Sheung Wan",
    "Canton Road, Tsim Sha Tsui, Kowloon",
    "King's Road, North Point",
];
const TAX_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const BLOCK_REASONS: &[&str] = &["多次逾期未付款，暂停赊销 (repeatedly overdue)", "账户核对中，暂停发货 (account under review)"];

/// Notes on orders; the last two are only used by the built-in scenarios.
const NOTES: &[&str] = &[
    "送货前请来电",
    "请开增值税专用发票",
    "放门卫处",
    "下午3点后送货",
    "Please call before delivery",
    "周六不收货",
    "货物请用纸箱包装",
    "同上次规格",
    "Deliver to the back entrance",
    "急用，请优先安排",
    "客户要求按上次价格",
];
const RANDOM_NOTES: u64 = 9;
const NOTE_URGENT: u8 = 9;
const NOTE_LAST_PRICE: u8 = 10;
const CANCEL_REASONS: &[&str] =
    &["客户取消订单", "重复下单，作废", "缺货，客户改订其他型号", "价格未谈妥", "Customer cancelled by phone", "地址错误，客户重新下单"];
const RECEIVERS: &[&str] = &["店主", "前台", "仓管小刘", "王先生", "门卫", "Mr. Chan"];
const SUPPLIERS: &[&str] =
    &["永年标准件厂", "宁波五金制品有限公司", "得力文具", "Guangzhou Electrical Supply Co.", "中粮食品配送", "华东建材批发"];
const PAY_METHODS: &[&str] = &["cash", "bank_transfer", "wechat", "alipay"];
const CREATORS: &[&str] = &["wang", "li", "admin"];
const DEMO_USERS: &[(&str, &str)] = &[("wang", "clerk"), ("li", "manager"), ("zhao", "warehouse"), ("chen", "bookkeeper")];

/// The first products of every demo shop: (name, spec, unit, divisible, price in cents).
const CURATED: &[(&str, &str, &str, bool, i64)] = &[
    ("不锈钢螺栓 M8", "M8×40 (100个/盒)", "盒", false, 3500),
    ("六角螺母 M8", "M8 镀锌 (200个/盒)", "盒", false, 1850),
    ("A4复印纸", "A4 80g (500张×5包)", "箱", false, 12500),
    ("电工胶带", "18mm×10m 黑色", "roll", false, 250),
    ("PVC水管", "DN25", "m", true, 680),
    ("铜芯电线 BV2.5", "BV 2.5mm² 100m", "roll", false, 26800),
    ("Cordless Drill 20V", "20V 2.0Ah", "pcs", false, 59900),
    ("LED灯泡", "E27 12W 冷白", "pcs", false, 990),
    ("膨胀螺丝 M10", "M10×100 (50套/盒)", "盒", false, 4200),
    ("签字笔", "0.5mm 黑色 (12支/盒)", "盒", false, 1600),
    ("食用花生油", "5L", "瓶", false, 8900),
    ("插线板 (旧款)", "4位 1.8m", "pcs", false, 2500),
    ("Packing Tape", "48mm×100m", "roll", false, 650),
    ("活动扳手", "10寸", "pcs", false, 3800),
    ("矿泉水", "550ml×24瓶", "箱", false, 2880),
    ("自攻螺丝", "ST4.2×25 (500个/盒)", "盒", false, 2200),
    ("卷尺", "5m×19mm", "pcs", false, 1500),
    ("Safety Helmet (old model)", "ABS yellow", "pcs", false, 1900),
    ("激光打印机", "A4 黑白 30页/分", "pcs", false, 168_000),
    ("不锈钢钢丝绳", "6mm", "m", true, 420),
];
/// Sold to order only: ends at zero, below its reorder point, short for an open order.
const SOLD_OUT: usize = 8;
/// Discontinued.
const INACTIVE: &[usize] = &[11, 17];
/// The expensive one (the big unpaid invoice of the customer over their limit).
const PRINTER: usize = 18;

struct Template {
    zh: &'static str,
    en: &'static str,
    specs: &'static [&'static str],
    unit: &'static str,
    divisible: bool,
    /// Price range in cents.
    low: i64,
    high: i64,
}

const TEMPLATES: &[Template] = &[
    Template {
        zh: "不锈钢螺栓",
        en: "Stainless Steel Bolt",
        specs: &["M6×30 (100个/盒)", "M8×40 (100个/盒)", "M10×50 (50个/盒)", "M12×60 (50个/盒)"],
        unit: "盒",
        divisible: false,
        low: 1800,
        high: 8800,
    },
    Template {
        zh: "六角螺母",
        en: "Hex Nut",
        specs: &["M6 镀锌 (200个/盒)", "M8 镀锌 (200个/盒)", "M10 镀锌 (100个/盒)"],
        unit: "盒",
        divisible: false,
        low: 800,
        high: 3000,
    },
    Template {
        zh: "膨胀螺丝",
        en: "Expansion Anchor",
        specs: &["M6×60 (50套/盒)", "M8×80 (50套/盒)", "M10×100 (50套/盒)"],
        unit: "盒",
        divisible: false,
        low: 2000,
        high: 6000,
    },
    Template {
        zh: "自攻螺丝",
        en: "Self-tapping Screw",
        specs: &["ST3.5×16 (1000个/盒)", "ST4.2×25 (500个/盒)"],
        unit: "盒",
        divisible: false,
        low: 1200,
        high: 3500,
    },
    Template { zh: "圆钉", en: "Common Nails", specs: &["2寸", "3寸", "4寸"], unit: "kg", divisible: true, low: 700, high: 1500 },
    Template {
        zh: "铜芯电线",
        en: "Copper Wire",
        specs: &["BV 1.5mm² 100m", "BV 2.5mm² 100m", "BV 4mm² 100m"],
        unit: "roll",
        divisible: false,
        low: 15_000,
        high: 45_000,
    },
    Template {
        zh: "网线",
        en: "Network Cable",
        specs: &["Cat6 305m", "Cat5e 305m"],
        unit: "箱",
        divisible: false,
        low: 28_000,
        high: 65_000,
    },
    Template {
        zh: "PVC水管", en: "PVC Pipe", specs: &["DN20", "DN25", "DN32", "DN50"], unit: "m", divisible: true, low: 300, high: 1800
    },
    Template { zh: "生料带", en: "PTFE Tape", specs: &["12mm×10m", "19mm×15m"], unit: "roll", divisible: false, low: 80, high: 300 },
    Template {
        zh: "电工胶带",
        en: "Electrical Tape",
        specs: &["18mm×10m 黑色", "18mm×20m 红色"],
        unit: "roll",
        divisible: false,
        low: 150,
        high: 500,
    },
    Template {
        zh: "活动扳手",
        en: "Adjustable Wrench",
        specs: &["8寸", "10寸", "12寸"],
        unit: "pcs",
        divisible: false,
        low: 2500,
        high: 6800,
    },
    Template {
        zh: "螺丝刀套装",
        en: "Screwdriver Set",
        specs: &["32件套", "45件套"],
        unit: "套",
        divisible: false,
        low: 3900,
        high: 12_800,
    },
    Template {
        zh: "电钻",
        en: "Cordless Drill",
        specs: &["12V 1.5Ah", "20V 2.0Ah", "20V 4.0Ah 无刷"],
        unit: "pcs",
        divisible: false,
        low: 19_900,
        high: 99_900,
    },
    Template {
        zh: "角磨机",
        en: "Angle Grinder",
        specs: &["100mm 750W", "125mm 1200W"],
        unit: "pcs",
        divisible: false,
        low: 15_900,
        high: 45_000,
    },
    Template {
        zh: "切割片",
        en: "Cutting Disc",
        specs: &["105×1.2mm (50片/盒)", "125×1.2mm (25片/盒)"],
        unit: "盒",
        divisible: false,
        low: 3000,
        high: 7500,
    },
    Template {
        zh: "劳保手套",
        en: "Work Gloves",
        specs: &["L 丁腈 (12双/包)", "XL 棉纱 (12双/包)"],
        unit: "包",
        divisible: false,
        low: 1500,
        high: 4200,
    },
    Template {
        zh: "安全帽",
        en: "Safety Helmet",
        specs: &["ABS 黄色", "ABS 白色", "ABS 红色"],
        unit: "pcs",
        divisible: false,
        low: 1500,
        high: 4500,
    },
    Template {
        zh: "卷尺",
        en: "Tape Measure",
        specs: &["3m×16mm", "5m×19mm", "7.5m×25mm"],
        unit: "pcs",
        divisible: false,
        low: 800,
        high: 3500,
    },
    Template {
        zh: "LED灯泡",
        en: "LED Bulb",
        specs: &["E27 9W 暖白", "E27 12W 冷白", "E14 5W"],
        unit: "pcs",
        divisible: false,
        low: 500,
        high: 2000,
    },
    Template {
        zh: "插线板", en: "Power Strip", specs: &["6位 3m", "4位 1.8m USB"], unit: "pcs", divisible: false, low: 2500, high: 8900
    },
    Template { zh: "钢丝绳", en: "Steel Wire Rope", specs: &["4mm", "6mm", "8mm"], unit: "m", divisible: true, low: 150, high: 900 },
    Template { zh: "水泥", en: "Portland Cement", specs: &["P.O 42.5 50kg"], unit: "包", divisible: false, low: 2200, high: 3800 },
    Template {
        zh: "乳胶漆",
        en: "Interior Paint",
        specs: &["5L 白色", "18L 白色"],
        unit: "pcs",
        divisible: false,
        low: 12_000,
        high: 58_000,
    },
    Template {
        zh: "复印纸",
        en: "Copy Paper",
        specs: &["A4 70g (500张×5包)", "A4 80g (500张×5包)", "A3 80g (500张×5包)"],
        unit: "箱",
        divisible: false,
        low: 9800,
        high: 22_000,
    },
    Template {
        zh: "签字笔",
        en: "Gel Pen",
        specs: &["0.5mm 黑色 (12支/盒)", "0.5mm 蓝色 (12支/盒)", "0.38mm 红色 (12支/盒)"],
        unit: "盒",
        divisible: false,
        low: 900,
        high: 2600,
    },
    Template { zh: "笔记本", en: "Notebook", specs: &["A5 80页", "B5 60页"], unit: "pcs", divisible: false, low: 300, high: 1200 },
    Template {
        zh: "文件夹",
        en: "File Folder",
        specs: &["A4 双夹 (10个/包)", "A4 风琴包"],
        unit: "包",
        divisible: false,
        low: 1500,
        high: 4500,
    },
    Template {
        zh: "订书机", en: "Stapler", specs: &["24/6 中号", "重型 100页"], unit: "pcs", divisible: false, low: 1200, high: 8800
    },
    Template {
        zh: "订书钉",
        en: "Staples",
        specs: &["24/6 (1000枚/盒)", "23/13 (1000枚/盒)"],
        unit: "盒",
        divisible: false,
        low: 150,
        high: 900,
    },
    Template {
        zh: "计算器",
        en: "Calculator",
        specs: &["12位 太阳能", "科学函数型"],
        unit: "pcs",
        divisible: false,
        low: 2000,
        high: 9800,
    },
    Template {
        zh: "墨盒",
        en: "Ink Cartridge",
        specs: &["HP 803 黑色", "Canon PG-845 黑色", "Epson 664 四色套装"],
        unit: "pcs",
        divisible: false,
        low: 6000,
        high: 22_000,
    },
    Template {
        zh: "白板笔",
        en: "Whiteboard Marker",
        specs: &["黑色 (10支/盒)", "红蓝黑 (10支/盒)"],
        unit: "盒",
        divisible: false,
        low: 1500,
        high: 3500,
    },
    Template {
        zh: "便利贴",
        en: "Sticky Notes",
        specs: &["76×76mm (12本/包)", "76×127mm"],
        unit: "包",
        divisible: false,
        low: 800,
        high: 2500,
    },
    Template {
        zh: "激光打印机",
        en: "Laser Printer",
        specs: &["A4 黑白 30页/分", "A4 彩色 双面"],
        unit: "pcs",
        divisible: false,
        low: 89_900,
        high: 200_000,
    },
    Template {
        zh: "东北大米", en: "Rice", specs: &["5kg 袋装", "10kg 袋装"], unit: "包", divisible: false, low: 3500, high: 9800
    },
    Template { zh: "散装大米", en: "Bulk Rice", specs: &["一级 粳米"], unit: "kg", divisible: true, low: 450, high: 900 },
    Template { zh: "食用花生油", en: "Peanut Oil", specs: &["5L", "1.8L"], unit: "瓶", divisible: false, low: 3500, high: 14_800 },
    Template { zh: "生抽酱油", en: "Light Soy Sauce", specs: &["500ml", "1.9L"], unit: "瓶", divisible: false, low: 650, high: 2500 },
    Template { zh: "白砂糖", en: "White Sugar", specs: &["一级"], unit: "kg", divisible: true, low: 600, high: 1000 },
    Template { zh: "食盐", en: "Table Salt", specs: &["400g 加碘"], unit: "包", divisible: false, low: 200, high: 400 },
    Template {
        zh: "矿泉水",
        en: "Mineral Water",
        specs: &["550ml×24瓶", "1.5L×12瓶"],
        unit: "箱",
        divisible: false,
        low: 2000,
        high: 4500,
    },
    Template {
        zh: "方便面",
        en: "Instant Noodles",
        specs: &["红烧牛肉 (24袋/箱)", "香辣 (24袋/箱)"],
        unit: "箱",
        divisible: false,
        low: 4500,
        high: 7800,
    },
    Template {
        zh: "龙井茶",
        en: "Longjing Green Tea",
        specs: &["250g 礼盒", "500g 罐装"],
        unit: "盒",
        divisible: false,
        low: 8800,
        high: 48_000,
    },
    Template { zh: "洗洁精", en: "Dish Soap", specs: &["1.5kg", "5kg"], unit: "瓶", divisible: false, low: 900, high: 3800 },
    Template {
        zh: "抽纸",
        en: "Facial Tissue",
        specs: &["3层 (10包/提)", "2层 (20包/提)"],
        unit: "包",
        divisible: false,
        low: 1200,
        high: 3500,
    },
    Template {
        zh: "垃圾袋",
        en: "Trash Bags",
        specs: &["45×50cm (100只)", "60×80cm (50只)"],
        unit: "包",
        divisible: false,
        low: 500,
        high: 2000,
    },
    Template { zh: "面粉", en: "Wheat Flour", specs: &["高筋"], unit: "kg", divisible: true, low: 400, high: 800 },
    Template {
        zh: "一次性餐盒",
        en: "Takeaway Boxes",
        specs: &["750ml (300个/箱)", "1000ml (300个/箱)"],
        unit: "箱",
        divisible: false,
        low: 6500,
        high: 12_000,
    },
];

// ---- master data ----

struct DemoCustomer {
    code: String,
    name: String,
    phone: String,
    address: String,
    tax_id: String,
    /// Money column; Some(0) = no credit (pays up front), None = no limit.
    credit_limit: Option<i64>,
    terms: i64,
    /// Percentage column.
    discount: i64,
    blocked_reason: Option<&'static str>,
    /// (product index, agreed price as a money column).
    agreed: Vec<(u32, i64)>,
}

impl DemoCustomer {
    fn prepaid(&self) -> bool {
        self.credit_limit == Some(0)
    }

    fn agreed_price(&self, product: usize) -> Option<i64> {
        self.agreed.iter().find(|(index, _)| *index as usize == product).map(|(_, price)| *price)
    }
}

/// How a product is restocked while history is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Restock {
    /// A lot arrives whenever a shipment would take stock below the reorder point.
    Reorder,
    /// A lot arrives only when stock runs out: often ends below the reorder point.
    Lean,
    /// Bought exactly for each order: ends at zero.
    ToOrder,
}

struct DemoProduct {
    sku: String,
    name: String,
    spec: String,
    unit: &'static str,
    barcode: String,
    /// Money columns.
    price: i64,
    min_price: Option<i64>,
    cost: Option<i64>,
    /// Quantity columns.
    reorder: i64,
    lot: i64,
    opening: i64,
    active: bool,
    divisible: bool,
    restock: Restock,
}

fn code_width(count: usize) -> usize {
    count.to_string().len().max(3)
}

fn chinese_name(rng: &mut Rng, city: &City) -> String {
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

fn english_name(rng: &mut Rng) -> String {
    let first = *rng.pick(EN_FIRST);
    let trade = *rng.pick(EN_TRADES);
    let suffix = *rng.pick(EN_SUFFIXES);
    if trade.ends_with(suffix) { format!("{first} {trade} Ltd") } else { format!("{first} {trade} {suffix}") }
}

fn phone_number(rng: &mut Rng, english: bool, city: &City) -> String {
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

fn chinese_address(rng: &mut Rng, city: &City) -> String {
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

fn hk_address(rng: &mut Rng) -> String {
    let number = rng.range(1, 388);
    let street = *rng.pick(HK_STREETS);
    format!("{number} {street}, Hong Kong")
}

fn tax_number(rng: &mut Rng, english: bool, city: &City) -> String {
    if english {
        return format!("BR {:08}", rng.below(100_000_000));
    }
    let mut id = format!("91{}", city.region);
    for _ in 0..10 {
        id.push(char::from(*rng.pick(TAX_CHARS)));
    }
    id
}

fn make_customer(rng: &mut Rng, index: usize, count: usize, width: usize) -> DemoCustomer {
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

fn make_customers(rng: &mut Rng, count: usize) -> Vec<DemoCustomer> {
    let width = code_width(count);
    (0..count).map(|index| make_customer(rng, index, count, width)).collect()
}

/// Round a price in cents to what a shop would print: 0.10 below 10 yuan, 0.50 below 100.
fn nice_price(cents: i64) -> i64 {
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
fn ean13(rng: &mut Rng) -> String {
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

fn make_product(rng: &mut Rng, index: usize, width: usize) -> DemoProduct {
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

fn make_products(rng: &mut Rng, count: usize) -> Vec<DemoProduct> {
    let width = code_width(count);
    (0..count).map(|index| make_product(rng, index, width)).collect()
}

/// Agreed prices (90–97 % of the catalogue price) for C001, C002 and one customer in ten.
fn add_agreed_prices(rng: &mut Rng, customers: &mut [DemoCustomer], products: &[DemoProduct]) {
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

// ---- orders ----

#[derive(Debug, Clone, Copy)]
struct LinePlan {
    product: u32,
    /// Quantity columns: ordered, and shipped with the first shipment.
    qty: i64,
    first: i64,
    /// Money columns.
    unit_price: i64,
    total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayKind {
    /// One payment of the whole invoice.
    Full,
    /// Half, then the rest.
    Split,
    /// Paid in full twice: an over-payment.
    Twice,
}

#[derive(Debug, Clone, Copy)]
struct PayPlan {
    kind: PayKind,
    at: [Option<i32>; 2],
    method: u8,
    refs: [u32; 2],
}

#[derive(Debug, Clone, Copy)]
enum OrderPay {
    OnAccount,
    Cod,
    Prepaid { method: u8, reference: u32 },
}

/// One order and everything that happened to it up to today (later steps are already cut off).
#[derive(Debug, Clone, Copy)]
struct Plan {
    customer: u32,
    created: i32,
    first_line: u32,
    line_count: u32,
    /// Money columns.
    subtotal: i64,
    total: i64,
    /// Percentage column.
    discount: i64,
    delivery: bool,
    delivery_day: Option<i32>,
    urgent: bool,
    note: Option<u8>,
    creator: u8,
    payment: OrderPay,
    confirm: Option<i32>,
    cancel: Option<(i32, u8)>,
    /// Shipped in two parts (the second may still be pending).
    partial: bool,
    ships: [Option<i32>; 2],
    invoices: [Option<i32>; 2],
    pays: [Option<PayPlan>; 2],
    /// Number within its year, and ids of its shipments and invoices (set by numbering).
    seq: u32,
    ship_ids: [u32; 2],
    invoice_ids: [u32; 2],
}

struct OrderBook {
    plans: Vec<Plan>,
    lines: Vec<LinePlan>,
}

fn part_qty(line: &LinePlan, part: usize) -> i64 {
    if part == 0 { line.first } else { line.qty - line.first }
}

fn make_line(buyer: &DemoCustomer, index: usize, product: &DemoProduct, quantity: i64, price: Option<i64>) -> Result<LinePlan> {
    let unit_price = price.unwrap_or_else(|| buyer.agreed_price(index).unwrap_or(product.price));
    let total = money_col(line_total(super::qty(quantity), super::money(unit_price), super::pct(buyer.discount)), "line_total")?;
    Ok(LinePlan { product: index as u32, qty: quantity, first: quantity, unit_price, total })
}

fn new_plan(buyer: &DemoCustomer, customer: usize, created: i32, first_line: usize, lines: &[LinePlan], payment: OrderPay) -> Result<Plan> {
    let sums = totals(lines.iter().map(|line| super::money(line.total)), NO_TAX);
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
fn settle(plan: &mut Plan) {
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
fn special(
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
fn special_plans(customers: &[DemoCustomer], products: &[DemoProduct], lines: &mut Vec<LinePlan>) -> Result<Vec<Plan>> {
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
fn random_created(rng: &mut Rng, calendar: &Calendar) -> i32 {
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
fn pick_customer(rng: &mut Rng, customers: &[DemoCustomer], age: i32) -> usize {
    let count = customers.len() as u64;
    for _ in 0..50 {
        let index = rng.below(count).min(rng.below(count)) as usize;
        if customers[index].blocked_reason.is_none() || age >= 90 {
            return index;
        }
    }
    0
}

fn random_qty(rng: &mut Rng, product: &DemoProduct) -> i64 {
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
fn split(rng: &mut Rng, lines: &mut [LinePlan], products: &[DemoProduct]) -> bool {
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
fn pay_plan(rng: &mut Rng, buyer: &DemoCustomer, prepaid: Option<u8>, invoice: i32, age: i32) -> Option<PayPlan> {
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

fn random_plan(
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
fn make_orders(
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

// ---- numbering ----

/// Documents numbered gap-free per year in the order they were made.
struct Numbers {
    order_last: BTreeMap<i32, u32>,
    /// (instant, order index, part), oldest first; a shipment's id is its position + 1.
    shipments: Vec<(i32, u32, u8)>,
    /// (year, number) by id − 1.
    shipment_numbers: Vec<(i32, u32)>,
    shipment_last: BTreeMap<i32, u32>,
    invoices: Vec<(i32, u32, u8)>,
    invoice_numbers: Vec<(i32, u32)>,
    invoice_last: BTreeMap<i32, u32>,
}

type Chronology = (Vec<(i32, u32, u8)>, Vec<(i32, u32)>, BTreeMap<i32, u32>);

fn chronological(calendar: &Calendar, plans: &[Plan], stamps: impl Fn(&Plan) -> [Option<i32>; 2]) -> Chronology {
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

fn number_documents(calendar: &Calendar, plans: &mut [Plan]) -> Numbers {
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

fn doc_number(prefix: &str, year: i32, seq: u32) -> String {
    format!("{prefix}-{year}-{seq:05}")
}

fn numbered(prefix: &str, table: &[(i32, u32)], id: u32) -> String {
    table.get(id.saturating_sub(1) as usize).map(|(year, seq)| doc_number(prefix, *year, *seq)).unwrap_or_default()
}

fn pay_reference(method: u8, calendar: &Calendar, day: i32, serial: u32) -> String {
    let prefix = match method {
        1 => "TX",
        2 => "WX",
        3 => "AP",
        _ => return String::new(),
    };
    format!("{prefix}{}{serial:06}", calendar.text(day).replace('-', ""))
}

fn shipper(order: usize, part: usize) -> &'static str {
    if (order + part) % 10 == 3 { "li" } else { "zhao" }
}

// ---- writing ----

struct Event {
    at: i32,
    rank: u8,
    kind: &'static str,
    user: &'static str,
    detail: String,
}

struct BilledLine {
    line_id: i64,
    qty: i64,
    unit_price: i64,
    total: i64,
}

struct PaidRow {
    part: usize,
    at: i32,
    amount: i64,
    method: u8,
    reference: String,
}

fn write_masters(tx: &WriteTx<'_>, calendar: &Calendar, customers: &[DemoCustomer], products: &[DemoProduct]) -> Result<()> {
    let since = calendar.stamp(at(-366, 9, 0));
    let mut insert_user =
        tx.prepare_cached("INSERT OR IGNORE INTO users (name, role, pin_hash, active, created_at) VALUES (?1, ?2, NULL, 1, ?3)")?;
    for (name, role) in DEMO_USERS {
        insert_user.execute(params![name, role, since])?;
    }
    let mut insert_customer = tx.prepare_cached(
        "INSERT INTO customers (id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct,
             blocked, blocked_reason, archived, search_key, version, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, 1, ?13, 'admin')",
    )?;
    for (index, customer) in customers.iter().enumerate() {
        let key = search_key(&[&customer.code, &customer.name, &customer.phone]);
        insert_customer.execute(params![
            index as i64 + 1,
            customer.code,
            customer.name,
            customer.phone,
            customer.address,
            customer.tax_id,
            customer.credit_limit,
            customer.terms,
            customer.discount,
            customer.blocked_reason.is_some(),
            customer.blocked_reason.unwrap_or(""),
            key,
            since
        ])?;
    }
    let discontinued = calendar.stamp(at(-60, 17, 30));
    let mut insert_product = tx.prepare_cached(
        "INSERT INTO products (id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point,
             active, divisible, search_key, version, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, ?10, ?11, ?12, ?13, 1, ?14)",
    )?;
    for (index, product) in products.iter().enumerate() {
        let key = search_key(&[&product.sku, &product.name, &product.spec, &product.barcode]);
        insert_product.execute(params![
            index as i64 + 1,
            product.sku,
            product.name,
            product.spec,
            product.unit,
            product.barcode,
            product.price,
            product.min_price,
            product.cost,
            product.reorder,
            product.active,
            product.divisible,
            key,
            if product.active { &since } else { &discontinued }
        ])?;
    }
    let mut insert_price = tx.prepare_cached("INSERT INTO customer_prices (customer_id, product_id, price) VALUES (?1, ?2, ?3)")?;
    for (index, customer) in customers.iter().enumerate() {
        for (product, price) in &customer.agreed {
            insert_price.execute(params![index as i64 + 1, i64::from(*product) + 1, price])?;
        }
    }
    Ok(())
}

/// Orders with their lines, history, shipments, invoices and payments; adds the open
/// quantities of confirmed orders to `reserved`. Returns the number of payments.
#[allow(clippy::too_many_arguments)]
fn write_orders(
    tx: &WriteTx<'_>,
    calendar: &Calendar,
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    book: &OrderBook,
    numbers: &Numbers,
    reserved: &mut [i64],
    progress: &mut dyn FnMut(DemoStage, u8) -> bool,
) -> Result<usize> {
    let mut insert_order = tx.prepare_cached(
        "INSERT INTO orders (id, number, customer_id, customer_code, status, order_date, delivery_date, delivery, priority,
             payment_method, payment_reference, payment_amount, note, subtotal, tax, total, created_by, created_at, confirmed_at,
             revision, version, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 1, ?20, ?21)",
    )?;
    let mut insert_line = tx.prepare_cached(
        "INSERT INTO order_lines (id, order_id, line_no, product_id, sku, qty, unit_price, discount_pct, line_total, shipped_qty, invoiced_qty)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_event =
        tx.prepare_cached("INSERT INTO order_events (order_id, at, user_name, kind, detail, revision) VALUES (?1, ?2, ?3, ?4, ?5, 1)")?;
    let mut insert_shipment = tx.prepare_cached(
        "INSERT INTO shipments (id, number, order_id, shipped_on, user_name, delivered_on, received_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut insert_shipped = tx.prepare_cached("INSERT INTO shipment_lines (shipment_id, order_line_id, qty) VALUES (?1, ?2, ?3)")?;
    let mut insert_invoice = tx.prepare_cached(
        "INSERT INTO invoices (id, number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 'chen', ?11)",
    )?;
    let mut insert_billed = tx.prepare_cached(
        "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_pct, line_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_payment = tx.prepare_cached(
        "INSERT INTO payments (invoice_id, customer_id, paid_on, amount, method, reference, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'chen', ?7)",
    )?;

    let mut next_line_id = 1_i64;
    let mut payments = 0_usize;
    let mut events: Vec<Event> = Vec::new();
    let mut billed: [Vec<BilledLine>; 2] = [Vec::new(), Vec::new()];
    let mut paid_rows: Vec<PaidRow> = Vec::new();
    let (total, mut told) = (book.plans.len().max(1), 0);
    for (index, plan) in book.plans.iter().enumerate() {
        // Writing the orders is 10 % to 80 % of the whole.
        let percent = 10 + (index * 70 / total) as u8;
        if percent != told {
            if !progress(DemoStage::Writing, percent) {
                return Err(Error::Invalid(CANCELLED.into()));
            }
            told = percent;
        }
        let order_id = index as i64 + 1;
        let customer_id = i64::from(plan.customer) + 1;
        let buyer = &customers[plan.customer as usize];
        let start = plan.first_line as usize;
        let lines = &book.lines[start..start + plan.line_count as usize];
        let first_line_id = next_line_id;
        next_line_id += lines.len() as i64;
        let day = day_of(plan.created);
        let number = doc_number("SO", calendar.year(plan.created), plan.seq);
        let creator = CREATORS[usize::from(plan.creator) % CREATORS.len()];
        let ship_numbers =
            [0_usize, 1].map(|part| plan.ships[part].map(|_| numbered("SH", &numbers.shipment_numbers, plan.ship_ids[part])));
        let invoice_numbers =
            [0_usize, 1].map(|part| plan.invoices[part].map(|_| numbered("INV", &numbers.invoice_numbers, plan.invoice_ids[part])));

        // What each invoice bills and what has been paid on it.
        let mut invoice_sums = [(0_i64, 0_i64, 0_i64); 2];
        let mut invoice_paid = [0_i64; 2];
        paid_rows.clear();
        for part in 0..2 {
            billed[part].clear();
            if plan.invoices[part].is_none() {
                continue;
            }
            for (position, line) in lines.iter().enumerate() {
                let quantity = part_qty(line, part);
                if quantity <= 0 {
                    continue;
                }
                let total = if quantity == line.qty {
                    line.total
                } else {
                    money_col(line_total(super::qty(quantity), super::money(line.unit_price), super::pct(plan.discount)), "line_total")?
                };
                billed[part].push(BilledLine {
                    line_id: first_line_id + position as i64,
                    qty: quantity,
                    unit_price: line.unit_price,
                    total,
                });
            }
            let sums = totals(billed[part].iter().map(|line| super::money(line.total)), NO_TAX);
            invoice_sums[part] = (money_col(sums.subtotal, "subtotal")?, money_col(sums.tax, "tax")?, money_col(sums.total, "total")?);
            let Some(pay) = plan.pays[part] else { continue };
            let amount = invoice_sums[part].2;
            let half = amount / 200 * 100;
            let amounts = match pay.kind {
                PayKind::Full => [amount, 0],
                PayKind::Split if half > 0 => [half, amount - half],
                PayKind::Split => [amount, 0],
                PayKind::Twice => [amount, amount],
            };
            for ((stamp, amount), reference) in pay.at.into_iter().zip(amounts).zip(pay.refs) {
                if let Some(stamp) = stamp
                    && amount > 0
                {
                    let reference = pay_reference(pay.method, calendar, day_of(stamp), reference);
                    paid_rows.push(PaidRow { part, at: stamp, amount, method: pay.method, reference });
                    invoice_paid[part] += amount;
                }
            }
        }

        let shipped_all = plan.ships[0].is_some() && (!plan.partial || plan.ships[1].is_some());
        let invoiced_all = plan.invoices[0].is_some() && (!plan.partial || plan.invoices[1].is_some());
        let settled = (0..2).all(|part| plan.invoices[part].is_none() || invoice_paid[part] >= invoice_sums[part].2);
        let status = if plan.cancel.is_some() {
            "cancelled"
        } else if plan.confirm.is_none() {
            // Unconfirmed orders get their real state from their live checks after the fill.
            "open"
        } else if plan.ships[0].is_none() {
            "confirmed"
        } else if !shipped_all {
            "partially_shipped"
        } else if !invoiced_all {
            "shipped"
        } else if settled {
            "paid"
        } else {
            "invoiced"
        };

        // The history, as the app would have written it.
        events.clear();
        events.push(Event {
            at: plan.created,
            rank: 0,
            kind: "created",
            user: creator,
            detail: format!("status=open; total={}", fmt_money(super::money(plan.total))),
        });
        if let Some(stamp) = plan.confirm {
            events.push(Event { at: stamp, rank: 1, kind: "confirmed", user: creator, detail: "stock reserved".to_string() });
        }
        if let Some((stamp, reason)) = plan.cancel {
            let reason = CANCEL_REASONS[usize::from(reason) % CANCEL_REASONS.len()];
            events.push(Event { at: stamp, rank: 9, kind: "cancelled", user: creator, detail: reason.to_string() });
        }
        for part in 0..2 {
            if let (Some(stamp), Some(shipment)) = (plan.ships[part], &ship_numbers[part]) {
                let items: Vec<String> = lines
                    .iter()
                    .filter_map(|line| {
                        let quantity = part_qty(line, part);
                        (quantity > 0).then(|| format!("{}×{}", products[line.product as usize].sku, fmt_qty(super::qty(quantity))))
                    })
                    .collect();
                events.push(Event {
                    at: stamp,
                    rank: 2 + part as u8,
                    kind: "shipped",
                    user: shipper(index, part),
                    detail: format!("{shipment}: {}", items.join(", ")),
                });
            }
            if let (Some(stamp), Some(invoice)) = (plan.invoices[part], &invoice_numbers[part]) {
                events.push(Event {
                    at: stamp,
                    rank: 4 + part as u8,
                    kind: "invoiced",
                    user: "chen",
                    detail: format!("{invoice}: {}", fmt_money(super::money(invoice_sums[part].2))),
                });
            }
        }
        for row in &paid_rows {
            let invoice = invoice_numbers[row.part].as_deref().unwrap_or("");
            let method = PAY_METHODS[usize::from(row.method) % PAY_METHODS.len()];
            events.push(Event {
                at: row.at,
                rank: 6,
                kind: "payment",
                user: "chen",
                detail: format!("{invoice}: {} {method} {}", fmt_money(super::money(row.amount)), row.reference),
            });
        }
        events.sort_by_key(|event| (event.at, event.rank));
        let version = events.len() as i64;
        let updated_at = calendar.stamp(events.last().map(|event| event.at).unwrap_or(plan.created));

        let (method, reference, amount) = match plan.payment {
            OrderPay::OnAccount => (None, String::new(), None),
            OrderPay::Cod => (Some("cod"), String::new(), None),
            OrderPay::Prepaid { method, reference } => (
                Some(PAY_METHODS[usize::from(method) % PAY_METHODS.len()]),
                pay_reference(method, calendar, day, reference),
                Some(plan.total),
            ),
        };
        let note = plan.note.map(|note| NOTES[usize::from(note) % NOTES.len()]).unwrap_or("");
        insert_order.execute(params![
            order_id,
            number,
            customer_id,
            buyer.code,
            status,
            calendar.text(day),
            plan.delivery_day.map(|delivery| calendar.text(delivery)),
            if plan.delivery { "delivery" } else { "pickup" },
            if plan.urgent { "urgent" } else { "normal" },
            method,
            reference,
            amount,
            note,
            plan.subtotal,
            plan.total - plan.subtotal,
            plan.total,
            creator,
            calendar.stamp(plan.created),
            plan.confirm.map(|stamp| calendar.stamp(stamp)),
            version,
            updated_at
        ])?;

        let reserves = status == "confirmed" || status == "partially_shipped";
        for (position, line) in lines.iter().enumerate() {
            let product = line.product as usize;
            let shipped: i64 = (0..2).filter(|part| plan.ships[*part].is_some()).map(|part| part_qty(line, part)).sum();
            let invoiced: i64 = (0..2).filter(|part| plan.invoices[*part].is_some()).map(|part| part_qty(line, part)).sum();
            insert_line.execute(params![
                first_line_id + position as i64,
                order_id,
                position as i64 + 1,
                product as i64 + 1,
                products[product].sku,
                line.qty,
                line.unit_price,
                plan.discount,
                line.total,
                shipped,
                invoiced
            ])?;
            if reserves {
                reserved[product] += line.qty - shipped;
            }
        }

        for (part, shipment) in ship_numbers.iter().enumerate() {
            let (Some(stamp), Some(shipment)) = (plan.ships[part], shipment) else { continue };
            let shipment_id = i64::from(plan.ship_ids[part]);
            let shipped_on = day_of(stamp);
            let (delivered_on, received_by) =
                if plan.delivery { (Some(calendar.text(shipped_on)), RECEIVERS[index % RECEIVERS.len()]) } else { (None, "") };
            insert_shipment.execute(params![
                shipment_id,
                shipment,
                order_id,
                calendar.text(shipped_on),
                shipper(index, part),
                delivered_on,
                received_by
            ])?;
            for (position, line) in lines.iter().enumerate() {
                let quantity = part_qty(line, part);
                if quantity > 0 {
                    insert_shipped.execute(params![shipment_id, first_line_id + position as i64, quantity])?;
                }
            }
        }

        for part in 0..2 {
            let (Some(stamp), Some(invoice)) = (plan.invoices[part], &invoice_numbers[part]) else { continue };
            let invoice_id = i64::from(plan.invoice_ids[part]);
            let issued = day_of(stamp);
            let (subtotal, tax, total) = invoice_sums[part];
            insert_invoice.execute(params![
                invoice_id,
                invoice,
                order_id,
                customer_id,
                calendar.text(issued),
                calendar.text(issued + buyer.terms as i32),
                subtotal,
                tax,
                total,
                invoice_paid[part],
                calendar.stamp(stamp)
            ])?;
            for line in &billed[part] {
                insert_billed.execute(params![invoice_id, line.line_id, line.qty, line.unit_price, plan.discount, line.total])?;
            }
            for row in paid_rows.iter().filter(|row| row.part == part) {
                let method = PAY_METHODS[usize::from(row.method) % PAY_METHODS.len()];
                insert_payment.execute(params![
                    invoice_id,
                    customer_id,
                    calendar.text(day_of(row.at)),
                    row.amount,
                    method,
                    row.reference,
                    calendar.stamp(row.at)
                ])?;
                payments += 1;
            }
        }

        for event in &events {
            insert_event.execute(params![order_id, calendar.stamp(event.at), event.user, event.kind, event.detail])?;
        }
    }
    Ok(payments)
}

/// The stock ledger in time order: opening balances a year ago, then every shipment, each
/// preceded by the receipt that keeps stock from going negative. Returns on-hand per product.
fn write_stock(tx: &WriteTx<'_>, calendar: &Calendar, products: &[DemoProduct], book: &OrderBook, numbers: &Numbers) -> Result<Vec<i64>> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO stock_movements (product_id, kind, qty, reference, reason, at, user_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut on_hand = vec![0_i64; products.len()];
    let opening_at = calendar.stamp(at(-365, 8, 0));
    for (index, product) in products.iter().enumerate() {
        if product.opening > 0 {
            insert.execute(params![index as i64 + 1, "opening", product.opening, "", "", opening_at, "zhao"])?;
            on_hand[index] = product.opening;
        }
    }
    let mut receipts: BTreeMap<i32, u32> = BTreeMap::new();
    for &(stamp, order, part) in &numbers.shipments {
        let plan = &book.plans[order as usize];
        let part = usize::from(part);
        let start = plan.first_line as usize;
        let lines = &book.lines[start..start + plan.line_count as usize];
        let reference = doc_number("SO", calendar.year(plan.created), plan.seq);
        let shipped_at = calendar.stamp(stamp);
        let user = shipper(order as usize, part);
        for line in lines {
            let quantity = part_qty(line, part);
            if quantity <= 0 {
                continue;
            }
            let index = line.product as usize;
            let product = &products[index];
            let have = on_hand[index];
            let receive = match product.restock {
                Restock::Reorder if have - quantity < product.reorder => product.reorder - (have - quantity) + product.lot,
                Restock::Lean if have < quantity => quantity - have + product.lot,
                Restock::ToOrder if have < quantity => quantity - have,
                _ => 0,
            };
            if receive > 0 {
                let year = calendar.year(stamp);
                let counter = receipts.entry(year).or_insert(0);
                *counter += 1;
                let supplier = SUPPLIERS[index % SUPPLIERS.len()];
                insert.execute(params![
                    index as i64 + 1,
                    "receipt",
                    receive,
                    doc_number("GR", year, *counter),
                    supplier,
                    calendar.stamp(stamp - 20),
                    "zhao"
                ])?;
                on_hand[index] += receive;
            }
            insert.execute(params![index as i64 + 1, "shipment", -quantity, reference, "", shipped_at, user])?;
            on_hand[index] -= quantity;
        }
    }
    Ok(on_hand)
}

fn write_sequence(tx: &WriteTx<'_>, kind: &str, last: &BTreeMap<i32, u32>) -> Result<()> {
    let mut statement = tx.prepare_cached(
        "INSERT INTO sequences (kind, year, last) VALUES (?1, ?2, ?3) ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last",
    )?;
    for (year, number) in last {
        statement.execute(params![kind, year, i64::from(*number)])?;
    }
    Ok(())
}

// ---- handled exceptions of the past year ----

/// PRNG stream of the handled exceptions (streams 1–4 plan the shop itself, which this step
/// therefore leaves exactly as it was).
const EXCEPTION_STREAM: u64 = 5;
/// The last instant of the history: today 18:59 (the fill's "now" is 19:00).
const LAST_STAMP: i32 = DAY_END;
/// `scans.invoice_within_days` as shipped: goods not invoiced three days after shipping are flagged.
const INVOICE_WITHIN_DAYS: i32 = 3;
/// `checks.unusual_qty_factor` as shipped.
const UNUSUAL_FACTOR: i64 = 10;
/// Orders confirmed on a later day than entered (the next morning included): how many were
/// held by an exception (%).
const HELD_PCT: u64 = 45;
/// Other confirmed orders: how many raised an exception on entry (%).
const RAISED_PCT: u64 = 5;
/// Past scan conditions a scan caught (%), per code: nobody scans every single morning.
/// Goods invoiced late:
const NOT_INVOICED_PCT: u64 = 20;
/// Invoices paid three or more days after their due date:
const OVERDUE_PCT: u64 = 15;
/// Delivery dates missed:
const NOT_SHIPPED_PCT: u64 = 20;
/// Waivable exceptions a manager waived instead of having them fixed (%).
const WAIVED_PCT: u64 = 10;
/// Scan exceptions nobody closed by hand: the next morning's scan found the condition gone (%).
const CLEARED_PCT: u64 = 25;
/// Exceptions with a comment half-way (%).
const COMMENT_PCT: u64 = 30;

/// How a handled exception ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Resolved by hand with a root cause and the corrective action taken.
    Resolved(RootCause, &'static str),
    /// Waived by a manager with this reason (only approvable blocks and warnings).
    Waived(&'static str),
    /// Closed by the next scan once its condition had cleared.
    Cleared,
}

/// When a live-check exception of a confirmed order was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// Just before the order was confirmed: it was what held the order.
    BeforeConfirm,
    /// When the goods went out: the stock had arrived.
    AtShipment,
    /// Some time later: a warning does not hold an order.
    Later,
}

/// One exception of the past year, planned in full; its texts are rendered when it is written.
#[derive(Debug, Clone, Copy)]
struct PastException {
    code: Code,
    /// Index of the order's plan, and the shipment / invoice part for scan codes.
    order: u32,
    part: u8,
    /// 1-based order line, 0 for none.
    line: u32,
    /// Code-specific figures of the message (a typed price, quantities, an amount, a variant).
    figures: [i64; 3],
    /// Who opened it: the clerk whose entry the check ran on, or "system" for a scan.
    opener: &'static str,
    opened: i32,
    assigned: i32,
    /// A comment half-way by the assignee: (instant, index into the department's comments).
    comment: Option<(i32, u8)>,
    closed: i32,
    outcome: Outcome,
    assignee: &'static str,
    assigner: &'static str,
    /// Who closed it: the assignee, a manager (waived) or "system" (cleared by a scan).
    closer: &'static str,
}

impl PastException {
    /// An exception of `code` about order `order`, opened at `opened` and closed at `closed`.
    fn new(code: Code, order: usize, opener: &'static str, opened: i32, closed: i32, outcome: Outcome) -> PastException {
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
    fn staffed(mut self, rng: &mut Rng) -> PastException {
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
fn handlings(code: Code) -> &'static [(RootCause, &'static str, u64)] {
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
fn pick_handling(rng: &mut Rng, code: Code) -> (RootCause, &'static str) {
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
fn waive_reasons(code: Code) -> &'static [&'static str] {
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
fn comments(department: Department) -> &'static [&'static str] {
    match department {
        Department::Sales => &["已电话联系客户", "Called the customer, waiting for an answer", "已与开单店员核对", "客户下午回电"],
        Department::Warehouse => &["已联系供应商，预计明天到货", "Checked the shelf and the back store", "等供应商回复", "已安排盘点"],
        Department::Finance => &["已发催款短信", "Sent a reminder by WeChat", "客户说本周内付款", "已核对银行流水"],
    }
}

/// The history detail of a scan exception closed by the next scan (as `scans::clear_reason`).
fn cleared_reason(code: Code) -> &'static str {
    match code {
        Code::OrderNotShipped => "condition cleared: the order was shipped, re-dated or cancelled",
        Code::InvoiceNotIssued => "condition cleared: the shipped goods were invoiced",
        Code::InvoiceOverdue => "condition cleared: the invoice was paid",
        _ => "condition cleared",
    }
}

/// A moment of the morning scan on `day`: 08:05–08:29.
fn scan_time(rng: &mut Rng, day: i32) -> i32 {
    at(day, 8, 5) + rng.below(25) as i32
}

/// How long a warning waited for someone, in minutes: an hour to ten days, mostly short.
fn handling_minutes(rng: &mut Rng) -> i32 {
    let (low, high) = rng.weighted(&[((60_i64, 240_i64), 40_u64), ((240, 1440), 30), ((1440, 4320), 18), ((4320, 14_400), 12)]);
    rng.range(low, high) as i32
}

/// The same instant, or the next working minute when it falls outside 08:00–18:59.
fn working(rng: &mut Rng, stamp: i32) -> i32 {
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
fn part_value(plan: &Plan, lines: &[LinePlan], part: usize) -> Result<i64> {
    let mut value = 0_i64;
    for line in lines {
        let quantity = part_qty(line, part);
        if quantity <= 0 {
            continue;
        }
        value += if quantity == line.qty {
            line.total
        } else {
            money_col(line_total(super::qty(quantity), super::money(line.unit_price), super::pct(plan.discount)), "line_total")?
        };
    }
    Ok(value)
}

fn creator_of(plan: &Plan) -> &'static str {
    CREATORS[usize::from(plan.creator) % CREATORS.len()]
}

/// The line and the message figures of a live-check exception; None when the order has no
/// line to point at. The flag says whether it stays waived: a waived unusual quantity needs a
/// line big enough to be a genuine bulk order.
#[allow(clippy::too_many_arguments)]
fn live_figures(
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
fn live_exception(
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
fn scan_closed(rng: &mut Rng, mut item: PastException, cleared: i32) -> PastException {
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
fn scan_exceptions(
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
fn plan_past_exceptions(
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
struct About {
    kind: &'static str,
    subject: String,
    entered_by: &'static str,
    message: Message,
}

fn money_text(column: i64) -> String {
    fmt_money(super::money(column))
}

fn qty_text(column: i64) -> String {
    fmt_qty(super::qty(column))
}

/// The subject and the message of a handled exception, worded by the very texts the live
/// checks and the scans use.
#[allow(clippy::too_many_arguments)]
fn describe(
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
        Code::DiscountNotApplied => {
            (check_text::DISCOUNT_NOT_APPLIED, vec![("given", fmt_qty(Decimal::ZERO)), ("agreed", fmt_qty(super::pct(buyer.discount)))])
        }
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
fn write_past_exceptions(
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
        let id = tx.last_insert_rowid();
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

/// The exceptions an unconfirmed order's findings stand for (blocks and warnings).
/// A demo order checked after it was written: its state follows its findings, and its
/// "created" history entry says the state it was saved in (as if checked while typed).
pub(crate) fn set_checked_status_tx(tx: &WriteTx<'_>, order: &Order, status: crate::domain::OrderStatus) -> Result<()> {
    tx.prepare_cached("UPDATE orders SET status = ?2 WHERE id = ?1")?.execute(params![order.id, status.as_str()])?;
    tx.prepare_cached("UPDATE order_events SET detail = ?2 WHERE order_id = ?1 AND kind = 'created'")?
        .execute(params![order.id, format!("status={status}; total={}", fmt_money(order.total))])?;
    Ok(())
}

impl Store {
    /// Write a realistic shop into an EMPTY database, the same for the same seed, with `today`
    /// as the last day of a year of history: customers, products, agreed prices, users (wang,
    /// li, zhao, chen), orders in every state with shipments, invoices, payments and the stock
    /// ledger, a year of resolved and waived exceptions consistent with that history. The newest
    /// unconfirmed orders are not yet checked and nothing is scanned: `ops::fill_demo` does both
    /// (the checks live above the store). Refuses a database that already holds customers,
    /// products or orders. `progress` hears the stage and the percent done (0 to 80); while the
    /// shop is planned and written, its answering false stops the build with nothing written
    /// (one transaction).
    pub fn write_demo_shop(
        &mut self,
        seed: u64,
        size: &DemoSize,
        today: NaiveDate,
        progress: &mut dyn FnMut(DemoStage, u8) -> bool,
    ) -> Result<DemoReport> {
        if !progress(DemoStage::Planning, 0) {
            return Err(Error::Invalid(CANCELLED.into()));
        }
        if !self.is_empty()? {
            return Err(Error::Invalid("the database is not empty; demo fills only an empty one".into()));
        }
        let customer_count = size.customers.max(MIN_CUSTOMERS);
        let product_count = size.products.max(MIN_PRODUCTS);
        let order_count = size.orders.max(MIN_ORDERS);
        let calendar = Calendar::new(today);
        let now = format!("{today}T19:00:00");

        let products = make_products(&mut Rng::new(seed, 1), product_count);
        let mut customers = make_customers(&mut Rng::new(seed, 2), customer_count);
        add_agreed_prices(&mut Rng::new(seed, 3), &mut customers, &products);
        let mut book = make_orders(&mut Rng::new(seed, 4), &calendar, &customers, &products, order_count)?;
        let numbers = number_documents(&calendar, &mut book.plans);
        let past = plan_past_exceptions(&mut Rng::new(seed, EXCEPTION_STREAM), &customers, &products, &book)?;
        let orders = book.plans.len();

        // A big page cache while the bulk goes in (index pages stay hot), restored afterwards.
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        self.conn.execute_batch("PRAGMA cache_size = -262144")?;
        if !progress(DemoStage::Writing, 10) {
            return Err(Error::Invalid(CANCELLED.into()));
        }
        let written = self.write_demo(seed, &calendar, &now, &customers, &products, &book, &numbers, &past, progress);
        self.conn.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        let (invoices, payments) = written?;
        drop(book);
        drop(numbers);
        drop(past);
        Ok(DemoReport { customers: customer_count, products: product_count, orders, invoices, payments, exceptions: 0 })
    }

    /// The newest unconfirmed orders of a freshly written demo, the ones `ops::fill_demo` checks
    /// as the window would have while they were typed.
    pub fn demo_orders_to_check(&self) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT number FROM orders WHERE status IN ('awaiting_correction', 'awaiting_approval', 'awaiting_restock', 'open')
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([LIVE_CHECK_LIMIT], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Fold the log into the file (after a bulk write, so the file stands alone).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    }

    /// Everything in one transaction; returns (invoices, payments).
    #[allow(clippy::too_many_arguments)]
    fn write_demo(
        &mut self,
        seed: u64,
        calendar: &Calendar,
        now: &str,
        customers: &[DemoCustomer],
        products: &[DemoProduct],
        book: &OrderBook,
        numbers: &Numbers,
        past: &[PastException],
        progress: &mut dyn FnMut(DemoStage, u8) -> bool,
    ) -> Result<(usize, usize)> {
        let tx = self.write_tx()?;
        write_masters(&tx, calendar, customers, products)?;
        let mut reserved = vec![0_i64; products.len()];
        let payments = write_orders(&tx, calendar, customers, products, book, numbers, &mut reserved, progress)?;
        if !progress(DemoStage::Writing, 80) {
            return Err(Error::Invalid(CANCELLED.into()));
        }
        let on_hand = write_stock(&tx, calendar, products, book, numbers)?;
        {
            let mut update = tx.prepare_cached("UPDATE products SET on_hand = ?2, reserved = ?3 WHERE id = ?1")?;
            for (index, (stock, held)) in on_hand.iter().zip(&reserved).enumerate() {
                update.execute(params![index as i64 + 1, stock, held])?;
            }
        }
        let handled = write_past_exceptions(&tx, calendar, customers, products, book, numbers, past)?;
        write_sequence(&tx, "order", &numbers.order_last)?;
        write_sequence(&tx, "invoice", &numbers.invoice_last)?;
        write_sequence(&tx, "shipment", &numbers.shipment_last)?;
        let invoices = numbers.invoices.len();
        let summary = format!(
            "customers={}; products={}; orders={}; invoices={invoices}; payments={payments}; handled_exceptions={handled}",
            customers.len(),
            products.len(),
            book.plans.len()
        );
        super::audit::append_tx(&tx, now, "admin", "demo", &format!("seed {seed}"), "fill", "", &summary)?;
        // The demo shop's letterhead, printed on its slips and invoices.
        for (key, value) in DEMO_COMPANY {
            tx.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)", params![key, value])?;
        }
        tx.commit()?;
        Ok((invoices, payments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).expect("valid date")
    }

    fn small() -> DemoSize {
        DemoSize { customers: 30, products: 40, orders: 300 }
    }

    #[test]
    fn a_demo_build_tells_its_progress_from_0_to_100_in_order() {
        let mut store = Store::open_in_memory().expect("store");
        let mut told: Vec<(DemoStage, u8)> = vec![];
        crate::ops::fill_demo_with_progress(&mut store, 2, &small(), today(), &mut |stage, percent| {
            told.push((stage, percent));
            true
        })
        .expect("demo");
        assert_eq!(told.first(), Some(&(DemoStage::Planning, 0)));
        assert_eq!(told.last(), Some(&(DemoStage::Scanning, 100)));
        assert!(told.windows(2).all(|pair| pair[0].1 <= pair[1].1), "never backwards: {told:?}");
        assert!(told.iter().filter(|(stage, _)| *stage == DemoStage::Writing).count() > 20, "the long part moves: {told:?}");
    }

    #[test]
    fn a_demo_build_stopped_while_writing_leaves_the_database_empty() {
        let mut store = Store::open_in_memory().expect("store");
        let stopped = crate::ops::fill_demo_with_progress(&mut store, 2, &small(), today(), &mut |stage, percent| {
            !(stage == DemoStage::Writing && percent >= 40)
        });
        assert!(stopped.is_err(), "stopped");
        assert!(store.is_empty().expect("empty"), "nothing of it stands");
        crate::ops::fill_demo(&mut store, 2, &small(), today()).expect("and a later build fills it");
    }

    fn filled(seed: u64) -> (Store, DemoReport) {
        let mut store = Store::open_in_memory().expect("store");
        let report = crate::ops::fill_demo(&mut store, seed, &small(), today()).expect("demo fills an empty database");
        (store, report)
    }

    fn text(store: &Store, sql: &str) -> String {
        store.conn.query_row(sql, [], |row| row.get::<_, Option<String>>(0)).expect(sql).unwrap_or_default()
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |row| row.get(0)).expect(sql)
    }

    const FINGERPRINTS: &[&str] = &[
        "SELECT group_concat(code || '|' || name || '|' || phone || '|' || address || '|' || IFNULL(credit_limit, '-') || '|' || discount_pct, ';')
         FROM (SELECT * FROM customers ORDER BY id)",
        "SELECT group_concat(sku || '|' || name || '|' || spec || '|' || price || '|' || on_hand || '|' || reserved, ';')
         FROM (SELECT * FROM products ORDER BY id)",
        "SELECT group_concat(number || '|' || customer_code || '|' || status || '|' || order_date || '|' || total, ';')
         FROM (SELECT * FROM orders ORDER BY id)",
        "SELECT group_concat(number || '|' || issue_date || '|' || total || '|' || paid, ';') FROM (SELECT * FROM invoices ORDER BY id)",
        "SELECT group_concat(code || '|' || subject || '|' || status || '|' || opened_at || '|' || IFNULL(closed_at, '-') || '|'
             || IFNULL(assignee, '-') || '|' || IFNULL(root_cause, '-') || '|' || message_zh, ';')
         FROM (SELECT * FROM exceptions ORDER BY id)",
    ];

    #[test]
    fn the_same_seed_makes_the_same_shop() {
        let (first, first_report) = filled(7);
        let (second, second_report) = filled(7);
        assert_eq!(first_report, second_report);
        for sql in FINGERPRINTS {
            let fingerprint = text(&first, sql);
            assert!(!fingerprint.is_empty(), "{sql}");
            assert_eq!(fingerprint, text(&second, sql), "{sql}");
        }
    }

    #[test]
    fn different_seeds_make_different_shops() {
        let (first, _) = filled(1);
        let (second, _) = filled(2);
        assert_ne!(text(&first, FINGERPRINTS[0]), text(&second, FINGERPRINTS[0]));
        assert_ne!(text(&first, FINGERPRINTS[2]), text(&second, FINGERPRINTS[2]));
    }

    #[test]
    fn stock_figures_match_the_ledger_and_the_open_orders() {
        let (store, report) = filled(3);
        assert_eq!(report.customers, 30);
        assert_eq!(report.products, 40);
        assert_eq!(report.orders, 300);
        assert!(store.ledger_mismatches().expect("ledger").is_empty());
        let negative = count(
            &store,
            "SELECT COUNT(*) FROM (SELECT SUM(qty) OVER (PARTITION BY product_id ORDER BY id) AS balance FROM stock_movements) WHERE balance < 0",
        );
        assert_eq!(negative, 0, "the running balance never goes below zero");
        let wrong_reserved = count(
            &store,
            "SELECT COUNT(*) FROM products p WHERE p.reserved <> IFNULL((SELECT SUM(l.qty - l.shipped_qty) FROM order_lines l
                 JOIN orders o ON o.id = l.order_id WHERE l.product_id = p.id AND o.status IN ('confirmed', 'partially_shipped')), 0)",
        );
        assert_eq!(wrong_reserved, 0);
        assert!(count(&store, "SELECT COUNT(*) FROM products WHERE on_hand = 0") >= 1, "a few products are sold out");
        assert_eq!(count(&store, "SELECT COUNT(*) FROM products WHERE on_hand < 0 OR on_hand > 1000000"), 0);
        assert!(count(&store, "SELECT COUNT(*) FROM stock_movements WHERE kind = 'receipt'") > 0);
        let unmatched_shipments = count(
            &store,
            "SELECT COUNT(*) FROM order_lines l WHERE l.shipped_qty <> IFNULL((SELECT SUM(sl.qty) FROM shipment_lines sl WHERE sl.order_line_id = l.id), 0)",
        );
        assert_eq!(unmatched_shipments, 0);
    }

    #[test]
    fn order_states_agree_with_their_rows() {
        let (store, report) = filled(5);
        let checks = [
            "SELECT COUNT(*) FROM orders o JOIN invoices i ON i.order_id = o.id WHERE o.status = 'paid' AND i.paid < i.total",
            "SELECT COUNT(*) FROM order_lines WHERE shipped_qty > qty OR invoiced_qty > shipped_qty",
            "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status IN ('shipped', 'invoiced', 'paid') AND l.shipped_qty <> l.qty",
            "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status IN ('invoiced', 'paid') AND l.invoiced_qty <> l.qty",
            "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.status IN ('confirmed', 'cancelled', 'open', 'awaiting_correction', 'awaiting_approval', 'awaiting_restock') AND l.shipped_qty > 0",
            "SELECT COUNT(*) FROM orders o WHERE o.status = 'invoiced' AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id AND i.paid < i.total)",
            "SELECT COUNT(*) FROM invoices i WHERE i.paid <> IFNULL((SELECT SUM(p.amount) FROM payments p WHERE p.invoice_id = i.id), 0)",
            "SELECT COUNT(*) FROM invoices i WHERE i.subtotal <> (SELECT SUM(il.line_total) FROM invoice_lines il WHERE il.invoice_id = i.id)",
            "SELECT COUNT(*) FROM orders o WHERE o.total <> (SELECT SUM(l.line_total) FROM order_lines l WHERE l.order_id = o.id)",
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'created')",
            "SELECT COUNT(*) FROM orders o WHERE o.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'cancelled')",
        ];
        for sql in checks {
            assert_eq!(count(&store, sql), 0, "{sql}");
        }
        for status in
            ["paid", "invoiced", "shipped", "partially_shipped", "confirmed", "cancelled", "awaiting_approval", "awaiting_correction"]
        {
            let found = count(&store, &format!("SELECT COUNT(*) FROM orders WHERE status = '{status}'"));
            assert!(found > 0, "no {status} order");
        }
        assert!(count(&store, "SELECT COUNT(*) FROM orders WHERE status IN ('open', 'awaiting_restock')") > 0);
        assert_eq!(report.invoices as i64, count(&store, "SELECT COUNT(*) FROM invoices"));
        assert_eq!(report.payments as i64, count(&store, "SELECT COUNT(*) FROM payments"));
        assert_eq!(store.verify_audit().expect("audit"), None);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM audit_log WHERE entity = 'demo'"), 1);
    }

    #[test]
    fn numbers_are_gap_free_and_match_the_sequences() {
        let (store, _) = filled(11);
        for (kind, table, prefix) in [("order", "orders", "SO-"), ("invoice", "invoices", "INV-"), ("shipment", "shipments", "SH-")] {
            let year_at = prefix.len() + 1;
            let seq_at = year_at + 5;
            let gaps = count(
                &store,
                &format!(
                    "SELECT COUNT(*) FROM (SELECT substr(number, {year_at}, 4) AS year, COUNT(*) AS n, MAX(CAST(substr(number, {seq_at}) AS INTEGER)) AS top
                     FROM {table} GROUP BY year) WHERE n <> top"
                ),
            );
            assert_eq!(gaps, 0, "{table} numbers have gaps");
            let mismatched = count(
                &store,
                &format!(
                    "SELECT COUNT(*) FROM sequences s WHERE s.kind = '{kind}'
                       AND s.last <> (SELECT COUNT(*) FROM {table} t WHERE substr(t.number, {year_at}, 4) = CAST(s.year AS TEXT))"
                ),
            );
            assert_eq!(mismatched, 0, "{kind} sequence");
            let years = count(&store, &format!("SELECT COUNT(DISTINCT substr(number, {year_at}, 4)) FROM {table}"));
            assert_eq!(years, count(&store, &format!("SELECT COUNT(*) FROM sequences WHERE kind = '{kind}'")));
        }
    }

    #[test]
    fn the_demo_refuses_a_database_that_is_not_empty() {
        let (mut store, _) = filled(1);
        match crate::ops::fill_demo(&mut store, 1, &small(), today()) {
            Err(crate::ops::Error::Store(Error::Invalid(message))) => assert!(message.contains("not empty"), "{message}"),
            other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn a_year_of_handled_exceptions_feeds_the_statistics() {
        let mut store = Store::open_in_memory().expect("store");
        let size = DemoSize { customers: 30, products: 40, orders: 1000 };
        let report = crate::ops::fill_demo(&mut store, 4, &size, today()).expect("demo fills an empty database");
        let stats = store.exception_stats(today()).expect("stats");
        let busy_weeks = stats.weekly.iter().filter(|(_, counts)| !counts.is_empty()).count();
        assert!(busy_weeks >= 8, "only {busy_weeks} weeks with exceptions: {:?}", stats.weekly);
        assert!(stats.overall_median_hours.is_some_and(|hours| hours > 0.0), "a median resolve time");
        assert!(stats.root_causes.len() >= 3, "root causes: {:?}", stats.root_causes);
        assert!(!stats.by_clerk.is_empty());
        assert!(!stats.resolve_hours.is_empty());

        // Only closed ones were added: the open count is still what the checks and scans found.
        assert_eq!(report.exceptions as i64, store.count_open_exceptions().expect("count"));
        let closed = "status IN ('resolved', 'waived')";
        let live_codes = "('PRICE_MISMATCH', 'DISCOUNT_NOT_APPLIED', 'STOCK_SHORT', 'CREDIT_LIMIT_EXCEEDED', 'CUSTOMER_INCOMPLETE',
                           'DUPLICATE_ORDER', 'QTY_UNUSUAL')";
        let live = count(&store, &format!("SELECT COUNT(*) FROM exceptions WHERE {closed} AND code IN {live_codes}"));
        assert!((50..=180).contains(&live), "{live} live-check exceptions for 1000 orders: about one in ten");
        for scan in ["INVOICE_NOT_ISSUED", "INVOICE_OVERDUE", "ORDER_NOT_SHIPPED"] {
            assert!(count(&store, &format!("SELECT COUNT(*) FROM exceptions WHERE {closed} AND code = '{scan}'")) > 0, "no past {scan}");
        }
        let rules = [
            // Opened on its day, closed after it opened and before the fill's "now".
            format!(
                "SELECT COUNT(*) FROM exceptions WHERE {closed} AND (closed_at IS NULL OR closed_at <= opened_at
                   OR closed_at > '2026-03-15T19:00:00' OR substr(opened_at, 1, 10) <> opened)"
            ),
            // Waived only when approvable or a warning.
            "SELECT COUNT(*) FROM exceptions WHERE status = 'waived' AND severity = 'block' AND approvable = 0".to_string(),
            // Resolved by hand means a root cause and a corrective action.
            "SELECT COUNT(*) FROM exceptions e WHERE status = 'resolved' AND (root_cause IS NULL OR corrective_action = '')
               AND NOT EXISTS (SELECT 1 FROM exception_events v WHERE v.exception_id = e.id AND v.kind = 'auto_resolved')"
                .to_string(),
            // Severity, approvability and department as the code says.
            format!(
                "SELECT COUNT(*) FROM exceptions WHERE {closed} AND (
                   (code = 'PRICE_MISMATCH' AND (severity <> 'block' OR approvable <> 1 OR department <> 'sales'))
                   OR (code = 'STOCK_SHORT' AND (severity <> 'warn' OR department <> 'warehouse'))
                   OR (code = 'INVOICE_OVERDUE' AND (department <> 'finance' OR subject_kind <> 'invoice')))"
            ),
            // One history row per version, opened first and closed last, in time order.
            format!(
                "SELECT COUNT(*) FROM exceptions e WHERE {closed}
                   AND version <> (SELECT COUNT(*) FROM exception_events v WHERE v.exception_id = e.id)"
            ),
            format!(
                "SELECT COUNT(*) FROM exceptions e WHERE {closed}
                   AND (SELECT kind FROM exception_events v WHERE v.exception_id = e.id ORDER BY v.id LIMIT 1) <> 'opened'"
            ),
            "SELECT COUNT(*) FROM exception_events a JOIN exception_events b ON b.exception_id = a.exception_id AND b.id > a.id
             WHERE b.at < a.at"
                .to_string(),
            // About documents that exist, and live checks only about orders past their checks.
            format!(
                "SELECT COUNT(*) FROM exceptions e WHERE {closed} AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.number = e.subject)
                   AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.number = e.subject)"
            ),
            format!(
                "SELECT COUNT(*) FROM exceptions e JOIN orders o ON o.number = e.subject WHERE e.{closed} AND e.code IN {live_codes}
                   AND o.status IN ('open', 'awaiting_correction', 'awaiting_approval', 'awaiting_restock')"
            ),
            // Assigned within the department.
            format!(
                "SELECT COUNT(*) FROM exceptions WHERE {closed} AND NOT (
                   (department = 'sales' AND assignee IN ('wang', 'li', 'admin'))
                   OR (department = 'warehouse' AND assignee IN ('zhao', 'li'))
                   OR (department = 'finance' AND assignee IN ('chen', 'admin')))"
            ),
        ];
        for sql in &rules {
            assert_eq!(count(&store, sql), 0, "{sql}");
        }
    }

    #[test]
    fn every_problem_shows_up_in_the_inbox() {
        let (store, report) = filled(9);
        let open: Vec<String> = {
            let mut statement =
                store.conn.prepare("SELECT DISTINCT code FROM exceptions WHERE status = 'open' ORDER BY code").expect("prepare");
            let rows = statement.query_map([], |row| row.get(0)).expect("query");
            rows.collect::<rusqlite::Result<_>>().expect("rows")
        };
        for code in [
            "INVOICE_OVERDUE",
            "PAYMENT_UNMATCHED",
            "ORDER_NOT_SHIPPED",
            "INVOICE_NOT_ISSUED",
            "ORDER_NOT_CONFIRMED",
            "STOCK_BELOW_REORDER",
            "DUPLICATE_ORDER",
            "STOCK_SHORT",
            "CREDIT_LIMIT_EXCEEDED",
            "CUSTOMER_BLOCKED",
            "CUSTOMER_INCOMPLETE",
            "PRICE_MISMATCH",
        ] {
            assert!(open.iter().any(|found| found == code), "no open {code} in {open:?}");
        }
        for code in ["INVOICE_MISMATCH", "STOCK_OUT_OF_SYNC"] {
            assert!(!open.iter().any(|found| found == code), "unexpected {code}");
        }
        assert_eq!(report.exceptions as i64, store.count_open_exceptions().expect("count"));
        let c001 = store.get_customer_by_code("C001").expect("query").expect("C001 exists");
        assert_eq!(c001.name, "张三五金店");
        assert_eq!(c001.phone, "13800138000");
        assert!(!c001.address.is_empty());
        let p001 = store.get_product_by_sku("P001").expect("query").expect("P001 exists");
        assert_eq!(p001.unit, "盒");
        assert!(store.search_customers("zswj", 5, false).expect("search").iter().any(|c| c.code == "C001"));
        assert!(store.get_user("zhao").expect("user").is_some());
        let over_limit = count(
            &store,
            "SELECT COUNT(*) FROM customers c WHERE c.credit_limit IS NOT NULL
               AND c.credit_limit < (SELECT IFNULL(SUM(i.total - i.paid), 0) FROM invoices i WHERE i.customer_id = c.id AND i.paid < i.total)",
        );
        assert!(over_limit >= 1, "one customer owes more than their limit");
    }
}
