//! Logins under attack, on both databases: concurrent wrong passwords never
//! get past the lock, per-address limits hold across instances (429 with
//! `Retry-After`), and behind a trusted proxy the audited address is the
//! one the proxy added.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::net::SocketAddr;

use app::identity::entity::audit_log;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::DEMO_PASSWORD;
use common::web::{Reply, call, form_encode, get, post_form};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn from(ip: [u8; 4], mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

fn login_form(username: &str, password: &str) -> String {
    form_encode(&[("username", username), ("password", password)])
}

async fn login_from(router: &axum::Router, ip: [u8; 4], user: &str, password: &str) -> Reply {
    call(
        router,
        from(ip, post_form("/api/accedi", &login_form(user, password))),
    )
    .await
}

async fn failures(db: &sea_orm::DatabaseConnection, account_id: i32) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login_failed"))
        .filter(audit_log::Column::ActorAccountId.eq(account_id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.changes)
        .collect()
}

/// Fifteen wrong passwords sent at once for one account, each from its own
/// address (so the per-address limit is not what stops them).
async fn burst(router: &axum::Router, extra_right: bool) -> Vec<Reply> {
    let mut tasks = Vec::new();
    for i in 0..15u8 {
        let router = router.clone();
        tasks.push(tokio::spawn(async move {
            login_from(
                &router,
                [198, 51, 100, i],
                "dirigente.demo",
                "Sbagliata-2026!",
            )
            .await
        }));
    }
    if extra_right {
        let router = router.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            login_from(
                &router,
                [198, 51, 100, 200],
                "dirigente.demo",
                DEMO_PASSWORD,
            )
            .await
        }));
    }
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    replies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_passwords_tries_exactly_five_then_locks() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        for reply in burst(&router, false).await {
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{}: {}",
                db.label,
                reply.body
            );
        }
        let row = common::deleg::account(&state, "dirigente.demo").await;
        assert!(
            row.locked_until.is_some_and(|until| until > state.now()),
            "{}: locked",
            db.label
        );
        let audit = failures(&state.db, row.id).await;
        let tried = audit
            .iter()
            .filter(|c| c.contains("password errata"))
            .count();
        assert_eq!(
            tried, 5,
            "{}: five passwords tried, no more: {audit:?}",
            db.label
        );
        assert_eq!(audit.len(), 15, "{}: every attempt audited", db.label);
        let right = login_from(
            &router,
            [198, 51, 100, 200],
            "dirigente.demo",
            DEMO_PASSWORD,
        )
        .await;
        assert_eq!(
            right.status,
            StatusCode::UNAUTHORIZED,
            "{}: locked",
            db.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_right_password_racing_a_burst_is_one_of_the_five_or_refused() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let replies = burst(&router, true).await;
        let logged_in = replies
            .iter()
            .filter(|r| r.status == StatusCode::OK)
            .count();
        assert!(logged_in <= 1);
        let id = common::deleg::account(&state, "dirigente.demo").await.id;
        // In the order they were recorded: a success restarts the count, so
        // at most four wrong passwords before it and five after (plus those
        // already being checked beside it in the other slots, recorded later).
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::ActorAccountId.eq(id))
            .filter(audit_log::Column::Action.is_in(["login", "login_failed"]))
            .order_by_asc(audit_log::Column::Id)
            .all(&state.db)
            .await
            .unwrap();
        let success = rows.iter().position(|r| r.action == "login");
        let tried = |rows: &[audit_log::Model]| {
            rows.iter()
                .filter(|r| r.changes.contains("password errata"))
                .count()
        };
        match success {
            None => assert_eq!(tried(&rows), 5, "{}: {rows:?}", db.label),
            Some(at) => {
                assert!(tried(&rows[..at]) <= 4, "{}: {rows:?}", db.label);
                let beside = app::identity::password::slots() - 1;
                assert!(tried(&rows[at..]) <= 5 + beside, "{}: {rows:?}", db.label);
            }
        }
    }
}

#[tokio::test]
async fn logins_past_the_limit_from_one_address_get_429_on_every_instance() {
    for db in common::all_backends().await {
        // One clock for both instances, standing still: the limit's window
        // (a minute of wall-clock time) must not roll over mid-test.
        let clock = common::manual_now();
        let first = server::web::router(common::state_at(&db, clock.clone()).await);
        let second = server::web::router(common::state_at(&db, clock).await);
        let limit = app::identity::throttle::LOGIN.max;
        let attacker = [203, 0, 113, 7];
        for i in 0..limit {
            let router = if i % 2 == 0 { &first } else { &second };
            let reply = login_from(router, attacker, "nessuno", "Qualunque-2026!").await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{}: attempt {i}",
                db.label
            );
        }
        let refused = login_from(&first, attacker, "dirigente.demo", DEMO_PASSWORD).await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            db.label
        );
        let wait: u32 = refused.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        let err: app::error::AppError = serde_json::from_str(&refused.body).unwrap();
        assert!(
            err.to_string()
                .starts_with("Troppi tentativi da questo indirizzo"),
            "{err}"
        );
        let also = login_from(&second, attacker, "dirigente.demo", DEMO_PASSWORD).await;
        assert_eq!(
            also.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: shared",
            db.label
        );

        // Another address is not affected.
        let other = login_from(&second, [203, 0, 113, 8], "dirigente.demo", DEMO_PASSWORD).await;
        assert_eq!(other.status, StatusCode::OK, "{}: {}", db.label, other.body);
    }
}

#[tokio::test]
async fn spid_starts_are_throttled_per_address() {
    let db = common::sqlite();
    // A clock standing still: the minute's window must not roll over mid-test.
    let router = server::web::router(common::state_at(&db, common::manual_now()).await);
    let limit = app::identity::throttle::SPID_START.max;
    for _ in 0..limit {
        let reply = call(&router, from([192, 0, 2, 1], get("/auth/spid"))).await;
        assert_ne!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    }
    let refused = call(&router, from([192, 0, 2, 1], get("/auth/spid"))).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert!(
        refused.body.contains("Troppi tentativi"),
        "{}",
        refused.body
    );
    let other = call(&router, from([192, 0, 2, 2], get("/auth/spid"))).await;
    assert_ne!(other.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_audit_keeps_the_address_the_proxy_added() {
    for db in common::all_backends().await {
        let mut state = common::state(&db).await;
        state.security.trust_proxy = true;
        let router = server::web::router(state.clone());
        let mut req = from(
            [127, 0, 0, 1],
            post_form(
                "/api/accedi",
                &login_form("dirigente.demo", "Sbagliata-2026!"),
            ),
        );
        // The client wrote the first value itself; the proxy appended the last.
        req.headers_mut()
            .insert("x-forwarded-for", "6.6.6.6, 198.51.100.23".parse().unwrap());
        let reply = call(&router, req).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        let id = common::deleg::account(&state, "dirigente.demo").await.id;
        let row = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("login_failed"))
            .filter(audit_log::Column::ActorAccountId.eq(id))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.client_ip.as_deref(),
            Some("198.51.100.23"),
            "{}",
            db.label
        );
    }
}

#[tokio::test]
async fn only_failures_count_against_the_login_limit_and_only_stored_requests_against_registration()
{
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let office = [203, 0, 113, 50];
    // A school's staff logging in one after the other from one address.
    let over = app::identity::throttle::LOGIN.max + 5;
    for i in 0..over {
        let reply = login_from(&router, office, "dirigente.demo", DEMO_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "login {i}: {}", reply.body);
    }
    // A secretary correcting the registration form many times.
    let limit = app::identity::throttle::REGISTRATION.max;
    let bad = common::web::registration_form("MI", "RSSMRA85T10A562X");
    for i in 0..limit + 2 {
        let reply = call(&router, from(office, post_form("/api/registrazione", &bad))).await;
        assert_eq!(reply.status.as_u16(), 422, "attempt {i}: {}", reply.body);
    }
    let good = common::web::registration_form("MIIC8ZZ50Y", "RSSMRA85T10A562S");
    let sent = call(
        &router,
        from(office, post_form("/api/registrazione", &good)),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    // Stored requests do count: past the limit, 429.
    for n in 1..limit {
        let form = common::web::registration_form(&format!("MIIC8{n:02}00X"), "RSSMRA85T10A562S");
        let reply = call(
            &router,
            from(office, post_form("/api/registrazione", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "request {n}: {}", reply.body);
    }
    let form = common::web::registration_form("MIIC8ZZ99X", "RSSMRA85T10A562S");
    let refused = call(
        &router,
        from(office, post_form("/api/registrazione", &form)),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_concurrent_burst_from_one_address_is_bounded_by_the_limit_too() {
    for db in common::all_backends().await {
        // A clock standing still: the minute's window must not roll over mid-test.
        let router = server::web::router(common::state_at(&db, common::manual_now()).await);
        let limit = app::identity::throttle::LOGIN.max;
        let attacker = [203, 0, 113, 99];
        let mut tasks = Vec::new();
        for _ in 0..2 * limit {
            let router = router.clone();
            tasks.push(tokio::spawn(async move {
                login_from(&router, attacker, "nessuno", "Qualunque-2026!")
                    .await
                    .status
            }));
        }
        let mut refused = 0;
        let mut checked = 0;
        for task in tasks {
            match task.await.unwrap() {
                StatusCode::TOO_MANY_REQUESTS => refused += 1,
                StatusCode::UNAUTHORIZED => checked += 1,
                other => panic!("{}: unexpected {other}", db.label),
            }
        }
        // Counted before hashing: no more passwords checked than the limit.
        assert_eq!(checked, limit, "{}", db.label);
        assert_eq!(refused, limit, "{}", db.label);
    }
}
