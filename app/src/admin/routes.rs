//! The routes of "Amministrazione" (/amministrazione/…).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, ParamSegment, SsrMode, StaticSegment};

use super::import_page::ImportJobPage;
use super::pages::{AdminHome, AtsPage, SchoolsPage};
use super::people_pages::{AccountsPage, RequestsPage};

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn AdminRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! {
        <Route path=StaticSegment("amministrazione") view=AdminHome ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("amministrazione"), StaticSegment("richieste"))
            view=RequestsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("amministrazione"), StaticSegment("ats"))
            view=AtsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("amministrazione"), StaticSegment("scuole"))
            view=SchoolsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("amministrazione"), StaticSegment("account"))
            view=AccountsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("amministrazione"), StaticSegment("importa"), ParamSegment("id"))
            view=ImportJobPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}
