//! The LOVS tables (see the `lovs` migration).
pub mod extract;
pub mod fact;
pub mod pupil;
pub mod upload;
