//! The alerts in the database (server only): recomputed for the plesso, its
//! comune and its ATS whenever the plesso's data arrive (a correction too),
//! or for a whole territory at once ([`recompute`]); listed for the ATS,
//! reviewed by an operator (audited).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::alerts::Series;
use super::entity::alert;
use super::signals::{Review, SeriesKind, Signal, signals};
use super::totals::{self, TotalKind};
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

/// One series to keep the alerts of: its kind, key and label, and the
/// alerting evaluations found on it now.
pub struct Target {
    pub kind: SeriesKind,
    pub key: String,
    pub label: String,
    pub found: Vec<Signal>,
}

impl Target {
    pub fn new(kind: SeriesKind, key: String, label: String, series: &Series) -> Self {
        Self {
            kind,
            key,
            label,
            found: signals(series),
        }
    }
}

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Synced {
    pub alerts: usize,
    pub added: usize,
    pub removed: usize,
}

/// An alert already stored: (kind, key, day, method) → (id, review).
type Stored = HashMap<(String, String, NaiveDate, String), (i32, String)>;

async fn stored(
    db: &impl ConnectionTrait,
    ats_id: i32,
    series: Option<(SeriesKind, &str)>,
) -> Result<Stored, DbErr> {
    let mut q = alert::Entity::find()
        .select_only()
        .columns([
            alert::Column::SeriesKind,
            alert::Column::SeriesKey,
            alert::Column::Day,
            alert::Column::Method,
            alert::Column::Id,
            alert::Column::Review,
        ])
        .filter(alert::Column::AtsId.eq(ats_id));
    if let Some((kind, key)) = series {
        q = q
            .filter(alert::Column::SeriesKind.eq(kind.key()))
            .filter(alert::Column::SeriesKey.eq(key));
    }
    let rows: Vec<(String, String, NaiveDate, String, i32, String)> =
        q.into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(k, s, d, m, id, r)| ((k, s, d, m), (id, r)))
        .collect())
}

/// Makes the stored alerts of `targets` what was found: new ones added,
/// unreviewed ones that no longer hold (after a correction) removed;
/// reviewed ones stay whatever the data say now.
async fn sync(
    db: &impl ConnectionTrait,
    ats_id: i32,
    mut stored: Stored,
    targets: &[Target],
    now: DateTime<Utc>,
) -> Result<Synced, DbErr> {
    let mut synced = Synced::default();
    let mut fresh = Vec::new();
    for t in targets {
        for s in &t.found {
            synced.alerts += 1;
            let key = (
                t.kind.key().to_owned(),
                t.key.clone(),
                s.day,
                s.method.name().to_owned(),
            );
            if stored.remove(&key).is_none() {
                fresh.push(alert::ActiveModel {
                    ats_id: Set(ats_id),
                    series_kind: Set(key.0),
                    series_key: Set(key.1),
                    series_label: Set(t.label.chars().take(200).collect()),
                    day: Set(s.day),
                    method: Set(key.3),
                    statistic: Set(finite(s.statistic)),
                    threshold: Set(s.threshold),
                    observed: Set(s.observed),
                    expected: Set(s.expected),
                    review: Set(Review::Nuova.key().to_owned()),
                    note: Set(String::new()),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
        }
    }
    // What is left no longer holds; targets' series only (a recompute
    // passes every series of the territory).
    let in_targets: HashSet<(&str, &str)> = targets
        .iter()
        .map(|t| (t.kind.key(), t.key.as_str()))
        .collect();
    let stale: Vec<i32> = stored
        .iter()
        .filter(|((kind, key, _, _), (_, review))| {
            review == Review::Nuova.key() && in_targets.contains(&(kind.as_str(), key.as_str()))
        })
        .map(|(_, (id, _))| *id)
        .collect();
    synced.removed = stale.len();
    for ids in stale.chunks(500) {
        alert::Entity::delete_many()
            .filter(alert::Column::Id.is_in(ids.iter().copied()))
            .exec(db)
            .await?;
    }
    synced.added = fresh.len();
    let mut rows = fresh.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<alert::ActiveModel> = rows.by_ref().take(200).collect();
        alert::Entity::insert_many(batch)
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
    Ok(synced)
}

/// Recomputes the alerts of the series plesso `plesso_id` belongs to: its
/// own (from its entries), its comune's and its ATS's (from the totals),
/// sentinel plessi only.
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
    let own = totals::series(totals::plesso_days(db, p.id).await?);
    let comune =
        totals::series(totals::of(db, ats_id, TotalKind::Comune, &p.comune_belfiore).await?);
    let ats = totals::series(totals::of(db, ats_id, TotalKind::Ats, &ats_id.to_string()).await?);
    let targets = [
        Target::new(
            SeriesKind::Plesso,
            p.id.to_string(),
            plesso_label(&p.name, &p.codice),
            &own,
        ),
        Target::new(
            SeriesKind::Comune,
            p.comune_belfiore.clone(),
            comune_label(&p.comune_belfiore),
            &comune,
        ),
        Target::new(
            SeriesKind::Ats,
            ats_id.to_string(),
            ATS_LABEL.to_owned(),
            &ats,
        ),
    ];
    for t in &targets {
        let existing = stored(db, ats_id, Some((t.kind, &t.key))).await?;
        sync(db, ats_id, existing, std::slice::from_ref(t), now).await?;
    }
    Ok(())
}

/// The label of a plesso's series.
pub fn plesso_label(name: &str, codice: &str) -> String {
    format!("{name} ({codice})")
}

/// The label of a comune's series.
pub fn comune_label(belfiore: &str) -> String {
    format!("comune {belfiore}")
}

/// The label of the territory's series.
pub const ATS_LABEL: &str = "intero territorio";

/// What a whole recomputation read and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recomputed {
    pub series: usize,
    pub observations: usize,
    pub synced: Synced,
}

/// Recomputes every alert of ATS `ats_id` (each sentinel plesso, each
/// comune, the territory) and rebuilds its totals, from its entries, in one
/// transaction: after a designation changes who counts, after an import,
/// or by the `recompute-alerts` command.
pub async fn recompute(
    db: &sea_orm::DatabaseConnection,
    ats_id: i32,
    now: DateTime<Utc>,
) -> Result<Recomputed, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let members = totals::members(&txn, ats_id).await?;
    let labels: HashMap<i32, String> = plesso::Entity::find()
        .select_only()
        .columns([
            plesso::Column::Id,
            plesso::Column::Name,
            plesso::Column::Codice,
        ])
        .filter(plesso::Column::Id.is_in(members.iter().map(|m| m.id).collect::<Vec<_>>()))
        .into_tuple::<(i32, String, String)>()
        .all(&txn)
        .await?
        .into_iter()
        .map(|(id, name, codice)| (id, plesso_label(&name, &codice)))
        .collect();
    let members: BTreeMap<i32, totals::Member> = members.into_iter().map(|m| (m.id, m)).collect();
    let entries = totals::territory_entries(&txn, ats_id).await?;
    let sums = totals::sums_of(ats_id, &members, &entries);
    let mut targets = Vec::new();
    for chunk in entries.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(id, ..)) = chunk.first() else {
            continue;
        };
        let series =
            totals::series(chunk.iter().filter_map(|&(_, d, a, e)| {
                Some((d, u64::try_from(a).ok()?, u64::try_from(e).ok()?))
            }));
        let label = labels.get(&id).cloned().unwrap_or_else(|| id.to_string());
        targets.push(Target::new(
            SeriesKind::Plesso,
            id.to_string(),
            label,
            &series,
        ));
    }
    for ((kind, key), days) in &sums {
        let kind = match kind {
            TotalKind::Comune => SeriesKind::Comune,
            TotalKind::Ats => SeriesKind::Ats,
            TotalKind::Tipo => continue,
        };
        let series =
            totals::series(days.iter().filter_map(|(d, t)| {
                Some((*d, u64::try_from(t.0).ok()?, u64::try_from(t.1).ok()?))
            }));
        let label = match kind {
            SeriesKind::Comune => comune_label(key),
            _ => ATS_LABEL.to_owned(),
        };
        targets.push(Target::new(kind, key.clone(), label, &series));
    }
    let existing = stored(&txn, ats_id, None).await?;
    let synced = sync(&txn, ats_id, existing, &targets, now).await?;
    totals::replace(&txn, ats_id, &sums).await?;
    txn.commit().await?;
    Ok(Recomputed {
        series: targets.len(),
        observations: entries.len(),
        synced,
    })
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
