//! `import-schools FILE.csv [--ats CODE]`: the Ministry's open-data school
//! registry into istituti and plessi of one ATS. Good rows are imported in
//! one transaction; each bad row is reported on stderr with its row number.

use std::process::ExitCode;

use app::schools::parse_registry_csv;
use app::schools::queries::{self, PlessoData, Upsert};
use sea_orm::TransactionTrait;

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

#[derive(Default)]
struct Counts {
    istituti_created: usize,
    istituti_updated: usize,
    plessi_created: usize,
    plessi_updated: usize,
    plessi_unchanged: usize,
}

async fn import(
    db: &sea_orm::DatabaseConnection,
    ats_code: &str,
    schools: &[app::schools::ImportedSchool],
) -> Result<Option<Counts>, sea_orm::DbErr> {
    let Some(ats) = queries::ats_by_code(db, ats_code).await? else {
        return Ok(None);
    };
    let txn = db.begin().await?;
    let mut counts = Counts::default();
    for s in schools {
        let (istituto, done) = queries::upsert_istituto(
            &txn,
            ats.id,
            s.istituto_code.as_str(),
            &s.istituto_name,
            &s.comune_belfiore,
        )
        .await?;
        match done {
            Upsert::Created => counts.istituti_created += 1,
            Upsert::Updated => counts.istituti_updated += 1,
            Upsert::Unchanged => {}
        }
        let (_, done) = queries::upsert_plesso(
            &txn,
            istituto.id,
            PlessoData {
                codice: s.plesso_code.as_str(),
                name: &s.plesso_name,
                comune_belfiore: &s.comune_belfiore,
                address: &postal_address(s),
                school_type: s.school_type.key(),
            },
        )
        .await?;
        match done {
            Upsert::Created => counts.plessi_created += 1,
            Upsert::Updated => counts.plessi_updated += 1,
            Upsert::Unchanged => counts.plessi_unchanged += 1,
        }
    }
    txn.commit().await?;
    Ok(Some(counts))
}

/// "Via Roma 1, 20100 Milano": the registry splits street, CAP and comune.
fn postal_address(s: &app::schools::ImportedSchool) -> String {
    let street = s.address.as_deref().unwrap_or_default().trim();
    let town = match s.cap.as_deref() {
        Some(cap) => format!("{cap} {}", s.comune_name),
        None => s.comune_name.clone(),
    };
    if street.is_empty() {
        town
    } else {
        format!("{street}, {town}")
    }
}
