//! The administrator's reads and the registry import (server only).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::api::{
    AccountView, AccountsData, AtsView, ImportOutcome, IstitutoAdminView, PlessoAdminView,
    RegistryData,
};
use super::store::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::identity::Role;
use crate::identity::audit::{Change, Place};
use crate::identity::entity::accounts;
use crate::schools::entity::{ats, istituto, plesso};
use crate::schools::import_db::save_imported;
use crate::schools::parse_registry_csv;

/// Largest registry file accepted (the body limit of the portal is larger).
const MAX_CSV_BYTES: usize = 8 * 1024 * 1024;

pub async fn registry(db: &DatabaseConnection) -> Result<RegistryData, AppError> {
    let all_ats = ats::Entity::find()
        .order_by_asc(ats::Column::Name)
        .all(db)
        .await?;
    let istituti = istituto::Entity::find()
        .order_by_asc(istituto::Column::Name)
        .all(db)
        .await?;
    let plessi = plesso::Entity::find()
        .order_by_asc(plesso::Column::Name)
        .all(db)
        .await?;
    let ats_name = |id: i32| {
        all_ats
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    Ok(RegistryData {
        istituti: istituti
            .into_iter()
            .map(|i| IstitutoAdminView {
                plessi: plessi
                    .iter()
                    .filter(|p| p.istituto_id == i.id)
                    .map(|p| PlessoAdminView {
                        id: p.id,
                        codice: p.codice.clone(),
                        name: p.name.clone(),
                        comune_belfiore: p.comune_belfiore.clone(),
                        address: p.address.clone(),
                        school_type: p.school_type.clone(),
                    })
                    .collect(),
                ats_name: ats_name(i.ats_id),
                id: i.id,
                codice: i.codice,
                name: i.name,
                ats_id: i.ats_id,
                comune_belfiore: i.comune_belfiore,
            })
            .collect(),
        ats: all_ats
            .into_iter()
            .map(|a| AtsView {
                id: a.id,
                code: a.code,
                name: a.name,
                provinces: a.provinces,
                chief_comuni: a.chief_comuni,
            })
            .collect(),
    })
}

pub async fn accounts(db: &DatabaseConnection) -> Result<AccountsData, AppError> {
    let registry = registry(db).await?;
    let mut placements = vec![(String::new(), "Nessuna (amministratore)".to_owned())];
    placements.extend(
        registry
            .ats
            .iter()
            .map(|a| (format!("ats:{}", a.id), format!("ATS: {}", a.name))),
    );
    for i in &registry.istituti {
        placements.push((
            format!("istituto:{}", i.id),
            format!("Istituto: {} ({})", i.name, i.codice),
        ));
        placements.extend(i.plessi.iter().map(|p| {
            (
                format!("plesso:{}", p.id),
                format!("Plesso: {} ({})", p.name, p.codice),
            )
        }));
    }
    let label = |value: &str| {
        placements
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let rows = accounts::Entity::find()
        .order_by_asc(accounts::Column::Username)
        .all(db)
        .await?;
    let accounts = rows
        .into_iter()
        .map(|a| {
            let placement = match (a.role(), a.ats_id, a.istituto_id, a.plesso_id) {
                (Some(Role::ReferentePlesso), _, _, Some(p)) => format!("plesso:{p}"),
                (Some(Role::Dirigente | Role::Delegato), _, Some(i), _) => format!("istituto:{i}"),
                (Some(Role::OperatoreAts), Some(ats), _, _) => format!("ats:{ats}"),
                _ => String::new(),
            };
            AccountView {
                placement_label: label(&placement),
                placement,
                id: a.id,
                has_password: a.password_hash.is_some(),
                username: a.username,
                full_name: a.full_name,
                codice_fiscale: a.codice_fiscale,
                email: a.email,
                role: a.role,
                active: a.active,
            }
        })
        .collect();
    Ok(AccountsData {
        accounts,
        placements,
    })
}

/// Parses and saves the Ministry's CSV into the ATS `ats_id`. A file-level
/// problem (empty, missing columns) is an error on the file field; row
/// problems are reported with the rows that were imported.
pub async fn import(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    ats_id: i32,
    content_base64: &str,
) -> Result<ImportOutcome, AppError> {
    let file_error = |message: &str| {
        let mut errors = FieldErrors::new();
        errors.add("file", message);
        AppError::Validation(errors)
    };
    let bytes = STANDARD
        .decode(content_base64.trim())
        .map_err(|_| file_error("Il file non è stato letto correttamente: sceglierlo di nuovo."))?;
    if bytes.len() > MAX_CSV_BYTES {
        return Err(file_error("Il file supera 8 MB: dividerlo per provincia."));
    }
    let Some(target) = ats::Entity::find_by_id(ats_id).one(db).await? else {
        let mut errors = FieldErrors::new();
        errors.add("ats_id", "Scegliere l'ATS in cui importare le scuole.");
        return Err(AppError::Validation(errors));
    };
    let report = parse_registry_csv(&bytes);
    if let Some(fatal) = report.file_error {
        return Err(file_error(&fatal.to_string()));
    }
    let txn = crate::db::begin_write(db).await?;
    let counts = save_imported(&txn, target.id, &report.schools).await?;
    let changes = serde_json::json!({
        "righe_valide": report.schools.len(),
        "righe_scartate": report.errors.len(),
        "istituti_creati": counts.istituti_created,
        "plessi_creati": counts.plessi_created,
    });
    let place = Place {
        ats_id: Some(target.id),
        istituto_id: None,
    };
    ctx.actor
        .record_at(&txn, place, Change::new("import", "plessi", None, changes))
        .await?;
    txn.commit().await?;
    Ok(ImportOutcome {
        imported: report.schools.len(),
        counts,
        skipped: report.skipped,
        errors: report.errors,
    })
}
