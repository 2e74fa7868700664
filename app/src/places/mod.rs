//! Places: Italian comuni and foreign countries (reference data).
pub mod belfiore;
