//! Where a verified SPID / CIE identity becomes a portal session. The OIDC
//! code neither creates accounts nor sessions (the identity contract):
//! it hands the verified codice fiscale to a [`LoginSink`].
//!
//! The production sink is [`production_login_sink`], backed by
//! `app::identity::sessions`.

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
    db: DatabaseConnection,
}

/// The sink the server uses in production: `app::identity::sessions`.
pub fn production_login_sink(db: DatabaseConnection) -> PortalAccounts {
    PortalAccounts { db }
}

impl LoginSink for PortalAccounts {
    async fn account_for_cf(&self, cf: &str) -> Result<Option<i32>, AppError> {
        app::identity::sessions::account_by_codice_fiscale(&self.db, cf)
            .await
            .map(|account| account.map(|a| a.id))
    }

    async fn start_session(
        &self,
        account_id: i32,
        client_ip: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<HeaderValue, AppError> {
        app::identity::sessions::start_session(&self.db, account_id, client_ip, now)
            .await
            .map(|session| session.cookie)
    }
}
