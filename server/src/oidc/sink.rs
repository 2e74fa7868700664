//! Where a verified SPID / CIE identity becomes a portal session. The OIDC
//! code neither creates accounts nor sessions (identity contract, issue 3):
//! it hands the verified codice fiscale to a [`LoginSink`].
//!
//! The production sink is [`production_login_sink`]: the single place to
//! point at `app::identity::sessions` once the `auth` branch is merged.

use std::future::Future;

use app::error::AppError;
use axum::http::HeaderValue;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

/// Accounts and sessions, as the SPID / CIE callback needs them.
pub trait LoginSink: Send + Sync + 'static {
    /// The id of the ACTIVE account registered with this (normalised)
    /// codice fiscale; `None` when nobody is registered with it.
    /// Semantics of `app::identity::sessions::account_by_codice_fiscale`.
    fn account_for_cf(
        &self,
        cf: &str,
    ) -> impl Future<Output = Result<Option<i32>, AppError>> + Send;

    /// Opens a session for the account; returns the `Set-Cookie` value.
    /// Semantics of `app::identity::sessions::start_session`.
    fn start_session(
        &self,
        account_id: i32,
        client_ip: Option<String>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<HeaderValue, AppError>> + Send;
}

/// The portal's own accounts and sessions (tables `accounts`, `sessions`).
#[derive(Clone)]
pub struct PortalAccounts {
    #[allow(dead_code)] // used once the auth branch's functions are wired in
    db: DatabaseConnection,
}

/// The sink the server uses in production. LEAD: after merging `auth`,
/// replace the two bodies in `impl LoginSink for PortalAccounts` below with
/// the calls shown there; nothing else in the OIDC code changes.
pub fn production_login_sink(db: DatabaseConnection) -> PortalAccounts {
    PortalAccounts { db }
}

impl LoginSink for PortalAccounts {
    async fn account_for_cf(&self, _cf: &str) -> Result<Option<i32>, AppError> {
        // LEAD: app::identity::sessions::account_by_codice_fiscale(&self.db, _cf)
        //           .await
        //           .map(|account| account.map(|a| a.id))
        tracing::error!("SPID/CIE login: accounts not wired (merge the auth branch)");
        Err(AppError::Internal)
    }

    async fn start_session(
        &self,
        _account_id: i32,
        _client_ip: Option<String>,
        _now: DateTime<Utc>,
    ) -> Result<HeaderValue, AppError> {
        // LEAD: app::identity::sessions::start_session(&self.db, _account_id, _client_ip, _now)
        //           .await
        //           .map(|session| session.cookie)
        tracing::error!("SPID/CIE login: sessions not wired (merge the auth branch)");
        Err(AppError::Internal)
    }
}
