//! Temporary and STP/ENI codes, the encoder, the consistency check, the
//! check-cf line format.

use super::*;

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
