//! Server functions of registration requests: the public submission and
//! the administrator's list and decisions.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::rules::{LoginMode, RegistrationForm, RequestStatus};
use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;

/// One request as the administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i32,
    pub istituto_codice: String,
    /// None when the istituto is not (yet) in the registry.
    pub istituto_name: Option<String>,
    pub codice_fiscale: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub status: RequestStatus,
    pub created_on: NaiveDate,
    pub reason: Option<String>,
}

/// The outcome of an approval, shown once to the administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalOutcome {
    pub username: String,
    pub full_name: String,
    /// The initial password (password mode), never shown again.
    pub password: Option<String>,
}

/// "Invia la richiesta" (no login). The answer says what happens next.
#[server(prefix = "/api", endpoint = "registrazione", client = CsrfClient)]
pub async fn submit_registration(form: RegistrationForm) -> Result<i32, AppError> {
    use crate::identity::current::{client_ip, refuse};
    let state = crate::state::app_state()?;
    let valid = super::rules::validate(&form, state.today())
        .map_err(|e| refuse(AppError::Validation(e)))?;
    let ip = client_ip();
    let row = super::store::submit(&state.db, valid, ip.as_deref(), state.now()).await?;
    tracing::info!(request_id = row.id, "registration request received");
    Ok(row.id)
}

/// One page of requests, with how many wait in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub rows: Vec<RequestView>,
    /// 0-based.
    pub page: u64,
    pub more: bool,
    pub pending: u64,
}

/// Page `page` (0-based) of the requests, pending first.
#[server(prefix = "/api", endpoint = "amministrazione/richieste", input = GetUrl)]
pub async fn list_registrations(#[server(default)] page: u64) -> Result<RequestPage, AppError> {
    crate::identity::require::<ListRegistrations>()?;
    let state = crate::state::app_state()?;
    let (rows, more) = super::store::list(&state.db, page).await?;
    let pending = super::store::count_pending(&state.db).await?;
    let istituti = crate::schools::queries::all_istituti(&state.db).await?;
    let rows = rows
        .into_iter()
        .map(|r| RequestView {
            id: r.id,
            istituto_name: istituti
                .iter()
                .find(|i| i.codice == r.istituto_codice)
                .map(|i| i.name.clone()),
            status: RequestStatus::from_key(&r.status).unwrap_or(RequestStatus::Pending),
            created_on: crate::validation::dates::RomeClock.today_at(r.created_at),
            istituto_codice: r.istituto_codice,
            codice_fiscale: r.codice_fiscale,
            full_name: r.full_name,
            email: r.email,
            phone: r.phone,
            reason: r.reason,
        })
        .collect();
    Ok(RequestPage {
        rows,
        page,
        more,
        pending,
    })
}

#[server(prefix = "/api", endpoint = "amministrazione/richieste/approva", client = CsrfClient)]
pub async fn approve_registration(id: i32, mode: LoginMode) -> Result<ApprovalOutcome, AppError> {
    use crate::identity::current::{client_ip, refuse};
    let admin = crate::identity::require::<ApproveRegistration>()?;
    let state = crate::state::app_state()?;
    let ip = client_ip();
    let done = super::store::approve(&state.db, &admin, id, mode, ip.as_deref(), state.now())
        .await
        .map_err(refuse)?;
    Ok(ApprovalOutcome {
        username: done.account.username,
        full_name: done.account.full_name,
        password: done.password,
    })
}

#[server(prefix = "/api", endpoint = "amministrazione/richieste/respingi", client = CsrfClient)]
pub async fn reject_registration(id: i32, reason: String) -> Result<(), AppError> {
    use crate::identity::current::{client_ip, refuse};
    let admin = crate::identity::require::<RejectRegistration>()?;
    let state = crate::state::app_state()?;
    let reason =
        super::rules::check_reason(&reason).map_err(|e| refuse(AppError::Validation(e)))?;
    let ip = client_ip();
    super::store::reject(&state.db, &admin, id, reason, ip.as_deref(), state.now())
        .await
        .map_err(refuse)
}
