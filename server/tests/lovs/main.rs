//! "Obbligo vaccinale" end to end through the real router, on a SQLite
//! file and on PostgreSQL: the ATS imports its registry extract, a
//! principal uploads a Windows-1252, semicolon-separated file with bad
//! rows, the worker checks it, and the school reads and downloads the
//! outcome; a check cut off by a crash, two workers racing, and a registry
//! re-import while a check runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

#[path = "../common/mod.rs"]
mod common;
mod support;

use app::vaccinations::entity::{extract, fact, pupil, upload};
use axum::http::StatusCode;
use common::web::{call, get, session_for};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::*;

#[test]
fn a_principal_uploads_a_windows_file_and_downloads_its_outcome() {
    common::with_server_stack(upload_and_download());
}

async fn upload_and_download() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let pupils = Pupils::new();

        // Before any extract, the school is told its files would wait.
        let home = call(&router, principal.apply(get("/obbligo-vaccinale"))).await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        assert!(home.body.contains("registry-missing"), "{}", db.label);

        let job = import_registry(&router, &operator, &pupils.registry()).await;
        run_jobs(&state).await;
        let page = call(
            &router,
            operator.apply(get(&format!("/obbligo-vaccinale/anagrafe/{job}"))),
        )
        .await;
        assert!(page.body.contains("registry-outcome"), "{}", page.body);
        assert!(page.body.contains("1 righe scartate"), "{}", page.body);
        let active = extract::Entity::find()
            .filter(extract::Column::State.eq(extract::ACTIVE))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(active.pupils, 3, "{}", db.label);

        let file = pupils.school_file_windows_1252();
        let id = upload_school_file(&router, &principal, "iscritti.csv", &file).await;
        // Before the worker runs the page says the file is waiting.
        let waiting = call(
            &router,
            principal.apply(get(&format!("/obbligo-vaccinale/caricamenti/{id}"))),
        )
        .await;
        assert!(waiting.body.contains(">caricato<"), "{}", waiting.body);
        run_jobs(&state).await;

        let page = call(
            &router,
            principal.apply(get(&format!("/obbligo-vaccinale/caricamenti/{id}"))),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(">elaborato<"), "{}", page.body);
        assert!(
            page.body.contains("7 righe, 4 valide, 3 con errori"),
            "{}: {}",
            db.label,
            page.body
        );
        assert!(
            page.body
                .contains("Codice fiscale già presente alla riga 2"),
            "{}",
            page.body
        );

        // The school's list: who, when, which file, its state and outcomes.
        let list = call(&router, principal.apply(get("/obbligo-vaccinale"))).await;
        assert!(list.body.contains("iscritti.csv"), "{}", list.body);
        assert!(
            list.body.contains("Attualmente non in regola: 1"),
            "{}",
            list.body
        );

        // The outcome: the school's own bytes back, in Windows-1252 with
        // `;`, its extra column kept, the three added columns.
        let (status, headers, bytes) = fetch(
            &router,
            principal.apply(get(&format!(
                "/obbligo-vaccinale/caricamenti/{id}/esito.csv"
            ))),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            headers[axum::http::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("windows-1252")
        );
        assert!(
            bytes.windows(5).any(|w| w == b"Citt\xe0"),
            "the extra column in Windows-1252"
        );
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].ends_with(";esito;esito_descrizione;mancanti"),
            "{}",
            lines[0]
        );
        let esito = |cf: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(cf))
                .map(|l| l.split(';').rev().nth(2).unwrap().to_owned())
                .unwrap_or_else(|| panic!("no row for {cf}: {text}"))
        };
        assert_eq!(esito(&pupils.unvaccinated), "non_in_regola");
        assert_eq!(esito(&pupils.booked), "in_corso");
        assert_eq!(esito(&pupils.unknown), "non_presente");
        assert_eq!(esito(&pupils.older), "in_regola");
        assert!(text.contains(";scartato;"), "{text}");
        // A formula typed in the school's file is not run by Excel.
        assert!(text.contains(";'=1+1;"), "{text}");

        let (status, _, xlsx) = fetch(
            &router,
            principal.apply(get(&format!(
                "/obbligo-vaccinale/caricamenti/{id}/esito.xlsx"
            ))),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(xlsx.starts_with(b"PK\x03\x04"));
        let (_, _, errors) = fetch(
            &router,
            principal.apply(get(&format!(
                "/obbligo-vaccinale/caricamenti/{id}/errori.csv"
            ))),
        )
        .await;
        let errors = String::from_utf8(errors).unwrap();
        assert!(errors.contains("riga;colonna;tipo;messaggio"), "{errors}");
        assert!(errors.contains("\r\n3;codice_fiscale;errore;"), "{errors}");

        // The letters: one per pupil not in order.
        let letters = call(
            &router,
            principal.apply(get(&format!("/obbligo-vaccinale/caricamenti/{id}/lettere"))),
        )
        .await;
        assert_eq!(
            letters.body.matches("data-testid=\"lovs-letter\"").count(),
            1
        );
        assert!(letters.body.contains("10/07/2027"), "{}", letters.body);

        // Another school reads nothing of it.
        let other = session_for(&state.db, "dirigente.lodi", state.now()).await;
        let (status, _, _) = fetch(
            &router,
            other.apply(get(&format!(
                "/obbligo-vaccinale/caricamenti/{id}/esito.csv"
            ))),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", db.label);
        let reply = call(
            &router,
            other.apply(get(&format!("/api/obbligo-vaccinale/caricamento?id={id}"))),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

        // The ATS sees the school's state and rates, and exports them.
        let ats = call(&router, operator.apply(get("/obbligo-vaccinale"))).await;
        assert!(
            ats.body.contains("data-codice=\"MIIC8ZZ00X\""),
            "{}",
            ats.body
        );
        assert!(ats.body.contains(">elaborato<"), "{}", ats.body);
        let (_, _, export) =
            fetch(&router, operator.apply(get("/obbligo-vaccinale/esiti.csv"))).await;
        let export = String::from_utf8(export).unwrap();
        let line = export
            .lines()
            .find(|l| l.starts_with("MIIC8ZZ00X"))
            .unwrap();
        assert!(line.contains(";elaborato;"), "{line}");
        assert!(line.contains("25,0 %"), "{line}");

        // Every step is in the audit log.
        let audit = audit_actions(&state).await;
        for action in ["upload", "elaborazione", "download", "view", "import"] {
            assert!(audit.iter().any(|a| a == action), "{action}: {audit:?}");
        }
        // The pupils of the outcome, for letters and rosters.
        let rows = pupil::Entity::find()
            .filter(pupil::Column::UploadId.eq(id))
            .count(&state.db)
            .await
            .unwrap();
        assert_eq!(rows, 4);
        let roster = app::vaccinations::queries::roster(
            &state.db,
            principal_istituto(&state).await,
            "MIEE8ZZ02V",
            state.today(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(roster.pupils.len(), 4);
        assert!(!roster.stale);
    }
}

#[test]
fn a_rejected_file_says_why_and_keeps_nothing() {
    common::with_server_stack(rejected_file());
}

async fn rejected_file() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let operator = session_for(&state.db, "operatore.ats", state.now()).await;
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    import_registry(&router, &operator, &Pupils::new().registry()).await;
    run_jobs(&state).await;
    let id = upload_school_file(
        &router,
        &principal,
        "iscritti.csv",
        b"codice_fiscale;cognome;nome\nX;Y;Z\n",
    )
    .await;
    run_jobs(&state).await;
    let page = call(
        &router,
        principal.apply(get(&format!("/obbligo-vaccinale/caricamenti/{id}"))),
    )
    .await;
    assert!(page.body.contains("lovs-rejected"), "{}", page.body);
    assert!(
        page.body
            .contains("Mancano colonne obbligatorie nell&#x27;intestazione")
            || page
                .body
                .contains("Mancano colonne obbligatorie nell'intestazione"),
        "{}",
        page.body
    );
    assert!(page.body.contains(">errore<"), "{}", page.body);
    // No file chosen: the form again, the reason beside the field.
    let body = common::web::multipart_body(Some(&principal.csrf), &[], None);
    let reply = call(
        &router,
        principal.cookie_only(common::web::post_multipart(
            "/obbligo-vaccinale/carica",
            body,
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let to = reply.headers[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(to, "/obbligo-vaccinale?errore=file#carica");
    let form = call(
        &router,
        principal.apply(get("/obbligo-vaccinale?errore=file")),
    )
    .await;
    assert!(
        form.body
            .contains("Scegliere il file degli iscritti da caricare.")
    );
    // The ATS does not upload schools' files; schools do not import the registry.
    let body = common::web::multipart_body(Some(&operator.csrf), &[], Some(("a.csv", b"x")));
    let reply = call(
        &router,
        operator.cookie_only(common::web::post_multipart(
            "/obbligo-vaccinale/carica",
            body,
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let body = common::web::multipart_body(Some(&principal.csrf), &[], Some(("a.csv", b"x")));
    let reply = call(
        &router,
        principal.cookie_only(common::web::post_multipart(
            "/obbligo-vaccinale/anagrafe",
            body,
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
}

#[tokio::test]
async fn an_xlsx_upload_is_checked_like_its_csv() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let operator = session_for(&state.db, "operatore.ats", state.now()).await;
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    let pupils = Pupils::new();
    import_registry(&router, &operator, &pupils.registry()).await;
    run_jobs(&state).await;
    let rows: Vec<Vec<String>> = pupils
        .school_rows()
        .lines()
        .map(|l| l.split(';').map(str::to_owned).collect())
        .collect();
    let xlsx = app::tabular::write_xlsx("Iscritti", rows).unwrap();
    let id = upload_school_file(&router, &principal, "iscritti.xlsx", &xlsx).await;
    run_jobs(&state).await;
    let row = upload::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.rows, row.valid, row.with_errors), (7, 4, 3));
}

#[tokio::test]
async fn a_check_cut_off_by_a_crash_is_resumed_and_counted_once() {
    use app::jobs::store;
    use app::jobs::worker::Worker;
    use chrono::{Duration, Utc};
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let pupils = Pupils::new();
        import_registry(&router, &operator, &pupils.registry()).await;
        run_jobs(&state).await;
        let id = upload_school_file(
            &router,
            &principal,
            "iscritti.csv",
            &pupils.school_file_windows_1252(),
        )
        .await;
        // One instance claims the check and dies.
        let start = Utc::now();
        let (job, _) = store::claim(&state.db, "istanza-caduta", start, Duration::seconds(60))
            .await
            .unwrap()
            .unwrap();
        let clock = std::sync::Arc::new(app::state::ManualNow::new(start));
        let other = Worker::new(state.db.clone(), app::shell::job_kinds(), clock.clone());
        assert_eq!(other.run_once().await.unwrap(), None, "{}", db.label);
        clock.advance(Duration::seconds(61));
        assert_eq!(
            other.run_once().await.unwrap(),
            Some(job.id),
            "{}",
            db.label
        );
        let row = upload::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.rows, row.valid), (7, 4), "{}", db.label);
        assert_eq!(pupils_of(&state, id).await, 4);
        // Run once more from the start (as after a crash during the final
        // write): still four pupils, the same counts.
        requeue(&state, job.id).await;
        run_jobs(&state).await;
        assert_eq!(pupils_of(&state, id).await, 4, "{}", db.label);
        let again = upload::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.counts, row.counts);
    }
}

#[tokio::test]
async fn two_workers_on_one_database_check_each_file_once() {
    use app::jobs::worker::Worker;
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let pupils = Pupils::new();
        import_registry(&router, &operator, &pupils.registry()).await;
        run_jobs(&state).await;
        let mut ids = Vec::new();
        for n in 0..6 {
            let name = format!("iscritti-{n}.csv");
            ids.push(
                upload_school_file(
                    &router,
                    &principal,
                    &name,
                    &pupils.school_file_windows_1252(),
                )
                .await,
            );
        }
        let drain = |name: &'static str| {
            let worker = Worker::new(state.db.clone(), app::shell::job_kinds(), state.now.clone());
            async move {
                let mut ran = Vec::new();
                while let Some(job) = worker.run_once().await.unwrap() {
                    ran.push(job);
                }
                (name, ran)
            }
        };
        let ((_, a), (_, b)) = tokio::join!(drain("a"), drain("b"));
        let mut all: Vec<i32> = a.iter().chain(b.iter()).copied().collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(
            all.len(),
            a.len() + b.len(),
            "{}: a job ran twice",
            db.label
        );
        assert_eq!(all.len(), 6, "{}", db.label);
        for id in ids {
            assert_eq!(pupils_of(&state, id).await, 4, "{}", db.label);
        }
        let checks = audit_actions(&state)
            .await
            .into_iter()
            .filter(|a| a == "elaborazione")
            .count();
        assert_eq!(checks, 6, "{}", db.label);
    }
}

#[tokio::test]
async fn a_registry_reimport_during_a_check_changes_nothing_for_it() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let pupils = Pupils::new();
        import_registry(&router, &operator, &pupils.registry()).await;
        run_jobs(&state).await;
        let first = active_extract(&state).await;
        // The check starts: it pins the extract in force, reads the file…
        let id = upload_school_file(
            &router,
            &principal,
            "iscritti.csv",
            &pupils.school_file_windows_1252(),
        )
        .await;
        let job = claim_and_pin(&state, id).await;
        // …while the ATS imports a new extract, where the unvaccinated
        // pupil now has an appointment.
        import_registry(&router, &operator, &pupils.registry_with_appointment()).await;
        run_registry_jobs_only(&state, job).await;
        let second = active_extract(&state).await;
        assert_ne!(first, second, "{}", db.label);
        // The check resumes and finishes on the extract it started with.
        release(&state, job).await;
        run_jobs(&state).await;
        assert_eq!(
            esito_of(&state, id, &pupils.unvaccinated).await,
            "non_in_regola",
            "{}",
            db.label
        );
        // A new upload uses the new extract.
        let later = upload_school_file(
            &router,
            &principal,
            "iscritti.csv",
            &pupils.school_file_windows_1252(),
        )
        .await;
        run_jobs(&state).await;
        assert_eq!(
            esito_of(&state, later, &pupils.unvaccinated).await,
            "in_corso",
            "{}",
            db.label
        );
        // A third import: the first extract, used by no check, loses its rows.
        import_registry(&router, &operator, &pupils.registry()).await;
        run_jobs(&state).await;
        let left = fact::Entity::find()
            .filter(fact::Column::ExtractId.eq(first))
            .count(&state.db)
            .await
            .unwrap();
        assert_eq!(left, 0, "{}", db.label);
    }
}

#[tokio::test]
async fn the_demo_extract_checks_the_demo_file_one_pupil_per_outcome() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    assert!(
        server::seed::seed_lovs_demo(&state.db, state.now())
            .await
            .unwrap()
    );
    // Seeded once: a restart keeps the extract in force.
    assert!(
        !server::seed::seed_lovs_demo(&state.db, state.now())
            .await
            .unwrap()
    );
    let router = server::web::router(state.clone());
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    let file = std::fs::read(format!(
        "{}/../data/fixtures/lovs_iscritti_1252.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let id = upload_school_file(&router, &principal, "lovs_iscritti_1252.csv", &file).await;
    run_jobs(&state).await;
    let row = upload::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let counts: std::collections::BTreeMap<String, i64> =
        serde_json::from_str(&row.counts).unwrap();
    let expected: std::collections::BTreeMap<String, i64> = [
        ("in_regola", 6),
        ("non_in_regola", 2),
        ("in_corso", 1),
        ("esonerato_differito", 2),
        ("non_presente", 1),
        ("scartato", 2),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(counts, expected);
}
