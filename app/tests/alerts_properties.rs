//! Properties of the alert engine over random series: scale invariance,
//! causality, and well-formed evaluations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::absences::alerts::{Evaluation, Method, Observation, Series, evaluate};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

/// Random series over up to ~4 years: mostly Tuesday/Thursday steps
/// (2 and 5 days) so HLIMITS gets defined, with occasional holiday gaps;
/// counts small enough that ties and flat baselines happen often.
fn series_strategy() -> impl Strategy<Value = Vec<(NaiveDate, u64, u64)>> {
    let step = prop_oneof![
        8 => prop_oneof![Just(2i64), Just(5i64)],
        1 => 1i64..=30,
        1 => Just(70i64),
    ];
    let count = (1u64..=40).prop_flat_map(|e| (0..=e, Just(e)));
    let flat = Just((2u64, 40u64));
    let obs = prop_oneof![3 => count, 1 => flat];
    prop::collection::vec((step, obs), 0..400).prop_map(|items| {
        let mut day = NaiveDate::from_ymd_opt(2021, 9, 14).unwrap_or_default();
        items
            .into_iter()
            .map(|(step, (a, e))| {
                day += Duration::days(step);
                (day, a, e)
            })
            .collect()
    })
}

fn build(items: &[(NaiveDate, u64, u64)], factor: u64) -> Series {
    Series::new(
        items
            .iter()
            .map(|&(d, a, e)| Observation::new(d, a * factor, e * factor).unwrap())
            .collect(),
    )
    .unwrap()
}

fn decisions(evals: &[Evaluation]) -> Vec<(NaiveDate, Method, bool)> {
    evals.iter().map(|e| (e.date, e.method, e.alert)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// a/e and ka/ke are the same real number, so their correctly rounded
    /// quotients are the same f64: decisions (and statistics) are identical.
    #[test]
    fn scaling_every_count_changes_no_decision(items in series_strategy(), factor in 1u64..=10_000) {
        let base = evaluate(&build(&items, 1));
        let scaled = evaluate(&build(&items, factor));
        prop_assert_eq!(decisions(&base), decisions(&scaled));
    }

    #[test]
    fn a_decision_never_depends_on_later_observations(
        items in series_strategy(),
        cut in any::<prop::sample::Index>(),
    ) {
        prop_assume!(!items.is_empty());
        let full = evaluate(&build(&items, 1));
        let last = cut.index(items.len());
        let cut_date = items[last].0;
        let prefix = evaluate(&build(&items[..=last], 1));
        let full_until: Vec<Evaluation> =
            full.iter().filter(|e| e.date <= cut_date).copied().collect();
        prop_assert_eq!(prefix, full_until);
    }

    #[test]
    fn evaluations_are_well_formed(items in series_strategy()) {
        let s = build(&items, 1);
        let evals = evaluate(&s);
        for e in &evals {
            prop_assert!(!e.statistic.is_nan());
            prop_assert_eq!(e.threshold, e.method.threshold());
            prop_assert_eq!(e.alert, e.statistic > e.threshold);
        }
        // Sorted by date, then C1, C2, C3, HLIMITS, one per pair.
        for w in evals.windows(2) {
            prop_assert!((w[0].date, w[0].method) < (w[1].date, w[1].method));
        }
        // EARS rows exist exactly from the 8th / 10th / 12th observation.
        let n = s.len();
        let count = |m: Method| evals.iter().filter(|e| e.method == m).count();
        prop_assert_eq!(count(Method::C1), n.saturating_sub(7));
        prop_assert_eq!(count(Method::C2), n.saturating_sub(9));
        prop_assert_eq!(count(Method::C3), n.saturating_sub(11));
    }

    #[test]
    fn an_aggregate_of_one_series_is_that_series(items in series_strategy()) {
        let s = build(&items, 1);
        prop_assert_eq!(Series::aggregate([&s]).unwrap(), s);
    }
}
