//! A delegation row (see the migration for the rules it keeps).
use sea_orm::entity::prelude::*;

use super::rules::DelegationFacts;
use crate::identity::Module;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delegations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub istituto_id: i32,
    /// The dirigente who granted it.
    pub principal_account_id: i32,
    /// The delegate's account (bound by codice fiscale).
    pub delegate_account_id: i32,
    pub delegate_codice_fiscale: String,
    pub delegate_name: String,
    pub delegate_email: String,
    /// `Module::join` of the delegated modules.
    pub modules: String,
    pub start_date: Date,
    pub end_date: Date,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    /// The Europe/Rome day of the revocation.
    pub revoked_on: Option<Date>,
    pub revoked_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn module_list(&self) -> Vec<Module> {
        Module::split(&self.modules)
    }

    pub fn facts(&self) -> DelegationFacts {
        DelegationFacts {
            principal_account_id: self.principal_account_id,
            modules: self.module_list(),
            start_date: self.start_date,
            end_date: self.end_date,
            revoked_on: self.revoked_on,
        }
    }
}
