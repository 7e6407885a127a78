//! From stored orders and invoices to the documents `print` lays out: builds the print data,
//! applies the dispatch print gate, numbers reprints as copies and records every print in the
//! order's history. Shared by the GUI's print buttons and `kaidan print`.

use crate::domain::PaymentMethod;
use crate::i18n::Lang;
use crate::ops::{self, Ctx};
use crate::print::{Company, InvoiceDoc, OrderDoc, PaperSize, PrintLine, Printer, Running};
use crate::store::Store;
use crate::store::orders::Order;

/// Which document to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Order,
    Dispatch,
    Invoice,
}

impl DocKind {
    /// The CLI spelling.
    pub fn parse(text: &str) -> Option<DocKind> {
        match text {
            "order" => Some(DocKind::Order),
            "dispatch" => Some(DocKind::Dispatch),
            "invoice" => Some(DocKind::Invoice),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Order => "order",
            DocKind::Dispatch => "dispatch",
            DocKind::Invoice => "invoice",
        }
    }
}

/// The company header from settings.
pub fn company(store: &Store) -> Result<Company, ops::Error> {
    Ok(Company {
        name: store.get_setting("company.name")?,
        address: store.get_setting("company.address")?,
        phone: store.get_setting("company.phone")?,
        tax_id: store.get_setting("company.tax_id")?,
    })
}

/// The paper size from settings.
pub fn paper(store: &Store) -> Result<PaperSize, ops::Error> {
    Ok(PaperSize::parse(&store.get_setting("print.paper")?).unwrap_or(PaperSize::A4))
}

fn method_text(method: Option<PaymentMethod>, lang: Lang) -> String {
    method.map(|method| crate::i18n::labels::payment_method(method, lang).to_string()).unwrap_or_default()
}

/// Print data of an order.
pub fn order_doc(store: &Store, order: &Order, lang: Lang, copy_number: u32) -> Result<OrderDoc, ops::Error> {
    let customer = match order.customer_id {
        Some(id) => Some(store.get_customer(id)?),
        None => None,
    };
    let delivery = match order.delivery {
        crate::domain::Delivery::Delivery => crate::i18n::ui::DELIVERY_DELIVERY,
        crate::domain::Delivery::Pickup => crate::i18n::ui::DELIVERY_PICKUP,
    };
    Ok(OrderDoc {
        number: order.number.clone(),
        order_date: order.order_date,
        delivery_date: order.delivery_date,
        customer_code: order.customer_code.clone(),
        customer_name: customer.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        phone: customer.as_ref().map(|c| c.phone.clone()).unwrap_or_default(),
        address: customer.as_ref().map(|c| c.address.clone()).unwrap_or_default(),
        delivery_method: delivery.get(lang).to_string(),
        urgent: order.priority == crate::domain::Priority::Urgent,
        payment_terms_days: customer.as_ref().map(|c| c.payment_terms_days).unwrap_or(0),
        payment_method: method_text(order.payment_method, lang),
        note: order.note.clone(),
        lines: order
            .lines
            .iter()
            .map(|line| PrintLine {
                sku: line.sku.clone(),
                name: line.name.clone(),
                spec: line.spec.clone(),
                qty: line.qty,
                unit: line.unit.clone(),
                unit_price: line.unit_price,
                discount_pct: line.discount_pct,
                line_total: line.line_total,
                gift: line.gift,
            })
            .collect(),
        subtotal: order.subtotal,
        tax: order.tax,
        total: order.total,
        deposit: {
            let deposits = store.order_deposit_sums(order.id)?;
            deposits.taken - deposits.refunded
        },
        running: order_running(store, order, customer.as_ref())?,
        part: None,
        prices_include_tax: order.tax_rule.prices_include_tax,
        copy_number,
    })
}

/// A monthly-account customer's running balance on an order slip: what they owe without this
/// order, what is still to pay on it, and the two together. None for a cash customer or a
/// cancelled order.
///
/// What is still to pay is read from the books, not from the order's total: what is open on its
/// invoices (their totals less what was paid or credited on them), plus what its quantities not
/// yet invoiced come to (priced as the next invoice would be), less the deposits it holds. So once
/// the order is wholly invoiced the new balance is the customer's balance to the cent, whatever
/// each invoice's tax rounded to and whatever credit notes returns brought.
fn order_running(store: &Store, order: &Order, customer: Option<&crate::domain::master::Customer>) -> Result<Option<Running>, ops::Error> {
    let Some(customer) = customer.filter(|customer| customer.account == crate::domain::master::Account::Monthly) else { return Ok(None) };
    if order.status == crate::domain::OrderStatus::Cancelled {
        return Ok(None);
    }
    let balance = store.customer_balance(customer.id)?;
    let invoices = store.list_order_invoices(order.id)?;
    let open_on_invoices: rust_decimal::Decimal =
        invoices.iter().filter(|invoice| !invoice.void).map(|invoice| invoice.total - invoice.paid).sum();
    let not_invoiced = order
        .lines
        .iter()
        .filter(|line| line.qty > line.invoiced_qty)
        .map(|line| crate::domain::order::line_total(line.qty - line.invoiced_qty, line.unit_price, line.discount_pct));
    let not_invoiced = crate::domain::order::totals(not_invoiced, order.tax_rule).total;
    let held = store.order_deposit_sums(order.id)?.unapplied();
    let previous = balance - open_on_invoices + held;
    let this = open_on_invoices + not_invoiced - held;
    Ok(Some(Running { previous, this, new: previous + this }))
}

/// Print data of an invoice.
pub fn invoice_doc(store: &Store, number: &str, copy_number: u32) -> Result<InvoiceDoc, ops::Error> {
    let invoice = store.get_invoice(number)?;
    let customer = store.get_customer(invoice.customer_id)?;
    let lines = store.list_invoice_lines(invoice.id)?;
    // The tax rule of the order it bills (the one its figures were computed under).
    let rule = store.get_order(&invoice.order_number)?.tax_rule;
    let rate = rule.rate_pct;
    Ok(InvoiceDoc {
        number: invoice.number.clone(),
        order_number: invoice.order_number.clone(),
        issue_date: invoice.issue_date,
        due_date: invoice.due_date,
        customer_code: customer.code.clone(),
        customer_name: customer.name.clone(),
        address: customer.address.clone(),
        tax_id: customer.tax_id.clone(),
        lines: lines
            .into_iter()
            .map(|line| PrintLine {
                sku: line.sku,
                name: line.name,
                spec: line.spec,
                qty: line.qty,
                unit: line.unit,
                unit_price: line.unit_price,
                discount_pct: line.discount_pct,
                line_total: line.line_total,
                gift: line.gift,
            })
            .collect(),
        subtotal: invoice.subtotal,
        tax_rate_pct: rate,
        tax: invoice.tax,
        total: invoice.total,
        paid: invoice.paid,
        deposit_applied: store.deposit_applied(invoice.id)?,
        due: invoice.balance(),
        running: if customer.account == crate::domain::master::Account::Monthly && !invoice.void {
            let balance = store.customer_balance(customer.id)?;
            Some(Running { previous: balance - invoice.balance(), this: invoice.balance(), new: balance })
        } else {
            None
        },
        part: None,
        prices_include_tax: rule.prices_include_tax,
        void: invoice.void,
        copy_number,
    })
}

/// The orders whose dispatch slips the warehouse prints in the morning: confirmed and not fully
/// shipped, urgent first, then by delivery date, leaving out any order the print gate refuses.
pub fn dispatch_batch(store: &Store) -> Result<Vec<String>, crate::store::Error> {
    use crate::domain::{OrderStatus, Priority, Severity};
    use crate::store::orders::OrderFilter;
    let mut orders = vec![];
    for status in [OrderStatus::Confirmed, OrderStatus::PartiallyShipped] {
        orders.extend(store.list_orders(&OrderFilter { status: Some(status), limit: usize::MAX >> 1, ..Default::default() })?);
    }
    let blocked: std::collections::HashSet<String> = store
        .list_exceptions(&crate::store::exceptions::ExceptionFilter::default())?
        .into_iter()
        .filter(|e| e.severity == Severity::Block && e.subject_kind == "order")
        .map(|e| e.subject)
        .collect();
    orders.retain(|order| !blocked.contains(&order.number));
    orders.sort_by_key(|order| (order.priority != Priority::Urgent, order.delivery_date.unwrap_or(order.order_date), order.number.clone()));
    Ok(orders.into_iter().map(|order| order.number).collect())
}

/// Why printing failed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The print gate refused (exit 1).
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Ops(#[from] ops::Error),
    #[error(transparent)]
    Pdf(#[from] crate::print::Error),
    /// The PDF was made but could not be written or sent: nothing was recorded.
    #[error("{0}")]
    Output(String),
}

impl From<crate::store::Error> for PrintError {
    fn from(error: crate::store::Error) -> Self {
        PrintError::Ops(ops::Error::Store(error))
    }
}

/// Build one PDF with one document per number, in the given order, and hand its bytes to
/// `output` (write the file, send it to a printer). Dispatch slips pass the print gate first
/// (nothing is printed or recorded if any number is refused). Every print is recorded in the
/// order's history — only after `output` succeeded, so a failed write leaves no "printed" event
/// and the next real print is not stamped COPY. The copy count is read and the record written in
/// one write transaction, so two prints at once number their copies one after the other.
pub fn print(
    store: &mut Store,
    ctx: &Ctx,
    printer: &Printer,
    kind: DocKind,
    numbers: &[String],
    output: impl FnOnce(&[u8]) -> Result<(), String>,
) -> Result<usize, PrintError> {
    print_parts(store, ctx, printer, kind, numbers, None, output)
}

/// Which printer a document of `kind` (`order`, `dispatch`, `invoice`) goes to: its own setting
/// `print.printer.<kind>`, else the shop's `print.printer`; None when neither is set.
pub fn printer_for(store: &Store, kind: DocKind) -> crate::store::Result<Option<String>> {
    let own = store.get_setting(&format!("print.printer.{}", kind.as_str()))?;
    let name = if own.trim().is_empty() { store.get_setting("print.printer")? } else { own };
    let name = name.trim().to_string();
    Ok((!name.is_empty()).then_some(name))
}

/// The labels of the parts of a multi-part set, in order: 存根, 客户联, 仓库联, 财务联.
const PARTS: [crate::i18n::Tx; 4] = [
    crate::i18n::print::PART_STUB,
    crate::i18n::print::PART_CUSTOMER,
    crate::i18n::print::PART_WAREHOUSE,
    crate::i18n::print::PART_ACCOUNTS,
];

/// The most parts a slip is printed in.
pub const MAX_PARTS: u32 = PARTS.len() as u32;

/// How many parts a document of `kind` is printed in: `print.copies.<kind>` (1 when unset).
pub fn parts_of(store: &Store, kind: DocKind) -> Result<u32, ops::Error> {
    let text = store.get_setting(&format!("print.copies.{}", kind.as_str()))?;
    Ok(text.trim().parse::<u32>().unwrap_or(1).clamp(1, MAX_PARTS))
}

/// The documents of one print, gathered as they will be printed now (copy numbers counted from
/// the prints recorded before), and the print records to add when it goes out.
struct Batch {
    orders: Vec<OrderDoc>,
    invoices: Vec<InvoiceDoc>,
    records: Vec<(i64, String)>,
    company: crate::print::Company,
    paper: crate::print::PaperSize,
}

impl Batch {
    fn docs(&self, kind: DocKind) -> crate::print::Docs<'_> {
        match kind {
            DocKind::Order => crate::print::Docs::Orders(&self.orders),
            DocKind::Dispatch => crate::print::Docs::Dispatch(&self.orders),
            DocKind::Invoice => crate::print::Docs::Invoices(&self.invoices),
        }
    }
}

/// Gather the documents of `numbers`, each in `parts` labelled parts (`None`: as many as the
/// setting of its kind says); the dispatch gate refuses here.
fn gather(store: &Store, ctx: &Ctx, kind: DocKind, numbers: &[String], parts: Option<u32>) -> Result<Batch, PrintError> {
    let parts = match parts {
        Some(parts) => parts.clamp(1, MAX_PARTS),
        None => parts_of(store, kind)?,
    };
    let labels: Vec<Option<String>> = (0..parts as usize).map(|part| (parts > 1).then(|| PARTS[part].get(ctx.lang).to_string())).collect();
    let mut batch = Batch { orders: vec![], invoices: vec![], records: vec![], company: company(store)?, paper: paper(store)? };
    match kind {
        DocKind::Order | DocKind::Dispatch => {
            for number in numbers {
                let order = store.get_order(number)?;
                if kind == DocKind::Dispatch
                    && let Some(reason) = ops::dispatch_gate(store, ctx, &order)?
                {
                    return Err(PrintError::Refused(reason));
                }
                let detail = format!("{} {}", kind.as_str(), order.number);
                let copies = store.count_prints(order.id, &detail)? + batch.records.iter().filter(|(_, d)| *d == detail).count() as u32;
                let doc = order_doc(store, &order, ctx.lang, copies)?;
                batch.orders.extend(labels.iter().map(|part| OrderDoc { part: part.clone(), ..doc.clone() }));
                batch.records.push((order.id, detail));
            }
        }
        DocKind::Invoice => {
            for number in numbers {
                let invoice = store.get_invoice(number)?;
                let detail = format!("invoice {}", invoice.number);
                let copies =
                    store.count_prints(invoice.order_id, &detail)? + batch.records.iter().filter(|(_, d)| *d == detail).count() as u32;
                let doc = invoice_doc(store, &invoice.number, copies)?;
                batch.invoices.extend(labels.iter().map(|part| InvoiceDoc { part: part.clone(), ..doc.clone() }));
                batch.records.push((invoice.order_id, detail));
            }
        }
    }
    Ok(batch)
}

/// The pages a print of `numbers` would put on paper now — the same layout, parts and copy
/// marks — for the window's print preview. Nothing is recorded.
pub(crate) fn preview(
    store: &Store,
    ctx: &Ctx,
    printer: &Printer,
    kind: DocKind,
    numbers: &[String],
) -> Result<Vec<crate::print::layout::LaidPage>, PrintError> {
    let batch = gather(store, ctx, kind, numbers, None)?;
    Ok(printer.pages(batch.docs(kind), &batch.company, batch.paper, ctx.lang)?)
}

/// [`print`] with each document in `parts` labelled parts one after the other (存根 / 客户联 /
/// 仓库联 …; `None`: as many as the setting of its kind says). The parts of one print are one
/// print: none of them is stamped COPY; a later print of the same document is. Returns the
/// number of pages.
pub fn print_parts(
    store: &mut Store,
    ctx: &Ctx,
    printer: &Printer,
    kind: DocKind,
    numbers: &[String],
    parts: Option<u32>,
    output: impl FnOnce(&[u8]) -> Result<(), String>,
) -> Result<usize, PrintError> {
    let tx = store.write_tx()?;
    let batch = gather(store, ctx, kind, numbers, parts)?;
    let (bytes, pages) = printer.pdf(batch.docs(kind), &batch.company, batch.paper, ctx.lang)?;
    output(&bytes).map_err(PrintError::Output)?;
    for (order_id, detail) in batch.records {
        crate::store::orders::add_event_tx(&tx, order_id, &ctx.now, &ctx.user, "printed", &detail)?;
    }
    tx.commit()?;
    Ok(pages)
}
