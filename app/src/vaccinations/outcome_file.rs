//! The outcome file a school downloads: its own file back, row by row in
//! its order and with all its columns, plus `esito`, `esito_descrizione`
//! and `mancanti`, in the file's own separator and encoding (what came from
//! Excel goes back to Excel). Pure code, shared by the job and the
//! `lovs-outcome` command.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::compliance::{Outcome, PupilRecord, check};
use super::registry_file::{Facts, Registry};
use super::school_file::{self, Checker, FileRejected, Problem};
use crate::codice_fiscale::FiscalId;
use crate::tabular::{Records, Row, SourceEncoding};

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

/// Rows checked at a time, and handed on together to be written.
const BATCH: usize = 1024;

/// A file shorter than this is checked and written on one thread.
const PIPELINE_FROM_BYTES: usize = 256 << 10;

/// Consecutive rows of the file, read and checked, waiting to be written.
struct Batch {
    /// Buffers reused from batch to batch; the first `len` are this batch's.
    rows: Vec<Row>,
    len: usize,
    checked: Vec<Checked>,
    /// The messages of the rejected rows, one after the other.
    messages: String,
}

/// What the check of a row says.
enum Checked {
    /// A valid row: the pupil to look up.
    Pupil { code: FiscalId, birth: NaiveDate },
    /// A row in error (scartato): its messages, `messages[from..to]`.
    Rejected { from: usize, to: usize },
}

impl Batch {
    fn new() -> Batch {
        Batch {
            rows: Vec::new(),
            len: 0,
            checked: Vec::new(),
            messages: String::new(),
        }
    }

    /// Reads and checks the next rows: fewer than [`BATCH`] at the end.
    fn fill(
        &mut self,
        records: &mut Records<'_>,
        checker: &mut Checker<'_>,
        problems: &mut Vec<Problem>,
    ) -> Result<(), FileRejected> {
        self.len = 0;
        self.checked.clear();
        self.messages.clear();
        while self.len < BATCH {
            if self.rows.len() <= self.len {
                self.rows.push(Row::empty());
            }
            let Some(row) = self.rows.get_mut(self.len) else {
                break;
            };
            if !records
                .read_into(row)
                .map_err(|bad| FileRejected::unreadable(&bad))?
            {
                break;
            }
            self.len += 1;
            problems.clear();
            let checked = match checker.row(row, problems) {
                Some(pupil) => Checked::Pupil {
                    code: pupil.code,
                    birth: pupil.data_nascita,
                },
                None => {
                    let from = self.messages.len();
                    for problem in problems.iter().filter(|p| !p.warning) {
                        if self.messages.len() > from {
                            self.messages.push_str("; ");
                        }
                        let _ = write!(self.messages, "{}: {}", problem.column, problem.message);
                    }
                    Checked::Rejected {
                        from,
                        to: self.messages.len(),
                    }
                }
            };
            self.checked.push(checked);
        }
        Ok(())
    }
}

/// Records written as the csv crate writes them with the file's separator
/// and line break: a field in quotes (its quotes doubled) when it holds
/// the separator, a quote or a line break; a record of one empty field as
/// `""`.
struct Csv {
    out: Vec<u8>,
    separator: u8,
    terminator: &'static [u8],
    quoted: [bool; 256],
}

impl Csv {
    fn new(out: Vec<u8>, separator: u8, crlf: bool) -> Csv {
        let mut quoted = [false; 256];
        for b in [separator, b'"', b'\r', b'\n'] {
            quoted[usize::from(b)] = true;
        }
        Csv {
            out,
            separator,
            terminator: if crlf { b"\r\n" } else { b"\n" },
            quoted,
        }
    }

    fn record<'f>(&mut self, fields: impl IntoIterator<Item = &'f str>) {
        let start = self.out.len();
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                self.out.push(self.separator);
            }
            let bytes = field.as_bytes();
            if bytes.iter().any(|&b| self.quoted[usize::from(b)]) {
                self.out.push(b'"');
                for (j, part) in bytes.split(|&b| b == b'"').enumerate() {
                    if j > 0 {
                        self.out.extend_from_slice(b"\"\"");
                    }
                    self.out.extend_from_slice(part);
                }
                self.out.push(b'"');
            } else {
                self.out.extend_from_slice(bytes);
            }
        }
        if self.out.len() == start {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.extend_from_slice(self.terminator);
    }
}

/// Writes rows with their added cells.
struct Writer<'a> {
    csv: Csv,
    registry: &'a Registry,
    check_date: NaiveDate,
    record: PupilRecord,
    missing: String,
    /// What the registry knows of each pupil of the batch.
    found: Vec<Option<Facts>>,
}

impl Writer<'_> {
    fn batch(&mut self, batch: &Batch) {
        // The whole batch looked up first: the lookups' trips to memory
        // overlap.
        self.found.clear();
        for checked in &batch.checked {
            if let Checked::Pupil { code, .. } = checked {
                self.found.push(self.registry.facts(code.as_str()));
            }
        }
        let mut found = self.found.iter();
        for (row, checked) in batch.rows.iter().take(batch.len).zip(&batch.checked) {
            let added = match *checked {
                Checked::Pupil { birth, .. } => {
                    // The engine applies LOVS-RULES §4's precedence (non
                    // presente, then past the obligation's age, …).
                    let facts = found.next().copied().flatten();
                    self.registry
                        .record_of(facts, birth, self.check_date, &mut self.record);
                    let result = check(&self.record, self.check_date);
                    // One string for the whole list: a pupil may lack twenty doses.
                    self.missing.clear();
                    for (vaccine, dose) in &result.missing {
                        if !self.missing.is_empty() {
                            self.missing.push(',');
                        }
                        self.missing.push_str(vaccine.key());
                        self.missing.push(':');
                        push_number(&mut self.missing, *dose);
                    }
                    let outcome = result.outcome;
                    [outcome.key(), description(outcome), self.missing.as_str()]
                }
                Checked::Rejected { from, to } => [
                    SCARTATO,
                    batch.messages.get(from..to).unwrap_or_default(),
                    "",
                ],
            };
            self.csv.record(row.record.iter().chain(added));
        }
    }
}

/// `n` in decimal, as `{n}` writes it.
fn push_number(text: &mut String, n: u8) {
    if n >= 100 {
        text.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        text.push(char::from(b'0' + n / 10 % 10));
    }
    text.push(char::from(b'0' + n % 10));
}

/// The outcome file of `school` against `registry` on `check_date`: each
/// row checked as [`school_file::check`] checks it, and written back with
/// its added cells as soon as it is checked. On more than one core, one
/// thread reads and checks the rows while another looks the pupils up and
/// writes them, in the file's order.
pub fn write(
    school: &[u8],
    registry: &Registry,
    check_date: NaiveDate,
    plessi: Option<&HashSet<String>>,
) -> Result<Vec<u8>, FileRejected> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let pipelined = threads > 1 && school.len() >= PIPELINE_FROM_BYTES;
    write_with(school, registry, check_date, plessi, pipelined)
}

fn write_with(
    school: &[u8],
    registry: &Registry,
    check_date: NaiveDate,
    plessi: Option<&HashSet<String>>,
    pipelined: bool,
) -> Result<Vec<u8>, FileRejected> {
    let table = school_file::open(school)?;
    let mut records = table.records_fast();
    let (mut checker, header) = Checker::of_header(&mut records, check_date, plessi)?;
    let crlf = table.text().contains("\r\n");
    let encoding = table.encoding();
    let mut out = Vec::with_capacity(school.len() * 2);
    if !matches!(encoding, SourceEncoding::Windows1252 | SourceEncoding::Utf8) {
        // A BOM came in (UTF-8 or UTF-16): UTF-8 with a BOM goes out.
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut csv = Csv::new(out, table.separator(), crlf);
    // The school's cells as read, then the added ones: nothing copied.
    csv.record(header.record.iter().chain(ADDED));
    let mut writer = Writer {
        csv,
        registry,
        check_date,
        record: PupilRecord {
            birth_date: check_date,
            doses: Vec::new(),
            exemptions: Vec::new(),
            pending_appointment: false,
            in_registry: false,
        },
        missing: String::new(),
        found: Vec::new(),
    };
    let mut problems = Vec::new();
    if pipelined {
        let (full, filled) = std::sync::mpsc::sync_channel::<Batch>(4);
        let (empty, emptied) = std::sync::mpsc::channel::<Batch>();
        let read = std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                loop {
                    let mut batch = emptied.try_recv().unwrap_or_else(|_| Batch::new());
                    batch.fill(&mut records, &mut checker, &mut problems)?;
                    let last = batch.len < BATCH;
                    if full.send(batch).is_err() || last {
                        return Ok(());
                    }
                }
            });
            for batch in filled {
                writer.batch(&batch);
                let _ = empty.send(batch);
            }
            reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        });
        read?;
    } else {
        let mut batch = Batch::new();
        loop {
            batch.fill(&mut records, &mut checker, &mut problems)?;
            writer.batch(&batch);
            if batch.len < BATCH {
                break;
            }
        }
    }
    let text = match String::from_utf8(writer.csv.out) {
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

    proptest::proptest! {
        /// Records come out as the csv crate's writer writes them.
        #[test]
        fn records_as_the_csv_writer_writes_them(
            records in proptest::collection::vec(
                proptest::collection::vec("[a;,|\t\"\r\n é]{0,4}", 0..4),
                0..4,
            ),
            separator in proptest::sample::select(&[b',', b';', b'\t', b'|'][..]),
            crlf: bool,
        ) {
            let mut ours = Csv::new(Vec::new(), separator, crlf);
            let mut theirs = csv::WriterBuilder::new()
                .delimiter(separator)
                .terminator(if crlf {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                })
                .flexible(true)
                .from_writer(Vec::new());
            for record in &records {
                ours.record(record.iter().map(String::as_str));
                theirs.write_record(record).unwrap();
            }
            proptest::prop_assert_eq!(ours.out, theirs.into_inner().unwrap());
        }
    }

    #[test]
    fn written_as_it_is_read_the_file_is_the_one_checked_whole() {
        let kids: Vec<(String, &str, NaiveDate, Sex)> = (0..41)
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
        // More rows than a batch holds, many of them repeated.
        for (i, (cf, surname, birth, sex)) in kids.iter().cycle().take(2600).enumerate() {
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
                let expected = in_two_passes(bytes, &registry, date, plessi);
                for pipelined in [false, true] {
                    assert_eq!(
                        write_with(bytes, &registry, date, plessi, pipelined),
                        expected
                    );
                }
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
