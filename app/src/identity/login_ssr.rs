//! Password authentication against the accounts table (server only).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

use super::audit::{Actor, Change, Place};
use super::entity::accounts;
use super::lockout::{MAX_FAILURES, is_locked, lock_after};
use super::password;
use super::sessions::{NewSession, start_session_in};
use crate::error::AppError;

/// Longest username and password looked at: bounds the work of a request.
const MAX_USERNAME: usize = 100;
const MAX_PASSWORD: usize = 256;

pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub client_ip: Option<&'a str>,
    pub now: DateTime<Utc>,
    /// The session the request came with, replaced by the new one.
    pub replaces: Option<i32>,
}

/// A session for the right password of an active, unlocked account;
/// `LoginFailed` for anything else, `Busy` when no password-check slot frees
/// up in time. Unknown users cost the same hashing as known ones, so timing
/// tells nothing; a locked account is refused without hashing.
///
/// The attempt is reserved in the account's row *before* the password is
/// checked, in one conditional UPDATE: concurrent attempts each take their
/// own place in the count, and at most [`MAX_FAILURES`] passwords are ever
/// tried in one lock window, whatever arrives at once.
pub async fn authenticate(
    db: &DatabaseConnection,
    attempt: Attempt<'_>,
) -> Result<NewSession, AppError> {
    let username = attempt.username.trim().to_lowercase();
    let oversized =
        username.chars().count() > MAX_USERNAME || attempt.password.chars().count() > MAX_PASSWORD;
    let account = if oversized || username.is_empty() {
        None
    } else {
        accounts::Entity::find()
            .filter(accounts::Column::Username.eq(username.as_str()))
            .one(db)
            .await?
    };
    let usable = account.as_ref().is_some_and(|a| a.active);
    if oversized || !usable {
        if !oversized {
            // As long as a real check: the answer reveals no username.
            password::verify(attempt.password.to_owned(), None).await?;
        }
        let reason = if account.is_some() {
            "account disattivato"
        } else {
            "utente sconosciuto"
        };
        let txn = crate::db::begin_write(db).await?;
        // Unknown usernames are not stored: users type passwords there too.
        failure(&txn, account.as_ref(), reason, &attempt).await?;
        txn.commit().await?;
        return Err(AppError::LoginFailed);
    }
    let Some(account) = account else {
        return Err(AppError::LoginFailed);
    };

    // A check slot first: a busy portal refuses before counting anything.
    let slot = password::slot().await?;
    let Some(reserved) = reserve_attempt(db, account.id, attempt.now).await? else {
        drop(slot);
        let txn = crate::db::begin_write(db).await?;
        failure(&txn, Some(&account), "account bloccato", &attempt).await?;
        txn.commit().await?;
        return Err(AppError::LoginFailed);
    };
    if is_locked(reserved.locked_until, attempt.now) {
        tracing::warn!(
            account_id = account.id,
            "account locked after repeated failed logins"
        );
    }
    let password_ok = password::verify_in(
        slot,
        attempt.password.to_owned(),
        account.password_hash.clone(),
    )
    .await?;

    let txn = crate::db::begin_write(db).await?;
    if !password_ok {
        failure(&txn, Some(&account), "password errata", &attempt).await?;
        txn.commit().await?;
        return Err(AppError::LoginFailed);
    }
    accounts::Entity::update_many()
        .col_expr(accounts::Column::FailedLogins, Expr::value(0))
        .col_expr(
            accounts::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(accounts::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    let new = start_session_in(
        &txn,
        &account,
        attempt.client_ip.map(str::to_owned),
        attempt.now,
        "password",
        attempt.replaces,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(account_id = account.id, "login");
    Ok(new)
}

/// Takes one attempt on an account that is not locked, atomically: the
/// count goes up by one, and the attempt that reaches [`MAX_FAILURES`]
/// locks the account (until [`lock_after`] says) and restarts the count. None when
/// the account is locked (or gone): nothing may be tried. A successful login
/// then clears both.
async fn reserve_attempt(
    db: &impl ConnectionTrait,
    account_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<accounts::Model>, AppError> {
    use accounts::Column::{FailedLogins, Id, LockedUntil};
    // The end of the lock the attempt reaching the limit sets.
    let until = lock_after(MAX_FAILURES, now);
    let reaches_limit = || Expr::col(FailedLogins).add(1).gte(MAX_FAILURES);
    let rows = accounts::Entity::update_many()
        .col_expr(
            FailedLogins,
            Expr::case(reaches_limit(), 0)
                .finally(Expr::col(FailedLogins).add(1))
                .into(),
        )
        .col_expr(
            LockedUntil,
            Expr::case(reaches_limit(), Expr::value(until))
                .finally(Expr::col(LockedUntil))
                .into(),
        )
        .filter(Id.eq(account_id))
        .filter(
            Condition::any()
                .add(LockedUntil.is_null())
                .add(LockedUntil.lte(now)),
        )
        .exec_with_returning(db)
        .await?;
    Ok(rows.into_iter().next())
}

/// The failed attempt in the audit log: who (if known), why, from where.
async fn failure(
    txn: &impl ConnectionTrait,
    account: Option<&accounts::Model>,
    reason: &str,
    attempt: &Attempt<'_>,
) -> Result<(), AppError> {
    tracing::info!(account_id = account.map(|a| a.id), reason, "failed login");
    let actor = match account.and_then(|a| Some((a.id, a.role()?))) {
        Some((id, role)) => Actor::account(id, role, attempt.client_ip),
        None => Actor::anonymous(attempt.client_ip),
    };
    let place = Place {
        ats_id: account.and_then(|a| a.ats_id),
        istituto_id: account.and_then(|a| a.istituto_id),
    };
    let changes = serde_json::json!({ "motivo": reason });
    let entity_id = account.map(|a| i64::from(a.id));
    let change = Change::new("login_failed", "accounts", entity_id, changes);
    actor.record_at(txn, place, change).await?;
    Ok(())
}
