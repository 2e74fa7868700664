//! For the SPID / CIE tests: the real OpenID provider (`oidc-provider`, a
//! Node script in end2end/oidc-provider) on a free loopback port, the portal
//! served over TCP with a recording [`LoginSink`], and a cookie-keeping
//! client that walks the provider's login and consent forms.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::Duration;

use app::error::AppError;
use axum::http::HeaderValue;
use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{StatusCode, Url};
use server::oidc::{LoginSink, Oidc, OidcConfig};

use crate::common;

pub const SECRET: &str = "segreto-di-prova";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `npm ci` in end2end once per run when its packages are missing or stale.
fn ensure_node_packages() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let status = Command::new("bash")
            .arg("-c")
            .arg("source scripts/lib.sh && ensure_e2e_packages")
            .current_dir(repo_root())
            .stdout(Stdio::null())
            .status()
            .expect("bash runs");
        assert!(
            status.success(),
            "ensure_e2e_packages failed (is node/npm installed?)"
        );
    });
}

/// The provider's Node process, killed when dropped.
pub struct ProviderProcess {
    child: Child,
    pub issuer: String,
}

impl Drop for ProviderProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the provider for `redirect_uri`; with `id_token_claims` the
/// fiscal number is in the ID token, else only in userinfo.
pub fn start_provider(redirect_uri: &str, id_token_claims: bool) -> ProviderProcess {
    ensure_node_packages();
    let port = free_port();
    let mut child = Command::new("node")
        .arg(repo_root().join("end2end/oidc-provider/provider.mjs"))
        .env("PORT", port.to_string())
        .env("REDIRECT_URI", redirect_uri)
        .env("CLIENT_SECRET", SECRET)
        .env("ID_TOKEN_CLAIMS", if id_token_claims { "1" } else { "0" })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts (is Node.js installed?)");
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(issuer) = line.strip_prefix("ready ") {
                let _ = tx.send(issuer.to_owned());
            }
        }
    });
    let errors = Arc::new(Mutex::new(String::new()));
    let sink = errors.clone();
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        sink.lock().unwrap().push_str(&s);
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(issuer) => ProviderProcess { child, issuer },
        Err(_) => {
            let _ = child.kill();
            std::thread::sleep(Duration::from_millis(200));
            panic!(
                "the OpenID provider did not start: {}",
                errors.lock().unwrap()
            );
        }
    }
}

/// The test double of accounts and sessions: a fixed map of registered
/// codes, and a record of every code looked up and session opened.
#[derive(Clone, Default)]
pub struct RecordingSink {
    pub registered: HashMap<String, i32>,
    pub looked_up: Arc<Mutex<Vec<String>>>,
    pub sessions: Arc<Mutex<Vec<i32>>>,
}

impl RecordingSink {
    pub fn with(cf: &str, account_id: i32) -> Self {
        RecordingSink {
            registered: HashMap::from([(cf.to_owned(), account_id)]),
            ..Default::default()
        }
    }
    pub fn looked_up(&self) -> Vec<String> {
        self.looked_up.lock().unwrap().clone()
    }
    pub fn sessions(&self) -> Vec<i32> {
        self.sessions.lock().unwrap().clone()
    }
}

impl LoginSink for RecordingSink {
    async fn account_for_cf(&self, cf: &str) -> Result<Option<i32>, AppError> {
        self.looked_up.lock().unwrap().push(cf.to_owned());
        Ok(self.registered.get(cf).copied())
    }

    async fn start_session(
        &self,
        account_id: i32,
        _client_ip: Option<String>,
        _now: DateTime<Utc>,
    ) -> Result<HeaderValue, AppError> {
        self.sessions.lock().unwrap().push(account_id);
        Ok(HeaderValue::from_str(&format!(
            "portale_sessione=sess-{account_id}; Path=/; HttpOnly"
        ))
        .unwrap())
    }
}

/// A portal on a free port with SPID / CIE against a running provider.
pub struct Portal {
    pub base: Url,
    pub db: sea_orm::DatabaseConnection,
    pub sink: RecordingSink,
    pub provider: ProviderProcess,
    _db: common::TestDb,
}

pub struct PortalOptions {
    pub public_client: bool,
    pub id_token_claims: bool,
}

pub async fn start_portal(db: common::TestDb, sink: RecordingSink, opts: PortalOptions) -> Portal {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    let redirect = base.join(server::oidc::CALLBACK_PATH).unwrap().to_string();
    let provider = start_provider(&redirect, opts.id_token_claims);
    let config = OidcConfig {
        issuer: provider.issuer.clone(),
        client_id: if opts.public_client {
            "portale-pubblico"
        } else {
            "portale"
        }
        .to_owned(),
        client_secret: (!opts.public_client).then(|| SECRET.to_owned()),
        redirect_url: redirect,
        scopes: vec!["profile".to_owned(), "fiscalNumber".to_owned()],
        fiscal_claim: "fiscalNumber".to_owned(),
    };
    let state = common::state(&db).await;
    let oidc = Oidc::new(config, state.db.clone(), state.clock.clone(), sink.clone()).unwrap();
    let app = server::web::router_with_spid(state.clone(), server::oidc::routes(oidc));
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Portal {
        base,
        db: state.db.clone(),
        sink,
        provider,
        _db: db,
    }
}

/// One HTTP exchange seen by the browser-like client.
#[derive(Debug)]
pub struct Hop {
    pub url: Url,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Sends `req` and follows redirects by hand, keeping every hop; stops
/// before requesting a URL for which `stop(url)` holds.
pub async fn follow(
    client: &reqwest::Client,
    mut req: reqwest::RequestBuilder,
    stop: impl Fn(&Url) -> bool,
) -> (Vec<Hop>, Option<Url>) {
    let mut hops = Vec::new();
    for _ in 0..20 {
        let resp = req.send().await.unwrap();
        let url = resp.url().clone();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.text().await.unwrap();
        let next = headers
            .get(LOCATION)
            .filter(|_| status.is_redirection())
            .map(|l| url.join(l.to_str().unwrap()).unwrap());
        hops.push(Hop {
            url,
            status,
            headers,
            body,
        });
        match next {
            Some(next) if stop(&next) => return (hops, Some(next)),
            Some(next) => req = client.get(next),
            None => return (hops, None),
        }
    }
    panic!("too many redirects: {hops:#?}");
}

/// The `action` of the page's form, resolved against the page's URL.
fn form_action(hop: &Hop) -> Url {
    let start = hop.body.find("<form").expect("a form");
    let rest = &hop.body[start..];
    let at = rest.find("action=\"").expect("form action") + "action=\"".len();
    let end = rest[at..].find('"').unwrap();
    hop.url
        .join(&rest[at..at + end].replace("&amp;", "&"))
        .unwrap()
}

/// Logs in at the provider as `user` (devInteractions: any password),
/// consents, and stops at the portal's callback URL without requesting it.
pub async fn login_at_provider(portal: &Portal, client: &reqwest::Client, user: &str) -> Url {
    let is_callback = |u: &Url| u.path() == server::oidc::CALLBACK_PATH;
    let start = portal.base.join("/auth/spid?ritorno=/casi").unwrap();
    let (mut hops, mut stopped) = follow(client, client.get(start), is_callback).await;
    while stopped.is_none() {
        let page = hops.last().unwrap();
        assert_eq!(page.status, StatusCode::OK, "{page:#?}");
        let form = if page.body.contains(r#"name="prompt" value="login""#) {
            vec![
                ("prompt", "login"),
                ("login", user),
                ("password", "qualsiasi"),
            ]
        } else if page.body.contains(r#"name="prompt" value="consent""#) {
            vec![("prompt", "consent")]
        } else {
            panic!("unexpected page at the provider: {page:#?}");
        };
        (hops, stopped) = follow(
            client,
            client.post(form_action(page)).form(&form),
            is_callback,
        )
        .await;
    }
    stopped.unwrap()
}

/// Requests the callback URL (as the browser would) and returns that hop.
pub async fn callback(client: &reqwest::Client, url: &Url) -> Hop {
    let (mut hops, _) = follow(client, client.get(url.clone()), |_| true).await;
    hops.remove(0)
}

pub fn set_cookies(hop: &Hop) -> Vec<String> {
    hop.headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The state cookie the portal set at the start (for replay tests).
pub fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
