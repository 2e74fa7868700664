//! Request bodies bounded per route: a stranger's upload is refused from its
//! `Content-Length` before a byte is read, and a body without one is read
//! only up to the limit. The answer is 413 with the limit in words. Upload
//! routes are not buffered here: their body streams on, cut off at the limit.

use crate::guard::identity::{megabytes, refusal_to, wants_html};
use app::admin::import_rules::UPLOAD_PATH;
use app::error::AppError;
use app::identity::registry::upload_policy_for;
use app::jobs::multipart::DEFAULT_UPLOAD_LIMIT;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::response::Response;

/// Forms and server-function calls: far more than any form needs.
pub const DEFAULT_LIMIT: usize = 1024 * 1024;

/// The administration's registry import (multipart, streamed).
pub const REGISTRY_IMPORT_LIMIT: usize = app::admin::import_upload::UPLOAD_LIMIT;

/// Routes with a limit of their own.
const ROUTE_LIMITS: &[(&str, usize)] = &[
    (UPLOAD_PATH, REGISTRY_IMPORT_LIMIT),
    (
        app::vaccinations::paths::UPLOAD_PATH,
        app::vaccinations::upload_routes::UPLOAD_LIMIT,
    ),
    (
        app::vaccinations::paths::REGISTRY_PATH,
        app::vaccinations::upload_routes::UPLOAD_LIMIT,
    ),
    (
        app::absences::calendar_upload::UPLOAD_PATH,
        app::absences::calendar_upload::UPLOAD_LIMIT,
    ),
];

/// The largest limit of any route: the backstop for axum's own extractors
/// (the multipart reader among them).
pub const MAX_LIMIT: usize = DEFAULT_UPLOAD_LIMIT;

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
        // An upload streams to its reader, which refuses it at the limit.
        None if upload_policy_for(&path).is_some() => {
            let (parts, body) = req.into_parts();
            let limited = http_body_util::Limited::new(body, limit);
            Ok(Request::from_parts(parts, Body::new(limited)))
        }
        None => {
            let (parts, body) = req.into_parts();
            match to_bytes(body, limit).await {
                Ok(bytes) => Ok(Request::from_parts(parts, Body::from(bytes))),
                Err(_) => Err(too_large()),
            }
        }
    }
}
