//! "Registro attività": the audit log, filtered by the query string (a GET
//! form, so filters can be bookmarked and work without JavaScript).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::api::{AuditFilter, AuditRow, ENTITIES, MAX_ROWS, list_audit};
use crate::error::AppError;
use crate::ui::RefusalNotice;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.get();
        let get = |k: &str| q.get(k).unwrap_or_default();
        AuditFilter {
            dal: get("dal"),
            al: get("al"),
            utente: get("utente"),
            entita: get("entita"),
            istituto: get("istituto"),
        }
    });
    let rows = Resource::new(move || filter.get(), list_audit);

    view! {
        <Title text="Registro attività" />
        <h1>"Registro attività"</h1>
        <p>
            "Ogni scrittura del portale (accessi, uscite, modifiche) con autore, ruolo, ora e indirizzo. "
            "Il registro non può essere modificato né cancellato."
        </p>
        <Form method="GET" action="">
            <div class="filters">
                <div class="form-group">
                    <label for="f-dal">"Dal"</label>
                    <input
                        id="f-dal"
                        name="dal"
                        type="date"
                        value=filter.get_untracked().dal
                        prop:value=move || filter.get().dal
                    />
                </div>
                <div class="form-group">
                    <label for="f-al">"Al"</label>
                    <input
                        id="f-al"
                        name="al"
                        type="date"
                        value=filter.get_untracked().al
                        prop:value=move || filter.get().al
                    />
                </div>
                <div class="form-group">
                    <label for="f-utente">"Utente"</label>
                    <input
                        id="f-utente"
                        name="utente"
                        type="text"
                        autocomplete="off"
                        value=filter.get_untracked().utente
                        prop:value=move || filter.get().utente
                    />
                </div>
                <div class="form-group">
                    <label for="f-entita">"Tipo di dato"</label>
                    <select id="f-entita" name="entita">
                        <option value="" selected=move || filter.get().entita.is_empty()>
                            "Tutti"
                        </option>
                        {ENTITIES
                            .iter()
                            .map(|(key, label)| {
                                view! {
                                    <option value=*key selected=move || filter.get().entita == *key>
                                        {*label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn">
                    "Filtra"
                </button>
            </div>
        </Form>
        <Transition fallback=|| {
            view! { <p>"Caricamento…"</p> }
        }>
            {move || {
                rows.get()
                    .map(|result| match result {
                        Ok(list) => view! { <AuditTable rows=list /> }.into_any(),
                        Err(AppError::Validation(errors)) => {
                            let messages: Vec<String> = errors
                                .0
                                .iter()
                                .map(|e| e.message.clone())
                                .collect();
                            view! {
                                <div class="form-errors" role="alert">
                                    {messages
                                        .into_iter()
                                        .map(|m| view! { <p>{m}</p> })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                        Err(err) => view! { <RefusalNotice err /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn AuditTable(rows: Vec<AuditRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p data-testid="audit-empty">"Nessuna attività con questi filtri."</p> }
            .into_any();
    }
    let capped = rows.len() as u64 >= MAX_ROWS;
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="audit-table">
                <caption>
                    {format!("{} attività, dalla più recente", rows.len())}
                    {capped
                        .then_some(
                            " (solo le più recenti: restringere i filtri per vedere le altre)",
                        )}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Data e ora"</th>
                        <th scope="col">"Utente"</th>
                        <th scope="col">"Ruolo"</th>
                        <th scope="col">"Azione"</th>
                        <th scope="col">"Dato"</th>
                        <th scope="col">"Modifiche"</th>
                        <th scope="col">"Indirizzo"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let what = match r.entity_id {
                                Some(id) => format!("{} {id}", r.entity),
                                None => r.entity.clone(),
                            };
                            view! {
                                <tr>
                                    <td>{r.at}</td>
                                    <td>{r.actor}</td>
                                    <td>{r.role}</td>
                                    <td>{r.action}</td>
                                    <td>{what}</td>
                                    <td>
                                        <code>{r.changes}</code>
                                    </td>
                                    <td>{r.client_ip}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
