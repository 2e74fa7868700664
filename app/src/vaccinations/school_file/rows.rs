//! The row rules of the school's file. Errors discard the row (it is
//! reported, the others are processed); warnings keep it.

use std::collections::HashSet;

use chrono::{Months, NaiveDate};

use super::FileRejected;
use super::columns::{Column, Layout};
use super::dates::parse_date;
use crate::codice_fiscale::{
    Accept, FiscalId, PersonData, Sex, check_consistency, parse_fiscal_id,
};
use crate::schools::CodiceMeccanografico;
use crate::tabular::{Records, Row, Table};
use crate::vaccinations::registry_file::CodeMap;

/// Oldest pupil the file may list: older is not a pupil at all.
const MAX_AGE_YEARS: u32 = 20;
/// From this age a pupil is outside the obligation (LOVS-RULES.md §4).
const OBLIGATION_ENDS_AT: u32 = 17;

/// One problem of one row: `row` counts the header as 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: &'static str,
    pub message: String,
    /// A warning keeps the row valid.
    pub warning: bool,
}

/// A valid row, ready for the check against the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pupil {
    pub row: usize,
    /// As normalised (upper case, no spaces); personal codes in canonical
    /// (non-omocode) form.
    pub codice_fiscale: String,
    pub cognome: String,
    pub nome: String,
    pub data_nascita: NaiveDate,
    pub sesso: Sex,
    pub codice_plesso: String,
    pub classe: String,
    pub sezione: String,
    /// Outside the obligation by age (in regola per LOVS-RULES.md §4).
    pub over_obligation_age: bool,
}

/// The outcome of checking a whole file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckedFile {
    /// Data rows (the header and blank lines not counted).
    pub rows: usize,
    pub pupils: Vec<Pupil>,
    /// Rows with at least one error.
    pub with_errors: usize,
    /// Every problem, in row order.
    pub problems: Vec<Problem>,
}

/// Reads and checks `bytes` on `check_date`. `plessi`, when known (the
/// uploader's istituto), are the codici the file may use.
pub fn check(
    bytes: &[u8],
    check_date: NaiveDate,
    plessi: Option<&HashSet<String>>,
) -> Result<CheckedFile, FileRejected> {
    let table = open(bytes)?;
    let mut records = table.records_fast();
    let (mut checker, _) = Checker::of_header(&mut records, check_date, plessi)?;
    let mut out = CheckedFile::default();
    let mut row = Row::empty();
    while records
        .read_into(&mut row)
        .map_err(|bad| FileRejected::unreadable(&bad))?
    {
        out.rows += 1;
        match checker.row(&row, &mut out.problems) {
            Some(pupil) => out.pupils.push(pupil.into_pupil(row.number)),
            None => out.with_errors += 1,
        }
    }
    Ok(out)
}

/// The school's file as a table, unless it is a spreadsheet.
pub(crate) fn open(bytes: &[u8]) -> Result<Table<'_>, FileRejected> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(FileRejected::Spreadsheet);
    }
    Ok(Table::from_bytes(bytes))
}

/// The rows of a file checked one by one, in order: what [`check`] does
/// without keeping the rows (the outcome file writes each row back as soon
/// as it is checked).
pub(crate) struct Checker<'p> {
    layout: Layout,
    check_date: NaiveDate,
    plessi: Option<&'p HashSet<String>>,
    /// The row each code was last seen on.
    seen: CodeMap<usize>,
}

/// What a valid row says, borrowed from the row.
pub(crate) struct Valid<'r> {
    /// As [`Pupil::codice_fiscale`] has it.
    pub(crate) code: FiscalId,
    pub(crate) data_nascita: NaiveDate,
    over_obligation_age: bool,
    sesso: Sex,
    codice_plesso: CodiceMeccanografico,
    cognome: &'r str,
    nome: &'r str,
    classe: &'r str,
    sezione: &'r str,
}

impl Valid<'_> {
    fn into_pupil(self, row: usize) -> Pupil {
        Pupil {
            row,
            codice_fiscale: self.code.as_str().to_owned(),
            cognome: self.cognome.to_owned(),
            nome: self.nome.to_owned(),
            data_nascita: self.data_nascita,
            sesso: self.sesso,
            codice_plesso: String::from(self.codice_plesso),
            classe: self.classe.to_owned(),
            sezione: self.sezione.to_owned(),
            over_obligation_age: self.over_obligation_age,
        }
    }
}

impl<'p> Checker<'p> {
    /// Reads the header (the first record of `records`): the file is
    /// rejected when it has none, or not the mandatory columns.
    pub(crate) fn of_header(
        records: &mut Records<'_>,
        check_date: NaiveDate,
        plessi: Option<&'p HashSet<String>>,
    ) -> Result<(Self, Row), FileRejected> {
        let header = match records.next() {
            None => return Err(FileRejected::Empty),
            Some(Err(bad)) => return Err(FileRejected::unreadable(&bad)),
            Some(Ok(row)) => row,
        };
        let layout = Layout::of(header.record.iter())?;
        let checker = Checker {
            layout,
            check_date,
            plessi,
            seen: CodeMap::default(),
        };
        Ok((checker, header))
    }

    /// Checks the next row: its problems are added to `problems`; what it
    /// says when it has no error (warnings aside).
    pub(crate) fn row<'r>(
        &mut self,
        row: &'r Row,
        problems: &mut Vec<Problem>,
    ) -> Option<Valid<'r>> {
        let before = problems.len();
        let pupil = check_row(
            &self.layout,
            &row.record,
            row.number,
            self.check_date,
            self.plessi,
            problems,
        );
        if let Some(pupil) = &pupil
            && let Some(first) = self.seen.insert(pupil.code.as_str(), row.number)
        {
            problems.push(error(
                row.number,
                Column::CodiceFiscale,
                format!("Codice fiscale già presente alla riga {first}."),
            ));
        }
        let failed = problems
            .get(before..)
            .unwrap_or_default()
            .iter()
            .any(|p| !p.warning);
        if failed { None } else { pupil }
    }
}

fn error(row: usize, column: Column, message: String) -> Problem {
    Problem {
        row,
        column: column.name(),
        message,
        warning: false,
    }
}

fn warning(row: usize, column: Column, message: String) -> Problem {
    Problem {
        row,
        column: column.name(),
        message: format!("avviso: {message}"),
        warning: true,
    }
}

/// The row's problems into `problems`; the pupil when no field is wrong.
fn check_row<'r>(
    layout: &Layout,
    record: &'r csv::StringRecord,
    row: usize,
    check_date: NaiveDate,
    plessi: Option<&HashSet<String>>,
    problems: &mut Vec<Problem>,
) -> Option<Valid<'r>> {
    let value = |c: Column| layout.value(record, c);
    let mut required = |c: Column, what: &str| {
        let empty = value(c).is_empty();
        if empty {
            problems.push(error(row, c, format!("Indicare {what}.")));
        }
        !empty
    };
    let has_surname = required(Column::Cognome, "il cognome");
    let has_name = required(Column::Nome, "il nome");
    let has_class = required(Column::Classe, "la classe");
    let has_section = required(Column::Sezione, "la sezione");

    let birth = birth_date(value(Column::DataNascita), row, check_date, problems);
    let sex = match value(Column::Sesso) {
        m if m.eq_ignore_ascii_case("M") => Some(Sex::M),
        f if f.eq_ignore_ascii_case("F") => Some(Sex::F),
        "" => {
            problems.push(error(
                row,
                Column::Sesso,
                "Indicare il sesso (M o F).".to_owned(),
            ));
            None
        }
        other => {
            problems.push(error(
                row,
                Column::Sesso,
                format!(
                    "Sesso «{}» non valido: indicare M o F.",
                    other.to_ascii_uppercase()
                ),
            ));
            None
        }
    };
    let plesso = plesso(value(Column::CodicePlesso), row, plessi, problems);

    let code = match parse_fiscal_id(value(Column::CodiceFiscale), check_date, Accept::ALL) {
        Ok(FiscalId::Personal(cf)) => {
            let person = PersonData {
                surname: Some(value(Column::Cognome)),
                name: Some(value(Column::Nome)),
                birth_date: birth.map(|(date, _)| date),
                sex,
                belfiore: None,
            };
            for mismatch in check_consistency(&cf, &person) {
                problems.push(warning(row, Column::CodiceFiscale, mismatch.to_string()));
            }
            Some(FiscalId::Personal(cf.canonical()))
        }
        Ok(other) => {
            problems.push(warning(
                row,
                Column::CodiceFiscale,
                "codice provvisorio (numerico, STP o ENI): la coerenza con i dati anagrafici non è verificabile.".to_owned(),
            ));
            Some(other)
        }
        Err(e) => {
            problems.push(error(row, Column::CodiceFiscale, e.to_string()));
            None
        }
    };

    let complete = has_surname && has_name && has_class && has_section;
    match (code, birth, sex, plesso) {
        (Some(code), Some((data_nascita, over)), Some(sesso), Some(codice_plesso)) if complete => {
            Some(Valid {
                code,
                data_nascita,
                over_obligation_age: over,
                sesso,
                codice_plesso,
                cognome: value(Column::Cognome),
                nome: value(Column::Nome),
                classe: value(Column::Classe),
                sezione: value(Column::Sezione),
            })
        }
        _ => None,
    }
}

/// The birth date and whether the pupil is past the obligation's age.
fn birth_date(
    text: &str,
    row: usize,
    check_date: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Option<(NaiveDate, bool)> {
    let date = match parse_date(text) {
        Ok(date) => date,
        Err(e) => {
            problems.push(error(row, Column::DataNascita, e.to_string()));
            return None;
        }
    };
    if date > check_date {
        problems.push(error(
            row,
            Column::DataNascita,
            "La data di nascita è nel futuro.".to_owned(),
        ));
        return None;
    }
    let oldest = check_date.checked_sub_months(Months::new(MAX_AGE_YEARS * 12));
    if oldest.is_some_and(|oldest| date < oldest) {
        problems.push(error(
            row,
            Column::DataNascita,
            format!("Nato più di {MAX_AGE_YEARS} anni fa: non è un alunno."),
        ));
        return None;
    }
    let age = check_date.years_since(date).unwrap_or_default();
    let over = age >= OBLIGATION_ENDS_AT;
    if over {
        problems.push(warning(
            row,
            Column::DataNascita,
            format!("alunno di {age} anni, fuori dall'obbligo vaccinale (esito: in regola)."),
        ));
    }
    Some((date, over))
}

/// The plesso's codice, checked in shape and, when known, against the
/// uploader's istituto.
fn plesso(
    text: &str,
    row: usize,
    plessi: Option<&HashSet<String>>,
    problems: &mut Vec<Problem>,
) -> Option<CodiceMeccanografico> {
    let code = match CodiceMeccanografico::parse(text) {
        Ok(code) => code,
        Err(e) => {
            problems.push(error(row, Column::CodicePlesso, e.to_string()));
            return None;
        }
    };
    if plessi.is_some_and(|own| !own.contains(code.as_str())) {
        problems.push(error(
            row,
            Column::CodicePlesso,
            format!("Il plesso {code} non appartiene all'istituto."),
        ));
        return None;
    }
    Some(code)
}
