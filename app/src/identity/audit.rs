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

use super::Identity;
use super::entity::{accounts, audit_log};

/// One audit row before insertion.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry<'a> {
    pub actor_account_id: Option<i32>,
    pub actor_role: Option<&'a str>,
    pub on_behalf_of_account_id: Option<i32>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// What changed: never passwords, hashes or tokens.
    pub changes: serde_json::Value,
    pub client_ip: Option<&'a str>,
    /// Where the record belongs, for ATS operators' filtered view.
    pub ats_id: Option<i32>,
    pub istituto_id: Option<i32>,
}

/// Records a write by `who`, filed under the caller's own ATS and istituto;
/// a delegate's write is recorded as done on behalf of the principal.
/// Use [`record_entry`] when the record belongs elsewhere (an administrator
/// changing a school).
pub async fn record(
    txn: &impl ConnectionTrait,
    who: &Identity,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    changes: serde_json::Value,
    client_ip: Option<&str>,
) -> Result<(), DbErr> {
    record_entry(
        txn,
        AuditEntry {
            actor_account_id: Some(who.account_id),
            actor_role: Some(who.role.key()),
            on_behalf_of_account_id: who.on_behalf_of(),
            action,
            entity,
            entity_id,
            changes,
            client_ip,
            ats_id: who.ats_id,
            istituto_id: who.istituto_id,
        },
    )
    .await
}

/// Inserts one row, timestamped with the wall clock: the log records when
/// things really happened, whatever "today" a demo pretends.
pub async fn record_entry(txn: &impl ConnectionTrait, entry: AuditEntry<'_>) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_account_id: Set(entry.actor_account_id),
        actor_role: Set(entry.actor_role.map(str::to_owned)),
        on_behalf_of_account_id: Set(entry.on_behalf_of_account_id),
        action: Set(entry.action.to_owned()),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        changes: Set(entry.changes.to_string()),
        client_ip: Set(entry.client_ip.map(str::to_owned)),
        ats_id: Set(entry.ats_id),
        istituto_id: Set(entry.istituto_id),
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
