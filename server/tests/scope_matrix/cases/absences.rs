//! "Registro assenze": the page, one plesso's figures, a new entry of
//! iscritti e classi (scoped to the plesso), the ATS's sentinel designation,
//! the reminder of "La mia scuola", and the alert lab (its series are
//! always the caller's own territory: untargeted).

use crate::Case;
use crate::common::web::{get, post_form};
use crate::{alert_of, plesso_of, request_of};

pub const CASES: &[Case] = &[
    Case {
        path: "/api/assenze",
        targeted: false,
        request: |_| get("/api/assenze"),
    },
    Case {
        path: "/api/assenze/plesso",
        targeted: true,
        request: |codice| get(&format!("/api/assenze/plesso?id={}", plesso_of(codice))),
    },
    Case {
        path: "/api/assenze/iscritti",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/iscritti",
                &format!(
                    "form%5Bplesso_id%5D={}&form%5Bpupils%5D=&form%5Bclasses%5D=&form%5Bvalid_from%5D=",
                    plesso_of(codice)
                ),
            )
        },
    },
    Case {
        path: "/api/assenze/rilevazione",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/rilevazione",
                &format!(
                    "form%5Bplesso_id%5D={}&form%5Bsurvey_day%5D=2026-11-24&form%5Babsent%5D=3",
                    plesso_of(codice)
                ),
            )
        },
    },
    Case {
        path: "/api/assenze/sentinella",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/sentinella",
                &format!("plesso_id={}&active=true", plesso_of(codice)),
            )
        },
    },
    Case {
        path: "/api/assenze/allerte",
        targeted: false,
        request: |_| get("/api/assenze/allerte"),
    },
    Case {
        path: "/api/assenze/allerte/revisione",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/allerte/revisione",
                &format!("id={}&review=presa_visione&note=vista", alert_of(codice)),
            )
        },
    },
    Case {
        path: "/api/assenze/andamento",
        targeted: false,
        request: |_| get("/api/assenze/andamento?series=ats"),
    },
    Case {
        path: "/api/assenze/allerte/richiesta",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/allerte/richiesta",
                &format!("alert_id={}&question=Quali+classi%3F", alert_of(codice)),
            )
        },
    },
    Case {
        path: "/api/assenze/richieste/risposta",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/richieste/risposta",
                &format!("id={}&classes=2A&symptoms=febbre&note=", request_of(codice)),
            )
        },
    },
    Case {
        path: "/api/assenze/promemoria",
        targeted: false,
        request: |_| get("/api/assenze/promemoria"),
    },
    Case {
        path: "/api/assenze/laboratorio",
        targeted: false,
        request: |_| get("/api/assenze/laboratorio?series=ats"),
    },
    Case {
        path: "/api/assenze/laboratorio/focolaio",
        targeted: false,
        request: |_| {
            post_form(
                "/api/assenze/laboratorio/focolaio",
                "series=ats&start=17%2F11%2F2026&from=&to=",
            )
        },
    },
];
