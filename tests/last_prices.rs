//! PRICE_ABOVE_LAST through the contract (`check --json`, `submit --json`) and the store: the
//! net price on a line against what this customer paid on their latest non-cancelled order of
//! the product — by order date, then number; cancelled orders and the order being edited left
//! out; on both engines.

mod common;

use common::{Shop, TODAY};
use kaidan::ops;
use kaidan::store::Store;
use serde_json::Value;

fn order_of(date: &str, price: &str, discount: &str) -> String {
    format!(
        r#"{{"customer":"C001","order_date":"{date}","lines":[{{"sku":"P001","qty":"2","unit_price":"{price}","discount_pct":"{discount}"}}]}}"#
    )
}

fn submitted(shop: &Shop, name: &str, date: &str, price: &str) -> String {
    let path = shop.order(name, &order_of(date, price, "0"));
    let value = shop.json(&["submit", &path, "--json"], 0);
    value["number"].as_str().expect("a number").to_string()
}

fn above_last(value: &Value) -> Vec<&Value> {
    value["findings"].as_array().expect("findings").iter().filter(|finding| finding["code"] == "PRICE_ABOVE_LAST").collect()
}

#[test]
fn price_above_last_follows_the_customers_latest_order_by_date_then_number() {
    let shop = Shop::new();
    // Prices that differ from the catalogue are the point here.
    shop.ok(&["config", "set", "rules.PRICE_MISMATCH.severity", "off"]);
    let first = submitted(&shop, "a.json", "2026-11-01", "11.00");
    let latest = submitted(&shop, "b.json", "2026-11-10", "11.50");
    let cancelled = submitted(&shop, "c.json", "2026-11-15", "10.50");
    shop.ok(&["cancel", &cancelled, "--reason", "customer changed their mind"]);
    // Entered after the others, but dated before the latest.
    let backdated = submitted(&shop, "d.json", "2026-11-05", "12.00");
    assert_ne!(first, backdated);

    let dearer = shop.order("dearer.json", &order_of(TODAY, "12.00", "0"));
    let value = shop.json(&["check", &dearer, "--json"], 0);
    let found = above_last(&value);
    assert_eq!(found.len(), 1, "{value}");
    assert_eq!(found[0]["severity"], "warn");
    assert_eq!(found[0]["approvable"], false);
    assert_eq!(found[0]["line"], 1);
    assert_eq!(found[0]["field"], "unit_price");
    let message = found[0]["message"].as_str().expect("message");
    assert!(message.contains(&latest) && message.contains("11.50") && message.contains("12.00"), "{message}");
    assert_eq!(value["ok"], true, "a warning does not block");

    let same = shop.order("same.json", &order_of(TODAY, "11.50", "0"));
    assert!(above_last(&shop.json(&["check", &same, "--json"], 0)).is_empty(), "the same price as last time");
    // 12.00 less 4.25 % is 11.49: a net price below last time's.
    let discounted = shop.order("discounted.json", &order_of(TODAY, "12.00", "4.25"));
    assert!(above_last(&shop.json(&["check", &discounted, "--json"], 0)).is_empty(), "net of the discount");

    // Same day as the latest, a later number: that one is the latest now.
    let tie = submitted(&shop, "e.json", "2026-11-10", "11.80");
    let value = shop.json(&["check", &dearer, "--json"], 0);
    let message = above_last(&value)[0]["message"].as_str().expect("message").to_string();
    assert!(message.contains(&tie) && message.contains("11.80"), "{message}");
    let value = shop.json(&["submit", &dearer, "--json"], 0);
    assert_eq!(above_last(&value).len(), 1, "submit reports it too");
    let saved = value["number"].as_str().expect("number").to_string();

    // The order being edited is not its own "last time": checked as the edit of the order just
    // saved at 12.00, the latest is still the 11.80 one; as a new order, it is the 12.00 one.
    let store = Store::open(&shop.db).expect("store");
    let saved_id = store.get_order(&saved).expect("the saved order").id;
    let input = kaidan::order_json::parse_order(&order_of(TODAY, "12.00", "0"), kaidan::i18n::Lang::En).expect("input");
    let today = TODAY.parse().expect("today");
    let has_it = |editing| {
        let checked = ops::check_order(&store, &input, today, editing).expect("check");
        checked.findings.iter().any(|finding| finding.code.as_str() == "PRICE_ABOVE_LAST")
    };
    assert!(has_it(Some(saved_id)), "editing {saved}: above the 11.80 of {tie}");
    assert!(!has_it(None), "as a new order: the same price as {saved}, the latest now");

    // Switched off like any other rule.
    shop.ok(&["config", "set", "rules.PRICE_ABOVE_LAST.severity", "off"]);
    assert!(above_last(&shop.json(&["check", &dearer, "--json"], 0)).is_empty());
}

#[test]
fn a_customer_without_history_of_the_product_gets_no_price_above_last() {
    let shop = Shop::new();
    shop.ok(&["config", "set", "rules.PRICE_MISMATCH.severity", "off"]);
    // Another customer paid less: not this customer's last price.
    let other = shop
        .order("other.json", r#"{"customer":"C002","order_date":"2026-11-10","lines":[{"sku":"P001","qty":"2","unit_price":"11.00"}]}"#);
    shop.json(&["submit", &other, "--json"], 0);
    let dearer = shop.order("dearer.json", &order_of(TODAY, "12.00", "0"));
    assert!(above_last(&shop.json(&["check", &dearer, "--json"], 0)).is_empty());
}

#[test]
fn the_latest_sale_to_anyone_is_by_order_date_then_number() {
    let shop = Shop::new();
    shop.ok(&["config", "set", "rules.PRICE_MISMATCH.severity", "off"]);
    let other = |name: &str, customer: &str, date: &str, price: &str| {
        let path = shop.order(
            name,
            &format!(r#"{{"customer":"{customer}","order_date":"{date}","lines":[{{"sku":"P001","qty":"1","unit_price":"{price}"}}]}}"#),
        );
        shop.json(&["submit", &path, "--json"], 0)["number"].as_str().expect("number").to_string()
    };
    let latest = other("a.json", "C002", "2026-11-12", "13.00");
    // Entered later, dated earlier: not the latest sale.
    let backdated = other("b.json", "C001", "2026-11-02", "11.00");
    let store = Store::open(&shop.db).expect("store");
    let sale = store.last_sale("P001", None).expect("read").expect("a sale");
    assert_eq!((sale.order.as_str(), sale.customer.as_str()), (latest.as_str(), "C002"), "not {backdated}");
    assert_eq!(sale.unit_price, rust_decimal::Decimal::from(13));
    // The order being edited is left out.
    let latest_id = store.get_order(&latest).expect("order").id;
    let sale = store.last_sale("P001", Some(latest_id)).expect("read").expect("a sale");
    assert_eq!(sale.order, backdated);
    assert_eq!(store.last_sale("P002", None).expect("read"), None, "never sold");
}
