//! Reference data: loading data/places.csv (done once at server start), the
//! comune picker's search (every keystroke), Belfiore lookups (codice fiscale
//! checks) and the Ministry registry import.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]
use std::hint::black_box;

use app::places::{belfiore, lookup_belfiore, parse_places_csv, search};
use app::schools::parse_registry_csv;
use criterion::{Criterion, criterion_group, criterion_main};

const PLACES_CSV: &str = include_str!("../../data/places.csv");

fn places(c: &mut Criterion) {
    c.bench_function("parse_places_csv (19,567 rows)", |b| {
        b.iter(|| parse_places_csv(black_box(PLACES_CSV)))
    });
    let Ok(all) = parse_places_csv(PLACES_CSV) else {
        return;
    };
    let chiefs = vec!["015146".to_string(), "098031".to_string()];
    c.bench_function("search \"s\" limit 20", |b| {
        b.iter(|| search(black_box(&all), black_box("s"), &chiefs, 20).len())
    });
    c.bench_function("search \"sesto\" limit 20", |b| {
        b.iter(|| search(black_box(&all), black_box("sesto"), &chiefs, 20).len())
    });
    c.bench_function("search \"san giovanni\" limit 20", |b| {
        b.iter(|| search(black_box(&all), black_box("san giovanni"), &chiefs, 20).len())
    });
    c.bench_function("lookup_belfiore F205 on date", |b| {
        let day = chrono::NaiveDate::from_ymd_opt(1950, 6, 1);
        b.iter(|| lookup_belfiore(black_box(&all), black_box("F205"), day).is_some())
    });
    c.bench_function("belfiore::is_known x 26,000 codes", |b| {
        b.iter(|| {
            let mut n = 0u32;
            for letter in b'A'..=b'Z' {
                for digits in 0..1000u16 {
                    n += u32::from(belfiore::is_known(black_box(letter), black_box(digits)));
                }
            }
            n
        })
    });
}

fn registry(c: &mut Criterion) {
    // 10,000 plessi in the Ministry's column format.
    let mut csv = String::from(
        "CODICEISTITUTORIFERIMENTO,DENOMINAZIONEISTITUTORIFERIMENTO,CODICESCUOLA,DENOMINAZIONESCUOLA,INDIRIZZOSCUOLA,CAPSCUOLA,CODICECOMUNESCUOLA,DESCRIZIONECOMUNE,DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA\n",
    );
    for i in 0..10_000u32 {
        csv.push_str(&format!(
            "MIIC{i:05}X,IC NUMERO {i},MIEE{i:05}A,PRIMARIA {i},\"VIA ROMA, {i}\",20100,F205,MILANO,SCUOLA PRIMARIA\n"
        ));
    }
    c.bench_function("parse_registry_csv (10,000 rows)", |b| {
        b.iter(|| parse_registry_csv(black_box(csv.as_bytes())).schools.len())
    });
}

criterion_group!(benches, places, registry);
criterion_main!(benches);
