//! The runner's errors: each names the row (and column) of the input.

use thiserror::Error;

use crate::absences::alerts::series::MAX_COUNT;

/// Why the input file was refused. Display is the Italian message for
/// stderr; every variant names the row and, where there is one, the column.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RunnerError {
    #[error(
        "riga 1: il file è vuoto; la prima riga deve essere l'intestazione date,series,absent,enrolled"
    )]
    Empty,
    #[error(
        "riga {row}: intestazione non valida (\"{found}\"); la prima riga deve essere esattamente date,series,absent,enrolled"
    )]
    Header { row: u64, found: String },
    #[error("riga {row}: il file non è un CSV leggibile")]
    Unreadable { row: u64 },
    #[error(
        "riga {row}, colonna \"{column}\": il testo non è UTF-8 valido; salvare il file con codifica UTF-8"
    )]
    NotUtf8 { row: u64, column: &'static str },
    #[error(
        "riga {row}, colonna \"{column}\": valore mancante; ogni riga deve avere 4 colonne (date,series,absent,enrolled)"
    )]
    Missing { row: u64, column: &'static str },
    #[error(
        "riga {row}, colonna {position}: colonna in più; ogni riga deve avere 4 colonne (date,series,absent,enrolled), questa ne ha {found}"
    )]
    ExtraColumn {
        row: u64,
        position: usize,
        found: usize,
    },
    #[error(
        "riga {row}, colonna \"date\": \"{value}\" non è una data valida; usare il formato AAAA-MM-GG, per esempio 2024-10-01"
    )]
    BadDate { row: u64, value: String },
    #[error(
        "riga {row}, colonna \"{column}\": \"{value}\" non è un numero intero; scrivere solo cifre, per esempio 12"
    )]
    BadNumber {
        row: u64,
        column: &'static str,
        value: String,
    },
    #[error("riga {row}, colonna \"{column}\": il numero non può essere negativo (\"{value}\")")]
    Negative {
        row: u64,
        column: &'static str,
        value: String,
    },
    #[error(
        "riga {row}, colonna \"{column}\": numero troppo grande (\"{value}\"); il massimo ammesso è {MAX_COUNT}"
    )]
    TooLarge {
        row: u64,
        column: &'static str,
        value: String,
    },
    #[error("riga {row}, colonna \"enrolled\": il numero di iscritti non può essere zero")]
    ZeroEnrolled { row: u64 },
    #[error(
        "riga {row}, colonna \"absent\": gli assenti ({absent}) superano gli iscritti ({enrolled}); correggere uno dei due numeri"
    )]
    AbsentOverEnrolled {
        row: u64,
        absent: u64,
        enrolled: u64,
    },
    #[error(
        "riga {row}, colonna \"date\": la serie \"{series}\" ha già un'osservazione del {date} (riga {first_row}); tenere una sola riga per data"
    )]
    DuplicateDate {
        row: u64,
        first_row: u64,
        series: String,
        /// dd/mm/yyyy, as users read dates.
        date: String,
    },
    #[error("errore interno del programma; segnalarlo a chi lo mantiene")]
    Internal,
}

impl RunnerError {
    /// Row the message names (1 for the header and an empty file; `None`
    /// for the internal error).
    pub fn row(&self) -> Option<u64> {
        match self {
            RunnerError::Empty => Some(1),
            RunnerError::Header { row, .. }
            | RunnerError::Unreadable { row }
            | RunnerError::NotUtf8 { row, .. }
            | RunnerError::Missing { row, .. }
            | RunnerError::ExtraColumn { row, .. }
            | RunnerError::BadDate { row, .. }
            | RunnerError::BadNumber { row, .. }
            | RunnerError::Negative { row, .. }
            | RunnerError::TooLarge { row, .. }
            | RunnerError::ZeroEnrolled { row }
            | RunnerError::AbsentOverEnrolled { row, .. }
            | RunnerError::DuplicateDate { row, .. } => Some(*row),
            RunnerError::Internal => None,
        }
    }
}
