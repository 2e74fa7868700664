//! The import job's page (`/amministrazione/importa/{id}`): its progress
//! while it runs, then the outcome row by row, or why the file was refused.
//! Without JavaScript a link reloads it; with JavaScript an island polls
//! the job's progress and reloads the page once it is over.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::ImportOutcome;
use super::import_rules::UPLOAD_PATH;
use super::pages::SectionNav;
use crate::jobs::api::job_status;
use crate::jobs::{JobState, JobView};
use crate::ui::{JobWatcher, RefusalNotice};

#[component]
pub fn ImportJobPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i32>().ok());
    let job = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => job_status(id)
                .await?
                .ok_or(crate::error::AppError::NotFound),
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="Importazione dell'anagrafe" />
        <h1>"Importazione dell'anagrafe"</h1>
        <Suspense fallback=|| ()>
            {move || {
                job.get()
                    .map(|r| match r {
                        Ok(view) => {
                            view! {
                                <SectionNav />
                                <JobSection job=view />
                            }
                                .into_any()
                        }
                        Err(err) => view! { <RefusalNotice err /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn JobSection(job: JobView) -> impl IntoView {
    let back = view! {
        <p>
            <A href="/amministrazione/scuole#importa">"Importa un altro file"</A>
        </p>
    };
    match job.state {
        JobState::Done => {
            let outcome = job
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str::<ImportOutcome>(r).ok());
            view! {
                {outcome.map(|o| view! { <ImportOutcomeView o /> })}
                {back}
            }
            .into_any()
        }
        JobState::Failed => view! {
            <div class="result ko" role="alert" data-testid="import-failed">
                <p>"Importazione non eseguita: nessuna scuola è stata modificata."</p>
                <p>{job.message}</p>
            </div>
            {back}
        }
        .into_any(),
        JobState::Queued | JobState::Running => {
            let href = format!("{UPLOAD_PATH}/{}", job.id);
            view! {
                <JobWatcher id=job.id text=job.progress_text() />
                <p>
                    <a href=href>"Aggiorna lo stato"</a>
                </p>
            }
            .into_any()
        }
    }
}

/// What the import did: the counts, the refused rows, the skipped rows.
#[component]
fn ImportOutcomeView(o: ImportOutcome) -> impl IntoView {
    let rows = o
        .errors
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.row}</td>
                    <td>{e.column.clone()}</td>
                    <td>{e.message.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let skipped = o
        .skipped
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.row}</td>
                    <td>{s.code.clone()}</td>
                    <td>{s.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="result ok" role="status" data-testid="import-outcome">
            <p>
                {format!(
                    "Importate {} righe: istituti creati {}, aggiornati {}; plessi creati {}, aggiornati {}, invariati {}.",
                    o.imported,
                    o.counts.istituti_created,
                    o.counts.istituti_updated,
                    o.counts.plessi_created,
                    o.counts.plessi_updated,
                    o.counts.plessi_unchanged,
                )}
            </p>
        </div>
        <table class="data-table" data-testid="import-errors">
            <caption>{format!("Righe con errori ({}): non importate", o.errors.len())}</caption>
            <thead>
                <tr>
                    <th scope="col">"Riga"</th>
                    <th scope="col">"Colonna"</th>
                    <th scope="col">"Errore"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <table class="data-table">
            <caption>{format!("Righe escluse di proposito ({})", o.skipped.len())}</caption>
            <thead>
                <tr>
                    <th scope="col">"Riga"</th>
                    <th scope="col">"Codice"</th>
                    <th scope="col">"Motivo"</th>
                </tr>
            </thead>
            <tbody>{skipped}</tbody>
        </table>
    }
}
