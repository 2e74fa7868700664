//! Obbligo vaccinale (LOVS): the registry extracts an ATS imports (their
//! rows kept as read, so the check folds them with the file's own rules),
//! the schools' uploads with their outcome, and the pupils of each
//! processed upload (the outcome per pupil, the letters, the class rosters).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, blob_null, date, integer, integer_null, pk_auto, string_len, text, text_null,
    timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LovsExtracts::Table)
                    .if_not_exists()
                    .col(pk_auto(LovsExtracts::Id))
                    .col(integer(LovsExtracts::AtsId))
                    // The import job that loads it (a retry starts over).
                    .col(integer_null(LovsExtracts::JobId))
                    // loading, active, retired: one active per ATS, the
                    // previous one kept for the checks still using it.
                    .col(string_len(LovsExtracts::State, 16))
                    .col(string_len(LovsExtracts::FileName, 255))
                    .col(integer_null(LovsExtracts::LoadedBy))
                    .col(timestamp_with_time_zone(LovsExtracts::LoadedAt))
                    .col(big_integer(LovsExtracts::Pupils).default(0))
                    .col(big_integer(LovsExtracts::Rows).default(0))
                    .col(big_integer(LovsExtracts::RejectedRows).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LovsFacts::Table)
                    .if_not_exists()
                    .col(pk_auto(LovsFacts::Id))
                    .col(integer(LovsFacts::ExtractId))
                    .col(string_len(LovsFacts::CodiceFiscale, 32))
                    .col(string_len(LovsFacts::Tipo, 16))
                    .col(string_len(LovsFacts::Vaccino, 16))
                    .col(string_len(LovsFacts::Dose, 8))
                    .col(string_len(LovsFacts::Data, 16))
                    .col(string_len(LovsFacts::FinoAl, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lovs_facts_extract_cf")
                    .table(LovsFacts::Table)
                    .col(LovsFacts::ExtractId)
                    .col(LovsFacts::CodiceFiscale)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LovsUploads::Table)
                    .if_not_exists()
                    .col(pk_auto(LovsUploads::Id))
                    .col(integer(LovsUploads::AtsId))
                    .col(integer(LovsUploads::IstitutoId))
                    .col(integer(LovsUploads::JobId))
                    .col(string_len(LovsUploads::FileName, 255))
                    .col(integer(LovsUploads::UploadedBy))
                    .col(string_len(LovsUploads::UploadedByName, 200))
                    .col(timestamp_with_time_zone(LovsUploads::UploadedAt))
                    .col(date(LovsUploads::CheckDate))
                    .col(integer_null(LovsUploads::ExtractId))
                    .col(big_integer(LovsUploads::Rows).default(0))
                    .col(big_integer(LovsUploads::Valid).default(0))
                    .col(big_integer(LovsUploads::WithErrors).default(0))
                    // JSON: the count per outcome; the row problems.
                    .col(text(LovsUploads::Counts).default("{}"))
                    .col(text_null(LovsUploads::Problems))
                    .col(blob_null(LovsUploads::Outcome))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lovs_uploads_istituto")
                    .table(LovsUploads::Table)
                    .col(LovsUploads::IstitutoId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lovs_uploads_job")
                    .table(LovsUploads::Table)
                    .col(LovsUploads::JobId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LovsPupils::Table)
                    .if_not_exists()
                    .col(pk_auto(LovsPupils::Id))
                    .col(integer(LovsPupils::UploadId))
                    .col(integer(LovsPupils::Row))
                    .col(string_len(LovsPupils::CodicePlesso, 16))
                    .col(string_len(LovsPupils::Classe, 32))
                    .col(string_len(LovsPupils::Sezione, 32))
                    .col(string_len(LovsPupils::Cognome, 120))
                    .col(string_len(LovsPupils::Nome, 120))
                    .col(string_len(LovsPupils::CodiceFiscale, 32))
                    .col(date(LovsPupils::DataNascita))
                    .col(string_len(LovsPupils::Esito, 32))
                    .col(text(LovsPupils::Mancanti))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lovs_pupils_upload")
                    .table(LovsPupils::Table)
                    .col(LovsPupils::UploadId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LovsPupils::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LovsUploads::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LovsFacts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LovsExtracts::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LovsExtracts {
    Table,
    Id,
    AtsId,
    JobId,
    State,
    FileName,
    LoadedBy,
    LoadedAt,
    Pupils,
    Rows,
    RejectedRows,
}

#[derive(DeriveIden)]
enum LovsFacts {
    Table,
    Id,
    ExtractId,
    CodiceFiscale,
    Tipo,
    Vaccino,
    Dose,
    Data,
    FinoAl,
}

#[derive(DeriveIden)]
enum LovsUploads {
    Table,
    Id,
    AtsId,
    IstitutoId,
    JobId,
    FileName,
    UploadedBy,
    UploadedByName,
    UploadedAt,
    CheckDate,
    ExtractId,
    Rows,
    Valid,
    WithErrors,
    Counts,
    Problems,
    Outcome,
}

#[derive(DeriveIden)]
enum LovsPupils {
    Table,
    Id,
    UploadId,
    Row,
    CodicePlesso,
    Classe,
    Sezione,
    Cognome,
    Nome,
    CodiceFiscale,
    DataNascita,
    Esito,
    Mancanti,
}
