//! Registro assenze: the enrolled pupils (6-19) and classes of each plesso
//! from a date (a new row for every change: the history is kept), and the
//! plessi the ATS has designated as "scuola sentinella", and their
//! absences per survey day.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, integer, integer_null, pk_auto, string_len, string_len_null,
    timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .if_not_exists()
                    .col(pk_auto(Enrolments::Id))
                    .col(integer(Enrolments::PlessoId))
                    .col(date(Enrolments::ValidFrom))
                    .col(integer(Enrolments::Pupils))
                    .col(integer(Enrolments::Classes))
                    .col(integer(Enrolments::RecordedBy))
                    .col(string_len(Enrolments::RecordedByName, 200))
                    .col(timestamp_with_time_zone(Enrolments::RecordedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_plesso_from")
                    .table(Enrolments::Table)
                    .col(Enrolments::PlessoId)
                    .col(Enrolments::ValidFrom)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SentinelPlessi::Table)
                    .if_not_exists()
                    .col(pk_auto(SentinelPlessi::Id))
                    .col(integer(SentinelPlessi::PlessoId).unique_key())
                    .col(boolean(SentinelPlessi::Active))
                    .col(integer(SentinelPlessi::ChangedBy))
                    .col(timestamp_with_time_zone(SentinelPlessi::ChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AbsenceEntries::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceEntries::Id))
                    .col(integer(AbsenceEntries::PlessoId))
                    .col(date(AbsenceEntries::SurveyDay))
                    .col(integer_null(AbsenceEntries::Absent))
                    .col(integer_null(AbsenceEntries::Ill))
                    .col(string_len_null(AbsenceEntries::Illness, 32))
                    .col(string_len_null(AbsenceEntries::Closure, 32))
                    .col(integer(AbsenceEntries::Enrolled))
                    .col(boolean(AbsenceEntries::Late))
                    .col(integer(AbsenceEntries::RecordedBy))
                    .col(timestamp_with_time_zone(AbsenceEntries::RecordedAt))
                    .to_owned(),
            )
            .await?;
        // One entry per plesso and survey day (a correction updates it).
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_entries_plesso_day")
                    .table(AbsenceEntries::Table)
                    .col(AbsenceEntries::PlessoId)
                    .col(AbsenceEntries::SurveyDay)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AbsenceEntries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SentinelPlessi::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Enrolments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    PlessoId,
    ValidFrom,
    Pupils,
    Classes,
    RecordedBy,
    RecordedByName,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SentinelPlessi {
    Table,
    Id,
    PlessoId,
    Active,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum AbsenceEntries {
    Table,
    Id,
    PlessoId,
    SurveyDay,
    Absent,
    Ill,
    Illness,
    Closure,
    Enrolled,
    Late,
    RecordedBy,
    RecordedAt,
}
