//! The worker every serving instance runs: claims due jobs, runs the
//! handler registered for their kind, renews the lease while it runs, and
//! records the outcome. Instances share nothing but the database.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use serde::de::DeserializeOwned;

use super::entity::Model;
use super::store::{self, Lease, NewJob};
use crate::state::Now;

/// Why a run did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// The input cannot be processed (a file without the needed columns):
    /// final, and the Italian message is what the page shows.
    #[error("{0}")]
    Refused(String),
    /// Something that may pass (the database was busy): retried while
    /// attempts remain. Details are logged, not shown.
    #[error("errore temporaneo")]
    Transient,
}

impl From<DbErr> for JobError {
    fn from(err: DbErr) -> Self {
        tracing::error!(error = %err, "database error in a job");
        JobError::Transient
    }
}

/// Message of a job given up after a transient error.
pub const TRANSIENT_FAILED: &str =
    "Errore interno del portale durante l'elaborazione: riprovare tra qualche minuto.";

/// What a handler gets: the database, its job, and a way to report progress.
pub struct JobContext {
    pub db: DatabaseConnection,
    pub job: Model,
    lease: Lease,
    now: Arc<dyn Now + Send + Sync>,
}

impl JobContext {
    /// The payload as the handler's input type.
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, JobError> {
        serde_json::from_str(&self.job.payload).map_err(|_| {
            tracing::error!(
                job = self.job.id,
                kind = self.job.kind,
                "unreadable payload"
            );
            JobError::Refused("Dati del lavoro illeggibili: ripetere l'operazione.".into())
        })
    }

    /// Records progress; a lost lease stops the handler (another instance
    /// has taken the job over).
    pub async fn progress(&self, done: i64, total: i64, message: &str) -> Result<(), JobError> {
        let now = self.now.now();
        if store::progress(&self.db, &self.lease, done, total, message, now).await? {
            Ok(())
        } else {
            Err(JobError::Transient)
        }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.now.now()
    }
}

pub type JobFuture = Pin<Box<dyn Future<Output = Result<serde_json::Value, JobError>> + Send>>;
pub type Handler = Arc<dyn Fn(JobContext) -> JobFuture + Send + Sync>;
/// The occurrences of a scheduled job due around `now` (e.g. "the
/// reminder of day D"), each with its dedupe key.
pub type Planner = Arc<dyn Fn(DateTime<Utc>) -> Vec<NewJob> + Send + Sync>;

/// The handler of each job kind, and the schedules, registered by the
/// modules that own them.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
    planners: Vec<Planner>,
}

impl Registry {
    pub fn with<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(JobContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<serde_json::Value, JobError>> + Send + 'static,
    {
        self.handlers
            .insert(kind, Arc::new(move |ctx| Box::pin(handler(ctx))));
        self
    }

    /// A schedule: every worker asks it now and then for the occurrences
    /// due and inserts them once (their dedupe key), however many
    /// instances ask. Schedules live in the database, not in one process.
    pub fn every<F>(mut self, planner: F) -> Self
    where
        F: Fn(DateTime<Utc>) -> Vec<NewJob> + Send + Sync + 'static,
    {
        self.planners.push(Arc::new(planner));
        self
    }

    fn get(&self, kind: &str) -> Option<Handler> {
        self.handlers.get(kind).cloned()
    }
}

/// Message of a job whose kind this version does not know.
pub const UNKNOWN_KIND: &str = "Tipo di lavoro sconosciuto a questa versione del portale.";

/// Timing of a worker.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Wait between scans when the queue is empty.
    pub poll: StdDuration,
    /// How long a claim holds without a heartbeat.
    pub lease: Duration,
    /// Wait before a transient failure is retried.
    pub retry_after: Duration,
    /// Interval of the schedules and the housekeeping ([`Worker::plan`]).
    pub plan_every: StdDuration,
}

/// Uploads older than this are forgotten by the housekeeping.
pub const UPLOAD_RETENTION: Duration = Duration::days(1);

impl Default for Timing {
    fn default() -> Self {
        Timing {
            poll: StdDuration::from_secs(2),
            lease: Duration::seconds(60),
            retry_after: Duration::seconds(30),
            plan_every: StdDuration::from_secs(60),
        }
    }
}

/// One instance's worker.
#[derive(Clone)]
pub struct Worker {
    pub db: DatabaseConnection,
    pub registry: Arc<Registry>,
    /// This instance's name in leases (random per process).
    pub owner: String,
    pub now: Arc<dyn Now + Send + Sync>,
    pub timing: Timing,
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        registry: Registry,
        now: Arc<dyn Now + Send + Sync>,
    ) -> Self {
        Worker {
            db,
            registry: Arc::new(registry),
            owner: format!("w-{}", &crate::identity::sessions::random_token()[..12]),
            now,
            timing: Timing::default(),
        }
    }

    /// Claims and runs one job; its id, or None when nothing is due.
    pub async fn run_once(&self) -> Result<Option<i32>, DbErr> {
        let now = self.now.now();
        let Some((job, lease)) =
            store::claim(&self.db, &self.owner, now, self.timing.lease).await?
        else {
            return Ok(None);
        };
        let id = job.id;
        tracing::info!(
            job = id,
            kind = job.kind,
            attempt = lease.attempt,
            "job claimed"
        );
        let Some(handler) = self.registry.get(&job.kind) else {
            tracing::error!(job = id, kind = job.kind, "no handler for the job's kind");
            store::fail(&self.db, &lease, UNKNOWN_KIND, None, self.now.now()).await?;
            return Ok(Some(id));
        };
        let ctx = JobContext {
            db: self.db.clone(),
            job,
            lease: lease.clone(),
            now: self.now.clone(),
        };
        let beat = tokio::spawn(keep_alive(self.clone(), lease.clone()));
        // Its own task: a panicking handler fails its job, not the worker.
        let outcome = tokio::spawn(handler(ctx)).await;
        beat.abort();
        let now = self.now.now();
        match outcome {
            Ok(Ok(result)) => {
                if store::finish(&self.db, &lease, &result, "Completato.", now).await? {
                    tracing::info!(job = id, "job done");
                } else {
                    // Its lease ran out meanwhile: the instance that took the
                    // job over records the outcome of its own run.
                    tracing::warn!(job = id, "job done after its lease was lost");
                }
            }
            Ok(Err(JobError::Refused(message))) => {
                store::fail(&self.db, &lease, &message, None, now).await?;
                tracing::info!(job = id, "job refused its input");
            }
            Ok(Err(JobError::Transient)) | Err(_) => {
                let retry = Some(now + self.timing.retry_after);
                store::fail(&self.db, &lease, TRANSIENT_FAILED, retry, now).await?;
                tracing::warn!(job = id, "job failed, retried while attempts remain");
            }
        }
        Ok(Some(id))
    }

    /// Inserts the occurrences the schedules name (once each, whoever asks)
    /// and forgets stale uploads. How many jobs were inserted.
    pub async fn plan(&self) -> Result<usize, DbErr> {
        let now = self.now.now();
        let mut inserted = 0;
        for planner in &self.registry.planners {
            for job in planner(now) {
                if job.dedupe_key.is_none() {
                    tracing::error!(
                        kind = job.kind,
                        "scheduled job without a dedupe key skipped"
                    );
                    continue;
                }
                inserted += usize::from(store::schedule(&self.db, job, now).await?);
            }
        }
        let pruned = super::uploads::prune(&self.db, now - UPLOAD_RETENTION).await?;
        if pruned > 0 {
            tracing::info!(pruned, "stale uploads forgotten");
        }
        Ok(inserted)
    }

    /// Runs jobs until `stop` turns true; the job in hand is finished first
    /// (a job cut off by a hard stop is resumed elsewhere once its lease ends).
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        tracing::info!(owner = self.owner, "job worker started");
        let mut next_plan = tokio::time::Instant::now();
        while !*stop.borrow() {
            if tokio::time::Instant::now() >= next_plan {
                if let Err(err) = self.plan().await {
                    tracing::error!(error = %err, "job schedules: database error");
                }
                next_plan = tokio::time::Instant::now() + self.timing.plan_every;
            }
            let idle = match self.run_once().await {
                Ok(Some(_)) => false,
                Ok(None) => true,
                Err(err) => {
                    tracing::error!(error = %err, "job worker: database error");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(self.timing.poll) => {}
                    // A job queued on this instance starts at once; other
                    // instances find it at their next scan.
                    _ = wakeup().notified() => {}
                    // A dropped sender stops the worker too.
                    changed = stop.changed() => if changed.is_err() { break },
                }
            }
        }
        tracing::info!(owner = self.owner, "job worker stopped");
    }
}

/// The local workers' bell.
fn wakeup() -> &'static tokio::sync::Notify {
    static BELL: std::sync::OnceLock<tokio::sync::Notify> = std::sync::OnceLock::new();
    BELL.get_or_init(tokio::sync::Notify::new)
}

/// Tells this instance's idle worker a job was just queued (call after the
/// enqueuing transaction has committed), so it need not wait for its next
/// scan: an upload's check starts within milliseconds.
pub fn wake() {
    // One worker per instance: a permit is kept if it is not waiting yet.
    wakeup().notify_one();
}

/// Renews the lease at a third of its length while the handler runs.
async fn keep_alive(worker: Worker, lease: Lease) {
    let every = (worker.timing.lease / 3)
        .to_std()
        .unwrap_or(StdDuration::from_secs(20));
    loop {
        tokio::time::sleep(every).await;
        let now = worker.now.now();
        match store::heartbeat(&worker.db, &lease, now, worker.timing.lease).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(
                    job = lease.job_id,
                    "lease lost: another instance took the job"
                );
                return;
            }
            // A busy database: try again at the next beat.
            Err(err) => tracing::warn!(error = %err, "lease renewal failed"),
        }
    }
}
