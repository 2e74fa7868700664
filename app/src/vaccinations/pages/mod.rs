//! The pages of "Obbligo vaccinale".
pub mod format;
pub mod home;
pub mod letters;
pub mod registry;
pub mod upload;

use leptos::prelude::*;

use super::summary::{Counts, outcome_columns, percent};

/// The counts per outcome of one check, with the share of each among the
/// pupils checked.
#[component]
pub fn CountsTable(counts: Counts, caption: &'static str) -> impl IntoView {
    let checked: i64 = counts
        .iter()
        .filter(|(k, _)| k.as_str() != super::outcome_file::SCARTATO)
        .map(|(_, n)| *n)
        .sum();
    let rows = outcome_columns()
        .into_iter()
        .map(|(key, label)| {
            let n = counts.get(key).copied().unwrap_or(0);
            let share = if key == super::outcome_file::SCARTATO {
                String::new()
            } else {
                percent(n, checked)
            };
            view! {
                <tr data-esito=key>
                    <th scope="row">{label}</th>
                    <td>{n}</td>
                    <td>{share}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="lovs-counts">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Esito"</th>
                    <th scope="col">"Alunni"</th>
                    <th scope="col">"Percentuale"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
