//! "Importa anagrafe": a plain multipart form (no JavaScript needed, none
//! used). The server answers with the import job's page, or with this form
//! again and the reason beside the field.

use leptos::prelude::*;

use super::import_rules::{UPLOAD_PATH, UploadRefusal};
use crate::identity::csrf_client::CsrfField;
use crate::ui::fields::SelectField;

#[component]
pub fn ImportForm(ats: Vec<(String, String)>, refused: Option<UploadRefusal>) -> impl IntoView {
    let ats_id = RwSignal::new(ats.first().map(|(v, _)| v.clone()).unwrap_or_default());
    let message = move |field: &'static str| {
        Signal::derive(move || {
            refused
                .filter(|r| r.field() == field)
                .map(|r| r.message().to_owned())
        })
    };
    let file_error = message("file");
    view! {
        // The token first: the server checks it before reading the file.
        <form
            action=UPLOAD_PATH
            method="post"
            enctype="multipart/form-data"
            novalidate
            data-testid="import-form"
        >
            <CsrfField />
            <div class="form">
                <p
                    class="form-errors"
                    role="alert"
                    data-testid="form-errors"
                    hidden=refused.is_none()
                >
                    {refused.map(|_| crate::error::SAVE_FAILED)}
                </p>
                <SelectField
                    id="imp-ats"
                    name="ats_id"
                    label="ATS"
                    value=ats_id
                    options=ats
                    error=message("ats_id")
                />
                <div class="form-group" class:has-error=move || file_error.get().is_some()>
                    <label for="imp-file">"File CSV dell'anagrafe delle scuole (Ministero)"</label>
                    <input
                        id="imp-file"
                        name="file"
                        type="file"
                        accept=".csv,text/csv"
                        aria-describedby="imp-file-error"
                    />
                    <p id="imp-file-error" class="field-error" aria-live="polite">
                        {move || file_error.get()}
                    </p>
                </div>
                <button type="submit" class="btn">
                    "Importa"
                </button>
            </div>
        </form>
    }
}
