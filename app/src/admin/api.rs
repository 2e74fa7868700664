//! Server functions of "Amministrazione" (administrators only): the schools
//! registry (ATS, istituti, plessi, the Ministry CSV import) and accounts.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::rules::{AccountForm, AtsForm, IstitutoForm, PlessoForm};
use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;
use crate::schools::import_counts::ImportCounts;
use crate::schools::{RowError, SkippedRow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtsView {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub provinces: String,
    pub chief_comuni: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlessoAdminView {
    pub id: i32,
    pub codice: String,
    pub name: String,
    pub comune_belfiore: String,
    pub address: String,
    pub school_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IstitutoAdminView {
    pub id: i32,
    pub codice: String,
    pub name: String,
    pub ats_id: i32,
    pub ats_name: String,
    pub comune_belfiore: String,
    pub plessi: Vec<PlessoAdminView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryData {
    pub ats: Vec<AtsView>,
    pub istituti: Vec<IstitutoAdminView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i32,
    pub username: String,
    pub full_name: String,
    pub codice_fiscale: Option<String>,
    pub email: Option<String>,
    pub role: String,
    /// "istituto:3" (the form's value) and its label.
    pub placement: String,
    pub placement_label: String,
    pub active: bool,
    pub has_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsData {
    pub accounts: Vec<AccountView>,
    /// Choices of the "Assegnazione" select: (value, label).
    pub placements: Vec<(String, String)>,
}

/// A save that may have generated a password to pass on (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub id: i32,
    pub password: Option<String>,
}

/// What the import of the Ministry's registry did, row by row (the
/// result of its job).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub imported: usize,
    pub counts: ImportCounts,
    pub skipped: Vec<SkippedRow>,
    pub errors: Vec<RowError>,
}

#[server(prefix = "/api", endpoint = "amministrazione/anagrafe", input = GetUrl)]
pub async fn load_registry() -> Result<RegistryData, AppError> {
    crate::identity::require::<LoadRegistry>()?;
    let state = crate::state::app_state()?;
    super::views::registry(&state.db).await
}

#[server(prefix = "/api", endpoint = "amministrazione/ats", client = CsrfClient)]
pub async fn save_ats(form: AtsForm) -> Result<Saved, AppError> {
    use crate::identity::current::refuse;
    let admin = crate::identity::require::<SaveAts>()?;
    let state = crate::state::app_state()?;
    let valid = super::rules::validate_ats(&form).map_err(|e| refuse(AppError::Validation(e)))?;
    let ip = crate::identity::current::client_ip();
    let ctx = super::store::Ctx {
        admin: &admin,
        client_ip: ip.as_deref(),
        now: state.now(),
        today: state.today(),
    };
    let id = super::store::save_ats(&state.db, &ctx, form.id, valid)
        .await
        .map_err(refuse)?;
    Ok(Saved { id, password: None })
}

#[server(prefix = "/api", endpoint = "amministrazione/istituto", client = CsrfClient)]
pub async fn save_istituto(form: IstitutoForm) -> Result<Saved, AppError> {
    use crate::identity::current::refuse;
    let admin = crate::identity::require::<SaveIstituto>()?;
    let state = crate::state::app_state()?;
    let valid =
        super::rules::validate_istituto(&form).map_err(|e| refuse(AppError::Validation(e)))?;
    let ip = crate::identity::current::client_ip();
    let ctx = super::store::Ctx {
        admin: &admin,
        client_ip: ip.as_deref(),
        now: state.now(),
        today: state.today(),
    };
    let id = super::store::save_istituto(&state.db, &ctx, valid)
        .await
        .map_err(refuse)?;
    Ok(Saved { id, password: None })
}

#[server(prefix = "/api", endpoint = "amministrazione/plesso", client = CsrfClient)]
pub async fn save_plesso(form: PlessoForm) -> Result<Saved, AppError> {
    use crate::identity::current::refuse;
    let admin = crate::identity::require::<SavePlesso>()?;
    let state = crate::state::app_state()?;
    let valid =
        super::rules::validate_plesso(&form).map_err(|e| refuse(AppError::Validation(e)))?;
    let ip = crate::identity::current::client_ip();
    let ctx = super::store::Ctx {
        admin: &admin,
        client_ip: ip.as_deref(),
        now: state.now(),
        today: state.today(),
    };
    let id = super::store::save_plesso(&state.db, &ctx, valid)
        .await
        .map_err(refuse)?;
    Ok(Saved { id, password: None })
}

#[server(prefix = "/api", endpoint = "amministrazione/account", input = GetUrl)]
pub async fn load_accounts() -> Result<AccountsData, AppError> {
    crate::identity::require::<LoadAccounts>()?;
    let state = crate::state::app_state()?;
    super::views::accounts(&state.db).await
}

/// "Nuovo account" (returns the initial password, shown once) or an edit.
#[server(prefix = "/api", endpoint = "amministrazione/account/salva", client = CsrfClient)]
pub async fn save_account(form: AccountForm) -> Result<Saved, AppError> {
    use crate::identity::current::refuse;
    let admin = crate::identity::require::<SaveAccount>()?;
    let state = crate::state::app_state()?;
    let valid = super::rules::validate_account(&form, state.today())
        .map_err(|e| refuse(AppError::Validation(e)))?;
    let ip = crate::identity::current::client_ip();
    let ctx = super::store::Ctx {
        admin: &admin,
        client_ip: ip.as_deref(),
        now: state.now(),
        today: state.today(),
    };
    let (id, password) = super::store::save_account(&state.db, &ctx, form.id, valid)
        .await
        .map_err(refuse)?;
    Ok(Saved { id, password })
}

#[server(prefix = "/api", endpoint = "amministrazione/account/attivo", client = CsrfClient)]
pub async fn set_account_active(id: i32, active: bool) -> Result<(), AppError> {
    use crate::identity::current::refuse;
    let admin = crate::identity::require::<SetAccountActive>()?;
    let state = crate::state::app_state()?;
    let ip = crate::identity::current::client_ip();
    let ctx = super::store::Ctx {
        admin: &admin,
        client_ip: ip.as_deref(),
        now: state.now(),
        today: state.today(),
    };
    super::store::set_active(&state.db, &ctx, id, active)
        .await
        .map_err(refuse)
}

/// A new random password for the account, shown once.
#[server(prefix = "/api", endpoint = "amministrazione/account/password", client = CsrfClient)]
pub async fn reset_account_password(id: i32) -> Result<String, AppError> {
    use crate::identity::current::refuse;
    let admin = crate::identity::require::<ResetAccountPassword>()?;
    let state = crate::state::app_state()?;
    let ip = crate::identity::current::client_ip();
    let ctx = super::store::Ctx {
        admin: &admin,
        client_ip: ip.as_deref(),
        now: state.now(),
        today: state.today(),
    };
    super::store::reset_password(&state.db, &ctx, id)
        .await
        .map_err(refuse)
}
