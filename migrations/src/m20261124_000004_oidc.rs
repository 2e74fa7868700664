//! SPID / CIE logins in progress (OpenID Connect): one row per redirect to
//! the identity provider, keyed by the hash of its `state`, deleted when the
//! provider sends the person back (single use) or after ten minutes. In the
//! database, not in memory, so any instance can finish a login another began.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OidcPending::Table)
                    .if_not_exists()
                    // SHA-256 of the state, base64url: the state itself is
                    // only in the browser's cookie and the provider's redirect.
                    .col(
                        ColumnDef::new(OidcPending::StateHash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(OidcPending::Nonce).string().not_null())
                    .col(
                        ColumnDef::new(OidcPending::PkceVerifier)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(OidcPending::ReturnTo).string().not_null())
                    .col(
                        ColumnDef::new(OidcPending::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OidcPending::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_oidc_pending_expires")
                    .table(OidcPending::Table)
                    .col(OidcPending::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OidcPending::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum OidcPending {
    Table,
    StateHash,
    Nonce,
    PkceVerifier,
    ReturnTo,
    CreatedAt,
    ExpiresAt,
}
