//! Creating accounts (server only). The portal knows who may enter before
//! their first login: accounts are created by an administrator (or, for the
//! demo, by the portal itself), each write audited in its transaction.

use chrono::{DateTime, Utc};
use rand::Rng as _;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::audit::{self, AuditEntry};
use super::entity::accounts;
use super::password_policy::check_new_password;
use super::{Identity, Role, password};
use crate::error::{AppError, FieldErrors};
use crate::schools::entity::{istituto, plesso};
use sea_orm::EntityTrait;

/// Where the account works; the role decides which one is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    None,
    Ats(i32),
    Istituto(i32),
    Plesso(i32),
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub full_name: String,
    pub codice_fiscale: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    pub placement: Placement,
    /// None for SPID/CIE-only accounts.
    pub password: Option<String>,
}

/// Creates an account after checking the password policy and that the role
/// has the placement it needs; `actor` None means the portal itself.
pub async fn create_account(
    db: &DatabaseConnection,
    actor: Option<&Identity>,
    client_ip: Option<&str>,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<accounts::Model, AppError> {
    let username = new.username.trim().to_lowercase();
    let mut errors = FieldErrors::new();
    if username.is_empty() || username.chars().count() > 100 {
        errors.add(
            "username",
            "Indicare un nome utente di al massimo 100 caratteri.",
        );
    }
    if let Some(pw) = &new.password
        && let Err(e) = check_new_password(&username, pw)
    {
        errors.add("password", e.to_string());
    }
    errors.into_result()?;
    let hash = match new.password {
        Some(pw) => Some(password::hash(pw).await?),
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    let (ats_id, istituto_id, plesso_id) = placement_ids(&txn, new.role, new.placement).await?;
    let row = accounts::ActiveModel {
        username: Set(username),
        codice_fiscale: Set(new.codice_fiscale.map(|cf| cf.trim().to_uppercase())),
        full_name: Set(new.full_name),
        email: Set(new.email),
        role: Set(new.role.key().to_owned()),
        ats_id: Set(ats_id),
        istituto_id: Set(istituto_id),
        plesso_id: Set(plesso_id),
        password_hash: Set(hash),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record_entry(
        &txn,
        AuditEntry {
            actor_account_id: actor.map(|a| a.account_id),
            actor_role: actor.map(|a| a.role.key()),
            on_behalf_of_account_id: None,
            action: "create",
            entity: "accounts",
            entity_id: Some(i64::from(row.id)),
            // Never the password or its hash.
            changes: serde_json::json!({
                "username": row.username,
                "ruolo": row.role,
                "ats_id": row.ats_id,
                "istituto_id": row.istituto_id,
                "plesso_id": row.plesso_id,
            }),
            client_ip,
            ats_id: row.ats_id,
            istituto_id: row.istituto_id,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The ATS, istituto and plesso ids the account stores, derived from its
/// placement so a school account always carries its ATS (scope checks need
/// no join).
async fn placement_ids(
    txn: &impl ConnectionTrait,
    role: Role,
    placement: Placement,
) -> Result<(Option<i32>, Option<i32>, Option<i32>), AppError> {
    let wrong = || {
        let mut errors = FieldErrors::new();
        errors.add(
            "placement",
            format!("Il ruolo {} richiede un'altra assegnazione.", role.label()),
        );
        AppError::Validation(errors)
    };
    match (role, placement) {
        (Role::Amministratore, Placement::None) => Ok((None, None, None)),
        (Role::OperatoreAts, Placement::Ats(ats)) => Ok((Some(ats), None, None)),
        (Role::Dirigente | Role::Delegato, Placement::Istituto(id)) => {
            let ist = istituto::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(wrong)?;
            Ok((Some(ist.ats_id), Some(ist.id), None))
        }
        (Role::ReferentePlesso, Placement::Plesso(id)) => {
            let p = plesso::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(wrong)?;
            let ist = istituto::Entity::find_by_id(p.istituto_id)
                .one(txn)
                .await?
                .ok_or_else(wrong)?;
            Ok((Some(ist.ats_id), Some(ist.id), Some(p.id)))
        }
        _ => Err(wrong()),
    }
}

/// A random password that meets the policy for `username`: four groups of
/// four characters without look-alikes (0/O, 1/l/I), joined by hyphens.
pub fn generate_password(username: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    loop {
        let groups: Vec<String> = (0..4)
            .map(|_| {
                (0..4)
                    .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                    .collect()
            })
            .collect();
        let candidate = groups.join("-");
        if check_new_password(username, &candidate).is_ok() {
            return candidate;
        }
    }
}
