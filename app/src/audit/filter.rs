//! From the audit browser's typed filter to a scoped query (server only).

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Rome;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::api::{AuditFilter, AuditRow};
use crate::error::{AppError, FieldErrors};
use crate::identity::audit::AuditQuery;
use crate::identity::current::check_target;
use crate::identity::entity::{accounts, audit_log};
use crate::identity::{Identity, Role, Scope, Target};
use crate::schools::entity::istituto;
use crate::validation::dates::parse_date_it;

/// Validates the filter and confines it to the caller's scope: an ATS
/// operator's query always carries its ATS; an istituto outside the scope
/// is answered like a missing one.
pub async fn to_query(
    db: &DatabaseConnection,
    who: &Identity,
    filter: &AuditFilter,
) -> Result<AuditQuery, AppError> {
    let mut errors = FieldErrors::new();
    let from = day(&filter.dal, "dal", &mut errors);
    let to = day(&filter.al, "al", &mut errors);
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.add("al", "La data finale non può precedere quella iniziale.");
    }
    errors.into_result()?;

    let mut query = AuditQuery {
        from: from.and_then(rome_midnight),
        until: to
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .and_then(rome_midnight),
        entity: Some(filter.entita.trim().to_owned()).filter(|e| !e.is_empty()),
        ..Default::default()
    };
    match who.scope() {
        Scope::All => {}
        Scope::Ats(ats_id) if who.role == Role::OperatoreAts => query.ats_id = Some(ats_id),
        // The registry admits only the two roles above; anything else sees nothing.
        _ => return Err(AppError::Forbidden),
    }
    let user = filter.utente.trim().to_lowercase();
    if !user.is_empty() {
        let account = accounts::Entity::find()
            .filter(accounts::Column::Username.eq(user.as_str()))
            .one(db)
            .await?;
        // An unknown username matches no row (-1 is never an id).
        query.actor_account_id = Some(account.map_or(-1, |a| a.id));
    }
    let codice = filter.istituto.trim().to_uppercase();
    if !codice.is_empty() {
        let found = istituto::Entity::find()
            .filter(istituto::Column::Codice.eq(codice.as_str()))
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        check_target(
            who,
            &Target::Istituto {
                ats_id: found.ats_id,
                istituto_id: found.id,
            },
        )?;
        query.istituto_id = Some(found.id);
    }
    Ok(query)
}

fn day(text: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match parse_date_it(text) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(field, e.to_string());
            None
        }
    }
}

/// The instant a Rome calendar day starts.
fn rome_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    Rome.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

pub fn to_row(row: audit_log::Model, username: Option<String>) -> AuditRow {
    let role = row
        .actor_role
        .as_deref()
        .and_then(Role::from_key)
        .map(|r| r.label().to_owned())
        .unwrap_or_default();
    let actor = match (username, row.actor_account_id) {
        (Some(name), _) => name,
        (None, Some(id)) => format!("account {id}"),
        (None, None) if row.action == "login_failed" => "utente sconosciuto".to_owned(),
        (None, None) => "sistema".to_owned(),
    };
    AuditRow {
        id: row.id,
        at: row
            .at
            .with_timezone(&Rome)
            .format("%d/%m/%Y %H:%M:%S")
            .to_string(),
        actor,
        role,
        action: row.action,
        entity: row.entity,
        entity_id: row.entity_id,
        changes: row.changes,
        client_ip: row.client_ip.unwrap_or_default(),
    }
}
