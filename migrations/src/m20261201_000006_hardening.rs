//! What the portal needs to resist a stranger's traffic and concurrent
//! writes: per-client rate-limit counters and the server-wide secrets, both
//! shared by every instance through the database, and the uniqueness rules
//! that the application checks but only the database can hold under races.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer, string, string_len};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Fixed-window counters: one row per bucket (what and from where,
        // the address hashed) and window; old windows are pruned.
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .if_not_exists()
                    .col(string_len(RateLimits::Bucket, 100))
                    .col(big_integer(RateLimits::WindowStart))
                    .col(integer(RateLimits::Hits))
                    .primary_key(
                        Index::create()
                            .col(RateLimits::Bucket)
                            .col(RateLimits::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limits_window")
                    .table(RateLimits::Table)
                    .col(RateLimits::WindowStart)
                    .to_owned(),
            )
            .await?;
        // Keys every instance must agree on (the signature of error
        // redirects), made once by whichever instance starts first.
        manager
            .create_table(
                Table::create()
                    .table(ServerSecrets::Table)
                    .if_not_exists()
                    .col(string_len(ServerSecrets::Name, 64).primary_key())
                    .col(string(ServerSecrets::Value))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // At most one active dirigente per istituto, also when two
        // approvals or edits race (partial unique index, SQLite and PostgreSQL).
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS idx_accounts_one_active_dirigente \
             ON accounts (istituto_id) WHERE role = 'dirigente' AND active",
        )
        .await?;
        // One pending registration request per istituto and person: older
        // duplicates are closed first so the index can be built.
        db.execute_unprepared(
            "UPDATE registration_requests SET status = 'rejected', \
             reason = 'Richiesta duplicata, chiusa automaticamente' \
             WHERE status = 'pending' AND id NOT IN ( \
               SELECT MIN(id) FROM registration_requests WHERE status = 'pending' \
               GROUP BY istituto_codice, codice_fiscale)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS idx_registration_one_pending \
             ON registration_requests (istituto_codice, codice_fiscale) WHERE status = 'pending'",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_registration_one_pending")
            .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS idx_accounts_one_active_dirigente")
            .await?;
        manager
            .drop_table(Table::drop().table(ServerSecrets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Bucket,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
}
