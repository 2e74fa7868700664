//! "Amministrazione" (role amministratore): ATS, istituti and plessi (and
//! the re-import of the Ministry's registry), accounts and roles, and the
//! registration requests. Pure: the forms' [`rules`], the upload's
//! [`import_rules`]. The registry import runs as a job ([`import_job`]). Server only: the
//! [`store`] of writes (each audited in its transaction) and the reads.

pub mod import_rules;
pub mod rules;

#[cfg(feature = "ui")]
pub mod account_forms;
#[cfg(feature = "ssr")]
pub mod accounts_store;
#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ui")]
pub mod forms;
#[cfg(feature = "ui")]
pub mod import_form;
#[cfg(feature = "ssr")]
pub mod import_job;
#[cfg(feature = "ui")]
pub mod import_page;
#[cfg(feature = "ssr")]
pub mod import_upload;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ui")]
pub mod people_pages;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod views;

/// Administrators only.
#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::Roles;
    use crate::identity::registry::{ADMIN, declare};
    &[
        declare::<api::LoadRegistry>(Roles(ADMIN)),
        declare::<api::SaveAts>(Roles(ADMIN)),
        declare::<api::SaveIstituto>(Roles(ADMIN)),
        declare::<api::SavePlesso>(Roles(ADMIN)),
        declare::<api::LoadAccounts>(Roles(ADMIN)),
        declare::<api::SaveAccount>(Roles(ADMIN)),
        declare::<api::SetAccountActive>(Roles(ADMIN)),
        declare::<api::ResetAccountPassword>(Roles(ADMIN)),
    ]
};

/// The registry upload (a streamed multipart post, not a server function).
#[cfg(feature = "ssr")]
pub const UPLOADS: &[crate::identity::registry::Declared] = &[(
    import_rules::UPLOAD_PATH,
    crate::identity::Policy::Roles(crate::identity::registry::ADMIN),
)];
