//! Product barcodes: a product carries one or more (written `a;b` in a file and in the product's
//! barcode field). EAN-13, EAN-8 and UPC-A (all digits, 13, 8 or 12 long) are checked by their
//! check digit, so a mistyped or misread code is caught where it is entered; any other code is
//! taken as the shop's own internal code. A barcode belongs to one product only (the store and
//! the import see to that).

use crate::i18n::{Lang, checks as text};

/// The longest barcode taken (Code 128 labels of shops stay well below this).
pub const MAX_LEN: usize = 48;

/// Why a barcode is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BarcodeError {
    /// A digit-only EAN-13 / EAN-8 / UPC-A code whose last digit is not its check digit.
    CheckDigit { expected: u32 },
    /// Characters a scanner does not send (space, quotes, separators) or too long.
    Characters,
}

impl BarcodeError {
    /// What is wrong, in `lang` ("check digit should be 7").
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            BarcodeError::CheckDigit { expected } => text::BARCODE_CHECK_DIGIT.fill(lang, &[("digit", expected)]),
            BarcodeError::Characters => text::BARCODE_CHARACTERS.fill(lang, &[("max", &MAX_LEN)]),
        }
    }
}

/// The GS1 check digit of `body` (the code without its last digit).
fn check_digit(body: &[u32]) -> u32 {
    // From the right: weights 3, 1, 3, 1, …
    let sum: u32 = body.iter().rev().enumerate().map(|(index, digit)| if index % 2 == 0 { digit * 3 } else { *digit }).sum();
    (10 - sum % 10) % 10
}

/// Check one barcode: its characters, and the check digit of an EAN-13, EAN-8 or UPC-A.
pub fn check(code: &str) -> Result<(), BarcodeError> {
    if code.is_empty() || code.len() > MAX_LEN || !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/')) {
        return Err(BarcodeError::Characters);
    }
    if matches!(code.len(), 8 | 12 | 13) && code.chars().all(|c| c.is_ascii_digit()) {
        let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
        let (body, last) = digits.split_at(digits.len() - 1);
        let expected = check_digit(body);
        if last[0] != expected {
            return Err(BarcodeError::CheckDigit { expected });
        }
    }
    Ok(())
}

/// The barcodes of a `;`-separated list, trimmed, blanks dropped, in the order given.
pub fn split(list: &str) -> Vec<&str> {
    list.split(';').map(str::trim).filter(|code| !code.is_empty()).collect()
}

/// Check every barcode of a list; the list as stored (`a;b`, duplicates dropped) or the first
/// bad code with why.
pub fn normalise(list: &str) -> Result<String, (String, BarcodeError)> {
    let mut kept: Vec<&str> = vec![];
    for code in split(list) {
        check(code).map_err(|error| (code.to_string(), error))?;
        if !kept.contains(&code) {
            kept.push(code);
        }
    }
    Ok(kept.join(";"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_ean13_ean8_and_upc_a() {
        // (code, taken, expected check digit when not)
        let cases: &[(&str, Option<u32>)] = &[
            ("6901234567892", None),    // EAN-13, right
            ("6901234567890", Some(2)), // EAN-13, last digit wrong
            ("4006381333931", None),    // EAN-13
            ("96385074", None),         // EAN-8
            ("96385070", Some(4)),      // EAN-8 wrong
            ("036000291452", None),     // UPC-A
            ("036000291453", Some(2)),  // UPC-A wrong
            ("12345", None),            // another length: an internal code
            ("INT-0042", None),         // letters: an internal code
            ("1234567890123456", None), // 16 digits: an internal code
        ];
        for (code, wrong) in cases {
            match wrong {
                None => assert_eq!(check(code), Ok(()), "{code}"),
                Some(digit) => assert_eq!(check(code), Err(BarcodeError::CheckDigit { expected: *digit }), "{code}"),
            }
        }
        assert_eq!(BarcodeError::CheckDigit { expected: 7 }.reason(Lang::En), "check digit should be 7");
        assert!(!BarcodeError::CheckDigit { expected: 7 }.reason(Lang::Zh).is_empty());
    }

    #[test]
    fn characters_a_scanner_does_not_send_are_refused() {
        for code in ["69 01", "a\"b", "x;y", "", &"9".repeat(MAX_LEN + 1), "条码"] {
            assert_eq!(check(code), Err(BarcodeError::Characters), "{code:?}");
        }
    }

    #[test]
    fn lists_are_split_trimmed_and_kept_once() {
        assert_eq!(split(" 6901234567892 ; ;96385074 "), vec!["6901234567892", "96385074"]);
        assert_eq!(normalise("6901234567892; 96385074;6901234567892").as_deref(), Ok("6901234567892;96385074"));
        assert_eq!(normalise(""), Ok(String::new()));
        assert_eq!(normalise("96385074;6901234567890"), Err(("6901234567890".to_string(), BarcodeError::CheckDigit { expected: 2 })));
    }
}
