//! The bulk writer: masters, orders, shipments, invoices, payments and the ledger with cached
//! statements in one transaction.

use super::*;

pub(super) struct Event {
    pub(super) at: i32,
    pub(super) rank: u8,
    pub(super) kind: &'static str,
    pub(super) user: &'static str,
    pub(super) detail: String,
}

pub(super) struct BilledLine {
    pub(super) line_id: i64,
    pub(super) qty: i64,
    pub(super) unit_price: i64,
    pub(super) total: i64,
}

pub(super) struct PaidRow {
    pub(super) part: usize,
    pub(super) at: i32,
    pub(super) amount: i64,
    pub(super) method: u8,
    pub(super) reference: String,
}

pub(super) fn write_masters(tx: &WriteTx<'_>, calendar: &Calendar, customers: &[DemoCustomer], products: &[DemoProduct]) -> Result<()> {
    let since = calendar.stamp(at(-366, 9, 0));
    let mut insert_user = tx.prepare_cached(
        "INSERT INTO users (name, role, pin_hash, active, created_at) VALUES (?1, ?2, NULL, 1, ?3) ON CONFLICT DO NOTHING",
    )?;
    for (name, role) in DEMO_USERS {
        insert_user.execute(params![name, role, since])?;
    }
    let mut insert_customer = tx.prepare_cached(
        "INSERT INTO customers (id, code, name, phone, address, tax_id, credit_limit, payment_terms_days, discount_pct,
             blocked, blocked_reason, archived, search_key, version, updated_at, updated_by, account)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, 1, ?13, 'admin', ?14)",
    )?;
    for (index, customer) in customers.iter().enumerate() {
        let key = search_key(&[&customer.code, &customer.name, &customer.phone]);
        insert_customer.execute(params![
            index as i64 + 1,
            customer.code,
            customer.name,
            customer.phone,
            customer.address,
            customer.tax_id,
            customer.credit_limit,
            customer.terms,
            customer.discount,
            customer.blocked_reason.is_some(),
            customer.blocked_reason.unwrap_or(""),
            key,
            since,
            // A customer with no credit pays at the counter (现结).
            if customer.prepaid() { "cash" } else { "monthly" }
        ])?;
    }
    let discontinued = calendar.stamp(at(-60, 17, 30));
    let mut insert_product = tx.prepare_cached(
        "INSERT INTO products (id, sku, name, spec, unit, barcode, price, min_price, cost, on_hand, reserved, reorder_point,
             active, divisible, search_key, version, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, ?10, ?11, ?12, ?13, 1, ?14)",
    )?;
    for (index, product) in products.iter().enumerate() {
        let key = search_key(&[&product.sku, &product.name, &product.spec, &product.barcode]);
        insert_product.execute(params![
            index as i64 + 1,
            product.sku,
            product.name,
            product.spec,
            product.unit,
            product.barcode,
            product.price,
            product.min_price,
            product.cost,
            product.reorder,
            product.active,
            product.divisible,
            key,
            if product.active { &since } else { &discontinued }
        ])?;
    }
    let mut insert_price = tx.prepare_cached("INSERT INTO customer_prices (customer_id, product_id, price) VALUES (?1, ?2, ?3)")?;
    for (index, customer) in customers.iter().enumerate() {
        for (product, price) in &customer.agreed {
            insert_price.execute(params![index as i64 + 1, i64::from(*product) + 1, price])?;
        }
    }
    Ok(())
}

/// Orders with their lines, history, shipments, invoices and payments; adds the open
/// quantities of confirmed orders to `reserved`. Returns the number of payments.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_orders(
    tx: &WriteTx<'_>,
    calendar: &Calendar,
    customers: &[DemoCustomer],
    products: &[DemoProduct],
    book: &OrderBook,
    numbers: &Numbers,
    reserved: &mut [i64],
    progress: &mut dyn FnMut(DemoStage, u8) -> bool,
) -> Result<usize> {
    let mut insert_order = tx.prepare_cached(
        "INSERT INTO orders (id, number, customer_id, customer_code, status, order_date, delivery_date, delivery, priority,
             payment_method, payment_reference, payment_amount, note, subtotal, tax, total, created_by, created_at, confirmed_at,
             revision, version, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 1, ?20, ?21)",
    )?;
    let mut insert_line = tx.prepare_cached(
        "INSERT INTO order_lines (id, order_id, line_no, product_id, sku, qty, unit_price, discount_pct, line_total, shipped_qty, invoiced_qty)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_event =
        tx.prepare_cached("INSERT INTO order_events (order_id, at, user_name, kind, detail, revision) VALUES (?1, ?2, ?3, ?4, ?5, 1)")?;
    let mut insert_shipment = tx.prepare_cached(
        "INSERT INTO shipments (id, number, order_id, shipped_on, user_name, delivered_on, received_by, awaits_signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut insert_shipped =
        tx.prepare_cached("INSERT INTO shipment_lines (shipment_id, order_line_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4)")?;
    let mut insert_invoice = tx.prepare_cached(
        "INSERT INTO invoices (id, number, order_id, customer_id, issue_date, due_date, subtotal, tax, total, paid, void, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 'chen', ?11)",
    )?;
    let mut insert_billed = tx.prepare_cached(
        "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_pct, line_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_payment = tx.prepare_cached(
        "INSERT INTO payments (invoice_id, customer_id, paid_on, amount, method, reference, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'chen', ?7)",
    )?;

    let mut next_line_id = 1_i64;
    let mut payments = 0_usize;
    let mut events: Vec<Event> = Vec::new();
    let mut billed: [Vec<BilledLine>; 2] = [Vec::new(), Vec::new()];
    let mut paid_rows: Vec<PaidRow> = Vec::new();
    let (total, mut told) = (book.plans.len().max(1), 0);
    for (index, plan) in book.plans.iter().enumerate() {
        // Writing the orders is 10 % to 80 % of the whole.
        let percent = 10 + (index * 70 / total) as u8;
        if percent != told {
            if !progress(DemoStage::Writing, percent) {
                return Err(Error::Invalid(CANCELLED.into()));
            }
            told = percent;
        }
        let order_id = index as i64 + 1;
        let customer_id = i64::from(plan.customer) + 1;
        let buyer = &customers[plan.customer as usize];
        let start = plan.first_line as usize;
        let lines = &book.lines[start..start + plan.line_count as usize];
        let first_line_id = next_line_id;
        next_line_id += lines.len() as i64;
        let day = day_of(plan.created);
        let number = doc_number("SO", calendar.year(plan.created), plan.seq);
        let creator = CREATORS[usize::from(plan.creator) % CREATORS.len()];
        let ship_numbers =
            [0_usize, 1].map(|part| plan.ships[part].map(|_| numbered("SH", &numbers.shipment_numbers, plan.ship_ids[part])));
        let invoice_numbers =
            [0_usize, 1].map(|part| plan.invoices[part].map(|_| numbered("INV", &numbers.invoice_numbers, plan.invoice_ids[part])));

        // What each invoice bills and what has been paid on it.
        let mut invoice_sums = [(0_i64, 0_i64, 0_i64); 2];
        let mut invoice_paid = [0_i64; 2];
        paid_rows.clear();
        for part in 0..2 {
            billed[part].clear();
            if plan.invoices[part].is_none() {
                continue;
            }
            for (position, line) in lines.iter().enumerate() {
                let quantity = part_qty(line, part);
                if quantity <= 0 {
                    continue;
                }
                let total = if quantity == line.qty {
                    line.total
                } else {
                    money_col(
                        line_total(crate::store::qty(quantity), crate::store::money(line.unit_price), crate::store::pct(plan.discount)),
                        "line_total",
                    )?
                };
                billed[part].push(BilledLine {
                    line_id: first_line_id + position as i64,
                    qty: quantity,
                    unit_price: line.unit_price,
                    total,
                });
            }
            let sums = totals(billed[part].iter().map(|line| crate::store::money(line.total)), NO_TAX);
            invoice_sums[part] = (money_col(sums.subtotal, "subtotal")?, money_col(sums.tax, "tax")?, money_col(sums.total, "total")?);
            let Some(pay) = plan.pays[part] else { continue };
            let amount = invoice_sums[part].2;
            let half = amount / 200 * 100;
            let amounts = match pay.kind {
                PayKind::Full => [amount, 0],
                PayKind::Split if half > 0 => [half, amount - half],
                PayKind::Split => [amount, 0],
                PayKind::Twice => [amount, amount],
            };
            for ((stamp, amount), reference) in pay.at.into_iter().zip(amounts).zip(pay.refs) {
                if let Some(stamp) = stamp
                    && amount > 0
                {
                    let reference = pay_reference(pay.method, calendar, day_of(stamp), reference);
                    paid_rows.push(PaidRow { part, at: stamp, amount, method: pay.method, reference });
                    invoice_paid[part] += amount;
                }
            }
        }

        let shipped_all = plan.ships[0].is_some() && (!plan.partial || plan.ships[1].is_some());
        let invoiced_all = plan.invoices[0].is_some() && (!plan.partial || plan.invoices[1].is_some());
        let settled = (0..2).all(|part| plan.invoices[part].is_none() || invoice_paid[part] >= invoice_sums[part].2);
        let status = if plan.cancel.is_some() {
            "cancelled"
        } else if plan.confirm.is_none() {
            // Unconfirmed orders get their real state from their live checks after the fill.
            "open"
        } else if plan.ships[0].is_none() {
            "confirmed"
        } else if !shipped_all {
            "partially_shipped"
        } else if !invoiced_all {
            "shipped"
        } else if settled {
            "paid"
        } else {
            "invoiced"
        };

        // The history, as the app would have written it.
        events.clear();
        events.push(Event {
            at: plan.created,
            rank: 0,
            kind: "created",
            user: creator,
            detail: format!("status=open; total={}", fmt_money(crate::store::money(plan.total))),
        });
        if let Some(stamp) = plan.confirm {
            events.push(Event { at: stamp, rank: 1, kind: "confirmed", user: creator, detail: "stock reserved".to_string() });
        }
        if let Some((stamp, reason)) = plan.cancel {
            let reason = CANCEL_REASONS[usize::from(reason) % CANCEL_REASONS.len()];
            events.push(Event { at: stamp, rank: 9, kind: "cancelled", user: creator, detail: reason.to_string() });
        }
        for part in 0..2 {
            if let (Some(stamp), Some(shipment)) = (plan.ships[part], &ship_numbers[part]) {
                let items: Vec<String> = lines
                    .iter()
                    .filter_map(|line| {
                        let quantity = part_qty(line, part);
                        (quantity > 0).then(|| format!("{}×{}", products[line.product as usize].sku, fmt_qty(crate::store::qty(quantity))))
                    })
                    .collect();
                events.push(Event {
                    at: stamp,
                    rank: 2 + part as u8,
                    kind: "shipped",
                    user: shipper(index, part),
                    detail: format!("{shipment}: {}", items.join(", ")),
                });
            }
            if let (Some(stamp), Some(invoice)) = (plan.invoices[part], &invoice_numbers[part]) {
                events.push(Event {
                    at: stamp,
                    rank: 4 + part as u8,
                    kind: "invoiced",
                    user: "chen",
                    detail: format!("{invoice}: {}", fmt_money(crate::store::money(invoice_sums[part].2))),
                });
            }
        }
        for row in &paid_rows {
            let invoice = invoice_numbers[row.part].as_deref().unwrap_or("");
            let method = PAY_METHODS[usize::from(row.method) % PAY_METHODS.len()];
            events.push(Event {
                at: row.at,
                rank: 6,
                kind: "payment",
                user: "chen",
                detail: format!("{invoice}: {} {method} {}", fmt_money(crate::store::money(row.amount)), row.reference),
            });
        }
        events.sort_by_key(|event| (event.at, event.rank));
        let version = events.len() as i64;
        let updated_at = calendar.stamp(events.last().map(|event| event.at).unwrap_or(plan.created));

        let (method, reference, amount) = match plan.payment {
            OrderPay::OnAccount => (None, String::new(), None),
            OrderPay::Cod => (Some("cod"), String::new(), None),
            OrderPay::Prepaid { method, reference } => (
                Some(PAY_METHODS[usize::from(method) % PAY_METHODS.len()]),
                pay_reference(method, calendar, day, reference),
                Some(plan.total),
            ),
        };
        let note = plan.note.map(|note| NOTES[usize::from(note) % NOTES.len()]).unwrap_or("");
        insert_order.execute(params![
            order_id,
            number,
            customer_id,
            buyer.code,
            status,
            calendar.text(day),
            plan.delivery_day.map(|delivery| calendar.text(delivery)),
            if plan.delivery { "delivery" } else { "pickup" },
            if plan.urgent { "urgent" } else { "normal" },
            method,
            reference,
            amount,
            note,
            plan.subtotal,
            plan.total - plan.subtotal,
            plan.total,
            creator,
            calendar.stamp(plan.created),
            plan.confirm.map(|stamp| calendar.stamp(stamp)),
            version,
            updated_at
        ])?;

        let reserves = status == "confirmed" || status == "partially_shipped";
        for (position, line) in lines.iter().enumerate() {
            let product = line.product as usize;
            let shipped: i64 = (0..2).filter(|part| plan.ships[*part].is_some()).map(|part| part_qty(line, part)).sum();
            let invoiced: i64 = (0..2).filter(|part| plan.invoices[*part].is_some()).map(|part| part_qty(line, part)).sum();
            insert_line.execute(params![
                first_line_id + position as i64,
                order_id,
                position as i64 + 1,
                product as i64 + 1,
                products[product].sku,
                line.qty,
                line.unit_price,
                plan.discount,
                line.total,
                shipped,
                invoiced
            ])?;
            if reserves {
                reserved[product] += line.qty - shipped;
            }
        }

        for (part, shipment) in ship_numbers.iter().enumerate() {
            let (Some(stamp), Some(shipment)) = (plan.ships[part], shipment) else { continue };
            let shipment_id = i64::from(plan.ship_ids[part]);
            let shipped_on = day_of(stamp);
            // Deliveries come back signed the same day, except some of the last ten days' whose
            // slips are still out with the driver (a few past the week the scan allows).
            let slip_out = shipped_on >= -10 && index % 3 != 0;
            let (delivered_on, received_by) =
                if plan.delivery && !slip_out { (Some(calendar.text(shipped_on)), RECEIVERS[index % RECEIVERS.len()]) } else { (None, "") };
            insert_shipment.execute(params![
                shipment_id,
                shipment,
                order_id,
                calendar.text(shipped_on),
                shipper(index, part),
                delivered_on,
                received_by,
                i64::from(plan.delivery)
            ])?;
            for (position, line) in lines.iter().enumerate() {
                let quantity = part_qty(line, part);
                if quantity > 0 {
                    let cost = products[line.product as usize].cost;
                    insert_shipped.execute(params![shipment_id, first_line_id + position as i64, quantity, cost])?;
                }
            }
        }

        for part in 0..2 {
            let (Some(stamp), Some(invoice)) = (plan.invoices[part], &invoice_numbers[part]) else { continue };
            let invoice_id = i64::from(plan.invoice_ids[part]);
            let issued = day_of(stamp);
            let (subtotal, tax, total) = invoice_sums[part];
            insert_invoice.execute(params![
                invoice_id,
                invoice,
                order_id,
                customer_id,
                calendar.text(issued),
                calendar.text(issued + buyer.terms as i32),
                subtotal,
                tax,
                total,
                invoice_paid[part],
                calendar.stamp(stamp)
            ])?;
            for line in &billed[part] {
                insert_billed.execute(params![invoice_id, line.line_id, line.qty, line.unit_price, plan.discount, line.total])?;
            }
            for row in paid_rows.iter().filter(|row| row.part == part) {
                let method = PAY_METHODS[usize::from(row.method) % PAY_METHODS.len()];
                insert_payment.execute(params![
                    invoice_id,
                    customer_id,
                    calendar.text(day_of(row.at)),
                    row.amount,
                    method,
                    row.reference,
                    calendar.stamp(row.at)
                ])?;
                payments += 1;
            }
        }

        for event in &events {
            insert_event.execute(params![order_id, calendar.stamp(event.at), event.user, event.kind, event.detail])?;
        }
    }
    Ok(payments)
}

/// The stock ledger in time order: opening balances a year ago, then every shipment, each
/// preceded by the receipt that keeps stock from going negative. Returns on-hand per product.
pub(super) fn write_stock(
    tx: &WriteTx<'_>,
    calendar: &Calendar,
    products: &[DemoProduct],
    book: &OrderBook,
    numbers: &Numbers,
) -> Result<Vec<i64>> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO stock_movements (product_id, kind, qty, reference, reason, at, user_name, unit_cost, value, supplier)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    // Every movement at the product's cost (the demo buys at one cost), valued as the store does.
    let value = |product: &DemoProduct, quantity: i64| -> i64 {
        let Some(cost) = product.cost else { return 0 };
        let scaled = i128::from(quantity) * i128::from(cost);
        let half = if scaled < 0 { -500 } else { 500 };
        ((scaled + half) / 1000) as i64
    };
    let mut on_hand = vec![0_i64; products.len()];
    let opening_at = calendar.stamp(at(-365, 8, 0));
    for (index, product) in products.iter().enumerate() {
        if product.opening > 0 {
            let worth = value(product, product.opening);
            insert.execute(params![index as i64 + 1, "opening", product.opening, "", "", opening_at, "zhao", product.cost, worth, ""])?;
            on_hand[index] = product.opening;
        }
    }
    let mut receipts: BTreeMap<i32, u32> = BTreeMap::new();
    for &(stamp, order, part) in &numbers.shipments {
        let plan = &book.plans[order as usize];
        let part = usize::from(part);
        let start = plan.first_line as usize;
        let lines = &book.lines[start..start + plan.line_count as usize];
        let reference = doc_number("SO", calendar.year(plan.created), plan.seq);
        let shipped_at = calendar.stamp(stamp);
        let user = shipper(order as usize, part);
        for line in lines {
            let quantity = part_qty(line, part);
            if quantity <= 0 {
                continue;
            }
            let index = line.product as usize;
            let product = &products[index];
            let have = on_hand[index];
            let receive = match product.restock {
                Restock::Reorder if have - quantity < product.reorder => product.reorder - (have - quantity) + product.lot,
                Restock::Lean if have < quantity => quantity - have + product.lot,
                Restock::ToOrder if have < quantity => quantity - have,
                _ => 0,
            };
            if receive > 0 {
                let year = calendar.year(stamp);
                let counter = receipts.entry(year).or_insert(0);
                *counter += 1;
                let supplier = SUPPLIERS[index % SUPPLIERS.len()];
                insert.execute(params![
                    index as i64 + 1,
                    "receipt",
                    receive,
                    doc_number("GR", year, *counter),
                    supplier,
                    calendar.stamp(stamp - 20),
                    "zhao",
                    product.cost,
                    value(product, receive),
                    supplier
                ])?;
                on_hand[index] += receive;
            }
            insert.execute(params![
                index as i64 + 1,
                "shipment",
                -quantity,
                reference,
                "",
                shipped_at,
                user,
                product.cost,
                value(product, -quantity),
                ""
            ])?;
            on_hand[index] -= quantity;
        }
    }
    Ok(on_hand)
}

pub(super) fn write_sequence(tx: &WriteTx<'_>, kind: &str, last: &BTreeMap<i32, u32>) -> Result<()> {
    let mut statement = tx.prepare_cached(
        "INSERT INTO sequences (kind, year, last) VALUES (?1, ?2, ?3) ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last",
    )?;
    for (year, number) in last {
        statement.execute(params![kind, year, i64::from(*number)])?;
    }
    Ok(())
}
