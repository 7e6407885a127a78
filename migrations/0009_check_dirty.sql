-- kaidan schema, version 9: what changed since `scan` last re-checked the orders waiting for
-- approval, correction or stock. Triggers note each customer and product whose data a live check
-- reads (the customer row, agreed prices, orders, lines, approvals, invoices, payments, refunds,
-- credit notes; the product row with its stock) as it is written — by any window, command or
-- outside tool — and ('all', 0) for what can affect any order (settings, a new or deleted
-- customer or product). A re-check then looks only at the waiting orders of those customers and
-- products, in one transaction, and clears the notes; a new day re-checks all (dates, overdue and
-- duplicate windows move with it). 'recheck_day' holds the day of the last pass.
CREATE TABLE check_dirty (
    kind TEXT NOT NULL CHECK (kind IN ('all', 'customer', 'product')),
    id   INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
INSERT INTO check_dirty (kind, id) VALUES ('all', 0);
INSERT INTO change_counters (name, n) VALUES ('recheck_day', -1);
CREATE TRIGGER settings_dirty_insert AFTER INSERT ON settings
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER settings_dirty_update AFTER UPDATE ON settings
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER settings_dirty_delete AFTER DELETE ON settings
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER customers_dirty_insert AFTER INSERT ON customers
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER customers_dirty_update AFTER UPDATE ON customers WHEN NOT EXISTS (SELECT 1 FROM check_dirty WHERE kind = 'all')
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.id); END;
CREATE TRIGGER customers_dirty_delete AFTER DELETE ON customers
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER products_dirty_insert AFTER INSERT ON products
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
-- Only the columns a check reads (not ledger_qty, search keys or versions), and not while every
-- waiting order is to be re-checked anyway (an import of new products).
CREATE TRIGGER products_dirty_update AFTER UPDATE OF sku, price, min_price, cost, on_hand, reserved, active, divisible, unit, name, spec
ON products WHEN NOT EXISTS (SELECT 1 FROM check_dirty WHERE kind = 'all')
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('product', NEW.id); END;
CREATE TRIGGER products_dirty_delete AFTER DELETE ON products
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER customer_prices_dirty_insert AFTER INSERT ON customer_prices
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER customer_prices_dirty_update AFTER UPDATE ON customer_prices
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER customer_prices_dirty_delete AFTER DELETE ON customer_prices
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', OLD.customer_id); END;
CREATE TRIGGER orders_dirty_insert AFTER INSERT ON orders
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER orders_dirty_update AFTER UPDATE ON orders
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', OLD.customer_id); END;
CREATE TRIGGER orders_dirty_delete AFTER DELETE ON orders
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('all', 0); END;
CREATE TRIGGER order_lines_dirty_insert AFTER INSERT ON order_lines
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('product', NEW.product_id); INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM orders WHERE id = NEW.order_id)); END;
CREATE TRIGGER order_lines_dirty_update AFTER UPDATE ON order_lines
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('product', NEW.product_id); INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('product', OLD.product_id); INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM orders WHERE id = NEW.order_id)); END;
CREATE TRIGGER order_lines_dirty_delete AFTER DELETE ON order_lines
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('product', OLD.product_id); INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM orders WHERE id = OLD.order_id)); END;
CREATE TRIGGER approvals_dirty_insert AFTER INSERT ON approvals
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM orders WHERE id = NEW.order_id)); END;
CREATE TRIGGER approvals_dirty_delete AFTER DELETE ON approvals
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM orders WHERE id = OLD.order_id)); END;
CREATE TRIGGER invoices_dirty_insert AFTER INSERT ON invoices
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER invoices_dirty_update AFTER UPDATE ON invoices
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER payments_dirty_insert AFTER INSERT ON payments
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER payments_dirty_update AFTER UPDATE ON payments
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER refunds_dirty_insert AFTER INSERT ON refunds
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER refunds_dirty_update AFTER UPDATE ON refunds
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER credit_notes_dirty_insert AFTER INSERT ON credit_notes
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM invoices WHERE id = NEW.invoice_id)); END;
CREATE TRIGGER credit_notes_dirty_update AFTER UPDATE ON credit_notes
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', (SELECT customer_id FROM invoices WHERE id = NEW.invoice_id)); END;
