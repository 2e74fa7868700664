//! The routes of "Obbligo vaccinale" (/obbligo-vaccinale/…): pages here,
//! uploads and downloads as axum routes ([`axum_routes`]).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, ParamSegment, SsrMode, StaticSegment};

use super::pages::format::FormatPage;
use super::pages::home::LovsPage;
use super::pages::letters::LettersPage;
use super::pages::registry::RegistryJobPage;
use super::pages::upload::UploadPage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn VaccinationRoutes() -> impl MatchNestedRoutes + Clone {
    let base = StaticSegment("obbligo-vaccinale");
    let routes = view! {
        <Route path=base view=LovsPage ssr=SsrMode::Async />
        <Route path=(base, StaticSegment("formato")) view=FormatPage ssr=SsrMode::Async />
        <Route
            path=(base, StaticSegment("caricamenti"), ParamSegment("id"))
            view=UploadPage
            ssr=SsrMode::Async
        />
        <Route
            path=(base, StaticSegment("caricamenti"), ParamSegment("id"), StaticSegment("lettere"))
            view=LettersPage
            ssr=SsrMode::Async
        />
        <Route
            path=(base, StaticSegment("anagrafe"), ParamSegment("id"))
            view=RegistryJobPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}

/// The uploads (multipart posts) and the downloads, for the server.
#[cfg(feature = "ssr")]
pub fn axum_routes() -> axum::Router<crate::state::AppState> {
    use axum::routing::{get, post};

    use super::{downloads, paths, upload_routes};
    axum::Router::new()
        .route(paths::UPLOAD_PATH, post(upload_routes::school_upload))
        .route(paths::REGISTRY_PATH, post(upload_routes::registry_upload))
        .route(paths::TEMPLATE_CSV, get(downloads::template_csv))
        .route(paths::TEMPLATE_XLSX, get(downloads::template_xlsx))
        .route(paths::ATS_EXPORT, get(downloads::ats_export))
        .route(
            "/obbligo-vaccinale/caricamenti/{id}/esito.csv",
            get(downloads::outcome_csv),
        )
        .route(
            "/obbligo-vaccinale/caricamenti/{id}/esito.xlsx",
            get(downloads::outcome_xlsx),
        )
        .route(
            "/obbligo-vaccinale/caricamenti/{id}/errori.csv",
            get(downloads::errors_csv),
        )
}
