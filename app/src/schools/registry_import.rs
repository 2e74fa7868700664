//! Import of the Ministry's open-data school registry (anagrafe scuole,
//! SCUANAGRAFESTAT for state schools, SCUANAGRAFEPAR for paritarie) from CSV.
//!
//! Columns are matched by header name (case, blanks and underscores aside)
//! in any order; the file is read through [`crate::tabular`], so the
//! separator is detected from the header and UTF-8 (with or without BOM),
//! UTF-16 and Windows-1252 (Excel's "CSV" on Italian Windows) all decode. A bad row becomes a [`RowError`] and the other rows
//! still import; organisational rows (an istituto comprensivo's direction,
//! CPIA, convitti) are listed in `skipped` with the reason. The paritarie file
//! has no CODICEISTITUTORIFERIMENTO: each school is then its own istituto.

use std::collections::HashMap;

use super::codice_meccanografico::CodiceMeccanografico;
use super::registry_report::{
    ImportReport, ImportedSchool, RegistryFileError, RowError, SkippedRow,
};
use super::tipologia::{Tipologia, classify};
use crate::places::belfiore;
use crate::tabular::{Table, normalise_header};

/// The columns the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    CodiceScuola,
    DenominazioneScuola,
    CodiceComune,
    DescrizioneComune,
    Tipologia,
    CodiceIstituto,
    DenominazioneIstituto,
    Indirizzo,
    Cap,
}

impl Col {
    const ALL: [Col; 9] = [
        Col::CodiceScuola,
        Col::DenominazioneScuola,
        Col::CodiceComune,
        Col::DescrizioneComune,
        Col::Tipologia,
        Col::CodiceIstituto,
        Col::DenominazioneIstituto,
        Col::Indirizzo,
        Col::Cap,
    ];

    fn header(self) -> &'static str {
        match self {
            Col::CodiceScuola => "CODICESCUOLA",
            Col::DenominazioneScuola => "DENOMINAZIONESCUOLA",
            Col::CodiceComune => "CODICECOMUNESCUOLA",
            Col::DescrizioneComune => "DESCRIZIONECOMUNE",
            Col::Tipologia => "DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA",
            Col::CodiceIstituto => "CODICEISTITUTORIFERIMENTO",
            Col::DenominazioneIstituto => "DENOMINAZIONEISTITUTORIFERIMENTO",
            Col::Indirizzo => "INDIRIZZOSCUOLA",
            Col::Cap => "CAPSCUOLA",
        }
    }

    /// Columns without which no row can be imported. The istituto columns
    /// are absent from the paritarie file; address and CAP are informative.
    fn required(self) -> bool {
        matches!(
            self,
            Col::CodiceScuola
                | Col::DenominazioneScuola
                | Col::CodiceComune
                | Col::DescrizioneComune
                | Col::Tipologia
        )
    }
}

/// Column positions found in the header.
struct Columns([Option<usize>; 9]);

impl Columns {
    fn index(&self, col: Col) -> Option<usize> {
        self.0.get(col as usize).copied().flatten()
    }
}

/// Parses the Ministry's registry CSV (see the module doc).
pub fn parse_registry_csv(input: &[u8]) -> ImportReport {
    let mut report = ImportReport::default();
    let table = Table::from_bytes(input);
    if table.is_blank() {
        report.file_error = Some(RegistryFileError::Empty);
        return report;
    }
    let mut records = table.records();

    let header = match records.next() {
        Some(Ok(h)) => h.record,
        Some(Err(_)) | None => {
            report.file_error = Some(RegistryFileError::Empty);
            return report;
        }
    };
    // The Ministry runs the words together (CODICESCUOLA); a retyped header
    // may not ("Codice Scuola"): compare without the separators.
    let key = |name: &str| normalise_header(name).replace('_', "");
    let names: Vec<String> = header.iter().map(key).collect();
    let mut positions = [None; 9];
    for (slot, col) in positions.iter_mut().zip(Col::ALL) {
        let wanted = key(col.header());
        *slot = names.iter().position(|h| *h == wanted);
    }
    let columns = Columns(positions);
    let missing: Vec<String> = Col::ALL
        .into_iter()
        .filter(|c| c.required() && columns.index(*c).is_none())
        .map(|c| c.header().to_string())
        .collect();
    if !missing.is_empty() {
        report.file_error = Some(RegistryFileError::MissingColumns(missing));
        return report;
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    // Rows are numbered by record (the header is 1, blank lines skipped),
    // as the report has always counted them.
    for record in records {
        match record {
            Ok(row) => {
                let record = row.record;
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                read_row(&record, row.number, &columns, &mut seen, &mut report);
            }
            Err(bad) => {
                report.errors.push(RowError {
                    row: bad.number,
                    column: String::new(),
                    message: format!(
                        "riga illeggibile ({}); la lettura del file si è fermata qui",
                        bad.error
                    ),
                });
                break;
            }
        }
    }
    report
}

/// Reads one data row into `report`.
fn read_row(
    record: &csv::StringRecord,
    row: usize,
    columns: &Columns,
    seen: &mut HashMap<String, usize>,
    report: &mut ImportReport,
) {
    let value = |col: Col| -> Option<&str> {
        let v = record.get(columns.index(col)?)?.trim();
        (!v.is_empty() && !v.eq_ignore_ascii_case("non disponibile")).then_some(v)
    };
    let mut errors: Vec<RowError> = Vec::new();
    let mut fail = |col: Col, message: String| {
        errors.push(RowError {
            row,
            column: col.header().to_string(),
            message,
        });
    };
    let missing = |col: Col| -> String {
        if columns.index(col).is_some_and(|i| record.get(i).is_none()) {
            "valore mancante: la riga ha meno colonne dell'intestazione".to_string()
        } else {
            format!("valore mancante: {} è obbligatorio", col.header())
        }
    };

    let raw_code = value(Col::CodiceScuola).unwrap_or_default().to_string();
    let school_type = match value(Col::Tipologia).map(classify) {
        Some(Tipologia::School(t)) => Some(t),
        Some(Tipologia::Skip(reason)) => {
            report.skipped.push(SkippedRow {
                row,
                code: raw_code,
                reason: reason.to_string(),
            });
            return;
        }
        Some(Tipologia::Unknown) => {
            let text = value(Col::Tipologia).unwrap_or_default();
            fail(
                Col::Tipologia,
                format!("tipologia \"{text}\" non riconosciuta: la scuola non è stata importata"),
            );
            None
        }
        None => {
            fail(Col::Tipologia, missing(Col::Tipologia));
            None
        }
    };

    let plesso_code = match value(Col::CodiceScuola) {
        Some(v) => match CodiceMeccanografico::parse(v) {
            Ok(code) => match seen.get(code.as_str()) {
                Some(first) => {
                    fail(
                        Col::CodiceScuola,
                        format!("il codice {code} compare già alla riga {first}"),
                    );
                    None
                }
                None => Some(code),
            },
            Err(e) => {
                fail(Col::CodiceScuola, e.to_string());
                None
            }
        },
        None => {
            fail(Col::CodiceScuola, missing(Col::CodiceScuola));
            None
        }
    };
    let plesso_name = clean(value(Col::DenominazioneScuola));
    if plesso_name.is_none() {
        fail(Col::DenominazioneScuola, missing(Col::DenominazioneScuola));
    }

    // Istituto: its own columns, or the school itself (paritarie file).
    let istituto_code = match value(Col::CodiceIstituto) {
        Some(v) => match CodiceMeccanografico::parse(v) {
            Ok(code) => Some(code),
            Err(e) => {
                fail(Col::CodiceIstituto, e.to_string());
                None
            }
        },
        None => plesso_code.clone(),
    };
    let istituto_name = match clean(value(Col::DenominazioneIstituto)) {
        Some(name) => Some(name),
        None if istituto_code.is_some() && istituto_code == plesso_code => plesso_name.clone(),
        None => {
            if istituto_code.is_some() {
                fail(
                    Col::DenominazioneIstituto,
                    "valore mancante: serve il nome dell'istituto di riferimento".to_string(),
                );
            }
            None
        }
    };

    let comune_belfiore = match value(Col::CodiceComune) {
        Some(v) => {
            let code = v.to_ascii_uppercase();
            let bytes = code.as_bytes();
            let shaped = bytes.len() == 4
                && bytes.first().is_some_and(u8::is_ascii_uppercase)
                && bytes.iter().skip(1).all(u8::is_ascii_digit);
            let digits = code.get(1..).and_then(|d| d.parse::<u16>().ok());
            match (shaped, bytes.first(), digits) {
                (true, Some(&letter), Some(d)) if belfiore::is_known(letter, d) => Some(code),
                (true, _, _) => {
                    fail(
                        Col::CodiceComune,
                        format!("il codice catastale \"{v}\" non corrisponde a nessun comune"),
                    );
                    None
                }
                _ => {
                    fail(
                        Col::CodiceComune,
                        format!(
                            "codice catastale del comune \"{v}\" non valido: serve una lettera e tre cifre (ad esempio F205)"
                        ),
                    );
                    None
                }
            }
        }
        None => {
            fail(Col::CodiceComune, missing(Col::CodiceComune));
            None
        }
    };
    let comune_name = clean(value(Col::DescrizioneComune));
    if comune_name.is_none() {
        fail(Col::DescrizioneComune, missing(Col::DescrizioneComune));
    }

    let cap = match value(Col::Cap) {
        None => None,
        Some(v) => {
            // Spreadsheets drop leading zeros (07010 -> 7010) and some exports
            // write numbers as "7010.0".
            let digits = v.strip_suffix(".0").unwrap_or(v);
            if digits.len() <= 5 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            {
                Some(format!("{digits:0>5}"))
            } else {
                fail(Col::Cap, format!("CAP \"{v}\" non valido: servono 5 cifre"));
                None
            }
        }
    };

    match (
        errors.is_empty(),
        plesso_code,
        plesso_name,
        istituto_code,
        istituto_name,
        comune_belfiore,
        comune_name,
        school_type,
    ) {
        (
            true,
            Some(plesso_code),
            Some(plesso_name),
            Some(istituto_code),
            Some(istituto_name),
            Some(comune_belfiore),
            Some(comune_name),
            Some(school_type),
        ) => {
            seen.insert(plesso_code.as_str().to_string(), row);
            report.schools.push(ImportedSchool {
                row,
                istituto_code,
                istituto_name,
                plesso_code,
                plesso_name,
                comune_belfiore,
                comune_name,
                address: clean(value(Col::Indirizzo)),
                cap,
                school_type,
            });
        }
        _ => report.errors.append(&mut errors),
    }
}

/// Trims and collapses inner runs of blanks.
fn clean(value: Option<&str>) -> Option<String> {
    let v = value?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!v.is_empty()).then_some(v)
}
