//! Registro assenze: every reminder sent to a sentinel plesso that had not
//! entered a survey day's absences, by hand ("Invia promemoria", by an ATS
//! operator) or automatically on the late-entry day. The automatic one is
//! unique per plesso and survey day, so it is never sent twice, whatever
//! restarts or instances.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, integer_null, pk_auto, string_len, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AbsenceReminders::Table)
                    .if_not_exists()
                    .col(pk_auto(AbsenceReminders::Id))
                    .col(integer(AbsenceReminders::PlessoId))
                    .col(date(AbsenceReminders::SurveyDay))
                    // `manuale` or `automatico`.
                    .col(string_len(AbsenceReminders::Kind, 16))
                    // The addresses it went to (for the audit; never logged).
                    .col(string_len(AbsenceReminders::Recipient, 1000))
                    .col(timestamp_with_time_zone(AbsenceReminders::SentAt))
                    // The operator; None for the automatic one.
                    .col(integer_null(AbsenceReminders::SentBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_absence_reminders_plesso_day")
                    .table(AbsenceReminders::Table)
                    .col(AbsenceReminders::PlessoId)
                    .col(AbsenceReminders::SurveyDay)
                    .to_owned(),
            )
            .await?;
        // A partial unique index (the same SQL on SQLite and PostgreSQL):
        // one automatic reminder per plesso and survey day.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS idx_absence_reminders_automatic \
                 ON absence_reminders (plesso_id, survey_day) WHERE kind = 'automatico'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AbsenceReminders::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AbsenceReminders {
    Table,
    Id,
    PlessoId,
    SurveyDay,
    Kind,
    Recipient,
    SentAt,
    SentBy,
}
