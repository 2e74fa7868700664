//! The ATS's absence trend: the series it can choose (the territory, each
//! comune, each school type, each sentinel plesso) and the chosen one's
//! survey-day rates this school year and in the two before, with the
//! suppression of small aggregates. Also served as CSV.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One row of the trend: a survey day and its rate (None when suppressed
/// or closed), absent and enrolled (None when suppressed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    /// dd/mm/yyyy
    pub day: String,
    pub week: i64,
    pub rate: Option<f64>,
    pub absent: Option<u64>,
    pub enrolled: u64,
}

/// The chosen series, year by year (this one first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// (value, label) of every series the ATS can choose.
    pub choices: Vec<(String, String)>,
    pub chosen: String,
    pub label: String,
    /// ("2026/27", rows), then the previous school years.
    pub years: Vec<(String, Vec<TrendRow>)>,
}

#[server(prefix = "/api", endpoint = "assenze/andamento", input = GetUrl)]
pub async fn load_trend(series: String) -> Result<Trend, AppError> {
    let call = crate::identity::Call::of::<LoadTrend>()?;
    let ats_id = call.who.ats_id.ok_or(AppError::Forbidden)?;
    Ok(ssr::trend(&call.state, ats_id, &series, call.today()).await?)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use chrono::NaiveDate;
    use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

    use super::{Trend, TrendRow};
    use crate::absences::enrolment::school_year_label;
    use crate::absences::totals::{self, TotalKind};
    use crate::absences::trend::{Point, by_school_year, school_week, shown};
    use crate::schools::SchoolType;
    use crate::schools::entity::plesso;
    use crate::state::AppState;

    /// The series ATS `ats_id` can choose: the territory, each comune,
    /// each school type, each sentinel plesso (of its own territory only).
    pub struct Choices {
        /// (value, label): "ats", "comune:F205", "tipo:primaria", "plesso:12".
        pub choices: Vec<(String, String)>,
        /// The territory's sentinel plessi.
        pub plessi: Vec<plesso::Model>,
    }

    impl Choices {
        /// Whether `value` is one of the choices.
        pub fn has(&self, value: &str) -> bool {
            self.choices.iter().any(|(v, _)| v == value)
        }

        /// `value` if it is a choice, else the territory; with its label.
        pub fn resolve(&self, value: &str) -> (String, String) {
            let chosen = if self.has(value) { value } else { "ats" };
            let label = self
                .choices
                .iter()
                .find(|(v, _)| v == chosen)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            (chosen.to_owned(), label)
        }
    }

    /// Whether series `chosen` sums several plessi (small counts are then
    /// not shown).
    pub fn is_aggregate(chosen: &str) -> bool {
        !chosen.starts_with("plesso:")
    }

    /// The choices of ATS `ats_id` (comuni named as of `today`).
    pub async fn choices(
        db: &impl ConnectionTrait,
        state: &AppState,
        ats_id: i32,
        today: NaiveDate,
    ) -> Result<Choices, DbErr> {
        let members = totals::members(db, ats_id).await?;
        let plessi: Vec<plesso::Model> = plesso::Entity::find()
            .filter(plesso::Column::Id.is_in(members.iter().map(|m| m.id).collect::<Vec<_>>()))
            .order_by_asc(plesso::Column::Id)
            .all(db)
            .await?;
        let comune_name = |code: &str| {
            crate::places::lookup_belfiore(&state.places, code, Some(today))
                .map(|p| p.label())
                .unwrap_or_else(|| code.to_owned())
        };
        let mut choices = vec![("ats".to_owned(), "Intero territorio".to_owned())];
        let mut comuni: Vec<String> = plessi.iter().map(|p| p.comune_belfiore.clone()).collect();
        comuni.sort();
        comuni.dedup();
        for c in &comuni {
            choices.push((format!("comune:{c}"), format!("Comune: {}", comune_name(c))));
        }
        for t in SchoolType::ALL {
            if plessi.iter().any(|p| p.school_type == t.key()) {
                choices.push((
                    format!("tipo:{}", t.key()),
                    format!("Tipo di scuola: {}", t.label()),
                ));
            }
        }
        for p in &plessi {
            choices.push((
                format!("plesso:{}", p.id),
                format!("Plesso: {} ({})", p.name, p.codice),
            ));
        }
        Ok(Choices { choices, plessi })
    }

    /// The survey days of series `chosen` (a choice as resolved): an
    /// aggregate's are its stored totals, a plesso's its entries.
    pub async fn points_of(
        db: &impl ConnectionTrait,
        ats_id: i32,
        chosen: &str,
    ) -> Result<Vec<Point>, DbErr> {
        // An aggregate's days are its stored totals; a plesso's, its entries.
        Ok(match chosen.split_once(':') {
            Some(("plesso", id)) => {
                let id: i32 = id.parse().unwrap_or(0);
                totals::plesso_days(db, id)
                    .await?
                    .into_iter()
                    .map(|(day, absent, enrolled)| Point {
                        day,
                        absent,
                        enrolled,
                    })
                    .collect()
            }
            other => {
                let (kind, key) = match other {
                    Some(("comune", c)) => (TotalKind::Comune, c.to_owned()),
                    Some(("tipo", t)) => (TotalKind::Tipo, t.to_owned()),
                    _ => (TotalKind::Ats, ats_id.to_string()),
                };
                totals::of(db, ats_id, kind, &key)
                    .await?
                    .into_iter()
                    .map(|(day, absent, enrolled)| Point {
                        day,
                        absent,
                        enrolled,
                    })
                    .collect()
            }
        })
    }

    /// The trend of series `chosen` ("ats", "comune:F205", "tipo:primaria",
    /// "plesso:12") for ATS `ats_id`; an unknown choice is the territory.
    pub async fn trend(
        state: &AppState,
        ats_id: i32,
        chosen: &str,
        today: NaiveDate,
    ) -> Result<Trend, DbErr> {
        let db = &state.db;
        let all = choices(db, state, ats_id, today).await?;
        let (chosen, label) = all.resolve(chosen);
        let choices = all.choices;
        let aggregate = is_aggregate(&chosen);
        let points = points_of(db, ats_id, &chosen).await?;
        let years = by_school_year(&points, today, 2)
            .into_iter()
            .map(|(year, pts)| {
                let label =
                    school_year_label(NaiveDate::from_ymd_opt(year, 10, 1).unwrap_or(today));
                let rows = pts
                    .iter()
                    .map(|p| {
                        let rate = shown(p, aggregate);
                        TrendRow {
                            day: crate::validation::dates::format_date_it(p.day),
                            week: school_week(p.day),
                            rate,
                            absent: rate.map(|_| p.absent),
                            enrolled: p.enrolled,
                        }
                    })
                    .collect();
                (label, rows)
            })
            .collect();
        Ok(Trend {
            choices,
            chosen,
            label,
            years,
        })
    }
}

/// `GET /assenze/andamento.csv?serie=…`: the same numbers as CSV (Excel).
#[cfg(feature = "ssr")]
pub async fn trend_csv(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    req: axum::extract::Request,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (who, _) = crate::identity::current::RequestIdentity::caller_of(&req);
    let policy = crate::identity::Policy::Roles(&[crate::identity::Role::OperatoreAts]);
    if let Err(refusal) = policy.check(who.as_ref(), &crate::identity::Target::Caller) {
        return crate::http::refusal(false, refusal.into());
    }
    let Some(ats_id) = who.and_then(|w| w.ats_id) else {
        return crate::http::refusal(false, AppError::Forbidden);
    };
    let series = query.get("serie").cloned().unwrap_or_default();
    let trend = match ssr::trend(&state, ats_id, &series, state.today()).await {
        Ok(t) => t,
        Err(e) => return crate::http::refusal(false, e.into()),
    };
    let mut csv = crate::tabular::ExcelCsv::new();
    csv.row([
        "serie",
        "anno_scolastico",
        "giorno",
        "settimana",
        "assenti",
        "iscritti",
        "tasso",
    ]);
    for (year, rows) in &trend.years {
        for r in rows {
            csv.row([
                trend.label.clone(),
                year.clone(),
                r.day.clone(),
                r.week.to_string(),
                r.absent.map_or_else(|| "<5".to_owned(), |a| a.to_string()),
                r.enrolled.to_string(),
                r.rate
                    .map_or_else(String::new, |x| format!("{:.4}", x).replace('.', ",")),
            ]);
        }
    }
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"andamento-assenze.csv\"",
            ),
        ],
        csv.into_bytes(),
    )
        .into_response()
}
