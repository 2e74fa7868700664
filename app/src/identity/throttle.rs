//! Per-client rate limits (server only): fixed-window counters in the
//! database, so every instance behind a load balancer counts together. The
//! client's address is stored only as a short hash.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// How many requests of one kind one address may make per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The kind, first part of the bucket key.
    pub name: &'static str,
    pub max: i32,
    pub window_secs: i64,
}

/// Failed password logins: far above what one office mistypes, far below a
/// brute force. A login that succeeds is given back.
pub const LOGIN: Limit = Limit {
    name: "accesso",
    max: 20,
    window_secs: 60,
};

/// Starts of a SPID / CIE login (each writes a pending row).
pub const SPID_START: Limit = Limit {
    name: "spid",
    max: 30,
    window_secs: 60,
};

/// Public registration requests stored (a form refused for its fields is
/// given back).
pub const REGISTRATION: Limit = Limit {
    name: "registrazione",
    max: 10,
    window_secs: 3600,
};

/// New passwords set by an administrator.
pub const PASSWORD_RESET: Limit = Limit {
    name: "nuova-password",
    max: 10,
    window_secs: 600,
};

/// Windows older than this are deleted when a new window opens.
const KEEP_SECS: i64 = 24 * 3600;

/// A counted request, which can be given back ([`refund`]) when its outcome
/// turns out not to be the kind the limit is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    bucket: String,
    window: i64,
}

/// Counts one request of `limit`'s kind from `client_ip`; `TooManyRequests`
/// (with the seconds to the window's end) once the limit is passed. Counted
/// before the work, so a burst of concurrent requests is bounded too.
pub async fn hit(
    db: &impl ConnectionTrait,
    limit: Limit,
    client_ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Hit, AppError> {
    let window_secs = Ord::max(limit.window_secs, 1);
    let window = now.timestamp().div_euclid(window_secs) * window_secs;
    let bucket = format!("{}:{}", limit.name, address_key(client_ip));
    let hits = count(db, &bucket, window).await?;
    if hits == 1 {
        prune(db, window - KEEP_SECS).await?;
    }
    if hits > limit.max {
        return Err(too_many(limit, window, window_secs, now));
    }
    Ok(Hit { bucket, window })
}

/// Gives a counted request back (a login that succeeded, a form refused
/// for its fields): it no longer weighs on the limit.
pub async fn refund(db: &impl ConnectionTrait, hit: &Hit) -> Result<(), DbErr> {
    let hits = Alias::new("hits");
    let stmt = Query::update()
        .table(Alias::new("rate_limits"))
        .value(hits.clone(), Expr::col(hits.clone()).sub(1))
        .and_where(Expr::col(Alias::new("bucket")).eq(hit.bucket.as_str()))
        .and_where(Expr::col(Alias::new("window_start")).eq(hit.window))
        .and_where(Expr::col(hits).gt(0))
        .to_owned();
    let statement = db.get_database_backend().build(&stmt);
    db.execute_raw(statement).await?;
    Ok(())
}

fn too_many(limit: Limit, window: i64, window_secs: i64, now: DateTime<Utc>) -> AppError {
    let retry = (window + window_secs - now.timestamp()).clamp(1, window_secs);
    tracing::warn!(kind = limit.name, "rate limit reached (429)");
    AppError::TooManyRequests {
        retry_after_secs: u32::try_from(retry).unwrap_or(60),
    }
}

/// A short hash of the address: enough to tell clients apart, not to
/// recover the address.
fn address_key(client_ip: Option<&str>) -> String {
    let digest = Sha256::digest(client_ip.unwrap_or("sconosciuto").as_bytes());
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// One more hit in the bucket's window, in one upsert; the new count.
async fn count(db: &impl ConnectionTrait, bucket: &str, window: i64) -> Result<i32, DbErr> {
    let table = Alias::new("rate_limits");
    let hits = Alias::new("hits");
    let stmt = Query::insert()
        .into_table(table.clone())
        .columns([
            Alias::new("bucket"),
            Alias::new("window_start"),
            hits.clone(),
        ])
        .values([bucket.into(), window.into(), 1.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::columns([Alias::new("bucket"), Alias::new("window_start")])
                .value(hits.clone(), Expr::col((table, hits.clone())).add(1))
                .to_owned(),
        )
        .returning_col(hits)
        .to_owned();
    let statement = db.get_database_backend().build(&stmt);
    let row = db.query_one_raw(statement).await?;
    Ok(row
        .and_then(|r| r.try_get_by_index::<i32>(0).ok())
        .unwrap_or(i32::MAX))
}

async fn prune(db: &impl ConnectionTrait, before: i64) -> Result<(), DbErr> {
    let stmt = Query::delete()
        .from_table(Alias::new("rate_limits"))
        .and_where(Expr::col(Alias::new("window_start")).lt(before))
        .to_owned();
    let statement = db.get_database_backend().build(&stmt);
    db.execute_raw(statement).await?;
    Ok(())
}
