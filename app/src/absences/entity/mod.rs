//! The absence registry's tables (see the `absences` migration).
pub mod alert;
pub mod calendar;
pub mod calendar_day;
pub mod calendar_upload;
pub mod enrolment;
pub mod entry;
pub mod outbreak_mark;
pub mod plesso_closure;
pub mod reminder;
pub mod request;
pub mod sentinel;
pub mod total;
