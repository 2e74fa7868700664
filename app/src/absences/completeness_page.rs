//! "Completezza delle rilevazioni" (/assenze/completezza), the ATS's page:
//! the last survey day, its territory's sentinel plessi with their status
//! (inserito, in ritardo, mancante), the reminders already sent, and for
//! a missing one "Invia promemoria" — a plain form post, so it works
//! without JavaScript; the page then says to whom it went, or why not.

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::completeness::NotSent;
use super::completeness_api::{Completeness, CompletenessRow, SendReminder, load_completeness};
use crate::identity::csrf_client::CsrfField;
use crate::ui::loaded;

const TITLE: &str = "Completezza delle rilevazioni";

#[component]
pub fn CompletenessPage() -> impl IntoView {
    let query = use_query_map();
    let sent_id = move || {
        query
            .read()
            .get("promemoria")
            .and_then(|v| v.trim().parse::<i32>().ok())
            .unwrap_or(0)
    };
    let not_sent = move || {
        let q = query.read();
        let plesso = q.get("non_inviato")?.trim().parse::<i32>().ok()?;
        let reason = NotSent::from_key(&q.get("motivo")?)?;
        Some((plesso, reason))
    };
    let data = Resource::new_blocking(sent_id, load_completeness);
    view! {
        <Title text=TITLE />
        <h1>{TITLE}</h1>
        {loaded(data, move |c| view! { <Overview c not_sent=not_sent() /> })}
        <p>
            <A href="/assenze">"Torna al Registro assenze"</A>
        </p>
    }
}

#[component]
fn Overview(c: Completeness, not_sent: Option<(i32, NotSent)>) -> impl IntoView {
    let name_of = |id: i32| {
        c.rows
            .iter()
            .find(|r| r.plesso_id == id)
            .map(|r| format!("{} ({})", r.name, r.codice))
            .unwrap_or_default()
    };
    let sent = c.sent.clone().map(|(plesso, to)| {
        view! {
            <p class="result ok" role="status" data-testid="reminder-sent">
                {format!("Promemoria inviato a {to} per il plesso {}.", name_of(plesso))}
            </p>
        }
    });
    let refused = not_sent.map(|(plesso, reason)| {
        view! {
            <p class="result ko" role="alert" data-testid="reminder-not-sent">
                {format!("{} ({})", reason.message(), name_of(plesso))}
            </p>
        }
    });
    let Some(day) = c.survey_day.clone() else {
        return view! {
            {sent}
            {refused}
            <p>"Nessun giorno di rilevazione recente nel calendario scolastico."</p>
        }
        .into_any();
    };
    let deadline = c.deadline.clone().unwrap_or_default();
    let mail_off = (!c.mail).then(|| {
        view! {
            <p class="callout" data-testid="mail-off">
                {NotSent::NotConfigured.message()}
            </p>
        }
    });
    let body = if c.rows.is_empty() {
        view! { <p>"Nessuna scuola sentinella designata nel territorio."</p> }.into_any()
    } else {
        let rows = c
            .rows
            .into_iter()
            .map(|r| view! { <Row r /> })
            .collect_view();
        view! {
            <table class="data-table" data-testid="completeness">
                <caption>{format!("Scuole sentinella: rilevazione di {day}")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Codice"</th>
                        <th scope="col">"Plesso"</th>
                        <th scope="col">"Stato"</th>
                        <th scope="col">"Promemoria inviati"</th>
                        <th scope="col">"Azioni"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        {sent}
        {refused}
        <p data-testid="survey-day">
            {format!(
                "Ultimo giorno di rilevazione: {day}. Inserimento in ritardo possibile fino a {deadline}.",
            )}
        </p>
        {mail_off}
        {body}
    }
    .into_any()
}

#[component]
fn Row(r: CompletenessRow) -> impl IntoView {
    let reminders = if r.manual + r.automatic == 0 {
        "nessuno".to_owned()
    } else {
        format!("manuali: {}, automatici: {}", r.manual, r.automatic)
    };
    let action = (r.status == "mancante").then(|| {
        view! {
            <form action=SendReminder::url() method="post">
                <CsrfField />
                <input type="hidden" name="plesso_id" value=r.plesso_id />
                <button
                    type="submit"
                    class="btn btn-secondary"
                    aria-label=format!("Invia promemoria: {}", r.name)
                >
                    "Invia promemoria"
                </button>
            </form>
        }
    });
    view! {
        <tr
            id=format!("plesso-{}", r.plesso_id)
            data-codice=r.codice.clone()
            data-status=r.status.clone()
        >
            <td>{r.codice.clone()}</td>
            <td>{r.name.clone()}</td>
            <td data-testid="completeness-status">{r.status_label.clone()}</td>
            <td data-testid="reminders-sent">{reminders}</td>
            <td>{action}</td>
        </tr>
    }
}
