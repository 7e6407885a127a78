-- kaidan schema, version 13: what a voided invoice gives back to a deposit, and signed slips
-- back (回单).
-- A voided invoice gives what a deposit paid on it back to that deposit (a refund row naming it).
ALTER TABLE refunds ADD COLUMN deposit_id INTEGER REFERENCES deposits (id);

-- A shipment sent out to the customer (an order for delivery) awaits its signed dispatch slip
-- until its delivery is recorded; the scan DELIVERY_NOT_CONFIRMED reads the few that wait
-- through the partial index (a counter's pickups are delivered when they ship).
ALTER TABLE shipments ADD COLUMN awaits_signature INTEGER NOT NULL DEFAULT 0 CHECK (awaits_signature IN (0, 1));
UPDATE shipments SET awaits_signature = 1
 WHERE delivered_on IS NULL AND order_id IN (SELECT id FROM orders WHERE delivery = 'delivery');
CREATE INDEX shipments_awaiting_signature ON shipments (shipped_on) WHERE awaits_signature = 1 AND delivered_on IS NULL;
-- An exception's subject may now be a shipment (DELIVERY_NOT_CONFIRMED): the CHECK on
-- exceptions.subject_kind is widened by the migration code (store::widen_exception_subjects).
