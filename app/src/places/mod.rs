//! Places: Italian comuni and foreign countries (reference data).
pub mod belfiore;
mod belfiore_set;
#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod store;
