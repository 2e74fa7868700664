//! The absence trend the ATS reads (pure): a series of survey-day rates for
//! the territory, a comune, a school type or a plesso, the same weeks of
//! the previous school years beside it, and the small-count suppression of
//! aggregates (fewer than 5 absent pupils are not shown).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::enrolment::school_year_start;

/// Aggregates with fewer absent pupils than this show no number.
pub const SUPPRESS_BELOW: u64 = 5;

/// One survey day of a series: summed over the plessi that reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub day: NaiveDate,
    pub absent: u64,
    pub enrolled: u64,
}

impl Point {
    pub fn rate(&self) -> Option<f64> {
        (self.enrolled > 0).then(|| self.absent as f64 / self.enrolled as f64)
    }
}

/// A point as shown: its rate, or None when suppressed.
pub fn shown(point: &Point, aggregate: bool) -> Option<f64> {
    if aggregate && point.absent < SUPPRESS_BELOW {
        None
    } else {
        point.rate()
    }
}

/// Sums points of several plessi day by day.
pub fn sum(points: impl IntoIterator<Item = Point>) -> Vec<Point> {
    let mut days: std::collections::BTreeMap<NaiveDate, (u64, u64)> = Default::default();
    for p in points {
        let e = days.entry(p.day).or_default();
        e.0 += p.absent;
        e.1 += p.enrolled;
    }
    days.into_iter()
        .map(|(day, (absent, enrolled))| Point {
            day,
            absent,
            enrolled,
        })
        .collect()
}

/// The week of the school year a day falls in (0 = the week of 1
/// September): how the same weeks of earlier years line up.
pub fn school_week(day: NaiveDate) -> i64 {
    let start = school_year_start(day);
    let monday = start - chrono::Days::new(u64::from(start.weekday().num_days_from_monday()));
    (day - monday).num_days().div_euclid(7)
}

/// The points of the school year of `today` and of the `years` before it,
/// each as (first calendar year, points).
pub fn by_school_year(points: &[Point], today: NaiveDate, years: i32) -> Vec<(i32, Vec<Point>)> {
    let current = school_year_start(today).year();
    (0..=years)
        .map(|back| {
            let year = current - back;
            let of_year: Vec<Point> = points
                .iter()
                .filter(|p| school_year_start(p.day).year() == year)
                .copied()
                .collect();
            (year, of_year)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn small_aggregates_are_suppressed_not_plessi() {
        let p = Point {
            day: d(2026, 11, 24),
            absent: 4,
            enrolled: 400,
        };
        assert_eq!(shown(&p, true), None);
        assert_eq!(shown(&p, false), Some(0.01));
    }

    #[test]
    fn days_sum_and_years_line_up_by_week() {
        let pts = sum([
            Point {
                day: d(2026, 11, 24),
                absent: 3,
                enrolled: 100,
            },
            Point {
                day: d(2026, 11, 24),
                absent: 4,
                enrolled: 200,
            },
            Point {
                day: d(2025, 11, 25),
                absent: 9,
                enrolled: 300,
            },
        ]);
        assert_eq!(pts.len(), 2);
        assert_eq!(pts[1].absent, 7);
        let years = by_school_year(&pts, d(2026, 11, 24), 1);
        assert_eq!(years[0].0, 2026);
        assert_eq!(years[1].1.len(), 1);
        assert_eq!(school_week(d(2026, 9, 1)), 0);
        assert_eq!(school_week(d(2026, 11, 24)), school_week(d(2025, 11, 25)));
    }
}
