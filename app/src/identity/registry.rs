//! The policy of every server function, in one list (server only).
//!
//! A server function is served only if its path is here: the middleware
//! refuses calls to unlisted paths, the server refuses to start when a
//! registered function is missing, and the scope test matrix enumerates the
//! registered functions against this list.

use leptos::server_fn::ServerFn;

use super::{Module, Policy, Role};

/// Roles that see the audit log: administrators all of it, ATS operators
/// their territory.
pub const AUDIT_READERS: &[Role] = &[Role::Amministratore, Role::OperatoreAts];

/// The dirigente alone: delegations are granted by the principal.
pub const PRINCIPAL: &[Role] = &[Role::Dirigente];

/// The platform's administrators: registry, accounts, registration requests.
pub const ADMIN: &[Role] = &[Role::Amministratore];

/// Every role: each sees what its scope covers.
pub const EVERY_ROLE: &[Role] = &Role::ALL;

pub const POLICIES: &[(&str, Policy)] = &[
    // Reference data and checks; nothing personal is stored or returned.
    (
        <crate::shell::LoadSiteInfo as ServerFn>::PATH,
        Policy::Public,
    ),
    (
        <crate::places::api::SearchComuni as ServerFn>::PATH,
        Policy::Public,
    ),
    (
        <crate::codice_fiscale::api::VerifyCodiceFiscale as ServerFn>::PATH,
        Policy::Public,
    ),
    // Identity.
    (<super::login::Login as ServerFn>::PATH, Policy::Public),
    (
        <super::login::LoadSessionInfo as ServerFn>::PATH,
        Policy::Public,
    ),
    (
        <super::login::Logout as ServerFn>::PATH,
        Policy::Authenticated,
    ),
    (
        <super::audit_api::ListAudit as ServerFn>::PATH,
        Policy::Roles(AUDIT_READERS),
    ),
    // Schools.
    (
        <crate::schools::api::MySchools as ServerFn>::PATH,
        Policy::Authenticated,
    ),
    (
        <crate::schools::api::SchoolDetail as ServerFn>::PATH,
        Policy::Roles(EVERY_ROLE),
    ),
    // Delegations.
    (
        <crate::delegations::api::ListDelegations as ServerFn>::PATH,
        Policy::Roles(PRINCIPAL),
    ),
    (
        <crate::delegations::api::CreateDelegation as ServerFn>::PATH,
        Policy::Roles(PRINCIPAL),
    ),
    (
        <crate::delegations::api::RevokeDelegation as ServerFn>::PATH,
        Policy::Roles(PRINCIPAL),
    ),
    (
        <crate::delegations::api::DelegationForPrint as ServerFn>::PATH,
        Policy::Roles(PRINCIPAL),
    ),
    // Registration requests: anyone asks, administrators decide.
    (
        <crate::registration::api::SubmitRegistration as ServerFn>::PATH,
        Policy::Public,
    ),
    (
        <crate::registration::api::ListRegistrations as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::registration::api::ApproveRegistration as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::registration::api::RejectRegistration as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    // Administration.
    (
        <crate::admin::api::LoadRegistry as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::SaveAts as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::SaveIstituto as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::SavePlesso as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::LoadAccounts as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::SaveAccount as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::SetAccountActive as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    (
        <crate::admin::api::ResetAccountPassword as ServerFn>::PATH,
        Policy::Roles(ADMIN),
    ),
    // Jobs: each job is shown to the account that started it only.
    (
        <crate::jobs::api::JobStatus as ServerFn>::PATH,
        Policy::Authenticated,
    ),
    // Modules: the central module check (roles and delegations).
    (
        <crate::shell::module_gate::VaccinationsHome as ServerFn>::PATH,
        Policy::Module(Module::Vaccinations),
    ),
    (
        <crate::shell::module_gate::CasesHome as ServerFn>::PATH,
        Policy::Module(Module::Cases),
    ),
    (
        <crate::shell::module_gate::RemovalsHome as ServerFn>::PATH,
        Policy::Module(Module::Removals),
    ),
    (
        <crate::shell::module_gate::AbsencesHome as ServerFn>::PATH,
        Policy::Module(Module::Absences),
    ),
];

/// Upload routes (plain axum routes taking `multipart/form-data`, not server
/// functions) and their policy: the middleware gates them like server
/// functions, and only these paths may defer the anti-forgery token to the
/// upload reader.
pub const UPLOADS: &[(&str, Policy)] = &[(
    crate::admin::import_rules::UPLOAD_PATH,
    Policy::Roles(ADMIN),
)];

/// The declared policy of the upload route at `path`.
pub fn upload_policy_for(path: &str) -> Option<Policy> {
    UPLOADS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, policy)| *policy)
}

/// The declared policy of the server function at `path`.
pub fn policy_for(path: &str) -> Option<Policy> {
    POLICIES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, policy)| *policy)
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
