//! The set of Belfiore (cadastral) codes ever valid, comuni and countries.
//!
//! A codice fiscale keeps the Belfiore code of the birthplace as it was at
//! birth, so the set holds every code that ever existed, not only today's
//! comuni. The bitset is generated from `data/places.csv`'s sources by
//! `data/tools/build_reference.py`; a lookup is one array read.

use super::belfiore_set::BELFIORE_BITS;

/// True if `letter` + `digits` (e.g. b'F', 205) is a known Belfiore code.
///
/// Letters outside `A..=Z` and numbers above 999 are simply unknown: the
/// function never panics and never allocates.
pub fn is_known(letter: u8, digits: u16) -> bool {
    if !letter.is_ascii_uppercase() || digits > 999 {
        return false;
    }
    let index = usize::from(letter - b'A') * 1000 + usize::from(digits);
    BELFIORE_BITS
        .get(index / 64)
        .is_some_and(|word| (word >> (index % 64)) & 1 == 1)
}

#[cfg(test)]
mod tests {
    use super::super::belfiore_set::BELFIORE_COUNT;
    use super::*;

    #[test]
    fn current_comuni_are_known() {
        assert!(is_known(b'F', 205)); // Milano
        assert!(is_known(b'H', 501)); // Roma
        assert!(is_known(b'E', 648)); // Lodi
        assert!(is_known(b'A', 1)); // Abano Terme, A001: lowest bit of a word
    }

    #[test]
    fn suppressed_comuni_are_known() {
        // Ronago (CO) merged into Uggiate con Ronago on 2024-01-01;
        // Quero Vas (BL) merged into Setteville on 2024-01-22.
        assert!(is_known(b'H', 521));
        assert!(is_known(b'M', 332));
        // and the comuni created by those mergers
        assert!(is_known(b'M', 435));
        assert!(is_known(b'M', 437));
    }

    #[test]
    fn countries_current_and_deleted_are_known() {
        assert!(is_known(b'Z', 404)); // Stati Uniti d'America
        assert!(is_known(b'Z', 100)); // Albania
        assert!(is_known(b'Z', 105)); // Cecoslovacchia, until 1993
        assert!(is_known(b'Z', 135)); // URSS, until 1992
    }

    #[test]
    fn never_assigned_codes_are_unknown() {
        // The M series is assigned in order to new comuni and has reached
        // M439 (Castegnero Nanto, 2026): M999 was never used.
        assert!(!is_known(b'M', 999));
        assert!(!is_known(b'A', 0));
        // Country codes start at Z100.
        assert!(!is_known(b'Z', 0));
        assert!(!is_known(b'Z', 99));
        // Letters never used for Belfiore codes.
        assert!(!is_known(b'O', 100));
        assert!(!is_known(b'J', 100));
    }

    #[test]
    fn out_of_range_inputs_are_unknown() {
        assert!(!is_known(b'F', 1000));
        assert!(!is_known(b'F', 2205));
        assert!(!is_known(b'F', u16::MAX));
        assert!(!is_known(b'f', 205)); // lower case is not normalised here
        assert!(!is_known(b'0', 205));
        assert!(!is_known(0, 0));
        assert!(!is_known(u8::MAX, u16::MAX));
        assert!(!is_known(b'Z', 999)); // last bit of the set (index 25,999)
    }

    #[test]
    fn total_matches_generated_count() {
        let mut total = 0u32;
        for letter in u8::MIN..=u8::MAX {
            for digits in 0..=1100u16 {
                total += u32::from(is_known(letter, digits));
            }
        }
        // Every bit reachable through valid inputs, none beyond them.
        assert_eq!(total, BELFIORE_COUNT);
        // python-codicefiscale 0.12.1 lists 9,864 distinct comune codes and
        // 222 country codes (213 + 9 deleted): 10,086 in all.
        assert_eq!(total, 10_086);
    }
}
