//! The scope matrix: every registered server function × every role (and
//! anonymous) × own / other school or ATS, through the real router, on both
//! databases. The list of functions comes from the server-function registry
//! itself, so a new function without a declared policy, or without a case
//! here, fails this test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod cases;
#[path = "../common/mod.rs"]
mod common;

use std::collections::BTreeSet;

use app::identity::{Module, Policy, Role};
use app::schools::queries::{self, NewAts};
use axum::body::Body;
use axum::http::Request;
use common::state;
use common::web::{Reply, Session, call, get, session_for};

/// Istituti of the fixture: the first demo istituto (own for everyone), the
/// second (another school, same ATS), one in another ATS.
pub const OWN: &str = "MIIC8ZZ00X";
pub const OTHER_SCHOOL: &str = "LOIS0ZZ00A";
pub const OTHER_ATS: &str = "BGIC8ZZ00Q";
pub const MISSING: &str = "MIIC8ZZ99Z";

#[derive(Debug, Clone, Copy)]
enum Relation {
    Own,
    Other,
}

/// How to call one server function about istituto `codice` (ignored by
/// functions that take no target).
pub struct Case {
    pub path: &'static str,
    pub targeted: bool,
    pub request: fn(&str) -> Request<Body>,
}

/// A valid "Nuova delega" (RSSMRA85T10A562S: the codice fiscale tests' code).
pub const NEW_DELEGATION: &str = "form%5Bcodice_fiscale%5D=RSSMRA85T10A562S&form%5Bfull_name%5D=Mario+Rossi\
    &form%5Bemail%5D=mario.rossi%40scuola.it&form%5Bcases%5D=on\
    &form%5Bstart_date%5D=24%2F11%2F2026&form%5Bend_date%5D=31%2F12%2F2026";

/// A valid "Richiesta di registrazione" for the own istituto.
pub const NEW_REQUEST: &str = "form%5Bistituto_codice%5D=MIIC8ZZ00X&form%5Bcodice_fiscale%5D=RSSMRA85T10A562S\
    &form%5Bfull_name%5D=Mario+Rossi&form%5Bemail%5D=mario.rossi%40scuola.it&form%5Bphone%5D=02+1234567";

/// The fixture's delegations: id 1 belongs to the own istituto, id 2 to
/// the other school (created in that order below).
pub fn delegation_of(codice: &str) -> i32 {
    if codice == OWN { 1 } else { 2 }
}

/// The fixture's LOVS uploads: one of the own istituto, one of the other
/// school, one in the other ATS (created in that order below).
pub fn lovs_upload_of(codice: &str) -> i32 {
    match codice {
        OWN => 1,
        OTHER_SCHOOL => 2,
        _ => 3,
    }
}

/// A plesso of istituto `codice`: for the own istituto, the referente's
/// (the infanzia of Via Pascoli, the first demo plesso); the other
/// school's liceo; none in the other ATS (its istituto has no plesso, so
/// any id of it is "not found").
pub fn plesso_of(codice: &str) -> i32 {
    match codice {
        OWN => 1,
        OTHER_SCHOOL => 3,
        _ => 999,
    }
}

/// The ATS of istituto `codice`: the demo ATS (1) for both schools, the
/// second one (2, Bergamo) for the other ATS.
pub fn ats_of(codice: &str) -> i32 {
    if codice == OTHER_ATS { 2 } else { 1 }
}

/// The fixture's alerts: one in the own ATS, one in the other ATS.
pub fn alert_of(codice: &str) -> i32 {
    if codice == OTHER_ATS { 2 } else { 1 }
}

/// The fixture's requests about alerts: one to the own istituto's plesso
/// (the referente's), one to the other school's; none in the other ATS.
pub fn request_of(codice: &str) -> i32 {
    match codice {
        OWN => 1,
        OTHER_SCHOOL => 2,
        _ => 999,
    }
}

/// The actors: username (None = anonymous), role, and which istituto is
/// "other" for them (another school for schools, another ATS for the ATS
/// and the administrator).
const ACTORS: [(Option<&str>, Option<Role>, &str); 6] = [
    (None, None, OTHER_SCHOOL),
    (Some("dirigente.demo"), Some(Role::Dirigente), OTHER_SCHOOL),
    (Some("delegato.demo"), Some(Role::Delegato), OTHER_SCHOOL),
    (
        Some("referente.demo"),
        Some(Role::ReferentePlesso),
        OTHER_SCHOOL,
    ),
    (Some("operatore.ats"), Some(Role::OperatoreAts), OTHER_ATS),
    (Some("admin.demo"), Some(Role::Amministratore), OTHER_ATS),
];

/// The rule of issue 3, restated independently of `Policy::check`: public
/// functions serve everyone; others need a login and an admitted role; a
/// target must be the caller's own, except for administrators.
fn expected(
    policy: Policy,
    role: Option<Role>,
    relation: Relation,
    targeted: bool,
) -> Result<(), &'static str> {
    let admitted = match policy {
        Policy::Public => return Ok(()),
        Policy::Authenticated => role.is_some(),
        Policy::Roles(roles) => role.is_some_and(|r| roles.contains(&r)),
        // DESIGN.md: the dirigente and ATS operators work in every module, a
        // referente only in the absence registry, administrators in none;
        // the fixture's delegate holds no delegation: refused with a reason.
        Policy::Module(module) => match role {
            None => false,
            Some(Role::Dirigente | Role::OperatoreAts) => true,
            Some(Role::ReferentePlesso) => module == Module::Absences,
            Some(Role::Amministratore) => false,
            Some(Role::Delegato) => return Err("Module"),
        },
    };
    match (role, admitted) {
        (None, _) => Err("Unauthenticated"),
        (Some(_), false) => Err("Forbidden"),
        (Some(Role::Amministratore), true) => Ok(()),
        (Some(_), true) if targeted && matches!(relation, Relation::Other) => Err("NotFound"),
        (Some(_), true) => Ok(()),
    }
}

/// The refusal in a reply, if any: the `AppError` variants of a refusal.
fn refusal(reply: &Reply) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(&reply.body).ok()?;
    if value.get("Module").is_some() {
        return Some("Module".to_owned());
    }
    let name = value.as_str()?;
    ["Unauthenticated", "Forbidden", "NotFound"]
        .contains(&name)
        .then(|| name.to_owned())
}

#[test]
fn every_registered_server_function_has_a_policy_and_a_case() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .collect();
    app::shell::install_policies();
    let declared: BTreeSet<&str> = app::identity::registry::declared()
        .map(|(p, _)| p)
        .collect();
    let cased: BTreeSet<&str> = cases::ALL
        .iter()
        .flat_map(|(_, cases)| cases.iter().map(|c| c.path))
        .collect();
    assert!(registered.len() >= 9, "registry not linked? {registered:?}");
    assert_eq!(
        app::identity::registry::undeclared_server_fns(),
        Vec::<&str>::new()
    );
    assert_eq!(registered, declared, "registered vs declared policies");
    assert_eq!(registered, cased, "registered vs cases of this matrix");
}

/// The matrix of one module's functions × every role × own / other target.
async fn matrix_of(module: &str) {
    let cases = cases::ALL
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, cases)| *cases)
        .expect("a module of the matrix");
    for db in common::all_backends().await {
        let state = state(&db).await;
        // A second ATS with one istituto: "another ATS" for operators.
        let bg = queries::insert_ats(
            &state.db,
            NewAts {
                code: "ATS-BG",
                name: "ATS di Bergamo",
                provinces: "BG",
                chief_comuni: "016024",
            },
        )
        .await
        .unwrap();
        queries::upsert_istituto(
            &state.db,
            bg.id,
            OTHER_ATS,
            "Istituto Comprensivo Demo Bergamo",
            "A794",
        )
        .await
        .unwrap();
        for (principal, codice) in [
            ("dirigente.demo", "VRDLCU80A01F205W"),
            ("dirigente.lodi", "BNCNNA75B41F205Z"),
        ] {
            fixture_delegation(&state, principal, codice).await;
        }
        let request =
            app::registration::rules::validate(&fixture_request(), common::today()).unwrap();
        app::registration::store::submit(
            &state.db,
            &app::identity::audit::Actor::anonymous(None),
            request,
            &app::once::Once::none(),
            state.now(),
        )
        .await
        .unwrap();
        for codice in [OWN, OTHER_SCHOOL, OTHER_ATS] {
            fixture_lovs_upload(&state, codice).await;
        }
        for ats_id in [1, bg.id] {
            fixture_alert(&state, ats_id).await;
        }
        for plesso_id in [plesso_of(OWN), plesso_of(OTHER_SCHOOL)] {
            fixture_alert_request(&state, plesso_id).await;
        }
        let router = server::web::router(state.clone());

        let mut checked = 0;
        for case in cases {
            let policy = app::identity::registry::policy_for(case.path).expect("declared");
            for (username, role, other) in ACTORS {
                for (relation, codice) in [(Relation::Own, OWN), (Relation::Other, other)] {
                    // A fresh session per call: logout ends it.
                    let session: Option<Session> = match username {
                        Some(u) => Some(session_for(&state.db, u, state.now()).await),
                        None => None,
                    };
                    let req = (case.request)(codice);
                    let req = match &session {
                        Some(s) => s.apply(req),
                        None => req,
                    };
                    let reply = call(&router, req).await;
                    let want = expected(policy, role, relation, case.targeted);
                    let got = refusal(&reply);
                    let label = format!(
                        "{} {} as {role:?} ({relation:?} {codice})",
                        db.label, case.path
                    );
                    match want {
                        Ok(()) => assert_eq!(got, None, "{label}: refused: {}", reply.body),
                        Err(kind) => {
                            assert_eq!(got.as_deref(), Some(kind), "{label}: {}", reply.body);
                            let status = match kind {
                                "Unauthenticated" => 401,
                                "Forbidden" | "Module" => 403,
                                _ => 404,
                            };
                            assert_eq!(reply.status.as_u16(), status, "{label}");
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, cases.len() * ACTORS.len() * 2);
    }
}

#[tokio::test]
async fn matrix_shell() {
    matrix_of("shell").await;
}

#[tokio::test]
async fn matrix_ui() {
    matrix_of("ui").await;
}

#[tokio::test]
async fn matrix_identity() {
    matrix_of("identity").await;
}

#[tokio::test]
async fn matrix_cf_check() {
    matrix_of("cf_check").await;
}

#[tokio::test]
async fn matrix_audit() {
    matrix_of("audit").await;
}

#[tokio::test]
async fn matrix_school_pages() {
    matrix_of("school_pages").await;
}

#[tokio::test]
async fn matrix_delegations() {
    matrix_of("delegations").await;
}

#[tokio::test]
async fn matrix_registration() {
    matrix_of("registration").await;
}

#[tokio::test]
async fn matrix_admin() {
    matrix_of("admin").await;
}

#[tokio::test]
async fn matrix_jobs() {
    matrix_of("jobs").await;
}

#[tokio::test]
async fn matrix_absences() {
    matrix_of("absences").await;
}

#[tokio::test]
async fn matrix_absence_reminders() {
    matrix_of("absence_reminders").await;
}

#[tokio::test]
async fn matrix_absence_calendar() {
    matrix_of("absence_calendar").await;
}

#[tokio::test]
async fn matrix_vaccinations() {
    matrix_of("vaccinations").await;
}

/// The registration form of `NEW_REQUEST`.
fn fixture_request() -> app::registration::rules::RegistrationForm {
    app::registration::rules::RegistrationForm {
        istituto_codice: "MIIC8ZZ00X".into(),
        codice_fiscale: "RSSMRA85T10A562S".into(),
        full_name: "Mario Rossi".into(),
        email: "mario.rossi@scuola.it".into(),
        phone: "02 1234567".into(),
    }
}

/// A LOVS upload of istituto `codice` (its outcome still to come).
async fn fixture_lovs_upload(state: &app::state::AppState, codice: &str) {
    use app::schools::entity::istituto;
    use app::vaccinations::entity::upload;
    use sea_orm::ActiveValue::Set;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let school = istituto::Entity::find()
        .filter(istituto::Column::Codice.eq(codice))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let row = upload::ActiveModel {
        ats_id: Set(school.ats_id),
        istituto_id: Set(school.id),
        job_id: Set(0),
        file_name: Set("iscritti.csv".into()),
        uploaded_by: Set(1),
        uploaded_by_name: Set("Dirigente".into()),
        uploaded_at: Set(state.now()),
        check_date: Set(common::today()),
        counts: Set("{}".into()),
        ..Default::default()
    };
    upload::Entity::insert(row).exec(&state.db).await.unwrap();
}

/// An alert of ATS `ats_id`, not yet reviewed.
async fn fixture_alert(state: &app::state::AppState, ats_id: i32) {
    use app::absences::entity::alert;
    use sea_orm::ActiveValue::Set;
    use sea_orm::EntityTrait;
    let row = alert::ActiveModel {
        ats_id: Set(ats_id),
        series_kind: Set("ats".into()),
        series_key: Set(ats_id.to_string()),
        series_label: Set("intero territorio".into()),
        day: Set(common::today()),
        method: Set("C1".into()),
        statistic: Set(4.2),
        threshold: Set(3.0),
        observed: Set(0.12),
        expected: Set(Some(0.04)),
        review: Set("nuova".into()),
        note: Set(String::new()),
        created_at: Set(state.now()),
        ..Default::default()
    };
    alert::Entity::insert(row).exec(&state.db).await.unwrap();
}

/// A request of the ATS about alert 1 to plesso `plesso_id`.
async fn fixture_alert_request(state: &app::state::AppState, plesso_id: i32) {
    use app::absences::entity::request;
    use sea_orm::ActiveValue::Set;
    use sea_orm::EntityTrait;
    let row = request::ActiveModel {
        alert_id: Set(1),
        plesso_id: Set(plesso_id),
        question: Set("Quali classi?".into()),
        asked_by: Set(1),
        asked_by_name: Set("Operatore".into()),
        asked_at: Set(state.now()),
        ..Default::default()
    };
    request::Entity::insert(row).exec(&state.db).await.unwrap();
}

/// A delegation granted by `principal` (ids follow the call order).
async fn fixture_delegation(state: &app::state::AppState, principal: &str, cf: &str) {
    use app::delegations::rules::ValidDelegation;
    use app::identity::entity::accounts;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let who = accounts::Entity::find()
        .filter(accounts::Column::Username.eq(principal))
        .one(&state.db)
        .await
        .unwrap()
        .and_then(|a| a.identity())
        .unwrap();
    let valid = ValidDelegation {
        codice_fiscale: cf.to_owned(),
        full_name: "Persona Delegata".to_owned(),
        email: "delegata@scuola.it".to_owned(),
        modules: vec![Module::Cases],
        start_date: common::today(),
        end_date: common::today(),
    };
    app::delegations::store::create(
        &state.db,
        &who,
        &app::identity::audit::Actor::person(&who, None),
        valid,
        &app::once::Once::none(),
        state.now(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn another_schools_record_is_answered_like_a_missing_one() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let lodi = session_for(&state.db, "dirigente.lodi", state.now()).await;
        let other = call(
            &router,
            lodi.apply(get(&format!("/api/scuola/istituto?codice={OWN}"))),
        )
        .await;
        let missing = call(
            &router,
            lodi.apply(get(&format!("/api/scuola/istituto?codice={MISSING}"))),
        )
        .await;
        assert_eq!(
            (other.status, &other.body),
            (missing.status, &missing.body),
            "{}",
            db.label
        );
        assert_eq!(other.json(), "NotFound");
        assert_eq!(
            app::error::AppError::NotFound.to_string(),
            "Elemento non trovato o non accessibile."
        );
        // The page too: same message, no name of the other school.
        let page = call(&router, lodi.apply(get(&format!("/scuola/{OWN}")))).await;
        assert!(
            page.body
                .contains("Elemento non trovato o non accessibile."),
            "{}",
            db.label
        );
        assert!(
            !page.body.contains("Città Studi"),
            "the other school's name leaked"
        );
        let own = call(&router, lodi.apply(get("/scuola/LOIS0ZZ00A"))).await;
        assert!(own.body.contains("Liceo Scientifico Demo"));
    }
}

#[tokio::test]
async fn each_role_sees_its_own_schools_and_plessi() {
    for db in common::all_backends().await {
        let state = state(&db).await;
        let router = server::web::router(state.clone());
        let list = |user: &'static str| {
            let router = router.clone();
            let state = state.clone();
            async move {
                let s = session_for(&state.db, user, state.now()).await;
                let reply = call(&router, s.apply(get("/api/scuola"))).await;
                let v = reply.json();
                v.as_array()
                    .unwrap_or_else(|| panic!("{user}: {}", reply.body))
                    .iter()
                    .map(|ist| {
                        let plessi: Vec<String> = ist["plessi"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|p| p["codice"].as_str().unwrap().to_owned())
                            .collect();
                        (ist["codice"].as_str().unwrap().to_owned(), plessi)
                    })
                    .collect::<Vec<_>>()
            }
        };
        let first = (
            "MIIC8ZZ00X".to_owned(),
            vec!["MIAA8ZZ01T".to_owned(), "MIEE8ZZ02V".to_owned()],
        );
        let second = ("LOIS0ZZ00A".to_owned(), vec!["LOPS0ZZ01B".to_owned()]);
        assert_eq!(
            list("dirigente.demo").await,
            std::slice::from_ref(&first),
            "{}",
            db.label
        );
        assert_eq!(list("delegato.demo").await, std::slice::from_ref(&first));
        assert_eq!(
            list("referente.demo").await,
            [("MIIC8ZZ00X".to_owned(), vec!["MIAA8ZZ01T".to_owned()])]
        );
        assert_eq!(list("dirigente.lodi").await, std::slice::from_ref(&second));
        // Ordered by name: "Istituto Comprensivo…" before "Istituto di Istruzione…".
        assert_eq!(list("operatore.ats").await, [first.clone(), second.clone()]);
        assert_eq!(list("admin.demo").await, [first, second]);
    }
}
