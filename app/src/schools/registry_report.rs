//! What an import of the Ministry's registry produced: the plessi to save,
//! the rows skipped on purpose, and the errors to fix, by row and column.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::codice_meccanografico::CodiceMeccanografico;
use super::school_type::SchoolType;

/// One plesso read from the registry, with the istituto it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedSchool {
    /// Row in the file (header = row 1).
    pub row: usize,
    pub istituto_code: CodiceMeccanografico,
    pub istituto_name: String,
    pub plesso_code: CodiceMeccanografico,
    pub plesso_name: String,
    /// Belfiore code of the comune (CODICECOMUNESCUOLA), e.g. "F205".
    pub comune_belfiore: String,
    /// DESCRIZIONECOMUNE as written by the Ministry ("MILANO").
    pub comune_name: String,
    pub address: Option<String>,
    pub cap: Option<String>,
    pub school_type: SchoolType,
}

/// A row deliberately not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub row: usize,
    /// CODICESCUOLA as written in the file.
    pub code: String,
    /// Why (Italian, for the administrator).
    pub reason: String,
}

/// A problem in one field of one row; the row is not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Row in the file (header = row 1).
    pub row: usize,
    /// Header name of the column, e.g. "CODICESCUOLA".
    pub column: String,
    /// What is wrong, in Italian.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Riga {}, colonna {}: {}",
            self.row, self.column, self.message
        )
    }
}

/// A problem with the file as a whole: nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Error)]
pub enum RegistryFileError {
    #[error("Il file è vuoto: caricare il CSV dell'anagrafe delle scuole del Ministero.")]
    Empty,
    #[error(
        "Nell'intestazione del file mancano le colonne {}: caricare il CSV dell'anagrafe delle scuole del Ministero, senza rinominare le colonne.",
        .0.join(", ")
    )]
    MissingColumns(Vec<String>),
}

/// Outcome of an import: what can be saved, what was skipped and why, and
/// what must be fixed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub schools: Vec<ImportedSchool>,
    pub skipped: Vec<SkippedRow>,
    pub errors: Vec<RowError>,
    pub file_error: Option<RegistryFileError>,
}
