//! What every page needs from the server: the ATS's name and the server's
//! "today", so browser-side date rules use the same day as the server.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub ats_name: String,
    pub today: NaiveDate,
}

#[server(prefix = "/api", endpoint = "sito", client = crate::identity::csrf_client::CsrfClient)]
pub async fn load_site_info() -> Result<SiteInfo, AppError> {
    use crate::schools::queries;
    let state = crate::identity::Call::public::<LoadSiteInfo>()?.state;
    let ats_name = queries::ats_by_code(&state.db, &state.ats_code)
        .await?
        .map(|ats| ats.name)
        .unwrap_or_else(|| "ATS".to_owned());
    Ok(SiteInfo {
        ats_name,
        today: state.today(),
    })
}

pub type SiteResource = Resource<Result<SiteInfo, AppError>>;

/// Loads [`SiteInfo`] once during server rendering (serialised into the
/// page) and puts it in context for every page.
pub fn provide_site_info() -> SiteResource {
    let info: SiteResource = Resource::new_blocking(|| (), |_| load_site_info());
    provide_context(info);
    info
}
