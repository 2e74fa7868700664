//! The form pattern every island form follows, in a few lines:
//!
//! ```ignore
//! let form = Form::<CreateDelegation>::new();
//! let email = form.text("form[email]", String::new());
//! let err = form.errors();
//! // view: <form action=CreateDelegation::url() method="post" …>
//! //         {form.key_field()}
//! //         <FormErrors local=form.local server=form.server />
//! //         <TextField name="form[email]" value=email error=err("email") … />
//! ```
//!
//! - the shared rules run in the browser ([`Form::check`]) and the server's
//!   answer comes back as field errors beside the same fields;
//! - without JavaScript the browser posts the form itself; when the server
//!   refuses it, it renders the form's page again with what was typed
//!   ([`FormEcho`], never a password) and the errors, so nothing is lost,
//!   and the error never travels in the address;
//! - when the island comes alive after such an answer (or after the person
//!   typed before the WASM arrived), the fields keep what the page holds
//!   ([`super::adopt_typed`]) and the errors stay (read back from the
//!   key field's `data-echo`);
//! - the key field carries the create's request key (idempotent creates).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};

/// What a plain form post sent, handed to the page rendered in answer to
/// its refusal (server only; put in the request's extensions by the
/// server's edge).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    /// The server function the form was posted to.
    pub action: String,
    /// The fields as posted, passwords left out.
    pub fields: Vec<(String, String)>,
}

impl FormEcho {
    /// Fields never sent back to the browser.
    pub fn is_secret(name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        name.contains("password") || name.contains("csrf")
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The name of the request key's field (a server-function argument).
pub const REQUEST_KEY: &str = "request_key";

/// A random UUID (version 4) while the server renders; empty in the
/// browser, which takes the page's.
fn new_request_key() -> String {
    #[cfg(feature = "ssr")]
    {
        use rand::Rng as _;
        let mut b: [u8; 16] = rand::rng().random();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// The field that tells the forms of one page apart when several post to
/// the same function (one editor per record).
pub const RECORD_FIELD: &str = "form[id]";

/// The echo of this request, if it is the answer to a refused plain post
/// of `action` for `record` (server rendering only).
fn echo_for(action: &str, record: Option<&str>) -> Option<FormEcho> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let echo = parts.extensions.get::<FormEcho>()?;
        let posted = echo.value(RECORD_FIELD).filter(|v| !v.is_empty());
        (echo.action == action && posted == record).then(|| echo.clone())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (action, record);
        None
    }
}

/// The refusal the server rendered into the form (the `data-echo` of its
/// key field, element `key_id`), read back when the island comes alive.
fn echoed_error(key_id: &str) -> Option<AppError> {
    #[cfg(feature = "hydrate")]
    {
        let json = document()
            .get_element_by_id(key_id)?
            .get_attribute("data-echo")?;
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key_id;
        None
    }
}

/// What a form needs besides its server function, kept apart so that it is
/// compiled once, not once per form (the WASM bundle stays small).
#[derive(Clone, Copy)]
pub struct FormCore {
    /// The browser's own check of the last submission.
    pub local: RwSignal<FieldErrors>,
    echo: StoredValue<Option<FormEcho>>,
    echoed: StoredValue<Option<AppError>>,
    /// The id of the key field, which also carries the rendered refusal.
    key_id: StoredValue<String>,
    /// The key of this form's create, made when the page was rendered: a
    /// second request with it gets the first one's record.
    pub request_key: RwSignal<String>,
}

impl FormCore {
    /// `rendered` is the refusal the server rendered into this form's page
    /// (the action's value while the server renders it), if any.
    fn new(path: &'static str, record: Option<i32>, rendered: Option<AppError>) -> Self {
        let record = record.map(|id| id.to_string());
        let echo = echo_for(path, record.as_deref());
        let scope: String = format!("{}-{}", path, record.as_deref().unwrap_or("nuovo"))
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let key_id = format!("chiave{scope}");
        // On the server the refusal arrives as the action's value (Leptos
        // reads it from the page's request); in the browser, from the page.
        let echoed = match rendered {
            Some(e) if echo.is_some() => Some(e),
            Some(_) => None,
            None => echoed_error(&key_id),
        };
        let mut core = FormCore {
            local: RwSignal::new(FieldErrors::new()),
            echo: StoredValue::new(echo),
            echoed: StoredValue::new(echoed),
            key_id: StoredValue::new(key_id),
            request_key: RwSignal::new(String::new()),
        };
        // The key: the one the refused post carried, else a new one (the
        // server makes it while rendering; the browser adopts the page's).
        core.request_key = core.text(REQUEST_KEY, new_request_key());
        super::adopt_typed(&core.key_id.get_value(), core.request_key);
        core
    }

    /// The hidden field carrying the key, and the refusal the server
    /// rendered (`data-echo`) for the island to keep showing; put it inside
    /// the form.
    pub fn key_field(&self) -> impl IntoView + use<> {
        view! {
            <input
                type="hidden"
                id=self.key_id.get_value()
                name=REQUEST_KEY
                value=self.request_key.get_untracked()
                data-echo=self.echo()
            />
        }
    }

    /// A text field's signal: what the refused post sent, else `initial`.
    pub fn text(&self, name: &str, initial: String) -> RwSignal<String> {
        let echoed = self
            .echo
            .with_value(|e| e.as_ref().and_then(|e| e.value(name)).map(str::to_owned));
        RwSignal::new(echoed.unwrap_or(initial))
    }

    /// A checkbox's signal: ticked when the refused post sent it.
    pub fn ticked(&self, name: &str, initial: bool) -> RwSignal<bool> {
        let ticked = self.echo.with_value(|echo| match echo {
            Some(echo) => echo.value(name).is_some(),
            None => initial,
        });
        RwSignal::new(ticked)
    }

    /// The refusal the server rendered into the page, as JSON (empty when
    /// none).
    fn echo(&self) -> String {
        self.echoed.with_value(|e| {
            e.as_ref()
                .and_then(|e| serde_json::to_string(e).ok())
                .unwrap_or_default()
        })
    }

    fn rendered(&self) -> Option<AppError> {
        self.echoed.get_value()
    }
}

/// One island form bound to server function `S`; everything else is its
/// [`FormCore`] (`form.text(…)`, `form.echo()`, … through `Deref`).
pub struct Form<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    pub action: ServerAction<S>,
    /// The server's refusal of the last submission (also one rendered
    /// into the page before the island came alive).
    pub server: Signal<Option<AppError>>,
    pub core: FormCore,
}

impl<S> std::ops::Deref for Form<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    type Target = FormCore;

    fn deref(&self) -> &FormCore {
        &self.core
    }
}

impl<S> Form<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    /// The form that creates a record (or the only form of `S` on its page).
    pub fn new() -> Self {
        Self::for_record(None)
    }

    /// The editor of record `id` (its hidden [`RECORD_FIELD`]), `None` for
    /// the form that creates one: a refusal comes back to that form only.
    pub fn for_record(id: Option<i32>) -> Self {
        let action = ServerAction::<S>::new();
        let rendered = match action.value().get_untracked() {
            Some(Err(e)) => Some(e),
            _ => None,
        };
        let core = FormCore::new(S::PATH, id, rendered);
        let from_page = core.rendered();
        let (value, version) = (action.value(), action.version());
        // Before the first submission from this page, the refusal shown is
        // the one rendered into it (other editors of `S` show none).
        let server = Signal::derive(move || {
            if version.get() == 0 {
                return from_page.clone();
            }
            match value.get() {
                Some(Err(e)) => Some(e),
                _ => None,
            }
        });
        Form {
            action,
            server,
            core,
        }
    }

    /// The message beside `field`: the browser's check first, else the
    /// server's answer.
    pub fn error(&self, field: &'static str) -> Signal<Option<String>> {
        super::fields::field_error(self.core.local.into(), self.server, field)
    }

    /// Runs the shared rules on `input`; sends it when they pass, shows
    /// the errors beside the fields otherwise.
    pub fn check(&self, input: S, rules: Result<(), FieldErrors>) {
        match rules {
            Ok(()) => {
                self.core.local.set(FieldErrors::new());
                self.action.dispatch(input);
            }
            Err(errors) => self.core.local.set(errors),
        }
    }
}

impl<S> Default for Form<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<S> Clone for Form<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Form<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_are_secrets() {
        for name in ["password", "form[new_password]", "csrf_token", "PASSWORD"] {
            assert!(FormEcho::is_secret(name), "{name}");
        }
        assert!(!FormEcho::is_secret("form[email]"));
    }

    #[test]
    fn a_value_is_found_by_its_name() {
        let echo = FormEcho {
            action: "/api/x".into(),
            fields: vec![("form[email]".into(), "m@x.it".into())],
        };
        assert_eq!(echo.value("form[email]"), Some("m@x.it"));
        assert_eq!(echo.value("form[cf]"), None);
    }
}
