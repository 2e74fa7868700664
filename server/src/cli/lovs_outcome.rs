//! `lovs-outcome --registry REGISTRY.csv --date YYYY-MM-DD SCHOOL.csv
//! [--istituto CODE]`: the whole check from files, with the very code of the
//! upload job. The outcome file goes to stdout in the school file's own
//! separator and encoding; unusable registry rows are reported on stderr
//! and skipped. Exit 0; 2 when a file is rejected whole.

use std::io::Write;
use std::process::ExitCode;

use app::vaccinations::{outcome_file, registry_file};

use crate::config::Config;

const USAGE: &str =
    "uso: lovs-outcome --registry REGISTRO.csv --date AAAA-MM-GG SCUOLA.csv [--istituto CODICE]";

pub async fn run(args: &[String]) -> ExitCode {
    let args = match super::check_lovs::parse_args(args, USAGE, true) {
        Ok(args) => args,
        Err(message) => return super::usage_error(&message),
    };
    let Some(registry_path) = args.registry else {
        return super::usage_error(USAGE);
    };
    let (school_path, date, istituto) = (args.path, args.date, args.istituto);
    let read = |path: &str| {
        std::fs::read(path).map_err(|e| format!("{path}: impossibile leggere il file: {e}"))
    };
    let (registry_bytes, school_bytes) = match (read(registry_path), read(school_path)) {
        (Ok(r), Ok(s)) => (r, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return super::usage_error(&e.to_string()),
    };
    let check_date = date.unwrap_or_else(|| config.clock.today());
    let (registry, bad_rows) = match registry_file::parse(&registry_bytes) {
        Ok(parsed) => parsed,
        Err(rejected) => {
            eprintln!("{registry_path}: {rejected}");
            return ExitCode::from(2);
        }
    };
    for bad in &bad_rows {
        eprintln!("{registry_path}: riga {}: {}", bad.row, bad.message);
    }
    let plessi = match istituto {
        None => None,
        Some(code) => match super::check_lovs::plessi_of(&config, code).await {
            Ok(plessi) => Some(plessi),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        },
    };
    match outcome_file::write(&school_bytes, &registry, check_date, plessi.as_ref()) {
        Ok(bytes) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(rejected) => {
            eprintln!("{school_path}: {rejected}");
            ExitCode::from(2)
        }
    }
}
