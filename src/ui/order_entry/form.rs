//! The order form as typed: its fields and lines as text, turned into an order input with the
//! errors of each field (parsing only; the checks run in `ops`), and back from a saved order.

use super::*;

/// One order line as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineForm {
    pub sku: String,
    pub qty: String,
    /// Empty: the agreed or catalogue price.
    pub unit_price: String,
    /// Empty: the customer's agreed discount.
    pub discount_pct: String,
    /// A free gift (赠品): no price, no discount.
    #[serde(default)]
    pub gift: bool,
}

impl LineForm {
    pub(super) fn is_blank(&self) -> bool {
        self.sku.trim().is_empty() && self.qty.trim().is_empty() && self.unit_price.trim().is_empty() && self.discount_pct.trim().is_empty()
    }
}

/// The order form as typed: every field text, so nothing is lost while it is not yet valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderForm {
    pub customer: String,
    pub order_date: String,
    pub delivery_date: String,
    pub delivery: Delivery,
    pub priority: Priority,
    pub payment_method: Option<PaymentMethod>,
    pub payment_reference: String,
    pub payment_amount: String,
    pub note: String,
    pub lines: Vec<LineForm>,
}

impl Default for OrderForm {
    fn default() -> Self {
        OrderForm {
            customer: String::new(),
            order_date: String::new(),
            delivery_date: String::new(),
            delivery: Delivery::Pickup,
            priority: Priority::Normal,
            payment_method: None,
            payment_reference: String::new(),
            payment_amount: String::new(),
            note: String::new(),
            lines: vec![LineForm::default()],
        }
    }
}

/// A field that does not parse, shown under the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: &'static str,
    pub line: Option<usize>,
    pub text: Tx,
}

impl OrderForm {
    /// Fill a form from a saved order.
    pub fn from_order(order: &Order) -> OrderForm {
        let mut lines: Vec<LineForm> = order
            .lines
            .iter()
            .map(|line| LineForm {
                sku: line.sku.clone(),
                qty: fmt_qty(line.qty),
                // A gift has no price or discount to show: its fields rest empty.
                unit_price: if line.gift { String::new() } else { line.unit_price.normalize().to_string() },
                discount_pct: if line.gift { String::new() } else { fmt_qty(line.discount_pct) },
                gift: line.gift,
            })
            .collect();
        lines.push(LineForm::default());
        OrderForm {
            customer: order.customer_code.clone(),
            order_date: order.order_date.to_string(),
            delivery_date: order.delivery_date.map(|d| d.to_string()).unwrap_or_default(),
            delivery: order.delivery,
            priority: order.priority,
            payment_method: order.payment_method,
            payment_reference: order.payment_reference.clone(),
            payment_amount: order.payment_amount.map(|a| a.normalize().to_string()).unwrap_or_default(),
            note: order.note.clone(),
            lines,
        }
    }

    /// Parse into typed input plus every field that did not parse. Blank lines are skipped;
    /// an unreadable quantity counts as 0 so its line is still checked (QTY_INVALID).
    pub fn parse(&self) -> (OrderInput, Vec<FormError>) {
        let mut errors = vec![];
        let mut date = |field: &'static str, text: &str| -> Option<NaiveDate> {
            if text.trim().is_empty() {
                return None;
            }
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().or_else(|| {
                errors.push(FormError { field, line: None, text: t::ERR_DATE });
                None
            })
        };
        let order_date = date("order_date", &self.order_date);
        let delivery_date = date("delivery_date", &self.delivery_date);
        let mut number = |field: &'static str, line: Option<usize>, text: &str| -> Option<Decimal> {
            if text.trim().is_empty() {
                return None;
            }
            parse_decimal(text).or_else(|| {
                errors.push(FormError { field, line, text: t::ERR_NUMBER });
                None
            })
        };
        let amount = number("payment.amount", None, &self.payment_amount);
        let mut lines = vec![];
        for line in self.lines.iter().filter(|line| !line.is_blank()) {
            let line_no = Some(lines.len() + 1);
            let qty = number("qty", line_no, &line.qty).unwrap_or(Decimal::ZERO);
            let unit_price = number("unit_price", line_no, &line.unit_price);
            let discount_pct = number("discount_pct", line_no, &line.discount_pct);
            lines.push(LineInput { sku: line.sku.trim().to_string(), qty, unit_price, discount_pct, line_total: None, gift: line.gift });
        }
        let payment = (self.payment_method.is_some() || amount.is_some()).then(|| PaymentInput {
            method: self.payment_method,
            reference: self.payment_reference.trim().to_string(),
            amount,
        });
        let input = OrderInput {
            customer: self.customer.trim().to_string(),
            order_date,
            delivery_date,
            delivery: Some(self.delivery),
            priority: Some(self.priority),
            payment,
            note: self.note.trim().to_string(),
            lines,
        };
        (input, errors)
    }

    /// Index in `lines` of the n-th (1-based) non-blank line.
    pub(super) fn line_index(&self, line_no: usize) -> Option<usize> {
        self.lines.iter().enumerate().filter(|(_, line)| !line.is_blank()).nth(line_no.checked_sub(1)?).map(|(index, _)| index)
    }
}
