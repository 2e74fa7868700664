//! Seasonal historical limits (HLIMITS): the week-to-date pooled rate
//! against the same week and its neighbours in the three previous years.

use chrono::{Datelike, IsoWeek, NaiveDate, Weekday};

use super::series::Observation;
use super::stats::{Ratio, standardized};

/// Years looked back.
const YEARS_BACK: i32 = 3;
/// Fewest reference-week values for the method to be defined.
pub const MIN_REFERENCE_WEEKS: usize = 6;

/// Pooled counts of one ISO week of a series.
#[derive(Debug, Clone, Copy)]
struct WeekSum {
    week: IsoWeek,
    absent: u64,
    enrolled: u64,
}

/// HLIMITS `Z` for each observation, `None` where fewer than 6 reference
/// weeks have data. Weeks are pooled once per series into a sorted table
/// (observations are sorted, so a week's days are contiguous).
pub fn hlimits(observations: &[Observation]) -> Vec<Option<f64>> {
    let table = week_table(observations);
    let mut out = Vec::with_capacity(observations.len());
    let mut current: Option<IsoWeek> = None;
    let mut baseline: Vec<Ratio> = Vec::with_capacity(9);
    let (mut absent, mut enrolled) = (0u64, 0u64);
    for (week, o) in with_weeks(observations) {
        if current != Some(week) {
            current = Some(week);
            absent = 0;
            enrolled = 0;
            baseline.clear();
            baseline.extend(
                reference_weeks(week)
                    .into_iter()
                    .flatten()
                    .filter_map(|w| lookup(&table, w)),
            );
        }
        // Week to date: this observation and the earlier ones of its week.
        absent = absent.saturating_add(o.absent());
        enrolled = enrolled.saturating_add(o.enrolled());
        out.push(match Ratio::new(absent, enrolled) {
            Some(x) if baseline.len() >= MIN_REFERENCE_WEEKS => standardized(x, &baseline),
            _ => None,
        });
    }
    out
}

/// Number of ISO weeks (52 or 53) of ISO year `year`: 28 December always
/// falls in the last one.
pub fn weeks_in(year: i32) -> Option<u32> {
    NaiveDate::from_ymd_opt(year, 12, 28).map(|d| d.iso_week().week())
}

/// The 9 reference weeks of ISO week `(y, w)`: for k = 1, 2, 3 the weeks
/// starting at `M(k) - 7`, `M(k)` and `M(k) + 7` days, where `M(k)` is the
/// Monday of week `(y - k, min(w, weeks_in(y - k)))`. `None` for a week
/// outside chrono's calendar (it cannot hold observations).
pub fn reference_weeks(week: IsoWeek) -> [Option<IsoWeek>; 9] {
    let mut out = [None; 9];
    let mut slots = out.iter_mut();
    for k in 1..=YEARS_BACK {
        let monday = week.year().checked_sub(k).and_then(|year| {
            let w = week.week().min(weeks_in(year)?);
            NaiveDate::from_isoywd_opt(year, w, Weekday::Mon)
        });
        for shift in [-7i64, 0, 7] {
            if let Some(slot) = slots.next() {
                *slot = monday
                    .and_then(|m| m.checked_add_signed(chrono::TimeDelta::days(shift)))
                    .map(|d| d.iso_week());
            }
        }
    }
    out
}

fn week_table(observations: &[Observation]) -> Vec<WeekSum> {
    let mut table: Vec<WeekSum> = Vec::new();
    for (week, o) in with_weeks(observations) {
        match table.last_mut() {
            Some(last) if last.week == week => {
                last.absent = last.absent.saturating_add(o.absent());
                last.enrolled = last.enrolled.saturating_add(o.enrolled());
            }
            _ => table.push(WeekSum {
                week,
                absent: o.absent(),
                enrolled: o.enrolled(),
            }),
        }
    }
    table
}

/// Each observation with its ISO week, computing the week only when the
/// (sorted) dates cross a Monday: most survey days share their week.
fn with_weeks(observations: &[Observation]) -> impl Iterator<Item = (IsoWeek, &Observation)> {
    let mut cached: Option<(IsoWeek, NaiveDate)> = None;
    observations.iter().map(move |o| {
        let date = o.date();
        let week = match cached {
            Some((week, next_monday)) if date < next_monday => week,
            _ => {
                let week = date.iso_week();
                let days_left = 7 - i64::from(date.weekday().num_days_from_monday());
                cached = date
                    .checked_add_signed(chrono::TimeDelta::days(days_left))
                    .map(|next_monday| (week, next_monday));
                week
            }
        };
        (week, o)
    })
}

/// Pooled rate of `week`, if the series has observations in it.
fn lookup(table: &[WeekSum], week: IsoWeek) -> Option<Ratio> {
    let i = table.binary_search_by(|s| s.week.cmp(&week)).ok()?;
    let s = table.get(i)?;
    Ratio::new(s.absent, s.enrolled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(y: i32, w: u32) -> IsoWeek {
        NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
            .unwrap()
            .iso_week()
    }

    #[test]
    fn cached_weeks_match_chrono() {
        // Every 1..=9 days over four years, through 2020 w53 and year ends.
        let mut day = NaiveDate::from_ymd_opt(2019, 12, 20).unwrap();
        let mut obs = Vec::new();
        for i in 0..400u64 {
            obs.push(Observation::new(day, 0, 1).unwrap());
            day += chrono::Duration::days(1 + (i * 7 % 9) as i64);
        }
        for (week, o) in with_weeks(&obs) {
            assert_eq!(week, o.date().iso_week(), "{}", o.date());
        }
    }

    #[test]
    fn weeks_in_years() {
        // 2020 and 2026 have 53 ISO weeks (they start on a Wednesday in a
        // leap year / on a Thursday); 2021-2025 have 52.
        assert_eq!(weeks_in(2020), Some(53));
        assert_eq!(weeks_in(2026), Some(53));
        assert_eq!(weeks_in(2021), Some(52));
        assert_eq!(weeks_in(2025), Some(52));
    }

    #[test]
    fn reference_weeks_cross_year_ends() {
        // Week 1 of 2025: k=1 -> 2024 w1, neighbours 2023 w52 and 2024 w2;
        // k=2 -> 2023 w1 (2022 w52, 2023 w2); k=3 -> 2022 w1 (2021 w52,
        // 2022 w2).
        let r = reference_weeks(iso(2025, 1));
        let expected = [
            iso(2023, 52),
            iso(2024, 1),
            iso(2024, 2),
            iso(2022, 52),
            iso(2023, 1),
            iso(2023, 2),
            iso(2021, 52),
            iso(2022, 1),
            iso(2022, 2),
        ];
        assert_eq!(r, expected.map(Some));
    }

    #[test]
    fn week_53_maps_to_52_and_the_next_week_is_week_1() {
        // 2026 w53: 2025, 2024, 2023 have 52 weeks -> M(k) = week 52; its
        // next week is week 1 of the following ISO year.
        let r = reference_weeks(iso(2026, 53));
        let expected = [
            iso(2025, 51),
            iso(2025, 52),
            iso(2026, 1),
            iso(2024, 51),
            iso(2024, 52),
            iso(2025, 1),
            iso(2023, 51),
            iso(2023, 52),
            iso(2024, 1),
        ];
        assert_eq!(r, expected.map(Some));
        // From 2023 w52, k = 3 gives M(3) = 2020 w52 (min(52, 53)), and
        // since 2020 has 53 weeks, M(3) + 7 days is 2020 w53.
        let r = reference_weeks(iso(2023, 52));
        assert_eq!(r[7], Some(iso(2020, 52)));
        assert_eq!(r[8], Some(iso(2020, 53)));
    }
}
