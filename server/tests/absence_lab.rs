//! "Laboratorio allerte" through the real router on both databases: the
//! demo's sentinel series with its outbreak, the four methods side by side
//! with their alerts, shares and lead times; small aggregates suppressed;
//! an outbreak start marked (plain form, audited, once) and offered next
//! time; dates refused beside their fields; schools refused; another ATS
//! sees and marks nothing of this territory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::absences::entity::{entry, outbreak_mark, sentinel};
use app::identity::entity::{accounts, audit_log};
use app::schools::queries::{self, NewAts, PlessoData};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::web::{Session, call, form_encode, get, post_form, session_for};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

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

/// The summary row of `method` in the page.
fn method_row<'a>(body: &'a str, method: &str) -> &'a str {
    let at = body
        .find(&format!(r#"data-method="{method}""#))
        .unwrap_or_else(|| panic!("no row for {method}: {body}"));
    let rest = &body[at..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

fn mark_form(session: &Session, series: &str, start: &str) -> String {
    form_encode(&[
        ("csrf_token", session.csrf.as_str()),
        ("series", series),
        ("start", start),
        ("from", "01/09/2026"),
        ("to", "24/11/2026"),
    ])
}

#[tokio::test]
async fn the_methods_side_by_side_on_the_demo_outbreak() {
    for db in common::all_backends().await {
        let state = state_on(&db, day(2026, 11, 24)).await;
        // The demo: twelve survey days of the Lodi liceo up to 19/11, the
        // outbreak on the last two (17/11, 19/11).
        assert!(
            server::seed::seed_absences_demo(&state.db, state.today(), state.now())
                .await
                .unwrap()
        );
        let liceo = queries::plesso_by_codice(&state.db, "LOPS0ZZ01B")
            .await
            .unwrap()
            .unwrap();
        // One early day with 3 absent: shown for the plesso, not in aggregates.
        entry::ActiveModel {
            plesso_id: Set(liceo.id),
            survey_day: Set(day(2026, 9, 15)),
            absent: Set(Some(3)),
            enrolled: Set(620),
            late: Set(false),
            recorded_by: Set(0),
            recorded_at: Set(state.now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await
        .unwrap();
        // Written around the portal: the aggregates follow by a recompute.
        let ats = queries::ats_by_code(&state.db, "ATS-MI")
            .await
            .unwrap()
            .unwrap();
        app::absences::alert_store::recompute(&state.db, ats.id, state.now())
            .await
            .unwrap();
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let series = format!("plesso:{}", liceo.id);
        let lab = |start: &str| {
            format!(
                "/assenze/laboratorio?serie={series}&dal=01%2F09%2F2026&al=24%2F11%2F2026&inizio={start}"
            )
        };

        let page = call(&router, operator.apply(get(&lab("19%2F11%2F2026")))).await;
        assert_eq!(page.status, StatusCode::OK, "{}: {}", db.label, page.body);
        let body = &page.body;
        assert!(body.contains("<title>Laboratorio allerte"), "{body}");
        assert!(body.contains("lab-chart"), "{body}");
        assert!(body.contains("role=\"img\""));
        assert!(body.contains("Confronta i metodi"));
        assert_eq!(body.matches(r#"data-testid="lab-method""#).count(), 4);
        // C1 alerts on both outbreak days: 2 of the 13 survey days, the
        // first two days before the start.
        let c1 = method_row(body, "C1");
        assert!(c1.contains("<td>2</td>"), "{c1}");
        assert!(c1.contains("15,4 % (2 su 13)"), "{c1}");
        assert!(
            c1.contains("2 giorni prima dell&#x27;inizio")
                || c1.contains("2 giorni prima dell'inizio"),
            "{c1}"
        );
        // C3 is defined from the 12th observation: on the last two only.
        let c3 = method_row(body, "C3");
        assert!(
            c3.contains("<td>2</td><td>15,4 % (2 su 13)</td><td>2</td>"),
            "{c3}"
        );
        assert!(c3.contains("2 giorni prima dell"), "{c3}");
        // HLIMITS needs three past years: never evaluated, no alert.
        let hl = method_row(body, "HLIMITS");
        assert!(hl.contains("<td>0</td>"), "{hl}");
        assert!(hl.contains("nessuna allerta"), "{hl}");
        // The plesso's own small day is shown; the rule is said once.
        assert!(body.contains("lab-lead-rule"));
        assert!(
            body.contains("<th scope=\"row\">15/09/2026</th><td>3</td>"),
            "{body}"
        );
        // The territory's aggregate hides it.
        let page = call(
            &router,
            operator.apply(get(
                "/assenze/laboratorio?serie=ats&dal=01%2F09%2F2026&al=24%2F11%2F2026&inizio=",
            )),
        )
        .await;
        assert!(
            page.body
                .contains("<th scope=\"row\">15/09/2026</th><td>&lt;5</td>"),
            "{}",
            page.body
        );
        assert!(method_row(&page.body, "C1").contains(r#"data-testid="lab-lead">—</td>"#));

        // "Segna come inizio focolaio" without JavaScript: back to the lab.
        assert!(!page.body.contains("Segna come inizio focolaio"));
        let reply = call(
            &router,
            plain(
                &operator,
                post_form(
                    "/api/assenze/laboratorio/focolaio",
                    &mark_form(&operator, &series, "19/11/2026"),
                ),
                &lab("19%2F11%2F2026"),
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
        assert!(
            to.starts_with("/assenze/laboratorio?serie=plesso%3A"),
            "{to}"
        );
        assert!(to.contains("inizio=19%2F11%2F2026"), "{to}");
        // Twice: one mark, one audit row.
        call(
            &router,
            operator.apply(post_form(
                "/api/assenze/laboratorio/focolaio",
                &mark_form(&operator, &series, "19/11/2026"),
            )),
        )
        .await;
        assert_eq!(
            outbreak_mark::Entity::find()
                .count(&state.db)
                .await
                .unwrap(),
            1
        );
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("absence_outbreak_marks"))
            .count(&state.db)
            .await
            .unwrap();
        assert_eq!(audited, 1, "{}", db.label);
        // Next time the saved start is offered and used.
        let page = call(
            &router,
            operator.apply(get(&format!("/assenze/laboratorio?serie={series}"))),
        )
        .await;
        assert!(page.body.contains(r#"value="19/11/2026""#), "{}", page.body);
        assert!(page.body.contains("outbreak-mark"), "{}", page.body);
        assert!(page.body.contains("segnato da"), "{}", page.body);
        assert!(method_row(&page.body, "C1").contains("2 giorni prima dell"));

        // Dates refused beside their field, what was typed kept.
        let page = call(
            &router,
            operator.apply(get(&format!(
                "/assenze/laboratorio?serie={series}&dal=31%2F02%2F2026&al=24%2F11%2F2026&inizio="
            ))),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(r#"value="31/02/2026""#), "{}", page.body);
        assert!(page.body.contains("lab-errors"), "{}", page.body);
        assert!(!page.body.contains("lab-summary"));
        // The mark's own checks: a bad or future date, an unknown series.
        for start in ["31/02/2026", "25/11/2026"] {
            let reply = call(
                &router,
                operator.apply(post_form(
                    "/api/assenze/laboratorio/focolaio",
                    &mark_form(&operator, &series, start),
                )),
            )
            .await;
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{start}: {}",
                reply.body
            );
        }
        let reply = call(
            &router,
            operator.apply(post_form(
                "/api/assenze/laboratorio/focolaio",
                &mark_form(&operator, "plesso:999", "19/11/2026"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

        // Schools are refused.
        for user in ["referente.demo", "dirigente.demo"] {
            let school = session_for(&state.db, user, state.now()).await;
            let page = call(&router, school.apply(get("/assenze/laboratorio"))).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{user}: {}", page.body);
            assert!(page.body.contains(r#"data-testid="refusal""#));
            assert!(!page.body.contains("LOPS0ZZ01B"));
            let reply = call(
                &router,
                school.apply(post_form(
                    "/api/assenze/laboratorio/focolaio",
                    &mark_form(&school, &series, "19/11/2026"),
                )),
            )
            .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{user}");
        }

        // Another ATS neither sees nor marks this territory's series.
        let bergamo = bergamo_operator(&state).await;
        let page = call(&router, bergamo.apply(get(&lab("19%2F11%2F2026")))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("LOPS0ZZ01B"), "{}", page.body);
        assert!(page.body.contains("Primaria Demo Bergamo"), "{}", page.body);
        assert!(!page.body.contains("outbreak-mark"), "{}", page.body);
        let reply = call(
            &router,
            bergamo.apply(post_form(
                "/api/assenze/laboratorio/focolaio",
                &mark_form(&bergamo, &series, "17/11/2026"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        assert_eq!(
            outbreak_mark::Entity::find()
                .count(&state.db)
                .await
                .unwrap(),
            1
        );
    }
}

/// An operator of a second ATS (Bergamo) with a sentinel plesso of its own.
async fn bergamo_operator(state: &app::state::AppState) -> Session {
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
    let (istituto, _) =
        queries::upsert_istituto(&state.db, bg.id, "BGIC8ZZ00Q", "IC Demo Bergamo", "A794")
            .await
            .unwrap();
    let (plesso, _) = queries::upsert_plesso(
        &state.db,
        istituto.id,
        PlessoData {
            codice: "BGEE8ZZ01R",
            name: "Primaria Demo Bergamo",
            comune_belfiore: "A794",
            address: "Via Roma 1",
            school_type: "primaria",
        },
    )
    .await
    .unwrap();
    sentinel::ActiveModel {
        plesso_id: Set(plesso.id),
        active: Set(true),
        changed_by: Set(1),
        changed_at: Set(state.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .unwrap();
    accounts::ActiveModel {
        username: Set("operatore.bg".into()),
        codice_fiscale: Set(None),
        full_name: Set("Operatore Bergamo".into()),
        email: Set(None),
        role: Set("operatore_ats".into()),
        ats_id: Set(Some(bg.id)),
        istituto_id: Set(None),
        plesso_id: Set(None),
        password_hash: Set(None),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(state.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .unwrap();
    session_for(&state.db, "operatore.bg", state.now()).await
}
