//! Date rules: not in the future (Europe/Rome calendar day, with an
//! injectable clock so tests and demos can fix "today"), not before a given
//! date, dd/mm/yyyy parsing and display.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Rome;
use thiserror::Error;

/// Source of "today" for date rules. Rules take the date itself; the clock is
/// how the server and the browser obtain it, so tests and demos can fix it.
pub trait Clock {
    /// The current Europe/Rome calendar day.
    fn today(&self) -> NaiveDate;
}

/// A clock stuck on one day (tests, demos, replaying a past day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub NaiveDate);

impl Clock for FixedClock {
    fn today(&self) -> NaiveDate {
        self.0
    }
}

/// The real clock: today's date in Rome. This is the one place the system
/// clock is read (chrono's `wasmbind` makes `Utc::now()` work in the browser).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RomeClock;

impl RomeClock {
    /// The Rome calendar day at instant `now`: a case reported at 00:30 in
    /// Rome belongs to the new day even though UTC is still on the old one.
    pub fn today_at(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&Rome).date_naive()
    }
}

impl Clock for RomeClock {
    fn today(&self) -> NaiveDate {
        self.today_at(Utc::now())
    }
}

/// Why a date was refused. Messages say what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("Inserire la data nel formato gg/mm/aaaa (ad esempio 24/11/2026).")]
    Empty,
    #[error("La data \"{0}\" non è nel formato gg/mm/aaaa (ad esempio 24/11/2026).")]
    Format(String),
    #[error("Indicare l'anno con quattro cifre (ad esempio 24/11/2026, non 24/11/26).")]
    TwoDigitYear,
    #[error("L'anno {0} non è valido: indicare l'anno con quattro cifre (ad esempio 2026).")]
    Year(i32),
    #[error("Il mese {0} non esiste: indicare un mese da 1 a 12.")]
    Month(u32),
    #[error(
        "Il giorno {day} non esiste nel mese di {} {year}: il mese ha {max} giorni.",
        month_name(*.month)
    )]
    Day {
        day: u32,
        month: u32,
        year: i32,
        max: u32,
    },
    #[error("Il 29 febbraio {0} non esiste: il {0} non è bisestile (febbraio ha 28 giorni).")]
    NotLeapYear(i32),
    #[error("La data non può essere nel futuro (oggi è {}).", format_date_it(*.today))]
    InFuture { date: NaiveDate, today: NaiveDate },
    #[error("La data non può essere precedente al {}.", format_date_it(*.min))]
    BeforeMin { date: NaiveDate, min: NaiveDate },
}

/// Parses a date typed by a user: d/m/yyyy or dd/mm/yyyy with '/', '-' or
/// '.' as separator (the same one twice). Also accepts yyyy-mm-dd, the value
/// an HTML `<input type="date">` sends. Two-digit years are refused rather
/// than guessed (is "20" 1920 or 2020?).
pub fn parse_date_it(input: &str) -> Result<NaiveDate, DateError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let format_error = || DateError::Format(text.to_string());
    let sep = text
        .chars()
        .find(|c| !c.is_ascii_digit())
        .ok_or_else(format_error)?;
    if !matches!(sep, '/' | '-' | '.') {
        return Err(format_error());
    }
    let mut parts = text.split(sep);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format_error());
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return Err(format_error());
    }
    // yyyy-mm-dd (ISO, from date pickers)
    let (day, month, year) = if a.len() == 4 && sep == '-' && b.len() <= 2 && c.len() <= 2 {
        (c, b, a)
    } else if a.len() <= 2 && b.len() <= 2 {
        (a, b, c)
    } else {
        return Err(format_error());
    };
    let year = match year.len() {
        4 => year.parse::<i32>().map_err(|_| format_error())?,
        1 | 2 => return Err(DateError::TwoDigitYear),
        _ => return Err(format_error()),
    };
    let month = month.parse::<u32>().map_err(|_| format_error())?;
    let day = day.parse::<u32>().map_err(|_| format_error())?;
    if year < 1000 {
        return Err(DateError::Year(year));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Month(month));
    }
    let max = days_in_month(year, month);
    if month == 2 && day == 29 && max == 28 {
        return Err(DateError::NotLeapYear(year));
    }
    if day == 0 || day > max {
        return Err(DateError::Day {
            day,
            month,
            year,
            max,
        });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(format_error)
}

/// dd/mm/yyyy, as dates are shown to users.
/// An instant as Italians read it in Rome: "dd/mm/yyyy hh:mm".
pub fn format_datetime_it(at: DateTime<Utc>) -> String {
    at.with_timezone(&Rome).format("%d/%m/%Y %H:%M").to_string()
}

pub fn format_date_it(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// Refuses a date after `today` (the Europe/Rome day, from a [`Clock`]).
pub fn not_in_future(date: NaiveDate, today: NaiveDate) -> Result<(), DateError> {
    if date > today {
        Err(DateError::InFuture { date, today })
    } else {
        Ok(())
    }
}

/// Refuses a date before `min` (`min` itself is allowed).
pub fn not_before(date: NaiveDate, min: NaiveDate) -> Result<(), DateError> {
    if date < min {
        Err(DateError::BeforeMin { date, min })
    } else {
        Ok(())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn month_name(month: u32) -> &'static str {
    match month {
        1 => "gennaio",
        2 => "febbraio",
        3 => "marzo",
        4 => "aprile",
        5 => "maggio",
        6 => "giugno",
        7 => "luglio",
        8 => "agosto",
        9 => "settembre",
        10 => "ottobre",
        11 => "novembre",
        _ => "dicembre",
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }

    #[test]
    fn parses_italian_formats() {
        assert_eq!(parse_date_it("24/11/2026"), Ok(d(2026, 11, 24)));
        assert_eq!(parse_date_it("4/1/2026"), Ok(d(2026, 1, 4)));
        assert_eq!(parse_date_it(" 04-01-2026 "), Ok(d(2026, 1, 4)));
        assert_eq!(parse_date_it("04.01.2026"), Ok(d(2026, 1, 4)));
        assert_eq!(parse_date_it("29/02/2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date_it("29/02/2000"), Ok(d(2000, 2, 29)));
        // <input type="date"> sends ISO
        assert_eq!(parse_date_it("2026-11-24"), Ok(d(2026, 11, 24)));
    }

    #[test]
    fn refuses_two_digit_years_and_bad_shapes() {
        assert_eq!(parse_date_it("24/11/26"), Err(DateError::TwoDigitYear));
        assert_eq!(parse_date_it(""), Err(DateError::Empty));
        assert_eq!(parse_date_it("   "), Err(DateError::Empty));
        for bad in [
            "24112026",
            "24/11",
            "24/11/2026/1",
            "24/11-2026",
            "24 11 2026",
            "a4/11/2026",
            "024/11/2026",
            "24/11/02026",
            "2026/11/24",
            "2026.11.24",
            "24//2026",
            "+4/11/2026",
            "２４/11/2026",
        ] {
            assert_eq!(
                parse_date_it(bad),
                Err(DateError::Format(bad.trim().to_string())),
                "{bad}"
            );
        }
        assert_eq!(parse_date_it("24/11/0999"), Err(DateError::Year(999)));
    }

    #[test]
    fn refuses_impossible_dates_precisely() {
        assert_eq!(
            parse_date_it("31/04/2024"),
            Err(DateError::Day {
                day: 31,
                month: 4,
                year: 2024,
                max: 30
            })
        );
        assert_eq!(
            parse_date_it("31/04/2024").unwrap_err().to_string(),
            "Il giorno 31 non esiste nel mese di aprile 2024: il mese ha 30 giorni."
        );
        assert_eq!(
            parse_date_it("29/02/2023"),
            Err(DateError::NotLeapYear(2023))
        );
        assert_eq!(
            parse_date_it("29/02/2023").unwrap_err().to_string(),
            "Il 29 febbraio 2023 non esiste: il 2023 non è bisestile (febbraio ha 28 giorni)."
        );
        // 1900 is divisible by 100 and not by 400: not a leap year.
        assert_eq!(
            parse_date_it("29/02/1900"),
            Err(DateError::NotLeapYear(1900))
        );
        assert_eq!(
            parse_date_it("30/02/2024").unwrap_err().to_string(),
            "Il giorno 30 non esiste nel mese di febbraio 2024: il mese ha 29 giorni."
        );
        assert!(matches!(
            parse_date_it("00/01/2026"),
            Err(DateError::Day { day: 0, .. })
        ));
        assert_eq!(parse_date_it("10/13/2026"), Err(DateError::Month(13)));
        assert_eq!(parse_date_it("10/0/2026"), Err(DateError::Month(0)));
    }

    #[test]
    fn formats_as_dd_mm_yyyy() {
        assert_eq!(format_date_it(d(2026, 1, 4)), "04/01/2026");
        assert_eq!(format_date_it(d(2026, 11, 24)), "24/11/2026");
        let day = d(2025, 12, 31);
        assert_eq!(parse_date_it(&format_date_it(day)), Ok(day));
    }

    #[test]
    fn future_and_minimum_rules() {
        let today = d(2026, 11, 24);
        assert_eq!(not_in_future(today, today), Ok(()));
        assert_eq!(not_in_future(d(2026, 11, 23), today), Ok(()));
        let err = not_in_future(d(2026, 11, 25), today).unwrap_err();
        assert_eq!(
            err.to_string(),
            "La data non può essere nel futuro (oggi è 24/11/2026)."
        );
        let min = d(2026, 9, 1);
        assert_eq!(not_before(min, min), Ok(()));
        assert_eq!(
            not_before(d(2026, 8, 31), min).unwrap_err().to_string(),
            "La data non può essere precedente al 01/09/2026."
        );
    }

    #[test]
    fn fixed_clock_returns_its_day() {
        let clock = FixedClock(d(2026, 11, 24));
        assert_eq!(clock.today(), d(2026, 11, 24));
        let dynamic: &dyn Clock = &clock;
        assert!(not_in_future(d(2026, 11, 25), dynamic.today()).is_err());
    }

    #[test]
    fn rome_day_boundary_with_daylight_saving() {
        let rome = RomeClock;
        // 2026-03-29 is the last Sunday of March: CET (UTC+1) until 01:00 UTC.
        // 23:30 UTC on the 28th is 00:30 on the 29th in Rome.
        assert_eq!(rome.today_at(utc(2026, 3, 28, 23, 30)), d(2026, 3, 29));
        assert_eq!(rome.today_at(utc(2026, 3, 28, 22, 59)), d(2026, 3, 28));
        // After the change Rome is UTC+2: 22:00 UTC on the 29th is midnight.
        assert_eq!(rome.today_at(utc(2026, 3, 29, 21, 59)), d(2026, 3, 29));
        assert_eq!(rome.today_at(utc(2026, 3, 29, 22, 0)), d(2026, 3, 30));
        // 2026-10-25 is the last Sunday of October: CEST (UTC+2) until 01:00 UTC.
        // 22:30 UTC on the 24th is 00:30 on the 25th in Rome.
        assert_eq!(rome.today_at(utc(2026, 10, 24, 22, 30)), d(2026, 10, 25));
        assert_eq!(rome.today_at(utc(2026, 10, 24, 21, 59)), d(2026, 10, 24));
        // Back to UTC+1: 22:30 UTC on the 25th is 23:30, still the 25th.
        assert_eq!(rome.today_at(utc(2026, 10, 25, 22, 30)), d(2026, 10, 25));
        assert_eq!(rome.today_at(utc(2026, 10, 25, 23, 0)), d(2026, 10, 26));
    }

    #[test]
    fn rome_clock_reads_a_plausible_today() {
        // The real clock: not before this code was written.
        assert!(RomeClock.today() >= d(2026, 11, 1));
    }
}
