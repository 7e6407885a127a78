//! Search as you type over customers and products: an in-memory index of the stored search
//! keys (code, name, phone/spec/barcode, pinyin), rebuilt only when the table's trigger-kept
//! change counter moves, so each keystroke is a substring pass over memory (~100k keys in a
//! millisecond or two) plus one indexed fetch of the few rows shown — never a table scan.

use super::{Result, Store};
use std::cell::RefCell;

/// The search keys of one table, in code order.
#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    generation: i64,
    built: bool,
    /// (row id, lowercase code, search key, archived or inactive).
    entries: Vec<(i64, String, String, bool)>,
}

/// The two indexes a store keeps, and the recent line quantities of products the live checks
/// read (per product and excluded order), valid while the order lines' counter stands still.
#[derive(Debug, Default)]
pub(crate) struct SearchIndexes {
    pub customers: RefCell<SearchIndex>,
    pub products: RefCell<SearchIndex>,
    pub history: RefCell<(i64, HistoryCache)>,
}

/// Recent line quantities by (product id, excluded order id).
pub(crate) type HistoryCache = std::collections::HashMap<(i64, i64), Vec<rust_decimal::Decimal>>;

impl SearchIndex {
    /// Ids of up to `limit` matches: the exact code first, then codes starting with the query,
    /// then any other key containing it, each in code order. `hidden` rows only when asked.
    fn find(&self, query: &str, limit: usize, include_hidden: bool) -> Vec<i64> {
        let mut exact = vec![];
        let mut prefix = vec![];
        let mut other = vec![];
        for (id, code, key, hidden) in &self.entries {
            if *hidden && !include_hidden {
                continue;
            }
            if query.is_empty() {
                other.push(*id);
                if other.len() >= limit {
                    break;
                }
                continue;
            }
            if code == query {
                exact.push(*id);
            } else if code.starts_with(query) {
                if prefix.len() < limit {
                    prefix.push(*id);
                }
            } else if other.len() < limit && key.contains(query) {
                other.push(*id);
            }
        }
        exact.into_iter().chain(prefix).chain(other).take(limit).collect()
    }
}

impl Store {
    fn refresh_index(&self, table: &str) -> Result<()> {
        let generation: i64 =
            self.db.prepare_cached("SELECT n FROM change_counters WHERE name = ?1")?.query_row([table], |row| row.get(0))?;
        let cell = if table == "customers" { &self.search.customers } else { &self.search.products };
        if cell.borrow().built && cell.borrow().generation == generation {
            return Ok(());
        }
        let sql = if table == "customers" {
            "SELECT id, lower(code), search_key, archived FROM customers ORDER BY code"
        } else {
            "SELECT id, lower(sku), search_key, active = 0 FROM products ORDER BY sku"
        };
        let mut statement = self.db.prepare(sql)?;
        let entries = statement
            .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, bool>(3)?)))?
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        *cell.borrow_mut() = SearchIndex { generation, built: true, entries };
        Ok(())
    }

    /// Ids of matching customers (see [`Store::search_customers`]).
    pub(crate) fn find_customer_ids(&self, query: &str, limit: usize, include_archived: bool) -> Result<Vec<i64>> {
        self.refresh_index("customers")?;
        Ok(self.search.customers.borrow().find(query, limit, include_archived))
    }

    /// Ids of matching products (see [`Store::search_products`]).
    pub(crate) fn find_product_ids(&self, query: &str, limit: usize, only_active: bool) -> Result<Vec<i64>> {
        self.refresh_index("products")?;
        Ok(self.search.products.borrow().find(query, limit, !only_active))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_exact_then_prefix_then_contains() {
        let index = SearchIndex {
            generation: 1,
            built: true,
            entries: vec![
                (1, "c001".into(), "c001\u{1f}zhang\u{1f}".into(), false),
                (2, "c0010".into(), "c0010\u{1f}li\u{1f}".into(), false),
                (3, "x9".into(), "x9\u{1f}c001 note\u{1f}".into(), false),
                (4, "c0011".into(), "c0011\u{1f}old\u{1f}".into(), true),
            ],
        };
        assert_eq!(index.find("c001", 8, false), vec![1, 2, 3]);
        assert_eq!(index.find("c001", 8, true), vec![1, 2, 4, 3]);
        assert_eq!(index.find("zhang", 8, false), vec![1]);
        assert_eq!(index.find("c001", 2, false), vec![1, 2]);
        assert_eq!(index.find("", 2, false), vec![1, 2]);
    }

    #[test]
    fn a_write_anywhere_rebuilds_the_index() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("s.sqlite3");
        let mut store = Store::open(&path).expect("store");
        let customer =
            crate::domain::master::Customer {
                code: "C1".into(), name: "张三五金店".into(), payment_terms_days: 30, ..Default::default()
            };
        store.save_customer(&customer, "admin", "2026-11-20T10:00:00").expect("save");
        assert_eq!(store.search_customers("zswj", 8, false).expect("search").len(), 1);
        // Another connection (another window, the CLI) adds a customer: found on the next keystroke.
        let mut other = Store::open(&path).expect("other");
        let second =
            crate::domain::master::Customer {
                code: "C2".into(), name: "张记电器".into(), payment_terms_days: 30, ..Default::default()
            };
        other.save_customer(&second, "admin", "2026-11-20T10:01:00").expect("save");
        assert_eq!(store.search_customers("zj", 8, false).expect("search").len(), 1);
        assert_eq!(store.search_customers("张", 8, false).expect("search").len(), 2);
    }
}
