//! The routes of "La mia scuola" (/scuola) and one istituto (/scuola/{codice}).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, ParamSegment, SsrMode, StaticSegment};

use super::page::{MySchoolsPage, SchoolPage};

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn SchoolRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! {
        <Route path=StaticSegment("scuola") view=MySchoolsPage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("scuola"), ParamSegment("codice"))
            view=SchoolPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}
