//! The registry import as a job (server only): the uploaded Ministry CSV is
//! parsed and its good rows saved into istituti and plessi of one ATS, in
//! one transaction with its audit entry, on whichever instance claims it.

use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use super::api::ImportOutcome;
use crate::identity::Role;
use crate::identity::audit::{Actor, Change, Place};
use crate::jobs::uploads;
use crate::jobs::worker::{JobContext, JobError, Registry};
use crate::schools::entity::ats;
use crate::schools::import_db::save_imported;
use crate::schools::parse_registry_csv;

/// The job kind.
pub const KIND: &str = "registry_import";

/// What the upload hands to the job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportPayload {
    pub upload_id: i32,
    pub ats_id: i32,
    /// For the audit entry, as the request that asked for it.
    pub client_ip: Option<String>,
}

pub fn register(registry: Registry) -> Registry {
    registry.with(KIND, run)
}

async fn run(ctx: JobContext) -> Result<serde_json::Value, JobError> {
    let input: ImportPayload = ctx.payload()?;
    let outcome = import(&ctx, &input).await;
    // The file is no longer needed once the outcome is final; a transient
    // failure keeps it for the retry.
    if !matches!(outcome, Err(JobError::Transient)) {
        uploads::delete(&ctx.db, input.upload_id).await?;
    }
    let outcome = outcome?;
    serde_json::to_value(outcome).map_err(|_| JobError::Transient)
}

async fn import(ctx: &JobContext, input: &ImportPayload) -> Result<ImportOutcome, JobError> {
    let Some(bytes) = uploads::content(&ctx.db, input.upload_id).await? else {
        return Err(JobError::Refused(
            "Il file caricato non è più disponibile: caricarlo di nuovo.".into(),
        ));
    };
    ctx.progress(0, 0, "Lettura del file in corso.").await?;
    // Parsing is CPU work: off the async threads.
    let report = tokio::task::spawn_blocking(move || parse_registry_csv(&bytes))
        .await
        .map_err(|_| JobError::Transient)?;
    if let Some(fatal) = report.file_error {
        return Err(JobError::Refused(fatal.to_string()));
    }
    let Some(target) = ats::Entity::find_by_id(input.ats_id).one(&ctx.db).await? else {
        return Err(JobError::Refused(
            "L'ATS scelta non esiste più: sceglierne un'altra e ripetere l'importazione.".into(),
        ));
    };
    let total = i64::try_from(report.schools.len()).unwrap_or(i64::MAX);
    ctx.progress(0, total, "Salvataggio delle righe valide in corso.")
        .await?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let counts = save_imported(&txn, target.id, &report.schools).await?;
    // The administrator who uploaded the file, as the upload recorded them.
    let actor = match ctx.job.created_by {
        Some(id) => Actor::account(id, Role::Amministratore, input.client_ip.as_deref()),
        None => Actor::system(),
    };
    let changes = serde_json::json!({
        "righe_valide": report.schools.len(),
        "righe_scartate": report.errors.len(),
        "istituti_creati": counts.istituti_created,
        "plessi_creati": counts.plessi_created,
    });
    let place = Place {
        ats_id: Some(target.id),
        istituto_id: None,
    };
    actor
        .record_at(&txn, place, Change::new("import", "plessi", None, changes))
        .await?;
    txn.commit().await?;
    Ok(ImportOutcome {
        imported: report.schools.len(),
        counts,
        skipped: report.skipped,
        errors: report.errors,
    })
}
