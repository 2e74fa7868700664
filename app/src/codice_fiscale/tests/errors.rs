//! Each error kind, its code and its serde form.

use super::super::normalise::normalise;
use super::super::personal::parse_normalised_with;
use super::*;

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
