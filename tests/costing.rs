//! Cost and margin (成本, 毛利) and the stock summary (进销存汇总) against the raw books, on
//! both engines. Over random histories — receipts at changing costs from suppliers, orders
//! shipped in parts, returns, corrections and counts over three months — each product's cost is
//! the moving average replayed from its ledger, every stock summary row is rebuilt from the raw
//! ledger rows to the unit and the cent (and periods chain), the margin's revenue and cost are
//! rebuilt from the raw shipment lines and returns, its cost is the ledger's value of what left
//! less what came back, and returns come back at the cost they left at. Then the contract:
//! `receive --cost --supplier`, `report margin|stock` as JSON and files, refusals that change
//! nothing, an imported cost for a product in stock reported and not applied, and the price
//! floor reading the moving average.

mod common;

use chrono::NaiveDate;
use common::{Shop, books_of, check_books, rows};
use kaidan::domain::money::round_cents;
use kaidan::domain::order::{LineInput, OrderInput};
use kaidan::ops;
use kaidan::store::costing::{StockFigure, StockRow};
use kaidan::store::products::moving_average;
use kaidan::store::{Store, money, pct, qty};
use rust_decimal::Decimal;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// A small deterministic generator (the same history for a seed on both engines).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

const SKUS: [&str; 2] = ["P001", "P002"];

/// A random three-month history through the public operations; the books are checked as it goes.
fn history(shop: &Shop, seed: u64) {
    let mut store = Store::open(&shop.db).expect("store");
    let mut rng = Rng(seed);
    let mut orders: Vec<String> = vec![];
    let mut today = day("2026-09-01");
    for step in 0..150 {
        today += chrono::Duration::days(rng.below(2) as i64);
        let ctx = ops::ctx_for(&store, "admin", today, format!("{today}T10:00:00"), kaidan::i18n::Lang::En).expect("ctx");
        let sku = SKUS[rng.below(2) as usize];
        match rng.below(8) {
            0 | 1 => {
                let receipt = ops::Receipt {
                    reference: format!("GR-{step}"),
                    cost: (rng.below(4) != 0).then(|| Decimal::new(100 + rng.below(1400) as i64, 2)),
                    supplier: ["华强五金", "Delta Supply", ""][rng.below(3) as usize].to_string(),
                };
                ops::receive(&mut store, &ctx, sku, Decimal::from(1 + rng.below(40)), receipt).expect("receive");
            }
            2 | 3 => {
                let mut lines = vec![];
                for sku in SKUS {
                    if rng.below(3) != 0 {
                        lines.push(LineInput { sku: sku.to_string(), qty: Decimal::from(1 + rng.below(15)), ..Default::default() });
                    }
                }
                if lines.is_empty() {
                    continue;
                }
                let input = OrderInput { customer: "C002".into(), lines, ..Default::default() };
                if let Ok(saved) = ops::submit_order(&mut store, &ctx, &input) {
                    let _ = ops::confirm(&mut store, &ctx, &saved.number);
                    orders.push(saved.number);
                }
            }
            4 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                let part = if rng.below(2) == 0 { vec![] } else { vec![(sku.to_string(), Decimal::from(1 + rng.below(5)))] };
                let _ = ops::ship(&mut store, &ctx, &order, &part);
            }
            5 if !orders.is_empty() => {
                let order = orders[rng.below(orders.len() as u64) as usize].clone();
                if rng.below(2) == 0 {
                    let _ = ops::invoice(&mut store, &ctx, &order);
                }
                let _ = ops::record_return(&mut store, &ctx, &order, &[(sku.to_string(), Decimal::from(1 + rng.below(3)))], "damaged");
            }
            6 => {
                let change = Decimal::from(rng.below(7) as i64 - 3);
                if !change.is_zero() {
                    let _ = ops::adjust(&mut store, &ctx, sku, change, "broken in the store");
                }
            }
            7 => {
                let product = store.get_product_by_sku(sku).expect("read").expect("product");
                let counted = (product.on_hand + Decimal::from(rng.below(5) as i64 - 2)).max(Decimal::ZERO);
                ops::book_count(&mut store, &ctx, &[(sku.to_string(), counted)]).expect("count");
            }
            _ => {}
        }
        if step % 50 == 49 {
            check_books(&books_of(&shop.db), &format!("seed {seed} step {step}"));
        }
    }
}

/// One raw ledger row: product, kind, at, qty, unit cost (scaled), value (scaled).
type LedgerRow = (String, String, String, i64, Option<i64>, i64);

fn ledger(conn: &rusqlite::Connection) -> Vec<LedgerRow> {
    rows(
        conn,
        "SELECT p.sku, m.kind, m.at, m.qty, m.unit_cost, m.value FROM stock_movements m JOIN products p ON p.id = m.product_id ORDER BY m.id",
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)),
    )
}

/// A stock summary row rebuilt from the raw ledger rows.
fn rebuilt(ledger: &[LedgerRow], sku: &str, from: NaiveDate, to: NaiveDate) -> StockRow {
    let (start, end) = (from.to_string(), to.succ_opt().expect("day").to_string());
    let mut row = StockRow { sku: sku.to_string(), ..Default::default() };
    let add = |figure: &mut StockFigure, units: Decimal, value: Decimal| {
        figure.qty += units;
        figure.value += value;
    };
    for (product, kind, at, units, _, value) in ledger.iter().filter(|row| row.0 == sku && row.2.as_str() < end.as_str()) {
        let (units, value) = (qty(*units), money(*value));
        let _ = product;
        if at.as_str() < start.as_str() {
            add(&mut row.opening, units, value);
            continue;
        }
        match kind.as_str() {
            "receipt" => add(&mut row.received, units, value),
            "return" => add(&mut row.returned, units, value),
            "shipment" => add(&mut row.shipped, -units, -value),
            _ => add(&mut row.adjusted, units, value),
        }
    }
    row.closing = StockFigure {
        qty: row.opening.qty + row.received.qty + row.returned.qty - row.shipped.qty + row.adjusted.qty,
        value: row.opening.value + row.received.value + row.returned.value - row.shipped.value + row.adjusted.value,
    };
    row
}

#[test]
fn costs_average_and_the_summary_and_margin_rebuild_from_the_raw_books() {
    for seed in [3, 11, 29] {
        let shop = Shop::new();
        history(&shop, seed);
        let conn = books_of(&shop.db);
        check_books(&conn, &format!("history {seed}"));
        let store = Store::open(&shop.db).expect("store");
        let ledger = ledger(&conn);

        // The cost is the moving average replayed over the ledger: a movement in at a cost
        // (opening, receipt, return) averages in; nothing else changes it.
        for sku in SKUS {
            let (mut on_hand, mut average) = (Decimal::ZERO, None);
            for (_, kind, _, units, unit_cost, _) in ledger.iter().filter(|row| row.0 == sku) {
                let units = qty(*units);
                if matches!(kind.as_str(), "opening" | "receipt" | "return")
                    && units > Decimal::ZERO
                    && let Some(cost) = unit_cost
                {
                    average = Some(moving_average(on_hand, average, units, money(*cost)));
                }
                on_hand += units;
            }
            let product = store.get_product_by_sku(sku).expect("read").expect("product");
            assert_eq!(product.cost, average, "seed {seed}: {sku}'s cost is not its moving average");
            assert_eq!(product.on_hand, on_hand);
        }

        // Every row of the summary, for the whole span and for periods cut anywhere, is the
        // ledger's; one period's closing is the next one's opening.
        let (first, last) = (day("2026-09-01"), day("2026-12-31"));
        let whole = store.stock_summary(first, last).expect("summary");
        for sku in SKUS {
            let row = whole.products.iter().find(|row| row.sku == sku).expect("row");
            let expected = rebuilt(&ledger, sku, first, last);
            assert_eq!(
                (&row.opening, &row.received, &row.returned, &row.shipped, &row.adjusted, &row.closing),
                (&expected.opening, &expected.received, &expected.returned, &expected.shipped, &expected.adjusted, &expected.closing),
                "seed {seed} {sku}"
            );
            let product = store.get_product_by_sku(sku).expect("read").expect("product");
            assert_eq!(row.closing.qty, product.on_hand, "seed {seed} {sku}: the closing quantity is on hand");
        }
        for cut in ["2026-09-15", "2026-10-01", "2026-10-31", "2026-11-20"] {
            let before = store.stock_summary(first, day(cut)).expect("before");
            let after = store.stock_summary(day(cut).succ_opt().expect("day"), last).expect("after");
            for sku in SKUS {
                let a = before.products.iter().find(|row| row.sku == sku).expect("before row");
                let b = after.products.iter().find(|row| row.sku == sku).expect("after row");
                assert_eq!(a.closing, b.opening, "seed {seed} {sku} cut {cut}");
                assert_eq!(*a, rebuilt(&ledger, sku, first, day(cut)).with_names(a), "seed {seed} {sku} to {cut}");
            }
        }

        // The margin: revenue and cost rebuilt from the raw shipment lines and returns; its cost is
        // the ledger's value of what left less what came back; the lists add up to the total.
        let moved = rows(
            &conn,
            "SELECT s.shipped_on, sl.qty, l.unit_price, l.discount_pct, sl.unit_cost, 1 FROM shipment_lines sl
               JOIN shipments s ON s.id = sl.shipment_id JOIN order_lines l ON l.id = sl.order_line_id
             UNION ALL
             SELECT r.returned_on, r.qty, l.unit_price, l.discount_pct, r.unit_cost, -1 FROM returns r JOIN order_lines l ON l.id = r.order_line_id",
            |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?, row.get::<_, Option<i64>>(4)?, row.get::<_, i64>(5)?))
            },
        );
        let mut margins = 0;
        for (from, to) in
            [("2026-09-01", "2026-12-31"), ("2026-09-01", "2026-09-30"), ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30")]
        {
            let report = store.margin_report(day(from), day(to)).expect("margin");
            let (mut revenue, mut cost) = (Decimal::ZERO, Decimal::ZERO);
            for (on, units, price, discount, unit_cost, sign) in moved.iter().filter(|row| row.0.as_str() >= from && row.0.as_str() <= to) {
                let units = qty(*units) * Decimal::from(*sign);
                revenue += round_cents(units * money(*price) * (Decimal::ONE_HUNDRED - pct(*discount)) / Decimal::ONE_HUNDRED);
                let cost_here = units * money(unit_cost.expect("every line of this shop has a cost"));
                cost += cost_here.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                let _ = on;
            }
            assert_eq!((report.total.revenue, report.total.cost), (revenue, cost), "seed {seed} {from}..{to}");
            let summary = store.stock_summary(day(from), day(to)).expect("summary");
            assert_eq!(report.total.cost, summary.total.shipped.value - summary.total.returned.value, "seed {seed} {from}..{to}");
            for list in [&report.orders, &report.products, &report.customers] {
                let sum: (Decimal, Decimal) =
                    list.iter().fold((Decimal::ZERO, Decimal::ZERO), |sum, row| (sum.0 + row.revenue, sum.1 + row.cost));
                assert_eq!(sum, (report.total.revenue, report.total.cost), "seed {seed} {from}..{to}");
            }
            margins += report.orders.len();
        }
        assert!(margins > 10, "seed {seed}: the history shipped ({margins} order rows)");

        // Returns came back at the cost their line left at.
        let returned = rows(
            &conn,
            "SELECT r.unit_cost, (SELECT SUM(sl.qty * sl.unit_cost) FROM shipment_lines sl WHERE sl.order_line_id = r.order_line_id),
                    (SELECT SUM(sl.qty) FROM shipment_lines sl WHERE sl.order_line_id = r.order_line_id)
               FROM returns r",
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?)),
        );
        assert!(!returned.is_empty(), "seed {seed}: the history returned goods");
        for (unit_cost, value, units) in returned {
            let left_at = (Decimal::from(value) / Decimal::from(units))
                .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(Decimal::from(unit_cost), left_at, "seed {seed}: a return's cost is its line's shipped cost");
        }
    }
}

trait WithNames {
    fn with_names(self, like: &StockRow) -> StockRow;
}

impl WithNames for StockRow {
    fn with_names(self, like: &StockRow) -> StockRow {
        StockRow { name: like.name.clone(), unit: like.unit.clone(), ..self }
    }
}

#[test]
fn the_moving_average_by_hand() {
    // 6 on hand at 21.86, 10 more at 30: (131.16 + 300) / 16.
    assert_eq!(moving_average(dec("6"), Some(dec("21.86")), dec("10"), dec("30")), dec("26.9475"));
    // Nothing on hand, or no cost known: the receipt's cost.
    assert_eq!(moving_average(Decimal::ZERO, Some(dec("21.86")), dec("10"), dec("30")), dec("30"));
    assert_eq!(moving_average(dec("-2"), Some(dec("21.86")), dec("10"), dec("30")), dec("30"));
    assert_eq!(moving_average(dec("5"), None, dec("10"), dec("30")), dec("30"));
    // Rounded to four decimals, half away from zero: (1 × 1 + 2 × 0) / 3.
    assert_eq!(moving_average(dec("1"), Some(dec("1")), dec("2"), dec("0")), dec("0.3333"));
    assert_eq!(moving_average(dec("1"), Some(dec("2")), dec("2"), dec("0")), dec("0.6667"));
}

#[test]
fn receipts_with_cost_and_the_reports_through_the_contract() {
    let shop = Shop::new();
    // P001: 100 on hand at 8 (the import's opening stock). 50 more at 11 from a supplier.
    let out = shop.ok(&["receive", "P001", "50", "--cost", "11", "--supplier", "华强五金", "--ref", "GR-7"]);
    assert!(out.contains("P001 150"), "{out}");
    let store = Store::open(&shop.db).expect("store");
    assert_eq!(store.get_product_by_sku("P001").expect("read").expect("P001").cost, Some(dec("9")), "(100 × 8 + 50 × 11) / 150");
    drop(store);
    let conn = books_of(&shop.db);
    let receipt: (String, i64, i64) = conn
        .query_row("SELECT supplier, unit_cost, value FROM stock_movements WHERE kind = 'receipt'", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .expect("receipt");
    assert_eq!(receipt, ("华强五金".to_string(), 110_000, 5_500_000));
    drop(conn);

    // Bad input: exit 2 and nothing written.
    let before = shop.dump();
    for bad in [
        vec!["receive", "P001", "5", "--cost", "abc"],
        vec!["receive", "P001", "5", "--cost", "-1"],
        vec!["receive", "P001", "5", "--cost", "1.23456"],
        vec!["receive", "P001", "5", "--cost", "9999999999999"],
        vec!["report", "margin", "--from", "2026-12-31", "--to", "2026-01-01"],
        vec!["report", "costs", "--from", "2026-01-01", "--to", "2026-12-31"],
    ] {
        let message = shop.refused(&bad, 2);
        assert!(!message.contains("panicked"), "{message}");
    }
    let message = shop.refused(&["receive", "P001", "5", "--cost", "-1"], 2);
    assert!(message.contains("--cost"), "the refusal names the field: {message}");
    assert_eq!(shop.dump(), before, "a refusal changes nothing");

    // Sell 10 at the agreed 5 % off 12.50, ship, return 2: revenue 8 × 11.875, cost 8 × 9.
    let draft = shop.order("o.json", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "10"}]}"#);
    let submitted = shop.json(&["submit", &draft, "--json"], 0);
    let order = submitted["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &order]);
    shop.ok(&["ship", &order]);
    shop.ok(&["return", &order, "--line", "P001=2", "--reason", "damaged"]);
    let today = common::TODAY;
    let margin = shop.json(&["report", "margin", "--from", today, "--to", today, "--json"], 0);
    assert_eq!(margin["total"]["revenue"], "95.00", "{margin}");
    assert_eq!(margin["total"]["cost"], "72.00", "{margin}");
    assert_eq!(margin["total"]["margin"], "23.00", "{margin}");
    assert_eq!(margin["orders"][0]["number"], order.as_str());
    assert_eq!(margin["products"][0]["sku"], "P001");
    assert_eq!(margin["products"][0]["qty"], "8");
    assert_eq!(margin["customers"][0]["code"], "C002");
    let stock = shop.json(&["report", "stock", "--from", today, "--to", today, "--json"], 0);
    let p001 = stock["products"].as_array().expect("products").iter().find(|row| row["sku"] == "P001").expect("P001").clone();
    for (key, value) in [
        ("opening", "0"),
        ("adjusted", "100"),
        ("adjusted_value", "800.00"),
        ("received", "50"),
        ("received_value", "550.00"),
        ("shipped", "10"),
        ("shipped_value", "90.00"),
        ("returned", "2"),
        ("returned_value", "18.00"),
        ("closing", "142"),
        ("closing_value", "1278.00"),
    ] {
        assert_eq!(p001[key], value, "{key}: {p001}");
    }
    // Files: CSV and XLSX of what the report shows, in the language asked for.
    let csv = shop.path("margin.csv");
    let out = shop.ok(&["report", "margin", "--from", today, "--to", today, "-o", csv.to_str().expect("utf8")]);
    assert!(out.contains("rows in"), "{out}");
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.lines().any(|line| line.starts_with("Total,") && line.contains("95.00") && line.contains("72.00")), "{text}");
    let xlsx = shop.path("stock.xlsx");
    shop.ok(&["report", "stock", "--from", today, "--to", today, "-o", xlsx.to_str().expect("utf8")]);
    let table = kaidan::tabular::read_table(&xlsx).expect("read the xlsx back");
    assert!(
        table.rows.iter().any(|(_, cells)| cells.first().map(String::as_str) == Some("P001") && cells.contains(&"1278.00".to_string()))
    );
}

#[test]
fn an_imported_or_typed_cost_waits_for_an_empty_shelf() {
    let shop = Shop::new();
    // P001 has 100 on hand: the file's cost is reported, not applied. P003 has 10; P004 is new.
    shop.write("costs.csv", "sku,name,price,cost\nP001,不锈钢螺栓,12.50,9.5\nP004,新品,5,3\n");
    let (stdout, stderr) = shop.code(&["import", "products", shop.path("costs.csv").to_str().expect("utf8")], 0);
    let out = format!("{stdout}{stderr}");
    assert!(out.contains("costs.csv:2: cost") && out.contains("not applied"), "{out}");
    let mut store = Store::open(&shop.db).expect("store");
    assert_eq!(store.get_product_by_sku("P001").expect("read").expect("P001").cost, Some(dec("8")));
    assert_eq!(store.get_product_by_sku("P004").expect("read").expect("P004").cost, Some(dec("3")));
    // The product card keeps the moving average while there is stock (a card opened before the
    // last receipt saves its other fields, not its old cost); clearing the cost is refused.
    let admin = common::ctx(&store, "admin");
    let mut p001 = store.get_product_by_sku("P001").expect("read").expect("P001");
    p001.cost = Some(dec("9.5"));
    p001.name = "不锈钢螺栓 (盒)".into();
    ops::save_product(&mut store, &admin, &p001, Decimal::ZERO).expect("saved");
    let saved = store.get_product_by_sku("P001").expect("read").expect("P001");
    assert_eq!((saved.name.as_str(), saved.cost), ("不锈钢螺栓 (盒)", Some(dec("8"))));
    let mut cleared = saved.clone();
    cleared.cost = None;
    let refused = ops::save_product(&mut store, &admin, &cleared, Decimal::ZERO).expect_err("refused");
    assert!(refused.to_string().contains("receipts"), "{refused}");
    // Once the shelf is empty the cost may be set again.
    ops::adjust(&mut store, &admin, "P001", dec("-100"), "sold off").expect("empty");
    let p001 = store.get_product_by_sku("P001").expect("read").expect("P001");
    let mut changed = p001.clone();
    changed.cost = Some(dec("9.5"));
    ops::save_product(&mut store, &admin, &changed, Decimal::ZERO).expect("saved");
    check_books(&books_of(&shop.db), "costs typed");
}

#[test]
fn the_price_floor_reads_the_moving_average() {
    let shop = Shop::new();
    // P003 has no minimum price: its floor is its cost (20, 10 on hand). 10 more at 40 make it 30.
    shop.ok(&["receive", "P003", "10", "--cost", "40"]);
    let check = |price: &str| -> Vec<String> {
        let order =
            format!(r#"{{"customer": "C002", "lines": [{{"sku": "P003", "qty": "1", "unit_price": "{price}", "discount_pct": "0"}}]}}"#);
        let path = shop.write("floor.json", &order);
        let out = shop.json(&["check", path.to_str().expect("utf8"), "--json"], 1);
        let codes: Vec<String> =
            out["findings"].as_array().expect("findings").iter().map(|f| f["code"].as_str().unwrap_or("").to_string()).collect();
        codes
    };
    assert!(check("25").contains(&"PRICE_BELOW_FLOOR".to_string()), "25 is below the average cost 30");
    assert!(!check("31").contains(&"PRICE_BELOW_FLOOR".to_string()), "31 is above the average cost 30");
}

#[test]
fn receipts_at_a_cost_and_the_margin_and_stock_summary_in_the_window() {
    use common::window::*;
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use kaidan::i18n::{Lang, ui as tu, ui_finance as tf, ui_master as tm};
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().expect("dir");
        let path = shop(dir.path());
        // Stock → P1 → Receive…: 10 at 7.50 from a supplier (P1 has 5 on hand at no known cost).
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        click(&mut harness, tu::TAB_STOCK.get(lang));
        harness.query_all_by_label("P1").next().expect("the product row").click();
        harness.run_steps(3);
        click(&mut harness, tm::RECEIVE_DOTS.get(lang));
        // The cursor is in Quantity as the dialog opens: the keys go there.
        harness.run_steps(2);
        harness.event(egui::Event::Text("10".into()));
        harness.run_steps(2);
        type_into(&mut harness, tm::F_UNIT_COST.get(lang), "7.5");
        type_into(&mut harness, tm::F_SUPPLIER.get(lang), "华强五金");
        click(&mut harness, tu::OK.get(lang));
        run_until(&mut harness, |harness| harness.state().notice().is_some());
        let conn = books_of(&path);
        let (cost, supplier, on_hand): (i64, String, i64) = conn
            .query_row(
                "SELECT m.unit_cost, m.supplier, p.on_hand FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE m.kind = 'receipt'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .expect("receipt");
        assert_eq!((cost, supplier.as_str(), on_hand), (75_000, "华强五金", 15_000), "{lang:?}");
        let product_cost: i64 = conn.query_row("SELECT cost FROM products WHERE sku = 'P1'", [], |row| row.get(0)).expect("cost");
        assert_eq!(product_cost, 75_000, "{lang:?}: no cost was known, so the receipt's cost is the product's");
        drop(conn);
        drop(harness);

        // Sell 4 at 10 and look at this month in Reports: revenue 40, cost 30, margin 10.
        {
            let mut store = Store::open(&path).expect("store");
            let admin = common::ctx(&store, "admin");
            let input = OrderInput {
                customer: "C1".into(),
                lines: vec![LineInput { sku: "P1".into(), qty: Decimal::from(4), ..Default::default() }],
                ..Default::default()
            };
            let saved = ops::submit_order(&mut store, &admin, &input).expect("submit");
            ops::confirm(&mut store, &admin, &saved.number).expect("confirm");
            ops::ship(&mut store, &admin, &saved.number, &[]).expect("ship");
        }
        let mut harness = window_sized(&path, lang, 1024.0, 3200.0);
        harness.run_steps(2);
        click(&mut harness, tu::TAB_REPORTS.get(lang));
        click(&mut harness, tf::R_THIS_MONTH.get(lang));
        run_until(&mut harness, |harness| harness.query_all_by_label("25.0%").next().is_some());
        for shown in ["40.00", "30.00", "10.00", "25.0%"] {
            assert!(harness.query_all_by_label(shown).next().is_some(), "{lang:?}: the margin shows {shown}");
        }
        // By product: P1, 4 units. The stock summary: the 5 entered with no cost were valued at the
        // first cost (7.50) when the 10 came, 4 shipped worth 30.00: closing 11 worth 82.50.
        harness.get_by_role_and_label(Role::Button, tf::R_BY_PRODUCT.get(lang)).click();
        harness.run_steps(3);
        assert!(harness.query_all_by_label("4").next().is_some(), "{lang:?}");
        assert!(harness.query_all_by_label("82.50").next().is_some(), "{lang:?}: the closing value of P1");
        // A period typed by hand, backwards: said, and the last period stays.
        type_into(&mut harness, tf::R_FROM.get(lang), "2026-12-31");
        harness.run_steps(2);
        assert!(harness.query_by_label(tf::R_BAD_PERIOD.get(lang)).is_some(), "{lang:?}");
        // The stock summary's export holds what it shows (the sixth Export… of the tab).
        let file = dir.path().join("stock.csv");
        harness.query_all_by_role_and_label(Role::Button, tf::EXPORT_BUTTON.get(lang)).nth(5).expect("the stock summary's Export…").click();
        harness.run_steps(3);
        type_into(&mut harness, tu::FILE.get(lang), file.to_str().expect("utf8"));
        harness.get_by_role_and_label(Role::Button, tu::EXPORT.get(lang)).click();
        run_until(&mut harness, |_| file.exists());
        let text = std::fs::read_to_string(&file).expect("export");
        assert!(text.lines().any(|line| line.starts_with("P1,") && line.ends_with(",11,82.50")), "{lang:?}: {text}");
        books(&path, "after receiving at a cost and shipping");
    }
}

#[test]
fn an_order_whose_shipped_goods_all_came_back_waits_again_and_is_not_rewritten() {
    let shop = Shop::new();
    let mut store = Store::open(&shop.db).expect("store");
    let admin = common::ctx(&store, "admin");
    let input = OrderInput {
        customer: "C002".into(),
        lines: vec![LineInput { sku: "P001".into(), qty: Decimal::from(10), ..Default::default() }],
        ..Default::default()
    };
    let saved = ops::submit_order(&mut store, &admin, &input).expect("submit");
    ops::confirm(&mut store, &admin, &saved.number).expect("confirm");
    ops::ship(&mut store, &admin, &saved.number, &[("P001".to_string(), Decimal::from(3))]).expect("ship 3");
    ops::record_return(&mut store, &admin, &saved.number, &[("P001".to_string(), Decimal::from(3))], "wrong size").expect("return 3");
    let order = store.get_order(&saved.number).expect("order");
    assert_eq!(order.status, kaidan::domain::OrderStatus::Confirmed, "nothing shipped any more: it waits for its goods");
    assert_eq!(order.lines[0].qty - order.lines[0].shipped_qty, Decimal::from(7), "7 still to ship");
    check_books(&books_of(&shop.db), "after the whole shipment came back");
    // Changing it would drop the lines its shipment and return point at: refused, nothing written.
    let before = common::dump(&books_of(&shop.db));
    let changed = OrderInput { lines: vec![LineInput { sku: "P001".into(), qty: Decimal::from(5), ..Default::default() }], ..input };
    let refused = ops::update_order(&mut store, &admin, &saved.number, &changed, order.version, "fewer").expect_err("refused");
    assert!(refused.to_string().contains("cannot be changed"), "{refused}");
    assert_eq!(common::dump(&books_of(&shop.db)), before);
    // It still ships the rest.
    ops::ship(&mut store, &admin, &saved.number, &[]).expect("ship the rest");
    check_books(&books_of(&shop.db), "after shipping the rest");
}

#[test]
fn stock_that_came_in_without_a_cost_takes_the_first_one() {
    let shop = Shop::new();
    // P005 has 40 on hand and no cost; P006 has 10 and no cost.
    shop.write("nocost.csv", "sku,name,price,stock\nP005,无成本商品,10,40\nP006,另一个,5,10\n");
    shop.ok(&["import", "products", shop.path("nocost.csv").to_str().expect("utf8")]);
    // A receipt at 6: the 40 already there are valued at 6 too (a revaluation row), then 10 more.
    shop.ok(&["receive", "P005", "10", "--cost", "6"]);
    // The card gives P006 its first cost: its 10 are valued at 3.
    {
        let mut store = Store::open(&shop.db).expect("store");
        let admin = common::ctx(&store, "admin");
        let mut p006 = store.get_product_by_sku("P006").expect("read").expect("P006");
        p006.cost = Some(dec("3"));
        ops::save_product(&mut store, &admin, &p006, Decimal::ZERO).expect("first cost");
    }
    let conn = books_of(&shop.db);
    check_books(&conn, "after first costs");
    let worth = |sku: &str| -> (i64, i64) {
        conn.query_row(
            "SELECT p.on_hand, (SELECT SUM(m.value) FROM stock_movements m WHERE m.product_id = p.id) FROM products p WHERE p.sku = ?1",
            [sku],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("worth")
    };
    assert_eq!(worth("P005"), (50_000, 3_000_000), "50 on hand worth 300.00");
    assert_eq!(worth("P006"), (10_000, 300_000), "10 on hand worth 30.00");
    let today = common::TODAY;
    let stock = shop.json(&["report", "stock", "--from", today, "--to", today, "--json"], 0);
    let p005 = stock["products"].as_array().expect("products").iter().find(|row| row["sku"] == "P005").expect("P005").clone();
    assert_eq!((p005["closing"].as_str(), p005["closing_value"].as_str()), (Some("50"), Some("300.00")), "{p005}");
    assert_eq!(p005["adjusted_value"], "240.00", "the revaluation of the 40: {p005}");
}

#[test]
fn an_order_keeps_the_tax_rule_it_was_priced_under() {
    let shop = Shop::new();
    // Saved with prices including 13 % tax: 10 × 12.50 less C002's 5 % = 118.75, tax 13.66 in it.
    shop.ok(&["config", "set", "tax.rate_pct", "13"]);
    shop.ok(&["config", "set", "tax.prices_include_tax", "true"]);
    let draft = shop.order("t.json", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "10"}]}"#);
    let number = shop.json(&["submit", &draft, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &number]);
    shop.ok(&["ship", &number]);
    // The shop changes its habit before invoicing: 6 % added on top.
    shop.ok(&["config", "set", "tax.rate_pct", "6"]);
    shop.ok(&["config", "set", "tax.prices_include_tax", "false"]);
    let invoice = shop.json(&["invoice", &number, "--json"], 0);
    assert_eq!(invoice["amount"], "118.75", "the invoice bills what the order said, under its own rule: {invoice}");
    let shown = shop.json(&["show", invoice["number"].as_str().expect("invoice"), "--json"], 0);
    assert_eq!(shown["tax"], "13.66", "{shown}");
    // The margin counts the order's net (118.75 / 1.13 = 105.09), not its gross.
    let today = common::TODAY;
    let margin = shop.json(&["report", "margin", "--from", today, "--to", today, "--json"], 0);
    assert_eq!(margin["total"]["revenue"], "105.09", "{margin}");
    // Its slip prints prices with tax, as it was saved; a new order follows today's rule.
    let pdf = shop.path("slip.pdf");
    shop.ok(&["print", "order", &number, "-o", pdf.to_str().expect("utf8")]);
    if let Some(text) = common::pdftotext(&pdf) {
        assert!(text.contains("incl. tax"), "{text}");
    }
    let later = shop.order("u.json", r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "10"}]}"#);
    let out = shop.json(&["check", &later, "--json"], 0);
    assert_eq!(out["totals"]["total"], "125.88", "118.75 + 6 % on top: {out}");
    check_books(&books_of(&shop.db), "after a change of the tax setting");
}
