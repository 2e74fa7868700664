//! Database schema, applied by the server at start (`Migrator::up`).
//!
//! Written with sea-query so the same migrations run on SQLite (embedded
//! default) and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_places;
mod m20261124_000002_schools;
mod m20261124_000003_identity;
mod m20261124_000004_oidc;
mod m20261124_000005_delegations;
mod m20261201_000006_hardening;
mod m20261201_000007_jobs;
mod m20261202_000008_request_keys;
mod m20261203_000009_lovs;
mod m20261204_000010_absences;
mod m20261205_000011_reminders;
mod m20261205_000012_alerts;
mod m20261206_000013_calendars;
mod m20261206_000014_outbreak_marks;
mod m20261206_000015_absence_totals;
mod m20261206_000016_absence_classes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_places::Migration),
            Box::new(m20261124_000002_schools::Migration),
            Box::new(m20261124_000003_identity::Migration),
            Box::new(m20261124_000004_oidc::Migration),
            Box::new(m20261124_000005_delegations::Migration),
            Box::new(m20261201_000006_hardening::Migration),
            Box::new(m20261201_000007_jobs::Migration),
            Box::new(m20261202_000008_request_keys::Migration),
            Box::new(m20261203_000009_lovs::Migration),
            Box::new(m20261204_000010_absences::Migration),
            Box::new(m20261205_000011_reminders::Migration),
            Box::new(m20261205_000012_alerts::Migration),
            Box::new(m20261206_000013_calendars::Migration),
            Box::new(m20261206_000014_outbreak_marks::Migration),
            Box::new(m20261206_000015_absence_totals::Migration),
            Box::new(m20261206_000016_absence_classes::Migration),
        ]
    }
}
