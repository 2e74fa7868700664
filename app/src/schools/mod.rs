//! Schools registry: ATS, istituti, plessi.
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod queries;
