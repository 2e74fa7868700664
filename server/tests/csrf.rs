//! Cross-site request forgery and the security headers, through the real
//! router: forged origins and missing tokens are refused with 403 and an
//! Italian message, on server functions and on any other POST.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::http::{StatusCode, header};
use common::web::{Reply, call, form_encode, get, post_form, post_form_from, session_for};
use common::{DEMO_PASSWORD, state};

fn assert_refused(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(reply.json(), "Csrf");
    assert!(
        app::error::AppError::Csrf
            .to_string()
            .starts_with("Richiesta rifiutata per motivi di sicurezza")
    );
}

#[tokio::test]
async fn a_forged_origin_is_refused_even_for_public_functions_and_login() {
    for db in common::all_backends().await {
        let router = server::web::router(state(&db).await);
        for origin in [
            Some("http://evil.example"),
            Some("null"),
            Some("http://portale.test:8080"),
            None,
        ] {
            let reply = call(
                &router,
                post_form_from("/api/comuni/cerca", "query=mi", origin),
            )
            .await;
            assert_refused(&reply);
            let form = form_encode(&[("username", "dirigente.demo"), ("password", DEMO_PASSWORD)]);
            let reply = call(&router, post_form_from("/api/accedi", &form, origin)).await;
            assert_refused(&reply);
            assert!(
                reply.cookies().is_empty(),
                "{}: no session for a forged login",
                db.label
            );
        }
    }
}

#[tokio::test]
async fn the_referer_stands_in_for_a_missing_origin() {
    let db = common::sqlite();
    let router = server::web::router(state(&db).await);
    let mut req = post_form_from("/api/comuni/cerca", "query=mi", None);
    req.headers_mut()
        .insert(header::REFERER, "http://portale.test/casi".parse().unwrap());
    assert_eq!(call(&router, req).await.status, StatusCode::OK);
    let mut req = post_form_from("/api/comuni/cerca", "query=mi", None);
    req.headers_mut().insert(
        header::REFERER,
        "http://evil.example/portale.test".parse().unwrap(),
    );
    assert_refused(&call(&router, req).await);
}

#[tokio::test]
async fn a_logged_in_request_needs_the_session_token() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let session = session_for(&state.db, "dirigente.demo", state.now()).await;

        // Same origin, cookie, but no token: refused (the cookie alone is not enough).
        let reply = call(
            &router,
            session.cookie_only(post_form("/api/comuni/cerca", "query=mi")),
        )
        .await;
        assert_refused(&reply);
        // A wrong token.
        let mut req = session.cookie_only(post_form("/esci", ""));
        req.headers_mut()
            .insert("x-csrf-token", "AAAA".parse().unwrap());
        assert_refused(&call(&router, req).await);
        // The header, as the WASM client sends it.
        let reply = call(
            &router,
            session.apply(post_form("/api/comuni/cerca", "query=mi")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}: {}", db.label, reply.body);
        // The form field, as a plain form sends it; the function still gets its arguments.
        let form = form_encode(&[("csrf_token", &session.csrf), ("query", "lodi")]);
        let reply = call(
            &router,
            session.cookie_only(post_form("/api/comuni/cerca", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.json()[0]["label"], "Lodi (LO)");
        let form = form_encode(&[("csrf_token", "wrong"), ("query", "lodi")]);
        assert_refused(
            &call(
                &router,
                session.cookie_only(post_form("/api/comuni/cerca", &form)),
            )
            .await,
        );
        // Reads need no token.
        let reply = call(&router, session.cookie_only(get("/api/scuola"))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        // The session survived all of this.
        let reply = call(&router, session.apply(post_form("/esci", ""))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}

#[tokio::test]
async fn state_changing_requests_outside_server_functions_are_checked_too() {
    let db = common::sqlite();
    let router = server::web::router(state(&db).await);
    let reply = call(
        &router,
        post_form_from("/casi", "x=1", Some("http://evil.example")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply.body.starts_with("Richiesta rifiutata"),
        "{}",
        reply.body
    );
    assert!(
        reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts() {
    let db = common::sqlite();
    let router = server::web::router(state(&db).await);
    let first = call(&router, get("/accedi")).await;
    let csp = first.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned();
    assert!(nonce.len() >= 16, "{nonce}");
    // Every inline script of the page carries it.
    let scripts = first.body.matches("<script").count();
    assert!(scripts > 0);
    let attr = format!(r#"nonce="{nonce}""#);
    for tag in first.body.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap_or_default();
        assert!(
            open.contains(&attr),
            "script without the nonce: <script{open}>"
        );
    }
    // A new nonce for every response.
    let second = call(&router, get("/accedi")).await;
    assert_ne!(
        second.headers[header::CONTENT_SECURITY_POLICY],
        first.headers[header::CONTENT_SECURITY_POLICY]
    );
    assert_eq!(first.headers["referrer-policy"], "same-origin");
    assert!(
        first
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "no HSTS over http"
    );

    // Non-page responses get a policy that allows nothing.
    let api = call(&router, get("/api/sessione")).await;
    assert_eq!(
        api.headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    );
}

#[tokio::test]
async fn hsts_when_forced_by_configuration() {
    let db = common::sqlite();
    let mut config = common::config(&db);
    config.security.force_https = true;
    let state = server::web::build_state(&config, server::web::leptos_options())
        .await
        .unwrap();
    let router = server::web::router(state);
    let reply = call(&router, get("/")).await;
    assert_eq!(
        reply.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}
