//! Decoding: hand-worked vectors, omocodia, dates and the century rule.

use super::super::normalise::normalise;
use super::super::personal::parse_normalised_with;
use super::*;

// ---------------------------------------------------------------- vectors

#[test]
fn rossi_mario_hand_worked() {
    // R S S M R A 8 5 T 1 0 A 5 6 2
    // odd (1,3,..,15): R8 S12 R8 8:19 T14 0:1 5:13 2:5  = 80
    // even (2,4,..,14): S18 M12 A0 5:5 1:1 A0 6:6       = 42
    // 122 mod 26 = 18 -> S
    assert_eq!(oracle_check("RSSMRA85T10A562"), 'S');
    let cf = ok("RSSMRA85T10A562S");
    assert_eq!(cf.as_str(), "RSSMRA85T10A562S");
    assert_eq!(cf.birth_date(), d(1985, 12, 10)); // T = December
    assert_eq!(cf.sex(), Sex::M);
    assert_eq!(cf.belfiore().as_str(), "A562");
    assert!(!cf.is_foreign());
    assert!(!cf.is_omocode());
    assert_eq!(cf.surname_part(), "RSS");
    assert_eq!(cf.name_part(), "MRA");
}

#[test]
fn woman_day_plus_forty_hand_worked() {
    // Bianchi Anna, 15/03/1990, Milano F205: BNC NNA 90 C 55 F205.
    // odd: B0 C5 N20 9:21 C5 5:13 2:5 5:13 = 82
    // even: N13 N13 A0 0:0 5:5 F5 0:0      = 36
    // 118 mod 26 = 14 -> O
    let cf = ok("BNCNNA90C55F205O");
    assert_eq!(cf.birth_date(), d(1990, 3, 15));
    assert_eq!(cf.sex(), Sex::F);
    assert_eq!(cf.belfiore().as_str(), "F205");
}

#[test]
fn foreign_country_z_code() {
    // Müller Hans, 08/07/1980, Germania Z112: MLL HNS 80 L 08 Z112.
    // odd: M18 L4 N20 8:19 L4 8:19 1:0 2:5 = 89
    // even: L11 H7 S18 0:0 0:0 Z25 1:1     = 62
    // 151 mod 26 = 21 -> V
    let cf = ok("MLLHNS80L08Z112V");
    assert!(cf.is_foreign());
    assert_eq!(cf.belfiore().as_str(), "Z112");
    assert_eq!(cf.birth_date(), d(1980, 7, 8)); // L = July
    assert_eq!(cf.sex(), Sex::M);
}

#[test]
fn normalisation_trims_drops_spaces_and_upper_cases() {
    let cf = ok("  rss mra 85t10\ta562s \n");
    assert_eq!(cf.as_str(), "RSSMRA85T10A562S");
    // A non-breaking space pasted from a web page is whitespace too.
    let cf = ok("RSSMRA\u{a0}85T10A562S");
    assert_eq!(cf.as_str(), "RSSMRA85T10A562S");
}

// ---------------------------------------------------------------- omocodia

#[test]
fn omocode_one_position() {
    // Position 15: 2 -> N. Odd value changes from 5 to 20: 122 + 15 = 137,
    // 137 mod 26 = 7 -> H.
    let cf = ok("RSSMRA85T10A56NH");
    assert!(cf.is_omocode());
    assert_eq!(cf.omocode_mask(), 0b100_0000);
    assert_eq!(cf.as_str(), "RSSMRA85T10A56NH");
    assert_eq!(cf.canonical().as_str(), "RSSMRA85T10A562S");
    assert_eq!(cf.birth_date(), d(1985, 12, 10));
    assert_eq!(cf.belfiore().as_str(), "A562");
}

#[test]
fn omocode_all_seven_positions() {
    // 8->U 5->R 1->M 0->L 5->R 6->S 2->N: R S S M R A U R T M L A R S N
    // odd: R8 S12 R8 U16 T14 L4 R8 N20 = 90
    // even: S18 M12 A0 R17 M12 A0 S18  = 77
    // 167 mod 26 = 11 -> L
    let cf = ok("RSSMRAURTMLARSNL");
    assert_eq!(cf.omocode_mask(), 0x7f);
    assert_eq!(cf.canonical().as_str(), "RSSMRA85T10A562S");
    assert_eq!(cf.birth_date(), d(1985, 12, 10));
    assert_eq!(cf.sex(), Sex::M);
    assert_eq!(cf.belfiore().as_str(), "A562");
}

#[test]
fn omocode_variants_follow_the_official_order() {
    let cf = ok("RSSMRA85T10A562S");
    assert_eq!(cf.omocode_variant(0).unwrap().as_str(), "RSSMRA85T10A562S");
    assert_eq!(cf.omocode_variant(1).unwrap().as_str(), "RSSMRA85T10A56NH");
    assert_eq!(cf.omocode_variant(7).unwrap().as_str(), "RSSMRAURTMLARSNL");
    assert!(cf.omocode_variant(8).is_none());
    // Level 3 replaces 15, 14, 13 (2->N, 6->S, 5->R).
    let level3 = cf.omocode_variant(3).unwrap();
    assert_eq!(level3.as_str(), with_check("RSSMRA85T10ARSN"));
    assert_eq!(parse(level3.as_str(), today()).unwrap(), level3);
    // Any pattern is accepted, e.g. only the year digits (positions 7, 8).
    let odd = with_check("RSSMRAURT10A562"); // 8->U, 5->R
    assert_eq!(ok(&odd).omocode_mask(), 0b000_0011);
    assert_eq!(ok(&odd).canonical().as_str(), "RSSMRA85T10A562S");
}

#[test]
fn omocode_letter_in_day_and_year_is_decoded() {
    // Day 55 written as RR (woman born on the 15th), year 90 as VL.
    let code = with_check("BNCNNAVLCRRF205");
    let cf = ok(&code);
    assert_eq!(cf.birth_date(), d(1990, 3, 15));
    assert_eq!(cf.sex(), Sex::F);
    assert_eq!(cf.canonical().as_str(), "BNCNNA90C55F205O");
}

// ---------------------------------------------------------------- dates

#[test]
fn twenty_ninth_february_2000() {
    // Verdi Giuseppe, 29/02/2000, Roma H501: VRD GPP 00 B 29 H501.
    // odd: V10 D7 P3 0:1 B0 9:21 5:13 1:0 = 55
    // even: R17 G6 P15 0:0 2:2 H7 0:0     = 47
    // 102 mod 26 = 24 -> Y
    let cf = ok("VRDGPP00B29H501Y");
    assert_eq!(cf.birth_date(), d(2000, 2, 29));
    // Were today in 1999, "00" would be 1900, not a leap year.
    let n = normalise("VRDGPP00B29H501Y");
    assert_eq!(
        parse_normalised_with(&n, 1999, |_, _| true),
        Err(CfError::NonexistentDate {
            year: 1900,
            month: 2,
            day: 29
        })
    );
}

#[test]
fn twenty_ninth_february_of_a_common_year() {
    let code = with_check("VRDGPP01B29H501");
    assert_eq!(
        err(&code),
        CfError::NonexistentDate {
            year: 2001,
            month: 2,
            day: 29
        }
    );
    // 2004 is a leap year.
    assert_eq!(
        ok(&with_check("VRDGPP04B29H501")).birth_date(),
        d(2004, 2, 29)
    );
}

#[test]
fn century_inferred_at_the_boundary() {
    // Today 24/11/2026: "26" is 2026 (not after 2026), "27" is 1927.
    assert_eq!(
        ok(&with_check("RSSMRA26A01H501")).birth_date(),
        d(2026, 1, 1)
    );
    assert_eq!(
        ok(&with_check("RSSMRA27A01H501")).birth_date(),
        d(1927, 1, 1)
    );
    assert_eq!(
        ok(&with_check("RSSMRA00A01H501")).birth_date(),
        d(2000, 1, 1)
    );
    assert_eq!(
        ok(&with_check("RSSMRA99A01H501")).birth_date(),
        d(1999, 1, 1)
    );
    // The rule compares years only: on 01/01/2026 a December-2026 code is
    // still 2026 (documented; the form rejects future birth dates).
    let code = with_check("RSSMRA26T31H501");
    assert_eq!(
        parse(&code, d(2026, 1, 1)).unwrap().birth_date(),
        d(2026, 12, 31)
    );
    // On 31/12/2025 the same code is 1926.
    assert_eq!(
        parse(&code, d(2025, 12, 31)).unwrap().birth_date(),
        d(1926, 12, 31)
    );
}
