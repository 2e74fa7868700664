//! The job queue on both databases: claims are exclusive under racing
//! workers, an expired lease is taken over, attempts are bounded, progress
//! is readable, a scheduled job is inserted once, and the worker runs the
//! handlers of its registry.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use app::jobs::JobState;
use app::jobs::store::{self, NewJob};
use app::jobs::worker::{JobError, Registry, UNKNOWN_KIND, Worker};
use app::state::{Now, SystemNow};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

async fn fresh(db: &common::TestDb) -> DatabaseConnection {
    server::db::connect_and_migrate(&db.url).await.unwrap()
}

const LEASE: Duration = Duration::seconds(60);

#[tokio::test]
async fn racing_workers_claim_each_job_exactly_once() {
    for db in common::all_backends().await {
        let conn = fresh(&db).await;
        let now = Utc::now();
        let mut ids = BTreeSet::new();
        for n in 0..40 {
            let job = NewJob::now("race", serde_json::json!({ "n": n }), now);
            ids.insert(store::enqueue(&conn, job, now).await.unwrap());
        }
        let mut workers = Vec::new();
        for w in 0..5 {
            let conn = conn.clone();
            workers.push(tokio::spawn(async move {
                let owner = format!("worker-{w}");
                let mut mine = Vec::new();
                while let Some((job, lease)) = store::claim(&conn, &owner, Utc::now(), LEASE)
                    .await
                    .unwrap()
                {
                    mine.push(job.id);
                    let done = store::finish(&conn, &lease, &serde_json::json!(w), "", Utc::now())
                        .await
                        .unwrap();
                    assert!(done, "the claimer finishes its own job");
                }
                mine
            }));
        }
        let mut claimed = Vec::new();
        for w in workers {
            claimed.extend(w.await.unwrap());
        }
        let unique: BTreeSet<i32> = claimed.iter().copied().collect();
        assert_eq!(claimed.len(), 40, "{}: a job ran twice", db.label);
        assert_eq!(unique, ids, "{}: every job ran", db.label);
        let done = app::jobs::entity::Entity::find()
            .filter(app::jobs::entity::Column::State.eq("done"))
            .filter(app::jobs::entity::Column::Attempts.eq(1))
            .count(&conn)
            .await
            .unwrap();
        assert_eq!(done, 40, "{}", db.label);
        // A finished job's progress is complete.
        let mut job = NewJob::now("race", serde_json::json!({}), now);
        job.run_at = now - Duration::seconds(1);
        let id = store::enqueue(&conn, job, now).await.unwrap();
        let (_, lease) = store::claim(&conn, "w", Utc::now(), LEASE)
            .await
            .unwrap()
            .unwrap();
        store::progress(&conn, &lease, 3, 10, "", Utc::now())
            .await
            .unwrap();
        store::finish(&conn, &lease, &serde_json::json!(null), "", Utc::now())
            .await
            .unwrap();
        let row = store::status(&conn, id).await.unwrap().unwrap();
        assert_eq!((row.progress_done, row.progress_total), (10, 10));
    }
}

#[tokio::test]
async fn an_expired_lease_is_taken_over_and_attempts_are_bounded() {
    for db in common::all_backends().await {
        let conn = fresh(&db).await;
        let t0 = Utc::now();
        let mut job = NewJob::now("lease", serde_json::json!({}), t0);
        job.max_attempts = 2;
        let id = store::enqueue(&conn, job, t0).await.unwrap();
        let (_, first) = store::claim(&conn, "a", t0, LEASE).await.unwrap().unwrap();
        // Held: nobody else gets it, and the holder's heartbeat extends it.
        assert!(
            store::claim(&conn, "b", t0 + Duration::seconds(30), LEASE)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store::heartbeat(&conn, &first, t0 + Duration::seconds(30), LEASE)
                .await
                .unwrap()
        );
        assert!(
            store::claim(&conn, "b", t0 + Duration::seconds(80), LEASE)
                .await
                .unwrap()
                .is_none(),
            "{}: the heartbeat extended the lease",
            db.label
        );
        // "a" dies; once its lease ends, "b" resumes the job.
        let later = t0 + Duration::seconds(91);
        let (resumed, second) = store::claim(&conn, "b", later, LEASE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((resumed.id, second.attempt), (id, 2), "{}", db.label);
        // The old holder can no longer write to it.
        assert!(!store::heartbeat(&conn, &first, later, LEASE).await.unwrap());
        assert!(
            !store::progress(&conn, &first, 1, 2, "x", later)
                .await
                .unwrap()
        );
        assert!(
            !store::finish(&conn, &first, &serde_json::json!(1), "", later)
                .await
                .unwrap()
        );
        // "b" dies too: two attempts were allowed, the job is given up.
        let end = later + Duration::seconds(61);
        assert!(
            store::claim(&conn, "c", end, LEASE)
                .await
                .unwrap()
                .is_none()
        );
        let row = store::status(&conn, id).await.unwrap().unwrap();
        assert_eq!(row.job_state(), JobState::Failed, "{}", db.label);
        assert_eq!(row.message, store::TOO_MANY_ATTEMPTS);
    }
}

#[tokio::test]
async fn progress_is_readable_by_its_owner_only() {
    use common::web::{call, get, session_for};
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let other = session_for(&state.db, "dirigente.demo", state.now()).await;
        let admin_id = app::identity::entity::accounts::Entity::find()
            .filter(app::identity::entity::accounts::Column::Username.eq("admin.demo"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let now = Utc::now();
        let mut job = NewJob::now("progress", serde_json::json!({}), now);
        job.created_by = Some(admin_id);
        let id = store::enqueue(&state.db, job, now).await.unwrap();
        let (_, lease) = store::claim(&state.db, "w", now, LEASE)
            .await
            .unwrap()
            .unwrap();
        assert!(
            store::progress(&state.db, &lease, 40, 120, "Salvataggio in corso.", now)
                .await
                .unwrap()
        );
        let url = format!("/api/lavori/stato?id={id}");
        let reply = call(&router, admin.apply(get(&url))).await;
        assert_eq!(reply.status, 200, "{}: {}", db.label, reply.body);
        let view = reply.json();
        assert_eq!(view["state"], "Running");
        assert_eq!(
            (view["done"].as_i64(), view["total"].as_i64()),
            (Some(40), Some(120))
        );
        assert_eq!(view["message"], "Salvataggio in corso.");
        // Someone else's job reads as no job at all.
        let reply = call(&router, other.apply(get(&url))).await;
        assert_eq!(reply.body, "null", "{}", db.label);
        let reply = call(&router, get(&url)).await;
        assert_eq!(reply.status, 401);
    }
}

#[tokio::test]
async fn a_scheduled_job_is_inserted_once() {
    for db in common::all_backends().await {
        let conn = fresh(&db).await;
        let now = Utc::now();
        let reminder = |day: &str| NewJob {
            dedupe_key: Some(format!("promemoria:{day}")),
            run_at: now + Duration::hours(2),
            ..NewJob::now("reminder", serde_json::json!({ "day": day }), now)
        };
        // Several instances schedule the same occurrence at once.
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let conn = conn.clone();
            let job = reminder("2026-11-26");
            tasks.push(tokio::spawn(async move {
                store::schedule(&conn, job, now).await.unwrap()
            }));
        }
        let mut inserted = 0;
        for t in tasks {
            inserted += usize::from(t.await.unwrap());
        }
        assert_eq!(inserted, 1, "{}", db.label);
        assert!(
            !store::schedule(&conn, reminder("2026-11-26"), now)
                .await
                .unwrap()
        );
        assert!(
            store::schedule(&conn, reminder("2026-11-27"), now)
                .await
                .unwrap()
        );
        let count = app::jobs::entity::Entity::find()
            .filter(app::jobs::entity::Column::Kind.eq("reminder"))
            .count(&conn)
            .await
            .unwrap();
        assert_eq!(count, 2, "{}", db.label);
        // Not due yet: nobody claims it before its time.
        assert!(
            store::claim(&conn, "w", now, LEASE)
                .await
                .unwrap()
                .is_none()
        );
        let due = store::claim(&conn, "w", now + Duration::hours(3), LEASE)
            .await
            .unwrap();
        assert!(due.is_some(), "{}", db.label);
    }
}

fn test_registry() -> Registry {
    Registry::default()
        .with("echo", |ctx| async move {
            ctx.progress(1, 1, "Eco.").await?;
            Ok(serde_json::from_str(&ctx.job.payload).unwrap_or_default())
        })
        .with("refuse", |_| async {
            Err(JobError::Refused(
                "Il file non ha le colonne richieste.".into(),
            ))
        })
        .with("flaky", |_| async { Err(JobError::Transient) })
        .with("panics", |_| async {
            let empty: Vec<u8> = Vec::new();
            // A handler bug must fail its job, not the worker.
            let _ = empty[usize::from(empty.is_empty())];
            Ok(serde_json::Value::Null)
        })
}

#[tokio::test]
async fn the_worker_runs_registered_handlers_and_fails_unknown_kinds() {
    for db in common::all_backends().await {
        let conn = fresh(&db).await;
        let now = Utc::now();
        let mut ids = Vec::new();
        for kind in ["echo", "refuse", "flaky", "panics", "nessuno"] {
            let job = NewJob::now(kind, serde_json::json!({ "kind": kind }), now);
            ids.push(store::enqueue(&conn, job, now).await.unwrap());
        }
        let worker = Worker::new(conn.clone(), test_registry(), Arc::new(SystemNow));
        let mut ran = 0;
        while worker.run_once().await.unwrap().is_some() {
            ran += 1;
        }
        assert_eq!(ran, 5, "{}", db.label);
        let row = |i: usize| {
            let conn = conn.clone();
            let id = ids[i];
            async move { store::status(&conn, id).await.unwrap().unwrap() }
        };
        let echo = row(0).await;
        assert_eq!(echo.job_state(), JobState::Done);
        assert_eq!(echo.result.as_deref(), Some(r#"{"kind":"echo"}"#));
        assert_eq!((echo.progress_done, echo.progress_total), (1, 1));
        let refused = row(1).await;
        assert_eq!(refused.job_state(), JobState::Failed);
        assert_eq!(refused.message, "Il file non ha le colonne richieste.");
        // Transient failures and panics go back to the queue, later.
        for i in [2, 3] {
            let retried = row(i).await;
            assert_eq!(retried.job_state(), JobState::Queued, "{}", db.label);
            assert!(retried.run_at > now + Duration::seconds(10));
            assert_eq!(retried.attempts, 1);
        }
        let unknown = row(4).await;
        assert_eq!(unknown.job_state(), JobState::Failed);
        assert_eq!(unknown.message, UNKNOWN_KIND);
    }
}

#[tokio::test]
async fn the_worker_loop_picks_up_new_jobs_and_stops_when_told() {
    for db in common::all_backends().await {
        let conn = fresh(&db).await;
        let mut worker = Worker::new(conn.clone(), test_registry(), Arc::new(SystemNow));
        worker.timing.poll = StdDuration::from_millis(50);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let running = tokio::spawn(worker.run(stopped));
        let now = SystemNow.now();
        let id = store::enqueue(&conn, NewJob::now("echo", serde_json::json!(7), now), now)
            .await
            .unwrap();
        let mut state = JobState::Queued;
        for _ in 0..200 {
            state = store::status(&conn, id).await.unwrap().unwrap().job_state();
            if state.is_final() {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(25)).await;
        }
        assert_eq!(state, JobState::Done, "{}", db.label);
        stop.send(true).unwrap();
        tokio::time::timeout(StdDuration::from_secs(5), running)
            .await
            .expect("the worker stops")
            .unwrap();
        // A worker whose sender is gone (the server's shutdown future
        // dropped) stops as well instead of spinning.
        let worker = Worker::new(conn.clone(), test_registry(), Arc::new(SystemNow));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let running = tokio::spawn(worker.run(stopped));
        drop(stop);
        tokio::time::timeout(StdDuration::from_secs(5), running)
            .await
            .expect("the worker stops")
            .unwrap();
    }
}

/// A daily reminder at 07:00 UTC: today's occurrence, keyed by its day.
fn daily_reminder(now: chrono::DateTime<Utc>) -> Vec<NewJob> {
    let day = now.date_naive();
    let at = day.and_hms_opt(7, 0, 0).unwrap().and_utc();
    vec![NewJob {
        dedupe_key: Some(format!("promemoria:{day}")),
        run_at: at,
        ..NewJob::now(
            "echo",
            serde_json::json!({ "giorno": day.to_string() }),
            now,
        )
    }]
}

#[tokio::test]
async fn schedules_are_planned_once_by_many_instances_and_stale_uploads_forgotten() {
    for db in common::all_backends().await {
        let conn = fresh(&db).await;
        let now = common::manual_now();
        let registry = test_registry().every(daily_reminder);
        let instances: Vec<Worker> = (0..3)
            .map(|_| Worker::new(conn.clone(), registry.clone(), now.clone()))
            .collect();
        let mut inserted = 0;
        for round in 0..2 {
            let plans = instances.iter().map(|w| {
                let w = w.clone();
                tokio::spawn(async move { w.plan().await.unwrap() })
            });
            for plan in plans.collect::<Vec<_>>() {
                inserted += plan.await.unwrap();
            }
            assert_eq!(inserted, 1, "{} round {round}", db.label);
        }
        // Due at 07:00, the manual clock says 08:00: one instance runs it.
        let mut ran = 0;
        for w in &instances {
            while w.run_once().await.unwrap().is_some() {
                ran += 1;
            }
        }
        assert_eq!(ran, 1, "{}", db.label);
        // The next day, the next occurrence.
        now.advance(Duration::days(1));
        assert_eq!(instances[0].plan().await.unwrap(), 1);

        let id = app::jobs::uploads::save(&conn, "vecchio.csv", b"x".to_vec(), None, now.now())
            .await
            .unwrap();
        now.advance(Duration::days(2));
        instances[1].plan().await.unwrap();
        assert!(
            app::jobs::uploads::content(&conn, id)
                .await
                .unwrap()
                .is_none()
        );
    }
}
