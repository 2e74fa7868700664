//! From a series to the alerts the ATS reviews (pure): every method's
//! alerting evaluations with the observed rate of the day and the expected
//! one (the baseline mean the EARS method compared it with), and the
//! review states an operator moves an alert through.

use serde::{Deserialize, Serialize};

use super::alerts::{Method, Series, evaluate};

/// Which series an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesKind {
    Plesso,
    Comune,
    Ats,
}

impl SeriesKind {
    pub fn key(self) -> &'static str {
        match self {
            SeriesKind::Plesso => "plesso",
            SeriesKind::Comune => "comune",
            SeriesKind::Ats => "ats",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SeriesKind::Plesso => "plesso",
            SeriesKind::Comune => "comune",
            SeriesKind::Ats => "ATS",
        }
    }
}

/// Where an operator has got with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Review {
    Nuova,
    PresaVisione,
    InVerifica,
    Chiusa,
}

impl Review {
    pub const ALL: [Review; 4] = [
        Review::Nuova,
        Review::PresaVisione,
        Review::InVerifica,
        Review::Chiusa,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Review::Nuova => "nuova",
            Review::PresaVisione => "presa_visione",
            Review::InVerifica => "in_verifica",
            Review::Chiusa => "chiusa",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Review::Nuova => "nuova",
            Review::PresaVisione => "presa visione",
            Review::InVerifica => "in verifica",
            Review::Chiusa => "chiusa",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key.trim())
    }
}

/// One alert of one method on one day of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub day: chrono::NaiveDate,
    pub method: Method,
    /// `+inf` when the baseline did not vary.
    pub statistic: f64,
    pub threshold: f64,
    /// The day's rate, absent / enrolled.
    pub observed: f64,
    /// The baseline mean of the EARS methods (None for HLIMITS, whose
    /// baseline is the same weeks of earlier years).
    pub expected: Option<f64>,
}

/// Mean rate of observations `from..to` (indices), if all exist.
fn mean_rate(series: &Series, from: usize, to: usize) -> Option<f64> {
    let obs = series.observations().get(from..to)?;
    if obs.is_empty() {
        return None;
    }
    Some(obs.iter().map(|o| o.rate()).sum::<f64>() / obs.len() as f64)
}

/// The alerting evaluations of `series`, oldest first.
pub fn signals(series: &Series) -> Vec<Signal> {
    let observations = series.observations();
    evaluate(series)
        .into_iter()
        .filter(|e| e.alert)
        .filter_map(|e| {
            let i = observations.iter().position(|o| o.date() == e.date)?;
            let expected = match e.method {
                Method::C1 => i.checked_sub(7).and_then(|s| mean_rate(series, s, i)),
                Method::C2 | Method::C3 => i
                    .checked_sub(9)
                    .and_then(|s| mean_rate(series, s, i.saturating_sub(2))),
                Method::Hlimits => None,
            };
            Some(Signal {
                day: e.date,
                method: e.method,
                statistic: e.statistic,
                threshold: e.threshold,
                observed: observations[i].rate(),
                expected,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::alerts::Observation;
    use super::*;
    use chrono::{Days, NaiveDate};

    #[test]
    fn an_outbreak_day_alerts_with_its_baseline() {
        let start = NaiveDate::from_ymd_opt(2026, 9, 15).unwrap();
        let mut obs = Vec::new();
        for i in 0..12u64 {
            let absent = if i == 11 { 60 } else { 10 + (i % 3) };
            obs.push(Observation::new(start + Days::new(i * 3), absent, 400).unwrap());
        }
        let series = Series::new(obs).unwrap();
        let found = signals(&series);
        let c1 = found
            .iter()
            .find(|s| s.method == Method::C1)
            .expect("C1 alerts");
        assert_eq!(c1.day, start + Days::new(33));
        assert!((c1.observed - 0.15).abs() < 1e-9);
        let expected = c1.expected.unwrap();
        assert!(expected > 0.025 && expected < 0.03, "{expected}");
        assert!(found.iter().all(|s| s.day == start + Days::new(33)));
    }

    #[test]
    fn review_states_round_trip() {
        for r in Review::ALL {
            assert_eq!(Review::from_key(r.key()), Some(r));
        }
        assert_eq!(Review::from_key("x"), None);
    }
}
