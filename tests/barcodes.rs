//! Barcodes through the contract, on both engines: check digits of EAN-13 / EAN-8 / UPC-A at
//! import (every bad row named, nothing written), one product per barcode (an import or a save
//! that gives it to a second product names both SKUs), and ORDER.json lines that give a
//! barcode instead of a SKU.

mod common;

use common::Shop;
use kaidan::ops;
use kaidan::store::Store;

fn with_barcodes(shop: &Shop) {
    shop.write("codes.csv", "sku,name,price,barcode\nP001,不锈钢螺栓,12.50,6901234567892\nP002,电线,3.20,96385074;INT-0042\n");
    shop.ok(&["import", "products", shop.path("codes.csv").to_str().expect("utf8")]);
}

#[test]
fn an_import_with_bad_check_digits_names_every_bad_row_and_writes_nothing() {
    let shop = Shop::new();
    let file = shop.write(
        "bad.csv",
        "sku,name,price,barcode\nP101,A,1,6901234567890\nP102,B,1,96385074\nP103,C,1,036000291453\nP104,D,1,12345;96385070\nP105,E,1,has space\n",
    );
    let stderr = shop.refused(&["import", "products", file.to_str().expect("utf8")], 2);
    assert!(stderr.contains("bad.csv:2: barcode: check digit should be 2"), "{stderr}");
    assert!(stderr.contains("bad.csv:4: barcode: check digit should be 2"), "UPC-A: {stderr}");
    assert!(stderr.contains("bad.csv:5: barcode: 96385070: check digit should be 4"), "the bad one of a list: {stderr}");
    assert!(stderr.contains("bad.csv:6: barcode:"), "characters: {stderr}");
    assert!(!stderr.contains("bad.csv:3:"), "a right EAN-8 is taken: {stderr}");
}

#[test]
fn a_barcode_belongs_to_one_product() {
    let shop = Shop::new();
    with_barcodes(&shop);
    // Another product in the file, or another in the shop: refused naming both SKUs.
    let file = shop.write("twice.csv", "sku,name,price,barcode\nP201,A,1,6901234567892\nP202,B,1,4006381333931\nP203,C,1,4006381333931\n");
    let stderr = shop.refused(&["import", "products", file.to_str().expect("utf8")], 2);
    assert!(stderr.contains("twice.csv:2: barcode: barcode 6901234567892 already belongs to P001"), "{stderr}");
    assert!(stderr.contains("twice.csv:4: barcode: barcode 4006381333931 already belongs to P202"), "{stderr}");
    // Letters in another case are the same internal code.
    let file = shop.write("case.csv", "sku,name,price,barcode\nP204,D,1,int-0042\n");
    let stderr = shop.refused(&["import", "products", file.to_str().expect("utf8")], 2);
    assert!(stderr.contains("already belongs to P002"), "{stderr}");
    // The product that has it may be imported again with it.
    shop.write("again.csv", "sku,name,price,barcode\nP001,不锈钢螺栓,12.50,6901234567892\n");
    shop.ok(&["import", "products", shop.path("again.csv").to_str().expect("utf8")]);

    // A save (the window's product card) that gives it to another product is refused too.
    let mut store = Store::open(&shop.db).expect("store");
    let admin = common::ctx(&store, "admin");
    let mut p003 = store.get_product_by_sku("P003").expect("read").expect("P003");
    p003.barcode = "96385074".into();
    let error = ops::save_product(&mut store, &admin, &p003, Default::default()).expect_err("taken");
    assert!(error.to_string().contains("96385074 already belongs to P002"), "{error}");
    p003.barcode = "6901234567890".into();
    let error = ops::save_product(&mut store, &admin, &p003, Default::default()).expect_err("check digit");
    assert!(error.to_string().contains("check digit should be 2"), "{error}");
    p003.barcode = " 4006381333931 ; 4006381333931".into();
    let saved = ops::save_product(&mut store, &admin, &p003, Default::default()).expect("a free, right code");
    assert_eq!(saved.barcode, "4006381333931", "trimmed, once");
    assert_eq!(store.get_product_by_barcode("4006381333931").expect("lookup").map(|p| p.sku), Some("P003".to_string()));
    assert_eq!(store.get_product_by_barcode("int-0042").expect("lookup").map(|p| p.sku), Some("P002".to_string()));
    assert_eq!(store.get_product_by_barcode("INT_0042").expect("lookup"), None, "_ is no wildcard");
}

#[test]
fn order_lines_may_give_a_barcode_instead_of_a_sku() {
    let shop = Shop::new();
    with_barcodes(&shop);
    let order =
        shop.order("scan.json", r#"{"customer":"C001","lines":[{"barcode":"6901234567892","qty":"2"},{"barcode":"INT-0042","qty":"3"}]}"#);
    let value = shop.json(&["check", &order, "--json"], 0);
    assert_eq!(value["totals"]["subtotal"], "34.60", "2 × 12.50 + 3 × 3.20: {value}");
    let value = shop.json(&["submit", &order, "--json"], 0);
    let number = value["number"].as_str().expect("number").to_string();
    let store = Store::open(&shop.db).expect("store");
    let saved = store.get_order(&number).expect("saved");
    let skus: Vec<&str> = saved.lines.iter().map(|line| line.sku.as_str()).collect();
    assert_eq!(skus, vec!["P001", "P002"], "saved by SKU");

    let unknown = shop.order("unknown.json", r#"{"customer":"C001","lines":[{"barcode":"4006381333931","qty":"1"}]}"#);
    let value = shop.json(&["check", &unknown, "--json"], 1);
    let finding = &value["findings"][0];
    assert_eq!(finding["code"], "PRODUCT_UNKNOWN");
    assert!(finding["message"].as_str().expect("message").contains("4006381333931"), "{finding}");

    let both = shop.order("both.json", r#"{"customer":"C001","lines":[{"sku":"P001","barcode":"6901234567892","qty":"1"}]}"#);
    let (_, stderr) = shop.code(&["check", &both, "--json"], 2);
    assert!(stderr.contains("lines[1].barcode: give sku or barcode, not both"), "{stderr}");
}
