//! Server functions of the comune picker.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One choice in a comune picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComuneOption {
    pub istat: String,
    pub belfiore: String,
    /// "Sesto San Giovanni (MI)".
    pub label: String,
}

/// Current comuni whose name starts with `query`, the ATS's chief comuni
/// first (seed 004: Milano and Lodi at the top of the list).
#[server(prefix = "/api", endpoint = "comuni/cerca", client = crate::identity::csrf_client::CsrfClient)]
pub async fn search_comuni(query: String) -> Result<Vec<ComuneOption>, AppError> {
    use crate::schools::queries;
    const LIMIT: usize = 20;
    let state = crate::identity::Call::public::<SearchComuni>()?.state;
    let query: String = query.chars().take(60).collect();
    let chief = queries::ats_by_code(&state.db, &state.ats_code)
        .await?
        .map(|a| a.chief_istat())
        .unwrap_or_default();
    Ok(crate::places::search(&state.places, &query, &chief, LIMIT)
        .into_iter()
        .map(|p| ComuneOption {
            istat: p.istat.clone().unwrap_or_default(),
            belfiore: p.belfiore.clone(),
            label: p.label(),
        })
        .collect())
}
