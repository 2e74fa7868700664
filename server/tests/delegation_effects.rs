//! Delegations through the real router on both databases: expiry with an
//! injected clock, the audit trail (delegates act on behalf of the
//! principal), and another school's principal answered as if nothing existed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::sync::{Arc, Mutex};

use app::identity::entity::audit_log;
use axum::http::StatusCode;
use common::deleg::*;
use common::web::{call, get, post_form, session_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[tokio::test]
async fn expiry_takes_effect_the_day_after_the_end() {
    for db in common::all_backends().await {
        let clock = Arc::new(MovableClock(Mutex::new(day(2026, 11, 24))));
        let state = state_with_clock(&db, clock.clone()).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let delegate = session_for(&state.db, "delegato.demo", state.now()).await;
        let cf = delegate_cf(&state).await;
        let reply = create(
            &router,
            &principal,
            new_delegation(&cf, &["cases"], "24/11/2026", "30/11/2026"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        clock.set(day(2026, 11, 30));
        let last_day = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(
            last_day.status,
            StatusCode::OK,
            "{}: valid on its last day",
            db.label
        );

        clock.set(day(2026, 12, 1));
        let expired = call(&router, delegate.apply(get("/api/moduli/casi"))).await;
        assert_eq!(expired.status, StatusCode::FORBIDDEN);
        assert_eq!(
            refusal_text(&expired),
            "La delega per questo modulo è scaduta il 30/11/2026: chiedere al dirigente scolastico di rinnovarla."
        );
        let page = call(&router, delegate.apply(get("/casi"))).await;
        assert!(page.body.contains("scaduta il 30/11/2026"), "{}", db.label);
        let list = call(&router, principal.apply(get("/api/deleghe")))
            .await
            .json();
        assert_eq!(list["delegations"][0]["state"], "Scaduta");
        // An expired delegation cannot be revoked any more.
        let id = list["delegations"][0]["id"].as_i64().unwrap();
        let revoke = call(
            &router,
            principal.apply(post_form("/api/deleghe/revoca", &format!("id={id}"))),
        )
        .await;
        assert_eq!(revoke.status, StatusCode::CONFLICT);
    }
}

#[tokio::test]
async fn writes_are_audited_and_delegates_act_on_behalf_of_the_principal() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal_account = account(&state, "dirigente.demo").await;
        let delegate_account = account(&state, "delegato.demo").await;
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let cf = delegate_cf(&state).await;
        let reply = create(
            &router,
            &principal,
            new_delegation(&cf, &["cases"], "24/11/2026", "31/12/2026"),
        )
        .await;
        let id = reply.json().as_i64().unwrap();

        let created = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("delegations"))
            .one(&state.db)
            .await
            .unwrap()
            .expect("audit row of the creation");
        assert_eq!(created.action, "create");
        assert_eq!(created.entity_id, Some(id));
        assert_eq!(created.actor_account_id, Some(principal_account.id));
        assert_eq!(created.on_behalf_of_account_id, None);
        assert_eq!(created.istituto_id, principal_account.istituto_id);

        // A delegate's write (here: logging out) is recorded for the principal.
        let delegate = session_for(&state.db, "delegato.demo", state.now()).await;
        let out = call(&router, delegate.apply(post_form("/esci", ""))).await;
        assert!(out.status.is_success(), "{}", out.body);
        let row = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("logout"))
            .filter(audit_log::Column::ActorAccountId.eq(delegate_account.id))
            .order_by_desc(audit_log::Column::Id)
            .one(&state.db)
            .await
            .unwrap()
            .expect("logout row");
        assert_eq!(row.actor_role.as_deref(), Some("delegato"), "{}", db.label);
        assert_eq!(row.on_behalf_of_account_id, Some(principal_account.id));

        // Revocation: audited, by the principal.
        call(
            &router,
            principal.apply(post_form("/api/deleghe/revoca", &format!("id={id}"))),
        )
        .await;
        let revoked = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("revoke"))
            .one(&state.db)
            .await
            .unwrap()
            .expect("revoke row");
        assert_eq!(revoked.entity_id, Some(id));
        assert_eq!(revoked.actor_account_id, Some(principal_account.id));
    }
}

#[tokio::test]
async fn another_school_cannot_see_print_or_revoke() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let cf = delegate_cf(&state).await;
        let id = create(
            &router,
            &principal,
            new_delegation(&cf, &["cases"], "24/11/2026", "31/12/2026"),
        )
        .await
        .json()
        .as_i64()
        .unwrap();
        let lodi = session_for(&state.db, "dirigente.lodi", state.now()).await;
        let print = call(
            &router,
            lodi.apply(get(&format!("/api/deleghe/stampa?id={id}"))),
        )
        .await;
        assert_eq!(
            print.status,
            StatusCode::NOT_FOUND,
            "{}: {}",
            db.label,
            print.body
        );
        let revoke = call(
            &router,
            lodi.apply(post_form("/api/deleghe/revoca", &format!("id={id}"))),
        )
        .await;
        assert_eq!(revoke.status, StatusCode::NOT_FOUND);
        let list = call(&router, lodi.apply(get("/api/deleghe"))).await.json();
        assert_eq!(list["delegations"], serde_json::json!([]));

        // The owner's printable form has the data filled in.
        let page = call(
            &router,
            principal.apply(get(&format!("/deleghe/{id}/stampa"))),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        for text in [
            "Modulo di delega",
            "Giulia Bianchi",
            "Marco Verdi",
            &cf,
            "Casi e contatti",
            "31/12/2026",
            "Firma del dirigente scolastico",
        ] {
            assert!(
                page.body.contains(text),
                "{text} missing from the print page"
            );
        }
        let page = call(&router, lodi.apply(get(&format!("/deleghe/{id}/stampa")))).await;
        assert!(
            page.body
                .contains("Elemento non trovato o non accessibile.")
        );
        assert!(!page.body.contains("Marco Verdi"));
    }
}
