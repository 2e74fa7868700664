//! A registration request row.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub istituto_codice: String,
    pub codice_fiscale: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    /// `RequestStatus::key`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub reason: Option<String>,
    /// The dirigente account created on approval.
    pub account_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
