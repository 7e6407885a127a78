-- kaidan schema, version 13: what a voided invoice gives back to a deposit, and signed slips
-- back (回单). (A refund naming the deposit it goes back to, refunds.deposit_id, is added by the
-- migration code when missing: some development builds added it at version 12.)

-- A shipment sent out to the customer (an order for delivery) awaits its signed dispatch slip
-- until its delivery is recorded; the scan DELIVERY_NOT_CONFIRMED reads the few that wait
-- through the partial index (a counter's pickups are delivered when they ship). Of the
-- shipments already made, only those of the last 30 days wait: a shop that never recorded a
-- delivery does not wake up to one exception per shipment it ever made.
ALTER TABLE shipments ADD COLUMN awaits_signature INTEGER NOT NULL DEFAULT 0 CHECK (awaits_signature IN (0, 1));
UPDATE shipments SET awaits_signature = 1
 WHERE delivered_on IS NULL AND order_id IN (SELECT id FROM orders WHERE delivery = 'delivery')
   AND shipped_on >= (SELECT date(MAX(shipped_on), '-30 days') FROM shipments);
CREATE INDEX shipments_awaiting_signature ON shipments (shipped_on) WHERE awaits_signature = 1 AND delivered_on IS NULL;
-- An exception's subject may now be a shipment (DELIVERY_NOT_CONFIRMED): the CHECK on
-- exceptions.subject_kind is widened by the migration code (store::widen_exception_subjects).
