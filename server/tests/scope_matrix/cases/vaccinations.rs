//! "Obbligo vaccinale": the module's page, and one upload's detail,
//! progress and letters (scoped to the upload's istituto).

use crate::Case;
use crate::common::web::get;
use crate::lovs_upload_of;

pub const CASES: &[Case] = &[
    Case {
        path: "/api/obbligo-vaccinale",
        targeted: false,
        request: |_| get("/api/obbligo-vaccinale"),
    },
    Case {
        path: "/api/obbligo-vaccinale/caricamento",
        targeted: true,
        request: |codice| {
            get(&format!(
                "/api/obbligo-vaccinale/caricamento?id={}",
                lovs_upload_of(codice)
            ))
        },
    },
    Case {
        path: "/api/obbligo-vaccinale/avanzamento",
        targeted: true,
        request: |codice| {
            get(&format!(
                "/api/obbligo-vaccinale/avanzamento?id={}",
                lovs_upload_of(codice)
            ))
        },
    },
    Case {
        path: "/api/obbligo-vaccinale/lettere",
        targeted: true,
        request: |codice| {
            get(&format!(
                "/api/obbligo-vaccinale/lettere?id={}",
                lovs_upload_of(codice)
            ))
        },
    },
];
