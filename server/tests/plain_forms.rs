//! Forms posted without JavaScript: a refusal comes back as the form's own
//! page, with what was typed (never a password), the errors beside the
//! fields and the refusal's status; the error never travels in the
//! address, and nothing is stored.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::deleg::new_delegation;
use common::web::{Session, call, form_encode, post_form, session_for};
use common::{DEMO_PASSWORD, state};

/// A form the browser posts itself from `page`.
fn plain(mut req: Request<Body>, page: &str) -> Request<Body> {
    let headers = req.headers_mut();
    headers.insert(
        header::ACCEPT,
        "text/html,application/xhtml+xml".parse().unwrap(),
    );
    headers.insert(
        header::REFERER,
        format!("http://portale.test{page}").parse().unwrap(),
    );
    req
}

fn with_cookie(session: &Session, mut req: Request<Body>) -> Request<Body> {
    req.headers_mut()
        .insert(header::COOKIE, session.cookie().parse().unwrap());
    req
}

#[tokio::test]
async fn a_refused_login_answers_with_the_login_page_and_the_username_kept() {
    let db = common::sqlite();
    let router = server::web::router(state(&db).await);
    let form = form_encode(&[
        ("csrf_token", ""),
        ("username", "dirigente.demo"),
        ("password", "Sbagliata-2026"),
    ]);
    let reply = call(&router, plain(post_form("/api/accedi", &form), "/accedi")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    assert!(reply.headers.get(header::LOCATION).is_none());
    assert!(reply.body.contains("Nome utente o password non corretti"));
    assert!(
        reply.body.contains(r#"value="dirigente.demo""#),
        "username kept"
    );
    assert!(!reply.body.contains("Sbagliata-2026"), "never the password");
    assert!(!reply.body.contains("__err"), "no error in any address");
    // The right password still works afterwards.
    let form = form_encode(&[("username", "dirigente.demo"), ("password", DEMO_PASSWORD)]);
    let reply = call(&router, plain(post_form("/api/accedi", &form), "/accedi")).await;
    assert_eq!(reply.status, StatusCode::FOUND);
}

#[tokio::test]
async fn a_refused_delegation_keeps_what_was_typed_and_stores_nothing() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let mut form = new_delegation("RSSMRA85T10A562S", &["cases"], "24/11/2026", "31/12/2026");
        form = form.replace("marco.verdi%40scuola.it", "marco.verdi%40");
        form.push_str(&format!("&csrf_token={}", principal.csrf));
        let before = count_delegations(&state).await;
        let req = plain(post_form("/api/deleghe/nuova", &form), "/deleghe");
        let reply = call(&router, with_cookie(&principal, req)).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            db.label,
            reply.status
        );
        assert!(reply.headers.get(header::LOCATION).is_none());
        let body = &reply.body;
        assert!(
            body.contains("<h1>Deleghe</h1>") || body.contains("Deleghe"),
            "the page itself"
        );
        assert!(
            body.contains("ERRORE! Salvataggio non riuscito"),
            "the banner"
        );
        assert!(
            body.contains(r#"value="RSSMRA85T10A562S""#),
            "codice fiscale kept"
        );
        assert!(body.contains(r#"value="Marco Verdi""#), "name kept");
        assert!(
            body.contains(r#"value="marco.verdi@""#),
            "the wrong e-mail kept to correct"
        );
        assert!(body.contains(r#"value="31/12/2026""#), "end date kept");
        assert!(body.contains("data-echo=\"{"), "the refusal for the island");
        assert_eq!(
            count_delegations(&state).await,
            before,
            "{}: nothing stored",
            db.label
        );
    }
}

#[tokio::test]
async fn a_refused_edit_comes_back_to_its_own_editor_only() {
    let db = common::sqlite();
    let state = state(&db).await;
    let router = server::web::router(state.clone());
    let admin = session_for(&state.db, "admin.demo", state.now()).await;
    let ats = app::schools::queries::ats_by_code(&state.db, "ATS-MI")
        .await
        .unwrap()
        .expect("demo ATS");
    let form = form_encode(&[
        ("csrf_token", &admin.csrf),
        ("form[id]", &ats.id.to_string()),
        ("form[code]", ""),
        ("form[name]", "Nome cambiato"),
        ("form[provinces]", "MI"),
        ("form[chief_comuni]", "015146"),
    ]);
    // The editor of this ATS (the page also lists every ATS).
    let page = format!("/amministrazione/ats?modifica={}", ats.id);
    let req = plain(post_form("/api/amministrazione/ats", &form), &page);
    let reply = call(&router, with_cookie(&admin, req)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(
        reply.body.matches("data-echo=\"{").count(),
        1,
        "one editor shows it"
    );
    assert!(reply.body.contains(r#"value="Nome cambiato""#));
    let unchanged = app::schools::queries::ats_by_code(&state.db, "ATS-MI")
        .await
        .unwrap();
    assert!(unchanged.is_some_and(|a| a.name == ats.name));
}

async fn count_delegations(state: &app::state::AppState) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    app::delegations::entity::Entity::find()
        .count(&state.db)
        .await
        .unwrap()
}
