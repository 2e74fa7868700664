//! How long a request may take to produce its answer, per route: 30 s for
//! everything, longer for uploads (a 20 MB file on a school's slow line).
//! Past it the answer is 503 instead of a connection held forever.

use app::identity::registry::upload_policy_for;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Pages, server functions, SPID / CIE.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Upload routes: the body arrives within this time.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(10 * 60);

pub fn timeout_for(path: &str) -> Duration {
    if upload_policy_for(path).is_some() {
        UPLOAD_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    }
}

pub async fn bound(req: Request, next: Next) -> Response {
    let limit = timeout_for(req.uri().path());
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request took longer than its route allows (503)");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
