//! "Deleghe" (/deleghe): the dirigente's history of delegations with their
//! state, "Nuova delega" and "Revoca" (islands), and links to the printable
//! form. Rendered on the server.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{DelegationView, DelegationsData, list_delegations};
use super::form::{NewDelegationForm, RevokeButton};
use super::rules::DelegationState;
use crate::ui::RefusalNotice;
use crate::validation::dates::format_date_it;

#[component]
pub fn DelegationsPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| list_delegations());
    let query = use_query_map();
    let notice = move || {
        let q = query.read();
        if q.get("nuova").is_some() {
            Some("Delega registrata. Stampare il modulo, firmarlo e conservarlo agli atti.")
        } else if q.get("revocata").is_some() {
            Some("Delega revocata: la persona delegata non può più operare per i moduli indicati.")
        } else {
            None
        }
    };
    view! {
        <Title text="Deleghe" />
        <h1>"Deleghe"</h1>
        <p class="lead">
            "Il dirigente scolastico può delegare uno o più moduli del portale a una persona, per un "
            "periodo definito, e revocare la delega in qualsiasi momento. Tutto ciò che la persona "
            "delegata fa è registrato come fatto da lei per conto del dirigente."
        </p>
        {move || {
            notice()
                .map(|text| {
                    view! {
                        <p class="result ok" role="status" data-testid="notice">
                            {text}
                        </p>
                    }
                })
        }}
        <Suspense fallback=|| {
            view! { <p>"Caricamento…"</p> }
        }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(data) => view! { <DelegationsBody data /> }.into_any(),
                        Err(err) => view! { <RefusalNotice err /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DelegationsBody(data: DelegationsData) -> impl IntoView {
    let caption = format!("Storico delle deleghe di {}", data.istituto_name);
    let table = if data.delegations.is_empty() {
        view! { <p data-testid="no-delegations">"Nessuna delega registrata."</p> }.into_any()
    } else {
        let rows = data
            .delegations
            .into_iter()
            .map(|d| view! { <DelegationRow d /> })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="data-table" data-testid="delegations">
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Persona delegata"</th>
                            <th scope="col">"Moduli"</th>
                            <th scope="col">"Dal"</th>
                            <th scope="col">"Al"</th>
                            <th scope="col">"Stato"</th>
                            <th scope="col">"Azioni"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <h2>"Deleghe registrate"</h2>
        {table}
        <h2 id="nuova-delega">"Nuova delega"</h2>
        <p>
            "I campi sono tutti obbligatori. Se la persona non ha ancora un account, il portale lo crea "
            "per l'istituto: accederà con SPID o CIE con il proprio codice fiscale."
        </p>
        <NewDelegationForm today=data.today />
    }
}

#[component]
fn DelegationRow(d: DelegationView) -> impl IntoView {
    let modules = d
        .modules
        .iter()
        .map(|m| m.label())
        .collect::<Vec<_>>()
        .join(", ");
    let state_text = match (d.state, d.revoked_on) {
        (DelegationState::Revocata, Some(on)) => match &d.revoked_by {
            Some(by) => format!("revocata il {} da {by}", format_date_it(on)),
            None => format!("revocata il {}", format_date_it(on)),
        },
        (state, _) => state.label().to_owned(),
    };
    let state_class = format!("badge badge-{}", d.state.label());
    let print = format!("/deleghe/{}/stampa", d.id);
    let row_id = format!("delega-{}", d.id);
    let revoke = d
        .state
        .revocable()
        .then(|| view! { <RevokeButton id=d.id delegate_name=d.delegate_name.clone() /> });
    view! {
        <tr id=row_id data-testid="delegation-row" data-state=d.state.label()>
            <td>
                <strong>{d.delegate_name.clone()}</strong>
                <br />
                <span class="mono">{d.codice_fiscale}</span>
                <br />
                {d.email}
            </td>
            <td data-testid="delegation-modules">{modules}</td>
            <td>{format_date_it(d.start_date)}</td>
            <td>{format_date_it(d.end_date)}</td>
            <td>
                <span class=state_class>{state_text}</span>
            </td>
            <td>
                <A href=print>"Modulo da stampare"</A>
                {revoke}
            </td>
        </tr>
    }
}
