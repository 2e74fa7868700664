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
    let mut registry = Registry::default();
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
        if let Err(message) = apply(&mut registry, &last.1, cells) {
            errors.push(RegistryRowError {
                row: row.number,
                message,
            });
        }
    }
    Ok((registry, errors))
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

/// One row into the registry; a bad row changes nothing.
fn apply(
    registry: &mut Registry,
    cf: &str,
    [kind, vacc, dose, day, until]: [&str; 5],
) -> Result<(), String> {
    if cf.is_empty() {
        return Err("codice fiscale mancante".to_owned());
    }
    let optional = |text: &str, what: &str| {
        if text.is_empty() {
            Ok(None)
        } else {
            date(text, what).map(Some)
        }
    };
    let fact = match kind.to_ascii_lowercase().as_str() {
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
    };
    if !registry.pupils.contains_key(cf) {
        registry.pupils.insert(cf.to_owned(), Facts::default());
    }
    let Some(facts) = registry.pupils.get_mut(cf) else {
        return Ok(());
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
    Ok(())
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
    fn a_missing_column_rejects_the_extract() {
        let err = parse(b"codice_fiscale,tipo\nAAA,anagrafe\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Mancano colonne nel file del registro: vaccino, dose, data, fino_al."
        );
    }
}
