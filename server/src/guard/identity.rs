//! The central request gate (server only), layered over every route:
//! resolves the session cookie into a [`RequestIdentity`], refuses forged
//! state-changing requests, refuses server-function calls the declared
//! policy does not admit, and sets the security headers the pages need.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use app::error::AppError;
use app::identity::current::RequestIdentity;
use app::identity::registry::{policy_for, upload_policy_for};
use app::identity::sessions::{self, COOKIE};
use app::identity::{ActiveSession, csrf};
use app::state::AppState;

/// Largest form body read to find the `csrf_token` field.
const FORM_LIMIT: usize = 16 * 1024 * 1024;

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
    let secure = is_secure(&state, req.headers());
    if req.method() == Method::GET && is_static_asset(&path) {
        return finish(next.run(req).await, secure, false, false);
    }
    let client_ip = request_client_ip(&req, state.security.trust_proxy);
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
        Some(s) => match app::delegations::store::with_grants(&state.db, s, state.today()).await {
            Ok(s) => Some(s),
            Err(err) => return refusal(&path, err.into()),
        },
        None => None,
    };

    let req = if is_state_changing(req.method()) {
        match check_csrf(req, session.as_ref(), secure, state.security.trust_proxy).await {
            Ok(req) => req,
            Err(err) => {
                if err == AppError::Csrf {
                    tracing::warn!(path, "state-changing request refused (CSRF)");
                }
                return refusal(&path, err);
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

/// Policy gate for server-function paths and upload routes: unlisted
/// functions serve nobody, listed ones only the roles their policy admits.
fn gate(path: &str, session: Option<&ActiveSession>) -> Option<AppError> {
    let policy = if let Some(upload) = upload_policy_for(path) {
        upload
    } else if !registered_paths().contains(path) {
        return None;
    } else if let Some(policy) = policy_for(path) {
        policy
    } else {
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

/// Whether `path` is a server function's (answers are JSON `AppError`s).
pub fn is_server_fn_path(path: &str) -> bool {
    registered_paths().contains(path)
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

/// Whether the request came over https (directly configured, or according
/// to the proxy in front).
pub fn is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.security.force_https || forwarded_https(headers)
}

fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The client's address as the edge recorded it, else as seen here.
fn request_client_ip(req: &Request, trust_proxy: bool) -> Option<String> {
    match req.extensions().get::<ClientAddr>() {
        Some(ClientAddr(ip)) => ip.clone(),
        None => client_ip(req.headers(), req.extensions(), trust_proxy),
    }
}

/// The client's address, recorded once per request by the outermost layer
/// so every route (pages, server functions, SPID) agrees on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub Option<String>);

/// The client's address: the peer's, or behind a trusted proxy the hop that
/// proxy appended to `X-Forwarded-For` (the rightmost: every value left of
/// it was written by the client and proves nothing).
pub fn client_ip(
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    trust_proxy: bool,
) -> Option<String> {
    if trust_proxy {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
            .filter(|v| v.len() <= 64 && v.parse::<std::net::IpAddr>().is_ok());
        if let Some(ip) = forwarded {
            return Some(ip.to_owned());
        }
    }
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

/// The portal's host as the client addressed it (the proxy's
/// `X-Forwarded-Host` when trusted).
pub fn host(headers: &HeaderMap, uri: &axum::http::Uri, trust_proxy: bool) -> String {
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
) -> Result<Request, AppError> {
    let headers = req.headers();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let host = host(headers, req.uri(), trust_proxy);
    if !source.is_some_and(|s| csrf::same_origin(s, &host, secure)) {
        return Err(AppError::Csrf);
    }
    let Some(session) = session else {
        return Ok(req);
    };
    if let Some(given) = headers.get(csrf::HEADER).and_then(|v| v.to_str().ok()) {
        return if csrf::tokens_match(&session.csrf_token, given) {
            let mut req = req;
            req.extensions_mut()
                .insert(app::jobs::multipart::CsrfVerified);
            Ok(req)
        } else {
            Err(AppError::Csrf)
        };
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // An upload without JavaScript carries the token as its first field:
    // the upload reader checks it before reading the file, so the body is
    // not buffered here. Only declared upload routes may defer it.
    if content_type.starts_with("multipart/form-data")
        && upload_policy_for(req.uri().path()).is_some()
    {
        return Ok(req);
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    // The edge already bounded the body to the route's limit; this bound
    // only matters when the layer runs alone.
    let bytes = to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::TooLarge {
            limit_mb: megabytes(FORM_LIMIT),
        })?;
    let ok = csrf::form_field(&bytes, csrf::FIELD)
        .is_some_and(|given| csrf::tokens_match(&session.csrf_token, given));
    if ok {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(AppError::Csrf)
    }
}

pub use app::http::{megabytes, wants_html};

/// The refusal in the form its caller reads: a server-function error (JSON
/// `AppError`) on API paths, an Italian sentence elsewhere; with
/// `Retry-After` when waiting helps.
pub fn refusal(path: &str, err: AppError) -> Response {
    refusal_as(registered_paths().contains(path), err)
}

/// [`refusal`] for a request whose headers are known: a browser posting a
/// form without JavaScript reads the sentence, not JSON.
pub fn refusal_to(path: &str, wants_html: bool, err: AppError) -> Response {
    refusal_as(registered_paths().contains(path) && !wants_html, err)
}

fn refusal_as(json: bool, err: AppError) -> Response {
    finish(app::http::refusal(json, err), false, false, false)
}

/// This layer's part of the way out: removal of a dead session cookie and
/// no caching of personal pages, then the [`transport_headers`] every
/// route gets.
fn finish(mut res: Response, secure: bool, stale_cookie: bool, logged_in: bool) -> Response {
    let headers = res.headers_mut();
    let sets_cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(COOKIE.as_bytes()));
    if stale_cookie && !sets_cookie {
        headers.append(header::SET_COOKIE, sessions::clear_cookie());
    }
    if logged_in {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    transport_headers(res, secure)
}

/// Policy of an HTML answer that carries no policy of its own (pages not
/// rendered by Leptos, such as the SPID explanation pages): the portal's
/// styles, no scripts at all.
const STATIC_PAGE_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// The headers every answer of the portal gets, whatever the route (pages,
/// server functions, SPID, static files): Secure on every cookie and HSTS
/// over https, a Content-Security-Policy when the answer has none, and no
/// caching of an answer that sets a cookie.
pub fn transport_headers(mut res: Response, secure: bool) -> Response {
    let headers = res.headers_mut();
    let sets_cookie = headers.contains_key(header::SET_COOKIE);
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
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(if html { STATIC_PAGE_CSP } else { DEFAULT_CSP }),
        );
    }
    if sets_cookie {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The cookie with `Secure` added, unless it has it already.
fn add_secure(value: &HeaderValue) -> Option<HeaderValue> {
    let text = value.to_str().ok()?;
    if app::identity::cookies::sets_secure(text) {
        return None;
    }
    HeaderValue::from_str(&format!("{text}; Secure")).ok()
}
