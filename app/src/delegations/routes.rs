//! The routes of "Deleghe" (/deleghe) and the printable form (/deleghe/{id}/stampa).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, ParamSegment, SsrMode, StaticSegment};

use super::page::DelegationsPage;
use super::print::DelegationPrintPage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn DelegationRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! {
        <Route path=StaticSegment("deleghe") view=DelegationsPage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("deleghe"), ParamSegment("id"), StaticSegment("stampa"))
            view=DelegationPrintPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}
