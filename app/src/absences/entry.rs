//! A sentinel plesso's absences of one survey day (seed 002): the pupils
//! absent (at most those enrolled that day), optionally how many for
//! illness and its main kind; or instead the day the school was closed and
//! why. Pure rules shared by the browser and the server; when the day may
//! be entered is [`super::window`]'s.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::per_class::ClassAbsence;
use crate::error::FieldErrors;

/// Field keys, equal to the keys of [`EntryForm`] (inputs `form[<key>]`).
pub const ABSENT: &str = "absent";
pub const ILL: &str = "ill";
pub const REASON: &str = "reason";
pub const CLOSED: &str = "closed";
pub const CLOSED_REASON: &str = "closed_reason";
pub const PER_CLASS: &str = "per_class";

/// The main kind of illness, when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Illness {
    Respiratoria,
    Gastrointestinale,
    Esantematica,
    Altro,
}

impl Illness {
    pub const ALL: [Illness; 4] = [
        Illness::Respiratoria,
        Illness::Gastrointestinale,
        Illness::Esantematica,
        Illness::Altro,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Illness::Respiratoria => "respiratoria",
            Illness::Gastrointestinale => "gastrointestinale",
            Illness::Esantematica => "esantematica",
            Illness::Altro => "altro",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.key() == key.trim())
    }
}

/// Why the school was closed on a survey day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closure {
    Festivita,
    Sciopero,
    Chiusura,
}

impl Closure {
    pub const ALL: [Closure; 3] = [Closure::Festivita, Closure::Sciopero, Closure::Chiusura];

    pub fn key(self) -> &'static str {
        match self {
            Closure::Festivita => "festivita",
            Closure::Sciopero => "sciopero",
            Closure::Chiusura => "chiusura",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Closure::Festivita => "festività",
            Closure::Sciopero => "sciopero",
            Closure::Chiusura => "chiusura",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key.trim())
    }
}

/// What the form records for the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Observation {
    Absent {
        absent: u32,
        ill: Option<u32>,
        illness: Option<Illness>,
        /// Class by class, when given (they add up to `absent`).
        classes: Vec<ClassAbsence>,
    },
    Closed(Closure),
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    pub plesso_id: String,
    /// yyyy-mm-dd (hidden: the day the window opened the form for).
    #[serde(default)]
    pub survey_day: String,
    #[serde(default)]
    pub absent: String,
    #[serde(default)]
    pub ill: String,
    #[serde(default)]
    pub reason: String,
    /// "on" when "Giorno di chiusura" is ticked.
    #[serde(default)]
    pub closed: Option<String>,
    #[serde(default)]
    pub closed_reason: String,
    /// "Assenti per classe": one `classe;assenti[;per malattia]` a line.
    #[serde(default)]
    pub per_class: String,
}

/// A checked entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidEntry {
    pub plesso_id: i32,
    pub survey_day: NaiveDate,
    pub observation: Observation,
}

fn count(text: &str, field: &'static str, what: &str, errors: &mut FieldErrors) -> Option<u32> {
    match text.trim().parse::<u32>() {
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

/// Checks the form against the pupils enrolled that day (`enrolled`;
/// None when the plesso has no figures for it yet).
pub fn validate(form: &EntryForm, enrolled: Option<u32>) -> Result<ValidEntry, FieldErrors> {
    let mut errors = FieldErrors::new();
    let plesso_id = form.plesso_id.trim().parse::<i32>().ok();
    let survey_day = NaiveDate::parse_from_str(form.survey_day.trim(), "%Y-%m-%d").ok();
    if plesso_id.is_none() || survey_day.is_none() {
        errors.add(
            ABSENT,
            "Rilevazione non indicata: riaprire la pagina dal Registro assenze.",
        );
    }
    let closed = form
        .closed
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "off");
    let observation = if closed {
        match Closure::from_key(&form.closed_reason) {
            Some(c) => Some(Observation::Closed(c)),
            None => {
                errors.add(CLOSED_REASON, "Indicare il motivo della chiusura.");
                None
            }
        }
    } else {
        let absent = if form.absent.trim().is_empty() {
            errors.add(ABSENT, "Numero di alunni assenti obbligatorio.");
            None
        } else {
            count(&form.absent, ABSENT, "Alunni assenti", &mut errors)
        };
        match (absent, enrolled) {
            (Some(_), None) => errors.add(
                ABSENT,
                "Mancano iscritti e classi del plesso per questo giorno: inserirli prima.",
            ),
            (Some(a), Some(total)) if a > total => errors.add(
                ABSENT,
                format!("Gli assenti non possono essere più degli iscritti ({total})."),
            ),
            _ => {}
        }
        let ill = if form.ill.trim().is_empty() {
            None
        } else {
            count(&form.ill, ILL, "Assenti per malattia", &mut errors)
        };
        if let (Some(i), Some(a)) = (ill, absent)
            && i > a
        {
            errors.add(
                ILL,
                "Gli assenti per malattia non possono essere più degli assenti.",
            );
        }
        let illness = if form.reason.trim().is_empty() {
            None
        } else {
            let found = Illness::from_key(&form.reason);
            if found.is_none() {
                errors.add(REASON, "Scegliere il motivo tra quelli elencati.");
            }
            found
        };
        let classes = match super::per_class::parse(&form.per_class) {
            Ok(classes) => classes,
            Err(message) => {
                errors.add(PER_CLASS, message);
                Vec::new()
            }
        };
        if let Some(a) = absent
            && !classes.is_empty()
            && super::per_class::total(&classes) != u64::from(a)
        {
            errors.add(
                PER_CLASS,
                format!(
                    "La somma degli assenti per classe ({}) deve essere uguale agli alunni assenti ({a}).",
                    super::per_class::total(&classes)
                ),
            );
        }
        absent.map(|absent| Observation::Absent {
            absent,
            ill,
            illness,
            classes,
        })
    };
    match (plesso_id, survey_day, observation) {
        (Some(plesso_id), Some(survey_day), Some(observation)) if errors.is_empty() => {
            Ok(ValidEntry {
                plesso_id,
                survey_day,
                observation,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(absent: &str, ill: &str) -> EntryForm {
        EntryForm {
            plesso_id: "2".into(),
            survey_day: "2026-11-24".into(),
            absent: absent.into(),
            ill: ill.into(),
            ..Default::default()
        }
    }

    #[test]
    fn absences_are_bounded_by_the_enrolled() {
        let ok = validate(&form("12", "7"), Some(400)).unwrap();
        assert_eq!(
            ok.observation,
            Observation::Absent {
                absent: 12,
                ill: Some(7),
                illness: None,
                classes: vec![],
            }
        );
        let errs = validate(&form("401", ""), Some(400)).unwrap_err();
        assert_eq!(
            errs.get(ABSENT),
            Some("Gli assenti non possono essere più degli iscritti (400).")
        );
        let errs = validate(&form("3", "4"), Some(400)).unwrap_err();
        assert!(errs.get(ILL).is_some());
        let errs = validate(&form("", ""), Some(400)).unwrap_err();
        assert_eq!(
            errs.get(ABSENT),
            Some("Numero di alunni assenti obbligatorio.")
        );
        assert!(validate(&form("3", ""), None).is_err());
        assert!(validate(&form("0", ""), Some(400)).is_ok());
    }

    #[test]
    fn classes_add_up_to_the_absent() {
        let mut f = form("8", "");
        f.per_class = "1A;3\n2B;5".into();
        let Observation::Absent { classes, .. } = validate(&f, Some(400)).unwrap().observation
        else {
            panic!("absences expected");
        };
        assert_eq!(classes.len(), 2);
        f.absent = "9".into();
        assert_eq!(
            validate(&f, Some(400)).unwrap_err().get(PER_CLASS),
            Some(
                "La somma degli assenti per classe (8) deve essere uguale agli alunni assenti (9)."
            )
        );
        f.per_class = "1A;3\n1A;6".into();
        assert!(
            validate(&f, Some(400))
                .unwrap_err()
                .get(PER_CLASS)
                .is_some_and(|m| m.starts_with("Riga 2"))
        );
    }

    #[test]
    fn a_closed_day_needs_its_reason_not_a_count() {
        let mut f = form("", "");
        f.closed = Some("on".into());
        assert!(validate(&f, None).unwrap_err().get(CLOSED_REASON).is_some());
        f.closed_reason = "sciopero".into();
        assert_eq!(
            validate(&f, None).unwrap().observation,
            Observation::Closed(Closure::Sciopero)
        );
    }
}
