//! Registration requests.

use crate::Case;
use crate::NEW_REQUEST;
use crate::common::web::{get, post_form};

pub const CASES: &[Case] = &[
    Case {
        path: "/api/registrazione",
        targeted: false,
        request: |_| post_form("/api/registrazione", NEW_REQUEST),
    },
    Case {
        path: "/api/amministrazione/richieste",
        targeted: false,
        request: |_| get("/api/amministrazione/richieste"),
    },
    Case {
        path: "/api/amministrazione/richieste/approva",
        targeted: false,
        request: |_| post_form("/api/amministrazione/richieste/approva", "id=1&mode=spid"),
    },
    Case {
        path: "/api/amministrazione/richieste/respingi",
        targeted: false,
        request: |_| {
            post_form(
                "/api/amministrazione/richieste/respingi",
                "id=1&reason=prova",
            )
        },
    },
];
