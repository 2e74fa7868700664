//! "Amministrazione" (role amministratore): ATS, istituti and plessi (and
//! the re-import of the Ministry's registry), accounts and roles, and the
//! registration requests. Pure: the forms' [`rules`]. Server only: the
//! [`store`] of writes (each audited in its transaction) and the reads.

pub mod rules;

#[cfg(feature = "ui")]
pub mod account_forms;
#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ui")]
pub mod forms;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod views;
