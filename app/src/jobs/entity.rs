//! One job of the queue (see the `jobs` migration).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The handler that runs it (registered by the module that owns it).
    pub kind: String,
    /// JSON input of the handler.
    pub payload: String,
    /// `JobState::key()`.
    pub state: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub message: String,
    /// JSON output of the handler, once done.
    pub result: Option<String>,
    /// Claims so far: bounded by `max_attempts`, and the claim's version.
    pub attempts: i32,
    pub max_attempts: i32,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    /// Not claimed before this instant (scheduled jobs, retries).
    pub run_at: DateTimeUtc,
    /// With `kind`, unique: a scheduled occurrence is inserted once.
    pub dedupe_key: Option<String>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn job_state(&self) -> super::JobState {
        // An unknown value can only come from a newer version: show it as
        // failed rather than as progress that never ends.
        super::JobState::from_key(&self.state).unwrap_or(super::JobState::Failed)
    }

    pub fn view(&self) -> super::JobView {
        super::JobView {
            id: self.id,
            kind: self.kind.clone(),
            state: self.job_state(),
            done: self.progress_done,
            total: self.progress_total,
            message: self.message.clone(),
            result: self.result.clone(),
        }
    }
}
