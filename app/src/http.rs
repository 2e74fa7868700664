//! How a refusal is written on the wire (server only), shared by the
//! server's request layers and the modules' own axum routes (uploads): the
//! status of the error's kind, `Retry-After` where it helps, and a body the
//! caller reads — JSON for the portal's scripts, an Italian sentence for a
//! browser posting a form itself.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// `bytes` in whole megabytes, rounded up (for "the limit is N MB").
pub fn megabytes(bytes: usize) -> u32 {
    u32::try_from(bytes.div_ceil(1024 * 1024)).unwrap_or(u32::MAX)
}

/// Whether the caller is a browser posting a form without JavaScript.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Without JavaScript the browser posted the form itself: send it on to
/// `to` with a redirect once the server function succeeds. With
/// JavaScript the island decides where to go.
pub fn redirect_plain_form(to: &str) {
    let plain = leptos::prelude::use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| wants_html(&parts.headers));
    if plain {
        leptos_axum::redirect(to);
    }
}

/// `err` as JSON (`json`) or as its Italian sentence.
pub fn refusal(json: bool, err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::FORBIDDEN);
    let retry = err.retry_after();
    let mut response = if json {
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
    if let Some(secs) = retry {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}
