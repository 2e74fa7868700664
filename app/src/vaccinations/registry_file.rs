//! The regional vaccination registry's extract, as an ATS imports it: CSV
//! with the columns `codice_fiscale`, `tipo`, `vaccino`, `dose`, `data`,
//! `fino_al`, one fact per row. Folded into one [`PupilRecord`] per codice
//! fiscale for the compliance engine. Pure code.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{Days, NaiveDate};

use super::compliance::{Dose, Exemption, ExemptionKind, PupilRecord, Vaccine};
use super::school_file::parse_date;
use crate::tabular::{BadRecord, Records, Row, Table, normalise_header};

const COLUMNS: [&str; 6] = [
    "codice_fiscale",
    "tipo",
    "vaccino",
    "dose",
    "data",
    "fino_al",
];

/// The least a thread reads of an extract: a shorter one is read on one
/// thread (starting threads would cost more than they save).
const PARALLEL_FROM_BYTES: usize = 1 << 20;

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

/// A code of at most 16 bytes and no NUL, inline: every codice fiscale,
/// temporary code and STP/ENI code is one (zero-padded, so distinct codes
/// stay distinct).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Short([u8; 16]);

impl Hash for Short {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(&self.0);
    }
}

impl Short {
    fn of(code: &str) -> Option<Short> {
        let bytes = code.as_bytes();
        if bytes.len() > 16 || bytes.contains(&0) {
            return None;
        }
        let mut out = [0; 16];
        for (slot, &b) in out.iter_mut().zip(bytes) {
            *slot = b;
        }
        Some(Short(out))
    }
}

/// Values by code, compactly: a short code is kept inline (no allocation
/// per code), any other in a map of its own.
#[derive(Debug, Clone)]
pub(crate) struct CodeMap<V> {
    short: HashMap<Short, V>,
    long: HashMap<Box<str>, V>,
}

impl<V> Default for CodeMap<V> {
    fn default() -> Self {
        Self {
            short: HashMap::new(),
            long: HashMap::new(),
        }
    }
}

impl<V> CodeMap<V> {
    pub(crate) fn get(&self, code: &str) -> Option<&V> {
        match Short::of(code) {
            Some(short) => self.short.get(&short),
            None => self.long.get(code),
        }
    }

    /// Sets the value of `code`, returning the previous one.
    pub(crate) fn insert(&mut self, code: &str, value: V) -> Option<V> {
        match Short::of(code) {
            Some(short) => self.short.insert(short, value),
            None => self.long.insert(Box::from(code), value),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// The end of a chain of facts.
const END: u32 = u32::MAX;

/// A pupil's doses (or exemptions) in the order the extract gave them:
/// linked through one shared list, so a pupil's rows need not be adjacent.
#[derive(Debug, Clone, Copy)]
struct Chain {
    first: u32,
    last: u32,
}

impl Chain {
    const EMPTY: Chain = Chain {
        first: END,
        last: END,
    };
}

/// One shared list of chained items (doses, or exemptions).
#[derive(Debug, Clone)]
struct Links<T> {
    items: Vec<(T, u32)>,
}

impl<T: Copy> Links<T> {
    const fn new() -> Self {
        Self { items: Vec::new() }
    }

    /// Appends `item` to `chain`; `false` when the list is full.
    fn push(&mut self, chain: &mut Chain, item: T) -> bool {
        let Ok(at) = u32::try_from(self.items.len()) else {
            return false;
        };
        if at == END {
            return false;
        }
        self.items.push((item, END));
        match self.items.get_mut(chain.last as usize) {
            Some(previous) if chain.last != END => previous.1 = at,
            _ => chain.first = at,
        }
        chain.last = at;
        true
    }

    fn each(&self, chain: Chain) -> impl Iterator<Item = T> + '_ {
        let mut next = chain.first;
        std::iter::from_fn(move || {
            let (item, after) = self.items.get(next as usize)?;
            next = *after;
            Some(*item)
        })
    }
}

/// What the registry knows about one pupil, before a check date applies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    birth: Option<NaiveDate>,
    /// `Some(None)`: a request without a date; `Some(Some(d))`: the latest
    /// appointment.
    appointment: Option<Option<NaiveDate>>,
    doses: Chain,
    exemptions: Chain,
}

impl Facts {
    const NONE: Facts = Facts {
        birth: None,
        appointment: None,
        doses: Chain::EMPTY,
        exemptions: Chain::EMPTY,
    };
}

/// A request without a date stays pending; otherwise the latest date.
fn later_appointment(
    known: Option<Option<NaiveDate>>,
    when: Option<Option<NaiveDate>>,
) -> Option<Option<NaiveDate>> {
    match (known, when) {
        (known, None) => known,
        (None, when) => when,
        (Some(None), _) | (_, Some(None)) => Some(None),
        (Some(Some(a)), Some(Some(b))) => Some(Some(a.max(b))),
    }
}

/// The extract, by codice fiscale (upper case): one compact entry per
/// pupil, the doses and exemptions of all pupils in two shared lists.
#[derive(Debug, Clone)]
pub struct Registry {
    index: CodeMap<u32>,
    pupils: Vec<Facts>,
    doses: Links<Dose>,
    exemptions: Links<Exemption>,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            index: CodeMap::default(),
            pupils: Vec::new(),
            doses: Links::new(),
            exemptions: Links::new(),
        }
    }
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
        let mut record = PupilRecord {
            birth_date: birth,
            doses: Vec::new(),
            exemptions: Vec::new(),
            pending_appointment: false,
            in_registry: false,
        };
        self.record_into(codice_fiscale, birth, check_date, &mut record);
        record
    }

    /// [`Self::record`] into `record`, whose lists are reused (checking
    /// many pupils then allocates nothing per pupil).
    pub fn record_into(
        &self,
        codice_fiscale: &str,
        birth: NaiveDate,
        check_date: NaiveDate,
        record: &mut PupilRecord,
    ) {
        self.record_of(self.facts(codice_fiscale), birth, check_date, record);
    }

    /// What the registry knows of `codice_fiscale`, for [`Self::record_of`]:
    /// many codes looked up one after the other, then their records read,
    /// overlap their trips to memory.
    pub(crate) fn facts(&self, codice_fiscale: &str) -> Option<Facts> {
        self.index
            .get(codice_fiscale)
            .and_then(|&at| self.pupils.get(at as usize))
            .copied()
    }

    /// [`Self::record_into`] from the facts [`Self::facts`] found.
    pub(crate) fn record_of(
        &self,
        facts: Option<Facts>,
        birth: NaiveDate,
        check_date: NaiveDate,
        record: &mut PupilRecord,
    ) {
        record.doses.clear();
        record.exemptions.clear();
        let Some(facts) = facts else {
            record.birth_date = birth;
            record.pending_appointment = false;
            record.in_registry = false;
            return;
        };
        let pending = match facts.appointment {
            None => false,
            Some(None) => true,
            Some(Some(day)) => day
                .checked_add_days(Days::new(1))
                .is_some_and(|end| check_date <= end),
        };
        record.birth_date = facts.birth.unwrap_or(birth);
        record.doses.extend(self.doses.each(facts.doses));
        record
            .exemptions
            .extend(self.exemptions.each(facts.exemptions));
        record.pending_appointment = pending;
        record.in_registry = true;
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.len() == 0
    }
}

/// Reads the extract; bad rows are returned beside it.
pub fn parse(bytes: &[u8]) -> Result<(Registry, Vec<RegistryRowError>), RegistryRejected> {
    let parts = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    parse_in_parts(bytes, parts, PARALLEL_FROM_BYTES)
}

/// [`parse`] on up to `parts` threads: a long extract without quotes is cut
/// at line breaks, each piece read into a registry of its own, and the
/// pieces joined in the file's order (so every pupil's facts keep their
/// order, and the result is the one reading on one thread gives).
fn parse_in_parts(
    bytes: &[u8],
    parts: usize,
    min_part: usize,
) -> Result<(Registry, Vec<RegistryRowError>), RegistryRejected> {
    let table = Table::from_bytes(bytes);
    let Some(cuts) = table.cuts(parts, min_part) else {
        return parse_whole(&table);
    };
    let pieces: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let Some((&(start, end), rest)) = pieces.split_first() else {
        return parse_whole(&table);
    };
    let mut first = table.records_between(start, end);
    let at = match first.next() {
        // Nothing but blank lines in the first piece: read the file whole.
        None => return parse_whole(&table),
        Some(Err(bad)) => return Err(RegistryRejected::Unreadable(bad.line)),
        Some(Ok(header)) => columns(&header)?,
    };
    let read_piece = |records: Records<'_>| {
        let mut folder = Folder::default();
        let read = rows(records, &at, |key, fact, _| folder.add(key, fact));
        read.map(|(errors, count)| (folder.registry, errors, count))
    };
    let (head, tail) = std::thread::scope(|scope| {
        let handles: Vec<_> = rest
            .iter()
            .map(|&(start, end)| {
                let records = table.records_between(start, end);
                scope.spawn(move || read_piece(records))
            })
            .collect();
        let head = read_piece(first);
        let tail: Vec<_> = handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect();
        (head, tail)
    });
    let lines_before = |piece: usize| {
        let start = pieces.get(piece).map_or(0, |p| p.0);
        line_breaks(table.text().as_bytes().get(..start).unwrap_or_default())
    };
    let unreadable = |piece: usize, bad: BadRecord| {
        RegistryRejected::Unreadable(bad.line.saturating_add(lines_before(piece)))
    };
    let (mut registry, mut errors, mut count) = head.map_err(|bad| unreadable(0, bad))?;
    // The header is record 1 of the first piece.
    count += 1;
    for (piece, read) in tail.into_iter().enumerate() {
        let (part, part_errors, part_count) = read.map_err(|bad| unreadable(piece + 1, bad))?;
        errors.extend(part_errors.into_iter().map(|e| RegistryRowError {
            row: e.row + count,
            message: e.message,
        }));
        count += part_count;
        registry.absorb(part);
    }
    Ok((registry, errors))
}

/// The line breaks in `bytes`, counted as [`crate::tabular::LineCounter`]
/// counts them (`\r\n`, `\n` or `\r`).
fn line_breaks(bytes: &[u8]) -> u64 {
    let mut previous = 0;
    let mut count = 0u64;
    for &b in bytes {
        count += u64::from(b == b'\r' || (b == b'\n' && previous != b'\r'));
        previous = b;
    }
    count
}

fn parse_whole(table: &Table<'_>) -> Result<(Registry, Vec<RegistryRowError>), RegistryRejected> {
    let mut folder = Folder::default();
    let errors = read(table, |key, fact, _| folder.add(key, fact))?;
    Ok((folder.registry, errors))
}

/// Builds a registry from the extract's rows: the entry of the last key is
/// reused while the rows are the same pupil's (an extract lists them
/// together), rather than looked up again for every row.
#[derive(Default)]
struct Folder {
    registry: Registry,
    last: Option<(String, usize)>,
}

impl Folder {
    fn add(&mut self, key: &str, fact: Fact) -> Result<(), String> {
        let at = match &self.last {
            Some((last, at)) if last == key => *at,
            _ => {
                let at = self.registry.slot(key)?;
                let (last, slot) = self.last.get_or_insert_with(Default::default);
                last.clear();
                last.push_str(key);
                *slot = at;
                at
            }
        };
        self.registry.add_at(at, fact)
    }
}

/// Reads the extract without folding it: each valid row's key (the
/// canonical codice fiscale) and its five other cells, trimmed, for the
/// portal to store; bad rows are returned. Same rules as [`parse`].
pub fn read_rows(
    bytes: &[u8],
    mut each: impl FnMut(&str, [&str; 5]),
) -> Result<Vec<RegistryRowError>, RegistryRejected> {
    let table = Table::from_bytes(bytes);
    read(&table, |key, _, cells| {
        each(key, cells);
        Ok(())
    })
}

impl Registry {
    /// Adds one stored row (as [`read_rows`] gave it) to the registry:
    /// the portal rebuilds the records of a school's pupils from the
    /// database with the very rules that read the file.
    pub fn add_row(&mut self, key: &str, cells: [&str; 5]) -> Result<(), String> {
        let fact = fact_of(cells)?;
        self.add(key, fact)
    }

    /// The entry of `cf`, new if need be.
    fn slot(&mut self, cf: &str) -> Result<usize, String> {
        if let Some(&at) = self.index.get(cf) {
            return Ok(at as usize);
        }
        let at = self.pupils.len();
        let key = u32::try_from(at)
            .ok()
            .filter(|&k| k != END)
            .ok_or_else(too_large)?;
        self.index.insert(cf, key);
        self.pupils.push(Facts::NONE);
        Ok(at)
    }

    fn add(&mut self, cf: &str, fact: Fact) -> Result<(), String> {
        let at = self.slot(cf)?;
        self.add_at(at, fact)
    }

    /// Adds `fact` to the entry at `at` (from [`Self::slot`]).
    fn add_at(&mut self, at: usize, fact: Fact) -> Result<(), String> {
        let Some(facts) = self.pupils.get_mut(at) else {
            return Err(too_large());
        };
        let added = match fact {
            Fact::Birth(day) => {
                facts.birth = Some(day);
                true
            }
            Fact::Dose(dose) => self.doses.push(&mut facts.doses, dose),
            Fact::Exemption(exemption) => self.exemptions.push(&mut facts.exemptions, exemption),
            Fact::Appointment(when) => {
                facts.appointment = later_appointment(facts.appointment, Some(when));
                true
            }
        };
        if added { Ok(()) } else { Err(too_large()) }
    }

    /// Adds what `later` (the rest of the same extract) knows: its facts
    /// come after this registry's, pupil by pupil.
    fn absorb(&mut self, later: Registry) {
        let Registry {
            index,
            pupils,
            doses,
            exemptions,
        } = later;
        // In the order `later` met its pupils, as one registry would have.
        let mut codes: Vec<Option<Code>> = Vec::new();
        codes.resize_with(pupils.len(), || None);
        let short = index.short.into_iter().map(|(k, at)| (Code::Short(k), at));
        let long = index.long.into_iter().map(|(k, at)| (Code::Long(k), at));
        for (code, at) in short.chain(long) {
            if let Some(slot) = codes.get_mut(at as usize) {
                *slot = Some(code);
            }
        }
        for (code, theirs) in codes.into_iter().zip(&pupils) {
            let Some(code) = code else {
                continue;
            };
            let slot = match &code {
                Code::Short(k) => std::str::from_utf8(&k.0)
                    .map(|s| s.trim_end_matches('\0'))
                    .ok()
                    .and_then(|s| self.slot(s).ok()),
                Code::Long(k) => self.slot(k).ok(),
            };
            let Some(ours) = slot.and_then(|at| self.pupils.get_mut(at)) else {
                continue;
            };
            if theirs.birth.is_some() {
                ours.birth = theirs.birth;
            }
            ours.appointment = later_appointment(ours.appointment, theirs.appointment);
            for dose in doses.each(theirs.doses) {
                self.doses.push(&mut ours.doses, dose);
            }
            for exemption in exemptions.each(theirs.exemptions) {
                self.exemptions.push(&mut ours.exemptions, exemption);
            }
        }
    }
}

/// A code as a [`CodeMap`] holds it.
enum Code {
    Short(Short),
    Long(Box<str>),
}

fn too_large() -> String {
    "registro troppo grande".to_owned()
}

/// Where the six columns are, from the header.
fn columns(header: &Row) -> Result<[usize; 6], RegistryRejected> {
    let names: Vec<String> = header.record.iter().map(normalise_header).collect();
    let position = |name: &str| names.iter().position(|n| n == name);
    let missing: Vec<&'static str> = COLUMNS
        .into_iter()
        .filter(|c| position(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(RegistryRejected::MissingColumns(missing));
    }
    Ok(COLUMNS.map(|c| position(c).unwrap_or_default()))
}

/// The rows of the extract, each valid one handed to `each` with its key.
fn read(
    table: &Table<'_>,
    each: impl FnMut(&str, Fact, [&str; 5]) -> Result<(), String>,
) -> Result<Vec<RegistryRowError>, RegistryRejected> {
    let mut records = table.records_fast();
    let header = match records.next() {
        None => return Err(RegistryRejected::Empty),
        Some(Err(bad)) => return Err(RegistryRejected::Unreadable(bad.line)),
        Some(Ok(row)) => row,
    };
    let at = columns(&header)?;
    let (errors, _) =
        rows(records, &at, each).map_err(|bad| RegistryRejected::Unreadable(bad.line))?;
    Ok(errors)
}

/// The data rows of `records`, each valid one handed to `each` with its
/// key (a row `each` refuses is a bad row too); the bad rows and how many
/// records were read.
fn rows(
    mut records: Records<'_>,
    at: &[usize; 6],
    mut each: impl FnMut(&str, Fact, [&str; 5]) -> Result<(), String>,
) -> Result<(Vec<RegistryRowError>, usize), BadRecord> {
    let mut errors = Vec::new();
    let mut count = 0;
    // An extract lists each pupil's rows together: the key of the last code
    // is reused rather than worked out again for every row.
    let mut last_code = String::new();
    let mut last_key = String::new();
    let mut row = Row::empty();
    while records.read_into(&mut row)? {
        count += 1;
        let record = &row.record;
        let cell = |i: usize| record.get(at[i]).unwrap_or_default().trim();
        if cell(0) != last_code {
            last_code.clear();
            last_code.push_str(cell(0));
            key_into(cell(0), &mut last_key);
        }
        let cells = [cell(1), cell(2), cell(3), cell(4), cell(5)];
        let fact = if last_key.is_empty() {
            Err("codice fiscale mancante".to_owned())
        } else {
            fact_of(cells)
        };
        if let Err(message) = fact.and_then(|fact| each(&last_key, fact, cells)) {
            errors.push(RegistryRowError {
                row: row.number,
                message,
            });
        }
    }
    Ok((errors, count))
}

fn date(text: &str, what: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|e| format!("{what}: {e}"))
}

/// The antigen of a key in any case.
fn vaccine(text: &str) -> Result<Vaccine, String> {
    Vaccine::ALL
        .into_iter()
        .find(|v| v.key().eq_ignore_ascii_case(text))
        .ok_or_else(|| format!("vaccino sconosciuto: «{text}»"))
}

/// The key a codice fiscale is filed under, into `key`: normalised, and a
/// personal code in its canonical (non-omocode) form, as the school file's
/// rows are.
fn key_into(cf: &str, key: &mut String) {
    use std::borrow::Cow;

    use crate::codice_fiscale::{Accept, FiscalId, parse_fiscal_id};
    // Upper-case ASCII without blanks is already normal.
    let normal: Cow<'_, str> = if cf
        .bytes()
        .all(|b| b.is_ascii_graphic() && !b.is_ascii_lowercase())
    {
        Cow::Borrowed(cf)
    } else {
        Cow::Owned(cf.split_whitespace().collect::<String>().to_uppercase())
    };
    let any_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    key.clear();
    match parse_fiscal_id(&normal, any_day, Accept::ALL) {
        Ok(FiscalId::Personal(code)) => key.push_str(code.canonical().as_str()),
        _ => key.push_str(&normal),
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
    let is = |name: &str| kind.eq_ignore_ascii_case(name);
    let exemption = |kind| {
        Ok(Fact::Exemption(Exemption {
            vaccine: vaccine(vacc)?,
            kind,
            until: optional(until, "fino al")?,
        }))
    };
    if is("anagrafe") {
        Ok(Fact::Birth(date(day, "data di nascita")?))
    } else if is("dose") {
        Ok(Fact::Dose(Dose {
            vaccine: vaccine(vacc)?,
            dose: dose.parse().ok(),
            date: date(day, "data della dose")?,
        }))
    } else if is("immunita") {
        exemption(ExemptionKind::Immunity)
    } else if is("omissione") {
        exemption(ExemptionKind::Omitted)
    } else if is("differimento") {
        exemption(ExemptionKind::Postponed)
    } else if is("appuntamento") {
        Ok(Fact::Appointment(optional(day, "data dell'appuntamento")?))
    } else {
        Err(format!("tipo sconosciuto: «{}»", kind.to_ascii_lowercase()))
    }
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

    #[test]
    fn an_extract_read_in_pieces_is_the_extract_read_whole() {
        let mut file = String::from("codice_fiscale,tipo,vaccino,dose,data,fino_al\n");
        let codes: Vec<String> = (0..60).map(|i| format!("P{i:02}")).collect();
        for i in 0..900usize {
            let cf = &codes[(i * 7 + i / 13) % codes.len()];
            let row = match i % 9 {
                0 => format!("{cf},anagrafe,,,0{}/01/2019,", 1 + i % 9),
                1 => format!("{cf},appuntamento,,,1{}/03/2026,", i % 10),
                2 if i % 4 == 0 => format!("{cf},appuntamento,,,,"),
                3 => format!("{cf},omissione,measles,,,30/06/2026"),
                4 => format!("{cf},dose,nope,1,01/01/2020,"),
                5 => ",dose,polio,1,01/01/2020,".to_owned(),
                _ => format!("{cf},dose,polio,{},0{}/02/2020,", i % 5, 1 + i % 9),
            };
            file.push_str(&row);
            file.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
            if i % 50 == 0 {
                file.push('\n');
            }
        }
        let (whole, whole_errors) = parse_in_parts(file.as_bytes(), 1, 1).unwrap();
        assert!(whole_errors.len() > 100);
        for parts in 2..=5 {
            let (pieces, errors) = parse_in_parts(file.as_bytes(), parts, 64).unwrap();
            assert_eq!(errors, whole_errors, "{parts} parts");
            assert_eq!(pieces.len(), whole.len());
            for cf in &codes {
                for on in [day(2026, 3, 1), day(2026, 3, 19)] {
                    assert_eq!(
                        pieces.record(cf, day(2019, 1, 1), on),
                        whole.record(cf, day(2019, 1, 1), on),
                        "{cf}, {parts} parts"
                    );
                }
            }
        }
    }
}
