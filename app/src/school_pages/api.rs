//! Server functions of "La mia scuola": the istituti and plessi the caller's
//! scope covers, and one istituto by its codice meccanografico.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::Call;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlessoView {
    pub codice: String,
    pub name: String,
    pub address: String,
    /// "Milano (MI)".
    pub comune: String,
    /// Italian label of the school type.
    pub school_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IstitutoView {
    pub codice: String,
    pub name: String,
    pub comune: String,
    /// Only the plessi the caller's scope covers (a referente: its own).
    pub plessi: Vec<PlessoView>,
}

/// Every istituto the caller reaches: dirigente and delegato their own, a
/// referente its own with only its plesso, an ATS operator those of its
/// ATS, an administrator all.
#[server(prefix = "/api", endpoint = "scuola", input = GetUrl)]
pub async fn my_schools() -> Result<Vec<IstitutoView>, AppError> {
    let Call { who, state, .. } = Call::of::<MySchools>()?;
    super::views::in_scope(&state.db, &state.places, &who).await
}

/// One istituto. Another school's codice gets exactly the answer of a codice
/// that does not exist.
#[server(prefix = "/api", endpoint = "scuola/istituto", input = GetUrl)]
pub async fn school_detail(codice: String) -> Result<IstitutoView, AppError> {
    use crate::identity::Target;
    let call = Call::of::<SchoolDetail>()?;
    let codice: String = codice.trim().to_uppercase().chars().take(16).collect();
    let istituto = crate::schools::queries::istituto_by_codice(call.db(), &codice)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&Target::Istituto {
        ats_id: istituto.ats_id,
        istituto_id: istituto.id,
    })?;
    let state = &call.state;
    super::views::view_of(&state.db, &state.places, &call.who, istituto).await
}
