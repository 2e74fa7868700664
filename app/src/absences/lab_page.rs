//! "Laboratorio allerte" (/assenze/laboratorio, ATS): the four methods on
//! one series of the territory over a chosen period, side by side on one
//! chart (the rate, and a lane of alert days per method), the summary per
//! method (alerts, share of survey days alerted, lead time on an outbreak
//! start), the days as a table, and the marked outbreak starts. The form
//! is a plain GET: the page works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::chart::percent_label;
use super::lab::{FROM, LEAD_AFTER_DAYS, LEAD_BEFORE_DAYS, SERIES, START, TO};
use super::lab_api::{Lab, LabDay, MethodRow, load_lab};
use super::lab_chart::LabChart;
use crate::error::AppError;
use crate::ui::RefusalNotice;
use crate::validation::dates::format_date_it;

#[component]
pub fn LabPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get(SERIES), q.get(FROM), q.get(TO), q.get(START))
    };
    let lab = Resource::new_blocking(args, |(series, from, to, start)| {
        load_lab(series, from, to, start)
    });
    view! {
        <Title text="Laboratorio allerte" />
        <h1>"Laboratorio allerte"</h1>
        <p>
            "I quattro metodi di allerta (EARS C1, C2, C3 e limiti storici HLIMITS) a confronto sui dati passati "
            "di una serie del territorio: i giorni di allerta di ciascuno, la quota dei giorni di rilevazione con allerta "
            "e l'anticipo sull'inizio di un focolaio noto."
        </p>
        <Suspense fallback=|| ()>
            {move || {
                lab.get()
                    .map(|answer| match answer {
                        Ok(l) => view! { <LabView l /> }.into_any(),
                        Err(err) => view! { <Refused err /> }.into_any(),
                    })
            }}
        </Suspense>
        <p>
            <A href="/assenze/allerte">"Allerte"</A>
            " · "
            <A href="/assenze/andamento">"Andamento delle assenze"</A>
            " · "
            <A href="/assenze">"Torna al Registro assenze"</A>
        </p>
    }
}

/// The refusal, with its status (403 for a school, 401 without a login).
#[component]
fn Refused(err: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::FORBIDDEN),
        );
    }
    view! { <RefusalNotice err /> }
}

/// A date of the GET form, its error beside it.
#[component]
fn DateField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
    #[prop(optional)] help: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let help_id = format!("{id}-help");
    let described = if help.is_some() {
        format!("{help_id} {error_id}")
    } else {
        error_id.clone()
    };
    let has_error = error.is_some();
    let invalid = if has_error { "true" } else { "false" };
    view! {
        <div class="form-group" class:has-error=has_error>
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type="text"
                inputmode="numeric"
                placeholder="gg/mm/aaaa"
                maxlength=10
                autocomplete="off"
                aria-describedby=described
                aria-invalid=invalid
                value=value
            />
            {help
                .map(|text| {
                    view! {
                        <p id=help_id class="help">
                            {text}
                        </p>
                    }
                })}
            <p id=error_id class="field-error">
                {error}
            </p>
        </div>
    }
}

#[component]
fn LabView(l: Lab) -> impl IntoView {
    let options = l
        .choices
        .iter()
        .map(|(value, label)| {
            view! {
                <option value=value.clone() selected=*value == l.chosen>
                    {label.clone()}
                </option>
            }
        })
        .collect_view();
    let error = |field: &str| l.errors.get(field).map(str::to_owned);
    let results = match l.period {
        None => view! {
            <p class="form-errors" role="alert" data-testid="lab-errors">
                "Correggere le date indicate in rosso per confrontare i metodi."
            </p>
        }
        .into_any(),
        Some((from, to)) => {
            let caption = format!(
                "{} dal {} al {}",
                l.label,
                format_date_it(from),
                format_date_it(to)
            );
            view! {
                <h2>{caption}</h2>
                <LabChart
                    label=l.label.clone()
                    from
                    to
                    days=l.days.clone()
                    methods=l.methods.clone()
                    start=l.start_day
                />
                <Summary methods=l.methods.clone() start=l.start_day />
                {l
                    .start_day
                    .map(|start| {
                        view! {
                            <super::lab_mark::MarkOutbreakForm
                                series=l.chosen.clone()
                                start=format_date_it(start)
                                from=l.from.clone()
                                to=l.to.clone()
                            />
                        }
                    })}
                <DaysTable days=l.days.clone() methods=l.methods.clone() aggregate=l.aggregate />
            }
            .into_any()
        }
    };
    view! {
        <form method="get" action="/assenze/laboratorio" class="filters" data-testid="lab-form">
            <div class="form-group">
                <label for="lab-series">"Serie"</label>
                <select id="lab-series" name=SERIES>
                    {options}
                </select>
            </div>
            <DateField id="lab-from" name=FROM label="Dal" value=l.from.clone() error=error(FROM) />
            <DateField id="lab-to" name=TO label="Al" value=l.to.clone() error=error(TO) />
            <DateField
                id="lab-start"
                name=START
                label="Inizio del focolaio (facoltativo)"
                value=l.start.clone()
                error=error(START)
                help="Il primo giorno di un focolaio noto: per misurare l'anticipo di ciascun metodo."
            />
            <button type="submit" class="btn">
                "Confronta i metodi"
            </button>
        </form>
        <Marks marks=l.marks.clone() />
        {results}
    }
}

/// The outbreak starts saved for the series.
#[component]
fn Marks(marks: Vec<super::lab_api::MarkRow>) -> impl IntoView {
    if marks.is_empty() {
        return ().into_any();
    }
    let items = marks
        .into_iter()
        .map(|m| {
            view! {
                <li data-testid="outbreak-mark">
                    {format!("{} (segnato da {} il {})", m.day, m.by, m.at)}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="marks-title">
            <h2 id="marks-title">"Inizi di focolaio segnati per questa serie"</h2>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}

/// Per method: alerts, share of survey days alerted, lead time.
#[component]
fn Summary(methods: Vec<MethodRow>, start: Option<chrono::NaiveDate>) -> impl IntoView {
    let body = methods
        .iter()
        .map(|m| {
            view! {
                <tr data-testid="lab-method" data-method=m.method.clone()>
                    <th scope="row">{m.method.clone()}</th>
                    <td>{m.alert_days.len()}</td>
                    <td>{m.share.clone()}</td>
                    <td>{m.evaluated}</td>
                    <td data-testid="lab-lead">
                        {m.lead.clone().unwrap_or_else(|| "—".to_owned())}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let explained = match start {
        Some(start) => format!(
            "Anticipo sull'inizio del focolaio ({}): i giorni tra la prima allerta del metodo dal {LEAD_BEFORE_DAYS}° giorno prima dell'inizio in poi e l'inizio stesso (positivo se prima, 0 il giorno stesso, negativo se dopo); «nessuna allerta» se il metodo non ne dà fino a {LEAD_AFTER_DAYS} giorni dopo l'inizio.",
            format_date_it(start)
        ),
        None => "Indicare l'inizio di un focolaio noto per misurare l'anticipo di ciascun metodo."
            .to_owned(),
    };
    view! {
        <table class="data-table" data-testid="lab-summary">
            <caption>"Confronto dei metodi nel periodo"</caption>
            <thead>
                <tr>
                    <th scope="col">"Metodo"</th>
                    <th scope="col">"Allerte"</th>
                    <th scope="col">"Giorni di rilevazione con allerta"</th>
                    <th scope="col">"Giorni valutati"</th>
                    <th scope="col">"Anticipo sull'inizio del focolaio"</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
        <p class="hint" data-testid="lab-lead-rule">
            {explained}
        </p>
        <p class="hint">
            "I metodi sono calcolati sull'intera serie registrata (le basi di confronto precedono il periodo); "
            "«Giorni valutati» conta i giorni del periodo in cui il metodo ha abbastanza storia per decidere."
        </p>
    }
}

/// Every survey day of the period, each method's statistic and verdict.
#[component]
fn DaysTable(days: Vec<LabDay>, methods: Vec<MethodRow>, aggregate: bool) -> impl IntoView {
    if days.is_empty() {
        return view! { <p data-testid="lab-empty">"Nessuna rilevazione nel periodo scelto."</p> }
            .into_any();
    }
    let heads = methods
        .iter()
        .map(|m| view! { <th scope="col">{m.method.clone()}</th> })
        .collect_view();
    let body = days
        .into_iter()
        .map(|d| {
            let cells = d
                .cells
                .iter()
                .map(|c| match c {
                    Some(c) if c.alert => {
                        view! { <td class="lab-alert">{format!("allerta ({})", c.statistic)}</td> }
                            .into_any()
                    }
                    Some(c) => view! { <td>{c.statistic.clone()}</td> }.into_any(),
                    None => view! { <td>"n.c."</td> }.into_any(),
                })
                .collect_view();
            view! {
                <tr data-testid="lab-day">
                    <th scope="row">{format_date_it(d.day)}</th>
                    <td>{d.absent.map_or_else(|| "<5".to_owned(), |a| a.to_string())}</td>
                    <td>{d.enrolled}</td>
                    <td>{d.rate.map_or_else(|| "<5 assenti".to_owned(), percent_label)}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="lab-days">
            <caption>"Giorni di rilevazione del periodo: statistica di ciascun metodo"</caption>
            <thead>
                <tr>
                    <th scope="col">"Giorno"</th>
                    <th scope="col">"Assenti"</th>
                    <th scope="col">"Iscritti"</th>
                    <th scope="col">"Tasso di assenza"</th>
                    {heads}
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
        <p class="hint">
            "«n.c.»: non calcolabile (storia insufficiente). "
            {aggregate
                .then_some(
                    "Nei dati aggregati i giorni con meno di 5 alunni assenti non mostrano il numero.",
                )}
        </p>
    }
    .into_any()
}
