//! Italian phone numbers as typed in forms ("+39 333 123 4567",
//! "02/1234567", "(0371) 44.55.66"), checked and normalised.
//!
//! Mobile numbers start with 3 and have 9 or 10 digits; landlines start with
//! 0 (the area code is part of the number) and have 6 to 11 digits. The
//! international prefix +39 / 0039 is optional and only Italian numbers are
//! accepted: the ATS calls these numbers from Italy.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Mobile or landline, told apart by the first digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// A checked Italian number: `national` holds only digits, without +39.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    pub kind: PhoneKind,
    pub national: String,
}

impl PhoneNumber {
    /// International form for storage and SMS gateways: "+393331234567".
    pub fn e164(&self) -> String {
        format!("+39{}", self.national)
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164())
    }
}

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("Inserire il numero di telefono.")]
    Empty,
    #[error(
        "Il numero di telefono contiene il carattere \"{0}\", non ammesso: usare solo cifre, spazi e il prefisso +39."
    )]
    InvalidCharacter(char),
    #[error(
        "Indicare un numero italiano: il prefisso internazionale, se presente, deve essere +39 o 0039."
    )]
    ForeignPrefix,
    #[error(
        "Il numero deve iniziare con 3 (cellulare) o con 0 (telefono fisso, prefisso compreso)."
    )]
    BadStart,
    #[error("Un numero di cellulare ha 9 o 10 cifre, qui ce ne sono {0}: controllare il numero.")]
    MobileLength(usize),
    #[error(
        "Un numero di telefono fisso ha da 6 a 11 cifre, prefisso compreso, qui ce ne sono {0}: controllare il numero."
    )]
    LandlineLength(usize),
}

/// Checks an Italian phone number and returns its parts.
pub fn parse_phone(input: &str) -> Result<PhoneNumber, PhoneError> {
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    for c in input.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '\t' | '.' | '-' | '/' | '(' | ')' => {}
            '+' if !plus && digits.is_empty() => plus = true,
            other => return Err(PhoneError::InvalidCharacter(other)),
        }
    }
    if digits.is_empty() {
        return Err(if plus {
            PhoneError::ForeignPrefix
        } else {
            PhoneError::Empty
        });
    }
    let national = if plus {
        digits.strip_prefix("39").ok_or(PhoneError::ForeignPrefix)?
    } else if let Some(rest) = digits.strip_prefix("0039") {
        rest
    } else if digits.starts_with("00") {
        // "00" then anything but 39 is an international call prefix (0044…):
        // no Italian landline starts with 00.
        return Err(PhoneError::ForeignPrefix);
    } else if digits.len() >= 11 && digits.starts_with("39") {
        // "39 333 1234567" typed without '+': a domestic number starting with
        // 3 has at most 10 digits, so 11 or more digits beginning with 39 can
        // only be the prefix followed by a mobile or landline number.
        digits.get(2..).unwrap_or_default()
    } else {
        digits.as_str()
    };
    let len = national.len();
    let kind = match national.as_bytes().first() {
        Some(b'3') if (9..=10).contains(&len) => PhoneKind::Mobile,
        Some(b'3') => return Err(PhoneError::MobileLength(len)),
        Some(b'0') if (6..=11).contains(&len) => PhoneKind::Landline,
        Some(b'0') => return Err(PhoneError::LandlineLength(len)),
        _ => return Err(PhoneError::BadStart),
    };
    Ok(PhoneNumber {
        kind,
        national: national.to_string(),
    })
}

/// Checks an Italian phone number and returns it as "+39" + digits.
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    parse_phone(input).map(|p| p.e164())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> (PhoneKind, String) {
        let p = parse_phone(input).unwrap();
        (p.kind, p.e164())
    }

    #[test]
    fn mobiles_with_any_separators_and_prefix() {
        let want = (PhoneKind::Mobile, "+393331234567".to_string());
        for input in [
            "3331234567",
            "333 123 4567",
            "333.123.4567",
            "333-1234567",
            "333/1234567",
            "(333) 1234567",
            "+39 333 1234567",
            "+393331234567",
            "0039 333 1234567",
            "39 333 1234567",
            "  333 1234567  ",
        ] {
            assert_eq!(ok(input), want, "{input}");
        }
        // 9-digit mobiles still exist (old TIM/Vodafone numbers).
        assert_eq!(
            ok("333 123456"),
            (PhoneKind::Mobile, "+39333123456".to_string())
        );
    }

    #[test]
    fn landlines_keep_the_leading_zero() {
        assert_eq!(
            ok("02 1234567"),
            (PhoneKind::Landline, "+39021234567".to_string())
        );
        assert_eq!(
            ok("(0371) 44.55.66"),
            (PhoneKind::Landline, "+390371445566".to_string())
        );
        assert_eq!(
            ok("+39 06 12345678"),
            (PhoneKind::Landline, "+390612345678".to_string())
        );
        assert_eq!(
            ok("0039 0371 445566"),
            (PhoneKind::Landline, "+390371445566".to_string())
        );
        // "39" without '+' before 11+ digits can only be the prefix.
        assert_eq!(
            ok("39 02 1234567"),
            (PhoneKind::Landline, "+39021234567".to_string())
        );
        // bounds: 6 and 11 digits
        assert_eq!(ok("012345").0, PhoneKind::Landline);
        assert_eq!(ok("01234567890").0, PhoneKind::Landline);
        assert_eq!(
            normalize_phone("02-1234567"),
            Ok("+39021234567".to_string())
        );
    }

    #[test]
    fn lengths_are_checked() {
        assert_eq!(parse_phone("33312345"), Err(PhoneError::MobileLength(8)));
        assert_eq!(
            parse_phone("33312345678"),
            Err(PhoneError::MobileLength(11))
        );
        assert_eq!(
            parse_phone("+39 333 12345678"),
            Err(PhoneError::MobileLength(11))
        );
        assert_eq!(parse_phone("01234"), Err(PhoneError::LandlineLength(5)));
        assert_eq!(
            parse_phone("012345678901"),
            Err(PhoneError::LandlineLength(12))
        );
        assert_eq!(
            parse_phone("3331").unwrap_err().to_string(),
            "Un numero di cellulare ha 9 o 10 cifre, qui ce ne sono 4: controllare il numero."
        );
    }

    #[test]
    fn wrong_start_prefix_and_characters() {
        assert_eq!(parse_phone(""), Err(PhoneError::Empty));
        assert_eq!(parse_phone(" - "), Err(PhoneError::Empty));
        assert_eq!(parse_phone("800 123456"), Err(PhoneError::BadStart));
        assert_eq!(
            parse_phone("+44 20 7946 0958"),
            Err(PhoneError::ForeignPrefix)
        );
        assert_eq!(
            parse_phone("0044 20 7946 0958"),
            Err(PhoneError::ForeignPrefix)
        );
        assert_eq!(parse_phone("+"), Err(PhoneError::ForeignPrefix));
        assert_eq!(
            parse_phone("333 12a4567"),
            Err(PhoneError::InvalidCharacter('a'))
        );
        assert_eq!(
            parse_phone("333+1234567"),
            Err(PhoneError::InvalidCharacter('+'))
        );
        assert_eq!(
            parse_phone("++39333"),
            Err(PhoneError::InvalidCharacter('+'))
        );
        assert_eq!(
            parse_phone("333١234567"),
            Err(PhoneError::InvalidCharacter('١'))
        );
    }
}
