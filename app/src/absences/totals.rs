//! The aggregate series' survey-day totals (server only): each comune,
//! each school type and the ATS, summed over the sentinel plessi that
//! reported absences that day. An entry moves its three totals by its own
//! difference in the entry's transaction (an atomic upsert, safe with
//! several instances); a change of designation rebuilds the ATS's totals
//! from the entries ([`rebuild`]). The dashboard and the alerts then read a
//! few hundred rows per series, whatever the size of the territory.

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use super::aggregates::{Member, Sums, TotalKind, sums_of};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};

use super::alerts::{Observation, Series};
use super::entity::{entry, sentinel, total};
use crate::schools::entity::{istituto, plesso};

/// An entry's share of its aggregates: absent, enrolled, one plesso (none
/// on a closed day).
pub fn contribution(e: Option<&entry::Model>) -> (i64, i64, i32) {
    match e {
        Some(e) => match e.absent {
            Some(a) => (i64::from(a), i64::from(e.enrolled), 1),
            None => (0, 0, 0),
        },
        None => (0, 0, 0),
    }
}

/// The active sentinel plessi of ATS `ats_id`, by id.
pub async fn members(db: &impl ConnectionTrait, ats_id: i32) -> Result<Vec<Member>, DbErr> {
    let active = Query::select()
        .column(sentinel::Column::PlessoId)
        .from(sentinel::Entity)
        .and_where(sentinel::Column::Active.eq(true))
        .to_owned();
    let rows: Vec<(i32, String, String)> = plesso::Entity::find()
        .select_only()
        .column(plesso::Column::Id)
        .column(plesso::Column::ComuneBelfiore)
        .column(plesso::Column::SchoolType)
        .inner_join(istituto::Entity)
        .filter(istituto::Column::AtsId.eq(ats_id))
        .filter(plesso::Column::Id.in_subquery(active))
        .order_by_asc(plesso::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, comune, school_type)| Member {
            id,
            comune,
            school_type,
        })
        .collect())
}

/// Moves plesso `member`'s three totals of `day` by `delta` (absent,
/// enrolled, plessi); a total no plesso reports any more goes.
pub async fn apply(
    db: &impl ConnectionTrait,
    ats_id: i32,
    member: &Member,
    day: NaiveDate,
    delta: (i64, i64, i32),
) -> Result<(), DbErr> {
    if delta == (0, 0, 0) {
        return Ok(());
    }
    for (kind, key) in member.keys(ats_id) {
        let row = total::ActiveModel {
            ats_id: Set(ats_id),
            series_kind: Set(kind.key().to_owned()),
            series_key: Set(key.clone()),
            survey_day: Set(day),
            absent: Set(delta.0),
            enrolled: Set(delta.1),
            plessi: Set(delta.2),
            ..Default::default()
        };
        // Both backends: the existing row by the table's name, the
        // proposed one as `excluded`.
        let add = |col: &str| Expr::cust(format!("absence_totals.{col} + excluded.{col}"));
        total::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    total::Column::AtsId,
                    total::Column::SeriesKind,
                    total::Column::SeriesKey,
                    total::Column::SurveyDay,
                ])
                .values([
                    (total::Column::Absent, add("absent")),
                    (total::Column::Enrolled, add("enrolled")),
                    (total::Column::Plessi, add("plessi")),
                ])
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        total::Entity::delete_many()
            .filter(total::Column::AtsId.eq(ats_id))
            .filter(total::Column::SeriesKind.eq(kind.key()))
            .filter(total::Column::SeriesKey.eq(key))
            .filter(total::Column::SurveyDay.eq(day))
            .filter(total::Column::Plessi.lte(0))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Replaces the ATS's totals with `sums` (in the caller's transaction).
pub async fn replace(db: &impl ConnectionTrait, ats_id: i32, sums: &Sums) -> Result<(), DbErr> {
    total::Entity::delete_many()
        .filter(total::Column::AtsId.eq(ats_id))
        .exec(db)
        .await?;
    let mut rows: Vec<total::ActiveModel> = Vec::new();
    for ((kind, key), days) in sums {
        for (day, t) in days {
            rows.push(total::ActiveModel {
                ats_id: Set(ats_id),
                series_kind: Set(kind.key().to_owned()),
                series_key: Set(key.clone()),
                survey_day: Set(*day),
                absent: Set(t.0),
                enrolled: Set(t.1),
                plessi: Set(t.2),
                ..Default::default()
            });
        }
    }
    for batch in rows.chunks(500) {
        total::Entity::insert_many(batch.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Every reported day of the ATS's sentinel plessi, per plesso and oldest
/// first: (plesso, day, absent, enrolled). Closed days are not in it.
pub async fn territory_entries(
    db: &impl ConnectionTrait,
    ats_id: i32,
) -> Result<Vec<(i32, NaiveDate, i64, i64)>, DbErr> {
    let active = Query::select()
        .column(sentinel::Column::PlessoId)
        .from(sentinel::Entity)
        .and_where(sentinel::Column::Active.eq(true))
        .to_owned();
    let territory = plesso::Entity::find()
        .select_only()
        .column(plesso::Column::Id)
        .inner_join(istituto::Entity)
        .filter(istituto::Column::AtsId.eq(ats_id))
        .filter(plesso::Column::Id.in_subquery(active))
        .into_query();
    let rows: Vec<(i32, NaiveDate, i32, i32)> = entry::Entity::find()
        .select_only()
        .column(entry::Column::PlessoId)
        .column(entry::Column::SurveyDay)
        .column(entry::Column::Absent)
        .column(entry::Column::Enrolled)
        .filter(entry::Column::Absent.is_not_null())
        .filter(entry::Column::PlessoId.in_subquery(territory))
        .order_by_asc(entry::Column::PlessoId)
        .order_by_asc(entry::Column::SurveyDay)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(p, d, a, e)| (p, d, i64::from(a), i64::from(e)))
        .collect())
}

/// Rebuilds the ATS's totals from its sentinel plessi's entries: after a
/// designation changes who counts, or to repair them.
pub async fn rebuild(db: &impl ConnectionTrait, ats_id: i32) -> Result<(), DbErr> {
    let members: BTreeMap<i32, Member> = members(db, ats_id)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let entries = territory_entries(db, ats_id).await?;
    replace(db, ats_id, &sums_of(ats_id, &members, &entries)).await
}

/// One plesso's reported days from its entries, oldest first: (day,
/// absent, enrolled). Closed days are not in it.
pub async fn plesso_days(
    db: &impl ConnectionTrait,
    plesso_id: i32,
) -> Result<Vec<(NaiveDate, u64, u64)>, DbErr> {
    let rows: Vec<(NaiveDate, Option<i32>, i32)> = entry::Entity::find()
        .select_only()
        .columns([
            entry::Column::SurveyDay,
            entry::Column::Absent,
            entry::Column::Enrolled,
        ])
        .filter(entry::Column::PlessoId.eq(plesso_id))
        .order_by_asc(entry::Column::SurveyDay)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, a, e)| Some((d, u64::try_from(a?).ok()?, u64::try_from(e).ok()?)))
        .collect())
}

/// The stored totals of one aggregate, oldest first: (day, absent, enrolled).
pub async fn of(
    db: &impl ConnectionTrait,
    ats_id: i32,
    kind: TotalKind,
    key: &str,
) -> Result<Vec<(NaiveDate, u64, u64)>, DbErr> {
    let rows: Vec<(NaiveDate, i64, i64)> = total::Entity::find()
        .select_only()
        .column(total::Column::SurveyDay)
        .column(total::Column::Absent)
        .column(total::Column::Enrolled)
        .filter(total::Column::AtsId.eq(ats_id))
        .filter(total::Column::SeriesKind.eq(kind.key()))
        .filter(total::Column::SeriesKey.eq(key))
        .order_by_asc(total::Column::SurveyDay)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, a, e)| Some((d, u64::try_from(a).ok()?, u64::try_from(e).ok()?)))
        .collect())
}

/// A series from (day, absent, enrolled) rows, oldest first; rows the
/// engine cannot take (absent over enrolled) are left out.
pub fn series(rows: impl IntoIterator<Item = (NaiveDate, u64, u64)>) -> Series {
    let observations: Vec<Observation> = rows
        .into_iter()
        .filter_map(|(d, a, e)| Observation::new(d, a, e).ok())
        .collect();
    Series::new(observations).unwrap_or_default()
}
