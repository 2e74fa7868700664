//! A reminder sent to a sentinel plesso about a survey day's missing
//! absences (see the `reminders` migration).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plesso_id: i32,
    pub survey_day: Date,
    /// [`MANUAL`] or [`AUTOMATIC`].
    pub kind: String,
    /// The addresses, comma separated: for the audit, never logged.
    pub recipient: String,
    pub sent_at: DateTimeUtc,
    /// The operator who sent it; None for the automatic one.
    pub sent_by: Option<i32>,
}

/// "Invia promemoria" by an ATS operator.
pub const MANUAL: &str = "manuale";
/// The late-entry day's automatic reminder (unique per plesso and day).
pub const AUTOMATIC: &str = "automatico";

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
