//! Single-character changes of valid codes.

use super::*;

// ---------------------------------------------------------------- mutations

/// Every single-character substitution of a valid code is refused unless it
/// only changes letter case. Why nothing else can pass:
/// - a letter position takes another letter: both tables give the 26 letters
///   26 distinct values, so the sum mod 26 changes and the check letter with
///   it (a change of the check letter itself is a mismatch by definition);
/// - a digit position takes another digit or omocodia letter: at an even
///   position digits are worth 0-9 and omocodia letters 11-21; at an odd
///   one digits {0 1 5 7 9 13 15 17 19 21} and omocodia letters
///   {3 4 6 8 10 12 14 16 18 20}. Disjoint, distinct within each, all
///   below 26: the sum mod 26 changes, so the check letter no longer fits
///   (a digit and its own omocodia letter included: 2 vs N is 5 vs 20);
/// - anything else breaks the structure (kind of character) or the length
///   (a space is removed by normalisation).
///
/// So "a valid omocode form with the right check letter" can only differ from
/// the original in two or more places; see proptests for the general check.
#[test]
fn every_single_substitution_is_refused_except_case() {
    let mut replacements: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
    replacements.extend(['à', 'É', 'ß', '\u{a0}', '\u{2028}', '０', 'Ａ']);
    for code in [
        "RSSMRA85T10A562S",
        "RSSMRAURTMLARSNL",
        "MLLHNS80L08Z112V",
        "BNCNNA90C55F205O",
    ] {
        for pos in 0..16 {
            for &r in &replacements {
                let mutated: String = code
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i == pos { r } else { c })
                    .collect();
                let original = code.as_bytes()[pos] as char;
                let same = r.to_ascii_uppercase() == original;
                assert_eq!(parse(&mutated, today()).is_ok(), same, "{mutated}");
            }
        }
    }
}
