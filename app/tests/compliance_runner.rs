//! The `check-obligation` runner: exact output, defaults, and every error
//! path (Err = exit 2 with the message on stderr and nothing on stdout).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::vaccinations::compliance::{FieldProblem, RunnerError, run};

/// `{"vaccine": v, "dose": n, "date": date}` for n in 1..=count, per antigen.
fn doses(list: &[(&str, u8)], date: &str) -> String {
    let mut items = Vec::new();
    for &(vaccine, count) in list {
        for n in 1..=count {
            items.push(format!(
                r#"{{"vaccine":"{vaccine}","dose":{n},"date":"{date}"}}"#
            ));
        }
    }
    format!("[{}]", items.join(","))
}

const ESAVALENTE_3: [(&str, u8); 6] = [
    ("polio", 3),
    ("diphtheria", 3),
    ("tetanus", 3),
    ("hepatitis_b", 3),
    ("pertussis", 3),
    ("hib", 3),
];
const COMPLETE_2015: [(&str, u8); 9] = [
    ("polio", 4),
    ("diphtheria", 4),
    ("tetanus", 4),
    ("hepatitis_b", 3),
    ("pertussis", 4),
    ("hib", 3),
    ("measles", 2),
    ("rubella", 2),
    ("mumps", 2),
];

fn pupil(id: &str, birth: &str, check: &str, doses: &str, rest: &str) -> String {
    format!(
        r#"{{"id":"{id}","birth_date":"{birth}","check_date":"{check}","doses":{doses}{rest}}}"#
    )
}

#[test]
fn one_line_per_pupil_in_input_order() {
    // Born 2015-05-10, checked 2024-05-10 (aged 9): boosters and MPR ×2 due,
    // varicella not (born before 2017). A5 (born 2017) is varicella-immune.
    // A6 is 17 on the check day. Expected lines worked out from §4.
    let primary = doses(&ESAVALENTE_3, "2016-01-10");
    let complete = doses(&COMPLETE_2015, "2016-01-10");
    let file = format!(
        "[{},{},{},{},{},{}]",
        pupil(
            "A1",
            "2015-05-10",
            "2024-05-10",
            &complete,
            r#","exemptions":[],"pending_appointment":false,"in_registry":true"#
        ),
        pupil(
            "A2",
            "2015-05-10",
            "2024-05-10",
            &primary,
            r#","exemptions":[],"pending_appointment":false,"in_registry":true"#
        ),
        pupil(
            "A3",
            "2015-05-10",
            "2024-05-10",
            &primary,
            r#","exemptions":[],"pending_appointment":true,"in_registry":true"#
        ),
        pupil(
            "A4",
            "2015-05-10",
            "2024-05-10",
            "[]",
            r#","exemptions":[],"pending_appointment":false,"in_registry":false"#
        ),
        pupil(
            "A5",
            "2017-03-01",
            "2024-05-10",
            &doses(&COMPLETE_2015, "2018-06-01"),
            r#","exemptions":[{"vaccine":"varicella","kind":"immunity","until":null}],"pending_appointment":false,"in_registry":true"#
        ),
        pupil(
            "A6",
            "2007-05-10",
            "2024-05-10",
            "[]",
            r#","exemptions":[],"pending_appointment":false,"in_registry":true"#
        ),
    );
    let lacking = "polio:4,diphtheria:4,tetanus:4,pertussis:4,measles:1,measles:2,rubella:1,rubella:2,mumps:1,mumps:2";
    let expected = format!(
        "A1\tin_regola\t\nA2\tnon_in_regola\t{lacking}\nA3\tin_corso\t{lacking}\nA4\tnon_presente\t\nA5\tesonerato_differito\t\nA6\tin_regola\t\n"
    );
    assert_eq!(run(file.as_bytes()), Ok(expected));
}

#[test]
fn infant_written_by_hand() {
    // Born 2024-01-01 (leap year): Mar 1 = age 60, Apr 1 = 91, May 1 = 121,
    // Jun 1 = 152 ≥ 150, so doses 1 and 2 of the esavalente are due; one each
    // was given. The varicella dose is early but counts; unknown fields ignored.
    let file = br#"[
      {"id": "N-1", "nome": "Ada", "birth_date": "2024-01-01", "check_date": "2024-06-01",
       "doses": [
         {"vaccine": "hib", "dose": 1, "date": "2024-03-05", "lotto": "X"},
         {"vaccine": "polio", "dose": 1, "date": "2024-03-05"},
         {"vaccine": "diphtheria", "dose": 1, "date": "2024-03-05"},
         {"vaccine": "tetanus", "dose": 1, "date": "2024-03-05"},
         {"vaccine": "hepatitis_b", "dose": 1, "date": "2024-03-05"},
         {"vaccine": "pertussis", "dose": 1, "date": "2024-03-05"}
       ],
       "exemptions": [], "pending_appointment": false, "in_registry": true}
    ]"#;
    assert_eq!(
        run(file).unwrap(),
        "N-1\tnon_in_regola\tpolio:2,diphtheria:2,tetanus:2,hepatitis_b:2,pertussis:2,hib:2\n"
    );
}

#[test]
fn empty_array_prints_nothing() {
    assert_eq!(run(b"[]"), Ok(String::new()));
    assert_eq!(run(b" \n[ ]\n"), Ok(String::new()));
}

#[test]
fn optional_fields_default() {
    // No doses, exemptions or pending flag; born 2024-01-01, checked
    // 2024-03-31 (age 90): esavalente dose 1 due and missing.
    let file =
        br#"[{"id":"X","birth_date":"2024-01-01","check_date":"2024-03-31","in_registry":true,
                     "doses":null}]"#;
    assert_eq!(
        run(file).unwrap(),
        "X\tnon_in_regola\tpolio:1,diphtheria:1,tetanus:1,hepatitis_b:1,pertussis:1,hib:1\n"
    );
    // Open-ended postponement without "until"; dose without its label.
    let file = br#"[{"id":"Y","birth_date":"2024-01-01","check_date":"2024-03-31","in_registry":true,
                     "doses":[{"vaccine":"polio","date":"2024-03-01"}],
                     "exemptions":[{"vaccine":"diphtheria","kind":"postponed"},
                                   {"vaccine":"tetanus","kind":"omitted","until":"2024-03-31"},
                                   {"vaccine":"hepatitis_b","kind":"omitted","until":"2024-03-30"}]}]"#;
    assert_eq!(
        run(file).unwrap(),
        "Y\tnon_in_regola\thepatitis_b:1,pertussis:1,hib:1\n"
    );
}

fn field_error(input: &str) -> String {
    match run(input.as_bytes()) {
        Err(error @ RunnerError::Field { .. }) => error.to_string(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

const OK_1: &str =
    r#"{"id":"P1","birth_date":"2020-01-01","check_date":"2023-06-01","in_registry":true}"#;
const OK_2: &str =
    r#"{"id":"P2","birth_date":"2020-01-01","check_date":"2023-06-01","in_registry":false}"#;

#[test]
fn impossible_date_names_pupil_and_field() {
    let bad = r#"{"id":"A7","birth_date":"2020-01-01","check_date":"2023-06-01","in_registry":true,
        "doses":[{"vaccine":"polio","dose":1,"date":"2020-04-01"},{"vaccine":"polio","dose":2,"date":"2020-06-01"},
                 {"vaccine":"polio","dose":3,"date":"2023-02-30"}]}"#;
    assert_eq!(
        field_error(&format!("[{OK_1},{OK_2},{bad}]")),
        "alunno \"A7\" (posizione 3): campo \"doses[2].date\": data impossibile \"2023-02-30\": \
         questo giorno non esiste nel calendario"
    );
}

#[test]
fn each_field_error() {
    let base = r#""birth_date":"2020-01-01","check_date":"2023-06-01","in_registry":true"#;
    let cases: &[(String, &str)] = &[
        (format!("[{{{base}}}]"), "alunno in posizione 1: campo \"id\": campo obbligatorio mancante: aggiungerlo"),
        (format!("[{OK_1},{{\"id\":null,{base}}}]"), "alunno in posizione 2: campo \"id\": campo obbligatorio mancante: aggiungerlo"),
        (format!("[{{\"id\":7,{base}}}]"), "alunno in posizione 1: campo \"id\": atteso un testo, trovato un numero"),
        (format!("[{{\"id\":\" \",{base}}}]"), "alunno in posizione 1: campo \"id\": l'identificativo è vuoto: indicare un codice che identifichi l'alunno"),
        (format!("[{{\"id\":\"A\\tB\",{base}}}]"), "alunno in posizione 1: campo \"id\": l'identificativo \"A\\tB\" contiene tabulazioni o a capo, che non possono comparire nel risultato: toglierli"),
        (r#"[{"id":"B","check_date":"2023-06-01","in_registry":true}]"#.into(), "alunno \"B\" (posizione 1): campo \"birth_date\": campo obbligatorio mancante: aggiungerlo"),
        (r#"[{"id":"B","birth_date":"01/02/2020","check_date":"2023-06-01","in_registry":true}]"#.into(), "alunno \"B\" (posizione 1): campo \"birth_date\": \"01/02/2020\" non è nel formato AAAA-MM-GG (ad esempio 2017-03-31)"),
        (r#"[{"id":"B","birth_date":"2020-01-01","check_date":20230601,"in_registry":true}]"#.into(), "alunno \"B\" (posizione 1): campo \"check_date\": atteso una data \"AAAA-MM-GG\", trovato un numero"),
        (r#"[{"id":"B","birth_date":"2023-06-02","check_date":"2023-06-01","in_registry":true}]"#.into(), "alunno \"B\" (posizione 1): campo \"birth_date\": la data di nascita 2023-06-02 è successiva alla data del controllo 2023-06-01: correggere una delle due"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":{{}}}}]"), "alunno \"B\" (posizione 1): campo \"doses\": atteso un elenco, trovato un oggetto"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":[\"polio\"]}}]"), "alunno \"B\" (posizione 1): campo \"doses[0]\": atteso un oggetto, trovato un testo"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":[{{\"vaccine\":\"Polio\",\"date\":\"2020-05-01\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"doses[0].vaccine\": vaccino sconosciuto \"Polio\": usare uno di polio, diphtheria, tetanus, hepatitis_b, pertussis, hib, measles, rubella, mumps, varicella"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":[{{\"vaccine\":\"polio\",\"dose\":0,\"date\":\"2020-05-01\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"doses[0].dose\": numero di dose non valido 0: usare un intero da 1 a 255"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":[{{\"vaccine\":\"polio\",\"dose\":1.5,\"date\":\"2020-05-01\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"doses[0].dose\": numero di dose non valido 1.5: usare un intero da 1 a 255"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":[{{\"vaccine\":\"polio\",\"dose\":\"1\",\"date\":\"2020-05-01\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"doses[0].dose\": atteso un numero intero, trovato un testo"),
        (format!("[{{\"id\":\"B\",{base},\"doses\":[{{\"vaccine\":\"polio\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"doses[0].date\": campo obbligatorio mancante: aggiungerlo"),
        (format!("[{{\"id\":\"B\",{base},\"exemptions\":[{{\"vaccine\":\"mumps\",\"kind\":\"esonero\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"exemptions[0].kind\": tipo di esonero sconosciuto \"esonero\": usare immunity, omitted o postponed"),
        (format!("[{{\"id\":\"B\",{base},\"exemptions\":[{{\"vaccine\":\"mumps\",\"kind\":\"omitted\",\"until\":\"2024-13-01\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"exemptions[0].until\": data impossibile \"2024-13-01\": questo giorno non esiste nel calendario"),
        (format!("[{{\"id\":\"B\",{base},\"exemptions\":[{{\"kind\":\"omitted\"}}]}}]"), "alunno \"B\" (posizione 1): campo \"exemptions[0].vaccine\": campo obbligatorio mancante: aggiungerlo"),
        (format!("[{{\"id\":\"B\",{base},\"pending_appointment\":\"no\"}}]"), "alunno \"B\" (posizione 1): campo \"pending_appointment\": atteso true o false, trovato un testo"),
        (r#"[{"id":"B","birth_date":"2020-01-01","check_date":"2023-06-01"}]"#.into(), "alunno \"B\" (posizione 1): campo \"in_registry\": campo obbligatorio mancante: aggiungerlo"),
        (r#"[{"id":"B","birth_date":"2020-01-01","check_date":"2023-06-01","in_registry":1}]"#.into(), "alunno \"B\" (posizione 1): campo \"in_registry\": atteso true o false, trovato un numero"),
    ];
    for (input, expected) in cases {
        assert_eq!(&field_error(input), expected, "input: {input}");
    }
}

#[test]
fn file_level_errors() {
    assert_eq!(
        run(br#"{"id":"A"}"#).unwrap_err().to_string(),
        "il file deve contenere un elenco JSON di alunni ([{...}, ...]), trovato un oggetto"
    );
    assert_eq!(
        run(format!("[{OK_1}, 3]").as_bytes())
            .unwrap_err()
            .to_string(),
        "alunno in posizione 2: atteso un oggetto {\"id\": ..., ...}, trovato un numero"
    );
    // Truncated after the first pupil, on line 2.
    let truncated = format!("[{OK_1},\n{{\"id\":");
    assert!(matches!(
        run(truncated.as_bytes()),
        Err(RunnerError::Json {
            problem: "file troncato",
            line: 2,
            ..
        })
    ));
    assert!(matches!(
        run(b""),
        Err(RunnerError::Json {
            problem: "file troncato",
            ..
        })
    ));
    let garbage = run(b"[\n  {'id': 'A'}\n]").unwrap_err();
    assert!(matches!(
        garbage,
        RunnerError::Json {
            problem: "errore di sintassi",
            line: 2,
            ..
        }
    ));
    assert!(
        garbage
            .to_string()
            .starts_with("il file non è un JSON valido (errore di sintassi, riga 2, colonna ")
    );
    // Not UTF-8, and nesting deeper than serde_json's limit: errors, no crash.
    assert!(matches!(run(b"[\"\xff\"]"), Err(RunnerError::Json { .. })));
    assert!(matches!(
        run("[".repeat(100_000).as_bytes()),
        Err(RunnerError::Json { .. })
    ));
}

#[test]
fn a_bad_pupil_rejects_the_whole_file() {
    // Exit 2, nothing on stdout: the good pupils before it are not returned.
    let bad =
        r#"{"id":"Z","birth_date":"2020-02-30","check_date":"2023-06-01","in_registry":true}"#;
    let error = run(format!("[{OK_1},{OK_2},{bad}]").as_bytes()).unwrap_err();
    assert_eq!(
        error,
        RunnerError::Field {
            pupil: app::vaccinations::compliance::PupilRef {
                position: 3,
                id: Some("Z".into())
            },
            field: "birth_date".into(),
            problem: FieldProblem::ImpossibleDate("2020-02-30".into()),
        }
    );
}

#[test]
fn long_or_odd_values_are_shortened_and_escaped_in_messages() {
    let key = "x".repeat(100);
    let input = format!(
        r#"[{{"id":"Q","birth_date":"2020-01-01","check_date":"2023-06-01","in_registry":true,"doses":[{{"vaccine":"{key}","date":"2020-05-01"}}]}}]"#
    );
    let message = field_error(&input);
    assert!(
        message.contains(&format!("\"{}…\"", "x".repeat(60))),
        "{message}"
    );
    assert!(!message.contains('\n'));
}

#[test]
fn a_utf8_bom_is_ignored() {
    // Notepad saves JSON with a BOM; the content is what counts.
    assert_eq!(run("\u{feff}[]".as_bytes()), Ok(String::new()));
}
