//! Delegations through the real router on both databases: the dirigente
//! creates, lists and revokes; the delegate reaches only the delegated
//! modules and loses them at once on revocation; the server validates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use axum::http::StatusCode;
use common::deleg::*;
use common::web::{call, get, post_form, session_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn the_delegate_reaches_only_the_delegated_module_until_revoked() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let delegate = session_for(&state.db, "delegato.demo", state.now()).await;
        let cf = delegate_cf(&state).await;

        // Before any delegation: no module, with the reason.
        let before = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(before.status, StatusCode::FORBIDDEN, "{}", db.label);
        assert!(refusal_text(&before).contains("non le è stato delegato"));

        let reply = create(
            &router,
            &principal,
            new_delegation(&cf, &["cases"], "24/11/2026", "31/12/2026"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}: {}", db.label, reply.body);
        let id = reply.json().as_i64().expect("id");

        let cases = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(cases.status, StatusCode::OK, "{}", cases.body);
        assert_eq!(cases.json()["delegated_until"], "2026-12-31");
        let vacc = call(
            &router,
            delegate.apply(get("/api/moduli/obbligo-vaccinale")),
        )
        .await;
        assert_eq!(vacc.status, StatusCode::FORBIDDEN);
        assert!(refusal_text(&vacc).contains("«Obbligo vaccinale» non le è stato delegato"));

        // The menu lists only "Casi e contatti"; the page refuses the other module.
        let home = call(&router, delegate.apply(get("/"))).await;
        assert!(home.body.contains(r#"href="/casi""#), "{}", db.label);
        for other in ["/obbligo-vaccinale", "/allontanamenti", "/assenze"] {
            assert!(
                !home.body.contains(&format!(r#"href="{other}""#)),
                "{other} in the delegate's menu"
            );
        }
        let page = call(&router, delegate.apply(get("/obbligo-vaccinale"))).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(
            page.body.contains("non le è stato delegato"),
            "{}",
            page.body
        );
        let page = call(&router, delegate.apply(get("/casi"))).await;
        assert!(
            page.body.contains("valida fino al 31/12/2026"),
            "{}",
            page.body
        );

        // The delegate may not manage delegations.
        let list = call(&router, delegate.apply(get("/api/deleghe"))).await;
        assert_eq!(list.status, StatusCode::FORBIDDEN);

        // Revocation bites on the very next request, with the day.
        let revoke = call(
            &router,
            principal.apply(post_form("/api/deleghe/revoca", &format!("id={id}"))),
        )
        .await;
        assert_eq!(revoke.status, StatusCode::OK, "{}", revoke.body);
        let after = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(after.status, StatusCode::FORBIDDEN);
        assert!(
            refusal_text(&after).contains("revocata il 24/11/2026"),
            "{}",
            after.body
        );
        let home = call(&router, delegate.apply(get("/"))).await;
        assert!(!home.body.contains(r#"href="/casi""#));

        // Revoking twice is a clear conflict; the history keeps the row.
        let again = call(
            &router,
            principal.apply(post_form("/api/deleghe/revoca", &format!("id={id}"))),
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        let list = call(&router, principal.apply(get("/api/deleghe")))
            .await
            .json();
        let row = &list["delegations"][0];
        assert_eq!(row["state"], "Revocata");
        assert_eq!(row["revoked_on"], "2026-11-24");
        assert_eq!(row["revoked_by"], "Giulia Bianchi");
        assert_eq!(row["modules"], serde_json::json!(["cases"]));
    }
}

#[tokio::test]
async fn the_server_validates_every_field() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let form = new_delegation("RSSMRA85T10A562X", &[], "23/11/2026", "31/02/2027");
        let reply = create(&router, &principal, form).await;
        assert_eq!(reply.status.as_u16(), 422, "{}: {}", db.label, reply.body);
        let fields: Vec<String> = reply.json()["Validation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            fields,
            ["codice_fiscale", "modules", "start_date", "end_date"]
        );

        // A code that belongs to another account (the Lodi principal) gets
        // the answer a new person gets: the form does not tell whether a
        // codice fiscale has an account anywhere in the portal.
        let lodi = account(&state, "dirigente.lodi").await;
        let reply = create(
            &router,
            &principal,
            new_delegation(
                lodi.codice_fiscale.as_deref().unwrap(),
                &["cases"],
                "24/11/2026",
                "30/11/2026",
            ),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
        assert!(reply.json().is_i64(), "{}", reply.body);
        // It lends the Lodi principal nothing in Milan, and is flagged.
        let lodi_session = session_for(&state.db, "dirigente.lodi", state.now()).await;
        let after = account(&state, "dirigente.lodi").await;
        assert_eq!(after.role, lodi.role);
        assert_eq!(after.istituto_id, lodi.istituto_id);
        let theirs = call(&router, lodi_session.apply(get("/api/deleghe")))
            .await
            .json();
        assert_eq!(theirs["delegations"].as_array().map(Vec::len), Some(0));
        let flagged = app::identity::entity::audit_log::Entity::find()
            .filter(app::identity::entity::audit_log::Column::Entity.eq("delegations"))
            .all(&state.db)
            .await
            .unwrap();
        assert!(
            flagged
                .iter()
                .any(|r| r.changes.contains("\"da_verificare\":true")),
            "{flagged:?}"
        );
    }
}

#[tokio::test]
async fn a_new_person_gets_a_delegate_account_without_password() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        // RSSMRA85T10A562S: the codice fiscale tests' reference code.
        let reply = create(
            &router,
            &principal,
            new_delegation(
                "rssmra85t10a562s",
                &["absences", "vaccinations"],
                "01/12/2026",
                "31/01/2027",
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}: {}", db.label, reply.body);
        let created = account(&state, "rssmra85t10a562s").await;
        assert_eq!(created.role, "delegato");
        assert_eq!(created.codice_fiscale.as_deref(), Some("RSSMRA85T10A562S"));
        assert_eq!(created.password_hash, None, "SPID/CIE only");
        assert_eq!(
            created.istituto_id,
            account(&state, "dirigente.demo").await.istituto_id
        );

        // The same person again: the account is reused.
        let reply = create(
            &router,
            &principal,
            new_delegation("RSSMRA85T10A562S", &["cases"], "24/11/2026", "30/11/2026"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let list = call(&router, principal.apply(get("/api/deleghe")))
            .await
            .json();
        let states: Vec<&str> = list["delegations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["state"].as_str().unwrap())
            .collect();
        assert_eq!(states, ["Attiva", "Futura"], "newest first");

        // A future delegation: not yet, with its first day.
        let person = session_for(&state.db, "rssmra85t10a562s", state.now()).await;
        let reply = call(&router, person.apply(get("/api/moduli/assenze"))).await;
        assert!(
            refusal_text(&reply).contains("sarà valida dal 01/12/2026"),
            "{}",
            reply.body
        );
    }
}
