//! One upload (/obbligo-vaccinale/caricamenti/{id}): its state with a
//! progress bar while the check runs (followed live by an island, or by
//! reloading without JavaScript), then the counts per outcome, the
//! downloads and the rows with problems; or why the file was rejected.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{load_lovs_upload, lovs_upload_progress};
use super::super::paths::{self, HOME};
use super::super::summary::{RowProblem, UploadDetail, UploadRow, UploadState};
use super::CountsTable;
use crate::ui::loaded;

const TITLE: &str = "Verifica dell'elenco degli iscritti";

#[component]
pub fn UploadPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let detail = Resource::new_blocking(id, load_lovs_upload);
    view! {
        <Title text=TITLE />
        <h1>{TITLE}</h1>
        {loaded(detail, |d| view! { <Detail d /> })}
        <p>
            <A href=HOME>"Torna a Obbligo vaccinale"</A>
        </p>
    }
}

#[component]
fn Detail(d: UploadDetail) -> impl IntoView {
    let u = d.upload;
    let state = u.state();
    let body = match state {
        UploadState::Caricato | UploadState::InElaborazione => {
            let href = paths::upload_page(u.id);
            view! {
                <UploadProgress id=u.id row=u.clone() />
                <p>
                    <a href=href>"Aggiorna lo stato"</a>
                </p>
            }
            .into_any()
        }
        UploadState::Errore => view! {
            <div class="result ko" role="alert" data-testid="lovs-rejected">
                <p>"File non elaborato: nessun alunno è stato verificato."</p>
                <p>{u.job.message.clone()}</p>
            </div>
        }
        .into_any(),
        UploadState::Elaborato => view! { <Outcome u=u.clone() problems=d.problems /> }.into_any(),
    };
    view! {
        <dl class="summary" data-testid="lovs-upload">
            <dt>"Istituto"</dt>
            <dd>{d.istituto}</dd>
            <dt>"File"</dt>
            <dd>{u.file_name.clone()}</dd>
            <dt>"Caricato da"</dt>
            <dd>{u.uploaded_by.clone()}</dd>
            <dt>"Caricato il"</dt>
            <dd>{u.uploaded_at.clone()}</dd>
            <dt>"Data della verifica"</dt>
            <dd>{u.check_date.clone()}</dd>
            <dt>"Stato"</dt>
            <dd data-testid="lovs-state">{state.label()}</dd>
        </dl>
        {body}
    }
}

/// The progress bar and its sentence; in the browser it follows the check
/// and reloads the page when it is over (the outcome is rendered by the
/// server).
#[island]
fn UploadProgress(id: i32, row: UploadRow) -> impl IntoView {
    let row = RwSignal::new(row);
    #[cfg(feature = "hydrate")]
    {
        let poll = move || {
            leptos::task::spawn_local(async move {
                match lovs_upload_progress(id).await {
                    Ok(now) if now.job.state.is_final() => {
                        let _ = window().location().reload();
                    }
                    Ok(now) => row.set(now),
                    Err(_) => {}
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(poll, std::time::Duration::from_millis(1000)) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, lovs_upload_progress);
    let text = move || {
        let r = row.get();
        let (done, total) = r.progress();
        if total > 0 {
            format!(
                "Stato: {}. Righe elaborate {done} di {total}.",
                r.state().label()
            )
        } else {
            format!("Stato: {}.", r.state().label())
        }
    };
    view! {
        <div class="callout" data-testid="lovs-progress">
            <label for="lovs-progress-bar">"Avanzamento della verifica"</label>
            <progress
                id="lovs-progress-bar"
                max=move || row.get().progress().1.max(1)
                value=move || row.get().progress().0
            ></progress>
            <p role="status" aria-live="polite">
                {text}
            </p>
        </div>
    }
}

#[component]
fn Outcome(u: UploadRow, problems: Vec<RowProblem>) -> impl IntoView {
    let errors = problems.iter().filter(|p| !p.warning).count();
    let warnings = problems.len() - errors;
    let non_compliant = u.counts.get("non_in_regola").copied().unwrap_or(0);
    let rows = problems
        .iter()
        .map(|p| {
            view! {
                <tr class:warning=p.warning>
                    <td>{p.row}</td>
                    <td>{p.column.clone()}</td>
                    <td>{if p.warning { "avviso" } else { "errore" }}</td>
                    <td>{p.message.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="result ok" role="status" data-testid="lovs-summary">
            <p>
                {format!(
                    "{} righe, {} valide, {} con errori ({} avvisi).",
                    u.rows,
                    u.valid,
                    u.with_errors,
                    warnings,
                )}
            </p>
        </div>
        <CountsTable counts=u.counts.clone() caption="Esito della verifica" />
        <h2>"Scarica"</h2>
        <ul data-testid="lovs-downloads">
            <li>
                <a href=paths::outcome_csv(u.id) download>
                    "Scarica l'esito (CSV)"
                </a>
            </li>
            <li>
                <a href=paths::outcome_xlsx(u.id) download>
                    "Scarica l'esito (Excel)"
                </a>
            </li>
            {(!problems.is_empty())
                .then(|| {
                    view! {
                        <li>
                            <a href=paths::errors_csv(u.id) download>
                                "Scarica l'elenco degli errori (CSV)"
                            </a>
                        </li>
                    }
                })}
            {(non_compliant > 0)
                .then(|| {
                    view! {
                        <li>
                            <a href=paths::letters(
                                u.id,
                            )>"Lettere alle famiglie degli alunni non in regola"</a>
                        </li>
                    }
                })}
        </ul>
        <table class="data-table" data-testid="lovs-problems">
            <caption>
                {format!("Righe con problemi: {errors} errori (righe scartate), {warnings} avvisi")}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Riga"</th>
                    <th scope="col">"Colonna"</th>
                    <th scope="col">"Tipo"</th>
                    <th scope="col">"Messaggio"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
