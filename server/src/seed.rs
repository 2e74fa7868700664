//! Demo data for the embedded default: one ATS, two istituti, three plessi
//! of different school types in real Lombardy comuni. Codes use "ZZ" so they
//! cannot collide with a real codice meccanografico.

use app::schools::queries::{self, NewAts, PlessoData};
use sea_orm::{ConnectionTrait, DbErr, TransactionSession, TransactionTrait};

use crate::config::DEMO_ATS_CODE;

pub struct DemoPlesso {
    pub codice: &'static str,
    pub name: &'static str,
    pub belfiore: &'static str,
    pub address: &'static str,
    pub school_type: &'static str,
}

pub struct DemoIstituto {
    pub codice: &'static str,
    pub name: &'static str,
    pub belfiore: &'static str,
    pub plessi: &'static [DemoPlesso],
}

pub const DEMO_ISTITUTI: [DemoIstituto; 2] = [
    DemoIstituto {
        codice: "MIIC8ZZ00X",
        name: "Istituto Comprensivo Demo \"Città Studi\"",
        belfiore: "F205",
        plessi: &[
            DemoPlesso {
                codice: "MIAA8ZZ01T",
                name: "Scuola dell'infanzia Via Pascoli",
                belfiore: "F205",
                address: "Via Giovanni Pascoli 5, 20129 Milano",
                school_type: "infanzia",
            },
            DemoPlesso {
                codice: "MIEE8ZZ02V",
                name: "Scuola primaria Via Marelli",
                belfiore: "I690",
                address: "Via Ercole Marelli 120, 20099 Sesto San Giovanni",
                school_type: "primaria",
            },
        ],
    },
    DemoIstituto {
        codice: "LOIS0ZZ00A",
        name: "Istituto di Istruzione Superiore Demo \"Lodi\"",
        belfiore: "E648",
        plessi: &[DemoPlesso {
            codice: "LOPS0ZZ01B",
            name: "Liceo Scientifico Demo",
            belfiore: "E648",
            address: "Via Fissiraga 7, 26900 Lodi",
            school_type: "secondaria_2",
        }],
    },
];

/// Seeds the demo registry into an empty database; returns false (and does
/// nothing) when an ATS already exists, so restarts never duplicate data.
pub async fn seed_demo<C>(db: &C) -> Result<bool, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    if !queries::list_ats(db).await?.is_empty() {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let ats = queries::insert_ats(
        &txn,
        NewAts {
            code: DEMO_ATS_CODE,
            name: "ATS della Città Metropolitana di Milano",
            provinces: "MI,LO",
            // Milano and Lodi (ISTAT), first in every comune picker (seed 004).
            chief_comuni: "015146,098031",
        },
    )
    .await?;
    for ist in &DEMO_ISTITUTI {
        let (istituto, _) =
            queries::upsert_istituto(&txn, ats.id, ist.codice, ist.name, ist.belfiore).await?;
        for p in ist.plessi {
            queries::upsert_plesso(
                &txn,
                istituto.id,
                PlessoData {
                    codice: p.codice,
                    name: p.name,
                    comune_belfiore: p.belfiore,
                    address: p.address,
                    school_type: p.school_type,
                },
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(true)
}

/// The demo ATS's vaccination registry extract (data/demo/lovs_anagrafe.csv:
/// the pupils of data/fixtures/lovs_iscritti_1252.csv, one per outcome), so
/// a demo school's upload is checked at once. Only when the ATS has none.
pub async fn seed_lovs_demo(
    db: &sea_orm::DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    const EXTRACT: &[u8] = include_bytes!("../../data/demo/lovs_anagrafe.csv");
    let Some(ats) = queries::ats_by_code(db, DEMO_ATS_CODE).await? else {
        return Ok(false);
    };
    if app::vaccinations::registry_store::active(db, ats.id)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    app::vaccinations::registry_store::load_whole(db, ats.id, "lovs_anagrafe.csv", EXTRACT, now)
        .await?;
    Ok(true)
}

/// The demo's sentinel school: the Lodi liceo, designated, with its
/// enrolled pupils and the absences of the last twelve survey days before
/// `today`, ordinary until the last two (an outbreak), so the ATS's pages
/// show a series, a trend and the alerts it raised. Only once (when no
/// absences exist yet).
pub async fn seed_absences_demo(
    db: &sea_orm::DatabaseConnection,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    use app::absences::entity::{enrolment, entry, sentinel};
    use chrono::{Datelike, Days, Weekday};
    use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
    if entry::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let Some(plesso) = queries::plesso_by_codice(db, "LOPS0ZZ01B").await? else {
        return Ok(false);
    };
    let Some(ats) = queries::ats_by_code(db, DEMO_ATS_CODE).await? else {
        return Ok(false);
    };
    let enrolled = 620;
    let from = app::absences::enrolment::school_year_start(today);
    enrolment::Entity::insert(enrolment::ActiveModel {
        plesso_id: Set(plesso.id),
        valid_from: Set(from.checked_sub_days(Days::new(365)).unwrap_or(from)),
        pupils: Set(enrolled),
        classes: Set(28),
        recorded_by: Set(0),
        recorded_by_name: Set("Dati dimostrativi".into()),
        recorded_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    sentinel::Entity::insert(sentinel::ActiveModel {
        plesso_id: Set(plesso.id),
        active: Set(true),
        changed_by: Set(0),
        changed_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    let mut days = Vec::new();
    let mut day = today;
    while days.len() < 12 {
        day = day.pred_opt().unwrap_or(day);
        if matches!(day.weekday(), Weekday::Tue | Weekday::Thu) {
            days.push(day);
        }
    }
    days.reverse();
    for (i, d) in days.iter().enumerate() {
        let absent = match i {
            10 => 71,
            11 => 96,
            _ => 24 + (i as i32 * 7) % 9,
        };
        entry::Entity::insert(entry::ActiveModel {
            plesso_id: Set(plesso.id),
            survey_day: Set(*d),
            absent: Set(Some(absent)),
            ill: Set(Some(absent / 2)),
            illness: Set(Some("respiratoria".into())),
            enrolled: Set(enrolled),
            late: Set(false),
            recorded_by: Set(0),
            recorded_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await?;
    }
    app::absences::alert_store::recompute(db, ats.id, now).await?;
    Ok(true)
}
