-- kaidan schema, version 11: which invoices the INVOICE_MISMATCH scan must look at again. The
-- scan compares every open invoice with the order lines it covers; on a shop with tens of
-- thousands of open invoices that comparison was most of the time of every scan, although an
-- invoice's lines only differ from its order's when one of them is written. Triggers note each
-- invoice as it is written, or as an order line it covers changes — by any window, command or
-- outside tool — and 0 for "look at all of them" (a new schema, a deleted invoice). The scan
-- compares only the noted invoices, brings their exceptions in line, and clears the notes in
-- the same transaction.
CREATE TABLE invoice_scan_dirty (invoice_id INTEGER PRIMARY KEY);
INSERT INTO invoice_scan_dirty (invoice_id) VALUES (0);
CREATE INDEX invoice_lines_by_order_line ON invoice_lines (order_line_id);
CREATE TRIGGER invoices_scan_insert AFTER INSERT ON invoices
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (NEW.id); END;
CREATE TRIGGER invoices_scan_update AFTER UPDATE ON invoices
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (NEW.id); INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (OLD.id); END;
CREATE TRIGGER invoices_scan_delete AFTER DELETE ON invoices
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (0); END;
CREATE TRIGGER invoice_lines_scan_insert AFTER INSERT ON invoice_lines
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (NEW.invoice_id); END;
CREATE TRIGGER invoice_lines_scan_update AFTER UPDATE ON invoice_lines
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (NEW.invoice_id); INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (OLD.invoice_id); END;
CREATE TRIGGER invoice_lines_scan_delete AFTER DELETE ON invoice_lines
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) VALUES (OLD.invoice_id); END;
-- Only the columns the comparison reads.
CREATE TRIGGER order_lines_scan_update AFTER UPDATE OF qty, unit_price, discount_pct, line_total, shipped_qty, invoiced_qty ON order_lines
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) SELECT invoice_id FROM invoice_lines WHERE order_line_id = NEW.id; END;
CREATE TRIGGER order_lines_scan_delete AFTER DELETE ON order_lines
BEGIN INSERT OR IGNORE INTO invoice_scan_dirty (invoice_id) SELECT invoice_id FROM invoice_lines WHERE order_line_id = OLD.id; END;
