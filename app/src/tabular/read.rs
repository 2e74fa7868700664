//! Reading CSV as people save it: the encoding guessed from the bytes, the
//! separator from the header, headers compared after normalising, and each
//! record with the line it starts on.

use std::borrow::Cow;

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::LineCounter;
use crate::text::fold;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How the bytes of a file were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8 and no BOM: what Excel on Italian Windows writes for
    /// "CSV (delimitato dal separatore di elenco)". A superset of Latin-1 in
    /// the printable range, with ’ € – “ ” where Latin-1 has controls.
    Windows1252,
}

/// The bytes without a leading UTF-8 BOM, for readers that require UTF-8.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Decodes a file: a BOM decides (UTF-8, UTF-16 LE/BE); else valid UTF-8 is
/// taken as it is; anything else is Windows-1252, which maps every byte, so
/// decoding never fails. The BOM is not part of the text.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, SourceEncoding) {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return (
            UTF_8.decode_without_bom_handling(rest).0,
            SourceEncoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (
            UTF_16LE.decode_without_bom_handling(rest).0,
            SourceEncoding::Utf16Le,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (
            UTF_16BE.decode_without_bom_handling(rest).0,
            SourceEncoding::Utf16Be,
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), SourceEncoding::Utf8),
        Err(_) => (
            WINDOWS_1252.decode_without_bom_handling(bytes).0,
            SourceEncoding::Windows1252,
        ),
    }
}

/// The separator of the header line: whichever of `,` `;` tab `|` occurs
/// most often outside quotes (a tie goes to the earlier in that order, so a
/// one-column file reads with `,`). Blank lines before the header are skipped
/// as the csv reader skips them.
pub fn detect_separator(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut started = false;
    for b in text.bytes() {
        match b {
            b'\r' | b'\n' if !in_quotes => {
                if started {
                    break;
                }
                continue;
            }
            b'"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
        }
        started = true;
    }
    let mut best = 0;
    for (i, &n) in counts.iter().enumerate() {
        if n > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// A header name as people type it, reduced to one spelling: lower case, no
/// accents, runs of blanks, hyphens, dots and underscores as one `_`, none at
/// either end ("Codice  Meccanografico", "CODICE_MECCANOGRAFICO" and
/// "codice-meccanografico" all give "codice_meccanografico"; "Città" gives
/// "citta"). Other symbols are dropped.
pub fn normalise_header(name: &str) -> String {
    fold(name).map(|c| if c == ' ' { '_' } else { c }).collect()
}

/// A decoded file with its separator.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    text: Cow<'a, str>,
    encoding: SourceEncoding,
    separator: u8,
}

impl<'a> Table<'a> {
    /// Decodes `bytes` (see [`decode`]) and detects the separator.
    pub fn from_bytes(bytes: &'a [u8]) -> Self {
        let (text, encoding) = decode(bytes);
        Self::with_text(text, encoding)
    }

    /// Text already decoded (an embedded file); a leading BOM is dropped.
    pub fn from_text(text: &'a str) -> Self {
        match text.strip_prefix('\u{feff}') {
            Some(rest) => Self::with_text(Cow::Borrowed(rest), SourceEncoding::Utf8Bom),
            None => Self::with_text(Cow::Borrowed(text), SourceEncoding::Utf8),
        }
    }

    fn with_text(text: Cow<'a, str>, encoding: SourceEncoding) -> Self {
        let separator = detect_separator(&text);
        Self {
            text,
            encoding,
            separator,
        }
    }

    /// For formats whose separator is fixed.
    pub fn with_separator(mut self, separator: u8) -> Self {
        self.separator = separator;
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn encoding(&self) -> SourceEncoding {
        self.encoding
    }

    pub fn separator(&self) -> u8 {
        self.separator
    }

    /// True when the file holds nothing but blanks and line breaks.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Every record, the header included (number 1). Rows may have any
    /// number of fields; empty lines are skipped (they still count as lines).
    pub fn records(&self) -> Records<'_> {
        self.csv_records(0, self.text.len())
    }

    /// The same records as [`Self::records`], with the same numbers and
    /// lines, read faster when the text has no quotes: then a record is a
    /// line and its fields what the separator parts, so it is split rather
    /// than parsed. (The records' csv positions are left out.)
    pub fn records_fast(&self) -> Records<'_> {
        self.records_between(0, self.text.len())
    }

    /// Where the text can be cut into about `parts` pieces that hold whole
    /// records: the byte offsets just after a line break, in order, the
    /// first 0 and the last the text's length. Only a text without quotes
    /// can be cut (a quoted field may hold a line break), so `None` for one
    /// with a `"`, or too short to be worth cutting (`min_part` bytes a
    /// piece at least).
    pub fn cuts(&self, parts: usize, min_part: usize) -> Option<Vec<usize>> {
        let bytes = self.text.as_bytes();
        let parts = parts.min(bytes.len() / min_part.max(1));
        if parts < 2 || bytes.contains(&b'"') {
            return None;
        }
        let mut cuts = vec![0];
        for k in 1..parts {
            let from = (bytes.len() / parts * k).max(cuts.last().copied().unwrap_or_default());
            let rest = bytes.get(from..).unwrap_or_default();
            if let Some(at) = rest.iter().position(|&b| b == b'\n') {
                cuts.push(from + at + 1);
            }
        }
        cuts.push(bytes.len());
        cuts.dedup();
        (cuts.len() > 2).then_some(cuts)
    }

    /// The records of the text from byte `start` to `end` (as [`Self::cuts`]
    /// gives them), numbered and lined from 1 within that piece; read as
    /// [`Self::records_fast`] reads them.
    pub fn records_between(&self, start: usize, end: usize) -> Records<'_> {
        let text = self.text.get(start..end).unwrap_or_default();
        let plain = self.separator.is_ascii() && !matches!(self.separator, b'\r' | b'\n' | b'"');
        if plain && !text.as_bytes().contains(&b'"') {
            Records::new(Source::Plain {
                text,
                at: 0,
                separator: self.separator,
                previous: 0,
                line: 1,
            })
        } else {
            self.csv_records(start, end)
        }
    }

    fn csv_records(&self, start: usize, end: usize) -> Records<'_> {
        let input = self.text.as_bytes().get(start..end).unwrap_or_default();
        Records::new(Source::Csv {
            reader: csv::ReaderBuilder::new()
                .delimiter(self.separator)
                .flexible(true)
                .has_headers(false)
                .from_reader(input),
            lines: LineCounter::new(input),
        })
    }
}

/// One record of a [`Table`].
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based count of records, the header being 1 (blank lines skipped).
    pub number: usize,
    /// 1-based line of the file where the record starts.
    pub line: u64,
    pub record: csv::StringRecord,
}

/// A record the csv reader could not read; reading stops there.
#[derive(Debug)]
pub struct BadRecord {
    /// The number the record would have had.
    pub number: usize,
    /// The line after the last record read: where the trouble starts at the
    /// earliest.
    pub line: u64,
    pub error: csv::Error,
}

/// Iterator over the records of a [`Table`]; it ends after a [`BadRecord`].
pub struct Records<'t> {
    source: Source<'t>,
    number: usize,
    line: u64,
    failed: bool,
    /// Bytes and fields of the last record: the next one is given room for
    /// as much, rather than growing step by step.
    sizes: (usize, usize),
}

/// Where records come from.
enum Source<'t> {
    /// The csv reader, any text.
    Csv {
        reader: csv::Reader<&'t [u8]>,
        lines: LineCounter<'t>,
    },
    /// A text without quotes, split: what the csv reader makes of it
    /// (`\r`, `\n` and `\r\n` end a record, blank lines are skipped, the
    /// separator parts the fields).
    Plain {
        text: &'t str,
        /// Where the next record, or the blank lines before it, start.
        at: usize,
        /// ASCII, and no line break: it never falls inside a character.
        separator: u8,
        /// The byte before `at`.
        previous: u8,
        /// The line `at` is on.
        line: u64,
    },
}

impl<'t> Records<'t> {
    fn new(source: Source<'t>) -> Self {
        Records {
            source,
            number: 0,
            line: 1,
            failed: false,
            sizes: (0, 0),
        }
    }

    /// The next record into `row` (its buffers reused, so reading a file
    /// allocates nothing per record): `Ok(false)` at the end, and after a
    /// [`BadRecord`]. The same records, numbers and lines as the iterator.
    pub fn read_into(&mut self, row: &mut Row) -> Result<bool, BadRecord> {
        if self.failed {
            return Ok(false);
        }
        self.number += 1;
        let read = match &mut self.source {
            Source::Csv { reader, lines } => match reader.read_record(&mut row.record) {
                Ok(true) => {
                    self.line = lines.of(row.record.position());
                    Ok(true)
                }
                other => other,
            },
            Source::Plain {
                text,
                at,
                separator,
                previous,
                line,
            } => {
                let bytes = text.as_bytes();
                // Blank lines, and the end of the last record.
                while let Some(&b) = bytes.get(*at) {
                    if b != b'\r' && b != b'\n' {
                        break;
                    }
                    if b == b'\r' || *previous != b'\r' {
                        *line += 1;
                    }
                    *previous = b;
                    *at += 1;
                }
                if *at >= bytes.len() {
                    Ok(false)
                } else {
                    row.record.clear();
                    row.record.set_position(None);
                    // One pass over the line: its fields end at a separator,
                    // the last at the line break or the end. Cut at ASCII
                    // bytes only, so always at character boundaries.
                    let start = *at;
                    let rest = text.get(start..).unwrap_or_default();
                    let separator = *separator;
                    let mut from = 0;
                    let mut end = rest.len();
                    for (i, &b) in rest.as_bytes().iter().enumerate() {
                        if b == separator {
                            row.record.push_field(rest.get(from..i).unwrap_or_default());
                            from = i + 1;
                        } else if b == b'\r' || b == b'\n' {
                            end = i;
                            break;
                        }
                    }
                    row.record
                        .push_field(rest.get(from..end).unwrap_or_default());
                    let i = start + end;
                    *previous = bytes.get(i.saturating_sub(1)).copied().unwrap_or_default();
                    *at = i;
                    self.line = *line;
                    Ok(true)
                }
            }
        };
        match read {
            Ok(true) => {
                row.number = self.number;
                row.line = self.line;
                Ok(true)
            }
            Ok(false) => Ok(false),
            Err(error) => {
                self.failed = true;
                Err(BadRecord {
                    number: self.number,
                    line: self.line + 1,
                    error,
                })
            }
        }
    }
}

impl Row {
    /// A row to read into with [`Records::read_into`].
    pub fn empty() -> Row {
        Row {
            number: 0,
            line: 0,
            record: csv::StringRecord::new(),
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Row, BadRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row = Row {
            number: 0,
            line: 0,
            record: csv::StringRecord::with_capacity(self.sizes.0, self.sizes.1),
        };
        match self.read_into(&mut row) {
            Ok(true) => {
                self.sizes = (row.record.as_slice().len(), row.record.len());
                Some(Ok(row))
            }
            Ok(false) => None,
            Err(bad) => Some(Err(bad)),
        }
    }
}
