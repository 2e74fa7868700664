//! One valid row of an extract, its cells as read (trimmed): the check
//! folds them with `Registry::add_row`, the rules that read the file.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lovs_facts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub extract_id: i32,
    /// The canonical codice fiscale (the registry's key).
    pub codice_fiscale: String,
    pub tipo: String,
    pub vaccino: String,
    pub dose: String,
    pub data: String,
    pub fino_al: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn cells(&self) -> [&str; 5] {
        [
            &self.tipo,
            &self.vaccino,
            &self.dose,
            &self.data,
            &self.fino_al,
        ]
    }
}
