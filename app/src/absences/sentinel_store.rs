//! A sentinel plesso's part of the "Registro assenze" page (server only):
//! today's window by the plesso's own calendar (its ATS's, read once per
//! ATS, and its closures), the entry already made, the series, the
//! closures with what may still be removed.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::api::PlessoFigures;
use super::store::{enrolled_on, entries_of};
use crate::schools::entity::{istituto, plesso};
use crate::validation::dates::format_date_it;

fn entry_row(e: &super::entity::entry::Model) -> super::api::EntryRow {
    super::api::EntryRow {
        day: format_date_it(e.survey_day),
        absent: e.absent,
        ill: e.ill,
        illness: e.illness.clone(),
        closure: e
            .closure
            .as_deref()
            .and_then(super::entry::Closure::from_key)
            .map(|c| c.label().to_owned()),
        enrolled: e.enrolled,
        late: e.late,
        classes: e
            .classes
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default(),
    }
}

/// Today's entry of each sentinel plesso among `figures` (filled in place),
/// by its own calendar (each ATS's read once).
pub async fn with_entries(
    db: &impl ConnectionTrait,
    figures: &mut [PlessoFigures],
    today: NaiveDate,
) -> Result<(), DbErr> {
    use super::window::{Window, weekday_it, window};
    let ids: Vec<i32> = figures
        .iter()
        .filter(|f| f.sentinel)
        .map(|f| f.plesso_id)
        .collect();
    let ats_of = ats_of_plessi(db, &ids).await?;
    let mut calendars = HashMap::new();
    let earliest = super::closures::earliest_closure_day(today);
    for f in figures.iter_mut().filter(|f| f.sentinel) {
        let entries = entries_of(db, f.plesso_id).await?;
        let ats_id = ats_of.get(&f.plesso_id).copied().unwrap_or(0);
        let ats = match calendars.get(&ats_id) {
            Some(cal) => std::borrow::Cow::clone(cal),
            None => {
                let (cal, _) = super::calendar_store::ats_calendar(db, ats_id).await?;
                calendars.insert(ats_id, cal.clone());
                cal
            }
        };
        let mut calendar = super::closures::PlessoCalendar::new(ats);
        let own = super::calendar_store::closures_of(db, f.plesso_id).await?;
        for c in &own {
            calendar.own.insert(c.day, c.reason.clone());
        }
        let Ok(state) = window(today, &calendar) else {
            continue;
        };
        let day = state.day();
        let late = matches!(state, Window::Late(_));
        let existing = state
            .enterable()
            .and_then(|(d, _)| entries.iter().find(|e| e.survey_day == d))
            .map(entry_row);
        let day_label = |d: NaiveDate| {
            format!(
                "{} {}",
                weekday_it(chrono::Datelike::weekday(&d)),
                format_date_it(d)
            )
        };
        f.entry = Some(super::api::SentinelEntry {
            window: state.code().to_owned(),
            day_iso: day.format("%Y-%m-%d").to_string(),
            day: day_label(day),
            late,
            refusal: state.refusal(),
            existing,
            enrolled: enrolled_on(db, f.plesso_id, day).await?,
            series: entries.iter().map(entry_row).collect(),
            closures: own
                .iter()
                .map(|c| super::api::ClosureRow {
                    day_iso: c.day.to_string(),
                    day: day_label(c.day),
                    reason: c.reason.clone(),
                    removable: c.day >= earliest,
                })
                .collect(),
        });
    }
    Ok(())
}

/// The ATS of each of plessi `ids` (two queries).
pub async fn ats_of_plessi(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, i32>, DbErr> {
    let plessi = plesso::Entity::find()
        .filter(plesso::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let istituti: HashMap<i32, i32> = istituto::Entity::find()
        .filter(istituto::Column::Id.is_in(plessi.iter().map(|p| p.istituto_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.ats_id))
        .collect();
    Ok(plessi
        .into_iter()
        .filter_map(|p| istituti.get(&p.istituto_id).map(|a| (p.id, *a)))
        .collect())
}
