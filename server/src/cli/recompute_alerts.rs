//! `recompute-alerts [--ats CODE]`: every absence alert of one ATS (each
//! sentinel plesso, each comune, the territory) and the totals of its
//! aggregates, recomputed from the stored entries in one transaction. The
//! portal does this by itself as data arrive; the command is for after a
//! bulk import or a restore. Reviewed alerts are kept.

use std::process::ExitCode;

use app::schools::queries;

use crate::config::Config;

pub async fn run(config: &Config, args: &[String]) -> ExitCode {
    let ats_code = match args {
        [] => config.ats_code.clone(),
        [flag, code] if flag == "--ats" => code.clone(),
        _ => return super::usage_error("uso: recompute-alerts [--ats CODICE]"),
    };
    let db = match crate::db::connect_and_migrate(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("database: {e}");
            return ExitCode::FAILURE;
        }
    };
    let ats = match queries::ats_by_code(&db, &ats_code).await {
        Ok(Some(ats)) => ats,
        Ok(None) => {
            eprintln!("ATS {ats_code:?} non trovata: indicare --ats CODICE");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("database: {e}");
            return ExitCode::FAILURE;
        }
    };
    let now = config.now.now();
    match app::absences::alert_store::recompute(&db, ats.id, now).await {
        Ok(r) => {
            println!(
                "Allerte ricalcolate per l'ATS {}: {} serie, {} rilevazioni, {} allerte ({} nuove, {} rimosse).",
                ats.code,
                r.series,
                r.observations,
                r.synced.alerts,
                r.synced.added,
                r.synced.removed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("database: {e}");
            ExitCode::FAILURE
        }
    }
}
