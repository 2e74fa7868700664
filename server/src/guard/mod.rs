//! The HTTP edge: what every request and answer crosses, whatever the route
//! (pages, server functions, SPID / CIE, static files). Each concern is one
//! small piece, so a route added later is covered without asking.
//!
//! - [`limits`]: request bodies bounded per route (413 with the limit);
//! - [`throttle`]: per-client limits on the expensive public entries (429);
//! - [`statuses`]: a server function's refusal answered with the status of
//!   its kind (422, 403, 404, 409, 400, 429, 503), set once, here;
//! - [`echo`]: a refused plain form post is answered with its page, the
//!   typed values and the errors in it (no error in the address);
//! - [`redirects`]: a plain form post's redirect stays on the portal, and a
//!   page shows only errors the portal signed;
//! - [`secrets`]: the keys every instance shares, kept in the database;
//! - [`timeouts`]: how long each route may take (longer for uploads).

pub mod echo;
pub mod identity;
pub mod limits;
pub mod redirects;
pub mod secrets;
pub mod statuses;
pub mod throttle;
pub mod timeouts;

use crate::guard::identity::{
    ClientAddr, client_ip, is_secure, is_server_fn_path, transport_headers,
};
use app::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// What the edge works with: the portal's state, and the pages' router
/// (to answer a refused plain form post with its page).
#[derive(Clone)]
pub struct Edge {
    pub state: AppState,
    pub pages: axum::Router,
}

/// The outermost layer of the portal's own logic.
pub async fn edge_layer(State(edge): State<Edge>, mut req: Request, next: Next) -> Response {
    let state = &edge.state;
    let path = req.uri().path().to_owned();
    let secure = is_secure(state, req.headers());
    let server_fn = is_server_fn_path(&path);
    let client = client_ip(req.headers(), req.extensions(), state.security.trust_proxy);
    req.extensions_mut().insert(ClientAddr(client.clone()));

    let req = match limits::bound(req).await {
        Ok(req) => req,
        Err(refused) => return transport_headers(refused, secure),
    };
    let method = req.method().clone();
    let pending =
        match throttle::check(state, &method, &path, req.headers(), client.as_deref()).await {
            Ok(pending) => pending,
            Err(refused) => return transport_headers(refused, secure),
        };
    let (req, plain_post) = if server_fn {
        let req = redirects::drop_foreign_referer(req, secure, state.security.trust_proxy);
        match echo::capture(req, limits::limit_for(&path)).await {
            Ok(captured) => captured,
            Err(refused) => return transport_headers(refused, secure),
        }
    } else if let Some(clean) = redirects::refuse_unsigned_error(&state.redirect_key, &req) {
        return transport_headers(clean, secure);
    } else {
        (req, None)
    };

    let mut res = next.run(req).await;
    if server_fn {
        res = statuses::from_error_kind(res).await;
    }
    if let Some(hit) = pending.and_then(|p| throttle::to_refund(p, &res)) {
        throttle::refund(state, hit).await;
    }
    if let Some(post) = plain_post {
        res = echo::answer(post, res, edge.pages.clone()).await;
    }
    if server_fn {
        res = redirects::sign_error_redirect(&state.redirect_key, res);
    }
    transport_headers(res, secure)
}
