//! The demo's vocabulary: Chinese and English names of places, people, shops and goods, and the
//! product templates the catalogue is drawn from (data, not logic).

pub(super) struct District {
    pub(super) name: &'static str,
    pub(super) roads: &'static [&'static str],
}

pub(super) struct City {
    pub(super) name: &'static str,
    pub(super) short: &'static str,
    pub(super) area: &'static str,
    pub(super) region: &'static str,
    pub(super) districts: &'static [District],
}

pub(super) const CITIES: &[City] = &[
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

pub(super) const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "梁", "郑",
    "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "潘", "袁", "蔡", "蒋", "余", "叶",
];
pub(super) const GIVEN_NAMES: &[&str] =
    &["三", "四", "明", "华", "强", "伟", "军", "平", "东", "海", "林", "峰", "刚", "建国", "志强", "小龙"];
pub(super) const BRANDS: &[&str] = &[
    "宏达", "鑫源", "恒通", "永盛", "金辉", "华强", "顺发", "利民", "兴隆", "大华", "新华", "福满", "万家", "天成", "嘉禾", "瑞丰", "同创",
    "广源", "荣昌",
];
pub(super) const TRADES: &[&str] = &["五金", "建材", "电器", "日用", "食品", "文具", "餐饮", "百货", "水暖", "灯饰", "办公用品"];
pub(super) const SHOP_SUFFIXES: &[&str] = &["店", "商行", "经营部", "批发部", "门市部"];
pub(super) const COMPANY_SUFFIXES: &[&str] = &["有限公司", "贸易有限公司", "实业有限公司"];
pub(super) const MARKETS: &[&str] = &["五金机电城", "建材市场", "小商品城", "批发市场"];
pub(super) const EN_FIRST: &[&str] = &[
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
pub(super) const EN_TRADES: &[&str] =
    &["Hardware", "Building Supplies", "Electrical", "Trading", "Stationery", "Foods", "Catering", "Household Goods"];
pub(super) const EN_SUFFIXES: &[&str] = &["Ltd", "Co.", "Limited", "Store", "Supplies"];
pub(super) const HK_STREETS: &[&str] = &[
    "Queen's Road Central, Central",
    "Nathan Road, Mong Kok, Kowloon",
    "Hennessy Road, Wan Chai",
    "Des Voeux Road West, Sheung Wan",
    "Canton Road, Tsim Sha Tsui, Kowloon",
    "King's Road, North Point",
];
pub(super) const TAX_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
pub(super) const BLOCK_REASONS: &[&str] = &["多次逾期未付款，暂停赊销 (repeatedly overdue)", "账户核对中，暂停发货 (account under review)"];

/// Notes on orders; the last two are only used by the built-in scenarios.
pub(super) const NOTES: &[&str] = &[
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
pub(super) const RANDOM_NOTES: u64 = 9;
pub(super) const NOTE_URGENT: u8 = 9;
pub(super) const NOTE_LAST_PRICE: u8 = 10;
pub(super) const CANCEL_REASONS: &[&str] =
    &["客户取消订单", "重复下单，作废", "缺货，客户改订其他型号", "价格未谈妥", "Customer cancelled by phone", "地址错误，客户重新下单"];
pub(super) const RECEIVERS: &[&str] = &["店主", "前台", "仓管小刘", "王先生", "门卫", "Mr. Chan"];
pub(super) const SUPPLIERS: &[&str] =
    &["永年标准件厂", "宁波五金制品有限公司", "得力文具", "Guangzhou Electrical Supply Co.", "中粮食品配送", "华东建材批发"];
pub(super) const PAY_METHODS: &[&str] = &["cash", "bank_transfer", "wechat", "alipay"];
pub(super) const CREATORS: &[&str] = &["wang", "li", "admin"];
pub(super) const DEMO_USERS: &[(&str, &str)] = &[("wang", "clerk"), ("li", "manager"), ("zhao", "warehouse"), ("chen", "bookkeeper")];

/// The first products of every demo shop: (name, spec, unit, divisible, price in cents).
pub(super) const CURATED: &[(&str, &str, &str, bool, i64)] = &[
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
pub(super) const SOLD_OUT: usize = 8;
/// Discontinued.
pub(super) const INACTIVE: &[usize] = &[11, 17];
/// The expensive one (the big unpaid invoice of the customer over their limit).
pub(super) const PRINTER: usize = 18;

pub(super) struct Template {
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
    pub(super) specs: &'static [&'static str],
    pub(super) unit: &'static str,
    pub(super) divisible: bool,
    /// Price range in cents.
    pub(super) low: i64,
    pub(super) high: i64,
}

pub(super) const TEMPLATES: &[Template] = &[
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
