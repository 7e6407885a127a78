-- kaidan schema, version 12: gift lines (赠品), customer accounts (现结/月结) and deposits (订金).
-- A gift line has price 0 and is exempt from the price and discount checks; it still counts for
-- stock. A customer's account sets an order's default payment (cash, or credit on account).
ALTER TABLE order_lines ADD COLUMN gift INTEGER NOT NULL DEFAULT 0 CHECK (gift IN (0, 1));
ALTER TABLE customers ADD COLUMN account TEXT NOT NULL DEFAULT 'monthly' CHECK (account IN ('cash', 'monthly'));

-- Money taken on an order before it is invoiced. `applied` is what went onto the order's
-- invoices (each application is a payment row naming the deposit), `refunded` what was given
-- back (each a deposit_refunds row); what is left is the order's unapplied deposit, which lowers
-- the customer's balance and credit exposure until it is applied or refunded.
CREATE TABLE deposits (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    taken_on    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'wechat', 'alipay', 'card')),
    reference   TEXT NOT NULL DEFAULT '',
    applied     INTEGER NOT NULL DEFAULT 0 CHECK (applied >= 0),
    refunded    INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (applied + refunded <= amount)
);
CREATE INDEX deposits_by_order ON deposits (order_id);
CREATE INDEX deposits_by_customer ON deposits (customer_id);
ALTER TABLE payments ADD COLUMN deposit_id INTEGER REFERENCES deposits (id);

CREATE TABLE deposit_refunds (
    id          INTEGER PRIMARY KEY,
    deposit_id  INTEGER NOT NULL REFERENCES deposits (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    refunded_on TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'wechat', 'alipay', 'card')),
    reason      TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX deposit_refunds_by_order ON deposit_refunds (order_id);
CREATE INDEX deposit_refunds_by_customer ON deposit_refunds (customer_id);

-- A deposit moves the customer's credit exposure: re-check their waiting orders.
CREATE TRIGGER deposits_dirty_insert AFTER INSERT ON deposits
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
CREATE TRIGGER deposits_dirty_update AFTER UPDATE ON deposits
BEGIN INSERT OR IGNORE INTO check_dirty (kind, id) VALUES ('customer', NEW.customer_id); END;
