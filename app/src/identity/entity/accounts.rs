//! An account: one person with one role, created by an administrator
//! (the portal knows who may enter before their first login).
use sea_orm::entity::prelude::*;

use crate::identity::{Identity, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Lower-case, unique.
    #[sea_orm(unique)]
    pub username: String,
    /// The key SPID/CIE logins match on (unique when present).
    #[sea_orm(unique)]
    pub codice_fiscale: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    /// `Role::key()`.
    pub role: String,
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
    pub plesso_id: Option<i32>,
    /// Argon2id PHC string; None for accounts that log in only with SPID/CIE.
    pub password_hash: Option<String>,
    pub active: bool,
    /// Consecutive failed password logins (see `identity::lockout`).
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::sessions::Entity")]
    Sessions,
}

impl Related<super::sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn role(&self) -> Option<Role> {
        Role::from_key(&self.role)
    }

    /// The identity this account acts with; None for an unknown role key.
    pub fn identity(&self) -> Option<Identity> {
        Some(Identity {
            account_id: self.id,
            role: self.role()?,
            ats_id: self.ats_id,
            istituto_id: self.istituto_id,
            plesso_id: self.plesso_id,
            full_name: self.full_name.clone(),
            // Filled per request by `delegations::grants` for delegates.
            delegation: None,
        })
    }
}
