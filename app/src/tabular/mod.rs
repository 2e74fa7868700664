//! Spreadsheet files in and out, in one place: what Excel on Italian
//! Windows writes (Windows-1252 or UTF-8 with a BOM, `;` separators, headers
//! typed by hand) and what it opens without mangling (a BOM, `;`, CRLF, no
//! formulas run from user text). Pure code: no Leptos, no database.

mod lines;
mod read;
mod write;
#[cfg(feature = "ssr")]
mod xlsx;

pub use lines::LineCounter;
pub use read::{
    BadRecord, Records, Row, SourceEncoding, Table, decode, detect_separator, normalise_header,
    without_bom,
};
pub use write::{ExcelCsv, neutralise};
#[cfg(feature = "ssr")]
pub use xlsx::{XlsxError, write_xlsx};

#[cfg(test)]
mod tests;
