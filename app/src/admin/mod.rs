//! "Amministrazione" (role amministratore): ATS, istituti and plessi (and
//! the re-import of the Ministry's registry), accounts and roles, and the
//! registration requests. Pure: the forms' [`rules`], the upload's
//! [`import_rules`]. The registry import runs as a job ([`import_job`]). Server only: the
//! [`store`] of writes (each audited in its transaction) and the reads.

pub mod import_rules;
pub mod rules;

#[cfg(feature = "ui")]
pub mod account_forms;
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
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod views;
