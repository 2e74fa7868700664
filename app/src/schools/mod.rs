//! Schools registry: ATS, istituti, plessi.
//!
//! Pure part: school types, the codice meccanografico, and the import of the
//! Ministry's open-data registry CSV into plain records the server saves.
pub mod codice_meccanografico;
pub mod import_counts;
pub mod registry_import;
pub mod registry_report;
pub mod school_type;
mod tipologia;

pub use codice_meccanografico::{CodiceMeccanografico, CodiceMeccanograficoError};
pub use registry_import::parse_registry_csv;
pub use registry_report::{ImportReport, ImportedSchool, RegistryFileError, RowError, SkippedRow};
pub use school_type::SchoolType;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod import_db;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(test)]
mod registry_tests;
