//! A sentinel plesso's absences of one survey day (or its closure).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plesso_id: i32,
    pub survey_day: Date,
    /// None on a closed day.
    pub absent: Option<i32>,
    pub ill: Option<i32>,
    /// `Illness::key()`.
    pub illness: Option<String>,
    /// `Closure::key()` when the school was closed.
    pub closure: Option<String>,
    /// The classes' absences (`per_class::ClassAbsence`, JSON), if given.
    pub classes: Option<String>,
    /// The pupils enrolled that day (the rate's denominator).
    pub enrolled: i32,
    /// Entered on the late-entry day.
    pub late: bool,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
