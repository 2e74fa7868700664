//! One alert: a series, a day, a method, and the operator's review.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_alerts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ats_id: i32,
    /// `SeriesKind::key()`.
    pub series_kind: String,
    /// The plesso's id, the comune's Belfiore code, or the ATS's id.
    pub series_key: String,
    pub series_label: String,
    pub day: Date,
    /// `Method::name()`.
    pub method: String,
    pub statistic: f64,
    pub threshold: f64,
    pub observed: f64,
    pub expected: Option<f64>,
    /// `Review::key()`.
    pub review: String,
    pub note: String,
    pub reviewed_by: Option<i32>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
