//! The browser's half of CSRF protection: the session's token travels in
//! every server-function call ([`CsrfClient`]) and every plain form
//! ([`CsrfField`]). Pages carry it in `<meta name="csrf-token">` (written by
//! the server in the document head), so both read the one current value.

use leptos::prelude::*;
use leptos::server_fn::Bytes;
use leptos::server_fn::client::Client;
use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;

use super::csrf;

/// The current page's token: on the server from the request, in the
/// browser from the page's meta tag. Empty when nobody is logged in.
pub fn page_token() -> String {
    #[cfg(feature = "ssr")]
    {
        super::current::request_identity()
            .and_then(|r| r.session)
            .map(|s| s.csrf_token)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        meta_token()
    }
}

#[cfg(not(feature = "ssr"))]
fn meta_token() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        document()
            .query_selector(&format!("meta[name=\"{}\"]", csrf::META))
            .ok()
            .flatten()
            .and_then(|el| el.get_attribute("content"))
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Hidden field with the token: put it in every `<form>` that posts, so the
/// form still works without JavaScript.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name=csrf::FIELD value=page_token() /> }
}

/// The `<meta>` tag for the document head (server-rendered shell).
#[component]
pub fn CsrfMeta() -> impl IntoView {
    view! { <meta name=csrf::META content=page_token() /> }
}

/// The browser's `fetch` client, plus the `x-csrf-token` header.
pub struct CsrfClient;

impl<E, IS, OS> Client<E, IS, OS> for CsrfClient
where
    E: FromServerFnError,
    IS: FromServerFnError,
    OS: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(req: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
        {
            let token = meta_token();
            if !token.is_empty() {
                req.headers().set(csrf::HEADER, &token);
            }
        }
        <BrowserClient as Client<E, IS, OS>>::send(req)
    }

    #[allow(clippy::type_complexity)]
    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                impl futures::Sink<Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, IS, OS>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, IS, OS>>::spawn(future)
    }
}
