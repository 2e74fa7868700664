//! Server function of the "Verifica codice fiscale" page: re-validates with
//! the same code as the browser and adds the comune or country name.

use leptos::prelude::*;

use crate::codice_fiscale::report::{CfReport, PersonInput};
use crate::error::AppError;

/// The form field's name, shared by the input and the error map.
pub const FIELD: &str = "code";

#[server(prefix = "/api", endpoint = "codice-fiscale/verifica", client = crate::identity::csrf_client::CsrfClient)]
pub async fn verify_codice_fiscale(
    code: String,
    #[server(default)] person: PersonInput,
) -> Result<CfReport, AppError> {
    use crate::codice_fiscale::{Accept, parse_fiscal_id};
    use crate::error::FieldErrors;

    let state = crate::identity::Call::public::<VerifyCodiceFiscale>()?.state;
    // Bound the work a request can cause; a real code is 16 characters.
    let code: String = code.chars().take(64).collect();
    match parse_fiscal_id(&code, state.today(), Accept::ALL) {
        Ok(id) => {
            let mut report = CfReport::of(&id);
            if let Some(cf) = id.personal() {
                report.warnings = person
                    .warnings(cf, state.today())
                    .map_err(AppError::Validation)?;
            }
            if let (Some(belfiore), Some(cf)) = (&report.belfiore, id.personal()) {
                report.place =
                    crate::places::lookup_belfiore(&state.places, belfiore, Some(cf.birth_date()))
                        .map(|p| p.label());
            }
            Ok(report)
        }
        Err(err) => {
            let mut errors = FieldErrors::new();
            errors.add(FIELD, err.to_string());
            Err(AppError::Validation(errors))
        }
    }
}
