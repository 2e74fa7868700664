//! The outcome file a school downloads: its own file back, row by row in
//! its order and with all its columns, plus `esito`, `esito_descrizione`
//! and `mancanti`, in the file's own separator and encoding (what came from
//! Excel goes back to Excel). Pure code, shared by the job and the
//! `lovs-outcome` command.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::compliance::{Outcome, check};
use super::registry_file::Registry;
use super::school_file::{self, FileRejected};
use crate::tabular::{SourceEncoding, Table};

/// The columns added to the school's own.
pub const ADDED: [&str; 3] = ["esito", "esito_descrizione", "mancanti"];

/// The key of a row with an error: not checked against the registry.
pub const SCARTATO: &str = "scartato";

/// The school's wording of each outcome.
pub fn description(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::InRegola => "In regola",
        Outcome::NonInRegola => "Attualmente non in regola",
        Outcome::InCorso => "In corso di regolarizzazione",
        Outcome::EsoneratoDifferito => "Esonerato / differito",
        Outcome::NonPresente => "NULL - anagrafica inesistente",
    }
}

/// The three added cells of each data row, indexed by its row number.
fn verdicts(
    school: &[u8],
    registry: &Registry,
    check_date: NaiveDate,
    plessi: Option<&std::collections::HashSet<String>>,
) -> Result<Vec<Option<[String; 3]>>, FileRejected> {
    let file = school_file::check(school, check_date, plessi)?;
    let last = file
        .pupils
        .iter()
        .map(|p| p.row)
        .chain(file.problems.iter().map(|p| p.row))
        .max()
        .unwrap_or_default();
    let mut cells = vec![None; last + 1];
    for pupil in &file.pupils {
        // The engine applies LOVS-RULES §4's precedence (non presente,
        // then past the obligation's age, …).
        let record = registry.record(&pupil.codice_fiscale, pupil.data_nascita, check_date);
        let result = check(&record, check_date);
        // One string for the whole list: a pupil may lack twenty doses.
        let mut missing = String::new();
        for (vaccine, dose) in &result.missing {
            if !missing.is_empty() {
                missing.push(',');
            }
            let _ = write!(missing, "{}:{dose}", vaccine.key());
        }
        let outcome = result.outcome;
        cells[pupil.row] = Some([
            outcome.key().to_owned(),
            description(outcome).to_owned(),
            missing,
        ]);
    }
    let mut errors: HashMap<usize, Vec<String>> = HashMap::new();
    for problem in file.problems.iter().filter(|p| !p.warning) {
        errors
            .entry(problem.row)
            .or_default()
            .push(format!("{}: {}", problem.column, problem.message));
    }
    for (row, messages) in errors {
        cells[row] = Some([SCARTATO.to_owned(), messages.join("; "), String::new()]);
    }
    Ok(cells)
}

/// The outcome file of `school` against `registry` on `check_date`.
pub fn write(
    school: &[u8],
    registry: &Registry,
    check_date: NaiveDate,
    plessi: Option<&std::collections::HashSet<String>>,
) -> Result<Vec<u8>, FileRejected> {
    let cells = verdicts(school, registry, check_date, plessi)?;
    let table = Table::from_bytes(school);
    let crlf = table.text().contains("\r\n");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(table.separator())
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .flexible(true)
        .from_writer(Vec::new());
    let unwritable = |e: csv::Error| FileRejected::Unreadable {
        line: 0,
        reason: e.to_string(),
    };
    for record in table.records() {
        let row = record.map_err(|bad| FileRejected::unreadable(&bad))?;
        // The school's cells as read, then the added ones: nothing copied.
        let extra: Vec<&str> = if row.number == 1 {
            ADDED.to_vec()
        } else if let Some(Some(cells)) = cells.get(row.number) {
            cells.iter().map(String::as_str).collect()
        } else {
            Vec::new()
        };
        writer
            .write_record(row.record.iter().chain(extra))
            .map_err(unwritable)?;
    }
    let text = writer.into_inner().map_err(|e| FileRejected::Unreadable {
        line: 0,
        reason: e.to_string(),
    })?;
    let text = String::from_utf8_lossy(&text).into_owned();
    Ok(match table.encoding() {
        SourceEncoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
        SourceEncoding::Utf8 => text.into_bytes(),
        // A BOM came in (UTF-8 or UTF-16): UTF-8 with a BOM goes out.
        _ => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    })
}
