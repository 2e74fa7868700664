//! The status of a server function's refusal, set once, from its kind.
//!
//! server_fn answers every error 500 unless the function set another
//! status itself, and an argument it cannot decode never reaches the
//! function at all. Here the error body (a JSON [`AppError`]) decides:
//! 422 for validation, 403/404 for refusals, 409 for conflicts, 400 for a
//! malformed request, 413, 429 and 503 with `Retry-After`; only `Internal`
//! stays 500.

use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

/// server_fn's marker on error answers.
const ERROR_HEADER: &str = "serverfnerror";

/// Error bodies are a few hundred bytes; anything larger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn from_error_kind(res: Response) -> Response {
    if !res.headers().contains_key(ERROR_HEADER) || res.status().is_redirection() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
        if let Some(secs) = err.retry_after() {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
