//! The alert lab's data (server only): one series of the territory as the
//! engine reads it, and the outbreak starts operators marked on it.
//!
//! [`series_for`] is the lab's only loader, kept small and in one place so
//! that its internals can follow wherever the series are stored.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::alerts::Series;
use super::entity::outbreak_mark;
use super::trend_api::ssr::{choices, points_of};
use crate::identity::Identity;
use crate::identity::audit::{Actor, Change, Place};
use crate::state::AppState;

/// Series `choice` of ATS `ats_id` ("ats", "comune:F205", "tipo:primaria",
/// "plesso:12"; an unknown choice is the territory) with its label: a
/// plesso's reported survey days, or an aggregate's stored totals (summed
/// per day over its sentinel plessi as the alert engine sums aggregates;
/// closed days are no observation).
pub async fn series_for(
    db: &impl ConnectionTrait,
    state: &AppState,
    ats_id: i32,
    choice: &str,
) -> Result<(String, Series), DbErr> {
    let all = choices(db, state, ats_id, state.today()).await?;
    let (chosen, label) = all.resolve(choice);
    let points = points_of(db, ats_id, &chosen).await?;
    let series = super::totals::series(points.iter().map(|p| (p.day, p.absent, p.enrolled)));
    Ok((label, series))
}

/// The outbreak starts marked on series `key` of ATS `ats_id`, the latest
/// marked first.
pub async fn marks(
    db: &impl ConnectionTrait,
    ats_id: i32,
    key: &str,
) -> Result<Vec<outbreak_mark::Model>, DbErr> {
    outbreak_mark::Entity::find()
        .filter(outbreak_mark::Column::AtsId.eq(ats_id))
        .filter(outbreak_mark::Column::SeriesKey.eq(key))
        .order_by_desc(outbreak_mark::Column::MarkedAt)
        .order_by_desc(outbreak_mark::Column::Id)
        .all(db)
        .await
}

/// Marks `start` as an outbreak start on series `key` (labelled `label`)
/// of ATS `ats_id`, audited. Marking a day already marked changes nothing.
#[allow(
    clippy::too_many_arguments,
    reason = "one mark, its owner and its time"
)]
pub async fn mark(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    ats_id: i32,
    key: &str,
    label: &str,
    start: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let row = outbreak_mark::ActiveModel {
        ats_id: Set(ats_id),
        series_key: Set(key.chars().take(64).collect()),
        series_label: Set(label.chars().take(200).collect()),
        start_day: Set(start),
        marked_by: Set(who.account_id),
        marked_by_name: Set(who.full_name.chars().take(200).collect()),
        marked_at: Set(now),
        ..Default::default()
    };
    let inserted = outbreak_mark::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                outbreak_mark::Column::AtsId,
                outbreak_mark::Column::SeriesKey,
                outbreak_mark::Column::StartDay,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    if inserted > 0 {
        let id = outbreak_mark::Entity::find()
            .filter(outbreak_mark::Column::AtsId.eq(ats_id))
            .filter(outbreak_mark::Column::SeriesKey.eq(key))
            .filter(outbreak_mark::Column::StartDay.eq(start))
            .one(&txn)
            .await?
            .map(|m| i64::from(m.id));
        let place = Place {
            ats_id: Some(ats_id),
            istituto_id: None,
        };
        actor
            .record_at(
                &txn,
                place,
                Change::new(
                    "create",
                    "absence_outbreak_marks",
                    id,
                    serde_json::json!({ "serie": key, "inizio_focolaio": start.to_string() }),
                ),
            )
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
