use std::collections::HashSet;

use chrono::NaiveDate;

use super::report::lines;
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const CHECK: (i32, u32, u32) = (2026, 3, 1);

fn checked(text: &str) -> CheckedFile {
    check(text.as_bytes(), day(CHECK.0, CHECK.1, CHECK.2), None).unwrap()
}

const HEADER: &str = "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione";
// Rossi Mario, born 10/12/1985 in Pisa: too old for a pupil, so the tests
// use codes of children generated with the encoder.
fn child_code() -> String {
    crate::codice_fiscale::encode(
        "Bianchi",
        "Luca",
        day(2018, 5, 4),
        crate::codice_fiscale::Sex::M,
        "F205",
    )
    .unwrap()
}

#[test]
fn a_clean_row_is_valid_and_reported_as_such() {
    let cf = child_code();
    let file = checked(&format!(
        "{HEADER}\n{cf};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B\n"
    ));
    assert_eq!(file.rows, 1);
    assert_eq!(file.with_errors, 0);
    assert_eq!(file.pupils.len(), 1, "{:?}", file.problems);
    assert_eq!(
        lines(&file),
        ("1 rows, 1 valid, 0 with errors\n".to_owned(), 0)
    );
}

#[test]
fn columns_in_any_order_and_any_spelling_with_extra_columns() {
    let cf = child_code();
    let text = format!(
        "\u{feff}Sezione,CLASSE,Codice Plesso,Sesso,Data Nascita,Nome,Cognome,Codice_Fiscale,Note\r\n\
         B,2,MIEE8AB01X,m,2018-05-04,Luca,Bianchi,{cf},allergico\r\n\r\n"
    );
    let file = checked(&text);
    assert_eq!(
        (file.rows, file.with_errors, file.pupils.len()),
        (1, 0, 1),
        "{:?}",
        file.problems
    );
}

#[test]
fn a_missing_column_rejects_the_file_naming_it() {
    let err = check(
        b"codice_fiscale;cognome;nome\nX;Y;Z\n",
        day(2026, 3, 1),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Mancano colonne obbligatorie nell'intestazione: data_nascita, sesso, codice_plesso, classe, sezione."
    );
    assert_eq!(
        check(b"", day(2026, 3, 1), None).unwrap_err(),
        FileRejected::Empty
    );
}

#[test]
fn every_kind_of_row_problem_is_reported_with_row_and_column() {
    let cf = child_code();
    let text = format!(
        "{HEADER}\n\
         {cf};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B\n\
         RSSMRA85T10A562X;Rossi;Mario;10/12/2015;M;MIEE8AB01X;1;A\n\
         {cf};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B\n\
         {cf};Verdi;Luca;31/02/2018;X;MI;;B\n\
         {cf};Bianchi;Luca;04/05/2030;M;MIEE8AB01X;2;B\n"
    );
    let file = checked(&text);
    assert_eq!(file.rows, 5);
    assert_eq!(file.with_errors, 4, "{:#?}", file.problems);
    let at = |row: usize, column: &str| {
        file.problems
            .iter()
            .filter(|p| p.row == row && p.column == column)
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        at(3, "codice_fiscale")[0].contains("atteso S"),
        "{:?}",
        at(3, "codice_fiscale")
    );
    assert_eq!(
        at(4, "codice_fiscale"),
        ["Codice fiscale già presente alla riga 2."]
    );
    assert!(!at(5, "data_nascita").is_empty());
    assert!(at(5, "sesso")[0].contains("M o F"));
    assert!(!at(5, "codice_plesso").is_empty());
    assert_eq!(at(5, "classe"), ["Indicare la classe."]);
    assert!(
        at(5, "codice_fiscale")
            .iter()
            .any(|m| m.starts_with("avviso:")),
        "surname mismatch is a warning"
    );
    assert_eq!(at(6, "data_nascita"), ["La data di nascita è nel futuro."]);
    let (report, status) = lines(&file);
    assert_eq!(status, 1);
    assert!(
        report.ends_with("5 rows, 1 valid, 4 with errors\n"),
        "{report}"
    );
    assert!(report.contains("4\tcodice_fiscale\tCodice fiscale già presente alla riga 2.\n"));
}

#[test]
fn ages_bound_the_file_and_the_obligation() {
    let old = crate::codice_fiscale::encode(
        "Neri",
        "Anna",
        day(2005, 1, 1),
        crate::codice_fiscale::Sex::F,
        "F205",
    )
    .unwrap();
    let teen = crate::codice_fiscale::encode(
        "Neri",
        "Anna",
        day(2008, 1, 1),
        crate::codice_fiscale::Sex::F,
        "F205",
    )
    .unwrap();
    let text = format!(
        "{HEADER}\n{old};Neri;Anna;01/01/2005;F;MIIS8AB01X;5;A\n{teen};Neri;Anna;01/01/2008;F;MIIS8AB01X;4;A\n"
    );
    let file = checked(&text);
    assert_eq!(
        file.with_errors, 1,
        "over 20 is not a pupil: {:#?}",
        file.problems
    );
    let teen_row = file
        .pupils
        .iter()
        .find(|p| p.row == 3)
        .expect("a 18-year-old stays valid");
    assert!(teen_row.over_obligation_age);
    assert!(
        file.problems
            .iter()
            .any(|p| p.row == 3 && p.warning && p.message.starts_with("avviso: alunno di 18 anni"))
    );
}

#[test]
fn temporary_codes_are_accepted_and_flagged() {
    let text = format!("{HEADER}\nSTP1234567890123;Doe;John;01/01/2019;M;MIEE8AB01X;1;A\n");
    let file = checked(&text);
    assert_eq!(file.with_errors, 0, "{:#?}", file.problems);
    assert!(
        file.problems
            .iter()
            .any(|p| p.warning && p.message.contains("provvisorio"))
    );
}

#[test]
fn a_plesso_of_another_istituto_is_an_error_when_the_istituto_is_known() {
    let cf = child_code();
    let text = format!("{HEADER}\n{cf};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B\n");
    let own: HashSet<String> = ["MIEE8AB02Y".to_owned()].into();
    let file = check(text.as_bytes(), day(2026, 3, 1), Some(&own)).unwrap();
    assert_eq!(file.with_errors, 1);
    assert_eq!(file.problems[0].column, "codice_plesso");
}

#[test]
fn windows_1252_from_excel_is_read() {
    let cf = child_code();
    let mut bytes =
        format!("{HEADER}\n{cf};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B\n").into_bytes();
    // "D'Amico" typed in Excel: the apostrophe is Windows-1252's ’ (0x92).
    let text = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("Bianchi", "D#Amico");
    bytes = text.into_bytes();
    let at = bytes.iter().position(|b| *b == b'#').unwrap();
    bytes[at] = 0x92;
    let file = check(&bytes, day(2026, 3, 1), None).unwrap();
    assert_eq!(file.rows, 1);
    assert_eq!(
        file.pupils.first().map(|p| p.cognome.as_str()),
        Some("D\u{2019}Amico")
    );
}
