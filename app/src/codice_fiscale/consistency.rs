//! Does the code match the rest of the form? Mismatches are warnings the
//! user may confirm (DESIGN.md): real codes can differ after omocodia,
//! registry corrections or transliteration of foreign names.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::belfiore_code::BelfioreCode;
use super::encode::{fold_letter, name_letters, surname_letters};
use super::personal::{CodiceFiscale, Sex};

/// What the form says about the person; `None` (or a blank text) skips
/// that comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonData<'a> {
    /// Cognome.
    pub surname: Option<&'a str>,
    /// Nome (all given names, as registered).
    pub name: Option<&'a str>,
    /// Data di nascita.
    pub birth_date: Option<NaiveDate>,
    /// Sesso.
    pub sex: Option<Sex>,
    /// Belfiore code of the comune or country of birth, e.g. "F205".
    pub belfiore: Option<&'a str>,
}

/// One field that disagrees with the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Mismatch {
    /// Letters 1-3 differ from those of the surname.
    #[error(
        "Il cognome indicato corrisponde alle lettere {expected}, ma il codice fiscale riporta {in_code}: verificare cognome e codice"
    )]
    Surname { expected: String, in_code: String },
    /// Letters 4-6 differ from those of the name.
    #[error(
        "Il nome indicato corrisponde alle lettere {expected}, ma il codice fiscale riporta {in_code}: verificare nome e codice"
    )]
    Name { expected: String, in_code: String },
    /// Birth date differs (ignoring the century, which the code lacks).
    #[error(
        "La data di nascita indicata ({given}) non corrisponde a quella del codice fiscale ({in_code})",
        given = given.format("%d/%m/%Y"),
        in_code = in_code.format("%d/%m/%Y")
    )]
    BirthDate {
        given: NaiveDate,
        in_code: NaiveDate,
    },
    /// Sex differs.
    #[error(
        "Il sesso indicato ({}) non corrisponde a quello del codice fiscale ({})",
        given.as_str(),
        in_code.as_str()
    )]
    Sex { given: Sex, in_code: Sex },
    /// Place of birth differs.
    #[error(
        "Il luogo di nascita indicato (codice {given}) non corrisponde a quello del codice fiscale ({in_code})"
    )]
    Belfiore {
        given: String,
        in_code: BelfioreCode,
    },
}

impl Mismatch {
    /// Stable machine-readable code; equals the serde `field` tag.
    pub fn code(&self) -> &'static str {
        match self {
            Mismatch::Surname { .. } => "surname",
            Mismatch::Name { .. } => "name",
            Mismatch::BirthDate { .. } => "birth_date",
            Mismatch::Sex { .. } => "sex",
            Mismatch::Belfiore { .. } => "belfiore",
        }
    }
}

/// Compares a valid code with the person data. The letters are compared
/// with the surname/name rules ([`surname_letters`], [`name_letters`]);
/// the date by day, month and the year's last two digits, since the century
/// in the code is only inferred; the place by its resolved Belfiore code.
pub fn check_consistency(cf: &CodiceFiscale, person: &PersonData<'_>) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let letters = |bytes: [u8; 3]| bytes.iter().map(|&b| char::from(b)).collect::<String>();
    if let Some(surname) = person.surname.filter(|s| has_letter(s)) {
        let expected = surname_letters(surname);
        if expected.as_slice() != cf.surname_part().as_bytes() {
            out.push(Mismatch::Surname {
                expected: letters(expected),
                in_code: cf.surname_part().to_owned(),
            });
        }
    }
    if let Some(name) = person.name.filter(|s| has_letter(s)) {
        let expected = name_letters(name);
        if expected.as_slice() != cf.name_part().as_bytes() {
            out.push(Mismatch::Name {
                expected: letters(expected),
                in_code: cf.name_part().to_owned(),
            });
        }
    }
    if let Some(given) = person.birth_date {
        let in_code = cf.birth_date();
        let same = given.day() == in_code.day()
            && given.month() == in_code.month()
            && given.year().rem_euclid(100) == in_code.year().rem_euclid(100);
        if !same {
            out.push(Mismatch::BirthDate { given, in_code });
        }
    }
    if let Some(given) = person.sex
        && given != cf.sex()
    {
        out.push(Mismatch::Sex {
            given,
            in_code: cf.sex(),
        });
    }
    if let Some(given) = person.belfiore.map(str::trim).filter(|s| !s.is_empty())
        && BelfioreCode::parse(given).as_ref() != Some(cf.belfiore())
    {
        out.push(Mismatch::Belfiore {
            given: given.to_uppercase(),
            in_code: *cf.belfiore(),
        });
    }
    out
}

fn has_letter(text: &str) -> bool {
    text.chars().any(|c| fold_letter(c).is_some())
}
