//! The outcome file a school downloads: its own file back, row by row in
//! its order and with all its columns, plus `esito`, `esito_descrizione`
//! and `mancanti`, in the file's own separator and encoding (what came from
//! Excel goes back to Excel). Pure code, shared by the job and the
//! `lovs-outcome` command.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::compliance::{Outcome, PupilRecord, check};
use super::registry_file::Registry;
use super::school_file::{self, Checker, FileRejected};
use crate::tabular::{Row, SourceEncoding};

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

/// The outcome file of `school` against `registry` on `check_date`: each
/// row is checked (as [`school_file::check`] checks it) and written back
/// with its added cells as soon as it is read.
pub fn write(
    school: &[u8],
    registry: &Registry,
    check_date: NaiveDate,
    plessi: Option<&HashSet<String>>,
) -> Result<Vec<u8>, FileRejected> {
    let table = school_file::open(school)?;
    let mut records = table.records();
    let (mut checker, header) = Checker::of_header(&mut records, check_date, plessi)?;
    let crlf = table.text().contains("\r\n");
    let encoding = table.encoding();
    let mut out = Vec::with_capacity(school.len() + school.len() / 2);
    if !matches!(encoding, SourceEncoding::Windows1252 | SourceEncoding::Utf8) {
        // A BOM came in (UTF-8 or UTF-16): UTF-8 with a BOM goes out.
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(table.separator())
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .flexible(true)
        .from_writer(out);
    let unwritable = |e: csv::Error| FileRejected::Unreadable {
        line: 0,
        reason: e.to_string(),
    };
    // The school's cells as read, then the added ones: nothing copied.
    writer
        .write_record(header.record.iter().chain(ADDED))
        .map_err(unwritable)?;
    let mut row = Row::empty();
    let mut problems = Vec::new();
    let mut record = PupilRecord {
        birth_date: check_date,
        doses: Vec::new(),
        exemptions: Vec::new(),
        pending_appointment: false,
        in_registry: false,
    };
    let mut text = String::new();
    while records
        .read_into(&mut row)
        .map_err(|bad| FileRejected::unreadable(&bad))?
    {
        problems.clear();
        text.clear();
        let key = match checker.row(&row, &mut problems) {
            Some(pupil) => {
                // The engine applies LOVS-RULES §4's precedence (non
                // presente, then past the obligation's age, …).
                registry.record_into(
                    pupil.code.as_str(),
                    pupil.data_nascita,
                    check_date,
                    &mut record,
                );
                let result = check(&record, check_date);
                // One string for the whole list: a pupil may lack twenty doses.
                for (vaccine, dose) in &result.missing {
                    if !text.is_empty() {
                        text.push(',');
                    }
                    let _ = write!(text, "{}:{dose}", vaccine.key());
                }
                Some(result.outcome)
            }
            None => {
                for problem in problems.iter().filter(|p| !p.warning) {
                    if !text.is_empty() {
                        text.push_str("; ");
                    }
                    let _ = write!(text, "{}: {}", problem.column, problem.message);
                }
                None
            }
        };
        let added = match key {
            Some(outcome) => [outcome.key(), description(outcome), text.as_str()],
            None => [SCARTATO, text.as_str(), ""],
        };
        writer
            .write_record(row.record.iter().chain(added))
            .map_err(unwritable)?;
    }
    let bytes = writer.into_inner().map_err(|e| FileRejected::Unreadable {
        line: 0,
        reason: e.to_string(),
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(match encoding {
        SourceEncoding::Windows1252 => match encoding_rs::WINDOWS_1252.encode(&text).0 {
            std::borrow::Cow::Borrowed(_) => text.into_bytes(),
            std::borrow::Cow::Owned(bytes) => bytes,
        },
        _ => text.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::codice_fiscale::{Sex, encode};
    use crate::tabular::Table;
    use crate::vaccinations::registry_file;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The outcome file as first written: the whole file checked, a table
    /// of added cells by row, then the file read again and written.
    fn in_two_passes(
        school: &[u8],
        registry: &Registry,
        check_date: NaiveDate,
        plessi: Option<&HashSet<String>>,
    ) -> Result<Vec<u8>, FileRejected> {
        let file = school_file::check(school, check_date, plessi)?;
        let mut cells: HashMap<usize, [String; 3]> = HashMap::new();
        for pupil in &file.pupils {
            let record = registry.record(&pupil.codice_fiscale, pupil.data_nascita, check_date);
            let result = check(&record, check_date);
            let missing: Vec<String> = result
                .missing
                .iter()
                .map(|(v, d)| format!("{}:{d}", v.key()))
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
        for p in file.problems.iter().filter(|p| !p.warning) {
            errors
                .entry(p.row)
                .or_default()
                .push(format!("{}: {}", p.column, p.message));
        }
        for (row, messages) in errors {
            cells.insert(
                row,
                [SCARTATO.to_owned(), messages.join("; "), String::new()],
            );
        }
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
        for record in table.records() {
            let row = record.unwrap();
            let extra: Vec<&str> = if row.number == 1 {
                ADDED.to_vec()
            } else {
                cells
                    .get(&row.number)
                    .map(|c| c.iter().map(String::as_str).collect())
                    .unwrap_or_default()
            };
            writer.write_record(row.record.iter().chain(extra)).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        Ok(match table.encoding() {
            SourceEncoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
            SourceEncoding::Utf8 => text.into_bytes(),
            _ => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        })
    }

    #[test]
    fn written_as_it_is_read_the_file_is_the_one_checked_whole() {
        let kids: Vec<(String, &str, NaiveDate, Sex)> = (0..40)
            .map(|i| {
                let surname = ["Rossi", "Bianchi", "D'Amico", "Neri"][i % 4];
                let birth = day(2008, 1, 1) + chrono::Days::new(i as u64 * 97);
                let sex = if i % 2 == 0 { Sex::M } else { Sex::F };
                let cf = encode(surname, "Anna", birth, sex, "F205").unwrap();
                (cf, surname, birth, sex)
            })
            .collect();
        let mut registry = String::from("codice_fiscale;tipo;vaccino;dose;data;fino_al\n");
        for (i, (cf, _, birth, _)) in kids.iter().enumerate() {
            let d = birth.format("%d/%m/%Y");
            match i % 5 {
                0 => {}
                1 => registry.push_str(&format!("{cf};anagrafe;;;{d};\n{cf};appuntamento;;;;\n")),
                2 => registry.push_str(&format!(
                    "{cf};immunita;measles;;;\n{cf};dose;polio;1;{d};\n"
                )),
                _ => registry.push_str(&format!("{cf};anagrafe;;;{d};\n")),
            }
        }
        let (registry, _) = registry_file::parse(registry.as_bytes()).unwrap();
        let mut school = String::from(
            "Codice Fiscale;Cognome;Nome;Data Nascita;Sesso;Codice Plesso;Classe;Sezione;Note\r\n",
        );
        for (i, (cf, surname, birth, sex)) in kids.iter().chain(&kids[..5]).enumerate() {
            let d = birth.format("%d/%m/%Y");
            let s = if *sex == Sex::M { "M" } else { "F" };
            let (cf, s, plesso, note) = match i % 8 {
                1 => (
                    "RSSMRA85T10A562X".to_owned(),
                    s,
                    "MIEE8AB01X",
                    "\"a;b\"\"\nc\"",
                ),
                2 => (cf.to_lowercase(), "x", "MI", ""),
                3 => (cf.clone(), s, "MIEE8AB02Y", "Città"),
                4 => ("STP1234567890123".to_owned(), s, "MIEE8AB01X", ""),
                _ => (cf.clone(), s, "MIEE8AB01X", ""),
            };
            school.push_str(&format!(
                "{cf};{surname};Anna;{d};{s};{plesso};1;A;{note}\r\n"
            ));
            if i % 9 == 0 {
                school.push_str(";;\r\n\r\n");
            }
        }
        let own: HashSet<String> = ["MIEE8AB01X".to_owned()].into();
        let utf8 = school.as_bytes().to_vec();
        let lf = school.replace("\r\n", "\n").into_bytes();
        let bom = [b"\xEF\xBB\xBF".as_slice(), &utf8].concat();
        let windows = encoding_rs::WINDOWS_1252.encode(&school).0.into_owned();
        for (bytes, date) in [
            (&utf8, day(2026, 3, 1)),
            (&lf, day(2026, 3, 2)),
            (&bom, day(2026, 3, 1)),
            (&windows, day(2026, 3, 1)),
        ] {
            for plessi in [None, Some(&own)] {
                assert_eq!(
                    write(bytes, &registry, date, plessi),
                    in_two_passes(bytes, &registry, date, plessi)
                );
            }
        }
        assert_eq!(
            write(b"PK\x03\x04", &registry, day(2026, 3, 1), None),
            Err(FileRejected::Spreadsheet)
        );
        assert_eq!(
            write(b"\n\n", &registry, day(2026, 3, 1), None),
            Err(FileRejected::Empty)
        );
    }
}
