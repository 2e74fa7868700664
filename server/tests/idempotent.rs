//! Creates are idempotent: a request carrying the key of one already
//! served gets that record again, also when the two race, on SQLite and
//! PostgreSQL; without a key every request creates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::http::StatusCode;
use common::deleg::new_delegation;
use common::state;
use common::web::{call, post_form, registration_form, session_for};
use sea_orm::{EntityTrait, PaginatorTrait};

const KEY: &str = "6f1c2b7e-3a54-4d8e-9b0a-1c2d3e4f5a6b";

async fn delegations(state: &app::state::AppState) -> u64 {
    app::delegations::entity::Entity::find()
        .count(&state.db)
        .await
        .unwrap()
}

async fn registrations(state: &app::state::AppState) -> u64 {
    app::registration::entity::Entity::find()
        .count(&state.db)
        .await
        .unwrap()
}

fn with_key(form: &str, key: &str) -> String {
    format!("{form}&request_key={key}")
}

#[tokio::test]
async fn the_same_delegation_sent_twice_is_stored_once() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let form = new_delegation("RSSMRA85T10A562S", &["cases"], "24/11/2026", "31/12/2026");
        let before = delegations(&state).await;
        let send = || {
            call(
                &router,
                principal.apply(post_form("/api/deleghe/nuova", &with_key(&form, KEY))),
            )
        };
        let first = send().await;
        assert_eq!(first.status, StatusCode::OK, "{}: {}", db.label, first.body);
        let again = send().await;
        assert_eq!(again.status, StatusCode::OK, "{}: {}", db.label, again.body);
        assert_eq!(
            first.json(),
            again.json(),
            "{}: the first record again",
            db.label
        );
        assert_eq!(delegations(&state).await, before + 1, "{}", db.label);

        // Without a key, the same form is a new delegation.
        let plain = call(
            &router,
            principal.apply(post_form("/api/deleghe/nuova", &form)),
        )
        .await;
        assert_eq!(plain.status, StatusCode::OK, "{}", plain.body);
        assert_ne!(plain.json(), first.json());
        assert_eq!(delegations(&state).await, before + 2, "{}", db.label);
    }
}

#[tokio::test]
async fn two_racing_requests_with_one_key_make_one_record() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let form = new_delegation("RSSMRA85T10A562S", &["cases"], "24/11/2026", "31/12/2026");
        let body = with_key(&form, "0b8e1f6c-2d3a-4b5c-8d9e-0f1a2b3c4d5e");
        let before = delegations(&state).await;
        let replies = futures::future::join_all((0..6).map(|_| {
            call(
                &router,
                principal.apply(post_form("/api/deleghe/nuova", &body)),
            )
        }))
        .await;
        let ids: Vec<serde_json::Value> = replies
            .iter()
            .map(|r| {
                assert_eq!(r.status, StatusCode::OK, "{}: {}", db.label, r.body);
                r.json()
            })
            .collect();
        assert!(
            ids.windows(2).all(|w| w[0] == w[1]),
            "{}: {ids:?}",
            db.label
        );
        assert_eq!(delegations(&state).await, before + 1, "{}", db.label);
    }
}

#[tokio::test]
async fn a_registration_sent_again_gets_its_first_answer_not_a_conflict() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let form = with_key(
            &registration_form("MIIC8ZZ50Y", "RSSMRA85T10A562S"),
            "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        );
        let before = registrations(&state).await;
        let first = call(&router, post_form("/api/registrazione", &form)).await;
        assert_eq!(first.status, StatusCode::OK, "{}: {}", db.label, first.body);
        let again = call(&router, post_form("/api/registrazione", &form)).await;
        assert_eq!(again.status, StatusCode::OK, "{}: {}", db.label, again.body);
        assert_eq!(first.json(), again.json());
        assert_eq!(registrations(&state).await, before + 1, "{}", db.label);
    }
}

#[tokio::test]
async fn a_key_answers_only_its_own_sender() {
    let db = common::sqlite();
    let state = state(&db).await;
    let router = server::web::router(state.clone());
    let admin = session_for(&state.db, "admin.demo", state.now()).await;
    let form = with_key(
        "form[code]=ATS-BG&form[name]=ATS%20di%20Bergamo&form[provinces]=BG&form[chief_comuni]=016024",
        "1d2c3b4a-5f6e-4d7c-8b9a-0a1b2c3d4e5f",
    );
    let first = call(
        &router,
        admin.apply(post_form("/api/amministrazione/ats", &form)),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = call(
        &router,
        admin.apply(post_form("/api/amministrazione/ats", &form)),
    )
    .await;
    assert_eq!(
        first.json(),
        again.json(),
        "the same ATS, not a duplicate refusal"
    );
    // Another caller with the same key is not told about it.
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    let form = new_delegation("RSSMRA85T10A562S", &["cases"], "24/11/2026", "31/12/2026");
    let other = call(
        &router,
        principal.apply(post_form(
            "/api/deleghe/nuova",
            &with_key(&form, "1d2c3b4a-5f6e-4d7c-8b9a-0a1b2c3d4e5f"),
        )),
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);
}
