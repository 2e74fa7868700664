//! "Registro assenze", iscritti e classi, through the real router on both
//! databases: which plessi are asked, the reminder, a refused entry posted
//! without JavaScript (its page again, typed values kept, nothing stored),
//! a good entry and the history, the scope of a referente, idempotent
//! saves, and the ATS's designation of a sentinel plesso; all audited.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::absences::entity::{enrolment, sentinel};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::web::{Session, call, form_encode, get, post_form, session_for};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The primaria of the demo istituto (the infanzia is plesso 1).
const PRIMARIA: i32 = 2;
const INFANZIA: i32 = 1;

/// A form the browser posts itself from `page`, with the session.
fn plain(session: &Session, mut req: Request<Body>, page: &str) -> Request<Body> {
    let headers = req.headers_mut();
    headers.insert(
        header::ACCEPT,
        "text/html,application/xhtml+xml".parse().unwrap(),
    );
    headers.insert(
        header::REFERER,
        format!("http://portale.test{page}").parse().unwrap(),
    );
    headers.insert(header::COOKIE, session.cookie().parse().unwrap());
    req
}

fn entry(
    session: &Session,
    plesso: i32,
    pupils: &str,
    classes: &str,
    from: &str,
    key: &str,
) -> String {
    form_encode(&[
        ("csrf_token", session.csrf.as_str()),
        ("request_key", key),
        ("form[plesso_id]", &plesso.to_string()),
        ("form[pupils]", pupils),
        ("form[classes]", classes),
        ("form[valid_from]", from),
    ])
}

async fn entries(state: &app::state::AppState, plesso: i32) -> u64 {
    enrolment::Entity::find()
        .filter(enrolment::Column::PlessoId.eq(plesso))
        .count(&state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_principal_records_iscritti_e_classi_and_keeps_the_history() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;

        // The primaria is asked and missing; the infanzia is not asked.
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body
                .contains("Mancano iscritti e classi per l&#x27;anno scolastico 2026/27")
                || page
                    .body
                    .contains("Mancano iscritti e classi per l'anno scolastico 2026/27"),
            "{}",
            page.body
        );
        assert!(page.body.contains("non sono richiesti iscritti e classi"));
        assert_eq!(
            page.body.matches(">Aggiungi</button>").count(),
            1,
            "{}",
            db.label
        );
        let home = call(&router, principal.apply(get("/scuola"))).await;
        assert!(home.body.contains("enrolment-reminder"), "{}", home.body);
        assert!(
            home.body
                .contains("Scuola primaria Via Marelli (MIEE8ZZ02V)")
        );

        // "Aggiungi" opens the form of the plesso.
        let add = call(
            &router,
            principal.apply(get(&format!("/assenze/iscritti?plesso={PRIMARIA}"))),
        )
        .await;
        assert!(
            add.body.contains("Numero di iscritti (6-19 anni)"),
            "{}",
            add.body
        );
        assert!(add.body.contains("24/11/2026"), "today is the default date");

        // Refused without JavaScript: the page again, what was typed kept.
        let form = entry(
            &principal,
            PRIMARIA,
            "120",
            "200",
            "31/02/2026",
            "6f1c2a9e-0000-4000-8000-000000000001",
        );
        let reply = call(
            &router,
            plain(
                &principal,
                post_form("/api/assenze/iscritti", &form),
                &format!("/assenze/iscritti?plesso={PRIMARIA}"),
            ),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            db.label,
            reply.body
        );
        assert!(
            reply
                .body
                .contains("Le classi non possono essere più degli iscritti."),
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains(r#"value="120""#),
            "typed value kept: {}",
            reply.body
        );
        assert_eq!(entries(&state, PRIMARIA).await, 0);

        // A good entry: back to the list, figures in force, no reminder.
        let form = entry(
            &principal,
            PRIMARIA,
            "412",
            "18",
            "14/09/2026",
            "6f1c2a9e-0000-4000-8000-000000000002",
        );
        let reply = call(
            &router,
            plain(
                &principal,
                post_form("/api/assenze/iscritti", &form),
                &format!("/assenze/iscritti?plesso={PRIMARIA}"),
            ),
        )
        .await;
        assert!(
            reply.status.is_redirection(),
            "{}: {}",
            db.label,
            reply.body
        );
        let to = reply.headers[header::LOCATION].to_str().unwrap();
        assert!(to.starts_with("/assenze?salvato="), "{to}");
        // The same submission again (a double click, a retry): one entry.
        let again = call(
            &router,
            plain(
                &principal,
                post_form("/api/assenze/iscritti", &form),
                "/assenze/iscritti",
            ),
        )
        .await;
        assert!(again.status.is_redirection());
        assert_eq!(entries(&state, PRIMARIA).await, 1, "{}", db.label);

        let page = call(&router, principal.apply(get("/assenze?salvato=1"))).await;
        assert!(page.body.contains("Dati salvati correttamente."));
        assert!(page.body.contains("<dd>412</dd>"), "{}", page.body);
        assert!(!page.body.contains("enrolment-missing"), "{}", page.body);
        let home = call(&router, principal.apply(get("/scuola"))).await;
        assert!(!home.body.contains("enrolment-reminder"), "{}", home.body);

        // A change later: both kept, the newest in force.
        let form = entry(
            &principal,
            PRIMARIA,
            "415",
            "18",
            "20/11/2026",
            "6f1c2a9e-0000-4000-8000-000000000003",
        );
        let reply = call(
            &router,
            plain(
                &principal,
                post_form("/api/assenze/iscritti", &form),
                "/assenze/iscritti",
            ),
        )
        .await;
        assert!(reply.status.is_redirection());
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(page.body.contains("<dd>415</dd>"));
        assert_eq!(page.body.matches("<td>412</td>").count(), 1, "history kept");

        // The infanzia is refused with its reason; nothing stored.
        let form = entry(
            &principal,
            INFANZIA,
            "20",
            "1",
            "14/09/2026",
            "6f1c2a9e-0000-4000-8000-000000000004",
        );
        let reply = call(
            &router,
            plain(
                &principal,
                post_form("/api/assenze/iscritti", &form),
                "/assenze/iscritti",
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(entries(&state, INFANZIA).await, 0);

        let audit = app::identity::entity::audit_log::Entity::find()
            .filter(app::identity::entity::audit_log::Column::Entity.eq("enrolments"))
            .count(&state.db)
            .await
            .unwrap();
        assert_eq!(audit, 2, "{}", db.label);
    }
}

#[tokio::test]
async fn a_referente_sees_only_their_plesso_and_the_ats_designates_sentinels() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        // The referente's plesso is the infanzia: another plesso is "not found".
        let referente = session_for(&state.db, "referente.demo", state.now()).await;
        let page = call(&router, referente.apply(get("/assenze"))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("MIAA8ZZ01T"));
        assert!(!page.body.contains("MIEE8ZZ02V"), "{}", page.body);
        let form = entry(
            &referente,
            PRIMARIA,
            "412",
            "18",
            "14/09/2026",
            "6f1c2a9e-0000-4000-8000-000000000005",
        );
        let reply = call(
            &router,
            referente.apply(post_form("/api/assenze/iscritti", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

        // The ATS: the territory's plessi, and the designation.
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let page = call(&router, operator.apply(get("/assenze"))).await;
        assert!(page.body.contains("territory-plessi"), "{}", page.body);
        assert!(page.body.contains("LOPS0ZZ01B"), "the whole territory");
        let form = form_encode(&[
            ("csrf_token", operator.csrf.as_str()),
            ("plesso_id", &PRIMARIA.to_string()),
            ("active", "true"),
        ]);
        let reply = call(
            &router,
            plain(
                &operator,
                post_form("/api/assenze/sentinella", &form),
                "/assenze",
            ),
        )
        .await;
        assert!(
            reply.status.is_redirection(),
            "{}: {}",
            db.label,
            reply.body
        );
        let row = sentinel::Entity::find()
            .filter(sentinel::Column::PlessoId.eq(PRIMARIA))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert!(row.active);
        let principal = session_for(&state.db, "dirigente.demo", state.now()).await;
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(page.body.contains("scuola sentinella"), "{}", page.body);
        // A school cannot designate itself.
        let form = form_encode(&[
            ("csrf_token", principal.csrf.as_str()),
            ("plesso_id", &PRIMARIA.to_string()),
            ("active", "false"),
        ]);
        let reply = call(
            &router,
            principal.apply(post_form("/api/assenze/sentinella", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    }
}

/// A state whose Rome day the test sets (the entry window reads it).
async fn state_on(db: &common::TestDb, day: chrono::NaiveDate) -> app::state::AppState {
    let mut config = common::config(db);
    config.clock = std::sync::Arc::new(app::validation::dates::FixedClock(day));
    server::web::build_state(&config, server::web::leptos_options())
        .await
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn absences(session: &Session, plesso: i32, survey_day: &str, absent: &str) -> String {
    form_encode(&[
        ("csrf_token", session.csrf.as_str()),
        ("form[plesso_id]", &plesso.to_string()),
        ("form[survey_day]", survey_day),
        ("form[absent]", absent),
        ("form[ill]", ""),
        ("form[reason]", ""),
        ("form[closed_reason]", ""),
    ])
}

#[tokio::test]
async fn a_sentinel_plesso_enters_on_the_survey_day_or_the_day_after_only() {
    use app::absences::entity::entry;
    for db in common::all_backends().await {
        // Monday 23/11/2026: the ATS designates the primaria, the school
        // enters its figures.
        let monday = state_on(&db, day(2026, 11, 23)).await;
        let router = server::web::router(monday.clone());
        let operator = session_for(&monday.db, "operatore.ats", monday.now()).await;
        let form = form_encode(&[
            ("csrf_token", operator.csrf.as_str()),
            ("plesso_id", &PRIMARIA.to_string()),
            ("active", "true"),
        ]);
        call(
            &router,
            operator.apply(post_form("/api/assenze/sentinella", &form)),
        )
        .await;
        let principal = session_for(&monday.db, "dirigente.demo", monday.now()).await;
        let form = entry(&principal, PRIMARIA, "400", "18", "14/09/2026", "");
        let reply = call(
            &router,
            principal.apply(post_form("/api/assenze/iscritti", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        // Monday: refused, the message names the next survey day.
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(
            page.body.contains(
                "Oggi non è un giorno di rilevazione: la prossima rilevazione è martedì 24/11/2026"
            ),
            "{}: {}",
            db.label,
            page.body
        );
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-24", "10"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);

        // Tuesday: on time; more absent than enrolled is refused.
        let tuesday = state_on(&db, day(2026, 11, 24)).await;
        let router = server::web::router(tuesday.clone());
        let principal = session_for(&tuesday.db, "dirigente.demo", tuesday.now()).await;
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(
            page.body.contains("Assenze di martedì 24/11/2026"),
            "{}",
            page.body
        );
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-24", "401"),
            )),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains("più degli iscritti (400)"),
            "{}",
            reply.body
        );
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-24", "12"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        // Wednesday: a late entry corrects Tuesday's; Thursday's not yet.
        let wednesday = state_on(&db, day(2026, 11, 25)).await;
        let router = server::web::router(wednesday.clone());
        let principal = session_for(&wednesday.db, "dirigente.demo", wednesday.now()).await;
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(
            page.body.contains("(inserimento in ritardo)"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("Rilevazione già registrata: 12 assenti"),
            "{}",
            page.body
        );
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-24", "14"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-26", "5"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        let rows = entry::Entity::find().all(&wednesday.db).await.unwrap();
        assert_eq!(rows.len(), 1, "{}", db.label);
        assert_eq!(
            (rows[0].absent, rows[0].late, rows[0].enrolled),
            (Some(14), true, 400)
        );
        // Thursday is too late for Tuesday.
        let thursday = state_on(&db, day(2026, 11, 26)).await;
        let router = server::web::router(thursday.clone());
        let principal = session_for(&thursday.db, "dirigente.demo", thursday.now()).await;
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-24", "15"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        // The series and its chart.
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(page.body.contains("series-chart"), "{}", page.body);
        assert!(page.body.contains("3,5 %"), "14 of 400: {}", page.body);
        // Audited: the entry and its correction.
        let audit = app::identity::entity::audit_log::Entity::find()
            .filter(app::identity::entity::audit_log::Column::Entity.eq("absence_entries"))
            .count(&thursday.db)
            .await
            .unwrap();
        assert_eq!(audit, 2, "{}", db.label);
    }
}

#[tokio::test]
async fn an_outbreak_day_raises_alerts_the_ats_reviews() {
    use app::absences::entity::{alert, entry as absence};
    use sea_orm::ActiveValue::Set;
    for db in common::all_backends().await {
        let tuesday = state_on(&db, day(2026, 11, 24)).await;
        let router = server::web::router(tuesday.clone());
        let operator = session_for(&tuesday.db, "operatore.ats", tuesday.now()).await;
        let form = form_encode(&[
            ("csrf_token", operator.csrf.as_str()),
            ("plesso_id", &PRIMARIA.to_string()),
            ("active", "true"),
        ]);
        call(
            &router,
            operator.apply(post_form("/api/assenze/sentinella", &form)),
        )
        .await;
        let principal = session_for(&tuesday.db, "dirigente.demo", tuesday.now()).await;
        let form = entry(&principal, PRIMARIA, "400", "18", "14/09/2026", "");
        call(
            &router,
            principal.apply(post_form("/api/assenze/iscritti", &form)),
        )
        .await;
        // Eleven ordinary survey days before (10-12 absent of 400)...
        let past = [
            day(2026, 10, 15),
            day(2026, 10, 20),
            day(2026, 10, 22),
            day(2026, 10, 27),
            day(2026, 10, 29),
            day(2026, 11, 3),
            day(2026, 11, 5),
            day(2026, 11, 10),
            day(2026, 11, 12),
            day(2026, 11, 17),
            day(2026, 11, 19),
        ];
        for (i, d) in past.iter().enumerate() {
            let row = absence::ActiveModel {
                plesso_id: Set(PRIMARIA),
                survey_day: Set(*d),
                absent: Set(Some(10 + (i as i32 % 3))),
                enrolled: Set(400),
                late: Set(false),
                recorded_by: Set(1),
                recorded_at: Set(tuesday.now()),
                ..Default::default()
            };
            absence::Entity::insert(row)
                .exec(&tuesday.db)
                .await
                .unwrap();
        }
        // Rows written around the portal (as by a bulk load) reach the
        // aggregates' totals by a recompute, as `recompute-alerts` does.
        let ats = app::schools::queries::ats_by_code(&tuesday.db, "ATS-MI")
            .await
            .unwrap()
            .unwrap();
        app::absences::alert_store::recompute(&tuesday.db, ats.id, tuesday.now())
            .await
            .unwrap();
        // ...then 60 absent today: the data arrive, the alerts are raised.
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &absences(&principal, PRIMARIA, "2026-11-24", "60"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let raised = alert::Entity::find().all(&tuesday.db).await.unwrap();
        let plesso_c1 = raised
            .iter()
            .find(|a| a.series_kind == "plesso" && a.method == "C1")
            .unwrap_or_else(|| panic!("{}: no C1 alert on the plesso: {raised:?}", db.label));
        assert_eq!(plesso_c1.day, day(2026, 11, 24));
        assert!((plesso_c1.observed - 0.15).abs() < 1e-9);
        assert!(
            raised.iter().any(|a| a.series_kind == "ats"),
            "the territory's series too"
        );

        // The trend: the plesso's own series in full, the territory's too
        // (400 enrolled, at least 10 absent each day), and as CSV.
        let page = call(
            &router,
            operator.apply(get("/assenze/andamento?serie=plesso:2")),
        )
        .await;
        assert!(page.body.contains("trend-chart"), "{}", page.body);
        assert!(page.body.contains("15,0 %"), "{}", page.body);
        assert!(
            page.body.contains("Anno scolastico 2026/27"),
            "{}",
            page.body
        );
        let csv = call(
            &router,
            operator.apply(get("/assenze/andamento.csv?serie=ats")),
        )
        .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.body
                .contains("Intero territorio;2026/27;24/11/2026;12;60;400;0,1500"),
            "{}",
            csv.body
        );
        let refused = call(
            &router,
            principal.apply(get("/assenze/andamento.csv?serie=ats")),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // The operator sees it and marks it.
        let page = call(&router, operator.apply(get("/assenze/allerte"))).await;
        assert!(page.body.contains("alert-row"), "{}", page.body);
        assert!(page.body.contains("15,0 %"), "{}", page.body);
        let form = form_encode(&[
            ("csrf_token", operator.csrf.as_str()),
            ("id", &plesso_c1.id.to_string()),
            ("review", "in_verifica"),
            ("note", "Chiamata la scuola"),
        ]);
        let reply = call(
            &router,
            operator.apply(post_form("/api/assenze/allerte/revisione", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let row = alert::Entity::find_by_id(plesso_c1.id)
            .one(&tuesday.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.review.as_str(), row.note.as_str()),
            ("in_verifica", "Chiamata la scuola")
        );
        // "Richiesta di informazioni": the school answers in the portal.
        // Without JavaScript an empty question comes back beside its field.
        let form = form_encode(&[
            ("csrf_token", operator.csrf.as_str()),
            ("form[id]", &plesso_c1.id.to_string()),
            ("alert_id", &plesso_c1.id.to_string()),
            ("question", "  "),
        ]);
        let reply = call(
            &router,
            plain(
                &operator,
                post_form("/api/assenze/allerte/richiesta", &form),
                "/assenze/allerte",
            ),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains("Scrivere la domanda per la scuola.")
                && reply.body.contains("alert-row"),
            "{}",
            reply.body
        );
        let form = form_encode(&[
            ("csrf_token", operator.csrf.as_str()),
            ("alert_id", &plesso_c1.id.to_string()),
            ("question", "Quali classi e quali sintomi?"),
        ]);
        let reply = call(
            &router,
            operator.apply(post_form("/api/assenze/allerte/richiesta", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(
            page.body.contains("Quali classi e quali sintomi?"),
            "{}",
            page.body
        );
        assert!(page.body.contains("answer-form"));
        let request_id = app::absences::entity::request::Entity::find()
            .one(&tuesday.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let form = form_encode(&[
            ("csrf_token", principal.csrf.as_str()),
            ("form[id]", &request_id.to_string()),
            ("id", &request_id.to_string()),
            ("classes", ""),
            ("symptoms", ""),
            ("note", ""),
        ]);
        let reply = call(
            &router,
            plain(
                &principal,
                post_form("/api/assenze/richieste/risposta", &form),
                "/assenze",
            ),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        assert!(
            reply
                .body
                .contains("Indicare almeno le classi coinvolte, i sintomi o una nota.")
                && reply.body.contains("answer-form"),
            "{}",
            reply.body
        );
        let form = form_encode(&[
            ("csrf_token", principal.csrf.as_str()),
            ("id", &request_id.to_string()),
            ("classes", "3A, 3B"),
            ("symptoms", "febbre e tosse"),
            ("note", ""),
        ]);
        let reply = call(
            &router,
            principal.apply(post_form("/api/assenze/richieste/risposta", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(&router, operator.apply(get("/assenze/allerte"))).await;
        assert!(
            page.body
                .contains("classi coinvolte: 3A, 3B; sintomi: febbre e tosse"),
            "{}",
            page.body
        );
        // Another school cannot answer it.
        let lodi = session_for(&tuesday.db, "dirigente.lodi", tuesday.now()).await;
        let form = form_encode(&[
            ("csrf_token", lodi.csrf.as_str()),
            ("id", &request_id.to_string()),
            ("classes", "x"),
            ("symptoms", ""),
            ("note", ""),
        ]);
        let reply = call(
            &router,
            lodi.apply(post_form("/api/assenze/richieste/risposta", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

        // A correction that removes the peak removes unreviewed alerts,
        // and keeps the reviewed one. Class by class, the classes must
        // add up to the plesso's absent.
        let with_classes = |classes: &str| {
            let mut body = absences(&principal, PRIMARIA, "2026-11-24", "11");
            body.push('&');
            body.push_str(&form_encode(&[("form[per_class]", classes)]));
            body
        };
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &with_classes("3A;6\n3B;9"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply
                .body
                .contains("La somma degli assenti per classe (15) deve essere uguale agli alunni assenti (11)."),
            "{}",
            reply.body
        );
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/rilevazione",
                &with_classes("3A;6;4\n3B;5"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let stored = absence::Entity::find()
            .filter(absence::Column::PlessoId.eq(PRIMARIA))
            .filter(absence::Column::SurveyDay.eq(day(2026, 11, 24)))
            .one(&tuesday.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.absent, Some(11));
        let classes: Vec<app::absences::per_class::ClassAbsence> =
            serde_json::from_str(stored.classes.as_deref().unwrap()).unwrap();
        assert_eq!(app::absences::per_class::summary(&classes), "3A 6, 3B 5");
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(page.body.contains("3A 6, 3B 5"), "{}", page.body);
        let left = alert::Entity::find().all(&tuesday.db).await.unwrap();
        assert_eq!(left.len(), 1, "{}: {left:?}", db.label);
        assert_eq!(left[0].id, plesso_c1.id);
        // The territory's total of the day moved with the correction
        // (60 then 11), and equals a recount from the entries.
        let total = |db: sea_orm::DatabaseConnection| async move {
            app::absences::totals::of(
                &db,
                ats.id,
                app::absences::totals::TotalKind::Ats,
                &ats.id.to_string(),
            )
            .await
            .unwrap()
        };
        let moved = total(tuesday.db.clone()).await;
        assert!(moved.contains(&(day(2026, 11, 24), 11, 400)), "{moved:?}");
        app::absences::totals::rebuild(&tuesday.db, ats.id)
            .await
            .unwrap();
        assert_eq!(total(tuesday.db.clone()).await, moved, "{}", db.label);
        // A school does not see the alerts.
        let reply = call(&router, principal.apply(get("/api/assenze/allerte"))).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_demo_sentinel_series_raises_its_alerts_once() {
    let db = common::sqlite();
    let state = state_on(&db, day(2026, 11, 24)).await;
    assert!(
        server::seed::seed_absences_demo(&state.db, state.today(), state.now())
            .await
            .unwrap()
    );
    assert!(
        !server::seed::seed_absences_demo(&state.db, state.today(), state.now())
            .await
            .unwrap()
    );
    let alerts = app::absences::entity::alert::Entity::find()
        .all(&state.db)
        .await
        .unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.series_kind == "plesso" && a.method == "C1" && a.day == day(2026, 11, 17)),
        "{alerts:?}"
    );
}

#[tokio::test]
async fn recompute_alerts_rebuilds_the_totals_and_keeps_reviewed_alerts() {
    use app::absences::entity::{alert, total};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    for db in common::all_backends().await {
        let state = state_on(&db, day(2026, 11, 24)).await;
        server::seed::seed_absences_demo(&state.db, state.today(), state.now())
            .await
            .unwrap();
        let before = total::Entity::find().count(&state.db).await.unwrap();
        assert!(before > 0, "{}: the demo's totals", db.label);
        let alerts = alert::Entity::find().all(&state.db).await.unwrap();
        // One alert reviewed, one unreviewed one gone astray, the totals wiped.
        let mut kept = alerts[0].clone().into_active_model();
        kept.review = Set("chiusa".into());
        kept.update(&state.db).await.unwrap();
        alert::Entity::delete_by_id(alerts[1].id)
            .exec(&state.db)
            .await
            .unwrap();
        total::Entity::delete_many().exec(&state.db).await.unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["recompute-alerts", "--ats", "ATS-MI"])
            .env("DATABASE_URL", &db.url)
            .env("PORTALE_TODAY", "2026-11-24")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            db.label,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.starts_with("Allerte ricalcolate per l'ATS ATS-MI: 3 serie, 12 rilevazioni,"),
            "{stdout}"
        );
        assert!(stdout.contains("(1 nuove, 0 rimosse)"), "{stdout}");
        assert_eq!(
            total::Entity::find().count(&state.db).await.unwrap(),
            before,
            "{}",
            db.label
        );
        let now = alert::Entity::find().all(&state.db).await.unwrap();
        assert_eq!(now.len(), alerts.len());
        assert!(
            now.iter()
                .any(|a| a.id == alerts[0].id && a.review == "chiusa")
        );
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["recompute-alerts", "--ats", "NESSUNA"])
            .env("DATABASE_URL", &db.url)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
}
