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
