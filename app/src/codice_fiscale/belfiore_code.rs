//! A Belfiore (cadastral) code as decoded from a codice fiscale: one letter
//! and three digits, omocodia already resolved ("F205" Milano, "Z404" USA).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Four ASCII bytes, a letter then three digits; Copy and allocation-free.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BelfioreCode([u8; 4]);

impl BelfioreCode {
    /// Builds the code from its letter and number (0-999); `None` if the
    /// letter is not upper-case A-Z or the number has more than 3 digits.
    pub fn new(letter: u8, number: u16) -> Option<BelfioreCode> {
        if !letter.is_ascii_uppercase() || number > 999 {
            return None;
        }
        // number <= 999, so each digit below is 0-9 and the casts are exact.
        let hundreds = (number / 100) as u8;
        let tens = ((number / 10) % 10) as u8;
        let units = (number % 10) as u8;
        Some(BelfioreCode([
            letter,
            b'0' + hundreds,
            b'0' + tens,
            b'0' + units,
        ]))
    }

    /// Parses "F205" (upper or lower case, no omocodia letters).
    pub fn parse(text: &str) -> Option<BelfioreCode> {
        let t = text.trim().as_bytes();
        let [l, a, b, c] = t else {
            return None;
        };
        if !(a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit()) {
            return None;
        }
        let number = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
        BelfioreCode::new(l.to_ascii_uppercase(), number)
    }

    /// The letter (A-Z; Z for foreign countries).
    pub fn letter(&self) -> u8 {
        self.0[0]
    }

    /// The three digits as a number, 0-999.
    pub fn number(&self) -> u16 {
        let [_, a, b, c] = self.0;
        // Invariant: three ASCII digits; wrapping keeps this panic-free anyway.
        let d = |x: u8| u16::from(x.wrapping_sub(b'0') % 10);
        d(a) * 100 + d(b) * 10 + d(c)
    }

    /// True for foreign countries (Z codes).
    pub fn is_foreign(&self) -> bool {
        self.0[0] == b'Z'
    }

    /// True if the reference data knows this code (comune, ever, or country).
    pub fn is_known(&self) -> bool {
        crate::places::belfiore::is_known(self.letter(), self.number())
    }

    /// The four bytes.
    pub fn as_bytes(&self) -> &[u8; 4] {
        &self.0
    }

    /// The code as text, e.g. "F205".
    pub fn as_str(&self) -> &str {
        // Invariant: four ASCII bytes, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl std::fmt::Display for BelfioreCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for BelfioreCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BelfioreCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        BelfioreCode::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("codice Belfiore non valido: {text:?}"))
        })
    }
}
