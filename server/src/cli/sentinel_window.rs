//! `sentinel-window YYYY-MM-DD [--calendar FILE]`: the sentinel schools'
//! entry window on a day, with the very code of the entry form
//! (`app::absences::window`). One line on stdout: `aperta<TAB>D` (the
//! on-time entry of survey day D), `in_ritardo<TAB>D` (D's late entry) or
//! `chiusa<TAB>D` (nothing can be entered; D is the next survey day that
//! can be), dates as YYYY-MM-DD. `FILE` is a `data,motivo` CSV of closed
//! days; without it no day is closed. Exit 0; 2 with a message on stderr
//! and nothing on stdout for a bad date, option or calendar file.

use std::io::Write;
use std::process::ExitCode;

use app::absences::calendar::{NoClosures, SchoolCalendar};
use app::absences::window::{Window, WindowError, window};
use app::validation::dates::parse_date_it;
use chrono::NaiveDate;

const USAGE: &str = "uso: sentinel-window AAAA-MM-GG [--calendar FILE]";

struct Args<'a> {
    date: NaiveDate,
    calendar: Option<&'a str>,
}

fn parse_args(args: &[String]) -> Result<Args<'_>, String> {
    let mut date = None;
    let mut calendar = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--calendar" => {
                let path = it
                    .next()
                    .ok_or_else(|| format!("manca il file dopo --calendar\n{USAGE}"))?;
                calendar = Some(path.as_str());
            }
            other if other.starts_with("--calendar=") => {
                calendar = other.strip_prefix("--calendar=");
            }
            other if other.starts_with("--") => {
                return Err(format!("opzione sconosciuta: {other}\n{USAGE}"));
            }
            other if date.is_none() => date = Some(parse_day(other)?),
            other => return Err(format!("argomento in più: {other}\n{USAGE}")),
        }
    }
    let date = date.ok_or_else(|| format!("manca la data (AAAA-MM-GG)\n{USAGE}"))?;
    Ok(Args { date, calendar })
}

/// A date written exactly `AAAA-MM-GG`; an impossible day is explained by
/// the portal's own date rules ("il mese ha 28 giorni").
fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err(format!(
            "data non valida: \"{text}\" (formato AAAA-MM-GG, per esempio 2026-12-15)"
        ));
    }
    parse_date_it(text).map_err(|e| format!("data non valida: \"{text}\": {e}"))
}

fn line(window: &Window) -> String {
    format!("{}\t{}\n", window.code(), window.day().format("%Y-%m-%d"))
}

pub fn run(args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let result: Result<Window, WindowError> = match args.calendar {
        None => window(args.date, &NoClosures),
        Some(path) => {
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("{path}: impossibile leggere il file: {e}");
                    return ExitCode::from(2);
                }
            };
            match SchoolCalendar::from_csv(&bytes) {
                Ok(calendar) => window(args.date, &calendar),
                Err(e) => {
                    eprintln!("{path}: calendario non valido: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    match result {
        Ok(window) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(line(&window).as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
