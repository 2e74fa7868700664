//! Server function of the audit browser: administrators see every row, ATS
//! operators the rows of their territory; filters by date range, actor and
//! entity (and istituto).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Most rows one request returns (newest first).
pub const MAX_ROWS: u64 = 500;

/// The filter form's fields, as typed (dates dd/mm/yyyy or yyyy-mm-dd).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub dal: String,
    pub al: String,
    /// Username of the actor.
    pub utente: String,
    pub entita: String,
    /// Codice meccanografico of an istituto.
    pub istituto: String,
}

/// Entities the filter offers, with their Italian names.
pub const ENTITIES: [(&str, &str); 2] = [("sessions", "Accessi e uscite"), ("accounts", "Account")];

/// One row as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// Europe/Rome local time, dd/mm/yyyy hh:mm:ss.
    pub at: String,
    /// Username, or "sistema" for rows written by the portal itself.
    pub actor: String,
    pub role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub changes: String,
    pub client_ip: String,
}

#[server(prefix = "/api", endpoint = "registro-attivita", input = GetUrl)]
pub async fn list_audit(#[server(default)] filter: AuditFilter) -> Result<Vec<AuditRow>, AppError> {
    let crate::identity::Call { who, state, .. } = crate::identity::Call::of::<ListAudit>()?;
    let query = super::filter::to_query(&state.db, &who, &filter).await?;
    let rows = crate::identity::audit::browse(&state.db, &query, MAX_ROWS).await?;
    Ok(rows
        .into_iter()
        .map(|(row, username)| super::filter::to_row(row, username))
        .collect())
}
