//! Why a code was refused: one typed variant per failure, with an Italian
//! message for the user and a stable machine code for the browser and logs.

use serde::{Deserialize, Serialize};

use super::belfiore_code::BelfioreCode;

/// What a position of the code should have held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// A letter A-Z (surname, name, comune letter, check letter).
    Letter,
    /// A digit, or its omocodia letter L M N P Q R S T U V.
    DigitOrOmocode,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Expected::Letter => "una lettera",
            Expected::DigitOrOmocode => "una cifra (o una lettera di omocodia L M N P Q R S T U V)",
        })
    }
}

/// A refused codice fiscale (or temporary / STP / ENI code).
///
/// Positions are 1-based and count characters of the normalised code (spaces
/// removed), which is what the user sees once the field is reformatted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CfError {
    /// Nothing but spaces.
    #[error("Codice fiscale mancante: inserire i 16 caratteri del codice")]
    Empty,
    /// Wrong number of characters after normalisation.
    #[error("Lunghezza errata: il codice fiscale ha 16 caratteri, ne sono stati inseriti {found}")]
    Length { found: usize },
    /// A character of the wrong kind at a position.
    #[error("Carattere non valido in posizione {position}: atteso {expected}, trovato '{found}'")]
    InvalidCharacter {
        position: u8,
        expected: Expected,
        found: char,
    },
    /// Position 9 is not one of the twelve month letters.
    #[error(
        "Carattere non valido in posizione 9: atteso una lettera del mese (A B C D E H L M P R S T), trovato '{found}'"
    )]
    InvalidMonth { found: char },
    /// Positions 10-11 are outside 01-31 (men) and 41-71 (women).
    #[error(
        "Giorno di nascita non valido nelle posizioni 10-11: trovato {found:02}, atteso da 01 a 31 (uomini) o da 41 a 71 (donne)"
    )]
    InvalidDay { found: u8 },
    /// Day, month and inferred year do not make a calendar date.
    #[error(
        "Data di nascita inesistente nel codice: {day:02}/{month:02}/{year} (controllare anno, mese e giorno)"
    )]
    NonexistentDate { year: i32, month: u8, day: u8 },
    /// Positions 12-15 are not a known comune or foreign country.
    #[error(
        "Codice del comune o dello Stato estero di nascita sconosciuto nelle posizioni 12-15: {code}"
    )]
    UnknownBelfiore { code: BelfioreCode },
    /// The 16th character does not match the other fifteen.
    #[error(
        "Carattere di controllo errato: atteso {expected}, trovato {found} (controllare di aver copiato bene il codice)"
    )]
    CheckLetter { expected: char, found: char },
    /// The 11th digit of a temporary numeric code does not match.
    #[error(
        "Cifra di controllo errata nel codice fiscale numerico provvisorio: attesa {expected}, trovata {found}"
    )]
    TemporaryCheckDigit { expected: char, found: char },
    /// An 11-digit code where the field wants a 16-character one.
    #[error(
        "Il codice fiscale numerico provvisorio (11 cifre) non è ammesso in questo campo: inserire il codice di 16 caratteri"
    )]
    TemporaryNotAccepted,
    /// An STP/ENI code where the field wants a codice fiscale.
    #[error(
        "Il codice STP/ENI non è ammesso in questo campo: inserire il codice fiscale di 16 caratteri"
    )]
    StpEniNotAccepted,
    /// STP/ENI prefix followed by something other than 13 digits.
    #[error(
        "Codice STP/ENI non valido in posizione {position}: attesa una cifra, trovato '{found}' (formato: STP o ENI seguito da 13 cifre)"
    )]
    StpEniCharacter { position: u8, found: char },
}

impl CfError {
    /// Stable machine-readable code; equals the serde `kind` tag.
    pub fn code(&self) -> &'static str {
        match self {
            CfError::Empty => "empty",
            CfError::Length { .. } => "length",
            CfError::InvalidCharacter { .. } => "invalid_character",
            CfError::InvalidMonth { .. } => "invalid_month",
            CfError::InvalidDay { .. } => "invalid_day",
            CfError::NonexistentDate { .. } => "nonexistent_date",
            CfError::UnknownBelfiore { .. } => "unknown_belfiore",
            CfError::CheckLetter { .. } => "check_letter",
            CfError::TemporaryCheckDigit { .. } => "temporary_check_digit",
            CfError::TemporaryNotAccepted => "temporary_not_accepted",
            CfError::StpEniNotAccepted => "stp_eni_not_accepted",
            CfError::StpEniCharacter { .. } => "stp_eni_character",
        }
    }

    /// The 1-based position the error points at, when there is one, so a form
    /// can highlight it.
    pub fn position(&self) -> Option<u8> {
        match self {
            CfError::InvalidCharacter { position, .. }
            | CfError::StpEniCharacter { position, .. } => Some(*position),
            CfError::InvalidMonth { .. } => Some(9),
            CfError::InvalidDay { .. } => Some(10),
            CfError::UnknownBelfiore { .. } => Some(12),
            CfError::CheckLetter { .. } => Some(16),
            CfError::TemporaryCheckDigit { .. } => Some(11),
            _ => None,
        }
    }
}
