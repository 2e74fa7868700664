//! "Richiesta di registrazione": what a principal sends before having an
//! account (replacing seed 000's survey), and the administrator's decision.
//! Pure: shared by the browser and the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codice_fiscale::{Accept, parse_fiscal_id};
use crate::error::FieldErrors;
use crate::schools::CodiceMeccanografico;
use crate::validation::email::normalize_email;
use crate::validation::phone::normalize_phone;

pub const ISTITUTO: &str = "istituto_codice";
pub const CODICE_FISCALE: &str = "codice_fiscale";
pub const FULL_NAME: &str = "full_name";
pub const EMAIL: &str = "email";
pub const PHONE: &str = "phone";
pub const REASON: &str = "reason";

/// The request as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationForm {
    #[serde(default)]
    pub istituto_codice: String,
    #[serde(default)]
    pub codice_fiscale: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// A request that passed every check, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub istituto_codice: String,
    pub codice_fiscale: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
}

/// Checks every field; each failing one gets its own message.
pub fn validate(
    form: &RegistrationForm,
    today: NaiveDate,
) -> Result<ValidRegistration, FieldErrors> {
    let mut errors = FieldErrors::new();
    let istituto = CodiceMeccanografico::parse(&form.istituto_codice)
        .map_err(|e| errors.add(ISTITUTO, e.to_string()))
        .ok();
    let cf = parse_fiscal_id(&form.codice_fiscale, today, Accept::PERSONAL)
        .map_err(|e| errors.add(CODICE_FISCALE, e.to_string()))
        .ok();
    let name = form
        .full_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        errors.add(
            FULL_NAME,
            "Inserire nome e cognome del dirigente scolastico.",
        );
    } else if name.chars().count() > 200 {
        errors.add(
            FULL_NAME,
            "Nome e cognome troppo lunghi: al massimo 200 caratteri.",
        );
    }
    let email = normalize_email(&form.email)
        .map_err(|e| errors.add(EMAIL, e.to_string()))
        .ok();
    let phone = normalize_phone(&form.phone)
        .map_err(|e| errors.add(PHONE, e.to_string()))
        .ok();
    match (istituto, cf, email, phone) {
        (Some(istituto), Some(cf), Some(email), Some(phone)) if errors.is_empty() => {
            Ok(ValidRegistration {
                istituto_codice: istituto.as_str().to_owned(),
                codice_fiscale: cf.as_str().to_owned(),
                full_name: name,
                email,
                phone,
            })
        }
        _ => Err(errors),
    }
}

/// Where a request stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[strum(serialize_all = "snake_case")]
pub enum RequestStatus {
    #[strum(message = "in attesa")]
    Pending,
    #[strum(message = "approvata")]
    Approved,
    #[strum(message = "respinta")]
    Rejected,
}

impl RequestStatus {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }

    pub fn label(self) -> &'static str {
        strum::EnumMessage::get_message(&self).unwrap_or_default()
    }
}

/// How the approved principal will log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginMode {
    /// An initial password, shown once to the administrator who passes it on.
    Password,
    /// SPID/CIE only (matched on the codice fiscale): no password at all.
    Spid,
}

/// The reason of a rejection: required, told to the applicant.
pub fn check_reason(reason: &str) -> Result<String, FieldErrors> {
    let text = reason.trim();
    let mut errors = FieldErrors::new();
    if text.is_empty() {
        errors.add(
            REASON,
            "Indicare il motivo del rifiuto: sarà comunicato al richiedente.",
        );
    } else if text.chars().count() > 1000 {
        errors.add(REASON, "Motivo troppo lungo: al massimo 1000 caratteri.");
    }
    if errors.is_empty() {
        Ok(text.to_owned())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn a_good_request_is_normalised() {
        let form = RegistrationForm {
            istituto_codice: " miic8zz00x ".into(),
            // Giulia Bianchi, 12/03/1971, Milano: BNC GLI 71 C 52 F205, check O.
            codice_fiscale: "bncgli71c52f205o".into(),
            full_name: " Giulia  Bianchi ".into(),
            email: "dirigente@IC-Demo.EDU.IT".into(),
            phone: "02 1234567".into(),
        };
        let v = validate(&form, today()).unwrap();
        assert_eq!(v.istituto_codice, "MIIC8ZZ00X");
        assert_eq!(v.codice_fiscale, "BNCGLI71C52F205O");
        assert_eq!(v.full_name, "Giulia Bianchi");
        assert_eq!(v.email, "dirigente@ic-demo.edu.it");
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = RegistrationForm {
            istituto_codice: "MI".into(),
            codice_fiscale: "BNCGLI71C52F205A".into(),
            full_name: "".into(),
            email: "dirigente".into(),
            phone: "abc".into(),
        };
        let errors = validate(&form, today()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, [ISTITUTO, CODICE_FISCALE, FULL_NAME, EMAIL, PHONE]);
    }

    #[test]
    fn reasons_and_statuses() {
        assert!(check_reason("  ").is_err());
        assert_eq!(
            check_reason(" Non è il dirigente in carica ").unwrap(),
            "Non è il dirigente in carica"
        );
        for s in [
            RequestStatus::Pending,
            RequestStatus::Approved,
            RequestStatus::Rejected,
        ] {
            assert_eq!(RequestStatus::from_key(s.key()), Some(s));
        }
    }

    #[test]
    fn status_keys_and_labels_are_stored_ones() {
        let all = [
            RequestStatus::Pending,
            RequestStatus::Approved,
            RequestStatus::Rejected,
        ];
        let pairs: Vec<_> = all.iter().map(|s| (s.key(), s.label())).collect();
        assert_eq!(
            pairs,
            [
                ("pending", "in attesa"),
                ("approved", "approvata"),
                ("rejected", "respinta")
            ]
        );
        assert_eq!(RequestStatus::from_key("Pending"), None);
    }
}
