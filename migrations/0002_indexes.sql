-- kaidan schema, version 2: indexes for the statistics, reports and reconciliation views on
-- large files (ten years of orders). Indexes only: no data changes.
CREATE INDEX IF NOT EXISTS invoices_by_issue ON invoices (issue_date);
CREATE INDEX IF NOT EXISTS exceptions_by_opened ON exceptions (opened, code);
CREATE INDEX IF NOT EXISTS exceptions_by_closed ON exceptions (closed_at);
CREATE INDEX IF NOT EXISTS shipments_by_order_date ON shipments (order_id, shipped_on);
