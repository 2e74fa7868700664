//! CSV that Excel on Italian Windows opens as it is: UTF-8 with a BOM (else
//! accents are read as Windows-1252), `;` (the Italian list separator; `,`
//! is the decimal comma), CRLF, and user text never run as a formula.

use std::borrow::Cow;

/// `cell` made safe to open in a spreadsheet: text beginning with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be read as a formula (CSV
/// injection: `=HYPERLINK(...)`, `+39...` turned into a number or an
/// error), so it gets a leading `'`. Negative numbers are therefore
/// written as text; files meant for further computation should be XLSX.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV file for Excel being written in memory (see the module doc).
#[derive(Debug, Clone)]
pub struct ExcelCsv {
    out: String,
}

impl Default for ExcelCsv {
    fn default() -> Self {
        Self::new()
    }
}

impl ExcelCsv {
    /// An empty file: just the BOM.
    pub fn new() -> Self {
        Self {
            out: String::from("\u{feff}"),
        }
    }

    /// Appends one row; every cell is neutralised, then quoted (quotes
    /// doubled) when it holds `;`, a quote or a line break.
    pub fn row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(';');
            }
            let cell = neutralise(cell.as_ref());
            if cell.contains([';', '"', '\r', '\n']) {
                self.out.push('"');
                self.out.push_str(&cell.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(&cell);
            }
        }
        self.out.push_str("\r\n");
        self
    }

    /// The file's text, BOM first.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The file's bytes, ready to send as `text/csv; charset=utf-8`.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}
