//! The CSV runner: exact outputs and every error path.
//!
//! Survey days used throughout: 2024-09-10, 09-12, 09-17, 09-19, 09-24,
//! 09-26, 10-01, 10-03, 10-08, 10-10 (Tuesdays and Thursdays).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::absences::alerts::{RunnerError, run};

const DAYS: [&str; 10] = [
    "2024-09-10",
    "2024-09-12",
    "2024-09-17",
    "2024-09-19",
    "2024-09-24",
    "2024-09-26",
    "2024-10-01",
    "2024-10-03",
    "2024-10-08",
    "2024-10-10",
];

const HEADER: &str = "date,series,absent,enrolled\n";
const OUT_HEADER: &str = "date,series,method,statistic,threshold,alert\n";

/// CSV rows for one series on the first `counts.len()` survey days.
fn rows(series: &str, counts: &[(u64, u64)]) -> Vec<String> {
    counts
        .iter()
        .zip(DAYS)
        .map(|(&(a, e), day)| format!("{day},{series},{a},{e}"))
        .collect()
}

fn hundredths(absents: &[u64]) -> Vec<(u64, u64)> {
    absents.iter().map(|&a| (a, 100)).collect()
}

fn err(input: &str) -> RunnerError {
    run(input.as_bytes()).unwrap_err()
}

#[test]
fn exact_output_mixed_series_bom_crlf_and_quoting() {
    // "Scuola, Via Roma": 5/100, 10/200, 15/300, 1/20, 5/100, 2/40,
    // 50/1000 (all 1/20 exactly), then 9/100 above -> inf, alert.
    // A: absents 1..7 then 11 (/100): (11 - 4) / sqrt(14/3) = 3.240370349.
    // Plesso "Manzoni": 1/10 .. 7/70 (all 1/10), then 7/80 below -> -inf.
    // D: 3/30 seven times, then 4/40 equal -> 0.000000000.
    // F: absents 1..7 then 2: (2 - 4) / sqrt(14/3) = -0.925820100.
    let b = rows(
        "\"Scuola, Via Roma\"",
        &[
            (5, 100),
            (10, 200),
            (15, 300),
            (1, 20),
            (5, 100),
            (2, 40),
            (50, 1000),
            (9, 100),
        ],
    );
    let a = rows("A", &hundredths(&[1, 2, 3, 4, 5, 6, 7, 11]));
    let c_counts: Vec<(u64, u64)> = (1..=7).map(|k| (k, 10 * k)).chain([(7, 80)]).collect();
    let c = rows("\"Plesso \"\"Manzoni\"\"\"", &c_counts);
    let d = rows(
        "D",
        &[(3, 30); 7]
            .into_iter()
            .chain([(4, 40)])
            .collect::<Vec<_>>(),
    );
    let f = rows("F", &hundredths(&[1, 2, 3, 4, 5, 6, 7, 2]));
    // B's last day comes first (first appearance, out of date order), then
    // the series interleaved day by day.
    let mut lines = vec![b[7].clone()];
    for i in 0..8 {
        if i < 7 {
            lines.push(b[i].clone());
        }
        lines.push(a[i].clone());
        lines.push(c[i].clone());
        lines.push(d[i].clone());
    }
    lines.extend(f);
    let input = format!(
        "\u{feff}date,series,absent,enrolled\r\n{}\r\n",
        lines.join("\r\n")
    );
    let expected = format!(
        "{OUT_HEADER}\
         2024-10-03,\"Scuola, Via Roma\",C1,inf,3,1\n\
         2024-10-03,A,C1,3.240370349,3,1\n\
         2024-10-03,\"Plesso \"\"Manzoni\"\"\",C1,-inf,3,0\n\
         2024-10-03,D,C1,0.000000000,3,0\n\
         2024-10-03,F,C1,-0.925820100,3,0\n"
    );
    assert_eq!(run(input.as_bytes()).unwrap(), expected);
}

#[test]
fn exact_output_methods_in_order_per_date() {
    // Absents 1..7, 50, 50, 11 (/100).
    // Day 8: C1 = (50 - 4) / sqrt(14/3) = 21.293862295.
    // Day 9: baseline 2..7, 50: mean 11, squares 81+64+49+36+25+16+1521 =
    //   1792, sd sqrt(1792/6); C1 = 39 / 17.2819752 = 2.256686493.
    // Day 10: baseline 3..7, 50, 50: mean 125/7, C1 = -0.311749662;
    //   C2 on days 1-7: (11 - 4) / sqrt(14/3) = 3.240370349.
    let input = format!(
        "{HEADER}{}\n",
        rows("E", &hundredths(&[1, 2, 3, 4, 5, 6, 7, 50, 50, 11])).join("\n")
    );
    let expected = format!(
        "{OUT_HEADER}\
         2024-10-03,E,C1,21.293862295,3,1\n\
         2024-10-08,E,C1,2.256686493,3,0\n\
         2024-10-10,E,C1,-0.311749662,3,0\n\
         2024-10-10,E,C2,3.240370349,3,1\n"
    );
    assert_eq!(run(input.as_bytes()).unwrap(), expected);
}

#[test]
fn all_four_methods_in_order_on_a_long_series() {
    // Every Tuesday from 2021-01-05 to 2024-12-31: by the end every method
    // is defined; the last date has C1, C2, C3, HLIMITS in that order, with
    // threshold 3, 3, 2, 2.
    let mut day = chrono::NaiveDate::from_ymd_opt(2021, 1, 5).unwrap();
    let mut input = String::from(HEADER);
    let mut i = 0u64;
    while day < chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() {
        input.push_str(&format!("{day},P,{},100\n", (i * 7) % 13));
        day += chrono::Duration::days(7);
        i += 1;
    }
    let out = run(input.as_bytes()).unwrap();
    let last: Vec<(String, String)> = out
        .lines()
        .filter(|l| l.starts_with("2024-12-31"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].to_owned(), f[4].to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = [("C1", "3"), ("C2", "3"), ("C3", "2"), ("HLIMITS", "2")]
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    assert_eq!(last, expected);
}

#[test]
fn header_only_and_short_series_give_the_header_only() {
    assert_eq!(run(HEADER.as_bytes()).unwrap(), OUT_HEADER);
    let input = format!("{HEADER}2024-09-10,A,1,10\n");
    assert_eq!(run(input.as_bytes()).unwrap(), OUT_HEADER);
}

#[test]
fn empty_file() {
    for input in ["", "\u{feff}", "\n\n"] {
        let e = err(input);
        assert_eq!(e, RunnerError::Empty);
        assert_eq!(e.row(), Some(1));
        assert!(e.to_string().starts_with("riga 1: il file è vuoto"));
    }
}

#[test]
fn wrong_header_names_row_1() {
    for input in [
        "data,serie,assenti,iscritti\n2024-09-10,A,1,10\n",
        "date,series,absent\n",
        "date,series,absent,enrolled,extra\n",
        "2024-09-10,A,1,10\n",
    ] {
        let e = err(input);
        assert!(
            matches!(e, RunnerError::Header { row: 1, .. }),
            "{input:?}: {e:?}"
        );
        assert!(
            e.to_string().starts_with("riga 1: intestazione non valida"),
            "{e}"
        );
    }
}

#[test]
fn unparsable_date() {
    let e = err(&format!("{HEADER}2024-09-10,A,1,10\n10/09/2024,A,1,10\n"));
    assert_eq!(
        e.to_string(),
        "riga 3, colonna \"date\": \"10/09/2024\" non è una data valida; usare il formato AAAA-MM-GG, per esempio 2024-10-01"
    );
    assert!(matches!(
        err(&format!("{HEADER}2023-02-29,A,1,10\n")),
        RunnerError::BadDate { row: 2, .. }
    ));
}

#[test]
fn unparsable_numbers_name_the_column() {
    let e = err(&format!("{HEADER}2024-09-10,A,uno,10\n"));
    assert_eq!(
        e.to_string(),
        "riga 2, colonna \"absent\": \"uno\" non è un numero intero; scrivere solo cifre, per esempio 12"
    );
    let e = err(&format!("{HEADER}2024-09-10,A,1,10.5\n"));
    assert!(
        matches!(
            e,
            RunnerError::BadNumber {
                row: 2,
                column: "enrolled",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn negative_numbers_name_the_column() {
    let e = err(&format!("{HEADER}2024-09-10,A,1,-10\n"));
    assert_eq!(
        e.to_string(),
        "riga 2, colonna \"enrolled\": il numero non può essere negativo (\"-10\")"
    );
    let e = err(&format!("{HEADER}2024-09-10,A,-1,10\n"));
    assert!(matches!(
        e,
        RunnerError::Negative {
            row: 2,
            column: "absent",
            ..
        }
    ));
}

#[test]
fn numbers_too_large() {
    let e = err(&format!("{HEADER}2024-09-10,A,1,99999999999999999999999\n"));
    assert!(
        matches!(
            e,
            RunnerError::TooLarge {
                row: 2,
                column: "enrolled",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("il massimo ammesso è 1000000000000"));
}

#[test]
fn zero_enrolled() {
    let e = err(&format!(
        "{HEADER}2024-09-10,A,1,10\n2024-09-12,A,1,10\n2024-09-17,A,1,10\n2024-09-19,A,0,0\n"
    ));
    assert_eq!(
        e.to_string(),
        "riga 5, colonna \"enrolled\": il numero di iscritti non può essere zero"
    );
}

#[test]
fn absent_greater_than_enrolled() {
    let e = err(&format!("{HEADER}2024-09-10,A,11,10\n"));
    assert_eq!(
        e.to_string(),
        "riga 2, colonna \"absent\": gli assenti (11) superano gli iscritti (10); correggere uno dei due numeri"
    );
}

#[test]
fn same_date_twice_names_the_later_row() {
    // Rows 2 and 5 repeat A's 2024-09-10; B may use the same date.
    let e = err(&format!(
        "{HEADER}2024-09-10,A,1,10\n2024-09-10,B,1,10\n2024-09-12,A,1,10\n2024-09-10,A,2,10\n"
    ));
    assert_eq!(
        e.to_string(),
        "riga 5, colonna \"date\": la serie \"A\" ha già un'osservazione del 10/09/2024 (riga 2); tenere una sola riga per data"
    );
}

#[test]
fn the_first_bad_row_is_reported() {
    // A repeated date on row 3 comes before a bad date on row 4.
    let e = err(&format!(
        "{HEADER}2024-09-10,A,1,10\n2024-09-10,A,1,10\nieri,A,1,10\n"
    ));
    assert!(
        matches!(
            e,
            RunnerError::DuplicateDate {
                row: 3,
                first_row: 2,
                ..
            }
        ),
        "{e:?}"
    );
    // A bad date on row 3 comes before a repetition on row 4.
    let e = err(&format!(
        "{HEADER}2024-09-10,A,1,10\nieri,A,1,10\n2024-09-10,A,1,10\n"
    ));
    assert!(matches!(e, RunnerError::BadDate { row: 3, .. }), "{e:?}");
    // Among repetitions in two series, the earlier later-row wins.
    let e = err(&format!(
        "{HEADER}2024-09-10,A,1,10\n2024-09-10,B,1,10\n2024-09-10,B,1,10\n2024-09-10,A,1,10\n"
    ));
    assert!(
        matches!(
            e,
            RunnerError::DuplicateDate {
                row: 4,
                first_row: 3,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn missing_and_extra_columns() {
    let e = err(&format!("{HEADER}2024-09-10,A,1\n"));
    assert_eq!(
        e.to_string(),
        "riga 2, colonna \"enrolled\": valore mancante; ogni riga deve avere 4 colonne (date,series,absent,enrolled)"
    );
    let e = err(&format!("{HEADER}2024-09-10,A,,10\n"));
    assert!(matches!(
        e,
        RunnerError::Missing {
            row: 2,
            column: "absent"
        }
    ));
    let e = err(&format!("{HEADER}2024-09-10,A,1,10,\n"));
    assert_eq!(
        e.to_string(),
        "riga 2, colonna 5: colonna in più; ogni riga deve avere 4 colonne (date,series,absent,enrolled), questa ne ha 5"
    );
}

#[test]
fn invalid_utf8_names_the_column() {
    let mut input = HEADER.as_bytes().to_vec();
    input.extend_from_slice(b"2024-09-10,Scuola \xe8,1,10\n");
    let e = run(&input).unwrap_err();
    assert!(
        matches!(
            e,
            RunnerError::NotUtf8 {
                row: 2,
                column: "series"
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("riga 2, colonna \"series\": il testo non è UTF-8 valido")
    );
}

#[test]
fn row_numbers_follow_the_lines_of_the_file() {
    // A blank line (skipped) still counts, as in an editor: the bad row is
    // line 4. A quoted name spanning two lines starts on line 2, so the
    // next record is on line 4.
    let e = err(&format!("{HEADER}2024-09-10,A,1,10\n\n2024-09-12,A,x,10\n"));
    assert!(matches!(e, RunnerError::BadNumber { row: 4, .. }), "{e:?}");
    let e = err("date,series,absent,enrolled\r\n2024-09-10,A,1,10\r\n\r\n2024-09-12,A,x,10\r\n");
    assert!(matches!(e, RunnerError::BadNumber { row: 4, .. }), "{e:?}");
    let e = err(&format!("\n{HEADER}2024-09-10,A,x,10\n"));
    assert!(matches!(e, RunnerError::BadNumber { row: 3, .. }), "{e:?}");
    let e = err(&format!(
        "{HEADER}2024-09-10,\"A\nB\",1,10\n2024-09-12,A,x,10\n"
    ));
    assert!(matches!(e, RunnerError::BadNumber { row: 4, .. }), "{e:?}");
}

#[test]
fn spaces_around_values_are_tolerated_and_names_kept_verbatim() {
    // " A" and "A" are different series; numbers and dates may be padded.
    let mut input = String::from(HEADER);
    for (i, day) in DAYS.iter().take(8).enumerate() {
        input.push_str(&format!(
            " {day} ,A, {} , 100 \n",
            [1, 2, 3, 4, 5, 6, 7, 11][i]
        ));
    }
    input.push_str("2024-09-10, A,1,100\n");
    let out = run(input.as_bytes()).unwrap();
    assert_eq!(
        out,
        format!("{OUT_HEADER}2024-10-03,A,C1,3.240370349,3,1\n")
    );
}
