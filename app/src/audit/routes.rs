//! The routes of "Registro attività" (/registro-attivita).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::page::AuditPage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn AuditRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! { <Route path=StaticSegment("registro-attivita") view=AuditPage ssr=SsrMode::Async /> };
    routes.into_inner()
}
