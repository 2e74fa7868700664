//! One row of an ATS's own calendar: a closed day, or a school year.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_calendar_days")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    /// [`CLOSED`] or [`YEAR`].
    pub kind: String,
    /// The closed day, or the school year's first day of lessons.
    pub day: Date,
    /// The school year's last day of lessons (None for a closed day).
    pub last_day: Option<Date>,
    pub reason: String,
}

/// A closed day.
pub const CLOSED: &str = "chiusura";
/// A school year.
pub const YEAR: &str = "anno";

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
