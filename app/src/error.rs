//! Errors that cross the server/browser boundary.
//!
//! Server functions return [`AppError`]; forms read [`FieldErrors`] to show
//! each message in red beside its field. Database text never reaches a user:
//! it is logged (without personal data) and mapped to `Internal`.

use serde::{Deserialize, Serialize};

/// One validation message for one form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's key, equal to the input's `name`.
    pub field: String,
    /// Italian message: what is wrong and how to fix it.
    pub message: String,
}

/// Field-keyed validation messages, in form order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// The first message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, so a server function can `?` its checks.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }
}

/// The headline the seeds' forms show above field errors.
pub const SAVE_FAILED: &str =
    "ERRORE! Salvataggio non riuscito. Correggere i dati indicati in rosso";

/// The one answer to every failed login.
pub const LOGIN_FAILED: &str = "Nome utente o password non corretti. Dopo 5 tentativi non riusciti \
    l'accesso resta bloccato per 15 minuti.";

/// The answer to a forged or stale state-changing request.
pub const CSRF_REFUSED: &str = "Richiesta rifiutata per motivi di sicurezza: non proviene da una \
    pagina del portale o la sessione è cambiata. Ricaricare la pagina e riprovare.";

/// Everything a server function can answer besides success.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{SAVE_FAILED}")]
    Validation(FieldErrors),
    /// Also used for records of other schools, so refusals never reveal
    /// whether a record exists.
    #[error("Elemento non trovato o non accessibile.")]
    NotFound,
    #[error("Operazione non consentita per il suo profilo.")]
    Forbidden,
    /// Nobody is logged in, or the session has expired.
    #[error("Accesso richiesto: accedere con le proprie credenziali per continuare.")]
    Unauthenticated,
    /// Any failed login, whatever the reason (unknown user, wrong password,
    /// locked or disabled account): one message reveals nothing.
    #[error("{LOGIN_FAILED}")]
    LoginFailed,
    /// A state-changing request from another site, or without the session's
    /// anti-forgery token.
    #[error("{CSRF_REFUSED}")]
    Csrf,
    #[error("{0}")]
    Conflict(String),
    /// A module the caller may not use (now): not delegated, expired,
    /// revoked, not yet valid, or not for the role.
    #[error("{0}")]
    Module(crate::identity::ModuleRefusal),
    #[error("Errore interno del portale: riprovare tra qualche minuto.")]
    Internal,
    #[error(
        "Il server non è raggiungibile o ha risposto in modo inatteso ({0}). Controllare la connessione e riprovare."
    )]
    Transport(String),
}

impl AppError {
    /// The HTTP status a refusal is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::NotFound => 404,
            AppError::Forbidden | AppError::Csrf | AppError::Module(_) => 403,
            AppError::Unauthenticated | AppError::LoginFailed => 401,
            AppError::Conflict(_) => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl From<crate::identity::Refusal> for AppError {
    fn from(refusal: crate::identity::Refusal) -> Self {
        use crate::identity::Refusal;
        match refusal {
            Refusal::Unauthenticated => AppError::Unauthenticated,
            Refusal::Forbidden => AppError::Forbidden,
            Refusal::NotFound => AppError::NotFound,
            Refusal::Module(reason) => AppError::Module(reason),
        }
    }
}

#[cfg(feature = "ui")]
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        // sqlx/sea-orm messages name tables and constraints, not values.
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
