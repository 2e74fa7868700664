//! Server functions of the school calendar: the ATS's page
//! (`/assenze/calendario`: an operator for their own ATS, the
//! administrator for any) and the plesso's own closures on `/assenze`.
//! Each re-checks the caller's scope and the form's rules, and is audited.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::closures::{ClosedDayForm, ClosureForm, YearForm};
use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;

/// Where "Carica calendario" posts (a multipart upload, not a server
/// function).
pub const UPLOAD_PATH: &str = "/assenze/calendario/carica";

/// One closed day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRow {
    /// yyyy-mm-dd (the "Rimuovi" form's value)
    pub day_iso: String,
    /// "martedì 08/12/2026"
    pub day: String,
    pub reason: String,
}

/// One school year: "2026/27", dd/mm/yyyy, dd/mm/yyyy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRow {
    pub label: String,
    pub first_day: String,
    pub last_day: String,
}

/// What an uploaded file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadOutcome {
    pub file_name: String,
    /// One message per refused row; empty when applied.
    pub errors: Vec<String>,
    pub closed_days: i32,
}

/// The calendar page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub ats_id: i32,
    pub ats_name: String,
    /// For the administrator: every ATS (id, name), for the select.
    pub choices: Vec<(i32, String)>,
    /// "predefinito Lombardia" or "personalizzato".
    pub source: String,
    pub custom: bool,
    pub years: Vec<YearRow>,
    pub days: Vec<DayRow>,
    pub upload: Option<UploadOutcome>,
}

#[cfg(feature = "ssr")]
fn ats_of_form(text: &str) -> Result<i32, AppError> {
    text.trim().parse::<i32>().map_err(|_| AppError::BadRequest)
}

/// The ATS the caller works on: `requested` (0: an operator's own, the
/// administrator's first), within the caller's scope, existing.
#[cfg(feature = "ssr")]
async fn ats_in_scope(
    call: &crate::identity::Call,
    requested: i32,
) -> Result<crate::schools::entity::ats::Model, AppError> {
    use crate::schools::entity::ats;
    use sea_orm::{EntityTrait, QueryOrder};
    let id = match (requested, call.who.ats_id) {
        (0, Some(own)) => own,
        (0, None) => ats::Entity::find()
            .order_by_asc(ats::Column::Id)
            .one(call.db())
            .await?
            .map(|a| a.id)
            .ok_or(AppError::NotFound)?,
        (id, _) => id,
    };
    call.check_target(&crate::identity::Target::Ats(id))?;
    ats::Entity::find_by_id(id)
        .one(call.db())
        .await?
        .ok_or(AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "assenze/calendario", input = GetUrl)]
pub async fn load_calendar(
    #[server(default)] ats: i32,
    #[server(default)] caricamento: i32,
) -> Result<CalendarView, AppError> {
    use super::completeness::day_label;
    use crate::schools::entity::ats as ats_entity;
    use crate::validation::dates::format_date_it;
    use sea_orm::{EntityTrait, QueryOrder};
    let call = crate::identity::Call::of::<LoadCalendar>()?;
    let ats = ats_in_scope(&call, ats).await?;
    let choices = if call.who.role == crate::identity::Role::Amministratore {
        ats_entity::Entity::find()
            .order_by_asc(ats_entity::Column::Id)
            .all(call.db())
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect()
    } else {
        Vec::new()
    };
    let (cal, source) = super::calendar_store::ats_calendar(call.db(), ats.id).await?;
    let upload = match caricamento {
        0 => None,
        id => super::entity::calendar_upload::Entity::find_by_id(id)
            .one(call.db())
            .await?
            .filter(|u| u.ats_id == ats.id)
            .map(|u| UploadOutcome {
                file_name: u.file_name,
                errors: u.errors.lines().map(str::to_owned).collect(),
                closed_days: u.closed_days,
            }),
    };
    Ok(CalendarView {
        ats_id: ats.id,
        ats_name: ats.name,
        choices,
        source: source.label().to_owned(),
        custom: source == super::closures::Source::Custom,
        years: cal
            .school_years()
            .iter()
            .map(|y| YearRow {
                label: super::enrolment::school_year_label(y.first_day),
                first_day: format_date_it(y.first_day),
                last_day: format_date_it(y.last_day),
            })
            .collect(),
        days: cal
            .closed_days()
            .map(|(day, reason)| DayRow {
                day_iso: day.to_string(),
                day: day_label(day),
                reason: reason.to_owned(),
            })
            .collect(),
        upload,
    })
}

#[cfg(feature = "ssr")]
fn back_to_calendar(ats_id: i32) {
    crate::http::redirect_plain_form(&format!(
        "/assenze/calendario?ats={ats_id}&aggiornato=1#calendario"
    ));
}

/// "Aggiungi giorno di chiusura": a day the whole ATS is closed.
#[server(prefix = "/api", endpoint = "assenze/calendario/giorno", client = CsrfClient)]
pub async fn add_closed_day(form: ClosedDayForm) -> Result<(), AppError> {
    let call = crate::identity::Call::of::<AddClosedDay>()?;
    let ats = ats_in_scope(&call, ats_of_form(&form.ats_id)?).await?;
    let (day, reason) =
        super::closures::validate_closed_day(&form).map_err(AppError::Validation)?;
    let audit = serde_json::json!({ "aggiunto": day.to_string(), "motivo": reason });
    super::calendar_store::change_ats_calendar(
        call.db(),
        &call.who,
        &call.actor(),
        ats.id,
        call.now(),
        ("update", audit),
        |mut cal| {
            cal.reopen(day);
            cal.close(day, &reason);
            Ok(cal)
        },
    )
    .await?;
    back_to_calendar(ats.id);
    Ok(())
}

/// "Rimuovi": the ATS opens a closed day again.
#[server(prefix = "/api", endpoint = "assenze/calendario/rimuovi", client = CsrfClient)]
pub async fn remove_closed_day(ats_id: i32, day: String) -> Result<(), AppError> {
    let call = crate::identity::Call::of::<RemoveClosedDay>()?;
    let ats = ats_in_scope(&call, ats_id).await?;
    let day = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest)?;
    let audit = serde_json::json!({ "rimosso": day.to_string() });
    super::calendar_store::change_ats_calendar(
        call.db(),
        &call.who,
        &call.actor(),
        ats.id,
        call.now(),
        ("update", audit),
        |mut cal| {
            if cal.reopen(day) {
                Ok(cal)
            } else {
                Err(AppError::Conflict(format!(
                    "Il {} non è un giorno di chiusura del calendario.",
                    crate::validation::dates::format_date_it(day)
                )))
            }
        },
    )
    .await?;
    back_to_calendar(ats.id);
    Ok(())
}

/// "Salva date": a school year's first and last day of lessons (the year
/// it overlaps is replaced).
#[server(prefix = "/api", endpoint = "assenze/calendario/anno", client = CsrfClient)]
pub async fn save_school_year(form: YearForm) -> Result<(), AppError> {
    let call = crate::identity::Call::of::<SaveSchoolYear>()?;
    let ats = ats_in_scope(&call, ats_of_form(&form.ats_id)?).await?;
    let year = super::closures::validate_year(&form).map_err(AppError::Validation)?;
    let audit = serde_json::json!({
        "anno_scolastico": super::enrolment::school_year_label(year.first_day),
        "inizio": year.first_day.to_string(),
        "fine": year.last_day.to_string(),
    });
    super::calendar_store::change_ats_calendar(
        call.db(),
        &call.who,
        &call.actor(),
        ats.id,
        call.now(),
        ("update", audit),
        |mut cal| {
            cal.set_school_year(year);
            Ok(cal)
        },
    )
    .await?;
    back_to_calendar(ats.id);
    Ok(())
}

/// "Ripristina il calendario predefinito": the Lombardia default again.
#[server(prefix = "/api", endpoint = "assenze/calendario/ripristina", client = CsrfClient)]
pub async fn reset_calendar(ats_id: i32) -> Result<(), AppError> {
    let call = crate::identity::Call::of::<ResetCalendar>()?;
    let ats = ats_in_scope(&call, ats_id).await?;
    super::calendar_store::reset_ats_calendar(call.db(), &call.actor(), ats.id).await?;
    back_to_calendar(ats.id);
    Ok(())
}

/// The sentinel plesso of the form within the caller's scope, for a
/// closure: school staff or the ATS (administrators have no module).
#[cfg(feature = "ssr")]
async fn closure_plesso(
    call: &crate::identity::Call,
    plesso_id: i32,
) -> Result<
    (
        crate::schools::entity::plesso::Model,
        crate::identity::audit::Place,
    ),
    AppError,
> {
    let (plesso, target, place) = super::store::plesso_target(call.db(), plesso_id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    if !super::store::is_sentinel(call.db(), plesso.id).await? {
        return Err(AppError::Conflict(
            "Il plesso non è una scuola sentinella: le chiusure servono solo alla rilevazione delle assenze."
                .to_owned(),
        ));
    }
    Ok((plesso, place))
}

/// "Registra chiusura": the plesso is closed from "Dal" to "Al".
#[server(prefix = "/api", endpoint = "assenze/chiusure", client = CsrfClient)]
pub async fn add_plesso_closure(form: ClosureForm) -> Result<usize, AppError> {
    let call = crate::identity::Call::of::<AddPlessoClosure>()?;
    let plesso_id = form.plesso_id.trim().parse::<i32>().unwrap_or(0);
    let (plesso, place) = closure_plesso(&call, plesso_id).await?;
    let mut valid =
        super::closures::validate_closure(&form, call.today()).map_err(AppError::Validation)?;
    valid.plesso_id = plesso.id;
    let added = super::calendar_store::add_closures(
        call.db(),
        &call.who,
        &call.actor(),
        place,
        &valid,
        call.now(),
    )
    .await?;
    crate::http::redirect_plain_form(&format!("/assenze?chiusura=1#chiusure-{}", plesso.id));
    Ok(added)
}

/// "Rimuovi": the plesso's closure of `day` (yyyy-mm-dd) removed, if not
/// yet past.
#[server(prefix = "/api", endpoint = "assenze/chiusure/rimuovi", client = CsrfClient)]
pub async fn remove_plesso_closure(plesso_id: i32, day: String) -> Result<(), AppError> {
    let call = crate::identity::Call::of::<RemovePlessoClosure>()?;
    let (plesso, place) = closure_plesso(&call, plesso_id).await?;
    let day = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest)?;
    if day < super::closures::earliest_closure_day(call.today()) {
        return Err(AppError::Conflict(
            "Una chiusura passata non si può rimuovere: fa parte dello storico delle rilevazioni."
                .to_owned(),
        ));
    }
    if !super::calendar_store::remove_closure(call.db(), &call.actor(), place, plesso.id, day)
        .await?
    {
        return Err(AppError::Conflict(
            "Il plesso non ha una chiusura in quel giorno.".to_owned(),
        ));
    }
    crate::http::redirect_plain_form(&format!("/assenze?chiusura=1#chiusure-{}", plesso.id));
    Ok(())
}
