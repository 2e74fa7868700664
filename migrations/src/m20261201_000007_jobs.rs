//! Background work shared by every instance: the `jobs` table (a queue with
//! a lease, so one job runs on one instance at a time and a crashed one's
//! job is resumed) and the `uploads` table (files received by one instance,
//! processed by whichever claims the job).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, blob, integer, integer_null, pk_auto, string_len, string_len_null, text,
    text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .if_not_exists()
                    .col(pk_auto(Jobs::Id))
                    .col(string_len(Jobs::Kind, 64))
                    .col(text(Jobs::Payload))
                    .col(string_len(Jobs::State, 16))
                    .col(big_integer(Jobs::ProgressDone).default(0))
                    .col(big_integer(Jobs::ProgressTotal).default(0))
                    .col(string_len(Jobs::Message, 500).default(""))
                    .col(text_null(Jobs::Result))
                    .col(integer(Jobs::Attempts).default(0))
                    .col(integer(Jobs::MaxAttempts))
                    .col(string_len_null(Jobs::LeaseOwner, 64))
                    .col(timestamp_with_time_zone_null(Jobs::LeaseUntil))
                    .col(timestamp_with_time_zone(Jobs::RunAt))
                    .col(string_len_null(Jobs::DedupeKey, 200))
                    .col(integer_null(Jobs::CreatedBy))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                    .to_owned(),
            )
            .await?;
        // A scheduled job ("reminder for day D") exists once however many
        // instances schedule it. NULL keys never collide (both backends).
        manager
            .create_index(
                Index::create()
                    .name("idx_jobs_kind_dedupe")
                    .table(Jobs::Table)
                    .col(Jobs::Kind)
                    .col(Jobs::DedupeKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The claim's scan: what is due or whose lease ran out.
        manager
            .create_index(
                Index::create()
                    .name("idx_jobs_state_run_at")
                    .table(Jobs::Table)
                    .col(Jobs::State)
                    .col(Jobs::RunAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Uploads::Table)
                    .if_not_exists()
                    .col(pk_auto(Uploads::Id))
                    .col(string_len(Uploads::Name, 255))
                    .col(big_integer(Uploads::Size))
                    .col(blob(Uploads::Content))
                    .col(integer_null(Uploads::CreatedBy))
                    .col(timestamp_with_time_zone(Uploads::CreatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Uploads::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    State,
    ProgressDone,
    ProgressTotal,
    Message,
    Result,
    Attempts,
    MaxAttempts,
    LeaseOwner,
    LeaseUntil,
    RunAt,
    DedupeKey,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Uploads {
    Table,
    Id,
    Name,
    Size,
    Content,
    CreatedBy,
    CreatedAt,
}
