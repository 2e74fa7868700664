//! Header, navigation, footer, skip link and the not-found page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::site::SiteResource;
use crate::identity::Role;
use crate::identity::user_menu::{UserMenu, use_role};

/// The four modules of DESIGN.md, in the order of the seeds' menu.
pub const MODULES: [(&str, &str, &str); 4] = [
    (
        "/obbligo-vaccinale",
        "Obbligo vaccinale",
        "Caricamento degli iscritti e verifica dello stato vaccinale (L. 119/2017, LOVS).",
    ),
    (
        "/casi",
        "Casi e contatti",
        "Segnalazione dei casi e dei relativi contatti stretti all'ATS.",
    ),
    (
        "/allontanamenti",
        "Allontanamenti",
        "Alunni o operatori allontanati da scuola con sintomi, segnalati in giornata.",
    ),
    (
        "/assenze",
        "Registro assenze",
        "Iscritti e classi per plesso, assenze delle scuole sentinella, allerte.",
    ),
];

/// The ATS's name once the site info has loaded (empty before).
fn ats_name(info: SiteResource) -> impl Fn() -> String + Copy {
    move || {
        info.get()
            .and_then(|r| r.ok())
            .map(|i| i.ats_name)
            .unwrap_or_default()
    }
}

#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip-link" href="#contenuto">
            "Vai al contenuto principale"
        </a>
    }
}

#[component]
pub fn Header(info: SiteResource) -> impl IntoView {
    let role = use_role();
    let logged_in = role.is_some();
    let reads_audit = matches!(role, Some(Role::Amministratore | Role::OperatoreAts));
    let principal = role == Some(Role::Dirigente);
    let admin = role == Some(Role::Amministratore);
    // Only the modules the caller may use now (all of them for visitors).
    let visible = super::module_gate::visible_modules();
    let ats_name = ats_name(info);
    view! {
        <header class="site-header">
            <div class="header-slim">
                <div class="container">
                    <span>"Regione Lombardia · Sistema sanitario"</span>
                </div>
            </div>
            <div class="header-center">
                <div class="container header-brand">
                    <A href="/" attr:class="brand">
                        <span class="brand-title">"Portale Scuole"</span>
                        <Transition fallback=|| ()>
                            <span class="brand-subtitle">{ats_name}</span>
                        </Transition>
                    </A>
                    <UserMenu />
                </div>
            </div>
            <nav class="header-nav" aria-label="Menu principale">
                <ul class="container nav-list">
                    <li>
                        <A href="/" exact=true>
                            "Home"
                        </A>
                    </li>
                    {MODULES
                        .iter()
                        .filter(|(href, ..)| visible.iter().any(|m| m.path() == *href))
                        .map(|(href, label, _)| {
                            view! {
                                <li data-testid="module-link">
                                    <A href=*href>{*label}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                    <li>
                        <A href="/codice-fiscale">"Verifica codice fiscale"</A>
                    </li>
                    {logged_in
                        .then(|| {
                            view! {
                                <li>
                                    <A href="/scuola">"La mia scuola"</A>
                                </li>
                            }
                        })}
                    {principal
                        .then(|| {
                            view! {
                                <li>
                                    <A href="/deleghe">"Deleghe"</A>
                                </li>
                            }
                        })}
                    {admin
                        .then(|| {
                            view! {
                                <li>
                                    <A href="/amministrazione">"Amministrazione"</A>
                                </li>
                            }
                        })}
                    {reads_audit
                        .then(|| {
                            view! {
                                <li>
                                    <A href="/registro-attivita">"Registro attività"</A>
                                </li>
                            }
                        })}
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer(info: SiteResource) -> impl IntoView {
    let ats_name = ats_name(info);
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="footer-title">"Portale Scuole"</p>
                <Transition fallback=|| ()>
                    <p>{ats_name}</p>
                </Transition>
                <p>
                    "Software libero per lo scambio di dati sanitari tra scuole e ATS. "
                    "I dati personali sono trattati solo per le finalità di sanità pubblica previste dalla legge."
                </p>
            </div>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Pagina non trovata" />
        <h1>"Pagina non trovata"</h1>
        <p>"L'indirizzo richiesto non esiste. " <A href="/">"Torna alla pagina iniziale"</A> "."</p>
    }
}
