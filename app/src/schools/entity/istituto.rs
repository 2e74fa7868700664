//! Istituto: a school institution run by one dirigente scolastico.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "istituti")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Codice meccanografico of the institution.
    #[sea_orm(unique)]
    pub codice: String,
    pub name: String,
    pub ats_id: i32,
    pub comune_belfiore: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::ats::Entity",
        from = "Column::AtsId",
        to = "super::ats::Column::Id"
    )]
    Ats,
    #[sea_orm(has_many = "super::plesso::Entity")]
    Plesso,
}

impl Related<super::ats::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ats.def()
    }
}

impl Related<super::plesso::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plesso.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
