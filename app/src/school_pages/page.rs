//! "La mia scuola": the istituti and plessi the caller's profile covers,
//! and the page of one istituto (/scuola/CODICE).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{IstitutoView, my_schools, school_detail};
use crate::ui::RefusalNotice;

#[component]
pub fn MySchoolsPage() -> impl IntoView {
    let schools = Resource::new(|| (), |_| my_schools());
    view! {
        <Title text="La mia scuola" />
        <h1>"La mia scuola"</h1>
        <crate::absences::pages::EnrolmentReminder />
        <Transition fallback=|| {
            view! { <p>"Caricamento…"</p> }
        }>
            {move || {
                schools
                    .get()
                    .map(|result| match result {
                        Ok(list) if list.is_empty() => {
                            view! { <p>"Al suo profilo non è associata alcuna scuola."</p> }
                                .into_any()
                        }
                        Ok(list) => {
                            list.into_iter()
                                .map(|ist| view! { <IstitutoCard ist link=true /> })
                                .collect_view()
                                .into_any()
                        }
                        Err(err) => view! { <RefusalNotice err /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
pub fn SchoolPage() -> impl IntoView {
    let params = use_params_map();
    let codice = move || params.read().get("codice").unwrap_or_default();
    let school = Resource::new(codice, school_detail);
    view! {
        <Title text="Scheda della scuola" />
        <h1>"Scheda della scuola"</h1>
        <Transition fallback=|| {
            view! { <p>"Caricamento…"</p> }
        }>
            {move || {
                school
                    .get()
                    .map(|result| match result {
                        Ok(ist) => view! { <IstitutoCard ist link=false /> }.into_any(),
                        Err(err) => view! { <RefusalNotice err /> }.into_any(),
                    })
            }}
        </Transition>
        <p>
            <A href="/scuola">"Torna a La mia scuola"</A>
        </p>
    }
}

#[component]
fn IstitutoCard(ist: IstitutoView, link: bool) -> impl IntoView {
    let heading_id = format!("ist-{}", ist.codice);
    let href = format!("/scuola/{}", ist.codice);
    let title = if link {
        view! { <A href=href>{ist.name.clone()}</A> }.into_any()
    } else {
        ist.name.clone().into_any()
    };
    let plessi = if ist.plessi.is_empty() {
        view! { <p>"Nessun plesso visibile."</p> }.into_any()
    } else {
        view! {
            <ul class="plessi">
                {ist
                    .plessi
                    .into_iter()
                    .map(|p| {
                        view! {
                            <li data-testid="plesso">
                                <strong>{p.name}</strong>
                                " ("
                                {p.codice}
                                ") — "
                                {p.school_type}
                                ", "
                                {p.address}
                                " · "
                                {p.comune}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let labelled_by = heading_id.clone();
    view! {
        <section class="school" aria-labelledby=labelled_by data-testid="istituto">
            <h2 id=heading_id>{title}</h2>
            <p class="school-meta">
                "Codice meccanografico " <strong data-field="codice">{ist.codice}</strong> " · "
                {ist.comune}
            </p>
            <h3>"Plessi"</h3>
            {plessi}
        </section>
    }
}
