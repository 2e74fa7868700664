//! Comuni (current and suppressed) and foreign countries. The rows are loaded
//! by the server from the shipped `data/places.csv`, so the file stays the
//! single source and can be regenerated without a new migration.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Places::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(Places::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Places::Kind).string_len(8).not_null())
                    .col(ColumnDef::new(Places::Belfiore).string_len(4).not_null())
                    .col(ColumnDef::new(Places::Istat).string_len(6).null())
                    .col(ColumnDef::new(Places::Name).string().not_null())
                    .col(ColumnDef::new(Places::Province).string_len(2).null())
                    .col(ColumnDef::new(Places::Region).string().null())
                    .col(ColumnDef::new(Places::ValidFrom).date().null())
                    .col(ColumnDef::new(Places::ValidTo).date().null())
                    .col(ColumnDef::new(Places::Current).boolean().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_places_belfiore")
                    .table(Places::Table)
                    .col(Places::Belfiore)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Places::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Places {
    Table,
    Id,
    Kind,
    Belfiore,
    Istat,
    Name,
    Province,
    Region,
    ValidFrom,
    ValidTo,
    Current,
}
