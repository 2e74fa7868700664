//! "Calendario scolastico" (/assenze/calendario), the ATS's page (an
//! operator for their own ATS, the administrator for any, with a select):
//! the calendar in force and whose it is, "Carica calendario" (CSV
//! `data,motivo`), a closed day added or removed, the school-year dates,
//! "Ripristina il calendario predefinito". And the school side's
//! "Chiusure del plesso" on `/assenze`. Every form is a plain post.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::ClosureRow;
use super::calendar_api::{
    CalendarView, RemoveClosedDay, RemovePlessoClosure, ResetCalendar, load_calendar,
};
use super::calendar_forms::{ClosedDayEntry, ClosureEntry, SchoolYearEntry};
use crate::error::AppError;
use crate::identity::csrf_client::CsrfField;
use crate::ui::loaded;

const TITLE: &str = "Calendario scolastico";

/// The refusal of a plain post to `S` this page is rendered in answer to
/// (a form without fields of its own: "Rimuovi", "Ripristina").
fn refused<S>() -> Option<impl IntoView>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let err = action.value().get_untracked()?.err()?;
    Some(view! {
        <p class="result ko" role="alert" data-testid="form-errors">
            {err.to_string()}
        </p>
    })
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        let number = |k: &str| {
            q.get(k)
                .and_then(|v| v.trim().parse::<i32>().ok())
                .unwrap_or(0)
        };
        (number("ats"), number("caricamento"))
    };
    let updated = move || query.read().get("aggiornato").is_some();
    let data = Resource::new_blocking(args, |(ats, caricamento)| load_calendar(ats, caricamento));
    view! {
        <Title text=TITLE />
        <h1>{TITLE}</h1>
        {move || {
            updated()
                .then(|| {
                    view! {
                        <p class="result ok" role="status" data-testid="calendar-saved">
                            "Calendario aggiornato."
                        </p>
                    }
                })
        }}
        {refused::<RemoveClosedDay>()}
        {refused::<ResetCalendar>()}
        {loaded(data, |c| view! { <Calendar c /> })}
        <p>
            <A href="/assenze">"Torna al Registro assenze"</A>
        </p>
    }
}

#[component]
fn AtsChoice(current: i32, choices: Vec<(i32, String)>) -> impl IntoView {
    let options = choices
        .into_iter()
        .map(|(id, name)| {
            view! {
                <option value=id selected=id == current>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <form action="/assenze/calendario" method="get" class="inline-form">
            <div class="form-group">
                <label for="cal-ats">"ATS"</label>
                <select id="cal-ats" name="ats">
                    {options}
                </select>
            </div>
            <button type="submit" class="btn btn-secondary">
                "Mostra"
            </button>
        </form>
    }
}

#[component]
fn Calendar(c: CalendarView) -> impl IntoView {
    let ats_id = c.ats_id;
    let choice = (!c.choices.is_empty())
        .then(|| view! { <AtsChoice current=ats_id choices=c.choices.clone() /> });
    let years = c
        .years
        .iter()
        .map(|y| {
            view! {
                <tr>
                    <td>{y.label.clone()}</td>
                    <td>{y.first_day.clone()}</td>
                    <td>{y.last_day.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let (first, last) = c
        .years
        .last()
        .map(|y| (y.first_day.clone(), y.last_day.clone()))
        .unwrap_or_default();
    let days = c
        .days
        .iter()
        .map(|d| {
            view! {
                <tr data-day=d.day_iso.clone()>
                    <td>{d.day.clone()}</td>
                    <td>{d.reason.clone()}</td>
                    <td>
                        <form action=RemoveClosedDay::url() method="post">
                            <CsrfField />
                            <input type="hidden" name="ats_id" value=ats_id />
                            <input type="hidden" name="day" value=d.day_iso.clone() />
                            <button
                                type="submit"
                                class="btn btn-secondary"
                                aria-label=format!("Rimuovi: {}", d.day)
                            >
                                "Rimuovi"
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let upload = c.upload.clone();
    let upload_errors = upload.as_ref().filter(|u| !u.errors.is_empty()).map(|u| {
        let items = u
            .errors
            .iter()
            .map(|e| view! { <li>{e.clone()}</li> })
            .collect_view();
        view! {
            <div id="cal-file-error" class="field-error" role="alert" data-testid="upload-errors">
                <p>
                    {format!(
                        "Il file «{}» non è stato caricato: correggere le righe indicate.",
                        u.file_name,
                    )}
                </p>
                <ul>{items}</ul>
            </div>
        }
    });
    let upload_ok = upload.as_ref().filter(|u| u.errors.is_empty()).map(|u| {
        view! {
            <p class="result ok" role="status" data-testid="upload-ok">
                {format!(
                    "Calendario caricato dal file «{}»: {} giorni di chiusura.",
                    u.file_name,
                    u.closed_days,
                )}
            </p>
        }
    });
    let has_error = upload_errors.is_some();
    view! {
        {choice}
        <section id="calendario" aria-labelledby="cal-title">
            <h2 id="cal-title">{format!("Calendario in vigore: {}", c.ats_name)}</h2>
            <p data-testid="calendar-source">{format!("Origine: {}.", c.source)}</p>
            <table class="data-table" data-testid="school-years">
                <caption>"Anni scolastici"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Anno"</th>
                        <th scope="col">"Inizio"</th>
                        <th scope="col">"Fine"</th>
                    </tr>
                </thead>
                <tbody>{years}</tbody>
            </table>
            <table class="data-table" data-testid="closed-days">
                <caption>"Giorni di chiusura"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Giorno"</th>
                        <th scope="col">"Motivo"</th>
                        <th scope="col">"Azioni"</th>
                    </tr>
                </thead>
                <tbody>{days}</tbody>
            </table>
        </section>
        <section id="carica" aria-labelledby="carica-title">
            <h2 id="carica-title">"Carica calendario"</h2>
            <p>
                "Un file CSV con una riga per giorno di chiusura: data,motivo (ad esempio 08/12/2026,Immacolata). "
                "Sostituisce i giorni di chiusura in vigore; le date dell'anno scolastico restano, salvo righe anno_scolastico nel file."
            </p>
            {upload_ok}
            // The token first: the server checks it before reading the file.
            <form
                action=super::calendar_api::UPLOAD_PATH
                method="post"
                enctype="multipart/form-data"
                novalidate
                data-testid="calendar-upload"
            >
                <CsrfField />
                <input type="hidden" name="ats_id" value=ats_id />
                <div class="form">
                    <div class="form-group" class:has-error=has_error>
                        <label for="cal-file">"File del calendario (CSV data,motivo)"</label>
                        <input
                            id="cal-file"
                            name="file"
                            type="file"
                            accept=".csv,text/csv"
                            aria-describedby="cal-file-error"
                            aria-invalid=if has_error { "true" } else { "false" }
                        />
                        {upload_errors}
                    </div>
                    <button type="submit" class="btn">
                        "Carica calendario"
                    </button>
                </div>
            </form>
        </section>
        <section aria-labelledby="giorno-title">
            <h2 id="giorno-title">"Aggiungi un giorno di chiusura"</h2>
            <ClosedDayEntry ats_id />
        </section>
        <section aria-labelledby="anno-title">
            <h2 id="anno-title">"Date dell'anno scolastico"</h2>
            <SchoolYearEntry ats_id first_day=first last_day=last />
        </section>
        <section aria-labelledby="ripristina-title">
            <h2 id="ripristina-title">"Calendario predefinito"</h2>
            <form action=ResetCalendar::url() method="post">
                <CsrfField />
                <input type="hidden" name="ats_id" value=ats_id />
                <button type="submit" class="btn btn-secondary" disabled=!c.custom>
                    "Ripristina il calendario predefinito"
                </button>
            </form>
        </section>
    }
}

/// "Chiusure del plesso" of a sentinel plesso: its own closed days, with
/// "Rimuovi" for those not yet past, and the form adding more.
#[component]
pub fn PlessoClosures(plesso_id: i32, closures: Vec<ClosureRow>) -> impl IntoView {
    let today = crate::ui::server_today();
    let rows = closures
        .iter()
        .map(|c| {
            let remove = c.removable.then(|| {
                view! {
                    <form action=RemovePlessoClosure::url() method="post">
                        <CsrfField />
                        <input type="hidden" name="plesso_id" value=plesso_id />
                        <input type="hidden" name="day" value=c.day_iso.clone() />
                        <button
                            type="submit"
                            class="btn btn-secondary"
                            aria-label=format!("Rimuovi la chiusura di {}", c.day)
                        >
                            "Rimuovi"
                        </button>
                    </form>
                }
            });
            view! {
                <tr data-day=c.day_iso.clone()>
                    <td>{c.day.clone()}</td>
                    <td>{c.reason.clone()}</td>
                    <td>{remove}</td>
                </tr>
            }
        })
        .collect_view();
    let title = format!("chiusure-{plesso_id}-title");
    let labelled = title.clone();
    view! {
        <section
            class="closures"
            id=format!("chiusure-{plesso_id}")
            aria-labelledby=labelled
            data-testid="plesso-closures"
        >
            <h3 id=title>"Chiusure del plesso"</h3>
            {refused::<RemovePlessoClosure>()}
            {(!closures.is_empty())
                .then(|| {
                    view! {
                        <table class="data-table">
                            <caption>"Giorni di chiusura del plesso"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Giorno"</th>
                                    <th scope="col">"Motivo"</th>
                                    <th scope="col">"Azioni"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                })}
            <ClosureEntry plesso_id today />
        </section>
    }
}
