//! A "Richiesta di informazioni" about an alert, to the plesso, and its answer.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub alert_id: i32,
    pub plesso_id: i32,
    pub question: String,
    pub asked_by: i32,
    pub asked_by_name: String,
    pub asked_at: DateTimeUtc,
    /// The school's answer: which classes, which symptoms, anything else.
    pub classes: Option<String>,
    pub symptoms: Option<String>,
    pub note: Option<String>,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
