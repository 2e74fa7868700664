//! Registration requests through the real router, on both databases: a
//! visitor asks, an administrator approves (the dirigente account is bound
//! to the istituto) or rejects with a reason; every step is audited.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::{accounts, audit_log};
use app::schools::queries;
use axum::http::StatusCode;
use common::web::{Reply, call, form_encode, get, post_form, registration_form, session_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// An istituto of the demo ATS without a dirigente yet.
const NEW_ISTITUTO: &str = "MIIC8ZZ50Y";

fn fields(reply: &Reply) -> Vec<String> {
    reply.json()["Validation"]
        .as_array()
        .unwrap_or_else(|| panic!("not a validation error: {}", reply.body))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_visitor_asks_and_an_administrator_approves_with_a_password() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let ats = queries::ats_by_code(&state.db, &state.ats_code)
            .await
            .unwrap()
            .unwrap();
        let ist = queries::upsert_istituto(&state.db, ats.id, NEW_ISTITUTO, "IC Nuovo", "F205")
            .await
            .unwrap()
            .0;
        let router = server::web::router(state.clone());

        // No login needed; bad fields are named.
        let bad = call(
            &router,
            post_form(
                "/api/registrazione",
                &registration_form("MI", "RSSMRA85T10A562X"),
            ),
        )
        .await;
        assert_eq!(bad.status.as_u16(), 422, "{}: {}", db.label, bad.body);
        assert_eq!(fields(&bad), ["istituto_codice", "codice_fiscale"]);
        let sent = call(
            &router,
            post_form(
                "/api/registrazione",
                &registration_form(NEW_ISTITUTO, "rssmra85t10a562s"),
            ),
        )
        .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let id = sent.json().as_i64().unwrap();

        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let list = call(&router, admin.apply(get("/api/amministrazione/richieste")))
            .await
            .json();
        assert_eq!(list["rows"][0]["status"], "Pending");
        assert_eq!(list["rows"][0]["istituto_name"], "IC Nuovo");
        assert_eq!(list["rows"][0]["codice_fiscale"], "RSSMRA85T10A562S");

        // A principal may not decide.
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let refused = call(
            &router,
            principal.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id}&mode=password"),
            )),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let approved = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id}&mode=password"),
            )),
        )
        .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        let outcome = approved.json();
        assert_eq!(outcome["username"], "rssmra85t10a562s");
        let password = outcome["password"]
            .as_str()
            .expect("initial password")
            .to_owned();
        let account = accounts::Entity::find()
            .filter(accounts::Column::Username.eq("rssmra85t10a562s"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.role, "dirigente");
        assert_eq!(account.istituto_id, Some(ist.id));
        assert_eq!(account.ats_id, Some(ats.id));

        // The new principal logs in with it and sees the istituto.
        let login = call(
            &router,
            post_form(
                "/api/accedi",
                &form_encode(&[("username", "rssmra85t10a562s"), ("password", &password)]),
            ),
        )
        .await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.body);

        // Decided once: a second decision is a conflict.
        let again = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/respingi",
                &format!("id={id}&reason=doppia"),
            )),
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

        // Audited: the anonymous submission and the decision.
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("registration_requests"))
            .all(&state.db)
            .await
            .unwrap();
        let actions: Vec<(&str, Option<i32>)> = rows
            .iter()
            .map(|r| (r.action.as_str(), r.actor_account_id))
            .collect();
        let admin_id = accounts::Entity::find()
            .filter(accounts::Column::Username.eq("admin.demo"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(actions, [("create", None), ("approve", Some(admin_id))]);
        assert!(rows.iter().all(|r| r.istituto_id == Some(ist.id)));
    }
}

#[tokio::test]
async fn approval_refuses_a_second_principal_and_spid_only_has_no_password() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        // The demo istituto already has its dirigente.
        let sent = call(
            &router,
            post_form(
                "/api/registrazione",
                &registration_form("MIIC8ZZ00X", "RSSMRA85T10A562S"),
            ),
        )
        .await;
        let id = sent.json().as_i64().unwrap();
        let reply = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id}&mode=spid"),
            )),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CONFLICT,
            "{}: {}",
            db.label,
            reply.body
        );
        assert!(
            reply.body.contains("già un dirigente attivo"),
            "{}",
            reply.body
        );
        // An istituto not in the registry.
        let sent = call(
            &router,
            post_form(
                "/api/registrazione",
                &registration_form("MIIC8ZZ77Q", "RSSMRA85T10A562S"),
            ),
        )
        .await;
        let id2 = sent.json().as_i64().unwrap();
        let reply = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id2}&mode=spid"),
            )),
        )
        .await;
        assert!(reply.body.contains("non è nell'anagrafe"), "{}", reply.body);

        // Once the istituto exists: SPID/CIE only, no password at all.
        let ats = queries::ats_by_code(&state.db, &state.ats_code)
            .await
            .unwrap()
            .unwrap();
        queries::upsert_istituto(&state.db, ats.id, "MIIC8ZZ77Q", "IC Nuovissimo", "F205")
            .await
            .unwrap();
        let reply = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/approva",
                &format!("id={id2}&mode=spid"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.json()["password"], serde_json::Value::Null);
        let account =
            app::identity::sessions::account_by_codice_fiscale(&state.db, "RSSMRA85T10A562S")
                .await
                .unwrap()
                .expect("found by codice fiscale, as SPID/CIE logins are");
        assert_eq!(account.password_hash, None);
    }
}

#[tokio::test]
async fn rejection_needs_a_reason() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let id = call(
            &router,
            post_form(
                "/api/registrazione",
                &registration_form(NEW_ISTITUTO, "RSSMRA85T10A562S"),
            ),
        )
        .await
        .json()
        .as_i64()
        .unwrap();
        let empty = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/respingi",
                &format!("id={id}&reason=+"),
            )),
        )
        .await;
        assert_eq!(empty.status.as_u16(), 422, "{}: {}", db.label, empty.body);
        assert_eq!(fields(&empty), ["reason"]);
        let done = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/richieste/respingi",
                &format!("id={id}&reason=Non+risulta+dirigente"),
            )),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let list = call(&router, admin.apply(get("/api/amministrazione/richieste")))
            .await
            .json();
        assert_eq!(list["rows"][0]["status"], "Rejected");
        assert_eq!(list["rows"][0]["reason"], "Non risulta dirigente");
        // The public page renders for visitors.
        let page = call(&router, get("/registrazione")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Richiesta di registrazione"));
    }
}
