//! "Verifica codice fiscale" (/codice-fiscale): anyone checks a code, and
//! optionally its agreement with a person's data, with the same validator
//! the forms use ([`crate::codice_fiscale`]). Nothing is stored.

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ui")]
pub mod page;
#[cfg(feature = "ui")]
mod person;

/// Public: nothing personal is stored or returned.
#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::Public;
    use crate::identity::registry::declare;
    &[declare::<api::VerifyCodiceFiscale>(Public)]
};
