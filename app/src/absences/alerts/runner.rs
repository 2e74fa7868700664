//! Command-line runner (`server -- alerts FILE.csv`): reads
//! `date,series,absent,enrolled`, writes
//! `date,series,method,statistic,threshold,alert`.
//!
//! Row numbers in messages are the line of the file where the record starts
//! (header = row 1), as a text editor or spreadsheet shows them. The first
//! bad row of the file is reported. A statistic that rounds to zero at 9
//! decimals prints `0.000000000`, never `-0.000000000`: the sign of a value
//! that small carries no information and one spelling keeps outputs
//! comparable. A file with a header and no data gives the header alone.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use super::series::{MAX_COUNT, Observation, ObservationError, Series, SeriesError};
use super::{Method, evaluate};

const INPUT_HEADER: [&str; 4] = ["date", "series", "absent", "enrolled"];
const OUTPUT_HEADER: [&str; 6] = [
    "date",
    "series",
    "method",
    "statistic",
    "threshold",
    "alert",
];
/// Longest piece of user text quoted back in a message.
const SHOWN_CHARS: usize = 40;

/// A named series read from the file.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSeries {
    pub name: String,
    pub series: Series,
}

/// Why the input file was refused. Display is the Italian message for
/// stderr; every variant names the row and, where there is one, the column.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RunnerError {
    #[error(
        "riga 1: il file è vuoto; la prima riga deve essere l'intestazione date,series,absent,enrolled"
    )]
    Empty,
    #[error(
        "riga {row}: intestazione non valida (\"{found}\"); la prima riga deve essere esattamente date,series,absent,enrolled"
    )]
    Header { row: u64, found: String },
    #[error("riga {row}: il file non è un CSV leggibile")]
    Unreadable { row: u64 },
    #[error(
        "riga {row}, colonna \"{column}\": il testo non è UTF-8 valido; salvare il file con codifica UTF-8"
    )]
    NotUtf8 { row: u64, column: &'static str },
    #[error(
        "riga {row}, colonna \"{column}\": valore mancante; ogni riga deve avere 4 colonne (date,series,absent,enrolled)"
    )]
    Missing { row: u64, column: &'static str },
    #[error(
        "riga {row}, colonna {position}: colonna in più; ogni riga deve avere 4 colonne (date,series,absent,enrolled), questa ne ha {found}"
    )]
    ExtraColumn {
        row: u64,
        position: usize,
        found: usize,
    },
    #[error(
        "riga {row}, colonna \"date\": \"{value}\" non è una data valida; usare il formato AAAA-MM-GG, per esempio 2024-10-01"
    )]
    BadDate { row: u64, value: String },
    #[error(
        "riga {row}, colonna \"{column}\": \"{value}\" non è un numero intero; scrivere solo cifre, per esempio 12"
    )]
    BadNumber {
        row: u64,
        column: &'static str,
        value: String,
    },
    #[error("riga {row}, colonna \"{column}\": il numero non può essere negativo (\"{value}\")")]
    Negative {
        row: u64,
        column: &'static str,
        value: String,
    },
    #[error(
        "riga {row}, colonna \"{column}\": numero troppo grande (\"{value}\"); il massimo ammesso è {MAX_COUNT}"
    )]
    TooLarge {
        row: u64,
        column: &'static str,
        value: String,
    },
    #[error("riga {row}, colonna \"enrolled\": il numero di iscritti non può essere zero")]
    ZeroEnrolled { row: u64 },
    #[error(
        "riga {row}, colonna \"absent\": gli assenti ({absent}) superano gli iscritti ({enrolled}); correggere uno dei due numeri"
    )]
    AbsentOverEnrolled {
        row: u64,
        absent: u64,
        enrolled: u64,
    },
    #[error(
        "riga {row}, colonna \"date\": la serie \"{series}\" ha già un'osservazione del {date} (riga {first_row}); tenere una sola riga per data"
    )]
    DuplicateDate {
        row: u64,
        first_row: u64,
        series: String,
        /// dd/mm/yyyy, as users read dates.
        date: String,
    },
    #[error("errore interno del programma; segnalarlo a chi lo mantiene")]
    Internal,
}

impl RunnerError {
    /// Row the message names (1 for the header and an empty file; `None`
    /// for the internal error).
    pub fn row(&self) -> Option<u64> {
        match self {
            RunnerError::Empty => Some(1),
            RunnerError::Header { row, .. }
            | RunnerError::Unreadable { row }
            | RunnerError::NotUtf8 { row, .. }
            | RunnerError::Missing { row, .. }
            | RunnerError::ExtraColumn { row, .. }
            | RunnerError::BadDate { row, .. }
            | RunnerError::BadNumber { row, .. }
            | RunnerError::Negative { row, .. }
            | RunnerError::TooLarge { row, .. }
            | RunnerError::ZeroEnrolled { row }
            | RunnerError::AbsentOverEnrolled { row, .. }
            | RunnerError::DuplicateDate { row, .. } => Some(*row),
            RunnerError::Internal => None,
        }
    }
}

/// Parses, evaluates every series and renders the output CSV.
pub fn run(input: &[u8]) -> Result<String, RunnerError> {
    Ok(render(&parse(input)?))
}

/// Observations of one series as read, with their rows.
struct Pending {
    name: String,
    observations: Vec<Observation>,
    rows: Vec<u64>,
}

/// Reads the input CSV into series, in order of first appearance.
pub fn parse(input: &[u8]) -> Result<Vec<NamedSeries>, RunnerError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut lines = Lines::new(input);
    let mut last_row = 1u64;

    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(RunnerError::Empty),
        Err(_) => return Err(RunnerError::Unreadable { row: 1 }),
    }
    let header_row = lines.of(&record);
    check_header(&record, header_row)?;

    let mut pending: Vec<Pending> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut current: Option<usize> = None;
    let mut successor: Vec<Option<usize>> = Vec::new();
    let mut row_error: Option<RunnerError> = None;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                row_error = Some(RunnerError::Unreadable { row: last_row + 1 });
                break;
            }
        }
        let row = lines.of(&record);
        last_row = row;
        let (name, observation) = match parse_row(&record, row) {
            Ok(parsed) => parsed,
            Err(e) => {
                row_error = Some(e);
                break;
            }
        };
        // Files come grouped by series or day by day in a fixed order of
        // series: try the current series, then the one that followed it
        // last time, before hashing the name.
        let guess =
            |i: Option<usize>| i.filter(|&i| pending.get(i).is_some_and(|p| p.name == name));
        let follower = current.and_then(|c| successor.get(c).copied().flatten());
        let slot = match guess(current).or_else(|| guess(follower)) {
            Some(i) => i,
            None => match index.get(name) {
                Some(&i) => i,
                None => {
                    pending.push(Pending {
                        name: name.to_owned(),
                        observations: Vec::new(),
                        rows: Vec::new(),
                    });
                    successor.push(None);
                    let i = pending.len() - 1;
                    index.insert(name.to_owned(), i);
                    i
                }
            },
        };
        if let Some(c) = current
            && c != slot
            && let Some(next) = successor.get_mut(c)
        {
            *next = Some(slot);
        }
        current = Some(slot);
        if let Some(p) = pending.get_mut(slot) {
            p.observations.push(observation);
            p.rows.push(row);
        }
    }

    // Every row before the first malformed one has been read: a repeated
    // date among them is the earlier problem.
    let mut out = Vec::with_capacity(pending.len());
    let mut duplicate: Option<RunnerError> = None;
    for p in pending {
        match Series::new(p.observations) {
            Ok(series) => out.push(NamedSeries {
                name: p.name,
                series,
            }),
            Err(SeriesError::DuplicateDate {
                date,
                first,
                second,
            }) => {
                let row = p.rows.get(second).copied().unwrap_or(0);
                if duplicate
                    .as_ref()
                    .and_then(RunnerError::row)
                    .is_none_or(|r| row < r)
                {
                    duplicate = Some(RunnerError::DuplicateDate {
                        row,
                        first_row: p.rows.get(first).copied().unwrap_or(0),
                        series: shown(&p.name),
                        date: italian_date(date),
                    });
                }
            }
            // Only aggregates raise this; kept typed rather than unreachable.
            Err(SeriesError::AggregateTooLarge { .. }) => return Err(RunnerError::Internal),
        }
    }
    match duplicate.or(row_error) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Evaluates every series and writes the output CSV. Written by hand
/// rather than through the csv writer: only the series name can need
/// quoting, and it is quoted once per series with the csv crate's rule.
pub fn render(series: &[NamedSeries]) -> String {
    let rows: usize = series.iter().map(|s| s.series.len() * 4).sum();
    let mut out = String::with_capacity(rows * 48 + 64);
    out.push_str(&OUTPUT_HEADER.join(","));
    out.push('\n');
    let mut date = String::with_capacity(16);
    for s in series {
        let name = csv_field(&s.name);
        let mut last_date: Option<NaiveDate> = None;
        for e in evaluate(&s.series) {
            if last_date != Some(e.date) {
                last_date = Some(e.date);
                date.clear();
                write_iso_date(&mut date, e.date);
            }
            out.push_str(&date);
            out.push(',');
            out.push_str(&name);
            out.push(',');
            out.push_str(e.method.name());
            out.push(',');
            write_statistic(&mut out, e.statistic);
            out.push_str(match e.method {
                Method::C1 | Method::C2 => ",3,",
                Method::C3 | Method::Hlimits => ",2,",
            });
            out.push_str(if e.alert { "1\n" } else { "0\n" });
        }
    }
    out
}

/// A CSV field, quoted (quotes doubled) when it holds a comma, a quote or
/// a line break: the csv crate's `QuoteStyle::Necessary` rule.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\r', '\n']) {
        std::borrow::Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Line numbers of record starts. csv's own positions point just after the
/// previous record, before any blank lines it then skips, so the line is
/// counted here: skip the line breaks from that position, then count
/// breaks (`\r\n`, `\n` or `\r`) up to the record's first byte.
struct Lines<'a> {
    input: &'a [u8],
    offset: usize,
    line: u64,
    previous: u8,
}

impl<'a> Lines<'a> {
    fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            offset: 0,
            line: 1,
            previous: 0,
        }
    }

    /// Line of the record that `record.position()` precedes.
    fn of(&mut self, record: &csv::ByteRecord) -> u64 {
        let from = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.offset)
            .max(self.offset);
        let rest = self.input.get(from..).unwrap_or_default();
        let skipped = rest
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        let start = from.saturating_add(skipped);
        for &b in self.input.get(self.offset..start).unwrap_or_default() {
            if b == b'\r' || (b == b'\n' && self.previous != b'\r') {
                self.line += 1;
            }
            self.previous = b;
        }
        self.offset = self.offset.max(start);
        self.line
    }
}

fn check_header(record: &csv::ByteRecord, row: u64) -> Result<(), RunnerError> {
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

fn parse_row(record: &csv::ByteRecord, row: u64) -> Result<(&str, Observation), RunnerError> {
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

/// `YYYY-MM-DD`; dates come from 4-digit input years, and `Display` covers
/// any other year the same way chrono prints it.
fn write_iso_date(out: &mut String, date: NaiveDate) {
    let year = date.year();
    let _ = if (0..=9999).contains(&year) {
        write!(out, "{year:04}-{:02}-{:02}", date.month(), date.day())
    } else {
        write!(out, "{date}")
    };
}

/// 9 decimals, `inf`/`-inf`, and no negative zero (see the module doc).
fn write_statistic(out: &mut String, x: f64) {
    if x == f64::INFINITY {
        out.push_str("inf");
    } else if x == f64::NEG_INFINITY {
        out.push_str("-inf");
    } else {
        let start = out.len();
        let _ = write!(out, "{x:.9}");
        if out.get(start..) == Some("-0.000000000") {
            out.truncate(start);
            out.push_str("0.000000000");
        }
    }
}

fn italian_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// User text quoted in a message, cut to `SHOWN_CHARS` characters.
fn shown(text: &str) -> String {
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
    fn statistics_print_without_negative_zero() {
        let text = |x: f64| {
            let mut s = String::new();
            write_statistic(&mut s, x);
            s
        };
        assert_eq!(text(0.0), "0.000000000");
        assert_eq!(text(-0.0), "0.000000000");
        assert_eq!(text(-4e-10), "0.000000000");
        assert_eq!(text(-6e-10), "-0.000000001");
        assert_eq!(text(2.5), "2.500000000");
        assert_eq!(text(f64::INFINITY), "inf");
        assert_eq!(text(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn csv_fields_quoted_only_when_needed() {
        assert_eq!(csv_field("A"), "A");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    }

    #[test]
    fn shown_cuts_long_text() {
        let long = "x".repeat(50);
        assert_eq!(shown(&long).chars().count(), SHOWN_CHARS + 1);
        assert_eq!(shown("abc"), "abc");
    }
}
