//! `import-schools` on files in the Ministry's column format, into a real
//! database (SQLite file; PostgreSQL when the test command provides it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::process::{Command, Output};

use app::schools::entity::{istituto, plesso};
use sea_orm::{ColumnTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};

fn import(db_url: &str, file: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "import-schools",
            &format!("{}/../data/fixtures/{file}", env!("CARGO_MANIFEST_DIR")),
        ])
        .env("DATABASE_URL", db_url)
        .env("PORTALE_TODAY", "2026-11-24")
        .output()
        .expect("server binary runs")
}

#[tokio::test]
async fn imports_istituti_and_plessi_and_is_idempotent() {
    for db in common::all_backends().await {
        // The demo ATS is the default target of the import.
        let state = common::state(&db).await;
        let out = import(&db.url, "scuole_statali.csv");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            db.label,
            String::from_utf8_lossy(&out.stderr)
        );
        // Direction rows (istituto comprensivo, istituto superiore) and the
        // CPIA are skipped; the five schools become plessi of three istituti.
        assert!(stdout.contains("5 righe valide, 0 scartate"), "{stdout}");
        assert!(stdout.contains("istituti creati 3"), "{stdout}");
        assert!(stdout.contains("plessi creati 5"), "{stdout}");

        let primaria = plesso::Entity::find()
            .filter(plesso::Column::Codice.eq("MIEE8AB01A"))
            .one(&state.db)
            .await
            .unwrap()
            .expect("plesso imported");
        assert_eq!(primaria.school_type, "primaria");
        assert_eq!(primaria.comune_belfiore, "F205");
        let owner = istituto::Entity::find_by_id(primaria.istituto_id)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(owner.codice, "MIIC8AB00X");
        let tecnico = plesso::Entity::find()
            .filter(plesso::Column::Codice.eq("MITF00901C"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(tecnico.school_type, "secondaria_2");

        // Running it again changes nothing.
        let before = plesso::Entity::find().count(&state.db).await.unwrap();
        let again = import(&db.url, "scuole_statali.csv");
        assert_eq!(again.status.code(), Some(0));
        let stdout = String::from_utf8_lossy(&again.stdout);
        assert!(
            stdout.contains("plessi creati 0, aggiornati 0, invariati 5"),
            "{stdout}"
        );
        assert_eq!(
            plesso::Entity::find().count(&state.db).await.unwrap(),
            before
        );
    }
}

#[tokio::test]
async fn bad_rows_are_reported_with_their_row_number_and_good_rows_imported() {
    let db = common::sqlite();
    let _state = common::state(&db).await;
    let out = import(&db.url, "scuole_errori.csv");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Row 3 has a 9-character CODICESCUOLA.
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("riga 3, colonna CODICESCUOLA")),
        "{stderr}"
    );
    assert!(
        stderr.lines().filter(|l| l.starts_with("riga ")).count() >= 5,
        "{stderr}"
    );
    let conn = Database::connect(&db.url).await.unwrap();
    let good = plesso::Entity::find()
        .filter(plesso::Column::Codice.is_in(["MIEE8AB01A", "MIMM8AB01X"]))
        .count(&conn)
        .await
        .unwrap();
    assert_eq!(good, 2);
    let bad = plesso::Entity::find()
        .filter(plesso::Column::Codice.eq("MIEE8AB03C"))
        .count(&conn)
        .await
        .unwrap();
    assert_eq!(bad, 0);
}

#[test]
fn a_file_without_the_required_columns_is_refused_with_exit_2() {
    let db = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, "A,B\n1,2\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["import-schools", path.to_str().unwrap()])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CODICESCUOLA"));
}
