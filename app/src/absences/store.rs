//! The absence registry's reads and writes (server only): the plessi a
//! caller reaches with their figures, a new entry (audited in its
//! transaction), and the ATS's designation of sentinel plessi.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::api::{EnrolmentRow, PlessoFigures};
use super::enrolment::{ValidEnrolment, is_asked, missing_this_year};
use super::entity::{enrolment, sentinel};
use crate::identity::audit::{Actor, Change, Place};
use crate::identity::{Identity, Scope};
use crate::schools::SchoolType;
use crate::schools::entity::{istituto, plesso};
use crate::validation::dates::format_date_it;

/// The plessi `scope` reaches, by name (an ATS: its whole territory).
pub async fn plessi_in_scope(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> Result<Vec<plesso::Model>, DbErr> {
    let query = plesso::Entity::find().order_by_asc(plesso::Column::Name);
    match scope {
        Scope::Plesso { plesso_id, .. } => {
            query.filter(plesso::Column::Id.eq(plesso_id)).all(db).await
        }
        Scope::Istituto { istituto_id, .. } => {
            query
                .filter(plesso::Column::IstitutoId.eq(istituto_id))
                .all(db)
                .await
        }
        Scope::Ats(ats_id) => {
            let istituti: Vec<i32> = istituto::Entity::find()
                .filter(istituto::Column::AtsId.eq(ats_id))
                .all(db)
                .await?
                .into_iter()
                .map(|i| i.id)
                .collect();
            query
                .filter(plesso::Column::IstitutoId.is_in(istituti))
                .all(db)
                .await
        }
        Scope::All | Scope::Nothing => Ok(Vec::new()),
    }
}

fn row_of(e: &enrolment::Model) -> EnrolmentRow {
    EnrolmentRow {
        valid_from: format_date_it(e.valid_from),
        pupils: e.pupils,
        classes: e.classes,
        recorded_by: e.recorded_by_name.clone(),
        recorded_at: crate::validation::dates::format_date_it(
            e.recorded_at
                .with_timezone(&chrono_tz::Europe::Rome)
                .date_naive(),
        ),
    }
}

/// Each plesso's figures: the one in force today, the history (newest
/// first), whether it is asked and missing for this school year, whether
/// it is a sentinel.
pub async fn figures(
    db: &impl ConnectionTrait,
    plessi: &[plesso::Model],
    today: NaiveDate,
) -> Result<Vec<PlessoFigures>, DbErr> {
    let ids: Vec<i32> = plessi.iter().map(|p| p.id).collect();
    let mut history: HashMap<i32, Vec<enrolment::Model>> = HashMap::new();
    for e in enrolment::Entity::find()
        .filter(enrolment::Column::PlessoId.is_in(ids.clone()))
        .order_by_desc(enrolment::Column::ValidFrom)
        .order_by_desc(enrolment::Column::Id)
        .all(db)
        .await?
    {
        history.entry(e.plesso_id).or_default().push(e);
    }
    let sentinels: Vec<i32> = sentinel::Entity::find()
        .filter(sentinel::Column::PlessoId.is_in(ids))
        .filter(sentinel::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.plesso_id)
        .collect();
    Ok(plessi
        .iter()
        .map(|p| {
            let school_type = SchoolType::from_key(&p.school_type);
            let asked = school_type.is_some_and(is_asked);
            let rows = history.remove(&p.id).unwrap_or_default();
            let current = rows.iter().find(|e| e.valid_from <= today);
            PlessoFigures {
                plesso_id: p.id,
                codice: p.codice.clone(),
                name: p.name.clone(),
                school_type: school_type
                    .map(|t| t.label().to_owned())
                    .unwrap_or_default(),
                asked,
                sentinel: sentinels.contains(&p.id),
                missing: asked && missing_this_year(rows.first().map(|e| e.valid_from), today),
                current: current.map(row_of),
                history: rows.iter().map(row_of).collect(),
                entry: None,
            }
        })
        .collect())
}

/// Records a new entry: the history keeps every one.
pub async fn record(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    place: Place,
    valid: ValidEnrolment,
    once: &crate::once::Once,
    now: DateTime<Utc>,
) -> Result<i32, crate::error::AppError> {
    let txn = crate::db::begin_write(db).await?;
    let row = enrolment::ActiveModel {
        plesso_id: Set(valid.plesso_id),
        valid_from: Set(valid.valid_from),
        pupils: Set(i32::try_from(valid.pupils).unwrap_or(i32::MAX)),
        classes: Set(i32::try_from(valid.classes).unwrap_or(i32::MAX)),
        recorded_by: Set(who.account_id),
        recorded_by_name: Set(who.full_name.chars().take(200).collect()),
        recorded_at: Set(now),
        ..Default::default()
    };
    let id = enrolment::Entity::insert(row)
        .exec(&txn)
        .await?
        .last_insert_id;
    let changes = serde_json::json!({
        "plesso_id": valid.plesso_id,
        "iscritti": valid.pupils,
        "classi": valid.classes,
        "dal": valid.valid_from.to_string(),
    });
    actor
        .record_at(
            &txn,
            place,
            Change::new("create", "enrolments", Some(i64::from(id)), changes),
        )
        .await?;
    once.record(&txn, i64::from(id)).await?;
    txn.commit().await?;
    Ok(id)
}

/// Designates (or no longer) a plesso as "scuola sentinella".
pub async fn set_sentinel(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    place: Place,
    plesso_id: i32,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let existing = sentinel::Entity::find()
        .filter(sentinel::Column::PlessoId.eq(plesso_id))
        .one(&txn)
        .await?;
    match existing {
        Some(row) => {
            let mut row = row.into_active_model();
            row.active = Set(active);
            row.changed_by = Set(who.account_id);
            row.changed_at = Set(now);
            row.update(&txn).await?;
        }
        None => {
            let row = sentinel::ActiveModel {
                plesso_id: Set(plesso_id),
                active: Set(active),
                changed_by: Set(who.account_id),
                changed_at: Set(now),
                ..Default::default()
            };
            sentinel::Entity::insert(row).exec(&txn).await?;
        }
    }
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "update",
                "sentinel_plessi",
                Some(i64::from(plesso_id)),
                serde_json::json!({ "sentinella": active }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The plesso `id` with its istituto, as a target of the caller's scope.
pub async fn plesso_target(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<(plesso::Model, crate::identity::Target, Place)>, DbErr> {
    let Some(p) = plesso::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let Some(i) = istituto::Entity::find_by_id(p.istituto_id).one(db).await? else {
        return Ok(None);
    };
    let target = crate::identity::Target::Plesso {
        ats_id: i.ats_id,
        istituto_id: i.id,
        plesso_id: p.id,
    };
    let place = Place {
        ats_id: Some(i.ats_id),
        istituto_id: Some(i.id),
    };
    Ok(Some((p, target, place)))
}

/// The pupils enrolled in plesso `plesso_id` on `day`: the latest figures
/// in force then.
pub async fn enrolled_on(
    db: &impl ConnectionTrait,
    plesso_id: i32,
    day: NaiveDate,
) -> Result<Option<u32>, DbErr> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::PlessoId.eq(plesso_id))
        .filter(enrolment::Column::ValidFrom.lte(day))
        .order_by_desc(enrolment::Column::ValidFrom)
        .order_by_desc(enrolment::Column::Id)
        .one(db)
        .await?
        .and_then(|e| u32::try_from(e.pupils).ok()))
}

/// Whether the ATS has designated the plesso as sentinel.
pub async fn is_sentinel(db: &impl ConnectionTrait, plesso_id: i32) -> Result<bool, DbErr> {
    Ok(sentinel::Entity::find()
        .filter(sentinel::Column::PlessoId.eq(plesso_id))
        .filter(sentinel::Column::Active.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// A plesso's entries, oldest first.
pub async fn entries_of(
    db: &impl ConnectionTrait,
    plesso_id: i32,
) -> Result<Vec<super::entity::entry::Model>, DbErr> {
    use super::entity::entry;
    entry::Entity::find()
        .filter(entry::Column::PlessoId.eq(plesso_id))
        .order_by_asc(entry::Column::SurveyDay)
        .all(db)
        .await
}

/// Records the day's entry, or corrects it (the previous values go into
/// the audit entry): one row per plesso and day.
#[allow(
    clippy::too_many_arguments,
    reason = "one write, its facts and its audit"
)]
pub async fn save_entry(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    place: Place,
    member: &super::totals::Member,
    valid: super::entry::ValidEntry,
    enrolled: u32,
    late: bool,
    now: DateTime<Utc>,
) -> Result<i32, crate::error::AppError> {
    use super::entity::entry;
    use super::entry::Observation;
    let (absent, ill, illness, closure, classes) = match &valid.observation {
        Observation::Absent {
            absent,
            ill,
            illness,
            classes,
        } => (
            i32::try_from(*absent).ok(),
            ill.and_then(|i| i32::try_from(i).ok()),
            illness.map(|i| i.key().to_owned()),
            None,
            (!classes.is_empty())
                .then(|| serde_json::to_string(classes).ok())
                .flatten(),
        ),
        Observation::Closed(c) => (None, None, None, Some(c.key().to_owned()), None),
    };
    let txn = crate::db::begin_write(db).await?;
    let existing = entry::Entity::find()
        .filter(entry::Column::PlessoId.eq(valid.plesso_id))
        .filter(entry::Column::SurveyDay.eq(valid.survey_day))
        .one(&txn)
        .await?;
    let changes = serde_json::json!({
        "plesso_id": valid.plesso_id,
        "giorno": valid.survey_day.to_string(),
        "assenti": absent,
        "per_malattia": ill,
        "motivo": illness,
        "chiusura": closure,
        "per_classe": classes,
        "in_ritardo": late,
    });
    let before = super::totals::contribution(existing.as_ref());
    let (id, action, changes) = match existing {
        Some(old) => {
            let before = serde_json::json!({
                "assenti": old.absent,
                "per_malattia": old.ill,
                "motivo": old.illness,
                "chiusura": old.closure,
                "per_classe": old.classes,
            });
            let mut row = old.into_active_model();
            row.absent = Set(absent);
            row.ill = Set(ill);
            row.illness = Set(illness.clone());
            row.closure = Set(closure.clone());
            row.classes = Set(classes.clone());
            row.enrolled = Set(i32::try_from(enrolled).unwrap_or(i32::MAX));
            row.late = Set(late);
            row.recorded_by = Set(who.account_id);
            row.recorded_at = Set(now);
            let row = row.update(&txn).await?;
            (
                row.id,
                "update",
                serde_json::json!({ "prima": before, "dopo": changes }),
            )
        }
        None => {
            let row = entry::ActiveModel {
                plesso_id: Set(valid.plesso_id),
                survey_day: Set(valid.survey_day),
                absent: Set(absent),
                ill: Set(ill),
                illness: Set(illness),
                closure: Set(closure),
                classes: Set(classes),
                enrolled: Set(i32::try_from(enrolled).unwrap_or(i32::MAX)),
                late: Set(late),
                recorded_by: Set(who.account_id),
                recorded_at: Set(now),
                ..Default::default()
            };
            let id = entry::Entity::insert(row).exec(&txn).await?.last_insert_id;
            (id, "create", changes)
        }
    };
    // Its aggregates move by the entry's difference, in the same commit.
    if let Some(ats_id) = place.ats_id {
        let after = (
            absent.map_or(0, i64::from),
            absent.map_or(0, |_| i64::from(enrolled)),
            i32::from(absent.is_some()),
        );
        let delta = (after.0 - before.0, after.1 - before.1, after.2 - before.2);
        super::totals::apply(&txn, ats_id, member, valid.survey_day, delta).await?;
    }
    actor
        .record_at(
            &txn,
            place,
            Change::new(action, "absence_entries", Some(i64::from(id)), changes),
        )
        .await?;
    txn.commit().await?;
    Ok(id)
}
