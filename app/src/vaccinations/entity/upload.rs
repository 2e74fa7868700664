//! A school's LOVS upload and, once its check is done, the outcome: the
//! counts, the row problems and the outcome file (the school's own file
//! with the added columns, in its separator and encoding).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lovs_uploads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    pub istituto_id: i32,
    /// The check's job (its state and progress).
    pub job_id: i32,
    /// As the browser sent it (display only, never a path).
    pub file_name: String,
    pub uploaded_by: i32,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTimeUtc,
    pub check_date: Date,
    /// The registry extract the check used (pinned when it starts).
    pub extract_id: Option<i32>,
    pub rows: i64,
    pub valid: i64,
    pub with_errors: i64,
    /// JSON object: outcome key → pupils.
    pub counts: String,
    /// JSON list of the rows' problems (`RowProblem`).
    pub problems: Option<String>,
    pub outcome: Option<Vec<u8>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
