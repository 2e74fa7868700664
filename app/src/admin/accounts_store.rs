//! The administration's writes to accounts (server only): create or edit,
//! activate or deactivate, a new password. Each is audited in its own
//! transaction; a principal leaving office ends the delegations granted.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, TryIntoModel,
};

use super::rules::{PlacementChoice, ValidAccount};
use super::store::{Ctx, duplicate};
use crate::error::AppError;
use crate::identity::account_store::{self, AccountRecord};
use crate::identity::entity::{accounts, sessions};
use crate::identity::{Role, password};
use crate::schools::entity::{ats, istituto, plesso};

/// A delegation acts only for a principal in office: when one leaves it,
/// the delegations they granted end from today, each audited.
async fn end_delegations(
    txn: &impl ConnectionTrait,
    ctx: &Ctx<'_>,
    principal_id: i32,
    reason: &str,
) -> Result<(), AppError> {
    crate::delegations::store::end_granted_by(
        txn,
        principal_id,
        crate::delegations::store::Ending {
            by: &ctx.actor,
            reason,
            today: ctx.today,
            now: ctx.now,
        },
    )
    .await?;
    Ok(())
}

/// The ATS, istituto and plesso ids an account stores for its placement.
async fn placement_ids(
    txn: &impl ConnectionTrait,
    placement: PlacementChoice,
) -> Result<(Option<i32>, Option<i32>, Option<i32>), AppError> {
    let gone = || {
        duplicate(
            "placement",
            "L'assegnazione scelta non esiste più: ricaricare la pagina.",
        )
    };
    Ok(match placement {
        PlacementChoice::None => (None, None, None),
        PlacementChoice::Ats(id) => {
            let a = ats::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(gone)?;
            (Some(a.id), None, None)
        }
        PlacementChoice::Istituto(id) => {
            let i = istituto::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(gone)?;
            (Some(i.ats_id), Some(i.id), None)
        }
        PlacementChoice::Plesso(id) => {
            let p = plesso::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(gone)?;
            let i = istituto::Entity::find_by_id(p.istituto_id)
                .one(txn)
                .await?
                .ok_or_else(gone)?;
            (Some(i.ats_id), Some(i.id), Some(p.id))
        }
    })
}

/// Creates an account (with an initial password returned once, or SPID/CIE
/// only) or edits one's name, codice fiscale, e-mail, role and placement.
pub async fn save_account(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    id: Option<i32>,
    v: ValidAccount,
) -> Result<(i32, Option<String>), AppError> {
    let initial =
        (id.is_none() && v.with_password).then(|| account_store::generate_password(&v.username));
    let hash = match &initial {
        Some(pw) => Some(password::hash(pw.clone()).await?),
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    if let Some(cf) = &v.codice_fiscale {
        let same = accounts::Entity::find()
            .filter(accounts::Column::CodiceFiscale.eq(cf.as_str()))
            .one(&txn)
            .await?;
        if same.is_some_and(|a| Some(a.id) != id) {
            return Err(duplicate(
                "codice_fiscale",
                "Esiste già un account con questo codice fiscale.",
            ));
        }
    }
    let (ats_id, istituto_id, plesso_id) = placement_ids(&txn, v.placement).await?;
    let Some(id) = id else {
        let taken = accounts::Entity::find()
            .filter(accounts::Column::Username.eq(v.username.as_str()))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(duplicate(
                "username",
                "Nome utente già in uso: sceglierne un altro.",
            ));
        }
        let record = AccountRecord {
            username: v.username,
            full_name: v.full_name,
            codice_fiscale: v.codice_fiscale,
            email: v.email,
            role: v.role,
            ats_id,
            istituto_id,
            plesso_id,
            password_hash: hash,
        };
        let saved = account_store::create(&txn, &ctx.actor, record, None, ctx.now).await?;
        ctx.once.record(&txn, i64::from(saved.id)).await?;
        txn.commit().await?;
        return Ok((saved.id, initial));
    };
    let before = accounts::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let leaves_office = before.role == Role::Dirigente.key()
        && (v.role != Role::Dirigente || istituto_id != before.istituto_id);
    if leaves_office {
        end_delegations(&txn, ctx, id, "cambio di ruolo o di istituto del dirigente").await?;
    }
    let mut row: accounts::ActiveModel = before.into();
    row.full_name = Set(v.full_name);
    row.codice_fiscale = Set(v.codice_fiscale);
    row.email = Set(v.email);
    row.role = Set(v.role.key().to_owned());
    row.ats_id = Set(ats_id);
    row.istituto_id = Set(istituto_id);
    row.plesso_id = Set(plesso_id);
    let saved = row.save(&txn).await?.try_into_model()?;
    // Never the password or its hash.
    let changes = serde_json::json!({ "username": saved.username, "ruolo": saved.role, "ats_id": ats_id, "istituto_id": istituto_id, "plesso_id": plesso_id });
    ctx.audit(
        &txn,
        "update",
        "accounts",
        saved.id,
        changes,
        (ats_id, istituto_id),
    )
    .await?;
    txn.commit().await?;
    Ok((saved.id, initial))
}

/// Activates or deactivates an account; deactivation ends its sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    id: i32,
    active: bool,
) -> Result<(), AppError> {
    if id == ctx.admin.account_id && !active {
        return Err(AppError::Conflict(
            "Non è possibile disattivare il proprio account.".to_owned(),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let account = accounts::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = (account.ats_id, account.istituto_id);
    let was_dirigente = account.role == Role::Dirigente.key();
    let mut row: accounts::ActiveModel = account.into();
    row.active = Set(active);
    row.update(&txn).await?;
    if !active {
        sessions::Entity::delete_many()
            .filter(sessions::Column::AccountId.eq(id))
            .exec(&txn)
            .await?;
        if was_dirigente {
            end_delegations(&txn, ctx, id, "account del dirigente disattivato").await?;
        }
    }
    let action = if active { "activate" } else { "deactivate" };
    ctx.audit(
        &txn,
        action,
        "accounts",
        id,
        serde_json::json!({ "attivo": active }),
        place,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a new random password (returned once), unlocks the account and
/// ends its sessions.
pub async fn reset_password(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    id: i32,
) -> Result<String, AppError> {
    let account = accounts::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let new = account_store::generate_password(&account.username);
    let hash = password::hash(new.clone()).await?;
    let txn = crate::db::begin_write(db).await?;
    let place = (account.ats_id, account.istituto_id);
    let mut row: accounts::ActiveModel = account.into();
    row.password_hash = Set(Some(hash));
    row.failed_logins = Set(0);
    row.locked_until = Set(None);
    row.update(&txn).await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::AccountId.eq(id))
        .exec(&txn)
        .await?;
    ctx.audit(
        &txn,
        "reset_password",
        "accounts",
        id,
        serde_json::json!({}),
        place,
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}
