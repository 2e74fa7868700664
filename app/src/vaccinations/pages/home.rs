//! "Obbligo vaccinale" (/obbligo-vaccinale): for a school, the upload form
//! and its uploads; for the ATS, the registry extract in force, its import
//! form and every school's state. Plain forms: no JavaScript needed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::super::api::load_lovs_home;
use super::super::paths::{
    self, ATS_EXPORT, ERROR_PARAM, FORMAT_PATH, REGISTRY_PATH, TEMPLATE_CSV, TEMPLATE_XLSX,
    UPLOAD_PATH, UploadRefusal,
};
use super::super::summary::{AtsOverview, LovsHome, SchoolUploads, outcome_columns};
use super::CountsTable;
use crate::error::AppError;
use crate::identity::csrf_client::CsrfField;
use crate::ui::RefusalNotice;

const TITLE: &str = "Obbligo vaccinale";

#[component]
pub fn LovsPage() -> impl IntoView {
    let home = Resource::new_blocking(|| (), |_| load_lovs_home());
    let query = use_query_map();
    let refused = move || {
        query
            .read()
            .get(ERROR_PARAM)
            .and_then(|c| UploadRefusal::from_code(&c))
    };
    view! {
        <Title text=TITLE />
        <h1>{TITLE}</h1>
        <Suspense fallback=|| ()>
            {move || {
                home.get()
                    .map(|answer| match answer {
                        Ok(LovsHome::School(data)) => {
                            view! { <SchoolSection data refused=refused() /> }.into_any()
                        }
                        Ok(LovsHome::Ats(data)) => {
                            view! { <AtsSection data refused=refused() /> }.into_any()
                        }
                        Err(AppError::Unauthenticated) => {
                            view! {
                                <p class="callout">
                                    "Le funzioni di questo modulo richiedono l'accesso con le credenziali della scuola o dell'ATS."
                                </p>
                            }
                                .into_any()
                        }
                        Err(err) => {
                            #[cfg(feature = "ssr")]
                            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                                res.set_status(
                                    http::StatusCode::from_u16(err.status())
                                        .unwrap_or(http::StatusCode::FORBIDDEN),
                                );
                            }
                            view! { <RefusalNotice err /> }.into_any()
                        }
                    })
            }}
        </Suspense>
        <div class="module-intro">
            <p>
                "Entro il 10 marzo la scuola carica l'elenco degli iscritti da 0 a 16 anni; entro il 10 giugno "
                "scarica l'esito della verifica con l'anagrafe vaccinale regionale (L. 119/2017)."
            </p>
        </div>
    }
}

/// A file field with its label, refusal and hint, in a multipart form
/// whose anti-forgery token comes first (checked before the file is read).
#[component]
fn UploadForm(
    action: &'static str,
    label: &'static str,
    hint: &'static str,
    button: &'static str,
    refused: Option<UploadRefusal>,
) -> impl IntoView {
    let error = refused.map(UploadRefusal::message);
    view! {
        <form action=action method="post" enctype="multipart/form-data" novalidate>
            <CsrfField />
            <div class="form">
                <p class="form-errors" role="alert" hidden=refused.is_none()>
                    {refused.map(|_| crate::error::SAVE_FAILED)}
                </p>
                <div class="form-group" class:has-error=error.is_some()>
                    <label for="lovs-file">{label}</label>
                    <input
                        id="lovs-file"
                        name="file"
                        type="file"
                        accept=".csv,.txt,.xlsx,text/csv"
                        aria-describedby="lovs-file-hint lovs-file-error"
                        aria-invalid=error.is_some().then_some("true")
                    />
                    <p id="lovs-file-hint" class="hint">
                        {hint}
                    </p>
                    <p id="lovs-file-error" class="field-error" aria-live="polite">
                        {error}
                    </p>
                </div>
                <button type="submit" class="btn">
                    {button}
                </button>
            </div>
        </form>
    }
}

#[component]
fn SchoolSection(data: SchoolUploads, refused: Option<UploadRefusal>) -> impl IntoView {
    let rows = data
        .uploads
        .iter()
        .map(|u| {
            let href = paths::upload_page(u.id);
            let done = u.state() == super::super::summary::UploadState::Elaborato;
            let outcome = if done {
                format!(
                    "{} righe, {} valide, {} con errori",
                    u.rows, u.valid, u.with_errors
                )
            } else {
                String::new()
            };
            let esiti = if done {
                outcome_columns()
                    .into_iter()
                    .filter_map(|(key, label)| u.counts.get(key).map(|n| format!("{label}: {n}")))
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                String::new()
            };
            view! {
                <tr>
                    <td>{u.uploaded_at.clone()}</td>
                    <td>{u.uploaded_by.clone()}</td>
                    <td>{u.file_name.clone()}</td>
                    <td data-testid="lovs-state">{u.state().label()}</td>
                    <td>{outcome}</td>
                    <td>{esiti}</td>
                    <td>
                        <A href=href>"Dettaglio"</A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let empty = data.uploads.is_empty();
    view! {
        <p>{format!("Istituto: {}", data.istituto)}</p>
        {data
            .registry_missing
            .then(|| {
                view! {
                    <p class="callout" data-testid="registry-missing">
                        "L'ATS non ha ancora caricato l'anagrafe vaccinale: i file caricati ora saranno rifiutati. Riprovare più avanti."
                    </p>
                }
            })}
        <section id="carica" aria-labelledby="carica-title">
            <h2 id="carica-title">"Carica l'elenco degli iscritti"</h2>
            <p>
                "Prima di caricare il file consultare il "
                <A href=FORMAT_PATH>"Formato del file"</A> ". Modelli: "
                <a href=TEMPLATE_CSV download>
                    "CSV"
                </a> ", " <a href=TEMPLATE_XLSX download>
                    "Excel"
                </a> "."
            </p>
            <UploadForm
                action=UPLOAD_PATH
                label="File degli iscritti (CSV o Excel)"
                hint="Una riga per alunno iscritto da 0 a 16 anni; massimo 20 MB."
                button="Carica file"
                refused
            />
        </section>
        <section aria-labelledby="caricamenti-title">
            <h2 id="caricamenti-title">"File caricati"</h2>
            {if empty {
                view! { <p>"Nessun file caricato finora."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" data-testid="lovs-uploads">
                        <caption>"File caricati dalla scuola, dal più recente"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Caricato il"</th>
                                <th scope="col">"Caricato da"</th>
                                <th scope="col">"File"</th>
                                <th scope="col">"Stato"</th>
                                <th scope="col">"Righe"</th>
                                <th scope="col">"Esiti"</th>
                                <th scope="col">"Azioni"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn AtsSection(data: AtsOverview, refused: Option<UploadRefusal>) -> impl IntoView {
    let columns = outcome_columns();
    let head = columns
        .iter()
        .map(|(_, label)| view! { <th scope="col">{*label}</th> })
        .collect_view();
    let rows = data
        .schools
        .iter()
        .map(|s| {
            let cells = columns
                .iter()
                .map(|(key, _)| {
                    let n = s.counts.get(*key).copied().unwrap_or(0);
                    let rate = if *key == super::super::outcome_file::SCARTATO {
                        String::new()
                    } else {
                        format!(" ({})", s.rate(key))
                    };
                    view! { <td>{format!("{n}{rate}")}</td> }
                })
                .collect_view();
            view! {
                <tr data-codice=s.codice.clone()>
                    <td>{s.codice.clone()}</td>
                    <td>{s.name.clone()}</td>
                    <td data-testid="school-state">
                        {s.state.map_or("non caricato", |st| st.label())}
                    </td>
                    <td>{s.uploaded_at.clone().unwrap_or_default()}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let totals = data.schools.iter().flat_map(|s| s.counts.iter()).fold(
        super::super::summary::Counts::new(),
        |mut acc, (k, n)| {
            *acc.entry(k.clone()).or_default() += n;
            acc
        },
    );
    view! {
        <p>{format!("ATS: {}", data.ats)}</p>
        <section aria-labelledby="anagrafe-title">
            <h2 id="anagrafe-title">"Anagrafe vaccinale in uso"</h2>
            {match data.registry {
                Some(r) => {
                    view! {
                        <dl class="summary" data-testid="registry-info">
                            <dt>"Caricata il"</dt>
                            <dd>{r.loaded_at}</dd>
                            <dt>"Caricata da"</dt>
                            <dd>{r.loaded_by}</dd>
                            <dt>"File"</dt>
                            <dd>{r.file_name}</dd>
                            <dt>"Assistiti"</dt>
                            <dd>{r.pupils}</dd>
                            <dt>"Righe"</dt>
                            <dd>{format!("{} valide, {} scartate", r.rows, r.rejected_rows)}</dd>
                        </dl>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p class="callout" data-testid="registry-info">
                            "Nessuna anagrafe vaccinale caricata: le verifiche delle scuole attendono il primo caricamento."
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
        <section id="carica" aria-labelledby="importa-title">
            <h2 id="importa-title">"Importa l'anagrafe vaccinale"</h2>
            <p>
                "Estratto dell'anagrafe vaccinale regionale del territorio (CSV con le colonne codice_fiscale, tipo, vaccino, dose, data, fino_al). "
                "Sostituisce l'anagrafe in uso solo a caricamento completato."
            </p>
            <UploadForm
                action=REGISTRY_PATH
                label="File dell'anagrafe vaccinale (CSV)"
                hint="Massimo 20 MB."
                button="Importa anagrafe"
                refused
            />
        </section>
        <section aria-labelledby="scuole-title">
            <h2 id="scuole-title">"Stato delle scuole"</h2>
            <p>
                <a href=ATS_EXPORT download>
                    "Esporta in CSV"
                </a>
            </p>
            <CountsTable
                counts=totals
                caption="Esiti del territorio (ultimo file elaborato di ogni scuola)"
            />
            <table class="data-table" data-testid="lovs-schools">
                <caption>
                    "Istituti del territorio: ultimo caricamento ed esiti (percentuale sugli alunni verificati)"
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Codice"</th>
                        <th scope="col">"Istituto"</th>
                        <th scope="col">"Stato"</th>
                        <th scope="col">"Caricato il"</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
