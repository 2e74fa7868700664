//! Building a codice fiscale from person data (DM 23/12/1976): used for
//! the consistency check, tests and demo data.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::belfiore_code::BelfioreCode;
use super::personal::Sex;
use super::tables::{MONTH_LETTERS, check_letter};

/// Why a code could not be built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EncodeError {
    /// No letter A-Z (accents folded) in the surname.
    #[error("Il cognome non contiene lettere: impossibile calcolare il codice fiscale")]
    SurnameWithoutLetters,
    /// No letter A-Z (accents folded) in the name.
    #[error("Il nome non contiene lettere: impossibile calcolare il codice fiscale")]
    NameWithoutLetters,
    /// Not a letter followed by three digits.
    #[error("Codice Belfiore non valido: '{given}' (atteso una lettera e tre cifre, es. F205)")]
    InvalidBelfiore { given: String },
    /// Well formed but not a known comune or country.
    #[error("Codice Belfiore sconosciuto: {code}")]
    UnknownBelfiore { code: BelfioreCode },
}

/// Builds the 16-character code (no omocodia). The year is written as its
/// last two digits, so parsing it back gives `birth_date` only when that is
/// within the 100 years ending with today's year (see [`super::parse`]).
pub fn encode(
    surname: &str,
    name: &str,
    birth_date: NaiveDate,
    sex: Sex,
    belfiore: &str,
) -> Result<String, EncodeError> {
    let code = encode_bytes(surname, name, birth_date, sex, belfiore)?;
    Ok(code.iter().map(|&b| char::from(b)).collect())
}

/// [`encode`] into a fixed buffer.
pub(crate) fn encode_bytes(
    surname: &str,
    name: &str,
    birth_date: NaiveDate,
    sex: Sex,
    belfiore: &str,
) -> Result<[u8; 16], EncodeError> {
    if !surname.chars().any(|c| fold_letter(c).is_some()) {
        return Err(EncodeError::SurnameWithoutLetters);
    }
    if !name.chars().any(|c| fold_letter(c).is_some()) {
        return Err(EncodeError::NameWithoutLetters);
    }
    let Some(place) = BelfioreCode::parse(belfiore) else {
        return Err(EncodeError::InvalidBelfiore {
            given: belfiore.to_owned(),
        });
    };
    if !place.is_known() {
        return Err(EncodeError::UnknownBelfiore { code: place });
    }
    let [s1, s2, s3] = surname_letters(surname);
    let [n1, n2, n3] = name_letters(name);
    let yy = birth_date.year().rem_euclid(100) as u8;
    let month = MONTH_LETTERS
        .get(birth_date.month0() as usize)
        .copied()
        .unwrap_or(b'A');
    let day = birth_date.day() as u8 + if sex == Sex::F { 40 } else { 0 };
    let [p1, p2, p3, p4] = *place.as_bytes();
    let mut code = [
        s1,
        s2,
        s3,
        n1,
        n2,
        n3,
        b'0' + yy / 10,
        b'0' + yy % 10,
        month,
        b'0' + day / 10,
        b'0' + day % 10,
        p1,
        p2,
        p3,
        p4,
        b'0',
    ];
    code[15] = check_letter(&code);
    Ok(code)
}

/// The three surname letters: its consonants in order, then its vowels,
/// then X as needed ("Rossi" RSS, "Rea" REA, "Fo" FOX).
pub fn surname_letters(surname: &str) -> [u8; 3] {
    let (consonants, nc, vowels, nv) = split_letters(surname);
    take_three(&consonants, nc, &vowels, nv)
}

/// The three name letters: like the surname, except that a name with four
/// or more consonants takes the 1st, 3rd and 4th ("Giuseppe" GPP,
/// "Francesca" FNC, "Anna" NNA).
pub fn name_letters(name: &str) -> [u8; 3] {
    let (consonants, nc, vowels, nv) = split_letters(name);
    if nc >= 4 {
        return [consonants[0], consonants[2], consonants[3]];
    }
    take_three(&consonants, nc, &vowels, nv)
}

/// The first four consonants and first three vowels (enough for any rule)
/// with their total counts.
fn split_letters(text: &str) -> ([u8; 4], usize, [u8; 3], usize) {
    let mut consonants = [b'X'; 4];
    let mut vowels = [b'X'; 3];
    let (mut nc, mut nv) = (0usize, 0usize);
    for letter in text.chars().filter_map(fold_letter) {
        if matches!(letter, b'A' | b'E' | b'I' | b'O' | b'U') {
            if let Some(slot) = vowels.get_mut(nv) {
                *slot = letter;
            }
            nv += 1;
        } else {
            if let Some(slot) = consonants.get_mut(nc) {
                *slot = letter;
            }
            nc += 1;
        }
    }
    (consonants, nc, vowels, nv)
}

fn take_three(consonants: &[u8; 4], nc: usize, vowels: &[u8; 3], nv: usize) -> [u8; 3] {
    let mut out = [b'X'; 3];
    let letters = consonants
        .iter()
        .take(nc)
        .chain(vowels.iter().take(nv))
        .copied();
    for (slot, letter) in out.iter_mut().zip(letters) {
        *slot = letter;
    }
    out
}

/// Upper-case A-Z for a letter, accents and common diacritics removed
/// ("à" A, "Ç" C, "ø" O); `None` for spaces, apostrophes, hyphens and
/// anything else, which the code's rules ignore.
pub(crate) fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_uppercase() as u8);
    }
    let base = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'A',
        'ç' | 'ć' | 'č' => 'C',
        'ď' | 'đ' => 'D',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'E',
        'ğ' => 'G',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'I',
        'ł' | 'ľ' | 'ĺ' => 'L',
        'ñ' | 'ń' | 'ň' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'O',
        'ŕ' | 'ř' => 'R',
        'ś' | 'š' | 'ş' | 'ș' => 'S',
        'ť' | 'ţ' | 'ț' => 'T',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'U',
        'ý' | 'ÿ' => 'Y',
        'ź' | 'ż' | 'ž' => 'Z',
        _ => return None,
    };
    Some(base as u8)
}
