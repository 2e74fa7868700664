//! The call context of a server function (server only): who is calling,
//! admitted by the function's declared policy, with the database, the day,
//! the time and the address the audit log needs, in one line:
//!
//! ```ignore
//! let call = Call::of::<CreateDelegation>()?;
//! store::create(call.db(), &call.actor(), call.today(), valid).await
//! ```
//!
//! The HTTP status of any refusal is set once, at the server's edge, from
//! the error's kind, so functions just return their `AppError`.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::DatabaseConnection;

use super::audit::Actor;
use super::current::{check_target, client_ip, current_optional, require};
use super::{Identity, Target};
use crate::error::AppError;
use crate::once::Once;
use crate::state::{AppState, app_state};

/// One server-function call. `W` is the caller: an [`Identity`] for
/// functions that need a login, `Option<Identity>` for public ones.
pub struct Call<W = Identity> {
    pub who: W,
    pub state: AppState,
    pub client_ip: Option<String>,
}

impl Call<Identity> {
    /// The caller `F`'s policy admits, or the refusal (unauthenticated,
    /// forbidden, module closed). Call it first, before reading data.
    pub fn of<F: ServerFn>() -> Result<Self, AppError> {
        let who = require::<F>()?;
        Ok(Call {
            who,
            state: app_state()?,
            client_ip: client_ip(),
        })
    }

    /// [`Call::of`], then the caller's scope must cover `target`, else the
    /// same "not found" as a missing record.
    pub fn of_target<F: ServerFn>(target: &Target) -> Result<Self, AppError> {
        let call = Self::of::<F>()?;
        call.check_target(target)?;
        Ok(call)
    }

    /// The caller's scope must cover `target` (a record found after
    /// [`Call::of`]); otherwise `NotFound`.
    pub fn check_target(&self, target: &Target) -> Result<(), AppError> {
        check_target(&self.who, target)
    }

    /// The caller as the audit log records it (a delegate on behalf of the
    /// principal).
    pub fn actor(&self) -> Actor<'_> {
        Actor::person(&self.who, self.client_ip.as_deref())
    }

    /// The idempotency of a create through `F` with the form's `key`: it
    /// answers only this caller.
    pub fn once<F: ServerFn>(&self, key: &str) -> Once {
        Once::new(key, F::PATH, Some(self.who.account_id), self.now())
    }
}

impl Call<Option<Identity>> {
    /// A call to a public function `F`: whoever is calling, if anyone.
    /// Still checks `F` is declared, so an undeclared function serves
    /// nobody.
    pub fn public<F: ServerFn>() -> Result<Self, AppError> {
        if super::registry::policy_for(F::PATH).is_none() {
            tracing::error!(path = F::PATH, "server function without a declared policy");
            return Err(AppError::Internal);
        }
        Ok(Call {
            who: current_optional(),
            state: app_state()?,
            client_ip: client_ip(),
        })
    }

    /// The idempotency of a create through `F` with the form's `key`.
    pub fn once<F: ServerFn>(&self, key: &str) -> Once {
        let account = self.who.as_ref().map(|w| w.account_id);
        Once::new(key, F::PATH, account, self.now())
    }

    /// The caller as the audit log records it.
    pub fn actor(&self) -> Actor<'_> {
        match &self.who {
            Some(who) => Actor::person(who, self.client_ip.as_deref()),
            None => Actor::anonymous(self.client_ip.as_deref()),
        }
    }
}

impl<W> Call<W> {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The Rome calendar day of the server (or of the demo's clock).
    pub fn today(&self) -> NaiveDate {
        self.state.today()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.state.now()
    }
}
