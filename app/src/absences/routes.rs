//! The routes of "Registro assenze" (/assenze, /assenze/iscritti,
//! /assenze/completezza).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::completeness_page::CompletenessPage;
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
            path=(StaticSegment("assenze"), StaticSegment("completezza"))
            view=CompletenessPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}
