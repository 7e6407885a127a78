-- Money given back on an invoice (`refund`). A refund lowers the invoice's `paid` figure in the
-- same transaction, so an invoice's paid = its payments − its refunds, and payments themselves
-- are never changed or deleted.
CREATE TABLE refunds (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    refunded_on TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'wechat', 'alipay', 'card', 'credit', 'cod')),
    reason      TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX refunds_by_invoice ON refunds (invoice_id);
CREATE INDEX refunds_by_customer ON refunds (customer_id);
