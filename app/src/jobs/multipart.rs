//! Reading a `multipart/form-data` upload as it streams in (server only):
//! the file is counted chunk by chunk and refused as soon as it crosses the
//! route's limit, so no more than the limit is ever held.
//!
//! The anti-forgery token of a plain form without JavaScript is its first
//! field: the middleware has already checked the origin and leaves the
//! token of multipart posts to this reader, which checks it before reading
//! anything else.

use axum::extract::{FromRequest, Multipart, Request};

use crate::error::AppError;
use crate::http::megabytes;
use crate::identity::csrf;
use crate::identity::current::RequestIdentity;

/// Uploads unless a route says otherwise.
pub const DEFAULT_UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// Marks a request whose token came in the header and matched (a script's
/// post): the reader then does not look for it among the fields.
#[derive(Debug, Clone, Copy)]
pub struct CsrfVerified;

/// Text fields are short (a select's value): anything longer is not ours.
const TEXT_FIELD_LIMIT: usize = 4 * 1024;
const MAX_FIELDS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The name the browser gave (display only).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The form's text fields and its one file field.
#[derive(Debug, Clone, Default)]
pub struct UploadForm {
    pub fields: Vec<(String, String)>,
    /// None when the form had no file chosen.
    pub file: Option<UploadedFile>,
}

impl UploadForm {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the upload of `req`: text fields, and the file of `file_field`
/// up to `limit` bytes (`TooLarge` beyond). Without a verified header
/// token, the first field must be the session's `csrf_token`.
pub async fn read(req: Request, file_field: &str, limit: usize) -> Result<UploadForm, AppError> {
    let expected = req
        .extensions()
        .get::<RequestIdentity>()
        .and_then(|r| r.session.as_ref())
        .map(|s| s.csrf_token.clone())
        .ok_or(AppError::Unauthenticated)?;
    let mut token_ok = req.extensions().get::<CsrfVerified>().is_some();
    let too_large = AppError::TooLarge {
        limit_mb: megabytes(limit),
    };
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut form = UploadForm::default();
    let mut count = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(stream_error(&e, &too_large)),
        };
        count += 1;
        if count > MAX_FIELDS {
            return Err(AppError::BadRequest);
        }
        let name = field.name().unwrap_or_default().to_owned();
        if !token_ok {
            // Nothing but the token is read before the token is checked.
            if name != csrf::FIELD {
                return Err(AppError::Csrf);
            }
            let given = read_text(field, &too_large).await?;
            if !csrf::tokens_match(&expected, &given) {
                return Err(AppError::Csrf);
            }
            token_ok = true;
            continue;
        }
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = read_file(field, limit, &too_large).await?;
            // A form submitted without a chosen file sends an empty part
            // without a name.
            if !(file_name.is_empty() && bytes.is_empty()) {
                form.file = Some(UploadedFile {
                    name: file_name,
                    bytes,
                });
            }
        } else if name != csrf::FIELD {
            let value = read_text(field, &too_large).await?;
            form.fields.push((name, value));
        }
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(form)
}

async fn read_file(
    mut field: axum::extract::multipart::Field<'_>,
    limit: usize,
    too_large: &AppError,
) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > limit {
                    return Err(too_large.clone());
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(e) => return Err(stream_error(&e, too_large)),
        }
    }
}

async fn read_text(
    field: axum::extract::multipart::Field<'_>,
    too_large: &AppError,
) -> Result<String, AppError> {
    let bytes = read_file(field, TEXT_FIELD_LIMIT, too_large)
        .await
        .map_err(|e| match e {
            AppError::TooLarge { .. } => AppError::BadRequest,
            other => other,
        })?;
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest)
}

/// A broken stream: over the body limit (413), else unreadable (400). The
/// limit's error may sit several wrappers deep (the edge's bound, axum's).
fn stream_error(err: &axum::extract::multipart::MultipartError, too_large: &AppError) -> AppError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return too_large.clone();
        }
        source = e.source();
    }
    if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        too_large.clone()
    } else {
        AppError::BadRequest
    }
}
