//! Requests through the real router, in process: a browser-like origin,
//! sessions (cookie + anti-forgery token), logins.

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

/// The portal's host in tests; requests carry it as `Host`.
pub const HOST: &str = "portale.test";
pub const ORIGIN: &str = "http://portale.test";

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("JSON body: {}", self.body))
    }

    /// The `Set-Cookie` values.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }
}

pub async fn call(router: &axum::Router, req: Request<Body>) -> Reply {
    let what = format!("{} {}", req.method(), req.uri());
    // The router answers 503 after 30 s; this only guards the test itself.
    let resp = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        router.clone().oneshot(req),
    )
    .await
    .unwrap_or_else(|_| panic!("no response to {what} within 60 s"))
    .expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = to_bytes(resp.into_body(), 10 * 1024 * 1024)
        .await
        .expect("body");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

/// A server-function call as the WASM client makes it, from the portal's own page.
pub fn post_form(path: &str, form: &str) -> Request<Body> {
    post_form_from(path, form, Some(ORIGIN))
}

pub fn post_form_from(path: &str, form: &str, origin: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(origin) = origin {
        req = req.header(header::ORIGIN, origin);
    }
    req.body(Body::from(form.to_owned())).unwrap()
}

/// A logged-in browser: its cookie and the token its pages carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
}

impl Session {
    pub fn cookie(&self) -> String {
        format!("{}={}", app::identity::sessions::COOKIE, self.token)
    }

    /// The request with this session's cookie (and token on state-changing ones).
    pub fn apply(&self, mut req: Request<Body>) -> Request<Body> {
        let headers = req.headers_mut();
        headers.insert(header::COOKIE, self.cookie().parse().unwrap());
        if req.method() != axum::http::Method::GET {
            req.headers_mut()
                .insert("x-csrf-token", self.csrf.parse().unwrap());
        }
        req
    }

    /// Only the cookie, no token (a forged request riding on the cookie).
    pub fn cookie_only(&self, mut req: Request<Body>) -> Request<Body> {
        req.headers_mut()
            .insert(header::COOKIE, self.cookie().parse().unwrap());
        req
    }
}

/// The session cookie's token in a login reply.
pub fn session_token(reply: &Reply) -> Option<String> {
    reply.cookies().iter().find_map(|c| {
        let value = c.strip_prefix("portale_sessione=")?;
        let token = value.split(';').next()?;
        (!token.is_empty()).then(|| token.to_owned())
    })
}

pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs in through the real login server function; the session (with the
/// token read back from the database, as the page's meta tag would carry it).
pub async fn login(
    router: &axum::Router,
    db: &sea_orm::DatabaseConnection,
    username: &str,
    password: &str,
) -> Result<Session, Reply> {
    let form = form_encode(&[("username", username), ("password", password)]);
    let reply = call(router, post_form("/api/accedi", &form)).await;
    if reply.status != StatusCode::OK {
        return Err(reply);
    }
    let token = session_token(&reply).expect("session cookie on a successful login");
    let csrf = csrf_of(db, &token).await;
    Ok(Session { token, csrf })
}

/// The anti-forgery token of a session, from its row.
pub async fn csrf_of(db: &sea_orm::DatabaseConnection, token: &str) -> String {
    use app::identity::entity::sessions;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    sessions::Entity::find()
        .filter(sessions::Column::TokenHash.eq(app::identity::sessions::token_hash(token)))
        .one(db)
        .await
        .unwrap()
        .expect("session row")
        .csrf_token
}

/// A session for `username` without the password round (fast: no argon2).
pub async fn session_for(
    db: &sea_orm::DatabaseConnection,
    username: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Session {
    use app::identity::entity::accounts;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let account = accounts::Entity::find()
        .filter(accounts::Column::Username.eq(username))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("account {username}"));
    let new = app::identity::sessions::start_session(db, account.id, None, now)
        .await
        .unwrap();
    Session {
        token: new.token,
        csrf: new.csrf_token,
    }
}

/// The public registration form of a principal (Mario Rossi) for `istituto`.
pub fn registration_form(istituto: &str, cf: &str) -> String {
    form_encode(&[
        ("form[istituto_codice]", istituto),
        ("form[codice_fiscale]", cf),
        ("form[full_name]", "Mario Rossi"),
        ("form[email]", "mario.rossi@scuola.it"),
        ("form[phone]", "02 1234567"),
    ])
}

/// Boundary of the multipart bodies the tests build.
pub const BOUNDARY: &str = "----portale-test-7d1f";

/// A `multipart/form-data` body as a browser sends the "Importa anagrafe"
/// form: the token first (when given), the text fields, then the file.
pub fn multipart_body(
    token: Option<&str>,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Vec<u8> {
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    if let Some(token) = token {
        text("csrf_token", token);
    }
    for (name, value) in fields {
        text(name, value);
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A plain multipart form post from the portal's page (no JavaScript).
pub fn post_multipart(path: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .body(Body::from(body))
        .unwrap()
}
