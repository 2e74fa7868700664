//! "Amministrazione" through the real router, on both databases: ATS,
//! istituti and plessi, accounts; and that nobody but
//! an administrator gets in.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::{accounts, audit_log};
use app::schools::entity::plesso;
use axum::http::StatusCode;
use common::web::{Reply, call, form_encode, get, post_form, session_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn fields(reply: &Reply) -> Vec<String> {
    reply.json()["Validation"]
        .as_array()
        .unwrap_or_else(|| panic!("not a validation error: {}", reply.body))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn only_administrators_manage_the_registry() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let ats_form = form_encode(&[
            ("form[code]", "ats-bg"),
            ("form[name]", "ATS di Bergamo"),
            ("form[provinces]", "bg"),
            ("form[chief_comuni]", "016024"),
        ]);
        for user in [
            "dirigente.demo",
            "delegato.demo",
            "referente.demo",
            "operatore.ats",
        ] {
            let s = session_for(&state.db, user, state.now()).await;
            let reply = call(
                &router,
                s.apply(post_form("/api/amministrazione/ats", &ats_form)),
            )
            .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{} {user}", db.label);
            let page = call(&router, s.apply(get("/amministrazione/ats"))).await;
            assert!(
                page.body.contains("Operazione non consentita"),
                "{user}: page not refused"
            );
        }
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let created = call(
            &router,
            admin.apply(post_form("/api/amministrazione/ats", &ats_form)),
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::OK,
            "{}: {}",
            db.label,
            created.body
        );
        let ats_id = created.json()["id"].as_i64().unwrap();
        // The same code again is a field error; an edit keeps it.
        let dup = call(
            &router,
            admin.apply(post_form("/api/amministrazione/ats", &ats_form)),
        )
        .await;
        assert_eq!(fields(&dup), ["code"]);
        let edit = form_encode(&[
            ("form[id]", &ats_id.to_string()),
            ("form[code]", "ATS-BG"),
            ("form[name]", "ATS di Bergamo (modificata)"),
            ("form[provinces]", "BG"),
            ("form[chief_comuni]", "016024"),
        ]);
        let edited = call(
            &router,
            admin.apply(post_form("/api/amministrazione/ats", &edit)),
        )
        .await;
        assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);

        // An istituto and a plesso in it, then the plesso edited.
        let ist = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/istituto",
                &form_encode(&[
                    ("form[codice]", "bgic81000q"),
                    ("form[name]", "IC Bergamo Centro"),
                    ("form[ats_id]", &ats_id.to_string()),
                    ("form[comune_belfiore]", "a794"),
                ]),
            )),
        )
        .await;
        assert_eq!(ist.status, StatusCode::OK, "{}", ist.body);
        let ist_id = ist.json()["id"].as_i64().unwrap().to_string();
        let plesso_form = |id: Option<&str>, name: &str| {
            let mut pairs = vec![
                ("form[codice]", "BGEE81001R".to_owned()),
                ("form[istituto_id]", ist_id.clone()),
                ("form[name]", name.to_owned()),
                ("form[comune_belfiore]", "A794".to_owned()),
                ("form[address]", "Via Roma 1, 24121 Bergamo".to_owned()),
                ("form[school_type]", "primaria".to_owned()),
            ];
            if let Some(id) = id {
                pairs.push(("form[id]", id.to_owned()));
            }
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            form_encode(&refs)
        };
        let p = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/plesso",
                &plesso_form(None, "Primaria Centro"),
            )),
        )
        .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let pid = p.json()["id"].as_i64().unwrap().to_string();
        let p = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/plesso",
                &plesso_form(Some(&pid), "Primaria Centro Storico"),
            )),
        )
        .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let saved = plesso::Entity::find()
            .filter(plesso::Column::Codice.eq("BGEE81001R"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved.name, "Primaria Centro Storico");

        let registry = call(&router, admin.apply(get("/api/amministrazione/anagrafe")))
            .await
            .json();
        let names: Vec<&str> = registry["ats"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"ATS di Bergamo (modificata)"), "{names:?}");
        let writes = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.is_in(["ats", "istituti", "plessi"]))
            .all(&state.db)
            .await
            .unwrap();
        let actions: Vec<(&str, &str)> = writes
            .iter()
            .map(|w| (w.entity.as_str(), w.action.as_str()))
            .collect();
        assert_eq!(
            actions,
            [
                ("ats", "create"),
                ("ats", "update"),
                ("istituti", "create"),
                ("plessi", "create"),
                ("plessi", "update")
            ]
        );
    }
}

#[tokio::test]
async fn accounts_are_created_bound_deactivated_and_reset() {
    for db in common::all_backends().await {
        let state = common::state(&db).await;
        let router = server::web::router(state.clone());
        let admin = session_for(&state.db, "admin.demo", state.now()).await;
        let data = call(&router, admin.apply(get("/api/amministrazione/account")))
            .await
            .json();
        let placement = data["placements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p[1].as_str().unwrap().starts_with("Plesso: "))
            .map(|p| p[0].as_str().unwrap().to_owned())
            .expect("a plesso to bind to");
        let form = |placement: &str| {
            form_encode(&[
                ("form[username]", "Referente.Nuova"),
                ("form[full_name]", "Anna Bruni"),
                ("form[role]", "referente_plesso"),
                ("form[placement]", placement),
                ("form[login]", "password"),
            ])
        };
        let wrong = call(
            &router,
            admin.apply(post_form("/api/amministrazione/account/salva", &form(""))),
        )
        .await;
        assert_eq!(fields(&wrong), ["placement"], "{}", db.label);
        let created = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/salva",
                &form(&placement),
            )),
        )
        .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let id = created.json()["id"].as_i64().unwrap();
        let password = created.json()["password"]
            .as_str()
            .expect("initial password")
            .to_owned();
        let row = accounts::Entity::find_by_id(id as i32)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.username.as_str(), row.role.as_str()),
            ("referente.nuova", "referente_plesso")
        );
        assert!(row.plesso_id.is_some() && row.istituto_id.is_some() && row.ats_id.is_some());

        let login = |pw: String| {
            let router = router.clone();
            async move {
                call(
                    &router,
                    post_form(
                        "/api/accedi",
                        &form_encode(&[("username", "referente.nuova"), ("password", &pw)]),
                    ),
                )
                .await
            }
        };
        assert_eq!(login(password.clone()).await.status, StatusCode::OK);

        // Deactivation ends the account's sessions at once.
        let theirs = session_for(&state.db, "referente.nuova", state.now()).await;
        assert_eq!(
            call(&router, theirs.apply(get("/api/scuola"))).await.status,
            StatusCode::OK
        );
        let off = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/attivo",
                &format!("id={id}&active=false"),
            )),
        )
        .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        assert_eq!(
            call(&router, theirs.apply(get("/api/scuola"))).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            login(password.clone()).await.status,
            StatusCode::UNAUTHORIZED
        );
        let on = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/attivo",
                &format!("id={id}&active=true"),
            )),
        )
        .await;
        assert_eq!(on.status, StatusCode::OK);

        // A new password replaces the old one.
        let reset = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/password",
                &format!("id={id}"),
            )),
        )
        .await;
        let new_password = reset.json().as_str().unwrap().to_owned();
        assert_ne!(new_password, password);
        assert_eq!(login(password).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(login(new_password).await.status, StatusCode::OK);

        // An administrator cannot lock themselves out.
        let me = accounts::Entity::find()
            .filter(accounts::Column::Username.eq("admin.demo"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let self_off = call(
            &router,
            admin.apply(post_form(
                "/api/amministrazione/account/attivo",
                &format!("id={}&active=false", me.id),
            )),
        )
        .await;
        assert_eq!(self_off.status, StatusCode::CONFLICT);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("accounts"))
            .filter(audit_log::Column::EntityId.eq(id))
            .all(&state.db)
            .await
            .unwrap();
        // The refused logins above are audited too; these are the admin's writes.
        let actions: Vec<&str> = audited
            .iter()
            .map(|a| a.action.as_str())
            .filter(|a| *a != "login_failed")
            .collect();
        assert_eq!(
            actions,
            ["create", "deactivate", "activate", "reset_password"]
        );
        assert!(
            audited
                .iter()
                .all(|a| !a.changes.contains(&new_password_marker()))
        );
    }
}

/// Audit rows never hold a password hash.
fn new_password_marker() -> String {
    "$argon2".to_owned()
}
