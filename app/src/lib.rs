//! Portale Scuole: pages, server functions and the pure domain rules shared
//! by the server and the browser.
//!
//! Domain modules are plain Rust (no Leptos, no SeaORM, "today" passed in) so
//! the same rule runs natively in tests and CLI runners, on the server before
//! saving, and in the browser before sending.

// Leptos view types nest deeply; their async render futures need more
// than the default query depth when their layouts are computed (release).
#![recursion_limit = "256"]

pub mod absences;
pub mod admin;
pub mod audit;
#[cfg(feature = "ui")]
pub mod cf_check;
pub mod codice_fiscale;
#[cfg(feature = "ssr")]
pub mod db;
pub mod delegations;
pub mod error;
#[cfg(feature = "ssr")]
pub mod http;
pub mod identity;
pub mod jobs;
#[cfg(feature = "ui")]
pub mod login;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod once;
pub mod places;
pub mod registration;
#[cfg(feature = "ui")]
pub mod school_pages;
pub mod schools;
#[cfg(feature = "ui")]
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
pub mod tabular;
pub mod text;
#[cfg(feature = "ui")]
pub mod ui;
pub mod vaccinations;
pub mod validation;
