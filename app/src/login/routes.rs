//! The routes of "Accedi" (/accedi).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::page::LoginPage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn LoginRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! { <Route path=StaticSegment("accedi") view=LoginPage ssr=SsrMode::Async /> };
    routes.into_inner()
}
