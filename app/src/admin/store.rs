//! The administrator's writes to the registry (server only): ATS, istituti,
//! plessi (accounts are in `accounts_store`). Each commits with its audit
//! row; duplicates of a unique code are field errors, never database text.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, TryIntoModel,
};

use super::rules::{IstitutoForm, PlessoForm, ValidAts};
use crate::error::{AppError, FieldErrors};
use crate::identity::Identity;
use crate::identity::audit::{Actor, Change, Place};
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
    pub(super) async fn audit(
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

pub(super) fn duplicate(field: &str, message: &str) -> AppError {
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
