//! Background jobs: work too long for a request (an import, a reminder run)
//! kept in the database so every instance shares one queue.
//!
//! Pure, shared with the browser: [`JobState`] and [`JobView`], what a page
//! shows of a job. Server only: the tables ([`entity`], [`uploads`]), the
//! queue operations ([`store`]: enqueue, schedule once, claim with a lease,
//! heartbeat, progress, finish), the [`worker`] that runs the handlers the
//! modules register, and the streaming [`multipart`] reader of uploads.
//!
//! Why a table and not a queue library: one code path for SQLite and
//! PostgreSQL, in the portal's own migrations. A claim is a conditional
//! update (compare-and-set on the attempt counter), so two instances never
//! run one job twice; a lease renewed by a heartbeat lets another instance
//! resume the job of one that died.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod multipart;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod uploads;
#[cfg(feature = "ssr")]
pub mod worker;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobState {
    pub fn key(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            JobState::Queued,
            JobState::Running,
            JobState::Done,
            JobState::Failed,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// Done or failed: nothing will change any more.
    pub fn is_final(self) -> bool {
        matches!(self, JobState::Done | JobState::Failed)
    }

    pub fn label(self) -> &'static str {
        match self {
            JobState::Queued => "in attesa",
            JobState::Running => "in corso",
            JobState::Done => "completato",
            JobState::Failed => "non riuscito",
        }
    }
}

/// What the page shows of a job (its owner only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: i32,
    pub kind: String,
    pub state: JobState,
    pub done: i64,
    pub total: i64,
    /// Short Italian text: the phase, or why it failed.
    pub message: String,
    /// The handler's result (JSON), once done.
    pub result: Option<String>,
}

impl JobView {
    /// "Righe elaborate 40 di 120." or the phase alone while the total is unknown.
    pub fn progress_text(&self) -> String {
        let base = if self.message.is_empty() {
            format!("Stato: {}.", self.state.label())
        } else {
            self.message.clone()
        };
        if self.total > 0 && !self.state.is_final() {
            format!("{base} Elaborati {} di {}.", self.done, self.total)
        } else {
            base
        }
    }
}

/// A job is shown to the account that started it only.
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::Authenticated;
    use crate::identity::registry::declare;
    &[declare::<api::JobStatus>(Authenticated)]
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip() {
        for s in [
            JobState::Queued,
            JobState::Running,
            JobState::Done,
            JobState::Failed,
        ] {
            assert_eq!(JobState::from_key(s.key()), Some(s));
        }
        assert_eq!(JobState::from_key("other"), None);
        assert!(JobState::Done.is_final() && !JobState::Running.is_final());
    }

    #[test]
    fn progress_reads_as_a_sentence() {
        let mut view = JobView {
            id: 1,
            kind: "k".into(),
            state: JobState::Running,
            done: 40,
            total: 120,
            message: "Salvataggio in corso.".into(),
            result: None,
        };
        assert_eq!(
            view.progress_text(),
            "Salvataggio in corso. Elaborati 40 di 120."
        );
        view.state = JobState::Done;
        view.message.clear();
        assert_eq!(view.progress_text(), "Stato: completato.");
    }
}
