//! Property tests of the engine (LOVS-RULES §2, §4): more doses never hurt.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::vaccinations::compliance::{
    Dose, Exemption, ExemptionKind, Outcome, PupilRecord, Vaccine, check,
};
use chrono::{NaiveDate, TimeDelta};
use proptest::prelude::*;

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2005, 1, 1).unwrap() + TimeDelta::days(offset)
}

fn vaccine() -> impl Strategy<Value = Vaccine> {
    (0..Vaccine::COUNT).prop_map(|i| Vaccine::ALL[i])
}

/// Doses and exemptions around a birth date: some before birth, some after
/// the check, many in between.
fn pupil_and_date() -> impl Strategy<Value = (PupilRecord, NaiveDate)> {
    let dose = (vaccine(), -400i64..7500, proptest::option::of(1u8..6));
    let kind = prop_oneof![
        Just(ExemptionKind::Immunity),
        Just(ExemptionKind::Omitted),
        Just(ExemptionKind::Postponed)
    ];
    let exemption = (vaccine(), kind, proptest::option::of(-400i64..7500));
    (
        0i64..8000,
        0i64..7000,
        proptest::collection::vec(dose, 0..40),
        proptest::collection::vec(exemption, 0..3),
        any::<bool>(),
        prop::bool::weighted(0.9),
    )
        .prop_map(|(birth, age, doses, exemptions, pending, in_registry)| {
            let birth_date = day(birth);
            let at = |offset: i64| birth_date + TimeDelta::days(offset);
            let pupil = PupilRecord {
                birth_date,
                doses: doses
                    .into_iter()
                    .map(|(vaccine, offset, dose)| Dose {
                        vaccine,
                        dose,
                        date: at(offset),
                    })
                    .collect(),
                exemptions: exemptions
                    .into_iter()
                    .map(|(vaccine, kind, until)| Exemption {
                        vaccine,
                        kind,
                        until: until.map(at),
                    })
                    .collect(),
                pending_appointment: pending,
                in_registry,
            };
            (pupil, at(age))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn adding_a_dose_never_hurts(
        (pupil, check_date) in pupil_and_date(),
        extra in (vaccine(), -400i64..7500),
    ) {
        let before = check(&pupil, check_date);
        let mut more = pupil.clone();
        more.doses.push(Dose {
            vaccine: extra.0,
            dose: None,
            date: pupil.birth_date + TimeDelta::days(extra.1),
        });
        let after = check(&more, check_date);
        if before.outcome == Outcome::InRegola {
            prop_assert_eq!(after.outcome, Outcome::InRegola);
        }
        for missing in &after.missing {
            prop_assert!(before.missing.contains(missing), "{missing:?} added");
        }
    }

    #[test]
    fn missing_is_ordered_and_only_for_non_compliant(
        (pupil, check_date) in pupil_and_date(),
    ) {
        let verdict = check(&pupil, check_date);
        let listed = matches!(verdict.outcome, Outcome::NonInRegola | Outcome::InCorso);
        prop_assert_eq!(listed, !verdict.missing.is_empty());
        // §1 order then dose: strictly increasing (Vaccine's Ord is §1 order).
        prop_assert!(verdict.missing.windows(2).all(|w| w[0] < w[1]));
        // Every listed dose is really lacking: fewer doses counted than its number.
        for &(vaccine, dose) in &verdict.missing {
            let counted = pupil
                .doses
                .iter()
                .filter(|d| d.vaccine == vaccine && pupil.birth_date <= d.date && d.date <= check_date)
                .count();
            prop_assert!(counted < usize::from(dose));
        }
    }

    #[test]
    fn pending_flag_only_switches_between_non_in_regola_and_in_corso(
        (pupil, check_date) in pupil_and_date(),
    ) {
        let mut flipped = pupil.clone();
        flipped.pending_appointment = !pupil.pending_appointment;
        let (a, b) = (check(&pupil, check_date), check(&flipped, check_date));
        prop_assert_eq!(&a.missing, &b.missing);
        let collapse = |o: Outcome| if o == Outcome::InCorso { Outcome::NonInRegola } else { o };
        prop_assert_eq!(collapse(a.outcome), collapse(b.outcome));
    }
}
