-- kaidan schema, version 15 on PostgreSQL (as migrations/0015_void_dates.sql): the day an invoice
-- was voided. A statement shows a voided invoice on its issue day and its void as a line of its
-- own on the void day, so a statement of a period before the void reads the same when it is made
-- again after it (a customer may hold the first).
ALTER TABLE invoices ADD COLUMN voided_on TEXT COLLATE "C",
    ADD CONSTRAINT invoices_voided_on_void CHECK (voided_on IS NULL OR void = 1);

-- Invoices voided before the day was kept: the day of the audit log's void entry (never before
-- the issue day), else the issue day (a statement then shows the invoice and its void on that day).
UPDATE invoices SET voided_on = COALESCE(
    (SELECT GREATEST(substr(a.at, 1, 10), invoices.issue_date) FROM audit_log a
      WHERE a.entity = 'invoice' AND a.entity_key = invoices.number AND a.action = 'void'
      ORDER BY a.id DESC LIMIT 1),
    issue_date)
 WHERE void = 1;
CREATE INDEX IF NOT EXISTS invoices_voided ON invoices (customer_id, voided_on) WHERE void = 1;
