-- kaidan schema, version 3: after-sales. Goods coming back against a shipped order, and the
-- credit notes that reduce what the customer owes on an invoice (never an edit of the invoice).
CREATE TABLE credit_notes (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    issue_date  TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX credit_notes_by_invoice ON credit_notes (invoice_id);

CREATE TABLE returns (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (id),
    order_line_id  INTEGER NOT NULL REFERENCES order_lines (id),
    qty            INTEGER NOT NULL CHECK (qty > 0),
    reason         TEXT NOT NULL CHECK (reason <> ''),
    credit_note_id INTEGER REFERENCES credit_notes (id),
    returned_on    TEXT NOT NULL,
    user_name      TEXT NOT NULL
);
CREATE INDEX returns_by_order ON returns (order_id);
