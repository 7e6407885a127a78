-- kaidan schema, version 4: scans that stay fast on ten years of data.
--
-- products.ledger_qty is the sum of the product's stock movements, kept by triggers on every
-- insert, update or delete of a movement — also when the file is edited outside kaidan — so
-- STOCK_OUT_OF_SYNC compares two columns instead of summing millions of movements.
ALTER TABLE products ADD COLUMN ledger_qty INTEGER NOT NULL DEFAULT 0;
UPDATE products SET ledger_qty = IFNULL((SELECT SUM(qty) FROM stock_movements m WHERE m.product_id = products.id), 0);

CREATE TRIGGER stock_movements_ledger_insert AFTER INSERT ON stock_movements
BEGIN
    UPDATE products SET ledger_qty = ledger_qty + NEW.qty WHERE id = NEW.product_id;
END;
CREATE TRIGGER stock_movements_ledger_update AFTER UPDATE OF qty, product_id ON stock_movements
BEGIN
    UPDATE products SET ledger_qty = ledger_qty - OLD.qty WHERE id = OLD.product_id;
    UPDATE products SET ledger_qty = ledger_qty + NEW.qty WHERE id = NEW.product_id;
END;
CREATE TRIGGER stock_movements_ledger_delete AFTER DELETE ON stock_movements
BEGIN
    UPDATE products SET ledger_qty = ledger_qty - OLD.qty WHERE id = OLD.product_id;
END;

-- Open invoices (not void, not fully paid) and over-paid ones: the scans look only at these.
CREATE INDEX invoices_open ON invoices (due_date) WHERE void = 0 AND paid < total;
CREATE INDEX invoices_overpaid ON invoices (id) WHERE void = 0 AND paid > total;

