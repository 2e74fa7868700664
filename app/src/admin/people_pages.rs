//! The administration's pages about people: the registration requests
//! (/amministrazione/richieste) and the accounts with their roles
//! (/amministrazione/account).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::account_forms::{AccountActions, AccountEditor, RequestDecision};
use super::api::{AccountsData, load_accounts};
use super::pages::SectionNav;
use super::rules::AccountForm;
use crate::registration::api::{RequestView, list_registrations};
use crate::registration::rules::RequestStatus;
use crate::ui::{RefusalNotice, loaded, server_today};
use crate::validation::dates::format_date_it;

#[component]
pub fn RequestsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("pagina")
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(0, |p| p.saturating_sub(1))
    };
    let requests = Resource::new_blocking(page, list_registrations);
    view! {
        <Title text="Richieste di registrazione" />
        <h1>"Richieste di registrazione"</h1>
        {loaded(
            requests,
            |data| {
                view! {
                    <SectionNav />
                    <RequestsTable list=data.rows />
                    <Pager page=data.page more=data.more base="/amministrazione/richieste" />
                }
            },
        )}
    }
}

/// "Pagina precedente" / "Pagina successiva" links (pages count from 1 in the URL).
#[component]
fn Pager(page: u64, more: bool, base: &'static str) -> impl IntoView {
    let previous = (page > 0).then(|| {
        let href = format!("{base}?pagina={page}");
        view! {
            <a href=href rel="prev">
                "Pagina precedente"
            </a>
        }
    });
    let next = more.then(|| {
        let href = format!("{base}?pagina={}", page + 2);
        view! {
            <a href=href rel="next">
                "Pagina successiva"
            </a>
        }
    });
    (page > 0 || more).then(|| {
        view! {
            <nav class="pager" aria-label="Pagine delle richieste">
                {previous}
                <span>{format!("Pagina {}", page + 1)}</span>
                {next}
            </nav>
        }
    })
}

#[component]
fn RequestsTable(list: Vec<RequestView>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|r| {
            let istituto = match &r.istituto_name {
                Some(name) => format!("{name} ({})", r.istituto_codice),
                None => format!("{} (non in anagrafe)", r.istituto_codice),
            };
            let outcome = match (r.status, r.reason) {
                (RequestStatus::Pending, _) => view! { <RequestDecision id=r.id /> }.into_any(),
                (status, Some(reason)) => format!("{}: {reason}", status.label()).into_any(),
                (status, None) => status.label().into_any(),
            };
            view! {
                <tr data-testid="request-row">
                    <td>{format_date_it(r.created_on)}</td>
                    <td>{istituto}</td>
                    <td>
                        <strong>{r.full_name}</strong>
                        <br />
                        <span class="mono">{r.codice_fiscale}</span>
                    </td>
                    <td>{r.email}<br />{r.phone}</td>
                    <td>{outcome}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="requests">
                <caption>"Richieste ricevute (in attesa per prime)"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Data"</th>
                        <th scope="col">"Istituto"</th>
                        <th scope="col">"Dirigente"</th>
                        <th scope="col">"Recapiti"</th>
                        <th scope="col">"Stato e decisione"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_accounts());
    let query = use_query_map();
    let editing = move || {
        query
            .read()
            .get("modifica")
            .and_then(|v| v.parse::<i32>().ok())
    };
    view! {
        <Title text="Account e ruoli" />
        <h1>"Account e ruoli"</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(data) => {
                            view! {
                                <SectionNav />
                                <AccountsSection data editing=editing() />
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
fn AccountsSection(data: AccountsData, editing: Option<i32>) -> impl IntoView {
    let today = server_today();
    let existing = editing
        .and_then(|id| data.accounts.iter().find(|a| a.id == id))
        .map(|a| AccountForm {
            id: Some(a.id),
            username: a.username.clone(),
            full_name: a.full_name.clone(),
            codice_fiscale: a.codice_fiscale.clone().unwrap_or_default(),
            email: a.email.clone().unwrap_or_default(),
            role: a.role.clone(),
            placement: a.placement.clone(),
            login: String::new(),
        });
    let title = match &existing {
        Some(a) => format!("Modifica account {}", a.username),
        None => "Nuovo account".to_owned(),
    };
    let rows = data
        .accounts
        .into_iter()
        .map(|a| {
            let role = crate::identity::Role::from_key(&a.role)
                .map(|r| r.label())
                .unwrap_or("?");
            let access = if a.has_password {
                "password e SPID/CIE"
            } else {
                "solo SPID/CIE"
            };
            view! {
                <tr data-testid="account-row">
                    <td>{a.username}</td>
                    <td>
                        {a.full_name}<br />
                        <span class="mono">{a.codice_fiscale.unwrap_or_default()}</span>
                    </td>
                    <td>{role}</td>
                    <td>{a.placement_label}</td>
                    <td>{if a.active { "attivo" } else { "disattivato" }}<br />{access}</td>
                    <td>
                        <A href=format!(
                            "/amministrazione/account?modifica={}#modifica",
                            a.id,
                        )>"Modifica"</A>
                        <AccountActions id=a.id active=a.active />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let placements = data.placements;
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="accounts-table">
                <caption>"Account del portale"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Nome utente"</th>
                        <th scope="col">"Persona"</th>
                        <th scope="col">"Ruolo"</th>
                        <th scope="col">"Assegnazione"</th>
                        <th scope="col">"Stato e accesso"</th>
                        <th scope="col">"Azioni"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 id="modifica">{title}</h2>
        {match existing {
            Some(existing) => view! { <AccountEditor existing placements today /> }.into_any(),
            None => view! { <AccountEditor placements today /> }.into_any(),
        }}
    }
}
