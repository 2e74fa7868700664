//! `check-lovs`, the pre-check of a school's LOVS file, run as a secretary
//! would run it: the output format, the exit codes, `--date` and
//! `--istituto` (the plessi's ownership, from the portal's database).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use std::process::{Command, Output};

use app::codice_fiscale::{Sex, encode};
use chrono::NaiveDate;

fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("check-lovs")
        .args(args)
        .env("PORTALE_TODAY", "2026-03-01");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("server binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn child(surname: &str, name: &str, y: i32, m: u32, d: u32, sex: Sex) -> String {
    encode(
        surname,
        name,
        NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        sex,
        "F205",
    )
    .unwrap()
}

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_windows_1252_file_with_bad_rows_is_reported_line_by_line_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let luca = child("Bianchi", "Luca", 2018, 5, 4, Sex::M);
    let anna = child("D Amico", "Anna", 2017, 9, 1, Sex::F);
    let mut bytes = format!(
        "Codice Fiscale;Cognome;Nome;Data Nascita;Sesso;Codice Plesso;Classe;Sezione;Note\r\n\
         {luca};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B;\r\n\
         {anna};D#Amico;Anna;2017-09-01;F;MIEE8AB01X;3;A;\r\n\
         {luca};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B;di nuovo\r\n\
         RSSMRA85T10A562X;Rossi;Mario;10/12/2019;X;MIEE8AB01X;1;A;\r\n"
    )
    .into_bytes();
    let at = bytes.iter().position(|b| *b == b'#').unwrap();
    bytes[at] = 0x92; // ’ in Windows-1252
    let path = file(&dir, "alunni.csv", &bytes);
    let out = run(&[&path], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.last(),
        Some(&"4 rows, 2 valid, 2 with errors"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"4\tcodice_fiscale\tCodice fiscale già presente alla riga 2."),
        "{stdout}"
    );
    for line in &lines[..lines.len() - 1] {
        let parts: Vec<&str> = line.split('\t').collect();
        assert_eq!(parts.len(), 3, "ROW<TAB>COLUMN<TAB>message: {line}");
        assert!(
            parts[0].parse::<usize>().is_ok_and(|row| row >= 2),
            "{line}"
        );
    }
    assert!(
        lines.iter().any(|l| l.starts_with("5\tsesso\t")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("5\tcodice_fiscale\t") && l.contains("atteso S")),
        "{stdout}"
    );
}

#[test]
fn a_clean_file_exits_0_and_warnings_keep_rows_valid() {
    let dir = tempfile::tempdir().unwrap();
    let luca = child("Bianchi", "Luca", 2018, 5, 4, Sex::M);
    let teen = child("Neri", "Anna", 2008, 1, 1, Sex::F);
    let body = format!(
        "codice_fiscale,cognome,nome,data_nascita,sesso,codice_plesso,classe,sezione\n\
         {luca},Bianchi,Luca,04/05/2018,M,MIEE8AB01X,2,B\n\
         {teen},Neri,Anna,01/01/2008,F,MIEE8AB01X,5,A\n\n"
    );
    let path = file(&dir, "ok.csv", body.as_bytes());
    let out = run(&[&path, "--date", "2026-03-01"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("3\tdata_nascita\tavviso: alunno di 18 anni"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("2 rows, 2 valid, 0 with errors\n"),
        "{stdout}"
    );
}

#[test]
fn the_check_date_moves_the_ages() {
    let dir = tempfile::tempdir().unwrap();
    let teen = child("Neri", "Anna", 2008, 1, 1, Sex::F);
    let body = format!(
        "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione\n\
         {teen};Neri;Anna;01/01/2008;F;MIEE8AB01X;5;A\n"
    );
    let path = file(&dir, "a.csv", body.as_bytes());
    let young = text(&run(&[&path, "--date", "2024-12-31"], &[]).stdout);
    assert_eq!(
        young, "1 rows, 1 valid, 0 with errors\n",
        "16 years old then"
    );
    let future = run(&[&path, "--date", "2007-06-01"], &[]);
    assert_eq!(future.status.code(), Some(1));
    assert!(text(&future.stdout).contains("2\tdata_nascita\tLa data di nascita è nel futuro."));
}

#[test]
fn a_file_rejected_whole_exits_2_with_the_reason_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, "x.csv", b"codice_fiscale;cognome\nX;Y\n");
    let out = run(&[&path], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("Mancano colonne obbligatorie"),
        "{}",
        text(&out.stderr)
    );
    let missing = run(&["/nessun/file.csv"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    let bad_date = run(&[&path, "--date", "01/03/2026"], &[]);
    assert_eq!(bad_date.status.code(), Some(2));
}

#[test]
fn with_the_istituto_the_plessi_must_be_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/portale.db?mode=rwc", data.path().display());
    // The demo data: the first demo istituto and its plessi.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (istituto, plesso) = rt.block_on(async {
        let mut config = server::config::Config::from_env().unwrap();
        config.database_url = db.clone();
        config.data_dir = data.path().to_path_buf();
        config.demo = true;
        let state = server::web::build_state(&config, server::web::leptos_options())
            .await
            .unwrap();
        let ist = app::schools::queries::all_istituti(&state.db)
            .await
            .unwrap()
            .remove(0);
        let plessi = app::schools::queries::plessi_of_istituto(&state.db, ist.id)
            .await
            .unwrap();
        (ist.codice, plessi[0].codice.clone())
    });
    let luca = child("Bianchi", "Luca", 2018, 5, 4, Sex::M);
    let body = format!(
        "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione\n\
         {luca};Bianchi;Luca;04/05/2018;M;{plesso};2;B\n\
         {luca};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B\n"
    );
    let path = file(&dir, "p.csv", body.as_bytes());
    let envs = [
        ("DATABASE_URL", db.as_str()),
        ("PORTALE_DATA_DIR", &data.path().to_string_lossy()),
    ];
    let out = run(&[&path, "--istituto", &istituto], &envs);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("3\tcodice_plesso\tIl plesso MIEE8AB01X non appartiene all'istituto."),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("2 rows, 1 valid, 1 with errors\n"),
        "{stdout}"
    );
    let unknown = run(&[&path, "--istituto", "MIIC8ZZ98Z"], &envs);
    assert_eq!(unknown.status.code(), Some(2));
}

fn text_of(out: &Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

#[test]
fn lovs_outcome_answers_the_school_file_in_its_own_separator_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let absent = child("Bianchi", "Luca", 2018, 5, 4, Sex::M);
    let missing_doses = child("D Amico", "Anna", 2018, 9, 1, Sex::F);
    let booked = child("Verdi", "Paolo", 2018, 2, 3, Sex::M);
    let older = child("Neri", "Anna", 2008, 1, 1, Sex::F);
    let registry = format!(
        "codice_fiscale,tipo,vaccino,dose,data,fino_al\n\
         {missing_doses},anagrafe,,,01/09/2018,\n\
         {booked},anagrafe,,,2018-02-03,\n\
         {booked},appuntamento,,,,\n\
         {older},anagrafe,,,01/01/2008,\n\
         {older},dose,morbillo,1,01/01/2009,\n"
    );
    let registry_path = file(&dir, "registro.csv", registry.as_bytes());
    let mut school = format!(
        "Codice Fiscale;Cognome;Nome;Data Nascita;Sesso;Codice Plesso;Classe;Sezione;Note\r\n\
         {absent};Bianchi;Luca;04/05/2018;M;MIEE8AB01X;2;B;\r\n\
         {missing_doses};D#Amico;Anna;01/09/2018;F;MIEE8AB01X;2;A;nota\r\n\
         {booked};Verdi;Paolo;03/02/2018;M;MIEE8AB01X;2;A;\r\n\
         {older};Neri;Anna;01/01/2008;F;MIIS8AB01X;5;A;\r\n\
         RSSMRA85T10A562X;Rossi;Mario;10/12/2019;M;MIEE8AB01X;1;A;\r\n"
    )
    .into_bytes();
    let at = school.iter().position(|b| *b == b'#').unwrap();
    school[at] = 0x92;
    let school_path = file(&dir, "scuola.csv", &school);
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "lovs-outcome",
            "--registry",
            &registry_path,
            "--date",
            "2026-03-01",
            &school_path,
        ])
        .output()
        .unwrap();
    // "morbillo" is not a key of LOVS-RULES §1: that registry row is reported and skipped.
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("riga 6") && stderr.contains("morbillo"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(out.stdout.contains(&0x92), "written back in Windows-1252");
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&out.stdout);
    let lines: Vec<&str> = decoded.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Codice Fiscale;Cognome;Nome;Data Nascita;Sesso;Codice Plesso;Classe;Sezione;Note;esito;esito_descrizione;mancanti"
    );
    let cells = |line: &str| line.split(';').map(str::to_owned).collect::<Vec<_>>();
    let absent_row = cells(lines[1]);
    assert_eq!(
        absent_row[9..],
        ["non_presente", "NULL - anagrafica inesistente", ""]
    );
    let missing_row = cells(lines[2]);
    assert_eq!(missing_row[1], "D\u{2019}Amico");
    assert_eq!(missing_row[8], "nota", "the school's own columns are kept");
    assert_eq!(
        missing_row[9..11],
        ["non_in_regola", "Attualmente non in regola"]
    );
    assert!(
        missing_row[11].starts_with("polio:1,"),
        "{}",
        missing_row[11]
    );
    let booked_row = cells(lines[3]);
    assert_eq!(
        booked_row[9..11],
        ["in_corso", "In corso di regolarizzazione"]
    );
    let older_row = cells(lines[4]);
    assert_eq!(older_row[9..], ["in_regola", "In regola", ""]);
    let bad_row = cells(lines[5]);
    assert_eq!(bad_row[9], "scartato");
    assert!(bad_row[10].contains("codice_fiscale"), "{}", bad_row[10]);
}

#[test]
fn lovs_outcome_rejects_a_registry_without_its_columns_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let registry = file(&dir, "r.csv", b"codice_fiscale,tipo\nX,anagrafe\n");
    let school = file(
        &dir,
        "s.csv",
        b"codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "lovs-outcome",
            "--registry",
            &registry,
            "--date",
            "2026-03-01",
            &school,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("vaccino, dose, data, fino_al"),
        "{}",
        text(&out.stderr)
    );
}
