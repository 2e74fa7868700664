//! "Amministrazione".

use crate::Case;
use crate::common::web::{get, post_form};

pub const CASES: &[Case] = &[
    Case {
        path: "/api/amministrazione/anagrafe",
        targeted: false,
        request: |_| get("/api/amministrazione/anagrafe"),
    },
    Case {
        path: "/api/amministrazione/ats",
        targeted: false,
        request: |_| {
            post_form(
                "/api/amministrazione/ats",
                "form%5Bcode%5D=ATS-CO&form%5Bname%5D=ATS+Insubria&form%5Bprovinces%5D=CO&form%5Bchief_comuni%5D=",
            )
        },
    },
    Case {
        path: "/api/amministrazione/istituto",
        targeted: false,
        request: |_| post_form("/api/amministrazione/istituto", "form%5Bcodice%5D=X"),
    },
    Case {
        path: "/api/amministrazione/plesso",
        targeted: false,
        request: |_| post_form("/api/amministrazione/plesso", "form%5Bcodice%5D=X"),
    },
    Case {
        path: "/api/amministrazione/account",
        targeted: false,
        request: |_| get("/api/amministrazione/account"),
    },
    Case {
        path: "/api/amministrazione/account/salva",
        targeted: false,
        request: |_| post_form("/api/amministrazione/account/salva", "form%5Busername%5D="),
    },
    Case {
        path: "/api/amministrazione/account/attivo",
        targeted: false,
        request: |_| post_form("/api/amministrazione/account/attivo", "id=7&active=true"),
    },
    Case {
        path: "/api/amministrazione/account/password",
        targeted: false,
        request: |_| post_form("/api/amministrazione/account/password", "id=7"),
    },
];
