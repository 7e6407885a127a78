-- kaidan schema, version 5: indexes that let a live check read what it needs without touching
-- the order lines table.
--
-- order_lines.cancelled mirrors its order's state (kept by triggers), so a product's recent
-- quantities (QTY_UNUSUAL's history) leave cancelled orders out straight from a partial index.
ALTER TABLE order_lines ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1));
UPDATE order_lines SET cancelled = 1 WHERE order_id IN (SELECT id FROM orders WHERE status = 'cancelled');
CREATE TRIGGER orders_cancel_lines AFTER UPDATE OF status ON orders
BEGIN
    UPDATE order_lines SET cancelled = (NEW.status = 'cancelled') WHERE order_id = NEW.id AND cancelled <> (NEW.status = 'cancelled');
END;
CREATE TRIGGER order_lines_born_cancelled AFTER INSERT ON order_lines
WHEN (SELECT status FROM orders WHERE id = NEW.order_id) = 'cancelled'
BEGIN
    UPDATE order_lines SET cancelled = 1 WHERE id = NEW.id;
END;
-- The recent line quantities of a product, newest first, cancelled orders left out.
CREATE INDEX order_lines_history ON order_lines (product_id, id, qty, order_id) WHERE cancelled = 0;
-- Lines still to ship: who holds a product's reservation, without reading its whole history.
CREATE INDEX order_lines_open ON order_lines (product_id) WHERE qty > shipped_qty;
