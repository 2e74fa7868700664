//! The school calendar through the real router on both databases: the ATS
//! closes a Tuesday (the entry refused as closed, completeness moves to the
//! last open survey day), a plesso's own closure (that plesso only: refused
//! entry, "chiuso" in completeness, no reminder), the CSV upload with every
//! bad row named, the reset to the Lombardia default, and who may reach
//! the calendar (not a referente, not another ATS's operator). All audited.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::audit_log;
use axum::http::StatusCode;
use common::web::{
    Session, call, form_encode, get, multipart_body, post_form, post_multipart, session_for,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The primaria of the demo istituto (dirigente.demo's).
const PRIMARIA: i32 = 2;
/// The Lodi liceo: the demo's sentinel plesso (dirigente.lodi's).
const LICEO: &str = "LOPS0ZZ01B";

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A state whose Rome day is `today` (the window and completeness read it).
async fn state_on(db: &common::TestDb, today: chrono::NaiveDate) -> app::state::AppState {
    let mut config = common::config(db);
    config.clock = std::sync::Arc::new(app::validation::dates::FixedClock(today));
    server::web::build_state(&config, server::web::leptos_options())
        .await
        .unwrap()
}

async fn audits(state: &app::state::AppState, entity: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity))
        .count(&state.db)
        .await
        .unwrap()
}

async fn liceo(state: &app::state::AppState) -> i32 {
    app::schools::queries::plesso_by_codice(&state.db, LICEO)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The ATS designates the primaria and its principal enters 400 pupils.
async fn primaria_sentinel(router: &axum::Router, state: &app::state::AppState) {
    sentinel(router, state, PRIMARIA, "dirigente.demo").await;
}

/// The ATS designates plesso `plesso` and `principal` enters 400 pupils.
async fn sentinel(
    router: &axum::Router,
    state: &app::state::AppState,
    plesso: i32,
    principal: &str,
) {
    let operator = session_for(&state.db, "operatore.ats", state.now()).await;
    let form = form_encode(&[("plesso_id", &plesso.to_string()), ("active", "true")]);
    let reply = call(
        router,
        operator.apply(post_form("/api/assenze/sentinella", &form)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let principal = session_for(&state.db, principal, state.now()).await;
    let form = form_encode(&[
        ("form[plesso_id]", &plesso.to_string()),
        ("form[pupils]", "400"),
        ("form[classes]", "18"),
        ("form[valid_from]", "14/09/2026"),
    ]);
    let reply = call(
        router,
        principal.apply(post_form("/api/assenze/iscritti", &form)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

async fn absences(
    router: &axum::Router,
    who: &Session,
    plesso: i32,
    survey_day: &str,
) -> common::web::Reply {
    let form = form_encode(&[
        ("form[plesso_id]", &plesso.to_string()),
        ("form[survey_day]", survey_day),
        ("form[absent]", "10"),
        ("form[ill]", ""),
        ("form[reason]", ""),
        ("form[closed_reason]", ""),
    ]);
    call(
        router,
        who.apply(post_form("/api/assenze/rilevazione", &form)),
    )
    .await
}

fn closed_day(ats: i32, day: &str, reason: &str) -> String {
    form_encode(&[
        ("form[ats_id]", &ats.to_string()),
        ("form[day]", day),
        ("form[reason]", reason),
    ])
}

fn closure(plesso: i32, from: &str, to: &str, reason: &str) -> String {
    form_encode(&[
        ("form[plesso_id]", &plesso.to_string()),
        ("form[from]", from),
        ("form[to]", to),
        ("form[reason]", reason),
    ])
}

#[tokio::test]
async fn the_ats_closes_a_tuesday_the_entry_is_refused_and_not_due() {
    for db in common::all_backends().await {
        let monday = state_on(&db, day(2026, 11, 23)).await;
        let router = server::web::router(monday.clone());
        primaria_sentinel(&router, &monday).await;
        let operator = session_for(&monday.db, "operatore.ats", monday.now()).await;

        let page = call(&router, operator.apply(get("/assenze/calendario"))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for text in [
            "Origine: predefinito Lombardia.",
            "File del calendario (CSV data,motivo)",
            "Carica calendario",
            "Aggiungi giorno di chiusura",
            "Inizio anno scolastico",
            "Ripristina il calendario predefinito",
            "Immacolata",
        ] {
            assert!(page.body.contains(text), "{text}: {}", page.body);
        }

        // A bad day is refused beside its field; a good one is saved.
        let reply = call(
            &router,
            operator.apply(post_form(
                "/api/assenze/calendario/giorno",
                &closed_day(1, "31/11/2026", ""),
            )),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        assert!(reply.body.contains("Giorno: "), "{}", reply.body);
        let reply = call(
            &router,
            operator.apply(post_form(
                "/api/assenze/calendario/giorno",
                &closed_day(1, "01/12/2026", "Santo patrono"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(&router, operator.apply(get("/assenze/calendario"))).await;
        assert!(
            page.body.contains("Origine: personalizzato."),
            "{}",
            page.body
        );
        assert!(page.body.contains("Santo patrono"));
        // The default's holidays were kept.
        assert!(page.body.contains("Immacolata"));
        assert_eq!(
            audits(&monday, "absence_calendars").await,
            1,
            "{}",
            db.label
        );

        // Tuesday 01/12: closed for the primaria (and every plesso of the ATS).
        let tuesday = state_on(&db, day(2026, 12, 1)).await;
        let router = server::web::router(tuesday.clone());
        let principal = session_for(&tuesday.db, "dirigente.demo", tuesday.now()).await;
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(
            page.body
                .contains("Oggi la scuola è chiusa (Santo patrono)"),
            "{}",
            page.body
        );
        let reply = absences(&router, &principal, PRIMARIA, "2026-12-01").await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        assert!(
            reply.body.contains("la scuola è chiusa (Santo patrono)"),
            "{}",
            reply.body
        );
        // Completeness: the closed Tuesday is not due; the last open survey
        // day is Thursday 26/11.
        let operator = session_for(&tuesday.db, "operatore.ats", tuesday.now()).await;
        let page = call(&router, operator.apply(get("/assenze/completezza"))).await;
        assert!(
            page.body
                .contains("Ultimo giorno di rilevazione: giovedì 26/11/2026"),
            "{}",
            page.body
        );

        // Removed again, then the default restored.
        let form = form_encode(&[("ats_id", "1"), ("day", "2026-12-01")]);
        let reply = call(
            &router,
            operator.apply(post_form("/api/assenze/calendario/rimuovi", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(&router, operator.apply(get("/assenze/completezza"))).await;
        assert!(
            page.body
                .contains("Ultimo giorno di rilevazione: martedì 01/12/2026"),
            "{}",
            page.body
        );
        let reply = call(
            &router,
            operator.apply(post_form("/api/assenze/calendario/ripristina", "ats_id=1")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(&router, operator.apply(get("/assenze/calendario"))).await;
        assert!(
            page.body.contains("Origine: predefinito Lombardia."),
            "{}",
            page.body
        );
        assert_eq!(
            audits(&tuesday, "absence_calendars").await,
            3,
            "{}",
            db.label
        );
    }
}

#[tokio::test]
async fn a_plesso_closure_closes_that_plesso_only() {
    for db in common::all_backends().await {
        let monday = state_on(&db, day(2026, 11, 23)).await;
        let router = server::web::router(monday.clone());
        primaria_sentinel(&router, &monday).await;
        sentinel(&router, &monday, liceo(&monday).await, "dirigente.lodi").await;
        let principal = session_for(&monday.db, "dirigente.demo", monday.now()).await;
        let page = call(&router, principal.apply(get("/assenze"))).await;
        for text in [
            "Chiusure del plesso",
            ">Dal<",
            ">Al<",
            ">Motivo<",
            "Registra chiusura",
        ] {
            assert!(page.body.contains(text), "{text}: {}", page.body);
        }
        // A past day is refused beside "Dal".
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/chiusure",
                &closure(PRIMARIA, "20/11/2026", "", "sciopero"),
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
            reply
                .body
                .contains("non si possono chiudere giorni passati"),
            "{}",
            reply.body
        );
        let reply = call(
            &router,
            principal.apply(post_form(
                "/api/assenze/chiusure",
                &closure(PRIMARIA, "24/11/2026", "", "sciopero"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(&router, principal.apply(get("/assenze"))).await;
        assert!(
            page.body
                .contains("Rimuovi la chiusura di martedì 24/11/2026"),
            "{}",
            page.body
        );

        // Tuesday: the primaria is closed, the liceo is not.
        let tuesday = state_on(&db, day(2026, 11, 24)).await;
        let router = server::web::router(tuesday.clone());
        let principal = session_for(&tuesday.db, "dirigente.demo", tuesday.now()).await;
        let reply = absences(&router, &principal, PRIMARIA, "2026-11-24").await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        assert!(reply.body.contains("chiusa (sciopero)"), "{}", reply.body);
        let lodi = session_for(&tuesday.db, "dirigente.lodi", tuesday.now()).await;
        let liceo = liceo(&tuesday).await;
        let reply = absences(&router, &lodi, liceo, "2026-11-24").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        // A day already entered cannot be closed.
        let reply = call(
            &router,
            lodi.apply(post_form(
                "/api/assenze/chiusure",
                &closure(liceo, "24/11/2026", "26/11/2026", "chiusura"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        assert!(
            reply.body.contains("ha già una rilevazione"),
            "{}",
            reply.body
        );
        // Nor can a school close another school's plesso.
        let reply = call(
            &router,
            lodi.apply(post_form(
                "/api/assenze/chiusure",
                &closure(PRIMARIA, "26/11/2026", "", "chiusura"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

        // Completeness: the primaria is closed, not missing; no reminder.
        let operator = session_for(&tuesday.db, "operatore.ats", tuesday.now()).await;
        let page = call(&router, operator.apply(get("/assenze/completezza"))).await;
        assert!(
            page.body.contains(&format!("id=\"plesso-{PRIMARIA}\"")),
            "{}",
            page.body
        );
        let row = |id: i32| {
            let start = page.body.find(&format!("id=\"plesso-{id}\"")).unwrap();
            page.body[start..].split("</tr>").next().unwrap().to_owned()
        };
        assert!(
            row(PRIMARIA).contains("data-status=\"chiuso\""),
            "{}",
            row(PRIMARIA)
        );
        assert!(row(PRIMARIA).contains("plesso chiuso: non dovuta"));
        assert!(!row(PRIMARIA).contains("Invia promemoria"));
        assert!(
            row(liceo).contains("data-status=\"inserito\""),
            "{}",
            row(liceo)
        );
        let reply = call(
            &router,
            operator.apply(post_form(
                "/api/assenze/completezza/promemoria",
                &format!("plesso_id={PRIMARIA}"),
            )),
        )
        .await;
        assert!(reply.body.contains("plesso_chiuso"), "{}", reply.body);

        // "Rimuovi": the primaria is open again and enters its absences.
        let form = form_encode(&[("plesso_id", &PRIMARIA.to_string()), ("day", "2026-11-24")]);
        let reply = call(
            &router,
            principal.apply(post_form("/api/assenze/chiusure/rimuovi", &form)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = absences(&router, &principal, PRIMARIA, "2026-11-24").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(
            audits(&tuesday, "absence_plesso_closures").await,
            2,
            "{}",
            db.label
        );
    }
}

#[tokio::test]
async fn the_csv_upload_names_every_bad_row_and_replaces_the_closed_days() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let upload = |csv: &'static [u8]| {
            post_multipart(
                "/assenze/calendario/carica",
                multipart_body(
                    Some(&operator.csrf),
                    &[("ats_id", "1")],
                    Some(("cal.csv", csv)),
                ),
            )
        };
        let reply = call(
            &router,
            operator.cookie_only(upload(
                b"data,motivo\n31/02/2027,x\n08/12/2026,ok\ndomani,y\n",
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let to = reply.headers["location"].to_str().unwrap().to_owned();
        assert!(to.contains("caricamento="), "{to}");
        let page = call(&router, operator.apply(get(&to))).await;
        assert!(page.body.contains("riga 2, colonna"), "{}", page.body);
        assert!(page.body.contains("riga 4, colonna"), "{}", page.body);
        assert!(
            page.body.contains("Origine: predefinito Lombardia."),
            "{}",
            page.body
        );

        let reply = call(
            &router,
            operator.cookie_only(upload(b"data,motivo\n01/12/2026,Santo patrono\n")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let to = reply.headers["location"].to_str().unwrap().to_owned();
        let page = call(&router, operator.apply(get(&to))).await;
        assert!(
            page.body
                .contains("Calendario caricato dal file «cal.csv»: 1 giorni di chiusura."),
            "{}",
            page.body
        );
        assert!(page.body.contains("Origine: personalizzato."));
        // The file's days replace the default's; its school years stay.
        assert!(!page.body.contains("<td>Immacolata</td>"), "{}", page.body);
        assert!(page.body.contains("2026/27"), "{}", page.body);
        assert_eq!(audits(&state, "absence_calendars").await, 1, "{}", db.label);

        // Without the token, refused before the file is read.
        let reply = call(
            &router,
            operator.cookie_only(post_multipart(
                "/assenze/calendario/carica",
                multipart_body(None, &[("ats_id", "1")], Some(("cal.csv", b"data\n"))),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    }
}

#[tokio::test]
async fn only_the_ats_reaches_its_calendar_and_the_administrator_any() {
    use app::schools::queries::{self, NewAts};
    for db in common::all_backends().await {
        let state = common::state(&db).await;
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
        let router = server::web::router(state.clone());

        // A referente: not the page, not the upload.
        let referente = session_for(&state.db, "referente.demo", state.now()).await;
        let page = call(&router, referente.apply(get("/assenze/calendario"))).await;
        assert!(
            page.body.contains("Operazione non consentita"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("Carica calendario</button>"));
        let reply = call(&router, referente.apply(get("/api/assenze/calendario"))).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        let reply = call(
            &router,
            referente.cookie_only(post_multipart(
                "/assenze/calendario/carica",
                multipart_body(
                    Some(&referente.csrf),
                    &[("ats_id", "1")],
                    Some(("cal.csv", b"data,motivo\n01/12/2026,x\n")),
                ),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);

        // The demo ATS's operator cannot touch Bergamo's calendar.
        let operator = session_for(&state.db, "operatore.ats", state.now()).await;
        let reply = call(
            &router,
            operator.apply(get(&format!("/api/assenze/calendario?ats={}", bg.id))),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        let reply = call(
            &router,
            operator.apply(post_form(
                "/api/assenze/calendario/giorno",
                &closed_day(bg.id, "01/12/2026", "Santo patrono"),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        let bg_id = bg.id.to_string();
        let reply = call(
            &router,
            operator.cookie_only(post_multipart(
                "/assenze/calendario/carica",
                multipart_body(
                    Some(&operator.csrf),
                    &[("ats_id", &bg_id)],
                    Some(("cal.csv", b"data,motivo\n01/12/2026,x\n")),
                ),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        assert_eq!(audits(&state, "absence_calendars").await, 0);

        // The administrator picks Bergamo and changes it.
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let page = call(
            &router,
            admin.apply(get(&format!("/assenze/calendario?ats={}", bg.id))),
        )
        .await;
        assert!(
            page.body.contains("Calendario in vigore: ATS di Bergamo"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("<label for=\"cal-ats\">ATS</label>"),
            "{}",
            page.body
        );
        let reply = call(
            &router,
            admin.apply(post_form(
                "/api/assenze/calendario/anno",
                &form_encode(&[
                    ("form[ats_id]", &bg_id),
                    ("form[first_day]", "07/09/2026"),
                    ("form[last_day]", "04/06/2027"),
                ]),
            )),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = call(
            &router,
            admin.apply(get(&format!("/assenze/calendario?ats={}", bg.id))),
        )
        .await;
        assert!(page.body.contains("07/09/2026"), "{}", page.body);
        // The demo ATS's calendar is untouched.
        let page = call(&router, operator.apply(get("/assenze/calendario"))).await;
        assert!(page.body.contains("Origine: predefinito Lombardia."));
    }
}
