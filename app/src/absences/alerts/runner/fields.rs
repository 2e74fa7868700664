//! One input row: header check, strict dates and counts, and the text of
//! user values quoted back in messages.

use chrono::{Datelike, NaiveDate};

use super::RunnerError;
use crate::absences::alerts::series::{MAX_COUNT, Observation, ObservationError};

pub(super) const INPUT_HEADER: [&str; 4] = ["date", "series", "absent", "enrolled"];
/// Longest piece of user text quoted back in a message.
const SHOWN_CHARS: usize = 40;

pub(super) fn check_header(record: &csv::ByteRecord, row: u64) -> Result<(), RunnerError> {
    let matches = record.len() == INPUT_HEADER.len()
        && record
            .iter()
            .zip(INPUT_HEADER)
            .all(|(field, name)| field.trim_ascii() == name.as_bytes());
    if matches {
        return Ok(());
    }
    let found: Vec<String> = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    Err(RunnerError::Header {
        row,
        found: shown(&found.join(",")),
    })
}

pub(super) fn parse_row(
    record: &csv::ByteRecord,
    row: u64,
) -> Result<(&str, Observation), RunnerError> {
    if record.len() > INPUT_HEADER.len() {
        return Err(RunnerError::ExtraColumn {
            row,
            position: INPUT_HEADER.len() + 1,
            found: record.len(),
        });
    }
    let field = |i: usize| -> Result<&str, RunnerError> {
        let column = INPUT_HEADER.get(i).copied().unwrap_or("");
        let bytes = record.get(i).ok_or(RunnerError::Missing { row, column })?;
        std::str::from_utf8(bytes).map_err(|_| RunnerError::NotUtf8 { row, column })
    };
    let date = parse_date(field(0)?, row)?;
    let name = field(1)?;
    let absent = parse_count(field(2)?, row, "absent")?;
    let enrolled = parse_count(field(3)?, row, "enrolled")?;
    let observation = Observation::new(date, absent, enrolled).map_err(|e| match e {
        ObservationError::ZeroEnrolled => RunnerError::ZeroEnrolled { row },
        ObservationError::AbsentOverEnrolled { absent, enrolled } => {
            RunnerError::AbsentOverEnrolled {
                row,
                absent,
                enrolled,
            }
        }
        ObservationError::TooLarge { value } => RunnerError::TooLarge {
            row,
            column: "enrolled",
            value: value.to_string(),
        },
    })?;
    Ok((name, observation))
}

/// Strict ISO `YYYY-MM-DD` (surrounding spaces allowed).
fn parse_date(text: &str, row: u64) -> Result<NaiveDate, RunnerError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(RunnerError::Missing {
            row,
            column: "date",
        });
    }
    let bad = || RunnerError::BadDate {
        row,
        value: shown(trimmed),
    };
    let b = trimmed.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(bad());
    };
    let year = i32::try_from(y).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)
}

/// A non-negative integer count up to `MAX_COUNT` (surrounding spaces and
/// a leading `+` allowed).
fn parse_count(text: &str, row: u64, column: &'static str) -> Result<u64, RunnerError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(RunnerError::Missing { row, column });
    }
    let too_large = || RunnerError::TooLarge {
        row,
        column,
        value: shown(trimmed),
    };
    if let Some(rest) = trimmed.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|c| c.is_ascii_digit())
    {
        if rest.bytes().all(|c| c == b'0') {
            return Ok(0);
        }
        return Err(RunnerError::Negative {
            row,
            column,
            value: shown(trimmed),
        });
    }
    match trimmed.parse::<u64>() {
        Ok(value) if value <= MAX_COUNT => Ok(value),
        Ok(_) => Err(too_large()),
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => Err(too_large()),
        Err(_) => Err(RunnerError::BadNumber {
            row,
            column,
            value: shown(trimmed),
        }),
    }
}

pub(super) fn italian_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// User text quoted in a message, cut to `SHOWN_CHARS` characters.
pub(super) fn shown(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(SHOWN_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count(" 12 ", 2, "absent"), Ok(12));
        assert_eq!(parse_count("+3", 2, "absent"), Ok(3));
        assert_eq!(parse_count("-0", 2, "absent"), Ok(0));
        assert!(matches!(
            parse_count("-3", 2, "absent"),
            Err(RunnerError::Negative { .. })
        ));
        assert!(matches!(
            parse_count("99999999999999999999999", 2, "absent"),
            Err(RunnerError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_count("1000000000001", 2, "absent"),
            Err(RunnerError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_count("1.5", 2, "absent"),
            Err(RunnerError::BadNumber { .. })
        ));
        assert!(matches!(
            parse_count("", 2, "absent"),
            Err(RunnerError::Missing { .. })
        ));
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-02-29", 2),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        for bad in [
            "2023-02-29",
            "2024-2-01",
            "01/02/2024",
            "2024-02-0a",
            "+024-02-01",
        ] {
            assert!(
                matches!(parse_date(bad, 2), Err(RunnerError::BadDate { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn shown_cuts_long_text() {
        let long = "x".repeat(50);
        assert_eq!(shown(&long).chars().count(), SHOWN_CHARS + 1);
        assert_eq!(shown("abc"), "abc");
    }
}
