//! `check-lovs FILE [--date YYYY-MM-DD] [--istituto CODE]`: the pre-check of
//! a school's LOVS file, with the very rules of the upload. One line per
//! problem (`ROW<TAB>COLUMN<TAB>message`, warnings starting `avviso:`), then
//! `N rows, N valid, N with errors`. Exit 0 when no row has an error, 1 when
//! some row has, 2 when the file is rejected whole (the reason on stderr).
//! Without `--istituto` no database is needed and the plessi's ownership is
//! not checked.

use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

use app::schools::queries;
use app::vaccinations::school_file::{check, report};
use chrono::NaiveDate;

use crate::config::Config;

const USAGE: &str = "uso: check-lovs FILE [--date AAAA-MM-GG] [--istituto CODICE]";

/// The arguments of the two LOVS commands: the school's file, `--date`,
/// `--istituto`, and (`lovs-outcome` only) `--registry`.
pub(super) struct Args<'a> {
    pub path: &'a str,
    pub date: Option<NaiveDate>,
    pub istituto: Option<&'a str>,
    pub registry: Option<&'a str>,
}

/// Reads `args`; `usage` is the command's usage line, `with_registry`
/// whether it takes `--registry`.
pub(super) fn parse_args<'a>(
    args: &'a [String],
    usage: &str,
    with_registry: bool,
) -> Result<Args<'a>, String> {
    let mut path = None;
    let mut date = None;
    let mut istituto = None;
    let mut registry = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .map(String::as_str)
                .ok_or_else(|| usage.to_owned())
        };
        match arg.as_str() {
            "--date" => {
                let text = value()?;
                let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| format!("data non valida: {text} (formato AAAA-MM-GG)"))?;
                date = Some(parsed);
            }
            "--istituto" => istituto = Some(value()?),
            "--registry" if with_registry => registry = Some(value()?),
            other if other.starts_with("--") => {
                return Err(format!("opzione sconosciuta: {other}"));
            }
            other if path.is_none() => path = Some(other),
            _ => return Err(usage.to_owned()),
        }
    }
    let path = path.ok_or_else(|| usage.to_owned())?;
    Ok(Args {
        path,
        date,
        istituto,
        registry,
    })
}

pub async fn run(args: &[String]) -> ExitCode {
    let args = match parse_args(args, USAGE, false) {
        Ok(args) => args,
        Err(message) => return super::usage_error(&message),
    };
    let input = match std::fs::read(args.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{}: impossibile leggere il file: {e}", args.path);
            return ExitCode::from(2);
        }
    };
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return super::usage_error(&e.to_string()),
    };
    let check_date = args.date.unwrap_or_else(|| config.clock.today());
    let plessi = match args.istituto {
        None => None,
        Some(code) => match plessi_of(&config, code).await {
            Ok(plessi) => Some(plessi),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        },
    };
    match check(&input, check_date, plessi.as_ref()) {
        Ok(file) => {
            let (text, status) = report::lines(&file);
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            ExitCode::from(status)
        }
        Err(rejected) => {
            eprintln!("{}: {rejected}", args.path);
            ExitCode::from(2)
        }
    }
}

/// The codici of the plessi of istituto `code`, from the portal's database.
pub(super) async fn plessi_of(config: &Config, code: &str) -> Result<HashSet<String>, String> {
    let db = crate::db::connect_and_migrate(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let code = code.trim().to_uppercase();
    let istituto = queries::istituto_by_codice(&db, &code)
        .await
        .map_err(|e| format!("database: {e}"))?
        .ok_or_else(|| format!("Istituto {code} non presente nell'anagrafe del portale."))?;
    let plessi = queries::plessi_of_istituto(&db, istituto.id)
        .await
        .map_err(|e| format!("database: {e}"))?;
    Ok(plessi.into_iter().map(|p| p.codice).collect())
}
