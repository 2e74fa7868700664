//! Portale Scuole: pages, server functions and the pure domain rules shared
//! by the server and the browser.
//!
//! Domain modules are plain Rust (no Leptos, no SeaORM, "today" passed in) so
//! the same rule runs natively in tests and CLI runners, on the server before
//! saving, and in the browser before sending.

pub mod absences;
pub mod admin;
pub mod codice_fiscale;
#[cfg(feature = "ssr")]
pub mod db;
pub mod delegations;
pub mod error;
pub mod identity;
pub mod places;
pub mod registration;
pub mod schools;
#[cfg(feature = "ui")]
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
pub mod tabular;
pub mod vaccinations;
pub mod validation;
