//! The set of Belfiore (cadastral) codes ever valid, comuni and countries.

/// True if `letter` + `digits` (e.g. b'F', 205) is a known Belfiore code.
/// PLACEHOLDER: accepts every well-formed code until the data file lands.
pub fn is_known(letter: u8, digits: u16) -> bool {
    letter.is_ascii_uppercase() && digits <= 999
}
