//! Money a customer pays: how one payment is spread over several open invoices. A pure rule,
//! shared by the window's payment dialog and its test; the apply layer records the shares in
//! one transaction (`ops::pay_many`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// An unpaid invoice a payment may go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayTarget {
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub balance: Decimal,
}

/// Split one payment over invoices, oldest due first: each takes at most its balance, and what is
/// left once all are covered goes to the last one (an over-payment: the scans flag it as
/// PAYMENT_UNMATCHED and the balance keeps it as credit). Invoices that get nothing are left out.
pub fn split_payment(targets: &[PayTarget], amount: Decimal) -> Vec<(String, Decimal)> {
    let mut order: Vec<&PayTarget> = targets.iter().collect();
    order.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.issue_date.cmp(&b.issue_date)).then(a.number.cmp(&b.number)));
    let mut left = amount.max(Decimal::ZERO);
    let mut shares: Vec<(String, Decimal)> = Vec::new();
    for target in &order {
        let share = left.min(target.balance.max(Decimal::ZERO));
        if share > Decimal::ZERO {
            shares.push((target.number.clone(), share));
            left -= share;
        }
    }
    if left > Decimal::ZERO
        && let Some(last) = order.last()
    {
        let last_has_share = shares.last().is_some_and(|(number, _)| *number == last.number);
        if !last_has_share {
            shares.push((last.number.clone(), Decimal::ZERO));
        }
        if let Some((_, share)) = shares.last_mut() {
            *share += left;
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn target(number: &str, due: &str, balance: i64) -> PayTarget {
        let due = NaiveDate::parse_from_str(due, "%Y-%m-%d").expect("date");
        PayTarget { number: number.into(), issue_date: due - Duration::days(30), due_date: due, balance: Decimal::from(balance) }
    }

    #[test]
    fn a_payment_is_split_oldest_due_first() {
        let targets = [target("B", "2026-03-01", 100), target("A", "2026-02-01", 50), target("C", "2026-04-01", 30)];
        assert_eq!(
            split_payment(&targets, Decimal::from(120)),
            vec![("A".to_string(), Decimal::from(50)), ("B".to_string(), Decimal::from(70))]
        );
        assert_eq!(
            split_payment(&targets, Decimal::from(180)),
            vec![("A".to_string(), Decimal::from(50)), ("B".to_string(), Decimal::from(100)), ("C".to_string(), Decimal::from(30))]
        );
    }

    #[test]
    fn an_over_payment_goes_to_the_last_invoice() {
        let targets = [target("A", "2026-02-01", 50), target("B", "2026-03-01", 100)];
        assert_eq!(
            split_payment(&targets, Decimal::from(200)),
            vec![("A".to_string(), Decimal::from(50)), ("B".to_string(), Decimal::from(150))]
        );
        let one = [target("A", "2026-02-01", 50)];
        assert_eq!(split_payment(&one, Decimal::from(10)), vec![("A".to_string(), Decimal::from(10))]);
        assert!(split_payment(&one, Decimal::ZERO).is_empty());
    }
}
