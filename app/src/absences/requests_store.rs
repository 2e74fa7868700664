//! The requests about alerts in the database (server only).

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::entity::{alert, request};
use super::requests_api::RequestView;
use crate::identity::Identity;
use crate::identity::audit::{Actor, Change, Place};
use crate::validation::dates::{format_date_it, format_datetime_it};

fn view(r: &request::Model, alert_day: Option<chrono::NaiveDate>) -> RequestView {
    RequestView {
        id: r.id,
        alert_id: r.alert_id,
        plesso_id: r.plesso_id,
        alert_day: alert_day.map(format_date_it).unwrap_or_default(),
        question: r.question.clone(),
        asked_by: r.asked_by_name.clone(),
        asked_at: format_datetime_it(r.asked_at),
        classes: r.classes.clone(),
        symptoms: r.symptoms.clone(),
        note: r.note.clone(),
        answered_at: r.answered_at.map(format_datetime_it),
    }
}

/// The requests about the plessi `plessi`, newest first.
pub async fn of_plessi(
    db: &impl ConnectionTrait,
    plessi: &[i32],
) -> Result<Vec<RequestView>, DbErr> {
    let rows = request::Entity::find()
        .filter(request::Column::PlessoId.is_in(plessi.iter().copied()))
        .order_by_desc(request::Column::Id)
        .all(db)
        .await?;
    let alerts = alert::Entity::find()
        .filter(alert::Column::Id.is_in(rows.iter().map(|r| r.alert_id)))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .map(|r| view(r, alerts.iter().find(|a| a.id == r.alert_id).map(|a| a.day)))
        .collect())
}

/// The requests about the alerts `alerts`.
pub async fn of_alerts(
    db: &impl ConnectionTrait,
    alerts: &[alert::Model],
) -> Result<Vec<RequestView>, DbErr> {
    let rows = request::Entity::find()
        .filter(request::Column::AlertId.is_in(alerts.iter().map(|a| a.id)))
        .order_by_asc(request::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .map(|r| view(r, alerts.iter().find(|a| a.id == r.alert_id).map(|a| a.day)))
        .collect())
}

pub async fn ask(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    alert: &alert::Model,
    plesso_id: i32,
    question: &str,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let row = request::ActiveModel {
        alert_id: Set(alert.id),
        plesso_id: Set(plesso_id),
        question: Set(question.to_owned()),
        asked_by: Set(who.account_id),
        asked_by_name: Set(who.full_name.chars().take(200).collect()),
        asked_at: Set(now),
        ..Default::default()
    };
    let id = request::Entity::insert(row)
        .exec(&txn)
        .await?
        .last_insert_id;
    let place = Place {
        ats_id: Some(alert.ats_id),
        istituto_id: None,
    };
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "create",
                "alert_requests",
                Some(i64::from(id)),
                serde_json::json!({ "allerta": alert.id, "plesso_id": plesso_id, "domanda": question }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn answer(
    db: &sea_orm::DatabaseConnection,
    who: &Identity,
    actor: &Actor<'_>,
    place: Place,
    row: request::Model,
    (classes, symptoms, note): (Option<String>, Option<String>, Option<String>),
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let id = row.id;
    let mut update = row.into_active_model();
    update.classes = Set(classes.clone());
    update.symptoms = Set(symptoms.clone());
    update.note = Set(note.clone());
    update.answered_by = Set(Some(who.account_id));
    update.answered_at = Set(Some(now));
    update.update(&txn).await?;
    actor
        .record_at(
            &txn,
            place,
            Change::new(
                "update",
                "alert_requests",
                Some(i64::from(id)),
                serde_json::json!({ "classi": classes, "sintomi": symptoms, "nota": note }),
            ),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
