//! "Le mie scuole" and the page of one istituto with its plessi: what each
//! role's scope covers of the registry ([`crate::schools`]).

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ui")]
pub mod page;
#[cfg(feature = "ssr")]
mod views;

#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::{Authenticated, Roles};
    use crate::identity::registry::{EVERY_ROLE, declare};
    &[
        declare::<api::MySchools>(Authenticated),
        declare::<api::SchoolDetail>(Roles(EVERY_ROLE)),
    ]
};
