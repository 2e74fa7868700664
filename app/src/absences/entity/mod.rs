//! The absence registry's tables (see the `absences` migration).
pub mod enrolment;
pub mod entry;
pub mod reminder;
pub mod sentinel;
