//! Server functions of "Completezza delle rilevazioni" (the ATS only, its
//! territory): the last survey day's status of every sentinel plesso, and
//! "Invia promemoria" to a plesso still missing.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;

/// One sentinel plesso's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletenessRow {
    pub plesso_id: i32,
    pub codice: String,
    pub name: String,
    /// `inserito`, `in_ritardo`, `mancante`, `chiuso`.
    pub status: String,
    /// "inserito", "in ritardo", "mancante", "plesso chiuso: non dovuta".
    pub status_label: String,
    /// Reminders already sent for the day, by hand and automatic.
    pub manual: usize,
    pub automatic: usize,
}

/// The page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    /// "martedì 24/11/2026"; None when no recent survey day.
    pub survey_day: Option<String>,
    /// The late-entry day, same format.
    pub deadline: Option<String>,
    pub rows: Vec<CompletenessRow>,
    /// The reminder just sent (`?promemoria=ID`): its plesso and to whom.
    pub sent: Option<(i32, String)>,
    /// Whether e-mail is configured.
    pub mail: bool,
}

#[server(prefix = "/api", endpoint = "assenze/completezza", input = GetUrl)]
pub async fn load_completeness(
    #[server(default)] promemoria: i32,
) -> Result<Completeness, AppError> {
    use super::completeness::{day_label, last_survey_day};
    let call = crate::identity::Call::of::<LoadCompleteness>()?;
    // The operator's ATS calendar; each plesso's own closures come with
    // its status.
    let (calendar, _) =
        super::calendar_store::ats_calendar(call.db(), call.who.ats_id.unwrap_or(0)).await?;
    let day = last_survey_day(call.today(), &*calendar);
    let plessi = super::store::plessi_in_scope(call.db(), call.who.scope()).await?;
    let ids: Vec<i32> = plessi.iter().map(|p| p.id).collect();
    let rows = match day {
        Some(day) => super::reminders::statuses(call.db(), plessi, day)
            .await?
            .into_iter()
            .map(|s| CompletenessRow {
                plesso_id: s.plesso.id,
                codice: s.plesso.codice,
                name: s.plesso.name,
                status: s.status.key().to_owned(),
                status_label: s.status.label().to_owned(),
                manual: s.manual,
                automatic: s.automatic,
            })
            .collect(),
        None => Vec::new(),
    };
    // Only a reminder of the caller's own territory.
    let sent = match promemoria {
        0 => None,
        id => super::reminders::find(call.db(), id)
            .await?
            .filter(|r| ids.contains(&r.plesso_id))
            .map(|r| (r.plesso_id, r.recipient)),
    };
    Ok(Completeness {
        survey_day: day.map(day_label),
        deadline: day.map(|d| day_label(super::window::late_entry_day(d))),
        rows,
        sent,
        mail: call.state.mail.is_some(),
    })
}

/// What "Invia promemoria" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReminderOutcome {
    /// Sent: the reminder's id and to whom.
    Sent { reminder_id: i32, to: String },
    /// Not sent: the reason's key and its Italian message.
    NotSent { reason: String, message: String },
}

/// "Invia promemoria": an e-mail to the contact of a sentinel plesso of the
/// caller's territory that has not entered the last survey day.
#[server(prefix = "/api", endpoint = "assenze/completezza/promemoria", client = CsrfClient)]
pub async fn send_reminder(plesso_id: i32) -> Result<ReminderOutcome, AppError> {
    use super::completeness::{NotSent, Status, last_survey_day};
    use super::reminders::{NotSentOr, Sender};
    let call = crate::identity::Call::of::<SendReminder>()?;
    let (plesso, target, place) = super::store::plesso_target(call.db(), plesso_id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    let (calendar, _) =
        super::calendar_store::ats_calendar(call.db(), place.ats_id.unwrap_or(0)).await?;
    let not_sent = |reason: NotSent| {
        crate::http::redirect_plain_form(&format!(
            "/assenze/completezza?non_inviato={}&motivo={}#plesso-{}",
            plesso.id,
            reason.key(),
            plesso.id
        ));
        Ok(ReminderOutcome::NotSent {
            reason: reason.key().to_owned(),
            message: reason.message().to_owned(),
        })
    };
    let Some(day) = last_survey_day(call.today(), &*calendar) else {
        return not_sent(NotSent::NoSurveyDay);
    };
    let status = super::reminders::statuses(call.db(), vec![plesso.clone()], day)
        .await?
        .pop();
    match status.map(|s| s.status) {
        None => return not_sent(NotSent::NotSentinel),
        Some(Status::Inserito | Status::InRitardo) => return not_sent(NotSent::AlreadyEntered),
        Some(Status::Chiuso) => return not_sent(NotSent::Closed),
        Some(Status::Mancante) => {}
    }
    let sender = Sender {
        actor: call.actor(),
        account_id: Some(call.who.account_id),
    };
    let sent = super::reminders::send(
        call.db(),
        call.state.mail.as_deref(),
        &plesso,
        day,
        super::entity::reminder::MANUAL,
        &sender,
        call.now(),
    )
    .await?;
    match sent {
        Ok(id) => {
            let to = super::reminders::find(call.db(), id)
                .await?
                .map(|r| r.recipient)
                .unwrap_or_default();
            crate::http::redirect_plain_form(&format!(
                "/assenze/completezza?promemoria={id}#plesso-{}",
                plesso.id
            ));
            Ok(ReminderOutcome::Sent {
                reminder_id: id,
                to,
            })
        }
        Err(NotSentOr::NotSent(reason)) => not_sent(reason),
        // Manual reminders are not unique: only a database refusal lands here.
        Err(NotSentOr::AlreadySent) => not_sent(NotSent::Failed),
    }
}
