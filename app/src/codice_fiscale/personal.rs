//! The 16-character personal codice fiscale: parsing, decoding, omocodia.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::belfiore_code::BelfioreCode;
use super::error::{CfError, Expected};
use super::normalise::{Normalised, normalise};
use super::tables::{
    CLASS, DIGIT_POSITIONS, DIGIT_VALUE, EXPECTED, LETTER, MONTH_NUMBER, OMOCODE_LETTERS,
    check_letter,
};

/// Sex as written in the code (day + 40 for women).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Maschio.
    M,
    /// Femmina.
    F,
}

impl Sex {
    /// "M" or "F".
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }
}

/// A valid personal codice fiscale and what it says.
///
/// Copy and allocation-free. Equality compares the text (and the decoded
/// data), so an omocode and its canonical form differ; compare
/// `canonical()` to ask "same code but for omocodia".
///
/// Crosses the server/browser boundary as `{"code": "...", "birth_date":
/// "YYYY-MM-DD"}`; the birth date travels so the century chosen on one side
/// is kept on the other, and deserialising validates everything again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "CfWire", into = "CfWire")]
pub struct CodiceFiscale {
    code: [u8; 16],
    birth_date: NaiveDate,
    sex: Sex,
    belfiore: BelfioreCode,
    /// Bit i set when `DIGIT_POSITIONS[i]` carries an omocodia letter.
    omocode_mask: u8,
}

/// Parses a personal codice fiscale (16 characters) and decodes it.
///
/// The input is normalised first (trim, inner spaces removed, upper-case).
/// Checks, in this order, each failure a distinct [`CfError`]: length,
/// the kind of character at every position (letters, digits or omocodia
/// letters, the month letter at 9), day (01-31 or 41-71), the calendar date,
/// the Belfiore code (known comune or country), the check letter.
///
/// An 11-digit or STP/ENI input gets the matching "not accepted here"
/// error; use [`super::parse_fiscal_id`] where those are allowed.
///
/// Century rule: two-digit year `yy` means the latest year ending in `yy`
/// that is not after `today`'s year. For today in 2000-2099 that is
/// exactly: 20yy, unless 20yy is after today's year, then 19yy. The century
/// is fixed before the day is checked, so "00B29" (29 February 00) is valid
/// (2000 is a leap year) whenever today is in 2000 or later. A code of the
/// current year may thus decode to a date later this year: whether a birth
/// date may be in the future is the form's rule, not the code's.
pub fn parse(input: &str, today: NaiveDate) -> Result<CodiceFiscale, CfError> {
    let n = normalise(input);
    match super::fiscal_id::classify(&n) {
        super::fiscal_id::Shape::Temporary => Err(CfError::TemporaryNotAccepted),
        super::fiscal_id::Shape::StpEni => Err(CfError::StpEniNotAccepted),
        super::fiscal_id::Shape::Personal => parse_normalised(&n, today.year()),
    }
}

/// Year of birth from the two code digits: the latest year ending in `yy`
/// not after `reference_year`.
#[inline]
pub(crate) fn infer_year(yy: u8, reference_year: i32) -> i32 {
    reference_year - (reference_year - i32::from(yy)).rem_euclid(100)
}

/// The checks of [`parse`] on an already normalised input.
#[inline]
pub(crate) fn parse_normalised(
    n: &Normalised,
    reference_year: i32,
) -> Result<CodiceFiscale, CfError> {
    parse_normalised_with(n, reference_year, crate::places::belfiore::is_known)
}

/// [`parse_normalised`] with the Belfiore lookup given (tests use a small set).
#[inline]
pub(crate) fn parse_normalised_with(
    n: &Normalised,
    reference_year: i32,
    is_known: impl Fn(u8, u16) -> bool,
) -> Result<CodiceFiscale, CfError> {
    if n.len != 16 {
        return Err(if n.len == 0 {
            CfError::Empty
        } else {
            CfError::Length { found: n.len }
        });
    }
    let code = n.buf;
    // Structure, branch-free: every byte must belong to its position's class.
    let mut bad = false;
    for (&b, &want) in code.iter().zip(EXPECTED.iter()) {
        bad |= CLASS[b as usize] & want == 0;
    }
    if bad {
        return Err(structure_error(n));
    }
    let dv = |i: usize| DIGIT_VALUE[code[i] as usize];

    let raw_day = dv(9) * 10 + dv(10);
    let (day, sex) = match raw_day {
        1..=31 => (raw_day, Sex::M),
        41..=71 => (raw_day - 40, Sex::F),
        _ => return Err(CfError::InvalidDay { found: raw_day }),
    };
    let month = MONTH_NUMBER[code[8] as usize];
    let year = infer_year(dv(6) * 10 + dv(7), reference_year);
    let Some(birth_date) = NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day)) else {
        return Err(CfError::NonexistentDate { year, month, day });
    };

    let number = u16::from(dv(12)) * 100 + u16::from(dv(13)) * 10 + u16::from(dv(14));
    let Some(belfiore) = BelfioreCode::new(code[11], number) else {
        // Unreachable: position 12 was checked to be A-Z and number <= 999.
        return Err(structure_error(n));
    };
    if !is_known(code[11], number) {
        return Err(CfError::UnknownBelfiore { code: belfiore });
    }

    let expected = check_letter(&code);
    if code[15] != expected {
        return Err(CfError::CheckLetter {
            expected: char::from(expected),
            found: char::from(code[15]),
        });
    }

    let mut omocode_mask = 0u8;
    for (bit, &pos) in DIGIT_POSITIONS.iter().enumerate() {
        omocode_mask |= u8::from(CLASS[code[pos] as usize] & LETTER != 0) << bit;
    }
    Ok(CodiceFiscale {
        code,
        birth_date,
        sex,
        belfiore,
        omocode_mask,
    })
}

/// The first position whose character is of the wrong kind.
#[cold]
fn structure_error(n: &Normalised) -> CfError {
    for (i, (&b, &want)) in n.buf.iter().zip(EXPECTED.iter()).enumerate() {
        if CLASS[b as usize] & want != 0 {
            continue;
        }
        let found = n.shown(i);
        if i == 8 {
            return CfError::InvalidMonth { found };
        }
        return CfError::InvalidCharacter {
            position: i as u8 + 1,
            expected: if want == LETTER {
                Expected::Letter
            } else {
                Expected::DigitOrOmocode
            },
            found,
        };
    }
    CfError::Length { found: n.len }
}

impl CodiceFiscale {
    /// The code as entered, normalised (upper-case, no spaces), omocodia
    /// letters kept.
    pub fn as_str(&self) -> &str {
        // Invariant: 16 ASCII bytes, so this never falls back.
        std::str::from_utf8(&self.code).unwrap_or("????????????????")
    }

    /// The 16 bytes of [`Self::as_str`].
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.code
    }

    /// The same code with every omocodia letter turned back into its digit
    /// and the check letter recomputed: the code before any substitution.
    pub fn canonical(&self) -> CodiceFiscale {
        self.with_omocode_mask(0)
    }

    /// Date of birth (century inferred as documented on [`parse`]).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Sex: F when the day was written + 40.
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// Belfiore code of the comune or foreign country, omocodia resolved.
    pub fn belfiore(&self) -> &BelfioreCode {
        &self.belfiore
    }

    /// Born abroad (Belfiore code Z + 3 digits).
    pub fn is_foreign(&self) -> bool {
        self.belfiore.is_foreign()
    }

    /// True when any of the seven digit positions carries an omocodia letter.
    pub fn is_omocode(&self) -> bool {
        self.omocode_mask != 0
    }

    /// Which digit positions carry a letter: bit i stands for 1-based
    /// position 7, 8, 10, 11, 13, 14, 15 for i = 0..=6.
    pub fn omocode_mask(&self) -> u8 {
        self.omocode_mask
    }

    /// The three surname letters (positions 1-3).
    pub fn surname_part(&self) -> &str {
        self.as_str().get(0..3).unwrap_or("")
    }

    /// The three name letters (positions 4-6).
    pub fn name_part(&self) -> &str {
        self.as_str().get(3..6).unwrap_or("")
    }

    /// The variant whose digit positions in `mask` (bits as in
    /// [`Self::omocode_mask`], bits above 6 ignored) carry omocodia letters and
    /// the others digits, with its check letter. Mask 0 is the canonical code.
    pub fn with_omocode_mask(&self, mask: u8) -> CodiceFiscale {
        let mut code = self.code;
        for (bit, &pos) in DIGIT_POSITIONS.iter().enumerate() {
            let digit = DIGIT_VALUE[code[pos] as usize];
            code[pos] = if mask >> bit & 1 == 1 {
                OMOCODE_LETTERS[usize::from(digit % 10)]
            } else {
                b'0' + digit % 10
            };
        }
        code[15] = check_letter(&code);
        CodiceFiscale {
            code,
            omocode_mask: mask & 0x7f,
            ..*self
        }
    }

    /// The omocode the Agenzia delle Entrate would issue at `level` (1-7):
    /// it substitutes digits from the right, so level 1 replaces position 15,
    /// level 2 positions 14-15, ..., level 7 all seven. Level 0 is the
    /// canonical code; `None` above 7.
    pub fn omocode_variant(&self, level: u8) -> Option<CodiceFiscale> {
        if level > 7 {
            return None;
        }
        let mask = ((1u16 << level) - 1) << (7 - level);
        Some(self.with_omocode_mask(mask as u8))
    }
}

impl std::fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Wire form of [`CodiceFiscale`].
#[derive(Serialize, Deserialize)]
struct CfWire {
    code: String,
    birth_date: NaiveDate,
}

impl From<CodiceFiscale> for CfWire {
    fn from(cf: CodiceFiscale) -> Self {
        CfWire {
            code: cf.as_str().to_owned(),
            birth_date: cf.birth_date,
        }
    }
}

impl TryFrom<CfWire> for CodiceFiscale {
    type Error = String;

    fn try_from(w: CfWire) -> Result<Self, Self::Error> {
        // Inferring against the birth year itself gives back that year
        // exactly when the code's two digits match it.
        let cf = parse_normalised(&normalise(&w.code), w.birth_date.year())
            .map_err(|e| e.to_string())?;
        if cf.birth_date != w.birth_date {
            return Err(format!(
                "data di nascita {} incoerente con il codice fiscale {}",
                w.birth_date, cf
            ));
        }
        Ok(cf)
    }
}
