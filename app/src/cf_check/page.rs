//! "Verifica codice fiscale": the pattern every later form follows. The
//! browser validates as the user types with the shared code; "Verifica"
//! asks the server, which re-validates with the same code; both answers are
//! shown and compared. Errors sit in red beside the field; the typed value
//! is never cleared.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{FIELD, VerifyCodiceFiscale};
use super::person::{PersonFieldset, PersonSignals};
use crate::codice_fiscale::report::CfReport;
use crate::codice_fiscale::{Accept, Sex, parse_fiscal_id};
use crate::error::{AppError, FieldErrors};
use crate::identity::csrf_client::CsrfField;
use crate::ui::server_today;
use crate::validation::dates::format_date_it;

#[component]
pub fn CodiceFiscalePage() -> impl IntoView {
    view! {
        <Title text="Verifica codice fiscale" />
        <h1>"Verifica codice fiscale"</h1>
        <p>
            "Il codice viene controllato mentre lo si digita; con \"Verifica\" il server lo ricontrolla "
            "con le stesse regole e indica anche il comune o lo stato di nascita."
        </p>
        <CfChecker today=server_today() />
    }
    // Erased: the island's nested view type is deep enough to exhaust the
    // compiler's layout query depth in the server crate.
    .into_any()
}

/// The interactive part (an island: the only part of the page that ships
/// as WASM). `today` is the server's day, so both sides apply one calendar.
#[island]
fn CfChecker(today: NaiveDate) -> impl IntoView {
    let action = ServerAction::<VerifyCodiceFiscale>::new();
    let typed = RwSignal::new(String::new());
    let person = PersonSignals::default();

    // Browser-side verdict, recomputed on every keystroke: the code, then
    // the personal data against it (warnings, or field errors).
    let checked = Memo::new(move |_| {
        let text = typed.get();
        let input = person.input();
        if text.trim().is_empty() {
            return None;
        }
        let result = parse_fiscal_id(&text, today, Accept::ALL).map(|id| {
            let mut report = CfReport::of(&id);
            let mut errors = FieldErrors::new();
            if let Some(cf) = id.personal() {
                match input.warnings(cf, today) {
                    Ok(w) => report.warnings = w,
                    Err(e) => errors = e,
                }
            }
            (report, errors)
        });
        Some(result)
    });
    let local = Memo::new(move |_| checked.get().map(|r| r.map(|(report, _)| report)));
    let person_errors = Memo::new(move |_| match checked.get() {
        Some(Ok((_, errors))) => errors,
        _ => FieldErrors::new(),
    });
    // A field's error: the browser's, else (without JavaScript) the server's.
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            person_errors
                .get()
                .get(field)
                .map(str::to_owned)
                .or_else(|| match action.value().get() {
                    Some(Err(AppError::Validation(e))) if checked.get().is_none() => {
                        e.get(field).map(str::to_owned)
                    }
                    _ => None,
                })
        })
    };
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

    crate::ui::adopt_typed("cf-code", typed);
    view! {
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
                        value=typed.get_untracked()
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
                <PersonFieldset person error_for />
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
                        <section
                            class="result ok"
                            aria-labelledby="cf-local-title"
                            data-testid="cf-local"
                        >
                            <h2 id="cf-local-title">
                                "Dati ricavati dal codice (controllo nel browser)"
                            </h2>
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
                                <section
                                    class="result ok"
                                    aria-labelledby="cf-server-title"
                                    data-testid="cf-server"
                                >
                                    <h2 id="cf-server-title">
                                        "Risposta del server: codice valido"
                                    </h2>
                                    <ReportData report />
                                    <p>{agreement}</p>
                                </section>
                            }
                                .into_any()
                        }
                        Err(err) => {
                            let (title, message) = match &err {
                                AppError::Validation(errors) => {
                                    match errors.get(FIELD) {
                                        Some(m) => {
                                            ("Risposta del server: codice non valido", m.to_owned())
                                        }
                                        None => {
                                            (
                                                crate::error::SAVE_FAILED,
                                                errors
                                                    .0
                                                    .iter()
                                                    .map(|e| e.message.clone())
                                                    .collect::<Vec<_>>()
                                                    .join("; "),
                                            )
                                        }
                                    }
                                }
                                other => ("Risposta del server: errore", other.to_string()),
                            };
                            view! {
                                <section
                                    class="result ko"
                                    aria-labelledby="cf-server-title"
                                    data-testid="cf-server"
                                >
                                    <h2 id="cf-server-title">{title}</h2>
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
    local: &Option<Result<CfReport, crate::codice_fiscale::CfError>>,
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
    let warnings = report.warnings.clone();
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
                <dt>
                    {if report.foreign {
                        "Stato estero (codice)"
                    } else {
                        "Comune (codice catastale)"
                    }}
                </dt>
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
        <Show when={
            let empty = warnings.is_empty();
            move || !empty
        }>
            <div class="warning" role="status" data-testid="cf-warnings">
                <p>
                    <strong>"Attenzione: alcuni dati non corrispondono al codice fiscale."</strong>
                    " Verificarli; se sono corretti si può proseguire (il codice può differire per omocodia o rettifiche anagrafiche)."
                </p>
                <ul>{warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}
