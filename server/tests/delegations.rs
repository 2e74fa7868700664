//! Delegations through the real router on both databases: the dirigente
//! creates, lists and revokes; the delegate reaches only the delegated
//! modules, and loses them at once on revocation or expiry (clock injected);
//! delegates' writes are audited on behalf of the principal.

mod common;

use std::sync::{Arc, Mutex};

use app::identity::entity::{accounts, audit_log};
use app::state::AppState;
use app::validation::dates::Clock;
use axum::http::StatusCode;
use chrono::NaiveDate;
use common::web::{Reply, Session, call, form_encode, get, post_form, session_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A calendar the test turns.
#[derive(Debug)]
struct MovableClock(Mutex<NaiveDate>);

impl Clock for MovableClock {
    fn today(&self) -> NaiveDate {
        *self.0.lock().unwrap()
    }
}

impl MovableClock {
    fn set(&self, day: NaiveDate) {
        *self.0.lock().unwrap() = day;
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn state_with_clock(db: &common::TestDb, clock: Arc<MovableClock>) -> AppState {
    let mut config = common::config(db);
    config.clock = clock;
    server::web::build_state(&config, server::web::leptos_options())
        .await
        .expect("state builds")
}

async fn account(state: &AppState, username: &str) -> accounts::Model {
    accounts::Entity::find()
        .filter(accounts::Column::Username.eq(username))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
}

/// The demo delegate's codice fiscale (computed by the demo seed).
async fn delegate_cf(state: &AppState) -> String {
    account(state, "delegato.demo")
        .await
        .codice_fiscale
        .expect("demo CF")
}

fn new_delegation(cf: &str, modules: &[&str], start: &str, end: &str) -> String {
    let mut pairs: Vec<(String, String)> = [
        ("codice_fiscale", cf),
        ("full_name", "Marco Verdi"),
        ("email", "marco.verdi@scuola.it"),
        ("start_date", start),
        ("end_date", end),
    ]
    .iter()
    .map(|(k, v)| (format!("form[{k}]"), (*v).to_owned()))
    .collect();
    pairs.extend(
        modules
            .iter()
            .map(|m| (format!("form[{m}]"), "on".to_owned())),
    );
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form_encode(&refs)
}

async fn create(router: &axum::Router, principal: &Session, form: String) -> Reply {
    call(
        router,
        principal.apply(post_form("/api/deleghe/nuova", &form)),
    )
    .await
}

fn refusal_text(reply: &Reply) -> String {
    let v = reply.json();
    let module = &v["Module"];
    assert!(!module.is_null(), "not a module refusal: {}", reply.body);
    let refusal: app::identity::ModuleRefusal = serde_json::from_value(module.clone()).unwrap();
    refusal.to_string()
}

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

        // A code that belongs to another account (the Lodi principal) is refused.
        let lodi = account(&state, "dirigente.lodi")
            .await
            .codice_fiscale
            .unwrap();
        let reply = create(
            &router,
            &principal,
            new_delegation(&lodi, &["cases"], "24/11/2026", "30/11/2026"),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        assert!(
            reply.body.contains("appartiene già a un altro account"),
            "{}",
            reply.body
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
