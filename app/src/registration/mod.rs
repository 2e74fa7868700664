//! Registration requests: how a principal gets an account (replacing seed
//! 000's survey). A visitor sends "Richiesta di registrazione"; an
//! administrator approves it (the dirigente account is created, bound to
//! the istituto, with an initial password shown once to the administrator,
//! or SPID/CIE only) or rejects it with a reason.

pub mod rules;

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ui")]
pub mod page;
#[cfg(feature = "ssr")]
pub mod store;

/// Anyone asks; administrators decide.
#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::{Public, Roles};
    use crate::identity::registry::{ADMIN, declare};
    &[
        declare::<api::SubmitRegistration>(Public),
        declare::<api::ListRegistrations>(Roles(ADMIN)),
        declare::<api::ApproveRegistration>(Roles(ADMIN)),
        declare::<api::RejectRegistration>(Roles(ADMIN)),
    ]
};
