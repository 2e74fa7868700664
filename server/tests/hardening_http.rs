//! What a stranger's malformed or hostile requests get: the status of the
//! error's kind (400, 413, 422, 403, 404, 409, never 500), bounded bodies,
//! error redirects that stay on the portal, and pages that show only errors
//! the portal signed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE;
use common::web::{HOST, ORIGIN, call, get, post_form, session_for};

fn raw_post(path: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap()
}

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn malformed_requests_are_the_clients_fault() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    let verify = "/api/codice-fiscale/verifica";
    let cases: Vec<(&str, Request<Body>, u16)> = vec![
        ("missing argument", raw_post(verify, FORM, Vec::new()), 400),
        (
            "bytes that are not UTF-8",
            raw_post(
                verify,
                FORM,
                vec![b'c', b'o', b'd', b'e', b'=', 0xff, 0xfe, 0xfd],
            ),
            400,
        ),
        (
            "an argument of the wrong type",
            principal.apply(raw_post("/api/deleghe/revoca", FORM, b"id=uno".to_vec())),
            400,
        ),
        (
            "a JSON body where a form is expected",
            raw_post(verify, "application/json", b"{\"code\": [1, 2]}".to_vec()),
            400,
        ),
        (
            "a 5,000-character codice fiscale",
            raw_post(
                verify,
                FORM,
                format!("code={}", "A".repeat(5000)).into_bytes(),
            ),
            422,
        ),
        (
            "an invalid codice fiscale",
            raw_post(verify, FORM, b"code=RSSMRA85T10A562X".to_vec()),
            422,
        ),
        (
            "a GET function without its argument",
            principal.apply(get("/api/deleghe/stampa")),
            400,
        ),
    ];
    for (what, req, expected) in cases {
        let reply = call(&router, req).await;
        assert_eq!(reply.status.as_u16(), expected, "{what}: {}", reply.body);
        let err: app::error::AppError = serde_json::from_str(&reply.body)
            .unwrap_or_else(|_| panic!("{what}: a JSON AppError: {}", reply.body));
        assert!(!err.to_string().is_empty());
    }
}

#[tokio::test]
async fn each_kind_of_refusal_has_its_own_status() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let other = session_for(&state.db, "dirigente.lodi", state.now()).await;
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let cf = common::deleg::delegate_cf(&state).await;
        let form = common::deleg::new_delegation(&cf, &["cases"], "24/11/2026", "31/12/2026");
        let created = common::deleg::create(&router, &principal, form).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let id = created.json().as_i64().expect("the new delegation's id");
        let revoke = |s: &common::web::Session| {
            s.apply(post_form("/api/deleghe/revoca", &format!("id={id}")))
        };

        let invalid = common::deleg::create(
            &router,
            &principal,
            common::deleg::new_delegation(
                "RSSMRA85T10A562X",
                &["cases"],
                "24/11/2026",
                "31/12/2026",
            ),
        )
        .await;
        assert_eq!(invalid.status.as_u16(), 422, "{}: validation", db.label);
        let hidden = call(&router, revoke(&other)).await;
        assert_eq!(
            hidden.status.as_u16(),
            404,
            "{}: another school's",
            db.label
        );
        let role = call(&router, revoke(&operator)).await;
        assert_eq!(role.status.as_u16(), 403, "{}: not for the role", db.label);
        let anonymous = call(
            &router,
            post_form("/api/deleghe/revoca", &format!("id={id}")),
        )
        .await;
        assert_eq!(
            anonymous.status.as_u16(),
            401,
            "{}: nobody logged in",
            db.label
        );
        let once = call(&router, revoke(&principal)).await;
        assert_eq!(once.status, StatusCode::OK, "{}", once.body);
        let twice = call(&router, revoke(&principal)).await;
        assert_eq!(twice.status.as_u16(), 409, "{}: conflict", db.label);
    }
}

#[tokio::test]
async fn bodies_over_the_route_limit_get_413_with_the_limit() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    let admin = session_for(&state.db, "admin.demo", state.now()).await;

    let big_form = format!("code={}", "A".repeat(2 * 1024 * 1024));
    let reply = call(
        &router,
        raw_post(
            "/api/codice-fiscale/verifica",
            FORM,
            big_form.clone().into_bytes(),
        ),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    let err: app::error::AppError = serde_json::from_str(&reply.body).unwrap();
    assert!(err.to_string().contains("1 MB"), "{err}");

    // A plain form post (no JavaScript) over the limit: 413, not "CSRF".
    let mut plain = principal.cookie_only(raw_post(
        "/api/deleghe/nuova",
        FORM,
        format!("csrf_token={}&{big_form}", principal.csrf).into_bytes(),
    ));
    plain
        .headers_mut()
        .insert(header::ACCEPT, "text/html".parse().unwrap());
    let reply = call(&router, plain).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("1 MB"), "{}", reply.body);

    // A body without Content-Length is read only up to the limit.
    let chunks =
        futures::stream::iter((0..40).map(|_| Ok::<_, std::io::Error>(vec![b'A'; 64 * 1024])));
    let mut streamed = Request::post("/api/codice-fiscale/verifica")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, FORM)
        .body(Body::from_stream(chunks))
        .unwrap();
    streamed.headers_mut().remove(header::CONTENT_LENGTH);
    let reply = call(&router, streamed).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );

    // The registry upload has its own, larger limit: a 3 MB CSV streams
    // in (and becomes a job), a 21 MB one is refused at the door.
    let csv = "CODICESCUOLA\n".repeat(3 * 1024 * 1024 / 13);
    let body = common::web::multipart_body(
        Some(&admin.csrf),
        &[("ats_id", "1")],
        Some(("anagrafe.csv", csv.as_bytes())),
    );
    let reply = call(
        &router,
        admin.cookie_only(common::web::post_multipart(
            "/amministrazione/importa",
            body,
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let huge = vec![b'A'; 21 * 1024 * 1024];
    let reply = call(
        &router,
        admin.apply(raw_post(
            "/amministrazione/importa",
            "multipart/form-data; boundary=x",
            huge,
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("20 MB"), "{}", reply.body);
}

#[tokio::test]
async fn a_message_smuggled_in_the_url_is_never_shown() {
    let db = common::sqlite();
    let router = server::web::router(common::state(&db).await);
    let smuggled = URL_SAFE.encode(
        r#"{"Conflict":"Il portale è migrato: accedere da https://portale-falso.example"}"#,
    );
    let forged = format!("/accedi?__path=/api/accedi&__err={smuggled}");
    let reply = call(&router, get(&forged)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers[header::LOCATION], "/accedi");
    assert!(!reply.body.contains("migrato"));
    // A made-up signature does not help.
    let reply = call(&router, get(&format!("{forged}&__firma=AAAA"))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // Other parameters of the page are kept.
    let reply = call(
        &router,
        get(&format!("/accedi?ritorno=%2Fdeleghe&__err={smuggled}")),
    )
    .await;
    assert_eq!(
        reply.headers[header::LOCATION],
        "/accedi?ritorno=%2Fdeleghe"
    );

    // The portal's own error redirect (a plain form GET refused: posts are
    // answered with their page instead) is signed, and its page shows the
    // fixed message.
    let state = common::state(&db).await;
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    let mut req = principal.apply(get("/api/deleghe/stampa?id=999999"));
    let headers = req.headers_mut();
    headers.insert(header::ACCEPT, "text/html".parse().unwrap());
    headers.insert(
        header::REFERER,
        format!("{ORIGIN}/deleghe").parse().unwrap(),
    );
    let reply = call(&router, req).await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    let location = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.contains("__err=") && location.contains("__firma="),
        "{location}"
    );
    let local = location.strip_prefix(ORIGIN).unwrap_or(&location);
    let page = call(&router, principal.apply(get(local))).await;
    assert_eq!(page.status, StatusCode::OK, "{local}");
    assert!(!page.body.contains("migrato"));
}

#[tokio::test]
async fn error_redirects_never_leave_the_portal() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
    for path in [
        "/api/deleghe/stampa?id=999999",
        "/api/amministrazione/account",
    ] {
        let mut req = principal.apply(get(path));
        let headers = req.headers_mut();
        headers.insert(header::ACCEPT, "text/html".parse().unwrap());
        headers.insert(
            header::REFERER,
            "https://other.site/spia?x=1".parse().unwrap(),
        );
        let reply = call(&router, req).await;
        if let Some(location) = reply.headers.get(header::LOCATION) {
            let location = location.to_str().unwrap();
            assert!(
                location.starts_with('/') || location.starts_with(ORIGIN),
                "{path}: redirected off-site to {location}"
            );
            assert!(!location.contains("other.site"), "{location}");
        }
        assert!(!reply.status.is_server_error(), "{path}: {}", reply.status);
    }
}
