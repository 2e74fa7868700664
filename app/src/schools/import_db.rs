//! Saving an imported registry (server only), shared by the
//! `import-schools` command and the administrator's upload: every good row
//! is upserted in one transaction, istituto then plesso.

use sea_orm::{ConnectionTrait, DbErr};

use super::ImportedSchool;
pub use super::import_counts::ImportCounts;
use super::queries::{self, PlessoData, Upsert};

/// Upserts `schools` into the ATS `ats_id`, inside the caller's transaction.
pub async fn save_imported(
    txn: &impl ConnectionTrait,
    ats_id: i32,
    schools: &[ImportedSchool],
) -> Result<ImportCounts, DbErr> {
    let mut counts = ImportCounts::default();
    for s in schools {
        let (istituto, done) = queries::upsert_istituto(
            txn,
            ats_id,
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
            txn,
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
    Ok(counts)
}

/// "Via Roma 1, 20100 Milano": the registry splits street, CAP and comune.
pub fn postal_address(s: &ImportedSchool) -> String {
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
