//! SeaORM entity of the `places` table (server only).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "places")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// "comune" or "country".
    pub kind: String,
    pub belfiore: String,
    pub istat: Option<String>,
    pub name: String,
    pub province: Option<String>,
    pub region: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub current: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
