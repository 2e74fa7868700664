//! "Iscritti e classi" (seed 003): for each plesso of primaria and
//! secondaria, the pupils enrolled aged 6-19 and the classes, from a date;
//! a new entry whenever they change, the history kept. Pure rules shared
//! by the browser and the server: which plessi are asked, the form's
//! validation, the school year a figure belongs to.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::schools::SchoolType;
use crate::validation::dates::{format_date_it, parse_date_it};

/// Field keys, equal to the keys of [`EnrolmentForm`] (inputs are named
/// `form[<key>]`).
pub const PUPILS: &str = "pupils";
pub const CLASSES: &str = "classes";
pub const VALID_FROM: &str = "valid_from";

/// Largest plesso the form accepts (a typo guard, not a rule of the seeds).
pub const MAX_PUPILS: u32 = 5_000;
pub const MAX_CLASSES: u32 = 250;

/// Whether a plesso of `school_type` records its enrolled pupils: the
/// 6-19 age band, so primaria and secondaria; nido and infanzia are not asked.
pub fn is_asked(school_type: SchoolType) -> bool {
    matches!(
        school_type,
        SchoolType::Primaria | SchoolType::Secondaria1 | SchoolType::Secondaria2
    )
}

/// The first day of the school year `day` belongs to (1 September).
pub fn school_year_start(day: NaiveDate) -> NaiveDate {
    let year = if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(day)
}

/// "2026/27" for a day of that school year.
pub fn school_year_label(day: NaiveDate) -> String {
    let start = school_year_start(day).year();
    format!("{start}/{:02}", (start + 1) % 100)
}

/// The figures are missing for the current school year when none was
/// entered from its first day on.
pub fn missing_this_year(latest_from: Option<NaiveDate>, today: NaiveDate) -> bool {
    latest_from.is_none_or(|from| from < school_year_start(today))
}

/// "Aggiungi" as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentForm {
    /// The plesso's id (hidden field).
    #[serde(default)]
    pub plesso_id: String,
    #[serde(default)]
    pub pupils: String,
    #[serde(default)]
    pub classes: String,
    /// dd/mm/yyyy
    #[serde(default)]
    pub valid_from: String,
}

/// A checked entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidEnrolment {
    pub plesso_id: i32,
    pub pupils: u32,
    pub classes: u32,
    pub valid_from: NaiveDate,
}

fn whole_number(
    text: &str,
    field: &'static str,
    what: &str,
    errors: &mut FieldErrors,
) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        errors.add(field, format!("{what}: campo obbligatorio."));
        return None;
    }
    match text.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(
                field,
                format!("{what}: inserire un numero intero, senza decimali né segni."),
            );
            None
        }
    }
}

/// Checks the form on `today` (Europe/Rome): both numbers mandatory and
/// whole, at least one class for any pupil and no more classes than
/// pupils, the date real, not in the future and within the last school
/// year or this one.
pub fn validate(form: &EnrolmentForm, today: NaiveDate) -> Result<ValidEnrolment, FieldErrors> {
    let mut errors = FieldErrors::new();
    let plesso_id = form.plesso_id.trim().parse::<i32>().ok();
    if plesso_id.is_none() {
        errors.add(
            PUPILS,
            "Plesso non indicato: riaprire la pagina dal Registro assenze.",
        );
    }
    let pupils = whole_number(&form.pupils, PUPILS, "Numero di iscritti", &mut errors);
    let classes = whole_number(&form.classes, CLASSES, "Numero di classi", &mut errors);
    if let Some(n) = pupils
        && n > MAX_PUPILS
    {
        errors.add(
            PUPILS,
            format!("Numero di iscritti troppo alto: al massimo {MAX_PUPILS} per plesso."),
        );
    }
    if let Some(c) = classes {
        if c > MAX_CLASSES {
            errors.add(
                CLASSES,
                format!("Numero di classi troppo alto: al massimo {MAX_CLASSES} per plesso."),
            );
        } else if let Some(n) = pupils {
            if n > 0 && c == 0 {
                errors.add(CLASSES, "Con degli iscritti serve almeno una classe.");
            } else if c > n {
                errors.add(CLASSES, "Le classi non possono essere più degli iscritti.");
            }
        }
    }
    let earliest = school_year_start(today)
        .with_year(school_year_start(today).year() - 1)
        .unwrap_or(today);
    let valid_from = match parse_date_it(&form.valid_from) {
        Ok(d) if d > today => {
            errors.add(
                VALID_FROM,
                format!(
                    "La data non può essere futura (oggi è il {}).",
                    format_date_it(today)
                ),
            );
            None
        }
        Ok(d) if d < earliest => {
            errors.add(
                VALID_FROM,
                format!("La data non può essere anteriore al {} (inizio dell'anno scolastico precedente).", format_date_it(earliest)),
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(VALID_FROM, format!("In vigore dal: {e}"));
            None
        }
    };
    match (plesso_id, pupils, classes, valid_from) {
        (Some(plesso_id), Some(pupils), Some(classes), Some(valid_from)) if errors.is_empty() => {
            Ok(ValidEnrolment {
                plesso_id,
                pupils,
                classes,
                valid_from,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form(pupils: &str, classes: &str, from: &str) -> EnrolmentForm {
        EnrolmentForm {
            plesso_id: "7".into(),
            pupils: pupils.into(),
            classes: classes.into(),
            valid_from: from.into(),
        }
    }

    #[test]
    fn only_primaria_and_secondaria_are_asked() {
        assert!(!is_asked(SchoolType::Nido));
        assert!(!is_asked(SchoolType::Infanzia));
        assert!(is_asked(SchoolType::Primaria));
        assert!(is_asked(SchoolType::Secondaria2));
    }

    #[test]
    fn school_years_start_on_the_first_of_september() {
        assert_eq!(school_year_start(d(2026, 11, 24)), d(2026, 9, 1));
        assert_eq!(school_year_start(d(2026, 8, 31)), d(2025, 9, 1));
        assert_eq!(school_year_label(d(2027, 2, 1)), "2026/27");
        assert!(missing_this_year(None, d(2026, 11, 24)));
        assert!(missing_this_year(Some(d(2026, 2, 16)), d(2026, 11, 24)));
        assert!(!missing_this_year(Some(d(2026, 9, 14)), d(2026, 11, 24)));
    }

    #[test]
    fn a_good_entry_passes() {
        let ok = validate(&form(" 412 ", "18", "14/09/2026"), d(2026, 11, 24)).unwrap();
        assert_eq!((ok.plesso_id, ok.pupils, ok.classes), (7, 412, 18));
        assert_eq!(ok.valid_from, d(2026, 9, 14));
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let today = d(2026, 11, 24);
        let errs = validate(&form("", "x", "31/02/2026"), today).unwrap_err();
        assert_eq!(
            errs.get(PUPILS),
            Some("Numero di iscritti: campo obbligatorio.")
        );
        assert!(errs.get(CLASSES).unwrap().contains("numero intero"));
        assert!(errs.get(VALID_FROM).is_some());
        let errs = validate(&form("10", "12", "25/11/2026"), today).unwrap_err();
        assert_eq!(
            errs.get(CLASSES),
            Some("Le classi non possono essere più degli iscritti.")
        );
        assert!(errs.get(VALID_FROM).unwrap().contains("futura"));
        let errs = validate(&form("10", "0", "01/01/2025"), today).unwrap_err();
        assert_eq!(
            errs.get(CLASSES),
            Some("Con degli iscritti serve almeno una classe.")
        );
        assert!(errs.get(VALID_FROM).unwrap().contains("01/09/2025"));
        assert!(validate(&form("5001", "3", "01/10/2026"), today).is_err());
        assert!(validate(&form("0", "0", "01/10/2026"), today).is_ok());
    }
}
