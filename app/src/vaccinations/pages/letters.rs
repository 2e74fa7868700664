//! "Lettere alle famiglie" (/obbligo-vaccinale/caricamenti/{id}/lettere):
//! one A4 letter per pupil not in order, inviting the parents to deposit
//! the documents by 10 July (LOVS-RULES.md §5). The print stylesheet hides
//! the portal's header, menu and footer and starts each letter on a page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::load_lovs_letters;
use super::super::paths;
use super::super::summary::{Letter, Letters};
use crate::ui::loaded;

#[component]
pub fn LettersPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let letters = Resource::new_blocking(id, load_lovs_letters);
    view! {
        <Title text="Lettere alle famiglie" />
        <div class="no-print print-tools">
            <h1>"Lettere alle famiglie"</h1>
            <p>
                "Una lettera per ogni alunno non in regola. Stampare la pagina (Ctrl+P) su fogli A4."
            </p>
            <p>
                <A href=move || paths::upload_page(id())>"Torna alla verifica"</A>
            </p>
        </div>
        {loaded(letters, |l| view! { <LetterSheets l /> })}
    }
}

#[component]
fn LetterSheets(l: Letters) -> impl IntoView {
    if l.letters.is_empty() {
        return view! { <p>"Nessun alunno non in regola: nessuna lettera da stampare."</p> }
            .into_any();
    }
    let istituto = l.istituto.clone();
    l.letters
        .into_iter()
        .map(|letter| {
            view! {
                <LetterSheet
                    letter
                    istituto=istituto.clone()
                    today=l.today.clone()
                    deadline=l.deadline.clone()
                />
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn LetterSheet(letter: Letter, istituto: String, today: String, deadline: String) -> impl IntoView {
    let missing = letter
        .mancanti
        .iter()
        .map(|m| view! { <li>{m.clone()}</li> })
        .collect_view();
    view! {
        <article class="print-sheet letter" data-testid="lovs-letter">
            <p class="letter-from">{istituto}</p>
            <p class="letter-date">{format!("Data: {today}")}</p>
            <p>
                {format!(
                    "Ai genitori / tutori dell'alunno {} {}, nato il {}, classe {} sezione {} ({}).",
                    letter.cognome,
                    letter.nome,
                    letter.data_nascita,
                    letter.classe,
                    letter.sezione,
                    letter.plesso,
                )}
            </p>
            <p>
                <strong>"Oggetto: adempimenti vaccinali (legge 31 luglio 2017, n. 119)."</strong>
            </p>
            <p>
                "Dalla verifica con l'anagrafe vaccinale regionale l'alunno risulta non in regola con le vaccinazioni obbligatorie. Risultano mancanti:"
            </p>
            <ul>{missing}</ul>
            <p>
                {format!(
                    "Entro il {deadline} vi invitiamo a depositare presso la segreteria la documentazione comprovante l'effettuazione delle vaccinazioni, oppure l'esonero, l'omissione o il differimento, oppure la richiesta di vaccinazione presentata all'ATS.",
                )}
            </p>
            <p>"Il Dirigente Scolastico"</p>
        </article>
    }
}
