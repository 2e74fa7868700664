//! The absence registry at the size of a large ATS: 5,000 sentinel plessi
//! in 100 comuni, each with every Tuesday and Thursday of three school
//! years (about 1.2 million entries), in the server's SQLite file.
//!
//! 1. **Recomputing every alert** (each plesso, each comune, the ATS) and
//!    the aggregates' totals from the database, in this process with the
//!    portal's code (`alert_store::recompute`): the first run stores the
//!    alerts, the next ones find them. Baselines in the same run: reading
//!    the entries alone, and the engine alone on the same series in memory.
//! 2. **One entry's refresh** (`alert_store::refresh`: the plesso's series
//!    from its entries, its comune's and the ATS's from the totals).
//! 3. **The dashboard's data** served by the real server (`serve`, child
//!    process) to a logged-in ATS operator: the territory, a comune and a
//!    plesso. Baseline in the same run: what each request did before the
//!    totals, summing the territory's entries (in this process).
//!
//! `cargo bench -p server --bench absences` (ABS_PLESSI: 5000, ABS_RUNS: 5,
//! ABS_REQUESTS: 30).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::collections::BTreeMap;
use std::fs::File;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::absences::alert_store;
use app::absences::entity::{entry, sentinel};
use app::absences::signals::signals;
use app::absences::totals;
use app::schools::entity::{ats, istituto, plesso};
use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Client, redirect};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

const PASSWORD: &str = "Prova-Portale-2026";
const TODAY: &str = "2027-06-10";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// xorshift: the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Roughly normal, mean 0, sd 1 (sum of 12 uniforms).
    fn normal(&mut self) -> f64 {
        (0..12)
            .map(|_| (self.next() % 1_000_000) as f64 / 1_000_000.0)
            .sum::<f64>()
            - 6.0
    }
}

/// Every Tuesday and Thursday of the school years starting in `years`.
fn survey_days(years: &[i32]) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    for &y in years {
        let mut d = NaiveDate::from_ymd_opt(y, 9, 10).unwrap();
        let end = NaiveDate::from_ymd_opt(y + 1, 6, 8).unwrap();
        while d <= end {
            if matches!(d.weekday(), Weekday::Tue | Weekday::Thu) {
                days.push(d);
            }
            d = d + Days::new(1);
        }
    }
    days
}

fn server(dir: &std::path::Path, port: u16) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("serve")
        .current_dir(dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "portale-scuole")
        .env("PORTALE_DATA_DIR", dir)
        .env("PORTALE_DEMO_PASSWORD", PASSWORD)
        .env("PORTALE_TODAY", TODAY)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("PORTALE_OIDC_ISSUER")
        .env_remove("PORTALE_SMTP_HOST")
        .stdin(Stdio::null())
        .stdout(File::create(dir.join("stdout.log")).unwrap())
        .stderr(File::create(dir.join("stderr.log")).unwrap());
    Server(cmd.spawn().unwrap())
}

async fn until_up(http: &Client, base: &str) {
    let ready = Instant::now();
    while http.get(format!("{base}/")).send().await.is_err() {
        assert!(
            ready.elapsed() < Duration::from_secs(120),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn login(http: &Client, base: &str, user: &str) -> String {
    let resp = http
        .post(format!("{base}/api/accedi"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base)
        .header("Accept", "application/json")
        .body(format!("username={user}&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portale_sessione="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// 5,000 plessi (50 istituti, 100 comuni, primaria and secondaria), all
/// sentinel, and their entries: a seasonal rate around 5 % with noise and,
/// in one plesso in fifty, a two-day outbreak each year.
async fn seed(db: &DatabaseConnection, ats_id: i32, plessi: usize) -> usize {
    let now = Utc.with_ymd_and_hms(2027, 6, 10, 8, 0, 0).unwrap();
    let istituti: Vec<istituto::ActiveModel> = (0..50)
        .map(|i| istituto::ActiveModel {
            codice: Set(format!("BNIC{i:04}00")),
            name: Set(format!("Istituto di prova {i}")),
            ats_id: Set(ats_id),
            comune_belfiore: Set(format!("B{:03}", i % 100)),
            ..Default::default()
        })
        .collect();
    istituto::Entity::insert_many(istituti)
        .exec_without_returning(db)
        .await
        .unwrap();
    let ist: Vec<i32> = istituto::Entity::find()
        .filter(istituto::Column::Codice.starts_with("BNIC"))
        .order_by_asc(istituto::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    let types = ["primaria", "secondaria_primo", "secondaria_secondo"];
    for chunk in (0..plessi).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<plesso::ActiveModel> = chunk
            .iter()
            .map(|&p| plesso::ActiveModel {
                codice: Set(format!("BNPL{p:05}X")),
                istituto_id: Set(ist[p % ist.len()]),
                name: Set(format!("Plesso di prova {p}")),
                comune_belfiore: Set(format!("B{:03}", p % 100)),
                address: Set("Via di Prova 1".to_owned()),
                school_type: Set(types[p % types.len()].to_owned()),
                ..Default::default()
            })
            .collect();
        plesso::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
    let ids: Vec<i32> = plesso::Entity::find()
        .filter(plesso::Column::Codice.starts_with("BNPL"))
        .order_by_asc(plesso::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    for chunk in ids.chunks(500) {
        let rows: Vec<sentinel::ActiveModel> = chunk
            .iter()
            .map(|&id| sentinel::ActiveModel {
                plesso_id: Set(id),
                active: Set(true),
                changed_by: Set(0),
                changed_at: Set(now),
                ..Default::default()
            })
            .collect();
        sentinel::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
    let days = survey_days(&[2024, 2025, 2026]);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut batch = Vec::with_capacity(1000);
    let mut count = 0;
    for (n, &id) in ids.iter().enumerate() {
        let enrolled = 200 + (rng.next() % 600) as i32;
        let base = 0.04 + (rng.next() % 200) as f64 / 10_000.0;
        let outbreak = n % 50 == 0;
        for (i, day) in days.iter().enumerate() {
            // Winter is higher: +2 points in January and February.
            let season = if matches!(day.month(), 1 | 2) {
                0.02
            } else {
                0.0
            };
            let spike = if outbreak && (i % 78 == 60 || i % 78 == 61) {
                0.12
            } else {
                0.0
            };
            let mean = f64::from(enrolled) * (base + season + spike);
            let absent = (mean + mean.sqrt() * rng.normal()).round().clamp(0.0, 1e9) as i32;
            batch.push(entry::ActiveModel {
                plesso_id: Set(id),
                survey_day: Set(*day),
                absent: Set(Some(absent.min(enrolled))),
                ill: Set(None),
                illness: Set(None),
                closure: Set(None),
                enrolled: Set(enrolled),
                late: Set(false),
                recorded_by: Set(0),
                recorded_at: Set(now),
                ..Default::default()
            });
            if batch.len() == 1000 {
                count += batch.len();
                entry::Entity::insert_many(std::mem::take(&mut batch))
                    .exec_without_returning(db)
                    .await
                    .unwrap();
            }
        }
    }
    count += batch.len();
    if !batch.is_empty() {
        entry::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
    count
}

#[tokio::main]
async fn main() {
    let plessi = env_or("ABS_PLESSI", 5000);
    let runs = env_or("ABS_RUNS", 5);
    let requests = env_or("ABS_REQUESTS", 30);
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let http = Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();

    // The server creates the database, the demo ATS and its accounts.
    {
        let _first = server(dir.path(), port);
        until_up(&http, &base).await;
    }
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("portale.db").display()
    );
    let db = server::db::connect_and_migrate(&url).await.unwrap();
    let ats_id = ats::Entity::find()
        .filter(ats::Column::Code.eq("ATS-MI"))
        .one(&db)
        .await
        .unwrap()
        .expect("the demo ATS")
        .id;
    let started = Instant::now();
    let entries = seed(&db, ats_id, plessi).await;
    println!(
        "seeded {plessi} sentinel plessi, {entries} entries in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // 1. The whole recomputation, and its baselines.
    let now = Utc::now();
    let mut read = Vec::new();
    let mut engine = Vec::new();
    let mut whole = Vec::new();
    let mut first = None;
    for run in 0..=runs {
        let t = Instant::now();
        let rows = totals::territory_entries(&db, ats_id).await.unwrap();
        read.push(ms(t));
        let t = Instant::now();
        let mut by_plesso: BTreeMap<i32, Vec<(NaiveDate, u64, u64)>> = BTreeMap::new();
        for (p, d, a, e) in &rows {
            by_plesso
                .entry(*p)
                .or_default()
                .push((*d, *a as u64, *e as u64));
        }
        let series: Vec<_> = by_plesso.into_values().map(totals::series).collect();
        let aggregate = app::absences::alerts::Series::aggregate(series.iter()).unwrap();
        let found: usize =
            series.iter().map(|s| signals(s).len()).sum::<usize>() + signals(&aggregate).len();
        engine.push(ms(t));
        let t = Instant::now();
        let r = alert_store::recompute(&db, ats_id, now).await.unwrap();
        let took = ms(t);
        if run == 0 {
            first = Some((took, r));
            println!(
                "first recompute: {} series, {} observations, {} alerts stored; engine alone found {found} (plessi + territory)",
                r.series, r.observations, r.synced.added
            );
        } else {
            assert_eq!(r.synced.added, 0, "a second recompute adds nothing");
            whole.push(took);
        }
    }
    let (first_ms, _) = first.unwrap();
    let (read, engine, whole) = (median(read), median(engine), median(whole));
    println!("recompute, first (stores the alerts): {first_ms:.0} ms");
    println!(
        "recompute, median of {runs}: {whole:.0} ms (target ≤ 2000 ms); reading the entries alone {read:.0} ms ({:.2}×), the engine alone {engine:.0} ms ({:.2}×)",
        whole / read,
        whole / engine
    );

    // 2. One entry's refresh.
    let some = plesso::Entity::find()
        .filter(plesso::Column::Codice.starts_with("BNPL"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let mut refresh = Vec::new();
    for _ in 0..runs.max(5) {
        let t = Instant::now();
        alert_store::refresh(&db, some.id, now).await.unwrap();
        refresh.push(ms(t));
    }
    println!(
        "one entry's refresh (plesso, comune, ATS), median: {:.1} ms ({:.4}× the whole recompute)",
        median(refresh.clone()),
        median(refresh) / whole
    );

    // 3. The dashboard's data through the server.
    let _server = server(dir.path(), port);
    until_up(&http, &base).await;
    let cookie = login(&http, &base, "operatore.ats").await;
    let mut timed = Vec::new();
    for (name, series) in [
        ("territorio", "ats".to_owned()),
        ("comune", "comune:B007".to_owned()),
        ("plesso", format!("plesso:{}", some.id)),
    ] {
        let mut xs = Vec::new();
        let mut bytes = 0;
        for _ in 0..requests {
            let t = Instant::now();
            let resp = http
                .get(format!("{base}/api/assenze/andamento?series={series}"))
                .header(COOKIE, &cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status().as_u16(), 200, "{series}");
            let body = resp.bytes().await.unwrap();
            xs.push(ms(t));
            bytes = body.len();
            assert!(body.len() > 1000);
        }
        timed.push((name, median(xs), bytes));
    }
    // Before the totals: every request summed the territory's entries.
    let mut old = Vec::new();
    for _ in 0..runs.max(5) {
        let t = Instant::now();
        let rows = entry::Entity::find()
            .filter(entry::Column::Absent.is_not_null())
            .all(&db)
            .await
            .unwrap();
        let points = app::absences::trend::sum(rows.iter().map(|e| app::absences::trend::Point {
            day: e.survey_day,
            absent: e.absent.unwrap_or(0) as u64,
            enrolled: e.enrolled as u64,
        }));
        assert!(!points.is_empty());
        old.push(ms(t));
    }
    let old = median(old);
    for (name, t, bytes) in timed {
        println!(
            "dashboard data ({name}), median of {requests} requests: {t:.1} ms (target ≤ 100 ms), {bytes} B; summing the entries as before: {old:.0} ms ({:.1}× faster)",
            old / t
        );
    }
}
