//! Creating accounts (server only). The portal knows who may enter before
//! their first login: accounts are created by an administrator, by an
//! approved registration, by a delegation (or, for the demo, by the portal
//! itself). All of them go through [`create`], which writes the row and its
//! audit entry in the caller's transaction.

use chrono::{DateTime, Utc};
use rand::Rng as _;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::audit::{Actor, Change, Place};
use super::entity::accounts;
use super::password_policy::check_new_password;
use super::{Role, password};
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
/// has the placement it needs.
pub async fn create_account(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
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
    let row = create(
        &txn,
        actor,
        AccountRecord {
            username,
            full_name: new.full_name,
            codice_fiscale: new.codice_fiscale,
            email: new.email,
            role: new.role,
            ats_id,
            istituto_id,
            plesso_id,
            password_hash: hash,
        },
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// A new account's row, its placement resolved and its password (if any)
/// already hashed.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub username: String,
    pub full_name: String,
    pub codice_fiscale: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
    pub plesso_id: Option<i32>,
    /// None: SPID/CIE only, or a password set later by an administrator.
    pub password_hash: Option<String>,
}

/// The one way an account is made: the row (active, never locked) and its
/// "create" audit entry, filed under the account's own ATS and istituto.
/// `reason` says why when it is not obvious (a delegation). The audit
/// entry never holds the password or its hash.
pub async fn create(
    txn: &impl ConnectionTrait,
    actor: &Actor<'_>,
    new: AccountRecord,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<accounts::Model, AppError> {
    let row = accounts::ActiveModel {
        username: Set(new.username),
        codice_fiscale: Set(new.codice_fiscale.map(|cf| cf.trim().to_uppercase())),
        full_name: Set(new.full_name),
        email: Set(new.email),
        role: Set(new.role.key().to_owned()),
        ats_id: Set(new.ats_id),
        istituto_id: Set(new.istituto_id),
        plesso_id: Set(new.plesso_id),
        password_hash: Set(new.password_hash),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut changes = serde_json::json!({
        "username": row.username,
        "ruolo": row.role,
        "ats_id": row.ats_id,
        "istituto_id": row.istituto_id,
        "plesso_id": row.plesso_id,
    });
    if let Some(reason) = reason {
        changes["motivo"] = reason.into();
    }
    let place = Place {
        ats_id: row.ats_id,
        istituto_id: row.istituto_id,
    };
    let change = Change::new("create", "accounts", Some(i64::from(row.id)), changes);
    actor.record_at(txn, place, change).await?;
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
