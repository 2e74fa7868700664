//! Server functions of "Deleghe" (dirigente only): the history, a new
//! delegation, revocation, and the data of the printable form.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::rules::{DelegationForm, DelegationState};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::Call;
use crate::identity::Module;
use crate::identity::csrf_client::CsrfClient;
#[cfg(feature = "ssr")]
use crate::once::record_id;

/// One row of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationView {
    pub id: i32,
    pub delegate_name: String,
    pub codice_fiscale: String,
    pub email: String,
    pub modules: Vec<Module>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub state: DelegationState,
    pub created_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    pub revoked_by: Option<String>,
}

/// The "Deleghe" page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationsData {
    pub istituto_name: String,
    pub today: NaiveDate,
    pub delegations: Vec<DelegationView>,
}

/// The printable "Modulo di delega".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintData {
    pub delegation: DelegationView,
    pub istituto_name: String,
    pub istituto_codice: String,
    pub principal_name: String,
    pub ats_name: String,
}

#[server(prefix = "/api", endpoint = "deleghe", input = GetUrl)]
pub async fn list_delegations() -> Result<DelegationsData, AppError> {
    let Call { who, state, .. } = Call::of::<ListDelegations>()?;
    let istituto_id = who.istituto_id.ok_or(AppError::Forbidden)?;
    let istituto = crate::schools::queries::istituto_by_id(&state.db, istituto_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = super::store::list(&state.db, istituto_id).await?;
    let delegations = ssr::views(&state.db, rows, state.today()).await?;
    Ok(DelegationsData {
        istituto_name: istituto.name,
        today: state.today(),
        delegations,
    })
}

/// "Nuova delega": validated with the shared rules, then bound to the
/// delegate's account. Returns the new delegation's id.
#[server(prefix = "/api", endpoint = "deleghe/nuova", client = CsrfClient)]
pub async fn create_delegation(
    form: DelegationForm,
    #[server(default)] request_key: String,
) -> Result<i32, AppError> {
    let call = Call::of::<CreateDelegation>()?;
    let valid = super::rules::validate(&form, call.today()).map_err(AppError::Validation)?;
    let once = call.once::<CreateDelegation>(&request_key);
    let (who, actor) = (&call.who, call.actor());
    let create = async {
        let row = super::store::create(call.db(), who, &actor, valid, &once, call.now()).await?;
        Ok(i64::from(row.id))
    };
    let id = record_id(once.run(call.db(), create).await?)?;
    crate::http::redirect_plain_form("/deleghe");
    Ok(id)
}

/// "Revoca": effective at once (the delegate's next request is refused).
#[server(prefix = "/api", endpoint = "deleghe/revoca", client = CsrfClient)]
pub async fn revoke_delegation(id: i32) -> Result<(), AppError> {
    let call = Call::of::<RevokeDelegation>()?;
    let (who, actor) = (&call.who, call.actor());
    super::store::revoke(call.db(), who, &actor, id, call.today(), call.now()).await?;
    crate::http::redirect_plain_form("/deleghe");
    Ok(())
}

#[server(prefix = "/api", endpoint = "deleghe/stampa", input = GetUrl)]
pub async fn delegation_for_print(id: i32) -> Result<PrintData, AppError> {
    let call = Call::of::<DelegationForPrint>()?;
    let (state, who) = (&call.state, &call.who);
    let row = super::store::find_own(&state.db, who, id).await?;
    let istituto = crate::schools::queries::istituto_by_id(&state.db, row.istituto_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ats_name = crate::schools::entity::ats::Entity::find_by_id(istituto.ats_id)
        .one(&state.db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let principal = super::store::account_names(&state.db, vec![row.principal_account_id]).await?;
    let principal_name = principal
        .get(&row.principal_account_id)
        .cloned()
        .unwrap_or_default();
    let mut views = ssr::views(&state.db, vec![row], state.today()).await?;
    let delegation = views.pop().ok_or(AppError::NotFound)?;
    Ok(PrintData {
        delegation,
        istituto_name: istituto.name,
        istituto_codice: istituto.codice,
        principal_name,
        ats_name,
    })
}

#[cfg(feature = "ssr")]
use sea_orm::EntityTrait as _;

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::NaiveDate;
    use sea_orm::DatabaseConnection;

    use super::DelegationView;
    use crate::delegations::entity::Model;
    use crate::delegations::rules::DelegationState;
    use crate::error::AppError;

    pub async fn views(
        db: &DatabaseConnection,
        rows: Vec<Model>,
        today: NaiveDate,
    ) -> Result<Vec<DelegationView>, AppError> {
        let ids: Vec<i32> = rows.iter().filter_map(|r| r.revoked_by).collect();
        let names = crate::delegations::store::account_names(db, ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| DelegationView {
                id: r.id,
                modules: r.module_list(),
                state: DelegationState::of(r.start_date, r.end_date, r.revoked_on, today),
                created_on: crate::validation::dates::RomeClock.today_at(r.created_at),
                revoked_by: r.revoked_by.and_then(|id| names.get(&id).cloned()),
                delegate_name: r.delegate_name,
                codice_fiscale: r.delegate_codice_fiscale,
                email: r.delegate_email,
                start_date: r.start_date,
                end_date: r.end_date,
                revoked_on: r.revoked_on,
            })
            .collect())
    }
}
