//! Outbreak alerts on the absences of sentinel plessi: one row per series
//! (plesso, comune, ATS), day and method that alerted, with the operator's
//! review (state and note), and the "Richiesta di informazioni" an
//! operator sends the school about an alert, with the school's answer.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, double, double_null, integer, integer_null, pk_auto, string_len, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AbsenceAlerts::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceAlerts::Id))
                    .col(integer(AbsenceAlerts::AtsId))
                    .col(string_len(AbsenceAlerts::SeriesKind, 16))
                    .col(string_len(AbsenceAlerts::SeriesKey, 32))
                    .col(string_len(AbsenceAlerts::SeriesLabel, 200))
                    .col(date(AbsenceAlerts::Day))
                    .col(string_len(AbsenceAlerts::Method, 16))
                    // +inf (a baseline that did not vary) is kept as a large
                    // number: both backends store finite doubles only.
                    .col(double(AbsenceAlerts::Statistic))
                    .col(double(AbsenceAlerts::Threshold))
                    .col(double(AbsenceAlerts::Observed))
                    .col(double_null(AbsenceAlerts::Expected))
                    .col(string_len(AbsenceAlerts::Review, 16))
                    .col(text(AbsenceAlerts::Note).default(""))
                    .col(integer_null(AbsenceAlerts::ReviewedBy))
                    .col(timestamp_with_time_zone_null(AbsenceAlerts::ReviewedAt))
                    .col(timestamp_with_time_zone(AbsenceAlerts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_alerts_series_day_method")
                    .table(AbsenceAlerts::Table)
                    .col(AbsenceAlerts::SeriesKind)
                    .col(AbsenceAlerts::SeriesKey)
                    .col(AbsenceAlerts::Day)
                    .col(AbsenceAlerts::Method)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AlertRequests::Table)
                    .if_not_exists()
                    .col(pk_auto(AlertRequests::Id))
                    .col(integer(AlertRequests::AlertId))
                    .col(integer(AlertRequests::PlessoId))
                    .col(text(AlertRequests::Question))
                    .col(integer(AlertRequests::AskedBy))
                    .col(string_len(AlertRequests::AskedByName, 200))
                    .col(timestamp_with_time_zone(AlertRequests::AskedAt))
                    .col(text_null(AlertRequests::Classes))
                    .col(text_null(AlertRequests::Symptoms))
                    .col(text_null(AlertRequests::Note))
                    .col(integer_null(AlertRequests::AnsweredBy))
                    .col(timestamp_with_time_zone_null(AlertRequests::AnsweredAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AlertRequests::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AbsenceAlerts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AbsenceAlerts {
    Table,
    Id,
    AtsId,
    SeriesKind,
    SeriesKey,
    SeriesLabel,
    Day,
    Method,
    Statistic,
    Threshold,
    Observed,
    Expected,
    Review,
    Note,
    ReviewedBy,
    ReviewedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AlertRequests {
    Table,
    Id,
    AlertId,
    PlessoId,
    Question,
    AskedBy,
    AskedByName,
    AskedAt,
    Classes,
    Symptoms,
    Note,
    AnsweredBy,
    AnsweredAt,
}
