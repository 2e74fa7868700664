//! Server functions of registration requests: the public submission and
//! the administrator's list and decisions.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::rules::{LoginMode, RegistrationForm, RequestStatus};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::Call;
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
pub async fn submit_registration(
    form: RegistrationForm,
    #[server(default)] request_key: String,
) -> Result<i32, AppError> {
    let call = Call::public::<SubmitRegistration>()?;
    let valid = super::rules::validate(&form, call.today()).map_err(AppError::Validation)?;
    let once = call.once::<SubmitRegistration>(&request_key);
    let actor = call.actor();
    let create = async {
        let row = super::store::submit(call.db(), &actor, valid, &once, call.now()).await?;
        tracing::info!(request_id = row.id, "registration request received");
        Ok(i64::from(row.id))
    };
    crate::once::record_id(once.run(call.db(), create).await?)
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
    let Call { state, .. } = Call::of::<ListRegistrations>()?;
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
    let call = Call::of::<ApproveRegistration>()?;
    let done = super::store::approve(call.db(), &call.actor(), id, mode, call.now()).await?;
    Ok(ApprovalOutcome {
        username: done.account.username,
        full_name: done.account.full_name,
        password: done.password,
    })
}

#[server(prefix = "/api", endpoint = "amministrazione/richieste/respingi", client = CsrfClient)]
pub async fn reject_registration(id: i32, reason: String) -> Result<(), AppError> {
    let call = Call::of::<RejectRegistration>()?;
    let reason = super::rules::check_reason(&reason).map_err(AppError::Validation)?;
    super::store::reject(call.db(), &call.actor(), id, reason, call.now()).await
}
