//! "Deleghe".

use crate::Case;
use crate::NEW_DELEGATION;
use crate::common::web::{get, post_form};
use crate::delegation_of;

pub const CASES: &[Case] = &[
    Case {
        path: "/api/deleghe",
        targeted: false,
        request: |_| get("/api/deleghe"),
    },
    Case {
        path: "/api/deleghe/nuova",
        targeted: false,
        request: |_| post_form("/api/deleghe/nuova", NEW_DELEGATION),
    },
    Case {
        path: "/api/deleghe/revoca",
        targeted: true,
        request: |codice| {
            post_form(
                "/api/deleghe/revoca",
                &format!("id={}", delegation_of(codice)),
            )
        },
    },
    Case {
        path: "/api/deleghe/stampa",
        targeted: true,
        request: |codice| get(&format!("/api/deleghe/stampa?id={}", delegation_of(codice))),
    },
];
