//! Completeness of the sentinel survey (issue 16, the ATS's side): the
//! last survey day, each sentinel plesso's status for it (entered on time,
//! late, missing), the reminder's e-mail text, and when the automatic
//! reminder is due. Pure code: "today" and "now" are arguments.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono::{NaiveDate, Weekday};

use super::calendar::ClosedDays;
use super::window::{HORIZON_DAYS, is_survey_weekday, late_entry_day, weekday_it};
use crate::validation::dates::format_date_it;

/// The Rome hour from which the automatic reminder goes out on the
/// late-entry day (schools have the morning to enter late).
pub const AUTO_REMINDER_HOUR: u32 = 8;

/// A sentinel plesso's status for a survey day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Entered on the survey day.
    Inserito,
    /// Entered on the late-entry day.
    InRitardo,
    /// Nothing entered yet.
    Mancante,
    /// Nothing entered, and none due: the plesso is closed that day.
    Chiuso,
}

impl Status {
    /// `inserito`, `in_ritardo`, `mancante` (pages, tests).
    pub fn key(self) -> &'static str {
        match self {
            Status::Inserito => "inserito",
            Status::InRitardo => "in_ritardo",
            Status::Mancante => "mancante",
            Status::Chiuso => "chiuso",
        }
    }

    /// What the page shows.
    pub fn label(self) -> &'static str {
        match self {
            Status::Inserito => "inserito",
            Status::InRitardo => "in ritardo",
            Status::Mancante => "mancante",
            Status::Chiuso => "plesso chiuso: non dovuta",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            Status::Inserito,
            Status::InRitardo,
            Status::Mancante,
            Status::Chiuso,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// The status of a plesso whose entry for the day is `entry` (`Some(late)`
/// when one was saved, whether it was late): without one, missing unless
/// the plesso is `closed` that day (an entry made before still counts).
pub fn status_of(entry: Option<bool>, closed: bool) -> Status {
    match entry {
        Some(false) => Status::Inserito,
        Some(true) => Status::InRitardo,
        None if closed => Status::Chiuso,
        None => Status::Mancante,
    }
}

/// The most recent Tuesday or Thursday on or before `today` that the
/// calendar does not close, looking back at most [`HORIZON_DAYS`] (None
/// when the calendar closes them all, e.g. far into a summer).
pub fn last_survey_day(today: NaiveDate, calendar: &impl ClosedDays) -> Option<NaiveDate> {
    let mut day = today;
    for _ in 0..=HORIZON_DAYS {
        if is_survey_weekday(day) && !calendar.is_closed(day) {
            return Some(day);
        }
        day = day.pred_opt()?;
    }
    None
}

/// "martedì 24/11/2026"
pub fn day_label(day: NaiveDate) -> String {
    format!("{} {}", weekday_it(day.weekday()), format_date_it(day))
}

/// The subject of a reminder for `survey_day`.
pub fn reminder_subject(survey_day: NaiveDate) -> String {
    format!(
        "Registro assenze: rilevazione di {} non ancora inserita",
        day_label(survey_day)
    )
}

/// The body of a reminder: the plesso, the survey day, the deadline and
/// the page (`portal` is the portal's address, e.g.
/// `https://portale.example.it`; without it the path alone).
pub fn reminder_body(
    plesso_name: &str,
    plesso_codice: &str,
    survey_day: NaiveDate,
    portal: Option<&str>,
) -> String {
    let deadline = late_entry_day(survey_day);
    let page = match portal {
        Some(base) => format!("{}/assenze", base.trim_end_matches('/')),
        None => "/assenze".to_owned(),
    };
    format!(
        "Gentile referente,\n\n\
         il plesso {plesso_name} ({plesso_codice}), scuola sentinella, non ha ancora \
         inserito nel Portale Scuole la rilevazione delle assenze di {day}.\n\n\
         La rilevazione si può ancora inserire, in ritardo, entro {deadline}: \
         nella pagina «Registro assenze» del portale ({page}).\n\n\
         Questo messaggio è stato inviato dall'ATS tramite il Portale Scuole; \
         non rispondere a questo indirizzo.\n",
        day = day_label(survey_day),
        deadline = day_label(deadline),
    )
}

/// The survey day whose automatic reminder is due at `now`: on the
/// late-entry day (Wednesday, Friday; Rome time) from
/// [`AUTO_REMINDER_HOUR`], when the day before was an open survey day.
pub fn auto_reminder_due(now: DateTime<Utc>, calendar: &impl ClosedDays) -> Option<NaiveDate> {
    let rome = now.with_timezone(&chrono_tz::Europe::Rome);
    let today = rome.date_naive();
    if !matches!(today.weekday(), Weekday::Wed | Weekday::Fri) || rome.hour() < AUTO_REMINDER_HOUR {
        return None;
    }
    let survey_day = today.pred_opt()?;
    (is_survey_weekday(survey_day) && !calendar.is_closed(survey_day)).then_some(survey_day)
}

/// Why a reminder was not sent: the page shows the message (the code
/// travels in the address after a form post, never an e-mail address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSent {
    /// No SMTP server configured.
    NotConfigured,
    /// No active referente or dirigente with an e-mail address.
    NoRecipient,
    /// The plesso has entered the day's absences meanwhile.
    AlreadyEntered,
    /// The plesso is not (or no longer) a sentinel.
    NotSentinel,
    /// The plesso is closed on the survey day: nothing is due.
    Closed,
    /// No survey day to remind of.
    NoSurveyDay,
    /// The SMTP server refused or could not be reached.
    Failed,
}

impl NotSent {
    pub fn key(self) -> &'static str {
        match self {
            NotSent::NotConfigured => "non_configurato",
            NotSent::NoRecipient => "nessun_destinatario",
            NotSent::AlreadyEntered => "gia_inserita",
            NotSent::NotSentinel => "non_sentinella",
            NotSent::Closed => "plesso_chiuso",
            NotSent::NoSurveyDay => "nessuna_rilevazione",
            NotSent::Failed => "invio_non_riuscito",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            NotSent::NotConfigured,
            NotSent::NoRecipient,
            NotSent::AlreadyEntered,
            NotSent::NotSentinel,
            NotSent::Closed,
            NotSent::NoSurveyDay,
            NotSent::Failed,
        ]
        .into_iter()
        .find(|r| r.key() == key)
    }

    /// The Italian message.
    pub fn message(self) -> &'static str {
        match self {
            NotSent::NotConfigured => {
                "Promemoria non inviato: l'invio di e-mail non è configurato nel portale \
                 (impostazioni PORTALE_SMTP_*). Rivolgersi all'amministratore."
            }
            NotSent::NoRecipient => {
                "Promemoria non inviato: il plesso non ha un referente di plesso attivo con \
                 un indirizzo e-mail, e nemmeno il dirigente dell'istituto."
            }
            NotSent::AlreadyEntered => {
                "Promemoria non inviato: il plesso ha già inserito la rilevazione."
            }
            NotSent::NotSentinel => {
                "Promemoria non inviato: il plesso non è una scuola sentinella."
            }
            NotSent::Closed => {
                "Promemoria non inviato: il plesso è chiuso nel giorno di rilevazione, \
                 la rilevazione non è dovuta."
            }
            NotSent::NoSurveyDay => "Promemoria non inviato: nessun giorno di rilevazione recente.",
            NotSent::Failed => {
                "Promemoria non inviato: il server di posta non ha accettato il messaggio. \
                 Riprovare più tardi."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::absences::calendar::{NoClosures, SchoolCalendar};
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_last_survey_day_of_each_day_of_a_week() {
        // Monday 23/11/2026 to Sunday 29/11/2026.
        let expected = [
            d(2026, 11, 19),
            d(2026, 11, 24),
            d(2026, 11, 24),
            d(2026, 11, 26),
            d(2026, 11, 26),
            d(2026, 11, 26),
            d(2026, 11, 26),
        ];
        for (offset, want) in expected.iter().enumerate() {
            let today = d(2026, 11, 23) + chrono::Duration::days(offset as i64);
            assert_eq!(last_survey_day(today, &NoClosures), Some(*want), "{today}");
        }
    }

    #[test]
    fn a_closed_survey_day_is_skipped() {
        let cal = SchoolCalendar::lombardia().unwrap();
        // Tuesday 08/12/2026 (Immacolata) is closed: on Wednesday the last
        // survey day is Thursday 03/12.
        assert_eq!(last_survey_day(d(2026, 12, 9), &cal), Some(d(2026, 12, 3)));
        // Over the Christmas holidays: Tuesday 22/12.
        assert_eq!(last_survey_day(d(2027, 1, 5), &cal), Some(d(2026, 12, 22)));
        let mut closed = SchoolCalendar::new();
        for day in d(2026, 1, 1).iter_days().take(800) {
            closed.close(day, "chiuso");
        }
        assert_eq!(last_survey_day(d(2027, 6, 1), &closed), None);
        // At the start of the calendar's range: no panic, whatever the day.
        let first = NaiveDate::MIN;
        assert!(last_survey_day(first, &NoClosures).is_none_or(|d| d == first));
    }

    #[test]
    fn statuses() {
        assert_eq!(status_of(Some(false), false), Status::Inserito);
        assert_eq!(status_of(Some(true), false), Status::InRitardo);
        assert_eq!(status_of(None, false), Status::Mancante);
        assert_eq!(status_of(None, true), Status::Chiuso);
        assert_eq!(status_of(Some(false), true), Status::Inserito);
        for s in [
            Status::Inserito,
            Status::InRitardo,
            Status::Mancante,
            Status::Chiuso,
        ] {
            assert_eq!(Status::from_key(s.key()), Some(s));
        }
        assert_eq!(Status::InRitardo.label(), "in ritardo");
        assert_eq!(Status::from_key("altro"), None);
    }

    #[test]
    fn the_reminder_names_plesso_day_deadline_and_page() {
        let tue = d(2026, 11, 24);
        assert_eq!(
            reminder_subject(tue),
            "Registro assenze: rilevazione di martedì 24/11/2026 non ancora inserita"
        );
        let body = reminder_body(
            "Scuola primaria Via Marelli",
            "MIEE8ZZ02V",
            tue,
            Some("https://portale.example.it/"),
        );
        assert!(body.contains("Scuola primaria Via Marelli (MIEE8ZZ02V)"));
        assert!(body.contains("assenze di martedì 24/11/2026"), "{body}");
        assert!(body.contains("entro mercoledì 25/11/2026"), "{body}");
        assert!(
            body.contains("(https://portale.example.it/assenze)"),
            "{body}"
        );
        let body = reminder_body("P", "C", tue, None);
        assert!(body.contains("(/assenze)"), "{body}");
    }

    #[test]
    fn the_automatic_reminder_is_due_on_the_late_entry_day_from_eight() {
        let rome = |y, m, day, h, min| {
            chrono_tz::Europe::Rome
                .with_ymd_and_hms(y, m, day, h, min, 0)
                .single()
                .unwrap()
                .with_timezone(&Utc)
        };
        // Wednesday 25/11/2026: before 08:00 Rome not yet, from 08:00 Tuesday.
        assert_eq!(
            auto_reminder_due(rome(2026, 11, 25, 7, 59), &NoClosures),
            None
        );
        assert_eq!(
            auto_reminder_due(rome(2026, 11, 25, 8, 0), &NoClosures),
            Some(d(2026, 11, 24))
        );
        assert_eq!(
            auto_reminder_due(rome(2026, 11, 25, 23, 30), &NoClosures),
            Some(d(2026, 11, 24))
        );
        // Friday: Thursday's.
        assert_eq!(
            auto_reminder_due(rome(2026, 11, 27, 9, 0), &NoClosures),
            Some(d(2026, 11, 26))
        );
        // Other days: none.
        for day in [23, 24, 26, 28, 29] {
            assert_eq!(
                auto_reminder_due(rome(2026, 11, day, 12, 0), &NoClosures),
                None
            );
        }
        // Wednesday after a closed Tuesday: none.
        let cal = SchoolCalendar::lombardia().unwrap();
        assert_eq!(auto_reminder_due(rome(2026, 12, 9, 9, 0), &cal), None);
        // 23:30 UTC on Tuesday is already Wednesday in Rome (00:30): not 8 yet.
        let late_tuesday = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
        assert_eq!(auto_reminder_due(late_tuesday, &NoClosures), None);
    }

    #[test]
    fn reasons_round_trip_and_speak_italian() {
        for r in [
            NotSent::NotConfigured,
            NotSent::NoRecipient,
            NotSent::AlreadyEntered,
            NotSent::NotSentinel,
            NotSent::Closed,
            NotSent::NoSurveyDay,
            NotSent::Failed,
        ] {
            assert_eq!(NotSent::from_key(r.key()), Some(r));
            assert!(r.message().starts_with("Promemoria non inviato"));
        }
        assert!(
            NotSent::NotConfigured
                .message()
                .contains("non è configurato")
        );
    }
}
