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
    Module(String),
    /// A request the portal cannot read: a missing or malformed argument,
    /// bytes that are not text. The client's fault, never a server error.
    #[error(
        "Richiesta non valida: i dati inviati sono incompleti o illeggibili. Ricaricare la pagina e riprovare."
    )]
    BadRequest,
    /// A request body over the route's limit (`limit_mb` megabytes).
    #[error(
        "La richiesta supera il limite di {limit_mb} MB: inviare un file più piccolo o dividerlo in più parti."
    )]
    TooLarge { limit_mb: u32 },
    /// Too many attempts from one address: a per-IP limit shared by every
    /// instance through the database.
    #[error("Troppi tentativi da questo indirizzo: attendere {} e riprovare.", wait_text(*retry_after_secs))]
    TooManyRequests { retry_after_secs: u32 },
    /// The portal is saturated (e.g. every password check slot is taken):
    /// a short wait helps; nothing was changed.
    #[error("Il portale è molto occupato in questo momento: riprovare tra qualche secondo.")]
    Busy,
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
            AppError::BadRequest => 400,
            AppError::TooLarge { .. } => 413,
            AppError::TooManyRequests { .. } => 429,
            AppError::Busy => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Seconds a client should wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            AppError::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
            AppError::Busy => Some(BUSY_RETRY_SECS),
            _ => None,
        }
    }
}

/// What `Retry-After` says when the portal is saturated.
pub const BUSY_RETRY_SECS: u32 = 5;

/// "30 secondi", "1 minuto", "2 minuti": the wait in words.
fn wait_text(secs: u32) -> String {
    match secs {
        0..=59 => {
            let secs = secs.max(1);
            format!("{secs} second{}", if secs == 1 { "o" } else { "i" })
        }
        _ => {
            let minutes = secs.div_ceil(60);
            format!("{minutes} minut{}", if minutes == 1 { "o" } else { "i" })
        }
    }
}

#[cfg(feature = "ui")]
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // Only the server decodes arguments: a request it cannot read.
            E::Args(_) | E::MissingArg(_) => AppError::BadRequest,
            // On the server, a body that does not decode; in the browser, an
            // answer that does not (a transport problem).
            E::Deserialization(_) if cfg!(feature = "ssr") => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        // A uniqueness rule the database holds (two requests racing past
        // the application's own check): the client's conflict, not ours.
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
            tracing::info!("write refused by a uniqueness rule (409)");
            return AppError::Conflict(CONCURRENT_CHANGE.to_owned());
        }
        // sqlx/sea-orm messages name tables and constraints, not values.
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// The answer when the database refuses a write that a concurrent one made
/// impossible (a duplicate created a moment before).
pub const CONCURRENT_CHANGE: &str = "I dati sono stati modificati nel frattempo (per esempio un \
    elemento uguale è appena stato salvato): ricaricare la pagina e verificare prima di riprovare.";
