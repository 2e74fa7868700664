//! Start-up against real databases: migrations, reference data, demo seed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::places::entity as places;
use app::schools::entity::{ats, istituto, plesso};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn start_migrates_loads_places_and_seeds_demo_once() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let shipped = state.places.len() as u64;
        assert!(
            shipped > 19_000,
            "{}: places file has {shipped} rows",
            db.label
        );
        assert_eq!(
            places::Entity::find().count(&state.db).await.unwrap(),
            shipped,
            "{}",
            db.label
        );

        let atss = ats::Entity::find().all(&state.db).await.unwrap();
        assert_eq!(atss.len(), 1, "{}", db.label);
        assert_eq!(atss[0].chief_istat(), vec!["015146", "098031"]);
        assert_eq!(
            istituto::Entity::find().count(&state.db).await.unwrap(),
            2,
            "{}",
            db.label
        );
        let plessi = plesso::Entity::find().all(&state.db).await.unwrap();
        let mut types: Vec<_> = plessi.iter().map(|p| p.school_type.as_str()).collect();
        types.sort();
        assert_eq!(
            types,
            ["infanzia", "primaria", "secondaria_2"],
            "{}",
            db.label
        );
        // Every demo plesso is in a real comune of the shipped data.
        for p in &plessi {
            let place = app::places::lookup_belfiore(&state.places, &p.comune_belfiore, None)
                .unwrap_or_else(|| panic!("unknown comune {}", p.comune_belfiore));
            assert_eq!(place.region.as_deref(), Some("Lombardia"), "{}", p.name);
        }

        // A second start changes nothing: no duplicates, no reload.
        let again = common::state(&db).await;
        assert_eq!(ats::Entity::find().count(&again.db).await.unwrap(), 1);
        assert_eq!(plesso::Entity::find().count(&again.db).await.unwrap(), 3);
        assert_eq!(
            places::Entity::find().count(&again.db).await.unwrap(),
            shipped
        );
    }
}

#[tokio::test]
async fn sqlite_file_is_created_in_wal_mode() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let mode = server::db::journal_mode(&state.db).await.unwrap();
    assert_eq!(mode.as_deref(), Some("wal"));
    let path = server::db::sqlite_file(&db.url).unwrap();
    assert!(std::path::Path::new(path).exists());
}

#[test]
fn sqlite_file_is_read_from_the_url() {
    assert_eq!(
        server::db::sqlite_file("sqlite://data/p.db?mode=rwc"),
        Some("data/p.db")
    );
    assert_eq!(server::db::sqlite_file("sqlite::memory:"), None);
    assert_eq!(server::db::sqlite_file("postgres://x/y"), None);
}
