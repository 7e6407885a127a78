//! Master data: customers and products as plain structs, and the validation of an edit form
//! (shown on the field as the user types, and applied again before any write).

use super::money::parse_decimal;
use rust_decimal::Decimal;

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Customer {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub tax_id: String,
    /// None: no limit. Zero: no credit at all.
    pub credit_limit: Option<Decimal>,
    pub payment_terms_days: i64,
    pub discount_pct: Decimal,
    pub blocked: bool,
    pub blocked_reason: String,
    /// Cash (现结) or monthly account (月结): sets an order's default payment.
    pub account: Account,
    pub archived: bool,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// How a customer settles: cash at the counter (现结) or on a monthly account (月结).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Account {
    Cash,
    #[default]
    Monthly,
}

impl Account {
    pub const ALL: [Account; 2] = [Account::Monthly, Account::Cash];

    pub fn as_str(self) -> &'static str {
        match self {
            Account::Cash => "cash",
            Account::Monthly => "monthly",
        }
    }

    /// `cash`/`monthly`, or the Chinese 现结/月结, any case.
    pub fn parse(text: &str) -> Option<Account> {
        match text.trim().to_ascii_lowercase().as_str() {
            "cash" | "现结" | "现金" => Some(Account::Cash),
            "monthly" | "月结" | "account" => Some(Account::Monthly),
            _ => None,
        }
    }

    /// The payment method an order of such a customer starts with.
    pub fn default_payment(self) -> super::PaymentMethod {
        match self {
            Account::Cash => super::PaymentMethod::Cash,
            Account::Monthly => super::PaymentMethod::Credit,
        }
    }
}

/// A product with its stock figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub barcode: String,
    pub price: Decimal,
    pub min_price: Option<Decimal>,
    pub cost: Option<Decimal>,
    pub on_hand: Decimal,
    pub reserved: Decimal,
    pub reorder_point: Decimal,
    pub active: bool,
    pub divisible: bool,
    pub version: i64,
    pub updated_at: String,
}

impl Product {
    /// On hand minus reserved.
    pub fn available(&self) -> Decimal {
        self.on_hand - self.reserved
    }

    /// Available stock at or below the reorder point.
    pub fn needs_reorder(&self) -> bool {
        self.available() <= self.reorder_point
    }
}

/// A field-level problem of a form: which field and why (an English/Chinese reason pair).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub reason: crate::i18n::Tx,
}

/// Whether a phone number looks like one: digits with an optional leading +, spaces, dashes and
/// parentheses, 5 to 20 digits.
pub fn is_phone(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(|c| c.is_ascii_digit()).count();
    body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')')) && (5..=20).contains(&digits)
}

/// The text fields of a customer form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerForm {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub tax_id: String,
    pub credit_limit: String,
    pub payment_terms_days: String,
    pub discount_pct: String,
    pub account: Account,
}

impl CustomerForm {
    /// Fill a form from a stored customer.
    pub fn from_customer(customer: &Customer) -> CustomerForm {
        CustomerForm {
            code: customer.code.clone(),
            name: customer.name.clone(),
            phone: customer.phone.clone(),
            address: customer.address.clone(),
            tax_id: customer.tax_id.clone(),
            credit_limit: customer.credit_limit.map(|limit| limit.normalize().to_string()).unwrap_or_default(),
            payment_terms_days: customer.payment_terms_days.to_string(),
            discount_pct: customer.discount_pct.normalize().to_string(),
            account: customer.account,
        }
    }

    /// Parse into a customer (keeping id/version/flags of `base`) or list every field error.
    /// A duplicate code is checked by the store, which knows the other codes.
    pub fn parse(&self, base: &Customer) -> Result<Customer, Vec<FieldError>> {
        use crate::i18n::ui as t;
        let mut errors = vec![];
        let code = self.code.trim().to_string();
        if code.is_empty() {
            errors.push(FieldError { field: "code", reason: t::ERR_REQUIRED });
        }
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(FieldError { field: "name", reason: t::ERR_REQUIRED });
        }
        if !self.phone.trim().is_empty() && !is_phone(&self.phone) {
            errors.push(FieldError { field: "phone", reason: t::ERR_PHONE });
        }
        let credit_limit = if self.credit_limit.trim().is_empty() {
            None
        } else {
            match parse_decimal(&self.credit_limit) {
                Some(limit) if super::bounds::check(limit, super::bounds::Kind::Limit).is_ok() => Some(limit),
                Some(limit) if limit >= Decimal::ZERO => {
                    errors.push(FieldError { field: "credit_limit", reason: t::ERR_MONEY_BOUNDS });
                    None
                }
                _ => {
                    errors.push(FieldError { field: "credit_limit", reason: t::ERR_NOT_NEGATIVE });
                    None
                }
            }
        };
        let payment_terms_days = match self.payment_terms_days.trim() {
            "" => 30,
            text => match text.parse::<i64>() {
                Ok(days) if (0..=3650).contains(&days) => days,
                _ => {
                    errors.push(FieldError { field: "payment_terms_days", reason: t::ERR_DAYS });
                    30
                }
            },
        };
        let discount_pct = match self.discount_pct.trim() {
            "" => Decimal::ZERO,
            text => match parse_decimal(text) {
                Some(pct) if pct >= Decimal::ZERO && pct <= Decimal::ONE_HUNDRED => pct,
                _ => {
                    errors.push(FieldError { field: "discount_pct", reason: t::ERR_PERCENT });
                    Decimal::ZERO
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Customer {
            code,
            name,
            phone: self.phone.trim().to_string(),
            address: self.address.trim().to_string(),
            tax_id: self.tax_id.trim().to_string(),
            credit_limit,
            payment_terms_days,
            discount_pct,
            account: self.account,
            ..base.clone()
        })
    }
}

/// The text fields of a product form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductForm {
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub barcode: String,
    pub price: String,
    pub min_price: String,
    pub cost: String,
    pub reorder_point: String,
    pub active: bool,
    pub divisible: bool,
}

impl ProductForm {
    /// Fill a form from a stored product.
    pub fn from_product(product: &Product) -> ProductForm {
        let text = |value: Option<Decimal>| value.map(|v| v.normalize().to_string()).unwrap_or_default();
        ProductForm {
            sku: product.sku.clone(),
            name: product.name.clone(),
            spec: product.spec.clone(),
            unit: product.unit.clone(),
            barcode: product.barcode.clone(),
            price: product.price.normalize().to_string(),
            min_price: text(product.min_price),
            cost: text(product.cost),
            reorder_point: product.reorder_point.normalize().to_string(),
            active: product.active,
            divisible: product.divisible,
        }
    }

    /// Parse into a product (keeping id, stock and version of `base`) or list every field error.
    pub fn parse(&self, base: &Product) -> Result<Product, Vec<FieldError>> {
        use crate::i18n::ui as t;
        let mut errors = vec![];
        let sku = self.sku.trim().to_string();
        if sku.is_empty() {
            errors.push(FieldError { field: "sku", reason: t::ERR_REQUIRED });
        }
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(FieldError { field: "name", reason: t::ERR_REQUIRED });
        }
        let mut optional = |field: &'static str, text: &str| -> Option<Decimal> {
            if text.trim().is_empty() {
                return None;
            }
            match parse_decimal(text) {
                Some(value) if super::bounds::check(value, super::bounds::Kind::Price).is_ok() => Some(value),
                Some(value) if value >= Decimal::ZERO => {
                    errors.push(FieldError { field, reason: t::ERR_MONEY_BOUNDS });
                    None
                }
                _ => {
                    errors.push(FieldError { field, reason: t::ERR_NOT_NEGATIVE });
                    None
                }
            }
        };
        let price = optional("price", &self.price);
        let min_price = optional("min_price", &self.min_price);
        let cost = optional("cost", &self.cost);
        let reorder_point = optional("reorder_point", &self.reorder_point).unwrap_or_default();
        if price.is_none() && !errors.iter().any(|e| e.field == "price") {
            errors.push(FieldError { field: "price", reason: t::ERR_REQUIRED });
        }
        if let (Some(price), Some(min)) = (price, min_price)
            && min > price
        {
            errors.push(FieldError { field: "min_price", reason: t::ERR_MIN_ABOVE_PRICE });
        }
        if crate::domain::barcode::normalise(&self.barcode).is_err() {
            errors.push(FieldError { field: "barcode", reason: t::ERR_BARCODE });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let unit = self.unit.trim();
        Ok(Product {
            sku,
            name,
            spec: self.spec.trim().to_string(),
            unit: if unit.is_empty() { "pcs".to_string() } else { unit.to_string() },
            barcode: self.barcode.trim().to_string(),
            price: price.unwrap_or_default(),
            min_price,
            cost,
            reorder_point,
            active: self.active,
            divisible: self.divisible,
            ..base.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for good in ["13800138000", "+86 21 5555-1234", "(021) 12345678"] {
            assert!(is_phone(good), "{good}");
        }
        for bad in ["abc", "123", "138-0013-8000x", "+"] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn customer_form_reports_every_bad_field() {
        let form = CustomerForm {
            code: " ".into(),
            name: "张三".into(),
            phone: "call me".into(),
            credit_limit: "-5".into(),
            discount_pct: "120".into(),
            payment_terms_days: "x".into(),
            ..Default::default()
        };
        let errors = form.parse(&Customer::default()).expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["code", "phone", "credit_limit", "payment_terms_days", "discount_pct"]);
    }

    #[test]
    fn product_form_min_price_not_above_price() {
        let form = ProductForm { sku: "P1".into(), name: "Bolt".into(), price: "5".into(), min_price: "6".into(), ..Default::default() };
        let errors = form.parse(&Product::default()).expect_err("invalid");
        assert_eq!(errors[0].field, "min_price");
        let ok = ProductForm { min_price: "4".into(), ..form };
        let product = ok.parse(&Product::default()).expect("valid");
        assert_eq!(product.unit, "pcs");
    }
}
