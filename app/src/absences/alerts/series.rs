//! Absence series: one observation per survey day, sorted by date, and the
//! aggregates (comune, ATS) that sum the counts of their member series.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use thiserror::Error;

use super::stats::Ratio;

/// Largest count accepted for `absent` or `enrolled` (10^12, far above any
/// real aggregate). It keeps weekly sums below 2^43, so the exact fraction
/// comparisons fit `u128` and the counts convert to `f64` exactly.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// One survey day of one series: pupils absent and enrolled that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    date: NaiveDate,
    absent: u64,
    enrolled: u64,
}

/// Why an observation cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ObservationError {
    #[error("il numero di iscritti non può essere zero")]
    ZeroEnrolled,
    #[error(
        "gli assenti ({absent}) superano gli iscritti ({enrolled}); correggere uno dei due numeri"
    )]
    AbsentOverEnrolled { absent: u64, enrolled: u64 },
    #[error("numero troppo grande ({value}); il massimo ammesso è {MAX_COUNT}")]
    TooLarge { value: u64 },
}

impl Observation {
    /// Checks `0 < enrolled <= MAX_COUNT` and `absent <= enrolled`.
    pub fn new(date: NaiveDate, absent: u64, enrolled: u64) -> Result<Self, ObservationError> {
        if enrolled == 0 {
            return Err(ObservationError::ZeroEnrolled);
        }
        if enrolled > MAX_COUNT {
            return Err(ObservationError::TooLarge { value: enrolled });
        }
        if absent > enrolled {
            return Err(ObservationError::AbsentOverEnrolled { absent, enrolled });
        }
        Ok(Self {
            date,
            absent,
            enrolled,
        })
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn absent(&self) -> u64 {
        self.absent
    }

    pub fn enrolled(&self) -> u64 {
        self.enrolled
    }

    /// The rate `absent / enrolled` as an exact fraction and its `f64`.
    pub(crate) fn ratio(&self) -> Ratio {
        // `enrolled > 0` is an invariant of `new`.
        Ratio::from_parts(self.absent, self.enrolled)
    }

    /// The absence rate of the day.
    pub fn rate(&self) -> f64 {
        self.ratio().value()
    }
}

/// Why a series or an aggregate cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SeriesError {
    /// Two observations on one date; `first` and `second` are their
    /// positions in the input, `second` the later one.
    #[error("la serie ha due osservazioni nella stessa data ({date}); tenerne una sola")]
    DuplicateDate {
        date: NaiveDate,
        first: usize,
        second: usize,
    },
    /// The summed counts of an aggregate exceed `MAX_COUNT`.
    #[error("la somma degli iscritti del {date} supera il massimo ammesso ({MAX_COUNT})")]
    AggregateTooLarge { date: NaiveDate },
}

/// The observations of one plesso (or aggregate), sorted by date with at
/// most one per date. Days without an observation are simply absent: the
/// previous observation is `t-1`, whatever its date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Series {
    observations: Vec<Observation>,
}

impl Series {
    /// Sorts by date. Among repeated dates it reports the repetition whose
    /// later observation comes first in the input, so callers can name the
    /// earliest offending input row.
    pub fn new(mut observations: Vec<Observation>) -> Result<Self, SeriesError> {
        if observations.windows(2).all(|w| match w {
            [a, b] => a.date < b.date,
            _ => true,
        }) {
            return Ok(Self { observations });
        }
        let mut order: Vec<usize> = (0..observations.len()).collect();
        // Stable: equal dates keep input order, so the first of a run is
        // the original and the rest are repetitions.
        order.sort_by_key(|&i| observations.get(i).map(|o| o.date));
        let mut duplicate: Option<(NaiveDate, usize, usize)> = None;
        let mut run: Option<(NaiveDate, usize)> = None;
        for &i in &order {
            let Some(date) = observations.get(i).map(|o| o.date) else {
                continue;
            };
            match run {
                Some((run_date, first)) if run_date == date => {
                    if duplicate.is_none_or(|(_, _, second)| i < second) {
                        duplicate = Some((date, first, i));
                    }
                }
                _ => run = Some((date, i)),
            }
        }
        if let Some((date, first, second)) = duplicate {
            return Err(SeriesError::DuplicateDate {
                date,
                first,
                second,
            });
        }
        observations.sort_by_key(|o| o.date);
        Ok(Self { observations })
    }

    /// Sums absent and enrolled per date over the member series that
    /// reported that date (ALERTS.md: aggregates are series of summed counts).
    pub fn aggregate<'a>(
        members: impl IntoIterator<Item = &'a Series>,
    ) -> Result<Self, SeriesError> {
        let mut days: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
        for member in members {
            for o in &member.observations {
                let entry = days.entry(o.date).or_insert((0, 0));
                entry.0 = entry.0.saturating_add(o.absent);
                entry.1 = entry.1.saturating_add(o.enrolled);
            }
        }
        let observations = days
            .into_iter()
            .map(|(date, (absent, enrolled))| {
                Observation::new(date, absent, enrolled)
                    .map_err(|_| SeriesError::AggregateTooLarge { date })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { observations })
    }

    /// The observations, oldest first.
    pub fn observations(&self) -> &[Observation] {
        &self.observations
    }

    pub fn len(&self) -> usize {
        self.observations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.observations.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn o(date: &str, absent: u64, enrolled: u64) -> Observation {
        Observation::new(d(date), absent, enrolled).unwrap()
    }

    #[test]
    fn observation_rules() {
        assert_eq!(
            Observation::new(d("2024-10-01"), 0, 0),
            Err(ObservationError::ZeroEnrolled)
        );
        assert_eq!(
            Observation::new(d("2024-10-01"), 11, 10),
            Err(ObservationError::AbsentOverEnrolled {
                absent: 11,
                enrolled: 10
            })
        );
        assert!(Observation::new(d("2024-10-01"), 10, 10).is_ok());
        assert_eq!(
            Observation::new(d("2024-10-01"), 0, MAX_COUNT + 1),
            Err(ObservationError::TooLarge {
                value: MAX_COUNT + 1
            })
        );
        assert_eq!(o("2024-10-01", 1, 4).rate(), 0.25);
    }

    #[test]
    fn new_sorts_and_reports_the_earliest_repetition() {
        let s = Series::new(vec![o("2024-10-03", 1, 10), o("2024-10-01", 2, 10)]).unwrap();
        assert_eq!(s.observations()[0].date(), d("2024-10-01"));
        // Positions: 0 (03), 1 (01), 2 (03 again), 3 (01 again). The
        // earliest repetition in input order is position 2, of position 0.
        let err = Series::new(vec![
            o("2024-10-03", 1, 10),
            o("2024-10-01", 1, 10),
            o("2024-10-03", 2, 10),
            o("2024-10-01", 2, 10),
        ])
        .unwrap_err();
        assert_eq!(
            err,
            SeriesError::DuplicateDate {
                date: d("2024-10-03"),
                first: 0,
                second: 2
            }
        );
    }

    #[test]
    fn aggregate_sums_per_date_over_reporting_members() {
        let a = Series::new(vec![o("2024-10-01", 3, 100), o("2024-10-03", 5, 100)]).unwrap();
        let b = Series::new(vec![o("2024-10-01", 2, 50), o("2024-10-08", 1, 50)]).unwrap();
        let agg = Series::aggregate([&a, &b]).unwrap();
        assert_eq!(
            agg.observations(),
            &[
                o("2024-10-01", 5, 150),
                o("2024-10-03", 5, 100),
                o("2024-10-08", 1, 50)
            ]
        );
    }

    #[test]
    fn aggregate_too_large() {
        let a = Series::new(vec![o("2024-10-01", 0, MAX_COUNT)]).unwrap();
        assert_eq!(
            Series::aggregate([&a, &a]),
            Err(SeriesError::AggregateTooLarge {
                date: d("2024-10-01")
            })
        );
    }
}
