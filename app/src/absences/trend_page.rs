//! "Andamento delle assenze" (/assenze/andamento, ATS): the chosen series'
//! survey-day rates this school year, with the same weeks of the two years
//! before, as an accessible SVG (title, description, axis labels) and as a
//! table, with the CSV of the same numbers. Small aggregates are not shown.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::chart::{Axes, ChartSvg, Plot, percent_label};
use super::trend_api::{Trend, TrendRow, load_trend};
use crate::ui::loaded;

fn rate_text(rate: Option<f64>) -> String {
    rate.map_or_else(|| "<5 assenti".to_owned(), percent_label)
}

#[component]
pub fn TrendPage() -> impl IntoView {
    let query = use_query_map();
    let series = move || query.read().get("serie").unwrap_or_default();
    let trend = Resource::new_blocking(series, load_trend);
    view! {
        <Title text="Andamento delle assenze" />
        <h1>"Andamento delle assenze"</h1>
        {loaded(trend, |t| view! { <TrendView t /> })}
        <p>
            <A href="/assenze">"Torna al Registro assenze"</A>
        </p>
    }
}

#[component]
fn TrendView(t: Trend) -> impl IntoView {
    let options = t
        .choices
        .iter()
        .map(|(value, label)| {
            view! {
                <option value=value.clone() selected=*value == t.chosen>
                    {label.clone()}
                </option>
            }
        })
        .collect_view();
    let csv = format!("/assenze/andamento.csv?serie={}", t.chosen);
    let lab = format!("/assenze/laboratorio?serie={}", t.chosen);
    let tables = t
        .years
        .iter()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(year, rows)| {
            let body = rows
                .iter()
                .map(|r| {
                    view! {
                        <tr>
                            <td>{r.day.clone()}</td>
                            <td>{r.absent.map_or_else(|| "<5".to_owned(), |a| a.to_string())}</td>
                            <td>{r.enrolled}</td>
                            <td>{rate_text(r.rate)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="data-table" data-testid="trend-table">
                    <caption>{format!("Anno scolastico {year}")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Giorno"</th>
                            <th scope="col">"Assenti"</th>
                            <th scope="col">"Iscritti"</th>
                            <th scope="col">"Tasso di assenza"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/assenze/andamento" class="filters">
            <div class="form-group">
                <label for="trend-series">"Serie"</label>
                <select id="trend-series" name="serie">
                    {options}
                </select>
            </div>
            <button type="submit" class="btn">
                "Mostra"
            </button>
        </form>
        <h2>{t.label.clone()}</h2>
        <TrendChart label=t.label.clone() years=t.years.clone() />
        <p>
            <a href=csv download>
                "Scarica i dati (CSV)"
            </a>
            " · "
            <a href=lab>"Laboratorio allerte"</a>
            ": i metodi di allerta a confronto su questa serie."
        </p>
        <p class="hint">
            "Nei dati aggregati i giorni con meno di 5 alunni assenti non sono mostrati."
        </p>
        {tables}
    }
}

/// One line per school year, by week of the school year.
#[component]
fn TrendChart(label: String, years: Vec<(String, Vec<TrendRow>)>) -> impl IntoView {
    let (w, h, pad) = (640.0_f64, 240.0_f64, 44.0_f64);
    let top = years
        .iter()
        .flat_map(|(_, rows)| rows.iter().filter_map(|r| r.rate))
        .fold(0.05_f64, f64::max);
    let weeks = 44.0_f64;
    let plot = Plot {
        left: pad,
        right: w - pad,
        top: pad,
        bottom: h - pad,
    };
    let x = |week: i64| plot.x(week.clamp(0, 44) as f64 / weeks);
    let y = |rate: f64| plot.y(rate / top);
    let styles = ["series", "series previous", "series older"];
    let lines = years
        .iter()
        .enumerate()
        .map(|(i, (_, rows))| {
            let points = rows
                .iter()
                .filter_map(|r| r.rate.map(|rate| format!("{:.1},{:.1}", x(r.week), y(rate))))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline points=points class=styles.get(i).copied().unwrap_or("series")></polyline> }
        })
        .collect_view();
    let legend = years
        .iter()
        .enumerate()
        .map(|(i, (year, _))| {
            let kind = if i == 0 { "in corso" } else { "precedente" };
            view! { <li class=format!("legend-{i}")>{format!("{year} ({kind})")}</li> }
        })
        .collect_view();
    let top_label = percent_label(top);
    let desc = format!(
        "Tasso di assenza per giorno di rilevazione, {label}: anno scolastico in corso e i due precedenti, per settimana dell'anno scolastico (da settembre); massimo dell'asse {top_label}."
    );
    view! {
        <figure class="chart" data-testid="trend-chart">
            <ChartSvg
                id="trend"
                width=w
                height=h
                title=format!("Andamento delle assenze: {label}")
                desc=desc
            >
                <Axes
                    plot=plot
                    x_start="settembre"
                    x_end="giugno"
                    x_caption="settimana dell'anno scolastico"
                    y_top=top_label
                />
                {lines}
            </ChartSvg>
            <figcaption>
                <ul class="legend">{legend}</ul>
            </figcaption>
        </figure>
    }
}
