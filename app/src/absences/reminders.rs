//! The reminders of missing sentinel entries (server only): who a plesso's
//! contact is, each sentinel plesso's status for a survey day, sending one
//! reminder (recorded and audited), and the automatic reminder of the
//! late-entry day as a scheduled job.
//!
//! Never twice: the automatic reminder's row is inserted before the
//! message goes out, and the table's unique index (plesso, survey day,
//! `automatico`) lets only one insert win, whatever restarts or instances;
//! a send that fails removes its row so a retry may send it.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, SqlErr};
use serde::{Deserialize, Serialize};

use super::completeness::{NotSent, Status, reminder_body, reminder_subject, status_of};
use super::entity::{entry, reminder, sentinel};
use crate::identity::Role;
use crate::identity::audit::{Actor, Change, Place};
use crate::identity::entity::accounts;
use crate::jobs::store::NewJob;
use crate::jobs::worker::{JobContext, JobError, Registry};
use crate::mail::{MailSettings, Mailer};
use crate::schools::entity::{istituto, plesso};

/// The job kind of the automatic reminder.
pub const KIND: &str = "absences.reminders";

/// One sentinel plesso's status for a survey day, with its reminders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlessoStatus {
    pub plesso: plesso::Model,
    pub status: Status,
    pub manual: usize,
    pub automatic: usize,
}

/// The sentinel plessi among `plessi` (active designation), with their
/// status for `day` (closed by its ATS's calendar or its own closures:
/// nothing due) and how many reminders each has had for it.
pub async fn statuses(
    db: &impl ConnectionTrait,
    plessi: Vec<plesso::Model>,
    day: NaiveDate,
) -> Result<Vec<PlessoStatus>, DbErr> {
    let ids: Vec<i32> = plessi.iter().map(|p| p.id).collect();
    let sentinels: Vec<i32> = sentinel::Entity::find()
        .filter(sentinel::Column::PlessoId.is_in(ids.clone()))
        .filter(sentinel::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.plesso_id)
        .collect();
    let entries = entry::Entity::find()
        .filter(entry::Column::PlessoId.is_in(sentinels.clone()))
        .filter(entry::Column::SurveyDay.eq(day))
        .all(db)
        .await?;
    let sent = reminder::Entity::find()
        .filter(reminder::Column::PlessoId.is_in(sentinels.clone()))
        .filter(reminder::Column::SurveyDay.eq(day))
        .all(db)
        .await?;
    let designated: Vec<plesso::Model> = plessi
        .iter()
        .filter(|p| sentinels.contains(&p.id))
        .cloned()
        .collect();
    let closed = super::calendar_store::closed_on(db, &designated, day).await?;
    Ok(plessi
        .into_iter()
        .filter(|p| sentinels.contains(&p.id))
        .map(|p| {
            let late = entries.iter().find(|e| e.plesso_id == p.id).map(|e| e.late);
            let count = |kind: &str| {
                sent.iter()
                    .filter(|r| r.plesso_id == p.id && r.kind == kind)
                    .count()
            };
            PlessoStatus {
                status: status_of(late, closed.contains_key(&p.id)),
                manual: count(reminder::MANUAL),
                automatic: count(reminder::AUTOMATIC),
                plesso: p,
            }
        })
        .collect())
}

/// The plesso's contact: the e-mail of its active referenti di plesso,
/// else of its istituto's active dirigente (empty when none has one).
pub async fn recipients(
    db: &impl ConnectionTrait,
    plesso: &plesso::Model,
) -> Result<Vec<String>, DbErr> {
    let with_email = |rows: Vec<accounts::Model>| -> Vec<String> {
        let mut emails: Vec<String> = rows
            .into_iter()
            .filter_map(|a| a.email)
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty())
            .collect();
        emails.sort();
        emails.dedup();
        emails
    };
    let referenti = accounts::Entity::find()
        .filter(accounts::Column::Role.eq(Role::ReferentePlesso.key()))
        .filter(accounts::Column::PlessoId.eq(plesso.id))
        .filter(accounts::Column::Active.eq(true))
        .order_by_asc(accounts::Column::Id)
        .all(db)
        .await?;
    let found = with_email(referenti);
    if !found.is_empty() {
        return Ok(found);
    }
    let dirigenti = accounts::Entity::find()
        .filter(accounts::Column::Role.eq(Role::Dirigente.key()))
        .filter(accounts::Column::IstitutoId.eq(plesso.istituto_id))
        .filter(accounts::Column::Active.eq(true))
        .order_by_asc(accounts::Column::Id)
        .all(db)
        .await?;
    Ok(with_email(dirigenti))
}

/// Who sends a reminder: an operator ("Invia promemoria") or the portal.
pub struct Sender<'a> {
    pub actor: Actor<'a>,
    /// The operator's account; None for the automatic reminder.
    pub account_id: Option<i32>,
}

/// Sends the reminder of `day` to `plesso`'s contact and records it with
/// its audit row: `kind` is [`reminder::MANUAL`] or [`reminder::AUTOMATIC`]
/// (at most one automatic per plesso and day).
pub async fn send(
    db: &sea_orm::DatabaseConnection,
    mail: Option<&MailSettings>,
    plesso: &plesso::Model,
    day: NaiveDate,
    kind: &'static str,
    sender: &Sender<'_>,
    now: DateTime<Utc>,
) -> Result<Result<i32, NotSentOr>, DbErr> {
    let Some(mail) = mail else {
        return Ok(Err(NotSentOr::NotSent(NotSent::NotConfigured)));
    };
    let to = recipients(db, plesso).await?;
    if to.is_empty() {
        return Ok(Err(NotSentOr::NotSent(NotSent::NoRecipient)));
    }
    let recipient: String = to.join(", ").chars().take(1000).collect();
    let row = reminder::ActiveModel {
        plesso_id: Set(plesso.id),
        survey_day: Set(day),
        kind: Set(kind.to_owned()),
        recipient: Set(recipient.clone()),
        sent_at: Set(now),
        sent_by: Set(sender.account_id),
        ..Default::default()
    };
    // Claimed before sending: of two attempts at the automatic one, only
    // the insert that wins sends.
    let id = match reminder::Entity::insert(row).exec(db).await {
        Ok(done) => done.last_insert_id,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(Err(NotSentOr::AlreadySent));
        }
        Err(err) => return Err(err),
    };
    let body = reminder_body(
        &plesso.name,
        &plesso.codice,
        day,
        mail.public_url.as_deref(),
    );
    if mail.send(&to, &reminder_subject(day), body).await.is_err() {
        reminder::Entity::delete_by_id(id).exec(db).await?;
        return Ok(Err(NotSentOr::NotSent(NotSent::Failed)));
    }
    let place = place_of(db, plesso).await?;
    let txn = crate::db::begin_write(db).await?;
    sender
        .actor
        .record_at(
            &txn,
            place,
            Change::new(
                "create",
                "absence_reminders",
                Some(i64::from(id)),
                serde_json::json!({
                    "plesso_id": plesso.id,
                    "giorno": day.to_string(),
                    "tipo": kind,
                    "destinatari": recipient,
                }),
            ),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(
        reminder = id,
        plesso = plesso.id,
        kind,
        "absence reminder sent"
    );
    Ok(Ok(id))
}

/// Why [`send`] did not send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSentOr {
    NotSent(NotSent),
    /// The automatic reminder had already been sent (or is being sent).
    AlreadySent,
}

async fn place_of(db: &impl ConnectionTrait, plesso: &plesso::Model) -> Result<Place, DbErr> {
    let ats_id = istituto::Entity::find_by_id(plesso.istituto_id)
        .one(db)
        .await?
        .map(|i| i.ats_id);
    Ok(Place {
        ats_id,
        istituto_id: Some(plesso.istituto_id),
    })
}

/// A reminder's row, if any.
pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<reminder::Model>, DbErr> {
    reminder::Entity::find_by_id(id).one(db).await
}

/// What the planner hands to the job: the survey day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AutoPayload {
    /// yyyy-mm-dd
    pub survey_day: NaiveDate,
}

/// The automatic reminder: its handler always (a job already queued
/// reports that e-mail is off), its schedule only with e-mail configured.
pub fn register(registry: Registry, mail: Option<Mailer>) -> Registry {
    let planned = mail.is_some();
    let handler_mail = mail.clone();
    let registry = registry.with(KIND, move |ctx| run(ctx, handler_mail.clone()));
    if !planned {
        return registry;
    }
    registry.every(plan)
}

/// The occurrence due at `now`: one job per late-entry day, keyed on the
/// survey day. Every Tuesday and Thursday counts here: each ATS has its
/// calendar and each plesso its closures, so the job leaves out the plessi
/// closed that day ([`statuses`]).
pub fn plan(now: DateTime<Utc>) -> Vec<NewJob> {
    use super::calendar::NoClosures;
    let Some(day) = super::completeness::auto_reminder_due(now, &NoClosures) else {
        return Vec::new();
    };
    let mut job = NewJob::now(
        KIND,
        serde_json::json!({ "survey_day": day.to_string() }),
        now,
    );
    job.dedupe_key = Some(format!("promemoria-{day}"));
    vec![job]
}

async fn run(ctx: JobContext, mail: Option<Mailer>) -> Result<serde_json::Value, JobError> {
    let input: AutoPayload = ctx.payload()?;
    let Some(mail) = mail else {
        return Err(JobError::Refused(
            NotSent::NotConfigured.message().to_owned(),
        ));
    };
    let day = input.survey_day;
    let plessi = plesso::Entity::find()
        .order_by_asc(plesso::Column::Id)
        .all(&ctx.db)
        .await?;
    let missing: Vec<plesso::Model> = statuses(&ctx.db, plessi, day)
        .await?
        .into_iter()
        .filter(|s| s.status == Status::Mancante && s.automatic == 0)
        .map(|s| s.plesso)
        .collect();
    let total = i64::try_from(missing.len()).unwrap_or(i64::MAX);
    let sender = Sender {
        actor: Actor::system(),
        account_id: None,
    };
    let (mut sent, mut skipped, mut failed) = (0_i64, 0_i64, 0_i64);
    for (done, p) in missing.iter().enumerate() {
        match send(
            &ctx.db,
            Some(&mail),
            p,
            day,
            reminder::AUTOMATIC,
            &sender,
            ctx.now(),
        )
        .await?
        {
            Ok(_) => sent += 1,
            Err(NotSentOr::AlreadySent) => skipped += 1,
            Err(NotSentOr::NotSent(NotSent::Failed)) => failed += 1,
            Err(NotSentOr::NotSent(_)) => skipped += 1,
        }
        ctx.progress(
            i64::try_from(done + 1).unwrap_or(i64::MAX),
            total,
            "Invio dei promemoria in corso.",
        )
        .await?;
    }
    if failed > 0 {
        // The ones not sent are retried (those sent are recorded: skipped).
        tracing::warn!(
            failed,
            "automatic reminders not accepted by the SMTP server"
        );
        return Err(JobError::Transient);
    }
    Ok(serde_json::json!({ "inviati": sent, "saltati": skipped }))
}
