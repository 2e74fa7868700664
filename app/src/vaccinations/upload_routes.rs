//! The two uploads of the module (server only), plain multipart posts that
//! work the same with and without JavaScript: the school's list of pupils
//! (`POST /obbligo-vaccinale/carica`) and the ATS's registry extract
//! (`POST /obbligo-vaccinale/anagrafe`). The file streams in (refused past
//! the limit), is stored with its job and audit entry in one transaction,
//! and the browser is sent to the page that follows the job.

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};

use super::check_job::{self, CheckPayload};
use super::entity::upload;
use super::paths::{self, UploadRefusal};
use super::registry_job::{self, RegistryPayload};
use crate::error::AppError;
use crate::http::refusal;
use crate::identity::audit::{Actor, Change};
use crate::identity::current::RequestIdentity;
use crate::identity::{Identity, Module, Policy, Role, Target};
use crate::jobs::multipart::{self, DEFAULT_UPLOAD_LIMIT, UploadedFile};
use crate::jobs::store::{self, NewJob};
use crate::jobs::uploads;
use crate::state::AppState;

/// A school's file (20 MB, as the issue says; the edge bounds the body too).
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

/// The caller `policy` admits (checked again here: the route stays closed
/// even if mounted without the request layer's gate).
fn admitted(who: Option<Identity>, policy: Policy) -> Result<Identity, AppError> {
    policy.check(who.as_ref(), &Target::Caller)?;
    who.ok_or(AppError::Unauthenticated)
}

/// The chosen file, or why it cannot be taken.
fn chosen(file: Option<UploadedFile>) -> Result<UploadedFile, Refused> {
    let file = file.ok_or(Refused::Form(UploadRefusal::NoFile))?;
    if file.bytes.is_empty() {
        return Err(Refused::Form(UploadRefusal::Empty));
    }
    if !paths::accepted_name(&file.name) {
        return Err(Refused::Form(UploadRefusal::Kind));
    }
    Ok(file)
}

fn answer(result: Result<String, Refused>, back: &str) -> Response {
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(Refused::Form(r)) => Redirect::to(&r.redirect(back)).into_response(),
        Err(Refused::App(err)) => refusal(false, err),
    }
}

/// `POST /obbligo-vaccinale/carica`: the school's list of pupils.
pub async fn school_upload(State(state): State<AppState>, req: Request) -> Response {
    answer(accept_school(&state, req).await, paths::HOME)
}

async fn accept_school(state: &AppState, req: Request) -> Result<String, Refused> {
    let (who, client_ip) = RequestIdentity::caller_of(&req);
    let who = admitted(who, Policy::Module(Module::Vaccinations))?;
    // The school's own file: a dirigente or a delegate of one istituto.
    let (Some(ats_id), Some(istituto_id)) = (who.ats_id, who.istituto_id) else {
        return Err(AppError::Forbidden.into());
    };
    if !matches!(who.role, Role::Dirigente | Role::Delegato) {
        return Err(AppError::Forbidden.into());
    }
    let form = multipart::read(req, "file", UPLOAD_LIMIT).await?;
    let file = chosen(form.file)?;
    let now = state.now();
    let size = file.bytes.len();
    let txn = crate::db::begin_write(&state.db).await?;
    let file_id = uploads::save(&txn, &file.name, file.bytes, Some(who.account_id), now).await?;
    let row = upload::ActiveModel {
        ats_id: Set(ats_id),
        istituto_id: Set(istituto_id),
        job_id: Set(0),
        file_name: Set(file.name.chars().take(255).collect()),
        uploaded_by: Set(who.account_id),
        uploaded_by_name: Set(who.full_name.chars().take(200).collect()),
        uploaded_at: Set(now),
        check_date: Set(state.today()),
        counts: Set("{}".to_owned()),
        ..Default::default()
    };
    let saved = upload::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    let payload = CheckPayload {
        lovs_upload_id: saved.id,
        file_id,
    };
    let mut job = NewJob::now(
        check_job::KIND,
        serde_json::to_value(payload).unwrap_or_default(),
        now,
    );
    job.created_by = Some(who.account_id);
    let job_id = store::enqueue(&txn, job, now).await?;
    let mut linked = saved.clone().into_active_model();
    linked.job_id = Set(job_id);
    linked.update(&txn).await?;
    let changes = serde_json::json!({ "file": saved.file_name, "byte": size });
    Actor::person(&who, client_ip.as_deref())
        .record(
            &txn,
            Change::new("upload", "lovs_uploads", Some(i64::from(saved.id)), changes),
        )
        .await?;
    txn.commit().await?;
    crate::jobs::worker::wake();
    tracing::info!(upload = saved.id, job = job_id, "LOVS upload queued");
    Ok(paths::upload_page(saved.id))
}

/// Who may import the registry: the ATS's operators.
pub const REGISTRY_ROLES: &[Role] = &[Role::OperatoreAts];

/// `POST /obbligo-vaccinale/anagrafe`: the ATS's registry extract.
pub async fn registry_upload(State(state): State<AppState>, req: Request) -> Response {
    answer(accept_registry(&state, req).await, paths::HOME)
}

async fn accept_registry(state: &AppState, req: Request) -> Result<String, Refused> {
    let (who, client_ip) = RequestIdentity::caller_of(&req);
    let who = admitted(who, Policy::Roles(REGISTRY_ROLES))?;
    let Some(ats_id) = who.ats_id else {
        return Err(AppError::Forbidden.into());
    };
    let form = multipart::read(req, "file", UPLOAD_LIMIT).await?;
    let file = chosen(form.file)?;
    let now = state.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let name: String = file.name.chars().take(255).collect();
    let upload_id = uploads::save(&txn, &name, file.bytes, Some(who.account_id), now).await?;
    let payload = RegistryPayload {
        upload_id,
        ats_id,
        file_name: name.clone(),
        client_ip: client_ip.clone(),
    };
    let mut job = NewJob::now(
        registry_job::KIND,
        serde_json::to_value(payload).unwrap_or_default(),
        now,
    );
    job.created_by = Some(who.account_id);
    let job_id = store::enqueue(&txn, job, now).await?;
    Actor::person(&who, client_ip.as_deref())
        .record(
            &txn,
            Change::new(
                "upload",
                "lovs_extracts",
                None,
                serde_json::json!({ "file": name, "lavoro": job_id }),
            ),
        )
        .await?;
    txn.commit().await?;
    crate::jobs::worker::wake();
    Ok(format!("{}/{job_id}", paths::REGISTRY_PATH))
}
