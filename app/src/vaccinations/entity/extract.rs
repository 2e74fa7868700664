//! One registry extract an ATS imported: `loading` while its rows go in,
//! then `active` (one per ATS), then `retired` when a newer one replaces it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lovs_extracts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    pub job_id: Option<i32>,
    pub state: String,
    pub file_name: String,
    pub loaded_by: Option<i32>,
    pub loaded_at: DateTimeUtc,
    /// Distinct codici fiscali.
    pub pupils: i64,
    pub rows: i64,
    pub rejected_rows: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const LOADING: &str = "loading";
pub const ACTIVE: &str = "active";
pub const RETIRED: &str = "retired";
