//! Password authentication against the accounts table (server only).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

use super::audit::{self, AuditEntry};
use super::entity::accounts;
use super::lockout::{is_locked, lock_after};
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
/// `LoginFailed` for anything else. The password is verified (or a dummy
/// hash, for unknown users) in every case, so timing tells nothing either.
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
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let password_ok = if oversized {
        false
    } else {
        password::verify(attempt.password.to_owned(), stored).await
    };

    let txn = db.begin().await?;
    let Some(account) = account else {
        // Unknown usernames are not stored: users type passwords there too.
        failure(&txn, None, "utente sconosciuto", &attempt).await?;
        txn.commit().await?;
        return Err(AppError::LoginFailed);
    };
    if !account.active {
        failure(&txn, Some(&account), "account disattivato", &attempt).await?;
        txn.commit().await?;
        return Err(AppError::LoginFailed);
    }
    if is_locked(account.locked_until, attempt.now) {
        failure(&txn, Some(&account), "account bloccato", &attempt).await?;
        txn.commit().await?;
        return Err(AppError::LoginFailed);
    }
    if !password_ok {
        count_failure(&txn, account.id, attempt.now).await?;
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

/// One more consecutive failure, atomically in the row (several instances
/// may count at once); the fifth locks the account and restarts the count.
async fn count_failure(
    txn: &impl ConnectionTrait,
    account_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    accounts::Entity::update_many()
        .col_expr(
            accounts::Column::FailedLogins,
            Expr::col(accounts::Column::FailedLogins).add(1),
        )
        .filter(accounts::Column::Id.eq(account_id))
        .exec(txn)
        .await?;
    let failures = accounts::Entity::find_by_id(account_id)
        .one(txn)
        .await?
        .map(|a| a.failed_logins)
        .unwrap_or_default();
    if let Some(until) = lock_after(failures, now) {
        accounts::Entity::update_many()
            .col_expr(accounts::Column::LockedUntil, Expr::value(Some(until)))
            .col_expr(accounts::Column::FailedLogins, Expr::value(0))
            .filter(accounts::Column::Id.eq(account_id))
            .exec(txn)
            .await?;
        tracing::warn!(account_id, "account locked after repeated failed logins");
    }
    Ok(())
}

/// The failed attempt in the audit log: who (if known), why, from where.
async fn failure(
    txn: &impl ConnectionTrait,
    account: Option<&accounts::Model>,
    reason: &str,
    attempt: &Attempt<'_>,
) -> Result<(), AppError> {
    tracing::info!(account_id = account.map(|a| a.id), reason, "failed login");
    audit::record_entry(
        txn,
        AuditEntry {
            actor_account_id: account.map(|a| a.id),
            actor_role: account.map(|a| a.role.as_str()),
            on_behalf_of_account_id: None,
            action: "login_failed",
            entity: "accounts",
            entity_id: account.map(|a| i64::from(a.id)),
            changes: serde_json::json!({ "motivo": reason }),
            client_ip: attempt.client_ip,
            ats_id: account.and_then(|a| a.ats_id),
            istituto_id: account.and_then(|a| a.istituto_id),
        },
    )
    .await?;
    Ok(())
}
