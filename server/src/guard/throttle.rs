//! Per-client limits on the public entries that cost the most: password
//! logins (argon2), SPID / CIE starts (a pending row each), registration
//! requests and new passwords. Counted in the database, so they hold across
//! instances; over the limit the answer is 429 with `Retry-After`.

use app::identity::middleware::{refusal_to, wants_html};
use app::identity::throttle::{self, LOGIN, Limit, PASSWORD_RESET, REGISTRATION, SPID_START};
use app::state::AppState;
use axum::http::{HeaderMap, Method};
use axum::response::Response;

/// Which requests count against which limit.
const THROTTLED: &[(Method, &str, Limit)] = &[
    (Method::POST, "/api/accedi", LOGIN),
    (Method::GET, "/auth/spid", SPID_START),
    (Method::POST, "/api/registrazione", REGISTRATION),
    (
        Method::POST,
        "/api/amministrazione/account/password",
        PASSWORD_RESET,
    ),
];

/// Counts the request if its route is throttled; the 429 answer past the limit.
pub async fn check(
    state: &AppState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    client: Option<&str>,
) -> Result<(), Response> {
    let Some((_, _, limit)) = THROTTLED.iter().find(|(m, p, _)| m == method && *p == path) else {
        return Ok(());
    };
    throttle::hit(&state.db, *limit, client, state.now())
        .await
        .map_err(|err| refusal_to(path, wants_html(headers), err))
}
