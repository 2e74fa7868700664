//! Creates are idempotent: a form carries a key made when it opened, and a
//! second request with the same key (a double click, a retry after a lost
//! answer, the offline outbox sending again) gets the first result instead
//! of a second record. The key is written in the transaction of the create
//! itself, so the record and its key commit together or not at all, and a
//! racing duplicate fails on the key's uniqueness.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer_null, string_len, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestKeys::Table)
                    .if_not_exists()
                    .col(string_len(RequestKeys::Key, 36).primary_key())
                    .col(string_len(RequestKeys::Action, 200))
                    // Who sent it: a key answers only its own sender.
                    .col(integer_null(RequestKeys::AccountId))
                    .col(big_integer(RequestKeys::RecordId))
                    .col(timestamp_with_time_zone(RequestKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_request_keys_created")
                    .table(RequestKeys::Table)
                    .col(RequestKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RequestKeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RequestKeys {
    Table,
    Key,
    Action,
    AccountId,
    RecordId,
    CreatedAt,
}
