//! Helpers of the delegation tests: a calendar the test turns, the demo
//! people, the "Nuova delega" form, refusals' text.

use std::sync::{Arc, Mutex};

use app::identity::entity::accounts;
use app::state::AppState;
use app::validation::dates::Clock;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::web::{Reply, Session, call, form_encode, post_form};

/// A calendar the test turns.
#[derive(Debug)]
pub struct MovableClock(pub Mutex<NaiveDate>);

impl Clock for MovableClock {
    fn today(&self) -> NaiveDate {
        *self.0.lock().unwrap()
    }
}

impl MovableClock {
    pub fn set(&self, day: NaiveDate) {
        *self.0.lock().unwrap() = day;
    }
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub async fn state_with_clock(db: &super::TestDb, clock: Arc<MovableClock>) -> AppState {
    let mut config = super::config(db);
    config.clock = clock;
    server::web::build_state(&config, server::web::leptos_options())
        .await
        .expect("state builds")
}

pub async fn account(state: &AppState, username: &str) -> accounts::Model {
    accounts::Entity::find()
        .filter(accounts::Column::Username.eq(username))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
}

/// The demo delegate's codice fiscale (computed by the demo seed).
pub async fn delegate_cf(state: &AppState) -> String {
    account(state, "delegato.demo")
        .await
        .codice_fiscale
        .expect("demo CF")
}

pub fn new_delegation(cf: &str, modules: &[&str], start: &str, end: &str) -> String {
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

pub async fn create(router: &axum::Router, principal: &Session, form: String) -> Reply {
    call(
        router,
        principal.apply(post_form("/api/deleghe/nuova", &form)),
    )
    .await
}

pub fn refusal_text(reply: &Reply) -> String {
    let v = reply.json();
    let module = &v["Module"];
    assert!(!module.is_null(), "not a module refusal: {}", reply.body);
    module
        .as_str()
        .expect("a module refusal carries its sentence")
        .to_owned()
}
