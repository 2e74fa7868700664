//! One survey day of an aggregate series (a comune, a school type, an
//! ATS): the sums over the sentinel plessi that reported absences that day.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_totals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    /// `TotalKind::key()`.
    pub series_kind: String,
    /// The comune's Belfiore code, the school type's key, or the ATS id.
    pub series_key: String,
    pub survey_day: Date,
    pub absent: i64,
    pub enrolled: i64,
    /// How many plessi reported.
    pub plessi: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
