//! The administrator's reads (server only); the registry import is a job
//! ([`super::import_job`]).

use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::api::{
    AccountView, AccountsData, AtsView, IstitutoAdminView, PlessoAdminView, RegistryData,
};
use crate::error::AppError;
use crate::identity::Role;
use crate::identity::entity::accounts;
use crate::schools::entity::{ats, istituto, plesso};

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
