//! "Completezza delle rilevazioni" and its reminders, through the real
//! router and a real SMTP server on loopback (aiosmtpd, `smtp/sink.py`,
//! which writes every message it accepts to a directory the test reads
//! back), on both databases: the statuses of a Tuesday (one plesso on
//! time, one late, one missing), "Invia promemoria" without JavaScript,
//! the automatic reminder of Wednesday sent once and never again after a
//! restart, e-mail not configured, a server that is not there (nothing
//! recorded, the job retried), and the scope (a school, another ATS).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use app::absences::entity::{entry, reminder, sentinel};
use app::identity::entity::{accounts, audit_log};
use app::jobs::worker::Worker;
use app::mail::{MailSettings, SmtpTls};
use app::state::{ManualNow, Now};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{NaiveDate, TimeZone, Utc};
use common::web::{Session, call, form_encode, get, post_form, session_for};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
};

/// The demo plessi: the infanzia of the referente, the primaria (same
/// istituto), the liceo of the Lodi istituto (same ATS).
const INFANZIA: i32 = 1;
const PRIMARIA: i32 = 2;
const LICEO: i32 = 3;

const REFERENTE_EMAIL: &str = "referente.pascoli@scuola.test";
const LODI_EMAIL: &str = "dirigente.lodi@scuola.test";
const SUBJECT: &str = "Registro assenze: rilevazione di martedì 24/11/2026 non ancora inserita";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TUESDAY: (i32, u32, u32) = (2026, 11, 24);

fn tuesday() -> NaiveDate {
    day(TUESDAY.0, TUESDAY.1, TUESDAY.2)
}

/// aiosmtpd, installed (pinned) when missing, so `cargo test` alone works.
fn ensure_aiosmtpd() {
    let present = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !present {
        let installed = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"])
            .status()
            .expect("python3 -m pip");
        assert!(installed.success(), "pip install aiosmtpd==1.4.6 failed");
    }
}

/// A loopback port nobody listens on (a moment ago).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The portal's settings for a plain SMTP server on loopback `port`.
fn settings_for(port: u16) -> MailSettings {
    MailSettings {
        host: "127.0.0.1".into(),
        port,
        tls: SmtpTls::None,
        from: "Portale Scuole <noreply@ats.test>".into(),
        user: None,
        password: None,
        public_url: Some("http://portale.test".into()),
        timeout: Duration::from_secs(10),
    }
}

/// The SMTP server of one test, stopped when dropped.
struct Smtp {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Smtp {
    fn start() -> Self {
        ensure_aiosmtpd();
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 sink.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        Smtp { child, port, dir }
    }

    fn settings(&self) -> MailSettings {
        settings_for(self.port)
    }

    /// The messages received so far, in order.
    fn messages(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// The messages once `n` have arrived (the server writes as it accepts:
    /// a message the client saw accepted is already there).
    async fn wait_for(&self, n: usize) -> Vec<serde_json::Value> {
        for _ in 0..50 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.messages()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A state whose Rome day is `today`, with e-mail through `mail`.
async fn state_on(
    db: &common::TestDb,
    today: NaiveDate,
    mail: Option<MailSettings>,
) -> app::state::AppState {
    let mut config = common::config(db);
    config.clock = Arc::new(app::validation::dates::FixedClock(today));
    config.mail = mail;
    server::web::build_state(&config, server::web::leptos_options())
        .await
        .unwrap()
}

/// The three demo plessi as sentinels; the contacts' addresses; `entered`
/// plessi with Tuesday's entry (on time or late).
async fn fixture(state: &app::state::AppState, entered: &[(i32, bool)]) {
    let now = state.now();
    for plesso in [INFANZIA, PRIMARIA, LICEO] {
        sentinel::ActiveModel {
            plesso_id: Set(plesso),
            active: Set(true),
            changed_by: Set(1),
            changed_at: Set(now),
            ..Default::default()
        }
        .insert(&state.db)
        .await
        .unwrap();
    }
    for &(plesso, late) in entered {
        entry::ActiveModel {
            plesso_id: Set(plesso),
            survey_day: Set(tuesday()),
            absent: Set(Some(10)),
            ill: Set(None),
            illness: Set(None),
            closure: Set(None),
            enrolled: Set(400),
            late: Set(late),
            recorded_by: Set(1),
            recorded_at: Set(now),
            ..Default::default()
        }
        .insert(&state.db)
        .await
        .unwrap();
    }
    for (username, email) in [
        ("referente.demo", REFERENTE_EMAIL),
        ("dirigente.demo", "dirigente.demo@scuola.test"),
        ("dirigente.lodi", LODI_EMAIL),
    ] {
        let account = accounts::Entity::find()
            .filter(accounts::Column::Username.eq(username))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let mut account = account.into_active_model();
        account.email = Set(Some(email.to_owned()));
        account.update(&state.db).await.unwrap();
    }
}

/// A form the browser posts itself from the completeness page.
fn plain(session: &Session, plesso: i32) -> Request<Body> {
    let form = form_encode(&[
        ("csrf_token", session.csrf.as_str()),
        ("plesso_id", &plesso.to_string()),
    ]);
    let mut req = post_form("/api/assenze/completezza/promemoria", &form);
    let headers = req.headers_mut();
    headers.insert(
        header::ACCEPT,
        "text/html,application/xhtml+xml".parse().unwrap(),
    );
    headers.insert(
        header::REFERER,
        "http://portale.test/assenze/completezza".parse().unwrap(),
    );
    headers.insert(header::COOKIE, session.cookie().parse().unwrap());
    req
}

fn status_of(body: &str, codice: &str) -> Option<String> {
    let at = body.find(&format!(r#"data-codice="{codice}""#))?;
    let rest = &body[at..];
    let start = rest.find(r#"data-status=""#)? + r#"data-status=""#.len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_owned())
}

async fn reminders(state: &app::state::AppState, kind: &str) -> Vec<reminder::Model> {
    reminder::Entity::find()
        .filter(reminder::Column::Kind.eq(kind))
        .all(&state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_ats_sees_the_completeness_and_sends_a_reminder_by_hand() {
    for db in common::all_backends().await {
        let smtp = Smtp::start();
        // Wednesday 25/11/2026: Tuesday is the last survey day.
        let state = state_on(&db, day(2026, 11, 25), Some(smtp.settings())).await;
        fixture(&state, &[(PRIMARIA, false), (LICEO, true)]).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;

        let home = call(&router, operator.apply(get("/assenze"))).await;
        assert!(
            home.body
                .contains(r#"href="/assenze/completezza">Completezza delle rilevazioni</a>"#),
            "{}",
            home.body
        );
        let page = call(&router, operator.apply(get("/assenze/completezza"))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("<h1>Completezza delle rilevazioni</h1>"));
        assert!(
            page.body.contains(
                "Ultimo giorno di rilevazione: martedì 24/11/2026. Inserimento in ritardo possibile fino a mercoledì 25/11/2026."
            ),
            "{}",
            page.body
        );
        assert_eq!(
            status_of(&page.body, "MIAA8ZZ01T").as_deref(),
            Some("mancante"),
            "{}: {}",
            db.label,
            page.body
        );
        assert_eq!(
            status_of(&page.body, "MIEE8ZZ02V").as_deref(),
            Some("inserito")
        );
        assert_eq!(
            status_of(&page.body, "LOPS0ZZ01B").as_deref(),
            Some("in_ritardo")
        );
        assert!(page.body.contains(">in ritardo</td>"), "{}", page.body);
        assert_eq!(page.body.matches(">Invia promemoria</button>").count(), 1);

        // "Invia promemoria" without JavaScript: back to the page, which
        // says to whom it went.
        let reply = call(&router, plain(&operator, INFANZIA)).await;
        assert!(
            reply.status.is_redirection(),
            "{}: {} {}",
            db.label,
            reply.status,
            reply.body
        );
        let to = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
        assert!(to.starts_with("/assenze/completezza?promemoria="), "{to}");
        let page = call(&router, operator.apply(get(&to))).await;
        assert!(
            page.body.contains(&format!(
                "Promemoria inviato a {REFERENTE_EMAIL} per il plesso Scuola dell&#x27;infanzia Via Pascoli (MIAA8ZZ01T)."
            )) || page.body.contains(&format!(
                "Promemoria inviato a {REFERENTE_EMAIL} per il plesso Scuola dell'infanzia Via Pascoli (MIAA8ZZ01T)."
            )),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("manuali: 1, automatici: 0"),
            "{}",
            page.body
        );

        // What arrived: one message, to the referente, in Italian.
        let got = smtp.wait_for(1).await;
        assert_eq!(got.len(), 1, "{}: {got:?}", db.label);
        let message = &got[0];
        assert_eq!(message["rcpt_tos"], serde_json::json!([REFERENTE_EMAIL]));
        assert_eq!(message["subject"], SUBJECT);
        assert_eq!(message["mail_from"], "noreply@ats.test");
        let body = message["body"].as_str().unwrap();
        assert!(
            body.contains("Scuola dell'infanzia Via Pascoli (MIAA8ZZ01T)"),
            "{body}"
        );
        assert!(body.contains("assenze di martedì 24/11/2026"), "{body}");
        assert!(body.contains("entro mercoledì 25/11/2026"), "{body}");
        assert!(body.contains("http://portale.test/assenze"), "{body}");

        // Recorded and audited, with the operator and the address.
        let manual = reminders(&state, reminder::MANUAL).await;
        assert_eq!(manual.len(), 1);
        assert_eq!(manual[0].recipient, REFERENTE_EMAIL);
        assert_eq!(manual[0].survey_day, tuesday());
        let operator_id = accounts::Entity::find()
            .filter(accounts::Column::Username.eq("operatore.ats"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(manual[0].sent_by, Some(operator_id));
        let audit = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("absence_reminders"))
            .all(&state.db)
            .await
            .unwrap();
        assert_eq!(audit.len(), 1, "{}", db.label);
        assert_eq!(audit[0].actor_account_id, Some(operator_id));
        assert!(audit[0].changes.contains(REFERENTE_EMAIL));

        // A plesso that has entered: not sent, and said why.
        let form = form_encode(&[("plesso_id", &PRIMARIA.to_string())]);
        let reply = call(
            &router,
            operator.apply(post_form("/api/assenze/completezza/promemoria", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.json()["NotSent"]["reason"], "gia_inserita");
        let reply = call(&router, plain(&operator, LICEO)).await;
        let to = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
        assert!(to.contains("motivo=gia_inserita"), "{to}");
        let page = call(&router, operator.apply(get(&to))).await;
        assert!(
            page.body
                .contains("Promemoria non inviato: il plesso ha già inserito la rilevazione."),
            "{}",
            page.body
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(smtp.messages().len(), 1);
    }
}

#[tokio::test]
async fn a_school_or_another_ats_cannot_send_or_see_it() {
    use app::schools::queries::{self, NewAts, PlessoData};
    for db in common::all_backends().await {
        let smtp = Smtp::start();
        let state = state_on(&db, day(2026, 11, 25), Some(smtp.settings())).await;
        fixture(&state, &[]).await;
        let router = server::web::router(state.clone());
        // A school: forbidden, page and reminder.
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let page = call(&router, principal.apply(get("/api/assenze/completezza"))).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
        let form = form_encode(&[("plesso_id", &INFANZIA.to_string())]);
        let reply = call(
            &router,
            principal.apply(post_form("/api/assenze/completezza/promemoria", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        let referente = session_for(&state.db, "referente.demo", state.now()).await;
        let reply = call(
            &router,
            referente.apply(post_form("/api/assenze/completezza/promemoria", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);

        // Another ATS, with a sentinel plesso of its own.
        let bg = queries::insert_ats(
            &state.db,
            NewAts {
                code: "ATS-BG",
                name: "ATS di Bergamo",
                provinces: "BG",
                chief_comuni: "016024",
            },
        )
        .await
        .unwrap();
        let (istituto, _) =
            queries::upsert_istituto(&state.db, bg.id, "BGIC8ZZ00Q", "IC Demo Bergamo", "A794")
                .await
                .unwrap();
        let (plesso, _) = queries::upsert_plesso(
            &state.db,
            istituto.id,
            PlessoData {
                codice: "BGEE8ZZ01R",
                name: "Primaria Demo Bergamo",
                comune_belfiore: "A794",
                address: "Via Roma 1",
                school_type: "primaria",
            },
        )
        .await
        .unwrap();
        sentinel::ActiveModel {
            plesso_id: Set(plesso.id),
            active: Set(true),
            changed_by: Set(1),
            changed_at: Set(state.now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await
        .unwrap();
        accounts::ActiveModel {
            username: Set("operatore.bg".into()),
            codice_fiscale: Set(None),
            full_name: Set("Operatore Bergamo".into()),
            email: Set(None),
            role: Set("operatore_ats".into()),
            ats_id: Set(Some(bg.id)),
            istituto_id: Set(None),
            plesso_id: Set(None),
            password_hash: Set(None),
            active: Set(true),
            failed_logins: Set(0),
            locked_until: Set(None),
            created_at: Set(state.now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await
        .unwrap();
        let bergamo = session_for(&state.db, "operatore.bg", state.now()).await;
        let page = call(&router, bergamo.apply(get("/assenze/completezza"))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("BGEE8ZZ01R"), "{}", page.body);
        assert!(!page.body.contains("MIAA8ZZ01T"), "{}", page.body);
        let reply = call(
            &router,
            bergamo.apply(post_form("/api/assenze/completezza/promemoria", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        // Milan's operator cannot remind Bergamo's plesso either.
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let form = form_encode(&[("plesso_id", &plesso.id.to_string())]);
        let reply = call(
            &router,
            operator.apply(post_form("/api/assenze/completezza/promemoria", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(smtp.messages().is_empty(), "{}", db.label);
        assert_eq!(reminder::Entity::find().count(&state.db).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn without_smtp_settings_the_page_says_e_mail_is_not_configured() {
    for db in common::all_backends().await {
        let state = state_on(&db, day(2026, 11, 25), None).await;
        fixture(&state, &[]).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let page = call(&router, operator.apply(get("/assenze/completezza"))).await;
        assert!(page.body.contains("mail-off"), "{}", page.body);
        let reply = call(&router, plain(&operator, INFANZIA)).await;
        let to = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
        assert!(to.contains("motivo=non_configurato"), "{to}");
        let page = call(&router, operator.apply(get(&to))).await;
        assert!(
            page.body.contains(
                "Promemoria non inviato: l&#x27;invio di e-mail non è configurato nel portale"
            ) || page.body.contains(
                "Promemoria non inviato: l'invio di e-mail non è configurato nel portale"
            ),
            "{}",
            page.body
        );
        assert_eq!(reminder::Entity::find().count(&state.db).await.unwrap(), 0);
        // No schedule without e-mail.
        let now = Arc::new(ManualNow::new(rome(2026, 11, 25, 9, 0)));
        let worker = Worker::new(state.db.clone(), app::shell::job_kinds(), now);
        assert_eq!(worker.plan().await.unwrap(), 0);
    }
}

/// `h:min` in Rome in November (CET, UTC+1).
fn rome(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap() - chrono::Duration::hours(1)
}

/// Runs every job due.
async fn drain(worker: &Worker) -> usize {
    let mut ran = 0;
    while worker.run_once().await.unwrap().is_some() {
        ran += 1;
    }
    ran
}

#[tokio::test]
async fn the_automatic_reminder_goes_out_once_on_wednesday_even_after_a_restart() {
    use app::jobs::entity as jobs;
    for db in common::all_backends().await {
        let smtp = Smtp::start();
        let state = state_on(&db, day(2026, 11, 25), Some(smtp.settings())).await;
        // The primaria entered on Tuesday; the infanzia (a referente) and
        // the liceo (no referente: its dirigente) are missing.
        fixture(&state, &[(PRIMARIA, false)]).await;
        let kinds = || app::shell::job_kinds_with(state.mail.clone());

        // Tuesday and early Wednesday: nothing due.
        let now = Arc::new(ManualNow::new(rome(2026, 11, 24, 18, 0)));
        let worker = Worker::new(state.db.clone(), kinds(), now.clone());
        assert_eq!(worker.plan().await.unwrap(), 0);
        now.advance(chrono::Duration::hours(13)); // Wednesday 07:00 Rome
        assert_eq!(worker.plan().await.unwrap(), 0);

        // Wednesday from 08:00 Rome: one job, two messages.
        now.advance(chrono::Duration::minutes(70));
        assert_eq!(worker.plan().await.unwrap(), 1, "{}", db.label);
        assert_eq!(worker.plan().await.unwrap(), 0, "scheduled once");
        assert_eq!(drain(&worker).await, 1);
        let got = smtp.wait_for(2).await;
        assert_eq!(got.len(), 2, "{}: {got:?}", db.label);
        let mut to: Vec<String> = got
            .iter()
            .map(|m| m["rcpt_tos"][0].as_str().unwrap().to_owned())
            .collect();
        to.sort();
        assert_eq!(to, vec![LODI_EMAIL.to_owned(), REFERENTE_EMAIL.to_owned()]);
        assert!(got.iter().all(|m| m["subject"] == SUBJECT));
        let automatic = reminders(&state, reminder::AUTOMATIC).await;
        assert_eq!(automatic.len(), 2);
        assert!(automatic.iter().all(|r| r.sent_by.is_none()));
        let job = jobs::Entity::find()
            .filter(jobs::Column::Kind.eq(app::absences::reminders::KIND))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.state, "done", "{}: {}", db.label, job.message);
        assert_eq!(job.dedupe_key.as_deref(), Some("promemoria-2026-11-24"));

        // A restart: a new worker (another instance, the same database)
        // plans nothing more and has nothing to run, later that day too.
        let restarted = Worker::new(state.db.clone(), kinds(), now.clone());
        assert_eq!(restarted.plan().await.unwrap(), 0);
        assert_eq!(drain(&restarted).await, 0);
        now.advance(chrono::Duration::hours(6));
        assert_eq!(restarted.plan().await.unwrap(), 0);
        // Even a second job for the same day (two planners racing, a
        // manual retry) sends nothing: the table's unique key.
        app::jobs::store::enqueue(
            &state.db,
            app::jobs::store::NewJob::now(
                app::absences::reminders::KIND,
                serde_json::json!({ "survey_day": "2026-11-24" }),
                now.now(),
            ),
            now.now(),
        )
        .await
        .unwrap();
        assert_eq!(drain(&restarted).await, 1);
        // And the send itself refuses a second automatic row.
        let infanzia = app::schools::entity::plesso::Entity::find_by_id(INFANZIA)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let again = app::absences::reminders::send(
            &state.db,
            state.mail.as_deref(),
            &infanzia,
            tuesday(),
            reminder::AUTOMATIC,
            &app::absences::reminders::Sender {
                actor: app::identity::audit::Actor::system(),
                account_id: None,
            },
            state.now(),
        )
        .await
        .unwrap();
        assert_eq!(again, Err(app::absences::reminders::NotSentOr::AlreadySent));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(smtp.messages().len(), 2, "{}", db.label);
        assert_eq!(reminders(&state, reminder::AUTOMATIC).await.len(), 2);
        let audit = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("absence_reminders"))
            .count(&state.db)
            .await
            .unwrap();
        assert_eq!(audit, 2, "{}", db.label);

        // The page counts them.
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let page = call(&router, operator.apply(get("/assenze/completezza"))).await;
        assert_eq!(
            page.body.matches("manuali: 0, automatici: 1").count(),
            2,
            "{}",
            page.body
        );
    }
}

#[tokio::test]
async fn a_server_that_refuses_leaves_nothing_recorded_and_the_job_retries() {
    use app::jobs::entity as jobs;
    for db in common::all_backends().await {
        // Settings of an SMTP server that is not there.
        let mut settings = settings_for(free_port());
        settings.timeout = Duration::from_secs(2);
        let state = state_on(&db, day(2026, 11, 25), Some(settings)).await;
        fixture(&state, &[]).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let reply = call(&router, plain(&operator, INFANZIA)).await;
        let to = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
        assert!(
            to.contains("motivo=invio_non_riuscito"),
            "{}: {to}",
            db.label
        );
        let now = Arc::new(ManualNow::new(rome(2026, 11, 25, 9, 0)));
        let worker = Worker::new(
            state.db.clone(),
            app::shell::job_kinds_with(state.mail.clone()),
            now,
        );
        assert_eq!(worker.plan().await.unwrap(), 1);
        assert_eq!(drain(&worker).await, 1);
        let job = jobs::Entity::find()
            .filter(jobs::Column::Kind.eq(app::absences::reminders::KIND))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.state, "queued", "retried later: {}", job.message);
        assert_eq!(reminder::Entity::find().count(&state.db).await.unwrap(), 0);
        let audit = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("absence_reminders"))
            .count(&state.db)
            .await
            .unwrap();
        assert_eq!(audit, 0);
    }
}
