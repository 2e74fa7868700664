//! The survey-day totals of the absence series that aggregate sentinel
//! plessi (each comune, each school type, each ATS): kept up to date on
//! every entry, so the dashboard and the alerts read a few hundred rows per
//! series instead of summing every plesso's entries on each request.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, date, integer, pk_auto, string_len};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AbsenceTotals::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceTotals::Id))
                    .col(integer(AbsenceTotals::AtsId))
                    .col(string_len(AbsenceTotals::SeriesKind, 16))
                    .col(string_len(AbsenceTotals::SeriesKey, 32))
                    .col(date(AbsenceTotals::SurveyDay))
                    .col(big_integer(AbsenceTotals::Absent))
                    .col(big_integer(AbsenceTotals::Enrolled))
                    .col(integer(AbsenceTotals::Plessi))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_totals_series_day")
                    .table(AbsenceTotals::Table)
                    .col(AbsenceTotals::AtsId)
                    .col(AbsenceTotals::SeriesKind)
                    .col(AbsenceTotals::SeriesKey)
                    .col(AbsenceTotals::SurveyDay)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The day's entries of every plesso, for a day's totals.
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_entries_day")
                    .table(AbsenceEntries::Table)
                    .col(AbsenceEntries::SurveyDay)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_absence_entries_day")
                    .table(AbsenceEntries::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AbsenceTotals::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AbsenceTotals {
    Table,
    Id,
    AtsId,
    SeriesKind,
    SeriesKey,
    SurveyDay,
    Absent,
    Enrolled,
    Plessi,
}

#[derive(DeriveIden)]
enum AbsenceEntries {
    Table,
    SurveyDay,
}
