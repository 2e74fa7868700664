//! Password login through the real router, on both databases: success and
//! its cookie, the one failure message, lock-out counted in the database
//! (two router instances share it), logout, and their audit rows. Session
//! lifetime is in `sessions.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::{accounts, audit_log, sessions};
use axum::http::{StatusCode, header};
use chrono::Duration;
use common::web::{Session, call, form_encode, get, login, post_form, session_token};
use common::{DEMO_PASSWORD, manual_now, state, state_at};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const GENERIC: &str = "Nome utente o password non corretti";

async fn audit_actions(db: &sea_orm::DatabaseConnection) -> Vec<(String, Option<i32>)> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.ne("create"))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.actor_account_id))
        .collect()
}

async fn account(db: &sea_orm::DatabaseConnection, username: &str) -> accounts::Model {
    accounts::Entity::find()
        .filter(accounts::Column::Username.eq(username))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn login_sets_a_safe_cookie_and_the_header_shows_the_user() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let form = form_encode(&[
            ("username", " Dirigente.Demo "),
            ("password", DEMO_PASSWORD),
        ]);
        let reply = call(&router, post_form("/api/accedi", &form)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}: {}", db.label, reply.body);
        assert_eq!(reply.json(), "/scuola");
        let cookie = reply
            .cookies()
            .into_iter()
            .find(|c| c.starts_with("portale_sessione="))
            .unwrap();
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attr), "{cookie}");
        }
        assert!(
            !cookie.contains("Secure"),
            "plain http: no Secure flag: {cookie}"
        );
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");

        // The token is stored only as its hash.
        let token = session_token(&reply).unwrap();
        assert_eq!(token.len(), 43);
        let row = sessions::Entity::find()
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(row.token_hash, token);
        assert_eq!(row.token_hash, app::identity::sessions::token_hash(&token));

        let session = Session {
            token,
            csrf: row.csrf_token.clone(),
        };
        let page = call(&router, session.apply(get("/"))).await;
        assert!(page.body.contains("Giulia Bianchi"), "{}", db.label);
        assert!(page.body.contains("Dirigente scolastico"));
        assert!(page.body.contains(">Esci<"));
        assert!(page.body.contains(&format!(
            r#"<meta name="csrf-token" content="{}""#,
            row.csrf_token
        )));
        let anonymous = call(&router, get("/")).await;
        assert!(anonymous.body.contains(">Accedi<"));
        assert!(!anonymous.body.contains("Giulia Bianchi"));
        assert!(
            anonymous
                .body
                .contains(r#"<meta name="csrf-token" content="""#)
        );

        let dirigente = account(&state.db, "dirigente.demo").await;
        assert_eq!(
            audit_actions(&state.db).await,
            [("login".to_owned(), Some(dirigente.id))]
        );
    }
}

#[tokio::test]
async fn cookie_is_secure_behind_https() {
    let db = common::sqlite();
    let router = server::web::router(state(&db).await);
    let form = form_encode(&[("username", "admin.demo"), ("password", DEMO_PASSWORD)]);
    let mut req = post_form("/api/accedi", &form);
    req.headers_mut()
        .insert("x-forwarded-proto", "https".parse().unwrap());
    req.headers_mut()
        .insert(header::ORIGIN, "https://portale.test".parse().unwrap());
    let reply = call(&router, req).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cookie = reply
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("portale_sessione="))
        .unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    assert_eq!(
        reply.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn every_failure_gives_the_same_message() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let unknown = login(&router, &state.db, "nessuno.demo", DEMO_PASSWORD)
            .await
            .unwrap_err();
        let wrong = login(&router, &state.db, "dirigente.demo", "Sbagliata-2026")
            .await
            .unwrap_err();
        let empty = login(&router, &state.db, "", "").await.unwrap_err();
        for reply in [&unknown, &wrong, &empty] {
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", db.label);
            assert_eq!(reply.json(), "LoginFailed");
            assert!(session_token(reply).is_none());
        }
        assert_eq!(unknown.body, wrong.body);
        // The message itself, as the page shows it.
        assert!(
            app::error::AppError::LoginFailed
                .to_string()
                .starts_with(GENERIC)
        );

        // Audited without passwords; the unknown username is not stored either.
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("login_failed"))
            .order_by_asc(audit_log::Column::Id)
            .all(&state.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 3, "{}", db.label);
        assert_eq!(rows[0].actor_account_id, None);
        assert!(!rows[0].changes.contains("nessuno"), "{}", rows[0].changes);
        let dirigente = account(&state.db, "dirigente.demo").await;
        assert_eq!(rows[1].actor_account_id, Some(dirigente.id));
        assert_eq!(rows[1].changes, r#"{"motivo":"password errata"}"#);
        for row in &rows {
            assert!(!row.changes.contains("Sbagliata"));
        }
    }
}

#[tokio::test]
async fn five_failures_lock_the_account_on_every_instance_for_fifteen_minutes() {
    for db in common::all_backends().await {
        let now = manual_now();
        // Two server instances sharing one database.
        let a_state = state_at(&db, now.clone()).await;
        let b_state = state_at(&db, now.clone()).await;
        let a = server::web::router(a_state.clone());
        let b = server::web::router(b_state.clone());
        for i in 0..5 {
            let router = if i % 2 == 0 { &a } else { &b };
            login(router, &a_state.db, "delegato.demo", "Sbagliata-2026")
                .await
                .unwrap_err();
        }
        let locked = account(&a_state.db, "delegato.demo").await;
        assert_eq!(
            locked.locked_until,
            Some(app::state::Now::now(&*now) + Duration::minutes(15)),
            "{}",
            db.label
        );

        // The right password is refused on the other instance, same message.
        let refused = login(&b, &b_state.db, "delegato.demo", DEMO_PASSWORD)
            .await
            .unwrap_err();
        assert_eq!(refused.json(), "LoginFailed");
        // Another account is not affected.
        login(&b, &b_state.db, "dirigente.demo", DEMO_PASSWORD)
            .await
            .unwrap();

        now.advance(Duration::minutes(14));
        login(&a, &a_state.db, "delegato.demo", DEMO_PASSWORD)
            .await
            .unwrap_err();
        now.advance(Duration::minutes(1));
        login(&a, &a_state.db, "delegato.demo", DEMO_PASSWORD)
            .await
            .unwrap();
        let unlocked = account(&a_state.db, "delegato.demo").await;
        assert_eq!((unlocked.failed_logins, unlocked.locked_until), (0, None));
    }
}

#[tokio::test]
async fn a_success_resets_the_count_of_consecutive_failures() {
    let db = common::sqlite();
    let state = state(&db).await;
    let router = server::web::router(state.clone());
    for _ in 0..4 {
        login(&router, &state.db, "referente.demo", "Sbagliata-2026")
            .await
            .unwrap_err();
    }
    assert_eq!(account(&state.db, "referente.demo").await.failed_logins, 4);
    login(&router, &state.db, "referente.demo", DEMO_PASSWORD)
        .await
        .unwrap();
    login(&router, &state.db, "referente.demo", "Sbagliata-2026")
        .await
        .unwrap_err();
    let acc = account(&state.db, "referente.demo").await;
    assert_eq!((acc.failed_logins, acc.locked_until), (1, None));
}

#[tokio::test]
async fn logout_ends_the_session_and_is_audited() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let session = login(&router, &state.db, "operatore.ats", DEMO_PASSWORD)
            .await
            .unwrap();
        let reply = call(&router, session.apply(post_form("/esci", ""))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}: {}", db.label, reply.body);
        assert!(reply.cookies().iter().any(|c| c.contains("Max-Age=0")));
        assert_eq!(sessions::Entity::find().count(&state.db).await.unwrap(), 0);
        let after = call(&router, session.apply(get("/api/scuola"))).await;
        assert_eq!(after.json(), "Unauthenticated");
        let op = account(&state.db, "operatore.ats").await;
        assert_eq!(
            audit_actions(&state.db).await,
            [
                ("login".to_owned(), Some(op.id)),
                ("logout".to_owned(), Some(op.id))
            ]
        );
    }
}

#[tokio::test]
async fn a_plain_form_login_redirects_to_la_mia_scuola() {
    let db = common::sqlite();
    let router = server::web::router(state(&db).await);
    let form = form_encode(&[
        ("csrf_token", ""),
        ("username", "dirigente.demo"),
        ("password", DEMO_PASSWORD),
    ]);
    let mut req = post_form("/api/accedi", &form);
    req.headers_mut()
        .insert(header::ACCEPT, "text/html".parse().unwrap());
    req.headers_mut().insert(
        header::REFERER,
        "http://portale.test/accedi".parse().unwrap(),
    );
    let reply = call(&router, req).await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    assert_eq!(reply.headers[header::LOCATION], "/scuola");
    assert!(session_token(&reply).is_some());

    // A failed plain form login is answered with the form itself and the
    // error (tests/plain_forms.rs has the details): no redirect carrying it.
    let form = form_encode(&[
        ("username", "dirigente.demo"),
        ("password", "Sbagliata-2026"),
    ]);
    let mut req = post_form("/api/accedi", &form);
    req.headers_mut()
        .insert(header::ACCEPT, "text/html".parse().unwrap());
    req.headers_mut().insert(
        header::REFERER,
        "http://portale.test/accedi".parse().unwrap(),
    );
    let page = call(&router, req).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.headers.get(header::LOCATION).is_none());
    assert!(page.body.contains(GENERIC), "the form shows the message");
}
