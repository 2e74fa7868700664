//! One audited write. Append-only: the application only inserts, and the
//! database refuses UPDATE and DELETE with a trigger.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// None for the system (seed, migrations) and unknown usernames.
    pub actor_account_id: Option<i32>,
    /// `Role::key()` of the actor at the time.
    pub actor_role: Option<String>,
    pub on_behalf_of_account_id: Option<i32>,
    /// "login", "login_failed", "logout", "create", "update", "delete", …
    pub action: String,
    /// Table or domain name of the record ("accounts", "sessions", …).
    pub entity: String,
    pub entity_id: Option<i64>,
    /// JSON object of what changed (never passwords or hashes).
    pub changes: String,
    pub client_ip: Option<String>,
    /// ATS and istituto of the record, so ATS operators see their territory.
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
