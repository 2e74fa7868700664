//! The sentinel schools' entry window (seed 002): absences are surveyed on
//! Tuesday and Thursday and entered that same day, or late on the next day
//! only (Wednesday for Tuesday, Friday for Thursday). A survey day the
//! school calendar closes needs no entry and cannot be entered; the
//! late-entry day counts whether or not the school is open on it.
//!
//! The one place these rules live: the entry form (in the browser and on
//! the server) and the `sentinel-window` command both call [`window`] and
//! [`entry_for`]. Pure code, "today" is an argument.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use thiserror::Error;

use super::calendar::ClosedDays;
use crate::validation::dates::format_date_it;

/// How far ahead [`next_survey_day`] looks for an open survey day: more
/// than a year, so a summer and a whole school year's holidays fit.
pub const HORIZON_DAYS: u32 = 400;

/// What can be entered today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Window {
    /// Today is an open survey day: its entry, on time.
    Open(NaiveDate),
    /// Today is the day after an open survey day: that day's late entry.
    Late(NaiveDate),
    /// Nothing can be entered today; `next` is the next survey day that
    /// can be. `closed_today` is the calendar's reason when today is itself
    /// a survey day but the school is closed.
    Closed {
        next: NaiveDate,
        closed_today: Option<String>,
    },
}

/// Why no window could be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WindowError {
    #[error(
        "Nessun giorno di rilevazione nei {horizon} giorni dopo il {}: il calendario scolastico li chiude tutti; aggiornare il calendario.",
        format_date_it(*.after)
    )]
    NoSurveyDay { after: NaiveDate, horizon: u32 },
}

/// Whether an entry is on time or late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    OnTime,
    Late,
}

/// Why the absences of a given day cannot be entered today. Display is the
/// Italian message for the form.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EntryRefusal {
    #[error(
        "{} {} non è un giorno di rilevazione: si registrano le assenze del martedì e del giovedì.",
        capitalised(weekday_it(.day.weekday())),
        format_date_it(*.day)
    )]
    NotSurveyDay { day: NaiveDate },
    #[error(
        "{} {} la scuola è chiusa ({reason}): non ci sono assenze da registrare.",
        capitalised(weekday_it(.day.weekday())),
        format_date_it(*.day)
    )]
    SchoolClosed { day: NaiveDate, reason: String },
    #[error(
        "Le assenze di {} {} si possono registrare solo da quel giorno.",
        weekday_it(.day.weekday()),
        format_date_it(*.day)
    )]
    NotYet { day: NaiveDate },
    #[error(
        "Il termine per registrare le assenze di {} {} è scaduto: si potevano registrare fino a {} {}.",
        weekday_it(.day.weekday()),
        format_date_it(*.day),
        weekday_it(.deadline.weekday()),
        format_date_it(*.deadline)
    )]
    Expired { day: NaiveDate, deadline: NaiveDate },
}

/// Tuesday or Thursday.
pub fn is_survey_weekday(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Tue | Weekday::Thu)
}

/// The window on `today` for a plesso with `calendar`:
/// - today a survey day and open: [`Window::Open`] today;
/// - today Wednesday (Friday) and Tuesday (Thursday) open: [`Window::Late`]
///   for that day, whether or not today is closed;
/// - otherwise [`Window::Closed`] with the first open survey day strictly
///   after today.
pub fn window(today: NaiveDate, calendar: &impl ClosedDays) -> Result<Window, WindowError> {
    if is_survey_weekday(today) && !calendar.is_closed(today) {
        return Ok(Window::Open(today));
    }
    if let Some(yesterday) = today.pred_opt()
        && is_survey_weekday(yesterday)
        && !calendar.is_closed(yesterday)
    {
        return Ok(Window::Late(yesterday));
    }
    let closed_today = if is_survey_weekday(today) {
        calendar.closure(today).map(str::to_owned)
    } else {
        None
    };
    Ok(Window::Closed {
        next: next_survey_day(today, calendar)?,
        closed_today,
    })
}

/// The first Tuesday or Thursday strictly after `after` that `calendar`
/// does not close, within [`HORIZON_DAYS`].
pub fn next_survey_day(
    after: NaiveDate,
    calendar: &impl ClosedDays,
) -> Result<NaiveDate, WindowError> {
    let none = WindowError::NoSurveyDay {
        after,
        horizon: HORIZON_DAYS,
    };
    after
        .iter_days()
        .skip(1)
        .take(HORIZON_DAYS as usize)
        .find(|d| is_survey_weekday(*d) && !calendar.is_closed(*d))
        .ok_or(none)
}

/// Whether the absences of `survey_day` may be entered on `today`, and if
/// so whether the entry is late: the rule the entry form applies to the day
/// it is given, the same as [`window`]'s.
pub fn entry_for(
    survey_day: NaiveDate,
    today: NaiveDate,
    calendar: &impl ClosedDays,
) -> Result<Timeliness, EntryRefusal> {
    if !is_survey_weekday(survey_day) {
        return Err(EntryRefusal::NotSurveyDay { day: survey_day });
    }
    if let Some(reason) = calendar.closure(survey_day) {
        return Err(EntryRefusal::SchoolClosed {
            day: survey_day,
            reason: reason.to_owned(),
        });
    }
    match (today - survey_day).num_days() {
        n if n < 0 => Err(EntryRefusal::NotYet { day: survey_day }),
        0 => Ok(Timeliness::OnTime),
        1 => Ok(Timeliness::Late),
        _ => Err(EntryRefusal::Expired {
            day: survey_day,
            deadline: late_entry_day(survey_day),
        }),
    }
}

impl Window {
    /// The word the `sentinel-window` command prints: `aperta`,
    /// `in_ritardo`, `chiusa`.
    pub fn code(&self) -> &'static str {
        match self {
            Window::Open(_) => "aperta",
            Window::Late(_) => "in_ritardo",
            Window::Closed { .. } => "chiusa",
        }
    }

    /// The survey day the window is about: the one that can be entered
    /// now, or (closed) the next one that can be.
    pub fn day(&self) -> NaiveDate {
        match self {
            Window::Open(d) | Window::Late(d) => *d,
            Window::Closed { next, .. } => *next,
        }
    }

    /// The survey day that can be entered today, if any.
    pub fn enterable(&self) -> Option<(NaiveDate, Timeliness)> {
        match self {
            Window::Open(d) => Some((*d, Timeliness::OnTime)),
            Window::Late(d) => Some((*d, Timeliness::Late)),
            Window::Closed { .. } => None,
        }
    }

    /// The message refusing the form when nothing can be entered today,
    /// e.g. "Oggi non è un giorno di rilevazione: la prossima rilevazione è
    /// martedì 15/12/2026"; `None` when the window is open or late.
    pub fn refusal(&self) -> Option<String> {
        let Window::Closed { next, closed_today } = self else {
            return None;
        };
        let next = format!(
            "la prossima rilevazione è {} {}",
            weekday_it(next.weekday()),
            format_date_it(*next)
        );
        Some(match closed_today {
            Some(reason) => format!("Oggi la scuola è chiusa ({reason}): {next}"),
            None => format!("Oggi non è un giorno di rilevazione: {next}"),
        })
    }
}

/// The Italian name of a weekday, lower case: "martedì".
pub fn weekday_it(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "lunedì",
        Weekday::Tue => "martedì",
        Weekday::Wed => "mercoledì",
        Weekday::Thu => "giovedì",
        Weekday::Fri => "venerdì",
        Weekday::Sat => "sabato",
        Weekday::Sun => "domenica",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The late-entry day of a survey day: the day after.
pub fn late_entry_day(survey_day: NaiveDate) -> NaiveDate {
    survey_day + Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::absences::calendar::{NoClosures, SchoolCalendar};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn closed(days: &[(NaiveDate, &str)]) -> SchoolCalendar {
        let mut cal = SchoolCalendar::new();
        for (day, reason) in days {
            cal.close(*day, reason);
        }
        cal
    }

    fn closed_window(next: NaiveDate) -> Window {
        Window::Closed {
            next,
            closed_today: None,
        }
    }

    #[test]
    fn every_weekday_of_a_normal_week() {
        // Monday 14/12/2026 to Sunday 20/12/2026.
        let expected = [
            closed_window(d(2026, 12, 15)),
            Window::Open(d(2026, 12, 15)),
            Window::Late(d(2026, 12, 15)),
            Window::Open(d(2026, 12, 17)),
            Window::Late(d(2026, 12, 17)),
            closed_window(d(2026, 12, 22)),
            closed_window(d(2026, 12, 22)),
        ];
        for (offset, want) in expected.iter().enumerate() {
            let today = d(2026, 12, 14) + Duration::days(offset as i64);
            assert_eq!(window(today, &NoClosures).unwrap(), *want, "{today}");
        }
    }

    #[test]
    fn codes_and_days_as_the_command_prints_them() {
        let w = window(d(2026, 12, 16), &NoClosures).unwrap();
        assert_eq!((w.code(), w.day()), ("in_ritardo", d(2026, 12, 15)));
        assert_eq!(w.enterable(), Some((d(2026, 12, 15), Timeliness::Late)));
        let w = window(d(2026, 12, 19), &NoClosures).unwrap();
        assert_eq!((w.code(), w.day()), ("chiusa", d(2026, 12, 22)));
        assert_eq!(w.enterable(), None);
        assert_eq!(
            window(d(2026, 12, 17), &NoClosures).unwrap().code(),
            "aperta"
        );
    }

    #[test]
    fn a_closed_tuesday_is_neither_open_nor_late() {
        let cal = closed(&[(d(2026, 12, 8), "Immacolata Concezione")]);
        let tue = window(d(2026, 12, 8), &cal).unwrap();
        assert_eq!(
            tue,
            Window::Closed {
                next: d(2026, 12, 10),
                closed_today: Some("Immacolata Concezione".to_owned())
            }
        );
        assert_eq!(
            tue.refusal().unwrap(),
            "Oggi la scuola è chiusa (Immacolata Concezione): la prossima rilevazione è giovedì 10/12/2026"
        );
        let wed = window(d(2026, 12, 9), &cal).unwrap();
        assert_eq!(wed, closed_window(d(2026, 12, 10)));
        assert_eq!(
            wed.refusal().unwrap(),
            "Oggi non è un giorno di rilevazione: la prossima rilevazione è giovedì 10/12/2026"
        );
        assert_eq!(
            window(d(2026, 12, 7), &cal).unwrap(),
            closed_window(d(2026, 12, 10))
        );
    }

    #[test]
    fn a_closed_late_entry_day_still_takes_the_late_entry() {
        let cal = closed(&[(d(2026, 12, 16), "Elezioni"), (d(2026, 12, 18), "Gita")]);
        assert_eq!(
            window(d(2026, 12, 16), &cal).unwrap(),
            Window::Late(d(2026, 12, 15))
        );
        assert_eq!(
            window(d(2026, 12, 18), &cal).unwrap(),
            Window::Late(d(2026, 12, 17))
        );
        assert_eq!(
            entry_for(d(2026, 12, 15), d(2026, 12, 16), &cal),
            Ok(Timeliness::Late)
        );
    }

    #[test]
    fn the_refusal_message_is_exactly_the_issues() {
        let w = window(d(2026, 12, 12), &NoClosures).unwrap();
        assert_eq!(
            w.refusal().as_deref(),
            Some(
                "Oggi non è un giorno di rilevazione: la prossima rilevazione è martedì 15/12/2026"
            )
        );
        assert_eq!(
            window(d(2026, 12, 15), &NoClosures).unwrap().refusal(),
            None
        );
        assert_eq!(
            window(d(2026, 12, 16), &NoClosures).unwrap().refusal(),
            None
        );
    }

    #[test]
    fn christmas_holidays_and_the_year_end_with_the_lombardia_default() {
        let cal = SchoolCalendar::lombardia().unwrap();
        // Tuesday 22/12/2026 is the last survey day before the holidays;
        // Wednesday 23/12 (a holiday) still takes its late entry.
        assert_eq!(
            window(d(2026, 12, 22), &cal).unwrap(),
            Window::Open(d(2026, 12, 22))
        );
        assert_eq!(
            window(d(2026, 12, 23), &cal).unwrap(),
            Window::Late(d(2026, 12, 22))
        );
        let new_year = window(d(2026, 12, 31), &cal).unwrap();
        assert_eq!(
            new_year,
            Window::Closed {
                next: d(2027, 1, 7),
                closed_today: Some("vacanze di Natale".to_owned())
            }
        );
        assert_eq!(
            new_year.refusal().unwrap(),
            "Oggi la scuola è chiusa (vacanze di Natale): la prossima rilevazione è giovedì 07/01/2027"
        );
        assert_eq!(
            window(d(2027, 1, 2), &cal).unwrap(),
            closed_window(d(2027, 1, 7))
        );
        // Without a calendar the year end is an ordinary week.
        assert_eq!(
            window(d(2026, 12, 31), &NoClosures).unwrap(),
            Window::Open(d(2026, 12, 31))
        );
        assert_eq!(
            window(d(2027, 1, 1), &NoClosures).unwrap(),
            Window::Late(d(2026, 12, 31))
        );
        assert_eq!(
            window(d(2027, 1, 2), &NoClosures).unwrap(),
            closed_window(d(2027, 1, 5))
        );
    }

    #[test]
    fn the_summer_and_the_first_day_of_the_school_year() {
        let cal = SchoolCalendar::lombardia().unwrap();
        // Lessons end on Tuesday 08/06/2027: open, then its late entry on
        // the first day of the holidays; the next survey day is Tuesday
        // 14/09/2027, the second day of the next year.
        assert_eq!(
            window(d(2027, 6, 8), &cal).unwrap(),
            Window::Open(d(2027, 6, 8))
        );
        assert_eq!(
            window(d(2027, 6, 9), &cal).unwrap(),
            Window::Late(d(2027, 6, 8))
        );
        assert_eq!(
            window(d(2027, 6, 10), &cal).unwrap(),
            Window::Closed {
                next: d(2027, 9, 14),
                closed_today: Some("vacanze estive".to_owned())
            }
        );
    }

    #[test]
    fn no_open_survey_day_within_the_horizon_is_an_error_not_a_loop() {
        let cal = SchoolCalendar::lombardia().unwrap();
        let err = window(d(2028, 6, 20), &cal).unwrap_err();
        assert_eq!(
            err,
            WindowError::NoSurveyDay {
                after: d(2028, 6, 20),
                horizon: HORIZON_DAYS
            }
        );
        assert!(err.to_string().contains("20/06/2028"), "{err}");
        assert_eq!(next_survey_day(NaiveDate::MAX, &NoClosures).ok(), None);
    }

    #[test]
    fn entry_for_a_given_day() {
        let cal = closed(&[(d(2026, 12, 8), "Immacolata Concezione")]);
        let tue = d(2026, 12, 15);
        assert_eq!(entry_for(tue, tue, &cal), Ok(Timeliness::OnTime));
        assert_eq!(entry_for(tue, d(2026, 12, 16), &cal), Ok(Timeliness::Late));
        let err = entry_for(tue, d(2026, 12, 17), &cal).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Il termine per registrare le assenze di martedì 15/12/2026 è scaduto: si potevano registrare fino a mercoledì 16/12/2026."
        );
        let err = entry_for(tue, d(2026, 12, 14), &cal).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Le assenze di martedì 15/12/2026 si possono registrare solo da quel giorno."
        );
        let err = entry_for(d(2026, 12, 16), d(2026, 12, 16), &cal).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Mercoledì 16/12/2026 non è un giorno di rilevazione: si registrano le assenze del martedì e del giovedì."
        );
        let err = entry_for(d(2026, 12, 8), d(2026, 12, 8), &cal).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Martedì 08/12/2026 la scuola è chiusa (Immacolata Concezione): non ci sono assenze da registrare."
        );
        assert_eq!(late_entry_day(tue), d(2026, 12, 16));
    }

    #[test]
    fn window_and_entry_for_agree_on_every_day_of_a_school_year() {
        let cal = SchoolCalendar::lombardia().unwrap();
        for today in d(2026, 9, 1).iter_days().take(400) {
            let w = window(today, &cal).unwrap();
            for back in 0..4 {
                let day = today - Duration::days(back);
                let allowed = entry_for(day, today, &cal).ok();
                let expected = w.enterable().filter(|(d, _)| *d == day).map(|(_, t)| t);
                assert_eq!(allowed, expected, "{day} entered on {today}");
            }
        }
    }
}
