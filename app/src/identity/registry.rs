//! The policy of every server function (server only).
//!
//! Each module declares the policies of its own server functions next to
//! them (its `POLICIES` list, written with [`declare`]); the shell gathers
//! the modules' lists and installs them once at start-up. A server function
//! is served only if its path is declared: [`policy_for`] answers `None`
//! for anything else (also before the lists are installed, so a forgotten
//! installation serves nobody), the server refuses to start when a linked
//! function is missing ([`undeclared_server_fns`]), and the scope test
//! matrix enumerates the declared functions.

use std::sync::OnceLock;

use leptos::server_fn::ServerFn;

use super::{Policy, Role};

/// Roles that see the audit log: administrators all of it, ATS operators
/// their territory.
pub const AUDIT_READERS: &[Role] = &[Role::Amministratore, Role::OperatoreAts];

/// The dirigente alone: delegations are granted by the principal.
pub const PRINCIPAL: &[Role] = &[Role::Dirigente];

/// The platform's administrators: registry, accounts, registration requests.
pub const ADMIN: &[Role] = &[Role::Amministratore];

/// Every role: each sees what its scope covers.
pub const EVERY_ROLE: &[Role] = &Role::ALL;

/// One server function's path and policy.
pub type Declared = (&'static str, Policy);

/// The declaration of server function `F` under `policy`.
pub const fn declare<F: ServerFn>(policy: Policy) -> Declared {
    (F::PATH, policy)
}

static INSTALLED: OnceLock<&'static [&'static [Declared]]> = OnceLock::new();

/// Installs the modules' lists. The first installation wins: the lists are
/// constants of the binary, so a second one is the same.
pub fn install(modules: &'static [&'static [Declared]]) {
    let _ = INSTALLED.set(modules);
}

/// Every declared function, module by module.
pub fn declared() -> impl Iterator<Item = Declared> {
    INSTALLED
        .get()
        .copied()
        .unwrap_or_default()
        .iter()
        .flat_map(|module| module.iter().copied())
}

/// The upload routes (plain axum routes taking `multipart/form-data`, not
/// server functions), declared by their modules like server functions:
/// the request layer gates them by these policies, and only these paths
/// may defer the anti-forgery token to the upload reader.
static UPLOADS: OnceLock<&'static [&'static [Declared]]> = OnceLock::new();

/// Installs the modules' upload routes (first installation wins).
pub fn install_uploads(modules: &'static [&'static [Declared]]) {
    let _ = UPLOADS.set(modules);
}

/// The declared policy of the upload route at `path`.
pub fn upload_policy_for(path: &str) -> Option<Policy> {
    UPLOADS
        .get()
        .copied()
        .unwrap_or_default()
        .iter()
        .flat_map(|module| module.iter())
        .find(|(p, _)| *p == path)
        .map(|(_, policy)| *policy)
}

/// The declared policy of the server function at `path`.
pub fn policy_for(path: &str) -> Option<Policy> {
    declared()
        .find(|(p, _)| *p == path)
        .map(|(_, policy)| policy)
}

/// Registered paths without a declared policy (empty when all are declared).
pub fn undeclared<'a>(registered: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut missing: Vec<&str> = registered
        .into_iter()
        .filter(|path| policy_for(path).is_none())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    missing
}

/// [`undeclared`] over the server functions linked into this binary.
pub fn undeclared_server_fns() -> Vec<&'static str> {
    undeclared(leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path))
}
