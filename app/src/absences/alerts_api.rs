//! Server functions of the ATS's alerts: the territory's list and an
//! operator's review ("presa visione", "in verifica", "chiusa", a note).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;

/// One alert as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRow {
    pub id: i32,
    /// "plesso", "comune", "ATS"
    pub series_kind: String,
    pub series: String,
    /// dd/mm/yyyy
    pub day: String,
    pub method: String,
    /// "4,12" or "∞"
    pub statistic: String,
    pub threshold: String,
    /// "15,0 %"
    pub observed: String,
    pub expected: String,
    /// `Review::key()`
    pub review: String,
    pub note: String,
    /// An alert of a plesso: the school can be asked about it.
    pub askable: bool,
    pub requests: Vec<super::requests_api::RequestView>,
}

/// "1,23" with two decimals, "∞" for an unbounded statistic.
pub fn decimal(x: f64) -> String {
    if x >= f64::MAX / 2.0 || x.is_infinite() {
        return "∞".to_owned();
    }
    format!("{x:.2}").replace('.', ",")
}

/// A rate as "12,5 %".
pub fn percent(rate: f64) -> String {
    format!("{:.1} %", rate * 100.0).replace('.', ",")
}

#[server(prefix = "/api", endpoint = "assenze/allerte", input = GetUrl)]
pub async fn load_alerts() -> Result<Vec<AlertRow>, AppError> {
    let call = crate::identity::Call::of::<LoadAlerts>()?;
    let ats_id = call.who.ats_id.ok_or(AppError::Forbidden)?;
    let rows = super::alert_store::list(call.db(), ats_id).await?;
    let requests = super::requests_store::of_alerts(call.db(), &rows).await?;
    Ok(rows
        .into_iter()
        .map(|a| AlertRow {
            askable: a.series_kind == "plesso",
            requests: requests
                .iter()
                .filter(|r| r.alert_id == a.id)
                .cloned()
                .collect(),
            id: a.id,
            series_kind: match a.series_kind.as_str() {
                "plesso" => "plesso",
                "comune" => "comune",
                _ => "ATS",
            }
            .to_owned(),
            series: a.series_label,
            day: crate::validation::dates::format_date_it(a.day),
            method: a.method,
            statistic: decimal(a.statistic),
            threshold: decimal(a.threshold),
            observed: percent(a.observed),
            expected: a.expected.map(percent).unwrap_or_else(|| "—".to_owned()),
            review: a.review,
            note: a.note,
        })
        .collect())
}

/// An operator's review of alert `id`.
#[server(prefix = "/api", endpoint = "assenze/allerte/revisione", client = CsrfClient)]
pub async fn review_alert(id: i32, review: String, note: String) -> Result<(), AppError> {
    use sea_orm::EntityTrait;
    let call = crate::identity::Call::of::<ReviewAlert>()?;
    let row = super::entity::alert::Entity::find_by_id(id)
        .one(call.db())
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&crate::identity::Target::Ats(row.ats_id))?;
    let Some(review) = super::signals::Review::from_key(&review) else {
        let mut errors = crate::error::FieldErrors::new();
        errors.add("review", "Scegliere lo stato dell'allerta.");
        return Err(AppError::Validation(errors));
    };
    let (who, actor) = (&call.who, call.actor());
    super::alert_store::review(call.db(), who, &actor, row, review, note.trim(), call.now())
        .await?;
    crate::http::redirect_plain_form(&format!("/assenze/allerte#allerta-{id}"));
    Ok(())
}
