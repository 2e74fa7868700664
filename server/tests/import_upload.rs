//! The registry upload's edge through the real router: the 20 MB limit
//! (413 with the limit in Italian, before or while the file streams), the
//! administrators-only gate, and the anti-forgery token of a multipart form.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::body::Body;
use axum::http::{StatusCode, header};
use common::web::{BOUNDARY, HOST, ORIGIN, call, multipart_body, post_multipart, session_for};

const PATH: &str = "/amministrazione/importa";

fn csv_of(bytes: usize) -> Vec<u8> {
    let mut csv = b"CODICESCUOLA;DENOMINAZIONESCUOLA\n".to_vec();
    csv.resize(bytes, b'A');
    csv
}

#[tokio::test]
async fn a_21_mb_upload_is_refused_with_the_limit_in_italian() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let admin = session_for(&state.db, "admin.demo", state.now()).await;
    let big = csv_of(21 * 1024 * 1024);

    // Declared length over the limit: refused before a byte is read.
    let body = multipart_body(
        Some(&admin.csrf),
        &[("ats_id", "1")],
        Some(("big.csv", &big)),
    );
    let reply = call(
        &router,
        admin.cookie_only(post_multipart(PATH, body.clone())),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("supera il limite di 20 MB"),
        "{}",
        reply.body
    );

    // No declared length: the stream is cut off at the limit.
    let chunks = body
        .chunks(256 * 1024)
        .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
        .collect::<Vec<_>>();
    let streamed = axum::http::Request::post(PATH)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .unwrap();
    let reply = call(&router, admin.cookie_only(streamed)).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("20 MB"), "{}", reply.body);
    assert_eq!(
        app::jobs::uploads::Entity::find()
            .all(&state.db)
            .await
            .unwrap()
            .len(),
        0,
        "nothing stored"
    );

    // Under the limit (3 MB), the file is taken and a job made.
    let fits = csv_of(3 * 1024 * 1024);
    let body = multipart_body(
        Some(&admin.csrf),
        &[("ats_id", "1")],
        Some(("ok.csv", &fits)),
    );
    let reply = call(&router, admin.cookie_only(post_multipart(PATH, body))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn only_administrators_upload() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let csv = csv_of(1024);
        for user in [
            "dirigente.demo",
            "delegato.demo",
            "referente.demo",
            "operatore.ats",
        ] {
            let s = session_for(&state.db, user, state.now()).await;
            let body = multipart_body(Some(&s.csrf), &[("ats_id", "1")], Some(("a.csv", &csv)));
            let reply = call(&router, s.cookie_only(post_multipart(PATH, body))).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{} {user}: {}",
                db.label,
                reply.body
            );
        }
        let body = multipart_body(None, &[("ats_id", "1")], Some(("a.csv", &csv)));
        let reply = call(&router, post_multipart(PATH, body)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
        assert_eq!(
            app::jobs::entity::Entity::find()
                .all(&state.db)
                .await
                .unwrap()
                .len(),
            0,
            "{}: no job made",
            db.label
        );
    }
}

#[tokio::test]
async fn a_forged_upload_is_refused() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let router = server::web::router(state.clone());
    let admin = session_for(&state.db, "admin.demo", state.now()).await;
    let csv = csv_of(1024);
    let refused = |reply: &common::web::Reply| {
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        assert!(reply.body.contains("motivi di sicurezza"), "{}", reply.body);
    };
    // The cookie alone, without the token.
    let body = multipart_body(None, &[("ats_id", "1")], Some(("a.csv", &csv)));
    refused(&call(&router, admin.cookie_only(post_multipart(PATH, body))).await);
    // A wrong token.
    let body = multipart_body(Some("falso"), &[("ats_id", "1")], Some(("a.csv", &csv)));
    refused(&call(&router, admin.cookie_only(post_multipart(PATH, body))).await);
    // The token, but not first: the file would be read before the check.
    let mut body = multipart_body(None, &[("ats_id", "1")], Some(("a.csv", &csv)));
    let tail = multipart_body(Some(&admin.csrf), &[], None);
    body.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
    body.extend_from_slice(&tail);
    refused(&call(&router, admin.cookie_only(post_multipart(PATH, body))).await);
    // The right token from another site.
    let body = multipart_body(Some(&admin.csrf), &[("ats_id", "1")], Some(("a.csv", &csv)));
    let mut foreign = admin.cookie_only(post_multipart(PATH, body));
    foreign
        .headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    refused(&call(&router, foreign).await);
    // Multipart is accepted on upload routes only.
    let body = multipart_body(Some(&admin.csrf), &[("id", "7")], None);
    let reply = call(
        &router,
        admin.cookie_only(post_multipart(
            "/api/amministrazione/account/password",
            body,
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(reply.body, "\"Csrf\"");
    assert_eq!(
        app::jobs::entity::Entity::find()
            .all(&state.db)
            .await
            .unwrap()
            .len(),
        0
    );
}
