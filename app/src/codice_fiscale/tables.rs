//! Lookup tables for the hot path: one byte in, one answer out, no branches.
//!
//! All tables are built at compile time from the rules in DESIGN.md so the
//! validator never allocates and never walks a string twice.

/// Character class bits, indexed by byte.
pub(crate) const LETTER: u8 = 1;
pub(crate) const DIGIT: u8 = 2;
/// An omocodia letter: L M N P Q R S T U V stand for 0-9.
pub(crate) const OMOCODE: u8 = 4;
/// One of the twelve month letters A B C D E H L M P R S T.
pub(crate) const MONTH: u8 = 8;

/// The twelve month letters, January first.
pub(crate) const MONTH_LETTERS: [u8; 12] = *b"ABCDEHLMPRST";
/// The omocodia letters, standing for 0 to 9.
pub(crate) const OMOCODE_LETTERS: [u8; 10] = *b"LMNPQRSTUV";
/// 0-based indices of the seven digit positions (7,8,10,11,13,14,15 1-based).
pub(crate) const DIGIT_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];

/// Expected class per 0-based position of a personal code.
pub(crate) const EXPECTED: [u8; 16] = {
    let d = DIGIT | OMOCODE;
    [
        LETTER, LETTER, LETTER, LETTER, LETTER, LETTER, d, d, MONTH, d, d, LETTER, d, d, d, LETTER,
    ]
};

/// Class bits of every byte.
pub(crate) static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = b'A';
    while b <= b'Z' {
        t[b as usize] |= LETTER;
        b += 1;
    }
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] |= DIGIT;
        b += 1;
    }
    let mut i = 0;
    while i < 10 {
        t[OMOCODE_LETTERS[i] as usize] |= OMOCODE;
        i += 1;
    }
    let mut i = 0;
    while i < 12 {
        t[MONTH_LETTERS[i] as usize] |= MONTH;
        i += 1;
    }
    t
};

/// Numeric value of a digit or of an omocodia letter (0 for anything else).
pub(crate) static DIGIT_VALUE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        t[OMOCODE_LETTERS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Month number 1-12 of a month letter (0 for anything else).
pub(crate) static MONTH_NUMBER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 12 {
        t[MONTH_LETTERS[i] as usize] = i as u8 + 1;
        i += 1;
    }
    t
};

/// Check-letter values of characters in odd (1-based) positions, A/0 first:
/// the official table of DM 23/12/1976.
const ODD_LETTERS: [u8; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// Check value in odd 1-based positions: digit n counts like the n-th letter.
pub(crate) static ODD_VALUE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = ODD_LETTERS[i];
        i += 1;
    }
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = ODD_LETTERS[i];
        i += 1;
    }
    t
};

/// Check value in even 1-based positions: A/0 = 0, B/1 = 1, ... Z = 25.
pub(crate) static EVEN_VALUE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    t
};

/// The check letter of the first 15 characters (upper-case ASCII assumed;
/// anything else counts as 0, callers validate first).
#[inline]
pub(crate) fn check_letter(code: &[u8; 16]) -> u8 {
    let mut sum: u32 = 0;
    let mut i = 0;
    while i < 15 {
        sum += u32::from(ODD_VALUE[code[i] as usize]);
        if i + 1 < 15 {
            sum += u32::from(EVEN_VALUE[code[i + 1] as usize]);
        }
        i += 2;
    }
    b'A' + (sum % 26) as u8
}
