//! The whole LOVS check at regional scale: 1,000,000 school rows against a
//! registry extract of 1,000,000 pupils (generated here, deterministically),
//! timed against merely reading both CSV files in the same run. Prints the
//! times, their ratio and the peak memory of the process.
//!
//! `cargo bench -p app --bench lovs` (LOVS_PUPILS sets the size).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::fmt::Write as _;
use std::time::Instant;

use app::codice_fiscale::{Sex, encode};
use app::tabular::Table;
use app::vaccinations::{outcome_file, registry_file};
use chrono::{Days, NaiveDate};

const SURNAMES: [&str; 20] = [
    "Rossi", "Bianchi", "Verdi", "Neri", "Russo", "Ferrari", "Esposito", "Romano", "Colombo",
    "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
    "Giordano", "Rizzo",
];
const NAMES: [&str; 10] = [
    "Luca", "Anna", "Marco", "Giulia", "Paolo", "Sara", "Andrea", "Chiara", "Matteo", "Elena",
];
const VACCINES: [&str; 3] = ["polio", "diphtheria", "measles"];

/// 200 Belfiore codes of real comuni (the codice fiscale checks them).
fn comuni() -> Vec<String> {
    (b'A'..=b'M')
        .flat_map(|l| (1..1000u16).map(move |n| (l, n)))
        .filter(|&(l, n)| app::places::belfiore::is_known(l, n))
        .take(200)
        .map(|(l, n)| format!("{}{n:03}", char::from(l)))
        .collect()
}

fn generate(pupils: usize) -> (String, String) {
    let comuni = comuni();
    let first_birth = NaiveDate::from_ymd_opt(2010, 3, 2).unwrap();
    let mut school = String::from(
        "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione\n",
    );
    let mut registry = String::from("codice_fiscale,tipo,vaccino,dose,data,fino_al\n");
    for i in 0..pupils {
        let surname = SURNAMES[i % SURNAMES.len()];
        let name = NAMES[(i / SURNAMES.len()) % NAMES.len()];
        let sex = if i % 2 == 0 { Sex::M } else { Sex::F };
        let birth = first_birth + Days::new(((i / 400) % 5_800) as u64);
        // Comuni vary too, so that every code is distinct.
        let belfiore = &comuni[(i % 400) / 2];
        let cf = encode(surname, name, birth, sex, belfiore).unwrap();
        let d = birth.format("%d/%m/%Y");
        let s = if sex == Sex::M { "M" } else { "F" };
        writeln!(
            school,
            "{cf};{surname};{name};{d};{s};MIEE8AB01X;{};A",
            1 + i % 5
        )
        .unwrap();
        writeln!(registry, "{cf},anagrafe,,,{d},").unwrap();
        for (n, vaccine) in VACCINES.iter().enumerate() {
            let given = (birth + Days::new(90 + 60 * n as u64)).format("%d/%m/%Y");
            writeln!(registry, "{cf},dose,{vaccine},1,{given},").unwrap();
        }
    }
    (school, registry)
}

fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let pupils: usize = std::env::var("LOVS_PUPILS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let started = Instant::now();
    let (school, registry) = generate(pupils);
    println!(
        "generated {pupils} pupils: school file {:.0} MB, registry {:.0} MB, in {:.1} s",
        school.len() as f64 / 1e6,
        registry.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let baseline_memory = peak_memory_mb();

    // Baseline: reading both files as CSV records, nothing checked.
    let t = Instant::now();
    let mut fields = 0usize;
    for text in [&school, &registry] {
        let table = Table::from_bytes(text.as_bytes());
        for row in table.records() {
            fields += row.unwrap().record.len();
        }
    }
    let parse = t.elapsed().as_secs_f64();
    std::hint::black_box(fields);

    let check_date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    // What `lovs-outcome` does: the registry, then the outcome file.
    let t = Instant::now();
    let (reg, bad) = registry_file::parse(registry.as_bytes()).unwrap();
    assert!(bad.is_empty() && reg.len() == pupils);
    let registry_time = t.elapsed().as_secs_f64();
    let out = outcome_file::write(school.as_bytes(), &reg, check_date, None).unwrap();
    let whole = t.elapsed().as_secs_f64();
    assert!(out.len() > school.len());
    let peak = peak_memory_mb();
    drop(out);

    // Where the outcome file's time goes: its check of the rows, and the
    // engine, each timed apart on one thread (the outcome file runs them
    // side by side on two cores).
    let t = Instant::now();
    let checked =
        app::vaccinations::school_file::check(school.as_bytes(), check_date, None).unwrap();
    let check_time = t.elapsed().as_secs_f64();
    assert_eq!(checked.pupils.len(), pupils);
    let t = Instant::now();
    let mut non_compliant = 0usize;
    for p in &checked.pupils {
        let record = reg.record(&p.codice_fiscale, p.data_nascita, check_date);
        let verdict = app::vaccinations::compliance::check(&record, check_date);
        non_compliant += usize::from(!verdict.missing.is_empty());
    }
    let engine_time = t.elapsed().as_secs_f64();
    std::hint::black_box(non_compliant);

    println!("read both files as CSV (baseline): {parse:.2} s");
    println!(
        "lovs-outcome's work (registry + outcome file): {whole:.2} s ({:.1}x the baseline)",
        whole / parse
    );
    println!(
        "  registry {registry_time:.2} s, outcome file {:.2} s; apart, on one thread: row checks {check_time:.2} s, engine {engine_time:.2} s",
        whole - registry_time
    );
    println!("peak memory: {peak:.0} MB (of which {baseline_memory:.0} MB the generated files)");
}
