//! The audit log: written in the transaction of the write it describes,
//! refused UPDATE and DELETE by the database itself, browsed by
//! administrators (everything) and ATS operators (their territory).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::audit::{Actor, Change, Place};
use app::identity::entity::audit_log;
use app::identity::{Identity, Role};
use app::schools::queries::{self, NewAts};
use axum::http::StatusCode;
use common::state;
use common::web::{call, get, session_for};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, TransactionTrait,
};

/// An anonymous change filed under `ats_id`.
async fn record_anonymous(db: &sea_orm::DatabaseConnection, action: &str, ats_id: Option<i32>) {
    let change = Change::new(
        action,
        "prova",
        Some(7),
        serde_json::json!({ "campo": "valore" }),
    );
    let place = Place {
        ats_id,
        istituto_id: None,
    };
    Actor::anonymous(Some("192.0.2.1"))
        .record_at(db, place, change)
        .await
        .unwrap();
}

async fn count(db: &sea_orm::DatabaseConnection, action: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .count(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_audit_row_commits_and_rolls_back_with_its_write() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let who = Identity {
            account_id: 1,
            role: Role::Amministratore,
            ats_id: None,
            istituto_id: None,
            plesso_id: None,
            full_name: "Prova".into(),
            delegation: None,
        };
        // A write and its audit row, rolled back together.
        let txn = state.db.begin().await.unwrap();
        queries::insert_ats(
            &txn,
            NewAts {
                code: "ATS-X",
                name: "X",
                provinces: "",
                chief_comuni: "",
            },
        )
        .await
        .unwrap();
        Actor::person(&who, None)
            .record(
                &txn,
                Change::new("create", "ats", Some(99), serde_json::json!({})),
            )
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        assert_eq!(
            count(&state.db, "create").await,
            6,
            "{}: only the seed's rows",
            db.label
        );
        assert!(
            queries::ats_by_code(&state.db, "ATS-X")
                .await
                .unwrap()
                .is_none()
        );

        // Committed together.
        let txn = state.db.begin().await.unwrap();
        queries::insert_ats(
            &txn,
            NewAts {
                code: "ATS-X",
                name: "X",
                provinces: "",
                chief_comuni: "",
            },
        )
        .await
        .unwrap();
        let change = Change::new(
            "create",
            "ats",
            Some(99),
            serde_json::json!({"code": "ATS-X"}),
        );
        Actor::person(&who, Some("192.0.2.9"))
            .record(&txn, change)
            .await
            .unwrap();
        txn.commit().await.unwrap();
        let row = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("ats"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                row.actor_account_id,
                row.actor_role.as_deref(),
                row.entity_id,
                row.client_ip.as_deref()
            ),
            (Some(1), Some("amministratore"), Some(99), Some("192.0.2.9"))
        );
        assert_eq!(row.changes, r#"{"code":"ATS-X"}"#);
    }
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_audit_rows() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        record_anonymous(&state.db, "prova", None).await;
        let before = audit_log::Entity::find().count(&state.db).await.unwrap();
        assert!(before >= 7, "{}", db.label);

        for sql in [
            "UPDATE audit_log SET action = 'falso'",
            "DELETE FROM audit_log",
            "DELETE FROM audit_log WHERE action = 'prova'",
        ] {
            let err = state.db.execute_unprepared(sql).await.unwrap_err();
            assert!(
                err.to_string().contains("append-only"),
                "{}: {sql}: {err}",
                db.label
            );
        }
        if db.label == "postgres" {
            let err = state
                .db
                .execute_unprepared("TRUNCATE audit_log")
                .await
                .unwrap_err();
            assert!(err.to_string().contains("append-only"), "{err}");
        }
        // Through the ORM as well.
        let row = audit_log::Entity::find()
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let mut active: audit_log::ActiveModel = row.clone().into();
        active.action = Set("falso".into());
        assert!(active.update(&state.db).await.is_err());
        assert!(
            audit_log::Entity::delete_by_id(row.id)
                .exec(&state.db)
                .await
                .is_err()
        );
        assert_eq!(
            audit_log::Entity::find().count(&state.db).await.unwrap(),
            before
        );
        assert_eq!(count(&state.db, "falso").await, 0);
    }
}

#[tokio::test]
async fn administrators_browse_everything_and_ats_operators_their_territory() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let mi = queries::ats_by_code(&state.db, "ATS-MI")
            .await
            .unwrap()
            .unwrap();
        let bg = queries::insert_ats(
            &state.db,
            NewAts {
                code: "ATS-BG",
                name: "ATS di Bergamo",
                provinces: "BG",
                chief_comuni: "",
            },
        )
        .await
        .unwrap();
        record_anonymous(&state.db, "evento_mi", Some(mi.id)).await;
        record_anonymous(&state.db, "evento_bg", Some(bg.id)).await;

        let actions = |user: &'static str, query: &'static str| {
            let router = router.clone();
            let state = state.clone();
            async move {
                let s = session_for(&state.db, user, state.now()).await;
                let reply = call(
                    &router,
                    s.apply(get(&format!("/api/registro-attivita?{query}"))),
                )
                .await;
                (reply.status, reply.json())
            }
        };
        let names = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap_or_else(|| panic!("{v}"))
                .iter()
                .map(|r| r["action"].as_str().unwrap().to_owned())
                .collect()
        };

        let (_, all) = actions("admin.demo", "").await;
        let all = names(&all);
        assert!(
            all.contains(&"evento_bg".to_owned()) && all.contains(&"evento_mi".to_owned()),
            "{}",
            db.label
        );
        let (_, op) = actions("operatore.ats", "").await;
        let op = names(&op);
        assert!(op.contains(&"evento_mi".to_owned()), "{op:?}");
        assert!(
            !op.contains(&"evento_bg".to_owned()),
            "{}: another ATS leaked",
            db.label
        );

        // Entity filter; newest first ("login" rows of the sessions above come later).
        let (_, only) = actions("admin.demo", "filter%5Bentita%5D=prova").await;
        assert_eq!(names(&only), ["evento_bg", "evento_mi"]);
        // Actor filter: the operator's own login.
        let (_, mine) = actions("admin.demo", "filter%5Butente%5D=OPERATORE.ATS").await;
        assert_eq!(names(&mine), ["login"], "{}", db.label);
        assert_eq!(mine[0]["actor"], "operatore.ats");
        assert_eq!(mine[0]["role"], "Operatore ATS");
        // Date range: everything happened today (wall clock).
        let today = chrono::Utc::now().date_naive();
        let tomorrow = today.succ_opt().unwrap();
        let q: &'static str = Box::leak(format!("filter%5Bdal%5D={tomorrow}").into_boxed_str());
        let (_, none) = actions("admin.demo", q).await;
        assert_eq!(names(&none), Vec::<String>::new());
        let q: &'static str =
            Box::leak(format!("filter%5Bdal%5D={today}&filter%5Bal%5D={today}").into_boxed_str());
        let (_, some) = actions("admin.demo", q).await;
        assert!(names(&some).contains(&"evento_mi".to_owned()));
        // A bad date names its field in Italian.
        let (status, bad) = actions("admin.demo", "filter%5Bal%5D=31%2F02%2F2026").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad["Validation"][0]["field"], "al");
        assert!(
            bad["Validation"][0]["message"]
                .as_str()
                .unwrap()
                .contains("febbraio"),
            "{bad}"
        );
        // Schools may not browse it.
        let (status, refused) = actions("dirigente.demo", "").await;
        assert_eq!(
            (status, refused),
            (StatusCode::FORBIDDEN, serde_json::json!("Forbidden"))
        );
    }
}

#[tokio::test]
async fn the_audit_page_lists_rows_for_an_administrator() {
    let db = common::sqlite();
    let state = state(&db).await;
    let router = server::web::router(state.clone());
    let admin = session_for(&state.db, "admin.demo", state.now()).await;
    let page = call(
        &router,
        admin.apply(get("/registro-attivita?entita=accounts")),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Registro attività"));
    assert!(
        page.body.contains("dirigente.lodi"),
        "the seed's account rows are listed"
    );
    let school = session_for(&state.db, "dirigente.demo", state.now()).await;
    let page = call(&router, school.apply(get("/registro-attivita"))).await;
    assert!(
        page.body
            .contains("Operazione non consentita per il suo profilo.")
    );
}
