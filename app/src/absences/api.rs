//! Server functions of "Registro assenze" (iscritti e classi, sentinel
//! designation): each keeps to the caller's scope (a referente only their
//! plesso, a school its istituto, the ATS its territory).

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::enrolment::EnrolmentForm;
use crate::error::AppError;
use crate::identity::csrf_client::CsrfClient;

/// One entry of a plesso's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRow {
    /// dd/mm/yyyy
    pub valid_from: String,
    pub pupils: i32,
    pub classes: i32,
    pub recorded_by: String,
    /// dd/mm/yyyy
    pub recorded_at: String,
}

/// One survey day's entry as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    /// dd/mm/yyyy
    pub day: String,
    pub absent: Option<i32>,
    pub ill: Option<i32>,
    pub illness: Option<String>,
    /// The closure's reason, on a closed day.
    pub closure: Option<String>,
    pub enrolled: i32,
    pub late: bool,
    /// Class by class, when given.
    pub classes: Vec<super::per_class::ClassAbsence>,
}

impl EntryRow {
    /// Absent per thousand enrolled (None on a closed day).
    pub fn per_mille(&self) -> Option<i64> {
        let absent = i64::from(self.absent?);
        let enrolled = i64::from(self.enrolled);
        (enrolled > 0).then(|| (absent * 1000 + enrolled / 2) / enrolled)
    }

    /// "2,5 %" (or "chiuso").
    pub fn rate_text(&self) -> String {
        match self.per_mille() {
            Some(pm) => format!("{},{} %", pm / 10, pm % 10),
            None => "chiuso".to_owned(),
        }
    }
}

/// A sentinel plesso's entry today: the window, the day it opens the form
/// for (and whether late), the entry already made for it, the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentinelEntry {
    /// `aperta`, `in_ritardo` or `chiusa` (as `sentinel-window` prints).
    pub window: String,
    /// yyyy-mm-dd of the day the form is for (the next one when closed).
    pub day_iso: String,
    /// "martedì 24/11/2026"
    pub day: String,
    pub late: bool,
    /// Why nothing can be entered today.
    pub refusal: Option<String>,
    /// The entry already saved for that day (the form corrects it).
    pub existing: Option<EntryRow>,
    pub enrolled: Option<u32>,
    /// Every entry, oldest first.
    pub series: Vec<EntryRow>,
    /// The plesso's own closures, by day.
    pub closures: Vec<ClosureRow>,
}

/// One of a plesso's own closed days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureRow {
    /// yyyy-mm-dd
    pub day_iso: String,
    /// "martedì 01/12/2026"
    pub day: String,
    pub reason: String,
    /// Not yet past: "Rimuovi" is offered.
    pub removable: bool,
}

/// A plesso with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlessoFigures {
    pub plesso_id: i32,
    pub codice: String,
    pub name: String,
    pub school_type: String,
    /// Primaria or secondaria: figures are asked.
    pub asked: bool,
    pub sentinel: bool,
    /// Asked, and none entered this school year.
    pub missing: bool,
    /// In force today.
    pub current: Option<EnrolmentRow>,
    /// Newest first.
    pub history: Vec<EnrolmentRow>,
    /// For a sentinel plesso: today's entry.
    pub entry: Option<SentinelEntry>,
}

/// The "Registro assenze" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsencesHome {
    /// "2026/27"
    pub school_year: String,
    pub today: NaiveDate,
    /// The caller is an ATS operator (the territory's view).
    pub ats: bool,
    pub plessi: Vec<PlessoFigures>,
    /// The ATS's requests about alerts of these plessi (schools only).
    pub requests: Vec<super::requests_api::RequestView>,
}

#[server(prefix = "/api", endpoint = "assenze", input = GetUrl)]
pub async fn load_absences_home() -> Result<AbsencesHome, AppError> {
    let call = crate::identity::Call::of::<LoadAbsencesHome>()?;
    let today = call.today();
    let plessi = super::store::plessi_in_scope(call.db(), call.who.scope()).await?;
    let ats = call.who.role == crate::identity::Role::OperatoreAts;
    let requests = if ats {
        Vec::new()
    } else {
        let ids: Vec<i32> = plessi.iter().map(|p| p.id).collect();
        super::requests_store::of_plessi(call.db(), &ids).await?
    };
    Ok(AbsencesHome {
        requests,
        school_year: super::enrolment::school_year_label(today),
        today,
        ats,
        plessi: {
            let mut figures = super::store::figures(call.db(), &plessi, today).await?;
            super::sentinel_store::with_entries(call.db(), &mut figures, today).await?;
            figures
        },
    })
}

/// One plesso for the "Aggiungi" page.
#[server(prefix = "/api", endpoint = "assenze/plesso", input = GetUrl)]
pub async fn load_plesso_figures(id: i32) -> Result<PlessoFigures, AppError> {
    let call = crate::identity::Call::of::<LoadPlessoFigures>()?;
    let (plesso, target, _) = super::store::plesso_target(call.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    super::store::figures(call.db(), &[plesso], call.today())
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// "Salva": a new entry of iscritti e classi for the plesso of the form.
#[server(prefix = "/api", endpoint = "assenze/iscritti", client = CsrfClient)]
pub async fn save_enrolment(
    form: EnrolmentForm,
    #[server(default)] request_key: String,
) -> Result<i32, AppError> {
    let call = crate::identity::Call::of::<SaveEnrolment>()?;
    // The plesso first: another school's is "not found" whatever was typed.
    let plesso_id = form.plesso_id.trim().parse::<i32>().unwrap_or(0);
    let (plesso, target, place) = super::store::plesso_target(call.db(), plesso_id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    let mut valid =
        super::enrolment::validate(&form, call.today()).map_err(AppError::Validation)?;
    let asked = crate::schools::SchoolType::from_key(&plesso.school_type)
        .is_some_and(super::enrolment::is_asked);
    if !asked {
        let mut errors = crate::error::FieldErrors::new();
        errors.add(
            super::enrolment::PUPILS,
            "Per le scuole dell'infanzia e i servizi 0-6 non sono richiesti iscritti e classi.",
        );
        return Err(AppError::Validation(errors));
    }
    valid.plesso_id = plesso.id;
    let once = call.once::<SaveEnrolment>(&request_key);
    let (who, actor) = (&call.who, call.actor());
    let create = async {
        let id =
            super::store::record(call.db(), who, &actor, place, valid, &once, call.now()).await?;
        Ok(i64::from(id))
    };
    let saved = crate::once::record_id(once.run(call.db(), create).await?)?;
    crate::http::redirect_plain_form(&format!("/assenze?salvato={}#plesso-{}", saved, plesso.id));
    Ok(saved)
}

/// The ATS designates a plesso of its territory as "scuola sentinella"
/// (`active`), or withdraws it.
#[server(prefix = "/api", endpoint = "assenze/sentinella", client = CsrfClient)]
pub async fn set_sentinel(plesso_id: i32, active: bool) -> Result<(), AppError> {
    let call = crate::identity::Call::of::<SetSentinel>()?;
    let (_, target, place) = super::store::plesso_target(call.db(), plesso_id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    let (who, actor) = (&call.who, call.actor());
    super::store::set_sentinel(call.db(), who, &actor, place, plesso_id, active, call.now())
        .await?;
    // Who counts in the aggregates changed: their totals and alerts follow.
    if let Some(ats_id) = place.ats_id {
        super::alert_store::recompute(call.db(), ats_id, call.now()).await?;
    }
    crate::http::redirect_plain_form(&format!("/assenze#plesso-{plesso_id}"));
    Ok(())
}

/// The caller's plessi whose iscritti e classi are missing for this school
/// year (the reminder of "La mia scuola"); empty for anyone without plessi.
#[server(prefix = "/api", endpoint = "assenze/promemoria", input = GetUrl)]
pub async fn enrolment_reminders() -> Result<Vec<String>, AppError> {
    let call = crate::identity::Call::of::<EnrolmentReminders>()?;
    if !matches!(
        call.who.role,
        crate::identity::Role::Dirigente
            | crate::identity::Role::Delegato
            | crate::identity::Role::ReferentePlesso
    ) {
        return Ok(Vec::new());
    }
    let plessi = super::store::plessi_in_scope(call.db(), call.who.scope()).await?;
    Ok(super::store::figures(call.db(), &plessi, call.today())
        .await?
        .into_iter()
        .filter(|p| p.missing)
        .map(|p| format!("{} ({})", p.name, p.codice))
        .collect())
}

/// "Salva rilevazione": the absences of the survey day the window opens
/// (on time or late), or its correction within the same window.
#[server(prefix = "/api", endpoint = "assenze/rilevazione", client = CsrfClient)]
pub async fn save_absences(form: super::entry::EntryForm) -> Result<i32, AppError> {
    let call = crate::identity::Call::of::<SaveAbsences>()?;
    let plesso_id = form.plesso_id.trim().parse::<i32>().unwrap_or(0);
    let (plesso, target, place) = super::store::plesso_target(call.db(), plesso_id)
        .await?
        .ok_or(AppError::NotFound)?;
    call.check_target(&target)?;
    if !super::store::is_sentinel(call.db(), plesso.id).await? {
        return Err(AppError::Conflict(
            "Il plesso non è una scuola sentinella: la rilevazione delle assenze non è richiesta."
                .to_owned(),
        ));
    }
    let day = chrono::NaiveDate::parse_from_str(form.survey_day.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest)?;
    // The server's day decides, whatever the page showed; the plesso's
    // calendar (its ATS's and its own closures) says which days are closed.
    let ats_id = match target {
        crate::identity::Target::Plesso { ats_id, .. } => ats_id,
        _ => 0,
    };
    let calendar = super::calendar_store::calendar_of(call.db(), ats_id, plesso.id).await?;
    let timeliness = super::window::entry_for(day, call.today(), &calendar)
        .map_err(|refusal| AppError::Conflict(refusal.to_string()))?;
    let enrolled = super::store::enrolled_on(call.db(), plesso.id, day).await?;
    let mut valid = super::entry::validate(&form, enrolled).map_err(AppError::Validation)?;
    valid.plesso_id = plesso.id;
    let late = timeliness == super::window::Timeliness::Late;
    let (who, actor) = (&call.who, call.actor());
    let member = super::totals::Member {
        id: plesso.id,
        comune: plesso.comune_belfiore.clone(),
        school_type: plesso.school_type.clone(),
    };
    let id = super::store::save_entry(
        call.db(),
        who,
        &actor,
        place,
        &member,
        valid,
        enrolled.unwrap_or(0),
        late,
        call.now(),
    )
    .await?;
    // The data have arrived: the alerts of its series are recomputed now.
    super::alert_store::refresh(call.db(), plesso.id, call.now()).await?;
    crate::http::redirect_plain_form(&format!("/assenze?registrata={id}#plesso-{}", plesso.id));
    Ok(id)
}
