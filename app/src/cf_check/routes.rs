//! The routes of "Verifica codice fiscale" (/codice-fiscale).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::page::CodiceFiscalePage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn CfCheckRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! { <Route path=StaticSegment("codice-fiscale") view=CodiceFiscalePage ssr=SsrMode::Async /> };
    routes.into_inner()
}
