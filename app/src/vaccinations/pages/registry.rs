//! The registry import's page (/obbligo-vaccinale/anagrafe/{job}): its
//! progress while it runs, then what it loaded and the rows it refused.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::paths::{HOME, REGISTRY_PATH};
use super::super::summary::RegistryOutcome;
use crate::error::AppError;
use crate::jobs::api::job_status;
use crate::jobs::{JobState, JobView};
use crate::ui::{JobWatcher, loaded};

const TITLE: &str = "Importazione dell'anagrafe vaccinale";

#[component]
pub fn RegistryJobPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let job = Resource::new_blocking(id, |id| async move {
        job_status(id)
            .await?
            .filter(|j| j.kind == super::super::paths::REGISTRY_JOB_KIND)
            .ok_or(AppError::NotFound)
    });
    view! {
        <Title text=TITLE />
        <h1>{TITLE}</h1>
        {loaded(job, |job| view! { <JobSection job /> })}
        <p>
            <A href=HOME>"Torna a Obbligo vaccinale"</A>
        </p>
    }
}

#[component]
fn JobSection(job: JobView) -> impl IntoView {
    match job.state {
        JobState::Done => {
            let o = job
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str::<RegistryOutcome>(r).ok())
                .unwrap_or_default();
            let rows = o
                .errors
                .iter()
                .map(|(row, message)| {
                    view! {
                        <tr>
                            <td>{*row}</td>
                            <td>{message.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="result ok" role="status" data-testid="registry-outcome">
                    <p>
                        {format!(
                            "Anagrafe vaccinale in uso: {} assistiti, {} righe caricate, {} righe scartate.",
                            o.pupils,
                            o.rows,
                            o.rejected_rows,
                        )}
                    </p>
                </div>
                <table class="data-table">
                    <caption>{format!("Righe scartate ({})", o.rejected_rows)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Riga"</th>
                            <th scope="col">"Errore"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
        JobState::Failed => view! {
            <div class="result ko" role="alert" data-testid="registry-failed">
                <p>"Importazione non eseguita: resta in uso l'anagrafe precedente."</p>
                <p>{job.message}</p>
            </div>
        }
        .into_any(),
        JobState::Queued | JobState::Running => {
            let href = format!("{REGISTRY_PATH}/{}", job.id);
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
