//! "Registro attività".

use crate::Case;
use crate::common::web::get;

pub const CASES: &[Case] = &[Case {
    path: "/api/registro-attivita",
    targeted: true,
    request: |codice| {
        get(&format!(
            "/api/registro-attivita?filter%5Bistituto%5D={codice}"
        ))
    },
}];
