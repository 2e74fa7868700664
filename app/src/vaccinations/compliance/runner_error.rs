//! Errors of the command-line runner, in Italian for whoever prepared the
//! file: which pupil (id, else position), which field, what is wrong, how to
//! fix it.

use std::fmt;

use chrono::NaiveDate;

/// Why the runner refused its input file. Nothing is printed on stdout when
/// this is returned: the file is rejected as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunnerError {
    /// Not JSON at all (or truncated, or nested too deeply).
    #[error(
        "il file non è un JSON valido ({problem}, riga {line}, colonna {column}): \
         correggere il file e riprovare"
    )]
    Json {
        problem: &'static str,
        line: usize,
        column: usize,
    },
    /// Valid JSON whose top level is not an array.
    #[error(
        "il file deve contenere un elenco JSON di alunni ([{{...}}, ...]), \
         trovato {found}"
    )]
    NotAnArray { found: &'static str },
    /// An element of the array is not a pupil object.
    #[error(
        "alunno in posizione {position}: atteso un oggetto {{\"id\": ..., ...}}, \
         trovato {found}"
    )]
    PupilNotObject {
        position: usize,
        found: &'static str,
    },
    /// One field of one pupil is wrong.
    #[error("{pupil}: campo \"{field}\": {problem}")]
    Field {
        pupil: PupilRef,
        /// Path of the field, JSON-style: `doses[2].date` (indices from 0).
        field: String,
        problem: FieldProblem,
    },
}

/// Which pupil of the file: its position (from 1) and, once read, its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilRef {
    pub position: usize,
    pub id: Option<String>,
}

impl fmt::Display for PupilRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "alunno \"{}\" (posizione {})", shown(id), self.position),
            None => write!(f, "alunno in posizione {}", self.position),
        }
    }
}

/// What is wrong with one field. Values quoted from the file are shortened
/// and escaped so the message stays on one readable line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    #[error("campo obbligatorio mancante: aggiungerlo")]
    Missing,
    #[error("atteso {expected}, trovato {found}")]
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    #[error("l'identificativo è vuoto: indicare un codice che identifichi l'alunno")]
    EmptyId,
    #[error(
        "l'identificativo \"{0}\" contiene tabulazioni o a capo, che non possono \
         comparire nel risultato: toglierli"
    )]
    IdWithControl(String),
    #[error("\"{0}\" non è nel formato AAAA-MM-GG (ad esempio 2017-03-31)")]
    DateFormat(String),
    #[error("data impossibile \"{0}\": questo giorno non esiste nel calendario")]
    ImpossibleDate(String),
    #[error(
        "vaccino sconosciuto \"{0}\": usare uno di polio, diphtheria, tetanus, \
         hepatitis_b, pertussis, hib, measles, rubella, mumps, varicella"
    )]
    UnknownVaccine(String),
    #[error("tipo di esonero sconosciuto \"{0}\": usare immunity, omitted o postponed")]
    UnknownExemptionKind(String),
    #[error("numero di dose non valido {0}: usare un intero da 1 a 255")]
    DoseNumber(String),
    #[error(
        "la data di nascita {birth} è successiva alla data del controllo {check}: \
         correggere una delle due"
    )]
    BirthAfterCheck { birth: NaiveDate, check: NaiveDate },
}

/// At most 60 characters of `raw`, with control characters and quotes escaped.
pub(super) fn shown(raw: &str) -> String {
    const MAX: usize = 60;
    let mut out: String = raw.chars().take(MAX).flat_map(char::escape_debug).collect();
    if raw.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_and_shortens() {
        assert_eq!(shown("a\tb\"c"), "a\\tb\\\"c");
        let long = "x".repeat(61);
        assert_eq!(shown(&long), format!("{}…", "x".repeat(60)));
        assert_eq!(shown(&"x".repeat(60)), "x".repeat(60));
    }
}
