//! A job's progress, for the page that started it (polled by its island).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::JobView;
use crate::error::AppError;

/// The job `id`, for the account that started it only: for anyone else it
/// is `None`, the same as a job that does not exist.
#[server(prefix = "/api", endpoint = "lavori/stato", input = GetUrl)]
pub async fn job_status(id: i32) -> Result<Option<JobView>, AppError> {
    let who = crate::identity::require::<JobStatus>()?;
    let state = crate::state::app_state()?;
    Ok(super::store::status(&state.db, id)
        .await?
        .filter(|job| job.created_by == Some(who.account_id))
        .map(|job| job.view()))
}
