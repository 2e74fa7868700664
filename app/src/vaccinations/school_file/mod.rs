//! The school's LOVS file (seed 000): the list of enrolled pupils a school
//! sends for the vaccination-obligation check, read the way secretaries
//! really write it, and checked row by row. Pure code, shared by the upload
//! and the `check-lovs` pre-check, so both say exactly the same.
//!
//! - [`check`]: the file as a whole (encoding, separator, header, the eight
//!   mandatory columns in any order, extra columns kept), or the one reason
//!   it is rejected ([`FileRejected`]); then each row's errors and warnings
//!   ([`Problem`]). A row with warnings only is valid.
//! - [`report`]: the `check-lovs` output.

mod columns;
mod dates;
pub mod report;
mod rows;

pub use columns::{COLUMNS, Column};
pub(crate) use dates::parse_date;
pub use rows::{CheckedFile, Problem, Pupil, check};
pub(crate) use rows::{Checker, open};

/// Why a file is rejected as a whole (nothing in it is processed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRejected {
    #[error("Il file è vuoto: manca anche la riga di intestazione.")]
    Empty,
    #[error("Mancano colonne obbligatorie nell'intestazione: {}.", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    #[error("La colonna {0} compare due volte nell'intestazione.")]
    DuplicateColumn(&'static str),
    #[error("Il file è un foglio Excel (.xlsx): per il controllo salvarlo come CSV.")]
    Spreadsheet,
    #[error("Il file non è leggibile alla riga {line}: {reason}.")]
    Unreadable { line: u64, reason: String },
}

impl FileRejected {
    /// A record the CSV reader could not read (reading stops there).
    pub(crate) fn unreadable(bad: &crate::tabular::BadRecord) -> Self {
        FileRejected::Unreadable {
            line: bad.line,
            reason: "virgolette non chiuse o caratteri non validi".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests;
