//! The alert lab's chart: the series' absence rate over the period and,
//! beneath it on the same time axis, one lane per method with its alert
//! days, each method with its own marker shape (not only a colour), and
//! the outbreak start as a vertical line.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::chart::{Axes, ChartSvg, Plot, percent_label};
use super::lab_api::{LabDay, MethodRow};
use crate::validation::dates::format_date_it;

const WIDTH: f64 = 680.0;
const PLOT: Plot = Plot {
    left: 76.0,
    right: 660.0,
    top: 24.0,
    bottom: 200.0,
};
const FIRST_LANE: f64 = 262.0;
const LANE: f64 = 24.0;

/// The marker of method number `i` (C1 circle, C2 square, C3 triangle,
/// HLIMITS diamond) centred on (x, y).
fn marker(i: usize, x: f64, y: f64) -> AnyView {
    let class = format!("lab-mark lab-m{i}");
    match i {
        0 => view! { <circle cx=format!("{x:.1}") cy=y r="5" class=class></circle> }.into_any(),
        1 => view! { <rect x=format!("{:.1}", x - 4.5) y=y - 4.5 width="9" height="9" class=class></rect> }
        .into_any(),
        2 => {
            let points = format!(
                "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                x,
                y - 6.0,
                x + 5.5,
                y + 4.5,
                x - 5.5,
                y + 4.5
            );
            view! { <polygon points=points class=class></polygon> }.into_any()
        }
        _ => {
            let points = format!(
                "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                x,
                y - 6.0,
                x + 6.0,
                y,
                x,
                y + 6.0,
                x - 6.0,
                y
            );
            view! { <polygon points=points class=class></polygon> }.into_any()
        }
    }
}

#[component]
pub fn LabChart(
    label: String,
    from: NaiveDate,
    to: NaiveDate,
    days: Vec<LabDay>,
    methods: Vec<MethodRow>,
    start: Option<NaiveDate>,
) -> impl IntoView {
    let span = (to - from).num_days().max(1) as f64;
    let x = move |day: NaiveDate| PLOT.x((day - from).num_days() as f64 / span);
    let top = days.iter().filter_map(|d| d.rate).fold(0.05_f64, f64::max);
    let y = move |rate: f64| PLOT.y(rate / top);
    let shown: Vec<(f64, f64)> = days
        .iter()
        .filter_map(|d| d.rate.map(|r| (x(d.day), y(r))))
        .collect();
    let line = shown
        .iter()
        .map(|(px, py)| format!("{px:.1},{py:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = shown
        .iter()
        .map(|(px, py)| view! { <circle cx=format!("{px:.1}") cy=format!("{py:.1}") r="2.5"></circle> })
        .collect_view();
    let height = FIRST_LANE + LANE * methods.len() as f64;
    let lanes = methods
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let lane_y = FIRST_LANE + LANE * i as f64;
            let marks = m
                .alert_days
                .iter()
                .map(|d| marker(i, x(*d), lane_y))
                .collect_view();
            view! {
                <line x1=PLOT.left y1=lane_y x2=PLOT.right y2=lane_y class="lab-lane"></line>
                <text x=PLOT.left - 6.0 y=lane_y + 4.0 text-anchor="end" class="axis-label">
                    {m.method.clone()}
                </text>
                {marks}
            }
        })
        .collect_view();
    let start_line = start.filter(|s| (from..=to).contains(s)).map(|s| {
        let sx = format!("{:.1}", x(s));
        view! {
            <line x1=sx.clone() y1=PLOT.top x2=sx.clone() y2=height - 8.0 class="lab-start"></line>
            <text x=sx y=PLOT.top - 8.0 text-anchor="middle" class="axis-label">
                "inizio focolaio"
            </text>
        }
    });
    let counts = methods
        .iter()
        .map(|m| format!("{} {}", m.method, m.alert_days.len()))
        .collect::<Vec<_>>()
        .join(", ");
    let (first, last) = (format_date_it(from), format_date_it(to));
    let top_label = percent_label(top);
    let start_text = start
        .map(|s| {
            format!(
                " La linea verticale segna l'inizio del focolaio, {}.",
                format_date_it(s)
            )
        })
        .unwrap_or_default();
    let desc = format!(
        "Tasso di assenza per giorno di rilevazione dal {first} al {last} ({} giorni, massimo dell'asse {top_label}); sotto, una riga per metodo con i suoi giorni di allerta: {counts}.{start_text}",
        days.len()
    );
    let legend = methods
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let n = m.alert_days.len();
            let text = format!(
                "{}: {n} {}",
                m.method,
                if n == 1 { "allerta" } else { "allerte" }
            );
            view! {
                <li>
                    <svg
                        viewBox="0 0 14 14"
                        width="14"
                        height="14"
                        aria-hidden="true"
                        class="chart"
                    >
                        {marker(i, 7.0, 7.0)}
                    </svg>
                    " "
                    {text}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart lab-chart" data-testid="lab-chart">
            <ChartSvg
                id="lab"
                width=WIDTH
                height=height
                title=format!("Laboratorio allerte: {label}")
                desc=desc
            >
                <Axes
                    plot=PLOT
                    x_start=first
                    x_end=last
                    x_caption="giorno di rilevazione"
                    y_top=top_label
                />
                <polyline points=line class="series"></polyline>
                {dots}
                {lanes}
                {start_line}
            </ChartSvg>
            <figcaption>
                <ul class="legend">
                    <li>"Linea: tasso di assenza"</li>
                    {legend}
                </ul>
            </figcaption>
        </figure>
    }
}
