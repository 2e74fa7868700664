//! Unit tests. Expected values are worked out by hand from DESIGN.md and the
//! official tables (DM 23/12/1976); `oracle_check` below is an independent,
//! deliberately naive re-statement of the check-letter rule used to finish
//! test inputs whose 16th letter is beside the point.

use chrono::NaiveDate;

use super::normalise::normalise;
use super::personal::parse_normalised_with;
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The day the tests pretend is today.
fn today() -> NaiveDate {
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
fn with_check(first15: &str) -> String {
    assert_eq!(first15.len(), 15);
    format!("{first15}{}", oracle_check(first15))
}

fn ok(code: &str) -> CodiceFiscale {
    parse(code, today()).unwrap_or_else(|e| panic!("{code}: {e}"))
}

fn err(code: &str) -> CfError {
    parse(code, today()).expect_err(code)
}

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

// ---------------------------------------------------------------- errors

#[test]
fn empty_and_length() {
    assert_eq!(err(""), CfError::Empty);
    assert_eq!(err("   \t "), CfError::Empty);
    assert_eq!(err("RSSMRA85T10A562"), CfError::Length { found: 15 });
    assert_eq!(err("RSSMRA85T10A562SS"), CfError::Length { found: 17 });
    assert_eq!(
        err("RSSMRA85T10A562SXXXXXXXXX"),
        CfError::Length { found: 25 }
    );
    assert_eq!(err("àèìòù"), CfError::Length { found: 5 });
}

#[test]
fn invalid_character_names_position_and_kind() {
    assert_eq!(
        err("RS5MRA85T10A562S"),
        CfError::InvalidCharacter {
            position: 3,
            expected: Expected::Letter,
            found: '5'
        }
    );
    // 'A' is no omocodia letter.
    assert_eq!(
        err("RSSMRA8AT10A562S"),
        CfError::InvalidCharacter {
            position: 8,
            expected: Expected::DigitOrOmocode,
            found: 'A'
        }
    );
    assert_eq!(
        err("RSSMRA85T10A5621"),
        CfError::InvalidCharacter {
            position: 16,
            expected: Expected::Letter,
            found: '1'
        }
    );
    assert_eq!(
        err("RSSMRA85T1012562"),
        CfError::InvalidCharacter {
            position: 12,
            expected: Expected::Letter,
            found: '1'
        }
    );
    // Non-ASCII characters are quoted as typed; the first bad one wins.
    assert_eq!(
        err("RSSMRÀ85T10A56éS"),
        CfError::InvalidCharacter {
            position: 6,
            expected: Expected::Letter,
            found: 'À'
        }
    );
    assert_eq!(
        err("RSS-RA85T10A562S"),
        CfError::InvalidCharacter {
            position: 4,
            expected: Expected::Letter,
            found: '-'
        }
    );
}

#[test]
fn invalid_month_letter() {
    let e = err("RSSMRA85Z10A562S");
    assert_eq!(e, CfError::InvalidMonth { found: 'Z' });
    assert_eq!(
        e.to_string(),
        "Carattere non valido in posizione 9: atteso una lettera del mese (A B C D E H L M P R S T), trovato 'Z'"
    );
    assert_eq!(
        err("RSSMRA85F10A562S"),
        CfError::InvalidMonth { found: 'F' }
    );
    assert_eq!(
        err("RSSMRA85510A562S"),
        CfError::InvalidMonth { found: '5' }
    );
}

#[test]
fn invalid_day() {
    for (day, raw) in [("00", 0), ("32", 32), ("40", 40), ("72", 72), ("99", 99)] {
        let code = format!("RSSMRA85T{day}A562S");
        assert_eq!(err(&code), CfError::InvalidDay { found: raw }, "{code}");
    }
    // Omocodia letters count as their digits: "PR" is 35.
    assert_eq!(err("RSSMRA85TPRA562S"), CfError::InvalidDay { found: 35 });
    assert_eq!(err("RSSMRA85T35A562S").position(), Some(10));
}

#[test]
fn nonexistent_date() {
    assert_eq!(
        err(&with_check("RSSMRA85B30A562")),
        CfError::NonexistentDate {
            year: 1985,
            month: 2,
            day: 30
        }
    );
    // Woman: 71 = 31 + 40; April (D) has 30 days.
    assert_eq!(
        err(&with_check("BNCNNA90D71F205")),
        CfError::NonexistentDate {
            year: 1990,
            month: 4,
            day: 31
        }
    );
    assert_eq!(
        err(&with_check("BNCNNA90D71F205")).to_string(),
        "Data di nascita inesistente nel codice: 31/04/1990 (controllare anno, mese e giorno)"
    );
}

#[test]
fn unknown_belfiore_code() {
    // Only F205 and Z112 known in this test's lookup.
    let known = |letter: u8, digits: u16| {
        (letter, digits) == (b'F', 205) || (letter, digits) == (b'Z', 112)
    };
    let n = normalise("BNCNNA90C55F205O");
    assert!(parse_normalised_with(&n, 2026, known).is_ok());
    let code = with_check("RSSMRA85T10A562");
    let n = normalise(&code);
    assert_eq!(
        parse_normalised_with(&n, 2026, known),
        Err(CfError::UnknownBelfiore {
            code: BelfioreCode::parse("A562").unwrap()
        })
    );
    // Omocodia resolved before the lookup: Z1MN is Z112.
    let code = with_check("MLLHNS80L08Z1MN");
    let n = normalise(&code);
    let cf = parse_normalised_with(&n, 2026, known).unwrap();
    assert_eq!(cf.belfiore().as_str(), "Z112");
    assert_eq!(cf.omocode_mask(), 0b110_0000);
}

#[test]
fn unknown_belfiore_with_the_project_data() {
    // Z999 is no country and M999 no comune (the M series stops at M439).
    for place in ["Z999", "M999"] {
        let code = with_check(&format!("RSSMRA85T10{place}"));
        assert_eq!(
            err(&code),
            CfError::UnknownBelfiore {
                code: BelfioreCode::parse(place).unwrap()
            }
        );
    }
    assert_eq!(
        err(&with_check("RSSMRA85T10Z999")).to_string(),
        "Codice del comune o dello Stato estero di nascita sconosciuto nelle posizioni 12-15: Z999"
    );
    // Z1VV is the omocode spelling of Z199, unknown too.
    assert_eq!(
        err(&with_check("RSSMRA85T10Z1VV")).code(),
        "unknown_belfiore"
    );
    // Suppressed comuni stay valid: a code keeps the place as it was at
    // birth (H521 Ronago, merged in 2024).
    assert_eq!(
        ok(&with_check("RSSMRA85T10H521")).belfiore().as_str(),
        "H521"
    );
}

#[test]
fn wrong_check_letter() {
    let e = err("RSSMRA85T10A562T");
    assert_eq!(
        e,
        CfError::CheckLetter {
            expected: 'S',
            found: 'T'
        }
    );
    assert!(
        e.to_string()
            .starts_with("Carattere di controllo errato: atteso S, trovato T")
    );
    assert_eq!(e.position(), Some(16));
}

// ---------------------------------------------------------------- other kinds

#[test]
fn temporary_code_check_digit() {
    // 06363391001 (Agenzia delle Entrate). First ten: 0 6 3 6 3 3 9 1 0 0.
    // Odd positions 0+3+3+9+0 = 15; even doubled 12->3, 12->3, 6, 2, 0 = 14.
    // 29 mod 10 = 9, check = 10 - 9 = 1.
    let id = parse_fiscal_id("06363391001", today(), Accept::ALL).unwrap();
    assert!(matches!(id, FiscalId::Temporary(_)));
    assert_eq!(id.as_str(), "06363391001");
    assert_eq!(
        parse_fiscal_id("0636339100 2", today(), Accept::ALL),
        Err(CfError::TemporaryCheckDigit {
            expected: '1',
            found: '2'
        })
    );
    // Sum multiple of 10 gives check 0: 1 0 0 0 0 0 0 0 0 9 -> 1 + 9*2-9 = 10.
    assert!(TemporaryCode::parse("10000000090").is_ok());
    assert_eq!(
        parse("06363391001", today()),
        Err(CfError::TemporaryNotAccepted)
    );
    assert_eq!(
        parse_fiscal_id("06363391001", today(), Accept::PERSONAL),
        Err(CfError::TemporaryNotAccepted)
    );
    // Ten or twelve digits are not temporary codes.
    assert_eq!(
        parse_fiscal_id("0636339100", today(), Accept::ALL),
        Err(CfError::Length { found: 10 })
    );
}

#[test]
fn stp_and_eni_codes() {
    let id = parse_fiscal_id("STP0301011234567", today(), Accept::ALL).unwrap();
    let FiscalId::Stp(stp) = id else {
        panic!("{id:?}")
    };
    assert_eq!(stp.region(), "030");
    assert_eq!(stp.asl(), "101");
    assert_eq!(stp.progressive(), "1234567");
    assert!(!stp.is_eni());
    let id = parse_fiscal_id(" eni 120 201 0000042", today(), Accept::ALL).unwrap();
    assert!(matches!(id, FiscalId::Eni(_)));
    assert_eq!(id.as_str(), "ENI1202010000042");
    assert_eq!(
        // S T P 0 3 0 1 0 1 0 0 A: the A is the 12th character.
        parse_fiscal_id("STP03010100A0001", today(), Accept::ALL),
        Err(CfError::StpEniCharacter {
            position: 12,
            found: 'A'
        })
    );
    assert_eq!(
        parse("STP0301011234567", today()),
        Err(CfError::StpEniNotAccepted)
    );
    assert_eq!(
        parse_fiscal_id(
            "STP0301011234567",
            today(),
            Accept {
                temporary: true,
                stp_eni: false
            }
        ),
        Err(CfError::StpEniNotAccepted)
    );
    // STP + 12 digits is just a wrong length.
    assert_eq!(
        parse_fiscal_id("STP030101123456", today(), Accept::ALL),
        Err(CfError::Length { found: 15 })
    );
    // A real surname (Stoppani -> STP) is still a personal code.
    let code = with_check("STPMRA85T10A562");
    assert!(matches!(
        parse_fiscal_id(&code, today(), Accept::ALL),
        Ok(FiscalId::Personal(_))
    ));
}

// ---------------------------------------------------------------- encode

#[test]
fn encode_hand_worked_codes() {
    assert_eq!(
        encode("Rossi", "Mario", d(1985, 12, 10), Sex::M, "A562").unwrap(),
        "RSSMRA85T10A562S"
    );
    assert_eq!(
        encode("Bianchi", "Anna", d(1990, 3, 15), Sex::F, "F205").unwrap(),
        "BNCNNA90C55F205O"
    );
    assert_eq!(
        encode("Müller", "Hans", d(1980, 7, 8), Sex::M, "z112").unwrap(),
        "MLLHNS80L08Z112V"
    );
    assert_eq!(
        encode("Verdi", "Giuseppe", d(2000, 2, 29), Sex::M, "H501").unwrap(),
        "VRDGPP00B29H501Y"
    );
    assert_eq!(
        encode("Rossi", "!!", d(1985, 12, 10), Sex::M, "A562"),
        Err(EncodeError::NameWithoutLetters)
    );
    assert_eq!(
        encode("'", "Mario", d(1985, 12, 10), Sex::M, "A562"),
        Err(EncodeError::SurnameWithoutLetters)
    );
    assert_eq!(
        encode("Rossi", "Mario", d(1985, 12, 10), Sex::M, "A56"),
        Err(EncodeError::InvalidBelfiore {
            given: "A56".into()
        })
    );
    assert_eq!(
        encode("Rossi", "Mario", d(1985, 12, 10), Sex::M, "Z999"),
        Err(EncodeError::UnknownBelfiore {
            code: BelfioreCode::parse("Z999").unwrap()
        })
    );
}

#[test]
fn surname_and_name_letter_rules() {
    // Consonants first, then vowels, then X.
    assert_eq!(&surname_letters("Rossi"), b"RSS");
    assert_eq!(&surname_letters("Aiello"), b"LLA"); // L L, then A
    assert_eq!(&surname_letters("Rea"), b"REA");
    assert_eq!(&surname_letters("Fo"), b"FOX");
    assert_eq!(&surname_letters("D'Angelo"), b"DNG");
    assert_eq!(&surname_letters("De Luca"), b"DLC");
    assert_eq!(&surname_letters("Nicolò"), b"NCL");
    assert_eq!(&surname_letters("Eua"), b"EUA");
    // Names: 4+ consonants take the 1st, 3rd and 4th.
    assert_eq!(&name_letters("Giuseppe"), b"GPP"); // G S P P
    assert_eq!(&name_letters("Francesca"), b"FNC"); // F R N C S C
    assert_eq!(&name_letters("Cristina"), b"CST"); // C R S T N
    assert_eq!(&name_letters("Maria Luisa"), b"MLS"); // M R L S
    // Three or fewer: like surnames.
    assert_eq!(&name_letters("Mario"), b"MRA");
    assert_eq!(&name_letters("Anna"), b"NNA");
    assert_eq!(&name_letters("Ugo"), b"GUO");
    assert_eq!(&name_letters("Al"), b"LAX");
    assert_eq!(&name_letters("Zoe"), b"ZOE");
}

// ---------------------------------------------------------------- consistency

#[test]
fn consistency_all_fields_match() {
    let cf = ok("RSSMRA85T10A562S");
    let person = PersonData {
        surname: Some("Rossi"),
        name: Some("Mario"),
        birth_date: Some(d(1985, 12, 10)),
        sex: Some(Sex::M),
        belfiore: Some("a562"),
    };
    assert_eq!(check_consistency(&cf, &person), vec![]);
    // An omocode of the same person matches too.
    assert_eq!(check_consistency(&ok("RSSMRAURTMLARSNL"), &person), vec![]);
    // Nothing given, nothing to compare.
    assert_eq!(check_consistency(&cf, &PersonData::default()), vec![]);
}

#[test]
fn consistency_reports_each_mismatch_as_a_warning() {
    let cf = ok("RSSMRA85T10A562S");
    let person = PersonData {
        surname: Some("Russo"), // RSS as well: no warning
        name: Some("Maria"),    // MRA as well: no warning
        birth_date: Some(d(1985, 12, 11)),
        sex: Some(Sex::F),
        belfiore: Some("F205"),
    };
    let found = check_consistency(&cf, &person);
    assert_eq!(
        found,
        vec![
            Mismatch::BirthDate {
                given: d(1985, 12, 11),
                in_code: d(1985, 12, 10)
            },
            Mismatch::Sex {
                given: Sex::F,
                in_code: Sex::M
            },
            Mismatch::Belfiore {
                given: "F205".into(),
                in_code: BelfioreCode::parse("A562").unwrap()
            },
        ]
    );
    assert_eq!(
        found[0].to_string(),
        "La data di nascita indicata (11/12/1985) non corrisponde a quella del codice fiscale (10/12/1985)"
    );
    let person = PersonData {
        surname: Some("Bianchi"),
        name: Some("Giuseppe"),
        ..PersonData::default()
    };
    let found = check_consistency(&cf, &person);
    assert_eq!(
        found,
        vec![
            Mismatch::Surname {
                expected: "BNC".into(),
                in_code: "RSS".into()
            },
            Mismatch::Name {
                expected: "GPP".into(),
                in_code: "MRA".into()
            },
        ]
    );
    assert_eq!(found[1].code(), "name");
}

#[test]
fn consistency_ignores_the_century() {
    // Born 1920, code read in 2026 as 2020: the code cannot tell.
    let cf = ok(&with_check("RSSMRA20A01H501"));
    assert_eq!(cf.birth_date(), d(2020, 1, 1));
    let person = PersonData {
        birth_date: Some(d(1920, 1, 1)),
        ..PersonData::default()
    };
    assert_eq!(check_consistency(&cf, &person), vec![]);
}

// ---------------------------------------------------------------- CLI

#[test]
fn check_line_formats() {
    let t = today();
    assert_eq!(
        cli::check_line("RSSMRA85T10A562S", t),
        "OK\tRSSMRA85T10A562S\t1985-12-10\tM\tA562"
    );
    assert_eq!(
        cli::check_line("rssmra85t10a56nh\r", t),
        "OK\tRSSMRA85T10A56NH\t1985-12-10\tM\tA562"
    );
    assert_eq!(
        cli::check_line("BNCNNA90C55F205O", t),
        "OK\tBNCNNA90C55F205O\t1990-03-15\tF\tF205"
    );
    assert_eq!(cli::check_line("06363391001", t), "OK\t06363391001\tTEMP");
    assert_eq!(
        cli::check_line("RSSMRA85T10A562T\r", t),
        "ERR\tRSSMRA85T10A562T\tCarattere di controllo errato: atteso S, trovato T (controllare di aver copiato bene il codice)"
    );
    assert_eq!(
        cli::check_line("RSS\tMRA85Z10A562S", t),
        "ERR\tRSS MRA85Z10A562S\tCarattere non valido in posizione 9: atteso una lettera del mese (A B C D E H L M P R S T), trovato 'Z'"
    );
    let stp = cli::check_line("STP0301011234567", t);
    assert!(
        stp.starts_with("ERR\tSTP0301011234567\tIl codice STP/ENI non è ammesso"),
        "{stp}"
    );
    assert!(cli::check_line("", t).starts_with("ERR\t\tCodice fiscale mancante"));
    let weird = cli::check_line("a\u{2028}b\u{1c}", t);
    assert_eq!(weird.split('\t').count(), 3, "{weird}");
    assert!(!weird.contains(['\n', '\r', '\u{2028}', '\u{1c}']));
}

// ---------------------------------------------------------------- serde, codes

#[test]
fn error_codes_are_the_serde_tags() {
    let all = [
        CfError::Empty,
        CfError::Length { found: 3 },
        CfError::InvalidCharacter {
            position: 1,
            expected: Expected::Letter,
            found: '1',
        },
        CfError::InvalidMonth { found: 'Z' },
        CfError::InvalidDay { found: 35 },
        CfError::NonexistentDate {
            year: 2001,
            month: 2,
            day: 29,
        },
        CfError::UnknownBelfiore {
            code: BelfioreCode::parse("Z999").unwrap(),
        },
        CfError::CheckLetter {
            expected: 'S',
            found: 'T',
        },
        CfError::TemporaryCheckDigit {
            expected: '1',
            found: '2',
        },
        CfError::TemporaryNotAccepted,
        CfError::StpEniNotAccepted,
        CfError::StpEniCharacter {
            position: 4,
            found: 'X',
        },
    ];
    let mut codes = std::collections::HashSet::new();
    for e in all {
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], e.code(), "{json}");
        assert!(codes.insert(e.code()), "duplicate code {}", e.code());
        let back: CfError = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
    }
    assert_eq!(
        serde_json::to_string(&CfError::UnknownBelfiore {
            code: BelfioreCode::parse("Z999").unwrap()
        })
        .unwrap(),
        r#"{"kind":"unknown_belfiore","code":"Z999"}"#
    );
}

#[test]
fn codice_fiscale_serde_keeps_the_century() {
    // Read when today is 2019: "20" is 1920.
    let cf = parse(&with_check("RSSMRA20A01H501"), d(2019, 6, 1)).unwrap();
    assert_eq!(cf.birth_date(), d(1920, 1, 1));
    let json = serde_json::to_string(&cf).unwrap();
    assert_eq!(
        json,
        format!(r#"{{"code":"{}","birth_date":"1920-01-01"}}"#, cf.as_str())
    );
    let back: CodiceFiscale = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cf);
    // A birth date the code does not say is refused.
    let bad = format!(r#"{{"code":"{}","birth_date":"1920-01-02"}}"#, cf.as_str());
    assert!(serde_json::from_str::<CodiceFiscale>(&bad).is_err());
    // So is a tampered code.
    assert!(
        serde_json::from_str::<CodiceFiscale>(
            r#"{"code":"RSSMRA85T10A562T","birth_date":"1985-12-10"}"#
        )
        .is_err()
    );
    // Fiscal ids round-trip too.
    for input in [
        "RSSMRA85T10A56NH",
        "06363391001",
        "STP0301011234567",
        "ENI1202010000042",
    ] {
        let id = parse_fiscal_id(input, today(), Accept::ALL).unwrap();
        let back: FiscalId = serde_json::from_str(&serde_json::to_string(&id).unwrap()).unwrap();
        assert_eq!(back, id);
    }
}

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
