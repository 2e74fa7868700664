//! Lock-out after repeated failed logins. The counter lives in the account's
//! row, so it holds across every server instance sharing the database.

use chrono::{DateTime, Duration, Utc};

/// Consecutive failures that lock an account.
pub const MAX_FAILURES: i32 = 5;
/// How long a lock lasts.
pub const LOCK_MINUTES: i64 = 15;

/// Whether an account locked until `locked_until` is still locked at `now`.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|until| now < until)
}

/// After a failure bringing the count to `failures`: the end of the lock to
/// set, if this failure locks the account.
pub fn lock_after(failures: i32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (failures >= MAX_FAILURES).then(|| now + Duration::minutes(LOCK_MINUTES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap()
    }

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        assert_eq!(lock_after(4, at(9, 0)), None);
        assert_eq!(lock_after(5, at(9, 0)), Some(at(9, 15)));
        assert_eq!(lock_after(7, at(9, 0)), Some(at(9, 15)));
    }

    #[test]
    fn a_lock_ends_at_its_time() {
        assert!(!is_locked(None, at(9, 0)));
        assert!(is_locked(Some(at(9, 15)), at(9, 14)));
        assert!(!is_locked(Some(at(9, 15)), at(9, 15)));
    }
}
