//! The alert lab (pure): the four methods judged on a series' own past
//! over a chosen period. For each method, the alert days in the period,
//! the share of the period's survey days they make, and the lead time to a
//! marked outbreak start. The engine runs on the whole series (so the
//! baselines reach before the period); only the counting is limited to it.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::alerts::{Evaluation, Method};
use super::enrolment::school_year_start;
use crate::error::FieldErrors;
use crate::validation::dates::{format_date_it, parse_date_it};

/// How long before the outbreak start an alert still counts as its
/// warning (an earlier one is about something else).
pub const LEAD_BEFORE_DAYS: u64 = 14;
/// How long after the start a late alert still counts.
pub const LEAD_AFTER_DAYS: u64 = 28;

/// The fields of the lab's form (the names of the GET query).
pub const SERIES: &str = "serie";
pub const FROM: &str = "dal";
pub const TO: &str = "al";
pub const START: &str = "inizio";

/// A method's lead on an outbreak start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lead {
    /// Days from the first alert to the start: positive when the alert came
    /// before the start, 0 on the day, negative when late.
    Days(i64),
    /// No alert from start − 14 days to start + 28 days.
    NoAlert,
}

impl Lead {
    /// "3 giorni prima dell'inizio", "il giorno dell'inizio", "1 giorno
    /// dopo l'inizio", "nessuna allerta".
    pub fn text(self) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 giorno".to_owned()
            } else {
                format!("{n} giorni")
            }
        };
        match self {
            Lead::Days(0) => "il giorno dell'inizio".to_owned(),
            Lead::Days(n) if n > 0 => format!("{} prima dell'inizio", days(n)),
            Lead::Days(n) => format!("{} dopo l'inizio", days(-n)),
            Lead::NoAlert => "nessuna allerta".to_owned(),
        }
    }
}

/// The lead of the first alert day on or after `start` − 14 days, if it
/// falls no later than `start` + 28 days (`alert_days` in any order).
pub fn lead_time(alert_days: impl IntoIterator<Item = NaiveDate>, start: NaiveDate) -> Lead {
    let earliest = start.checked_sub_days(Days::new(LEAD_BEFORE_DAYS));
    let latest = start.checked_add_days(Days::new(LEAD_AFTER_DAYS));
    alert_days
        .into_iter()
        .filter(|d| earliest.is_none_or(|e| *d >= e) && latest.is_none_or(|l| *d <= l))
        .min()
        .map_or(Lead::NoAlert, |first| {
            Lead::Days((start - first).num_days())
        })
}

/// One method over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodResult {
    pub method: Method,
    /// The period's survey days where the method is defined.
    pub evaluated: usize,
    /// The period's alert days, oldest first.
    pub alert_days: Vec<NaiveDate>,
    /// The period's survey days (observations of the series).
    pub survey_days: usize,
    /// Only when an outbreak start is given; counted on the whole series.
    pub lead: Option<Lead>,
}

impl MethodResult {
    /// "16,7 % (2 su 12)": the share of the period's survey days alerted.
    pub fn share_text(&self) -> String {
        share_text(self.alert_days.len(), self.survey_days)
    }
}

/// "16,7 % (2 su 12)", one decimal; "— (0 su 0)" for an empty period.
pub fn share_text(alerted: usize, days: usize) -> String {
    if days == 0 {
        return "— (0 su 0)".to_owned();
    }
    let share = alerted as f64 * 100.0 / days as f64;
    format!("{share:.1} % ({alerted} su {days})").replace('.', ",")
}

/// Each method, in the order C1, C2, C3, HLIMITS, over the survey days
/// `survey_days` (the series' dates) between `from` and `to` inclusive.
/// `evaluations` are the engine's over the whole series.
pub fn compare(
    evaluations: &[Evaluation],
    survey_days: &[NaiveDate],
    from: NaiveDate,
    to: NaiveDate,
    start: Option<NaiveDate>,
) -> Vec<MethodResult> {
    let within = |d: &NaiveDate| (from..=to).contains(d);
    let days = survey_days.iter().filter(|d| within(d)).count();
    Method::ALL
        .into_iter()
        .map(|method| {
            let of_method = || evaluations.iter().filter(move |e| e.method == method);
            let mut alert_days: Vec<NaiveDate> = of_method()
                .filter(|e| e.alert && within(&e.date))
                .map(|e| e.date)
                .collect();
            alert_days.sort();
            alert_days.dedup();
            MethodResult {
                method,
                evaluated: of_method().filter(|e| within(&e.date)).count(),
                alert_days,
                survey_days: days,
                lead: start.map(|s| lead_time(of_method().filter(|e| e.alert).map(|e| e.date), s)),
            }
        })
        .collect()
}

/// The lab's query, checked: the period and the outbreak start, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub start: Option<NaiveDate>,
}

/// What the form shows in "Dal" and "Al" when nothing was typed: from the
/// start of the current school year to today.
pub fn default_period(today: NaiveDate) -> (String, String) {
    (
        format_date_it(school_year_start(today)),
        format_date_it(today),
    )
}

/// Checks the typed period ("Dal", "Al", dd/mm/yyyy or ISO) and the
/// optional outbreak start; messages keyed by the query's names.
pub fn parse_period(from: &str, to: &str, start: &str) -> Result<LabPeriod, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut date = |field: &'static str, label: &str, text: &str| match parse_date_it(text) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(field, format!("{label}: {e}"));
            None
        }
    };
    let from = date(FROM, "Dal", from);
    let to = date(TO, "Al", to);
    let start = if start.trim().is_empty() {
        None
    } else {
        date(START, "Inizio del focolaio", start)
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add(
            TO,
            "Al: la data finale non può precedere quella iniziale; correggere \"Dal\" o \"Al\".",
        );
    }
    match (from, to) {
        (Some(from), Some(to)) if errors.is_empty() => Ok(LabPeriod { from, to, start }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::absences::alerts::{Observation, Series, evaluate};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn eval(date: &str, method: Method, alert: bool) -> Evaluation {
        Evaluation {
            date: d(date),
            method,
            statistic: if alert { 5.0 } else { 0.5 },
            threshold: method.threshold(),
            alert,
        }
    }

    #[test]
    fn lead_counts_from_the_first_alert_in_the_window() {
        let start = d("2026-11-17");
        // Before the window (start − 15) does not count; start − 14 does.
        assert_eq!(lead_time([d("2026-11-02")], start), Lead::NoAlert);
        assert_eq!(lead_time([d("2026-11-03")], start), Lead::Days(14));
        assert_eq!(
            lead_time([d("2026-11-12"), d("2026-11-10"), d("2026-11-02")], start),
            Lead::Days(7)
        );
        assert_eq!(lead_time([d("2026-11-17")], start), Lead::Days(0));
        assert_eq!(lead_time([d("2026-11-19")], start), Lead::Days(-2));
        // start + 28 still counts, start + 29 does not.
        assert_eq!(lead_time([d("2026-12-15")], start), Lead::Days(-28));
        assert_eq!(lead_time([d("2026-12-16")], start), Lead::NoAlert);
        assert_eq!(lead_time([], start), Lead::NoAlert);
    }

    #[test]
    fn lead_reads_in_italian() {
        assert_eq!(Lead::Days(3).text(), "3 giorni prima dell'inizio");
        assert_eq!(Lead::Days(1).text(), "1 giorno prima dell'inizio");
        assert_eq!(Lead::Days(0).text(), "il giorno dell'inizio");
        assert_eq!(Lead::Days(-2).text(), "2 giorni dopo l'inizio");
        assert_eq!(Lead::NoAlert.text(), "nessuna allerta");
    }

    #[test]
    fn shares_have_one_decimal_and_the_counts() {
        assert_eq!(share_text(2, 12), "16,7 % (2 su 12)");
        assert_eq!(share_text(0, 5), "0,0 % (0 su 5)");
        assert_eq!(share_text(0, 0), "— (0 su 0)");
    }

    #[test]
    fn counting_is_limited_to_the_period_the_lead_is_not() {
        let evaluations = [
            eval("2026-10-01", Method::C1, true),
            eval("2026-10-06", Method::C1, false),
            eval("2026-10-06", Method::C2, true),
            eval("2026-10-08", Method::C1, true),
            eval("2026-10-13", Method::C1, true),
        ];
        let days = [
            d("2026-10-01"),
            d("2026-10-06"),
            d("2026-10-08"),
            d("2026-10-13"),
        ];
        let out = compare(
            &evaluations,
            &days,
            d("2026-10-02"),
            d("2026-10-10"),
            Some(d("2026-10-09")),
        );
        assert_eq!(out.len(), 4);
        let c1 = &out[0];
        assert_eq!(c1.method, Method::C1);
        assert_eq!(c1.survey_days, 2);
        assert_eq!(c1.evaluated, 2);
        assert_eq!(c1.alert_days, vec![d("2026-10-08")]);
        assert_eq!(c1.share_text(), "50,0 % (1 su 2)");
        // The alert of 01/10 is outside the period and 8 days before the
        // start: still the first warning.
        assert_eq!(c1.lead, Some(Lead::Days(8)));
        assert_eq!(out[1].lead, Some(Lead::Days(3)));
        assert_eq!(out[2].evaluated, 0);
        assert_eq!(out[3].lead, Some(Lead::NoAlert));
        let without = compare(&evaluations, &days, d("2026-10-02"), d("2026-10-10"), None);
        assert_eq!(without[0].lead, None);
    }

    #[test]
    fn on_an_engine_series_the_peak_is_caught_on_its_day() {
        // Eleven ordinary days, then a peak: C1 alerts on the peak.
        let mut obs: Vec<Observation> = (0..11)
            .map(|i| Observation::new(d("2026-09-01") + Days::new(i * 3), 10 + i % 3, 400).unwrap())
            .collect();
        let peak = d("2026-09-01") + Days::new(33);
        obs.push(Observation::new(peak, 60, 400).unwrap());
        let series = Series::new(obs).unwrap();
        let days: Vec<NaiveDate> = series.observations().iter().map(|o| o.date()).collect();
        let out = compare(&evaluate(&series), &days, d("2026-09-01"), peak, Some(peak));
        assert_eq!(out[0].alert_days, vec![peak]);
        assert_eq!(out[0].lead, Some(Lead::Days(0)));
        assert_eq!(out[0].survey_days, 12);
        assert_eq!(out[0].evaluated, 5, "C1 from the 8th observation");
    }

    #[test]
    fn the_period_is_checked_with_messages_by_field() {
        let ok = parse_period("01/09/2026", "2026-11-24", "").unwrap();
        assert_eq!(ok.from, d("2026-09-01"));
        assert_eq!(ok.to, d("2026-11-24"));
        assert_eq!(ok.start, None);
        let with = parse_period("01/09/2026", "24/11/2026", " 17/11/2026 ").unwrap();
        assert_eq!(with.start, Some(d("2026-11-17")));
        let err = parse_period("31/02/2026", "24/11/2026", "x").unwrap_err();
        assert!(err.get(FROM).unwrap().starts_with("Dal:"));
        assert!(err.get(START).is_some());
        assert_eq!(err.get(TO), None);
        let err = parse_period("24/11/2026", "01/09/2026", "").unwrap_err();
        assert!(err.get(TO).unwrap().contains("non può precedere"));
        assert_eq!(
            default_period(d("2026-11-24")),
            ("01/09/2026".to_owned(), "24/11/2026".to_owned())
        );
    }
}
