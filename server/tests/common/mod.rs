//! Real databases for the integration tests: a SQLite file in a temporary
//! directory, and a fresh database on the PostgreSQL server the test
//! command starts (`TEST_DATABASE_URL`).
#![allow(dead_code)]

pub mod deleg;
pub mod web;

use std::sync::Arc;

use app::state::{AppState, ManualNow, Now, Security, SystemNow};
use app::validation::dates::FixedClock;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Database};
use server::config::{Config, DEMO_ATS_CODE};

pub const TODAY: (i32, u32, u32) = (2026, 11, 24);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).expect("valid date")
}

/// One database for one test; the temp dir (SQLite file, demo credentials)
/// lives as long as the value.
pub struct TestDb {
    pub url: String,
    pub label: &'static str,
    pub dir: tempfile::TempDir,
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/portale.db?mode=rwc", dir.path().display());
    TestDb {
        url,
        label: "sqlite",
        dir,
    }
}

/// A new empty database on the test PostgreSQL server. Without
/// `TEST_DATABASE_URL` the PostgreSQL half is skipped locally, and fails in CI.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "TEST_DATABASE_URL must be set in CI (scripts/test.sh starts PostgreSQL)"
        );
        eprintln!("TEST_DATABASE_URL not set: PostgreSQL tests skipped (run scripts/test.sh)");
        return None;
    };
    let name = format!(
        "portale_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let admin = Database::connect(&admin_url)
        .await
        .expect("connect to PostgreSQL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b.to_owned())
        .expect("URL with a database name");
    Some(TestDb {
        url: format!("{base}/{name}"),
        label: "postgres",
        dir: tempfile::tempdir().expect("temp dir"),
    })
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Both backends (PostgreSQL when available).
pub async fn all_backends() -> Vec<TestDb> {
    let mut dbs = vec![sqlite()];
    dbs.extend(postgres().await);
    dbs
}

/// Password of every demo account in tests.
pub const DEMO_PASSWORD: &str = "Prova-Portale-2026";

pub fn config(db: &TestDb) -> Config {
    Config {
        database_url: db.url.clone(),
        data_dir: db.dir.path().to_owned(),
        ats_code: DEMO_ATS_CODE.to_owned(),
        clock: Arc::new(FixedClock(today())),
        now: Arc::new(SystemNow),
        demo: true,
        demo_password: Some(DEMO_PASSWORD.to_owned()),
        security: Security::default(),
        mail: None,
    }
}

pub async fn state(db: &TestDb) -> AppState {
    server::web::build_state(&config(db), server::web::leptos_options())
        .await
        .expect("state builds")
}

/// A state whose clock the test moves (sessions, lock-outs).
pub async fn state_at(db: &TestDb, now: Arc<ManualNow>) -> AppState {
    let mut config = config(db);
    config.now = now as Arc<dyn Now + Send + Sync>;
    server::web::build_state(&config, server::web::leptos_options())
        .await
        .expect("state builds")
}

/// A manual clock starting at 08:00 UTC on the tests' "today".
pub fn manual_now() -> Arc<ManualNow> {
    use chrono::TimeZone;
    Arc::new(ManualNow::new(
        chrono::Utc
            .with_ymd_and_hms(TODAY.0, TODAY.1, TODAY.2, 8, 0, 0)
            .single()
            .expect("valid instant"),
    ))
}

/// Runs a test body on a runtime whose threads have the server's stack
/// (`main.rs`): rendering the administration's largest pages in an
/// unoptimised build needs more than a test thread's 2 MiB.
pub fn with_server_stack<F>(body: F) -> F::Output
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .expect("test runtime");
    runtime.block_on(async move { tokio::spawn(body).await.expect("test body") })
}
