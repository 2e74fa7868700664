//! "Verifica codice fiscale".

use crate::Case;
use crate::common::web::post_form;

pub const CASES: &[Case] = &[Case {
    path: "/api/codice-fiscale/verifica",
    targeted: false,
    request: |_| post_form("/api/codice-fiscale/verifica", "code=RSSMRA85T10A562S"),
}];
