//! One pupil of a processed upload, with its outcome: the letters to the
//! families, the ATS's rates and the class rosters read these.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lovs_pupils")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub upload_id: i32,
    /// The row in the school's file (header = 1).
    pub row: i32,
    pub codice_plesso: String,
    pub classe: String,
    pub sezione: String,
    pub cognome: String,
    pub nome: String,
    pub codice_fiscale: String,
    pub data_nascita: Date,
    /// `Outcome::key()`.
    pub esito: String,
    /// `vaccino:dose` pairs, comma-separated.
    pub mancanti: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
