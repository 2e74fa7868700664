//! Throughput of the identity layer through the real router on a SQLite
//! file: password logins (argon2id included) and authorised page requests,
//! against a baseline measured in the same run (the anonymous home page).
//!
//! `cargo bench -p server --bench identity` (BENCH_SECONDS=N per case, default 3).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::time::{Duration, Instant};

use app::validation::dates::FixedClock;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use tower::ServiceExt;

const PASSWORD: &str = "Prova-Portale-2026";
const HOST: &str = "portale.bench";
const ORIGIN: &str = "http://portale.bench";

struct Measured {
    name: &'static str,
    per_second: f64,
    mean: Duration,
}

async fn send(router: &axum::Router, req: Request<Body>) -> (StatusCode, Vec<String>) {
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let cookies = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let _ = to_bytes(resp.into_body(), 16 * 1024 * 1024)
        .await
        .expect("body");
    (status, cookies)
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path).header(header::HOST, HOST);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::empty()).expect("request")
}

fn login_request() -> Request<Body> {
    Request::post("/api/accedi")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(format!(
            "username=dirigente.demo&password={PASSWORD}"
        )))
        .expect("request")
}

async fn measure<F, Fut>(name: &'static str, seconds: f64, mut op: F) -> Measured
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..3 {
        op().await;
    }
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed().as_secs_f64() < seconds {
        op().await;
        n += 1;
    }
    let elapsed = start.elapsed();
    Measured {
        name,
        per_second: f64::from(n) / elapsed.as_secs_f64(),
        mean: elapsed / n.max(1),
    }
}

fn main() {
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = server::config::Config::from_env().expect("config");
        config.database_url = format!("sqlite://{}/portale.db?mode=rwc", dir.path().display());
        config.data_dir = dir.path().to_owned();
        config.demo = true;
        config.demo_password = Some(PASSWORD.to_owned());
        config.clock = std::sync::Arc::new(FixedClock(
            NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        ));
        let state = server::web::build_state(&config, server::web::leptos_options())
            .await
            .expect("state");
        let router = server::web::router(state);

        let (status, cookies) = send(&router, login_request()).await;
        assert_eq!(status, StatusCode::OK, "bench login");
        let cookie = cookies
            .iter()
            .find(|c| c.starts_with("portale_sessione="))
            .and_then(|c| c.split(';').next())
            .expect("session cookie")
            .to_owned();

        let baseline = measure("GET / (anonima, riferimento)", seconds, || {
            let router = router.clone();
            async move {
                let (s, _) = send(&router, get("/", None)).await;
                assert_eq!(s, StatusCode::OK);
            }
        })
        .await;
        let home = measure("GET / (autenticata)", seconds, || {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move {
                let (s, _) = send(&router, get("/", Some(&cookie))).await;
                assert_eq!(s, StatusCode::OK);
            }
        })
        .await;
        let page = measure("GET /scuola (autenticata)", seconds, || {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move {
                let (s, _) = send(&router, get("/scuola", Some(&cookie))).await;
                assert_eq!(s, StatusCode::OK);
            }
        })
        .await;
        let api = measure("GET /api/scuola (autenticata)", seconds, || {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move {
                let (s, _) = send(&router, get("/api/scuola", Some(&cookie))).await;
                assert_eq!(s, StatusCode::OK);
            }
        })
        .await;
        let login = measure("POST /api/accedi (argon2id)", seconds, || {
            let router = router.clone();
            async move {
                let (s, _) = send(&router, login_request()).await;
                assert_eq!(s, StatusCode::OK);
            }
        })
        .await;

        println!(
            "\n{:<34} {:>12} {:>12} {:>10}",
            "caso", "richieste/s", "media", "rapporto"
        );
        for m in [&baseline, &home, &page, &api, &login] {
            println!(
                "{:<34} {:>12.1} {:>10.2}ms {:>9.3}x",
                m.name,
                m.per_second,
                m.mean.as_secs_f64() * 1000.0,
                m.per_second / baseline.per_second
            );
        }
    });
}
