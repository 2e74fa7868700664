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
        let input = self.text.as_bytes();
        Records {
            reader: csv::ReaderBuilder::new()
                .delimiter(self.separator)
                .flexible(true)
                .has_headers(false)
                .from_reader(input),
            lines: LineCounter::new(input),
            number: 0,
            line: 1,
            failed: false,
            sizes: (0, 0),
        }
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
    /// gives them), numbered and lined from 1 within that piece.
    pub fn records_between(&self, start: usize, end: usize) -> Records<'_> {
        let input = self.text.as_bytes().get(start..end).unwrap_or_default();
        Records {
            reader: csv::ReaderBuilder::new()
                .delimiter(self.separator)
                .flexible(true)
                .has_headers(false)
                .from_reader(input),
            lines: LineCounter::new(input),
            number: 0,
            line: 1,
            failed: false,
            sizes: (0, 0),
        }
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
    reader: csv::Reader<&'t [u8]>,
    lines: LineCounter<'t>,
    number: usize,
    line: u64,
    failed: bool,
    /// Bytes and fields of the last record: the next one is given room for
    /// as much, rather than growing step by step.
    sizes: (usize, usize),
}

impl Records<'_> {
    /// The next record into `row` (its buffers reused, so reading a file
    /// allocates nothing per record): `Ok(false)` at the end, and after a
    /// [`BadRecord`]. The same records, numbers and lines as the iterator.
    pub fn read_into(&mut self, row: &mut Row) -> Result<bool, BadRecord> {
        if self.failed {
            return Ok(false);
        }
        self.number += 1;
        match self.reader.read_record(&mut row.record) {
            Ok(true) => {
                self.line = self.lines.of(row.record.position());
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
