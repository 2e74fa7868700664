//! Tests of the school calendar: the CSV reader and the Lombardia default
//! recomputed from the regional rules.

use chrono::{Duration, Weekday};

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn parse(text: &str) -> Result<SchoolCalendar, CalendarError> {
    SchoolCalendar::from_csv(text.as_bytes())
}

#[test]
fn a_data_motivo_file_closes_its_days_with_their_reason() {
    let cal = parse("data,motivo\n08/12/2026,Immacolata\n2026-12-15,Elezioni\n").unwrap();
    assert_eq!(cal.closure(d(2026, 12, 8)), Some("Immacolata"));
    assert_eq!(cal.closure(d(2026, 12, 15)), Some("Elezioni"));
    assert_eq!(cal.closure(d(2026, 12, 9)), None);
    assert!(cal.school_years().is_empty());
}

#[test]
fn semicolons_a_bom_windows_1252_crlf_blank_rows_and_comments_are_read() {
    let mut bytes =
        b"\xEF\xBB\xBFData;Motivo\r\n\r\n# commento\r\n08/12/2026;Immacolata\r\n".to_vec();
    assert_eq!(
        SchoolCalendar::from_csv(&bytes)
            .unwrap()
            .closure(d(2026, 12, 8)),
        Some("Immacolata")
    );
    bytes = b"data;motivo\r\n07/12/2026;Sant\x92Ambrogio\r\n".to_vec();
    assert_eq!(
        SchoolCalendar::from_csv(&bytes)
            .unwrap()
            .closure(d(2026, 12, 7)),
        Some("Sant\u{2019}Ambrogio")
    );
}

#[test]
fn columns_in_any_order_extra_columns_and_an_empty_reason() {
    let cal = parse("Note,Motivo,DATA\nx,Gita,2026-12-15\ny,,2026-12-17\n").unwrap();
    assert_eq!(cal.closure(d(2026, 12, 15)), Some("Gita"));
    assert_eq!(cal.closure(d(2026, 12, 17)), Some(DEFAULT_REASON));
}

#[test]
fn a_file_without_header_is_data_motivo() {
    let cal = parse("2026-12-08,Immacolata\n2026-12-15\n").unwrap();
    assert_eq!(cal.closure(d(2026, 12, 8)), Some("Immacolata"));
    assert_eq!(cal.closure(d(2026, 12, 15)), Some(DEFAULT_REASON));
}

#[test]
fn an_empty_file_or_a_header_alone_closes_nothing() {
    assert_eq!(parse("").unwrap(), SchoolCalendar::new());
    assert_eq!(parse("data,motivo\n").unwrap(), SchoolCalendar::new());
}

#[test]
fn a_bad_date_names_its_row_and_column() {
    let err = parse("data,motivo\n08/12/2026,Immacolata\n31/02/2027,Nessuno\n").unwrap_err();
    assert_eq!(
        err,
        CalendarError::Row {
            row: 3,
            column: "data".to_owned(),
            message: "Il giorno 31 non esiste nel mese di febbraio 2027: il mese ha 28 giorni."
                .to_owned(),
        }
    );
    assert_eq!(
        err.to_string(),
        "riga 3, colonna \"data\": Il giorno 31 non esiste nel mese di febbraio 2027: il mese ha 28 giorni."
    );
    let err = parse("Data;Motivo\ndomani;gita\n").unwrap_err();
    assert!(
        err.to_string().starts_with("riga 2, colonna \"Data\": "),
        "{err}"
    );
    let err = parse("data,motivo\n,senza data\n").unwrap_err();
    assert!(
        err.to_string().starts_with("riga 2, colonna \"data\": "),
        "{err}"
    );
}

#[test]
fn every_bad_row_is_reported_once_and_school_years_replace_overlaps() {
    let errors =
        SchoolCalendar::from_csv_all(b"data,motivo\n31/02/2027,x\n08/12/2026,ok\ndomani,y\n")
            .unwrap_err();
    let rows: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("riga 2, "), "{rows:?}");
    assert!(rows[1].starts_with("riga 4, "), "{rows:?}");
    assert_eq!(
        parse("data,motivo\n31/02/2027,x\ndomani,y\n").unwrap_err(),
        errors[0]
    );
    let mut cal = SchoolCalendar::lombardia().unwrap();
    let year = SchoolYear {
        first_day: d(2026, 9, 7),
        last_day: d(2027, 6, 4),
    };
    cal.set_school_year(year);
    assert_eq!(cal.school_years().len(), 2);
    assert_eq!(cal.school_years()[0], year);
    assert!(cal.reopen(d(2026, 12, 8)));
    assert!(!cal.reopen(d(2026, 12, 9)));
    assert_eq!(cal.closure(d(2026, 12, 8)), None);
    assert!(cal.without_years().school_years().is_empty());
}

#[test]
fn a_header_without_a_date_column_is_refused() {
    assert_eq!(
        parse("giornata,motivo\n2026-12-08,x\n"),
        Err(CalendarError::MissingDateColumn)
    );
}

#[test]
fn ranges_close_every_day_and_bad_ranges_are_refused() {
    let cal = parse("dal,al,motivo\n2026-12-23,2027-01-06,Natale\n").unwrap();
    assert_eq!(cal.closed_days().count(), 15);
    assert_eq!(cal.closure(d(2027, 1, 1)), Some("Natale"));
    assert_eq!(cal.closure(d(2027, 1, 7)), None);
    let err = parse("dal,al,motivo\n2027-01-06,2026-12-23,Natale\n").unwrap_err();
    assert!(
        err.to_string().starts_with("riga 2, colonna \"al\": "),
        "{err}"
    );
    let err = parse("dal,al,motivo\n2026-01-01,2030-01-01,troppo\n").unwrap_err();
    assert!(err.to_string().contains("supera un anno"), "{err}");
}

#[test]
fn school_years_close_the_days_outside_them() {
    let cal = parse(
        "tipo,dal,al,motivo\nanno_scolastico,2026-09-14,2027-06-08,2026/27\n\
         chiusura,2026-12-08,,Immacolata\n",
    )
    .unwrap();
    assert_eq!(cal.closure(d(2026, 9, 14)), None);
    assert_eq!(cal.closure(d(2027, 6, 8)), None);
    assert_eq!(cal.closure(d(2026, 9, 11)), Some(SUMMER));
    assert_eq!(cal.closure(d(2027, 6, 9)), Some(SUMMER));
    assert_eq!(cal.closure(d(2028, 1, 10)), Some(OUTSIDE_YEARS));
    assert_eq!(cal.closure(d(2026, 12, 8)), Some("Immacolata"));
    let err = parse("tipo,dal,al\nanno_scolastico,2026-09-14,\n").unwrap_err();
    assert!(
        err.to_string().starts_with("riga 2, colonna \"al\": "),
        "{err}"
    );
    let err = parse("tipo,dal\nferie,2026-09-14\n").unwrap_err();
    assert!(
        err.to_string().starts_with("riga 2, colonna \"tipo\": "),
        "{err}"
    );
}

#[test]
fn a_pair_is_closed_when_either_is_and_the_first_reason_wins() {
    let ats = parse("data,motivo\n2026-12-08,Immacolata\n").unwrap();
    let plesso = parse("data,motivo\n2026-12-07,Sant'Ambrogio\n2026-12-08,Altro\n").unwrap();
    let both = (&ats, &plesso);
    assert_eq!(both.closure(d(2026, 12, 7)), Some("Sant'Ambrogio"));
    assert_eq!(both.closure(d(2026, 12, 8)), Some("Immacolata"));
    assert!(!both.is_closed(d(2026, 12, 9)));
    assert!(!NoClosures.is_closed(d(2026, 12, 8)));
}

/// Easter Sunday (the anonymous Gregorian algorithm), to check the
/// shipped file against the rules rather than against itself.
fn easter(y: i32) -> NaiveDate {
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (dd, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - dd - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    d(y, month as u32, day as u32)
}

/// 12 September, or the Monday after when it falls on a weekend.
fn first_day(y: i32) -> NaiveDate {
    let day = d(y, 9, 12);
    match day.weekday() {
        Weekday::Sat => day + Duration::days(2),
        Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

#[test]
fn the_lombardia_default_follows_the_regional_rules() {
    assert_eq!(easter(2027), d(2027, 3, 28));
    assert_eq!(easter(2028), d(2028, 4, 16));
    let cal = SchoolCalendar::lombardia().unwrap();
    let mut expected = SchoolCalendar::new();
    for start in [2026, 2027] {
        let end = start + 1;
        expected.add_school_year(SchoolYear {
            first_day: first_day(start),
            last_day: d(end, 6, 8),
        });
        for (m, day) in [(10, 4), (11, 1), (12, 8)] {
            expected.close(d(start, m, day), "");
        }
        expected.close_range(d(start, 12, 23), d(end, 1, 6), "");
        let easter = easter(end);
        let ash_wednesday = easter - Duration::days(46);
        expected.close_range(
            ash_wednesday + Duration::days(2),
            ash_wednesday + Duration::days(3),
            "",
        );
        expected.close_range(easter - Duration::days(3), easter + Duration::days(2), "");
        for (m, day) in [(4, 25), (5, 1), (6, 2)] {
            expected.close(d(end, m, day), "");
        }
    }
    assert_eq!(cal.school_years(), expected.school_years());
    let days = |c: &SchoolCalendar| c.closed_days().map(|(d, _)| d).collect::<Vec<_>>();
    assert_eq!(days(&cal), days(&expected));
    assert_eq!(
        cal.school_years().first().map(|y| y.first_day),
        Some(d(2026, 9, 14))
    );
    assert_eq!(cal.closure(d(2026, 12, 31)), Some("vacanze di Natale"));
    assert_eq!(cal.closure(d(2027, 2, 12)), Some("Carnevale ambrosiano"));
    assert_eq!(cal.closure(d(2028, 4, 25)), Some("Festa della Liberazione"));
    assert_eq!(cal.closure(d(2027, 7, 15)), Some(SUMMER));
    assert_eq!(cal.closure(d(2027, 1, 7)), None);
}
