-- kaidan schema, version 6: a change counter per searchable table, bumped by triggers on every
-- write (also from another window, the command line or a tool outside kaidan), so the in-memory
-- search index of customers and products knows with one row read when to rebuild.
CREATE TABLE change_counters (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO change_counters (name, n) VALUES ('customers', 0), ('products', 0);
CREATE TRIGGER customers_changed_insert AFTER INSERT ON customers
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'customers'; END;
CREATE TRIGGER customers_changed_update AFTER UPDATE ON customers
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'customers'; END;
CREATE TRIGGER customers_changed_delete AFTER DELETE ON customers
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'customers'; END;
CREATE TRIGGER products_changed_insert AFTER INSERT ON products
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'products'; END;
CREATE TRIGGER products_changed_update AFTER UPDATE OF sku, name, spec, barcode, active, search_key ON products
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'products'; END;
CREATE TRIGGER products_changed_delete AFTER DELETE ON products
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'products'; END;
