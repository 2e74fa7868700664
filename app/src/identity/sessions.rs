//! Login sessions in the database (server only): start, resolve on every
//! request, end. The cookie holds 32 random bytes; the table holds their
//! SHA-256, so neither a database copy nor a log line lets anyone in.

use axum::http::HeaderValue;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::RngCore as _;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use sha2::{Digest, Sha256};

use super::Identity;
use super::audit::{Actor, Change};
use super::entity::{accounts, sessions};
use super::expiry::{SessionCheck, absolute_end, check_session};
use crate::error::AppError;

/// Name of the session cookie.
pub const COOKIE: &str = "portale_sessione";

/// A session just created: what the login response must send.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// `Set-Cookie` value (HttpOnly, SameSite=Lax, Path=/; the middleware
    /// adds Secure when the request came over https).
    pub cookie: HeaderValue,
    pub session_id: i32,
    /// The raw token (tests build their own Cookie header with it).
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// A valid session, resolved from a request's cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSession {
    pub session_id: i32,
    pub identity: Identity,
    pub csrf_token: String,
}

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256 of a token: what the table stores.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session for an account after a verified login (password here,
/// SPID/CIE in the OIDC module), and records the login in the audit log in
/// the same transaction.
pub async fn start_session(
    db: &DatabaseConnection,
    account_id: i32,
    client_ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let account = accounts::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .filter(|a| a.active)
        .ok_or(AppError::LoginFailed)?;
    let new = start_session_in(&txn, &account, client_ip, now, "esterno", None).await?;
    txn.commit().await?;
    Ok(new)
}

/// [`start_session`] inside the caller's transaction. `replaces` is the
/// session the request came with, deleted so a login always rotates the id.
pub async fn start_session_in(
    txn: &impl ConnectionTrait,
    account: &accounts::Model,
    client_ip: Option<String>,
    now: DateTime<Utc>,
    method: &str,
    replaces: Option<i32>,
) -> Result<NewSession, AppError> {
    let identity = account.identity().ok_or_else(|| {
        tracing::error!(account_id = account.id, "account with an unknown role");
        AppError::LoginFailed
    })?;
    if let Some(old) = replaces {
        sessions::Entity::delete_by_id(old).exec(txn).await?;
    }
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = absolute_end(now);
    let row = sessions::ActiveModel {
        token_hash: Set(token_hash(&token)),
        account_id: Set(account.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
        csrf_token: Set(csrf_token.clone()),
        client_ip: Set(client_ip.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let changes = serde_json::json!({ "metodo": method });
    Actor::person(&identity, client_ip.as_deref())
        .record(
            txn,
            Change::new("login", "sessions", Some(i64::from(row.id)), changes),
        )
        .await?;
    let cookie = HeaderValue::from_str(&format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}",
        super::expiry::ABSOLUTE_HOURS * 3600
    ))
    .map_err(|_| AppError::Internal)?;
    Ok(NewSession {
        cookie,
        session_id: row.id,
        token,
        csrf_token,
        expires_at,
    })
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("portale_sessione=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0")
}

/// The session of `token`, if valid at `now`. Expired sessions are deleted;
/// `last_seen_at` is written at most once a minute.
pub async fn resolve(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<ActiveSession>, AppError> {
    let found = sessions::Entity::find()
        .filter(sessions::Column::TokenHash.eq(token_hash(token)))
        .find_also_related(accounts::Entity)
        .one(db)
        .await?;
    let Some((session, Some(account))) = found else {
        return Ok(None);
    };
    let identity = match account.identity() {
        Some(identity) if account.active => identity,
        _ => {
            sessions::Entity::delete_by_id(session.id).exec(db).await?;
            return Ok(None);
        }
    };
    match check_session(session.last_seen_at, session.expires_at, now) {
        SessionCheck::Idle | SessionCheck::Expired => {
            sessions::Entity::delete_by_id(session.id).exec(db).await?;
            return Ok(None);
        }
        SessionCheck::Valid { touch: true } => {
            sessions::Entity::update_many()
                .col_expr(
                    sessions::Column::LastSeenAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(sessions::Column::Id.eq(session.id))
                .exec(db)
                .await?;
        }
        SessionCheck::Valid { touch: false } => {}
    }
    Ok(Some(ActiveSession {
        session_id: session.id,
        identity,
        csrf_token: session.csrf_token,
    }))
}

/// Ends a session (logout).
pub async fn end_session(txn: &impl ConnectionTrait, session_id: i32) -> Result<(), AppError> {
    sessions::Entity::delete_by_id(session_id).exec(txn).await?;
    Ok(())
}

/// The active account with this codice fiscale (SPID/CIE logins).
pub async fn account_by_codice_fiscale(
    db: &DatabaseConnection,
    cf: &str,
) -> Result<Option<accounts::Model>, AppError> {
    let cf = cf.trim().to_uppercase();
    Ok(accounts::Entity::find()
        .filter(accounts::Column::CodiceFiscale.eq(cf))
        .filter(accounts::Column::Active.eq(true))
        .one(db)
        .await?)
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    super::cookies::cookie_in(header, COOKIE)
}
