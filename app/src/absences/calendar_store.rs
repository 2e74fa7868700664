//! The school calendars in the database (server only): an ATS's own
//! calendar or the Lombardia default, each plesso's closures, and their
//! audited writes. Reads are a query or two: the window, completeness and
//! the reminders call them on every request.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::calendar::{ClosedDays, SchoolCalendar, SchoolYear};
use super::closures::{PlessoCalendar, Source, ValidClosure};
use super::entity::{calendar, calendar_day, entry, plesso_closure};
use crate::error::AppError;
use crate::identity::Identity;
use crate::identity::audit::{Actor, Change, Place};
use crate::schools::entity::{istituto, plesso};
use crate::validation::dates::format_date_it;

/// The Lombardia default shipped with the portal (read once).
pub fn lombardia() -> &'static SchoolCalendar {
    static CALENDAR: std::sync::OnceLock<SchoolCalendar> = std::sync::OnceLock::new();
    CALENDAR.get_or_init(|| SchoolCalendar::lombardia().unwrap_or_default())
}

fn from_rows(rows: Vec<calendar_day::Model>) -> SchoolCalendar {
    let mut cal = SchoolCalendar::new();
    for row in rows {
        merge(&mut cal, row);
    }
    cal
}

/// The calendar in force for ATS `ats_id`, and whose it is.
pub async fn ats_calendar(
    db: &impl ConnectionTrait,
    ats_id: i32,
) -> Result<(Cow<'static, SchoolCalendar>, Source), DbErr> {
    let custom = calendar::Entity::find()
        .filter(calendar::Column::AtsId.eq(ats_id))
        .one(db)
        .await?;
    if custom.is_none() {
        return Ok((Cow::Borrowed(lombardia()), Source::Default));
    }
    let rows = calendar_day::Entity::find()
        .filter(calendar_day::Column::AtsId.eq(ats_id))
        .all(db)
        .await?;
    Ok((Cow::Owned(from_rows(rows)), Source::Custom))
}

/// Plesso `plesso_id`'s own closures, by day.
pub async fn closures_of(
    db: &impl ConnectionTrait,
    plesso_id: i32,
) -> Result<Vec<plesso_closure::Model>, DbErr> {
    plesso_closure::Entity::find()
        .filter(plesso_closure::Column::PlessoId.eq(plesso_id))
        .order_by_asc(plesso_closure::Column::Day)
        .all(db)
        .await
}

/// The calendar of plesso `plesso_id` of ATS `ats_id`: the ATS's calendar
/// and the plesso's closures.
pub async fn calendar_of(
    db: &impl ConnectionTrait,
    ats_id: i32,
    plesso_id: i32,
) -> Result<PlessoCalendar, DbErr> {
    let (ats, _) = ats_calendar(db, ats_id).await?;
    let mut cal = PlessoCalendar::new(ats);
    for c in closures_of(db, plesso_id).await? {
        cal.own.insert(c.day, c.reason);
    }
    Ok(cal)
}

/// Which of `plessi` are closed on `day`, with the reason: by their ATS's
/// calendar or their own closure (four queries, whatever the number).
pub async fn closed_on(
    db: &impl ConnectionTrait,
    plessi: &[plesso::Model],
    day: NaiveDate,
) -> Result<HashMap<i32, String>, DbErr> {
    let ids: Vec<i32> = plessi.iter().map(|p| p.id).collect();
    let mut closed: HashMap<i32, String> = plesso_closure::Entity::find()
        .filter(plesso_closure::Column::PlessoId.is_in(ids))
        .filter(plesso_closure::Column::Day.eq(day))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.plesso_id, c.reason))
        .collect();
    let istituti: Vec<i32> = plessi.iter().map(|p| p.istituto_id).collect();
    let ats_of: HashMap<i32, i32> = istituto::Entity::find()
        .filter(istituto::Column::Id.is_in(istituti))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.ats_id))
        .collect();
    let mut ats_ids: Vec<i32> = ats_of.values().copied().collect();
    ats_ids.sort_unstable();
    ats_ids.dedup();
    let custom: Vec<i32> = calendar::Entity::find()
        .filter(calendar::Column::AtsId.is_in(ats_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.ats_id)
        .collect();
    // Of the custom calendars, only the rows that can close `day`.
    let mut calendars: HashMap<i32, SchoolCalendar> = HashMap::new();
    for row in calendar_day::Entity::find()
        .filter(calendar_day::Column::AtsId.is_in(custom.clone()))
        .filter(
            Condition::any()
                .add(calendar_day::Column::Kind.eq(calendar_day::YEAR))
                .add(calendar_day::Column::Day.eq(day)),
        )
        .all(db)
        .await?
    {
        merge(calendars.entry(row.ats_id).or_default(), row);
    }
    for p in plessi {
        let Some(ats_id) = ats_of.get(&p.istituto_id) else {
            continue;
        };
        let reason = if custom.contains(ats_id) {
            // A custom calendar without rows closes nothing.
            calendars
                .get(ats_id)
                .and_then(|c| c.closure(day))
                .map(str::to_owned)
        } else {
            lombardia().closure(day).map(str::to_owned)
        };
        if let Some(reason) = reason {
            closed.insert(p.id, reason);
        }
    }
    Ok(closed)
}

fn merge(cal: &mut SchoolCalendar, row: calendar_day::Model) {
    match (row.kind.as_str(), row.last_day) {
        (calendar_day::YEAR, Some(last_day)) => cal.add_school_year(SchoolYear {
            first_day: row.day,
            last_day,
        }),
        _ => {
            cal.close(row.day, &row.reason);
        }
    }
}

fn short(text: &str) -> String {
    text.chars().take(super::closures::MAX_REASON).collect()
}

/// Writes `new` as ATS `ats_id`'s own calendar (in place of the one in
/// force) with its audit entry; `change` builds the new calendar from the
/// one in force, read in the same transaction, or refuses.
pub async fn change_ats_calendar(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    ats_id: i32,
    now: DateTime<Utc>,
    audit: (&str, serde_json::Value),
    change: impl FnOnce(SchoolCalendar) -> Result<SchoolCalendar, AppError>,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    // The marker first: on PostgreSQL its update locks out a second editor.
    let marker = calendar::Entity::find()
        .filter(calendar::Column::AtsId.eq(ats_id))
        .one(&txn)
        .await?;
    let had_own = marker.is_some();
    match marker {
        Some(row) => {
            let mut row = row.into_active_model();
            row.changed_by = Set(who.account_id);
            row.changed_at = Set(now);
            row.update(&txn).await?;
        }
        None => {
            calendar::Entity::insert(calendar::ActiveModel {
                ats_id: Set(ats_id),
                changed_by: Set(who.account_id),
                changed_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
    }
    let current = if had_own {
        from_rows(
            calendar_day::Entity::find()
                .filter(calendar_day::Column::AtsId.eq(ats_id))
                .all(&txn)
                .await?,
        )
    } else {
        lombardia().clone()
    };
    let new = change(current)?;
    calendar_day::Entity::delete_many()
        .filter(calendar_day::Column::AtsId.eq(ats_id))
        .exec(&txn)
        .await?;
    let mut rows: Vec<calendar_day::ActiveModel> = new
        .closed_days()
        .map(|(day, reason)| calendar_day::ActiveModel {
            ats_id: Set(ats_id),
            kind: Set(calendar_day::CLOSED.to_owned()),
            day: Set(day),
            last_day: Set(None),
            reason: Set(short(reason)),
            ..Default::default()
        })
        .collect();
    rows.extend(
        new.school_years()
            .iter()
            .map(|y| calendar_day::ActiveModel {
                ats_id: Set(ats_id),
                kind: Set(calendar_day::YEAR.to_owned()),
                day: Set(y.first_day),
                last_day: Set(Some(y.last_day)),
                reason: Set(super::enrolment::school_year_label(y.first_day)),
                ..Default::default()
            }),
    );
    for chunk in rows.chunks(200) {
        calendar_day::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    let (action, changes) = audit;
    actor
        .record_at(
            &txn,
            ats_place(ats_id),
            Change::new(
                action,
                "absence_calendars",
                Some(i64::from(ats_id)),
                changes,
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

fn ats_place(ats_id: i32) -> Place {
    Place {
        ats_id: Some(ats_id),
        istituto_id: None,
    }
}

/// "Ripristina il calendario predefinito": the ATS's own calendar removed.
pub async fn reset_ats_calendar(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor<'_>,
    ats_id: i32,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    calendar_day::Entity::delete_many()
        .filter(calendar_day::Column::AtsId.eq(ats_id))
        .exec(&txn)
        .await?;
    calendar::Entity::delete_many()
        .filter(calendar::Column::AtsId.eq(ats_id))
        .exec(&txn)
        .await?;
    actor
        .record_at(
            &txn,
            ats_place(ats_id),
            Change::new(
                "delete",
                "absence_calendars",
                Some(i64::from(ats_id)),
                serde_json::json!({ "calendario": "predefinito Lombardia" }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Closes the plesso on every day of `valid` not yet closed, with one audit
/// entry; refused when a day already has an entry (its absences were
/// registered: the day was open).
pub async fn add_closures(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    place: Place,
    valid: &ValidClosure,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let entered = entry::Entity::find()
        .filter(entry::Column::PlessoId.eq(valid.plesso_id))
        .filter(entry::Column::SurveyDay.between(valid.from, valid.to))
        .order_by_asc(entry::Column::SurveyDay)
        .one(&txn)
        .await?;
    if let Some(e) = entered {
        return Err(AppError::Conflict(format!(
            "Il {} ha già una rilevazione delle assenze registrata: il plesso era aperto, \
             il giorno non può essere chiuso. Indicare solo giorni senza rilevazione.",
            format_date_it(e.survey_day)
        )));
    }
    let existing: Vec<NaiveDate> = plesso_closure::Entity::find()
        .filter(plesso_closure::Column::PlessoId.eq(valid.plesso_id))
        .filter(plesso_closure::Column::Day.between(valid.from, valid.to))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| c.day)
        .collect();
    let rows: Vec<plesso_closure::ActiveModel> = valid
        .days()
        .filter(|d| !existing.contains(d))
        .map(|day| plesso_closure::ActiveModel {
            plesso_id: Set(valid.plesso_id),
            day: Set(day),
            reason: Set(short(&valid.reason)),
            recorded_by: Set(who.account_id),
            recorded_at: Set(now),
            ..Default::default()
        })
        .collect();
    let added = rows.len();
    if !rows.is_empty() {
        plesso_closure::Entity::insert_many(rows).exec(&txn).await?;
    }
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "create",
                "absence_plesso_closures",
                Some(i64::from(valid.plesso_id)),
                serde_json::json!({
                    "plesso_id": valid.plesso_id,
                    "dal": valid.from.to_string(),
                    "al": valid.to.to_string(),
                    "motivo": valid.reason,
                    "giorni": added,
                }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(added)
}

/// Removes the plesso's closure of `day` (audited); false when none.
pub async fn remove_closure(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor<'_>,
    place: Place,
    plesso_id: i32,
    day: NaiveDate,
) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let Some(row) = plesso_closure::Entity::find()
        .filter(plesso_closure::Column::PlessoId.eq(plesso_id))
        .filter(plesso_closure::Column::Day.eq(day))
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    plesso_closure::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "delete",
                "absence_plesso_closures",
                Some(i64::from(row.id)),
                serde_json::json!({
                    "plesso_id": plesso_id,
                    "giorno": day.to_string(),
                    "motivo": row.reason,
                }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(true)
}
