//! Password checks are bounded: one per core at a time, reusing their work
//! areas, and a full queue answers "busy" (503) instead of piling up.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::error::AppError;
use app::identity::password::{QUEUE_WAIT, hash_blocking, slot, slots, verify, verify_blocking};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

#[test]
fn the_pooled_check_agrees_with_the_library() {
    let phc = hash_blocking("Quercia-2026!").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    for _ in 0..3 {
        // The same work area, reused: still exact.
        assert!(verify_blocking("Quercia-2026!", Some(&phc)));
        assert!(!verify_blocking("Quercia-2026?", Some(&phc)));
    }
}

#[test]
fn hashes_with_other_parameters_still_verify() {
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(1024, 1, 1, None).unwrap(),
    );
    let salt = SaltString::generate(&mut OsRng);
    let phc = weak
        .hash_password(b"Quercia-2026!", &salt)
        .unwrap()
        .to_string();
    assert!(verify_blocking("Quercia-2026!", Some(&phc)));
    assert!(!verify_blocking("nope", Some(&phc)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_busy_instead_of_waiting_forever() {
    assert!(slots() >= 1);
    let mut held = Vec::new();
    for _ in 0..slots() {
        held.push(slot().await.expect("a free slot"));
    }
    let started = std::time::Instant::now();
    let answer = verify("x".to_owned(), None).await;
    assert_eq!(answer, Err(AppError::Busy));
    assert_eq!(AppError::Busy.status(), 503);
    assert!(AppError::Busy.retry_after().is_some());
    assert!(started.elapsed() >= QUEUE_WAIT);
    drop(held);
    assert_eq!(verify("x".to_owned(), None).await, Ok(false));
}
