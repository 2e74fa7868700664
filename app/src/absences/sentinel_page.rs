//! The sentinel plesso's part of "Registro assenze": today's window (the
//! form for the survey day it opens, on time or late, or the Italian
//! reason nothing can be entered), and the plesso's own series as an
//! accessible SVG chart with the same numbers as a table.

use leptos::prelude::*;

use super::api::{EntryRow, SentinelEntry};
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
    let x = |i: usize| pad + (w - 2.0 * pad) * (i as f64) / (n as f64);
    let y = |pm: i64| h - pad - (h - 2.0 * pad) * (pm as f64) / (top as f64);
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
                </tr>
            }
        })
        .collect_view();
    let desc = format!(
        "Percentuale di alunni assenti per giorno di rilevazione dal {first} al {last}, massimo dell'asse {top_label}."
    );
    view! {
        <figure class="chart" data-testid="series-chart">
            <svg
                viewBox=format!("0 0 {w} {h}")
                role="img"
                aria-labelledby="series-title"
                aria-describedby="series-desc"
                width="100%"
            >
                <title id="series-title">"Assenze del plesso per giorno di rilevazione"</title>
                <desc id="series-desc">{desc}</desc>
                <line x1=pad y1=h - pad x2=w - pad y2=h - pad class="axis"></line>
                <line x1=pad y1=pad x2=pad y2=h - pad class="axis"></line>
                <text x=pad y=h - 10.0 class="axis-label">
                    {first}
                </text>
                <text x=w - pad y=h - 10.0 text-anchor="end" class="axis-label">
                    {last}
                </text>
                <text x=pad - 5.0 y=pad text-anchor="end" class="axis-label">
                    {top_label}
                </text>
                <text x=pad - 5.0 y=h - pad text-anchor="end" class="axis-label">
                    "0 %"
                </text>
                <polyline points=points class="series"></polyline>
                {dots}
            </svg>
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
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
