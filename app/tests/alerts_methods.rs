//! C1, C2, C3 and HLIMITS on small series whose statistics are worked out
//! by hand (ALERTS.md). Rates are `absent / 100` unless said otherwise, so a
//! baseline of absents 1..7 has mean 4/100 and sample sd
//! sqrt(28/6)/100 = sqrt(14/3)/100 (deviations -3..3, squares sum 28).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::absences::alerts::{Evaluation, Method, Observation, Series, evaluate};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Survey days: Tuesdays and Thursdays from Tuesday 2024-09-10.
fn survey_days(n: usize) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut day = d("2024-09-10");
    while out.len() < n {
        out.push(day);
        day += Duration::days(if day.weekday() == Weekday::Tue { 2 } else { 5 });
    }
    out
}

/// A series of `absent / 100` on consecutive survey days.
fn per_hundred(absents: &[u64]) -> Series {
    let days = survey_days(absents.len());
    Series::new(
        absents
            .iter()
            .zip(days)
            .map(|(&a, day)| Observation::new(day, a, 100).unwrap())
            .collect(),
    )
    .unwrap()
}

fn series(obs: &[(&str, u64, u64)]) -> Series {
    Series::new(
        obs.iter()
            .map(|&(day, a, e)| Observation::new(d(day), a, e).unwrap())
            .collect(),
    )
    .unwrap()
}

fn of(evals: &[Evaluation], method: Method) -> Vec<Evaluation> {
    evals
        .iter()
        .filter(|e| e.method == method)
        .copied()
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// sqrt(14/3): the sample sd of 1..7, in units of 1/100.
fn sd_1_to_7() -> f64 {
    (14.0f64 / 3.0).sqrt()
}

#[test]
fn c1_by_hand_and_first_defined_at_the_8th_observation() {
    // 8th rate 11/100: C1 = (11 - 4) / sqrt(14/3) = 3.2403703492 > 3.
    let s = per_hundred(&[1, 2, 3, 4, 5, 6, 7, 11]);
    let c1 = of(&evaluate(&s), Method::C1);
    assert_eq!(c1.len(), 1, "C1 only from the 8th observation");
    assert_eq!(c1[0].date, s.observations()[7].date());
    assert!(close(c1[0].statistic, 7.0 / sd_1_to_7()));
    assert!(close(c1[0].statistic, 3.240370349));
    assert_eq!(c1[0].threshold, 3.0);
    assert!(c1[0].alert);
    // 10/100: (10 - 4) / sqrt(14/3) = 2.7774602993, not above 3.
    let s = per_hundred(&[1, 2, 3, 4, 5, 6, 7, 10]);
    let c1 = of(&evaluate(&s), Method::C1);
    assert!(close(c1[0].statistic, 2.777460299));
    assert!(!c1[0].alert);
    // Seven observations: nothing at all is defined.
    assert!(evaluate(&per_hundred(&[1, 2, 3, 4, 5, 6, 7])).is_empty());
}

#[test]
fn c2_skips_the_guard_band_and_starts_at_the_10th_observation() {
    // Baseline of the 10th: observations 1-7 (absents 1..7); the guard
    // band (8th, 9th = 50) is ignored, so C2 = (11 - 4) / sqrt(14/3).
    let s = per_hundred(&[1, 2, 3, 4, 5, 6, 7, 50, 50, 11]);
    let evals = evaluate(&s);
    let c2 = of(&evals, Method::C2);
    assert_eq!(c2.len(), 1, "C2 only from the 10th observation");
    assert_eq!(c2[0].date, s.observations()[9].date());
    assert!(close(c2[0].statistic, 7.0 / sd_1_to_7()));
    assert!(c2[0].alert);
    // C1 of the same day has the guard days in its baseline:
    // 3,4,5,6,7,50,50 -> mean 125/7, and 11 is below it.
    let c1_last = of(&evals, Method::C1).pop().unwrap();
    assert!(c1_last.statistic < 0.0);
    assert!(of(&evals, Method::C3).is_empty());
}

#[test]
fn c3_sum_carried_by_the_two_previous_days() {
    // Absents 1..7 then 1, 2: every C2 baseline (obs 1-7, 2-8, 3-9) holds
    // the values 1..7, so mean 4 and sd sqrt(14/3) for days 10, 11, 12.
    // C2: day 10 (9) = 5/sd = 2.3145502494, day 11 (8) = 4/sd =
    // 1.8516401995, day 12 (4) = 0. C3(12) = (2.31455 - 1) + (1.85164 - 1)
    // + max(0, 0 - 1) = 9/sd - 2 = 2.1661904490 > 2 although C2(12) = 0.
    let s = per_hundred(&[1, 2, 3, 4, 5, 6, 7, 1, 2, 9, 8, 4]);
    let evals = evaluate(&s);
    let c2 = of(&evals, Method::C2);
    assert_eq!(c2.len(), 3);
    assert!(close(c2[0].statistic, 5.0 / sd_1_to_7()));
    assert!(close(c2[1].statistic, 4.0 / sd_1_to_7()));
    assert!(c2[2].statistic.abs() < 1e-9);
    assert!(!c2.iter().any(|e| e.alert), "no C2 alert at all");
    let c3 = of(&evals, Method::C3);
    assert_eq!(c3.len(), 1, "C3 only from the 12th observation");
    assert_eq!(c3[0].date, s.observations()[11].date());
    assert!(close(c3[0].statistic, 9.0 / sd_1_to_7() - 2.0));
    assert!(close(c3[0].statistic, 2.166190449));
    assert_eq!(c3[0].threshold, 2.0);
    assert!(c3[0].alert);
}

#[test]
fn zero_variance_gives_inf_zero_and_minus_inf() {
    // Baseline 1/10, 2/20, ..., 7/70: all exactly 1/10 with different
    // enrolments. In f64 their mean need not be exactly 0.1, so only the
    // zero-variance rule makes "equal" come out as 0.
    let base: Vec<(u64, u64)> = (1..=7).map(|k| (k, 10 * k)).collect();
    let with_current = |a: u64, e: u64| {
        let days = survey_days(8);
        let obs = base
            .iter()
            .copied()
            .chain([(a, e)])
            .zip(days)
            .map(|((a, e), day)| Observation::new(day, a, e).unwrap())
            .collect();
        of(&evaluate(&Series::new(obs).unwrap()), Method::C1)[0]
    };
    let above = with_current(9, 80);
    assert_eq!(above.statistic, f64::INFINITY);
    assert!(above.alert);
    let equal = with_current(8, 80);
    assert_eq!(equal.statistic, 0.0);
    assert!(!equal.alert);
    let below = with_current(7, 80);
    assert_eq!(below.statistic, f64::NEG_INFINITY);
    assert!(!below.alert);
}

#[test]
fn equal_rates_with_different_enrolments_are_one_rate() {
    // 15/300 = 16/320 = 5/100 = 1/20 exactly: a flat baseline, and a current
    // 17/340 (= 1/20) is "equal" -> 0, no alert.
    let s = series(&[
        ("2024-09-10", 15, 300),
        ("2024-09-12", 16, 320),
        ("2024-09-17", 5, 100),
        ("2024-09-19", 1, 20),
        ("2024-09-24", 15, 300),
        ("2024-09-26", 16, 320),
        ("2024-10-01", 30, 600),
        ("2024-10-03", 17, 340),
    ]);
    let c1 = of(&evaluate(&s), Method::C1);
    assert_eq!(c1.len(), 1);
    assert_eq!(c1[0].statistic, 0.0);
    assert!(!c1[0].alert);
}

#[test]
fn c3_with_infinite_and_minus_infinite_c2() {
    // Flat baseline 5/100 everywhere, then 9, 1, 5 at days 10-12: C2 =
    // +inf, -inf, 0. C3(12) = max(0, inf - 1) + max(0, -inf - 1) + 0 = inf.
    let s = per_hundred(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 9, 1, 5]);
    let evals = evaluate(&s);
    let c2: Vec<f64> = of(&evals, Method::C2).iter().map(|e| e.statistic).collect();
    assert_eq!(c2, vec![f64::INFINITY, f64::NEG_INFINITY, 0.0]);
    let c3 = of(&evals, Method::C3);
    assert_eq!(c3[0].statistic, f64::INFINITY);
    assert!(c3[0].alert);
    // The same without the +inf day: -inf contributes 0.
    let s = per_hundred(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1, 5]);
    let c3 = of(&evaluate(&s), Method::C3);
    assert_eq!(c3[0].statistic, 0.0);
    assert!(!c3[0].alert);
}

#[test]
fn a_long_holiday_gap_is_skipped_not_zero() {
    // Seven December survey days, then the first after the Christmas break
    // (13 January, 26 days later). t-1 is 19 December whatever the gap:
    // C1 = (11 - 4) / sqrt(14/3), exactly as on consecutive days.
    let s = series(&[
        ("2024-12-03", 1, 100),
        ("2024-12-05", 2, 100),
        ("2024-12-10", 3, 100),
        ("2024-12-12", 4, 100),
        ("2024-12-17", 5, 100),
        ("2024-12-18", 6, 100),
        ("2024-12-19", 7, 100),
        ("2025-01-14", 11, 100),
    ]);
    let c1 = of(&evaluate(&s), Method::C1);
    assert_eq!(c1.len(), 1);
    assert_eq!(c1[0].date, d("2025-01-14"));
    assert!(close(c1[0].statistic, 7.0 / sd_1_to_7()));
    // Across the summer too: June to September, no reset.
    let s = series(&[
        ("2024-05-28", 1, 100),
        ("2024-05-30", 2, 100),
        ("2024-06-04", 3, 100),
        ("2024-06-06", 4, 100),
        ("2024-06-11", 5, 100),
        ("2024-06-13", 6, 100),
        ("2024-06-18", 7, 100),
        ("2024-09-12", 11, 100),
    ]);
    let c1 = of(&evaluate(&s), Method::C1);
    assert_eq!(c1[0].date, d("2024-09-12"));
    assert!(close(c1[0].statistic, 7.0 / sd_1_to_7()));
}

/// Reference weeks of ISO 2025 week 10 (Tuesday 2025-03-04): weeks 9, 10,
/// 11 of 2024, 2023 and 2022. Tuesdays: 2024-02-27, 03-05, 03-12;
/// 2023-02-28, 03-07, 03-14; 2022-03-01, 03-08, 03-15.
fn hlimits_series(reference: &[(&str, u64, u64)]) -> Series {
    let mut obs: Vec<(&str, u64, u64)> = reference.to_vec();
    // Outside the reference weeks, must be ignored: 2024 w12, 2022 w8,
    // 2023 w12.
    obs.extend([
        ("2024-03-19", 90, 100),
        ("2022-02-22", 90, 100),
        ("2023-03-21", 90, 100),
    ]);
    // The current week: Tuesday 8/100, Thursday 2/100.
    obs.extend([("2025-03-04", 8, 100), ("2025-03-06", 2, 100)]);
    obs.sort();
    series(&obs)
}

#[test]
fn hlimits_needs_six_reference_weeks() {
    // Five reference weeks with data: not defined.
    let five = hlimits_series(&[
        ("2024-02-27", 2, 100),
        ("2024-03-05", 4, 100),
        ("2024-03-12", 6, 100),
        ("2023-02-28", 2, 100),
        ("2023-03-07", 4, 100),
    ]);
    assert!(of(&evaluate(&five), Method::Hlimits).is_empty());

    // Six: values 2, 4, 6, 2, 4, 6 (/100). Mean 4, squares 4*4 = 16, sample
    // variance 16/5, sd 4/sqrt(5) (/100).
    // 2024 week 10 is pooled from Tuesday 1/50 and Thursday 7/150:
    // 8/200 = 4/100 (the mean of the two rates would be 3.33/100).
    let six = hlimits_series(&[
        ("2024-02-27", 2, 100),
        ("2024-03-05", 1, 50),
        ("2024-03-07", 7, 150),
        ("2024-03-12", 6, 100),
        ("2023-02-28", 2, 100),
        ("2023-03-07", 4, 100),
        ("2023-03-14", 6, 100),
    ]);
    let hl = of(&evaluate(&six), Method::Hlimits);
    assert_eq!(hl.len(), 2, "only the two days of 2025 week 10");
    // Tuesday: X = 8/100, Z = 4 / (4 / sqrt 5) = sqrt 5 = 2.2360679775 > 2.
    assert_eq!(hl[0].date, d("2025-03-04"));
    assert!(close(hl[0].statistic, 5.0f64.sqrt()));
    assert_eq!(hl[0].threshold, 2.0);
    assert!(hl[0].alert);
    // Thursday, week to date: X = (8 + 2) / 200 = 5/100,
    // Z = 1 / (4 / sqrt 5) = sqrt(5)/4 = 0.5590169944.
    assert_eq!(hl[1].date, d("2025-03-06"));
    assert!(close(hl[1].statistic, 5.0f64.sqrt() / 4.0));
    assert!(!hl[1].alert);
}

#[test]
fn hlimits_in_iso_week_53() {
    // Tuesday 2026-12-29 is in ISO week 53 of 2026. 2025, 2024 and 2023
    // have 52 weeks, so M(k) is week 52 and the reference weeks are 51, 52
    // and week 1 of the next ISO year. Their Tuesdays, with rates 1..9 /100:
    // mean 5, squares 16+9+4+1+0+1+4+9+16 = 60, variance 60/8, sd
    // sqrt(7.5). X = 11/100: Z = 6 / sqrt(7.5) = 2.1908902300 > 2.
    let mut obs = vec![
        ("2025-12-16", 1, 100), // 2025 w51
        ("2025-12-23", 2, 100), // 2025 w52
        ("2025-12-30", 3, 100), // 2026 w1
        ("2024-12-17", 4, 100), // 2024 w51
        ("2024-12-24", 5, 100), // 2024 w52
        ("2024-12-31", 6, 100), // 2025 w1
        ("2023-12-19", 7, 100), // 2023 w51
        ("2023-12-26", 8, 100), // 2023 w52
        ("2024-01-02", 9, 100), // 2024 w1
        ("2026-12-29", 11, 100),
    ];
    obs.sort();
    let hl = of(&evaluate(&series(&obs)), Method::Hlimits);
    let last = hl.last().unwrap();
    assert_eq!(last.date, d("2026-12-29"));
    assert!(close(last.statistic, 6.0 / 7.5f64.sqrt()));
    assert!(close(last.statistic, 2.190890230));
    assert!(last.alert);
    for (day, week) in [("2026-12-29", 53), ("2025-12-30", 1), ("2024-12-31", 1)] {
        assert_eq!(d(day).iso_week().week(), week, "{day}");
    }
}

#[test]
fn week_53_is_a_reference_week_of_the_next_year_week_52() {
    // 2027 week 52 (Tuesday 2027-12-28): k = 1 gives 2026 week 52, whose
    // next week is 2026 week 53 (Tuesday 2026-12-29). Six reference weeks
    // with data, 2026 w53 among them: values 1, 2, 3 (2026 w51-53) and
    // 1, 2, 3 (2025 w51, w52, 2026 w1). Mean 2, squares 4*1 = 4, variance
    // 4/5, sd 2/sqrt(5). X = 4/100: Z = 2 / (2 / sqrt 5) = sqrt 5.
    let mut obs = vec![
        ("2026-12-15", 1, 100),
        ("2026-12-22", 2, 100),
        ("2026-12-29", 3, 100),
        ("2025-12-16", 1, 100),
        ("2025-12-23", 2, 100),
        ("2025-12-30", 3, 100),
        ("2027-12-28", 4, 100),
    ];
    obs.sort();
    let hl = of(&evaluate(&series(&obs)), Method::Hlimits);
    let last = hl.last().unwrap();
    assert_eq!(last.date, d("2027-12-28"));
    assert!(close(last.statistic, 5.0f64.sqrt()));
}

#[test]
fn aggregates_are_series_of_summed_counts() {
    // Two plessi, same days: 1/50 + 1/50 ... the aggregate rates are
    // (a1 + a2) / (e1 + e2): absents 1..7 and 11 out of 100 in total.
    let days = survey_days(8);
    let left: Vec<u64> = vec![0, 1, 1, 2, 2, 3, 3, 5];
    let right: Vec<u64> = vec![1, 1, 2, 2, 3, 3, 4, 6];
    let make = |absents: &[u64]| {
        Series::new(
            absents
                .iter()
                .zip(&days)
                .map(|(&a, &day)| Observation::new(day, a, 50).unwrap())
                .collect(),
        )
        .unwrap()
    };
    let total = Series::aggregate([&make(&left), &make(&right)]).unwrap();
    let c1 = of(&evaluate(&total), Method::C1);
    assert!(close(c1[0].statistic, 7.0 / sd_1_to_7()));
}

#[test]
fn surveillance_earsc_c1_upper_bounds() {
    // R package `surveillance`, tests/testthat/test-earsC.R: C1 with alpha
    // 0.05 on weekly Salmonella Newport counts, Germany, 2011 weeks 1-4,
    // upper bounds 3.278854, 3.278854, 3.436517, 3.855617. Its upper bound
    // is mean + qnorm(0.95) * sd of the 7 previous weeks, and our C1 is
    // (x - mean) / sd of the same 7 previous observations, so
    // bound = x - C1 * sd + qnorm(0.95) * sd. The counts (salmNewport
    // summed over the 16 Länder, from the package's data/salmNewport.RData)
    // for ISO weeks 2010-46 .. 2011-04 are below; as rates over a constant
    // 1000 the statistic is unchanged. sd is recovered from two runs that
    // differ only in the current count (x and x + 1): sd = 1 / (C1' - C1).
    let counts: [u64; 11] = [1, 1, 1, 3, 3, 1, 2, 1, 0, 3, 3];
    let expected = [3.278854, 3.278854, 3.436517, 3.855617];
    let z95 = 1.644_853_626_951_472_2;
    let monday = NaiveDate::from_isoywd_opt(2010, 46, Weekday::Mon).unwrap();
    let c1_last = |values: &[u64]| {
        let obs = values
            .iter()
            .enumerate()
            .map(|(i, &c)| Observation::new(monday + Duration::weeks(i as i64), c, 1000).unwrap())
            .collect();
        of(&evaluate(&Series::new(obs).unwrap()), Method::C1)
            .pop()
            .unwrap()
            .statistic
    };
    for (week, bound) in expected.iter().enumerate() {
        let t = 7 + week;
        let mut values = counts[..=t].to_vec();
        let x = values[t] as f64;
        let c1 = c1_last(&values);
        values[t] += 1;
        let sd = 1.0 / (c1_last(&values) - c1);
        let upper = x - c1 * sd + z95 * sd;
        assert!((upper - bound).abs() < 1e-6, "week {}: {upper}", week + 1);
    }
}
