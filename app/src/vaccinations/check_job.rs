//! A school's upload checked as a job (server only): the file's rows by the
//! rules of `check-lovs`, each valid pupil against the registry extract in
//! force when the check starts (pinned, so a re-import meanwhile changes
//! nothing), the outcome file by the code of `lovs-outcome`. Everything is
//! written in one transaction at the end: a check cut off by a restart is
//! simply run again by whichever instance resumes it, and no row is ever
//! counted twice.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde::{Deserialize, Serialize};

use super::compliance::check;
use super::entity::{pupil, upload};
use super::outcome_file::{self, SCARTATO};
use super::registry_file::Registry;
use super::registry_store;
use super::school_file::{self, CheckedFile};
use super::summary::{Counts, RowProblem};
use super::xlsx_input;
use crate::identity::audit::{Actor, Change, Place};
use crate::jobs::uploads;
use crate::jobs::worker::{JobContext, JobError, Registry as Kinds};
use crate::schools::entity::plesso;

/// The job kind.
pub const KIND: &str = "lovs_check";

/// Pupils looked up per step (one progress update each).
const STEP: usize = 500;

/// What the upload hands to the job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckPayload {
    /// The `lovs_uploads` row.
    pub lovs_upload_id: i32,
    /// The stored file (`uploads`).
    pub file_id: i32,
}

/// Refusal of a check before the ATS has any extract in force.
pub const NO_REGISTRY: &str = "L'anagrafe vaccinale dell'ATS non è ancora disponibile: il file \
    sarà verificabile quando l'ATS l'avrà caricata. Ricaricare il file più avanti.";

pub fn register(kinds: Kinds) -> Kinds {
    kinds.with(KIND, run)
}

async fn run(ctx: JobContext) -> Result<serde_json::Value, JobError> {
    let input: CheckPayload = ctx.payload()?;
    let outcome = process(&ctx, &input).await;
    if !matches!(outcome, Err(JobError::Transient)) {
        uploads::delete(&ctx.db, input.file_id).await?;
    }
    serde_json::to_value(outcome?).map_err(|_| JobError::Transient)
}

/// The file's text: CSV as sent, or the workbook's first sheet.
fn readable(bytes: Vec<u8>) -> Result<Vec<u8>, JobError> {
    if xlsx_input::is_xlsx(&bytes) {
        xlsx_input::to_csv(&bytes).map_err(|m| JobError::Refused(m.to_owned()))
    } else {
        Ok(bytes)
    }
}

async fn process(ctx: &JobContext, input: &CheckPayload) -> Result<Counts, JobError> {
    let Some(row) = upload::Entity::find_by_id(input.lovs_upload_id)
        .one(&ctx.db)
        .await?
    else {
        return Err(JobError::Refused("Caricamento non più presente.".into()));
    };
    let Some(bytes) = uploads::content(&ctx.db, input.file_id).await? else {
        return Err(JobError::Refused(
            "Il file caricato non è più disponibile: caricarlo di nuovo.".into(),
        ));
    };
    // The extract in force now, pinned for the whole check (a retry keeps
    // the one it pinned, if still there).
    let extract_id = match row.extract_id {
        Some(id) => id,
        None => {
            let Some(extract) = registry_store::active(&ctx.db, row.ats_id).await? else {
                return Err(JobError::Refused(NO_REGISTRY.into()));
            };
            let mut pin = row.clone().into_active_model();
            pin.extract_id = Set(Some(extract.id));
            pin.update(&ctx.db).await?;
            extract.id
        }
    };
    ctx.progress(0, 0, "Lettura del file in corso.").await?;
    let plessi: HashSet<String> = plesso::Entity::find()
        .filter(plesso::Column::IstitutoId.eq(row.istituto_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| p.codice)
        .collect();
    let check_date = row.check_date;
    let (text, file) = {
        let plessi = plessi.clone();
        tokio::task::spawn_blocking(move || {
            let text = readable(bytes)?;
            let file = school_file::check(&text, check_date, Some(&plessi))
                .map_err(|e| JobError::Refused(e.to_string()))?;
            Ok::<_, JobError>((text, file))
        })
        .await
        .map_err(|_| JobError::Transient)??
    };
    let total = i64::try_from(file.rows).unwrap_or(i64::MAX);
    let mut registry = Registry::default();
    let codici: Vec<&str> = file
        .pupils
        .iter()
        .map(|p| p.codice_fiscale.as_str())
        .collect();
    let mut done = 0usize;
    for chunk in codici.chunks(STEP) {
        registry_store::add_chunk(&ctx.db, extract_id, chunk, &mut registry).await?;
        done += chunk.len();
        let shown = i64::try_from(done).unwrap_or(i64::MAX);
        ctx.progress(shown, total, "Verifica con l'anagrafe vaccinale in corso.")
            .await?;
    }
    let (outcome, pupils, counts) = tokio::task::spawn_blocking(move || {
        let outcome = outcome_file::write(&text, &registry, check_date, Some(&plessi))
            .map_err(|e| JobError::Refused(e.to_string()))?;
        let (pupils, counts) = verdicts(&file, &registry, check_date);
        Ok::<_, JobError>((outcome, pupils, (counts, file)))
    })
    .await
    .map_err(|_| JobError::Transient)??;
    let (counts, file) = counts;
    save(ctx, &row, outcome, pupils, &counts, &file).await?;
    Ok(counts)
}

/// Each valid pupil's row for `lovs_pupils`, and the counts per outcome.
fn verdicts(
    file: &CheckedFile,
    registry: &Registry,
    check_date: NaiveDate,
) -> (Vec<pupil::ActiveModel>, Counts) {
    let mut counts: Counts = BTreeMap::new();
    let mut rows = Vec::with_capacity(file.pupils.len());
    for p in &file.pupils {
        let record = registry.record(&p.codice_fiscale, p.data_nascita, check_date);
        let verdict = check(&record, check_date);
        *counts.entry(verdict.outcome.key().to_owned()).or_default() += 1;
        let mancanti = verdict
            .missing
            .iter()
            .map(|(v, d)| format!("{}:{d}", v.key()))
            .collect::<Vec<_>>()
            .join(",");
        rows.push(pupil::ActiveModel {
            row: Set(i32::try_from(p.row).unwrap_or(i32::MAX)),
            codice_plesso: Set(p.codice_plesso.chars().take(16).collect()),
            classe: Set(p.classe.chars().take(32).collect()),
            sezione: Set(p.sezione.chars().take(32).collect()),
            cognome: Set(p.cognome.chars().take(120).collect()),
            nome: Set(p.nome.chars().take(120).collect()),
            codice_fiscale: Set(p.codice_fiscale.chars().take(32).collect()),
            data_nascita: Set(p.data_nascita),
            esito: Set(verdict.outcome.key().to_owned()),
            mancanti: Set(mancanti),
            ..Default::default()
        });
    }
    if file.with_errors > 0 {
        counts.insert(
            SCARTATO.to_owned(),
            i64::try_from(file.with_errors).unwrap_or(i64::MAX),
        );
    }
    (rows, counts)
}

/// Writes the outcome, the pupils and the audit entry in one transaction
/// (an earlier, cut-off attempt's pupils are replaced).
async fn save(
    ctx: &JobContext,
    row: &upload::Model,
    outcome: Vec<u8>,
    pupils: Vec<pupil::ActiveModel>,
    counts: &Counts,
    file: &CheckedFile,
) -> Result<(), JobError> {
    let problems: Vec<RowProblem> = file
        .problems
        .iter()
        .map(|p| RowProblem {
            row: p.row,
            column: p.column.to_owned(),
            message: p.message.clone(),
            warning: p.warning,
        })
        .collect();
    let txn = crate::db::begin_write(&ctx.db).await?;
    pupil::Entity::delete_many()
        .filter(pupil::Column::UploadId.eq(row.id))
        .exec(&txn)
        .await?;
    let rows: Vec<pupil::ActiveModel> = pupils
        .into_iter()
        .map(|mut p| {
            p.upload_id = Set(row.id);
            p
        })
        .collect();
    for chunk in rows.chunks(500) {
        pupil::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    let valid = file.rows - file.with_errors;
    let mut update = row.clone().into_active_model();
    update.rows = Set(i64::try_from(file.rows).unwrap_or(i64::MAX));
    update.valid = Set(i64::try_from(valid).unwrap_or(i64::MAX));
    update.with_errors = Set(i64::try_from(file.with_errors).unwrap_or(i64::MAX));
    update.counts = Set(serde_json::to_string(counts).unwrap_or_default());
    update.problems = Set(Some(serde_json::to_string(&problems).unwrap_or_default()));
    update.outcome = Set(Some(outcome));
    update.update(&txn).await?;
    let place = Place {
        ats_id: Some(row.ats_id),
        istituto_id: Some(row.istituto_id),
    };
    let changes = serde_json::json!({ "righe": file.rows, "esiti": counts });
    Actor::system()
        .record_at(
            &txn,
            place,
            Change::new(
                "elaborazione",
                "lovs_uploads",
                Some(i64::from(row.id)),
                changes,
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
