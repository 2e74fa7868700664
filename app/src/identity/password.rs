//! Password hashing with argon2id (server only).
//!
//! Parameters follow OWASP's first recommendation for argon2id: 19 MiB of
//! memory, 2 iterations, 1 lane. Hashing runs on tokio's blocking pool so
//! a burst of logins never stalls page requests.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    // The constants are valid argon2 parameters; the fallback is never taken
    // but keeps this panic-free.
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of `password`.
pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "argon2 hashing failed");
            AppError::Internal
        })
}

/// Whether `password` matches `phc`. With no stored hash (unknown user,
/// SPID-only account) a dummy hash is checked so the answer takes as long.
pub fn verify_blocking(password: &str, phc: Option<&str>) -> bool {
    let stored = phc.unwrap_or_else(|| dummy_hash());
    let ok = match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => {
            tracing::error!("stored password hash is not a PHC string");
            false
        }
    };
    ok && phc.is_some()
}

/// Hashes on the blocking pool.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

/// Verifies on the blocking pool.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&password, phc.as_deref()))
        .await
        .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("nessun utente ha questa password").unwrap_or_default())
}
