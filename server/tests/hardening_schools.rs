//! Rules that must hold when people leave, requests race or repeat, on both
//! databases: a delegation acts only for a principal in office, one active
//! dirigente per istituto whatever the timing, one pending registration
//! request per istituto and person, a paginated request list, and data
//! files readable by the portal's user only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::delegations::entity as delegation;
use app::identity::entity::{accounts, audit_log};
use app::schools::queries;
use axum::http::StatusCode;
use common::deleg::{account, create, delegate_cf, new_delegation};
use common::web::{call, get, post_form, registration_form, session_for};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// An istituto of the demo ATS without a dirigente yet.
const NEW_ISTITUTO: &str = "MIIC8ZZ50Y";
const CF_A: &str = "RSSMRA85T10A562S";
const CF_B: &str = "BNCLRA90A41F205I";

async fn new_istituto(state: &app::state::AppState) {
    let ats = queries::ats_by_code(&state.db, &state.ats_code)
        .await
        .unwrap()
        .unwrap();
    queries::upsert_istituto(&state.db, ats.id, NEW_ISTITUTO, "IC Nuovo", "F205")
        .await
        .unwrap();
}

#[tokio::test]
async fn deactivating_the_principal_ends_the_delegations_they_granted() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let delegate = session_for(&state.db, "delegato.demo", state.now()).await;
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let cf = delegate_cf(&state).await;
        let made = create(
            &router,
            &principal,
            new_delegation(&cf, &["cases"], "24/11/2026", "31/12/2026"),
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        let works = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(works.status, StatusCode::OK, "{}", db.label);

        let dirigente = account(&state, "dirigente.demo").await;
        let off = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/attivo",
                &format!("id={}&active=false", dirigente.id),
            )),
        )
        .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        let refused = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{}: {}",
            db.label,
            refused.body
        );

        let row = delegation::Entity::find()
            .filter(delegation::Column::PrincipalAccountId.eq(dirigente.id))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.revoked_on, Some(common::today()), "{}", db.label);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("revoke"))
            .filter(audit_log::Column::Entity.eq("delegations"))
            .filter(audit_log::Column::EntityId.eq(i64::from(row.id)))
            .one(&state.db)
            .await
            .unwrap()
            .expect("the end is audited");
        assert!(
            audited.changes.contains("disattivato"),
            "{}",
            audited.changes
        );

        // Reactivating the principal does not revive the delegation.
        let on = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/attivo",
                &format!("id={}&active=true", dirigente.id),
            )),
        )
        .await;
        assert_eq!(on.status, StatusCode::OK);
        let still = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(still.status, StatusCode::FORBIDDEN, "{}", db.label);
    }
}

#[tokio::test]
async fn a_principal_moved_away_by_any_path_no_longer_lends_authority() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let delegate = session_for(&state.db, "delegato.demo", state.now()).await;
        let cf = delegate_cf(&state).await;
        let made = create(
            &router,
            &principal,
            new_delegation(&cf, &["cases"], "24/11/2026", "31/12/2026"),
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        // The account changed outside the administration's pages (a data
        // fix, another tool): the check at every request still holds.
        let dirigente = account(&state, "dirigente.demo").await;
        let mut row: accounts::ActiveModel = dirigente.into();
        row.role = Set("delegato".to_owned());
        row.update(&state.db).await.unwrap();
        let refused = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", db.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_approvals_at_once_make_one_dirigente() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        new_istituto(&state).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let mut ids = Vec::new();
        for cf in [CF_A, CF_B] {
            let sent = call(
                &router,
                post_form("/api/registrazione", &registration_form(NEW_ISTITUTO, cf)),
            )
            .await;
            assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
            ids.push(sent.json().as_i64().unwrap());
        }
        let approvals = ids.iter().map(|id| {
            let router = router.clone();
            let req = admin.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id}&mode=spid"),
            ));
            tokio::spawn(async move { call(&router, req).await })
        });
        let mut statuses = Vec::new();
        for task in approvals.collect::<Vec<_>>() {
            statuses.push(task.await.unwrap().status.as_u16());
        }
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{}", db.label);
        let ist = queries::istituto_by_codice(&state.db, NEW_ISTITUTO)
            .await
            .unwrap()
            .unwrap();
        let dirigenti = accounts::Entity::find()
            .filter(accounts::Column::IstitutoId.eq(ist.id))
            .filter(accounts::Column::Role.eq("dirigente"))
            .filter(accounts::Column::Active.eq(true))
            .all(&state.db)
            .await
            .unwrap();
        assert_eq!(dirigenti.len(), 1, "{}", db.label);
    }
}

#[tokio::test]
async fn an_approval_whose_username_is_taken_is_a_conflict() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        new_istituto(&state).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        accounts::ActiveModel {
            username: Set(CF_A.to_lowercase()),
            full_name: Set("Omonimo".to_owned()),
            role: Set("amministratore".to_owned()),
            active: Set(true),
            failed_logins: Set(0),
            created_at: Set(state.now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await
        .unwrap();
        let sent = call(
            &router,
            post_form("/api/registrazione", &registration_form(NEW_ISTITUTO, CF_A)),
        )
        .await;
        let id = sent.json().as_i64().unwrap();
        let reply = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id}&mode=spid"),
            )),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CONFLICT,
            "{}: {}",
            db.label,
            reply.body
        );
        assert!(reply.body.contains("già usato"), "{}", reply.body);
    }
}

#[tokio::test]
async fn one_pending_request_per_istituto_and_person_and_a_paginated_list() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let first = call(
            &router,
            post_form("/api/registrazione", &registration_form(NEW_ISTITUTO, CF_A)),
        )
        .await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        let again = call(
            &router,
            post_form("/api/registrazione", &registration_form(NEW_ISTITUTO, CF_A)),
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "{}: {}",
            db.label,
            again.body
        );
        assert!(
            again.body.contains("già una richiesta in attesa"),
            "{}",
            again.body
        );

        // 54 more from other istituti (straight to the store: the public
        // form is throttled per address), then two pages.
        for n in 0..54 {
            let valid = app::registration::rules::ValidRegistration {
                istituto_codice: format!("MIIC8{n:02}00X"),
                codice_fiscale: CF_B.to_owned(),
                full_name: "Laura Bianchi".to_owned(),
                email: "laura.bianchi@scuola.it".to_owned(),
                phone: "02 1234567".to_owned(),
            };
            app::registration::store::submit(
                &state.db,
                &app::identity::audit::Actor::anonymous(None),
                valid,
                &app::once::Once::none(),
                state.now(),
            )
            .await
            .unwrap();
        }
        let page = |n: u64| admin.apply(get(&format!("/api/amministrazione/richieste?page={n}")));
        let one = call(&router, page(0)).await.json();
        assert_eq!(one["rows"].as_array().unwrap().len(), 50, "{}", db.label);
        assert_eq!(one["more"], true);
        assert_eq!(one["pending"], 55);
        let two = call(&router, page(1)).await.json();
        assert_eq!(two["rows"].as_array().unwrap().len(), 5);
        assert_eq!(two["more"], false);
        let html = call(&router, admin.apply(get("/amministrazione/richieste"))).await;
        assert!(html.body.contains("Pagina successiva"), "{}", db.label);
    }
}

#[tokio::test]
async fn the_database_and_its_directory_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = common::sqlite();
    let state = common::state(&db).await;
    // A write, so the WAL exists.
    let _ = session_for(&state.db, "dirigente.demo", state.now()).await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = db.dir.path();
    assert_eq!(mode(dir), 0o700);
    for name in ["portale.db", "portale.db-wal", "portale.db-shm"] {
        let file = dir.join(name);
        assert!(file.exists(), "{name}");
        assert_eq!(mode(&file), 0o600, "{name}");
    }
    assert_eq!(mode(&dir.join("credenziali-demo.txt")), 0o600);
}
