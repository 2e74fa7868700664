//! An outbreak start an ATS operator marked on a series of the alert lab.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_outbreak_marks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    /// The lab's series value ("ats", "comune:F205", "plesso:12").
    pub series_key: String,
    pub series_label: String,
    pub start_day: Date,
    pub marked_by: i32,
    pub marked_by_name: String,
    pub marked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
