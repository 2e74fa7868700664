//! Vaccination obligation, law 119/2017 (seed 000, LOVS-RULES.md).
pub mod compliance;
pub mod school_file;
