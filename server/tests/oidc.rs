//! SPID / CIE login end to end against a real OpenID provider (the npm
//! package `oidc-provider`, started on loopback by these tests): the whole
//! redirect dance over HTTP with a cookie-keeping client, the fiscal number
//! reaching the LoginSink, and the refusals (tampered, replayed or expired
//! state, provider refusal, missing or invalid fiscal number).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod oidc_support;

use chrono::{Duration, Utc};
use oidc_support::*;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::oidc::pending::{self, PendingLogin, TakeMiss};

// Codes worked out by hand in end2end/oidc-provider/provider.mjs.
const DIRIGENTE_CF: &str = "RSSMRA85T10A562S";
const SCONOSCIUTO_CF: &str = "BNCLRA90A41F205I";
const STATE_REFUSED: &str = "Richiesta di accesso non valida o scaduta";

fn confidential() -> PortalOptions {
    PortalOptions {
        public_client: false,
        id_token_claims: false,
    }
}

async fn pending_rows(portal: &Portal) -> u64 {
    pending::Entity::find().count(&portal.db).await.unwrap()
}

#[tokio::test]
async fn a_registered_principal_logs_in_and_lands_where_they_started() {
    // Fiscal number from userinfo (the ID token carries only `sub`); RS256;
    // confidential client. On SQLite and on PostgreSQL.
    for db in common::all_backends().await {
        let label = db.label;
        let portal = start_portal(db, RecordingSink::with(DIRIGENTE_CF, 7), confidential()).await;
        let client = browser();
        let callback_url = login_at_provider(&portal, &client, "dirigente").await;
        assert_eq!(
            pending_rows(&portal).await,
            1,
            "{label}: one login in progress"
        );
        let hop = callback(&client, &callback_url).await;
        assert_eq!(hop.status, StatusCode::SEE_OTHER, "{label}: {hop:#?}");
        assert_eq!(hop.headers["location"], "/casi");
        let cookies = set_cookies(&hop);
        assert!(
            cookies
                .iter()
                .any(|c| c.starts_with("portale_sessione=sess-7;")),
            "{cookies:?}"
        );
        assert!(
            cookies
                .iter()
                .any(|c| c.starts_with("portale_spid_state=;") && c.contains("Max-Age=0"))
        );
        assert_eq!(portal.sink.looked_up(), vec![DIRIGENTE_CF], "{label}");
        assert_eq!(portal.sink.sessions(), vec![7], "{label}");
        assert_eq!(
            pending_rows(&portal).await,
            0,
            "{label}: the state is spent"
        );
    }
}

#[tokio::test]
async fn public_client_with_es256_and_the_fiscal_number_in_the_id_token() {
    let opts = PortalOptions {
        public_client: true,
        id_token_claims: true,
    };
    let portal = start_portal(common::sqlite(), RecordingSink::with(DIRIGENTE_CF, 3), opts).await;
    let client = browser();
    let callback_url = login_at_provider(&portal, &client, "dirigente").await;
    let hop = callback(&client, &callback_url).await;
    assert_eq!(hop.status, StatusCode::SEE_OTHER, "{hop:#?}");
    assert_eq!(portal.sink.sessions(), vec![3]);
}

#[tokio::test]
async fn an_unregistered_person_gets_the_explanation_and_nothing_is_created() {
    let portal = start_portal(
        common::sqlite(),
        RecordingSink::with(DIRIGENTE_CF, 7),
        confidential(),
    )
    .await;
    let client = browser();
    let callback_url = login_at_provider(&portal, &client, "sconosciuto").await;
    let hop = callback(&client, &callback_url).await;
    assert_eq!(hop.status, StatusCode::FORBIDDEN);
    assert!(hop.body.contains(r#"<html lang="it">"#));
    assert!(hop.body.contains(
        "Il suo codice fiscale non risulta registrato nel Portale Scuole: il dirigente scolastico può chiedere la registrazione"
    ));
    assert!(
        hop.body.contains(SCONOSCIUTO_CF),
        "the person sees which code was checked"
    );
    assert!(hop.body.contains("Non è stato creato alcun account"));
    assert_eq!(portal.sink.looked_up(), vec![SCONOSCIUTO_CF]);
    assert!(portal.sink.sessions().is_empty(), "no session");
    assert!(
        !set_cookies(&hop)
            .iter()
            .any(|c| c.starts_with("portale_sessione"))
    );
}

#[tokio::test]
async fn a_tampered_state_is_refused_and_consumes_nothing() {
    let portal = start_portal(
        common::sqlite(),
        RecordingSink::with(DIRIGENTE_CF, 7),
        confidential(),
    )
    .await;
    let client = browser();
    let good = login_at_provider(&portal, &client, "dirigente").await;
    let state = query_param(&good, "state").unwrap();
    let code = query_param(&good, "code").unwrap();

    // The browser's cookie no longer matches the state in the URL.
    let mut tampered = good.clone();
    let flipped = format!(
        "{}{}",
        &state[..state.len() - 1],
        if state.ends_with('A') { 'B' } else { 'A' }
    );
    tampered
        .query_pairs_mut()
        .clear()
        .append_pair("code", &code)
        .append_pair("state", &flipped);
    let hop = callback(&client, &tampered).await;
    assert_eq!(hop.status, StatusCode::BAD_REQUEST);
    assert!(hop.body.contains(STATE_REFUSED), "{}", hop.body);
    assert_eq!(
        pending_rows(&portal).await,
        1,
        "the real state is still pending"
    );

    // Cookie and URL agree, but on a state the portal never issued.
    let forger = browser();
    let req = forger
        .get(tampered.clone())
        .header("cookie", format!("portale_spid_state={flipped}"));
    let (hops, _) = follow(&forger, req, |_| true).await;
    assert_eq!(hops[0].status, StatusCode::BAD_REQUEST);
    assert!(hops[0].body.contains(STATE_REFUSED));

    // Someone else's callback link, in a browser that never started a login.
    let (hops, _) = follow(&forger, forger.get(good.clone()), |_| true).await;
    assert_eq!(hops[0].status, StatusCode::BAD_REQUEST);
    assert!(
        portal.sink.looked_up().is_empty(),
        "no identity was accepted"
    );
    assert!(portal.sink.sessions().is_empty());
}

#[tokio::test]
async fn a_replayed_state_is_refused() {
    let portal = start_portal(
        common::sqlite(),
        RecordingSink::with(DIRIGENTE_CF, 7),
        confidential(),
    )
    .await;
    let client = browser();
    let url = login_at_provider(&portal, &client, "dirigente").await;
    let state = query_param(&url, "state").unwrap();
    assert_eq!(callback(&client, &url).await.status, StatusCode::SEE_OTHER);
    // The same callback again, the state cookie put back by hand.
    let req = client
        .get(url.clone())
        .header("cookie", format!("portale_spid_state={state}"));
    let (hops, _) = follow(&client, req, |_| true).await;
    assert_eq!(hops[0].status, StatusCode::BAD_REQUEST);
    assert!(hops[0].body.contains(STATE_REFUSED));
    assert_eq!(
        portal.sink.sessions(),
        vec![7],
        "only the first use opened a session"
    );
}

#[tokio::test]
async fn cancelling_at_the_provider_shows_a_refusal_page() {
    let portal = start_portal(common::sqlite(), RecordingSink::default(), confidential()).await;
    let client = browser();
    let start = portal.base.join("/auth/spid").unwrap();
    let (hops, _) = follow(&client, client.get(start), |_| false).await;
    let login_page = hops.last().unwrap();
    assert!(
        login_page.body.contains(r#"value="login""#),
        "{login_page:#?}"
    );
    // devInteractions' "cancel": the provider answers error=access_denied.
    let abort = login_page
        .url
        .join(&format!("{}/abort", login_page.url.path()))
        .unwrap();
    let is_callback = |u: &reqwest::Url| u.path() == server::oidc::CALLBACK_PATH;
    let (_, cb) = follow(&client, client.get(abort), is_callback).await;
    let cb = cb.expect("back at the portal");
    assert_eq!(query_param(&cb, "error").as_deref(), Some("access_denied"));
    let hop = callback(&client, &cb).await;
    assert_eq!(hop.status, StatusCode::BAD_REQUEST);
    assert!(hop.body.contains("Accesso annullato"), "{}", hop.body);
    assert_eq!(
        pending_rows(&portal).await,
        0,
        "a refused login spends its state too"
    );
}

#[tokio::test]
async fn a_missing_or_invalid_fiscal_number_is_refused_before_any_lookup() {
    let portal = start_portal(
        common::sqlite(),
        RecordingSink::with(DIRIGENTE_CF, 7),
        confidential(),
    )
    .await;
    for (user, message) in [
        ("senzacf", "non ha comunicato il codice fiscale"),
        ("cfnonvalido", "non è un codice fiscale personale valido"),
    ] {
        let client = browser();
        let url = login_at_provider(&portal, &client, user).await;
        let hop = callback(&client, &url).await;
        assert_eq!(hop.status, StatusCode::BAD_GATEWAY, "{user}");
        assert!(hop.body.contains(message), "{user}: {}", hop.body);
    }
    assert!(portal.sink.looked_up().is_empty());
}

#[tokio::test]
async fn without_configuration_the_routes_say_spid_is_off() {
    let db = common::sqlite();
    let client = browser();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = server::web::router(common::state(&db).await);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let resp = client
        .get(format!("{base}/auth/spid"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        resp.headers()["x-frame-options"],
        "DENY",
        "portal headers apply"
    );
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("non è attivo su questo portale")
    );
}

#[tokio::test]
async fn a_pending_login_is_single_use_and_expires_after_ten_minutes() {
    for db in common::all_backends().await {
        let conn = common::state(&db).await.db;
        let login = PendingLogin {
            nonce: "n".into(),
            pkce_verifier: "v".into(),
            return_to: "/casi".into(),
        };
        let t0 = Utc::now();
        pending::save(&conn, "stato-1", &login, t0).await.unwrap();
        assert_eq!(
            pending::take(&conn, "stato-1", t0 + Duration::minutes(9))
                .await
                .unwrap(),
            Ok(login.clone())
        );
        assert_eq!(
            pending::take(&conn, "stato-1", t0).await.unwrap(),
            Err(TakeMiss::Unknown),
            "{}",
            db.label
        );
        pending::save(&conn, "stato-2", &login, t0).await.unwrap();
        let late = t0 + Duration::minutes(10) + Duration::seconds(1);
        assert_eq!(
            pending::take(&conn, "stato-2", late).await.unwrap(),
            Err(TakeMiss::Expired),
            "{}",
            db.label
        );
        assert_eq!(
            pending::take(&conn, "stato-2", t0).await.unwrap(),
            Err(TakeMiss::Unknown)
        );
        // Saving purges what expired; the stored key is a hash, not the state.
        pending::save(&conn, "stato-3", &login, t0).await.unwrap();
        pending::save(&conn, "stato-4", &login, t0 + Duration::minutes(11))
            .await
            .unwrap();
        let rows = pending::Entity::find().all(&conn).await.unwrap();
        assert_eq!(rows.len(), 1, "{}", db.label);
        assert_eq!(rows[0].state_hash, pending::state_hash("stato-4"));
        assert_ne!(rows[0].state_hash, "stato-4");
    }
}

#[tokio::test]
async fn an_unreachable_provider_gets_a_retry_page_and_a_bad_callback_a_refusal() {
    // Nothing listens on the issuer's port: discovery fails at the start.
    let db = common::sqlite();
    let state = common::state(&db).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let config = server::oidc::OidcConfig {
        issuer,
        client_id: "portale".into(),
        client_secret: None,
        redirect_url: format!("{base}/auth/spid/callback"),
        scopes: vec![],
        fiscal_claim: "fiscalNumber".into(),
    };
    let sink = RecordingSink::default();
    let oidc =
        server::oidc::Oidc::new(config, state.db.clone(), state.clock.clone(), sink).unwrap();
    let app = server::web::router_with_spid(state, server::oidc::routes(oidc));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = browser();
    let resp = client
        .get(format!("{base}/auth/spid"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(resp.text().await.unwrap().contains("non è raggiungibile"));
    // A callback with a repeated parameter: unreadable, refused in Italian.
    let resp = client
        .get(format!("{base}/auth/spid/callback?state=a&state=b"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.text().await.unwrap().contains(STATE_REFUSED));
}

#[tokio::test]
async fn behind_https_the_spid_session_cookie_is_secure_and_pages_carry_the_policies() {
    // The SPID routes sit outside the identity layer: they must still get
    // the portal's cookie policy and security headers. "Behind https" as a
    // proxy says it (X-Forwarded-Proto), so this plain-http test client
    // still sends back the state cookie of the start.
    let db = common::sqlite();
    let portal = start_portal(db, RecordingSink::with(DIRIGENTE_CF, 7), confidential()).await;
    let https = |req: reqwest::RequestBuilder| req.header("x-forwarded-proto", "https");
    let start = https(browser().get(portal.base.join("/auth/spid").unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let state_cookies: Vec<_> = start.headers().get_all("set-cookie").iter().collect();
    assert!(!state_cookies.is_empty());
    for cookie in state_cookies {
        assert!(cookie.to_str().unwrap().contains("Secure"), "{cookie:?}");
    }
    assert!(start.headers().contains_key("strict-transport-security"));
    assert!(start.headers().contains_key("content-security-policy"));

    let client = browser();
    let callback_url = login_at_provider(&portal, &client, "dirigente").await;
    let resp = https(client.get(callback_url)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{resp:#?}");
    let cookies: Vec<String> = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("portale_sessione=sess-7;"))
        .expect("session cookie");
    assert!(session.contains("; Secure"), "{session}");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
    assert!(
        resp.headers()
            .get("strict-transport-security")
            .is_some_and(|v| v.to_str().unwrap().contains("max-age=")),
        "{:?}",
        resp.headers()
    );
    assert!(resp.headers().contains_key("content-security-policy"));
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");

    // An explanation page (refused state) is HTML with a policy of its own.
    let refused = https(
        browser().get(
            portal
                .base
                .join("/auth/spid/callback?state=x&code=y")
                .unwrap(),
        ),
    )
    .send()
    .await
    .unwrap();
    assert!(
        refused.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = refused.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'none'"), "{csp}");
    assert!(refused.headers().contains_key("strict-transport-security"));
}
