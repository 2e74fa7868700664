//! Vaccination obligation, law 119/2017 (seed 000, LOVS-RULES.md).
pub mod compliance;
pub mod outcome_file;
pub mod registry_file;
pub mod school_file;
