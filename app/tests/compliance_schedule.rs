//! LOVS-RULES §1–§2: every schedule row on the day before and the day its
//! dose falls due, the varicella cohort switch, 29 February births, and the
//! end of the obligation at 17. Expected values are worked out by hand below.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod compliance_support;

use app::vaccinations::compliance::{Outcome, Vaccine, Verdict, schedule::SCHEDULE};
use chrono::Days;
use compliance_support::*;

/// One §2 row as the test reads the document: antigens, dose, and the dates
/// (for a pupil born 2018-01-01) of the day before and the day it falls due.
struct Row {
    vaccines: &'static [Vaccine],
    dose: u8,
    day_before: &'static str,
    due_day: &'static str,
}

/// Born 2018-01-01 (so varicella applies). Hand arithmetic: Jan 1 = age 0,
/// Feb 1 = 31, Mar 1 = 59, Apr 1 = 90, May 1 = 120, May 31 = 150;
/// 2019-01-01 = 365, Jan 26 = 390; Mar 1 = 424, Mar 27 = 450.
/// 7th birthday 2025-01-01, 18th birthday 2036-01-01.
const ROWS: [Row; 7] = [
    Row {
        vaccines: &ESAVALENTE,
        dose: 1,
        day_before: "2018-03-31",
        due_day: "2018-04-01",
    },
    Row {
        vaccines: &ESAVALENTE,
        dose: 2,
        day_before: "2018-05-30",
        due_day: "2018-05-31",
    },
    Row {
        vaccines: &ESAVALENTE,
        dose: 3,
        day_before: "2019-01-25",
        due_day: "2019-01-26",
    },
    Row {
        vaccines: &[Measles, Rubella, Mumps, Varicella],
        dose: 1,
        day_before: "2019-03-26",
        due_day: "2019-03-27",
    },
    Row {
        vaccines: &DTPA_IPV,
        dose: 4,
        day_before: "2024-12-31",
        due_day: "2025-01-01",
    },
    Row {
        vaccines: &[Measles, Rubella, Mumps, Varicella],
        dose: 2,
        day_before: "2024-12-31",
        due_day: "2025-01-01",
    },
    Row {
        vaccines: &DTPA_IPV,
        dose: 5,
        day_before: "2035-12-31",
        due_day: "2036-01-01",
    },
];

/// Every antigen fully covered (5 doses) except the row's, which have one
/// dose fewer than the row's dose: only that dose can be missing.
fn pupil_for(row: &Row) -> app::vaccinations::compliance::PupilRecord {
    let others: Vec<Vaccine> = Vaccine::ALL
        .into_iter()
        .filter(|v| !row.vaccines.contains(v))
        .collect();
    born("2018-01-01")
        .given(&others, 5)
        .given(row.vaccines, usize::from(row.dose - 1))
}

#[test]
fn the_test_covers_every_row_of_the_table() {
    assert_eq!(ROWS.len(), SCHEDULE.len());
}

#[test]
fn hand_computed_ages_are_right() {
    // Cross-check of the arithmetic above with chrono (not with the engine).
    let birth = d("2018-01-01");
    for (days, due) in [
        (90, "2018-04-01"),
        (150, "2018-05-31"),
        (390, "2019-01-26"),
        (450, "2019-03-27"),
    ] {
        assert_eq!(birth + Days::new(days), d(due));
    }
}

#[test]
fn no_row_is_missing_the_day_before() {
    for row in &ROWS {
        assert_eq!(
            at(&pupil_for(row), row.day_before),
            Verdict::clean(Outcome::InRegola),
            "dose {}",
            row.dose
        );
    }
}

#[test]
fn rows_due_before_17_are_missing_on_the_due_day() {
    for row in ROWS.iter().take(6) {
        let verdict = at(&pupil_for(row), row.due_day);
        assert_eq!(verdict.outcome, Outcome::NonInRegola, "dose {}", row.dose);
        assert_eq!(
            verdict.missing,
            each(row.vaccines, row.dose),
            "dose {}",
            row.dose
        );
    }
}

#[test]
fn adolescent_booster_is_never_overdue_in_scope() {
    // dTpa-IPV dose 5 falls due at 18: by then the pupil is out of scope (§1,
    // §6), and the day before 18 is already past the 17th birthday.
    let row = &ROWS[6];
    assert_eq!(
        at(&pupil_for(row), row.due_day),
        Verdict::clean(Outcome::InRegola)
    );
    // 16 years 364 days (2034-12-31): in scope, 4 doses, dose 5 not due.
    assert_eq!(
        at(&pupil_for(row), "2034-12-31"),
        Verdict::clean(Outcome::InRegola)
    );
}

#[test]
fn window_end_decision_is_the_lenient_one() {
    // Strict alternative would flag dose 3 at 330 days (2018-11-27: doy 331)
    // and the boosters at the 6th birthday (2024-01-01). Lenient: not yet.
    assert_eq!(d("2018-01-01") + Days::new(330), d("2018-11-27"));
    let two_doses = born("2018-01-01").given(&ESAVALENTE, 2);
    assert_eq!(at(&two_doses, "2018-11-27").outcome, Outcome::InRegola);
    let before_booster = born("2018-01-01")
        .given(&ESAVALENTE, 3)
        .given(&[Measles, Rubella, Mumps, Varicella], 1);
    assert_eq!(at(&before_booster, "2024-01-01").outcome, Outcome::InRegola);
}

#[test]
fn varicella_only_from_the_2017_cohort() {
    // MPR ×2 and every other dose, no varicella; both aged 7+ on 2024-06-01.
    let no_varicella = |birth| {
        born(birth)
            .given(&[Polio, Diphtheria, Tetanus, Pertussis], 4)
            .given(&[HepatitisB, Hib], 3)
            .given(&MPR, 2)
    };
    assert_eq!(
        at(&no_varicella("2016-12-31"), "2024-06-01"),
        Verdict::clean(Outcome::InRegola)
    );
    let verdict = at(&no_varicella("2017-01-01"), "2024-06-01");
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing, vec![(Varicella, 1), (Varicella, 2)]);
    // Born 2017-01-01, on 2018-04-10 (2018-01-01 = 365, Apr 10 = 365+99 =
    // 464 ≥ 450): only varicella dose 1 is due.
    let early = born("2017-01-01").given(&ESAVALENTE, 3).given(&MPR, 1);
    assert_eq!(at(&early, "2018-04-10").missing, vec![(Varicella, 1)]);
}

#[test]
fn leap_day_birth_booster_due_on_28_february() {
    // Born 2016-02-29: 7th birthday 2023-02-28 (2023 is common). No varicella
    // (born 2016).
    let pupil = born("2016-02-29").given(&ESAVALENTE, 3).given(&MPR, 1);
    assert_eq!(at(&pupil, "2023-02-27"), Verdict::clean(Outcome::InRegola));
    let verdict = at(&pupil, "2023-02-28");
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    let mut expected = each(&DTPA_IPV, 4);
    expected.extend(each(&MPR, 2));
    assert_eq!(verdict.missing, expected);
}

#[test]
fn leap_day_birth_counts_days_across_leap_february() {
    // Born 2020-02-29: Mar 1 = age 1, Mar 31 = 31, Apr 30 = 61, May 29 = 90.
    let pupil = born("2020-02-29");
    assert_eq!(at(&pupil, "2020-05-28"), Verdict::clean(Outcome::InRegola));
    assert_eq!(at(&pupil, "2020-05-29").missing, each(&ESAVALENTE, 1));
}

/// Everything due before 17 for a pupil born before 2017, in §1 order.
fn everything_before_17() -> Vec<(Vaccine, u8)> {
    let mut all = Vec::new();
    for (v, doses) in [
        (Polio, 4),
        (Diphtheria, 4),
        (Tetanus, 4),
        (HepatitisB, 3),
        (Pertussis, 4),
        (Hib, 3),
        (Measles, 2),
        (Rubella, 2),
        (Mumps, 2),
    ] {
        all.extend((1..=doses).map(|n| (v, n)));
    }
    all
}

#[test]
fn leap_day_birth_leaves_scope_on_28_february() {
    // Born 2008-02-29: 17th birthday 2025-02-28 (2025 is common).
    let nothing = born("2008-02-29");
    let verdict = at(&nothing, "2025-02-27");
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing, everything_before_17());
    assert_eq!(
        at(&nothing, "2025-02-28"),
        Verdict::clean(Outcome::InRegola)
    );
}

#[test]
fn aged_16_years_364_days_is_in_scope_17_is_not() {
    // Born 2008-03-15: 16 anni e 364 giorni on 2025-03-14, 17 on 2025-03-15.
    let nothing = born("2008-03-15");
    let verdict = at(&nothing, "2025-03-14");
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing.len(), 28);
    assert_eq!(verdict.missing, everything_before_17());
    assert_eq!(
        at(&nothing, "2025-03-15"),
        Verdict::clean(Outcome::InRegola)
    );
    assert_eq!(
        at(&nothing.clone().pending(), "2025-03-15"),
        Verdict::clean(Outcome::InRegola)
    );
}

#[test]
fn hib_stays_three_doses_at_every_age() {
    // Decision (Hib after 5 years): a 16-year-old with 2 Hib doses lacks dose 3.
    let pupil = born("2009-06-01").complete();
    let mut two_hib = pupil.clone();
    two_hib.doses.retain(|dose| dose.vaccine != Hib);
    let two_hib = two_hib.given(&[Hib], 2);
    assert_eq!(at(&pupil, "2025-06-01"), Verdict::clean(Outcome::InRegola));
    assert_eq!(at(&two_hib, "2025-06-01").missing, vec![(Hib, 3)]);
}
