//! Tests of the finance reads (to issue, invoice states, line checks, ageing, reconciliation, reports), each against a small shop built for it.

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn exec(store: &Store, sql: &str, values: &[&dyn crate::store::db::ToDb]) -> i64 {
    store.db.execute(sql, values).expect(sql);
    store.db.last_insert_rowid().expect("id")
}

fn customer(store: &Store, code: &str) -> i64 {
    exec(
        store,
        "INSERT INTO customers (code, name, updated_at, updated_by) VALUES (?1, ?2, 't', 'test')",
        &[&code, &format!("Name {code}")],
    )
}

fn order(store: &Store, number: &str, customer_id: i64, status: &str, date: &str, subtotal: i64) -> i64 {
    exec(
        store,
        "INSERT INTO orders (number, customer_id, customer_code, status, order_date, subtotal, tax, total, created_by, created_at, updated_at)
         VALUES (?1, ?2, (SELECT code FROM customers WHERE id = ?2), ?3, ?4, ?5, 0, ?5, 'test', 't', 't')",
        &[&number, &customer_id, &status, &date, &subtotal],
    )
}

/// (order, line_no, qty, unit_price, line_total, shipped, invoiced), scaled integers.
#[allow(clippy::too_many_arguments)]
fn line(store: &Store, order_id: i64, line_no: i64, quantity: i64, price: i64, total: i64, shipped: i64, invoiced: i64) -> i64 {
    exec(
        store,
        "INSERT INTO order_lines (order_id, line_no, sku, qty, unit_price, discount_pct, line_total, shipped_qty, invoiced_qty)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8)",
        &[&order_id, &line_no, &format!("SKU{line_no}"), &quantity, &price, &total, &shipped, &invoiced],
    )
}

struct Inv<'a> {
    number: &'a str,
    order_id: i64,
    customer_id: i64,
    issue: &'a str,
    due: &'a str,
    subtotal: i64,
    paid: i64,
    void: bool,
}

fn invoice(store: &Store, inv: Inv<'_>) -> i64 {
    exec(
        store,
        "INSERT INTO invoices (number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?6, ?7, ?8, 'test', 't')",
        &[&inv.number, &inv.order_id, &inv.customer_id, &inv.issue, &inv.due, &inv.subtotal, &inv.paid, &i64::from(inv.void)],
    )
}

fn invoice_line(store: &Store, invoice_id: i64, order_line_id: i64, quantity: i64, price: i64, total: i64) {
    exec(
        store,
        "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_pct, line_total) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        &[&invoice_id, &order_line_id, &quantity, &price, &total],
    );
}

#[allow(clippy::too_many_arguments)]
fn ageing_invoice(
    store: &Store,
    number: &str,
    order_id: i64,
    customer_id: i64,
    today: NaiveDate,
    days_past_due: i64,
    amount: i64,
    paid: i64,
) {
    let due = today - Duration::days(days_past_due);
    let issue = due - Duration::days(30);
    invoice(
        store,
        Inv { number, order_id, customer_id, issue: &issue.to_string(), due: &due.to_string(), subtotal: amount, paid, void: false },
    );
}

#[test]
fn ageing_buckets_fall_on_their_boundaries() {
    let store = Store::open_in_memory().expect("store");
    let today = day("2026-06-30");
    let c = customer(&store, "C1");
    let o = order(&store, "SO-1", c, "invoiced", "2026-01-01", 0);
    // Amounts are powers of two so each bucket's sum names exactly its invoices.
    for (number, days, amount) in [
        ("I-0", 0, 1),
        ("I-1", 1, 2),
        ("I-30", 30, 4),
        ("I-31", 31, 8),
        ("I-60", 60, 16),
        ("I-61", 61, 32),
        ("I-90", 90, 64),
        ("I-91", 91, 128),
        ("I-F", -5, 256),
    ] {
        ageing_invoice(&store, number, o, c, today, days, amount * 10_000, 0);
    }
    // Paid in full: not open. Partly paid: only the rest is open. Over-paid: credit.
    ageing_invoice(&store, "I-PAID", o, c, today, 45, 1_000_000, 1_000_000);
    ageing_invoice(&store, "I-PART", o, c, today, 45, 1_000_000, 990_000);
    ageing_invoice(&store, "I-OVER", o, c, today, 10, 100_000, 130_000);
    // Void: ignored entirely.
    invoice(
        &store,
        Inv {
            number: "I-VOID",
            order_id: o,
            customer_id: c,
            issue: "2026-01-01",
            due: "2026-01-31",
            subtotal: 5_000_000,
            paid: 0,
            void: true,
        },
    );
    // A customer without anything open is left out.
    customer(&store, "C2");

    let rows = store.ageing(today).expect("ageing");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.code, "C1");
    assert_eq!(row.current, money((1 + 256) * 10_000), "due today and due later are current");
    assert_eq!(row.days_1_30, money((2 + 4) * 10_000), "1 and 30 days");
    assert_eq!(row.days_31_60, money((8 + 16) * 10_000 + 10_000), "31, 60 and the partly paid 45");
    assert_eq!(row.days_61_90, money((32 + 64) * 10_000), "61 and 90 days");
    assert_eq!(row.over_90, money(128 * 10_000), "91 days");
    assert_eq!(row.credit, money(30_000));
    assert_eq!(row.open_invoices, 10);
    assert_eq!(row.balance(), row.open() - money(30_000));
    assert_eq!(row.oldest_due, Some(today - Duration::days(91)));
}

#[test]
fn problem_invoices_are_detected_and_explained() {
    let store = Store::open_in_memory().expect("store");
    let c = customer(&store, "C1");
    let o = order(&store, "SO-1", c, "invoiced", "2026-01-01", 0);
    // 10 @ 5.00 = 50.00, invoiced correctly.
    let good_line = line(&store, o, 1, 10_000, 50_000, 500_000, 10_000, 10_000);
    let good = invoice(
        &store,
        Inv {
            number: "INV-GOOD",
            order_id: o,
            customer_id: c,
            issue: "2026-02-01",
            due: "2026-03-01",
            subtotal: 500_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, good, good_line, 10_000, 50_000, 500_000);
    // 3 @ 3.335 = 10.01; one unit invoiced at 3.34: rounding only, not a problem.
    let round_line = line(&store, o, 2, 3_000, 33_350, 100_100, 3_000, 1_000);
    let rounded = invoice(
        &store,
        Inv {
            number: "INV-ROUND",
            order_id: o,
            customer_id: c,
            issue: "2026-02-02",
            due: "2026-03-02",
            subtotal: 33_400,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, rounded, round_line, 1_000, 33_350, 33_400);
    // Invoiced at 6.00 while ordered at 5.00.
    let price_line = line(&store, o, 3, 2_000, 50_000, 100_000, 2_000, 2_000);
    let priced = invoice(
        &store,
        Inv {
            number: "INV-PRICE",
            order_id: o,
            customer_id: c,
            issue: "2026-02-03",
            due: "2026-03-03",
            subtotal: 120_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, priced, price_line, 2_000, 60_000, 120_000);
    // The head says 60.00 while its one line is 50.00.
    let head_line = line(&store, o, 4, 10_000, 50_000, 500_000, 10_000, 10_000);
    let head = invoice(
        &store,
        Inv {
            number: "INV-HEAD",
            order_id: o,
            customer_id: c,
            issue: "2026-02-04",
            due: "2026-03-04",
            subtotal: 600_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, head, head_line, 10_000, 50_000, 500_000);
    // Invoices 4 of the 2 shipped.
    let over_line = line(&store, o, 5, 4_000, 10_000, 40_000, 2_000, 4_000);
    let over = invoice(
        &store,
        Inv {
            number: "INV-OVER",
            order_id: o,
            customer_id: c,
            issue: "2026-02-05",
            due: "2026-03-05",
            subtotal: 40_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, over, over_line, 4_000, 10_000, 40_000);

    let rows = store.list_invoice_rows(100).expect("rows");
    let problem = |number: &str| rows.iter().find(|row| row.invoice.number == number).map(|row| row.problem);
    assert_eq!(rows.first().map(|row| row.invoice.number.as_str()), Some("INV-OVER"), "newest first");
    assert_eq!(problem("INV-GOOD"), Some(false));
    assert_eq!(problem("INV-ROUND"), Some(false));
    assert_eq!(problem("INV-PRICE"), Some(true));
    assert_eq!(problem("INV-HEAD"), Some(true));
    assert_eq!(problem("INV-OVER"), Some(true));
    let today = day("2026-02-10");
    let state = |number: &str| rows.iter().find(|row| row.invoice.number == number).map(|row| row.state(today));
    assert_eq!(state("INV-GOOD"), Some(InvoiceState::Issued));
    assert_eq!(state("INV-PRICE"), Some(InvoiceState::Problem));

    let checks = store.invoice_line_checks(priced).expect("checks");
    assert_eq!(checks.len(), 1);
    assert!(checks[0].price_differs() && checks[0].amount_differs() && checks[0].is_problem());
    assert_eq!(checks[0].value, money(100_000));
    let checks = store.invoice_line_checks(rounded).expect("checks");
    assert!(!checks[0].is_problem(), "{:?}", checks[0]);
    let checks = store.invoice_line_checks(over).expect("checks");
    assert!(checks[0].over_invoiced() && !checks[0].price_differs());

    // The cap takes the newest invoices only.
    let capped = store.list_invoice_rows(2).expect("rows");
    assert_eq!(capped.iter().map(|row| row.invoice.number.as_str()).collect::<Vec<_>>(), vec!["INV-OVER", "INV-HEAD"]);
    assert!(capped.iter().all(|row| row.problem));
}

#[test]
fn reconciliation_flags_differences_and_links_exceptions() {
    let store = Store::open_in_memory().expect("store");
    let today = day("2026-06-30");
    let c1 = customer(&store, "C1");
    let c2 = customer(&store, "C2");
    // A: shipped, invoiced and paid in full: no difference.
    let a = order(&store, "SO-A", c1, "paid", "2026-06-01", 100_000);
    let a_line = line(&store, a, 1, 1_000, 100_000, 100_000, 1_000, 1_000);
    let a_inv = invoice(
        &store,
        Inv {
            number: "INV-A",
            order_id: a,
            customer_id: c1,
            issue: "2026-06-02",
            due: "2026-07-02",
            subtotal: 100_000,
            paid: 100_000,
            void: false,
        },
    );
    invoice_line(&store, a_inv, a_line, 1_000, 100_000, 100_000);
    // B: shipped, not invoiced (amber), with a live exception.
    let b = order(&store, "SO-B", c1, "shipped", "2026-06-02", 200_000);
    line(&store, b, 1, 2_000, 100_000, 200_000, 2_000, 0);
    exec(
        &store,
        "INSERT INTO exceptions (code, severity, subject_kind, subject, department, opened, opened_at, message_en, message_zh)
         VALUES ('INVOICE_NOT_ISSUED', 'warn', 'order', 'SO-B', 'finance', '2026-06-20', 't', 'not invoiced', '未开票')",
        &[],
    );
    // C: invoiced more than shipped (red).
    let c = order(&store, "SO-C", c2, "partially_shipped", "2026-06-03", 200_000);
    let c_line = line(&store, c, 1, 2_000, 100_000, 200_000, 1_000, 2_000);
    let c_inv = invoice(
        &store,
        Inv {
            number: "INV-C",
            order_id: c,
            customer_id: c2,
            issue: "2026-06-04",
            due: "2026-07-04",
            subtotal: 200_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, c_inv, c_line, 2_000, 100_000, 200_000);
    // D: paid more than invoiced (red); its void invoice does not count.
    let d = order(&store, "SO-D", c2, "paid", "2026-06-04", 100_000);
    let d_line = line(&store, d, 1, 1_000, 100_000, 100_000, 1_000, 1_000);
    let d_inv = invoice(
        &store,
        Inv {
            number: "INV-D",
            order_id: d,
            customer_id: c2,
            issue: "2026-06-05",
            due: "2026-07-05",
            subtotal: 100_000,
            paid: 150_000,
            void: false,
        },
    );
    invoice_line(&store, d_inv, d_line, 1_000, 100_000, 100_000);
    invoice(
        &store,
        Inv {
            number: "INV-D0",
            order_id: d,
            customer_id: c2,
            issue: "2026-06-05",
            due: "2026-07-05",
            subtotal: 100_000,
            paid: 0,
            void: true,
        },
    );
    // E: invoiced, unpaid past due (amber).
    let e = order(&store, "SO-E", c2, "invoiced", "2026-05-01", 100_000);
    let e_line = line(&store, e, 1, 1_000, 100_000, 100_000, 1_000, 1_000);
    let e_inv = invoice(
        &store,
        Inv {
            number: "INV-E",
            order_id: e,
            customer_id: c2,
            issue: "2026-05-02",
            due: "2026-06-01",
            subtotal: 100_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, e_inv, e_line, 1_000, 100_000, 100_000);
    // F: older than the period.
    let f = order(&store, "SO-F", c2, "shipped", "2025-01-01", 100_000);
    line(&store, f, 1, 1_000, 100_000, 100_000, 1_000, 0);

    let from = day("2026-04-01");
    let rows = store.reconcile_orders(from, today, false, 100).expect("orders");
    let find = |number: &str| rows.iter().find(|row| row.number == number);
    assert!(find("SO-A").is_none(), "no difference, not listed");
    assert!(find("SO-F").is_none(), "outside the period");
    let row_b = find("SO-B").expect("B");
    assert_eq!((row_b.shipped_diff, row_b.invoiced_diff, row_b.paid_diff), (Diff::Matches, Diff::Behind, Diff::Matches));
    assert_eq!(row_b.shipped, money(200_000));
    assert_eq!(row_b.exception.as_ref().map(|e| e.code.as_str()), Some("INVOICE_NOT_ISSUED"));
    let row_c = find("SO-C").expect("C");
    assert_eq!(row_c.invoiced_diff, Diff::Excess);
    assert_eq!(row_c.shipped, money(100_000));
    let row_d = find("SO-D").expect("D");
    assert_eq!(row_d.paid_diff, Diff::Excess);
    assert_eq!(row_d.invoiced, money(100_000), "void invoice left out");
    let row_e = find("SO-E").expect("E");
    assert_eq!((row_e.paid_diff, row_e.overdue), (Diff::Behind, money(100_000)));
    assert_eq!(rows.len(), 4);

    let all = store.reconcile_orders(from, today, true, 100).expect("all");
    assert_eq!(all.len(), 5);
    assert!(!all.iter().any(|row| row.number == "SO-A" && row.has_difference()));

    let customers = store.reconcile_customers(from, today, false, 100).expect("customers");
    let c2_row = customers.iter().find(|row| row.customer_code == "C2").expect("C2");
    assert_eq!((c2_row.orders, c2_row.orders_with_difference), (3, 3));
    assert_eq!((c2_row.invoiced_diff, c2_row.paid_diff), (Diff::Excess, Diff::Excess));
    let c1_row = customers.iter().find(|row| row.customer_code == "C1").expect("C1");
    assert_eq!((c1_row.orders, c1_row.orders_with_difference, c1_row.invoiced_diff), (2, 1, Diff::Behind));
    assert_eq!(customers[0].customer_code, "C2", "most differences first");

    let to_issue = store.list_to_issue(100).expect("to issue");
    let numbers: Vec<&str> = to_issue.iter().map(|row| row.number.as_str()).collect();
    assert_eq!(numbers, vec!["SO-F", "SO-B"]);
    assert_eq!(to_issue[1].value, money(200_000));
}

#[test]
fn report_series_and_receivables() {
    let store = Store::open_in_memory().expect("store");
    let today = day("2026-03-15");
    let c = customer(&store, "C1");
    let o = order(&store, "SO-1", c, "invoiced", "2026-02-10", 300_000);
    order(&store, "SO-2", c, "cancelled", "2026-02-11", 100_000);
    order(&store, "SO-3", c, "open", "2026-03-02", 100_000);
    let ol = line(&store, o, 1, 3_000, 100_000, 300_000, 3_000, 3_000);
    let i1 = invoice(
        &store,
        Inv {
            number: "INV-1",
            order_id: o,
            customer_id: c,
            issue: "2026-01-20",
            due: "2026-02-20",
            subtotal: 100_000,
            paid: 0,
            void: false,
        },
    );
    invoice_line(&store, i1, ol, 1_000, 100_000, 100_000);
    invoice(
        &store,
        Inv {
            number: "INV-2",
            order_id: o,
            customer_id: c,
            issue: "2026-03-02",
            due: "2026-04-02",
            subtotal: 200_000,
            paid: 0,
            void: false,
        },
    );
    invoice(
        &store,
        Inv {
            number: "INV-V",
            order_id: o,
            customer_id: c,
            issue: "2026-03-03",
            due: "2026-04-03",
            subtotal: 900_000,
            paid: 0,
            void: true,
        },
    );
    exec(
        &store,
        "INSERT INTO payments (invoice_id, customer_id, paid_on, amount, method, user_name, created_at) VALUES (?1, ?2, '2026-02-05', 40000, 'cash', 'test', 't')",
        &[&i1, &c],
    );

    let months = store.period_series(Period::Month, today, 3).expect("months");
    assert_eq!(months.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), vec!["2026-01", "2026-02", "2026-03"]);
    assert_eq!(months.iter().map(|p| p.revenue).collect::<Vec<_>>(), vec![money(100_000), money(0), money(200_000)]);
    assert_eq!(months.iter().map(|p| p.orders).collect::<Vec<_>>(), vec![0, 1, 1], "cancelled left out");

    let weeks = store.period_series(Period::Week, today, 2).expect("weeks");
    assert_eq!(weeks.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), vec!["2026-03-02", "2026-03-09"]);
    assert_eq!((weeks[0].revenue, weeks[0].orders), (money(200_000), 1));

    let receivables = store.receivables_series(today, 3).expect("receivables");
    assert_eq!(receivables.iter().map(|p| p.date).collect::<Vec<_>>(), vec![day("2026-01-31"), day("2026-02-28"), today]);
    assert_eq!(receivables.iter().map(|p| p.balance).collect::<Vec<_>>(), vec![money(100_000), money(60_000), money(260_000)]);

    let top = store.top_customers(day("2025-03-15"), today, 10).expect("top");
    assert_eq!((top.len(), top[0].revenue, top[0].invoices), (1, money(300_000), 2));
    let products = store.top_products(day("2025-03-15"), today, 10).expect("products");
    assert_eq!((products.len(), products[0].sku.as_str(), products[0].revenue), (1, "SKU1", money(100_000)));
}
