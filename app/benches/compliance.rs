//! Throughput of the compliance check on pupils with a full dose history
//! (~30 registry doses each). Target: ≥ 1,000,000 checks/s on one core.
//!
//! `cargo bench -p app --bench compliance -- --warm-up-time 1 --measurement-time 3`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::hint::black_box;

use app::vaccinations::compliance::{
    Dose, Exemption, ExemptionKind, PupilRecord, Vaccine, check, run,
};
use chrono::{NaiveDate, TimeDelta};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PUPILS: usize = 1024;

/// (antigens, dose number, age in days when given): the real calendar, so
/// the history is what a registry holds for a compliant child.
const HISTORY: &[(&[Vaccine], u8, i64)] = {
    use Vaccine::*;
    const SIX: &[Vaccine] = &[Polio, Diphtheria, Tetanus, HepatitisB, Pertussis, Hib];
    const FOUR: &[Vaccine] = &[Polio, Diphtheria, Tetanus, Pertussis];
    const MPRV: &[Vaccine] = &[Measles, Rubella, Mumps, Varicella];
    &[
        (SIX, 1, 65),
        (SIX, 2, 125),
        (SIX, 3, 340),
        (MPRV, 1, 400),
        (FOUR, 4, 2000),
        (MPRV, 2, 2010),
    ]
};

fn pupils(check_date: NaiveDate) -> Vec<PupilRecord> {
    (0..PUPILS)
        .map(|i| {
            // Ages spread over 6 to 16 years.
            let age = 6 * 365 + i64::try_from(i * 3).unwrap() % (10 * 365);
            let birth_date = check_date - TimeDelta::days(age);
            let doses: Vec<Dose> = HISTORY
                .iter()
                .flat_map(|&(vaccines, dose, day)| {
                    vaccines.iter().map(move |&vaccine| Dose {
                        vaccine,
                        dose: Some(dose),
                        date: birth_date + TimeDelta::days(day),
                    })
                })
                .collect();
            // Every 8th pupil lacks the last dose and has it postponed.
            let (doses, exemptions) = if i % 8 == 0 {
                let mut doses = doses;
                doses.pop();
                let until = Some(check_date + TimeDelta::days(30));
                let kind = ExemptionKind::Postponed;
                (
                    doses,
                    vec![Exemption {
                        vaccine: Vaccine::Varicella,
                        kind,
                        until,
                    }],
                )
            } else {
                (doses, Vec::new())
            };
            PupilRecord {
                birth_date,
                doses,
                exemptions,
                pending_appointment: i % 5 == 0,
                in_registry: i % 50 != 0,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let check_date = NaiveDate::from_ymd_opt(2024, 5, 10).unwrap();
    let pupils = pupils(check_date);
    let doses: usize = pupils.iter().map(|p| p.doses.len()).sum();
    println!(
        "{PUPILS} pupils, {:.1} doses each",
        doses as f64 / PUPILS as f64
    );

    let mut group = c.benchmark_group("compliance");
    group.throughput(Throughput::Elements(PUPILS as u64));
    group.bench_function("check_full_history", |b| {
        b.iter(|| {
            for pupil in &pupils {
                black_box(check(black_box(pupil), black_box(check_date)));
            }
        })
    });
    // Same pupils with half the doses missing: measures the allocating path.
    let lacking: Vec<PupilRecord> = pupils
        .iter()
        .map(|p| PupilRecord {
            doses: p.doses[..15].to_vec(),
            ..p.clone()
        })
        .collect();
    group.bench_function("check_non_compliant", |b| {
        b.iter(|| {
            for pupil in &lacking {
                black_box(check(black_box(pupil), black_box(check_date)));
            }
        })
    });
    // The runner end to end (JSON parse + check + output) on the same pupils.
    let file = runner_file(&pupils, check_date);
    group.bench_function("runner_json", |b| {
        b.iter(|| black_box(run(black_box(file.as_bytes()))))
    });
    group.finish();
}

fn runner_file(pupils: &[PupilRecord], check_date: NaiveDate) -> String {
    let items: Vec<serde_json::Value> = pupils
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({
                "id": format!("P{i}"),
                "birth_date": p.birth_date.to_string(),
                "check_date": check_date.to_string(),
                "doses": p.doses.iter().map(|d| serde_json::json!({
                    "vaccine": d.vaccine.key(), "dose": d.dose, "date": d.date.to_string()
                })).collect::<Vec<_>>(),
                "exemptions": p.exemptions.iter().map(|e| serde_json::json!({
                    "vaccine": e.vaccine.key(), "kind": e.kind.key(),
                    "until": e.until.map(|u| u.to_string())
                })).collect::<Vec<_>>(),
                "pending_appointment": p.pending_appointment,
                "in_registry": p.in_registry,
            })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

criterion_group!(benches, bench);
criterion_main!(benches);
