//! "Verifica codice fiscale": the pattern every later form follows. The
//! browser validates as the user types with the shared code; "Verifica"
//! asks the server, which re-validates with the same code; both answers are
//! shown and compared. Errors sit in red beside the field; the typed value
//! is never cleared.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{FIELD, VerifyCodiceFiscale};
use super::report::CfReport;
use super::{Accept, Sex, parse_fiscal_id};
use crate::error::AppError;
use crate::identity::csrf_client::CsrfField;
use crate::shell::use_today;
use crate::validation::dates::format_date_it;

#[component]
pub fn CodiceFiscalePage() -> impl IntoView {
    let action = ServerAction::<VerifyCodiceFiscale>::new();
    let typed = RwSignal::new(String::new());
    let today = use_today();

    // Browser-side verdict, recomputed on every keystroke.
    let local = Memo::new(move |_| {
        let text = typed.get();
        if text.trim().is_empty() {
            return None;
        }
        let today = today.get()?;
        Some(parse_fiscal_id(&text, today, Accept::ALL).map(|id| CfReport::of(&id)))
    });
    let server = action.value();
    // The action forgets its input once it resolves: keep what was sent, to
    // tell whether the server's answer still matches the field.
    let submitted = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            submitted.set(input.code);
        }
    });

    let field_error = move || match local.get() {
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(_)) => None,
        // Without JavaScript only the server's answer exists.
        None => match server.get() {
            Some(Err(AppError::Validation(errors))) => errors.get(FIELD).map(str::to_owned),
            _ => None,
        },
    };
    let has_error = move || field_error().is_some();
    let is_valid = move || matches!(local.get(), Some(Ok(_)));

    view! {
        <Title text="Verifica codice fiscale" />
        <h1>"Verifica codice fiscale"</h1>
        <p>
            "Il codice viene controllato mentre lo si digita; con \"Verifica\" il server lo ricontrolla "
            "con le stesse regole e indica anche il comune o lo stato di nascita."
        </p>
        <ActionForm action=action>
            <div class="form">
                <CsrfField />
                <div class="form-group" class:has-error=has_error class:is-valid=is_valid>
                    <label for="cf-code">"Codice fiscale"</label>
                    <input
                        id="cf-code"
                        name=FIELD
                        type="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        maxlength="40"
                        aria-describedby="cf-code-help cf-code-error"
                        aria-invalid=move || if has_error() { "true" } else { "false" }
                        prop:value=move || typed.get()
                        on:input:target=move |ev| typed.set(ev.target().value())
                    />
                    <p id="cf-code-help" class="help">
                        "16 caratteri (accettati anche il codice provvisorio numerico di 11 cifre e i codici STP/ENI)."
                    </p>
                    <p id="cf-code-error" class="field-error" aria-live="polite">
                        {field_error}
                    </p>
                </div>
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Verifica"
                </button>
            </div>
        </ActionForm>

        {move || {
            local
                .get()
                .and_then(|r| r.ok())
                .map(|report| {
                    view! {
                        <section class="result ok" aria-labelledby="cf-local-title" data-testid="cf-local">
                            <h2 id="cf-local-title">"Dati ricavati dal codice (controllo nel browser)"</h2>
                            <ReportData report />
                        </section>
                    }
                })
        }}

        {move || {
            server
                .get()
                .map(|answer| {
                    let asked = submitted.get();
                    let agreement = agreement(&local.get(), &answer, &asked, &typed.get());
                    match answer {
                        Ok(report) => {
                            view! {
                                <section class="result ok" aria-labelledby="cf-server-title" data-testid="cf-server">
                                    <h2 id="cf-server-title">"Risposta del server: codice valido"</h2>
                                    <ReportData report />
                                    <p>{agreement}</p>
                                </section>
                            }
                                .into_any()
                        }
                        Err(err) => {
                            let message = match &err {
                                AppError::Validation(errors) => {
                                    errors.get(FIELD).unwrap_or_default().to_owned()
                                }
                                other => other.to_string(),
                            };
                            view! {
                                <section class="result ko" aria-labelledby="cf-server-title" data-testid="cf-server">
                                    <h2 id="cf-server-title">"Risposta del server: codice non valido"</h2>
                                    <p>{message}</p>
                                    <p>{agreement}</p>
                                </section>
                            }
                                .into_any()
                        }
                    }
                })
        }}
    }
}

/// Whether the browser's verdict on the same text matches the server's.
fn agreement(
    local: &Option<Result<CfReport, super::CfError>>,
    server: &Result<CfReport, AppError>,
    asked: &str,
    typed: &str,
) -> &'static str {
    if asked != typed {
        return "Il codice nel campo è cambiato dopo la verifica: premere di nuovo \"Verifica\".";
    }
    let same = match (local, server) {
        (Some(Ok(l)), Ok(s)) => l.agrees_with(s),
        (Some(Err(_)), Err(AppError::Validation(_))) => true,
        (None, _) => return "",
        _ => false,
    };
    if same {
        "Il controllo nel browser e quello del server concordano."
    } else {
        "Attenzione: il controllo nel browser e quello del server non concordano; vale la risposta del server."
    }
}

#[component]
fn ReportData(report: CfReport) -> impl IntoView {
    let sex = report.sex.map(|s| match s {
        Sex::M => "Maschio",
        Sex::F => "Femmina",
    });
    let omocode = if report.omocode {
        match &report.canonical {
            Some(c) => format!("Sì (codice base {c})"),
            None => "Sì".to_owned(),
        }
    } else {
        "No".to_owned()
    };
    let personal = report.birth_date.is_some();
    view! {
        <dl class="data">
            <dt>"Tipo"</dt>
            <dd>{report.kind.clone()}</dd>
            <dt>"Codice"</dt>
            <dd data-field="code">{report.code.clone()}</dd>
            <Show when=move || personal>
                <dt>"Data di nascita"</dt>
                <dd data-field="birth-date">{report.birth_date.map(format_date_it)}</dd>
                <dt>"Sesso"</dt>
                <dd data-field="sex">{sex}</dd>
                <dt>{if report.foreign { "Stato estero (codice)" } else { "Comune (codice catastale)" }}</dt>
                <dd data-field="belfiore">{report.belfiore.clone()}</dd>
                <dt>"Omocodia"</dt>
                <dd data-field="omocode">{omocode.clone()}</dd>
            </Show>
            {report
                .place
                .clone()
                .map(|place| {
                    view! {
                        <dt>"Luogo di nascita"</dt>
                        <dd data-field="place">{place}</dd>
                    }
                })}
        </dl>
    }
}
