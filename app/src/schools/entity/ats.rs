//! ATS (Agenzia di Tutela della Salute): a health agency and its territory.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ats")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Province sigle of the territory, comma-separated ("MI,LO").
    pub provinces: String,
    /// ISTAT codes listed first in the comune picker, comma-separated.
    pub chief_comuni: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::istituto::Entity")]
    Istituto,
}

impl Related<super::istituto::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Istituto.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn chief_istat(&self) -> Vec<String> {
        split_list(&self.chief_comuni)
    }

    pub fn province_list(&self) -> Vec<String> {
        split_list(&self.provinces)
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
