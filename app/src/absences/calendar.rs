//! The school calendar: which days a plesso is closed, and why (seed 002).
//! An ATS's calendar (regional holidays and school-year dates, set by the
//! ATS or the administrator; [`SchoolCalendar::lombardia`] is the default
//! shipped in `data/calendario_lombardia.csv`) and each plesso's own
//! closures are both a [`SchoolCalendar`]; the pair `(ats, plesso)` is the
//! plesso's calendar. Pure code: no Leptos, no database.
//!
//! Calendars are read from CSV (`data,motivo`, see [`SchoolCalendar::from_csv`]),
//! as people save them from a spreadsheet.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use crate::tabular::{Table, normalise_header};
use crate::validation::dates::{format_date_it, parse_date_it};

/// The Lombardia default, school years 2026/27 and 2027/28 (sources and
/// rules in `data/calendario_lombardia.md`).
pub const LOMBARDIA_CSV: &str = include_str!("../../../data/calendario_lombardia.csv");

/// The longest range one row may close: a year (a summer is about 100 days).
pub const MAX_RANGE_DAYS: i64 = 366;

/// Reason given for a day outside every school year, June to September.
pub const SUMMER: &str = "vacanze estive";
/// Reason given for any other day outside every school year.
pub const OUTSIDE_YEARS: &str = "fuori dagli anni scolastici del calendario";
/// Reason of a closure row with an empty `motivo`.
pub const DEFAULT_REASON: &str = "chiusura";
/// The most errors [`SchoolCalendar::from_csv_all`] reports.
pub const MAX_ERRORS: usize = 50;

/// Days on which a school is closed. Survey-day rules take any of these: a
/// [`SchoolCalendar`], [`NoClosures`], or a pair `(a, b)` closed on the days
/// either closes (an ATS's calendar and a plesso's closures).
pub trait ClosedDays {
    /// Why the school is closed on `day`, or `None` when it is open.
    fn closure(&self, day: NaiveDate) -> Option<&str>;

    fn is_closed(&self, day: NaiveDate) -> bool {
        self.closure(day).is_some()
    }
}

/// A calendar that closes no day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoClosures;

impl ClosedDays for NoClosures {
    fn closure(&self, _day: NaiveDate) -> Option<&str> {
        None
    }
}

impl<T: ClosedDays + ?Sized> ClosedDays for &T {
    fn closure(&self, day: NaiveDate) -> Option<&str> {
        (**self).closure(day)
    }
}

/// Closed when either is; the first one's reason wins.
impl<A: ClosedDays, B: ClosedDays> ClosedDays for (A, B) {
    fn closure(&self, day: NaiveDate) -> Option<&str> {
        self.0.closure(day).or_else(|| self.1.closure(day))
    }
}

/// The lessons of one school year: its first and last day, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchoolYear {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl SchoolYear {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }
}

/// Closed days with their reason, and (optionally) the school years: when
/// any year is set, every day outside all of them is closed as well.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchoolCalendar {
    closed: BTreeMap<NaiveDate, String>,
    years: Vec<SchoolYear>,
}

impl ClosedDays for SchoolCalendar {
    fn closure(&self, day: NaiveDate) -> Option<&str> {
        if let Some(reason) = self.closed.get(&day) {
            return Some(reason);
        }
        if self.years.is_empty() || self.years.iter().any(|y| y.contains(day)) {
            None
        } else if (6..=9).contains(&day.month()) {
            Some(SUMMER)
        } else {
            Some(OUTSIDE_YEARS)
        }
    }
}

/// Why a calendar file was refused. Display is the Italian message; every
/// variant names the row (the header is row 1) and, for a bad value, the
/// column.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("riga {row}: il file non è un CSV leggibile ({message})")]
    Malformed { row: usize, message: String },
    #[error(
        "riga 1: manca la colonna \"data\" nell'intestazione; la prima riga deve essere data,motivo"
    )]
    MissingDateColumn,
    #[error("riga {row}, colonna \"{column}\": {message}")]
    Row {
        row: usize,
        column: String,
        message: String,
    },
}

/// What one row of a calendar file says.
enum Entry {
    Closure {
        from: NaiveDate,
        to: NaiveDate,
        reason: String,
    },
    Year(SchoolYear),
}

/// Where the columns are: by header name, or (a file without header)
/// `data,motivo` by position.
struct Columns {
    from: (usize, String),
    to: Option<(usize, String)>,
    reason: Option<usize>,
    kind: Option<(usize, String)>,
}

impl Columns {
    fn positional() -> Self {
        Columns {
            from: (0, "data".to_owned()),
            to: None,
            reason: Some(1),
            kind: None,
        }
    }

    fn from_header(header: &csv::StringRecord) -> Result<Self, CalendarError> {
        let find = |names: &[&str]| {
            header.iter().enumerate().find_map(|(i, h)| {
                let name = normalise_header(h);
                names
                    .contains(&name.as_str())
                    .then(|| (i, h.trim().to_owned()))
            })
        };
        let from = find(&["data", "dal", "giorno", "data_inizio"])
            .ok_or(CalendarError::MissingDateColumn)?;
        Ok(Columns {
            from,
            to: find(&["al", "fino_al", "data_fine"]),
            reason: find(&["motivo", "descrizione", "causale"]).map(|(i, _)| i),
            kind: find(&["tipo"]),
        })
    }
}

impl SchoolCalendar {
    /// A calendar with no closed day and no school year.
    pub fn new() -> Self {
        Self::default()
    }

    /// The portal's default calendar for Lombardia (2026/27 and 2027/28).
    pub fn lombardia() -> Result<Self, CalendarError> {
        Self::from_csv(LOMBARDIA_CSV.as_bytes())
    }

    /// Closes `day` for `reason`. A day already closed keeps its first
    /// reason; returns whether the day was added.
    pub fn close(&mut self, day: NaiveDate, reason: &str) -> bool {
        if self.closed.contains_key(&day) {
            return false;
        }
        self.closed.insert(day, reason.to_owned());
        true
    }

    /// Closes every day from `from` to `to`, both included (none if `to` is
    /// before `from`).
    pub fn close_range(&mut self, from: NaiveDate, to: NaiveDate, reason: &str) {
        for day in from.iter_days().take_while(|d| *d <= to) {
            self.close(day, reason);
        }
    }

    /// Adds a school year: from now on days outside every year are closed.
    pub fn add_school_year(&mut self, year: SchoolYear) {
        self.years.push(year);
        self.years.sort();
    }

    pub fn school_years(&self) -> &[SchoolYear] {
        &self.years
    }

    /// The days closed explicitly (not those outside the school years), in
    /// date order, with their reason.
    pub fn closed_days(&self) -> impl Iterator<Item = (NaiveDate, &str)> {
        self.closed.iter().map(|(d, r)| (*d, r.as_str()))
    }

    /// Reads a calendar file: a header row with a `data` column (or `dal`)
    /// and a `motivo` column, then one closed day per row; optional `al`
    /// (the last day of a range, both included) and `tipo` (`chiusura`, the
    /// default, or `anno_scolastico` for a school year's first and last day
    /// of lessons). Columns in any order, headers matched as typed
    /// (case, accents, spaces do not matter), other columns ignored. A file
    /// whose first row already is a date has no header: `data,motivo`.
    /// Dates dd/mm/yyyy or yyyy-mm-dd; `;` or `,`; UTF-8 (BOM or not) or
    /// Windows-1252. Blank rows and rows starting with `#` are skipped. The
    /// first bad row refuses the whole file.
    pub fn from_csv(bytes: &[u8]) -> Result<Self, CalendarError> {
        Self::from_csv_all(bytes).map_err(|errors| {
            errors
                .into_iter()
                .next()
                .unwrap_or(CalendarError::MissingDateColumn)
        })
    }

    /// [`Self::from_csv`], but a bad row does not stop the reading: every
    /// bad row's error (at most [`MAX_ERRORS`]), so a person fixes the file
    /// once. Never an empty list on `Err`.
    pub fn from_csv_all(bytes: &[u8]) -> Result<Self, Vec<CalendarError>> {
        let table = Table::from_bytes(bytes);
        let mut calendar = Self::new();
        let mut columns = None;
        let mut errors = Vec::new();
        for record in table.records() {
            let row = match record {
                Ok(row) => row,
                Err(bad) => {
                    errors.push(CalendarError::Malformed {
                        row: bad.number,
                        message: bad.error.to_string(),
                    });
                    return Err(errors);
                }
            };
            let fields = &row.record;
            let first = fields.get(0).unwrap_or_default().trim();
            if fields.iter().all(|f| f.trim().is_empty()) || first.starts_with('#') {
                continue;
            }
            if columns.is_none() {
                if parse_date_it(first).is_ok() {
                    columns = Some(Columns::positional());
                } else {
                    columns = Some(Columns::from_header(fields).map_err(|e| vec![e])?);
                    continue;
                }
            }
            let Some(cols) = &columns else {
                continue;
            };
            match read_row(cols, fields, row.number) {
                Ok(Entry::Closure { from, to, reason }) => calendar.close_range(from, to, &reason),
                Ok(Entry::Year(year)) => calendar.add_school_year(year),
                Err(e) => {
                    errors.push(e);
                    if errors.len() >= MAX_ERRORS {
                        break;
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(calendar)
        } else {
            Err(errors)
        }
    }

    /// Opens `day` again (a closure removed); returns whether it was closed.
    pub fn reopen(&mut self, day: NaiveDate) -> bool {
        self.closed.remove(&day).is_some()
    }

    /// Sets a school year, replacing any year it overlaps.
    pub fn set_school_year(&mut self, year: SchoolYear) {
        self.years
            .retain(|y| y.last_day < year.first_day || year.last_day < y.first_day);
        self.add_school_year(year);
    }

    /// The closed days only, the school years dropped (a new file's days
    /// keep the years in force).
    pub fn without_years(&self) -> Self {
        SchoolCalendar {
            closed: self.closed.clone(),
            years: Vec::new(),
        }
    }
}

fn read_row(
    cols: &Columns,
    fields: &csv::StringRecord,
    row: usize,
) -> Result<Entry, CalendarError> {
    let value = |i: usize| fields.get(i).unwrap_or_default().trim();
    let error = |column: &str, message: String| CalendarError::Row {
        row,
        column: column.to_owned(),
        message,
    };
    let date = |(i, column): &(usize, String)| {
        parse_date_it(value(*i)).map_err(|e| error(column, e.to_string()))
    };
    let from = date(&cols.from)?;
    let to = match &cols.to {
        Some(col) if !value(col.0).is_empty() => Some((date(col)?, col.1.as_str())),
        _ => None,
    };
    if let Some((to, column)) = to {
        if to < from {
            return Err(error(
                column,
                format!(
                    "l'ultimo giorno ({}) è precedente al primo ({})",
                    format_date_it(to),
                    format_date_it(from)
                ),
            ));
        }
        if (to - from).num_days() >= MAX_RANGE_DAYS {
            return Err(error(
                column,
                format!(
                    "l'intervallo dal {} al {} supera un anno; dividerlo in più righe",
                    format_date_it(from),
                    format_date_it(to)
                ),
            ));
        }
    }
    let reason = cols.reason.map(value).unwrap_or_default();
    let kind = cols
        .kind
        .as_ref()
        .map(|(i, column)| (normalise_header(value(*i)), column.as_str()));
    match kind {
        None => {}
        Some((kind, _)) if kind.is_empty() || kind == "chiusura" => {}
        Some((kind, _)) if kind == "anno_scolastico" || kind == "anno" => {
            let Some((last_day, _)) = to else {
                let column = cols.to.as_ref().map_or("al", |c| c.1.as_str());
                return Err(error(
                    column,
                    "indicare l'ultimo giorno di lezione dell'anno scolastico".to_owned(),
                ));
            };
            return Ok(Entry::Year(SchoolYear {
                first_day: from,
                last_day,
            }));
        }
        Some((_, column)) => {
            return Err(error(
                column,
                format!(
                    "tipo \"{}\" sconosciuto; usare chiusura o anno_scolastico",
                    cols.kind.as_ref().map(|c| value(c.0)).unwrap_or_default()
                ),
            ));
        }
    }
    Ok(Entry::Closure {
        from,
        to: to.map_or(from, |(to, _)| to),
        reason: if reason.is_empty() {
            DEFAULT_REASON.to_owned()
        } else {
            reason.to_owned()
        },
    })
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
