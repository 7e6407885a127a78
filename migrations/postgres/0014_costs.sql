-- kaidan schema, version 14 on PostgreSQL (as migrations/0014_costs.sql): cost and margin (成本, 毛利) and the stock summary (进销存汇总).
-- Every ledger row carries the unit cost it moved at and its value (qty × unit cost, in money's
-- ten-thousandths, rounded half away from zero): a receipt at the cost typed (the product's cost
-- becomes the moving average), a return at the cost its goods left at, everything else at the
-- product's cost of the moment. The stock summary adds these up, so its values are the ledger's.
-- A receipt names its supplier; a shipment line and a return keep the unit cost they moved at.
ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS unit_cost BIGINT CHECK (unit_cost IS NULL OR unit_cost >= 0);
ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS value BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS supplier TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE shipment_lines ADD COLUMN IF NOT EXISTS unit_cost BIGINT CHECK (unit_cost IS NULL OR unit_cost >= 0);
ALTER TABLE returns ADD COLUMN IF NOT EXISTS unit_cost BIGINT CHECK (unit_cost IS NULL OR unit_cost >= 0);

-- What moved before costs were kept is valued at the product's cost as it stands (the only
-- figure there is); a product with no cost keeps value 0. Computed exactly (numeric); a value
-- past a 64-bit integer (900 billion in money) stays 0.
UPDATE stock_movements SET unit_cost = p.cost,
       value = CASE WHEN abs(stock_movements.qty::numeric * p.cost / 1000) < 9000000000000000000
                    THEN ROUND(stock_movements.qty::numeric * p.cost / 1000)::bigint
                    ELSE 0 END
  FROM products p WHERE p.id = stock_movements.product_id AND p.cost IS NOT NULL;
UPDATE shipment_lines SET unit_cost = p.cost
  FROM order_lines l JOIN products p ON p.id = l.product_id
 WHERE l.id = shipment_lines.order_line_id AND p.cost IS NOT NULL;
UPDATE returns SET unit_cost = p.cost
  FROM order_lines l JOIN products p ON p.id = l.product_id
 WHERE l.id = returns.order_line_id AND p.cost IS NOT NULL;

-- The tax rule an order was priced under (see the SQLite file).
ALTER TABLE orders ADD COLUMN IF NOT EXISTS tax_rate BIGINT NOT NULL DEFAULT 0 CHECK (tax_rate >= 0 AND tax_rate <= 10000);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS prices_include_tax BIGINT NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0, 1));
UPDATE orders SET
    tax_rate = COALESCE((SELECT ROUND(NULLIF(TRIM(value), '')::numeric * 100)::bigint FROM settings WHERE key = 'tax.rate_pct'), 0),
    prices_include_tax = COALESCE((SELECT CASE WHEN value = 'true' THEN 1 ELSE 0 END FROM settings WHERE key = 'tax.prices_include_tax'), 0)
 WHERE EXISTS (SELECT 1 FROM settings WHERE key IN ('tax.rate_pct', 'tax.prices_include_tax'));

-- Reports by period read the ledger, the shipments and the returns by date.
CREATE INDEX IF NOT EXISTS stock_movements_by_time ON stock_movements (at);
CREATE INDEX IF NOT EXISTS returns_by_date ON returns (returned_on);
