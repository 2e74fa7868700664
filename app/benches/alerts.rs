//! Alert engine on a realistic load: 5,000 sentinel series, Tuesday and
//! Thursday over three school years (~237 observations each, ~1.2 million
//! rows), deterministic pseudo-random counts. Measures (a) parsing the CSV,
//! (b) the whole runner (parse, evaluate every method, write the CSV) and
//! (c) evaluating every method on already parsed series. Target: (c) at
//! most 2 s.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::fmt::Write as _;
use std::hint::black_box;

use app::absences::alerts::{evaluate, parse, run};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};

const SERIES: usize = 5_000;

/// Survey days: Tuesdays and Thursdays from 1 September to 15 June of the
/// school years 2022/23, 2023/24, 2024/25, without 23 December - 6 January.
fn survey_days() -> Vec<NaiveDate> {
    let mut days = Vec::new();
    for year in 2022..2025 {
        let (Some(mut day), Some(end)) = (
            NaiveDate::from_ymd_opt(year, 9, 1),
            NaiveDate::from_ymd_opt(year + 1, 6, 15),
        ) else {
            continue;
        };
        while day <= end {
            let christmas =
                (day.month() == 12 && day.day() >= 23) || (day.month() == 1 && day.day() <= 6);
            if matches!(day.weekday(), Weekday::Tue | Weekday::Thu) && !christmas {
                days.push(day);
            }
            day += Duration::days(1);
        }
    }
    days
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The input CSV, day by day with every series each day (as uploads come).
fn synthetic_csv() -> (Vec<u8>, usize) {
    let days = survey_days();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let enrolled: Vec<u64> = (0..SERIES).map(|_| 80 + rng.below(900)).collect();
    let mut text = String::with_capacity(days.len() * SERIES * 32);
    text.push_str("date,series,absent,enrolled\n");
    for day in &days {
        // A winter wave raises every rate for a few weeks.
        let wave = if day.month() == 2 { 3 } else { 1 };
        for (s, &e) in enrolled.iter().enumerate() {
            let rate_per_mille =
                30 + rng.below(40) * wave + if rng.below(200) == 0 { 150 } else { 0 };
            let absent = (e * rate_per_mille / 1000).min(e);
            let _ = writeln!(text, "{day},plesso-{s:04},{absent},{e}");
        }
    }
    (text.into_bytes(), days.len() * SERIES)
}

fn bench(c: &mut Criterion) {
    let (csv, rows) = synthetic_csv();
    eprintln!(
        "alerts bench: {SERIES} series, {} observations each, {rows} rows, {} MB",
        rows / SERIES,
        csv.len() / 1_000_000
    );
    let parsed = match parse(&csv) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("synthetic CSV refused: {e}");
            return;
        }
    };
    let mut group = c.benchmark_group("alerts");
    group.sample_size(10);
    group.bench_function("a_parse_only", |b| {
        b.iter(|| black_box(parse(black_box(&csv))))
    });
    group.bench_function("b_full_runner", |b| {
        b.iter(|| black_box(run(black_box(&csv))))
    });
    group.bench_function("c_evaluate_only", |b| {
        b.iter(|| {
            let mut evaluations = 0usize;
            for s in &parsed {
                evaluations += black_box(evaluate(black_box(&s.series))).len();
            }
            evaluations
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
