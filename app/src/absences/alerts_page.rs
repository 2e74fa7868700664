//! "Allerte" (/assenze/allerte, ATS): every alert of the territory's series
//! (plesso, comune, ATS) with its day, method, statistic, observed and
//! expected rate, and the operator's review of each.

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_meta::Title;
use leptos_router::components::A;

use super::alerts_api::{AlertRow, ReviewAlert, load_alerts};
use super::signals::Review;
use crate::identity::csrf_client::CsrfField;
use crate::ui::loaded;

#[component]
pub fn AlertsPage() -> impl IntoView {
    let alerts = Resource::new_blocking(|| (), |_| load_alerts());
    view! {
        <Title text="Allerte" />
        <h1>"Allerte"</h1>
        <p>
            "Le allerte dei metodi EARS C1, C2, C3 e dei limiti storici (HLIMITS) sulle assenze delle scuole sentinella, "
            "per plesso, per comune e per l'intero territorio, ricalcolate a ogni nuova rilevazione."
        </p>
        <p>
            <A href="/assenze/laboratorio">"Laboratorio allerte"</A>
            ": i quattro metodi a confronto sui dati passati di una serie."
        </p>
        {loaded(alerts, |rows| view! { <AlertsTable rows /> })}
        <p>
            <A href="/assenze">"Torna al Registro assenze"</A>
        </p>
    }
}

#[component]
fn AlertsTable(rows: Vec<AlertRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p data-testid="no-alerts">"Nessuna allerta."</p> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|a| {
            let state = Review::from_key(&a.review).map_or("", Review::label);
            view! {
                <tr id=format!("allerta-{}", a.id) data-testid="alert-row">
                    <td>{format!("{}: {}", a.series_kind, a.series)}</td>
                    <td>{a.day.clone()}</td>
                    <td>{a.method.clone()}</td>
                    <td>{format!("{} (soglia {})", a.statistic, a.threshold)}</td>
                    <td>{a.observed.clone()}</td>
                    <td>{a.expected.clone()}</td>
                    <td data-testid="alert-state">{state}</td>
                    <td>
                        <AlertReview id=a.id review=a.review.clone() note=a.note.clone() />
                        {a
                            .requests
                            .iter()
                            .cloned()
                            .map(|r| view! { <super::requests_page::RequestSummary r /> })
                            .collect_view()}
                        {a
                            .askable
                            .then(|| {
                                view! { <super::requests_page::RequestInfoForm alert_id=a.id /> }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="alerts">
            <caption>"Allerte del territorio, dalla più recente"</caption>
            <thead>
                <tr>
                    <th scope="col">"Serie"</th>
                    <th scope="col">"Giorno"</th>
                    <th scope="col">"Metodo"</th>
                    <th scope="col">"Statistica"</th>
                    <th scope="col">"Tasso osservato"</th>
                    <th scope="col">"Tasso atteso"</th>
                    <th scope="col">"Stato"</th>
                    <th scope="col">"Revisione"</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

/// The review of one alert: a plain form (works without JavaScript); with
/// JavaScript it is sent in place and the page reloads.
#[island]
fn AlertReview(id: i32, review: String, note: String) -> impl IntoView {
    let action = ServerAction::<ReviewAlert>::new();
    let state = RwSignal::new(review);
    let text = RwSignal::new(note);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ReviewAlert {
            id,
            review: state.get_untracked(),
            note: text.get_untracked(),
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().reload();
        }
    });
    let select_id = format!("review-{id}");
    let note_id = format!("note-{id}");
    let options = Review::ALL
        .into_iter()
        .filter(|r| *r != Review::Nuova)
        .map(|r| {
            let key = r.key();
            view! {
                <option value=key selected=move || state.get() == key>
                    {r.label()}
                </option>
            }
        })
        .collect_view();
    view! {
        <form action=ReviewAlert::url() method="post" on:submit=on_submit>
            <CsrfField />
            <input type="hidden" name="id" value=id />
            <label for=select_id.clone()>"Stato"</label>
            <select
                id=select_id
                name="review"
                on:change:target=move |ev| state.set(ev.target().value())
            >
                {options}
            </select>
            <label for=note_id.clone()>"Nota"</label>
            <input
                id=note_id
                name="note"
                type="text"
                maxlength=2000
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(ev.target().value())
            />
            <button type="submit" class="btn btn-secondary" disabled=move || action.pending().get()>
                "Aggiorna"
            </button>
            {move || {
                action
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e.to_string()}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
