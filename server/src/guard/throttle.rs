//! Per-client limits on the public entries that cost the most: password
//! logins (argon2), SPID / CIE starts (a pending row each), registration
//! requests and new passwords. Counted in the database, so they hold across
//! instances; over the limit the answer is 429 with `Retry-After`.
//!
//! Every request is counted before it runs (a burst is bounded); a login
//! that succeeds and a registration refused for its fields are given back,
//! so a school's staff logging in one after the other, or a secretary
//! correcting a form, never meet the limit; a guesser does.

use crate::guard::identity::{refusal_to, wants_html};
use app::identity::throttle::{self, LOGIN, Limit, PASSWORD_RESET, REGISTRATION, SPID_START};
use app::state::AppState;
use axum::http::{HeaderMap, Method, header};
use axum::response::Response;

/// What a throttled route's limit is about. Every request is counted
/// before it runs, so even a burst of concurrent ones is bounded; the ones
/// whose outcome the limit is not about are given back afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// Every request.
    Every,
    /// Requests that fail (401, or an error redirect of a plain form).
    Failures,
    /// Requests that succeed (2xx, or a redirect without an error).
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

/// A counted request whose outcome decides whether it stays counted.
#[derive(Debug, Clone)]
pub struct Pending {
    hit: throttle::Hit,
    counts: Counts,
}

/// Counts the request if its route is throttled, refusing it past the
/// limit (429); what to settle once it has been answered.
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
    let hit = throttle::hit(&state.db, *limit, client, state.now())
        .await
        .map_err(|err| refusal_to(path, wants_html(headers), err))?;
    Ok((*counts != Counts::Every).then_some(Pending {
        hit,
        counts: *counts,
    }))
}

/// The count to give back, if the answer is not the kind its route's limit
/// is about (decided before any await: a response is not `Sync`).
pub fn to_refund(pending: Pending, res: &Response) -> Option<throttle::Hit> {
    let error_redirect = res.status().is_redirection()
        && res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.contains("__err="));
    let failed = res.status().as_u16() == 401 || error_redirect;
    let succeeded = res.status().is_success() || (res.status().is_redirection() && !error_redirect);
    let keep = match pending.counts {
        Counts::Failures => failed,
        Counts::Successes => succeeded,
        Counts::Every => true,
    };
    (!keep).then_some(pending.hit)
}

/// Gives a count back. An error is logged, never turned into a refusal of
/// a request already answered.
pub async fn refund(state: &AppState, hit: throttle::Hit) {
    if throttle::refund(&state.db, &hit).await.is_err() {
        tracing::error!("rate limit count not given back");
    }
}
