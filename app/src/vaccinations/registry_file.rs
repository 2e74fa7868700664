//! The regional vaccination registry's extract, as an ATS imports it: CSV
//! with the columns `codice_fiscale`, `tipo`, `vaccino`, `dose`, `data`,
//! `fino_al`, one fact per row. Folded into one [`PupilRecord`] per codice
//! fiscale for the compliance engine. Pure code.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::compliance::{Dose, Exemption, ExemptionKind, PupilRecord, Vaccine};
use crate::tabular::{Table, normalise_header};
use crate::validation::dates::parse_date_it;

const COLUMNS: [&str; 6] = [
    "codice_fiscale",
    "tipo",
    "vaccino",
    "dose",
    "data",
    "fino_al",
];

/// Why the extract is rejected whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryRejected {
    #[error("Il file del registro è vuoto.")]
    Empty,
    #[error("Mancano colonne nel file del registro: {}.", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    #[error("Il file del registro non è leggibile alla riga {0}.")]
    Unreadable(u64),
}

/// A row of the extract that could not be used (reported, then skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRowError {
    pub row: usize,
    pub message: String,
}

/// What the registry knows, pupil by pupil, before a check date applies.
#[derive(Debug, Clone, Default)]
struct Facts {
    birth: Option<NaiveDate>,
    doses: Vec<Dose>,
    exemptions: Vec<Exemption>,
    /// `Some(None)`: a request without a date; `Some(Some(d))`: the latest
    /// appointment.
    appointment: Option<Option<NaiveDate>>,
}

/// The extract, by codice fiscale (upper case).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pupils: HashMap<String, Facts>,
}

impl Registry {
    /// The record the engine checks on `check_date`: a pupil without any
    /// row is `in_registry: false` (non presente); an appointment covers
    /// until the day after it, inclusive. `birth` (the school's) stands in
    /// when the registry has no `anagrafe` row.
    pub fn record(
        &self,
        codice_fiscale: &str,
        birth: NaiveDate,
        check_date: NaiveDate,
    ) -> PupilRecord {
        let Some(facts) = self.pupils.get(codice_fiscale) else {
            return PupilRecord {
                birth_date: birth,
                doses: Vec::new(),
                exemptions: Vec::new(),
                pending_appointment: false,
                in_registry: false,
            };
        };
        let pending = match facts.appointment {
            None => false,
            Some(None) => true,
            Some(Some(day)) => day
                .checked_add_days(Days::new(1))
                .is_some_and(|end| check_date <= end),
        };
        PupilRecord {
            birth_date: facts.birth.unwrap_or(birth),
            doses: facts.doses.clone(),
            exemptions: facts.exemptions.clone(),
            pending_appointment: pending,
            in_registry: true,
        }
    }

    pub fn len(&self) -> usize {
        self.pupils.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pupils.is_empty()
    }
}

/// Reads the extract; bad rows are returned beside it.
pub fn parse(bytes: &[u8]) -> Result<(Registry, Vec<RegistryRowError>), RegistryRejected> {
    let mut registry = Registry::default();
    let errors = read(bytes, |key, fact, _| registry.add(key, fact))?;
    Ok((registry, errors))
}

/// Reads the extract without folding it: each valid row's key (the
/// canonical codice fiscale) and its five other cells, trimmed, for the
/// portal to store; bad rows are returned. Same rules as [`parse`].
pub fn read_rows(
    bytes: &[u8],
    mut each: impl FnMut(&str, [&str; 5]),
) -> Result<Vec<RegistryRowError>, RegistryRejected> {
    read(bytes, |key, _, cells| each(key, cells))
}

impl Registry {
    /// Adds one stored row (as [`read_rows`] gave it) to the registry:
    /// the portal rebuilds the records of a school's pupils from the
    /// database with the very rules that read the file.
    pub fn add_row(&mut self, key: &str, cells: [&str; 5]) -> Result<(), String> {
        let fact = fact_of(cells)?;
        self.add(key, fact);
        Ok(())
    }

    fn add(&mut self, cf: &str, fact: Fact) {
        if !self.pupils.contains_key(cf) {
            self.pupils.insert(cf.to_owned(), Facts::default());
        }
        let Some(facts) = self.pupils.get_mut(cf) else {
            return;
        };
        match fact {
            Fact::Birth(day) => facts.birth = Some(day),
            Fact::Dose(dose) => facts.doses.push(dose),
            Fact::Exemption(exemption) => facts.exemptions.push(exemption),
            // A request without a date stays pending; otherwise the latest date.
            Fact::Appointment(when) => {
                facts.appointment = match (facts.appointment, when) {
                    (Some(None), _) | (_, None) => Some(None),
                    (Some(Some(a)), Some(b)) => Some(Some(a.max(b))),
                    (None, Some(b)) => Some(Some(b)),
                };
            }
        }
    }
}

/// The rows of the extract, each valid one handed to `each` with its key.
fn read(
    bytes: &[u8],
    mut each: impl FnMut(&str, Fact, [&str; 5]),
) -> Result<Vec<RegistryRowError>, RegistryRejected> {
    let table = Table::from_bytes(bytes);
    let mut records = table.records();
    let header = match records.next() {
        None => return Err(RegistryRejected::Empty),
        Some(Err(bad)) => return Err(RegistryRejected::Unreadable(bad.line)),
        Some(Ok(row)) => row,
    };
    let names: Vec<String> = header.record.iter().map(normalise_header).collect();
    let position = |name: &str| names.iter().position(|n| n == name);
    let missing: Vec<&'static str> = COLUMNS
        .into_iter()
        .filter(|c| position(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(RegistryRejected::MissingColumns(missing));
    }
    let at: Vec<usize> = COLUMNS.iter().filter_map(|c| position(c)).collect();
    let mut errors = Vec::new();
    // An extract lists each pupil's rows together: the key of the last code
    // is reused rather than worked out again for every row.
    let mut last: (String, String) = Default::default();
    for record in records {
        let row = record.map_err(|bad| RegistryRejected::Unreadable(bad.line))?;
        let cell = |i: usize| row.record.get(at[i]).unwrap_or_default().trim();
        if cell(0) != last.0 {
            last = (cell(0).to_owned(), key_of(cell(0)));
        }
        let cells = [cell(1), cell(2), cell(3), cell(4), cell(5)];
        let fact = if last.1.is_empty() {
            Err("codice fiscale mancante".to_owned())
        } else {
            fact_of(cells)
        };
        match fact {
            Ok(fact) => each(&last.1, fact, cells),
            Err(message) => errors.push(RegistryRowError {
                row: row.number,
                message,
            }),
        }
    }
    Ok(errors)
}

fn date(text: &str, what: &str) -> Result<NaiveDate, String> {
    parse_date_it(text).map_err(|e| format!("{what}: {e}"))
}

fn vaccine(text: &str) -> Result<Vaccine, String> {
    Vaccine::from_key(&text.to_ascii_lowercase())
        .ok_or_else(|| format!("vaccino sconosciuto: «{text}»"))
}

/// The key a codice fiscale is filed under: normalised, and a personal code
/// in its canonical (non-omocode) form, as the school file's rows are.
fn key_of(cf: &str) -> String {
    use crate::codice_fiscale::{Accept, FiscalId, parse_fiscal_id};
    let normal: String = cf.split_whitespace().collect::<String>().to_uppercase();
    let any_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    match parse_fiscal_id(&normal, any_day, Accept::ALL) {
        Ok(FiscalId::Personal(code)) => code.canonical().as_str().to_owned(),
        _ => normal,
    }
}

/// One fact of the extract about one pupil.
enum Fact {
    Birth(NaiveDate),
    Dose(Dose),
    Exemption(Exemption),
    Appointment(Option<NaiveDate>),
}

/// One row's fact, or why the row is unusable.
fn fact_of([kind, vacc, dose, day, until]: [&str; 5]) -> Result<Fact, String> {
    let optional = |text: &str, what: &str| {
        if text.is_empty() {
            Ok(None)
        } else {
            date(text, what).map(Some)
        }
    };
    Ok(match kind.to_ascii_lowercase().as_str() {
        "anagrafe" => Fact::Birth(date(day, "data di nascita")?),
        "dose" => Fact::Dose(Dose {
            vaccine: vaccine(vacc)?,
            dose: dose.parse().ok(),
            date: date(day, "data della dose")?,
        }),
        kind @ ("immunita" | "omissione" | "differimento") => Fact::Exemption(Exemption {
            vaccine: vaccine(vacc)?,
            kind: match kind {
                "immunita" => ExemptionKind::Immunity,
                "omissione" => ExemptionKind::Omitted,
                _ => ExemptionKind::Postponed,
            },
            until: optional(until, "fino al")?,
        }),
        "appuntamento" => Fact::Appointment(optional(day, "data dell'appuntamento")?),
        other => return Err(format!("tipo sconosciuto: «{other}»")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_appointment_covers_until_the_day_after_it() {
        let file = b"codice_fiscale;tipo;vaccino;dose;data;fino_al\nAAA;anagrafe;;;01/01/2019;\nAAA;appuntamento;;;10/03/2026;\n";
        let (registry, errors) = parse(file).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let birth = day(2019, 1, 1);
        assert!(
            registry
                .record("AAA", birth, day(2026, 3, 11))
                .pending_appointment
        );
        assert!(
            !registry
                .record("AAA", birth, day(2026, 3, 12))
                .pending_appointment
        );
        assert!(!registry.record("BBB", birth, day(2026, 3, 1)).in_registry);
    }

    #[test]
    fn exemptions_doses_and_bad_rows() {
        let file = "codice_fiscale,tipo,vaccino,dose,data,fino_al\n\
                    AAA,dose,polio,1,2019-03-01,\n\
                    AAA,differimento,measles,,,30/06/2026\n\
                    AAA,immunita,varicella,,,\n\
                    AAA,vaccino,polio,1,2019-03-01,\n\
                    AAA,dose,polio,2,31/02/2019,\n";
        let (registry, errors) = parse(file.as_bytes()).unwrap();
        let record = registry.record("AAA", day(2019, 1, 1), day(2026, 3, 1));
        assert_eq!(record.doses.len(), 1);
        assert_eq!(record.exemptions.len(), 2);
        assert_eq!(record.exemptions[0].until, Some(day(2026, 6, 30)));
        assert_eq!(errors.iter().map(|e| e.row).collect::<Vec<_>>(), [5, 6]);
        assert!(errors[0].message.contains("tipo sconosciuto"));
    }

    #[test]
    fn stored_rows_rebuild_the_same_records() {
        let file = b"codice_fiscale;tipo;vaccino;dose;data;fino_al\nAAA;anagrafe;;;01/01/2019;\n\
                     AAA;dose;polio;1;2019-03-01;\nAAA;bogus;;;;\nBBB;omissione;measles;;;\n";
        let (direct, direct_errors) = parse(file).unwrap();
        let mut stored: Vec<(String, [String; 5])> = Vec::new();
        let errors = read_rows(file, |key, cells| {
            stored.push((key.to_owned(), cells.map(str::to_owned)));
        })
        .unwrap();
        assert_eq!(errors, direct_errors);
        assert_eq!(stored.len(), 3);
        let mut rebuilt = Registry::default();
        for (key, cells) in &stored {
            rebuilt
                .add_row(key, cells.each_ref().map(String::as_str))
                .unwrap();
        }
        for cf in ["AAA", "BBB", "CCC"] {
            let on = day(2026, 3, 1);
            assert_eq!(
                rebuilt.record(cf, day(2019, 1, 1), on),
                direct.record(cf, day(2019, 1, 1), on)
            );
        }
        assert!(
            rebuilt
                .add_row("AAA", ["dose", "nope", "1", "", ""])
                .is_err()
        );
    }

    #[test]
    fn a_missing_column_rejects_the_extract() {
        let err = parse(b"codice_fiscale,tipo\nAAA,anagrafe\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Mancano colonne nel file del registro: vaccino, dose, data, fino_al."
        );
    }
}
