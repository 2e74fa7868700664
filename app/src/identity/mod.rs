//! Identity: who is calling and what they may reach.
//!
//! Pure, shared with the browser: [`Role`], the [`password_policy`], the
//! scope types ([`Identity`], [`Scope`], [`Target`], [`Policy`]), the
//! [`lockout`] and session [`expiry`] rules, the [`csrf`] rules.
//!
//! Server only (`ssr`): the entities, [`sessions`] (start, resolve, end),
//! [`password`] hashing, the login itself, [`current`] and
//! [`current::require`] for server functions (the server's request layer
//! resolves each request's session into a [`current::RequestIdentity`]),
//! the policy [`registry`] the modules declare into, and the [`audit`]
//! writer.
//!
//! UI: the header's user menu and the CSRF-aware server-function client.

pub mod csrf;
pub mod expiry;
pub mod lockout;
pub mod module;
pub mod password_policy;
mod role;
mod scope;

pub use module::{DelegationGrants, Module, ModuleRefusal, Standing};
pub use role::Role;
pub use scope::{Identity, Policy, Refusal, Scope, Target};

#[cfg(feature = "ui")]
pub mod csrf_client;
#[cfg(feature = "ui")]
pub mod login;
#[cfg(feature = "ui")]
pub mod user_menu;

#[cfg(feature = "ssr")]
pub mod account_store;
#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod call;
#[cfg(feature = "ssr")]
pub mod cookies;
#[cfg(feature = "ssr")]
pub mod current;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
mod login_ssr;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod registry;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod throttle;

#[cfg(feature = "ssr")]
pub use call::Call;
#[cfg(feature = "ssr")]
pub use current::{current, require, require_target};
#[cfg(feature = "ssr")]
pub use entity::accounts;
#[cfg(feature = "ssr")]
pub use sessions::ActiveSession;

/// Logging in is open to all; logging out needs a session.
#[cfg(feature = "ssr")]
pub const POLICIES: &[registry::Declared] = {
    use registry::declare;
    &[
        declare::<login::Login>(Policy::Public),
        declare::<login::LoadSessionInfo>(Policy::Public),
        declare::<login::Logout>(Policy::Authenticated),
    ]
};
