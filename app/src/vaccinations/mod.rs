//! "Obbligo vaccinale" (seed 000, law 119/2017, LOVS-RULES.md): a school
//! uploads its enrolled pupils, a background check compares each one with
//! the ATS's extract of the regional vaccination registry, and the school
//! downloads the outcome; the ATS imports the extract and follows its
//! schools.
//!
//! - Pure, shared with the browser and the CLIs: the [`compliance`]
//!   engine, the school's file rules ([`school_file`]), the registry
//!   extract ([`registry_file`]), the outcome file ([`outcome_file`]), the
//!   pages' data ([`summary`]) and addresses ([`paths`]).
//! - Server only: the tables ([`entity`]), the extracts in the database
//!   ([`registry_store`]), the two jobs ([`check_job`], [`registry_job`]),
//!   the uploads ([`upload_routes`]), the downloads ([`downloads`]) and the
//!   reads ([`queries`]).
//! - UI: the server functions ([`api`]) and the [`pages`].

pub mod compliance;
pub mod outcome_file;
pub mod paths;
pub mod registry_file;
pub mod school_file;
pub mod summary;

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod check_job;
#[cfg(feature = "ssr")]
pub mod downloads;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod registry_job;
#[cfg(feature = "ssr")]
pub mod registry_store;
#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod upload_routes;
#[cfg(feature = "ssr")]
pub mod xlsx_input;

/// The module's work is open to whom `Policy::Module` admits (the
/// dirigente, a delegate for "Obbligo vaccinale", ATS operators); each
/// function then keeps to the caller's scope.
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Module;
    use crate::identity::Policy::Module as In;
    use crate::identity::registry::declare;
    &[
        declare::<api::LoadLovsHome>(In(Module::Vaccinations)),
        declare::<api::LoadLovsUpload>(In(Module::Vaccinations)),
        declare::<api::LovsUploadProgress>(In(Module::Vaccinations)),
        declare::<api::LoadLovsLetters>(In(Module::Vaccinations)),
    ]
};

/// The two uploads (streamed multipart posts, not server functions).
#[cfg(feature = "ssr")]
pub const UPLOADS: &[crate::identity::registry::Declared] = &[
    (
        paths::UPLOAD_PATH,
        crate::identity::Policy::Module(crate::identity::Module::Vaccinations),
    ),
    (
        paths::REGISTRY_PATH,
        crate::identity::Policy::Roles(upload_routes::REGISTRY_ROLES),
    ),
];

/// The module's job kinds.
#[cfg(feature = "ssr")]
pub fn register_jobs(kinds: crate::jobs::worker::Registry) -> crate::jobs::worker::Registry {
    registry_job::register(check_job::register(kinds))
}
