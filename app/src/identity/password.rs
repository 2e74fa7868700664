//! Password hashing with argon2id (server only).
//!
//! Parameters follow OWASP's first recommendation for argon2id: 19 MiB of
//! memory, 2 iterations, 1 lane. Each check is expensive on purpose, so a
//! stranger must not be able to run many at once: a semaphore sized to the
//! cores admits one check per core, a caller waits at most
//! [`QUEUE_WAIT`] for a slot and is otherwise told the portal is busy (503).
//! The 19 MiB work areas are kept in a pool, one per slot, and reused: the
//! allocator never sees hundreds of short-lived 19 MiB blocks, which its
//! per-thread arenas kept after a burst instead of returning them.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

/// Longest wait for a free hashing slot before answering "busy".
pub const QUEUE_WAIT: Duration = Duration::from_secs(3);

fn params() -> Params {
    // The constants are valid argon2 parameters; the fallback is never taken
    // but keeps this panic-free.
    Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default()
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// The slots and their reusable work areas.
struct Pool {
    slots: std::sync::Arc<Semaphore>,
    size: usize,
    memory: Mutex<Vec<Vec<Block>>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let size = std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1)
            .clamp(1, 8);
        Pool {
            slots: std::sync::Arc::new(Semaphore::new(size)),
            size,
            memory: Mutex::new(Vec::new()),
        }
    })
}

/// How many password checks may run at once (the number of cores, 1 to 8).
pub fn slots() -> usize {
    pool().size
}

/// Runs `f` with a work area of `blocks` blocks from the pool (allocated the
/// first time, at most one per slot since callers hold a slot).
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let pool = pool();
    let taken = pool
        .memory
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .pop();
    let mut area = match taken {
        Some(area) if area.len() == blocks => area,
        _ => vec![Block::default(); blocks],
    };
    let out = f(&mut area);
    pool.memory
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(area);
    out
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of `password`.
/// Blocking; call it through [`hash`] from async code.
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
/// Blocking; call it through [`verify`] from async code.
pub fn verify_blocking(password: &str, phc: Option<&str>) -> bool {
    let stored = phc.unwrap_or_else(|| dummy_hash());
    let ok = match PasswordHash::new(stored) {
        Ok(parsed) => matches_pooled(password, &parsed).unwrap_or_else(|| {
            // Another algorithm or other parameters: the library's own path.
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        }),
        Err(_) => {
            tracing::error!("stored password hash is not a PHC string");
            false
        }
    };
    ok && phc.is_some()
}

/// The check on a pooled work area, for hashes made with this portal's
/// parameters (all of them); None for any other kind of hash.
fn matches_pooled(password: &str, parsed: &PasswordHash<'_>) -> Option<bool> {
    if parsed.algorithm != Algorithm::Argon2id.ident() {
        return None;
    }
    let stored_params = Params::try_from(parsed).ok()?;
    let ours = params();
    if (
        stored_params.m_cost(),
        stored_params.t_cost(),
        stored_params.p_cost(),
    ) != (ours.m_cost(), ours.t_cost(), ours.p_cost())
        || parsed.version != Some(Version::V0x13.into())
    {
        return None;
    }
    let expected = parsed.hash?;
    let mut salt_buf = [0u8; 64];
    let salt = parsed.salt?.decode_b64(&mut salt_buf).ok()?;
    let mut out = vec![0u8; expected.len()];
    let computed = with_memory(ours.block_count(), |area| {
        argon2().hash_password_into_with_memory(password.as_bytes(), salt, &mut out, area)
    });
    if computed.is_err() {
        return Some(false);
    }
    // Output's equality is constant-time.
    Some(Output::new(&out).is_ok_and(|o| o == expected))
}

/// A hashing slot, held while one hash is computed; `Busy` after
/// [`QUEUE_WAIT`]. Public so tests can fill the queue.
pub async fn slot() -> Result<OwnedSemaphorePermit, AppError> {
    let slots = pool().slots.clone();
    match tokio::time::timeout(QUEUE_WAIT, slots.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_)) => Err(AppError::Internal),
        Err(_) => {
            tracing::warn!("every password check slot busy: request refused (503)");
            Err(AppError::Busy)
        }
    }
}

/// Hashes on the blocking pool, holding a slot.
pub async fn hash(password: String) -> Result<String, AppError> {
    let permit = slot().await?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        hash_blocking(&password)
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Verifies on the blocking pool, holding a slot; `Busy` when no slot frees
/// up in time (nothing was checked, nothing counted).
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, AppError> {
    verify_in(slot().await?, password, phc).await
}

/// Verifies in a slot the caller already holds (the login takes its slot
/// before counting the attempt, so a busy portal never costs an attempt).
pub async fn verify_in(
    permit: OwnedSemaphorePermit,
    password: String,
    phc: Option<String>,
) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        verify_blocking(&password, phc.as_deref())
    })
    .await
    .map_err(|_| AppError::Internal)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("nessun utente ha questa password").unwrap_or_default())
}
