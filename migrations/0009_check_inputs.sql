-- kaidan schema, version 9: one change counter for everything the live checks of a saved order
-- read (customers, products and stock, agreed prices, orders and their lines, approvals,
-- invoices, payments, refunds, credit notes, settings), bumped by triggers on every write from
-- any window, command or outside tool. `scan` re-checks the orders waiting for approval,
-- correction or stock only when this counter or today's date moved since its last re-check
-- ('recheck_seen' and 'recheck_day' hold what it saw), so a scan over an unchanged shop is cheap.
INSERT INTO change_counters (name, n) VALUES ('check_inputs', 0), ('recheck_seen', -1), ('recheck_day', -1);
CREATE TRIGGER settings_check_inputs_insert AFTER INSERT ON settings
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER settings_check_inputs_update AFTER UPDATE ON settings
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER settings_check_inputs_delete AFTER DELETE ON settings
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER customers_check_inputs_insert AFTER INSERT ON customers
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER customers_check_inputs_update AFTER UPDATE ON customers
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER customers_check_inputs_delete AFTER DELETE ON customers
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER products_check_inputs_insert AFTER INSERT ON products
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER products_check_inputs_update AFTER UPDATE ON products
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER products_check_inputs_delete AFTER DELETE ON products
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER customer_prices_check_inputs_insert AFTER INSERT ON customer_prices
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER customer_prices_check_inputs_update AFTER UPDATE ON customer_prices
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER customer_prices_check_inputs_delete AFTER DELETE ON customer_prices
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER orders_check_inputs_insert AFTER INSERT ON orders
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER orders_check_inputs_update AFTER UPDATE ON orders
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER orders_check_inputs_delete AFTER DELETE ON orders
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER order_lines_check_inputs_insert AFTER INSERT ON order_lines
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER order_lines_check_inputs_update AFTER UPDATE ON order_lines
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER order_lines_check_inputs_delete AFTER DELETE ON order_lines
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER approvals_check_inputs_insert AFTER INSERT ON approvals
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER approvals_check_inputs_update AFTER UPDATE ON approvals
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER approvals_check_inputs_delete AFTER DELETE ON approvals
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER invoices_check_inputs_insert AFTER INSERT ON invoices
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER invoices_check_inputs_update AFTER UPDATE ON invoices
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER invoices_check_inputs_delete AFTER DELETE ON invoices
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER payments_check_inputs_insert AFTER INSERT ON payments
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER payments_check_inputs_update AFTER UPDATE ON payments
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER payments_check_inputs_delete AFTER DELETE ON payments
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER refunds_check_inputs_insert AFTER INSERT ON refunds
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER refunds_check_inputs_update AFTER UPDATE ON refunds
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER refunds_check_inputs_delete AFTER DELETE ON refunds
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER credit_notes_check_inputs_insert AFTER INSERT ON credit_notes
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER credit_notes_check_inputs_update AFTER UPDATE ON credit_notes
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
CREATE TRIGGER credit_notes_check_inputs_delete AFTER DELETE ON credit_notes
BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'check_inputs'; END;
