//! Request bodies bounded per route: a stranger's upload is refused from its
//! `Content-Length` before a byte is read, and a body without one is read
//! only up to the limit. The answer is 413 with the limit in words.

use crate::guard::identity::{megabytes, refusal_to, wants_html};
use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::response::Response;

/// Forms and server-function calls: far more than any form needs.
pub const DEFAULT_LIMIT: usize = 1024 * 1024;

/// The administration's registry import: an 8 MB CSV travels as base64
/// (4/3 of its size) inside the call.
pub const REGISTRY_IMPORT_LIMIT: usize = 12 * 1024 * 1024;

/// Routes with a limit of their own.
const ROUTE_LIMITS: &[(&str, usize)] = &[("/api/amministrazione/importa", REGISTRY_IMPORT_LIMIT)];

/// The largest limit of any route: the backstop for axum's own extractors.
pub const MAX_LIMIT: usize = REGISTRY_IMPORT_LIMIT;

/// The body limit of a route.
pub fn limit_for(path: &str) -> usize {
    ROUTE_LIMITS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(DEFAULT_LIMIT, |(_, limit)| *limit)
}

/// The request, its body within the route's limit; else the 413 answer.
pub async fn bound(req: Request) -> Result<Request, Response> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(req);
    }
    let path = req.uri().path().to_owned();
    let limit = limit_for(&path);
    let html = wants_html(req.headers());
    let too_large = || {
        tracing::warn!(path, limit, "request body over the route's limit (413)");
        refusal_to(
            &path,
            html,
            AppError::TooLarge {
                limit_mb: megabytes(limit),
            },
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        // hyper delivers exactly the declared length, no more.
        Some(length) if length <= limit as u64 => Ok(req),
        Some(_) => Err(too_large()),
        None => {
            let (parts, body) = req.into_parts();
            match to_bytes(body, limit).await {
                Ok(bytes) => Ok(Request::from_parts(parts, Body::from(bytes))),
                Err(_) => Err(too_large()),
            }
        }
    }
}
