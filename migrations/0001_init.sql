-- kaidan schema, version 1. Never edit this file once released: add 0002_… instead.
--
-- Units: money columns are INTEGER in ten-thousandths (scale 4: 12.50 is 125000), quantities
-- INTEGER in thousandths (scale 3: 2.5 kg is 2500), percentages INTEGER in hundredths (scale 2:
-- 5 % is 500). Integers keep sums exact in SQL and fast on large files; the store converts them
-- to rust_decimal and back in one place. Dates are TEXT 'YYYY-MM-DD', instants TEXT ISO 8601.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    role       TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'clerk', 'warehouse', 'bookkeeper')),
    pin_hash   TEXT,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE sequences (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL CHECK (last >= 0),
    PRIMARY KEY (kind, year)
);

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE CHECK (code <> ''),
    name               TEXT NOT NULL CHECK (name <> ''),
    phone              TEXT NOT NULL DEFAULT '',
    address            TEXT NOT NULL DEFAULT '',
    tax_id             TEXT NOT NULL DEFAULT '',
    credit_limit       INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0),
    payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 3650),
    discount_pct       INTEGER NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 10000),
    blocked            INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    blocked_reason     TEXT NOT NULL DEFAULT '',
    archived           INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    search_key         TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    updated_at         TEXT NOT NULL,
    updated_by         TEXT NOT NULL
);

CREATE TABLE products (
    id            INTEGER PRIMARY KEY,
    sku           TEXT NOT NULL UNIQUE CHECK (sku <> ''),
    name          TEXT NOT NULL CHECK (name <> ''),
    spec          TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT 'pcs' CHECK (unit <> ''),
    barcode       TEXT NOT NULL DEFAULT '',
    price         INTEGER NOT NULL CHECK (price >= 0),
    min_price     INTEGER CHECK (min_price IS NULL OR (min_price >= 0 AND min_price <= price)),
    cost          INTEGER CHECK (cost IS NULL OR cost >= 0),
    on_hand       INTEGER NOT NULL DEFAULT 0,
    reserved      INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    reorder_point INTEGER NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    divisible     INTEGER NOT NULL DEFAULT 0 CHECK (divisible IN (0, 1)),
    search_key    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL
);

-- Agreed prices per customer and product (the special price list).
CREATE TABLE customer_prices (
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    product_id  INTEGER NOT NULL REFERENCES products (id),
    price       INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (customer_id, product_id)
) WITHOUT ROWID;

-- The stock ledger: every change of on-hand is one row; products.on_hand is its running sum,
-- written in the same transaction.
CREATE TABLE stock_movements (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    kind       TEXT NOT NULL CHECK (kind IN ('opening', 'receipt', 'shipment', 'adjustment', 'count', 'return')),
    qty        INTEGER NOT NULL,
    reference  TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    user_name  TEXT NOT NULL
);
CREATE INDEX stock_movements_by_product ON stock_movements (product_id, id);

CREATE TABLE orders (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    customer_id       INTEGER REFERENCES customers (id),
    customer_code     TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('awaiting_correction', 'awaiting_approval',
                          'awaiting_restock', 'open', 'confirmed', 'partially_shipped', 'shipped',
                          'invoiced', 'paid', 'cancelled')),
    order_date        TEXT NOT NULL,
    delivery_date     TEXT,
    delivery          TEXT NOT NULL DEFAULT 'pickup' CHECK (delivery IN ('pickup', 'delivery')),
    priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
    payment_method    TEXT CHECK (payment_method IS NULL OR payment_method IN
                          ('cash', 'bank_transfer', 'wechat', 'alipay', 'card', 'credit', 'cod')),
    payment_reference TEXT NOT NULL DEFAULT '',
    payment_amount    INTEGER,
    note              TEXT NOT NULL DEFAULT '',
    subtotal          INTEGER NOT NULL,
    tax               INTEGER NOT NULL,
    total             INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    confirmed_at      TEXT,
    revision          INTEGER NOT NULL DEFAULT 1,
    version           INTEGER NOT NULL DEFAULT 1,
    updated_at        TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, order_date);
CREATE INDEX orders_by_status ON orders (status, order_date);
CREATE INDEX orders_by_date ON orders (order_date);

CREATE TABLE order_lines (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders (id),
    line_no       INTEGER NOT NULL CHECK (line_no >= 1),
    product_id    INTEGER REFERENCES products (id),
    sku           TEXT NOT NULL,
    qty           INTEGER NOT NULL,
    unit_price    INTEGER NOT NULL,
    discount_pct  INTEGER NOT NULL DEFAULT 0,
    line_total    INTEGER NOT NULL,
    shipped_qty   INTEGER NOT NULL DEFAULT 0 CHECK (shipped_qty >= 0),
    invoiced_qty  INTEGER NOT NULL DEFAULT 0 CHECK (invoiced_qty >= 0),
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_by_product ON order_lines (product_id);

-- Who did what to an order, when and why (also the revision history of amendments).
CREATE TABLE order_events (
    id        INTEGER PRIMARY KEY,
    order_id  INTEGER NOT NULL REFERENCES orders (id),
    at        TEXT NOT NULL,
    user_name TEXT NOT NULL,
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    revision  INTEGER NOT NULL
);
CREATE INDEX order_events_by_order ON order_events (order_id, id);

-- An approval clears one approvable block for as long as the same finding stands.
CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    code        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    at          TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason <> '')
);
CREATE INDEX approvals_by_order ON approvals (order_id);

CREATE TABLE drafts (
    id         INTEGER PRIMARY KEY,
    user_name  TEXT NOT NULL,
    slot       TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_name, slot)
);

CREATE TABLE order_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE shipments (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    shipped_on  TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    delivered_on TEXT,
    received_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX shipments_by_order ON shipments (order_id);
CREATE INDEX shipments_by_date ON shipments (shipped_on);

CREATE TABLE shipment_lines (
    id            INTEGER PRIMARY KEY,
    shipment_id   INTEGER NOT NULL REFERENCES shipments (id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines (id),
    qty           INTEGER NOT NULL CHECK (qty > 0)
);
CREATE INDEX shipment_lines_by_shipment ON shipment_lines (shipment_id);

CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    issue_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    subtotal    INTEGER NOT NULL,
    tax         INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    paid        INTEGER NOT NULL DEFAULT 0,
    void        INTEGER NOT NULL DEFAULT 0 CHECK (void IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (due_date >= issue_date)
);
CREATE INDEX invoices_by_order ON invoices (order_id);
CREATE INDEX invoices_by_customer ON invoices (customer_id, void);
CREATE INDEX invoices_by_due ON invoices (due_date);

CREATE TABLE invoice_lines (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines (id),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    unit_price    INTEGER NOT NULL,
    discount_pct  INTEGER NOT NULL,
    line_total    INTEGER NOT NULL
);
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER REFERENCES invoices (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    paid_on     TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'wechat', 'alipay', 'card', 'credit', 'cod')),
    reference   TEXT NOT NULL DEFAULT '',
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX payments_by_invoice ON payments (invoice_id);
CREATE INDEX payments_by_customer ON payments (customer_id);

CREATE TABLE exceptions (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL,
    severity          TEXT NOT NULL CHECK (severity IN ('block', 'warn', 'info')),
    approvable        INTEGER NOT NULL DEFAULT 0 CHECK (approvable IN (0, 1)),
    subject_kind      TEXT NOT NULL CHECK (subject_kind IN ('order', 'invoice', 'product', 'customer')),
    subject           TEXT NOT NULL,
    line              INTEGER,
    customer_code     TEXT NOT NULL DEFAULT '',
    entered_by        TEXT NOT NULL DEFAULT '',
    department        TEXT NOT NULL CHECK (department IN ('sales', 'warehouse', 'finance')),
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved', 'waived')),
    opened            TEXT NOT NULL,
    opened_at         TEXT NOT NULL,
    assignee          TEXT,
    root_cause        TEXT CHECK (root_cause IS NULL OR root_cause IN ('input_error', 'master_data',
                          'unclear_process', 'not_in_sync', 'customer_change', 'supplier_delay', 'other')),
    root_cause_note   TEXT NOT NULL DEFAULT '',
    corrective_action TEXT NOT NULL DEFAULT '',
    message_en        TEXT NOT NULL,
    message_zh        TEXT NOT NULL,
    closed_at         TEXT,
    version           INTEGER NOT NULL DEFAULT 1
);
-- One live exception per condition and subject: rescans update, never duplicate.
CREATE UNIQUE INDEX exceptions_one_live ON exceptions (code, subject, IFNULL(line, 0))
    WHERE status IN ('open', 'in_progress');
CREATE INDEX exceptions_by_status ON exceptions (status, severity);
CREATE INDEX exceptions_by_subject ON exceptions (subject);

CREATE TABLE exception_events (
    id           INTEGER PRIMARY KEY,
    exception_id INTEGER NOT NULL REFERENCES exceptions (id),
    at           TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exception_events_by_exception ON exception_events (exception_id, id);

-- Append-only, hash-chained record of every change: hash = sha256(prev_hash | fields).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_name TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_key);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

INSERT INTO users (name, role, pin_hash, active, created_at)
VALUES ('admin', 'owner', NULL, 1, strftime('%Y-%m-%dT%H:%M:%S', 'now'));
