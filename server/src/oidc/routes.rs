//! The HTTP face of the login: `GET /auth/spid` (start) and
//! `GET /auth/spid/callback` (finish), the short-lived cookie that binds the
//! state to the browser, and the pages for outcomes a person must read.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use serde::Deserialize;

use super::error::OidcError;
use super::flow::{Callback, Oidc, Outcome};
use super::pages::{error_page, not_registered_page};
use super::pending::PENDING_TTL_MINUTES;
use super::sink::LoginSink;

pub const START_PATH: &str = "/auth/spid";
pub const CALLBACK_PATH: &str = "/auth/spid/callback";
/// Carries the state from the start to the callback (and nowhere else).
pub const STATE_COOKIE: &str = "portale_spid_state";

/// The two routes, for merging into the portal's router.
pub fn routes<S: LoginSink>(oidc: Oidc<S>) -> Router {
    Router::new()
        .route(START_PATH, get(start::<S>))
        .route(CALLBACK_PATH, get(callback::<S>))
        .with_state(Arc::new(oidc))
}

/// The same paths when SPID / CIE is not configured: a page saying so.
pub fn disabled_routes() -> Router {
    let off = || async { error_page(&OidcError::NotConfigured) };
    Router::new()
        .route(START_PATH, get(off))
        .route(CALLBACK_PATH, get(off))
}

#[derive(Debug, Default, Deserialize)]
struct StartQuery {
    /// Local path to land on after the login.
    ritorno: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
}

async fn start<S: LoginSink>(
    State(oidc): State<Arc<Oidc<S>>>,
    query: Result<Query<StartQuery>, QueryRejection>,
) -> Response {
    // An unreadable query (repeated parameters…) is treated as absent.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let return_to = safe_return_to(query.ritorno.as_deref());
    match oidc.begin(return_to, Utc::now()).await {
        Ok(started) => {
            let cookie = state_cookie(&started.state, oidc.config().secure_cookie());
            redirect(&started.provider_url, cookie)
        }
        Err(err) => failure(&err),
    }
}

async fn callback<S: LoginSink>(
    State(oidc): State<Arc<Oidc<S>>>,
    query: Result<Query<CallbackQuery>, QueryRejection>,
    headers: HeaderMap,
    extensions: Extensions,
) -> Response {
    // Unreadable: no usable state, so refused as such below.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let cb = Callback {
        state: query.state,
        code: query.code,
        error: query.error,
        cookie_state: cookie_value(&headers, STATE_COOKIE),
        // As the edge recorded it (the proxy rule applies here too).
        client_ip: match extensions.get::<crate::guard::identity::ClientAddr>() {
            Some(crate::guard::identity::ClientAddr(ip)) => ip.clone(),
            None => extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string()),
        },
    };
    let secure = oidc.config().secure_cookie();
    let mut resp = match oidc.finish(cb, Utc::now()).await {
        Ok(Outcome::LoggedIn { cookie, return_to }) => redirect(&return_to, Some(cookie)),
        Ok(Outcome::NotRegistered { codice_fiscale }) => {
            tracing::info!("SPID/CIE login: fiscal number not registered, no account created");
            not_registered_page(&codice_fiscale)
        }
        Err(err) => failure(&err),
    };
    // This browser's attempt ends here, whatever the outcome.
    if let Ok(clear) = HeaderValue::from_str(&expired_cookie(secure)) {
        resp.headers_mut().append(header::SET_COOKIE, clear);
    }
    resp
}

fn failure(err: &OidcError) -> Response {
    let (kind, detail) = err.log_fields();
    if err.status().is_server_error() {
        tracing::error!(kind, detail, "SPID/CIE login failed");
    } else {
        tracing::warn!(kind, detail, "SPID/CIE login refused");
    }
    error_page(err)
}

/// 303 to `location`, optionally setting a cookie, never cached.
fn redirect(location: &str, cookie: Option<HeaderValue>) -> Response {
    let Ok(location) = HeaderValue::from_str(location) else {
        return failure(&OidcError::Internal(
            "redirect location not a header value".to_owned(),
        ));
    };
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let headers = resp.headers_mut();
    headers.insert(header::LOCATION, location);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    resp
}

/// `SameSite=Lax`: the callback is a top-level navigation from the
/// provider's site, on which Lax cookies are still sent.
fn state_cookie(state: &str, secure: bool) -> Option<HeaderValue> {
    let max_age = PENDING_TTL_MINUTES * 60;
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{STATE_COOKIE}={state}; Path={START_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

fn expired_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{STATE_COOKIE}=; Path={START_PATH}; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
}

/// The value of cookie `name` in the request, if any (the portal's one
/// cookie parser).
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    app::identity::cookies::request_cookie(headers, name).map(str::to_owned)
}

/// A local path only (no scheme, no `//host`), so the login cannot be used
/// to send people to another site; anything else lands on the home page.
pub fn safe_return_to(raw: Option<&str>) -> String {
    match raw {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && p.len() <= 512
                && !p.chars().any(|c| c.is_control() || c == '\\') =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_keeps_local_paths_only() {
        assert_eq!(
            safe_return_to(Some("/casi?stato=aperto")),
            "/casi?stato=aperto"
        );
        assert_eq!(safe_return_to(None), "/");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "casi",
            "/a\r\nb",
        ] {
            assert_eq!(safe_return_to(Some(bad)), "/", "{bad:?}");
        }
    }

    #[test]
    fn the_state_cookie_is_read_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; portale_spid_state=xyz; b=2"),
        );
        assert_eq!(cookie_value(&headers, STATE_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie_value(&headers, "c"), None);
    }

    #[test]
    fn the_state_cookie_is_scoped_short_lived_and_secure_on_https() {
        let c = state_cookie("s", true).unwrap();
        let c = c.to_str().unwrap();
        assert!(
            c.contains("Path=/auth/spid") && c.contains("Max-Age=600"),
            "{c}"
        );
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("; Secure"));
        assert!(
            !state_cookie("s", false)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
