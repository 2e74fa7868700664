//! A day one plesso is closed on its own (a strike, a closure), on top of
//! its ATS's calendar.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_plesso_closures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plesso_id: i32,
    pub day: Date,
    pub reason: String,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
