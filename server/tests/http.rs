//! The real router, in process, on both databases: pages, server functions,
//! headers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::http::StatusCode;
use common::web::{Reply, call, get, post_form};
use serde_json::Value;

#[tokio::test]
async fn home_page_renders_in_italian_with_the_ats_and_security_headers() {
    for db in common::all_backends().await {
        let router = server::web::router(common::state(&db).await);
        let Reply {
            status,
            headers,
            body,
        } = call(&router, get("/")).await;
        assert_eq!(status, StatusCode::OK, "{}", db.label);
        assert!(body.contains(r#"<html lang="it""#), "{body}");
        assert!(
            body.contains("ATS della Città Metropolitana di Milano"),
            "{}",
            db.label
        );
        assert!(body.contains("Vai al contenuto principale"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "same-origin");
    }
}

#[tokio::test]
async fn unknown_page_is_a_404() {
    let db = common::sqlite();
    let router = server::web::router(common::state(&db).await);
    let Reply { status, body, .. } = call(&router, get("/non-esiste")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Pagina non trovata"));
}

#[tokio::test]
async fn server_verifies_a_codice_fiscale_and_names_the_place() {
    let db = common::sqlite();
    let router = server::web::router(common::state(&db).await);
    // Fully omocode form of RSSMRA85T10A562S; check letter L worked out by hand.
    let Reply { status, body, .. } = call(
        &router,
        post_form("/api/codice-fiscale/verifica", "code=rssmra+urtmlarsnl"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["code"], "RSSMRAURTMLARSNL");
    assert_eq!(v["birth_date"], "1985-12-10");
    assert_eq!(v["sex"], "M");
    assert_eq!(v["belfiore"], "A562");
    assert_eq!(v["omocode"], true);
    assert_eq!(v["canonical"], "RSSMRA85T10A562S");
    assert_eq!(v["place"], "San Giuliano Terme (PI)");
}

#[tokio::test]
async fn server_refuses_a_wrong_check_letter_with_a_field_error() {
    let db = common::sqlite();
    let router = server::web::router(common::state(&db).await);
    let Reply { status, body, .. } = call(
        &router,
        post_form("/api/codice-fiscale/verifica", "code=RSSMRA85T10A562X"),
    )
    .await;
    // A field error is the client's: 422, never a server error.
    assert_eq!(
        status,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "{body}"
    );
    let v: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("JSON error: {body}"));
    let errors = &v["Validation"][0];
    assert_eq!(errors["field"], "code");
    let message = errors["message"].as_str().unwrap();
    assert!(message.contains("atteso S"), "{message}");
    assert!(message.contains("trovato X"), "{message}");
}

#[tokio::test]
async fn comune_search_puts_the_ats_chief_comuni_first() {
    for db in common::all_backends().await {
        let router = server::web::router(common::state(&db).await);
        let labels = |body: &str| -> Vec<String> {
            let v: Value = serde_json::from_str(body).unwrap();
            v.as_array()
                .unwrap()
                .iter()
                .map(|o| o["label"].as_str().unwrap().to_owned())
                .collect()
        };
        let body = call(&router, post_form("/api/comuni/cerca", "query="))
            .await
            .body;
        assert_eq!(labels(&body), ["Milano (MI)", "Lodi (LO)"], "{}", db.label);

        let body = call(&router, post_form("/api/comuni/cerca", "query=lo"))
            .await
            .body;
        let found = labels(&body);
        assert_eq!(
            found.first().map(String::as_str),
            Some("Lodi (LO)"),
            "{found:?}"
        );
        assert!(found.len() > 1, "{found:?}");

        let body = call(&router, post_form("/api/comuni/cerca", "query=sesto+s"))
            .await
            .body;
        assert!(
            labels(&body).contains(&"Sesto San Giovanni (MI)".to_owned()),
            "{body}"
        );
    }
}
