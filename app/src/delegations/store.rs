//! Reads and writes of delegations (server only). Each write commits with
//! its audit row; a delegate's grants are read on every request.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::entity as delegation;
use super::rules::{self, CODICE_FISCALE, DelegationState, ValidDelegation};
use crate::error::{AppError, FieldErrors};
use crate::identity::account_store::{self, AccountRecord};
use crate::identity::audit::{Actor, Change, Place};
use crate::identity::entity::accounts;
use crate::identity::{ActiveSession, DelegationGrants, Identity, Module, Role};
use crate::once::Once;

/// The caller's session with its delegations' grants for today (delegates
/// only): what makes a revocation or an expiry bite on the next request.
pub async fn with_grants(
    db: &DatabaseConnection,
    mut session: ActiveSession,
    today: NaiveDate,
) -> Result<ActiveSession, DbErr> {
    session.identity.delegation = grants_for(db, &session.identity, today).await?;
    Ok(session)
}

/// The grants of `who` on `today`; None for roles other than delegato.
pub async fn grants_for(
    db: &impl ConnectionTrait,
    who: &Identity,
    today: NaiveDate,
) -> Result<Option<DelegationGrants>, DbErr> {
    if who.role != Role::Delegato {
        return Ok(None);
    }
    let Some(istituto_id) = who.istituto_id else {
        return Ok(Some(DelegationGrants::default()));
    };
    let rows = delegation::Entity::find()
        .filter(delegation::Column::DelegateAccountId.eq(who.account_id))
        .filter(delegation::Column::IstitutoId.eq(istituto_id))
        .order_by_asc(delegation::Column::Id)
        .all(db)
        .await?;
    // Only delegations of a principal still in office count: active, and
    // still dirigente of the istituto the delegation is for.
    let principals: Vec<i32> = rows.iter().map(|r| r.principal_account_id).collect();
    let in_office: std::collections::HashSet<i32> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(principals))
        .filter(accounts::Column::Active.eq(true))
        .filter(accounts::Column::Role.eq(Role::Dirigente.key()))
        .filter(accounts::Column::IstitutoId.eq(istituto_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let facts: Vec<_> = rows
        .iter()
        .filter(|r| in_office.contains(&r.principal_account_id))
        .map(delegation::Model::facts)
        .collect();
    Ok(Some(rules::grants(&facts, today)))
}

/// Who ends delegations on a principal's behalf, and why.
pub struct Ending<'a> {
    pub by: &'a Actor<'a>,
    pub reason: &'a str,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// Ends from today every delegation `principal_id` granted that is still in
/// force or yet to start, inside the caller's transaction; each end is in
/// the audit log with its reason. The number ended.
pub async fn end_granted_by(
    txn: &impl ConnectionTrait,
    principal_id: i32,
    ending: Ending<'_>,
) -> Result<usize, AppError> {
    let rows = delegation::Entity::find()
        .filter(delegation::Column::PrincipalAccountId.eq(principal_id))
        .filter(delegation::Column::RevokedAt.is_null())
        .all(txn)
        .await?;
    let mut ended = 0;
    for row in rows {
        let state = DelegationState::of(row.start_date, row.end_date, row.revoked_on, ending.today);
        if !state.revocable() {
            continue;
        }
        let istituto_id = row.istituto_id;
        let mut active: delegation::ActiveModel = row.into();
        active.revoked_at = Set(Some(ending.now));
        active.revoked_on = Set(Some(ending.today));
        active.revoked_by = Set(ending.by.account_id);
        let row = active.update(txn).await?;
        let place = Place {
            istituto_id: Some(istituto_id),
            ..ending.by.home
        };
        let changes = serde_json::json!({ "revocata_il": ending.today, "motivo": ending.reason });
        let change = Change::new("revoke", "delegations", Some(i64::from(row.id)), changes);
        ending.by.record_at(txn, place, change).await?;
        ended += 1;
    }
    Ok(ended)
}

/// Every delegation of an istituto, newest first (the history).
pub async fn list(
    db: &impl ConnectionTrait,
    istituto_id: i32,
) -> Result<Vec<delegation::Model>, DbErr> {
    delegation::Entity::find()
        .filter(delegation::Column::IstitutoId.eq(istituto_id))
        .order_by_desc(delegation::Column::Id)
        .all(db)
        .await
}

/// One delegation of the caller's istituto; another school's is answered
/// like a missing one.
pub async fn find_own(
    db: &impl ConnectionTrait,
    who: &Identity,
    id: i32,
) -> Result<delegation::Model, AppError> {
    delegation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|d| Some(d.istituto_id) == who.istituto_id)
        .ok_or(AppError::NotFound)
}

/// Full names of accounts by id (who revoked, who granted).
pub async fn account_names(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    Ok(accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.full_name))
        .collect())
}

/// Records a delegation by the dirigente `who` for their istituto, binding
/// it to the delegate's account by codice fiscale. Without one, a `delegato`
/// account is created for the istituto, without a password: the delegate
/// logs in with SPID/CIE (matched on the codice fiscale), or an
/// administrator sets a password.
pub async fn create(
    db: &DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    valid: ValidDelegation,
    once: &Once,
    now: DateTime<Utc>,
) -> Result<delegation::Model, AppError> {
    let istituto_id = who.istituto_id.ok_or(AppError::Forbidden)?;
    let txn = crate::db::begin_write(db).await?;
    let (delegate, to_check) = delegate_account(&txn, who, actor, istituto_id, &valid, now).await?;
    let row = delegation::ActiveModel {
        istituto_id: Set(istituto_id),
        principal_account_id: Set(who.account_id),
        delegate_account_id: Set(delegate.id),
        delegate_codice_fiscale: Set(valid.codice_fiscale.clone()),
        delegate_name: Set(valid.full_name.clone()),
        delegate_email: Set(valid.email.clone()),
        modules: Set(Module::join(&valid.modules)),
        start_date: Set(valid.start_date),
        end_date: Set(valid.end_date),
        created_at: Set(now),
        revoked_at: Set(None),
        revoked_on: Set(None),
        revoked_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let changes = serde_json::json!({
            "delegato_account_id": delegate.id,
            "moduli": row.modules,
            "inizio": row.start_date,
            "fine": row.end_date,
            // Bound to an account of another role or istituto: it grants
            // nothing until an administrator sorts the profile out.
            "da_verificare": to_check,
    });
    let change = Change::new("create", "delegations", Some(i64::from(row.id)), changes);
    actor.record(&txn, change).await?;
    once.record(&txn, i64::from(row.id)).await?;
    txn.commit().await?;
    Ok(row)
}

/// The delegate's account: the existing account with that codice fiscale,
/// or a new `delegato` of the istituto. The answer never tells a principal
/// whether the code already had an account elsewhere in the portal: a code
/// of another account (another role, another istituto) is bound like any
/// other, but grants nothing there (a delegation acts only for a `delegato`
/// of its own istituto), and the audit row flags it for the administrator.
async fn delegate_account(
    txn: &impl ConnectionTrait,
    who: &Identity,
    actor: &Actor<'_>,
    istituto_id: i32,
    valid: &ValidDelegation,
    now: DateTime<Utc>,
) -> Result<(accounts::Model, bool), AppError> {
    let existing = accounts::Entity::find()
        .filter(accounts::Column::CodiceFiscale.eq(valid.codice_fiscale.as_str()))
        .one(txn)
        .await?;
    let refuse = |message: &str| {
        let mut errors = FieldErrors::new();
        errors.add(CODICE_FISCALE, message);
        AppError::Validation(errors)
    };
    if let Some(account) = existing {
        let usable =
            account.role() == Some(Role::Delegato) && account.istituto_id == Some(istituto_id);
        if !usable {
            tracing::info!("delegation bound to an account of another role or istituto");
        }
        return Ok((account, !usable));
    }
    let username = valid.codice_fiscale.to_lowercase();
    let taken = accounts::Entity::find()
        .filter(accounts::Column::Username.eq(username.as_str()))
        .one(txn)
        .await?
        .is_some();
    if taken {
        return Err(refuse(
            "Esiste già un nome utente uguale a questo codice fiscale: contattare \
             l'amministratore del portale.",
        ));
    }
    let record = AccountRecord {
        username,
        full_name: valid.full_name.clone(),
        codice_fiscale: Some(valid.codice_fiscale.clone()),
        email: Some(valid.email.clone()),
        role: Role::Delegato,
        ats_id: who.ats_id,
        istituto_id: Some(istituto_id),
        plesso_id: None,
        password_hash: None,
    };
    let account = account_store::create(txn, actor, record, Some("delega"), now).await?;
    Ok((account, false))
}

/// Revokes a delegation of the caller's istituto from `today` on; it takes
/// effect on the delegate's next request. Revoking twice, or an expired
/// delegation, is a conflict with a clear message.
pub async fn revoke(
    db: &DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    id: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<delegation::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let row = find_own(&txn, who, id).await?;
    let state = DelegationState::of(row.start_date, row.end_date, row.revoked_on, today);
    if !state.revocable() {
        return Err(AppError::Conflict(format!(
            "La delega è {}: non può più essere revocata.",
            state.label()
        )));
    }
    let mut active: delegation::ActiveModel = row.into();
    active.revoked_at = Set(Some(now));
    active.revoked_on = Set(Some(today));
    active.revoked_by = Set(Some(who.account_id));
    let row = active.update(&txn).await?;
    let changes = serde_json::json!({ "revocata_il": today });
    let change = Change::new("revoke", "delegations", Some(i64::from(row.id)), changes);
    actor.record(&txn, change).await?;
    txn.commit().await?;
    Ok(row)
}
