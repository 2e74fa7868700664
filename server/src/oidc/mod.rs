//! SPID / CIE login through OpenID Connect: this portal as a
//! relying party of a regional SPID/CIE gateway or any OpenID provider.
//!
//! Authorization code flow with PKCE S256; state and nonce random, kept in
//! the database (`oidc_pending`, single use, ten minutes) so any instance can
//! finish a login; the state also bound to the browser by a cookie; the ID
//! token's signature (provider JWKS, RS/PS/ES/EdDSA), issuer, audience,
//! expiry and nonce verified. The person is matched to an account by the
//! fiscal-number claim (`TINIT-` stripped, checked as a personal codice
//! fiscale); nobody is ever created here.
//!
//! Lives in the server crate, not `app`: it is HTTP plumbing (axum handlers,
//! an HTTP client, environment configuration) with no page or rule that the
//! browser needs, and it keeps `openidconnect`/`reqwest` out of `app`.
//!
//! - [`config`]: `PORTALE_OIDC_*` variables.
//! - [`provider`]: discovery, authorization URL, code exchange, ID token checks.
//! - [`pending`]: the `oidc_pending` table.
//! - [`fiscal`]: the fiscal-number claim to a codice fiscale.
//! - [`flow`]: begin and finish, free of HTTP.
//! - [`routes`]: `GET /auth/spid`, `GET /auth/spid/callback`.
//! - [`sink`]: [`LoginSink`], the seam to accounts and sessions.

pub mod config;
pub mod error;
pub mod fiscal;
pub mod flow;
mod pages;
pub mod pending;
pub mod provider;
pub mod routes;
pub mod sink;

#[cfg(test)]
mod provider_tests;

use app::state::AppState;
use axum::Router;

pub use config::{OidcConfig, OidcConfigError};
pub use error::OidcError;
pub use flow::Oidc;
pub use routes::{CALLBACK_PATH, START_PATH, disabled_routes, routes};
pub use sink::{LoginSink, PortalAccounts, production_login_sink};

/// The SPID / CIE routes of the running portal: configured from the
/// environment, with the production [`LoginSink`].
pub fn routes_from_env(state: &AppState) -> Result<Router, String> {
    let Some(config) = OidcConfig::from_env().map_err(|e| e.to_string())? else {
        return Ok(disabled_routes());
    };
    let sink = production_login_sink(state.db.clone());
    let oidc = Oidc::new(config, state.db.clone(), state.clock.clone(), sink)
        .map_err(|e| e.to_string())?;
    Ok(routes(oidc))
}
