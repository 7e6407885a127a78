-- kaidan schema, version 13 on PostgreSQL: as migrations/0013_deposit_returns_signed_slips.sql
-- (written to run on a database where some development build already added part of it).
ALTER TABLE refunds ADD COLUMN IF NOT EXISTS deposit_id BIGINT REFERENCES deposits (id);

ALTER TABLE shipments ADD COLUMN IF NOT EXISTS awaits_signature BIGINT NOT NULL DEFAULT 0 CHECK (awaits_signature IN (0, 1));
UPDATE shipments SET awaits_signature = 1
 WHERE delivered_on IS NULL AND order_id IN (SELECT id FROM orders WHERE delivery = 'delivery')
   AND shipped_on >= (SELECT (CAST(MAX(shipped_on) AS date) - 30)::text FROM shipments);
CREATE INDEX IF NOT EXISTS shipments_awaiting_signature ON shipments (shipped_on) WHERE awaits_signature = 1 AND delivered_on IS NULL;

-- An exception's subject may be a shipment (DELIVERY_NOT_CONFIRMED).
ALTER TABLE exceptions DROP CONSTRAINT IF EXISTS exceptions_subject_kind_check;
ALTER TABLE exceptions ADD CONSTRAINT exceptions_subject_kind_check CHECK (subject_kind IN ('order', 'invoice', 'product', 'customer', 'shipment'));
