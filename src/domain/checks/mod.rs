//! The live check engine: the facts a check may look at ([`CheckContext`], loaded by the store in
//! a few queries), the [`Finding`] it returns, and the registry that runs every check and applies
//! the owner's severity settings. Checks are pure functions in `rules.rs`; no I/O here.

mod rules;

use super::order::PricedOrder;
use super::{Code, OrderStatus, RuleSetting, Severity};
use crate::i18n::{Lang, Tx};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Thresholds and per-code severities from settings (docs/cli.md "Settings").
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSettings {
    pub duplicate_window_days: i64,
    pub unusual_qty_factor: Decimal,
    pub backdate_days: i64,
    pub max_discount_pct: Decimal,
    pub price_tolerance_pct: Decimal,
    pub overdue_grace_days: i64,
    pub review_manager_above: Option<Decimal>,
    pub review_owner_above: Option<Decimal>,
    /// Owner overrides of `rules.<CODE>.severity`; codes not listed keep their default.
    pub rules: HashMap<Code, RuleSetting>,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            duplicate_window_days: 3,
            unusual_qty_factor: Decimal::TEN,
            backdate_days: 7,
            max_discount_pct: Decimal::TEN,
            price_tolerance_pct: Decimal::ZERO,
            overdue_grace_days: 0,
            review_manager_above: None,
            review_owner_above: None,
            rules: HashMap::new(),
        }
    }
}

/// An unpaid invoice past its due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueInvoice {
    pub number: String,
    pub due_date: NaiveDate,
    pub balance: Decimal,
}

/// What the checks know about the order's customer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerFacts {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub blocked: bool,
    pub blocked_reason: String,
    pub credit_limit: Option<Decimal>,
    pub discount_pct: Decimal,
    /// Unpaid invoice balances plus open, not yet invoiced orders, less deposits not yet
    /// applied — this order and its deposits excluded.
    pub exposure: Decimal,
    /// Deposits taken on this order (when it is saved) and not yet applied to an invoice.
    pub order_deposit: Decimal,
    /// All deposits ever taken on this order (applied, refunded or held): what of a typed
    /// prepayment has already become a deposit.
    pub order_deposit_taken: Decimal,
    /// Cash or monthly account: the order's default payment.
    pub account: crate::domain::master::Account,
    pub overdue: Vec<OverdueInvoice>,
}

/// What the checks know about one SKU of the order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductFacts {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub active: bool,
    pub divisible: bool,
    pub price: Decimal,
    pub min_price: Option<Decimal>,
    pub cost: Option<Decimal>,
    pub agreed_price: Option<Decimal>,
    pub on_hand: Decimal,
    /// Reserved by confirmed, unshipped orders other than this one.
    pub reserved: Decimal,
    /// The orders holding the largest reservations, for the message ("reserved for SO-…").
    pub reserved_for: Vec<String>,
    /// Quantities of this customer's earlier lines of this product (most recent first).
    pub customer_history: Vec<Decimal>,
    /// Quantities of earlier lines of this product over all customers (a recent sample).
    pub product_history: Vec<Decimal>,
    /// What this customer paid for this product on their latest non-cancelled orders that have
    /// it (newest first by order date, then number; at most three; this order left out).
    pub last_prices: Vec<LastPrice>,
}

/// One earlier sale of a product: on which order, to whom, when, how many, at what price.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct LastPrice {
    pub order: String,
    pub customer: String,
    pub date: NaiveDate,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
}

impl LastPrice {
    /// The unit price after the line's discount (exact).
    pub fn net(&self) -> Decimal {
        crate::domain::order::net_unit_price(self.unit_price, self.discount_pct)
    }
}

impl ProductFacts {
    /// On hand minus reserved.
    pub fn available(&self) -> Decimal {
        self.on_hand - self.reserved
    }
}

/// A recent order of the same customer, for the duplicate check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentOrder {
    pub number: String,
    pub order_date: NaiveDate,
    pub lines: Vec<(String, Decimal)>,
}

/// Everything the checks may look at. Built by the store; checks never touch the database.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckContext {
    pub today: NaiveDate,
    pub settings: CheckSettings,
    /// None when the customer code is empty or unknown.
    pub customer: Option<CustomerFacts>,
    /// Known products of the order, by SKU.
    pub products: HashMap<String, ProductFacts>,
    /// Non-cancelled orders of the customer around the order date (this one excluded).
    pub recent_orders: Vec<RecentOrder>,
}

/// A message in both languages: a text with placeholders and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: Tx,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, &dyn std::fmt::Display)> =
            self.args.iter().map(|(name, value)| (*name, value as &dyn std::fmt::Display)).collect();
        self.text.fill(lang, &args)
    }
}

/// One problem a check found. Data, never an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub approvable: bool,
    /// The field it concerns: `customer`, `order_date`, `qty`, `unit_price`, `payment.reference`…
    pub field: &'static str,
    /// The 1-based order line, if it concerns one line.
    pub line: Option<usize>,
    pub message: Message,
    /// Only the owner may approve it (REVIEW_REQUIRED above `review.owner_above`).
    pub owner_only: bool,
}

impl Finding {
    /// Identifies "the same finding" across edits: an approval counts while this stays equal.
    /// Made of the code, the line and the data that triggered it — this order's own figures and
    /// the limits it crossed — never the wording of the message (rewording a message must not
    /// void stored approvals), and not the figures that move without this order changing: the
    /// customer's exposure from other orders, the usual quantity, how many days ago.
    pub fn fingerprint(&self) -> String {
        let moving: &[&str] = match self.code {
            Code::CreditLimitExceeded => &["exposure", "over"],
            Code::QtyUnusual => &["typical", "whose", "whose_zh", "factor"],
            Code::DateUnusual | Code::OverdueBalance => &["days"],
            Code::DateInvalid => &["today"],
            _ => &[],
        };
        let basis: Vec<String> =
            self.message.args.iter().filter(|(name, _)| !moving.contains(name)).map(|(name, value)| format!("{name}={value}")).collect();
        format!("{}|{}|{}", self.code, self.line.unwrap_or(0), basis.join(";"))
    }

    /// Whether an approval stored with `fingerprint` covers this finding. Approvals stored before
    /// fingerprints left the message text out still count while that text is unchanged.
    pub fn approved_by(&self, fingerprint: &str) -> bool {
        fingerprint == self.fingerprint()
            || fingerprint == format!("{}|{}|{}", self.code, self.line.unwrap_or(0), self.message.render(Lang::En))
    }
}

/// Run every live check on a priced order and apply the configured severities.
/// Findings come in code order, then line order; all short lines are reported, not only the first.
pub fn run_checks(order: &PricedOrder, context: &CheckContext) -> Vec<Finding> {
    let mut findings = rules::all(order, context);
    findings.retain_mut(|finding| {
        match context.settings.rules.get(&finding.code) {
            Some(RuleSetting::Off) => return false,
            Some(RuleSetting::Severity(severity)) => finding.severity = *severity,
            None => {}
        }
        if finding.severity != Severity::Block {
            finding.approvable = false;
        }
        true
    });
    findings.sort_by_key(|finding| {
        let rank = Code::ALL.iter().position(|code| *code == finding.code).unwrap_or(usize::MAX);
        (rank, finding.line)
    });
    findings
}

/// The state a not-yet-confirmed order takes from its findings, after approvals
/// (`approved` says whether a given approvable block has a valid approval).
pub fn status_from_findings(findings: &[Finding], approved: impl Fn(&Finding) -> bool) -> OrderStatus {
    let blocks = findings.iter().filter(|finding| finding.severity == Severity::Block);
    let mut needs_approval = false;
    for finding in blocks {
        if !finding.approvable {
            return OrderStatus::AwaitingCorrection;
        }
        if !approved(finding) {
            needs_approval = true;
        }
    }
    if needs_approval {
        OrderStatus::AwaitingApproval
    } else if findings.iter().any(|finding| finding.code == Code::StockShort) {
        OrderStatus::AwaitingRestock
    } else {
        OrderStatus::Open
    }
}

/// The median of a list of quantities (None when empty).
pub fn median(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 { sorted[middle] } else { (sorted[middle - 1] + sorted[middle]) / Decimal::TWO })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(exposure: &str, total: &str) -> Finding {
        Finding {
            code: Code::CreditLimitExceeded,
            severity: Severity::Block,
            approvable: true,
            field: "customer",
            line: None,
            message: Message {
                text: crate::i18n::checks::CREDIT_LIMIT_EXCEEDED,
                args: vec![("limit", "100.00".into()), ("exposure", exposure.into()), ("total", total.into()), ("over", "10.00".into())],
            },
            owner_only: false,
        }
    }

    #[test]
    fn a_fingerprint_is_the_triggering_data_not_the_wording() {
        assert_eq!(credit("0.00", "110.00").fingerprint(), credit("30.00", "110.00").fingerprint(), "other orders' exposure");
        assert_ne!(credit("0.00", "110.00").fingerprint(), credit("0.00", "120.00").fingerprint(), "this order's own total");
        assert!(!credit("0.00", "110.00").fingerprint().contains("exceeded"), "no message text in it");
    }

    #[test]
    fn approvals_stored_with_the_message_text_still_count() {
        let finding = credit("0.00", "110.00");
        let stored = format!("CREDIT_LIMIT_EXCEEDED|0|{}", finding.message.render(Lang::En));
        assert!(finding.approved_by(&stored));
        assert!(!credit("5.00", "110.00").approved_by(&stored), "a legacy one only while its text is the same");
        assert!(credit("5.00", "110.00").approved_by(&finding.fingerprint()));
    }
}
