//! A typical school file (1,500 pupils) from upload to downloadable outcome
//! through the real server: the `server` binary runs as a child (`serve`,
//! demo data, SQLite in a temp dir); the ATS imports a registry extract of
//! those pupils; then, per run, the principal posts the file (multipart),
//! the page's progress call is polled until the check is done, and the
//! outcome CSV is downloaded. Timed against the same check done in this
//! process by the same library code (no HTTP, no database, no job), in the
//! same run: the ratio is what the server, its queue and its database add.
//!
//! `cargo bench -p server --bench lovs_upload` (LOVS_ROWS: 1500, LOVS_RUNS: 10).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Benchmarks state their expectations by unwrapping"
)]

use std::fmt::Write as _;
use std::fs::File;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::codice_fiscale::{Sex, encode};
use chrono::{Days, Months, NaiveDate};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, multipart, redirect};

const PASSWORD: &str = "Prova-Portale-2026";
const SURNAMES: [&str; 10] = [
    "Rossi", "Bianchi", "Verdi", "Neri", "Russo", "Ferrari", "Esposito", "Romano", "Colombo",
    "Ricci",
];
const NAMES: [&str; 6] = ["Luca", "Anna", "Marco", "Giulia", "Paolo", "Sara"];
const HEXA: [&str; 6] = [
    "polio",
    "diphtheria",
    "tetanus",
    "hepatitis_b",
    "pertussis",
    "hib",
];
const MPRV: [&str; 4] = ["measles", "rubella", "mumps", "varicella"];

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The school's file (Windows-1252, `;`, CRLF, as Excel saves it) and the
/// registry extract of the same pupils (most in order, some not).
fn generate(rows: usize) -> (Vec<u8>, Vec<u8>) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let first = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
    let mut school = String::from(
        "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione;note\r\n",
    );
    let mut registry = String::from("codice_fiscale,tipo,vaccino,dose,data,fino_al\n");
    let d = |x: NaiveDate| x.format("%d/%m/%Y").to_string();
    for i in 0..rows {
        let surname = SURNAMES[i % SURNAMES.len()];
        let name = NAMES[(i / SURNAMES.len()) % NAMES.len()];
        let sex = if NAMES.iter().position(|n| *n == name).unwrap() % 2 == 0 {
            Sex::M
        } else {
            Sex::F
        };
        let birth = first + Days::new(i as u64 * 2);
        let cf = encode(surname, name, birth, sex, "F205").unwrap();
        let s = if sex == Sex::M { "M" } else { "F" };
        writeln!(
            school,
            "{cf};{surname};{name};{};{s};MIEE8ZZ02V;{};{}\r",
            d(birth),
            1 + i % 5,
            ["A", "B", "C"][i % 3],
        )
        .unwrap();
        // school rows end with `\r\n`; the note column stays empty.
        school.pop();
        school.pop();
        school.push_str(";Città\r\n");
        if i % 50 == 0 {
            continue; // non presente
        }
        writeln!(registry, "{cf},anagrafe,,,{},", d(birth)).unwrap();
        let at = |m: u32| birth.checked_add_months(Months::new(m)).unwrap();
        for v in HEXA {
            for (n, m) in [(1, 2), (2, 4), (3, 11)] {
                writeln!(registry, "{cf},dose,{v},{n},{},", d(at(m))).unwrap();
            }
        }
        for v in ["polio", "diphtheria", "tetanus", "pertussis"] {
            writeln!(registry, "{cf},dose,{v},4,{},", d(at(72))).unwrap();
        }
        for v in MPRV {
            writeln!(registry, "{cf},dose,{v},1,{},", d(at(13))).unwrap();
            if i % 7 != 0 && at(72) <= today {
                writeln!(registry, "{cf},dose,{v},2,{},", d(at(72))).unwrap();
            }
        }
    }
    (
        encoding_rs::WINDOWS_1252.encode(&school).0.into_owned(),
        registry.into_bytes(),
    )
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

/// Logs a demo user in: its session cookie and the token of its forms.
async fn session(http: &Client, base: &str, user: &str) -> (String, String) {
    let resp = http
        .post(format!("{base}/api/accedi"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base)
        .header("Accept", "application/json")
        .body(format!("username={user}&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    let cookie = resp
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portale_sessione="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let page = http
        .get(format!("{base}/obbligo-vaccinale"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf-token\" content=\"";
    let start = page.find(marker).expect("the page's token") + marker.len();
    let token = page[start..].split('"').next().unwrap().to_owned();
    (cookie, token)
}

/// Posts `file` to `path`; the `Location` of the answer.
async fn upload(
    http: &Client,
    base: &str,
    who: &(String, String),
    path: &str,
    name: &str,
    file: Vec<u8>,
) -> String {
    let form = multipart::Form::new()
        .text("csrf_token", who.1.clone())
        .part(
            "file",
            multipart::Part::bytes(file).file_name(name.to_owned()),
        );
    let resp = http
        .post(format!("{base}{path}"))
        .header(COOKIE, &who.0)
        .header("Origin", base)
        .header("Accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        303,
        "{}",
        resp.text().await.unwrap()
    );
    resp.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Polls `url` (a JSON job view, or one holding `job`) until it is final.
async fn until_done(http: &Client, url: &str, cookie: &str) -> serde_json::Value {
    loop {
        let text = http
            .get(url)
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let view: serde_json::Value = serde_json::from_str(&text).unwrap();
        let job = view.get("job").unwrap_or(&view);
        match job["state"].as_str() {
            Some("Done") => return view,
            Some("Failed") => panic!("job failed: {view}"),
            _ => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() {
    let rows: usize = std::env::var("LOVS_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let runs: usize = std::env::var("LOVS_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let (school, registry) = generate(rows);

    // Baseline: the same check in this process, from the same bytes.
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut local = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let (reg, _) = app::vaccinations::registry_file::parse(&registry).unwrap();
        let out = app::vaccinations::outcome_file::write(&school, &reg, today, None).unwrap();
        local.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(out.len() > school.len());
    }

    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("serve")
        .current_dir(dir.path())
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "portale-scuole")
        .env("PORTALE_DATA_DIR", dir.path())
        .env("PORTALE_DEMO_PASSWORD", PASSWORD)
        .env("PORTALE_TODAY", "2026-11-24")
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("PORTALE_OIDC_ISSUER")
        .stdin(Stdio::null())
        .stdout(File::create(dir.path().join("stdout.log")).unwrap())
        .stderr(File::create(dir.path().join("stderr.log")).unwrap());
    let _server = Server(cmd.spawn().unwrap());
    let base = format!("http://127.0.0.1:{port}");
    let http = client();
    let ready = Instant::now();
    while http.get(format!("{base}/")).send().await.is_err() {
        assert!(
            ready.elapsed() < Duration::from_secs(120),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Setup (not timed): the ATS's extract of these pupils.
    let operator = session(&http, &base, "operatore.ats").await;
    let job = upload(
        &http,
        &base,
        &operator,
        "/obbligo-vaccinale/anagrafe",
        "anagrafe.csv",
        registry.clone(),
    )
    .await;
    let job_id = job.rsplit('/').next().unwrap();
    until_done(
        &http,
        &format!("{base}/api/lavori/stato?id={job_id}"),
        &operator.0,
    )
    .await;

    let principal = session(&http, &base, "dirigente.demo").await;
    let mut served = Vec::new();
    for run in 0..runs {
        let start = Instant::now();
        let page = upload(
            &http,
            &base,
            &principal,
            "/obbligo-vaccinale/carica",
            "iscritti.csv",
            school.clone(),
        )
        .await;
        let id = page.rsplit('/').next().unwrap().to_owned();
        let view = until_done(
            &http,
            &format!("{base}/api/obbligo-vaccinale/avanzamento?id={id}"),
            &principal.0,
        )
        .await;
        let outcome = http
            .get(format!(
                "{base}/obbligo-vaccinale/caricamenti/{id}/esito.csv"
            ))
            .header(COOKIE, &principal.0)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(view["rows"].as_i64(), Some(rows as i64), "{view}");
        assert!(outcome.len() > school.len());
        served.push(ms);
        eprintln!("run {run}: {ms:.1} ms");
    }
    let worst = served.iter().copied().fold(0.0, f64::max);
    let (l, s) = (median(local), median(served));
    println!("LOVS upload of {rows} rows, median of {runs} runs");
    println!("  in-process check (baseline)           {l:>8.1} ms");
    println!("  upload → check → outcome, real server {s:>8.1} ms (max {worst:.1} ms)");
    println!("  ratio server / in-process             {:>8.2}", s / l);
    println!(
        "{{\"rows\":{rows},\"runs\":{runs},\"baseline_ms\":{l:.1},\"server_ms\":{s:.1},\"ratio\":{:.2}}}",
        s / l
    );
}
