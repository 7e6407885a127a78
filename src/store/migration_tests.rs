//! Upgrades of shops made by earlier schemas: what each migration brings to the rows already there.

use super::*;

#[test]
fn schema_14_values_the_ledger_kept_before_costs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite3");
    {
        // A shop at schema 13: a product at cost 8, its opening stock and a shipment; a
        // product with no cost; a movement too large to multiply exactly.
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        for sql in &MIGRATIONS[..13] {
            tx.execute_batch(sql).expect("old migration");
        }
        tx.execute_batch(
            "INSERT INTO products (id, sku, name, price, cost, on_hand, updated_at) VALUES (1, 'P1', 'p', 100000, 80000, 3000, 'x'),
                 (2, 'P2', 'q', 100000, NULL, 1000, 'x'), (3, 'P3', 'r', 1, 9000000000000000, 2000000000000, 'x');
             INSERT INTO stock_movements (product_id, kind, qty, at, user_name) VALUES (1, 'opening', 5000, '2026-01-01T08:00:00', 'a'),
                 (1, 'shipment', -2000, '2026-01-02T08:00:00', 'a'), (2, 'opening', 1000, '2026-01-01T08:00:00', 'a'),
                 (3, 'opening', 2000000000000, '2026-01-01T08:00:00', 'a');
             PRAGMA user_version = 13;",
        )
        .expect("old rows");
        tx.commit().expect("commit");
    }
    let store = Store::open(&path).expect("migrates to the newest schema");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let rows: Vec<(i64, Option<i64>, i64, String)> = store
        .db
        .prepare("SELECT product_id, unit_cost, value, typeof(value) FROM stock_movements ORDER BY id")
        .expect("prepare")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .expect("query")
        .collect::<crate::store::db::Result<_>>()
        .expect("rows");
    assert_eq!(rows[0], (1, Some(80000), 400000, "integer".to_string()), "5 at 8.00 = 40.00");
    assert_eq!(rows[1], (1, Some(80000), -160000, "integer".to_string()), "2 out at 8.00");
    assert_eq!(rows[2], (2, None, 0, "integer".to_string()), "no cost, no value");
    assert_eq!(rows[3].2, 0, "too large to value exactly: 0, never a float");
    assert_eq!(rows[3].3, "integer");
}

#[test]
fn schema_15_dates_the_voids_made_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite3");
    {
        // A shop at schema 14: two voided invoices, one with the audit log's void entry (a day
        // after its issue), one without; and one not voided.
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        for sql in &MIGRATIONS[..14] {
            tx.execute_batch(sql).expect("old migration");
        }
        tx.execute_batch(
            "INSERT INTO customers (id, code, name, updated_at, updated_by) VALUES (1, 'C1', 'c', 'x', 'a');
             INSERT INTO orders (id, number, customer_id, customer_code, status, order_date, subtotal, tax, total, created_by, created_at, updated_at)
                 VALUES (1, 'SO-1', 1, 'C1', 'shipped', '2026-10-01', 1, 0, 1, 'a', 'x', 'x');
             INSERT INTO invoices (id, number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, void_reason, created_by, created_at)
                 VALUES (1, 'INV-1', 1, 1, '2026-10-10', '2026-11-09', 1, 0, 1, 0, 1, 'wrong', 'a', 'x'),
                        (2, 'INV-2', 1, 1, '2026-10-12', '2026-11-11', 1, 0, 1, 0, 1, 'wrong', 'a', 'x'),
                        (3, 'INV-3', 1, 1, '2026-10-13', '2026-11-12', 1, 0, 1, 0, 0, '', 'a', 'x'),
                        (4, 'INV-4', 1, 1, '2026-10-20', '2026-11-19', 1, 0, 1, 0, 1, 'wrong', 'a', 'x');
             INSERT INTO audit_log (at, user_name, entity, entity_key, action, before, after, prev_hash, hash)
                 VALUES ('2026-11-04T09:00:00', 'a', 'invoice', 'INV-1', 'void', 'issued', 'wrong', '', 'h'),
                        ('2026-10-05T09:00:00', 'a', 'invoice', 'INV-4', 'void', 'issued', 'clock', '', 'h2');
             PRAGMA user_version = 14;",
        )
        .expect("old rows");
        tx.commit().expect("commit");
    }
    let store = Store::open(&path).expect("migrates to the newest schema");
    let rows: Vec<(i64, Option<String>)> = store
        .db
        .prepare("SELECT id, voided_on FROM invoices ORDER BY id")
        .expect("prepare")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<crate::store::db::Result<_>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![(1, Some("2026-11-04".to_string())), (2, Some("2026-10-12".to_string())), (3, None), (4, Some("2026-10-20".to_string()))],
        "the audit log's day (never before the issue), else the issue day; none for an invoice in force"
    );
}
