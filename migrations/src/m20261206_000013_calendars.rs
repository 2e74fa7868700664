//! Registro assenze: the school calendar each ATS sets (closed days with
//! their reason, and the school years' first and last day), the closures
//! of each plesso, and every calendar file an ATS uploaded with its outcome.
//! An ATS without a row in `absence_calendars` uses the Lombardia default
//! shipped with the portal; a row means its own calendar is in force.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, date_null, integer, pk_auto, string_len, text, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AbsenceCalendars::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceCalendars::Id))
                    .col(integer(AbsenceCalendars::AtsId).unique_key())
                    .col(integer(AbsenceCalendars::ChangedBy))
                    .col(timestamp_with_time_zone(AbsenceCalendars::ChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AbsenceCalendarDays::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceCalendarDays::Id))
                    .col(integer(AbsenceCalendarDays::AtsId))
                    // `chiusura` (a closed day) or `anno` (a school year
                    // from `day` to `last_day`).
                    .col(string_len(AbsenceCalendarDays::Kind, 16))
                    .col(date(AbsenceCalendarDays::Day))
                    .col(date_null(AbsenceCalendarDays::LastDay))
                    .col(string_len(AbsenceCalendarDays::Reason, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_calendar_days_ats_kind_day")
                    .table(AbsenceCalendarDays::Table)
                    .col(AbsenceCalendarDays::AtsId)
                    .col(AbsenceCalendarDays::Kind)
                    .col(AbsenceCalendarDays::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AbsencePlessoClosures::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsencePlessoClosures::Id))
                    .col(integer(AbsencePlessoClosures::PlessoId))
                    .col(date(AbsencePlessoClosures::Day))
                    .col(string_len(AbsencePlessoClosures::Reason, 200))
                    .col(integer(AbsencePlessoClosures::RecordedBy))
                    .col(timestamp_with_time_zone(AbsencePlessoClosures::RecordedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_plesso_closures_plesso_day")
                    .table(AbsencePlessoClosures::Table)
                    .col(AbsencePlessoClosures::PlessoId)
                    .col(AbsencePlessoClosures::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AbsenceCalendarUploads::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceCalendarUploads::Id))
                    .col(integer(AbsenceCalendarUploads::AtsId))
                    .col(string_len(AbsenceCalendarUploads::FileName, 255))
                    // One Italian message per refused row (empty: applied).
                    .col(text(AbsenceCalendarUploads::Errors))
                    .col(integer(AbsenceCalendarUploads::ClosedDays))
                    .col(integer(AbsenceCalendarUploads::UploadedBy))
                    .col(timestamp_with_time_zone(AbsenceCalendarUploads::UploadedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AbsenceCalendarUploads::Table.into_iden(),
            AbsencePlessoClosures::Table.into_iden(),
            AbsenceCalendarDays::Table.into_iden(),
            AbsenceCalendars::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AbsenceCalendars {
    Table,
    Id,
    AtsId,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum AbsenceCalendarDays {
    Table,
    Id,
    AtsId,
    Kind,
    Day,
    LastDay,
    Reason,
}

#[derive(DeriveIden)]
enum AbsencePlessoClosures {
    Table,
    Id,
    PlessoId,
    Day,
    Reason,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum AbsenceCalendarUploads {
    Table,
    Id,
    AtsId,
    FileName,
    Errors,
    ClosedDays,
    UploadedBy,
    UploadedAt,
}
