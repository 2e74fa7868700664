//! The fiscal number in a SPID / CIE identity: SPID's `fiscalNumber`
//! attribute is `TINIT-` (tax identification, Italy) followed by the codice
//! fiscale. Only personal codes log in; the code is normalised and checked
//! with the project's own validator before any account is looked up.

use app::codice_fiscale::{Accept, parse_fiscal_id};
use chrono::NaiveDate;
use serde_json::Value;

use super::error::OidcError;

/// SPID/eIDAS prefix of the tax identification number.
const TIN_PREFIX: &str = "TINIT-";

/// The normalised codice fiscale carried by the claim `value`.
pub fn codice_fiscale_from_claim(
    value: Option<&Value>,
    today: NaiveDate,
) -> Result<String, OidcError> {
    let raw = value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(OidcError::FiscalNumberMissing)?;
    let code = strip_prefix_ignore_case(raw, TIN_PREFIX).unwrap_or(raw);
    parse_fiscal_id(code, today, Accept::PERSONAL)
        .map(|id| id.as_str().to_owned())
        .map_err(|_| OidcError::FiscalNumberInvalid)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn cf(v: Value) -> Result<String, OidcError> {
        codice_fiscale_from_claim(Some(&v), today())
    }

    #[test]
    fn spid_prefix_is_stripped_and_the_code_normalised() {
        // RSSMRA85T10A562S: the project's reference code (Mario Rossi,
        // 10/12/1985, San Giuliano Terme), valid check letter S.
        assert_eq!(
            cf(json!("TINIT-RSSMRA85T10A562S")).unwrap(),
            "RSSMRA85T10A562S"
        );
        assert_eq!(
            cf(json!(" tinit-rssmra85t10a562s ")).unwrap(),
            "RSSMRA85T10A562S"
        );
        assert_eq!(cf(json!("RSSMRA85T10A562S")).unwrap(), "RSSMRA85T10A562S");
    }

    #[test]
    fn a_wrong_check_letter_or_a_non_personal_code_is_refused() {
        assert!(matches!(
            cf(json!("TINIT-RSSMRA85T10A562X")),
            Err(OidcError::FiscalNumberInvalid)
        ));
        // An 11-digit temporary code: valid in some fields, not for a login.
        assert!(matches!(
            cf(json!("TINIT-12345678903")),
            Err(OidcError::FiscalNumberInvalid)
        ));
        assert!(matches!(
            cf(json!("TINIT-")),
            Err(OidcError::FiscalNumberInvalid)
        ));
    }

    #[test]
    fn an_absent_empty_or_non_string_claim_is_missing() {
        assert!(matches!(
            codice_fiscale_from_claim(None, today()),
            Err(OidcError::FiscalNumberMissing)
        ));
        assert!(matches!(
            cf(json!("  ")),
            Err(OidcError::FiscalNumberMissing)
        ));
        assert!(matches!(cf(json!(42)), Err(OidcError::FiscalNumberMissing)));
    }
}
