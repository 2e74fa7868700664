//! The school calendar: the ATS's page and its changes (scoped to the ATS:
//! an operator their own, the administrator any) and a sentinel plesso's
//! closures (scoped to the plesso).

use crate::Case;
use crate::common::web::{get, post_form};
use crate::{ats_of, plesso_of};

pub const CASES: &[Case] = &[
    Case {
        path: "/api/assenze/calendario",
        targeted: true,
        request: |codice| get(&format!("/api/assenze/calendario?ats={}", ats_of(codice))),
    },
    Case {
        path: "/api/assenze/calendario/giorno",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/calendario/giorno",
                &format!(
                    "form%5Bats_id%5D={}&form%5Bday%5D=&form%5Breason%5D=",
                    ats_of(codice)
                ),
            )
        },
    },
    Case {
        path: "/api/assenze/calendario/rimuovi",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/calendario/rimuovi",
                &format!("ats_id={}&day=2026-12-08", ats_of(codice)),
            )
        },
    },
    Case {
        path: "/api/assenze/calendario/anno",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/calendario/anno",
                &format!(
                    "form%5Bats_id%5D={}&form%5Bfirst_day%5D=&form%5Blast_day%5D=",
                    ats_of(codice)
                ),
            )
        },
    },
    Case {
        path: "/api/assenze/calendario/ripristina",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/calendario/ripristina",
                &format!("ats_id={}", ats_of(codice)),
            )
        },
    },
    Case {
        path: "/api/assenze/chiusure",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/chiusure",
                &format!(
                    "form%5Bplesso_id%5D={}&form%5Bfrom%5D=01%2F12%2F2026&form%5Bto%5D=&form%5Breason%5D=sciopero",
                    plesso_of(codice)
                ),
            )
        },
    },
    Case {
        path: "/api/assenze/chiusure/rimuovi",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/chiusure/rimuovi",
                &format!("plesso_id={}&day=2026-12-01", plesso_of(codice)),
            )
        },
    },
];
