//! Home page: the portal's modules at a glance.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::layout::MODULES;

#[component]
pub fn HomePage() -> impl IntoView {
    let visible = super::module_gate::visible_modules();
    view! {
        <Title text="Home" />
        <h1>"Portale Scuole"</h1>
        <p class="lead">
            "Il canale con cui dirigenti scolastici, delegati e referenti di plesso inviano all'ATS "
            "i dati di sanità pubblica, e con cui l'ATS li riceve, li prende in carico e sorveglia i focolai."
        </p>
        <h2>"Servizi"</h2>
        <ul class="card-grid">
            {MODULES
                .iter()
                .filter(|(href, ..)| visible.iter().any(|m| m.path() == *href))
                .map(|(href, label, text)| {
                    view! {
                        <li class="card">
                            <h3>
                                <A href=*href>{*label}</A>
                            </h3>
                            <p>{*text}</p>
                        </li>
                    }
                })
                .collect_view()} <li class="card">
                <h3>
                    <A href="/codice-fiscale">"Verifica codice fiscale"</A>
                </h3>
                <p>"Controllo e decodifica di un codice fiscale, come avviene in ogni modulo."</p>
            </li>
        </ul>
    }
}
