//! The registry import as a job, through the real router on both
//! databases: the upload is stored and queued, the worker imports it, the
//! job's page and status show the outcome row by row (or why the file was
//! refused), and an import cut off by a crash is resumed elsewhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::{accounts, audit_log};
use app::schools::entity::plesso;
use axum::http::StatusCode;
use common::web::{Reply, call, get, multipart_body, post_multipart, session_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const PATH: &str = "/amministrazione/importa";

/// Runs every due job, as the server's worker would.
async fn run_jobs(state: &app::state::AppState) {
    let worker = app::jobs::worker::Worker::new(
        state.db.clone(),
        app::shell::job_kinds(),
        state.now.clone(),
    );
    while worker.run_once().await.unwrap().is_some() {}
}

/// The job id of an upload's answer (303 to the job's page).
fn job_of(reply: &Reply) -> i32 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers[axum::http::header::LOCATION]
        .to_str()
        .unwrap();
    location
        .strip_prefix("/amministrazione/importa/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a job page: {location}"))
}

#[test]
fn the_registry_upload_reports_each_bad_row() {
    common::with_server_stack(registry_upload_reports_each_bad_row());
}

async fn registry_upload_reports_each_bad_row() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let ats = app::schools::queries::ats_by_code(&state.db, &state.ats_code)
            .await
            .unwrap()
            .unwrap();
        let ats_id = ats.id.to_string();
        let csv = std::fs::read(format!(
            "{}/../data/fixtures/scuole_errori.csv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        // The plain form post (no JavaScript): the token is its first field.
        let body = multipart_body(
            Some(&admin.csrf),
            &[("ats_id", &ats_id)],
            Some(("scuole_errori.csv", &csv)),
        );
        let reply = call(
            &router,
            admin.cookie_only(post_multipart("/amministrazione/importa", body)),
        )
        .await;
        let job = job_of(&reply);
        // Before the worker runs, the page shows the job waiting, with a
        // link to look again (no automatic refresh).
        let page = call(
            &router,
            admin.apply(get(&format!("/amministrazione/importa/{job}"))),
        )
        .await;
        assert!(page.body.contains("Aggiorna lo stato"), "{}", page.body);
        assert!(!page.body.contains("http-equiv"));
        run_jobs(&state).await;

        let status = call(
            &router,
            admin.apply(get(&format!("/api/lavori/stato?id={job}"))),
        )
        .await;
        assert_eq!(
            status.status,
            StatusCode::OK,
            "{}: {}",
            db.label,
            status.body
        );
        let view = status.json();
        assert_eq!(view["state"], "Done", "{}", status.body);
        let out: serde_json::Value =
            serde_json::from_str(view["result"].as_str().unwrap()).unwrap();
        // Same expectations as the CLI's test of this file: row 3 has a
        // 9-character CODICESCUOLA; at least five rows are refused; the two
        // good plessi are imported.
        let errors = out["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["row"] == 3 && e["column"] == "CODICESCUOLA"),
            "{errors:?}"
        );
        assert!(errors.len() >= 5);
        assert_eq!(out["counts"]["plessi_created"], 2);
        let good = plesso::Entity::find()
            .filter(plesso::Column::Codice.is_in(["MIEE8AB01A", "MIMM8AB01X"]))
            .all(&state.db)
            .await
            .unwrap();
        assert_eq!(good.len(), 2);
        // The page shows the outcome as the form did.
        let page = call(
            &router,
            admin.apply(get(&format!("/amministrazione/importa/{job}"))),
        )
        .await;
        assert!(page.body.contains("Importate 2 righe"), "{}", page.body);
        assert!(page.body.contains("Righe con errori ("), "{}", page.body);
        // Audited, and the file is not kept once imported.
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("import"))
            .all(&state.db)
            .await
            .unwrap();
        assert_eq!(audited.len(), 1, "{}", db.label);
        let admin_id = accounts::Entity::find()
            .filter(accounts::Column::Username.eq("admin.demo"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(audited[0].actor_account_id, Some(admin_id));
        assert_eq!(
            app::jobs::uploads::Entity::find()
                .all(&state.db)
                .await
                .unwrap()
                .len(),
            0
        );

        // A file without the Ministry's columns is refused as a whole, and
        // the job's page says why (a script's post: the token in the header).
        let body = multipart_body(
            None,
            &[("ats_id", &ats_id)],
            Some(("persone.csv", b"nome;cognome\nMario;Rossi\n")),
        );
        let reply = call(
            &router,
            admin.apply(post_multipart("/amministrazione/importa", body)),
        )
        .await;
        let job = job_of(&reply);
        run_jobs(&state).await;
        let status = call(
            &router,
            admin.apply(get(&format!("/api/lavori/stato?id={job}"))),
        )
        .await;
        let view = status.json();
        assert_eq!(view["state"], "Failed", "{}", status.body);
        let message = view["message"].as_str().unwrap();
        assert!(message.contains("CODICESCUOLA"), "{message}");
        let page = call(
            &router,
            admin.apply(get(&format!("/amministrazione/importa/{job}"))),
        )
        .await;
        assert!(
            page.body.contains("Importazione non eseguita"),
            "{}",
            page.body
        );

        // No file chosen, or an empty one: back to the form, the reason
        // beside the file field.
        for (file, code, text) in [
            (None, "file", "Scegliere il file CSV da importare."),
            (
                Some(("vuoto.csv", &b""[..])),
                "vuoto",
                "Il file scelto è vuoto",
            ),
        ] {
            let body = multipart_body(Some(&admin.csrf), &[("ats_id", &ats_id)], file);
            let reply = call(
                &router,
                admin.cookie_only(post_multipart("/amministrazione/importa", body)),
            )
            .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
            let location = reply.headers[axum::http::header::LOCATION]
                .to_str()
                .unwrap();
            assert_eq!(
                location,
                format!("/amministrazione/scuole?importa={code}#importa")
            );
            let page = call(
                &router,
                admin.apply(get(location.trim_end_matches("#importa"))),
            )
            .await;
            assert!(page.body.contains(text), "{}", page.body);
        }
    }
}

#[tokio::test]
async fn an_import_cut_off_by_a_crash_is_resumed_by_another_instance() {
    use app::jobs::store;
    use app::jobs::worker::Worker;
    use app::shell::job_kinds as portal_registry;
    use chrono::{Duration, Utc};
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let ats = app::schools::queries::ats_by_code(&state.db, &state.ats_code)
            .await
            .unwrap()
            .unwrap();
        let csv = std::fs::read(format!(
            "{}/../data/fixtures/scuole_statali.csv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let body = multipart_body(
            Some(&admin.csrf),
            &[("ats_id", &ats.id.to_string())],
            Some(("scuole_statali.csv", &csv)),
        );
        let reply = call(&router, admin.cookie_only(post_multipart(PATH, body))).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        // One instance claims the job and dies: no heartbeat, no outcome.
        let start = Utc::now();
        let (job, _) = store::claim(&state.db, "istanza-caduta", start, Duration::seconds(60))
            .await
            .unwrap()
            .unwrap();
        // Another instance leaves it alone while the lease holds, then
        // resumes it once the lease has run out.
        let clock = std::sync::Arc::new(app::state::ManualNow::new(start));
        let other = Worker::new(state.db.clone(), portal_registry(), clock.clone());
        assert_eq!(other.run_once().await.unwrap(), None, "{}", db.label);
        clock.advance(Duration::seconds(61));
        assert_eq!(
            other.run_once().await.unwrap(),
            Some(job.id),
            "{}",
            db.label
        );
        let status = call(
            &router,
            admin.apply(common::web::get(&format!(
                "/api/lavori/stato?id={}",
                job.id
            ))),
        )
        .await;
        let view = status.json();
        assert_eq!(view["state"], "Done", "{}: {}", db.label, status.body);
        let out: serde_json::Value =
            serde_json::from_str(view["result"].as_str().unwrap()).unwrap();
        assert_eq!(out["counts"]["plessi_created"], 5, "{out}");
        let row = store::status(&state.db, job.id).await.unwrap().unwrap();
        assert_eq!(row.attempts, 2);
    }
}
