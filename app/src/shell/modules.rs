//! Landing pages of the four modules. Their workflows (upload and outcome
//! files, case reporting, removals, absence registry) are built in their own
//! folders; these pages say what each module is for and what it needs.

use leptos::prelude::*;
use leptos_meta::Title;

use super::module_gate::{ModuleHome, module_home};
use crate::error::AppError;
use crate::identity::Module;
use crate::ui::RefusalNotice;
use crate::validation::dates::format_date_it;

/// A module's landing page. The module's own server function decides, with
/// the central policy, whether the caller may work here now; visitors read
/// the introduction and are asked to log in.
#[component]
fn ModuleIntro(module: Module, children: Children) -> impl IntoView {
    let title = module.label();
    let access = Resource::new_blocking(|| (), move |_| module_home(module));
    let intro = children();
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <Suspense fallback=|| ()>
            {move || {
                access
                    .get()
                    .map(|answer| match answer {
                        Ok(home) => view! { <Access home /> }.into_any(),
                        Err(AppError::Unauthenticated) => {
                            view! {
                                <p class="callout">
                                    "Le funzioni di questo modulo richiedono l'accesso con le credenziali della scuola o dell'ATS."
                                </p>
                            }
                                .into_any()
                        }
                        Err(err) => {
                            #[cfg(feature = "ssr")]
                            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                                res.set_status(
                                    http::StatusCode::from_u16(err.status())
                                        .unwrap_or(http::StatusCode::FORBIDDEN),
                                );
                            }
                            view! { <RefusalNotice err /> }.into_any()
                        }
                    })
            }}
        </Suspense>
        <div class="module-intro">{intro}</div>
    }
}

#[component]
fn Access(home: ModuleHome) -> impl IntoView {
    home.delegated_until.map(|until| {
        view! {
            <p class="callout" data-testid="delegated-until">
                {format!(
                    "Opera per delega del dirigente scolastico, valida fino al {}.",
                    format_date_it(until),
                )}
            </p>
        }
    })
}

#[component]
pub fn CasesPage() -> impl IntoView {
    view! {
        <ModuleIntro module=Module::Cases>
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
        <ModuleIntro module=Module::Removals>
            <p>
                "Segnalazione in giornata di alunni od operatori allontanati da scuola con sintomi."
            </p>
        </ModuleIntro>
    }
}

/// The module pages not yet built in their own folders (each behind its
/// door, [`super::module_gate`]); "Obbligo vaccinale" and "Registro assenze"
/// have their own routes.
#[component(transparent)]
pub fn ModuleRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, StaticSegment};
    let routes = view! {
        <Route path=StaticSegment("casi") view=CasesPage ssr=SsrMode::Async />
        <Route path=StaticSegment("allontanamenti") view=RemovalsPage ssr=SsrMode::Async />
    };
    routes.into_inner()
}
