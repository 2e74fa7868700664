//! `POST /amministrazione/importa`: the "Importa anagrafe" form's multipart
//! upload (server only). The file streams in (refused beyond the limit),
//! is stored with its import job in one transaction, and the browser is
//! sent to the job's page. Works the same with and without JavaScript.

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::EntityTrait;

use super::import_job::{ImportPayload, KIND};
use super::import_rules::{UPLOAD_PATH, UploadRefusal};
use crate::error::AppError;
use crate::http::refusal;
use crate::identity::Role;
use crate::identity::current::RequestIdentity;
use crate::jobs::multipart::{self, DEFAULT_UPLOAD_LIMIT};
use crate::jobs::store::{self, NewJob};
use crate::jobs::uploads;
use crate::schools::entity::ats;
use crate::state::AppState;

/// The registry file's limit (the edge bounds the whole body to the same).
pub const UPLOAD_LIMIT: usize = DEFAULT_UPLOAD_LIMIT;

enum Refused {
    Form(UploadRefusal),
    App(AppError),
}

impl From<AppError> for Refused {
    fn from(err: AppError) -> Self {
        Refused::App(err)
    }
}

impl From<sea_orm::DbErr> for Refused {
    fn from(err: sea_orm::DbErr) -> Self {
        Refused::App(err.into())
    }
}

/// The upload is a browser's form post, never a script's call: a refusal
/// is its Italian sentence.
pub async fn upload(State(state): State<AppState>, req: Request) -> Response {
    match accept(&state, req).await {
        Ok(job_id) => Redirect::to(&format!("{UPLOAD_PATH}/{job_id}")).into_response(),
        Err(Refused::Form(refusal)) => Redirect::to(&refusal.redirect()).into_response(),
        Err(Refused::App(err)) => refusal(false, err),
    }
}

async fn accept(state: &AppState, req: Request) -> Result<i32, Refused> {
    let (identity, client_ip) = RequestIdentity::caller_of(&req);
    // The middleware's gate admits administrators only; checked again here
    // so the route stays closed if it were ever mounted without the gate.
    let admin = match identity {
        Some(who) if who.role == Role::Amministratore => who,
        Some(_) => return Err(AppError::Forbidden.into()),
        None => return Err(AppError::Unauthenticated.into()),
    };
    let form = multipart::read(req, "file", UPLOAD_LIMIT).await?;
    let ats_id = form
        .field("ats_id")
        .and_then(|v| v.trim().parse::<i32>().ok())
        .ok_or(Refused::Form(UploadRefusal::Ats))?;
    if ats::Entity::find_by_id(ats_id)
        .one(&state.db)
        .await?
        .is_none()
    {
        return Err(Refused::Form(UploadRefusal::Ats));
    }
    let file = form.file.ok_or(Refused::Form(UploadRefusal::NoFile))?;
    if file.bytes.is_empty() {
        return Err(Refused::Form(UploadRefusal::Empty));
    }
    let now = state.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let upload_id =
        uploads::save(&txn, &file.name, file.bytes, Some(admin.account_id), now).await?;
    let payload = ImportPayload {
        upload_id,
        ats_id,
        client_ip,
    };
    let mut job = NewJob::now(KIND, serde_json::to_value(payload).unwrap_or_default(), now);
    job.created_by = Some(admin.account_id);
    let job_id = store::enqueue(&txn, job, now).await?;
    txn.commit().await?;
    crate::jobs::worker::wake();
    tracing::info!(job = job_id, "registry import queued");
    Ok(job_id)
}
