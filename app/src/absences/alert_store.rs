//! The alerts in the database (server only): recomputed for the plesso, its
//! comune and its ATS whenever the plesso's data arrive (a correction too),
//! listed for the ATS, reviewed by an operator (audited).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::alerts::{Observation, Series};
use super::entity::{alert, entry, sentinel};
use super::signals::{Review, SeriesKind, signals};
use crate::identity::Identity;
use crate::identity::audit::{Actor, Change, Place};
use crate::schools::entity::{istituto, plesso};

/// A statistic the database can hold (`+inf` when the baseline did not vary).
fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else if x > 0.0 {
        f64::MAX
    } else {
        f64::MIN
    }
}

/// One plesso's observations: the survey days it reported (closed days
/// and days without an entry are not observations).
fn series_of(entries: &[entry::Model]) -> Series {
    let observations: Vec<Observation> = entries
        .iter()
        .filter_map(|e| {
            let absent = u64::try_from(e.absent?).ok()?;
            let enrolled = u64::try_from(e.enrolled).ok()?;
            Observation::new(e.survey_day, absent, enrolled).ok()
        })
        .collect();
    Series::new(observations).unwrap_or_default()
}

/// Recomputes the alerts of the series plesso `plesso_id` belongs to: its
/// own, its comune's and its ATS's (sentinel plessi only). New alerts are
/// added; unreviewed ones that no longer hold (after a correction) go.
pub async fn refresh(
    db: &impl ConnectionTrait,
    plesso_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(p) = plesso::Entity::find_by_id(plesso_id).one(db).await? else {
        return Ok(());
    };
    let Some(i) = istituto::Entity::find_by_id(p.istituto_id).one(db).await? else {
        return Ok(());
    };
    let ats_id = i.ats_id;
    let istituti: Vec<i32> = istituto::Entity::find()
        .filter(istituto::Column::AtsId.eq(ats_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let sentinels: Vec<i32> = sentinel::Entity::find()
        .filter(sentinel::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.plesso_id)
        .collect();
    let territory: Vec<plesso::Model> = plesso::Entity::find()
        .filter(plesso::Column::IstitutoId.is_in(istituti))
        .filter(plesso::Column::Id.is_in(sentinels))
        .all(db)
        .await?;
    let mut by_plesso: BTreeMap<i32, Vec<entry::Model>> = BTreeMap::new();
    for e in entry::Entity::find()
        .filter(entry::Column::PlessoId.is_in(territory.iter().map(|t| t.id)))
        .order_by_asc(entry::Column::SurveyDay)
        .all(db)
        .await?
    {
        by_plesso.entry(e.plesso_id).or_default().push(e);
    }
    let series: BTreeMap<i32, Series> = by_plesso
        .iter()
        .map(|(id, entries)| (*id, series_of(entries)))
        .collect();
    let comune: Vec<&Series> = territory
        .iter()
        .filter(|t| t.comune_belfiore == p.comune_belfiore)
        .filter_map(|t| series.get(&t.id))
        .collect();
    let own = series.get(&p.id).cloned().unwrap_or_default();
    let targets = [
        (
            SeriesKind::Plesso,
            p.id.to_string(),
            format!("{} ({})", p.name, p.codice),
            own,
        ),
        (
            SeriesKind::Comune,
            p.comune_belfiore.clone(),
            format!("comune {}", p.comune_belfiore),
            Series::aggregate(comune).unwrap_or_default(),
        ),
        (
            SeriesKind::Ats,
            ats_id.to_string(),
            "intero territorio".to_owned(),
            Series::aggregate(series.values()).unwrap_or_default(),
        ),
    ];
    for (kind, key, label, series) in targets {
        store(db, ats_id, kind, &key, &label, &series, now).await?;
    }
    Ok(())
}

async fn store(
    db: &impl ConnectionTrait,
    ats_id: i32,
    kind: SeriesKind,
    key: &str,
    label: &str,
    series: &Series,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let found = signals(series);
    let holds = |a: &alert::Model| {
        found
            .iter()
            .any(|s| s.day == a.day && s.method.name() == a.method)
    };
    let stale: Vec<i32> = alert::Entity::find()
        .filter(alert::Column::SeriesKind.eq(kind.key()))
        .filter(alert::Column::SeriesKey.eq(key))
        .filter(alert::Column::Review.eq(Review::Nuova.key()))
        .all(db)
        .await?
        .into_iter()
        .filter(|a| !holds(a))
        .map(|a| a.id)
        .collect();
    if !stale.is_empty() {
        alert::Entity::delete_many()
            .filter(alert::Column::Id.is_in(stale))
            .exec(db)
            .await?;
    }
    for s in found {
        let row = alert::ActiveModel {
            ats_id: Set(ats_id),
            series_kind: Set(kind.key().to_owned()),
            series_key: Set(key.to_owned()),
            series_label: Set(label.chars().take(200).collect()),
            day: Set(s.day),
            method: Set(s.method.name().to_owned()),
            statistic: Set(finite(s.statistic)),
            threshold: Set(s.threshold),
            observed: Set(s.observed),
            expected: Set(s.expected),
            review: Set(Review::Nuova.key().to_owned()),
            note: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        };
        alert::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    alert::Column::SeriesKind,
                    alert::Column::SeriesKey,
                    alert::Column::Day,
                    alert::Column::Method,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The ATS's alerts, newest day first.
pub async fn list(db: &impl ConnectionTrait, ats_id: i32) -> Result<Vec<alert::Model>, DbErr> {
    alert::Entity::find()
        .filter(alert::Column::AtsId.eq(ats_id))
        .order_by_desc(alert::Column::Day)
        .order_by_asc(alert::Column::SeriesKind)
        .order_by_asc(alert::Column::Method)
        .all(db)
        .await
}

/// An operator's review of alert `id` (state and note), audited.
pub async fn review(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    row: alert::Model,
    review: Review,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let place = Place {
        ats_id: Some(row.ats_id),
        istituto_id: None,
    };
    let before = row.review.clone();
    let id = row.id;
    let mut update = row.into_active_model();
    update.review = Set(review.key().to_owned());
    update.note = Set(note.chars().take(2000).collect());
    update.reviewed_by = Set(Some(who.account_id));
    update.reviewed_at = Set(Some(now));
    update.update(&txn).await?;
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "update",
                "absence_alerts",
                Some(i64::from(id)),
                serde_json::json!({ "stato_prima": before, "stato": review.key(), "nota": note }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
