//! Delegations (seed 000, "delega") and registration requests (replacing
//! seed 000's survey).
//!
//! A delegation names a person by codice fiscale and is bound to that
//! person's `delegato` account (created with the delegation when missing).
//! Rows are never deleted: revocation sets `revoked_at`, so the dirigente
//! sees the whole history.

use sea_orm_migration::prelude::*;

use crate::m20261124_000002_schools::Istituti;
use crate::m20261124_000003_identity::Accounts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(delegations()).await?;
        for (name, col) in [
            ("idx_delegations_istituto", Delegations::IstitutoId),
            ("idx_delegations_delegate", Delegations::DelegateAccountId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Delegations::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager.create_table(registration_requests()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_registration_status")
                    .table(RegistrationRequests::Table)
                    .col(RegistrationRequests::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RegistrationRequests::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Delegations::Table).to_owned())
            .await
    }
}

fn pk(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn delegations() -> TableCreateStatement {
    Table::create()
        .table(Delegations::Table)
        .if_not_exists()
        .col(pk(Delegations::Id))
        .col(ColumnDef::new(Delegations::IstitutoId).integer().not_null())
        .col(
            ColumnDef::new(Delegations::PrincipalAccountId)
                .integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Delegations::DelegateAccountId)
                .integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Delegations::DelegateCodiceFiscale)
                .string_len(16)
                .not_null(),
        )
        .col(
            ColumnDef::new(Delegations::DelegateName)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(Delegations::DelegateEmail)
                .string_len(254)
                .not_null(),
        )
        // Comma-separated `Module::key`s, in menu order.
        .col(
            ColumnDef::new(Delegations::Modules)
                .string_len(100)
                .not_null(),
        )
        .col(ColumnDef::new(Delegations::StartDate).date().not_null())
        .col(ColumnDef::new(Delegations::EndDate).date().not_null())
        .col(
            ColumnDef::new(Delegations::CreatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(Delegations::RevokedAt)
                .timestamp_with_time_zone()
                .null(),
        )
        .col(ColumnDef::new(Delegations::RevokedOn).date().null())
        .col(ColumnDef::new(Delegations::RevokedBy).integer().null())
        .foreign_key(
            ForeignKey::create()
                .name("fk_delegations_istituto")
                .from(Delegations::Table, Delegations::IstitutoId)
                .to(Istituti::Table, Istituti::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_delegations_principal")
                .from(Delegations::Table, Delegations::PrincipalAccountId)
                .to(Accounts::Table, Accounts::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_delegations_delegate")
                .from(Delegations::Table, Delegations::DelegateAccountId)
                .to(Accounts::Table, Accounts::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_delegations_revoked_by")
                .from(Delegations::Table, Delegations::RevokedBy)
                .to(Accounts::Table, Accounts::Id),
        )
        .to_owned()
}

fn registration_requests() -> TableCreateStatement {
    Table::create()
        .table(RegistrationRequests::Table)
        .if_not_exists()
        .col(pk(RegistrationRequests::Id))
        .col(
            ColumnDef::new(RegistrationRequests::IstitutoCodice)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::CodiceFiscale)
                .string_len(16)
                .not_null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::FullName)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::Email)
                .string_len(254)
                .not_null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::Phone)
                .string_len(32)
                .not_null(),
        )
        // pending / approved / rejected
        .col(
            ColumnDef::new(RegistrationRequests::Status)
                .string_len(16)
                .not_null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::CreatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::DecidedBy)
                .integer()
                .null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::DecidedAt)
                .timestamp_with_time_zone()
                .null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::Reason)
                .string_len(1000)
                .null(),
        )
        .col(
            ColumnDef::new(RegistrationRequests::AccountId)
                .integer()
                .null(),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_registration_decided_by")
                .from(RegistrationRequests::Table, RegistrationRequests::DecidedBy)
                .to(Accounts::Table, Accounts::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_registration_account")
                .from(RegistrationRequests::Table, RegistrationRequests::AccountId)
                .to(Accounts::Table, Accounts::Id),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Delegations {
    Table,
    Id,
    IstitutoId,
    PrincipalAccountId,
    DelegateAccountId,
    DelegateCodiceFiscale,
    DelegateName,
    DelegateEmail,
    Modules,
    StartDate,
    EndDate,
    CreatedAt,
    RevokedAt,
    /// The Europe/Rome day of the revocation (the day users read).
    RevokedOn,
    RevokedBy,
}

#[derive(DeriveIden)]
pub enum RegistrationRequests {
    Table,
    Id,
    IstitutoCodice,
    CodiceFiscale,
    FullName,
    Email,
    Phone,
    Status,
    CreatedAt,
    DecidedBy,
    DecidedAt,
    Reason,
    /// The dirigente account created on approval.
    AccountId,
}
