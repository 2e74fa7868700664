//! Logins in progress, in table `oidc_pending` (migration
//! `m20261124_000004_oidc`): what the callback needs to finish a login that
//! possibly another instance began. A row is found by the SHA-256 of the
//! `state`, lives ten minutes and is deleted when used, so a state works once.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr};
use sha2::{Digest, Sha256};

/// How long a person has to complete the login at the provider.
pub const PENDING_TTL_MINUTES: i64 = 10;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oidc_pending")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub state_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What the callback needs from the start of the login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub nonce: String,
    pub pkce_verifier: String,
    /// Local path to land on after the login.
    pub return_to: String,
}

/// Outcome of [`take`] when no login can be finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeMiss {
    /// Never issued, already used, or purged.
    Unknown,
    /// Issued more than [`PENDING_TTL_MINUTES`] ago (and now deleted).
    Expired,
}

/// The key a state is stored under: the database never holds the state
/// itself, so reading the table does not let anyone finish a login.
pub fn state_hash(state: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(state.as_bytes()))
}

/// Records a login that starts now, and purges the expired ones.
pub async fn save(
    db: &DatabaseConnection,
    state: &str,
    login: &PendingLogin,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    ActiveModel {
        state_hash: Set(state_hash(state)),
        nonce: Set(login.nonce.clone()),
        pkce_verifier: Set(login.pkce_verifier.clone()),
        return_to: Set(login.return_to.clone()),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(PENDING_TTL_MINUTES)),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Removes and returns the login for `state`. Of two concurrent callbacks
/// with the same state only the one whose delete removes the row wins.
pub async fn take(
    db: &DatabaseConnection,
    state: &str,
    now: DateTime<Utc>,
) -> Result<Result<PendingLogin, TakeMiss>, DbErr> {
    let key = state_hash(state);
    let Some(row) = Entity::find_by_id(key.clone()).one(db).await? else {
        return Ok(Err(TakeMiss::Unknown));
    };
    let deleted = Entity::delete_by_id(key).exec(db).await?;
    if deleted.rows_affected != 1 {
        return Ok(Err(TakeMiss::Unknown));
    }
    if row.expires_at <= now {
        return Ok(Err(TakeMiss::Expired));
    }
    Ok(Ok(PendingLogin {
        nonce: row.nonce,
        pkce_verifier: row.pkce_verifier,
        return_to: row.return_to,
    }))
}
