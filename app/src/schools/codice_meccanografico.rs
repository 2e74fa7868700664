//! Codice meccanografico: the Ministry's 10-character code of an istituto
//! or plesso, e.g. MIIC8AB00X (an istituto comprensivo in Milano) or
//! MIEE8AB01A (one of its primary-school plessi).
//!
//! Layout: 2 letters of the province (the historical one: schools of
//! Barletta-Andria-Trani keep "BA", of Sud Sardegna "CA"/"CI"/"VS", so it is
//! not checked against today's sigle), 2 characters of school type ("IC",
//! "EE", "MM", "AA", "PS", "TF", …; "1A", "1E", "1M" for scuole paritarie),
//! then 6 letters or digits, the last being a check character whose
//! algorithm the Ministry does not publish (so it is not verified here).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A well-formed codice meccanografico, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CodiceMeccanografico(String);

/// Why a codice meccanografico was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodiceMeccanograficoError {
    #[error("Inserire il codice meccanografico (10 caratteri, ad esempio MIIC8AB00X).")]
    Empty,
    #[error("Il codice meccanografico deve avere 10 caratteri, ne ha {0} (ad esempio MIIC8AB00X).")]
    Length(usize),
    #[error(
        "Il codice meccanografico deve iniziare con le due lettere della provincia (ad esempio MI), non con \"{0}\"."
    )]
    Province(String),
    #[error(
        "Il carattere \"{ch}\" in posizione {position} non è ammesso: il codice meccanografico contiene solo lettere e cifre."
    )]
    Character { position: usize, ch: char },
}

impl CodiceMeccanografico {
    /// Checks and normalises a code as typed (blanks trimmed, upper-cased).
    pub fn parse(input: &str) -> Result<Self, CodiceMeccanograficoError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(CodiceMeccanograficoError::Empty);
        }
        if let Some((i, ch)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(CodiceMeccanograficoError::Character {
                position: i + 1,
                ch,
            });
        }
        // Only ASCII from here: byte length = character count.
        let code = text.to_ascii_uppercase();
        if code.len() != 10 {
            return Err(CodiceMeccanograficoError::Length(code.len()));
        }
        let province = code.get(..2).unwrap_or_default();
        if !province.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(CodiceMeccanograficoError::Province(province.to_string()));
        }
        Ok(CodiceMeccanografico(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two province letters, e.g. "MI".
    pub fn province_prefix(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// The two type characters, e.g. "IC" (istituto comprensivo), "EE"
    /// (primaria), "MM" (secondaria di I grado), "AA" (infanzia).
    pub fn type_code(&self) -> &str {
        self.0.get(2..4).unwrap_or_default()
    }
}

impl fmt::Display for CodiceMeccanografico {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CodiceMeccanografico {
    type Err = CodiceMeccanograficoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CodiceMeccanografico::parse(s)
    }
}

impl TryFrom<String> for CodiceMeccanografico {
    type Error = CodiceMeccanograficoError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CodiceMeccanografico::parse(&value)
    }
}

impl From<CodiceMeccanografico> for String {
    fn from(code: CodiceMeccanografico) -> String {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_shapes_and_normalises() {
        for (input, code) in [
            ("MIIC8AB00X", "MIIC8AB00X"), // istituto comprensivo, letters inside
            ("MIEE8AB01A", "MIEE8AB01A"), // its primaria plesso
            (" miaa8ab01v ", "MIAA8AB01V"),
            ("RERA014014", "RERA014014"), // last character may be a digit
            ("RM1A06500E", "RM1A06500E"), // paritaria: digit in the type
        ] {
            let parsed = CodiceMeccanografico::parse(input).unwrap();
            assert_eq!(parsed.as_str(), code);
        }
        let c: CodiceMeccanografico = "miic8ab00x".parse().unwrap();
        assert_eq!(c.province_prefix(), "MI");
        assert_eq!(c.type_code(), "IC");
        assert_eq!(c.to_string(), "MIIC8AB00X");
    }

    #[test]
    fn refuses_bad_codes_with_reasons() {
        use CodiceMeccanograficoError as E;
        assert_eq!(CodiceMeccanografico::parse("  "), Err(E::Empty));
        assert_eq!(CodiceMeccanografico::parse("MIIC8AB00"), Err(E::Length(9)));
        assert_eq!(
            CodiceMeccanografico::parse("MIIC8AB00XX"),
            Err(E::Length(11))
        );
        assert_eq!(
            CodiceMeccanografico::parse("M1IC8AB00X"),
            Err(E::Province("M1".to_string()))
        );
        assert_eq!(
            CodiceMeccanografico::parse("MIIC 8AB00X"),
            Err(E::Character {
                position: 5,
                ch: ' '
            })
        );
        assert_eq!(
            CodiceMeccanografico::parse("MIIC8AB0-X"),
            Err(E::Character {
                position: 9,
                ch: '-'
            })
        );
        // Non-ASCII letters are refused, not counted as bytes.
        assert_eq!(
            CodiceMeccanografico::parse("MIIC8ÀB00X"),
            Err(E::Character {
                position: 6,
                ch: 'À'
            })
        );
        assert_eq!(
            CodiceMeccanografico::parse("MIIC8AB00")
                .unwrap_err()
                .to_string(),
            "Il codice meccanografico deve avere 10 caratteri, ne ha 9 (ad esempio MIIC8AB00X)."
        );
    }

    #[test]
    fn serde_validates() {
        let c: CodiceMeccanografico = serde_json::from_str("\"miee8ab01a\"").unwrap();
        assert_eq!(c.as_str(), "MIEE8AB01A");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"MIEE8AB01A\"");
        assert!(serde_json::from_str::<CodiceMeccanografico>("\"MIEE\"").is_err());
    }
}
