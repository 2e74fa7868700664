//! The one way server functions learn who is calling (server only).
//!
//! The middleware resolves the session cookie once per request and stores a
//! [`RequestIdentity`] in the request's extensions; Leptos hands the request
//! parts to every server function and server-rendered component, so
//! [`current`] and [`require`] read it from there.

use leptos::prelude::use_context;
use leptos::server_fn::ServerFn;

use super::registry::policy_for;
use super::sessions::ActiveSession;
use super::{Identity, Target};
use crate::error::AppError;

/// What the middleware learnt about a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestIdentity {
    pub session: Option<ActiveSession>,
    pub client_ip: Option<String>,
    /// Came over https (directly or according to the proxy).
    pub secure: bool,
}

impl RequestIdentity {
    /// The caller and address of a module's own axum route (an upload, a
    /// download), as the middleware put them in the request.
    pub fn caller_of(req: &axum::extract::Request) -> (Option<Identity>, Option<String>) {
        let found = req.extensions().get::<RequestIdentity>();
        (
            found
                .and_then(|r| r.session.as_ref())
                .map(|s| s.identity.clone()),
            found.and_then(|r| r.client_ip.clone()),
        )
    }
}

/// The current request's identity record (None outside a request).
pub fn request_identity() -> Option<RequestIdentity> {
    let parts = use_context::<http::request::Parts>()?;
    parts.extensions.get::<RequestIdentity>().cloned()
}

/// The logged-in caller, or `Unauthenticated`.
pub fn current() -> Result<Identity, AppError> {
    request_identity()
        .and_then(|r| r.session)
        .map(|s| s.identity)
        .ok_or(AppError::Unauthenticated)
}

/// The logged-in caller, if any.
pub fn current_optional() -> Option<Identity> {
    request_identity()
        .and_then(|r| r.session)
        .map(|s| s.identity)
}

/// The caller's address, for the audit log.
pub fn client_ip() -> Option<String> {
    request_identity().and_then(|r| r.client_ip)
}

/// The server function `F`'s declared policy, applied to the caller: who may
/// call it at all. Returns the caller. Call it first, before reading data.
pub fn require<F: ServerFn>() -> Result<Identity, AppError> {
    let Some(policy) = policy_for(F::PATH) else {
        // Fail closed: a function without a policy serves nobody.
        tracing::error!(path = F::PATH, "server function without a declared policy");
        return Err(AppError::Internal);
    };
    let caller = current_optional();
    policy
        .check(caller.as_ref(), &Target::Caller)
        .map_err(AppError::from)?;
    caller.ok_or(AppError::Unauthenticated)
}

/// [`require`], then the caller's scope must cover `target`; otherwise the
/// same `NotFound` as a missing record.
pub fn require_target<F: ServerFn>(target: &Target) -> Result<Identity, AppError> {
    let who = require::<F>()?;
    check_target(&who, target)?;
    Ok(who)
}

/// The caller's scope must cover `target` (a record found after `require`).
pub fn check_target(who: &Identity, target: &Target) -> Result<(), AppError> {
    who.check(target).map_err(AppError::from)
}
