//! Sessions through the real router, on both databases: the id rotates at
//! login, idle expiry after 30 minutes, absolute expiry after 12 hours,
//! `last_seen_at` written at most once a minute.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::sessions;
use axum::http::StatusCode;
use chrono::Duration;
use common::web::{Session, call, form_encode, get, login, post_form, session_token};
use common::{DEMO_PASSWORD, manual_now, state, state_at};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn login_rotates_the_session_id() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let first = login(&router, &state.db, "dirigente.demo", DEMO_PASSWORD)
            .await
            .unwrap();
        let form = form_encode(&[("username", "dirigente.demo"), ("password", DEMO_PASSWORD)]);
        let reply = call(&router, first.apply(post_form("/api/accedi", &form))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let second = session_token(&reply).unwrap();
        assert_ne!(second, first.token);
        // The old session is gone: only the new one is stored.
        let rows = sessions::Entity::find().all(&state.db).await.unwrap();
        assert_eq!(rows.len(), 1, "{}", db.label);
        assert_eq!(
            rows[0].token_hash,
            app::identity::sessions::token_hash(&second)
        );
        let old = call(&router, first.apply(get("/api/sessione"))).await;
        assert_eq!(old.json(), serde_json::Value::Null);
        // And its cookie is cleared.
        assert!(
            old.cookies()
                .iter()
                .any(|c| c.starts_with("portale_sessione=;") && c.contains("Max-Age=0"))
        );
    }
}

#[tokio::test]
async fn sessions_expire_after_thirty_idle_minutes_and_after_twelve_hours() {
    for db in common::all_backends().await {
        let now = manual_now();
        let state = state_at(&db, now.clone()).await;
        let router = server::web::router(state.clone());
        let who = |s: &Session| call(&router, s.apply(get("/api/sessione")));

        // Idle: 29 minutes between requests is fine, 30 is not.
        let idle = login(&router, &state.db, "dirigente.demo", DEMO_PASSWORD)
            .await
            .unwrap();
        now.advance(Duration::minutes(29));
        assert_eq!(
            who(&idle).await.json()["full_name"],
            "Giulia Bianchi",
            "{}",
            db.label
        );
        now.advance(Duration::minutes(29));
        assert_eq!(who(&idle).await.json()["role"], "dirigente");
        now.advance(Duration::minutes(30));
        assert_eq!(who(&idle).await.json(), serde_json::Value::Null);
        assert_eq!(
            sessions::Entity::find().count(&state.db).await.unwrap(),
            0,
            "expired row deleted"
        );

        // Absolute: active every 20 minutes, still out after 12 hours.
        let busy = login(&router, &state.db, "dirigente.demo", DEMO_PASSWORD)
            .await
            .unwrap();
        for _ in 0..35 {
            now.advance(Duration::minutes(20));
            assert!(who(&busy).await.json().is_object(), "{}", db.label);
        }
        // 35 × 20 min = 11 h 40 min; 20 more reach 12 h.
        now.advance(Duration::minutes(20));
        assert_eq!(who(&busy).await.json(), serde_json::Value::Null);
    }
}

#[tokio::test]
async fn last_seen_is_written_at_most_once_a_minute() {
    let db = common::sqlite();
    let now = manual_now();
    let state = state_at(&db, now.clone()).await;
    let router = server::web::router(state.clone());
    let session = login(&router, &state.db, "admin.demo", DEMO_PASSWORD)
        .await
        .unwrap();
    let seen = || async {
        sessions::Entity::find()
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
            .last_seen_at
    };
    let start = seen().await;
    now.advance(Duration::seconds(59));
    call(&router, session.apply(get("/api/sessione"))).await;
    assert_eq!(seen().await, start);
    now.advance(Duration::seconds(1));
    call(&router, session.apply(get("/api/sessione"))).await;
    assert_eq!(seen().await, start + Duration::seconds(60));
}
