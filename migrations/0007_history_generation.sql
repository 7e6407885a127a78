-- kaidan schema, version 7: a change counter for order lines, so the live checks can keep the
-- recent quantities of a product in memory between keystrokes and re-read them only after an
-- order line was written (by any window, the command line or a tool outside kaidan).
INSERT INTO change_counters (name, n) VALUES ('order_lines', 0);
CREATE TRIGGER order_lines_changed_insert AFTER INSERT ON order_lines
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'order_lines'; END;
CREATE TRIGGER order_lines_changed_update AFTER UPDATE OF qty, product_id, cancelled ON order_lines
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'order_lines'; END;
CREATE TRIGGER order_lines_changed_delete AFTER DELETE ON order_lines
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'order_lines'; END;
