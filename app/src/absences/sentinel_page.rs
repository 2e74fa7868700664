//! The sentinel plesso's part of "Registro assenze": today's window (the
//! form for the survey day it opens, on time or late, or the Italian
//! reason nothing can be entered), and the plesso's own series as an
//! accessible SVG chart with the same numbers as a table.

use leptos::prelude::*;

use super::api::{EntryRow, SentinelEntry};
use super::chart::{Axes, ChartSvg, Plot};
use super::forms::AbsenceEntry;

#[component]
pub fn SentinelSection(plesso_id: i32, entry: SentinelEntry) -> impl IntoView {
    let form = match &entry.refusal {
        Some(refusal) => view! {
            <p class="callout" role="status" data-testid="window-refusal">
                {refusal.clone()}
            </p>
        }
        .into_any(),
        None => {
            let heading = if entry.late {
                format!("Assenze di {} (inserimento in ritardo)", entry.day)
            } else {
                format!("Assenze di {}", entry.day)
            };
            let existing = entry.existing.clone();
            view! {
                <h4 data-testid="window-open">{heading}</h4>
                {existing
                    .as_ref()
                    .map(|e| {
                        view! {
                            <p class="callout" data-testid="entry-existing">
                                {format!(
                                    "Rilevazione già registrata: {}. Salvando di nuovo la si corregge.",
                                    e
                                        .absent
                                        .map_or_else(
                                            || {
                                                format!(
                                                    "chiuso ({})",
                                                    e.closure.clone().unwrap_or_default(),
                                                )
                                            },
                                            |a| format!("{a} assenti"),
                                        ),
                                )}
                            </p>
                        }
                    })}
                {entry.enrolled.map(|n| view! { <p>{format!("Iscritti in vigore: {n}.")}</p> })}
                <AbsenceEntry
                    plesso_id
                    day_iso=entry.day_iso.clone()
                    enrolled=entry.enrolled
                    absent=existing
                        .as_ref()
                        .and_then(|e| e.absent)
                        .map(|a| a.to_string())
                        .unwrap_or_default()
                    ill=existing
                        .as_ref()
                        .and_then(|e| e.ill)
                        .map(|a| a.to_string())
                        .unwrap_or_default()
                    per_class=existing
                        .as_ref()
                        .map(|e| super::per_class::format(&e.classes))
                        .unwrap_or_default()
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="sentinel" data-testid="sentinel-entry" data-window=entry.window.clone()>
            <h3>"Rilevazione delle assenze (scuola sentinella)"</h3>
            {form}
            <super::calendar_page::PlessoClosures plesso_id closures=entry.closures />
            <SeriesChart series=entry.series />
        </div>
    }
}

/// The series as a line of absence rates per survey day: a titled SVG
/// (role img, with its description) and the same numbers as a table.
#[component]
pub fn SeriesChart(series: Vec<EntryRow>) -> impl IntoView {
    if series.is_empty() {
        return view! { <p>"Nessuna rilevazione registrata finora."</p> }.into_any();
    }
    let (w, h, pad) = (600.0_f64, 200.0_f64, 40.0_f64);
    let rates: Vec<Option<i64>> = series.iter().map(EntryRow::per_mille).collect();
    let top = rates.iter().flatten().copied().max().unwrap_or(0).max(50);
    let n = series.len().max(2) - 1;
    let plot = Plot {
        left: pad,
        right: w - pad,
        top: pad,
        bottom: h - pad,
    };
    let x = |i: usize| plot.x(i as f64 / n as f64);
    let y = |pm: i64| plot.y(pm as f64 / top as f64);
    let points: String = rates
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|pm| format!("{:.1},{:.1}", x(i), y(pm))))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = rates
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|pm| (i, pm)))
        .map(|(i, pm)| view! { <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(pm)) r="3"></circle> })
        .collect_view();
    let first = series.first().map(|e| e.day.clone()).unwrap_or_default();
    let last = series.last().map(|e| e.day.clone()).unwrap_or_default();
    let top_label = format!("{},{} %", top / 10, top % 10);
    let rows = series
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.day.clone()}</td>
                    <td>{e.absent.map(|a| a.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td>{e.enrolled}</td>
                    <td>{e.rate_text()}</td>
                    <td>{if e.late { "sì" } else { "no" }}</td>
                    <td>{super::per_class::summary(&e.classes)}</td>
                </tr>
            }
        })
        .collect_view();
    let desc = format!(
        "Percentuale di alunni assenti per giorno di rilevazione dal {first} al {last}, massimo dell'asse {top_label}."
    );
    view! {
        <figure class="chart" data-testid="series-chart">
            <ChartSvg
                id="series"
                width=w
                height=h
                title="Assenze del plesso per giorno di rilevazione"
                desc=desc
            >
                <Axes plot=plot x_start=first x_end=last y_top=top_label />
                <polyline points=points class="series"></polyline>
                {dots}
            </ChartSvg>
            <figcaption>"Percentuale di assenti sugli iscritti, giorno per giorno."</figcaption>
        </figure>
        <table class="data-table" data-testid="series-table">
            <caption>"Rilevazioni registrate"</caption>
            <thead>
                <tr>
                    <th scope="col">"Giorno"</th>
                    <th scope="col">"Assenti"</th>
                    <th scope="col">"Iscritti"</th>
                    <th scope="col">"Percentuale"</th>
                    <th scope="col">"In ritardo"</th>
                    <th scope="col">"Per classe"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
