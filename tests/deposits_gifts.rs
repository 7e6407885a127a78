//! Deposits (订金), cash and monthly customers, and gift lines (赠品) through the contract, on
//! both engines: a deposit is applied to the order's invoices first one first and lowers the
//! credit exposure; a prepayment given with the order is recorded as one; only what no invoice
//! took can be refunded; an order holding a deposit cannot be cancelled; a gift line is free,
//! exempt from the price and discount checks and from last prices, and still needs stock.
//! Every refusal leaves the database as it was; the books are checked after each step.

mod common;

use common::{Shop, books_of, check_books, pdftotext};
use serde_json::Value;

fn books(shop: &Shop, step: &str) {
    check_books(&books_of(&shop.db), step);
}

fn submit(shop: &Shop, name: &str, json: &str) -> Value {
    let path = shop.order(name, json);
    shop.json(&["submit", &path, "--json"], 0)
}

fn number(value: &Value) -> String {
    value["number"].as_str().expect("a number").to_string()
}

fn deposit_of(shop: &Shop, order: &str) -> Value {
    shop.json(&["show", order, "--json"], 0)["deposit"].clone()
}

#[test]
fn a_deposit_goes_onto_the_invoices_first_one_first_and_only_what_is_left_can_be_refunded() {
    let shop = Shop::new();
    let order = number(&submit(&shop, "a.json", r#"{"customer":"C001","lines":[{"sku":"P001","qty":"10"}]}"#));
    books(&shop, "submitted");

    let value = shop.json(&["deposit", &order, "50", "--method", "cash", "--json"], 0);
    assert_eq!(value["unapplied"], "50.00", "{value}");
    assert_eq!(deposit_of(&shop, &order)["taken"], "50.00");
    books(&shop, "deposit taken");
    // The customer's account and the ageing see the money held: exposure 125.00 − 50.00, and a
    // credit of 50.00 on the customer's balance.
    {
        let store = kaidan::store::Store::open(&shop.db).expect("store");
        let c001 = store.get_customer_by_code("C001").expect("read").expect("C001");
        let account =
            store.customer_account(c001.id, chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").expect("today")).expect("account");
        assert_eq!((account.deposits, account.exposure), ("50".parse().expect("d"), "75".parse().expect("d")), "{account:?}");
        let ageing = store.ageing(chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").expect("today")).expect("ageing");
        let row = ageing.iter().find(|row| row.code == "C001").expect("C001 in the ageing");
        assert_eq!(row.balance(), "-50".parse::<rust_decimal::Decimal>().expect("d"), "{row:?}");
    }

    // More than is still open on the order (125.00 less 50.00 held), by a method that is no
    // money in hand, or a cancel while it is held: refused, nothing written.
    let stderr = shop.refused(&["deposit", &order, "75.01", "--method", "cash"], 1);
    assert!(stderr.contains("75.01") && stderr.contains("75.00"), "{stderr}");
    let stderr = shop.refused(&["deposit", &order, "10", "--method", "credit"], 1);
    assert!(stderr.contains("deposit"), "{stderr}");
    let stderr = shop.refused(&["cancel", &order, "--reason", "changed their mind"], 1);
    assert!(stderr.contains("50.00") && stderr.contains("refund"), "{stderr}");
    let stderr = shop.refused(&["refund", &order, "50.01", "--method", "cash", "--reason", "too much"], 1);
    assert!(stderr.contains("50.00"), "{stderr}");

    shop.ok(&["confirm", &order]);
    shop.ok(&["ship", &order, "--line", "P001=2"]);
    let first = shop.json(&["invoice", &order, "--json"], 0);
    let first_number = first["number"].as_str().expect("invoice").to_string();
    assert_eq!(first["amount"], "25.00");
    let invoice = shop.json(&["show", &first_number, "--json"], 0);
    assert_eq!(invoice["paid"], "25.00", "the deposit pays the first invoice: {invoice}");
    assert_eq!(deposit_of(&shop, &order)["unapplied"], "25.00");
    books(&shop, "first invoice");

    // Voided (a wrong address), the invoice gives what the deposit paid back to the deposit —
    // no cash leaves the till — and the invoice issued again takes it again.
    shop.ok(&["void", &first_number, "--reason", "wrong address"]);
    assert_eq!(deposit_of(&shop, &order)["unapplied"], "50.00");
    assert_eq!(shop.json(&["show", &first_number, "--json"], 0)["paid"], "0.00");
    books(&shop, "first invoice voided");
    let reissued = shop.json(&["invoice", &order, "--json"], 0)["number"].as_str().expect("invoice").to_string();
    assert_eq!(shop.json(&["show", &reissued, "--json"], 0)["paid"], "25.00");
    assert_eq!(deposit_of(&shop, &order)["unapplied"], "25.00");
    books(&shop, "invoice issued again");

    shop.ok(&["ship", &order, "--line", "P001=8"]);
    let second = shop.json(&["invoice", &order, "--json"], 0);
    let second_number = second["number"].as_str().expect("invoice").to_string();
    let invoice = shop.json(&["show", &second_number, "--json"], 0);
    assert_eq!(invoice["paid"], "25.00", "what was left pays the second: {invoice}");
    let deposit = deposit_of(&shop, &order);
    assert_eq!((deposit["applied"].as_str(), deposit["unapplied"].as_str()), (Some("50.00"), Some("0.00")), "{deposit}");
    books(&shop, "second invoice");

    // Nothing left to refund of the deposit: the money is on the invoices now.
    let stderr = shop.refused(&["refund", &order, "1", "--method", "cash", "--reason", "asked"], 1);
    assert!(stderr.contains("no unapplied deposit"), "{stderr}");
    // The rest is paid as usual; the order is paid when its invoices are.
    shop.ok(&["pay", &second_number, "75", "--method", "cash"]);
    assert_eq!(shop.json(&["show", &order, "--json"], 0)["status"], "paid");
    books(&shop, "paid");
}

#[test]
fn a_prepayment_is_recorded_as_a_deposit_and_a_cancel_waits_for_its_refund() {
    let shop = Shop::new();
    let saved = submit(
        &shop,
        "prepaid.json",
        r#"{"customer":"C001","payment":{"method":"wechat","reference":"WX-1","amount":"30"},"lines":[{"sku":"P001","qty":"4"}]}"#,
    );
    let order = number(&saved);
    let deposit = deposit_of(&shop, &order);
    assert_eq!((deposit["taken"].as_str(), deposit["unapplied"].as_str()), (Some("30.00"), Some("30.00")), "{deposit}");
    // On account or cash on delivery is no money in hand: no deposit.
    let on_account = number(&submit(
        &shop,
        "credit.json",
        r#"{"customer":"C001","payment":{"method":"credit","amount":"30"},"lines":[{"sku":"P001","qty":"1"}]}"#,
    ));
    assert_eq!(deposit_of(&shop, &on_account)["taken"], "0.00");
    books(&shop, "prepaid");

    shop.refused(&["cancel", &order, "--reason", "no longer needed"], 1);
    let stderr = shop.refused(&["refund", &order, "30.01", "--method", "wechat", "--reason", "cancelled"], 1);
    assert!(stderr.contains("30.00"), "{stderr}");
    shop.ok(&["refund", &order, "10", "--method", "wechat", "--reason", "part back"]);
    shop.refused(&["cancel", &order, "--reason", "no longer needed"], 1);
    shop.ok(&["refund", &order, "20", "--method", "wechat", "--reason", "cancelled"]);
    let deposit = deposit_of(&shop, &order);
    assert_eq!((deposit["refunded"].as_str(), deposit["unapplied"].as_str()), (Some("30.00"), Some("0.00")), "{deposit}");
    shop.ok(&["cancel", &order, "--reason", "no longer needed"]);
    assert_eq!(shop.json(&["show", &order, "--json"], 0)["status"], "cancelled");
    books(&shop, "refunded and cancelled");
}

#[test]
fn a_deposit_lowers_the_credit_exposure() {
    let shop = Shop::new();
    // C001's limit is 1000.00: 750.00 on order, then 500.00 more is over it.
    let first = number(&submit(&shop, "first.json", r#"{"customer":"C001","lines":[{"sku":"P001","qty":"60"}]}"#));
    let next = shop.order("next.json", r#"{"customer":"C001","lines":[{"sku":"P001","qty":"40"}]}"#);
    let credit = |value: &Value| value["findings"].as_array().expect("findings").iter().any(|f| f["code"] == "CREDIT_LIMIT_EXCEEDED");
    assert!(credit(&shop.json(&["check", &next, "--json"], 1)), "1250.00 on a 1000.00 limit");
    shop.ok(&["deposit", &first, "500", "--method", "bank_transfer", "--ref", "TX-77"]);
    let value = shop.json(&["check", &next, "--json"], 0);
    assert!(!credit(&value), "750.00 less a 500.00 deposit, plus 500.00: {value}");
    // A prepayment typed with the order counts the same way.
    let part =
        shop.order("part.json", r#"{"customer":"C001","payment":{"method":"cash","amount":"300"},"lines":[{"sku":"P001","qty":"60"}]}"#);
    let value = shop.json(&["check", &part, "--json"], 0);
    assert!(!credit(&value), "250.00 + 750.00 less 300.00 paid now: {value}");
    let saved = submit(
        &shop,
        "part2.json",
        r#"{"customer":"C001","payment":{"method":"cash","amount":"300"},"lines":[{"sku":"P001","qty":"60"}]}"#,
    );
    assert!(!credit(&saved), "{saved}");
    // Saved, its recorded deposit is that prepayment: counted once, not twice.
    let again = shop.json(&["show", &number(&saved), "--json"], 0);
    assert!(!credit(&again), "{again}");
    books(&shop, "deposits and credit");
}

#[test]
fn gift_lines_are_free_left_out_of_the_price_checks_and_still_need_stock() {
    let shop = Shop::new();
    // C002 has 5 % agreed: a paid line without it is flagged, the gift is not.
    let order = shop.order(
        "gift.json",
        r#"{"customer":"C002","lines":[{"sku":"P001","qty":"2","discount_pct":"5"},{"sku":"P002","qty":"5","gift":true}]}"#,
    );
    let value = shop.json(&["check", &order, "--json"], 0);
    assert_eq!(value["totals"]["subtotal"], "23.75", "2 × 12.50 less 5 %, the gift free: {value}");
    let on_gift: Vec<&Value> = value["findings"].as_array().expect("findings").iter().filter(|f| f["line"] == 2).collect();
    assert!(on_gift.is_empty(), "no price or discount finding on a gift: {on_gift:?}");
    let saved = shop.json(&["submit", &order, "--json"], 0);
    let shown = shop.json(&["show", &number(&saved), "--json"], 0);
    let gift = &shown["lines"][1];
    assert_eq!(
        (gift["gift"].as_bool(), gift["unit_price"].as_str(), gift["line_total"].as_str()),
        (Some(true), Some("0.00"), Some("0.00"))
    );
    books(&shop, "gift saved");

    // A price on a gift is a mistake in the file: exit 2 naming the field, nothing written.
    let priced = shop.order("priced.json", r#"{"customer":"C002","lines":[{"sku":"P002","qty":"1","gift":true,"unit_price":"3"}]}"#);
    let stderr = shop.refused(&["submit", &priced, "--json"], 2);
    assert!(stderr.contains("lines[1].unit_price"), "{stderr}");
    let wrong = shop.order("wrong.json", r#"{"customer":"C002","lines":[{"sku":"P002","qty":"1","gift":"yes"}]}"#);
    let stderr = shop.refused(&["check", &wrong], 2);
    assert!(stderr.contains("lines[1].gift"), "{stderr}");

    // A gift still takes stock: 500 m of P002 on hand.
    let big = shop.order("big.json", r#"{"customer":"C002","lines":[{"sku":"P002","qty":"600","gift":true}]}"#);
    let value = shop.json(&["check", &big, "--json"], 0);
    assert!(value["findings"].as_array().expect("findings").iter().any(|f| f["code"] == "STOCK_SHORT"), "{value}");

    // The gift's 0 is no price the customer paid: the next paid P002 is not "above last time".
    let paid = shop.order("paid.json", r#"{"customer":"C002","lines":[{"sku":"P002","qty":"5","discount_pct":"5"}]}"#);
    let value = shop.json(&["check", &paid, "--json"], 0);
    assert!(!value["findings"].as_array().expect("findings").iter().any(|f| f["code"] == "PRICE_ABOVE_LAST"), "{value}");
}

#[test]
fn a_customers_account_sets_the_orders_default_payment() {
    let shop = Shop::new();
    shop.write("accounts.csv", "code,name,account\nC001,张三五金店,现结\nC002,Harbour Hardware,monthly\n");
    shop.ok(&["import", "customers", shop.path("accounts.csv").to_str().expect("utf8")]);
    let cash = number(&submit(&shop, "cash.json", r#"{"customer":"C001","lines":[{"sku":"P001","qty":"1"}]}"#));
    assert_eq!(shop.json(&["show", &cash, "--json"], 0)["payment"]["method"], "cash");
    let monthly = number(&submit(&shop, "monthly.json", r#"{"customer":"C002","lines":[{"sku":"P001","qty":"1"}]}"#));
    assert_eq!(shop.json(&["show", &monthly, "--json"], 0)["payment"]["method"], "credit");
    // A method given is kept.
    let given =
        number(&submit(&shop, "given.json", r#"{"customer":"C001","payment":{"method":"alipay"},"lines":[{"sku":"P001","qty":"1"}]}"#));
    assert_eq!(shop.json(&["show", &given, "--json"], 0)["payment"]["method"], "alipay");
    // The export says it; a bad value is named by file, row and field.
    let out = shop.path("out.csv");
    shop.ok(&["export", "customers", out.to_str().expect("utf8")]);
    let exported = std::fs::read_to_string(&out).expect("export");
    assert!(exported.lines().next().expect("header").contains("account"), "{exported}");
    assert!(exported.lines().any(|line| line.starts_with("C001,") && line.contains(",cash,")), "{exported}");
    shop.write("bad.csv", "code,name,account\nC001,张三五金店,weekly\n");
    let stderr = shop.refused(&["import", "customers", shop.path("bad.csv").to_str().expect("utf8")], 2);
    assert!(stderr.contains("bad.csv:2: account:") && stderr.contains("weekly"), "{stderr}");
}

#[test]
fn the_slips_and_the_invoice_show_the_gift_and_the_deposit() {
    let shop = Shop::new();
    let order = number(&submit(
        &shop,
        "o.json",
        r#"{"customer":"C001","payment":{"method":"cash","amount":"20"},"lines":[{"sku":"P001","qty":"4"},{"sku":"P002","qty":"3","gift":true}]}"#,
    ));
    shop.ok(&["confirm", &order]);
    let print = |kind: &str, number: &str, file: &str| -> Option<String> {
        let out = shop.path(file);
        shop.ok(&["print", kind, number, "-o", out.to_str().expect("utf8")]);
        pdftotext(&out)
    };
    let slip = print("order", &order, "order.pdf");
    let dispatch = print("dispatch", &order, "dispatch.pdf");
    shop.ok(&["ship", &order, "--line", "P001=4", "--line", "P002=3"]);
    let invoice = shop.json(&["invoice", &order, "--json"], 0)["number"].as_str().expect("invoice").to_string();
    books(&shop, "shipped and invoiced");
    let bill = print("invoice", &invoice, "invoice.pdf");
    let (Some(slip), Some(dispatch), Some(bill)) = (slip, dispatch, bill) else {
        eprintln!("pdftotext (poppler-utils) is not installed: the PDFs were written but not read back");
        return;
    };
    assert!(slip.contains("Gift") && slip.contains("Deposit paid") && slip.contains("20.00") && slip.contains("Left to pay"), "{slip}");
    assert!(slip.contains("30.00"), "50.00 less the 20.00 deposit: {slip}");
    assert!(
        dispatch.contains("(gift)") && !dispatch.contains("Deposit"),
        "the dispatch slip marks the gift and prints no money: {dispatch}"
    );
    assert!(bill.contains("Gift") && bill.contains("of which deposit") && bill.contains("30.00"), "{bill}");
    // C001 is on a monthly account (月结): the running balance. Nothing owed before; the order
    // slip adds the 30.00 still to pay, the invoice its 30.00 due.
    for (text, this) in [(&slip, "This order"), (&bill, "This invoice")] {
        for expected in ["Previous balance", this, "Owed in all"] {
            assert!(text.contains(expected), "missing {expected}: {text}");
        }
        let owed = text.lines().find(|line| line.contains("Owed in all")).expect("the balance line");
        assert!(owed.trim_end().ends_with("30.00"), "{owed}");
    }
    assert!(!dispatch.contains("Owed in all"), "the dispatch slip stays free of money");
    // A cash customer (现结) owes nothing running: no such block.
    shop.write("cash.csv", "code,name,account\nC002,Harbour Hardware,cash\n");
    shop.ok(&["import", "customers", shop.path("cash.csv").to_str().expect("utf8")]);
    let cash = number(&submit(&shop, "cash.json", r#"{"customer":"C002","lines":[{"sku":"P001","qty":"1","discount_pct":"5"}]}"#));
    let out = shop.path("cash.pdf");
    shop.ok(&["print", "order", &cash, "-o", out.to_str().expect("utf8")]);
    if let Some(text) = pdftotext(&out) {
        assert!(!text.contains("Owed in all"), "{text}");
    }
}

#[test]
fn a_void_after_a_cash_refund_gives_the_deposit_back_only_what_is_still_paid() {
    let shop = Shop::new();
    let order = number(&submit(&shop, "a.json", r#"{"customer":"C001","lines":[{"sku":"P001","qty":"2"}]}"#));
    shop.ok(&["deposit", &order, "25", "--method", "cash"]);
    shop.ok(&["confirm", &order]);
    shop.ok(&["ship", &order]);
    let invoice = shop.json(&["invoice", &order, "--json"], 0)["number"].as_str().expect("invoice").to_string();
    assert_eq!(shop.json(&["show", &invoice, "--json"], 0)["paid"], "25.00", "paid by the deposit");
    // 10.00 of it handed back in cash at the counter, then the invoice voided.
    shop.ok(&["refund", &invoice, "10", "--method", "cash", "--reason", "goodwill"]);
    shop.ok(&["void", &invoice, "--reason", "wrong address"]);
    assert_eq!(shop.json(&["show", &invoice, "--json"], 0)["paid"], "0.00", "never below nothing");
    assert_eq!(deposit_of(&shop, &order)["unapplied"], "15.00", "the deposit has back only what was still paid");
    books(&shop, "void after a cash refund");
}
