//! "Completezza delle rilevazioni": the ATS's page of its territory's
//! sentinel plessi and "Invia promemoria" (scoped to the plesso).

use crate::Case;
use crate::common::web::{get, post_form};
use crate::plesso_of;

pub const CASES: &[Case] = &[
    Case {
        path: "/api/assenze/completezza",
        targeted: false,
        request: |_| get("/api/assenze/completezza"),
    },
    Case {
        path: "/api/assenze/completezza/promemoria",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/assenze/completezza/promemoria",
                &format!("plesso_id={}", plesso_of(codice)),
            )
        },
    },
];
