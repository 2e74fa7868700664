//! Server functions of logging in and out, and of "who am I" for the header.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::Role;
use super::csrf_client::CsrfClient;
use crate::error::AppError;

/// Form field names, shared by the inputs and the server function.
pub const USERNAME: &str = "username";
pub const PASSWORD: &str = "password";

/// Where a successful login leads.
pub const AFTER_LOGIN: &str = "/scuola";

/// The logged-in user as the header shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub full_name: String,
    pub role: Role,
}

#[server(prefix = "/api", endpoint = "sessione", input = GetUrl)]
pub async fn load_session_info() -> Result<Option<SessionInfo>, AppError> {
    Ok(super::current::current_optional().map(|who| SessionInfo {
        full_name: who.full_name,
        role: who.role,
    }))
}

/// Password login. Every failure gives the same message; five consecutive
/// failures lock the account for 15 minutes (counted in its row).
#[server(prefix = "/api", endpoint = "accedi", client = CsrfClient)]
pub async fn login(username: String, password: String) -> Result<String, AppError> {
    use super::current::request_identity;
    let state = super::Call::public::<Login>()?.state;
    let request = request_identity().unwrap_or_default();
    let replaces = request.session.as_ref().map(|s| s.session_id);
    let attempt = super::login_ssr::Attempt {
        username: &username,
        password: &password,
        client_ip: request.client_ip.as_deref(),
        now: state.now(),
        replaces,
    };
    let new = super::login_ssr::authenticate(&state.db, attempt).await?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(http::header::SET_COOKIE, new.cookie);
    }
    crate::http::redirect_plain_form(AFTER_LOGIN);
    Ok(AFTER_LOGIN.to_owned())
}

/// Ends the caller's session.
#[server(prefix = "", endpoint = "esci", client = CsrfClient)]
pub async fn logout() -> Result<(), AppError> {
    use super::current::request_identity;
    let super::Call { who, state, .. } = super::Call::of::<Logout>()?;
    let request = request_identity().unwrap_or_default();
    if let Some(session) = request.session {
        let txn = crate::db::begin_write(&state.db).await?;
        super::sessions::end_session(&txn, session.session_id).await?;
        let change = super::audit::Change::new(
            "logout",
            "sessions",
            Some(i64::from(session.session_id)),
            serde_json::json!({}),
        );
        super::audit::Actor::person(&who, request.client_ip.as_deref())
            .record(&txn, change)
            .await?;
        txn.commit().await?;
        tracing::info!(account_id = who.account_id, "logout");
    }
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(http::header::SET_COOKIE, super::sessions::clear_cookie());
    }
    crate::http::redirect_plain_form("/");
    Ok(())
}
