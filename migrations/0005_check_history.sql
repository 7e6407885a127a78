-- kaidan schema, version 5: indexes that let a live check read what it needs without touching
-- the order lines table.
-- The recent line quantities of a product (QTY_UNUSUAL's history), newest first.
CREATE INDEX order_lines_history ON order_lines (product_id, id, qty, order_id);
-- Lines still to ship: who holds a product's reservation, without reading its whole history.
CREATE INDEX order_lines_open ON order_lines (product_id) WHERE qty > shipped_qty;
