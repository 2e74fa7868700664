//! The app shell: document, routes, header, navigation and footer, in the
//! spirit of the Italian public-administration design system (Designers
//! Italia): skip link, landmarks, visible focus, Italian first.

mod home;
mod layout;
pub mod module_gate;
mod modules;
mod site;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::absences::routes::AbsenceRoutes;
use crate::admin::routes::AdminRoutes;
use crate::audit::routes::AuditRoutes;
use crate::cf_check::routes::CfCheckRoutes;
use crate::delegations::routes::DelegationRoutes;
use crate::identity::csrf_client::CsrfMeta;
use crate::login::routes::LoginRoutes;
use crate::registration::routes::RegistrationRoutes;
use crate::school_pages::routes::SchoolRoutes;
use crate::vaccinations::routes::VaccinationRoutes;
pub use site::{LoadSiteInfo, SiteInfo, load_site_info};

/// The shell's own server functions: the site's name and day for every
/// page, and the door of each module (the central module check).
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Module;
    use crate::identity::Policy::{Module as In, Public};
    use crate::identity::registry::declare;
    use module_gate::{AbsencesHome, CasesHome, RemovalsHome, VaccinationsHome};
    &[
        declare::<LoadSiteInfo>(Public),
        declare::<VaccinationsHome>(In(Module::Vaccinations)),
        declare::<CasesHome>(In(Module::Cases)),
        declare::<RemovalsHome>(In(Module::Removals)),
        declare::<AbsencesHome>(In(Module::Absences)),
    ]
};

/// Every module's declared server functions: one line per module.
#[cfg(feature = "ssr")]
pub const MODULES: &[&[crate::identity::registry::Declared]] = &[
    POLICIES,
    crate::ui::POLICIES,
    crate::identity::POLICIES,
    crate::cf_check::POLICIES,
    crate::audit::POLICIES,
    crate::school_pages::POLICIES,
    crate::delegations::POLICIES,
    crate::registration::POLICIES,
    crate::admin::POLICIES,
    crate::jobs::POLICIES,
    crate::vaccinations::POLICIES,
    crate::absences::POLICIES,
];

/// Every module's upload routes.
#[cfg(feature = "ssr")]
pub const UPLOAD_MODULES: &[&[crate::identity::registry::Declared]] = &[
    crate::admin::UPLOADS,
    crate::vaccinations::UPLOADS,
    crate::absences::UPLOADS,
];

/// The portal's job kinds: each module registers its own, one line per module.
#[cfg(feature = "ssr")]
pub fn job_kinds() -> crate::jobs::worker::Registry {
    job_kinds_with(None)
}

/// [`job_kinds`] with the portal's e-mail (the absence reminders' schedule
/// runs only with it).
#[cfg(feature = "ssr")]
pub fn job_kinds_with(mail: Option<crate::mail::Mailer>) -> crate::jobs::worker::Registry {
    let kinds = crate::jobs::worker::Registry::default();
    let kinds = crate::admin::import_job::register(kinds);
    let kinds = crate::vaccinations::register_jobs(kinds);
    crate::absences::register_jobs(kinds, mail)
}

/// Installs [`MODULES`] as the policies every call is checked against.
#[cfg(feature = "ssr")]
pub fn install_policies() {
    crate::identity::registry::install(MODULES);
    crate::identity::registry::install_uploads(UPLOAD_MODULES);
}

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="it">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta
                    name="description"
                    content="Portale Scuole: scambio di dati sanitari tra scuole e ATS"
                />
                <CsrfMeta />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Root component, hydrated in the browser.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let info = site::provide_site_info();
    crate::identity::user_menu::provide_session_info();

    view! {
        <Stylesheet id="leptos" href="/pkg/portale-scuole.css" />
        <Title formatter=|text| format!("{text} · Portale Scuole") />
        // Async: each page is sent once its data is loaded, so it is complete
        // without JavaScript (out-of-order streaming needs a script to put
        // late fragments in place; PartiallyBlocked is not implemented in
        // leptos_axum 0.8). The pages are small and their queries local.
        <Router>
            <HydrationMarker />
            <layout::SkipLink />
            <layout::Header info />
            <main id="contenuto" class="container" tabindex="-1">
                <Routes fallback=|| view! { <layout::NotFound /> }>
                    <Route path=StaticSegment("") view=home::HomePage ssr=SsrMode::Async />
                    <modules::ModuleRoutes />
                    // Each module's pages, one line per module.
                    <LoginRoutes />
                    <CfCheckRoutes />
                    <SchoolRoutes />
                    <AuditRoutes />
                    <DelegationRoutes />
                    <RegistrationRoutes />
                    <AdminRoutes />
                    <VaccinationRoutes />
                    <AbsenceRoutes />
                </Routes>
            </main>
            <layout::Footer info />
        </Router>
    }
}

/// Marks `<body data-hydrated="true">` once the WASM has loaded and run:
/// effects run only in the browser. Scripts and the end-to-end tests wait
/// for it before using the page's islands.
#[island]
fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
