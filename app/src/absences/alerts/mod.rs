//! Alert engine: EARS C1, C2, C3 and historical limits (ALERTS.md).
//!
//! Pure functions over one [`Series`] of survey-day counts: the rate of a
//! day is `absent / enrolled`, missing days are skipped (never zero), and
//! every statistic uses only observations up to its own date.

pub mod ears;
pub mod hlimits;
pub mod runner;
pub mod series;
pub mod stats;

use chrono::NaiveDate;

pub use runner::{NamedSeries, RunnerError, parse, render, run};
pub use series::{MAX_COUNT, Observation, ObservationError, Series, SeriesError};

/// The four detection methods, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    C1,
    C2,
    C3,
    /// Seasonal historical limits.
    Hlimits,
}

impl Method {
    /// All methods in the order C1, C2, C3, HLIMITS.
    pub const ALL: [Method; 4] = [Method::C1, Method::C2, Method::C3, Method::Hlimits];

    /// The statistic must be strictly greater than this to alert.
    pub fn threshold(self) -> f64 {
        match self {
            Method::C1 | Method::C2 => 3.0,
            Method::C3 | Method::Hlimits => 2.0,
        }
    }

    /// Name used in files and screens: `C1`, `C2`, `C3`, `HLIMITS`.
    pub fn name(self) -> &'static str {
        match self {
            Method::C1 => "C1",
            Method::C2 => "C2",
            Method::C3 => "C3",
            Method::Hlimits => "HLIMITS",
        }
    }
}

/// One method's verdict on one observation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    pub date: NaiveDate,
    pub method: Method,
    /// May be `+inf` or `-inf` (zero-variance baseline), never NaN.
    pub statistic: f64,
    pub threshold: f64,
    /// `statistic > threshold`.
    pub alert: bool,
}

/// Every method on every observation where it is defined, ordered by date
/// and then C1, C2, C3, HLIMITS.
pub fn evaluate(series: &Series) -> Vec<Evaluation> {
    let observations = series.observations();
    let c1 = ears::c1(observations);
    let c2 = ears::c2(observations);
    let c3 = ears::c3(&c2);
    let hl = hlimits::hlimits(observations);
    let mut out = Vec::with_capacity(observations.len() * Method::ALL.len());
    for (i, o) in observations.iter().enumerate() {
        let values = [c1.get(i), c2.get(i), c3.get(i), hl.get(i)];
        for (method, value) in Method::ALL.into_iter().zip(values) {
            if let Some(&Some(statistic)) = value {
                let threshold = method.threshold();
                out.push(Evaluation {
                    date: o.date(),
                    method,
                    statistic,
                    threshold,
                    alert: statistic > threshold,
                });
            }
        }
    }
    out
}
