//! A sentinel entry's absences class by class (optional): kept with the
//! entry as JSON, `[{"class":"1A","absent":3,"ill":1}, …]`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AbsenceEntries::Table)
                    .add_column(text_null(AbsenceEntries::Classes))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AbsenceEntries::Table)
                    .drop_column(AbsenceEntries::Classes)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AbsenceEntries {
    Table,
    Classes,
}
