//! SeaORM entities of the identity tables (server only).
pub mod accounts;
pub mod audit_log;
pub mod sessions;
