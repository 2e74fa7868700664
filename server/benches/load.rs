//! Load test of the running portal as a whole process, hit on loopback the
//! way users and an attacker would. The `server` binary runs as a child
//! (`server serve`, demo data; SQLite in a temp dir, or several instances on
//! one empty PostgreSQL database). Half the clients view pages (`/scuola` with
//! a demo session, anonymous `/`), half send `POST /api/accedi` with wrong
//! passwords for unknown users: most from a new source address (127.1.X.Y)
//! every 15 attempts, under the per-address limit, so they reach the bounded
//! password hashing (503 when every slot is busy); one in eight all from one
//! shared address (127.2.0.1), to show that limit (429). Reported per kind: counts by
//! status class, p50/p99/max latency, requests over 1 s and 5 s; then the
//! servers' peak RSS and their RSS 10 s after the load. A table, a JSON line.
//!
//! Bounded: a 10 s timeout per request, a deadline for the run (requests in
//! flight then are abandoned, counted apart), a cap on the number of requests,
//! the servers killed at the end, also on panic. The load generator shares the
//! machine, so its own CPU use weighs on the figures.
//!
//! `bench/load.sh`, or `cargo bench -p server --bench load` with LOAD_CLIENTS
//! (64), LOAD_SECONDS (20), LOAD_BACKEND (`sqlite` | `postgres`),
//! LOAD_DATABASE_URL (postgres), LOAD_INSTANCES (1 on sqlite, 2 on postgres),
//! LOAD_SERVER_BIN (another build of the server to measure, e.g. the previous one).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::fs::File;
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Client, RequestBuilder, redirect};
use serde_json::{Value, json};
use tokio::time::{Instant, sleep, timeout_at};

const PASSWORD: &str = "Prova-Portale-2026";
const DEMO_USERS: &str =
    "dirigente.demo delegato.demo referente.demo operatore.ats admin.demo dirigente.lodi";
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const START_TIMEOUT: Duration = Duration::from_secs(120);
const SETTLE: Duration = Duration::from_secs(10);
const MAX_REQUESTS: u64 = 200_000;
const PER_ADDRESS: u32 = 15;
/// One login client in this many uses the one shared address all run.
const SINGLE_ADDRESS_EVERY: usize = 8;
const KINDS: [&str; 3] = ["page /scuola", "page /", "login"];

/// The server children: killed and reaped when dropped, also on panic.
struct Servers(Vec<Child>);

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One answered request: kind (index in `KINDS`), status (0 when the request
/// failed: network error, timeout), latency in ms.
type Sample = (usize, u16, f64);

/// What every client draws from: the deadline and the request cap.
struct Budget {
    deadline: Instant,
    issued: AtomicU64,
    abandoned: AtomicU64,
}

impl Budget {
    fn take(&self) -> bool {
        Instant::now() < self.deadline && self.issued.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS
    }
}

fn env_or<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn client(local: Option<Ipv4Addr>) -> reqwest::Result<Client> {
    Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .redirect(redirect::Policy::none())
        .local_address(local.map(IpAddr::V4))
        .build()
}

/// The server binary under test: this build's, or `LOAD_SERVER_BIN` (an
/// earlier build, for a before/after comparison on the same machine).
fn server_bin() -> String {
    std::env::var("LOAD_SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_server").to_owned())
}

fn spawn(dir: &Path, port: u16, database_url: Option<&str>) -> std::io::Result<Child> {
    std::fs::create_dir_all(dir)?;
    let mut cmd = Command::new(server_bin());
    cmd.arg("serve")
        .current_dir(dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "portale-scuole")
        .env("PORTALE_DATA_DIR", dir)
        .env("PORTALE_DEMO_PASSWORD", PASSWORD)
        .env("PORTALE_TODAY", "2026-11-24")
        .env_remove("DATABASE_URL")
        .env_remove("PORTALE_DEMO")
        .env_remove("PORTALE_TRUST_PROXY")
        .env_remove("PORTALE_OIDC_ISSUER")
        .stdin(Stdio::null())
        .stdout(File::create(dir.join("stdout.log"))?)
        .stderr(File::create(dir.join("stderr.log"))?);
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    cmd.spawn()
}

/// Polls `GET /` until it answers 2xx; false if the child exits or 120 s pass.
async fn wait_ready(http: &Client, base: &str, child: &mut Child) -> bool {
    let until = Instant::now() + START_TIMEOUT;
    while Instant::now() < until {
        if !matches!(child.try_wait(), Ok(None)) {
            return false;
        }
        if let Ok(resp) = http.get(format!("{base}/")).send().await
            && resp.status().is_success()
        {
            return true;
        }
        sleep(Duration::from_millis(250)).await;
    }
    false
}

fn login(http: &Client, base: &str, user: &str, password: &str) -> RequestBuilder {
    http.post(format!("{base}/api/accedi"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base)
        .header("Accept", "application/json")
        .body(format!("username={user}&password={password}"))
}

/// Logs a demo user in; the `portale_sessione=…` pair of its cookie.
async fn session(http: &Client, base: &str, user: &str) -> Option<String> {
    let resp = login(http, base, user, PASSWORD).send().await.ok()?;
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portale_sessione="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

/// Sends one request (body read included) and records it; false once the
/// budget is spent or the deadline has cut the request off.
async fn run(budget: &Budget, kind: usize, req: RequestBuilder, out: &mut Vec<Sample>) -> bool {
    if !budget.take() {
        return false;
    }
    let start = Instant::now();
    let answer = async {
        match req.send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                resp.bytes().await.map_or(0, |_| status)
            }
            Err(_) => 0,
        }
    };
    match timeout_at(budget.deadline, answer).await {
        Ok(status) => {
            out.push((kind, status, start.elapsed().as_secs_f64() * 1000.0));
            true
        }
        Err(_) => {
            budget.abandoned.fetch_add(1, Ordering::Relaxed);
            false
        }
    }
}

/// Alternates `/scuola` (with the session cookie; empty if none) and `/`.
async fn viewer(budget: Arc<Budget>, base: String, cookie: String) -> Vec<Sample> {
    let mut out = Vec::new();
    let Ok(http) = client(None) else { return out };
    for kind in (0..2).cycle() {
        let req = match kind {
            0 => http.get(format!("{base}/scuola")).header(COOKIE, &cookie),
            _ => http.get(format!("{base}/")),
        };
        if !run(&budget, kind, req, &mut out).await {
            break;
        }
    }
    out
}

/// Wrong passwords for unknown users, from the shared address 127.2.0.1 or a
/// fresh one every `PER_ADDRESS` attempts (127.1.X.Y; loopback only).
async fn attacker(
    budget: Arc<Budget>,
    id: usize,
    base: String,
    next: Arc<AtomicU32>,
) -> Vec<Sample> {
    let single = id.is_multiple_of(SINGLE_ADDRESS_EVERY);
    let mut out = Vec::new();
    let mut attempt = 0u64;
    loop {
        let ip = if single {
            Ipv4Addr::new(127, 2, 0, 1)
        } else {
            let i = next.fetch_add(1, Ordering::Relaxed);
            Ipv4Addr::new(127, 1, (i / 254 % 256) as u8, (i % 254 + 1) as u8)
        };
        let Ok(http) = client(Some(ip)) else {
            return out;
        };
        let per_address = if single { u32::MAX } else { PER_ADDRESS };
        for _ in 0..per_address {
            let user = format!("ignoto.{id}.{attempt}");
            attempt += 1;
            let req = login(&http, &base, &user, "Sbagliata-0000");
            if !run(&budget, 2, req, &mut out).await {
                return out;
            }
        }
    }
}

/// `samples`: (status, latency in ms) of one kind of request.
fn stats(kind: &str, samples: &[(u16, f64)], seconds: f64) -> Value {
    let mut ms: Vec<f64> = samples.iter().map(|s| s.1).collect();
    ms.sort_by(f64::total_cmp);
    let class = |f: fn(u16) -> bool| samples.iter().filter(|s| f(s.0)).count();
    let pct = |p: f64| match ms.len() {
        0 => 0.0,
        n => ms[((p * n as f64).ceil() as usize).clamp(1, n) - 1],
    };
    let over = |limit: f64| ms.iter().filter(|&&m| m > limit).count();
    json!({
        "kind": kind,
        "count": ms.len(),
        "per_second": ms.len() as f64 / seconds.max(0.001),
        "2xx": class(|s| (200..300).contains(&s)),
        "401": class(|s| s == 401),
        "429": class(|s| s == 429),
        "503": class(|s| s == 503),
        "other": class(|s| !(200..300).contains(&s) && ![401, 429, 503].contains(&s)),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": ms.last().copied().unwrap_or(0.0),
        "over_1s": over(1000.0),
        "over_5s": over(5000.0),
    })
}

const COLUMNS: &str = "count per_second 2xx 401 429 503 other p50_ms p99_ms max_ms over_1s over_5s";

fn print_table(kinds: &[Value]) {
    let mut header = format!("\n{:<13}", "kind");
    for c in COLUMNS.split(' ') {
        header += &format!(" {c:>w$}", w = c.len().max(7));
    }
    println!("{header}");
    for k in kinds {
        let mut row = format!("{:<13}", k["kind"].as_str().unwrap_or(""));
        for c in COLUMNS.split(' ') {
            let v = &k[c];
            let cell = v.as_u64().map_or_else(
                || format!("{:.1}", v.as_f64().unwrap_or(0.0)),
                |n| n.to_string(),
            );
            row += &format!(" {cell:>w$}", w = c.len().max(7));
        }
        println!("{row}");
    }
}

/// A `VmHWM` / `VmRSS` line of /proc/PID/status, in MB.
fn memory_mb(pid: u32, key: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find_map(|line| line.strip_prefix(key))?;
    let kb: f64 = line.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024.0)
}

#[tokio::main]
async fn main() -> ExitCode {
    match load().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the load; `Err` only when a server could not be started.
async fn load() -> Result<(), String> {
    let backend = env_or("LOAD_BACKEND", "sqlite".to_owned());
    let postgres = backend == "postgres";
    let database_url = std::env::var("LOAD_DATABASE_URL").ok().filter(|_| postgres);
    if postgres && database_url.is_none() {
        return Err("LOAD_BACKEND=postgres needs LOAD_DATABASE_URL=postgres://… (empty)".into());
    }
    let instances = env_or("LOAD_INSTANCES", if postgres { 2usize } else { 1 }).clamp(1, 16);
    let clients = env_or("LOAD_CLIENTS", 64usize).clamp(2, 4096);
    let seconds = env_or("LOAD_SECONDS", 20u64).clamp(1, 3600);
    let tmp = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let http = client(None).map_err(|e| format!("HTTP client: {e}"))?;

    // Start the instances one after the other: the first migrates and seeds.
    let mut servers = Servers(Vec::new());
    let mut bases = Vec::new();
    for i in 0..instances {
        let dir = tmp.path().join(format!("istanza-{i}"));
        let (port, child) = free_port()
            .and_then(|p| Ok((p, spawn(&dir, p, database_url.as_deref())?)))
            .map_err(|e| format!("cannot start {}: {e}", server_bin()))?;
        servers.0.push(child);
        let base = format!("http://127.0.0.1:{port}");
        if !wait_ready(&http, &base, &mut servers.0[i]).await {
            drop(servers);
            let stderr = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
            return Err(format!(
                "server {i} did not answer on {base} within 120 s\n{stderr}"
            ));
        }
        bases.push(base);
    }

    let mut cookies = Vec::new();
    for (i, user) in DEMO_USERS.split(' ').enumerate() {
        match session(&http, &bases[i % bases.len()], user).await {
            Some(c) => cookies.push(c),
            None => eprintln!("warning: login of {user} failed; /scuola views go without it"),
        }
    }

    // What each server holds before the load, to compare with after it.
    let before: Vec<Option<f64>> = (servers.0.iter())
        .map(|c| memory_mb(c.id(), "VmRSS:"))
        .collect();
    let viewers = clients - clients / 2;
    println!(
        "load: {backend}, {instances} instance(s), {viewers} page clients + {} login clients, {seconds} s",
        clients / 2
    );
    let started = Instant::now();
    let budget = Arc::new(Budget {
        deadline: started + Duration::from_secs(seconds),
        issued: AtomicU64::new(0),
        abandoned: AtomicU64::new(0),
    });
    let next_address = Arc::new(AtomicU32::new(0));
    let mut tasks = Vec::new();
    for id in 0..clients {
        let base = bases[id % bases.len()].clone();
        let b = Arc::clone(&budget);
        tasks.push(if id < viewers {
            let cookie = cookies
                .get(id % cookies.len().max(1))
                .cloned()
                .unwrap_or_default();
            tokio::spawn(viewer(b, base, cookie))
        } else {
            tokio::spawn(attacker(b, id - viewers, base, Arc::clone(&next_address)))
        });
    }
    let mut by_kind: [Vec<(u16, f64)>; 3] = Default::default();
    for task in tasks {
        for (kind, status, ms) in task.await.unwrap_or_default() {
            by_kind[kind].push((status, ms));
        }
    }
    let elapsed = started.elapsed().as_secs_f64();

    sleep(SETTLE).await;
    let memory: Vec<Value> = (servers.0.iter().zip(&before))
        .map(|(c, before)| {
            json!({"rss_before_mb": before, "peak_rss_mb": memory_mb(c.id(), "VmHWM:"),
            "rss_after_10s_mb": memory_mb(c.id(), "VmRSS:")})
        })
        .collect();
    drop(servers);

    let kinds: Vec<Value> = (KINDS.iter().zip(&by_kind))
        .map(|(k, v)| stats(k, v, elapsed))
        .collect();
    print_table(&kinds);
    let requests: usize = by_kind.iter().map(Vec::len).sum();
    let abandoned = budget.abandoned.load(Ordering::Relaxed);
    let addresses = next_address.load(Ordering::Relaxed);
    println!(
        "\n{requests} requests in {elapsed:.1} s, {abandoned} abandoned at the deadline, {addresses} login addresses"
    );
    for (i, m) in memory.iter().enumerate() {
        let show = |key: &str| m[key].as_f64().map_or("?".into(), |v| format!("{v:.1} MB"));
        let (start, peak, after) = (
            show("rss_before_mb"),
            show("peak_rss_mb"),
            show("rss_after_10s_mb"),
        );
        println!(
            "server {i}: RSS before the load {start}, peak {peak}, 10 s after the load {after}"
        );
    }
    let report = json!({
        "backend": backend, "instances": instances, "clients": clients, "seconds": seconds,
        "elapsed_s": elapsed, "requests": requests, "abandoned": abandoned,
        "login_addresses": addresses, "kinds": kinds, "servers": memory,
    });
    println!("{report}");
    Ok(())
}
