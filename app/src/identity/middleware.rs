//! The central request gate (server only), layered over every route:
//! resolves the session cookie into a [`RequestIdentity`], refuses forged
//! state-changing requests, refuses server-function calls the declared
//! policy does not admit, and sets the security headers the pages need.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::current::RequestIdentity;
use super::registry::policy_for;
use super::sessions::{self, COOKIE};
use super::{ActiveSession, csrf};
use crate::error::AppError;
use crate::state::AppState;

/// Largest form body read to find the `csrf_token` field.
const FORM_LIMIT: usize = 1024 * 1024;

/// Policy for everything but pages (which get a nonce-based one): nothing
/// may load, nobody may frame.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The Content-Security-Policy of a server-rendered page with `nonce`.
/// `'wasm-unsafe-eval'` lets the WASM bundle compile; inline scripts run
/// only with the nonce Leptos puts on its hydration scripts.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn identity_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let secure = state.security.force_https || forwarded_https(req.headers());
    if req.method() == Method::GET && is_static_asset(&path) {
        return finish(next.run(req).await, secure, false, false);
    }
    let client_ip = client_ip(&req, state.security.trust_proxy);
    let token = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(sessions::token_from_cookie_header)
        .map(str::to_owned);
    let session = match &token {
        Some(token) => match sessions::resolve(&state.db, token, state.now()).await {
            Ok(found) => found,
            Err(err) => return refusal(&path, err),
        },
        None => None,
    };
    let stale_cookie = token.is_some() && session.is_none();
    // A delegate's grants are read afresh on every request: a revocation or
    // an expiry takes effect on the next click.
    let session = match session {
        Some(s) => {
            match crate::delegations::store::with_grants(&state.db, s, state.today()).await {
                Ok(s) => Some(s),
                Err(err) => return refusal(&path, err.into()),
            }
        }
        None => None,
    };

    let req = if is_state_changing(req.method()) {
        match check_csrf(req, session.as_ref(), secure, state.security.trust_proxy).await {
            Ok(req) => req,
            Err(()) => {
                tracing::warn!(path, "state-changing request refused (CSRF)");
                return refusal(&path, AppError::Csrf);
            }
        }
    } else {
        req
    };

    if let Some(err) = gate(&path, session.as_ref()) {
        return refusal(&path, err);
    }

    let logged_in = session.is_some();
    let mut req = req;
    req.extensions_mut().insert(RequestIdentity {
        session,
        client_ip,
        secure,
    });
    finish(next.run(req).await, secure, stale_cookie, logged_in)
}

/// Policy gate for server-function paths: unlisted functions serve nobody,
/// listed ones only the roles their policy admits.
fn gate(path: &str, session: Option<&ActiveSession>) -> Option<AppError> {
    if !registered_paths().contains(path) {
        return None;
    }
    let Some(policy) = policy_for(path) else {
        tracing::error!(path, "server function without a declared policy refused");
        return Some(AppError::Forbidden);
    };
    let role = session.map(|s| s.identity.role);
    if policy.admits(role) {
        None
    } else if role.is_none() {
        Some(AppError::Unauthenticated)
    } else {
        Some(AppError::Forbidden)
    }
}

fn registered_paths() -> &'static HashSet<&'static str> {
    static PATHS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    PATHS.get_or_init(|| {
        leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            .collect()
    })
}

fn is_state_changing(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}

fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

fn client_ip(req: &Request, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 64);
        if let Some(ip) = forwarded {
            return Some(ip.to_owned());
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

fn host(headers: &HeaderMap, uri: &axum::http::Uri, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-host"))
        .flatten();
    forwarded
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .unwrap_or_default()
}

/// Origin (or Referer) must be the portal; with a session, the token must
/// come back too. Returns the request, rebuilt if its body was read.
async fn check_csrf(
    req: Request,
    session: Option<&ActiveSession>,
    secure: bool,
    trust_proxy: bool,
) -> Result<Request, ()> {
    let headers = req.headers();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let host = host(headers, req.uri(), trust_proxy);
    if !source.is_some_and(|s| csrf::same_origin(s, &host, secure)) {
        return Err(());
    }
    let Some(session) = session else {
        return Ok(req);
    };
    if let Some(given) = headers.get(csrf::HEADER).and_then(|v| v.to_str().ok()) {
        return if csrf::tokens_match(&session.csrf_token, given) {
            Ok(req)
        } else {
            Err(())
        };
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(());
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT).await.map_err(|_| ())?;
    let ok = csrf::form_field(&bytes, csrf::FIELD)
        .is_some_and(|given| csrf::tokens_match(&session.csrf_token, given));
    if ok {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(())
    }
}

/// The refusal in the form its caller reads: a server-function error (JSON
/// `AppError`) on API paths, an Italian sentence elsewhere.
fn refusal(path: &str, err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::FORBIDDEN);
    let response = if registered_paths().contains(path) {
        let body = serde_json::to_string(&err).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            err.to_string(),
        )
            .into_response()
    };
    finish(response, false, false, false)
}

/// Headers on the way out: Secure on the session cookie over https, HSTS,
/// removal of a dead cookie, a default CSP, no caching of personal pages.
fn finish(mut res: Response, secure: bool, stale_cookie: bool, logged_in: bool) -> Response {
    let headers = res.headers_mut();
    let sets_cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(COOKIE.as_bytes()));
    if secure && sets_cookie {
        let cookies: Vec<HeaderValue> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| add_secure(v).unwrap_or_else(|| v.clone()))
            .collect();
        headers.remove(header::SET_COOKIE);
        for cookie in cookies {
            headers.append(header::SET_COOKIE, cookie);
        }
    }
    if stale_cookie && !sets_cookie {
        let clear = sessions::clear_cookie();
        let clear = if secure {
            add_secure(&clear).unwrap_or(clear)
        } else {
            clear
        };
        headers.append(header::SET_COOKIE, clear);
    }
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    if logged_in || sets_cookie {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn add_secure(value: &HeaderValue) -> Option<HeaderValue> {
    let text = value.to_str().ok()?;
    if !text.starts_with(COOKIE) || text.contains("; Secure") {
        return None;
    }
    HeaderValue::from_str(&format!("{text}; Secure")).ok()
}
