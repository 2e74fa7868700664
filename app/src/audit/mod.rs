//! "Registro attività" (/registro-attivita): the audit log browser.
//! Administrators see every row, ATS operators the rows of their territory.
//! The log itself is written by [`crate::identity::audit`] in each change's
//! transaction; this module only reads it.

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
mod filter;
#[cfg(feature = "ui")]
pub mod page;

#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::Roles;
    use crate::identity::registry::{AUDIT_READERS, declare};
    &[declare::<api::ListAudit>(Roles(AUDIT_READERS))]
};
