//! What the "Verifica codice fiscale" page shows about a valid code: the
//! same summary computed in the browser and on the server, so the two
//! answers can be compared field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FiscalId, Sex};

/// Summary of a valid code. `place` is filled by the server only (the comuni
/// table is not shipped to the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CfReport {
    pub code: String,
    /// "Codice fiscale", "Codice fiscale provvisorio", "Codice STP", "Codice ENI".
    pub kind: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// Belfiore code with omocodia resolved.
    pub belfiore: Option<String>,
    pub foreign: bool,
    pub omocode: bool,
    /// The code with omocodia resolved, when it differs.
    pub canonical: Option<String>,
    pub place: Option<String>,
    /// Mismatches with the personal data given beside the code.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl CfReport {
    pub fn of(id: &FiscalId) -> Self {
        let base = CfReport {
            code: id.as_str().to_owned(),
            kind: String::new(),
            birth_date: None,
            sex: None,
            belfiore: None,
            foreign: false,
            omocode: false,
            canonical: None,
            place: None,
            warnings: Vec::new(),
        };
        match id {
            FiscalId::Personal(cf) => CfReport {
                kind: "Codice fiscale".to_owned(),
                birth_date: Some(cf.birth_date()),
                sex: Some(cf.sex()),
                belfiore: Some(cf.belfiore().as_str().to_owned()),
                foreign: cf.is_foreign(),
                omocode: cf.is_omocode(),
                canonical: cf.is_omocode().then(|| cf.canonical().as_str().to_owned()),
                ..base
            },
            FiscalId::Temporary(_) => CfReport {
                kind: "Codice fiscale provvisorio (numerico)".to_owned(),
                ..base
            },
            FiscalId::Stp(_) => CfReport {
                kind: "Codice STP (straniero temporaneamente presente)".to_owned(),
                ..base
            },
            FiscalId::Eni(_) => CfReport {
                kind: "Codice ENI (europeo non iscritto)".to_owned(),
                ..base
            },
        }
    }

    /// Equal apart from what only the server knows.
    pub fn agrees_with(&self, other: &CfReport) -> bool {
        CfReport {
            place: None,
            ..self.clone()
        } == CfReport {
            place: None,
            ..other.clone()
        }
    }
}

/// The optional personal data typed beside a code, as the form sends it
/// (blank = not given). Checked identically in the browser and on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonInput {
    #[serde(default)]
    pub surname: String,
    #[serde(default)]
    pub name: String,
    /// dd/mm/yyyy as typed.
    #[serde(default)]
    pub birth_date: String,
    /// "M", "F" or blank.
    #[serde(default)]
    pub sex: String,
    /// Belfiore code chosen in the comune picker, or blank.
    #[serde(default)]
    pub belfiore: String,
}

/// Form keys of [`PersonInput`]'s fields (`person[...]` in the form).
pub mod person_fields {
    pub const SURNAME: &str = "person[surname]";
    pub const NAME: &str = "person[name]";
    pub const BIRTH_DATE: &str = "person[birth_date]";
    pub const SEX: &str = "person[sex]";
    pub const BELFIORE: &str = "person[belfiore]";
}

impl PersonInput {
    pub fn is_blank(&self) -> bool {
        [
            &self.surname,
            &self.name,
            &self.birth_date,
            &self.sex,
            &self.belfiore,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    /// Mismatches with the code, as Italian warnings the user may confirm
    /// (never errors: real codes differ after omocodia or registry fixes).
    /// A malformed field is a field error instead.
    pub fn warnings(
        &self,
        cf: &super::CodiceFiscale,
        today: NaiveDate,
    ) -> Result<Vec<String>, crate::error::FieldErrors> {
        use crate::validation::dates::{not_in_future, parse_date_it};
        let mut errors = crate::error::FieldErrors::new();
        let birth_date = match self.birth_date.trim() {
            "" => None,
            text => match parse_date_it(text).and_then(|d| not_in_future(d, today).map(|()| d)) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.add(person_fields::BIRTH_DATE, e.to_string());
                    None
                }
            },
        };
        let sex = match self.sex.trim() {
            "" => None,
            "M" => Some(Sex::M),
            "F" => Some(Sex::F),
            _ => {
                errors.add(person_fields::SEX, "Sesso non valido: scegliere M o F");
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let person = super::PersonData {
            surname: blank_none(&self.surname),
            name: blank_none(&self.name),
            birth_date,
            sex,
            belfiore: blank_none(&self.belfiore),
        };
        Ok(super::check_consistency(cf, &person)
            .iter()
            .map(ToString::to_string)
            .collect())
    }
}

/// `None` for a blank text, else the trimmed text.
fn blank_none(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}
