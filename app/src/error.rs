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
    #[error("{0}")]
    Conflict(String),
    #[error("Errore interno del portale: riprovare tra qualche minuto.")]
    Internal,
    #[error(
        "Il server non è raggiungibile o ha risposto in modo inatteso ({0}). Controllare la connessione e riprovare."
    )]
    Transport(String),
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
