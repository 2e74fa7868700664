//! Fuzzing the runner's input parsing: arbitrary bytes and arbitrary CSV
//! must give an output or an error naming a row, never a panic, and any
//! output must be well formed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::absences::alerts::run;
use proptest::prelude::*;

/// Checks an output: the header, six fields per row, known methods with
/// their thresholds, 9-decimal or infinite statistics, and `alert` equal to
/// `statistic > threshold`.
fn check_output(out: &str) -> Result<(), TestCaseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(out.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        vec![
            "date",
            "series",
            "method",
            "statistic",
            "threshold",
            "alert"
        ]
    );
    for record in reader.records() {
        let record = record.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(record.len(), 6);
        let expected_threshold = match &record[2] {
            "C1" | "C2" => "3",
            "C3" | "HLIMITS" => "2",
            other => return Err(TestCaseError::fail(format!("method {other}"))),
        };
        prop_assert_eq!(&record[4], expected_threshold);
        let statistic: f64 = match &record[3] {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            s => {
                let decimals = s.split('.').nth(1).map_or(0, str::len);
                prop_assert_eq!(decimals, 9, "{}", s);
                prop_assert!(s != "-0.000000000");
                s.parse().map_err(|_| TestCaseError::fail(s.to_owned()))?
            }
        };
        let threshold: f64 = expected_threshold.parse().unwrap();
        let alert = &record[5];
        prop_assert!(alert == "1" || alert == "0");
        // The printed value is rounded: only check clear cases.
        if (statistic - threshold).abs() > 1e-8 {
            prop_assert_eq!(alert == "1", statistic > threshold);
        }
    }
    Ok(())
}

fn check(input: &[u8]) -> Result<(), TestCaseError> {
    match run(input) {
        Ok(out) => check_output(&out),
        Err(e) => {
            let row = e.row();
            prop_assert!(row.is_some_and(|r| r >= 1), "{:?}", e);
            prop_assert!(e.to_string().starts_with("riga "), "{}", e);
            Ok(())
        }
    }
}

fn field_date() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (2019i32..=2026, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        1 => ".{0,12}",
        1 => Just("2024-02-30".to_owned()),
        1 => Just("+2024-01-01".to_owned()),
    ]
}

fn field_count() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0u64..=60).prop_map(|n| n.to_string()),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => "-?[0-9]{1,25}",
        1 => " ?\\+?[0-9]{0,3}(\\.[0-9])? ?",
        1 => ".{0,6}",
    ]
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-C]",
        1 => "[a-z ,\"\r\nàè€]{0,8}",
    ]
}

/// CSV text from fields, quoting any that needs it (and sometimes not).
fn csv_line(fields: &[String], quote_all: bool) -> String {
    fields
        .iter()
        .map(|f| {
            if quote_all || f.contains([',', '"', '\r', '\n']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn csv_input() -> impl Strategy<Value = Vec<u8>> {
    let row = prop_oneof![
        20 => (field_date(), field_name(), field_count(), field_count())
            .prop_map(|(d, s, a, e)| vec![d, s, a, e]),
        1 => prop::collection::vec(".{0,5}", 0..7),
    ];
    let header = prop_oneof![
        10 => Just("date,series,absent,enrolled".to_owned()),
        1 => Just("\u{feff}date,series,absent,enrolled".to_owned()),
        1 => ".{0,30}",
    ];
    (
        header,
        prop::collection::vec((row, any::<bool>()), 0..80),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        any::<bool>(),
    )
        .prop_map(|(header, rows, newline, trailing)| {
            let mut text = header;
            for (fields, quote_all) in rows {
                text.push_str(newline);
                text.push_str(&csv_line(&fields, quote_all));
            }
            if trailing {
                text.push_str(newline);
            }
            text.into_bytes()
        })
}

/// A valid file with many rows per series, so that every method runs.
fn valid_input() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        (
            0u32..1500,
            prop::sample::select(vec!["A", "B", "x,y", "\"q\""]),
            1u64..=50,
        )
            .prop_flat_map(|(day, s, e)| (Just(day), Just(s), 0..=e, Just(e))),
        0..300,
    )
    .prop_map(|rows| {
        let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut text = String::from("date,series,absent,enrolled\n");
        for (day, s, a, e) in rows {
            if seen.insert((day, s)) {
                let date = start + chrono::Duration::days(i64::from(day));
                text.push_str(&csv_line(
                    &[date.to_string(), s.to_owned(), a.to_string(), e.to_string()],
                    false,
                ));
                text.push('\n');
            }
        }
        text.into_bytes()
    })
}

/// 512 cases, or `PROPTEST_CASES` when set (for long fuzzing runs).
fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(512)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&input)?;
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header_never_panic(
        input in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let mut bytes = b"date,series,absent,enrolled\n".to_vec();
        bytes.extend(input);
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_csv_never_panics(input in csv_input()) {
        check(&input)?;
    }

    #[test]
    fn valid_files_always_run(input in valid_input()) {
        let out = run(&input);
        prop_assert!(out.is_ok(), "{:?}", out);
        let out = out.unwrap();
        check_output(&out)?;
        // Names with commas and quotes come back intact.
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            prop_assert!(["A", "B", "x,y", "\"q\""].contains(&&record[1]), "{:?}", record);
        }
    }
}
