//! Codice fiscale validation + decoding throughput on one core.
//!
//! 10,000 varied codes from `samples::sample_codes`: ~85% valid (12% of all
//! omocodes, 3% lower case or spaced), ~15% invalid of every kind.
//! Run: `cargo bench -p app --bench codice_fiscale -- --warm-up-time 1 --measurement-time 3`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::hint::black_box;

use app::codice_fiscale::{Accept, parse, parse_fiscal_id, samples::sample_codes};
use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let codes = sample_codes(10_000, 2026);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let valid = codes.iter().filter(|c| parse(c, today).is_ok()).count();
    eprintln!("{} codes, {valid} valid", codes.len());

    let mut group = c.benchmark_group("codice_fiscale");
    group.throughput(Throughput::Elements(codes.len() as u64));
    group.bench_function("parse_and_decode", |b| {
        // parse decodes eagerly (date, sex, place), so the result is all.
        b.iter(|| {
            for code in &codes {
                let _ = black_box(parse(black_box(code), today));
            }
        })
    });
    group.bench_function("parse_fiscal_id_all_kinds", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|code| parse_fiscal_id(black_box(code), today, Accept::ALL).is_ok())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
