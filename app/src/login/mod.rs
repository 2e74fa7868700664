//! "Accedi" (/accedi): the password login page, with the way to SPID/CIE.
//! The login itself (sessions, lockout, the audit entry) is identity's.

pub mod page;
#[cfg(feature = "ui")]
pub mod routes;
