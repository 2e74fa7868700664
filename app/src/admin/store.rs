//! The administrator's writes (server only): ATS, istituti, plessi, accounts,
//! the registry import. Each commits with its audit row; duplicates of a
//! unique code are field errors, never database text.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, TryIntoModel,
};

use super::rules::{IstitutoForm, PlacementChoice, PlessoForm, ValidAccount, ValidAts};
use crate::error::{AppError, FieldErrors};
use crate::identity::account_store::{self, AccountRecord};
use crate::identity::audit::{Actor, Change, Place};
use crate::identity::entity::{accounts, sessions};
use crate::identity::{Identity, Role, password};
use crate::once::Once;
use crate::schools::entity::{ats, istituto, plesso};

/// Who and when, for one write: the administrator (as the audit log
/// records them) and the clock.
pub struct Ctx<'a> {
    pub admin: &'a Identity,
    pub actor: Actor<'a>,
    /// The key of a create (a new ATS, istituto, plesso or account).
    pub once: Once,
    pub now: DateTime<Utc>,
    /// The Rome calendar day (delegations end "from today").
    pub today: chrono::NaiveDate,
}

impl<'a> Ctx<'a> {
    /// The context of a call by an administrator.
    pub fn of(call: &'a crate::identity::Call) -> Self {
        Ctx {
            admin: &call.who,
            actor: call.actor(),
            once: Once::none(),
            now: call.now(),
            today: call.today(),
        }
    }

    /// [`Ctx::of`] for a save that may create a record, with the form's key.
    pub fn creating(call: &'a crate::identity::Call, once: Once) -> Self {
        Ctx {
            once,
            ..Ctx::of(call)
        }
    }

    /// Records a change to a record of the registry or an account, filed
    /// under the ATS and istituto it belongs to.
    async fn audit(
        &self,
        txn: &impl ConnectionTrait,
        action: &str,
        entity: &str,
        id: i32,
        changes: serde_json::Value,
        place: (Option<i32>, Option<i32>),
    ) -> Result<(), AppError> {
        let place = Place {
            ats_id: place.0,
            istituto_id: place.1,
        };
        let change = Change::new(action, entity, Some(i64::from(id)), changes);
        self.actor.record_at(txn, place, change).await?;
        Ok(())
    }
}

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

fn duplicate(field: &str, message: &str) -> AppError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    AppError::Validation(errors)
}

pub async fn save_ats(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    id: Option<i32>,
    v: ValidAts,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let same_code = ats::Entity::find()
        .filter(ats::Column::Code.eq(v.code.as_str()))
        .one(&txn)
        .await?;
    if same_code.is_some_and(|a| Some(a.id) != id) {
        return Err(duplicate("code", "Esiste già un'ATS con questo codice."));
    }
    let mut row = match id {
        Some(id) => ats::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?
            .into(),
        None => <ats::ActiveModel as Default>::default(),
    };
    row.code = Set(v.code);
    row.name = Set(v.name);
    row.provinces = Set(v.provinces);
    row.chief_comuni = Set(v.chief_comuni);
    let saved = row.save(&txn).await?.try_into_model()?;
    let action = if id.is_some() { "update" } else { "create" };
    let changes = serde_json::json!({ "codice": saved.code, "nome": saved.name, "province": saved.provinces, "comuni_capofila": saved.chief_comuni });
    ctx.audit(
        &txn,
        action,
        "ats",
        saved.id,
        changes,
        (Some(saved.id), None),
    )
    .await?;
    if id.is_none() {
        ctx.once.record(&txn, i64::from(saved.id)).await?;
    }
    txn.commit().await?;
    Ok(saved.id)
}

pub async fn save_istituto(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    v: IstitutoForm,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let ats_id = v.ats_id.ok_or(AppError::NotFound)?;
    if ats::Entity::find_by_id(ats_id).one(&txn).await?.is_none() {
        return Err(duplicate(
            "ats_id",
            "L'ATS scelta non esiste più: ricaricare la pagina.",
        ));
    }
    let same = istituto::Entity::find()
        .filter(istituto::Column::Codice.eq(v.codice.as_str()))
        .one(&txn)
        .await?;
    if same.is_some_and(|i| Some(i.id) != v.id) {
        return Err(duplicate(
            "codice",
            "Esiste già un istituto con questo codice meccanografico.",
        ));
    }
    let mut row = match v.id {
        Some(id) => istituto::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?
            .into(),
        None => <istituto::ActiveModel as Default>::default(),
    };
    row.codice = Set(v.codice);
    row.name = Set(v.name);
    row.ats_id = Set(ats_id);
    row.comune_belfiore = Set(v.comune_belfiore);
    let saved = row.save(&txn).await?.try_into_model()?;
    let action = if v.id.is_some() { "update" } else { "create" };
    let changes =
        serde_json::json!({ "codice": saved.codice, "nome": saved.name, "ats_id": saved.ats_id });
    ctx.audit(
        &txn,
        action,
        "istituti",
        saved.id,
        changes,
        (Some(saved.ats_id), Some(saved.id)),
    )
    .await?;
    if v.id.is_none() {
        ctx.once.record(&txn, i64::from(saved.id)).await?;
    }
    txn.commit().await?;
    Ok(saved.id)
}

pub async fn save_plesso(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    v: PlessoForm,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let istituto_id = v.istituto_id.ok_or(AppError::NotFound)?;
    let Some(ist) = istituto::Entity::find_by_id(istituto_id).one(&txn).await? else {
        return Err(duplicate(
            "istituto_id",
            "L'istituto scelto non esiste più: ricaricare la pagina.",
        ));
    };
    let same = plesso::Entity::find()
        .filter(plesso::Column::Codice.eq(v.codice.as_str()))
        .one(&txn)
        .await?;
    if same.is_some_and(|p| Some(p.id) != v.id) {
        return Err(duplicate(
            "codice",
            "Esiste già un plesso con questo codice meccanografico.",
        ));
    }
    let mut row = match v.id {
        Some(id) => plesso::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?
            .into(),
        None => <plesso::ActiveModel as Default>::default(),
    };
    row.codice = Set(v.codice);
    row.istituto_id = Set(ist.id);
    row.name = Set(v.name);
    row.comune_belfiore = Set(v.comune_belfiore);
    row.address = Set(v.address);
    row.school_type = Set(v.school_type);
    let saved = row.save(&txn).await?.try_into_model()?;
    let action = if v.id.is_some() { "update" } else { "create" };
    let changes = serde_json::json!({ "codice": saved.codice, "nome": saved.name, "tipo": saved.school_type, "istituto_id": ist.id });
    ctx.audit(
        &txn,
        action,
        "plessi",
        saved.id,
        changes,
        (Some(ist.ats_id), Some(ist.id)),
    )
    .await?;
    if v.id.is_none() {
        ctx.once.record(&txn, i64::from(saved.id)).await?;
    }
    txn.commit().await?;
    Ok(saved.id)
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
