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

mod error;
mod fields;
mod output;

use std::collections::HashMap;

use super::series::{Observation, Series, SeriesError};
pub use error::RunnerError;
use fields::{check_header, italian_date, parse_row, shown};
pub use output::render;

use crate::tabular::{LineCounter, without_bom};

/// A named series read from the file.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSeries {
    pub name: String,
    pub series: Series,
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
    // Strict UTF-8 (a machine format; other bytes are an error naming the
    // column), so only the BOM is dropped rather than the file decoded.
    let input = without_bom(input);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::new(input);
    let mut last_row = 1u64;

    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(RunnerError::Empty),
        Err(_) => return Err(RunnerError::Unreadable { row: 1 }),
    }
    let header_row = lines.of(record.position());
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
        let row = lines.of(record.position());
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
