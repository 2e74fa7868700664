//! The login itself, free of HTTP details: [`Oidc::begin`] records a
//! pending login and gives the provider URL; [`Oidc::finish`] checks the
//! returning state, gets a verified fiscal number and hands it to the
//! [`LoginSink`]. Nothing here logs personal data or tokens.

use std::sync::Arc;

use app::validation::dates::Clock;
use axum::http::HeaderValue;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use super::config::OidcConfig;
use super::error::{OidcError, StateProblem};
use super::fiscal::codice_fiscale_from_claim;
use super::pending::{self, TakeMiss};
use super::provider::Provider;
use super::sink::LoginSink;

/// A relying party bound to one provider, one database and one sink.
pub struct Oidc<S> {
    provider: Provider,
    db: DatabaseConnection,
    clock: Arc<dyn Clock + Send + Sync>,
    sink: S,
}

/// Where to send the browser, and the state its cookie must carry back.
#[derive(Debug)]
pub struct Started {
    pub provider_url: String,
    pub state: String,
}

/// What the provider sent back to the callback.
#[derive(Debug, Default, Clone)]
pub struct Callback {
    pub state: Option<String>,
    pub code: Option<String>,
    /// The provider's `error` (the person cancelled, or a refusal).
    pub error: Option<String>,
    /// The state the browser's cookie carries.
    pub cookie_state: Option<String>,
    pub client_ip: Option<String>,
}

#[derive(Debug)]
pub enum Outcome {
    /// Session opened: set this cookie and go to `return_to`.
    LoggedIn {
        cookie: HeaderValue,
        return_to: String,
    },
    /// Verified, but no active account has this codice fiscale.
    NotRegistered { codice_fiscale: String },
}

impl<S: LoginSink> Oidc<S> {
    pub fn new(
        config: OidcConfig,
        db: DatabaseConnection,
        clock: Arc<dyn Clock + Send + Sync>,
        sink: S,
    ) -> Result<Self, OidcError> {
        Ok(Oidc {
            provider: Provider::new(config)?,
            db,
            clock,
            sink,
        })
    }

    pub fn config(&self) -> &OidcConfig {
        self.provider.config()
    }

    /// Starts a login that will land on `return_to` (a local path).
    pub async fn begin(&self, return_to: String, now: DateTime<Utc>) -> Result<Started, OidcError> {
        let request = self.provider.authorization_request(return_to).await?;
        pending::save(&self.db, &request.state, &request.login, now).await?;
        Ok(Started {
            provider_url: request.url,
            state: request.state,
        })
    }

    /// Finishes a login. The state is checked against the browser's cookie
    /// (a link with someone else's code cannot log this browser in) and
    /// consumed before anything else, so it never works twice.
    pub async fn finish(&self, cb: Callback, now: DateTime<Utc>) -> Result<Outcome, OidcError> {
        let state = non_empty(cb.state).ok_or(OidcError::InvalidState(StateProblem::Missing))?;
        let cookie =
            non_empty(cb.cookie_state).ok_or(OidcError::InvalidState(StateProblem::Missing))?;
        if !same_secret(&state, &cookie) {
            return Err(OidcError::InvalidState(StateProblem::Mismatch));
        }
        let login = pending::take(&self.db, &state, now)
            .await?
            .map_err(|miss| {
                OidcError::InvalidState(match miss {
                    TakeMiss::Unknown => StateProblem::Unknown,
                    TakeMiss::Expired => StateProblem::Expired,
                })
            })?;
        if let Some(error) = cb.error {
            return Err(OidcError::ProviderRefused(error_code(&error)));
        }
        let code = non_empty(cb.code)
            .ok_or_else(|| OidcError::TokenExchange("callback without code".to_owned()))?;
        let claim = self.provider.fiscal_claim(code, &login).await?;
        let codice_fiscale = codice_fiscale_from_claim(claim.as_ref(), self.clock.today())?;
        let Some(account_id) = self.sink.account_for_cf(&codice_fiscale).await? else {
            return Ok(Outcome::NotRegistered { codice_fiscale });
        };
        let cookie = self
            .sink
            .start_session(account_id, cb.client_ip, now)
            .await?;
        tracing::info!(account_id, "SPID/CIE login: session started");
        Ok(Outcome::LoggedIn {
            cookie,
            return_to: login.return_to,
        })
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// Equality whose time does not depend on where the strings differ (the
/// CSRF check's constant-time comparison).
fn same_secret(a: &str, b: &str) -> bool {
    app::identity::csrf::tokens_match(a, b)
}

/// The provider's error code, if it looks like one (RFC 6749 codes are
/// short ASCII words), for the log; anything else is not echoed.
fn error_code(raw: &str) -> String {
    let ok = !raw.is_empty()
        && raw.len() <= 64
        && raw.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if ok {
        raw.to_owned()
    } else {
        "other".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn provider_error_codes_are_kept_only_when_well_formed() {
        assert_eq!(error_code("access_denied"), "access_denied");
        assert_eq!(error_code("<script>"), "other");
        assert_eq!(error_code("RSSMRA85T10A562S"), "other");
    }
}
