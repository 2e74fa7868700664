//! The CDC EARS methods C1, C2 and C3 on the rates of a series (ALERTS.md).

use super::series::Observation;
use super::stats::{Ratio, standardized};

/// Observations in an EARS baseline.
const BASELINE: usize = 7;
/// Observations between the C2 baseline and the current day.
const GUARD: usize = 2;

/// C1 for each observation: baseline `r(t-7) … r(t-1)`; `None` for the
/// first 7 observations (defined from the 8th).
pub fn c1(observations: &[Observation]) -> Vec<Option<f64>> {
    lagged(observations, 0)
}

/// C2 for each observation: baseline `r(t-9) … r(t-3)`, guard band of 2;
/// `None` for the first 9 observations (defined from the 10th).
pub fn c2(observations: &[Observation]) -> Vec<Option<f64>> {
    lagged(observations, GUARD)
}

/// C3 from the C2 values of the same series: the literature form
/// `sum over t-2, t-1, t of max(0, C2 - 1)`; defined where the three C2
/// values are (from the 12th observation). `max(0, inf - 1) = inf` and
/// `max(0, -inf - 1) = 0`; the terms are never negative, so no NaN.
pub fn c3(c2: &[Option<f64>]) -> Vec<Option<f64>> {
    let excess = |c: f64| (c - 1.0).max(0.0);
    let mut out = Vec::with_capacity(c2.len());
    out.extend(c2.iter().take(2).map(|_| None));
    out.extend(c2.windows(3).map(|w| match w {
        [Some(a), Some(b), Some(c)] => Some(excess(*a) + excess(*b) + excess(*c)),
        _ => None,
    }));
    out
}

/// Standardised rate of each observation against the `BASELINE`
/// observations that end `guard` observations before it.
fn lagged(observations: &[Observation], guard: usize) -> Vec<Option<f64>> {
    let span = BASELINE + guard + 1;
    let ratios: Vec<Ratio> = observations.iter().map(Observation::ratio).collect();
    let mut out = Vec::with_capacity(ratios.len());
    out.extend(ratios.iter().take(span - 1).map(|_| None));
    out.extend(ratios.windows(span).map(|w| {
        let (current, rest) = w.split_last()?;
        standardized(*current, rest.get(..BASELINE)?)
    }));
    out
}
