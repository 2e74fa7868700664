//! The queue's operations (server only). Every change of a running job is
//! conditional on its [`Lease`] (owner and attempt), so an instance whose
//! lease ran out and was taken over can no longer write to the job.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::JobState;
use super::entity::{self as jobs, Column, Entity};

/// Claims per job unless its kind says otherwise: a job interrupted this
/// often (crashes, lost leases, transient errors) is failed, not retried.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 3;

/// Message of a job given up after too many interrupted runs.
pub const TOO_MANY_ATTEMPTS: &str =
    "Il lavoro è stato interrotto troppe volte e non è stato completato: riprovare.";

/// A job to put in the queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    pub created_by: Option<i32>,
    /// Not before this instant (now for immediate work).
    pub run_at: DateTime<Utc>,
    /// Scheduled jobs: with the kind, inserted once (see [`schedule`]).
    pub dedupe_key: Option<String>,
    pub max_attempts: i32,
}

impl NewJob {
    /// Immediate work with the default attempts.
    pub fn now(kind: &str, payload: serde_json::Value, at: DateTime<Utc>) -> Self {
        NewJob {
            kind: kind.to_owned(),
            payload,
            created_by: None,
            run_at: at,
            dedupe_key: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// The right to change a claimed job: who holds it and for which attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub job_id: i32,
    pub owner: String,
    pub attempt: i32,
}

fn active_model(job: NewJob, now: DateTime<Utc>) -> jobs::ActiveModel {
    jobs::ActiveModel {
        kind: Set(job.kind),
        payload: Set(job.payload.to_string()),
        state: Set(JobState::Queued.key().to_owned()),
        progress_done: Set(0),
        progress_total: Set(0),
        message: Set(String::new()),
        result: Set(None),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts.max(1)),
        lease_owner: Set(None),
        lease_until: Set(None),
        run_at: Set(job.run_at),
        dedupe_key: Set(job.dedupe_key),
        created_by: Set(job.created_by),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
}

/// Puts a job in the queue; its id. Takes a connection or a transaction, so
/// a job can be enqueued together with the write that asks for it.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let inserted = Entity::insert(active_model(job, now)).exec(db).await?;
    Ok(inserted.last_insert_id)
}

/// Puts a scheduled job in the queue unless one with its kind and
/// `dedupe_key` exists (inserted by this or another instance). Whether it
/// was inserted now.
pub async fn schedule(
    db: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if job.dedupe_key.is_none() {
        return Err(DbErr::Custom("a scheduled job needs a dedupe key".into()));
    }
    let rows = Entity::insert(active_model(job, now))
        .on_conflict(
            OnConflict::columns([Column::Kind, Column::DedupeKey])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(rows == 1)
}

/// Claims one job that is due (queued, `run_at` passed) or abandoned
/// (running, lease expired) for `owner` until `now + lease`.
///
/// Atomic on both backends: the update is a compare-and-set on the attempt
/// counter the candidate was read with, so of several claimers of one row
/// exactly one sees `rows_affected == 1`. On PostgreSQL the scan also skips
/// rows another claimer holds locked (`FOR UPDATE SKIP LOCKED`); on SQLite
/// the write transaction serialises claimers.
pub async fn claim(
    db: &DatabaseConnection,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<(jobs::Model, Lease)>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let candidates = Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(Column::State.eq(JobState::Queued.key()))
                        .add(Column::RunAt.lte(now)),
                )
                .add(
                    Condition::all()
                        .add(Column::State.eq(JobState::Running.key()))
                        .add(Column::LeaseUntil.lt(now)),
                ),
        )
        .order_by_asc(Column::RunAt)
        .order_by_asc(Column::Id)
        .limit(8)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    for job in candidates {
        if job.attempts >= job.max_attempts {
            // Interrupted too often: give it up instead of running it again.
            Entity::update_many()
                .col_expr(Column::State, Expr::value(JobState::Failed.key()))
                .col_expr(Column::Message, Expr::value(TOO_MANY_ATTEMPTS))
                .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
                .col_expr(Column::FinishedAt, Expr::value(now))
                .col_expr(Column::UpdatedAt, Expr::value(now))
                .filter(Column::Id.eq(job.id))
                .filter(Column::Attempts.eq(job.attempts))
                .filter(Column::State.eq(job.state.clone()))
                .exec(&txn)
                .await?;
            continue;
        }
        let attempt = job.attempts + 1;
        let until = now + lease;
        let updated = Entity::update_many()
            .col_expr(Column::State, Expr::value(JobState::Running.key()))
            .col_expr(Column::LeaseOwner, Expr::value(owner))
            .col_expr(Column::LeaseUntil, Expr::value(until))
            .col_expr(Column::Attempts, Expr::value(attempt))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(job.id))
            .filter(Column::Attempts.eq(job.attempts))
            .filter(Column::State.eq(job.state.clone()))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 1 {
            txn.commit().await?;
            let claimed = jobs::Model {
                state: JobState::Running.key().to_owned(),
                lease_owner: Some(owner.to_owned()),
                lease_until: Some(until),
                attempts: attempt,
                updated_at: now,
                ..job
            };
            let lease = Lease {
                job_id: claimed.id,
                owner: owner.to_owned(),
                attempt,
            };
            return Ok(Some((claimed, lease)));
        }
    }
    txn.commit().await?;
    Ok(None)
}

/// The rows of the job `lease` holds, still held.
fn held(lease: &Lease) -> Condition {
    Condition::all()
        .add(Column::Id.eq(lease.job_id))
        .add(Column::State.eq(JobState::Running.key()))
        .add(Column::LeaseOwner.eq(lease.owner.as_str()))
        .add(Column::Attempts.eq(lease.attempt))
}

/// Extends the lease to `now + lease_for`; false when it was lost (expired
/// and taken over), so the holder stops.
pub async fn heartbeat(
    db: &impl ConnectionTrait,
    lease: &Lease,
    now: DateTime<Utc>,
    lease_for: Duration,
) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(now + lease_for))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(held(lease))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records progress (`done` of `total`, a short Italian phase message).
pub async fn progress(
    db: &impl ConnectionTrait,
    lease: &Lease,
    done: i64,
    total: i64,
    message: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::ProgressDone, Expr::value(done))
        .col_expr(Column::ProgressTotal, Expr::value(total))
        .col_expr(Column::Message, Expr::value(short(message)))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(held(lease))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks the job done with its result.
pub async fn finish(
    db: &impl ConnectionTrait,
    lease: &Lease,
    result: &serde_json::Value,
    message: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::State, Expr::value(JobState::Done.key()))
        // Done means all of it, whatever the handler last reported.
        .col_expr(Column::ProgressDone, Expr::col(Column::ProgressTotal))
        .col_expr(Column::Result, Expr::value(result.to_string()))
        .col_expr(Column::Message, Expr::value(short(message)))
        .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(
            Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::FinishedAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(held(lease))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Ends a run that did not succeed: `retry_at` puts the job back in the
/// queue (while attempts remain), else it is failed with `message`.
pub async fn fail(
    db: &impl ConnectionTrait,
    lease: &Lease,
    message: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(job) = Entity::find_by_id(lease.job_id).one(db).await? else {
        return Ok(false);
    };
    let retry = retry_at.filter(|_| job.attempts < job.max_attempts);
    let mut update = Entity::update_many()
        .col_expr(Column::Message, Expr::value(short(message)))
        .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(
            Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::UpdatedAt, Expr::value(now));
    update = match retry {
        Some(at) => update
            .col_expr(Column::State, Expr::value(JobState::Queued.key()))
            .col_expr(Column::RunAt, Expr::value(at)),
        None => update
            .col_expr(Column::State, Expr::value(JobState::Failed.key()))
            .col_expr(Column::FinishedAt, Expr::value(now)),
    };
    let res = update.filter(held(lease)).exec(db).await?;
    Ok(res.rows_affected == 1)
}

/// The job with `id`, if any.
pub async fn status(db: &impl ConnectionTrait, id: i32) -> Result<Option<jobs::Model>, DbErr> {
    Entity::find_by_id(id).one(db).await
}

/// Messages fit the column (500 characters), cut on a character boundary.
fn short(message: &str) -> String {
    message.chars().take(500).collect()
}
