-- kaidan schema, version 14: cost and margin (成本, 毛利) and the stock summary (进销存汇总).
-- Every ledger row carries the unit cost it moved at and its value (qty × unit cost, in money's
-- ten-thousandths, rounded half away from zero): a receipt at the cost typed (the product's cost
-- becomes the moving average), a return at the cost its goods left at, everything else at the
-- product's cost of the moment. The stock summary adds these up, so its values are the ledger's.
-- A receipt names its supplier; a shipment line and a return keep the unit cost they moved at.
ALTER TABLE stock_movements ADD COLUMN unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0);
ALTER TABLE stock_movements ADD COLUMN value INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_movements ADD COLUMN supplier TEXT NOT NULL DEFAULT '';
ALTER TABLE shipment_lines ADD COLUMN unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0);
ALTER TABLE returns ADD COLUMN unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0);

-- What moved before costs were kept is valued at the product's cost as it stands (the only
-- figure there is); a product with no cost keeps value 0. The product of quantity and cost is
-- taken only where it fits a 64-bit integer (SQLite would turn an overflow into a float): past
-- 9 × 10^18 ten-millionths (900 billion in money) a movement keeps value 0.
UPDATE stock_movements SET unit_cost = p.cost,
       value = CASE WHEN abs(stock_movements.qty) <= 9000000000000000000 / max(p.cost, 1)
                    THEN (stock_movements.qty * p.cost + CASE WHEN stock_movements.qty < 0 THEN -500 ELSE 500 END) / 1000
                    ELSE 0 END
  FROM products p WHERE p.id = stock_movements.product_id AND p.cost IS NOT NULL;
UPDATE shipment_lines SET unit_cost = p.cost
  FROM order_lines l JOIN products p ON p.id = l.product_id
 WHERE l.id = shipment_lines.order_line_id AND p.cost IS NOT NULL;
UPDATE returns SET unit_cost = p.cost
  FROM order_lines l JOIN products p ON p.id = l.product_id
 WHERE l.id = returns.order_line_id AND p.cost IS NOT NULL;

-- The tax rule an order was priced under (rate in hundredths of a percent, prices with or without
-- tax): its invoices, returns, slips and margin use it, not today's setting. Orders saved before
-- take the setting as it stands.
ALTER TABLE orders ADD COLUMN tax_rate INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate >= 0 AND tax_rate <= 10000);
ALTER TABLE orders ADD COLUMN prices_include_tax INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0, 1));
UPDATE orders SET
    tax_rate = COALESCE((SELECT CAST(ROUND(CAST(NULLIF(TRIM(value), '') AS REAL) * 100) AS INTEGER) FROM settings WHERE key = 'tax.rate_pct'), 0),
    prices_include_tax = COALESCE((SELECT CASE WHEN value = 'true' THEN 1 ELSE 0 END FROM settings WHERE key = 'tax.prices_include_tax'), 0)
 WHERE EXISTS (SELECT 1 FROM settings WHERE key IN ('tax.rate_pct', 'tax.prices_include_tax'));

-- Reports by period read the ledger, the shipments and the returns by date.
CREATE INDEX stock_movements_by_time ON stock_movements (at);
CREATE INDEX returns_by_date ON returns (returned_on);
