//! Unit tests. Expected values are worked out by hand from DESIGN.md and the
//! official tables (DM 23/12/1976); `oracle_check` below is an independent,
//! deliberately naive re-statement of the check-letter rule used to finish
//! test inputs whose 16th letter is beside the point.

mod decode;
mod errors;
mod kinds;
mod mutations;

use chrono::NaiveDate;

use super::*;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The day the tests pretend is today.
pub(super) fn today() -> NaiveDate {
    d(2026, 11, 24)
}

/// Official odd-position values, as printed in the decree.
fn odd_value(c: char) -> u32 {
    match c {
        '0' | 'A' => 1,
        '1' | 'B' => 0,
        '2' | 'C' => 5,
        '3' | 'D' => 7,
        '4' | 'E' => 9,
        '5' | 'F' => 13,
        '6' | 'G' => 15,
        '7' | 'H' => 17,
        '8' | 'I' => 19,
        '9' | 'J' => 21,
        'K' => 2,
        'L' => 4,
        'M' => 18,
        'N' => 20,
        'O' => 11,
        'P' => 3,
        'Q' => 6,
        'R' => 8,
        'S' => 12,
        'T' => 14,
        'U' => 16,
        'V' => 10,
        'W' => 22,
        'X' => 25,
        'Y' => 24,
        'Z' => 23,
        _ => panic!("not a code character: {c}"),
    }
}

/// Official even-position values: 0-9 for digits, 0-25 for A-Z.
fn even_value(c: char) -> u32 {
    if c.is_ascii_digit() {
        c as u32 - '0' as u32
    } else {
        c as u32 - 'A' as u32
    }
}

/// Independent check letter of 15 characters.
pub(super) fn oracle_check(first15: &str) -> char {
    let sum: u32 = first15
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                odd_value(c)
            } else {
                even_value(c)
            }
        })
        .sum();
    (b'A' + (sum % 26) as u8) as char
}

/// 15 characters plus their check letter.
pub(super) fn with_check(first15: &str) -> String {
    assert_eq!(first15.len(), 15);
    format!("{first15}{}", oracle_check(first15))
}

pub(super) fn ok(code: &str) -> CodiceFiscale {
    parse(code, today()).unwrap_or_else(|e| panic!("{code}: {e}"))
}

pub(super) fn err(code: &str) -> CfError {
    parse(code, today()).expect_err(code)
}
