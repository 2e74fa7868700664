//! `POST /assenze/calendario/carica`: "Carica calendario", the ATS's CSV
//! `data,motivo` as a multipart upload (server only, a plain form post
//! with or without JavaScript). The file streams in, refused past
//! [`UPLOAD_LIMIT`]; a good file becomes the ATS's closed days (its school
//! years too when it has `anno_scolastico` rows, else those in force stay);
//! a bad one changes nothing. Either way the outcome is stored, and the
//! page shows it (every bad row's message), so no text travels in the
//! address.

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;

use super::calendar::SchoolCalendar;
use super::entity::calendar_upload;
use crate::error::AppError;
use crate::http::refusal;
use crate::identity::current::{RequestIdentity, check_target};
use crate::identity::{Identity, Policy, Role, Target};
use crate::jobs::multipart;
use crate::schools::entity::ats;
use crate::state::AppState;

pub use super::calendar_api::UPLOAD_PATH;
/// A calendar is a few hundred rows: 256 KB is far more than any needs.
pub const UPLOAD_LIMIT: usize = 256 * 1024;
/// Who may change an ATS's calendar: its operators, the administrators.
pub const CALENDAR_ROLES: &[Role] = &[Role::OperatoreAts, Role::Amministratore];

/// The route's answer: the calendar page with the stored outcome.
pub async fn upload(State(state): State<AppState>, req: Request) -> Response {
    match accept(&state, req).await {
        Ok((ats_id, upload_id)) => Redirect::to(&format!(
            "/assenze/calendario?ats={ats_id}&caricamento={upload_id}#carica"
        ))
        .into_response(),
        Err(err) => refusal(false, err),
    }
}

async fn accept(state: &AppState, req: Request) -> Result<(i32, i32), AppError> {
    let (who, client_ip) = RequestIdentity::caller_of(&req);
    Policy::Roles(CALENDAR_ROLES).check(who.as_ref(), &Target::Caller)?;
    let who: Identity = who.ok_or(AppError::Unauthenticated)?;
    let form = multipart::read(req, "file", UPLOAD_LIMIT).await?;
    let ats_id = form
        .field("ats_id")
        .and_then(|v| v.trim().parse::<i32>().ok())
        .ok_or(AppError::BadRequest)?;
    check_target(&who, &Target::Ats(ats_id))?;
    if ats::Entity::find_by_id(ats_id)
        .one(&state.db)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let (name, parsed) = match form.file {
        None => (
            String::new(),
            Err(vec![
                "Nessun file scelto: scegliere il file CSV del calendario (data,motivo)."
                    .to_owned(),
            ]),
        ),
        Some(file) => {
            let parsed = SchoolCalendar::from_csv_all(&file.bytes)
                .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())
                .and_then(|cal| {
                    if cal.closed_days().next().is_none() && cal.school_years().is_empty() {
                        Err(vec![
                            "Il file non contiene giorni di chiusura: una riga per giorno, \
                             data,motivo (ad esempio 08/12/2026,Immacolata)."
                                .to_owned(),
                        ])
                    } else {
                        Ok(cal)
                    }
                });
            (file.name.chars().take(255).collect(), parsed)
        }
    };
    let actor = crate::identity::audit::Actor::person(&who, client_ip.as_deref());
    let now = state.now();
    let (errors, closed_days) = match parsed {
        Ok(file) => {
            let days = i32::try_from(file.closed_days().count()).unwrap_or(i32::MAX);
            let audit = serde_json::json!({ "file": name, "giorni_di_chiusura": days });
            super::calendar_store::change_ats_calendar(
                &state.db,
                &who,
                &actor,
                ats_id,
                now,
                ("upload", audit),
                move |current| {
                    let mut new = file.without_years();
                    let years = if file.school_years().is_empty() {
                        current.school_years().to_vec()
                    } else {
                        file.school_years().to_vec()
                    };
                    for year in years {
                        new.add_school_year(year);
                    }
                    Ok(new)
                },
            )
            .await?;
            (String::new(), days)
        }
        Err(errors) => (errors.join("\n"), 0),
    };
    let row = calendar_upload::ActiveModel {
        ats_id: Set(ats_id),
        file_name: Set(name),
        errors: Set(errors),
        closed_days: Set(closed_days),
        uploaded_by: Set(who.account_id),
        uploaded_at: Set(now),
        ..Default::default()
    };
    let id = calendar_upload::Entity::insert(row)
        .exec(&state.db)
        .await?
        .last_insert_id;
    Ok((ats_id, id))
}
