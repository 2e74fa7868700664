//! A plesso's calendar (its ATS's calendar and the plesso's own closures)
//! and the rules of the forms that change them: the ATS's closed day and
//! school-year dates, the plesso's closures "Dal … Al …". Pure code shared
//! by the browser and the server; "today" is an argument.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{ClosedDays, DEFAULT_REASON, SchoolCalendar, SchoolYear};
use super::window::{is_survey_weekday, weekday_it};
use crate::error::FieldErrors;
use crate::validation::dates::{format_date_it, parse_date_it};

/// Field keys (inputs `form[<key>]`).
pub const DAY: &str = "day";
pub const FROM: &str = "from";
pub const TO: &str = "to";
pub const REASON: &str = "reason";
pub const FIRST_DAY: &str = "first_day";
pub const LAST_DAY: &str = "last_day";

/// The longest reason kept (the column's width).
pub const MAX_REASON: usize = 200;
/// The longest closure of a plesso one form adds (a term's worth).
pub const MAX_CLOSURE_DAYS: i64 = 92;

/// Whose calendar is in force for an ATS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The Lombardia default shipped with the portal.
    Default,
    /// The ATS's own (uploaded or edited).
    Custom,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Default => "predefinito Lombardia",
            Source::Custom => "personalizzato",
        }
    }
}

/// A plesso's calendar: closed when its ATS's calendar closes the day
/// (whose reason wins), or when the plesso itself is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlessoCalendar {
    pub ats: Cow<'static, SchoolCalendar>,
    pub own: BTreeMap<NaiveDate, String>,
}

impl PlessoCalendar {
    pub fn new(ats: Cow<'static, SchoolCalendar>) -> Self {
        PlessoCalendar {
            ats,
            own: BTreeMap::new(),
        }
    }

    /// The plesso's own closure of `day`, if any (whatever the ATS says).
    pub fn own_closure(&self, day: NaiveDate) -> Option<&str> {
        self.own.get(&day).map(String::as_str)
    }
}

impl ClosedDays for PlessoCalendar {
    fn closure(&self, day: NaiveDate) -> Option<&str> {
        self.ats.closure(day).or_else(|| self.own_closure(day))
    }
}

/// The first day a plesso may still close: today, or yesterday when it was
/// a survey day (its late entry is still open, so it may be marked closed
/// instead).
pub fn earliest_closure_day(today: NaiveDate) -> NaiveDate {
    match today.pred_opt() {
        Some(yesterday) if is_survey_weekday(yesterday) => yesterday,
        _ => today,
    }
}

fn reason_of(text: &str, errors: &mut FieldErrors) -> String {
    let reason = text.trim();
    if reason.chars().count() > MAX_REASON {
        errors.add(
            REASON,
            format!("Motivo: al massimo {MAX_REASON} caratteri."),
        );
    }
    if reason.is_empty() {
        DEFAULT_REASON.to_owned()
    } else {
        reason.to_owned()
    }
}

fn date_of(
    text: &str,
    field: &'static str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    parse_date_it(text)
        .map_err(|e| errors.add(field, format!("{label}: {e}")))
        .ok()
}

/// "Chiusure del plesso" as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureForm {
    /// The form's record (the plesso again): tells the page's forms apart.
    #[serde(default)]
    pub id: Option<i32>,
    #[serde(default)]
    pub plesso_id: String,
    /// dd/mm/yyyy
    #[serde(default)]
    pub from: String,
    /// dd/mm/yyyy; empty: the one day `from`.
    #[serde(default)]
    pub to: String,
    /// festività, sciopero, chiusura or the school's own words.
    #[serde(default)]
    pub reason: String,
}

/// A checked closure: every day from `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidClosure {
    pub plesso_id: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

impl ValidClosure {
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(|d| *d <= self.to)
    }
}

/// Checks a plesso's closure on `today`: real dates, "Al" not before
/// "Dal", at most [`MAX_CLOSURE_DAYS`] days, nothing before
/// [`earliest_closure_day`] (past days are the entries' history).
pub fn validate_closure(form: &ClosureForm, today: NaiveDate) -> Result<ValidClosure, FieldErrors> {
    let mut errors = FieldErrors::new();
    let plesso_id = form.plesso_id.trim().parse::<i32>().ok();
    if plesso_id.is_none() {
        errors.add(FROM, "Plesso non indicato: riaprire il Registro assenze.");
    }
    let from = date_of(&form.from, FROM, "Dal", &mut errors);
    let to = if form.to.trim().is_empty() {
        from
    } else {
        date_of(&form.to, TO, "Al", &mut errors)
    };
    let earliest = earliest_closure_day(today);
    if let Some(from) = from
        && from < earliest
    {
        errors.add(
            FROM,
            format!(
                "Dal: non si possono chiudere giorni passati; il primo giorno possibile è {} {}.",
                weekday_it(chrono::Datelike::weekday(&earliest)),
                format_date_it(earliest)
            ),
        );
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.add(
                TO,
                format!(
                    "Al: l'ultimo giorno ({}) è precedente al primo ({}).",
                    format_date_it(to),
                    format_date_it(from)
                ),
            );
        } else if (to - from).num_days() >= MAX_CLOSURE_DAYS {
            errors.add(
                TO,
                format!("Al: una chiusura dura al massimo {MAX_CLOSURE_DAYS} giorni; dividerla."),
            );
        }
    }
    let reason = reason_of(&form.reason, &mut errors);
    match (plesso_id, from, to) {
        (Some(plesso_id), Some(from), Some(to)) if errors.is_empty() => Ok(ValidClosure {
            plesso_id,
            from,
            to,
            reason,
        }),
        _ => Err(errors),
    }
}

/// "Aggiungi giorno di chiusura" (the ATS) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedDayForm {
    #[serde(default)]
    pub ats_id: String,
    /// dd/mm/yyyy
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub reason: String,
}

/// Checks the ATS's closed day: a real date and a reason (mandatory: the
/// schools read it).
pub fn validate_closed_day(form: &ClosedDayForm) -> Result<(NaiveDate, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let day = date_of(&form.day, DAY, "Giorno", &mut errors);
    if form.reason.trim().is_empty() {
        errors.add(
            REASON,
            "Motivo: campo obbligatorio (ad esempio «Santo patrono»).",
        );
    }
    let reason = reason_of(&form.reason, &mut errors);
    match day {
        Some(day) if errors.is_empty() => Ok((day, reason)),
        _ => Err(errors),
    }
}

/// "Salva date" (the ATS's school year) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearForm {
    #[serde(default)]
    pub ats_id: String,
    /// dd/mm/yyyy
    #[serde(default)]
    pub first_day: String,
    /// dd/mm/yyyy
    #[serde(default)]
    pub last_day: String,
}

/// Checks a school year: real dates, the end after the start, less than a
/// year apart.
pub fn validate_year(form: &YearForm) -> Result<SchoolYear, FieldErrors> {
    let mut errors = FieldErrors::new();
    let first = date_of(
        &form.first_day,
        FIRST_DAY,
        "Inizio anno scolastico",
        &mut errors,
    );
    let last = date_of(
        &form.last_day,
        LAST_DAY,
        "Fine anno scolastico",
        &mut errors,
    );
    if let (Some(first), Some(last)) = (first, last) {
        if last <= first {
            errors.add(
                LAST_DAY,
                "Fine anno scolastico: deve essere successiva all'inizio.",
            );
        } else if last - first >= Duration::days(365) {
            errors.add(
                LAST_DAY,
                "Fine anno scolastico: un anno scolastico dura meno di un anno.",
            );
        }
    }
    match (first, last) {
        (Some(first_day), Some(last_day)) if errors.is_empty() => Ok(SchoolYear {
            first_day,
            last_day,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn closure(from: &str, to: &str, reason: &str) -> ClosureForm {
        ClosureForm {
            id: None,
            plesso_id: "2".into(),
            from: from.into(),
            to: to.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn a_plesso_is_closed_when_its_ats_or_itself_is_and_the_ats_reason_wins() {
        let ats = SchoolCalendar::from_csv(b"data,motivo\n2026-12-08,Immacolata\n").unwrap();
        let mut cal = PlessoCalendar::new(Cow::Owned(ats));
        cal.own.insert(d(2026, 12, 1), "sciopero".into());
        cal.own.insert(d(2026, 12, 8), "chiusura".into());
        assert_eq!(cal.closure(d(2026, 12, 1)), Some("sciopero"));
        assert_eq!(cal.closure(d(2026, 12, 8)), Some("Immacolata"));
        assert_eq!(cal.own_closure(d(2026, 12, 8)), Some("chiusura"));
        assert!(!cal.is_closed(d(2026, 12, 3)));
        // The default calendar, borrowed: its holidays hold for every plesso.
        let default = SchoolCalendar::lombardia().unwrap();
        let cal = PlessoCalendar::new(Cow::Owned(default));
        assert!(cal.is_closed(d(2026, 12, 8)));
    }

    #[test]
    fn the_earliest_closure_is_today_or_the_survey_day_still_open_late() {
        // Wednesday 25/11/2026: Tuesday can still be entered late.
        assert_eq!(earliest_closure_day(d(2026, 11, 25)), d(2026, 11, 24));
        assert_eq!(earliest_closure_day(d(2026, 11, 24)), d(2026, 11, 24));
        assert_eq!(earliest_closure_day(d(2026, 11, 23)), d(2026, 11, 23));
    }

    #[test]
    fn a_closure_is_one_day_or_a_range_not_in_the_past_nor_too_long() {
        let today = d(2026, 11, 24);
        let one = validate_closure(&closure("01/12/2026", "", " "), today).unwrap();
        assert_eq!((one.from, one.to), (d(2026, 12, 1), d(2026, 12, 1)));
        assert_eq!(one.reason, DEFAULT_REASON);
        let range =
            validate_closure(&closure("2026-12-01", "03/12/2026", "sciopero"), today).unwrap();
        assert_eq!(range.days().count(), 3);
        assert_eq!(range.reason, "sciopero");
        let past = validate_closure(&closure("23/11/2026", "", ""), today).unwrap_err();
        assert!(
            past.get(FROM)
                .unwrap()
                .contains("il primo giorno possibile è martedì 24/11/2026"),
            "{past:?}"
        );
        let back = validate_closure(&closure("03/12/2026", "01/12/2026", ""), today).unwrap_err();
        assert!(back.get(TO).unwrap().starts_with("Al: l'ultimo giorno"));
        let long = validate_closure(&closure("01/12/2026", "01/06/2027", ""), today).unwrap_err();
        assert!(long.get(TO).is_some());
        let bad =
            validate_closure(&closure("31/02/2027", "", &"x".repeat(201)), today).unwrap_err();
        assert!(bad.get(FROM).unwrap().starts_with("Dal: "), "{bad:?}");
        assert!(bad.get(REASON).is_some());
    }

    #[test]
    fn the_ats_closed_day_needs_a_date_and_a_reason() {
        let form = ClosedDayForm {
            ats_id: "1".into(),
            day: "15/12/2026".into(),
            reason: "Santo patrono".into(),
        };
        assert_eq!(
            validate_closed_day(&form),
            Ok((d(2026, 12, 15), "Santo patrono".to_owned()))
        );
        let errors = validate_closed_day(&ClosedDayForm {
            day: "15/13/2026".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert!(errors.get(DAY).unwrap().starts_with("Giorno: "));
        assert!(errors.get(REASON).is_some());
    }

    #[test]
    fn a_school_year_ends_after_it_starts_within_a_year() {
        let form = |a: &str, b: &str| YearForm {
            ats_id: "1".into(),
            first_day: a.into(),
            last_day: b.into(),
        };
        assert_eq!(
            validate_year(&form("07/09/2026", "04/06/2027")),
            Ok(SchoolYear {
                first_day: d(2026, 9, 7),
                last_day: d(2027, 6, 4)
            })
        );
        let e = validate_year(&form("07/09/2026", "01/09/2026")).unwrap_err();
        assert!(e.get(LAST_DAY).unwrap().contains("successiva"));
        let e = validate_year(&form("07/09/2026", "07/09/2027")).unwrap_err();
        assert!(e.get(LAST_DAY).unwrap().contains("meno di un anno"));
        let e = validate_year(&form("", "x")).unwrap_err();
        assert!(e.get(FIRST_DAY).is_some() && e.get(LAST_DAY).is_some());
    }
}
