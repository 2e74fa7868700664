//! The alert lab's outbreak marks: the day an ATS operator marked as the
//! start of an outbreak on one of the territory's series, so the lab
//! measures each method's lead time against it next time too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{date, integer, pk_auto, string_len, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AbsenceOutbreakMarks::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceOutbreakMarks::Id))
                    .col(integer(AbsenceOutbreakMarks::AtsId))
                    // The lab's series value: "ats", "comune:F205", "plesso:12".
                    .col(string_len(AbsenceOutbreakMarks::SeriesKey, 64))
                    .col(string_len(AbsenceOutbreakMarks::SeriesLabel, 200))
                    .col(date(AbsenceOutbreakMarks::StartDay))
                    .col(integer(AbsenceOutbreakMarks::MarkedBy))
                    .col(string_len(AbsenceOutbreakMarks::MarkedByName, 200))
                    .col(timestamp_with_time_zone(AbsenceOutbreakMarks::MarkedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_outbreak_marks_series_day")
                    .table(AbsenceOutbreakMarks::Table)
                    .col(AbsenceOutbreakMarks::AtsId)
                    .col(AbsenceOutbreakMarks::SeriesKey)
                    .col(AbsenceOutbreakMarks::StartDay)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AbsenceOutbreakMarks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AbsenceOutbreakMarks {
    Table,
    Id,
    AtsId,
    SeriesKey,
    SeriesLabel,
    StartDay,
    MarkedBy,
    MarkedByName,
    MarkedAt,
}
