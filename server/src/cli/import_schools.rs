//! `import-schools FILE.csv [--ats CODE]`: the Ministry's open-data school
//! registry into istituti and plessi of one ATS. Good rows are imported in
//! one transaction; each bad row is reported on stderr with its row number.

use std::process::ExitCode;

use app::schools::import_db::{ImportCounts, save_imported};
use app::schools::parse_registry_csv;
use app::schools::queries;

use crate::config::Config;

pub async fn run(config: &Config, args: &[String]) -> ExitCode {
    let (path, ats_code) = match args {
        [path] => (path, config.ats_code.clone()),
        [path, flag, code] if flag == "--ats" => (path, code.clone()),
        _ => return super::usage_error("uso: import-schools FILE.csv [--ats CODICE]"),
    };
    let input = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: impossibile leggere il file: {e}");
            return ExitCode::from(2);
        }
    };
    let report = parse_registry_csv(&input);
    if let Some(fatal) = &report.file_error {
        eprintln!("{path}: {fatal}");
        return ExitCode::from(2);
    }
    for err in &report.errors {
        eprintln!("riga {}, colonna {}: {}", err.row, err.column, err.message);
    }
    let db = match crate::db::connect_and_migrate(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("database: {e}");
            return ExitCode::FAILURE;
        }
    };
    match import(&db, &ats_code, &report.schools).await {
        Ok(Some(counts)) => {
            println!(
                "Importazione completata: {} righe valide, {} scartate; istituti creati {}, aggiornati {}; plessi creati {}, aggiornati {}, invariati {}.",
                report.schools.len(),
                report.errors.len(),
                counts.istituti_created,
                counts.istituti_updated,
                counts.plessi_created,
                counts.plessi_updated,
                counts.plessi_unchanged
            );
            if report.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Ok(None) => {
            eprintln!("ATS {ats_code:?} non trovata: crearla prima o indicare --ats CODICE");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("database: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn import(
    db: &sea_orm::DatabaseConnection,
    ats_code: &str,
    schools: &[app::schools::ImportedSchool],
) -> Result<Option<ImportCounts>, sea_orm::DbErr> {
    let Some(ats) = queries::ats_by_code(db, ats_code).await? else {
        return Ok(None);
    };
    let txn = app::db::begin_write(db).await?;
    let counts = save_imported(&txn, ats.id, schools).await?;
    txn.commit().await?;
    // A plesso may have moved comune or type: its aggregates follow.
    app::absences::alert_store::recompute(db, ats.id, chrono::Utc::now()).await?;
    Ok(Some(counts))
}
