//! "Registro assenze" (/assenze): for a school, each plesso's iscritti e
//! classi (in force, history, the reminder when this school year's are
//! missing) with "Aggiungi"; for the ATS, its territory's plessi with their
//! figures and the "scuola sentinella" designation. The entry page
//! (/assenze/iscritti?plesso=ID) holds the form. Plain forms first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{
    AbsencesHome, EnrolmentRow, PlessoFigures, load_absences_home, load_plesso_figures,
};
use super::forms::{EnrolmentEntry, SentinelToggle};
use crate::ui::loaded;

const TITLE: &str = "Registro assenze";

#[component]
pub fn AbsencesPage() -> impl IntoView {
    let home = Resource::new_blocking(|| (), |_| load_absences_home());
    let query = use_query_map();
    let saved = move || query.read().get("salvato").is_some();
    let registered = move || query.read().get("registrata").is_some();
    let closed = move || query.read().get("chiusura").is_some();
    view! {
        <Title text=TITLE />
        <h1>{TITLE}</h1>
        {move || {
            saved()
                .then(|| {
                    view! {
                        <p class="result ok" role="status" data-testid="enrolment-saved">
                            "Dati salvati correttamente."
                        </p>
                    }
                })
        }}
        {move || {
            registered()
                .then(|| {
                    view! {
                        <p class="result ok" role="status" data-testid="entry-saved">
                            "Rilevazione delle assenze registrata."
                        </p>
                    }
                })
        }}
        {move || {
            closed()
                .then(|| {
                    view! {
                        <p class="result ok" role="status" data-testid="closures-saved">
                            "Chiusure del plesso aggiornate."
                        </p>
                    }
                })
        }}
        {loaded(home, |h| view! { <Home h /> })}
        <div class="module-intro">
            <p>
                "Ogni plesso registra il numero degli iscritti (fascia 6-19 anni) e delle classi; le scuole "
                "sentinella registrano le assenze il martedì e il giovedì, con inserimento possibile il giorno dopo."
            </p>
        </div>
    }
}

#[component]
fn Home(h: AbsencesHome) -> impl IntoView {
    let year = h.school_year.clone();
    let ats = h.ats;
    if h.plessi.is_empty() {
        return view! { <p>"Nessun plesso associato al profilo."</p> }.into_any();
    }
    if ats {
        return view! {
            <ul class="links">
                <li>
                    <A href="/assenze/allerte">"Allerte"</A>
                </li>
                <li>
                    <A href="/assenze/andamento">"Andamento delle assenze"</A>
                </li>
                <li>
                    <A href="/assenze/completezza">"Completezza delle rilevazioni"</A>
                </li>
                <li>
                    <A href="/assenze/calendario">"Calendario scolastico"</A>
                </li>
            </ul>
            <TerritoryTable plessi=h.plessi />
        }
        .into_any();
    }
    let requests = h
        .requests
        .into_iter()
        .map(|r| {
            let open = r.answered_at.is_none();
            let id = r.id;
            view! {
                <super::requests_page::RequestSummary r />
                {open.then(|| view! { <super::requests_page::AnswerForm id /> })}
            }
        })
        .collect_view();
    let has_requests = !requests.is_empty();
    view! {
        {has_requests
            .then(|| {
                view! {
                    <section aria-labelledby="richieste-title" data-testid="school-requests">
                        <h2 id="richieste-title">"Richieste di informazioni dall'ATS"</h2>
                        {requests}
                    </section>
                }
            })}
        {h
            .plessi
            .into_iter()
            .map(|p| view! { <PlessoSection p year=year.clone() /> })
            .collect_view()}
    }
    .into_any()
}

#[component]
fn Figures(current: Option<EnrolmentRow>) -> impl IntoView {
    match current {
        Some(c) => view! {
            <dl class="summary" data-testid="enrolment-current">
                <dt>"Iscritti (6-19 anni)"</dt>
                <dd>{c.pupils}</dd>
                <dt>"Classi"</dt>
                <dd>{c.classes}</dd>
                <dt>"In vigore dal"</dt>
                <dd>{c.valid_from}</dd>
            </dl>
        }
        .into_any(),
        None => view! { <p>"Nessun dato inserito."</p> }.into_any(),
    }
}

#[component]
fn PlessoSection(p: PlessoFigures, year: String) -> impl IntoView {
    let anchor = format!("plesso-{}", p.plesso_id);
    let heading = format!("{} ({})", p.name, p.codice);
    let title_id = format!("plesso-{}-title", p.plesso_id);
    let labelled = title_id.clone();
    let history = p
        .history
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.valid_from.clone()}</td>
                    <td>{e.pupils}</td>
                    <td>{e.classes}</td>
                    <td>{e.recorded_by.clone()}</td>
                    <td>{e.recorded_at.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let body = if p.asked {
        let sentinel = p.entry.clone().map(|entry| {
            view! { <super::sentinel_page::SentinelSection plesso_id=p.plesso_id entry /> }
        });
        view! {
            {sentinel}
            {p
                .missing
                .then(|| {
                    view! {
                        <p class="callout" data-testid="enrolment-missing">
                            {format!(
                                "Mancano iscritti e classi per l'anno scolastico {year}: inserirli con «Aggiungi».",
                            )}
                        </p>
                    }
                })}
            <Figures current=p.current.clone() />
            <form action="/assenze/iscritti" method="get">
                <input type="hidden" name="plesso" value=p.plesso_id />
                <button type="submit" class="btn">
                    "Aggiungi"
                </button>
            </form>
            {(!p.history.is_empty())
                .then(|| {
                    view! {
                        <table class="data-table" data-testid="enrolment-history">
                            <caption>"Storico di iscritti e classi"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"In vigore dal"</th>
                                    <th scope="col">"Iscritti"</th>
                                    <th scope="col">"Classi"</th>
                                    <th scope="col">"Inserito da"</th>
                                    <th scope="col">"Il"</th>
                                </tr>
                            </thead>
                            <tbody>{history}</tbody>
                        </table>
                    }
                })}
        }
        .into_any()
    } else {
        view! {
            <p>
                "Per questo tipo di scuola non sono richiesti iscritti e classi (fascia 6-19 anni)."
            </p>
        }
        .into_any()
    };
    view! {
        <section class="school" id=anchor aria-labelledby=labelled data-testid="plesso-figures">
            <h2 id=title_id>{heading}</h2>
            <p class="school-meta">
                {p.school_type.clone()} {p.sentinel.then_some(" · scuola sentinella")}
            </p>
            {body}
        </section>
    }
}

#[component]
fn TerritoryTable(plessi: Vec<PlessoFigures>) -> impl IntoView {
    let rows = plessi
        .into_iter()
        .map(|p| {
            let current = p
                .current
                .as_ref()
                .map(|c| {
                    format!(
                        "{} iscritti, {} classi, dal {}",
                        c.pupils, c.classes, c.valid_from
                    )
                })
                .unwrap_or_else(|| {
                    if p.asked {
                        "mancanti".to_owned()
                    } else {
                        "non richiesti".to_owned()
                    }
                });
            view! {
                <tr id=format!("plesso-{}", p.plesso_id) data-codice=p.codice.clone()>
                    <td>{p.codice.clone()}</td>
                    <td>{p.name.clone()}</td>
                    <td>{p.school_type.clone()}</td>
                    <td>{current}</td>
                    <td data-testid="sentinel-state">{if p.sentinel { "sì" } else { "no" }}</td>
                    <td>
                        {p
                            .asked
                            .then(|| {
                                view! {
                                    <SentinelToggle
                                        plesso_id=p.plesso_id
                                        active=p.sentinel
                                        name=p.name.clone()
                                    />
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="territory-plessi">
            <caption>"Plessi del territorio: iscritti e classi, scuole sentinella"</caption>
            <thead>
                <tr>
                    <th scope="col">"Codice"</th>
                    <th scope="col">"Plesso"</th>
                    <th scope="col">"Tipo"</th>
                    <th scope="col">"Iscritti e classi"</th>
                    <th scope="col">"Scuola sentinella"</th>
                    <th scope="col">"Azioni"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// "Aggiungi": the entry form of one plesso.
#[component]
pub fn EnrolmentPage() -> impl IntoView {
    let query = use_query_map();
    let id = move || {
        query
            .read()
            .get("plesso")
            .and_then(|v| v.trim().parse::<i32>().ok())
            .unwrap_or(0)
    };
    let plesso = Resource::new_blocking(id, load_plesso_figures);
    view! {
        <Title text="Iscritti e classi" />
        <h1>"Iscritti e classi"</h1>
        {loaded(
            plesso,
            |p| {
                let today = crate::ui::server_today();
                view! {
                    <p>{format!("Plesso: {} ({}) · {}", p.name, p.codice, p.school_type)}</p>
                    <Figures current=p.current.clone() />
                    <EnrolmentEntry plesso_id=p.plesso_id today />
                }
            },
        )}
        <p>
            <A href="/assenze">"Annulla e torna al Registro assenze"</A>
        </p>
    }
}

/// The reminder "La mia scuola" shows a plesso (and its principal) whose
/// iscritti e classi are missing for this school year.
#[component]
pub fn EnrolmentReminder() -> impl IntoView {
    let missing = Resource::new_blocking(|| (), |_| super::api::enrolment_reminders());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                missing
                    .get()
                    .and_then(Result::ok)
                    .filter(|m| !m.is_empty())
                    .map(|m| {
                        let items = m.into_iter().map(|p| view! { <li>{p}</li> }).collect_view();
                        view! {
                            <div class="callout" role="status" data-testid="enrolment-reminder">
                                <p>
                                    "Registro assenze: mancano iscritti e classi per l'anno scolastico in corso di:"
                                </p>
                                <ul>{items}</ul>
                                <p>
                                    <A href="/assenze">"Inserisci iscritti e classi"</A>
                                </p>
                            </div>
                        }
                    })
            }}
        </Suspense>
    }
}
