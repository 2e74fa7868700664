//! The module's reads (server only): a school's uploads with their jobs,
//! one upload's problems, the ATS's overview of its schools, the letters
//! to families, and the class rosters the case module offers.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::compliance::{Outcome, Vaccine};
use super::entity::{extract, pupil, upload};
use super::registry_store;
use super::summary::{
    AtsOverview, Counts, Letter, Letters, RegistryInfo, RowProblem, SchoolState, UploadRow,
    UploadState,
};
use crate::identity::entity::accounts;
use crate::jobs::entity as jobs;
use crate::jobs::{JobState, JobView};
use crate::schools::entity::{ats, istituto, plesso};
use crate::validation::dates::{format_date_it, format_datetime_it};

/// The job of an upload as the page shows it (a missing job reads as failed).
fn job_view(job: Option<&jobs::Model>, job_id: i32) -> JobView {
    job.map(jobs::Model::view).unwrap_or(JobView {
        id: job_id,
        kind: super::check_job::KIND.to_owned(),
        state: JobState::Failed,
        done: 0,
        total: 0,
        message: String::new(),
        result: None,
    })
}

/// One upload as the lists show it.
pub fn upload_row(model: &upload::Model, job: Option<&jobs::Model>) -> UploadRow {
    let counts: Counts = serde_json::from_str(&model.counts).unwrap_or_default();
    UploadRow {
        id: model.id,
        file_name: model.file_name.clone(),
        uploaded_by: model.uploaded_by_name.clone(),
        uploaded_at: format_datetime_it(model.uploaded_at),
        check_date: format_date_it(model.check_date),
        job: job_view(job, model.job_id),
        rows: model.rows,
        valid: model.valid,
        with_errors: model.with_errors,
        counts,
    }
}

/// The jobs of `ids`, by id.
async fn jobs_of(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, jobs::Model>, DbErr> {
    Ok(jobs::Entity::find()
        .filter(jobs::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|j| (j.id, j))
        .collect())
}

/// An istituto's uploads, newest first (without their files).
pub async fn school_uploads(
    db: &impl ConnectionTrait,
    istituto_id: i32,
) -> Result<Vec<UploadRow>, DbErr> {
    let rows = upload::Entity::find()
        .filter(upload::Column::IstitutoId.eq(istituto_id))
        .order_by_desc(upload::Column::Id)
        .all(db)
        .await?;
    let jobs = jobs_of(db, rows.iter().map(|r| r.job_id).collect()).await?;
    Ok(rows
        .iter()
        .map(|r| upload_row(r, jobs.get(&r.job_id)))
        .collect())
}

/// One upload with its job.
pub async fn upload_with_job(
    db: &impl ConnectionTrait,
    model: &upload::Model,
) -> Result<UploadRow, DbErr> {
    let job = jobs::Entity::find_by_id(model.job_id).one(db).await?;
    Ok(upload_row(model, job.as_ref()))
}

/// The row problems stored with an upload.
pub fn problems(model: &upload::Model) -> Vec<RowProblem> {
    model
        .problems
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_default()
}

pub async fn istituto_name(db: &impl ConnectionTrait, id: i32) -> Result<String, DbErr> {
    Ok(istituto::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|i| format!("{} ({})", i.name, i.codice))
        .unwrap_or_default())
}

/// The extract in force for the ATS, as its page shows it.
pub async fn registry_info(
    db: &impl ConnectionTrait,
    ats_id: i32,
) -> Result<Option<RegistryInfo>, DbErr> {
    let Some(active) = registry_store::active(db, ats_id).await? else {
        return Ok(None);
    };
    Ok(Some(info_of(db, &active).await?))
}

async fn info_of(db: &impl ConnectionTrait, e: &extract::Model) -> Result<RegistryInfo, DbErr> {
    let loaded_by = match e.loaded_by {
        Some(id) => accounts::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.full_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(RegistryInfo {
        file_name: e.file_name.clone(),
        loaded_by,
        loaded_at: format_datetime_it(e.loaded_at),
        pupils: e.pupils,
        rows: e.rows,
        rejected_rows: e.rejected_rows,
    })
}

/// Every istituto of the ATS with its latest upload (state and, from the
/// latest processed one, the counts).
pub async fn ats_overview(db: &impl ConnectionTrait, ats_id: i32) -> Result<AtsOverview, DbErr> {
    let ats_name = ats::Entity::find_by_id(ats_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let istituti = istituto::Entity::find()
        .filter(istituto::Column::AtsId.eq(ats_id))
        .order_by_asc(istituto::Column::Codice)
        .all(db)
        .await?;
    let uploads = upload::Entity::find()
        .filter(upload::Column::AtsId.eq(ats_id))
        .order_by_desc(upload::Column::Id)
        .all(db)
        .await?;
    let jobs = jobs_of(db, uploads.iter().map(|u| u.job_id).collect()).await?;
    let schools = istituti
        .iter()
        .map(|i| {
            let mine: Vec<&upload::Model> =
                uploads.iter().filter(|u| u.istituto_id == i.id).collect();
            let state_of = |u: &upload::Model| {
                let job = jobs.get(&u.job_id);
                UploadState::of(job.map_or(JobState::Failed, |j| j.job_state()))
            };
            let latest = mine.first();
            let processed = mine.iter().find(|u| state_of(u) == UploadState::Elaborato);
            SchoolState {
                codice: i.codice.clone(),
                name: i.name.clone(),
                state: latest.map(|u| state_of(u)),
                uploaded_at: latest.map(|u| format_datetime_it(u.uploaded_at)),
                counts: processed
                    .and_then(|u| serde_json::from_str(&u.counts).ok())
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(AtsOverview {
        ats: ats_name,
        registry: registry_info(db, ats_id).await?,
        schools,
    })
}

/// The 10 July following `today` (the families' deadline, LOVS-RULES §5).
pub fn documents_deadline(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 7, 10).unwrap_or(today);
    if today <= this_year {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 7, 10).unwrap_or(today)
    }
}

/// "anti-poliomielitica (dose 2)" for each `vaccino:dose` pair.
pub fn missing_in_words(mancanti: &str) -> Vec<String> {
    mancanti
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (vaccine, dose) = pair.split_once(':').unwrap_or((pair, ""));
            let name: &str = match Vaccine::from_key(vaccine) {
                Some(v) => v.label_it(),
                None => vaccine,
            };
            if dose.is_empty() {
                name.to_owned()
            } else {
                format!("{name} (dose {dose})")
            }
        })
        .collect()
}

/// The letters of an upload: one per pupil not in order.
pub async fn letters(
    db: &impl ConnectionTrait,
    model: &upload::Model,
    today: NaiveDate,
) -> Result<Letters, DbErr> {
    let pupils = pupil::Entity::find()
        .filter(pupil::Column::UploadId.eq(model.id))
        .filter(pupil::Column::Esito.eq(Outcome::NonInRegola.key()))
        .order_by_asc(pupil::Column::Classe)
        .order_by_asc(pupil::Column::Sezione)
        .order_by_asc(pupil::Column::Cognome)
        .order_by_asc(pupil::Column::Nome)
        .all(db)
        .await?;
    let plessi: HashMap<String, String> = plesso::Entity::find()
        .filter(plesso::Column::IstitutoId.eq(model.istituto_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.codice, p.name))
        .collect();
    Ok(Letters {
        istituto: istituto_name(db, model.istituto_id).await?,
        today: format_date_it(today),
        deadline: format_date_it(documents_deadline(today)),
        letters: pupils
            .iter()
            .map(|p| Letter {
                cognome: p.cognome.clone(),
                nome: p.nome.clone(),
                data_nascita: format_date_it(p.data_nascita),
                classe: p.classe.clone(),
                sezione: p.sezione.clone(),
                plesso: plessi.get(&p.codice_plesso).cloned().unwrap_or_default(),
                mancanti: missing_in_words(&p.mancanti),
                in_corso: p.esito == Outcome::InCorso.key(),
            })
            .collect(),
    })
}

/// One pupil of a class roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPupil {
    pub classe: String,
    pub sezione: String,
    pub cognome: String,
    pub nome: String,
    pub codice_fiscale: String,
    pub data_nascita: NaiveDate,
}

/// A plesso's pupils from its latest processed LOVS list, by class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub pupils: Vec<RosterPupil>,
    /// The check date of the list it comes from.
    pub as_of: NaiveDate,
    /// The list is from an earlier school year than `today`'s.
    pub stale: bool,
}

/// The school year (1 September – 31 August) a day belongs to, by its
/// first calendar year.
pub fn school_year(day: NaiveDate) -> i32 {
    if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// The roster of plesso `codice` (of istituto `istituto_id`), or None when
/// no processed list names it.
pub async fn roster(
    db: &impl ConnectionTrait,
    istituto_id: i32,
    codice: &str,
    today: NaiveDate,
) -> Result<Option<Roster>, DbErr> {
    let uploads = upload::Entity::find()
        .filter(upload::Column::IstitutoId.eq(istituto_id))
        .filter(upload::Column::Outcome.is_not_null())
        .order_by_desc(upload::Column::Id)
        .all(db)
        .await?;
    for model in &uploads {
        let pupils = pupil::Entity::find()
            .filter(pupil::Column::UploadId.eq(model.id))
            .filter(pupil::Column::CodicePlesso.eq(codice))
            .order_by_asc(pupil::Column::Classe)
            .order_by_asc(pupil::Column::Sezione)
            .order_by_asc(pupil::Column::Cognome)
            .order_by_asc(pupil::Column::Nome)
            .all(db)
            .await?;
        if pupils.is_empty() {
            continue;
        }
        return Ok(Some(Roster {
            pupils: pupils
                .into_iter()
                .map(|p| RosterPupil {
                    classe: p.classe,
                    sezione: p.sezione,
                    cognome: p.cognome,
                    nome: p.nome,
                    codice_fiscale: p.codice_fiscale,
                    data_nascita: p.data_nascita,
                })
                .collect(),
            as_of: model.check_date,
            stale: school_year(model.check_date) < school_year(today),
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_deadline_is_the_next_tenth_of_july() {
        assert_eq!(documents_deadline(d(2026, 6, 12)), d(2026, 7, 10));
        assert_eq!(documents_deadline(d(2026, 7, 10)), d(2026, 7, 10));
        assert_eq!(documents_deadline(d(2026, 12, 1)), d(2027, 7, 10));
    }

    #[test]
    fn school_years_start_in_september() {
        assert_eq!(school_year(d(2026, 8, 31)), 2025);
        assert_eq!(school_year(d(2026, 9, 1)), 2026);
    }

    #[test]
    fn missing_doses_read_in_italian() {
        let words = missing_in_words("polio:4,measles:2");
        assert_eq!(words.len(), 2);
        assert!(words[0].ends_with("(dose 4)"), "{words:?}");
        assert!(missing_in_words("").is_empty());
    }
}
