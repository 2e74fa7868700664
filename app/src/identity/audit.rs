//! The audit writer and reader (server only).
//!
//! Every write calls [`record`] with the transaction of the write itself, so
//! the data and its audit row commit or roll back together. This module only
//! inserts and selects: the application has no code path that updates or
//! deletes audit rows, and the database refuses both with a trigger.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::{accounts, audit_log};
use super::{Identity, Role};

/// Who made a change, from where, and on whose behalf: what every audit row
/// records about its actor. Every store that writes takes one, so no store
/// builds an audit row by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    pub account_id: Option<i32>,
    pub role: Option<Role>,
    /// The principal a delegate acts for.
    pub on_behalf_of: Option<i32>,
    pub client_ip: Option<&'a str>,
    /// Where the actor belongs: where its rows are filed unless the change
    /// says otherwise (ATS operators see their territory's rows).
    pub home: Place,
}

/// Where a change belongs, for the ATS operators' filtered view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
}

impl<'a> Actor<'a> {
    /// A logged-in caller; a delegate's change is recorded as done on
    /// behalf of the principal.
    pub fn person(who: &Identity, client_ip: Option<&'a str>) -> Self {
        Actor {
            account_id: Some(who.account_id),
            role: Some(who.role),
            on_behalf_of: who.on_behalf_of(),
            client_ip,
            home: Place {
                ats_id: who.ats_id,
                istituto_id: who.istituto_id,
            },
        }
    }

    /// Somebody not logged in (a registration request, a failed login).
    pub fn anonymous(client_ip: Option<&'a str>) -> Self {
        Actor {
            account_id: None,
            role: None,
            on_behalf_of: None,
            client_ip,
            home: Place::default(),
        }
    }

    /// An account acting before it has a session (a login being recorded).
    pub fn account(account_id: i32, role: Role, client_ip: Option<&'a str>) -> Self {
        Actor {
            account_id: Some(account_id),
            role: Some(role),
            ..Actor::anonymous(client_ip)
        }
    }

    /// The portal itself (jobs, start-up), with no person behind it.
    pub fn system() -> Self {
        Actor::anonymous(None)
    }

    /// Records `change`, filed where the actor belongs.
    pub async fn record(
        &self,
        txn: &impl ConnectionTrait,
        change: Change<'_>,
    ) -> Result<(), DbErr> {
        self.record_at(txn, self.home, change).await
    }

    /// Records `change`, filed under `place` (an administrator changing a
    /// school files the row under that school's ATS).
    pub async fn record_at(
        &self,
        txn: &impl ConnectionTrait,
        place: Place,
        change: Change<'_>,
    ) -> Result<(), DbErr> {
        insert(txn, self, place, change).await
    }
}

/// One change, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// What changed: never passwords, hashes or tokens.
    pub changes: serde_json::Value,
}

impl<'a> Change<'a> {
    pub fn new(
        action: &'a str,
        entity: &'a str,
        entity_id: Option<i64>,
        changes: serde_json::Value,
    ) -> Self {
        Change {
            action,
            entity,
            entity_id,
            changes,
        }
    }
}

/// Inserts one row, timestamped with the wall clock: the log records when
/// things really happened, whatever "today" a demo pretends.
async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor<'_>,
    place: Place,
    change: Change<'_>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_account_id: Set(actor.account_id),
        actor_role: Set(actor.role.map(|r| r.key().to_owned())),
        on_behalf_of_account_id: Set(actor.on_behalf_of),
        action: Set(change.action.to_owned()),
        entity: Set(change.entity.to_owned()),
        entity_id: Set(change.entity_id),
        changes: Set(change.changes.to_string()),
        client_ip: Set(actor.client_ip.map(str::to_owned)),
        ats_id: Set(place.ats_id),
        istituto_id: Set(place.istituto_id),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map(|_| ())
}

/// Filters of the audit browser, already validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub from: Option<DateTime<Utc>>,
    /// Exclusive end.
    pub until: Option<DateTime<Utc>>,
    pub actor_account_id: Option<i32>,
    pub entity: Option<String>,
    /// Confines the rows to one ATS (operators: always their own).
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
}

/// Newest rows first, at most `limit`, each with the actor's username.
pub async fn browse(
    db: &impl ConnectionTrait,
    query: &AuditQuery,
    limit: u64,
) -> Result<Vec<(audit_log::Model, Option<String>)>, DbErr> {
    let mut select = audit_log::Entity::find();
    if let Some(from) = query.from {
        select = select.filter(audit_log::Column::At.gte(from));
    }
    if let Some(until) = query.until {
        select = select.filter(audit_log::Column::At.lt(until));
    }
    if let Some(actor) = query.actor_account_id {
        select = select.filter(audit_log::Column::ActorAccountId.eq(actor));
    }
    if let Some(entity) = &query.entity {
        select = select.filter(audit_log::Column::Entity.eq(entity.as_str()));
    }
    if let Some(ats) = query.ats_id {
        select = select.filter(audit_log::Column::AtsId.eq(ats));
    }
    if let Some(istituto) = query.istituto_id {
        select = select.filter(audit_log::Column::IstitutoId.eq(istituto));
    }
    let rows = select
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut ids: Vec<i32> = rows.iter().filter_map(|r| r.actor_account_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: std::collections::HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.username))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = r.actor_account_id.and_then(|id| names.get(&id).cloned());
            (r, name)
        })
        .collect())
}

/// Distinct entity names present in the log (the filter's choices).
pub async fn entities(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let mut names: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Entity)
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    names.sort();
    Ok(names)
}
