//! "Formato del file" (/obbligo-vaccinale/formato): the school's file as
//! the portal reads it, with the templates to download.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::super::paths::{HOME, TEMPLATE_CSV, TEMPLATE_XLSX};

const COLUMNS: [(&str, &str); 8] = [
    (
        "codice_fiscale",
        "Codice fiscale dell'alunno (anche temporaneo, STP o ENI).",
    ),
    ("cognome", "Cognome dell'alunno."),
    ("nome", "Nome dell'alunno."),
    (
        "data_nascita",
        "Data di nascita, gg/mm/aaaa oppure aaaa-mm-gg.",
    ),
    ("sesso", "M oppure F."),
    (
        "codice_plesso",
        "Codice meccanografico del plesso frequentato (del proprio istituto).",
    ),
    (
        "classe",
        "Classe (per i servizi 0-6: il nome della sezione).",
    ),
    ("sezione", "Sezione."),
];

#[component]
pub fn FormatPage() -> impl IntoView {
    let rows = COLUMNS
        .iter()
        .map(|(name, what)| {
            view! {
                <tr>
                    <th scope="row">
                        <code>{*name}</code>
                    </th>
                    <td>{*what}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="Formato del file" />
        <h1>"Formato del file"</h1>
        <p>
            "Il file degli iscritti da 0 a 16 anni è un file CSV (separatore punto e virgola o virgola) "
            "oppure un foglio Excel (.xlsx): una riga di intestazione, poi una riga per alunno. "
            "Le colonne possono essere in qualsiasi ordine; nell'intestazione maiuscole, spazi, accenti "
            "e trattini bassi non contano. Le colonne in più sono conservate e restituite nel file "
            "dell'esito."
        </p>
        <table class="data-table">
            <caption>"Colonne obbligatorie"</caption>
            <thead>
                <tr>
                    <th scope="col">"Colonna"</th>
                    <th scope="col">"Contenuto"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <h2>"Regole di controllo"</h2>
        <ul>
            <li>
                "Il codice fiscale deve essere valido; se non corrisponde a cognome, nome, data di nascita "
                "e sesso la riga è accettata con un avviso."
            </li>
            <li>
                "La data di nascita non può essere futura né anteriore di oltre 20 anni alla data di "
                "verifica; dai 17 anni l'alunno è fuori dall'obbligo (avviso)."
            </li>
            <li>"Il codice del plesso deve essere di un plesso del proprio istituto."</li>
            <li>"Un codice fiscale presente due volte è un errore sulla seconda riga."</li>
            <li>
                "Le righe con errori sono scartate e elencate con numero di riga (l'intestazione è la "
                "riga 1), colonna e motivo; le altre sono verificate."
            </li>
            <li>"Dimensione massima del file: 20 MB. Codifica UTF-8 o Windows-1252 (Excel)."</li>
        </ul>
        <h2>"Modelli"</h2>
        <ul>
            <li>
                <a href=TEMPLATE_CSV download>
                    "Scarica il modello CSV"
                </a>
            </li>
            <li>
                <a href=TEMPLATE_XLSX download>
                    "Scarica il modello Excel"
                </a>
            </li>
        </ul>
        <p>
            <A href=HOME>"Torna a Obbligo vaccinale"</A>
        </p>
    }
}
