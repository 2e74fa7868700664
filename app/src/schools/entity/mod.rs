//! SeaORM entities of the schools registry (server only).
pub mod ats;
pub mod istituto;
pub mod plesso;
