//! The door of each module: one server function per module, declared
//! `Policy::Module(..)` in the registry, answers who may work there now
//! (dirigente, a delegate with a valid delegation, …) or the Italian reason
//! why not. Module pages and the menu ask the same central check, on every
//! request, so a revocation or an expiry takes effect at once.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::identity::Module;

/// What a module's landing page shows about the caller's access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleHome {
    pub module: Module,
    /// Set for delegates: until when the delegation covering it lasts.
    pub delegated_until: Option<NaiveDate>,
}

#[cfg(feature = "ssr")]
async fn home<F: leptos::server_fn::ServerFn>(module: Module) -> Result<ModuleHome, AppError> {
    let call = crate::identity::Call::of::<F>()?;
    let delegated_until = match call.who.role {
        crate::identity::Role::Delegato => {
            ssr::delegated_until(call.db(), &call.who, module, call.today()).await?
        }
        _ => None,
    };
    Ok(ModuleHome {
        module,
        delegated_until,
    })
}

#[server(prefix = "/api", endpoint = "moduli/obbligo-vaccinale", input = GetUrl)]
pub async fn vaccinations_home() -> Result<ModuleHome, AppError> {
    home::<VaccinationsHome>(Module::Vaccinations).await
}

#[server(prefix = "/api", endpoint = "moduli/casi", input = GetUrl)]
pub async fn cases_home() -> Result<ModuleHome, AppError> {
    home::<CasesHome>(Module::Cases).await
}

#[server(prefix = "/api", endpoint = "moduli/allontanamenti", input = GetUrl)]
pub async fn removals_home() -> Result<ModuleHome, AppError> {
    home::<RemovalsHome>(Module::Removals).await
}

#[server(prefix = "/api", endpoint = "moduli/assenze", input = GetUrl)]
pub async fn absences_home() -> Result<ModuleHome, AppError> {
    home::<AbsencesHome>(Module::Absences).await
}

/// The module's server function, called during server rendering.
pub async fn module_home(module: Module) -> Result<ModuleHome, AppError> {
    match module {
        Module::Vaccinations => vaccinations_home().await,
        Module::Cases => cases_home().await,
        Module::Removals => removals_home().await,
        Module::Absences => absences_home().await,
    }
}

/// The modules the menu lists for the caller: all of them to visitors (the
/// pages explain the module and ask to log in), otherwise those the central
/// policy lets the caller use now.
pub fn visible_modules() -> Vec<Module> {
    #[cfg(feature = "ssr")]
    {
        use crate::identity::{Policy, Target};
        if let Some(who) = crate::identity::current::current_optional() {
            return Module::ALL
                .into_iter()
                .filter(|m| {
                    Policy::Module(*m)
                        .check(Some(&who), &Target::Caller)
                        .is_ok()
                })
                .collect();
        }
    }
    Module::ALL.to_vec()
}

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::NaiveDate;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

    use crate::delegations::entity as delegation;
    use crate::delegations::rules::DelegationState;
    use crate::error::AppError;
    use crate::identity::{Identity, Module};

    /// The latest end date among the caller's delegations in force for `module`.
    pub async fn delegated_until(
        db: &DatabaseConnection,
        who: &Identity,
        module: Module,
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, AppError> {
        let rows = delegation::Entity::find()
            .filter(delegation::Column::DelegateAccountId.eq(who.account_id))
            .all(db)
            .await?;
        Ok(rows
            .iter()
            .filter(|d| d.module_list().contains(&module))
            .filter(|d| {
                DelegationState::of(d.start_date, d.end_date, d.revoked_on, today)
                    == DelegationState::Attiva
            })
            .map(|d| d.end_date)
            .max())
    }
}
