//! Server functions of "Amministrazione" (administrators only): the schools
//! registry (ATS, istituti, plessi, the Ministry CSV import) and accounts.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::rules::{AccountForm, AtsForm, IstitutoForm, PlessoForm};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::Call;
use crate::identity::csrf_client::CsrfClient;
#[cfg(feature = "ssr")]
use crate::once::record_id;
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
    let call = Call::of::<LoadRegistry>()?;
    super::views::registry(call.db()).await
}

#[server(prefix = "/api", endpoint = "amministrazione/ats", client = CsrfClient)]
pub async fn save_ats(
    form: AtsForm,
    #[server(default)] request_key: String,
) -> Result<Saved, AppError> {
    let call = Call::of::<SaveAts>()?;
    let valid = super::rules::validate_ats(&form).map_err(AppError::Validation)?;
    let ctx = super::store::Ctx::creating(&call, call.once::<SaveAts>(&request_key));
    let save = async {
        Ok(i64::from(
            super::store::save_ats(call.db(), &ctx, form.id, valid).await?,
        ))
    };
    let id = record_id(ctx.once.run(call.db(), save).await?)?;
    Ok(Saved { id, password: None })
}

#[server(prefix = "/api", endpoint = "amministrazione/istituto", client = CsrfClient)]
pub async fn save_istituto(
    form: IstitutoForm,
    #[server(default)] request_key: String,
) -> Result<Saved, AppError> {
    let call = Call::of::<SaveIstituto>()?;
    let valid = super::rules::validate_istituto(&form).map_err(AppError::Validation)?;
    let ctx = super::store::Ctx::creating(&call, call.once::<SaveIstituto>(&request_key));
    let save = async {
        Ok(i64::from(
            super::store::save_istituto(call.db(), &ctx, valid).await?,
        ))
    };
    let id = record_id(ctx.once.run(call.db(), save).await?)?;
    Ok(Saved { id, password: None })
}

#[server(prefix = "/api", endpoint = "amministrazione/plesso", client = CsrfClient)]
pub async fn save_plesso(
    form: PlessoForm,
    #[server(default)] request_key: String,
) -> Result<Saved, AppError> {
    let call = Call::of::<SavePlesso>()?;
    let valid = super::rules::validate_plesso(&form).map_err(AppError::Validation)?;
    let ctx = super::store::Ctx::creating(&call, call.once::<SavePlesso>(&request_key));
    let save = async {
        Ok(i64::from(
            super::store::save_plesso(call.db(), &ctx, valid).await?,
        ))
    };
    let id = record_id(ctx.once.run(call.db(), save).await?)?;
    Ok(Saved { id, password: None })
}

#[server(prefix = "/api", endpoint = "amministrazione/account", input = GetUrl)]
pub async fn load_accounts() -> Result<AccountsData, AppError> {
    let call = Call::of::<LoadAccounts>()?;
    super::views::accounts(call.db()).await
}

/// "Nuovo account" (returns the initial password, shown once) or an edit.
#[server(prefix = "/api", endpoint = "amministrazione/account/salva", client = CsrfClient)]
pub async fn save_account(
    form: AccountForm,
    #[server(default)] request_key: String,
) -> Result<Saved, AppError> {
    let call = Call::of::<SaveAccount>()?;
    let valid =
        super::rules::validate_account(&form, call.today()).map_err(AppError::Validation)?;
    let ctx = super::store::Ctx::creating(&call, call.once::<SaveAccount>(&request_key));
    // The initial password is shown once: a repeated request gets the
    // account without it (a new one is one "Reimposta password" away).
    let shown = std::sync::OnceLock::new();
    let save = async {
        let (id, password) =
            super::accounts_store::save_account(call.db(), &ctx, form.id, valid).await?;
        if let Some(password) = password {
            let _ = shown.set(password);
        }
        Ok(i64::from(id))
    };
    let id = record_id(ctx.once.run(call.db(), save).await?)?;
    Ok(Saved {
        id,
        password: shown.into_inner(),
    })
}

#[server(prefix = "/api", endpoint = "amministrazione/account/attivo", client = CsrfClient)]
pub async fn set_account_active(id: i32, active: bool) -> Result<(), AppError> {
    let call = Call::of::<SetAccountActive>()?;
    let ctx = super::store::Ctx::of(&call);
    super::accounts_store::set_active(call.db(), &ctx, id, active).await
}

/// A new random password for the account, shown once.
#[server(prefix = "/api", endpoint = "amministrazione/account/password", client = CsrfClient)]
pub async fn reset_account_password(id: i32) -> Result<String, AppError> {
    let call = Call::of::<ResetAccountPassword>()?;
    let ctx = super::store::Ctx::of(&call);
    super::accounts_store::reset_password(call.db(), &ctx, id).await
}
