//! A calendar file an ATS uploaded, with its outcome: applied, or the
//! messages of its refused rows (the page reads them back after the post).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_calendar_uploads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    pub file_name: String,
    /// One message per line; empty when the file was applied.
    pub errors: String,
    pub closed_days: i32,
    pub uploaded_by: i32,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
