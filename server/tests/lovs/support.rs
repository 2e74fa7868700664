//! The pupils, files and steps the LOVS tests share.

use app::codice_fiscale::{Sex, encode};
use app::state::AppState;
use app::vaccinations::entity::{extract, pupil, upload};
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
};
use tower::ServiceExt;

use crate::common;
use crate::common::web::{Reply, Session, call, multipart_body, post_multipart};

fn cf(surname: &str, name: &str, y: i32, m: u32, d: u32, sex: Sex) -> String {
    encode(
        surname,
        name,
        NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        sex,
        "F205",
    )
    .unwrap()
    .to_string()
}

/// The pupils of the tests' school, one per outcome.
pub struct Pupils {
    /// In the registry, no dose: non in regola.
    pub unvaccinated: String,
    /// In the registry with an appointment to come: in corso.
    pub booked: String,
    /// Not in the registry: non presente.
    pub unknown: String,
    /// 18 years old: past the obligation, in regola (with a warning).
    pub older: String,
}

impl Pupils {
    pub fn new() -> Self {
        Pupils {
            unvaccinated: cf("Rossi", "Luca", 2019, 5, 10, Sex::M),
            booked: cf("Bianchi", "Anna", 2019, 6, 11, Sex::F),
            unknown: cf("Verdi", "Marco", 2018, 3, 3, Sex::M),
            older: cf("Neri", "Paolo", 2008, 1, 15, Sex::M),
        }
    }

    /// The registry extract (one bad row), as the ATS imports it.
    pub fn registry(&self) -> Vec<u8> {
        format!(
            "codice_fiscale,tipo,vaccino,dose,data,fino_al\n\
             {u},anagrafe,,,10/05/2019,\n\
             {b},anagrafe,,,11/06/2019,\n\
             {b},appuntamento,,,2026-12-15,\n\
             {o},anagrafe,,,15/01/2008,\n\
             {o},bogus,,,,\n",
            u = self.unvaccinated,
            b = self.booked,
            o = self.older,
        )
        .into_bytes()
    }

    /// The same, where the unvaccinated pupil has an appointment too.
    pub fn registry_with_appointment(&self) -> Vec<u8> {
        let mut bytes = self.registry();
        bytes.extend_from_slice(format!("{},appuntamento,,,,\n", self.unvaccinated).as_bytes());
        bytes
    }

    /// The school's file as UTF-8 text, `;`: seven data rows, three bad.
    pub fn school_rows(&self) -> String {
        format!(
            "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione;note\n\
             {u};Rossi;Luca;10/05/2019;M;MIEE8ZZ02V;2;A;Città\n\
             XXXXXX00X00X000X;Gialli;Rita;01/02/2019;F;MIEE8ZZ02V;2;A;\n\
             {b};Bianchi;Anna;11/06/2019;F;MIEE8ZZ02V;2;B;=1+1\n\
             {k};Verdi;Marco;03/03/2018;M;MIEE8ZZ02V;3;A;\n\
             {o};Neri;Paolo;15/01/2008;M;MIEE8ZZ02V;5;A;\n\
             {u};Rossi;Luca;10/05/2019;M;MIEE8ZZ02V;2;A;\n\
             {k2};Blu;Sara;04/04/2018;F;LOPS0ZZ01B;3;A;\n",
            u = self.unvaccinated,
            b = self.booked,
            k = self.unknown,
            o = self.older,
            k2 = cf("Blu", "Sara", 2018, 4, 4, Sex::F),
        )
    }

    /// What a secretary's Excel saves: Windows-1252, CRLF.
    pub fn school_file_windows_1252(&self) -> Vec<u8> {
        let text = self.school_rows().replace('\n', "\r\n");
        encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
    }
}

/// Runs every due job, as the server's worker would.
pub async fn run_jobs(state: &AppState) {
    let worker = app::jobs::worker::Worker::new(
        state.db.clone(),
        app::shell::job_kinds(),
        state.now.clone(),
    );
    while worker.run_once().await.unwrap().is_some() {}
}

fn location(reply: &Reply, prefix: &str) -> i32 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let to = reply.headers[axum::http::header::LOCATION]
        .to_str()
        .unwrap();
    to.strip_prefix(prefix)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not {prefix}…: {to}"))
}

/// The ATS operator imports `file`; the import's job id.
pub async fn import_registry(router: &axum::Router, operator: &Session, file: &[u8]) -> i32 {
    let body = multipart_body(Some(&operator.csrf), &[], Some(("anagrafe.csv", file)));
    let reply = call(
        router,
        operator.cookie_only(post_multipart("/obbligo-vaccinale/anagrafe", body)),
    )
    .await;
    location(&reply, "/obbligo-vaccinale/anagrafe/")
}

/// The principal uploads `file`; the upload's id.
pub async fn upload_school_file(
    router: &axum::Router,
    principal: &Session,
    name: &str,
    file: &[u8],
) -> i32 {
    let body = multipart_body(Some(&principal.csrf), &[], Some((name, file)));
    let reply = call(
        router,
        principal.cookie_only(post_multipart("/obbligo-vaccinale/carica", body)),
    )
    .await;
    location(&reply, "/obbligo-vaccinale/caricamenti/")
}

/// A download: status, headers and the bytes as sent.
pub async fn fetch(router: &axum::Router, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = to_bytes(resp.into_body(), 20 * 1024 * 1024).await.unwrap();
    (status, headers, bytes.to_vec())
}

pub async fn audit_actions(state: &AppState) -> Vec<String> {
    app::identity::entity::audit_log::Entity::find()
        .all(&state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect()
}

pub async fn principal_istituto(state: &AppState) -> i32 {
    use app::schools::entity::istituto;
    istituto::Entity::find()
        .filter(istituto::Column::Codice.eq("MIIC8ZZ00X"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

pub async fn pupils_of(state: &AppState, id: i32) -> u64 {
    pupil::Entity::find()
        .filter(pupil::Column::UploadId.eq(id))
        .count(&state.db)
        .await
        .unwrap()
}

pub async fn esito_of(state: &AppState, id: i32, cf: &str) -> String {
    pupil::Entity::find()
        .filter(pupil::Column::UploadId.eq(id))
        .filter(pupil::Column::CodiceFiscale.eq(cf))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no pupil {cf}"))
        .esito
}

pub async fn active_extract(state: &AppState) -> i32 {
    extract::Entity::find()
        .filter(extract::Column::State.eq(extract::ACTIVE))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Puts a finished job back in the queue, as if its instance had died
/// just before recording the outcome.
pub async fn requeue(state: &AppState, job_id: i32) {
    let job = app::jobs::entity::Entity::find_by_id(job_id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let mut job = job.into_active_model();
    job.state = Set("queued".to_owned());
    job.run_at = Set(chrono::Utc::now() - chrono::Duration::seconds(1));
    job.max_attempts = Set(10);
    job.update(&state.db).await.unwrap();
}

/// An instance claims the check of upload `id` and does its first step
/// (pinning the extract in force); it holds the lease for an hour.
pub async fn claim_and_pin(state: &AppState, id: i32) -> i32 {
    let row = upload::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let (job, _) = app::jobs::store::claim(
        &state.db,
        "istanza-lenta",
        chrono::Utc::now(),
        chrono::Duration::hours(1),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(job.id, row.job_id);
    let extract = active_extract(state).await;
    let mut pin = row.into_active_model();
    pin.extract_id = Set(Some(extract));
    pin.update(&state.db).await.unwrap();
    job.id
}

/// Runs the due jobs (the claimed check is leased: not among them).
pub async fn run_registry_jobs_only(state: &AppState, leased: i32) {
    run_jobs(state).await;
    let job = app::jobs::store::status(&state.db, leased)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.state, "running");
}

/// The slow instance dies: its lease runs out now.
pub async fn release(state: &AppState, job_id: i32) {
    let job = app::jobs::entity::Entity::find_by_id(job_id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let mut job = job.into_active_model();
    job.lease_until = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
    job.update(&state.db).await.unwrap();
}

#[allow(dead_code, reason = "kept for tests that read pages")]
pub fn today() -> NaiveDate {
    common::today()
}
