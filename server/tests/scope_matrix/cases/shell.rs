//! The shell: the site's name and day, the door of each module.

use crate::Case;
use crate::common::web::{get, post_form};

pub const CASES: &[Case] = &[
    Case {
        path: "/api/sito",
        targeted: false,
        request: |_| post_form("/api/sito", ""),
    },
    Case {
        path: "/api/moduli/obbligo-vaccinale",
        targeted: false,
        request: |_| get("/api/moduli/obbligo-vaccinale"),
    },
    Case {
        path: "/api/moduli/casi",
        targeted: false,
        request: |_| get("/api/moduli/casi"),
    },
    Case {
        path: "/api/moduli/allontanamenti",
        targeted: false,
        request: |_| get("/api/moduli/allontanamenti"),
    },
    Case {
        path: "/api/moduli/assenze",
        targeted: false,
        request: |_| get("/api/moduli/assenze"),
    },
];
