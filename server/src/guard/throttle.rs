//! Per-client limits on the public entries that cost the most: password
//! logins (argon2), SPID / CIE starts (a pending row each), registration
//! requests and new passwords. Counted in the database, so they hold across
//! instances; over the limit the answer is 429 with `Retry-After`.
//!
//! Logins count only their failures and registrations only the requests
//! stored: a school's staff logging in one after the other, or a secretary
//! correcting a form, never meet the limit; a guesser does.

use app::identity::middleware::{refusal_to, wants_html};
use app::identity::throttle::{self, LOGIN, Limit, PASSWORD_RESET, REGISTRATION, SPID_START};
use app::state::AppState;
use axum::http::{HeaderMap, Method, header};
use axum::response::Response;

/// What a throttled route counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// Every request, before it runs.
    Every,
    /// Requests that failed (401, or an error redirect of a plain form).
    Failures,
    /// Requests that succeeded (2xx, or a redirect without an error).
    Successes,
}

/// Which requests count against which limit.
const THROTTLED: &[(Method, &str, Limit, Counts)] = &[
    (Method::POST, "/api/accedi", LOGIN, Counts::Failures),
    (Method::GET, "/auth/spid", SPID_START, Counts::Every),
    (
        Method::POST,
        "/api/registrazione",
        REGISTRATION,
        Counts::Successes,
    ),
    (
        Method::POST,
        "/api/amministrazione/account/password",
        PASSWORD_RESET,
        Counts::Every,
    ),
];

/// A request whose outcome still has to be counted.
#[derive(Debug, Clone, Copy)]
pub struct Pending {
    limit: Limit,
    counts: Counts,
}

/// Refuses the request if its route's limit is used up (429), counting it
/// now when the route counts every request; otherwise what to count after.
pub async fn check(
    state: &AppState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    client: Option<&str>,
) -> Result<Option<Pending>, Response> {
    let Some((_, _, limit, counts)) = THROTTLED
        .iter()
        .find(|(m, p, _, _)| m == method && *p == path)
    else {
        return Ok(None);
    };
    let result = match counts {
        Counts::Every => throttle::hit(&state.db, *limit, client, state.now()).await,
        Counts::Failures | Counts::Successes => {
            throttle::peek(&state.db, *limit, client, state.now()).await
        }
    };
    result.map_err(|err| refusal_to(path, wants_html(headers), err))?;
    Ok((*counts != Counts::Every).then_some(Pending {
        limit: *limit,
        counts: *counts,
    }))
}

/// The limit to count the answer against, if it is the kind of answer the
/// route counts (decided before any await: a response is not `Sync`).
pub fn to_count(pending: Pending, res: &Response) -> Option<Limit> {
    let error_redirect = res.status().is_redirection()
        && res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.contains("__err="));
    let failed = res.status().as_u16() == 401 || error_redirect;
    let succeeded = res.status().is_success() || (res.status().is_redirection() && !error_redirect);
    let counts = match pending.counts {
        Counts::Failures => failed,
        Counts::Successes => succeeded,
        Counts::Every => false,
    };
    counts.then_some(pending.limit)
}

/// Counts an answer [`to_count`] picked. A counting error is logged, never
/// turned into a refusal of a request already answered.
pub async fn record(state: &AppState, limit: Limit, client: Option<&str>) {
    // Past the limit is expected here (the next request is refused); any
    // other error means the count was lost.
    if let Err(err) = throttle::hit(&state.db, limit, client, state.now()).await
        && !matches!(err, app::error::AppError::TooManyRequests { .. })
    {
        tracing::error!(kind = limit.name, "rate limit not counted");
    }
}
