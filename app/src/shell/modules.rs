//! Landing pages of the four modules. Their workflows (upload and outcome
//! files, case reporting, removals, absence registry) are built in their own
//! folders; these pages say what each module is for and what it needs.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn ModuleIntro(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title />
        <h1>{title}</h1>
        {children()}
        <p class="callout">
            "Le funzioni di questo modulo richiedono l'accesso con le credenziali della scuola o dell'ATS."
        </p>
    }
}

#[component]
pub fn VaccinationsPage() -> impl IntoView {
    view! {
        <ModuleIntro title="Obbligo vaccinale">
            <p>
                "Entro il 10 marzo la scuola carica l'elenco degli iscritti da 0 a 16 anni; entro il 10 giugno "
                "scarica l'esito della verifica con l'anagrafe vaccinale regionale (L. 119/2017)."
            </p>
        </ModuleIntro>
    }
}

#[component]
pub fn CasesPage() -> impl IntoView {
    view! {
        <ModuleIntro title="Casi e contatti">
            <p>
                "Segnalazione dei casi e dei contatti stretti; dopo \"Chiudi e invia il caso in ATS\" "
                "caso e contatti non sono più modificabili e l'ATS li prende in carico."
            </p>
        </ModuleIntro>
    }
}

#[component]
pub fn RemovalsPage() -> impl IntoView {
    view! {
        <ModuleIntro title="Allontanamenti">
            <p>"Segnalazione in giornata di alunni od operatori allontanati da scuola con sintomi."</p>
        </ModuleIntro>
    }
}

#[component]
pub fn AbsencesPage() -> impl IntoView {
    view! {
        <ModuleIntro title="Registro assenze">
            <p>
                "Ogni plesso registra il numero degli iscritti (fascia 6-19 anni) e delle classi; le scuole "
                "sentinella registrano le assenze il martedì e il giovedì, con inserimento possibile il giorno dopo."
            </p>
        </ModuleIntro>
    }
}
