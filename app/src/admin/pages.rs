//! "Amministrazione" (/amministrazione and its sections), rendered on the
//! server: plain tables with captions, forms as islands. Every section's
//! data comes from an administrator-only server function, so anyone else
//! reads the refusal.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::account_forms::{AccountActions, AccountEditor, RequestDecision};
use super::api::{AccountsData, RegistryData, load_accounts, load_registry};
use super::forms::{AtsEditor, IstitutoEditor, PlessoEditor};
use super::import_form::ImportForm;
use super::import_rules::{ERROR_PARAM, UploadRefusal};
use super::rules::{AccountForm, AtsForm, IstitutoForm, PlessoForm};
use crate::registration::api::{RequestView, list_registrations};
use crate::registration::rules::RequestStatus;
use crate::schools::SchoolType;
use crate::ui::{RefusalNotice, loaded, server_today};
use crate::validation::dates::format_date_it;

const SECTIONS: [(&str, &str); 4] = [
    ("/amministrazione/richieste", "Richieste di registrazione"),
    (
        "/amministrazione/scuole",
        "Istituti e plessi, importazione dell'anagrafe",
    ),
    ("/amministrazione/account", "Account e ruoli"),
    ("/amministrazione/ats", "ATS"),
];

#[component]
pub(super) fn SectionNav() -> impl IntoView {
    view! {
        <nav aria-label="Sezioni dell'amministrazione" class="admin-nav">
            <ul>
                <li>
                    <A href="/amministrazione" exact=true>
                        "Panoramica"
                    </A>
                </li>
                {SECTIONS
                    .iter()
                    .map(|(href, label)| {
                        view! {
                            <li>
                                <A href=*href>{*label}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn AdminHome() -> impl IntoView {
    let requests = Resource::new_blocking(|| (), |_| list_registrations(0));
    view! {
        <Title text="Amministrazione" />
        <h1>"Amministrazione"</h1>
        <Suspense fallback=|| ()>
            {move || {
                requests
                    .get()
                    .map(|r| match r {
                        Ok(list) => {
                            let pending = list.pending;
                            view! {
                                <SectionNav />
                                <p class="callout" data-testid="pending-count">
                                    {format!("Richieste di registrazione in attesa: {pending}.")}
                                </p>
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
pub fn AtsPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_registry());
    let query = use_query_map();
    let editing = move || {
        query
            .read()
            .get("modifica")
            .and_then(|v| v.parse::<i32>().ok())
    };
    view! {
        <Title text="ATS" />
        <h1>"ATS"</h1>
        {loaded(
            data,
            move |data| {
                view! {
                    <SectionNav />
                    <AtsSection data editing=editing() />
                }
            },
        )}
    }
}

#[component]
fn AtsSection(data: RegistryData, editing: Option<i32>) -> impl IntoView {
    let existing = editing
        .and_then(|id| data.ats.iter().find(|a| a.id == id))
        .map(|a| AtsForm {
            id: Some(a.id),
            code: a.code.clone(),
            name: a.name.clone(),
            provinces: a.provinces.clone(),
            chief_comuni: a.chief_comuni.clone(),
        });
    let title = if existing.is_some() {
        "Modifica ATS"
    } else {
        "Nuova ATS"
    };
    let rows = data
        .ats
        .into_iter()
        .map(|a| {
            view! {
                <tr>
                    <td>{a.code}</td>
                    <td>{a.name}</td>
                    <td>{a.provinces}</td>
                    <td>{a.chief_comuni}</td>
                    <td>
                        <A href=format!("/amministrazione/ats?modifica={}", a.id)>"Modifica"</A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="ats-table">
            <caption>"ATS registrate"</caption>
            <thead>
                <tr>
                    <th scope="col">"Codice"</th>
                    <th scope="col">"Nome"</th>
                    <th scope="col">"Province"</th>
                    <th scope="col">"Comuni capofila (ISTAT)"</th>
                    <th scope="col">"Azioni"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <h2>{title}</h2>
        {match existing {
            Some(existing) => view! { <AtsEditor existing /> }.into_any(),
            None => view! { <AtsEditor /> }.into_any(),
        }}
    }
}

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_registry());
    let query = use_query_map();
    let pick = move |key: &str| query.read().get(key).and_then(|v| v.parse::<i32>().ok());
    let refused = move || {
        query
            .read()
            .get(ERROR_PARAM)
            .and_then(|c| UploadRefusal::from_code(&c))
    };
    view! {
        <Title text="Istituti e plessi" />
        <h1>"Istituti e plessi"</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(data) => {
                            view! {
                                <SectionNav />
                                <SchoolsSection
                                    data
                                    istituto=pick("istituto")
                                    plesso=pick("plesso")
                                    refused=refused()
                                />
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
fn SchoolsSection(
    data: RegistryData,
    istituto: Option<i32>,
    plesso: Option<i32>,
    refused: Option<UploadRefusal>,
) -> impl IntoView {
    let ats: Vec<(String, String)> = data
        .ats
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect();
    let istituti: Vec<(String, String)> = data
        .istituti
        .iter()
        .map(|i| (i.id.to_string(), format!("{} ({})", i.name, i.codice)))
        .collect();
    let types: Vec<(String, String)> = SchoolType::ALL
        .iter()
        .map(|t| (t.key().to_owned(), t.label().to_owned()))
        .collect();
    let ist_edit = istituto
        .and_then(|id| data.istituti.iter().find(|i| i.id == id))
        .map(|i| IstitutoForm {
            id: Some(i.id),
            codice: i.codice.clone(),
            name: i.name.clone(),
            ats_id: Some(i.ats_id),
            comune_belfiore: i.comune_belfiore.clone(),
        });
    let ple_edit = plesso.and_then(|id| {
        data.istituti.iter().find_map(|i| {
            i.plessi.iter().find(|p| p.id == id).map(|p| PlessoForm {
                id: Some(p.id),
                codice: p.codice.clone(),
                istituto_id: Some(i.id),
                name: p.name.clone(),
                comune_belfiore: p.comune_belfiore.clone(),
                address: p.address.clone(),
                school_type: p.school_type.clone(),
            })
        })
    });
    let rows = data
        .istituti
        .into_iter()
        .map(|i| {
            let plessi = i.plessi.into_iter().map(|p| {
            let kind = SchoolType::from_key(&p.school_type).map(|t| t.label()).unwrap_or("—");
            view! {
                <li>
                    {format!("{} ({}) — {kind}, {} ", p.name, p.codice, p.address)}
                    <A href=format!("/amministrazione/scuole?plesso={}#plesso", p.id)>"Modifica"</A>
                </li>
            }
        }).collect_view();
            view! {
                <tr>
                    <td>{i.codice}</td>
                    <td>{i.name}</td>
                    <td>{i.ats_name}</td>
                    <td>
                        <ul class="plessi">{plessi}</ul>
                    </td>
                    <td>
                        <A href=format!(
                            "/amministrazione/scuole?istituto={}#istituto",
                            i.id,
                        )>"Modifica"</A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="schools-table">
                <caption>"Istituti con i loro plessi"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Codice"</th>
                        <th scope="col">"Istituto"</th>
                        <th scope="col">"ATS"</th>
                        <th scope="col">"Plessi"</th>
                        <th scope="col">"Azioni"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 id="istituto">
            {if ist_edit.is_some() { "Modifica istituto" } else { "Nuovo istituto" }}
        </h2>
        {match ist_edit {
            Some(existing) => view! { <IstitutoEditor existing ats=ats.clone() /> }.into_any(),
            None => view! { <IstitutoEditor ats=ats.clone() /> }.into_any(),
        }}
        <h2 id="plesso">{if ple_edit.is_some() { "Modifica plesso" } else { "Nuovo plesso" }}</h2>
        {match ple_edit {
            Some(existing) => view! { <PlessoEditor existing istituti types /> }.into_any(),
            None => view! { <PlessoEditor istituti types /> }.into_any(),
        }}
        <h2 id="importa">"Importa l'anagrafe delle scuole"</h2>
        <p>
            "Il file CSV degli open data del Ministero (colonne CODICESCUOLA, DENOMINAZIONESCUOLA, …): "
            "le righe valide sono importate o aggiornate, quelle con errori sono elencate con riga e colonna. "
            "L'importazione prosegue in background: la pagina che segue ne mostra l'avanzamento."
        </p>
        <ImportForm ats refused />
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
