//! Session lifetime: idle expiry after 30 minutes without requests, absolute
//! expiry 12 hours after login whatever the activity. `last_seen_at` is
//! written at most once a minute so reading pages costs no write each time.

use chrono::{DateTime, Duration, Utc};

pub const IDLE_MINUTES: i64 = 30;
pub const ABSOLUTE_HOURS: i64 = 12;
/// Least time between two writes of `last_seen_at`.
pub const TOUCH_SECONDS: i64 = 60;

/// The absolute end of a session started at `created_at`.
pub fn absolute_end(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at + Duration::hours(ABSOLUTE_HOURS)
}

/// A session's state at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    /// Valid; `touch` when `last_seen_at` should be written again.
    Valid { touch: bool },
    /// No request for more than 30 minutes.
    Idle,
    /// Past its absolute end.
    Expired,
}

pub fn check_session(
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionCheck {
    if now >= expires_at {
        SessionCheck::Expired
    } else if now - last_seen_at >= Duration::minutes(IDLE_MINUTES) {
        SessionCheck::Idle
    } else {
        SessionCheck::Valid {
            touch: now - last_seen_at >= Duration::seconds(TOUCH_SECONDS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, m, s).unwrap()
    }

    #[test]
    fn idle_after_thirty_minutes() {
        let end = absolute_end(at(8, 0, 0));
        assert_eq!(end, at(20, 0, 0));
        assert_eq!(
            check_session(at(8, 0, 0), end, at(8, 29, 59)),
            SessionCheck::Valid { touch: true }
        );
        assert_eq!(
            check_session(at(8, 0, 0), end, at(8, 30, 0)),
            SessionCheck::Idle
        );
    }

    #[test]
    fn touches_at_most_once_a_minute() {
        let end = absolute_end(at(8, 0, 0));
        assert_eq!(
            check_session(at(9, 0, 0), end, at(9, 0, 59)),
            SessionCheck::Valid { touch: false }
        );
        assert_eq!(
            check_session(at(9, 0, 0), end, at(9, 1, 0)),
            SessionCheck::Valid { touch: true }
        );
    }

    #[test]
    fn absolute_end_wins_over_activity() {
        let end = absolute_end(at(8, 0, 0));
        assert_eq!(
            check_session(at(19, 59, 0), end, at(20, 0, 0)),
            SessionCheck::Expired
        );
    }
}
