//! A refused plain form post is answered with its page, not a redirect.
//!
//! Without JavaScript the browser posts a form straight to its server
//! function. When the function refuses it, server_fn redirects back to the
//! form's page with the error in the address (`__path`, `__err`), which
//! loses everything typed and leaves the error in the browser's history.
//! Instead, the edge renders that page itself, inside this same request:
//! the page's request carries the fields as posted ([`FormEcho`], never a
//! password) and the error, the form shows both, and the answer has the
//! refusal's status (422 for field errors, 409, 401…). The address the
//! browser shows stays the form's action; nothing lands in the history.

use app::error::AppError;
use app::ui::FormEcho;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};

/// The parameters server_fn puts the refusal in.
const PATH_PARAM: &str = "__path";
const ERR_PARAM: &str = "__err";

/// A plain form post to a server function, its body kept to echo it.
pub struct PlainPost {
    action: String,
    body: Bytes,
    headers: axum::http::HeaderMap,
    client: Option<super::identity::ClientAddr>,
}

/// For a form a browser posted itself (no JavaScript): the request with its
/// body buffered, and what an echo needs. Other requests pass untouched.
pub async fn capture(req: Request, limit: usize) -> Result<(Request, Option<PlainPost>), Response> {
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let plain =
        req.method() == Method::POST && urlencoded && super::identity::wants_html(req.headers());
    if !plain {
        return Ok((req, None));
    }
    let (parts, body) = req.into_parts();
    // The body was already bounded to the route's limit.
    let Ok(bytes) = to_bytes(body, limit).await else {
        return Err(super::identity::refusal_to(
            parts.uri.path(),
            true,
            AppError::TooLarge {
                limit_mb: super::identity::megabytes(limit),
            },
        ));
    };
    let post = PlainPost {
        action: parts.uri.path().to_owned(),
        body: bytes.clone(),
        headers: parts.headers.clone(),
        client: parts
            .extensions
            .get::<super::identity::ClientAddr>()
            .cloned(),
    };
    Ok((Request::from_parts(parts, Body::from(bytes)), Some(post)))
}

/// When `res` is server_fn's error redirect for `post`, the form's page
/// rendered with the echo and the error instead; else `res` unchanged.
pub async fn answer(post: PlainPost, res: Response, pages: axum::Router) -> Response {
    let Some((page, err)) = refusal_in(&res) else {
        return res;
    };
    let Ok(uri) = page.parse::<Uri>() else {
        return res;
    };
    let echo = FormEcho {
        action: post.action.clone(),
        fields: url::form_urlencoded::parse(&post.body)
            .into_owned()
            .filter(|(name, _)| !FormEcho::is_secret(name))
            .collect(),
    };
    let mut page_req = Request::new(Body::empty());
    *page_req.method_mut() = Method::GET;
    *page_req.uri_mut() = uri;
    for name in [
        header::COOKIE,
        header::HOST,
        header::ACCEPT_LANGUAGE,
        header::USER_AGENT,
    ] {
        if let Some(value) = post.headers.get(&name) {
            page_req.headers_mut().insert(name, value.clone());
        }
    }
    page_req
        .headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static("text/html"));
    if let Some(client) = post.client {
        page_req.extensions_mut().insert(client);
    }
    page_req.extensions_mut().insert(echo);
    // A task of its own: the page renders on a fresh stack, not nested in
    // the refused call's.
    let render = tokio::spawn(tower::ServiceExt::oneshot(pages, page_req));
    let Ok(Ok(mut rendered)) = render.await else {
        return res;
    };
    if rendered.status() != StatusCode::OK {
        // The page itself failed: the plain redirect is still an answer.
        return res;
    }
    let status = URL_SAFE
        .decode(err.as_bytes())
        .ok()
        .or_else(|| STANDARD.decode(err.as_bytes()).ok())
        .and_then(|json| serde_json::from_slice::<AppError>(&json).ok())
        .and_then(|e| StatusCode::from_u16(e.status()).ok())
        .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    *rendered.status_mut() = status;
    // Whatever the refused call set (cookies excepted: none on refusals).
    rendered
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    rendered
}

/// The page (path and query, refusal included) and the refusal's JSON of
/// server_fn's error redirect.
fn refusal_in(res: &Response) -> Option<(String, String)> {
    if !res.status().is_redirection() {
        return None;
    }
    let location = res.headers().get(header::LOCATION)?.to_str().ok()?;
    let url = url::Url::parse("http://portale.invalid")
        .ok()?
        .join(location)
        .ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let err = pairs.iter().find(|(k, _)| k == ERR_PARAM)?.1.clone();
    pairs.iter().find(|(k, _)| k == PATH_PARAM)?;
    let mut page = url.path().to_owned();
    if let Some(query) = url.query() {
        page.push('?');
        page.push_str(query);
    }
    Some((page, err))
}
