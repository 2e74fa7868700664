//! The server binary's subcommands, run as a user would run them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn server(args: &[&str], stdin: &str, envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.args(args)
        .env("PORTALE_TODAY", "2026-11-24")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("server binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("exit")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_cf_prints_one_tab_separated_line_per_input() {
    // Check letters and the temporary code's check digit worked out by hand:
    // RSSMRA85T10A562 -> S; VRDGPP80A41F205 -> B; 1234567890 -> 3.
    let input = "RSSMRA85T10A562S\n rssmra urtmlarsnl \nVRDGPP80A41F205B\nRSSMRA85T10A562X\n12345678903\n12345678901\n";
    let out = server(&["check-cf"], input, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    assert_eq!(lines[0], "OK\tRSSMRA85T10A562S\t1985-12-10\tM\tA562");
    assert_eq!(lines[1], "OK\tRSSMRAURTMLARSNL\t1985-12-10\tM\tA562");
    assert_eq!(lines[2], "OK\tVRDGPP80A41F205B\t1980-01-01\tF\tF205");
    let err: Vec<&str> = lines[3].split('\t').collect();
    assert_eq!(err[..2], ["ERR", "RSSMRA85T10A562X"]);
    assert!(
        err[2].contains("atteso S") && err[2].contains("trovato X"),
        "{}",
        err[2]
    );
    assert_eq!(lines[4], "OK\t12345678903\tTEMP");
    assert!(lines[5].starts_with("ERR\t12345678901\t"), "{}", lines[5]);
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = server(&["nonsense"], "", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("comando sconosciuto"));
    assert!(out.stdout.is_empty());
}

#[test]
fn file_runners_report_a_missing_file_with_exit_2() {
    for cmd in ["check-obligation", "alerts"] {
        let out = server(&[cmd, "/nonexistent/file"], "", &[]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(out.stdout.is_empty(), "{cmd}");
    }
}

#[test]
fn check_obligation_runs_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pupils.json");
    // Born 2024-01-01, checked 2024-12-31 (age 365 days): the three
    // esavalente doses are due (90, 150, 390 -> the first two only) and
    // none was given, so every antigen misses doses 1 and 2.
    std::fs::write(
        &path,
        r#"[{"id":"A1","birth_date":"2024-01-01","check_date":"2024-12-31","doses":[],"exemptions":[],"pending_appointment":false,"in_registry":true},
            {"id":"A2","birth_date":"2024-01-01","check_date":"2024-12-31","doses":[],"exemptions":[],"pending_appointment":false,"in_registry":false}]"#,
    )
    .unwrap();
    let out = server(&["check-obligation", path.to_str().unwrap()], "", &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "A1\tnon_in_regola\tpolio:1,polio:2,diphtheria:1,diphtheria:2,tetanus:1,tetanus:2,hepatitis_b:1,hepatitis_b:2,pertussis:1,pertussis:2,hib:1,hib:2\nA2\tnon_presente\t\n"
    );
    std::fs::write(&path, "[{").unwrap();
    let out = server(&["check-obligation", path.to_str().unwrap()], "", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
}

#[test]
fn alerts_runs_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absences.csv");
    std::fs::write(&path, "date,series,absent,enrolled\n2026-01-13,P1,5,100\n").unwrap();
    let out = server(&["alerts", path.to_str().unwrap()], "", &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // One observation: no method is defined yet, only the header.
    assert_eq!(
        text(&out.stdout),
        "date,series,method,statistic,threshold,alert\n"
    );
    std::fs::write(&path, "date,series,absent,enrolled\n2026-01-13,P1,5,0\n").unwrap();
    let out = server(&["alerts", path.to_str().unwrap()], "", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains('2'), "{}", text(&out.stderr));
}
