//! Absences and outbreak alerts (seeds 002, 003; ALERTS.md).
pub mod alerts;
pub mod calendar;
pub mod window;
