//! Places: Italian comuni and foreign countries (reference data).
pub mod belfiore;
mod belfiore_set;
