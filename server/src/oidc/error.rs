//! What can go wrong in a SPID / CIE login, as one typed error: the Italian
//! message the person reads, the HTTP status, and a short category for the
//! log. Details kept for the log never hold tokens, codes or fiscal numbers.

use axum::http::StatusCode;

/// Why the `state` coming back from the provider was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateProblem {
    /// No `state` in the callback or no state cookie in the browser.
    Missing,
    /// The callback's state differs from the browser's cookie.
    Mismatch,
    /// Not in the database: never issued, already used, or purged.
    Unknown,
    /// Issued more than ten minutes ago.
    Expired,
}

/// Why an ID token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdTokenProblem {
    /// The token response carried no ID token.
    Missing,
    /// Signature not verifiable with the provider's keys, or algorithm refused.
    Signature,
    Issuer,
    Audience,
    Expired,
    Nonce,
    /// Malformed or otherwise unacceptable.
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error(
        "L'accesso con SPID o CIE non è attivo su questo portale. Rivolgersi all'amministratore del portale."
    )]
    NotConfigured,
    #[error(
        "Il servizio di identità digitale (SPID / CIE) non è raggiungibile in questo momento. Riprovare tra qualche minuto."
    )]
    ProviderUnavailable(String),
    #[error(
        "La richiesta di accesso non è valida o è scaduta: sono passati più di 10 minuti oppure il collegamento è già stato usato. Ricominciare l'accesso con SPID o CIE."
    )]
    InvalidState(StateProblem),
    #[error(
        "L'accesso è stato annullato o rifiutato presso il gestore dell'identità digitale. È possibile riprovare."
    )]
    ProviderRefused(String),
    #[error(
        "Il gestore dell'identità digitale ha risposto in modo inatteso. Ricominciare l'accesso; se il problema persiste, contattare l'assistenza del portale."
    )]
    TokenExchange(String),
    #[error(
        "Non è stato possibile verificare l'identità digitale ricevuta (firma o validità non corrette). Ricominciare l'accesso; se il problema persiste, contattare l'assistenza del portale."
    )]
    IdTokenRejected(IdTokenProblem),
    #[error(
        "Il gestore dell'identità digitale non ha comunicato il codice fiscale, necessario per accedere al portale. Verificare di aver acconsentito alla condivisione del codice fiscale e riprovare."
    )]
    FiscalNumberMissing,
    #[error(
        "Il codice fiscale comunicato dal gestore dell'identità digitale non è un codice fiscale personale valido. Contattare l'assistenza del portale."
    )]
    FiscalNumberInvalid,
    #[error("Errore interno del portale: riprovare tra qualche minuto.")]
    Internal(String),
}

impl OidcError {
    pub fn status(&self) -> StatusCode {
        match self {
            OidcError::NotConfigured => StatusCode::NOT_FOUND,
            OidcError::ProviderUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            OidcError::InvalidState(_) | OidcError::ProviderRefused(_) => StatusCode::BAD_REQUEST,
            OidcError::TokenExchange(_)
            | OidcError::IdTokenRejected(_)
            | OidcError::FiscalNumberMissing
            | OidcError::FiscalNumberInvalid => StatusCode::BAD_GATEWAY,
            OidcError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page's heading.
    pub fn title(&self) -> &'static str {
        match self {
            OidcError::NotConfigured => "Accesso con SPID o CIE non disponibile",
            OidcError::ProviderUnavailable(_) => "Servizio di identità digitale non raggiungibile",
            OidcError::InvalidState(_) => "Richiesta di accesso non valida o scaduta",
            OidcError::ProviderRefused(_) => "Accesso annullato",
            OidcError::Internal(_) => "Errore interno",
            _ => "Identità digitale non verificata",
        }
    }

    /// Category and detail for the log; never personal data or tokens.
    pub fn log_fields(&self) -> (&'static str, String) {
        match self {
            OidcError::NotConfigured => ("not_configured", String::new()),
            OidcError::ProviderUnavailable(d) => ("provider_unavailable", d.clone()),
            OidcError::InvalidState(p) => ("invalid_state", format!("{p:?}")),
            OidcError::ProviderRefused(code) => ("provider_refused", code.clone()),
            OidcError::TokenExchange(d) => ("token_exchange", d.clone()),
            OidcError::IdTokenRejected(p) => ("id_token_rejected", format!("{p:?}")),
            OidcError::FiscalNumberMissing => ("fiscal_number_missing", String::new()),
            OidcError::FiscalNumberInvalid => ("fiscal_number_invalid", String::new()),
            OidcError::Internal(d) => ("internal", d.clone()),
        }
    }
}

impl From<sea_orm::DbErr> for OidcError {
    fn from(err: sea_orm::DbErr) -> Self {
        // sqlx/sea-orm messages name tables and constraints, not values.
        OidcError::Internal(format!("database: {err}"))
    }
}

impl From<app::error::AppError> for OidcError {
    fn from(err: app::error::AppError) -> Self {
        use app::error::AppError as E;
        // Only the variant: messages could name the account.
        let kind = match err {
            E::Validation(_) => "validation",
            E::NotFound => "not_found",
            E::Forbidden => "forbidden",
            E::Unauthenticated => "unauthenticated",
            E::LoginFailed => "login_failed",
            E::Csrf => "csrf",
            E::Module(_) => "module",
            E::Conflict(_) => "conflict",
            E::BadRequest => "bad_request",
            E::TooLarge { .. } => "too_large",
            E::TooManyRequests { .. } => "too_many_requests",
            E::Busy => "busy",
            E::Internal => "internal",
            E::Transport(_) => "transport",
        };
        OidcError::Internal(format!("accounts or sessions: {kind}"))
    }
}
