//! "Richiesta di informazioni": an operator asks the school about an alert
//! of its plesso (which classes, which symptoms); the school answers in the
//! portal; the exchange is kept on the alert. Both sides audited.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;

/// One request with its answer, as both sides see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i32,
    pub alert_id: i32,
    pub plesso_id: i32,
    /// "dd/mm/yyyy" of the alert's day.
    pub alert_day: String,
    pub question: String,
    pub asked_by: String,
    /// "dd/mm/yyyy hh:mm"
    pub asked_at: String,
    pub classes: Option<String>,
    pub symptoms: Option<String>,
    pub note: Option<String>,
    pub answered_at: Option<String>,
}

#[cfg(feature = "ssr")]
const TEXT_MAX: usize = 2000;

#[cfg(feature = "ssr")]
fn field(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.chars().take(TEXT_MAX).collect())
}

/// The operator's request about alert `alert_id` (an alert of a plesso).
#[server(prefix = "/api", endpoint = "assenze/allerte/richiesta", client = CsrfClient)]
pub async fn request_info(alert_id: i32, question: String) -> Result<(), AppError> {
    use sea_orm::EntityTrait;
    let call = crate::identity::Call::of::<RequestInfo>()?;
    let alert = super::entity::alert::Entity::find_by_id(alert_id)
        .one(call.db())
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&crate::identity::Target::Ats(alert.ats_id))?;
    let plesso_id = match (alert.series_kind.as_str(), alert.series_key.parse::<i32>()) {
        ("plesso", Ok(id)) => id,
        _ => {
            return Err(AppError::Conflict(
                "La richiesta di informazioni si invia per le allerte di un plesso.".to_owned(),
            ));
        }
    };
    let Some(question) = field(&question) else {
        let mut errors = crate::error::FieldErrors::new();
        errors.add("question", "Scrivere la domanda per la scuola.");
        return Err(AppError::Validation(errors));
    };
    let (who, actor) = (&call.who, call.actor());
    super::requests_store::ask(
        call.db(),
        who,
        &actor,
        &alert,
        plesso_id,
        &question,
        call.now(),
    )
    .await?;
    crate::http::redirect_plain_form(&format!("/assenze/allerte#allerta-{alert_id}"));
    Ok(())
}

/// The school's answer to request `id`.
#[server(prefix = "/api", endpoint = "assenze/richieste/risposta", client = CsrfClient)]
pub async fn answer_request(
    id: i32,
    classes: String,
    symptoms: String,
    note: String,
) -> Result<(), AppError> {
    use sea_orm::EntityTrait;
    let call = crate::identity::Call::of::<AnswerRequest>()?;
    let request = super::entity::request::Entity::find_by_id(id)
        .one(call.db())
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, target, place) = super::store::plesso_target(call.db(), request.plesso_id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    let answer = (field(&classes), field(&symptoms), field(&note));
    if answer == (None, None, None) {
        let mut errors = crate::error::FieldErrors::new();
        errors.add(
            "classes",
            "Indicare almeno le classi coinvolte, i sintomi o una nota.",
        );
        return Err(AppError::Validation(errors));
    }
    let (who, actor) = (&call.who, call.actor());
    super::requests_store::answer(call.db(), who, &actor, place, request, answer, call.now())
        .await?;
    crate::http::redirect_plain_form(&format!("/assenze#richiesta-{id}"));
    Ok(())
}
