//! Schools registry: ATS (health agencies and their territory), istituti
//! (school institutions, run by one principal) and plessi (school buildings).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Ats::Table)
                    .if_not_exists()
                    .col(pk(Ats::Id))
                    .col(
                        ColumnDef::new(Ats::Code)
                            .string_len(16)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Ats::Name).string().not_null())
                    // Province sigle making up the territory, comma-separated ("MI,LO").
                    .col(ColumnDef::new(Ats::Provinces).string().not_null())
                    // ISTAT codes of the comuni listed first in pickers (seed 004).
                    .col(ColumnDef::new(Ats::ChiefComuni).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Istituti::Table)
                    .if_not_exists()
                    .col(pk(Istituti::Id))
                    .col(
                        ColumnDef::new(Istituti::Codice)
                            .string_len(10)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Istituti::Name).string().not_null())
                    .col(ColumnDef::new(Istituti::AtsId).integer().not_null())
                    .col(
                        ColumnDef::new(Istituti::ComuneBelfiore)
                            .string_len(4)
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_istituti_ats")
                            .from(Istituti::Table, Istituti::AtsId)
                            .to(Ats::Table, Ats::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Plessi::Table)
                    .if_not_exists()
                    .col(pk(Plessi::Id))
                    .col(
                        ColumnDef::new(Plessi::Codice)
                            .string_len(10)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Plessi::IstitutoId).integer().not_null())
                    .col(ColumnDef::new(Plessi::Name).string().not_null())
                    .col(
                        ColumnDef::new(Plessi::ComuneBelfiore)
                            .string_len(4)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Plessi::Address).string().not_null())
                    .col(ColumnDef::new(Plessi::SchoolType).string_len(16).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plessi_istituto")
                            .from(Plessi::Table, Plessi::IstitutoId)
                            .to(Istituti::Table, Istituti::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_plessi_istituto")
                    .table(Plessi::Table)
                    .col(Plessi::IstitutoId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Plessi::Table.into_iden(),
            Istituti::Table.into_iden(),
            Ats::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
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

#[derive(DeriveIden)]
pub enum Ats {
    Table,
    Id,
    Code,
    Name,
    Provinces,
    ChiefComuni,
}

#[derive(DeriveIden)]
pub enum Istituti {
    Table,
    Id,
    Codice,
    Name,
    AtsId,
    ComuneBelfiore,
}

#[derive(DeriveIden)]
pub enum Plessi {
    Table,
    Id,
    Codice,
    IstitutoId,
    Name,
    ComuneBelfiore,
    Address,
    SchoolType,
}
