//! "Amministrazione" (/amministrazione and its sections), rendered on the
//! server: plain tables with captions, forms as islands. Every section's
//! data comes from an administrator-only server function, so anyone else
//! reads the refusal.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{RegistryData, load_registry};
use super::forms::{AtsEditor, IstitutoEditor, PlessoEditor};
use super::import_form::ImportForm;
use super::import_rules::{ERROR_PARAM, UploadRefusal};
use super::rules::{AtsForm, IstitutoForm, PlessoForm};
use crate::registration::api::list_registrations;
use crate::schools::SchoolType;
use crate::ui::{RefusalNotice, loaded};

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
