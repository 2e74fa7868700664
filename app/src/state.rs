//! Server-side state handed to every server function through Leptos context.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::places::Place;
use crate::validation::dates::Clock;

/// Shared by the axum router and the server functions.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    /// Comuni and countries, parsed once from the shipped data file: the
    /// picker searches this in memory (read-only, identical on every instance).
    pub places: Arc<Vec<Place>>,
    /// "Today" for every date rule; fixed by `PORTALE_TODAY` in tests and demos.
    pub clock: Arc<dyn Clock + Send + Sync>,
    /// Code of the ATS this deployment serves (header, picker order).
    pub ats_code: String,
}

impl AppState {
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

/// The state, from inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}
