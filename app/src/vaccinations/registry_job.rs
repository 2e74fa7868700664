//! The registry import as a job (server only): the ATS's extract streams
//! from the uploaded file into a new extract, batch by batch (memory stays
//! bounded whatever the file's size), and is put in force at the end in
//! one short transaction with its audit entry.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::registry_file::{RegistryRowError, read_rows};
use super::registry_store::{self, Loaded};
use super::summary::RegistryOutcome;
use crate::identity::Role;
use crate::identity::audit::{Actor, Change, Place};
use crate::jobs::uploads;
use crate::jobs::worker::{JobContext, JobError, Registry};

/// The job kind.
pub const KIND: &str = super::paths::REGISTRY_JOB_KIND;

/// Rows per batch from the reader to the database.
const BATCH: usize = 5_000;
/// Row errors kept in the outcome (the count is always exact).
const ERRORS_SHOWN: usize = 1_000;

/// What the upload hands to the job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistryPayload {
    pub upload_id: i32,
    pub ats_id: i32,
    pub file_name: String,
    pub client_ip: Option<String>,
}

pub fn register(registry: Registry) -> Registry {
    registry.with(KIND, run)
}

async fn run(ctx: JobContext) -> Result<serde_json::Value, JobError> {
    let input: RegistryPayload = ctx.payload()?;
    let outcome = import(&ctx, &input).await;
    if !matches!(outcome, Err(JobError::Transient)) {
        uploads::delete(&ctx.db, input.upload_id).await?;
    }
    serde_json::to_value(outcome?).map_err(|_| JobError::Transient)
}

/// What the reading thread sends: batches of rows, then the end.
enum Read {
    Rows(Vec<(String, [String; 5])>),
    End {
        errors: Vec<RegistryRowError>,
        pupils: usize,
    },
    Rejected(String),
}

async fn import(ctx: &JobContext, input: &RegistryPayload) -> Result<RegistryOutcome, JobError> {
    let Some(bytes) = uploads::content(&ctx.db, input.upload_id).await? else {
        return Err(JobError::Refused(
            "Il file caricato non è più disponibile: caricarlo di nuovo.".into(),
        ));
    };
    // Lines, for the progress bar (the header and blank lines included).
    let total = i64::try_from(bytecount_lines(&bytes).saturating_sub(1)).unwrap_or(i64::MAX);
    ctx.progress(0, total, "Lettura dell'anagrafe vaccinale in corso.")
        .await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Read>(4);
    // Reading is CPU work: its own thread, handing batches over a bounded
    // channel so at most a few batches are ever held.
    let reader = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(BATCH);
        let mut pupils: HashSet<String> = HashSet::new();
        let sent = read_rows(&bytes, |key, cells| {
            if !pupils.contains(key) {
                pupils.insert(key.to_owned());
            }
            batch.push((key.to_owned(), cells.map(str::to_owned)));
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                let _ = tx.blocking_send(Read::Rows(full));
            }
        });
        let last = match sent {
            Ok(errors) => {
                if !batch.is_empty() {
                    let _ = tx.blocking_send(Read::Rows(batch));
                }
                Read::End {
                    errors,
                    pupils: pupils.len(),
                }
            }
            Err(rejected) => Read::Rejected(rejected.to_string()),
        };
        let _ = tx.blocking_send(last);
    });
    let extract_id = registry_store::begin(
        &ctx.db,
        input.ats_id,
        ctx.job.id,
        &input.file_name,
        ctx.job.created_by,
        ctx.now(),
    )
    .await?;
    let mut stored: i64 = 0;
    let mut end = None;
    while let Some(message) = rx.recv().await {
        match message {
            Read::Rows(rows) => {
                registry_store::insert_rows(&ctx.db, extract_id, &rows).await?;
                stored += i64::try_from(rows.len()).unwrap_or(i64::MAX);
                ctx.progress(
                    stored,
                    total,
                    "Caricamento dell'anagrafe vaccinale in corso.",
                )
                .await?;
            }
            Read::End { errors, pupils } => end = Some((errors, pupils)),
            Read::Rejected(reason) => {
                let _ = reader.await;
                return Err(JobError::Refused(reason));
            }
        }
    }
    let _ = reader.await;
    let Some((errors, pupils)) = end else {
        return Err(JobError::Transient);
    };
    let loaded = Loaded {
        pupils: i64::try_from(pupils).unwrap_or(i64::MAX),
        rows: stored,
        rejected_rows: i64::try_from(errors.len()).unwrap_or(i64::MAX),
    };
    let txn = crate::db::begin_write(&ctx.db).await?;
    if !registry_store::activate(&txn, input.ats_id, extract_id, loaded).await? {
        return Err(JobError::Transient);
    }
    let actor = match ctx.job.created_by {
        Some(id) => Actor::account(id, Role::OperatoreAts, input.client_ip.as_deref()),
        None => Actor::system(),
    };
    let place = Place {
        ats_id: Some(input.ats_id),
        istituto_id: None,
    };
    let changes = serde_json::json!({
        "assistiti": loaded.pupils,
        "righe": loaded.rows,
        "righe_scartate": loaded.rejected_rows,
    });
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "import",
                "lovs_extracts",
                Some(i64::from(extract_id)),
                changes,
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(RegistryOutcome {
        pupils: loaded.pupils,
        rows: loaded.rows,
        rejected_rows: loaded.rejected_rows,
        errors: errors
            .into_iter()
            .take(ERRORS_SHOWN)
            .map(|e| (e.row, e.message))
            .collect(),
    })
}

/// Newline count plus one for a last line without its newline.
fn bytecount_lines(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}
