//! Tests of ORDER.json parsing: every field, every refusal named by its JSON path.

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().expect("test literal")
}

fn day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    Some(NaiveDate::from_ymd_opt(year, month, day).expect("valid test date"))
}

fn ok(text: &str) -> OrderInput {
    parse_order(text, Lang::En).unwrap_or_else(|errors| panic!("{text}: {errors:?}"))
}

fn errors(text: &str) -> Vec<String> {
    match parse_order(text, Lang::En) {
        Ok(order) => panic!("{text}: expected errors, parsed {order:?}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn contract_order() -> OrderInput {
    OrderInput {
        customer: "C001".into(),
        order_date: day(2026, 11, 20),
        delivery_date: day(2026, 11, 25),
        delivery: Some(Delivery::Delivery),
        priority: Some(Priority::Urgent),
        payment: Some(PaymentInput { method: Some(PaymentMethod::BankTransfer), reference: "TX-889".into(), amount: Some(d("118.75")) }),
        note: "call before delivery".into(),
        lines: vec![LineInput {
            sku: "P001".into(),
            qty: d("10"),
            unit_price: Some(d("12.50")),
            discount_pct: Some(d("5")),
            line_total: Some(d("118.75")),
            gift: false,
        }],
    }
}

#[test]
fn contract_example_parses_exactly() {
    let order = ok(r#"{
      "customer": "C001",
      "order_date": "2026-11-20",
      "delivery_date": "2026-11-25",
      "delivery": "delivery",
      "priority": "urgent",
      "payment": {"method": "bank_transfer", "reference": "TX-889", "amount": "118.75"},
      "note": "call before delivery",
      "lines": [
        {"sku": "P001", "qty": "10", "unit_price": "12.50", "discount_pct": "5", "line_total": "118.75"}
      ]
    }"#);
    assert_eq!(order, contract_order());
    let line = &order.lines[0];
    assert_eq!(line.line_total.map(|total| total.to_string()), Some("118.75".to_string()));
    assert_eq!(line.unit_price.map(|price| price.to_string()), Some("12.50".to_string()));
}

#[test]
fn json_numbers_are_read_exactly_from_their_text() {
    let order = ok(r#"{
      "customer": "C001", "order_date": "2026-11-20", "delivery_date": "2026-11-25",
      "delivery": "delivery", "priority": "urgent",
      "payment": {"method": "bank_transfer", "reference": "TX-889", "amount": 118.75},
      "note": "call before delivery",
      "lines": [{"sku": "P001", "qty": 10, "unit_price": 12.5, "discount_pct": 5, "line_total": 118.75}]
    }"#);
    assert_eq!(order, contract_order());
    let line = &order.lines[0];
    assert_eq!(line.qty.to_string(), "10");
    assert_eq!(line.unit_price.map(|price| price.to_string()), Some("12.5".to_string()));
    assert_eq!(line.line_total.map(|total| total.to_string()), Some("118.75".to_string()));

    // Digits an f64 cannot hold survive, and 0.1 is 0.1.
    let order = ok(r#"{"customer": "C", "lines": [
        {"sku": "A", "qty": 0.1, "unit_price": 999999999999.9999, "discount_pct": -0}]}"#);
    assert_eq!(order.lines[0].qty.to_string(), "0.1");
    assert_eq!(order.lines[0].unit_price.map(|price| price.to_string()), Some("999999999999.9999".to_string()));
    assert_eq!(order.lines[0].discount_pct, Some(Decimal::ZERO));
}

#[test]
fn minimal_order_leaves_everything_else_unset() {
    let expected = OrderInput {
        customer: "C001".into(),
        lines: vec![LineInput { sku: "P001".into(), qty: d("2"), ..Default::default() }],
        ..Default::default()
    };
    assert_eq!(ok(r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": 2}]}"#), expected);
    // null is the same as left out.
    let with_nulls = ok(r#"{"customer": "C001", "order_date": null, "delivery": null,
        "payment": null, "note": null,
        "lines": [{"sku": "P001", "qty": "2", "unit_price": null, "line_total": null}]}"#);
    assert_eq!(with_nulls, expected);
    // No lines at all is the EMPTY_ORDER check's business, not a parse error.
    assert!(ok(r#"{"customer": "C001"}"#).lines.is_empty());
    // An empty payment object is a payment with nothing given.
    let payment = ok(r#"{"customer": "C001", "payment": {}}"#).payment;
    assert_eq!(payment, Some(PaymentInput::default()));
}

#[test]
fn values_the_checks_judge_are_not_parse_errors() {
    let order = ok(r#"{"customer": "", "lines": [
        {"sku": "", "qty": "0"},
        {"sku": "P1", "qty": -3, "unit_price": "0", "discount_pct": "100", "line_total": 0}]}"#);
    assert_eq!(order.customer, "");
    assert_eq!(order.lines[0].qty, Decimal::ZERO);
    assert_eq!(order.lines[1].qty, d("-3"));
    assert_eq!(order.lines[1].discount_pct, Some(d("100")));
}

#[test]
fn values_past_the_domain_are_field_errors() {
    assert_eq!(
        errors(
            r#"{"customer": "C", "payment": {"amount": "-5"}, "lines": [
            {"sku": "P1", "qty": 1, "unit_price": "-1", "discount_pct": "150"},
            {"sku": "P2", "qty": 1, "discount_pct": "-50", "line_total": "1.00001"}]}"#
        ),
        vec![
            "payment.amount: -5 must be above zero",
            "lines[1].unit_price: -1 may not be negative",
            "lines[1].discount_pct: 150 must be between 0 and 100 %",
            "lines[2].discount_pct: -50 must be between 0 and 100 %",
            "lines[2].line_total: 1.00001 has more than 4 decimals",
        ]
    );
}

#[test]
fn unknown_fields_are_named_wherever_they_are() {
    assert_eq!(
        errors(
            r#"{"customer": "C", "colour": "red", "payment": {"method": "cash", "bank": "x"},
            "lines": [{"sku": "P", "qty": 1, "colour": "blue"}], "": 1, "unit price": 2}"#
        ),
        vec![
            "colour: unknown field",
            "\"\": unknown field",
            "\"unit price\": unknown field",
            "payment.bank: unknown field",
            "lines[1].colour: unknown field",
        ]
    );
}

#[test]
fn repeated_fields_are_refused() {
    assert_eq!(
        errors(r#"{"customer": "A", "customer": "B", "lines": [{"sku": "P", "qty": 1, "qty": 2}]}"#),
        vec!["customer: given more than once", "lines[1].qty: given more than once"]
    );
}

#[test]
fn wrong_types_are_named() {
    assert_eq!(
        errors(
            r#"{"customer": 42, "order_date": 20261120, "payment": "cash", "note": 5,
            "lines": "P001"}"#
        ),
        vec![
            "customer: expected text in quotes, found 42",
            "order_date: 20261120 is not a date in the form YYYY-MM-DD",
            "payment: expected an object",
            "note: expected text in quotes, found 5",
            "lines: expected a list",
        ]
    );
    assert_eq!(
        errors(
            r#"{"customer": "C", "payment": {"reference": 889, "amount": "lots"},
            "lines": [{"sku": 1001, "qty": true, "unit_price": [1], "discount_pct": {}}]}"#
        ),
        vec![
            "payment.reference: expected text in quotes, found 889",
            "payment.amount: \"lots\" is not a number",
            "lines[1].sku: expected text in quotes, found 1001",
            "lines[1].qty: true is not a number",
            "lines[1].unit_price: […] is not a number",
            "lines[1].discount_pct: {…} is not a number",
        ]
    );
}

#[test]
fn dates_must_be_real_yyyy_mm_dd() {
    for bad in [
        r#""2026-02-30""#,
        r#""2026-13-01""#,
        r#""2026/11/20""#,
        r#""20261120""#,
        r#""2026-1-20""#,
        r#""2026-11-20T10:00""#,
        r#"" 2026-11-20""#,
        r#""+026-11-20""#,
        r#""""#,
        "true",
    ] {
        let text = format!(r#"{{"customer": "C", "delivery_date": {bad}}}"#);
        assert_eq!(errors(&text), vec![format!("delivery_date: {bad} is not a date in the form YYYY-MM-DD")]);
    }
    assert_eq!(ok(r#"{"customer": "C", "order_date": "2028-02-29"}"#).order_date, day(2028, 2, 29));
}

#[test]
fn spellings_outside_the_list_are_refused() {
    assert_eq!(
        errors(
            r#"{"customer": "C", "delivery": "Delivery", "priority": 1,
            "payment": {"method": "paypal"}}"#
        ),
        vec![
            "delivery: \"Delivery\" is not one of pickup, delivery",
            "priority: 1 is not one of normal, urgent",
            "payment.method: \"paypal\" is not one of cash, bank_transfer, wechat, alipay, card, credit, cod",
        ]
    );
}

#[test]
fn malformed_json_gives_serde_json_message() {
    assert_eq!(errors("{\n\"customer\": \"C001\",\n\"lines\":\n    }"), vec!["(json): expected value at line 4 column 5"]);
    for bad in [r#"{"customer": "C",}"#, r#"{"customer": "C"} x"#, "{", r#"{"customer": 'C'}"#] {
        let found = parse_order(bad, Lang::En).expect_err(bad);
        assert_eq!(found.len(), 1, "{bad}");
        assert_eq!(found[0].field, "(json)", "{bad}");
    }
}

#[test]
fn all_problems_are_reported_together() {
    assert_eq!(
        errors(
            r#"{"colour": "red", "payment": {"method": "paypal"},
            "lines": [{"qty": 1}, {"sku": "P002", "qty": "abc"}]}"#
        ),
        vec![
            "colour: unknown field",
            "customer: required",
            "payment.method: \"paypal\" is not one of cash, bank_transfer, wechat, alipay, card, credit, cod",
            "lines[1].sku: required",
            "lines[2].qty: \"abc\" is not a number",
        ]
    );
    assert_eq!(
        errors(r#"{"customer": null, "lines": [{"sku": null, "qty": null}]}"#),
        vec!["customer: required", "lines[1].sku: required", "lines[1].qty: required"]
    );
}

#[test]
fn exponents_are_refused() {
    assert_eq!(
        errors(
            r#"{"customer": "C", "payment": {"amount": 1.5E2},
            "lines": [{"sku": "P", "qty": 1e3}, {"sku": "Q", "qty": "1e3"}]}"#
        ),
        vec![
            "payment.amount: 1.5E2 is written with an exponent; write it as a plain decimal such as 1000 or 0.5",
            "lines[1].qty: 1e3 is written with an exponent; write it as a plain decimal such as 1000 or 0.5",
            "lines[2].qty: \"1e3\" is not a number",
        ]
    );
}

#[test]
fn long_integers_are_exact_or_refused_never_rounded() {
    // Read exactly, then held to the domain's bounds: twelve integer digits at most.
    let order = ok(r#"{"customer": "C", "lines": [{"sku": "P", "qty": 999999999999}]}"#);
    assert_eq!(order.lines[0].qty.to_string(), "999999999999");
    assert_eq!(
        errors(r#"{"customer": "C", "lines": [{"sku": "P", "qty": 12345678901234567890}]}"#),
        vec!["lines[1].qty: 12345678901234567890 is larger than a shop can mean (at most 999999999999)"]
    );
    // Beyond a decimal's digits: refused, not rounded.
    assert_eq!(
        errors(r#"{"customer": "C", "lines": [{"sku": "P", "qty": 1234567890123456789012345678901}]}"#),
        vec!["lines[1].qty: 1234567890123456789012345678901 has too many digits to be kept exactly"]
    );
}

#[test]
fn top_level_must_be_an_object() {
    for text in ["[]", "null", "42", "\"C001\"", "true", "[{\"customer\": \"C\"}]"] {
        assert_eq!(errors(text), vec!["(json): expected an object"], "{text}");
    }
}

#[test]
fn lines_must_be_a_list_of_objects() {
    assert_eq!(errors(r#"{"customer": "C", "lines": {"sku": "P"}}"#), vec!["lines: expected a list"]);
    assert_eq!(
        errors(r#"{"customer": "C", "lines": [null, 5, "P001", [], {"sku": "P", "qty": 1}]}"#),
        vec![
            "lines[1]: expected an object",
            "lines[2]: expected an object",
            "lines[3]: expected an object",
            "lines[4]: expected an object",
        ]
    );
}

#[test]
fn strings_decode_like_serde_json_and_bom_is_skipped() {
    let order = ok("\u{feff}{\"customer\": \"C\\u0030\\n\\\"x\\\" 张三\", \"note\": \"\\ud83d\\ude00\"}");
    assert_eq!(order.customer, "C0\n\"x\" 张三");
    assert_eq!(order.note, "😀");
}

#[test]
fn messages_speak_chinese() {
    let found = parse_order("{}", Lang::Zh).expect_err("customer missing");
    assert_eq!(found, vec![JsonError { field: "customer".into(), message: "必填".into() }]);
    let found = parse_order("{", Lang::Zh).expect_err("malformed");
    assert!(found[0].message.starts_with("JSON 格式有误："), "{found:?}");
    assert_eq!(found[0].to_string(), format!("(json): {}", found[0].message));
}

#[test]
fn never_panics_on_odd_input() {
    let deep_open = "[".repeat(100_000);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_objects = format!(r#"{{"customer": "C", "note": {}1{}}}"#, "[".repeat(100), "]".repeat(100));
    let long_key = format!(r#"{{"{}": 1}}"#, "k".repeat(500));
    let inputs = [
        "",
        " ",
        "\u{feff}",
        "null",
        "[]",
        "{}",
        "{\"lines\": [null]}",
        "{\"lines\": {}}",
        "{\"lines\": [{}]}",
        "{\"customer\": \"\\ud800\"}",
        "{\"customer\": \"\\u0000\"}",
        "{\"customer\": \"a\u{0}b\"}",
        "1e400",
        "{\"customer\": \"C\", \"lines\": [{\"sku\": \"P\", \"qty\": 1e400}]}",
        "-",
        "\"\\",
        "{\"a\":",
        "{\"payment\": {\"method\": null, \"amount\": \"\"}}",
        "{\"customer\": \"C\", \"lines\": [{\"sku\": \"P\", \"qty\": \"\u{ff11}\u{ff12}\u{ff0e}\u{ff15}\"}]}",
        deep_open.as_str(),
        deep.as_str(),
        deep_objects.as_str(),
        long_key.as_str(),
    ];
    for text in inputs {
        for lang in [Lang::En, Lang::Zh] {
            if let Err(found) = parse_order(text, lang) {
                assert!(!found.is_empty(), "{text:?}");
            }
        }
    }
    assert_eq!(errors("{\"lines\": [null]}"), vec!["customer: required", "lines[1]: expected an object"]);
}

#[test]
fn reader_keeps_number_text_and_entry_order() {
    let mut reader = Reader { text: r#" {"b": [1.50, -0, 2E+3], "a": {"x": null}, "b": true} "#, pos: 0, depth: 0 };
    let value = reader.value().expect("valid JSON");
    assert_eq!(
        value,
        Json::Object(vec![
            ("b".into(), Json::Array(vec![Json::Number("1.50".into()), Json::Number("-0".into()), Json::Number("2E+3".into()),])),
            ("a".into(), Json::Object(vec![("x".into(), Json::Null)])),
            ("b".into(), Json::Bool(true)),
        ])
    );
}
