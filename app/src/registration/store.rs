//! Registration requests (server only): submission by a visitor, decision by
//! an administrator. Each write commits with its audit row.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::entity as request;
use super::rules::{LoginMode, RequestStatus, ValidRegistration};
use crate::error::AppError;
use crate::identity::account_store::AccountRecord;
use crate::identity::audit::{Actor, Change, Place};
use crate::identity::entity::accounts;
use crate::identity::{Role, account_store, password};
use crate::once::Once;
use crate::schools::queries;

/// The answer to a second request while the first still waits.
pub const ALREADY_PENDING: &str = "Esiste già una richiesta in attesa per questo istituto e \
    questo codice fiscale: l'amministratore la esaminerà a breve, non occorre inviarne un'altra.";

/// Requests shown per page in the administration.
pub const PAGE_SIZE: u64 = 50;

/// Stores a request from a visitor (no account yet: the audit row has no actor).
pub async fn submit(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    valid: ValidRegistration,
    once: &Once,
    now: DateTime<Utc>,
) -> Result<request::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let waiting = request::Entity::find()
        .filter(request::Column::IstitutoCodice.eq(valid.istituto_codice.as_str()))
        .filter(request::Column::CodiceFiscale.eq(valid.codice_fiscale.as_str()))
        .filter(request::Column::Status.eq(RequestStatus::Pending.key()))
        .one(&txn)
        .await?;
    if waiting.is_some() {
        return Err(AppError::Conflict(ALREADY_PENDING.to_owned()));
    }
    let row = request::ActiveModel {
        istituto_codice: Set(valid.istituto_codice),
        codice_fiscale: Set(valid.codice_fiscale),
        full_name: Set(valid.full_name),
        email: Set(valid.email),
        phone: Set(valid.phone),
        status: Set(RequestStatus::Pending.key().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let istituto = queries::istituto_by_codice(&txn, &row.istituto_codice).await?;
    let place = Place {
        ats_id: istituto.as_ref().map(|i| i.ats_id),
        istituto_id: istituto.as_ref().map(|i| i.id),
    };
    let changes = serde_json::json!({ "istituto": row.istituto_codice });
    let change = Change::new(
        "create",
        "registration_requests",
        Some(i64::from(row.id)),
        changes,
    );
    actor.record_at(&txn, place, change).await?;
    once.record(&txn, i64::from(row.id)).await?;
    txn.commit().await?;
    Ok(row)
}

/// One page (0-based) of requests, pending first, then newest first, and
/// whether more pages follow.
pub async fn list(
    db: &impl ConnectionTrait,
    page: u64,
) -> Result<(Vec<request::Model>, bool), DbErr> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let pending_first = request::Column::Status.eq(RequestStatus::Pending.key());
    let query = request::Entity::find()
        .order_by_desc(pending_first)
        .order_by_desc(request::Column::Id);
    let total = query.clone().count(db).await?;
    let rows = query
        .offset(page.saturating_mul(PAGE_SIZE))
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let more = page.saturating_add(1).saturating_mul(PAGE_SIZE) < total;
    Ok((rows, more))
}

/// How many requests wait for a decision.
pub async fn count_pending(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    request::Entity::find()
        .filter(request::Column::Status.eq(RequestStatus::Pending.key()))
        .count(db)
        .await
}

async fn pending(txn: &impl ConnectionTrait, id: i32) -> Result<request::Model, AppError> {
    let row = request::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.status != RequestStatus::Pending.key() {
        return Err(AppError::Conflict(
            "La richiesta è già stata decisa: ricaricare la pagina.".to_owned(),
        ));
    }
    Ok(row)
}

/// What an approval created: the account and, in password mode, the
/// initial password to pass on (shown once, never stored in clear).
#[derive(Debug, Clone)]
pub struct Approved {
    pub account: accounts::Model,
    pub password: Option<String>,
}

/// Approves a request: creates the dirigente account bound to the istituto.
/// Refused when the istituto is not in the registry, when it already has an
/// active dirigente, or when the codice fiscale already has an account.
pub async fn approve(
    db: &DatabaseConnection,
    admin: &Actor<'_>,
    id: i32,
    mode: LoginMode,
    now: DateTime<Utc>,
) -> Result<Approved, AppError> {
    // Hashing first: a transaction never waits on argon2.
    let peek = request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let username = peek.codice_fiscale.to_lowercase();
    let initial = match mode {
        LoginMode::Password => Some(account_store::generate_password(&username)),
        LoginMode::Spid => None,
    };
    let hash = match &initial {
        Some(pw) => Some(password::hash(pw.clone()).await?),
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    let row = pending(&txn, id).await?;
    let istituto = queries::istituto_by_codice(&txn, &row.istituto_codice)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(format!(
                "L'istituto {} non è nell'anagrafe: crearlo o importarlo prima di approvare.",
                row.istituto_codice
            ))
        })?;
    let current = accounts::Entity::find()
        .filter(accounts::Column::IstitutoId.eq(istituto.id))
        .filter(accounts::Column::Role.eq(Role::Dirigente.key()))
        .filter(accounts::Column::Active.eq(true))
        .one(&txn)
        .await?;
    if let Some(current) = current {
        return Err(AppError::Conflict(format!(
            "L'istituto ha già un dirigente attivo ({}): disattivarne l'account prima di approvare.",
            current.full_name
        )));
    }
    let taken = accounts::Entity::find()
        .filter(accounts::Column::CodiceFiscale.eq(row.codice_fiscale.as_str()))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::Conflict(
            "Esiste già un account con questo codice fiscale: modificarne il ruolo da \"Account\"."
                .to_owned(),
        ));
    }
    let username_taken = accounts::Entity::find()
        .filter(accounts::Column::Username.eq(username.as_str()))
        .one(&txn)
        .await?;
    if username_taken.is_some() {
        return Err(AppError::Conflict(format!(
            "Il nome utente {username} è già usato da un altro account: liberarlo (rinominando \
             quell'account) o creare il dirigente da \"Account\" con un altro nome utente."
        )));
    }
    let record = AccountRecord {
        username,
        full_name: row.full_name.clone(),
        codice_fiscale: Some(row.codice_fiscale.clone()),
        email: Some(row.email.clone()),
        role: Role::Dirigente,
        ats_id: Some(istituto.ats_id),
        istituto_id: Some(istituto.id),
        plesso_id: None,
        password_hash: hash,
    };
    let account = account_store::create(&txn, admin, record, None, now).await?;
    let mut active: request::ActiveModel = row.into();
    active.status = Set(RequestStatus::Approved.key().to_owned());
    active.decided_by = Set(admin.account_id);
    active.decided_at = Set(Some(now));
    active.account_id = Set(Some(account.id));
    active.update(&txn).await?;
    let place = Place {
        ats_id: Some(istituto.ats_id),
        istituto_id: Some(istituto.id),
    };
    let access = if initial.is_some() {
        "password"
    } else {
        "spid"
    };
    let changes = serde_json::json!({ "esito": "approvata", "accesso": access });
    let change = Change::new(
        "approve",
        "registration_requests",
        Some(i64::from(id)),
        changes,
    );
    admin.record_at(&txn, place, change).await?;
    txn.commit().await?;
    Ok(Approved {
        account,
        password: initial,
    })
}

/// Rejects a request with its reason.
pub async fn reject(
    db: &DatabaseConnection,
    admin: &Actor<'_>,
    id: i32,
    reason: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let row = pending(&txn, id).await?;
    let mut active: request::ActiveModel = row.into();
    active.status = Set(RequestStatus::Rejected.key().to_owned());
    active.decided_by = Set(admin.account_id);
    active.decided_at = Set(Some(now));
    active.reason = Set(Some(reason));
    active.update(&txn).await?;
    let changes = serde_json::json!({ "esito": "respinta" });
    let change = Change::new(
        "reject",
        "registration_requests",
        Some(i64::from(id)),
        changes,
    );
    admin.record(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}
