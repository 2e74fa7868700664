//! The outcome file a school downloads: its own file back, row by row in
//! its order and with all its columns, plus `esito`, `esito_descrizione`
//! and `mancanti`, in the file's own separator and encoding (what came from
//! Excel goes back to Excel). Pure code, shared by the job and the
//! `lovs-outcome` command.

use std::collections::HashMap;

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

/// The three added cells of each data row, by its row number.
fn verdicts(
    school: &[u8],
    registry: &Registry,
    check_date: NaiveDate,
    plessi: Option<&std::collections::HashSet<String>>,
) -> Result<HashMap<usize, [String; 3]>, FileRejected> {
    let file = school_file::check(school, check_date, plessi)?;
    let mut cells = HashMap::new();
    for pupil in &file.pupils {
        // The engine applies LOVS-RULES §4's precedence (non presente,
        // then past the obligation's age, …).
        let record = registry.record(&pupil.codice_fiscale, pupil.data_nascita, check_date);
        let result = check(&record, check_date);
        let missing: Vec<String> = result
            .missing
            .iter()
            .map(|(vaccine, dose)| format!("{}:{dose}", vaccine.key()))
            .collect();
        let outcome = result.outcome;
        cells.insert(
            pupil.row,
            [
                outcome.key().to_owned(),
                description(outcome).to_owned(),
                missing.join(","),
            ],
        );
    }
    let mut errors: HashMap<usize, Vec<String>> = HashMap::new();
    for problem in file.problems.iter().filter(|p| !p.warning) {
        errors
            .entry(problem.row)
            .or_default()
            .push(format!("{}: {}", problem.column, problem.message));
    }
    for (row, messages) in errors {
        cells.insert(
            row,
            [SCARTATO.to_owned(), messages.join("; "), String::new()],
        );
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
        let row = record.map_err(|bad| FileRejected::Unreadable {
            line: bad.line,
            reason: "virgolette non chiuse o caratteri non validi".to_owned(),
        })?;
        let mut out: Vec<String> = row.record.iter().map(str::to_owned).collect();
        if row.number == 1 {
            out.extend(ADDED.iter().map(|c| (*c).to_owned()));
        } else if let Some(added) = cells.get(&row.number) {
            out.extend(added.iter().cloned());
        }
        writer.write_record(&out).map_err(unwritable)?;
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
