//! Server-side state handed to every server function through Leptos context.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::places::Place;
use crate::validation::dates::Clock;

/// Shared by the axum router and the server functions.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    /// Comuni and countries, parsed once from the shipped data file: the
    /// picker searches this in memory (read-only, identical on every instance).
    pub places: Arc<Vec<Place>>,
    /// "Today" for every date rule; fixed by `PORTALE_TODAY` in tests and demos.
    pub clock: Arc<dyn Clock + Send + Sync>,
    /// Code of the ATS this deployment serves (header, picker order).
    pub ats_code: String,
    /// The instant, for session expiry and lock-outs; injectable so tests
    /// can let 31 minutes pass in no time.
    pub now: Arc<dyn Now + Send + Sync>,
    /// How the portal is reached (cookies' Secure flag, proxies).
    pub security: Security,
    /// Key that signs the error a plain form post carries back in its
    /// redirect, so a page shows only errors the portal itself produced.
    /// The same on every instance (kept in the database).
    pub redirect_key: Arc<Vec<u8>>,
    /// The SMTP server of the portal's e-mail (`PORTALE_SMTP_*`); None
    /// when not configured (reminders then say so).
    pub mail: Option<crate::mail::Mailer>,
}

/// Transport settings from the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Security {
    /// `PORTALE_SECURE_COOKIES=1`: always mark cookies Secure and send HSTS,
    /// even when no proxy says the request came over https.
    pub force_https: bool,
    /// `PORTALE_TRUST_PROXY=1`: take the client's address from the
    /// `X-Forwarded-For` header set by the reverse proxy in front.
    pub trust_proxy: bool,
}

/// Source of the current instant.
pub trait Now {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemNow;

impl Now for SystemNow {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told (tests).
#[derive(Debug)]
pub struct ManualNow(Mutex<DateTime<Utc>>);

impl ManualNow {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualNow(Mutex::new(start))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }
}

impl Now for ManualNow {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl AppState {
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now.now()
    }
}

/// The state, from inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}
