//! Identity: login, session, logout.

use crate::Case;
use crate::common::web::{get, post_form};

pub const CASES: &[Case] = &[
    Case {
        path: "/api/accedi",
        targeted: false,
        request: |_| post_form("/api/accedi", "username=nessuno&password=Prova-2026-xx"),
    },
    Case {
        path: "/api/sessione",
        targeted: false,
        request: |_| get("/api/sessione"),
    },
    Case {
        path: "/esci",
        targeted: false,
        request: |_| post_form("/esci", ""),
    },
];
