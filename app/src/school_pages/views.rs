//! Istituti and plessi as the caller's scope shows them (server only).

use sea_orm::DatabaseConnection;

use super::api::{IstitutoView, PlessoView};
use crate::error::AppError;
use crate::identity::{Identity, Scope, Target};
use crate::places::{Place, lookup_belfiore};
use crate::schools::entity::{istituto, plesso};
use crate::schools::{SchoolType, queries};

pub async fn in_scope(
    db: &DatabaseConnection,
    places: &[Place],
    who: &Identity,
) -> Result<Vec<IstitutoView>, AppError> {
    let istituti = match who.scope() {
        Scope::All => queries::all_istituti(db).await?,
        Scope::Ats(ats_id) => queries::istituti_of_ats(db, ats_id).await?,
        Scope::Istituto { istituto_id, .. } | Scope::Plesso { istituto_id, .. } => {
            queries::istituto_by_id(db, istituto_id)
                .await?
                .into_iter()
                .collect()
        }
        Scope::Nothing => Vec::new(),
    };
    let mut views = Vec::with_capacity(istituti.len());
    for ist in istituti {
        views.push(view_of(db, places, who, ist).await?);
    }
    Ok(views)
}

/// One istituto with the plessi `who` may see.
pub async fn view_of(
    db: &DatabaseConnection,
    places: &[Place],
    who: &Identity,
    ist: istituto::Model,
) -> Result<IstitutoView, AppError> {
    let scope = who.scope();
    let plessi = queries::plessi_of_istituto(db, ist.id)
        .await?
        .into_iter()
        .filter(|p| {
            scope.covers(&Target::Plesso {
                ats_id: ist.ats_id,
                istituto_id: ist.id,
                plesso_id: p.id,
            })
        })
        .map(|p| plesso_view(places, p))
        .collect();
    Ok(IstitutoView {
        comune: comune(places, &ist.comune_belfiore),
        codice: ist.codice,
        name: ist.name,
        plessi,
    })
}

fn plesso_view(places: &[Place], p: plesso::Model) -> PlessoView {
    PlessoView {
        comune: comune(places, &p.comune_belfiore),
        school_type: SchoolType::from_key(&p.school_type)
            .map(|t| t.label().to_owned())
            .unwrap_or(p.school_type),
        codice: p.codice,
        name: p.name,
        address: p.address,
    }
}

fn comune(places: &[Place], belfiore: &str) -> String {
    lookup_belfiore(places, belfiore, None)
        .map(|p| p.label())
        .unwrap_or_else(|| belfiore.to_owned())
}
