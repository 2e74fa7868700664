//! `sentinel-window`, the sentinel schools' entry window, run as the real
//! binary: one line `aperta|in_ritardo|chiusa<TAB>YYYY-MM-DD` and exit 0;
//! a bad date, option or calendar file gives a message on stderr, nothing
//! on stdout and exit 2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("sentinel-window")
        .args(args)
        .output()
        .expect("server binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the command and expects exit 0 with exactly `line` and a newline
/// on stdout, nothing on stderr.
fn assert_line(args: &[&str], line: &str) {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: stderr {}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), format!("{line}\n"), "{args:?}");
    assert_eq!(text(&out.stderr), "", "{args:?}");
}

/// Runs the command and expects exit 2, an empty stdout and a stderr
/// message containing `needle`.
fn assert_refused(args: &[&str], needle: &str) -> String {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert_eq!(text(&out.stdout), "", "{args:?}");
    let stderr = text(&out.stderr);
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    stderr
}

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_weekday_of_one_week() {
    // Monday 14/12/2026 to Sunday 20/12/2026, no calendar.
    let week = [
        ("2026-12-14", "chiusa\t2026-12-15"),
        ("2026-12-15", "aperta\t2026-12-15"),
        ("2026-12-16", "in_ritardo\t2026-12-15"),
        ("2026-12-17", "aperta\t2026-12-17"),
        ("2026-12-18", "in_ritardo\t2026-12-17"),
        ("2026-12-19", "chiusa\t2026-12-22"),
        ("2026-12-20", "chiusa\t2026-12-22"),
    ];
    for (day, line) in week {
        assert_line(&[day], line);
    }
}

#[test]
fn a_holiday_from_a_calendar_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        &dir,
        "calendario.csv",
        b"data,motivo\n2026-12-08,Immacolata Concezione\n2026-12-16,Elezioni\n",
    );
    // The closed Tuesday can be entered neither on the day nor the next.
    assert_line(&["2026-12-08", "--calendar", &path], "chiusa\t2026-12-10");
    assert_line(&["2026-12-09", "--calendar", &path], "chiusa\t2026-12-10");
    assert_line(&["2026-12-07", "--calendar", &path], "chiusa\t2026-12-10");
    // A closed late-entry day still takes the late entry.
    assert_line(
        &["--calendar", &path, "2026-12-16"],
        "in_ritardo\t2026-12-15",
    );
    // Without the file the same days are ordinary.
    assert_line(&["2026-12-08"], "aperta\t2026-12-08");
    assert_line(&["2026-12-09"], "in_ritardo\t2026-12-08");
}

#[test]
fn a_spreadsheet_calendar_with_semicolons_a_bom_and_italian_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        &dir,
        "calendario.csv",
        b"\xEF\xBB\xBFData;Motivo\r\n10/12/2026;Sant\x92Ambrogio\r\n",
    );
    assert_line(&["2026-12-10", "--calendar", &path], "chiusa\t2026-12-15");
    assert_line(&["2026-12-11", "--calendar", &path], "chiusa\t2026-12-15");
}

#[test]
fn the_year_end() {
    // Thursday 31/12/2026: an ordinary survey day without a calendar; its
    // late entry is on New Year's Day; the next is Tuesday 05/01/2027.
    assert_line(&["2026-12-31"], "aperta\t2026-12-31");
    assert_line(&["2027-01-01"], "in_ritardo\t2026-12-31");
    assert_line(&["2027-01-02"], "chiusa\t2027-01-05");
    // With the Christmas holidays closed, the next survey day after the
    // year end is Thursday 07/01/2027.
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        &dir,
        "natale.csv",
        b"data,al,motivo\n2026-12-23,2027-01-06,vacanze di Natale\n",
    );
    assert_line(&["2026-12-31", "--calendar", &path], "chiusa\t2027-01-07");
    assert_line(&["2026-12-22", "--calendar", &path], "aperta\t2026-12-22");
    assert_line(
        &["2026-12-23", "--calendar", &path],
        "in_ritardo\t2026-12-22",
    );
    assert_line(&["2027-01-07", "--calendar", &path], "aperta\t2027-01-07");
}

#[test]
fn a_bad_date_exits_2_with_a_message_and_nothing_on_stdout() {
    assert_refused(&["2026-02-30"], "data non valida");
    assert_refused(&["2026-13-01"], "data non valida");
    assert_refused(&["domani"], "data non valida");
    assert_refused(&["15/12/2026"], "AAAA-MM-GG");
    assert_refused(&["2026-1-5"], "AAAA-MM-GG");
    let stderr = assert_refused(&["2027-02-29"], "2027-02-29");
    assert!(stderr.contains("bisestile"), "{stderr}");
    assert_refused(&[], "manca la data");
    assert_refused(&["2026-12-15", "2026-12-16"], "argomento in più");
}

#[test]
fn a_bad_calendar_row_exits_2_naming_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        &dir,
        "calendario.csv",
        b"data,motivo\n2026-12-08,Immacolata\n31/02/2027,Nessuno\n",
    );
    let stderr = assert_refused(&["2026-12-15", "--calendar", &path], "riga 3");
    assert!(stderr.contains("colonna \"data\""), "{stderr}");
    assert!(stderr.contains(&path), "{stderr}");
    let path = file(&dir, "senza_data.csv", b"giorno festivo,motivo\nx,y\n");
    assert_refused(&["2026-12-15", "--calendar", &path], "riga 1");
}

#[test]
fn an_unreadable_calendar_or_an_unknown_option_exits_2() {
    assert_refused(
        &["2026-12-15", "--calendar", "/nonexistent/calendario.csv"],
        "impossibile leggere il file",
    );
    assert_refused(&["2026-12-15", "--calendar"], "manca il file");
    assert_refused(
        &["2026-12-15", "--calendario", "x.csv"],
        "opzione sconosciuta",
    );
}
