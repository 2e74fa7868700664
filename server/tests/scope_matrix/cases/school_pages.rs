//! "Le mie scuole" and one istituto.

use crate::Case;
use crate::common::web::get;

pub const CASES: &[Case] = &[
    Case {
        path: "/api/scuola",
        targeted: false,
        request: |_| get("/api/scuola"),
    },
    Case {
        path: "/api/scuola/istituto",
        targeted: true,
        request: |codice| get(&format!("/api/scuola/istituto?codice={codice}")),
    },
];
