//! Delegations (seed 000, "delega"): a dirigente delegates some modules of
//! the istituto to a named person for a period, may revoke at any time, and
//! sees the history; a delegate works only in what a valid delegation names.
//!
//! Pure and shared: the form's rules, the states, the grants of a delegate
//! ([`rules`]). Server only: the entity and the [`store`]. UI: "Deleghe"
//! (/deleghe) with its islands, and the printable form (/deleghe/{id}/stampa).
//!
//! Accounts: a delegation is tied to the delegate's account by codice
//! fiscale. When none exists, a `delegato` account of the istituto is created
//! with the delegation, without a password: the delegate logs in with
//! SPID/CIE (matched on the codice fiscale), or an administrator sets a
//! password from "Amministrazione". A code that belongs to any other account
//! is refused, so one person is a delegate of one istituto.

pub mod rules;

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ui")]
pub mod form;
#[cfg(feature = "ui")]
pub mod page;
#[cfg(feature = "ui")]
pub mod print;
#[cfg(feature = "ssr")]
pub mod store;

/// Delegations are granted, revoked and printed by the principal alone.
#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::Roles;
    use crate::identity::registry::{PRINCIPAL, declare};
    &[
        declare::<api::ListDelegations>(Roles(PRINCIPAL)),
        declare::<api::CreateDelegation>(Roles(PRINCIPAL)),
        declare::<api::RevokeDelegation>(Roles(PRINCIPAL)),
        declare::<api::DelegationForPrint>(Roles(PRINCIPAL)),
    ]
};
