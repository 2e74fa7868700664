//! Plesso: one school building of an istituto, with its own school type.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plessi")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Codice meccanografico of the building's school.
    #[sea_orm(unique)]
    pub codice: String,
    pub istituto_id: i32,
    pub name: String,
    pub comune_belfiore: String,
    pub address: String,
    /// `SchoolType::key()`.
    pub school_type: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::istituto::Entity",
        from = "Column::IstitutoId",
        to = "super::istituto::Column::Id"
    )]
    Istituto,
}

impl Related<super::istituto::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Istituto.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
