//! The routes of "Richiesta di registrazione" (/registrazione).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::page::RegistrationPage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn RegistrationRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! { <Route path=StaticSegment("registrazione") view=RegistrationPage ssr=SsrMode::Async /> };
    routes.into_inner()
}
