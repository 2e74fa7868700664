//! The routes of "Registro assenze" (/assenze, /assenze/iscritti).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::alerts_page::AlertsPage;
use super::pages::{AbsencesPage, EnrolmentPage};

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn AbsenceRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! {
        <Route path=StaticSegment("assenze") view=AbsencesPage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("iscritti"))
            view=EnrolmentPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("allerte"))
            view=AlertsPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}
