//! Server functions of the alert lab (ATS): the four methods on one series
//! of the territory over a chosen period, with the lead time on an
//! outbreak start, and the operator's mark of such a start (audited).

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::identity::csrf_client::CsrfClient;

/// One method's verdict on one day: its statistic ("4,12", "∞") and
/// whether it alerted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabCell {
    pub statistic: String,
    pub alert: bool,
}

/// One survey day of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabDay {
    pub day: NaiveDate,
    /// None when suppressed (an aggregate with fewer than 5 absent).
    pub absent: Option<u64>,
    pub enrolled: u64,
    pub rate: Option<f64>,
    /// C1, C2, C3, HLIMITS; None where the method is not defined yet.
    pub cells: Vec<Option<LabCell>>,
}

/// One method over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodRow {
    /// "C1", "C2", "C3", "HLIMITS"
    pub method: String,
    pub evaluated: usize,
    pub alert_days: Vec<NaiveDate>,
    /// "16,7 % (2 su 12)"
    pub share: String,
    /// Only with an outbreak start: "3 giorni prima dell'inizio", …
    pub lead: Option<String>,
}

/// An outbreak start marked on the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkRow {
    /// dd/mm/yyyy
    pub day: String,
    pub by: String,
    /// dd/mm/yyyy hh:mm
    pub at: String,
}

/// The lab as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lab {
    /// (value, label) of every series the ATS can choose.
    pub choices: Vec<(String, String)>,
    pub chosen: String,
    pub label: String,
    pub aggregate: bool,
    /// The form's fields as typed (or their defaults, the saved mark).
    pub from: String,
    pub to: String,
    pub start: String,
    /// Why the period could not be read (then nothing is computed).
    pub errors: FieldErrors,
    /// The period and start read, when they were.
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub start_day: Option<NaiveDate>,
    pub days: Vec<LabDay>,
    pub methods: Vec<MethodRow>,
    pub marks: Vec<MarkRow>,
}

/// The lab's address for series `series`, period and start as typed.
pub fn lab_url(series: &str, from: &str, to: &str, start: &str) -> String {
    use super::lab::{FROM, SERIES, START, TO};
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(SERIES, series)
        .append_pair(FROM, from)
        .append_pair(TO, to)
        .append_pair(START, start)
        .finish();
    format!("/assenze/laboratorio?{query}")
}

#[server(prefix = "/api", endpoint = "assenze/laboratorio", input = GetUrl)]
pub async fn load_lab(
    series: Option<String>,
    from: Option<String>,
    to: Option<String>,
    start: Option<String>,
) -> Result<Lab, AppError> {
    let call = crate::identity::Call::of::<LoadLab>()?;
    let ats_id = call.who.ats_id.ok_or(AppError::Forbidden)?;
    let query = ssr::Query {
        series: series.unwrap_or_default(),
        from,
        to,
        start,
    };
    Ok(ssr::lab(&call.state, ats_id, query, call.today()).await?)
}

/// "Segna come inizio focolaio": `start` becomes a marked outbreak start of
/// series `series`; `from` and `to` only bring the operator back to the
/// same view.
#[server(prefix = "/api", endpoint = "assenze/laboratorio/focolaio", client = CsrfClient)]
pub async fn mark_outbreak(
    series: String,
    start: String,
    from: String,
    to: String,
) -> Result<(), AppError> {
    use crate::validation::dates::{format_date_it, not_in_future, parse_date_it};
    let call = crate::identity::Call::of::<MarkOutbreak>()?;
    let ats_id = call.who.ats_id.ok_or(AppError::Forbidden)?;
    let all = super::trend_api::ssr::choices(call.db(), &call.state, ats_id, call.today()).await?;
    if !all.has(&series) {
        return Err(AppError::NotFound);
    }
    let day = parse_date_it(&start).and_then(|d| not_in_future(d, call.today()).map(|_| d));
    let day = match day {
        Ok(d) => d,
        Err(e) => {
            let mut errors = FieldErrors::new();
            errors.add("start", format!("Inizio del focolaio: {e}"));
            return Err(AppError::Validation(errors));
        }
    };
    let (_, label) = all.resolve(&series);
    let (who, actor) = (&call.who, call.actor());
    super::lab_store::mark(
        call.db(),
        who,
        &actor,
        ats_id,
        &series,
        &label,
        day,
        call.now(),
    )
    .await?;
    crate::http::redirect_plain_form(&lab_url(&series, &from, &to, &format_date_it(day)));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use sea_orm::DbErr;

    use super::{Lab, LabCell, LabDay, MarkRow, MethodRow};
    use crate::absences::alerts::{Method, evaluate};
    use crate::absences::alerts_api::decimal;
    use crate::absences::lab::{compare, default_period, parse_period};
    use crate::absences::lab_store;
    use crate::absences::trend::{Point, shown};
    use crate::absences::trend_api::ssr::{choices, is_aggregate};
    use crate::state::AppState;
    use crate::validation::dates::{format_date_it, format_datetime_it};

    /// The lab's query as the page sent it.
    pub struct Query {
        pub series: String,
        pub from: Option<String>,
        pub to: Option<String>,
        /// None: not in the address (the latest mark is used); empty: none.
        pub start: Option<String>,
    }

    pub async fn lab(
        state: &AppState,
        ats_id: i32,
        query: Query,
        today: NaiveDate,
    ) -> Result<Lab, DbErr> {
        let db = &state.db;
        let all = choices(db, state, ats_id, today).await?;
        let (chosen, label) = all.resolve(&query.series);
        let saved = lab_store::marks(db, ats_id, &chosen).await?;
        let (default_from, default_to) = default_period(today);
        let typed = |v: Option<String>, default: String| {
            v.filter(|s| !s.trim().is_empty()).unwrap_or(default)
        };
        let from = typed(query.from, default_from);
        let to = typed(query.to, default_to);
        let start = query.start.unwrap_or_else(|| {
            saved
                .first()
                .map(|m| format_date_it(m.start_day))
                .unwrap_or_default()
        });
        let marks = saved
            .iter()
            .map(|m| MarkRow {
                day: format_date_it(m.start_day),
                by: m.marked_by_name.clone(),
                at: format_datetime_it(m.marked_at),
            })
            .collect();
        let aggregate = is_aggregate(&chosen);
        let mut lab = Lab {
            choices: all.choices,
            chosen,
            label,
            aggregate,
            from,
            to,
            start,
            errors: Default::default(),
            period: None,
            start_day: None,
            days: Vec::new(),
            methods: Vec::new(),
            marks,
        };
        let period = match parse_period(&lab.from, &lab.to, &lab.start) {
            Ok(p) => p,
            Err(errors) => {
                lab.errors = errors;
                return Ok(lab);
            }
        };
        lab.period = Some((period.from, period.to));
        lab.start_day = period.start;
        // The engine on the whole series: the baselines reach before the period.
        let (_, series) = lab_store::series_for(db, state, ats_id, &lab.chosen).await?;
        let evaluations = evaluate(&series);
        let survey_days: Vec<NaiveDate> = series.observations().iter().map(|o| o.date()).collect();
        let by_day: BTreeMap<(NaiveDate, Method), LabCell> = evaluations
            .iter()
            .map(|e| {
                let cell = LabCell {
                    statistic: decimal(e.statistic),
                    alert: e.alert,
                };
                ((e.date, e.method), cell)
            })
            .collect();
        lab.days = series
            .observations()
            .iter()
            .filter(|o| (period.from..=period.to).contains(&o.date()))
            .map(|o| {
                let point = Point {
                    day: o.date(),
                    absent: o.absent(),
                    enrolled: o.enrolled(),
                };
                let rate = shown(&point, aggregate);
                LabDay {
                    day: o.date(),
                    absent: rate.map(|_| o.absent()),
                    enrolled: o.enrolled(),
                    rate,
                    cells: Method::ALL
                        .into_iter()
                        .map(|m| by_day.get(&(o.date(), m)).cloned())
                        .collect(),
                }
            })
            .collect();
        lab.methods = compare(
            &evaluations,
            &survey_days,
            period.from,
            period.to,
            period.start,
        )
        .into_iter()
        .map(|r| MethodRow {
            method: r.method.name().to_owned(),
            evaluated: r.evaluated,
            share: r.share_text(),
            lead: r.lead.map(|l| l.text()),
            alert_days: r.alert_days,
        })
        .collect();
        Ok(lab)
    }
}
