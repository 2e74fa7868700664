//! What a "codice fiscale" field may hold besides a personal code: the
//! 11-digit temporary numeric code and the STP/ENI healthcare codes.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::CfError;
use super::normalise::{Normalised, normalise};
use super::personal::{CodiceFiscale, parse_normalised};

/// Which codes besides the personal one a field accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accept {
    /// The 11-digit temporary numeric code.
    pub temporary: bool,
    /// STP and ENI codes (healthcare for foreigners without a codice fiscale).
    pub stp_eni: bool,
}

impl Accept {
    /// Personal codes only.
    pub const PERSONAL: Accept = Accept {
        temporary: false,
        stp_eni: false,
    };
    /// Every kind.
    pub const ALL: Accept = Accept {
        temporary: true,
        stp_eni: true,
    };
}

/// A valid identifier from a codice fiscale field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FiscalId {
    /// The 16-character codice fiscale.
    Personal(CodiceFiscale),
    /// Codice fiscale numerico provvisorio (11 digits).
    Temporary(TemporaryCode),
    /// Straniero Temporaneamente Presente.
    Stp(StpEniCode),
    /// Europeo Non Iscritto.
    Eni(StpEniCode),
}

impl FiscalId {
    /// The normalised code.
    pub fn as_str(&self) -> &str {
        match self {
            FiscalId::Personal(cf) => cf.as_str(),
            FiscalId::Temporary(t) => t.as_str(),
            FiscalId::Stp(s) | FiscalId::Eni(s) => s.as_str(),
        }
    }

    /// The personal code, if this is one.
    pub fn personal(&self) -> Option<&CodiceFiscale> {
        match self {
            FiscalId::Personal(cf) => Some(cf),
            _ => None,
        }
    }
}

/// Parses a codice fiscale field that may also accept the kinds in `accept`.
/// Normalises as [`super::parse`] does; a kind the field does not accept gets
/// its own "not accepted here" error rather than a confusing length error.
pub fn parse_fiscal_id(input: &str, today: NaiveDate, accept: Accept) -> Result<FiscalId, CfError> {
    let n = normalise(input);
    match classify(&n) {
        Shape::Personal => parse_normalised(&n, today.year()).map(FiscalId::Personal),
        Shape::Temporary if accept.temporary => {
            TemporaryCode::from_normalised(&n).map(FiscalId::Temporary)
        }
        Shape::Temporary => Err(CfError::TemporaryNotAccepted),
        Shape::StpEni if accept.stp_eni => {
            let code = StpEniCode::from_normalised(&n)?;
            Ok(if code.is_eni() {
                FiscalId::Eni(code)
            } else {
                FiscalId::Stp(code)
            })
        }
        Shape::StpEni => Err(CfError::StpEniNotAccepted),
    }
}

/// Which parser an input goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Personal,
    Temporary,
    StpEni,
}

/// 11 digits is a temporary code; 16 characters starting STP or ENI and a
/// digit is STP/ENI (a personal code has a letter in position 4, so a real
/// surname like Stoppani, "STP...", still parses as personal).
#[inline]
pub(crate) fn classify(n: &Normalised) -> Shape {
    match (n.len, n.buf) {
        (11, b) if b.iter().take(11).all(u8::is_ascii_digit) => Shape::Temporary,
        (16, [b'S', b'T', b'P', d, ..] | [b'E', b'N', b'I', d, ..]) if d.is_ascii_digit() => {
            Shape::StpEni
        }
        _ => Shape::Personal,
    }
}

/// Codice fiscale numerico provvisorio: 11 digits, the last a check digit
/// computed as for the partita IVA (Luhn variant: digits in even 1-based
/// positions are doubled, minus 9 when above 9; the check digit brings the
/// sum to a multiple of 10). The Agenzia delle Entrate assigns it to people
/// still waiting for their definitive code. Only the check digit is
/// verified: its first 7 digits are a serial and 8-10 an office code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TemporaryCode([u8; 11]);

impl TemporaryCode {
    /// Parses exactly 11 digits (after normalisation) with a right check digit.
    pub fn parse(input: &str) -> Result<TemporaryCode, CfError> {
        let n = normalise(input);
        match classify(&n) {
            Shape::Temporary => TemporaryCode::from_normalised(&n),
            _ if n.len == 0 => Err(CfError::Empty),
            _ => Err(CfError::Length { found: n.len }),
        }
    }

    fn from_normalised(n: &Normalised) -> Result<TemporaryCode, CfError> {
        let mut code = [0u8; 11];
        for (dst, &src) in code.iter_mut().zip(n.buf.iter()) {
            if !src.is_ascii_digit() {
                return Err(CfError::Length { found: n.len });
            }
            *dst = src;
        }
        let expected = partita_iva_check_digit(&code);
        let found = code[10];
        if found != expected {
            return Err(CfError::TemporaryCheckDigit {
                expected: char::from(expected),
                found: char::from(found),
            });
        }
        Ok(TemporaryCode(code))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???????????")
    }
}

/// Check digit (as an ASCII byte) of the first 10 of 11 ASCII digits.
pub(crate) fn partita_iva_check_digit(code: &[u8; 11]) -> u8 {
    let mut sum = 0u32;
    for (i, &b) in code.iter().take(10).enumerate() {
        let d = u32::from(b.wrapping_sub(b'0') % 10);
        sum += if i % 2 == 1 {
            let twice = d * 2;
            if twice > 9 { twice - 9 } else { twice }
        } else {
            d
        };
    }
    b'0' + ((10 - sum % 10) % 10) as u8
}

impl std::fmt::Display for TemporaryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<TemporaryCode> for String {
    fn from(t: TemporaryCode) -> String {
        t.as_str().to_owned()
    }
}

impl TryFrom<String> for TemporaryCode {
    type Error = CfError;
    fn try_from(s: String) -> Result<Self, CfError> {
        TemporaryCode::parse(&s)
    }
}

/// STP (Straniero Temporaneamente Presente: non-EU foreigners without a
/// residence permit) and ENI (Europeo Non Iscritto: EU citizens not
/// registered with the health service) codes, issued by an ASL under the
/// Ministry of Health circular 5 of 24 March 2000 and valid six months.
///
/// 16 characters: `STP` or `ENI`, then 13 digits: the region's 3-digit code
/// (as in the health-service data flows, e.g. 030 Lombardia, 120 Lazio),
/// the 3-digit code of the issuing ASL, and a 7-digit progressive number.
/// There is no check character; only this format is verified (region and
/// ASL codes are not looked up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StpEniCode([u8; 16]);

impl StpEniCode {
    /// Parses an STP or ENI code (after normalisation).
    pub fn parse(input: &str) -> Result<StpEniCode, CfError> {
        let n = normalise(input);
        match classify(&n) {
            Shape::StpEni => StpEniCode::from_normalised(&n),
            _ if n.len == 0 => Err(CfError::Empty),
            _ if n.len != 16 => Err(CfError::Length { found: n.len }),
            // 16 characters without an STP/ENI + digit start.
            _ => Err(CfError::StpEniCharacter {
                position: 4,
                found: n.shown(3),
            }),
        }
    }

    fn from_normalised(n: &Normalised) -> Result<StpEniCode, CfError> {
        for (i, &b) in n.buf.iter().enumerate().skip(3) {
            if !b.is_ascii_digit() {
                return Err(CfError::StpEniCharacter {
                    position: i as u8 + 1,
                    found: n.shown(i),
                });
            }
        }
        Ok(StpEniCode(n.buf))
    }

    /// True for ENI, false for STP.
    pub fn is_eni(&self) -> bool {
        self.0[0] == b'E'
    }

    /// The whole code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("????????????????")
    }

    /// Region code, characters 4-6.
    pub fn region(&self) -> &str {
        self.as_str().get(3..6).unwrap_or("")
    }

    /// Issuing ASL code, characters 7-9.
    pub fn asl(&self) -> &str {
        self.as_str().get(6..9).unwrap_or("")
    }

    /// Progressive number, characters 10-16.
    pub fn progressive(&self) -> &str {
        self.as_str().get(9..16).unwrap_or("")
    }
}

impl std::fmt::Display for StpEniCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<StpEniCode> for String {
    fn from(s: StpEniCode) -> String {
        s.as_str().to_owned()
    }
}

impl TryFrom<String> for StpEniCode {
    type Error = CfError;
    fn try_from(s: String) -> Result<Self, CfError> {
        StpEniCode::parse(&s)
    }
}
