//! Identity: accounts, login sessions and the append-only audit log.
//!
//! Sessions live in the database so several server instances share them;
//! the failed-login counter lives in the account row for the same reason.
//! `audit_log` is append-only even against bugs: a trigger refuses every
//! UPDATE and DELETE (and TRUNCATE on PostgreSQL).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261124_000002_schools::{Ats, Istituti, Plessi};

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_APPEND_ONLY: [&str; 3] = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
];

const SQLITE_APPEND_ONLY: [&str; 2] = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(accounts()).await?;
        manager.create_table(sessions()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_account")
                    .table(Sessions::Table)
                    .col(Sessions::AccountId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(audit_log()).await?;
        for (name, cols) in [
            ("idx_audit_at", vec![AuditLog::At]),
            ("idx_audit_ats_at", vec![AuditLog::AtsId, AuditLog::At]),
            ("idx_audit_istituto", vec![AuditLog::IstitutoId]),
            ("idx_audit_actor", vec![AuditLog::ActorAccountId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditLog::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        let db = manager.get_connection();
        let statements: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &PG_APPEND_ONLY,
            _ => &SQLITE_APPEND_ONLY,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            AuditLog::Table.into_iden(),
            Sessions::Table.into_iden(),
            Accounts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only()")
                .await?;
        }
        Ok(())
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

fn instant(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn accounts() -> TableCreateStatement {
    Table::create()
        .table(Accounts::Table)
        .if_not_exists()
        .col(pk(Accounts::Id))
        .col(
            ColumnDef::new(Accounts::Username)
                .string_len(100)
                .not_null()
                .unique_key(),
        )
        .col(
            ColumnDef::new(Accounts::CodiceFiscale)
                .string_len(16)
                .null()
                .unique_key(),
        )
        .col(ColumnDef::new(Accounts::FullName).string().not_null())
        .col(ColumnDef::new(Accounts::Email).string().null())
        .col(ColumnDef::new(Accounts::Role).string_len(32).not_null())
        .col(ColumnDef::new(Accounts::AtsId).integer().null())
        .col(ColumnDef::new(Accounts::IstitutoId).integer().null())
        .col(ColumnDef::new(Accounts::PlessoId).integer().null())
        .col(ColumnDef::new(Accounts::PasswordHash).string().null())
        .col(
            ColumnDef::new(Accounts::Active)
                .boolean()
                .not_null()
                .default(true),
        )
        .col(
            ColumnDef::new(Accounts::FailedLogins)
                .integer()
                .not_null()
                .default(0),
        )
        .col(
            ColumnDef::new(Accounts::LockedUntil)
                .timestamp_with_time_zone()
                .null(),
        )
        .col(instant(Accounts::CreatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_accounts_ats")
                .from(Accounts::Table, Accounts::AtsId)
                .to(Ats::Table, Ats::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_accounts_istituto")
                .from(Accounts::Table, Accounts::IstitutoId)
                .to(Istituti::Table, Istituti::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_accounts_plesso")
                .from(Accounts::Table, Accounts::PlessoId)
                .to(Plessi::Table, Plessi::Id),
        )
        .to_owned()
}

fn sessions() -> TableCreateStatement {
    Table::create()
        .table(Sessions::Table)
        .if_not_exists()
        .col(pk(Sessions::Id))
        // Hex SHA-256 of the cookie token; the token itself is never stored.
        .col(
            ColumnDef::new(Sessions::TokenHash)
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(ColumnDef::new(Sessions::AccountId).integer().not_null())
        .col(instant(Sessions::CreatedAt))
        .col(instant(Sessions::LastSeenAt))
        .col(instant(Sessions::ExpiresAt))
        .col(
            ColumnDef::new(Sessions::CsrfToken)
                .string_len(64)
                .not_null(),
        )
        .col(ColumnDef::new(Sessions::ClientIp).string_len(64).null())
        .foreign_key(
            ForeignKey::create()
                .name("fk_sessions_account")
                .from(Sessions::Table, Sessions::AccountId)
                .to(Accounts::Table, Accounts::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// No foreign keys: the log must outlive whatever it describes, and a
/// cascading update would be refused by the append-only trigger anyway.
fn audit_log() -> TableCreateStatement {
    Table::create()
        .table(AuditLog::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(AuditLog::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(instant(AuditLog::At))
        .col(ColumnDef::new(AuditLog::ActorAccountId).integer().null())
        .col(ColumnDef::new(AuditLog::ActorRole).string_len(32).null())
        .col(
            ColumnDef::new(AuditLog::OnBehalfOfAccountId)
                .integer()
                .null(),
        )
        .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
        .col(ColumnDef::new(AuditLog::Entity).string_len(64).not_null())
        .col(ColumnDef::new(AuditLog::EntityId).big_integer().null())
        .col(ColumnDef::new(AuditLog::Changes).text().not_null())
        .col(ColumnDef::new(AuditLog::ClientIp).string_len(64).null())
        .col(ColumnDef::new(AuditLog::AtsId).integer().null())
        .col(ColumnDef::new(AuditLog::IstitutoId).integer().null())
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Accounts {
    Table,
    Id,
    Username,
    CodiceFiscale,
    FullName,
    Email,
    Role,
    AtsId,
    IstitutoId,
    PlessoId,
    PasswordHash,
    Active,
    FailedLogins,
    LockedUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Sessions {
    Table,
    Id,
    TokenHash,
    AccountId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    CsrfToken,
    ClientIp,
}

#[derive(DeriveIden)]
pub enum AuditLog {
    Table,
    Id,
    At,
    ActorAccountId,
    ActorRole,
    OnBehalfOfAccountId,
    Action,
    Entity,
    EntityId,
    Changes,
    ClientIp,
    AtsId,
    IstitutoId,
}
